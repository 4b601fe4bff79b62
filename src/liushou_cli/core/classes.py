"""Class names as teachers type them: 七(1)班, 七(1)班, 七1, 7-1, 7.1, 七年级1班, 初一1班 all mean
the same class. The shell makes `(` awkward to type, so every form is accepted."""

from __future__ import annotations

import re
from collections.abc import Iterable

_DIGITS = dict(zip("123456789", "一二三四五六七八九", strict=True))
_JUNIOR = {"初一": "七", "初二": "八", "初三": "九"}
_NOISE = re.compile("[()\uff08\uff09\\[\\]\u3010\u3011\\-._\u00b7\\s/]|班|年级")


def class_key(text: str) -> str:
    """A comparison key: grade as a Chinese numeral followed by the class number."""
    key = text.strip()
    for junior, grade in _JUNIOR.items():
        key = key.replace(junior, grade)
    key = _NOISE.sub("", key)
    if key[:1] in _DIGITS and len(key) > 1:
        key = _DIGITS[key[0]] + key[1:]
    return key


def same_class(a: str, b: str) -> bool:
    return a == b or class_key(a) == class_key(b)


def canonical_class(text: str, known: Iterable[str]) -> str:
    """The known class name `text` means; else the usual spelling 七(1)班 when `text` is a
    grade and a number (7-1, 七1, 初一1班); else `text` itself."""
    wanted = class_key(text)
    for name in known:
        if name == text or class_key(name) == wanted:
            return name
    if wanted[:1] in _NUMERALS and wanted[1:].isdigit():
        return f"{wanted[0]}({int(wanted[1:])})班"
    return text.strip()


_NUMERALS = {numeral: int(digit) for digit, numeral in _DIGITS.items()}


def class_order(name: str) -> tuple[int, int, str]:
    """Sort key: 七(2)班 before 七(10)班 before 八(1)班; unknown shapes last, by name."""
    key = class_key(name)
    grade = _NUMERALS.get(key[:1])
    number = key[1:]
    if grade is None or not number.isdigit():
        return (99, 0, name)
    return (grade, int(number), name)
