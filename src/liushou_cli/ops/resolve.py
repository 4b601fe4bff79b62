"""`liushou resolve CHILD`: a child's recorded merge conflicts settled. Each open conflict
(core/conflicts.py) is settled one of three ways: ours (the file's value stands), theirs
(the other side's value, or its removal, goes into the file) or a value the teacher gives;
the conflict's entry then leaves the `conflicts:` list, in one atomic write of the file.

A conflict inside a list of records (`pairings[代理家长 T005 2022-09-15].ended`, or a whole
record one side removed) is found again by the record's identity (store.merge.set_field) and
settled as ours or theirs; a value of one's own there is `child edit`'s to give.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from liushou_cli.core.conflicts import ConflictLike, open_conflicts
from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import Child
from liushou_cli.i18n import t, t_in
from liushou_cli.store.edit import edit_document, set_path
from liushou_cli.store.history import describe
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.merge import MISSING, set_field
from liushou_cli.store.read import LoadedChild

if TYPE_CHECKING:
    pass

OURS, THEIRS = "ours", "theirs"


@dataclass(frozen=True)
class Settlement:
    """How one conflict (by its index in the list) is settled: OURS, THEIRS, or `value`."""

    index: int
    take: str | None = None  # OURS or THEIRS; None when `value` is given
    value: Any = None


def conflicts_of(item: LoadedChild) -> list[tuple[int, ConflictLike]]:
    """The conflicts to settle, with their index in the list: one a field, the one recorded
    last. A field still in conflict when a later merge found it in conflict again holds two:
    the earlier one's "ours" is no longer the file's value, and settling it after the later
    one put back the oldest value; the later one supersedes it, and settling the later one
    removes both (`settle`)."""
    latest: dict[str, tuple[int, ConflictLike]] = {}
    for index, conflict in open_conflicts(item.child):
        latest[conflict.field] = (index, conflict)
    return sorted(latest.values(), key=lambda pair: pair[0])


def plain_path(field: str) -> tuple[str, ...] | None:
    """A conflict's field as a key path (`guardian.phone`), None inside a list of records."""
    return None if "[" in field else tuple(field.split("."))


def settle(folder: DataFolder, item: LoadedChild, settlements: list[Settlement],
           today: date) -> list[str]:
    """Apply the settlements to the child's file and drop their conflicts; the fields settled."""
    conflicts = dict(conflicts_of(item))
    for settlement in settlements:
        conflict = conflicts[settlement.index]
        if settlement.take is None and plain_path(conflict.field) is None:
            raise LiushouError(t("resolve_in_list", field=conflict.field), str(item.path))
    settled: list[str] = []
    fields = {conflicts[settlement.index].field for settlement in settlements}
    # The settled conflicts and those they supersede (the same field, recorded earlier).
    gone = sorted((index for index, conflict in open_conflicts(item.child)
                   if conflict.field in fields), reverse=True)
    with edit_document(folder, item.path, Child, today) as edit:
        for settlement in sorted(settlements, key=lambda s: s.index, reverse=True):
            conflict = conflicts[settlement.index]
            path = plain_path(conflict.field)
            # Their value as the file holds it (a date stays a date, not the validated
            # model's text of it).
            side = edit.data["conflicts"][settlement.index]["theirs"]
            theirs = None if side.get("removed") else side.get("value")
            if settlement.take == THEIRS and path is None:
                # The record is found by its identity; gone since (edited by hand) is said,
                # and nothing is written.
                value = MISSING if side.get("removed") else theirs
                if not set_field(edit.data, conflict.field, "child", value):
                    raise LiushouError(t("resolve_record_gone", field=conflict.field),
                                       str(item.path))
            elif settlement.take == THEIRS and path is not None:
                set_path(edit.data, path, theirs)
            elif settlement.take is None and path is not None:
                set_path(edit.data, path, settlement.value)
            settled.append(conflict.field)
        for index in gone:
            del edit.data["conflicts"][index]
        if not edit.data["conflicts"]:
            del edit.data["conflicts"]
    describe(t_in("zh", "history_resolved", name=item.child.name, id=item.child.id,
                  count=len(settled)))
    return settled[::-1]
