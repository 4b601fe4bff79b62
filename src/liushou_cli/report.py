"""Records -> report rows (plain data, no printing): the overdue report.

Row keys are the json/csv contract: child_id, name, class, duty, responsible, last, due,
days_overdue; the table also uses duty_name, responsible_name and missed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from liushou_cli.census import progress
from liushou_cli.classes import same_class
from liushou_cli.i18n import t
from liushou_cli.model import CensusFile, Duty, Staff
from liushou_cli.rules import DutyStatus, class_teacher_index, evaluate, responsible_for
from liushou_cli.school_calendar import SchoolCalendar
from liushou_cli.store.read import LoadedChild

CENSUS_DUTY = "census"

OVERDUE_KEYS = ("child_id", "name", "class", "duty", "responsible", "last", "due",
                "days_overdue")
OVERDUE_EXTRA_KEYS = ("duty_name", "responsible_name", "missed")


def find_duties(duties: Sequence[Duty], wanted: str | None) -> list[Duty]:
    """The duties named by id or name; all of them when none is asked for."""
    if wanted is None:
        return list(duties)
    return [duty for duty in duties if wanted in (duty.id, duty.name)]


def statuses(items: Iterable[LoadedChild], duties: Sequence[Duty], staff: Sequence[Staff],
             school: SchoolCalendar, as_of: date) -> list[DutyStatus]:
    """Every child's standing on every duty; a child whose file is unchanged since the last
    report with the same rules, staff, terms and date takes it from the cache."""
    key = hashlib.sha256(repr((
        as_of.isoformat(), [duty.model_dump_json() for duty in duties],
        [(member.id, member.leads) for member in staff],
        [(term.name, term.start, term.end) for term in school.terms],
    )).encode()).hexdigest()
    teachers = class_teacher_index(staff)
    found: list[DutyStatus] = []
    for item in items:
        entry = item.cached
        known = entry.derived.get(key) if entry is not None else None
        if known is None:
            known = [status for duty in duties
                     if (status := evaluate(item.child, duty,
                                            responsible_for(duty, item.child, teachers, as_of),
                                            school, as_of)) is not None]
            if entry is not None:
                entry.remember(key, known)
        found.extend(known)
    return found


def overdue_rows(statuses: Iterable[DutyStatus], staff: Iterable[Staff], *,
                 due_within: int | None = None, by: str | None = None,
                 klass: str | None = None,
                 extra: Iterable[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    """One row per child and unmet duty: overdue ones, plus those due within `due_within`
    days if asked; grouped by the responsible teacher, most overdue first. `extra` rows
    (the census's) go through the same filters."""
    names = {member.id: member.name for member in staff}
    rows = []
    for row in [*(overdue_row(status, names) for status in statuses), *extra]:
        if not (row["days_overdue"] > 0 or (due_within is not None
                                            and -row["days_overdue"] <= due_within)):
            continue
        if by is not None and by not in row["responsible"].split(","):
            continue
        if klass is not None and not same_class(row["class"], klass):
            continue
        rows.append(row)
    rows.sort(key=lambda row: (row["responsible_name"] or "\uffff", -row["days_overdue"],
                               row["class"], row["child_id"] is None, row["child_id"] or ""))
    return rows


def census_rows(items: Iterable[LoadedChild], staff: Sequence[Staff], census: CensusFile,
                school: SchoolCalendar, as_of: date, census_days: int) -> list[dict[str, Any]]:
    """The census as a duty of each class teacher: due `census_days` school days into the
    term; a row per child not yet checked, and one for a class without its enrolled total."""
    term = school.term_at(as_of)
    if term is None:
        return []
    due = school.day_at(school.ordinal(term.start) + census_days)
    late = school.ordinal(as_of) - school.ordinal(due)
    names = {member.id: member.name for member in staff}
    rows = []
    for found in progress(items, staff, census, term, as_of):
        if found.finished:
            continue
        base = {"class": found.klass, "duty": CENSUS_DUTY, "duty_name": t("census_duty"),
                "responsible": ",".join(found.teachers),
                "responsible_name": "、".join(names.get(i, i) for i in found.teachers),
                "last": None, "due": due.isoformat(), "days_overdue": late, "missed": 0}
        rows += [{**base, "child_id": item.child.id, "name": item.child.name}
                 for item in found.remaining]
        if found.enrolled is None:
            rows.append({**base, "child_id": None, "name": t("census_class_total")})
    return rows


def overdue_row(status: DutyStatus, names: dict[str, str]) -> dict[str, Any]:
    child = status.child
    return {
        "child_id": child.id,
        "name": child.name,
        "class": child.class_name,
        "duty": status.duty.id,
        "duty_name": status.duty.name,
        "responsible": ",".join(status.responsible),
        "responsible_name": "、".join(names.get(staff_id, staff_id)
                                     for staff_id in status.responsible),
        "last": status.last.isoformat() if status.last else None,
        "due": status.due.isoformat(),
        "days_overdue": status.days_overdue,
        "missed": status.missed,
    }


def summary_counts(rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    overdue = [row for row in rows if row["days_overdue"] > 0]
    return {
        "overdue": len(overdue),
        "due_soon": len(rows) - len(overdue),
        "children": len({row["child_id"] for row in overdue if row["child_id"]}),
        "teachers": len({row["responsible"] for row in overdue if row["responsible"]}),
    }

