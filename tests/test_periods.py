"""The calendar periods of each registered kind (core/periods.py), uncut, for a term that
crosses the new year: what the duty engine then cuts to the term and owes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from liushou_cli.core.periods import period_kind, period_words


@dataclass(frozen=True)
class Span:
    start: date
    end: date


AUTUMN = Span(date(2022, 9, 1), date(2023, 1, 15))  # September to the next January
D = date


def test_monthly_gives_whole_months_across_the_new_year() -> None:
    assert period_kind("每月").periods(AUTUMN) == [  # type: ignore[union-attr]
        (D(2022, 9, 1), D(2022, 9, 30)), (D(2022, 10, 1), D(2022, 10, 31)),
        (D(2022, 11, 1), D(2022, 11, 30)), (D(2022, 12, 1), D(2022, 12, 31)),
        (D(2023, 1, 1), D(2023, 1, 31))]


def test_half_monthly_cuts_each_month_after_the_15th() -> None:
    halves = period_kind("每半月").periods(Span(D(2023, 2, 1), D(2023, 3, 20)))  # type: ignore[union-attr]
    assert halves == [(D(2023, 2, 1), D(2023, 2, 15)), (D(2023, 2, 16), D(2023, 2, 28)),
                      (D(2023, 3, 1), D(2023, 3, 15)), (D(2023, 3, 16), D(2023, 3, 31))]


def test_a_term_within_one_month_and_one_ending_in_december() -> None:
    assert period_kind("每月").periods(Span(D(2022, 12, 5), D(2022, 12, 20))) == [  # type: ignore[union-attr]
        (D(2022, 12, 1), D(2022, 12, 31))]
    assert period_kind("每半月").periods(Span(D(2022, 11, 20), D(2022, 12, 31)))[-1] == (  # type: ignore[union-attr]
        D(2022, 12, 16), D(2022, 12, 31))


def test_the_whole_term_is_one_period() -> None:
    assert period_kind("每学期").periods(AUTUMN) == [(AUTUMN.start, AUTUMN.end)]  # type: ignore[union-attr]


def test_the_registered_words_and_an_unknown_one() -> None:
    assert set(period_words()) >= {"每月", "每半月", "每学期", "天数"}
    with pytest.raises(ValueError, match="每周"):
        period_kind("每周")
