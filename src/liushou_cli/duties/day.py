"""Every duty row of a day, computed child by child so that the cache can keep each child's
share with its file: a report over 20,000 children then recomputes only the children whose
file changed (or all of them once, when the day, the rules, the staff or the activities do).

A child's share (ChildDuties) is plain values, never the record: its rows for the configured
duties and the support duties (owed or pending) as facts in no language (duties.rows.ChildRow),
and the facts the class-level rows need (its class while on record, and in a holiday on the
ended term's last day too, for the parent meeting; whether this term's census has checked
it), and the steps its incidents owe (facts without a moment: their rows are made at the
moment asked about, `incident_rows`). The class-level rows are added, and every row named in
the output language, when the shares are put together (all_rows).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, Any, NamedTuple

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.hashing import sha256
from liushou_cli.core.incidents import kinds_of
from liushou_cli.core.periods import CalendarPeriod, period_kind
from liushou_cli.duties.census import CensusFact, CensusLike, checked_in, in_census
from liushou_cli.duties.changes import NEVER, ChangeDays
from liushou_cli.duties.incidents import IncidentFact, incident_facts, incident_rows
from liushou_cli.duties.rows import (
    ROW_CONFIGURED,
    ROW_DAYS,
    ROW_DUE,
    ROW_DUTY,
    ROW_FIELDS,
    ROW_KEY,
    ROW_LAST,
    ROW_MISSED,
    ROW_MISSED_IS_LATE,
    ROW_RESPONSIBLE,
    ChildRow,
    DutyFact,
    DutyRow,
    Reported,
    RowNames,
    census_rows,
    child_support_rows,
    named,
    overdue_row,
    support_rows,
)
from liushou_cli.duties.rules import (
    class_teacher_index,
    credited_dates,
    evaluate_dates,
    on_record,
    owed_periods,
    responsible_for,
)
from liushou_cli.duties.support import (
    COLLECTIVE_ACTIVITY,
    ActivityLike,
    child_support_owed,
    class_support_owed,
    collective_dates,
    collective_duty,
    collective_facts,
)
from liushou_cli.store.cachecodec import register
from liushou_cli.store.read import LoadedChild

if TYPE_CHECKING:
    from liushou_cli.core.model import Child, StaffLike
    from liushou_cli.core.settings import SchoolSettings

# A brief share made where the rules have no calendar-period duty holds the rows reported
# within this many days (DayDuties.horizon).
LATER_DAYS = 31


@register
class ChildDuties(NamedTuple):
    """What one child brings to the duty rows of one day."""

    child_id: str
    name: str
    class_name: str  # whether on record or not: its rows' class
    # Every duty row of the child, pending ones included. Lists, as incidents: plain JSON,
    # which the cache's codec takes as it is (a tuple is a tagged node to decode).
    rows: list[ChildRow]
    klass: str | None  # the child's class while it is on record (class-level duties)
    # When the current term's census covers the child, whether it has checked it (None: it
    # does not cover it). A flag, not the child's CensusFact: that repeats the share's id,
    # name and class, and a tagged value in a share makes the cache's codec walk each one.
    census_checked: bool | None
    incidents: list[IncidentFact]  # every step the child's incidents owe
    # The record holds open merge conflicts: known with the rows, so that a report answered
    # from the cache need not read every file again to say how many files hold some.
    conflicted: bool
    # The day the share was worked out for, on the school-day clock and as a date ordinal
    # (the rows' days overdue and the calendar-period rows' missed periods count on from
    # it: DayDuties.carried_on), and the last day it holds on is the day before `until`
    # (duties.changes).
    school_day: int
    since: int
    until: int

    @classmethod
    def from_cache(cls, child_id: str, name: str, class_name: str, rows: Any, klass: Any,
                   *rest: Any) -> ChildDuties:
        """A share as the cache decodes it, its repeated texts shared: a county's 175,000
        rows name a few dozen duties, teachers and dates, each decoded as a text of its own
        (40 MB at 50,000 children)."""
        # A row that is not a list of texts where texts belong is a TypeError or an
        # IndexError here: the codec makes it Undecodable, a value not served.
        for row in rows:
            kept_row(row)
        class_name = intern(class_name)
        if klass == class_name:
            klass = class_name
        return cls(child_id, name, class_name, rows, klass, *rest)


def kept_row(row: Any) -> ChildRow:
    """A row as read back from a file, its texts shared; TypeError or IndexError when it is
    not a row this code writes."""
    if type(row) is not list:
        raise TypeError
    if len(row) != ROW_FIELDS:  # a row of an older shape (without its key) is no row here
        raise IndexError
    if row[ROW_KEY] is not None and type(row[ROW_KEY]) is not str:
        raise TypeError
    row[ROW_DUTY] = intern(row[ROW_DUTY])
    row[ROW_RESPONSIBLE] = intern(row[ROW_RESPONSIBLE])
    row[ROW_DUE] = intern(row[ROW_DUE])
    if row[ROW_LAST] is not None:
        row[ROW_LAST] = intern(row[ROW_LAST])
    if type(row[ROW_MISSED_IS_LATE]) is not bool:  # carried_on reads it as a flag
        raise TypeError
    if type(row[ROW_DAYS]) is not int or type(row[ROW_MISSED]) is not int:  # counted on
        raise TypeError
    return row


class DayDuties:
    """The derivation of ChildDuties for one day, rules, staff and set of activities.

    A share holds from the day it was worked out on until the first day the rules could
    answer differently (duties.changes): the cache keeps it under a key that names no day,
    and a later day within that span takes it with its days overdue carried on (`share`)
    instead of working it out again. A teacher's first report of the morning then derives
    only the children whose standing can have turned overnight."""

    def __init__(self, config: SchoolSettings, staff: Sequence[StaffLike], as_of: date,
                 activities: Sequence[ActivityLike], keep: Reported | None = None) -> None:
        self.config = config
        self.keep = keep
        self.staff = list(staff)
        self.as_of = as_of
        self.activities = list(activities)
        self.school = SchoolCalendar.of(config.terms)
        self.teachers = class_teacher_index(staff)
        self.names = {member.id: member.name for member in staff}
        self.configured = {duty.id: duty.name for duty in config.duties}
        self.kinds = kinds_of(config.incident_kinds)
        self.term = self.school.reference_term(as_of)  # in a holiday, the term that ended
        self.school_day = self.school.ordinal(as_of)
        self.day_number = as_of.toordinal()
        self._changes: ChangeDays | None = None
        self._passed_since: dict[int, bool] = {}  # carried_on's, by the day a share was made
        # The calendar-period duties by id, with their kind (rows carried_on counts on).
        self.calendar_duties = {duty.id: kind for duty in config.duties
                                if isinstance(kind := period_kind(duty.period), CalendarPeriod)}
        # Everything but the child's own file that its rows depend on (the staff's names are
        # in the rows, so they count too; the rows hold no word of any language). The rules
        # are named by their repr, every field and its value: dumping them as JSON would
        # build each model's serializer, which a report answered from the cache needs for
        # nothing else (pydantic's version is in the cache's digest, and with it repr's form).
        # The day is not in it: each share says which days it holds on (`holds`).
        self.key = "day:" + sha256(repr((
            [repr(duty) for duty in config.duties],
            repr(config.support),
            [(member.id, member.name, member.leads) for member in staff],
            [(term.name, term.start, term.end) for term in config.terms],
            collective_facts(self.activities),
            [repr(kind) for kind in config.incident_kinds],
        )).encode()).hexdigest()
        # With the rows a report keeps, the folder's shares made `brief` for them are kept
        # in one file too (store.snapshot), one for each test.
        self.snapshot_key = keep.snapshot_key("overdue", self.key) if keep is not None else None

    @cached_property
    def joined(self) -> dict[str, list[date]]:
        """Child id -> the dates of its collective activities: needed only to work a share
        out, which a report answered from the snapshot does for no child."""
        return collective_dates(self.activities)

    def __call__(self, child: Child, path: Path | None = None) -> ChildDuties:
        as_of, school = self.as_of, self.school
        rows = []
        for duty in self.config.duties:
            responsible = responsible_for(duty, child, self.teachers, as_of)
            status = evaluate_dates(child, duty, responsible, school, as_of,
                                    credited_dates(child, duty, responsible))
            if status is not None:
                rows.append(overdue_row(status))
        teachers = tuple(self.teachers.get(child.class_name, ()))
        owed = child_support_owed(child, self.joined.get(child.id, []), teachers, school, as_of,
                                  self.config.support)
        rows += child_support_rows(owed)
        checked = None
        if self.term is not None and in_census(child, self.term, as_of):
            checked = checked_in(child, self.term, as_of)
        # A row whose `missed` is whether it is overdue, and a calendar-period duty's row,
        # are carried on whole (carried_on): their due dates and deadlines turn nothing, and
        # a county's mornings, the ones after a month's deadline too, work out few children.
        until = self.changes.child_until(
            child, self.joined.get(child.id, ()),
            [date.fromisoformat(row[ROW_DUE]) for row in rows
             if not row[ROW_MISSED_IS_LATE] and not self._counted_on(row)],
            [COLLECTIVE_ACTIVITY])
        return ChildDuties(child.id, child.name, child.class_name, rows,
                           child.class_name if self._in_class_duties(child) else None,
                           checked, list(incident_facts(child, self.kinds, self.teachers, self.names)),
                           bool(child.conflicts), self.school_day, self.day_number, until)

    def _in_class_duties(self, child: Child) -> bool:
        """Does the child make its class owe the class duties (the parent meeting) on this
        day: on record, and in a holiday on the ended term's last day too (a class whose
        children were all recorded since, or away then, owed that term nothing)."""
        term = self.term
        return on_record(child, self.as_of) and (
            term is None or term.end >= self.as_of or on_record(child, term.end))

    def _counted_on(self, row: ChildRow) -> bool:
        """Is the row a calendar-period duty's, whose missed periods carried_on counts on?"""
        return row[ROW_CONFIGURED] is True and row[ROW_DUTY] in self.calendar_duties

    @property
    def changes(self) -> ChangeDays:
        """The days on which this day's shares stop holding (worked out on first need: a
        report answered from the cache needs none)."""
        if self._changes is None:
            self._changes = ChangeDays(self.school, self.as_of,
                                       [*self.config.duties, collective_duty()])
        return self._changes

    @cached_property
    def deadlines(self) -> dict[str, list[int]]:
        """Each calendar-period duty's deadlines in this day's term (date ordinals, in
        order), of the periods owed by a child whose obligation began on the term's first
        day: every period after a child's first owed one is owed by it too (rules.py)."""
        term = self.term
        if term is None:
            return {}
        return {duty.id: [deadline.toordinal() for _, deadline in owed_periods(
                    duty, self.calendar_duties[duty.id], self.school, term, term.start)]
                for duty in self.config.duties if duty.id in self.calendar_duties}

    def holds(self, value: object) -> bool:
        """Does a share kept in the cache (or a value keeping one as its `duties`) hold on
        this day?"""
        share = value if isinstance(value, ChildDuties) else getattr(value, "duties", None)
        # Its days checked for what they are: a share that holds is carried on by them.
        return (isinstance(share, ChildDuties) and type(share.school_day) is int
                and type(share.since) is int and type(share.until) is int
                and share.since <= self.day_number < share.until)

    @cached_property
    def horizon(self) -> int:
        """The last day (a date ordinal) whose newly reported rows a brief share made on
        this day holds among its rows: the day after the next deadline of a calendar-period
        duty (LATER_DAYS on when the rules have none), so that the morning after it is
        answered by the snapshot made before."""
        turns = [self.changes.turns.get(duty, NEVER) for duty in self.calendar_duties]
        turn = min(turns, default=NEVER)
        return turn if turn != NEVER else self.day_number + LATER_DAYS

    @cached_property
    def _last_step(self) -> int:
        """The school-day clock's last step (it stands still after the last term)."""
        return self.school.ordinal(date.max)

    def brief(self, share: ChildDuties,
              keep: Reported | None = None) -> tuple[ChildDuties, list[Any] | None]:
        """The share as the folder's snapshot keeps it for a report with `keep` (by default
        this day's), and what it keeps beside it, unread until needed (None: nothing).

        Carried on, a row's days overdue grow, and the test only grows with them: a row is
        reported from the day its days overdue reach the test's least. The brief share holds
        the rows reported on some day up to `horizon` (the morning after the next deadline);
        the rows first reported later, up to the share's last day, are kept beside it,
        with the share's own `until` ([until, [[index, row], ...]], `renew`), and the brief
        share holds only until the first of them is reported. A row never reported while
        the share holds is left out."""
        keep = keep if keep is not None else self.keep
        assert keep is not None
        school, start = self.school, share.school_day
        last = max(share.until - 1, share.since)
        latest = school.ordinal(date.fromordinal(last))  # on the school-day clock
        soon = min(latest, school.ordinal(date.fromordinal(max(self.horizon, share.since))))
        least = keep.least
        rows: list[ChildRow] = []
        later: list[list[Any]] = []
        first_later = NEVER
        for row in share.rows:
            # On the school-day clock, the step from which the report keeps the row.
            reported_from = start + least - row[ROW_DAYS]
            if reported_from <= soon:
                rows.append(row)
            elif reported_from <= latest:
                later.append([len(rows) + len(later), row])
                first_later = min(first_later, reported_from)
        if not later:
            return share._replace(rows=rows), None
        return (share._replace(rows=rows, until=min(share.until, self._first_day_on(first_later))),
                [share.until, later])

    def _first_day_on(self, step: int) -> int:
        """The first day (a date ordinal) on the school-day clock's `step` (1 or later: a
        step after a share's own) or a later one; NEVER when the clock never gets there (it
        stands still after the last term, and without terms never moves)."""
        if step > self._last_step:
            return NEVER
        return self.school.day_at(step - 1).toordinal() + 1

    def renew(self, value: object, kept: Any) -> ChildDuties | None:
        """A brief share that no longer holds, made whole again with the rows kept beside
        it (`brief`), if it then holds on this day; else None (then its child is worked out
        again). Nothing else is read: the morning a row is first reported needs no record
        and no cache file but the snapshot."""
        if not isinstance(value, ChildDuties):
            return None
        try:
            until, later = kept
            if type(until) is not int:
                return None
            rows = list(value.rows)
            for at, row in later:
                rows.insert(at, kept_row(row))
        except (TypeError, ValueError, IndexError, KeyError):  # not what brief keeps
            return None
        renewed = value._replace(rows=rows, until=until)
        return renewed if self.holds(renewed) else None

    def share(self, item: LoadedChild) -> ChildDuties:
        """The child's share on this day: as derived while the folder loaded (by this
        derivation, or by one that wraps it and keeps the share as its value's `duties`),
        carried on from the day it was worked out on; else made from its record."""
        return self.carried_on(self._kept(item))

    def _kept(self, item: LoadedChild) -> ChildDuties:
        derived = item.derived
        if not isinstance(derived, ChildDuties):
            derived = getattr(derived, "duties", None)
        return derived if isinstance(derived, ChildDuties) else self(item.child)

    def carried_on(self, share: ChildDuties) -> ChildDuties:
        """A share worked out on an earlier day of its span, as on this day: every row's
        days overdue count on to this day (a row's days overdue are the school days from
        its due date to the day, whatever the duty), a row whose `missed` is whether it is
        overdue says so on this day, and a calendar-period duty's row counts the periods
        whose deadline passed since, from its due date on, as missed.

        That last holds because, until the child's record changes, a calendar-period duty's
        standing (rules.periodic_standing) keeps its due date across deadlines: the first
        unmet period stays the first, and every period whose deadline is after both its
        due date and the day the share was worked out on is unmet (a date credited to it
        would have been credited to the due period, whose window holds it)."""
        passed = self._passed(share.since)
        if share.school_day == self.school_day and not passed:
            return share
        later = self.school_day - share.school_day
        deadlines = self.deadlines if passed else None
        rows = []
        for row in share.rows:
            moved = row.copy()
            moved[ROW_DAYS] += later
            if moved[ROW_MISSED_IS_LATE]:
                moved[ROW_MISSED] = 1 if moved[ROW_DAYS] > 0 else 0
            elif deadlines is not None and self._counted_on(row):
                moved[ROW_MISSED] += self._missed_since(
                    deadlines[row[ROW_DUTY]], date.fromisoformat(row[ROW_DUE]).toordinal(),
                    share.since)
            rows.append(moved)
        return share._replace(rows=rows, school_day=self.school_day, since=self.day_number)

    def _passed(self, since: int) -> bool:
        """Has a deadline of a calendar-period duty passed from `since` to this day?"""
        found = self._passed_since.get(since)
        if found is None:
            found = self._passed_since[since] = any(
                bisect_left(days, since) != bisect_left(days, self.day_number)
                for days in self.deadlines.values())
        return found

    def _missed_since(self, deadlines: list[int], due: int, since: int) -> int:
        """The deadlines on or after `due` and `since`, before this day (date ordinals)."""
        return max(0, bisect_left(deadlines, self.day_number)
                   - bisect_left(deadlines, max(due, since)))

    def classes(self, items: Iterable[LoadedChild]) -> set[str]:
        """The class of every child (on record or not)."""
        return {self._kept(item).class_name for item in items}

    def incident_rows(self, items: Iterable[LoadedChild], moment: datetime) -> list[DutyRow]:
        """The steps of the children's incidents open at `moment`, in the output language."""
        return incident_rows((fact for item in items for fact in self._kept(item).incidents),
                             moment, self.kinds)

    def all_rows(self, items: Iterable[LoadedChild], census: CensusLike | None,
                 keep: Reported | None = None) -> list[DutyRow]:
        """Every row of the day, child by child and class by class, pending ones included,
        named in the output language; with `keep`, only the rows whose days overdue it keeps
        (a report names and holds only what it may print: a county's day has some 175,000
        rows). `census` is the current term's census file, or its facts (None outside a
        term)."""
        names = RowNames(self.names, self.configured)
        rows: list[DutyRow] = []
        # The census covers every class of a child it covers (in the order first met); only
        # a child not yet checked is a fact of its own (a county's 20,000 facts made for the
        # few hundred unchecked were 8 ms of every report).
        covered: dict[str, None] = {}
        unchecked: list[CensusFact] = []
        classes: list[str] = []
        least = keep.least if keep is not None else None
        today, passed = self.school_day, self._passed_since
        for item in items:
            share = item.derived
            # A share made this very school day, no deadline passed since, is this day's as it
            # is (what `share` gives for it, without its three calls: 8 ms of a county's day).
            if (type(share) is not ChildDuties or share.school_day != today
                    or passed.get(share.since, True)):
                share = self.share(item)
            for row in share.rows:
                if least is None or row[ROW_DAYS] >= least:
                    rows.append(names.row(share.child_id, share.name, share.class_name, row))
            if share.census_checked is not None:
                covered[share.class_name] = None
                if not share.census_checked:
                    unchecked.append(CensusFact(share.child_id, share.name, share.class_name,
                                                False))
            if share.klass is not None:
                classes.append(share.klass)
        facts: list[DutyFact] = (
            census_rows(unchecked, covered, self.staff, census, self.school, self.as_of,
                        self.config.census_days)
            if census is not None and self.term is not None else [])
        facts += support_rows(class_support_owed(
            classes, self.activities, self.teachers, self.school, self.as_of,
            self.config.support), self.names)
        return rows + named(fact for fact in facts if keep is None or keep(fact["days_overdue"]))
