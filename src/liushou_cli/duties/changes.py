"""Until when a child's share of the duty rows holds: the first day after the one it was
worked out for on which the rules could answer differently.

The rules (rules.py, support.py, census.py) look at the day they are asked about in three
ways only: they compare it with a date (of the record, of an activity, a period's deadline),
they ask for the term it falls in, and they count the school days from a due date to it
(`days_overdue`, which a share can carry on by itself: DayDuties.carried_on; and whether that
count has passed zero, `missed`). So a share worked out on day D holds, but for its days
overdue, on every day up to the first one on which one of those can turn:

- a date x of the record or of an activity, compared every way there is: on x if it is after
  D; the day after D if it is D; if it is before D but on the same step of the school-day
  clock (in the holiday D falls in, or D itself), the day after that step's school day, when
  a count of school days from x passes zero; if on an earlier step, never again;
- a period's deadline (the rules ask whether it has passed): the day after it, for the
  children its duty applies to (all, or the key-support children: a field, not a date; and
  only while on record, which turns on the record's dates); except a configured
  calendar-period duty's own deadlines, which its row counts on by itself
  (DayDuties.carried_on: the row keeps its due date and counts each passed period missed);
- a term: its first day and the day after its last;
- a row's due date (its count of school days passes zero): the day after its school day,
  unless the row's `missed` is just whether it is overdue (a rolling duty, a plan's check,
  an IEP's plan, a care follow-up: duties.rows.ROW_MISSED_IS_LATE), which a kept share
  carries on with its days overdue, or the row is a calendar-period duty's (its due date
  is a deadline, counted on as above) (DayDuties.carried_on).

The record's dates are all taken, whatever field they are in, so a rule that comes to read a
new field of the record is covered without a word here; a date the rules compute must be
named here (the deadlines, the due dates).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.duties.rules import period_deadlines

if TYPE_CHECKING:
    from liushou_cli.core.model import Child
    from liushou_cli.core.settings import Duty

NEVER = date.max.toordinal()
_PLAIN = frozenset({str, int, float, bool, type(None)})


def record_dates(record: object) -> list[date]:
    """Every date in a record, in any field at any depth (a moment counts by its day)."""
    found: list[date] = []
    stack: list[object] = [record]
    while stack:
        value = stack.pop()
        if type(value) in _PLAIN:
            continue
        if isinstance(value, datetime):
            found.append(value.date())
        elif isinstance(value, date):
            found.append(value)
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif hasattr(value, "__dict__"):  # a model: ours forbid fields they do not name
            stack.extend(vars(value).values())
    return found


class ChangeDays:
    """The days on which shares worked out on `as_of` stop holding, for one school."""

    def __init__(self, school: SchoolCalendar, as_of: date, duties: Sequence[Duty]) -> None:
        self.as_of = as_of
        step = school.ordinal(as_of)
        # The first day on as_of's step of the school-day clock, and the day after its last
        # school day (past the last term the clock stands still: nothing turns).
        self.step_starts = school.day_at(step - 1) + timedelta(days=1) if step > 0 else date.min
        last_term = school.terms[-1] if school.terms else None
        self.step_ends = (_next(school.day_at(step))
                          if last_term is not None and as_of <= last_term.end else None)
        self.school = school
        term = school.reference_term(as_of)
        self.school_until = self.first_after(
            day for each in school.terms for day in (each.start, _next(each.end)))
        # Each duty's next deadline to pass (NEVER for a rolling duty, or outside a term):
        # it turns only the children the duty applies to.
        self.turns = {duty.id: self.first_after(_next(deadline) for deadline in
                                                period_deadlines(duty, term, school))
                      for duty in duties} if term is not None else {}

    def first_after(self, turns: Iterable[date]) -> int:
        """The first of the days `turns` after as_of (its date ordinal); NEVER if none is."""
        later = [day for day in turns if day > self.as_of]
        return min(later).toordinal() if later else NEVER

    def until(self, dates: Iterable[date]) -> int:
        """The first day (its date ordinal) after as_of on which a comparison with any of
        `dates` can turn; NEVER if none can."""
        as_of, step_starts, step_ends = self.as_of, self.step_starts, self.step_ends
        turns = []
        for day in dates:
            if day > as_of:
                turns.append(day)
            elif day == as_of:
                turns.append(_next(as_of))
            elif day >= step_starts and step_ends is not None:
                turns.append(step_ends)
        return min(turns).toordinal() if turns else NEVER

    def child_until(self, child: Child, dates: Iterable[date], dues: Iterable[date],
                    duties: Iterable[str]) -> int:
        """Until when a child's share holds: the terms' edges, the next deadline of each of
        `duties` (the ids of those that apply to it), its record's dates and `dates` (of its
        activities), and the day after each of `dues` (its rows' due dates) is counted to
        on the school-day clock."""
        school = self.school
        return min(self.school_until, *(self.turns.get(duty, NEVER) for duty in duties),
                   self.until([*record_dates(child), *dates]),
                   self.first_after(_next(school.day_at(school.ordinal(due))) for due in dues))


def _next(day: date) -> date:
    # Never past the calendar's end: our dates are years 2000 to 2100 (core.validators).
    return day + timedelta(days=1)
