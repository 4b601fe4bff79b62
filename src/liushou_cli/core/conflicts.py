"""A record's open merge conflicts: the fields two copies of the folder changed differently,
which a merge (store/merge.py) wrote into the file's `conflicts:` list. The file holds the
value of the side that merged (`ours`); each conflict keeps the other side's value until a
person decides and removes it from the list, so every entry in the list is still open.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol


class SideLike(Protocol):
    """One side of a conflict: a record's (core.model.ConflictSide) or the settings'
    (core.settings.ConflictSide)."""

    @property
    def value(self) -> Any: ...

    @property
    def removed(self) -> bool: ...

    @property
    def by(self) -> str | None: ...

    @property
    def date(self) -> date | None: ...


class ConflictLike(Protocol):
    """A conflict, as a record or the settings keep it."""

    @property
    def field(self) -> str: ...

    @property
    def ours(self) -> SideLike: ...

    @property
    def theirs(self) -> SideLike: ...


def open_conflicts(record: object) -> list[tuple[int, ConflictLike]]:
    """The conflicts still open on a record (a child, the staff file, liushou.yaml, a census
    or an activity file), each with its index in the `conflicts:` list (the line to point at)."""
    conflicts: list[ConflictLike] = getattr(record, "conflicts", None) or []
    return list(enumerate(conflicts))


def side_value(side: SideLike) -> Any:
    """What one side made of the field: its value, or None when that side removed it."""
    return None if side.removed else side.value
