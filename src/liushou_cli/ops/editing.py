"""Checking a record edited by hand in $EDITOR, and saving it."""

from __future__ import annotations

from datetime import date

from liushou_cli.core.errors import Problem
from liushou_cli.core.model import Child
from liushou_cli.core.text import Message
from liushou_cli.core.validators import ValidationDay
from liushou_cli.i18n import t_in
from liushou_cli.ops.children import recorded_ahead
from liushou_cli.store.edit import replace_text
from liushou_cli.store.history import describe
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import LoadedChild, model_from_text
from liushou_cli.store.yamlio import line_of


def check_edited_text(text: str, expected_id: str, shown_as: str, today: date) -> list[Problem]:
    """Every problem of the edited text (as a record on `today`); the id must stay, since it
    names the file."""
    child, problems = model_from_text(text, Child, shown_as, ValidationDay(today))
    if child is not None and child.id != expected_id:
        problems.append(Problem(shown_as, None, "error", "id_changed",
                                Message.of("id_changed", old=expected_id, new=child.id)))
    ahead = recorded_ahead(child.recorded_on, today) if child is not None else None
    if ahead is not None:
        problems.append(Problem(shown_as, line_of(text, ("recorded_on",)), "error", "schema",
                                ahead))
    return problems


def save_edited_text(folder: DataFolder, item: LoadedChild, text: str, digest: str,
                     today: date) -> None:
    """Replace the child's file with the checked text (refused if the file changed since it
    was read, as `digest` says), the history naming whose record it was."""
    replace_text(folder, item.path, text, digest, Child, today)
    describe(t_in("zh", "history_child_edited", name=item.child.name, id=item.child.id))
