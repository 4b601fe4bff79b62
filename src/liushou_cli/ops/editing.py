"""Checking a record edited by hand in $EDITOR before it is saved."""

from __future__ import annotations

from datetime import date

from liushou_cli.core.errors import Problem
from liushou_cli.core.model import Child, ValidationDay
from liushou_cli.core.text import Message
from liushou_cli.store.read import model_from_text


def check_edited_text(text: str, expected_id: str, shown_as: str, today: date) -> list[Problem]:
    """Every problem of the edited text (as a record on `today`); the id must stay, since it
    names the file."""
    child, problems = model_from_text(text, Child, shown_as, ValidationDay(today))
    if child is not None and child.id != expected_id:
        problems.append(Problem(shown_as, None, "error", "id_changed",
                                Message.of("id_changed", old=expected_id, new=child.id)))
    return problems
