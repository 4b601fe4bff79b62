"""Report rows for the support system (plain data, no printing); the support duties' own rows
in the overdue report are made by duties.rows.

- `report --caseload`: per teacher, the children they carry in each role and what is due;
- `report --incomplete`: cards missing 三知 facts, key-support children without a proxy
  parent, children without a learning buddy or a learning-support plan.
The json/csv keys are documented in docs/reports/caseload.md and docs/reports/incomplete.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from liushou_cli.core.classes import class_order, same_class
from liushou_cli.core.model import Child, Staff
from liushou_cli.core.support import BUDDY, TUTOR, current_pairing, open_case, open_plans, proxy_parent_on
from liushou_cli.duties.rows import DutyRow
from liushou_cli.duties.rules import on_record
from liushou_cli.i18n import t
from liushou_cli.reports.check import sanzhi_gaps

# ---- report --caseload ---------------------------------------------------------------------------
CASELOAD_KEYS = ("staff_id", "name", "children", "class_teacher", "proxy_parent", "tutor",
                 "learning_plans", "individual_plans", "due_soon", "overdue")
UNASSIGNED = None


def caseload_rows(children: Iterable[Child], staff: Sequence[Staff],
                  duty_rows: Sequence[DutyRow], as_of: date, within: int,
                  by: str | None = None, klass: str | None = None) -> list[dict[str, Any]]:
    """One row per teacher who carries any child or owes anything, in staff.yaml order,
    and a last row for what nobody is assigned to. `duty_rows` are the overdue-report rows
    (every duty, due soon or not); due_soon counts those due within `within` days.
    One pass over the children and one over the rows, whatever the number of teachers."""
    leads: dict[str, list[str]] = defaultdict(list)
    for member in staff:
        for name in member.leads:
            leads[name].append(member.id)
    carried: dict[str, dict[str, set[str]]] = defaultdict(
        lambda: {"class_teacher": set(), "proxy_parent": set(), "tutor": set(), "plans": set()})
    plans: Counter[str] = Counter()
    cases: Counter[str] = Counter()
    if klass is not None:
        children = [child for child in children if same_class(child.class_name, klass)]
        duty_rows = [row for row in duty_rows if same_class(row["class"], klass)]
    for child in children:
        if not child.active or not on_record(child, as_of):
            continue
        for teacher in leads.get(child.class_name, ()):
            carried[teacher]["class_teacher"].add(child.id)
        proxy = proxy_parent_on(child, as_of)
        if proxy:
            carried[proxy]["proxy_parent"].add(child.id)
        tutor = current_pairing(child, TUTOR, as_of)
        if tutor is not None and tutor.staff:
            carried[tutor.staff]["tutor"].add(child.id)
        for plan in open_plans(child, as_of):
            plans[plan.teacher] += 1
            carried[plan.teacher]["plans"].add(child.id)
        case = open_case(child, as_of)
        if case is not None and case.plan is not None:
            cases[case.plan.teacher] += 1
            carried[case.plan.teacher]["plans"].add(child.id)
    owed: dict[str | None, list[DutyRow]] = defaultdict(list)
    for duty_row in duty_rows:
        if not duty_row["responsible"]:
            owed[None].append(duty_row)
        for teacher in filter(None, duty_row["responsible"].split(",")):
            owed[teacher].append(duty_row)
    rows = []
    for member in staff:
        if by is not None and member.id != by:
            continue
        roles = carried.get(member.id)
        row = {"staff_id": member.id, "name": member.name,
               "children": len(set().union(*roles.values())) if roles else 0,
               **{key: len(roles[key]) if roles else 0
                  for key in ("class_teacher", "proxy_parent", "tutor")},
               "learning_plans": plans[member.id], "individual_plans": cases[member.id],
               **_due(owed.get(member.id, []), within)}
        if any(row[key] for key in CASELOAD_KEYS[2:]):
            rows.append(row)
    if by is None:
        due = _due(owed.get(None, []), within)
        if due["due_soon"] or due["overdue"]:
            rows.append({"staff_id": UNASSIGNED, "name": t("unassigned"), "children": 0,
                         "class_teacher": 0, "proxy_parent": 0, "tutor": 0,
                         "learning_plans": 0, "individual_plans": 0, **due})
    return rows


def _due(rows: Sequence[DutyRow], within: int) -> dict[str, int]:
    return {"due_soon": sum(1 for row in rows if -within <= row["days_overdue"] <= 0),
            "overdue": sum(1 for row in rows if row["days_overdue"] > 0)}


# ---- report --incomplete -------------------------------------------------------------------------
INCOMPLETE_KEYS = ("child_id", "name", "class", "gap", "missing", "class_teacher")
GAPS = ("sanzhi_child", "sanzhi_guardian", "sanzhi_parents", "no_proxy_parent", "no_buddy",
        "no_learning_plan")


def incomplete_rows(children: Iterable[Child], staff: Sequence[Staff], as_of: date, *,
                    klass: str | None = None, by: str | None = None) -> list[dict[str, Any]]:
    """One row per child and gap, by class, child and gap; `missing` lists the card's empty
    fields for a 三知 gap. Only children on record and active."""
    leads: dict[str, list[str]] = {}
    for member in staff:
        for name in member.leads:
            leads.setdefault(name, []).append(member.id)
    rows: list[dict[str, Any]] = []
    for child in children:
        if not child.active or not on_record(child, as_of):
            continue
        if klass is not None and not same_class(child.class_name, klass):
            continue
        teachers = leads.get(child.class_name, [])
        if by is not None and by not in teachers:
            continue
        gaps: list[tuple[str, list[str]]] = list(sanzhi_gaps(child).items())
        if child.key_support and proxy_parent_on(child, as_of) is None:
            gaps.append(("no_proxy_parent", []))
        if current_pairing(child, BUDDY, as_of) is None:
            gaps.append(("no_buddy", []))
        if not open_plans(child, as_of):
            gaps.append(("no_learning_plan", []))
        rows += [{"child_id": child.id, "name": child.name, "class": child.class_name,
                  "gap": gap, "missing": list(fields), "class_teacher": ",".join(teachers)}
                 for gap, fields in sorted(gaps, key=lambda pair: GAPS.index(pair[0]))]
    rows.sort(key=lambda row: (class_order(row["class"]), row["child_id"]))
    return rows


def incomplete_counts(rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    counts = {gap: sum(1 for row in rows if row["gap"] == gap) for gap in GAPS}
    counts["sanzhi"] = len({row["child_id"] for row in rows if row["gap"].startswith("sanzhi")})
    counts["children"] = len({row["child_id"] for row in rows})
    return counts
