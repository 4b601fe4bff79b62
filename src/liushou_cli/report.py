"""Records -> report rows (plain data, no printing): the overdue report.

Row keys are the json/csv contract: child_id, name, class, duty, responsible, last, due,
days_overdue; the table also uses duty_name, responsible_name and missed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from liushou_cli.classes import same_class
from liushou_cli.model import Duty, Staff
from liushou_cli.rules import DutyStatus

OVERDUE_KEYS = ("child_id", "name", "class", "duty", "responsible", "last", "due",
                "days_overdue")
OVERDUE_EXTRA_KEYS = ("duty_name", "responsible_name", "missed")


def find_duties(duties: Sequence[Duty], wanted: str | None) -> list[Duty]:
    """The duties named by id or name; all of them when none is asked for."""
    if wanted is None:
        return list(duties)
    return [duty for duty in duties if wanted in (duty.id, duty.name)]


def overdue_rows(statuses: Iterable[DutyStatus], staff: Iterable[Staff], *,
                 due_within: int | None = None, by: str | None = None,
                 klass: str | None = None) -> list[dict[str, Any]]:
    """One row per child and unmet duty: overdue ones, plus those due within `due_within`
    days if asked; grouped by the responsible teacher, most overdue first."""
    names = {member.id: member.name for member in staff}
    rows = []
    for status in statuses:
        if not (status.overdue or (due_within is not None
                                   and -status.days_overdue <= due_within)):
            continue
        if by is not None and by not in status.responsible:
            continue
        if klass is not None and not same_class(status.child.class_name, klass):
            continue
        rows.append(overdue_row(status, names))
    rows.sort(key=lambda row: (row["responsible_name"] or "\uffff", -row["days_overdue"],
                               row["class"], row["child_id"]))
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
        "children": len({row["child_id"] for row in overdue}),
        "teachers": len({row["responsible"] for row in overdue}),
    }

