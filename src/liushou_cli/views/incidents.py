"""Incidents as rows (`incident list`) and as the card's section (`child show --incidents`).

Restricted: nothing else shows them. Every other view of a child (the card's default view,
`child show -f json|csv`, `child list`, the export, the reports) leaves them out:
`without_incidents` takes them off a record's data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from liushou_cli.core.incidents import KindRule, hours_late, moment_text
from liushou_cli.i18n import show, t

if TYPE_CHECKING:
    from liushou_cli.core.model import Child, Incident

Lines = list[tuple[str, str]]

INCIDENT_COLUMNS = ("id", "child_id", "name", "class", "kind", "at", "found_by", "by",
                    "by_name", "seen", "action", "steps_done", "steps_open", "closed_at",
                    "outcome", "state")
INCIDENT_TABLE_COLUMNS = ("at", "name", "class", "kind", "steps_open", "state")


def without_incidents(record: dict[str, Any]) -> dict[str, Any]:
    """A child's data without its incidents (the default of every view but two)."""
    return {key: value for key, value in record.items() if key != "incidents"}


def open_steps(incident: Incident, rule: KindRule | None) -> list[str]:
    """The steps its kind owes that are not yet recorded (none once closed)."""
    if rule is None or incident.closed_at is not None:
        return []
    done = {step.step for step in incident.steps}
    return [owed.step for owed in rule.steps if owed.step not in done]


def state_of(incident: Incident) -> str:
    return t("incident_closed") if incident.closed_at is not None else t("incident_open")


def incident_row(child: Child, incident: Incident, rule: KindRule | None,
                 names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": incident.id, "child_id": child.id, "name": child.name,
        "class": child.class_name, "kind": show(incident.kind), "at": moment_text(incident.at),
        "found_by": names.get(incident.found_by, incident.found_by),
        "by": incident.by, "by_name": names.get(incident.by or "", incident.by),
        "seen": incident.seen, "action": incident.action,
        "steps_done": t("list_sep").join(
            f"{show(step.step)} {moment_text(step.done_at)}" for step in incident.steps),
        "steps_open": t("list_sep").join(show(step) for step in open_steps(incident, rule)),
        "closed_at": moment_text(incident.closed_at) if incident.closed_at else None,
        "outcome": incident.outcome, "state": state_of(incident),
    }


def incident_lines(child: Child, kinds: Mapping[str, KindRule], names: Mapping[str, str],
                   moment: datetime) -> Lines:
    """The card's section of incidents: each incident, its steps done and those still owed
    (with their deadline), its outcome; the latest first."""
    lines: Lines = []
    for incident in sorted(child.incidents, key=lambda found: found.at, reverse=True):
        rule = kinds.get(incident.kind)
        head = t("incident_line", at=moment_text(incident.at), kind=show(incident.kind),
                 state=state_of(incident), id=incident.id)
        lines.append((head, t("incident_seen", seen=incident.seen, action=incident.action,
                              found_by=names.get(incident.found_by, incident.found_by))))
        for step in incident.steps:
            who = names.get(step.by or "", step.by or "")
            lines.append(("", t("incident_step_line", step=show(step.step),
                                at=moment_text(step.done_at), by=who)
                          + (f"({step.note})" if step.note else "")))
        if rule is not None:
            owing = open_steps(incident, rule)
            for owed in rule.steps:
                if owed.step in owing:
                    lines.append(("", t("incident_step_owed", step=show(owed.step),
                                        due=moment_text(_due(incident, owed.hours)),
                                        late=_late(incident, owed.hours, moment))))
        if incident.closed_at is not None:
            lines.append(("", t("incident_closed_line", at=moment_text(incident.closed_at),
                                outcome=incident.outcome or "")))
    return lines


def _due(incident: Incident, hours: int) -> datetime:
    return incident.at + timedelta(hours=hours)


def _late(incident: Incident, hours: int, moment: datetime) -> str:
    late = hours_late(_due(incident, hours), moment)
    return t("hours_overdue", hours=late) if late > 0 else t("incident_not_due")
