"""Duties and their rhythm: what each child is owed, by whom, and since when it is overdue.

Pure functions over records; no files, no printing. The rules, in a teacher's words, are in
docs/duties.md. In short, for a duty with a calendar period (每月, 每半月, 每学期):
- the periods are the calendar months / half months / the term, cut at the term's edges;
- a period is owed only if the child's obligation covers at least half of it (a month with
  fewer than half its days in term, or a newcomer's first part-month, owes nothing);
- an entry counts if its kind satisfies the duty and a responsible person made it; it
  counts for the earliest owed period whose window (the period plus grace days) holds it;
- the duty is overdue when the latest ended periods are unmet and the current one is not
  met yet; it is overdue since the deadline of the first of them. Once the current period
  is met, earlier misses are history (counted, not listed as overdue).
For a duty of every N days, the deadline is N school days (plus grace) after the last
entry, or after the obligation began. All days are counted on the school-day clock, so
holidays pause everything.
The rhythms themselves (which periods 每月 cuts a term into, that 天数 rolls) are the kinds
registered in core/periods.py; a kind this module does not know how to evaluate is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, assert_never

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.choices import ACTIVE_STATUS
from liushou_cli.core.periods import CalendarPeriod, EverySchoolDays, period_kind
from liushou_cli.core.support import has_proxy_history, proxy_parent_on

if TYPE_CHECKING:
    from liushou_cli.core.model import Child, Entry, StaffLike
    from liushou_cli.core.settings import Duty, Term


@dataclass(frozen=True)
class DutyStatus:
    """One child's standing on one duty, as of a date."""

    child: Child
    duty: Duty
    responsible: tuple[str, ...]  # staff ids; empty when nobody is assigned
    last: date | None  # the last entry that satisfied it, by anyone responsible
    due: date  # the deadline, grace included, of the first unmet period
    days_overdue: int  # school days past the deadline; negative: days still left
    missed: int  # owed periods of the term that ended unmet
    # `missed` is 1 exactly while it is overdue (a rolling duty: its one period is the one
    # due): a kept row carries it on with its days overdue, so its due date turns nothing.
    missed_is_late: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def entry_satisfies(entry: Entry, token: str) -> bool:
    """Does an entry count as `token` (a word of a duty's satisfied_by)?

    谈心, 家访, 电话家访 ... name an entry type; 联系父母 / 联系监护人 / 联系任课教师 a contact
    with that party; 联系 any contact. A phone call is never a home visit.
    """
    if token == entry.type:
        return True
    if entry.type == "联系":  # a Contact (its type tag says so, without importing the model)
        return token in ("联系", f"联系{entry.with_}")
    return False


def responsible_for(duty: Duty, child: Child, class_teachers: dict[str, list[str]],
                    as_of: date | None = None) -> tuple[str, ...]:
    """Who owes the duty: the class teachers, or the proxy parent on `as_of` (from the dated
    pairings; without a date, the card's proxy_parent)."""
    if duty.responsible == "代理家长":
        proxy = proxy_parent_on(child, as_of) if as_of is not None else child.proxy_parent
        return (proxy,) if proxy else ()
    return tuple(class_teachers.get(child.class_name, ()))


def credited(duty: Duty, child: Child, responsible: tuple[str, ...], entry: Entry) -> bool:
    """Does the entry count for whoever was responsible on its date? A proxy parent's duty
    credits the proxy parent of that day (a talk by the previous proxy parent, before the
    change, counts for the periods before it). When nobody was responsible, anyone's does."""
    if duty.responsible == "代理家长" and has_proxy_history(child):
        proxy = proxy_parent_on(child, entry.date)
        return proxy is None or proxy in entry.by
    return not responsible or bool(set(entry.by) & set(responsible))


def on_record(child: Child, as_of: date) -> bool:
    """Is the child on the school's books on `as_of`: recorded by then, and not away then?
    The status that day is the one begun last by then: the status fields', or an earlier
    one kept in status_history (a departure a return has since ended)."""
    if child.recorded_on is not None and child.recorded_on > as_of:
        return False
    if child.status_date is None or child.status_date <= as_of:
        return child.active
    earlier = [change for change in child.status_history if change.date <= as_of]
    return not earlier or max(earlier, key=lambda change: change.date).status == ACTIVE_STATUS


def returned_on(child: Child) -> date | None:
    """The day an archived child came back (child restore), when it did: nothing is owed for
    the time away, as for a newcomer recorded that day."""
    return child.status_date if child.active else None


def before_return(child: Child, day: date, as_of: date) -> bool:
    """Whether `day` is before the child came back (child restore) by `as_of`: what was done
    then counts for nothing owed since."""
    back = returned_on(child)
    return back is not None and day < back <= as_of


def applies(duty: Duty, child: Child, as_of: date) -> bool:
    """Is the child owed this duty on `as_of`? Archived children owe nothing after leaving;
    a key-support duty only while the child is one (key_support_on)."""
    return on_record(child, as_of) and (duty.applies_to == "全部"
                                        or key_support_on(child, as_of))


def key_support_on(child: Child, day: date) -> bool:
    """Whether the child was a key-support child on `day`: as the last change of its
    key_support_history by then left it; before its first change, the other way round (it
    changed then); with no history, as the record says now."""
    changes = sorted(child.key_support_history, key=lambda change: change.date)
    if not changes:
        return child.key_support
    earlier = [change for change in changes if change.date <= day]
    return earlier[-1].key_support if earlier else not changes[0].key_support


def last_key_support_change(child: Child) -> date | None:
    """The day of the child's last change of key support (None: no history kept): a change
    recorded later is dated no earlier, or the history would read otherwise than the card."""
    return max((change.date for change in child.key_support_history), default=None)


def key_support_since(child: Child, as_of: date) -> date | None:
    """The day the child last became a key-support child by `as_of` (None: before its
    history was kept, or not one): a key-support duty is owed from then, not before."""
    marked = [change.date for change in child.key_support_history
              if change.key_support and change.date <= as_of]
    return max(marked) if marked and key_support_on(child, as_of) else None


def _owed_windows(kind: CalendarPeriod, term: Term, begins: date) -> list[tuple[date, date]]:
    """The owed periods, cut to the term: those the obligation covers at least half of."""
    owed = []
    for start, end in kind.periods(term):
        cut_start, cut_end = max(start, term.start), min(end, term.end)
        covered = (cut_end - max(cut_start, begins)).days + 1
        if cut_end >= cut_start and covered * 2 >= (end - start).days + 1:
            owed.append((cut_start, cut_end))
    return owed


def credited_dates(child: Child, duty: Duty, responsible: tuple[str, ...]) -> list[date]:
    """The dates of the child's entries that count for the duty, any day (evaluate's)."""
    return [entry.date for entry in child.events
            if any(entry_satisfies(entry, token) for token in duty.satisfied_by)
            and credited(duty, child, responsible, entry)]


def evaluate(child: Child, duty: Duty, responsible: tuple[str, ...], school: SchoolCalendar,
             as_of: date) -> DutyStatus | None:
    """The child's standing on one duty; None when nothing is owed or pending."""
    return evaluate_dates(child, duty, responsible, school, as_of,
                          credited_dates(child, duty, responsible))


def obligation_begins(child: Child, term: Term, as_of: date) -> date:
    """The day the child's duties of `term` begin, as known on `as_of`: the term's first, or
    the day it was recorded or came back (if by then), whichever is later."""
    back = returned_on(child)
    back = back if back is not None and back <= as_of else None
    return max(term.start, child.recorded_on or term.start, back or term.start)


def evaluate_dates(child: Child, duty: Duty, responsible: tuple[str, ...],
                   school: SchoolCalendar, as_of: date, done: Iterable[date]) -> DutyStatus | None:
    """The child's standing on one duty, given the dates it was done (any of them; those
    after `as_of` are ignored). The engine for entries, and for what is recorded elsewhere
    (a child's part in an activity)."""
    term = school.reference_term(as_of)
    if term is None or not applies(duty, child, as_of):
        return None
    begins = obligation_begins(child, term, as_of)
    if duty.applies_to != "全部" and (since := key_support_since(child, as_of)) is not None:
        begins = max(begins, since)  # owed from the day the child became key support
    dates = sorted(day for day in done if day <= as_of)
    last = dates[-1] if dates else None
    match period_kind(duty.period):
        case EverySchoolDays():
            return _rolling(child, duty, responsible, school, as_of, begins, last)
        case CalendarPeriod() as kind:
            found = periodic_standing(as_of, dates, owed_periods(duty, kind, school, term, begins))
            if found is None:
                return None
            due, missed = found
            return DutyStatus(child, duty, responsible, last, due, late_by(school, due, as_of),
                              missed)
        case unknown:
            assert_never(unknown)


def period_deadlines(duty: Duty, term: Term, school: SchoolCalendar) -> list[date]:
    """The deadline of every period of `term` a calendar-period duty could owe (owed or not,
    whoever the child): the days a standing on it may turn on. None for a rolling duty."""
    kind = period_kind(duty.period)
    if not isinstance(kind, CalendarPeriod):
        return []
    return [_period_deadline(school, term, min(end, term.end), duty.grace_days)
            for _, end in kind.periods(term)]


def _period_deadline(school: SchoolCalendar, term: Term, end: date, grace: int) -> date:
    """A period's deadline: its last day and `grace` school days, but never past the term's
    last day. Past it, the deadline would fall in the next term, after the report has moved
    on to that term: a term's duty never done would never be listed overdue."""
    return min(_deadline(school, end, grace), term.end)


def _deadline(school: SchoolCalendar, day: date, extra_days: int) -> date:
    return school.day_at(school.ordinal(day) + extra_days)


def late_by(school: SchoolCalendar, due: date, as_of: date) -> int:
    """School days from `due` to `as_of` (negative: days still left)."""
    return school.ordinal(as_of) - school.ordinal(due)


def owed_periods(duty: Duty, kind: CalendarPeriod, school: SchoolCalendar, term: Term,
                 begins: date) -> list[tuple[date, date]]:
    """Each owed period of `term` for an obligation that begins on `begins`: its first day
    and its deadline (grace included)."""
    return [(start, _period_deadline(school, term, end, duty.grace_days))
            for start, end in _owed_windows(kind, term, begins)]


def periodic_standing(as_of: date, dates: Sequence[date],
                      owed: Sequence[tuple[date, date]]) -> tuple[date, int] | None:
    """A calendar-period duty's standing from the dates it was done (up to `as_of`, sorted)
    and its owed periods (owed_periods): the deadline of the first unmet period and the owed
    periods that ended unmet; None when nothing is owed or pending. Until the dates change,
    the deadline it gives stays the same on every later day, and the missed periods grow by
    each period whose deadline passes after both it and `as_of` (a kept share counts those
    on: duties.day.DayDuties.carried_on)."""
    unused = list(dates)
    met: list[bool] = []
    deadlines: list[date] = []
    for start, deadline in owed:
        deadlines.append(deadline)
        hit = next((day for day in unused if start <= day <= deadline), None)
        if hit is not None:
            unused.remove(hit)
        met.append(hit is not None)
    ended = [i for i, deadline in enumerate(deadlines) if deadline < as_of]
    open_now = [i for i, deadline in enumerate(deadlines) if deadline >= as_of]
    missed = sum(1 for i in ended if not met[i])
    trailing = []
    for i in reversed(ended):
        if met[i]:
            break
        trailing.append(i)
    # A missed period cannot be made up afterwards: once the current period is met, the miss
    # is history (counted in `missed`), not something the teacher can still act on.
    if trailing and not any(met[i] for i in open_now):
        first = trailing[-1]
    else:
        pending = [i for i in open_now if not met[i]]
        if not pending:
            return None
        first = pending[0]
    return deadlines[first], missed


def _rolling(child: Child, duty: Duty, responsible: tuple[str, ...], school: SchoolCalendar,
             as_of: date, begins: date, last: date | None) -> DutyStatus:
    # Counted from the last time done; for a child who came back (child restore), never from
    # before the return: nothing is owed for the time away, as for a child recorded that day.
    anchor = last if last is not None and not before_return(child, last, as_of) else begins
    due = _deadline(school, anchor, (duty.days or 0) + duty.grace_days)
    late = late_by(school, due, as_of)
    return DutyStatus(child, duty, responsible, last, due, late, 1 if late > 0 else 0,
                      missed_is_late=True)


def class_teacher_index(staff: Iterable[StaffLike]) -> dict[str, list[str]]:
    """Class name -> ids of the staff who lead it (班主任)."""
    index: dict[str, list[str]] = {}
    for member in staff:
        for klass in member.leads:
            index.setdefault(klass, []).append(member.id)
    return index
