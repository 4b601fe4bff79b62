"""`check` for a child's incidents: a kind liushou.yaml does not know (its steps would be
owed to no one and never reported), a step its kind does not owe; each at its file:line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liushou_cli.core.errors import Problem
from liushou_cli.core.incidents import kinds_of
from liushou_cli.core.text import Choice, Label, Message
from liushou_cli.store.yamlio import line_in_file

if TYPE_CHECKING:
    from liushou_cli.core.model import Child


def known_kinds(configured: Iterable[Any] = ()) -> dict[str, tuple[str, ...]]:
    """Kind -> the steps it owes: the defaults and liushou.yaml's `incident_kinds`."""
    return {name: tuple(step.step for step in rule.steps)
            for name, rule in kinds_of(configured).items()}


def incident_problems(child: Child, rel: str, path: Path,
                      kinds: dict[str, tuple[str, ...]]) -> list[Problem]:
    """The child's incidents against `kinds` (known_kinds)."""
    found: list[Problem] = []
    for index, incident in enumerate(child.incidents):
        if incident.kind not in kinds:
            found.append(Problem(rel, line_in_file(path, ("incidents", index, "kind")), "error",
                                 "incident_kind_unknown",
                                 Message.of("incident_kind_unknown", kind=incident.kind)))
            continue
        owed = kinds[incident.kind]
        for position, step in enumerate(incident.steps):
            if owed and step.step not in owed:
                found.append(Problem(
                    rel, line_in_file(path, ("incidents", index, "steps", position, "step")),
                    "warning", "incident_step_unknown",
                    Message.of("incident_step_unknown", field=Label(
                        ("incidents", index, "steps", position, "step")), step=step.step,
                        kind=incident.kind, steps=tuple(Choice(word) for word in owed))))
    return found
