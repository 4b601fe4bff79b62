"""People: names as they are given in the county, and phone and ID numbers handed out once each."""

from __future__ import annotations

import random
from datetime import date

from liushou_cli.core.validators import id_check_char

from . import words
from .draw import chance, weighted

_NAMES = words.load("names")
SURNAMES = words.weights(_NAMES["surnames"])
# A given name: a character of the first text, then one of the second, by kind of person.
GIVEN: dict[str, tuple[str, str]] = {
    kind: (words.text(pair["first"]), words.text(pair["second"]))
    for kind, pair in words.mapping(_NAMES["given_names"]).items()}
SINGLE = words.texts_of(_NAMES["single_names"])   # a given name of one character


# ---- unique identifiers ------------------------------------------------------------------------------
class Registry:
    """Phone numbers and ID numbers handed out once each."""

    MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                       "151", "152", "155", "156", "157", "158", "159", "173", "175", "176",
                       "177", "180", "181", "182", "183", "186", "187", "188", "189", "191",
                       "198", "199")

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.phones: set[str] = set()
        self.ids: set[str] = set()

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(self.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def landline(self, area: str, digits: int, dash: bool = True) -> str:
        while True:
            local = str(self.rng.randint(2, 8)) + "".join(
                str(self.rng.randrange(10)) for _ in range(digits - 1))
            number = f"{area}-{local}" if dash else area + local
            if number not in self.phones:
                self.phones.add(number)
                return number

    def id_number(self, region: str, birth: date, gender: str) -> str:
        while True:
            sequence = self.rng.randrange(100) * 10 + self.rng.choice(
                (1, 3, 5, 7, 9) if gender == "男" else (0, 2, 4, 6, 8))
            first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + id_check_char(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number


class Namer:
    """Names as people in the county are given them (words/names.yaml)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def surname(self) -> str:
        return weighted(self.rng, SURNAMES)

    def child(self, surname: str, gender: str) -> str:
        first, second = GIVEN["boy" if gender == "男" else "girl"]
        given = self.rng.choice(first) + self.rng.choice(second)
        if given[0] == given[1] and not chance(self.rng, 0.3):
            given = given[0] + self.rng.choice(second)
        return surname + given

    def adult(self, surname: str, gender: str, old: bool = False) -> str:
        kind = "man" if gender == "男" else "woman"
        first, second = GIVEN[f"old_{kind}" if old else kind]
        if not old and chance(self.rng, 0.15):
            return surname + self.rng.choice(SINGLE[kind])
        given = self.rng.choice(first) + self.rng.choice(second)
        return surname + (given if given[0] != given[1] else given[0] + self.rng.choice(second))

    def other_surname(self, not_this: str) -> str:
        while True:
            name = self.surname()
            if name != not_this:
                return name
