"""A titled block of a card or a record (`child show`, `plan show`, `iep show`): its lines
as (label, shown value) pairs, the empty ones dropped."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from liushou_cli.i18n import show


@dataclass
class CardSection:
    """A titled block of the contact card: (label, shown value) lines, empty ones dropped."""

    title: str
    lines: list[tuple[str, str]]


def card_lines(pairs: Iterable[tuple[str, Any]]) -> list[tuple[str, str]]:
    """The pairs whose value is given, each value shown in the output language."""
    return [(name, show(value)) for name, value in pairs if value not in (None, [], "")]
