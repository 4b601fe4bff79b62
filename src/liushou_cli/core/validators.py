"""Checks for the identifiers teachers type by hand: 身份证号, phone numbers and dates; and
the control characters that must never reach a file, a terminal or a spreadsheet; and the
day a record is validated on (ValidationDay).

Pure functions, no imports of ours: the model uses them, and so does the CLI when it parses
an option, so that a wrong value is caught before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")  # ASCII: \d would take full-width digits too
# As an input method in full-width mode types them; spaces as some teachers group the digits.
_ID_HALF_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789XX")
_ID_SPACING = re.compile(r"\s+")

# A mainland mobile number, or a landline with its area code (0xx/0xxx), an optional
# dash and an optional extension.
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def id_check_char(first17: str) -> str:
    """The 18th character of a 身份证号 (GB 11643, ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def clean_id_number(value: str) -> str:
    """A 身份证号 as teachers type it, as it is stored: full-width digits and X made plain,
    x upper-case, spaces dropped (430524 20100503 0049 -> 430524201005030049)."""
    return _ID_SPACING.sub("", value.translate(_ID_HALF_WIDTH)).upper()


def id_number_problem(value: str) -> str | None:
    """Why `value` is not a valid 身份证号, as a message key, or None when it is valid.

    Keys: ``id_shape`` (not 17 digits and a digit or X), ``id_birth`` (the embedded birth
    date is not a real date), ``id_check`` (the check character does not match).
    """
    if not _ID_SHAPE.match(value):
        # 4.30524201009018e+17: a spreadsheet kept the number's first 15 digits only
        return "id_as_number" if "e+" in value.lower() else "id_shape"
    if id_birth_date(value) is None:
        return "id_birth"
    if id_check_char(value[:17]) != value[17]:
        return "id_check"
    return None


def id_birth_date(value: str) -> date | None:
    """The birth date written inside an 18-character 身份证号, if it is a real date."""
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def id_gender(value: str) -> str:
    """男 or 女, from the 17th digit of a 身份证号 (odd is male)."""
    return "男" if int(value[16]) % 2 else "女"


def is_phone(value: str) -> bool:
    """True for a mainland mobile number or a landline with area code, as typed or as
    `clean_phone` would store it (138 1234 5678 and １３８… are phones too)."""
    return bool(_MOBILE.match(value) or _LANDLINE.match(value)) or (
        clean_phone(value) != value and is_phone(clean_phone(value)))


# A Chinese input method types full-width digits, dashes, spaces and brackets.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９－—（）　＋", "0123456789--() +")
_SPACING = re.compile(r"[\s()]+")
PHONE_KEYS = frozenset(("phone", "work_phone"))


def clean_phone(value: str) -> str:
    """A phone as teachers type it, as it is stored: full-width digits made plain, spaces
    and brackets dropped, a mobile's dashes and +86 too (138-1234-5678 -> 13812345678); a
    landline keeps one dash after its area code when it was typed with one. A value that
    is still no phone comes back as typed, for the check to name it."""
    text = value.translate(_HALF_WIDTH).strip()
    compact = _SPACING.sub("", text)
    digits = compact.replace("-", "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if _MOBILE.match(digits):
        return digits
    if _LANDLINE.match(compact):
        return compact
    if _LANDLINE.match(digits):
        return digits
    return value


def cleaned(path: str, value: object) -> object:
    """`value` of the field at `path` (guardian.phone) as stored: a phone or an ID number
    cleaned."""
    if isinstance(value, str) and path.rpartition(".")[2] in PHONE_KEYS:
        return clean_phone(value)
    if isinstance(value, str) and path.rpartition(".")[2] == "id_number":
        return clean_id_number(value)
    return value


# The marks a Chinese input method types between a date's parts, full width: －／．
_FULL_WIDTH_MARKS = str.maketrans("－／．", "-/.")


def parse_day(text: str) -> date | None:
    """A date as teachers write it: 2022-09-01, 2022/9/1, 2022.9.1, 2022年9月1日, 20220901;
    digits and marks typed full width (２０２２－０９－０１) too."""
    text = text.strip()
    if (len(text) == 10 and text[4] == "-" == text[7] and text.isascii()
            and (text[:4] + text[5:7] + text[8:]).isdigit()):
        # The common case (every date a record is stored with), 2.5x faster than the patterns
        # and the same answer: the date, or None if there is no such day.
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    text = text.translate(_FULL_WIDTH_MARKS)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


# C0 and C1 control characters (an ANSI escape starts with ESC, 0x1b) and DEL. Free text may
# hold a newline or a tab (a note of several lines); a one-line field such as a name none.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")

# The fields that are one line: names, classes, terms and titles.
ONE_LINE_FIELDS = frozenset({
    "name", "class", "buddy", "buddy_class", "title", "school", "county", "term", "ethnicity",
    "subject",
    "leads", "teaches", "classes", "subjects", "hukou", "residence", "work_province",
    "work_city", "work_unit", "occupation",
})


def control_char(text: str, one_line: bool = False) -> str | None:
    """The first control character in `text` (newline and tab allowed unless `one_line`)."""
    found = (_CONTROL_LINE if one_line else _CONTROL).search(text)
    return found.group() if found else None


def escaped(char: str) -> str:
    """A control character as the text a person can read: \\x1b for ESC."""
    return f"\\x{ord(char):02x}"


def visible(text: str, one_line: bool = False) -> str:
    """`text` with every control character written as its escape, so that a terminal never
    receives an escape sequence from a file (newline and tab kept unless `one_line`)."""
    pattern = _CONTROL_LINE if one_line else _CONTROL
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda match: escaped(match.group()), text)


def control_chars(data: Any, loc: tuple[int | str, ...] = ()) -> Iterator[
        tuple[tuple[int | str, ...], str, str]]:
    """Every text in a record (nested mappings and lists) holding a control character: its
    location, the text and the character."""
    if isinstance(data, str):
        field = next((part for part in reversed(loc) if isinstance(part, str)), "")
        char = control_char(data, field in ONE_LINE_FIELDS)
        if char is not None:
            yield loc, data, char
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from control_chars(value, (*loc, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from control_chars(value, (*loc, index))


class ValidationDay:
    """The day a record is validated on, as pydantic's validation context: a birth date after
    `day` is refused. It also narrows, as it checks, the days from `first` to `last` on which
    the same data gets the same verdict, so that a cache can serve a reading only on those
    days (store.cache)."""

    __slots__ = ("day", "first", "last")

    def __init__(self, day: date) -> None:
        self.day = day
        self.first = date.min
        self.last = date.max

    def not_after(self, value: date) -> bool:
        """Is `value` on or before the day? (True from `value` on, False until the day
        before it.)"""
        if value > self.day:
            self.last = min(self.last, value - timedelta(days=1))
            return False
        self.first = max(self.first, value)
        return True
