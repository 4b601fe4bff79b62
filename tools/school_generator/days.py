"""The term's calendar (autumn 2022): its first day, the census, the holidays and make-up
school days, the mid-term exam and the parent meeting; which days are school days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

TERM_START = date(2022, 9, 1)
CENSUS_DAY = date(2022, 9, 5)   # the record-keeping history starts here (census.py)
HISTORY_END = date(2022, 11, 25)
HOLIDAYS = frozenset(
    [date(2022, 9, 10), date(2022, 9, 11), date(2022, 9, 12)]             # 中秋
    + [date(2022, 10, d) for d in range(1, 8)]                             # 国庆
)
MAKEUP_SCHOOL_DAYS = frozenset([date(2022, 10, 8), date(2022, 10, 9)])   # 调休上课
MIDTERM_EXAM = date(2022, 11, 10)
PARENT_MEETING = date(2022, 11, 19)
# The days a phrase of words/ names (a scene's `after` or `before`).
DAYS = {"midterm_exam": MIDTERM_EXAM}
# The weeks a phrase of words/contacts.yaml fits: first and last day.
WEEKS = {
    "term": (date(2022, 9, 1), date(2022, 11, 30)),
    "first_weeks": (date(2022, 9, 1), date(2022, 9, 20)),          # checking the contact cards
    "before_national_day": (date(2022, 9, 28), date(2022, 9, 30)),
    "after_first_test": (date(2022, 9, 28), date(2022, 11, 30)),   # the first monthly test
    "from_mid_october": (date(2022, 10, 15), date(2022, 11, 30)),
    "after_midterm": (date(2022, 11, 12), date(2022, 11, 30)),     # its marks are out
    "before_meeting": (date(2022, 11, 12), date(2022, 11, 18)),
    "meeting_notice": (date(2022, 11, 14), date(2022, 11, 17)),
    "parent_meeting": (PARENT_MEETING, PARENT_MEETING),
}


def school_days(first: date, last: date, good: Callable[[date], bool]) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)
            if good(first + timedelta(days=n))]


def is_weekday(day: date) -> bool:
    return day.weekday() < 5


def is_school_day(day: date) -> bool:
    if day in MAKEUP_SCHOOL_DAYS:
        return True
    return day.weekday() < 5 and day not in HOLIDAYS


def is_free_day(day: date) -> bool:
    """A weekend or holiday, not the parent meeting: when teachers go on home visits."""
    return not is_school_day(day) and day != PARENT_MEETING


def next_day(day: date, good: Callable[[date], bool]) -> date:
    while not good(day):
        day += timedelta(days=1)
    return day


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
