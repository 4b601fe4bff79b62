"""A record's open merge conflicts: the fields two copies of the folder changed differently,
which a merge (store/merge.py) wrote into the file's `conflicts:` list. The file holds the
value of the side that merged (`ours`); each conflict keeps the other side's value until a
person decides and removes it from the list, so every entry in the list is still open.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from liushou_cli.core.model import Conflict, ConflictSide


def open_conflicts(record: BaseModel) -> list[tuple[int, Conflict]]:
    """The conflicts still open on a record (a child, the staff file, liushou.yaml, a census
    or an activity file), each with its index in the `conflicts:` list (the line to point at)."""
    conflicts: list[Conflict] = getattr(record, "conflicts", None) or []
    return list(enumerate(conflicts))


def side_value(side: ConflictSide) -> Any:
    """What one side made of the field: its value, or None when that side removed it."""
    return None if side.removed else side.value
