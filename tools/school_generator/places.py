"""Where the children live and their parents work: the county's real townships with invented
villages, the cities parents go to, and the addresses written on the cards."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from . import words
from .draw import weighted

_PLACES = words.load("places")
PROVINCE = words.text(_PLACES["province"])
PREFECTURE = words.text(_PLACES["prefecture"])
COUNTY = words.text(_PLACES["county"])
REGION_CODE = words.text(_PLACES["region_code"])          # the county's, in 身份证号
NEIGHBOUR_CODES = words.texts(_PLACES["neighbour_codes"])  # where mothers married in from
TOWNS = words.weights(_PLACES["towns"])      # weighted by where the school's children come from
SCHOOL_TOWN = words.text(_PLACES["school_town"])
FAR_TOWNS = words.texts(_PLACES["far_towns"])  # up the mountain: phone and video home visits
VILLAGE_FIRST = words.text(_PLACES["village_names"]["first"])    # a village: one of each, 村
VILLAGE_SECOND = words.text(_PLACES["village_names"]["second"])
YAO_TOWNS = words.texts(_PLACES["yao_towns"])    # where many families are 瑶族
RENTED_HOMES = words.texts(_PLACES["rented_homes"])   # where a child lives who is not at home


# ---- where parents work ----------------------------------------------------------------------------
@dataclass(frozen=True)
class City:
    """A city parents go to work in, its districts, its trades and its landlines."""

    province: str
    city: str
    weight: int
    area_code: str
    digits: int
    districts: tuple[str, ...]
    trades: tuple[str, ...]


def _city(item: Any) -> City:
    fields = words.mapping(item)
    return City(words.text(fields["province"]), words.text(fields["city"]),
                words.number(fields["weight"]), words.text(fields["area_code"]),
                words.number(fields["digits"]), words.texts(fields["districts"]),
                words.texts(fields["trades"]))


CITIES = tuple(_city(item) for item in _PLACES["cities"])
BRAND_1 = words.text(_PLACES["brand_names"]["first"])    # a company: city, one of each, trade
BRAND_2 = words.text(_PLACES["brand_names"]["second"])
NO_UNIT_JOBS = words.texts(_PLACES["no_unit_jobs"])   # a parent away with no company to name


# ---- geography ----------------------------------------------------------------------------------------
class Geography:
    """The villages of each township (three times as many for a big school), and a home drawn
    from them."""

    def __init__(self, rng: random.Random, big: bool) -> None:
        self.rng = rng
        self.villages: dict[str, list[str]] = {}
        self.towns = TOWNS if not big else tuple((town, max(3, weight // 3)) for town, weight in TOWNS)
        for town, _ in self.towns:
            names: list[str] = []
            while len(names) < (14 if town == SCHOOL_TOWN else 8) * (3 if big else 1):
                name = rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_SECOND) + "村"
                if name not in names and name[0] != name[1]:
                    names.append(name)
            self.villages[town] = names

    def home(self) -> tuple[str, str, int]:
        town = weighted(self.rng, self.towns)
        return town, self.rng.choice(self.villages[town]), self.rng.randint(1, 12)


def full_address(town: str, village: str, group: int) -> str:
    return f"{PROVINCE}{PREFECTURE}{COUNTY}{town}{village}{group}组"


def short_address(town: str, village: str, group: int) -> str:
    return f"{COUNTY}{town}{village}{group}组"


def pick_city(rng: random.Random) -> City:
    return weighted(rng, tuple((city, city.weight) for city in CITIES))


def work_address(city: City, district: str) -> str:
    if city.province == city.city:                       # 上海
        return f"{city.city}市{district}"
    return f"{city.province}省{city.city}市{district}"
