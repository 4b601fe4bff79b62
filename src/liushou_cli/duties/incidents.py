"""An open incident's steps as rows of the overdue report, counted in hours.

A child's incidents become facts once per file (IncidentFact: every step its kind owes,
done or not, with its deadline), kept by the cache with the child's other duty rows
(duties/day.py); the facts hold moments as text and no word of any language. The rows are
made from them at the moment the report is asked about (`--as-of`, else the clock), since a
step's lateness changes by the hour: a step is open at a moment if the incident had
happened, was not yet closed and the step not yet done then. Hours run on the wall clock in
China time, holidays included (core/incidents.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from liushou_cli.core.incidents import KindRule, hours_late, moment_text, parse_moment
from liushou_cli.duties.rows import INCIDENT_DUTY, DutyRow
from liushou_cli.i18n import show, t
from liushou_cli.store.cachecodec import register

if TYPE_CHECKING:
    from liushou_cli.core.model import Child


@register
class IncidentFact(NamedTuple):
    """One step an incident owes, as the cache keeps it (moments as 2022-11-20 14:30)."""

    child_id: str
    name: str
    klass: str
    incident: str
    kind: str
    at: str
    step: int  # its place among its kind's steps (no word of the school's is cached)
    due: str
    done_at: str | None
    closed_at: str | None
    responsible: str  # staff ids, comma-separated (as a duty row's)
    responsible_name: str


def incident_facts(child: Child, kinds: Mapping[str, KindRule],
                   teachers: Mapping[str, Sequence[str]],
                   names: Mapping[str, str]) -> tuple[IncidentFact, ...]:
    """Every step the child's incidents owe. Whoever recorded an incident answers for its
    steps, else the class teacher. An incident of a kind liushou.yaml no longer knows owes
    nothing here (`check` names it)."""
    facts = []
    for incident in child.incidents:
        rule = kinds.get(incident.kind)
        if rule is None:
            continue
        responsible = ([incident.by] if incident.by
                       else list(teachers.get(child.class_name, ())))
        done = {step.step: step.done_at for step in incident.steps}
        for position, owed in enumerate(rule.steps):
            # Naive arithmetic on China time: no time zone, so no daylight saving, ever.
            due = incident.at + timedelta(hours=owed.hours)
            facts.append(IncidentFact(
                child.id, child.name, child.class_name, incident.id, incident.kind,
                moment_text(incident.at), position,
                moment_text(due),
                moment_text(done[owed.step]) if owed.step in done else None,
                moment_text(incident.closed_at) if incident.closed_at else None,
                ",".join(responsible), "、".join(names.get(i, i) for i in responsible)))
    return tuple(facts)


def _on(text: str | None) -> datetime | None:
    return parse_moment(text) if text is not None else None


@register
class StepTimes(NamedTuple):
    """A step's times alone, no child and no one named: what a county keeps of each step to
    count those overdue at the moment it asks about (reports/county.py)."""

    at: str
    due: str
    done_at: str | None
    closed_at: str | None

    @classmethod
    def of(cls, fact: IncidentFact) -> StepTimes:
        return cls(fact.at, fact.due, fact.done_at, fact.closed_at)


def open_at(fact: IncidentFact | StepTimes, moment: datetime) -> bool:
    """Was the step owed and not yet done at `moment`?"""
    at, done, closed = _on(fact.at), _on(fact.done_at), _on(fact.closed_at)
    return (at is not None and at <= moment and (closed is None or closed > moment)
            and (done is None or done > moment))


def incident_rows(facts: Iterable[IncidentFact], moment: datetime,
                  kinds: Mapping[str, KindRule]) -> list[DutyRow]:
    """The steps open at `moment` as overdue-report rows, in the output language (`kinds`:
    those the facts were made with, to name their steps): `due` and
    `last` (the incident's time) to the minute, `hours_overdue` (negative: hours left),
    `days_overdue` the hours in whole days, rounded up, so that a row is overdue by either
    count alike; `key`, which of the child's steps it is: the incident's id and the step's
    name (render/ics.py's UID: the same whichever other step is done)."""
    rows: list[DutyRow] = []
    for fact in facts:
        if not open_at(fact, moment):
            continue
        due = parse_moment(fact.due)
        assert due is not None  # written by incident_facts
        hours = hours_late(due, moment)
        step = kinds[fact.kind].steps[fact.step].step
        rows.append({
            "child_id": fact.child_id, "name": fact.name, "class": fact.klass,
            "duty": INCIDENT_DUTY,
            "duty_name": t("incident_duty_name", kind=show(fact.kind), step=show(step)),
            "responsible": fact.responsible, "responsible_name": fact.responsible_name,
            "last": fact.at, "due": fact.due,
            "days_overdue": _days(hours),
            "missed": 0, "incident": fact.incident, "hours_overdue": hours,
            "key": f"{fact.incident}\x1f{step}"})
    return rows


def days_overdue_at(steps: Iterable[StepTimes], moment: datetime) -> list[int]:
    """The days overdue (incident_rows' count) of each step open and overdue at `moment`."""
    found = []
    for step in steps:
        if open_at(step, moment):
            due = parse_moment(step.due)
            if due is not None and (hours := hours_late(due, moment)) > 0:
                found.append(_days(hours))
    return found


def _days(hours: int) -> int:
    """Hours as whole days, rounded up: a row is overdue by either count alike."""
    return -(-hours // 24)
