"""The school-day clock at its edges: the first day of a term, the days after the last one,
a third term, and a calendar without terms (docs/duties.md rule 1: only term days count,
a holiday is one step)."""

from __future__ import annotations

from datetime import date

import pytest

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.model import Term

from .test_rules import SCHOOL, TERMS

# 2022秋 has 135 days (ordinals 0-134), 2023春 152 (135-286).


def test_the_first_school_day_is_ordinal_zero() -> None:
    assert SCHOOL.day_at(0) == date(2022, 9, 1)
    assert SCHOOL.ordinal(date(2022, 9, 1)) == 0


def test_the_day_after_a_term_is_the_next_terms_first_day() -> None:
    assert SCHOOL.day_at(134) == date(2023, 1, 13)
    assert SCHOOL.day_at(135) == date(2023, 2, 6)
    assert SCHOOL.ordinal(date(2023, 2, 6)) == 135


@pytest.mark.parametrize(("ordinal", "day"), [(286, date(2023, 7, 7)), (287, date(2023, 7, 8)),
                                              (288, date(2023, 7, 9))])
def test_after_the_last_term_plain_days_follow_its_end(ordinal: int, day: date) -> None:
    # 算例 13: with no term after, days run on after the last one's end.
    assert SCHOOL.day_at(ordinal) == day


def test_a_third_term_counts_both_before_it() -> None:
    school = SchoolCalendar.of([*TERMS, Term(name="2023秋", start=date(2023, 9, 1),
                                               end=date(2024, 1, 19))])
    assert school.ordinal(date(2023, 9, 1)) == 287
    assert school.day_at(287) == date(2023, 9, 1)


def test_a_calendar_without_terms_has_no_days() -> None:
    with pytest.raises(ValueError, match=r"^no terms$"):
        SchoolCalendar.of([]).day_at(0)


@pytest.mark.parametrize(("day", "due"), [
    (date(2022, 8, 31), date(2022, 9, 1)),   # before the first term: its first day
    (date(2022, 9, 1), date(2022, 9, 1)),
    (date(2023, 1, 13), date(2023, 1, 13)),  # a term's last day
    (date(2023, 1, 14), date(2023, 2, 6)),   # the holiday's first day: the next term's first
    (date(2023, 2, 5), date(2023, 2, 6)),    # its last day
    (date(2023, 2, 6), date(2023, 2, 6)),
    (date(2023, 7, 7), date(2023, 7, 7)),
    (date(2023, 7, 8), date(2023, 7, 8)),    # after the last term: as it is
])
def test_a_date_in_a_holiday_falls_due_on_the_next_terms_first_day(day: date, due: date) -> None:
    assert SCHOOL.falls_due(day) == due
