"""People: names as they are given in the county, and phone and ID numbers handed out once each."""

from __future__ import annotations

import random
from datetime import date

from liushou_cli.validators import id_check_char

from .draw import chance, weighted

# ---- names ---------------------------------------------------------------------------------------
SURNAMES: tuple[tuple[str, int], ...] = (
    ("刘", 14), ("罗", 10), ("李", 8), ("王", 7), ("袁", 6), ("肖", 6), ("曾", 5), ("周", 5),
    ("谢", 5), ("陈", 5), ("张", 4), ("彭", 3), ("邹", 3), ("戴", 3), ("阳", 3), ("胡", 3),
    ("杨", 3), ("邓", 2), ("唐", 2), ("黄", 2), ("吴", 2), ("龙", 2), ("魏", 1), ("廖", 1),
    ("段", 1), ("尹", 1), ("蒋", 1), ("钟", 1), ("雷", 1), ("伍", 1), ("朱", 1), ("石", 1),
)
BOY_1 = "子浩宇俊梓文思嘉志博家明晨睿涛鑫佳天一振宏凯泽雨俊锦乐奕书承"
BOY_2 = "轩然航杰豪博远伟强宇辰阳涛鑫林浩成睿泽翔斌磊凯彬楠铭阳熙诚旭"
GIRL_1 = "雨欣紫诗梓思雅佳梦可语心晓若婷怡嘉慧静芷雪美子诗婉依舒晴"
GIRL_2 = "欣怡涵琪婷萱彤雯瑶妍琳悦馨蕾洁菲媛茜倩颖慧玲丹蓉月晴"
MAN_1 = "建国志伟海军勇小红春新永文华德立云明超俊金光正"
MAN_2 = "军华明强平林峰波勇兵刚辉斌亮生荣清安良东"
WOMAN_1 = "秀丽小红春艳玉桂美芳海晓丽金冬满彩凤雪"
WOMAN_2 = "英兰梅花娟霞芳燕萍琴丽华云红莲珍娥香凤"
OLD_MAN_1 = "德国正长建金清先文光福贵树永满桂冬"
OLD_MAN_2 = "华清生林山明福贵才发元成财喜根保"
OLD_WOMAN_1 = "桂秀玉冬满春菊翠银金月腊细"
OLD_WOMAN_2 = "英兰梅花莲香娥珍凤秀妹姣连"
MAN_SINGLE = "勇军伟强刚磊波斌辉平涛"
WOMAN_SINGLE = "丽芳燕娟敏静艳萍霞琴英"

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
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def surname(self) -> str:
        return weighted(self.rng, SURNAMES)

    def child(self, surname: str, gender: str) -> str:
        first, second = (BOY_1, BOY_2) if gender == "男" else (GIRL_1, GIRL_2)
        given = self.rng.choice(first) + self.rng.choice(second)
        if given[0] == given[1] and not chance(self.rng, 0.3):
            given = given[0] + self.rng.choice(second)
        return surname + given

    def adult(self, surname: str, gender: str, old: bool = False) -> str:
        if old:
            first, second = (OLD_MAN_1, OLD_MAN_2) if gender == "男" else (OLD_WOMAN_1, OLD_WOMAN_2)
        else:
            first, second = (MAN_1, MAN_2) if gender == "男" else (WOMAN_1, WOMAN_2)
        if not old and chance(self.rng, 0.15):
            return surname + self.rng.choice(MAN_SINGLE if gender == "男" else WOMAN_SINGLE)
        given = self.rng.choice(first) + self.rng.choice(second)
        return surname + (given if given[0] != given[1] else given[0] + self.rng.choice(second))

    def other_surname(self, not_this: str) -> str:
        while True:
            name = self.surname()
            if name != not_this:
                return name
