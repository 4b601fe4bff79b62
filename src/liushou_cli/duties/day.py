"""Every duty row of a day, computed child by child so that the cache can keep each child's
share with its file: a report over 20,000 children then recomputes only the children whose
file changed (or all of them once, when the day, the rules, the staff or the activities do).

A child's share (ChildDuties) is plain values, never the record: its rows for the configured
duties and the support duties (owed or pending), and the facts the class-level rows need (its
class while on record, for the parent meeting; whether this term's census has checked it).
The class-level rows are added when the shares are put together (all_rows).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.model import CensusFile, Child, SchoolConfig, Staff
from liushou_cli.duties.census import CensusFact, checked_in, in_census
from liushou_cli.duties.rows import DutyRow, census_rows, overdue_row, support_rows
from liushou_cli.duties.rules import class_teacher_index, evaluate, on_record, responsible_for
from liushou_cli.duties.support import (
    ActivityLike,
    child_support_owed,
    class_support_owed,
    collective_dates,
)
from liushou_cli.i18n import lang
from liushou_cli.store.cachecodec import register
from liushou_cli.store.read import LoadedChild


@register
class ChildDuties(NamedTuple):
    """What one child brings to the duty rows of one day."""

    rows: tuple[DutyRow, ...]  # every duty row of the child, pending ones included
    klass: str | None  # the child's class while it is on record (class-level duties)
    census: CensusFact | None  # when the current term's census covers the child


class DayDuties:
    """The derivation of ChildDuties for one day, rules, staff and set of activities."""

    def __init__(self, config: SchoolConfig, staff: Sequence[Staff], as_of: date,
                 activities: Sequence[ActivityLike]) -> None:
        self.config = config
        self.staff = list(staff)
        self.as_of = as_of
        self.activities = list(activities)
        self.school = SchoolCalendar.of(config.terms)
        self.teachers = class_teacher_index(staff)
        self.names = {member.id: member.name for member in staff}
        self.joined = collective_dates(activities)
        self.term = self.school.reference_term(as_of)  # in a holiday, the term that ended
        # Everything but the child's own file that its rows depend on (names and duty names
        # are in the rows, so the language and the staff's names count too).
        self.key = "day:" + hashlib.sha256(repr((
            as_of.isoformat(), lang(),
            [duty.model_dump_json() for duty in config.duties],
            config.support.model_dump_json(),
            [(member.id, member.name, member.leads) for member in staff],
            [(term.name, term.start, term.end) for term in config.terms],
            sorted(self.joined.items()),
        )).encode()).hexdigest()

    def __call__(self, child: Child, path: Path | None = None) -> ChildDuties:
        as_of, school = self.as_of, self.school
        rows = []
        for duty in self.config.duties:
            status = evaluate(child, duty, responsible_for(duty, child, self.teachers, as_of),
                              school, as_of)
            if status is not None:
                rows.append(overdue_row(status, self.names))
        teachers = tuple(self.teachers.get(child.class_name, ()))
        owed = child_support_owed(child, self.joined.get(child.id, []), teachers, school, as_of,
                                  self.config.support)
        rows += support_rows(owed, self.names)
        census = None
        if self.term is not None and in_census(child, self.term, as_of):
            census = CensusFact(child.id, child.name, child.class_name,
                                checked_in(child, self.term))
        return ChildDuties(tuple(rows), child.class_name if on_record(child, as_of) else None,
                           census)

    def all_rows(self, items: Iterable[LoadedChild],
                 census: CensusFile | None) -> list[DutyRow]:
        """Every row of the day, child by child and class by class, pending ones included.
        `census` is the current term's census file (None outside a term)."""
        shares: list[ChildDuties] = [item.derived if isinstance(item.derived, ChildDuties)
                                     else self(item.child) for item in items]
        rows = [row for share in shares for row in share.rows]
        if census is not None and self.term is not None:
            rows += census_rows([share.census for share in shares if share.census is not None],
                                self.staff, census, self.school, self.as_of,
                                self.config.census_days)
        rows += support_rows(class_support_owed(
            [share.klass for share in shares if share.klass is not None], self.activities,
            self.teachers, self.school, self.as_of, self.config.support), self.names)
        return rows
