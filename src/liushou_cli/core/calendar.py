"""The school calendar: which days are school days (inside a term), and a clock that counts
only those. Holidays between terms pause every duty: nothing falls due in a holiday, and
grace and overdue days are counted in school days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_cli.core.settings import Term



@dataclass(frozen=True)
class SchoolCalendar:
    """The terms of liushou.yaml, ordered, with a school-day clock over them."""

    terms: tuple[Term, ...]

    @classmethod
    def of(cls, terms: Sequence[Term]) -> SchoolCalendar:
        return cls(tuple(sorted(terms, key=lambda term: term.start)))

    def term_at(self, day: date) -> Term | None:
        """The term `day` falls in, or None in a holiday."""
        for term in self.terms:
            if term.start <= day <= term.end:
                return term
        return None

    def reference_term(self, day: date) -> Term | None:
        """The term whose duties are current on `day`: the one it falls in, or in a holiday the
        one that ended last (its unmet duties stay overdue, and no new ones fall due)."""
        current = self.term_at(day)
        if current is not None:
            return current
        ended = [term for term in self.terms if term.end < day]
        return ended[-1] if ended else None

    def falls_due(self, day: date) -> date:
        """The day a duty set for `day` falls due: `day` in a term; in a holiday (or before
        the first term) the next term's first day; after the last term, `day`."""
        if self.term_at(day) is not None:
            return day
        return next((term.start for term in self.terms if term.start > day), day)

    def term_named(self, name: str) -> Term | None:
        return next((term for term in self.terms if term.name == name), None)

    def ordinal(self, day: date) -> int:
        """`day` on the school-day clock: school days since the first term began.

        A holiday (or any day after the last term) has the ordinal of the next school day,
        so a whole holiday counts as one step and nothing runs on during it.
        """
        total = 0
        for term in self.terms:
            if day < term.start:
                return total
            if day <= term.end:
                return total + (day - term.start).days
            total += (term.end - term.start).days + 1
        return total

    def day_at(self, ordinal: int) -> date:
        """The school day with this ordinal; past the last term, plain days after its end."""
        if not self.terms:
            raise ValueError("no terms")
        total = 0
        for term in self.terms:
            length = (term.end - term.start).days + 1
            if ordinal < total + length:
                return _plus(term.start, max(ordinal - total, 0))
            total += length
        return _plus(self.terms[-1].end, ordinal - total + 1)


def _plus(day: date, days: int) -> date:
    """`day` and `days` more; the calendar's last day rather than an overflow (a deadline
    past the year 9999 is never reached)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max
