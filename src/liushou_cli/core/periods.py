"""The rhythms a configured duty can have, registered under the word liushou.yaml uses for
each (`duties:` ... `period: 每月`).

Two kinds of rhythm, which duties/rules.py evaluates differently:
- a calendar kind (每月, 每半月, 每学期) cuts the calendar into periods and yields those that
  touch a term; the engine cuts them at the term's edges, owes those the child's obligation
  covers at least half of, and counts each entry for one period;
- the rolling kind (天数) has no periods: the duty falls due N school days (the duty's
  `days`) after the last entry.

A new rhythm is a class here (or in any module imported before liushou.yaml is read) and
one `register_period` call; core/model.py refuses every word not registered, and the engine
refuses a kind it does not know. Pure date arithmetic, nothing of ours imported, so that
the model can ask which words exist (docs/architecture.md, "Duties").
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar


class TermSpan(Protocol):
    """What a calendar kind needs of a term: its first and last day (a core.model.Term)."""

    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...


@dataclass(frozen=True)
class CalendarPeriod(ABC):
    """A rhythm of calendar periods, as 每月: `word` is how liushou.yaml names it."""

    word: str

    @abstractmethod
    def periods(self, term: TermSpan) -> list[tuple[date, date]]:
        """The periods (first day, last day) that touch the term, in order and uncut: the
        first and last may reach outside it."""


@dataclass(frozen=True)
class EverySchoolDays:
    """The rolling rhythm (天数): due the duty's `days` school days after the last entry."""

    word: str


PeriodKind = CalendarPeriod | EverySchoolDays
K = TypeVar("K", CalendarPeriod, EverySchoolDays)

# word -> kind, in the order they were registered (the order the words are listed in).
PERIODS: dict[str, PeriodKind] = {}


def register_period(kind: K) -> K:
    """Make `kind` a period liushou.yaml may name, by its word."""
    if kind.word in PERIODS:
        raise ValueError(f"period {kind.word} is registered twice")
    PERIODS[kind.word] = kind
    return kind


def period_kind(word: str) -> PeriodKind:
    """The kind registered under `word`. liushou.yaml is refused with an unknown word, so an
    unknown one here is a programming error."""
    try:
        return PERIODS[word]
    except KeyError:
        raise ValueError(f"no period {word!r} is registered") from None


def period_words() -> tuple[str, ...]:
    """The words liushou.yaml may use for a period, in the order they were registered."""
    return tuple(PERIODS)


def _last_day(year: int, month: int) -> int:
    """The last day of a month (the calendar module's monthrange brings the locale module:
    1 ms of every report)."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def _months(term: TermSpan) -> Iterator[tuple[int, int, int]]:
    """(year, month, last day of the month) of every month that touches the term."""
    year, month = term.start.year, term.start.month
    while (year, month) <= (term.end.year, term.end.month):  # no date(10000, 1, 1)
        yield year, month, _last_day(year, month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class Monthly(CalendarPeriod):
    """每月: the 1st to the last day of each month."""

    def periods(self, term: TermSpan) -> list[tuple[date, date]]:
        return [(date(year, month, 1), date(year, month, last)) for year, month, last in
                _months(term)]


class HalfMonthly(CalendarPeriod):
    """每半月: the 1st to the 15th and the 16th to the last day of each month."""

    def periods(self, term: TermSpan) -> list[tuple[date, date]]:
        halves: list[tuple[date, date]] = []
        for year, month, last in _months(term):
            halves.append((date(year, month, 1), date(year, month, 15)))
            halves.append((date(year, month, 16), date(year, month, last)))
        return halves


class WholeTerm(CalendarPeriod):
    """每学期: the term itself."""

    def periods(self, term: TermSpan) -> list[tuple[date, date]]:
        return [(term.start, term.end)]


register_period(Monthly("每月"))
register_period(HalfMonthly("每半月"))
register_period(WholeTerm("每学期"))
register_period(EverySchoolDays("天数"))
