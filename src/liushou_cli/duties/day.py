"""Every duty row of a day, computed child by child so that the cache can keep each child's
share with its file: a report over 20,000 children then recomputes only the children whose
file changed (or all of them once, when the day, the rules, the staff or the activities do).

A child's share (ChildDuties) is plain values, never the record: its rows for the configured
duties and the support duties (owed or pending) as facts in no language (duties.rows.ChildRow),
and the facts the class-level rows need (its class while on record, for the parent meeting;
whether this term's census has checked it), and the steps its incidents owe (facts without
a moment: their rows are made at the moment asked about, `incident_rows`). The class-level
rows are added, and every row named in the output language, when the shares are put
together (all_rows).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from sys import intern
from typing import Any, NamedTuple

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.incidents import kinds_of
from liushou_cli.core.model import CensusFile, Child, SchoolConfig, Staff
from liushou_cli.core.periods import CalendarPeriod, period_kind
from liushou_cli.duties.census import CensusFact, checked_in, in_census
from liushou_cli.duties.changes import NEVER, ChangeDays
from liushou_cli.duties.incidents import IncidentFact, incident_facts, incident_rows
from liushou_cli.duties.rows import (
    ROW_CONFIGURED,
    ROW_DAYS,
    ROW_DUE,
    ROW_DUTY,
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
    child_row,
    child_support_rows,
    named,
    overdue_row,
    support_rows,
)
from liushou_cli.duties.rules import (
    applies,
    class_teacher_index,
    credited_dates,
    evaluate_dates,
    late_by,
    obligation_begins,
    on_record,
    owed_periods,
    periodic_standing,
    responsible_for,
)
from liushou_cli.duties.support import (
    COLLECTIVE_ACTIVITY,
    ActivityLike,
    child_support_owed,
    class_support_owed,
    collective_dates,
    collective_duty,
)
from liushou_cli.store.cachecodec import register
from liushou_cli.store.read import LoadedChild

FACT = 5  # the items of one calendar-period duty in ChildDuties.periodic


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
    # The day the share was worked out for, on the school-day clock (the rows' days overdue
    # count to it), and the days it holds on as date ordinals: from `since` to the day
    # before `until` (duties.changes).
    school_day: int
    since: int
    until: int
    # The day before which nothing but a deadline of its calendar-period duties can turn it
    # (`until` is that or earlier), and what those duties' rows are worked out from without
    # the record (DayDuties.refresh): for each that applies, FACT items in one flat list:
    # the duty's id, its teachers (as in a row), the day the obligation began (days after
    # the term's first), the last day it was done before the term (an ordinal; 0: none),
    # and the days it was done in the term (days after its first, joined by ","). Small
    # and flat: a county's 50,000 shares are held at once on a first run.
    rest_until: int
    periodic: list[Any]

    @classmethod
    def from_cache(cls, child_id: str, name: str, class_name: str, rows: Any, klass: Any,
                   *rest: Any) -> ChildDuties:
        """A share as the cache decodes it, its repeated texts shared: a county's 175,000
        rows name a few dozen duties, teachers and dates, each decoded as a text of its own
        (40 MB at 50,000 children)."""
        # A row that is not a list of texts where texts belong is a TypeError or an
        # IndexError here: the codec makes it Undecodable, a value not served.
        for row in rows:
            row[ROW_DUTY] = intern(row[ROW_DUTY])
            row[ROW_RESPONSIBLE] = intern(row[ROW_RESPONSIBLE])
            row[ROW_DUE] = intern(row[ROW_DUE])
            if row[ROW_LAST] is not None:
                row[ROW_LAST] = intern(row[ROW_LAST])
            if type(row[ROW_MISSED_IS_LATE]) is not bool:  # carried_on reads it as a flag
                raise TypeError
        class_name = intern(class_name)
        if klass == class_name:
            klass = class_name
        periodic = rest[-1] if rest else None
        if type(periodic) is list:  # the duties' ids and teachers, a few across a county
            for at in range(0, len(periodic) - 1, FACT):
                periodic[at] = intern(periodic[at])
                periodic[at + 1] = intern(periodic[at + 1])
        return cls(child_id, name, class_name, rows, klass, *rest)


class DayDuties:
    """The derivation of ChildDuties for one day, rules, staff and set of activities.

    A share holds from the day it was worked out on until the first day the rules could
    answer differently (duties.changes): the cache keeps it under a key that names no day,
    and a later day within that span takes it with its days overdue carried on (`share`)
    instead of working it out again. A teacher's first report of the morning then derives
    only the children whose standing can have turned overnight."""

    def __init__(self, config: SchoolConfig, staff: Sequence[Staff], as_of: date,
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
        self.joined = collective_dates(activities)
        self.kinds = kinds_of(config.incident_kinds)
        self.term = self.school.reference_term(as_of)  # in a holiday, the term that ended
        self.school_day = self.school.ordinal(as_of)
        self.day_number = as_of.toordinal()
        self._changes: ChangeDays | None = None
        self._owed: dict[tuple[str, int], list[tuple[date, date]]] = {}  # refresh's
        # The calendar-period duties by id, with their kind (what refresh works out again).
        self.calendar_duties = {duty.id: kind for duty in config.duties
                                if isinstance(kind := period_kind(duty.period), CalendarPeriod)}
        # Everything but the child's own file that its rows depend on (the staff's names are
        # in the rows, so they count too; the rows hold no word of any language). The rules
        # are named by their repr, every field and its value: dumping them as JSON would
        # build each model's serializer, which a report answered from the cache needs for
        # nothing else (pydantic's version is in the cache's digest, and with it repr's form).
        # The day is not in it: each share says which days it holds on (`holds`).
        self.key = "day:" + hashlib.sha256(repr((
            [repr(duty) for duty in config.duties],
            repr(config.support),
            [(member.id, member.name, member.leads) for member in staff],
            [(term.name, term.start, term.end) for term in config.terms],
            sorted(self.joined.items()),
            [repr(kind) for kind in config.incident_kinds],
        )).encode()).hexdigest()
        # With the rows a report keeps, the folder's shares made `brief` for them are kept
        # in one file too (store.snapshot), one for each test.
        self.snapshot_key = keep.snapshot_key("overdue", self.key) if keep is not None else None

    def __call__(self, child: Child, path: Path | None = None) -> ChildDuties:
        as_of, school, term = self.as_of, self.school, self.term
        rows = []
        periodic: list[Any] = []
        for duty in self.config.duties:
            responsible = responsible_for(duty, child, self.teachers, as_of)
            done = credited_dates(child, duty, responsible)
            if (term is not None and duty.id in self.calendar_duties
                    and applies(duty, child, as_of)):
                start = term.start.toordinal()
                days = sorted(day.toordinal() for day in done)
                periodic += [duty.id, intern(",".join(responsible)),
                             obligation_begins(child, term).toordinal() - start,
                             max((day for day in days if day < start), default=0),
                             ",".join(str(day - start) for day in days if day >= start)]
            status = evaluate_dates(child, duty, responsible, school, as_of, done)
            if status is not None:
                rows.append(overdue_row(status))
        teachers = tuple(self.teachers.get(child.class_name, ()))
        owed = child_support_owed(child, self.joined.get(child.id, []), teachers, school, as_of,
                                  self.config.support)
        rows += child_support_rows(owed)
        checked = None
        if self.term is not None and in_census(child, self.term, as_of):
            checked = checked_in(child, self.term)
        # A row whose `missed` is whether it is overdue is carried on whole (carried_on):
        # its due date turns nothing, and a county's mornings re-derive far fewer children.
        # A calendar-period duty's row turns on its deadlines, which `refresh` follows
        # without the record.
        ids = set(periodic[::FACT])
        rest_until = self.changes.child_until(
            child, self.joined.get(child.id, ()),
            [date.fromisoformat(row[ROW_DUE]) for row in rows
             if not row[ROW_MISSED_IS_LATE] and not (row[ROW_CONFIGURED] and row[ROW_DUTY] in ids)],
            [COLLECTIVE_ACTIVITY])
        return ChildDuties(child.id, child.name, child.class_name, rows,
                           child.class_name if on_record(child, as_of) else None,
                           checked, list(incident_facts(child, self.kinds, self.teachers, self.names)),
                           bool(child.conflicts), self.school_day, self.day_number,
                           self._periodic_until(rest_until, periodic), rest_until, periodic)

    def _periodic_until(self, rest_until: int, periodic: list[Any]) -> int:
        turns: list[int] = [self.changes.turns.get(duty, NEVER) for duty in periodic[::FACT]]
        return min([rest_until, *turns])

    def refresh(self, value: object) -> ChildDuties | None:
        """A share worked out on an earlier day that no longer holds only because a deadline
        of one of its calendar-period duties has passed, as on this day: those duties' rows
        worked out again from the dates it keeps (`periodic`), the others carried on. None
        when anything else can have turned (a date of the record, the term, a due date), or
        for a value this derivation did not make: the child's rows are then worked out from
        its record. The morning after a month's deadline then needs no child's record."""
        if not isinstance(value, ChildDuties) or type(value.rest_until) is not int \
                or type(value.since) is not int or self.term is None \
                or not value.since <= self.day_number < value.rest_until:
            return None
        try:
            return self._refreshed(value)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):  # decoded wrongly
            return None

    def _refreshed(self, share: ChildDuties) -> ChildDuties:
        assert self.term is not None
        school, as_of = self.school, self.as_of
        kept = share.periodic
        if len(kept) % FACT:
            raise ValueError
        facts = {kept[at]: kept[at + 1:at + FACT] for at in range(0, len(kept), FACT)}
        # Facts of this rule set only, and one for each calendar-period row: else some row
        # would be carried on stale.
        if not facts.keys() <= self.calendar_duties.keys() or any(
                row[ROW_CONFIGURED] and row[ROW_DUTY] in self.calendar_duties
                and row[ROW_DUTY] not in facts for row in share.rows):
            raise KeyError
        moved = self.carried_on(share)
        configured = {row[ROW_DUTY]: row for row in moved.rows if row[ROW_CONFIGURED]}
        rows: list[ChildRow] = []
        start = self.term.start.toordinal()
        for duty in self.config.duties:
            fact = facts.get(duty.id)
            if fact is None:
                if (carried := configured.get(duty.id)) is not None:
                    rows.append(carried)
                continue
            responsible, begins, before, done = fact
            dates = [date.fromordinal(start + int(day)) for day in done.split(",") if day]
            dates = [day for day in dates if day <= as_of]
            last = dates[-1] if dates else date.fromordinal(before) if before else None
            owed = self._owed.get((duty.id, begins))
            if owed is None:
                owed = self._owed[duty.id, begins] = owed_periods(
                    duty, self.calendar_duties[duty.id], school, self.term,
                    date.fromordinal(start + begins))
            found = periodic_standing(as_of, dates, owed)
            if found is not None:
                due, missed = found
                # The teachers as the row keeps them: one text, joined as it was.
                rows.append(child_row(duty=duty.id, configured=True, responsible=[responsible],
                                      last=last, due=due,
                                      days_overdue=late_by(school, due, as_of), missed=missed,
                                      missed_is_late=False))
        rows += [row for row in moved.rows if not row[ROW_CONFIGURED]]
        return moved._replace(rows=rows, since=self.day_number,
                              until=self._periodic_until(share.rest_until, share.periodic))

    @property
    def changes(self) -> ChangeDays:
        """The days on which this day's shares stop holding (worked out on first need: a
        report answered from the cache needs none)."""
        if self._changes is None:
            self._changes = ChangeDays(self.school, self.as_of,
                                       [*self.config.duties, collective_duty()])
        return self._changes

    def holds(self, value: object) -> bool:
        """Does a share kept in the cache (or a value keeping one as its `duties`) hold on
        this day?"""
        share = value if isinstance(value, ChildDuties) else getattr(value, "duties", None)
        # Its days checked for what they are: a share that holds is carried on by them.
        return (isinstance(share, ChildDuties) and type(share.school_day) is int
                and type(share.since) is int and type(share.until) is int
                and share.since <= self.day_number < share.until)

    def brief(self, share: ChildDuties, keep: Reported | None = None) -> ChildDuties:
        """The share with only the rows `keep` (by default this day's) keeps on some day the
        share holds on: carried on, a row's days overdue grow to their most on the last of
        those days, and the test only grows with them. A share of the snapshot serves a
        report with this `keep`."""
        keep = keep if keep is not None else self.keep
        assert keep is not None
        last = max(share.until - 1, share.since)
        most = self.school.ordinal(date.fromordinal(last)) - share.school_day
        # Without its calendar-period facts: a snapshot's line is never brought forward (its
        # rows are cut to the span), and every warm report parses every line.
        least = keep.least - most
        return share._replace(rows=[row for row in share.rows if row[ROW_DAYS] >= least],
                              periodic=[])

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
        its due date to the day, whatever the duty), and a row whose `missed` is whether it
        is overdue says so on this day."""
        if share.school_day == self.school_day:
            return share
        later = self.school_day - share.school_day
        rows = []
        for row in share.rows:
            moved = row.copy()
            moved[ROW_DAYS] += later
            if moved[ROW_MISSED_IS_LATE]:
                moved[ROW_MISSED] = 1 if moved[ROW_DAYS] > 0 else 0
            rows.append(moved)
        return share._replace(rows=rows, school_day=self.school_day)

    def classes(self, items: Iterable[LoadedChild]) -> set[str]:
        """The class of every child (on record or not)."""
        return {self._kept(item).class_name for item in items}

    def incident_rows(self, items: Iterable[LoadedChild], moment: datetime) -> list[DutyRow]:
        """The steps of the children's incidents open at `moment`, in the output language."""
        return incident_rows((fact for item in items for fact in self._kept(item).incidents),
                             moment, self.kinds)

    def all_rows(self, items: Iterable[LoadedChild], census: CensusFile | None,
                 keep: Reported | None = None) -> list[DutyRow]:
        """Every row of the day, child by child and class by class, pending ones included,
        named in the output language; with `keep`, only the rows whose days overdue it keeps
        (a report names and holds only what it may print: a county's day has some 175,000
        rows). `census` is the current term's census file (None outside a term)."""
        names = RowNames(self.names, self.configured)
        rows: list[DutyRow] = []
        covered: list[CensusFact] = []
        classes: list[str] = []
        least = keep.least if keep is not None else None
        for item in items:
            share = self.share(item)
            for row in share.rows:
                if least is None or row[ROW_DAYS] >= least:
                    rows.append(names.row(share.child_id, share.name, share.class_name, row))
            if share.census_checked is not None:
                covered.append(CensusFact(share.child_id, share.name, share.class_name,
                                          share.census_checked))
            if share.klass is not None:
                classes.append(share.klass)
        facts: list[DutyFact] = (
            census_rows(covered, self.staff, census, self.school, self.as_of,
                        self.config.census_days)
            if census is not None and self.term is not None else [])
        facts += support_rows(class_support_owed(
            classes, self.activities, self.teachers, self.school, self.as_of,
            self.config.support), self.names)
        return rows + named(fact for fact in facts if keep is None or keep(fact["days_overdue"]))
