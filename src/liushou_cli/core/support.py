"""Who supports a child, on which day: pairings, plans and cases as plain questions (pure).

A pairing holds from its `date` up to the day before `ended`. The proxy parent on a day is the
teacher of the 代理家长 pairing open that day; a child with no 代理家长 pairing at all (files
written before pairings were dated) has the `proxy_parent` of the card on every day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_cli.core.model import Child, IepPlan, IndividualPlan, LearningPlan, Pairing


PROXY, TUTOR, BUDDY = "代理家长", "义务辅导员", "学习帮手"


def open_pairings(child: Child, role: str, day: date) -> list[Pairing]:
    """The child's pairings of `role` that hold on `day`, oldest first."""
    return [pairing for pairing in child.pairings if pairing.role == role and pairing.open_on(day)]


def current_pairing(child: Child, role: str, day: date) -> Pairing | None:
    """The pairing of `role` that holds on `day`: the latest one if several do."""
    found = open_pairings(child, role, day)
    return found[-1] if found else None


def has_proxy_history(child: Child) -> bool:
    return any(pairing.role == PROXY for pairing in child.pairings)


def proxy_parent_on(child: Child, day: date) -> str | None:
    """The proxy parent on `day`, from the dated pairings, else the card's proxy_parent."""
    if not has_proxy_history(child):
        return child.proxy_parent
    pairing = current_pairing(child, PROXY, day)
    return pairing.staff if pairing else None


def proxy_history(child: Child) -> list[tuple[str, date | None, date | None]]:
    """(teacher, from, until) for every proxy parent the child has had, oldest first; the
    card's undated proxy_parent, when there is no dated pairing, has no dates."""
    if not has_proxy_history(child):
        return [(child.proxy_parent, None, None)] if child.proxy_parent else []
    return [(pairing.staff or "", pairing.date, pairing.ended)
            for pairing in sorted(child.pairings, key=lambda p: p.date) if pairing.role == PROXY]


def open_plans(child: Child, day: date) -> list[LearningPlan]:
    """Learning-support plans started by `day` and not ended by then."""
    return [plan for plan in child.learning_plans
            if plan.date <= day and (plan.ended is None or plan.ended > day)]


def open_case(child: Child, day: date | None = None) -> IndividualPlan | None:
    """The child's open individual-plan case (flagged, not closed) on `day` (default: now)."""
    for case in reversed(child.individual_plans):
        if day is not None and case.flagged > day:
            continue
        if case.closed is None or (day is not None and case.closed > day):
            return case
    return None


def plan_in_force(child: Child, day: date) -> IepPlan | None:
    """The individual education plan in force on `day`: its open case's (open_case), once
    written by then (a case is flagged first, its plan written days later)."""
    case = open_case(child, day)
    plan = case.plan if case is not None else None
    return plan if plan is not None and plan.date <= day else None


def tutor_load(children: Iterable[Child], teacher: str, day: date) -> list[Child]:
    """The active children for whom `teacher` is volunteer tutor on `day`."""
    return [child for child in children if child.active
            and any(pairing.staff == teacher for pairing in open_pairings(child, TUTOR, day))]
