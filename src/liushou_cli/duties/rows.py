"""Records -> report rows (plain data, no printing): the overdue report.

Row keys are the json/csv contract: child_id, name, class, duty, responsible, last, due,
days_overdue; the table also uses duty_name, responsible_name and missed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TypedDict

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.classes import same_class
from liushou_cli.core.model import CensusFile, Duty, Staff
from liushou_cli.duties.census import CensusFact
from liushou_cli.duties.rules import DutyStatus, class_teacher_index
from liushou_cli.duties.support import SUPPORT_KINDS, Owed
from liushou_cli.i18n import lang, set_lang, t

CENSUS_DUTY = "census"

# One row of the overdue report, whatever the duty (configured, support or census): a child's
# (child_id set) or a class's (child_id None). Dates are ISO strings: the json/csv contract.
DutyRow = TypedDict("DutyRow", {
    "child_id": str | None, "name": str, "class": str, "duty": str, "duty_name": str,
    "responsible": str, "responsible_name": str, "last": str | None, "due": str,
    "days_overdue": int, "missed": int})


def duty_row(*, child_id: str | None, name: str, klass: str, duty: str, duty_name: str,
             responsible: Sequence[str], names: Mapping[str, str], last: date | None,
             due: date, days_overdue: int, missed: int) -> DutyRow:
    """The one way a duty row is made; `names`: staff id -> name."""
    return {
        "child_id": child_id,
        "name": name,
        "class": klass,
        "duty": duty,
        "duty_name": duty_name,
        "responsible": ",".join(responsible),
        "responsible_name": "、".join(names.get(staff_id, staff_id) for staff_id in responsible),
        "last": last.isoformat() if last else None,
        "due": due.isoformat(),
        "days_overdue": days_overdue,
        "missed": missed,
    }

OVERDUE_KEYS = ("child_id", "name", "class", "duty", "responsible", "last", "due",
                "days_overdue")
OVERDUE_EXTRA_KEYS = ("duty_name", "responsible_name", "missed")


def find_duties(duties: Sequence[Duty], wanted: str | None) -> list[Duty]:
    """The duties named by id or name; all of them when none is asked for."""
    if wanted is None:
        return list(duties)
    return [duty for duty in duties if wanted in (duty.id, duty.name)]


def overdue_rows(rows: Iterable[DutyRow], *, due_within: int | None = None,
                 by: str | None = None, klass: str | None = None) -> list[DutyRow]:
    """The rows to report: overdue ones, plus those due within `due_within` days if asked,
    of one teacher and one class if asked; grouped by the responsible teacher, most overdue
    first."""
    found = []
    for row in rows:
        if not (row["days_overdue"] > 0 or (due_within is not None
                                            and -row["days_overdue"] <= due_within)):
            continue
        if by is not None and by not in row["responsible"].split(","):
            continue
        if klass is not None and not same_class(row["class"], klass):
            continue
        found.append(row)
    found.sort(key=lambda row: (row["responsible_name"] or "\uffff", -row["days_overdue"],
                                row["class"], row["child_id"] is None, row["child_id"] or ""))
    return found


def census_rows(facts: Iterable[CensusFact], staff: Sequence[Staff], census: CensusFile,
                school: SchoolCalendar, as_of: date, census_days: int) -> list[DutyRow]:
    """The census as a duty of each class teacher: due `census_days` school days into the
    term; a row per child not yet checked, and one for a class without its enrolled total,
    in every class not yet finished. `facts` are the children the census covers. In a
    holiday it is the census of the term that ended, still overdue like every other duty,
    until the next term begins and its own census takes over."""
    term = school.reference_term(as_of)
    if term is None:
        return []
    due = school.day_at(school.ordinal(term.start) + census_days)
    late = school.ordinal(as_of) - school.ordinal(due)
    names = {member.id: member.name for member in staff}
    teachers = class_teacher_index(staff)
    remaining: dict[str, list[CensusFact]] = {klass: [] for klass in teachers}
    for fact in facts:
        waiting = remaining.setdefault(fact.klass, [])
        if not fact.checked:
            waiting.append(fact)
    for klass in census.classes:
        remaining.setdefault(klass, [])
    rows: list[DutyRow] = []
    for klass, waiting in remaining.items():
        found = census.classes.get(klass)
        if found is not None and found.finished:
            continue
        responsible = teachers.get(klass, [])
        rows += [duty_row(child_id=child_id, name=name, klass=klass, duty=CENSUS_DUTY,
                          duty_name=t("census_duty"), responsible=responsible, names=names,
                          last=None, due=due, days_overdue=late, missed=0)
                 for child_id, name in [*((fact.child_id, fact.name) for fact in waiting),
                                        *([(None, t("census_class_total"))]
                                          if found is None or found.enrolled is None else [])]]
    return rows


def overdue_row(status: DutyStatus, names: dict[str, str]) -> DutyRow:
    child = status.child
    return duty_row(child_id=child.id, name=child.name, klass=child.class_name,
                    duty=status.duty.id, duty_name=status.duty.name,
                    responsible=status.responsible, names=names, last=status.last,
                    due=status.due, days_overdue=status.days_overdue, missed=status.missed)


def summary_counts(rows: Sequence[DutyRow]) -> dict[str, int]:
    overdue = [row for row in rows if row["days_overdue"] > 0]
    return {
        "overdue": len(overdue),
        "due_soon": len(rows) - len(overdue),
        "children": len({row["child_id"] for row in overdue if row["child_id"]}),
        "teachers": len({row["responsible"] for row in overdue if row["responsible"]}),
    }


# ---- the support duties in the overdue report ----------------------------------------------------
def duty_name(duty: str, detail: str | None = None) -> str:
    """The support duty's name in the current language (`duty_<id>` in the catalog), with
    the detail its kind names where there is one (the plan's subject, the care record's
    kind)."""
    named = SUPPORT_KINDS[duty].named
    if named is not None and detail:
        return named(detail)
    return t("duty_" + duty.replace("-", "_"))


def find_support_duties(wanted: str | None) -> list[str]:
    """The support duties named by id or name (either language); all when none is asked."""
    if wanted is None:
        return list(SUPPORT_KINDS)
    names = {duty: {duty} for duty in SUPPORT_KINDS}
    current = lang()
    try:
        for language in ("zh", "en"):
            set_lang(language)
            for duty in SUPPORT_KINDS:
                names[duty].add(duty_name(duty))
    finally:
        set_lang(current)
    return [duty for duty in SUPPORT_KINDS if wanted in names[duty]]


def support_rows(owed: Iterable[Owed], names: Mapping[str, str]) -> list[DutyRow]:
    """The support duties as overdue-report rows; a class's row has no child id. `names`:
    staff id -> name."""
    rows = []
    for item in owed:
        child = item.child
        rows.append(duty_row(
            child_id=child.id if child else None, name=child.name if child else t("whole_class"),
            klass=item.klass, duty=item.duty, duty_name=duty_name(item.duty, item.detail),
            responsible=item.responsible, names=names, last=item.last, due=item.due,
            days_overdue=item.days_overdue, missed=item.missed))
    return rows
