"""Telling a new record from one already kept: the same 身份证号, the same name in the same
class, the same staff name. Pure: records in, the first duplicate found out.

A 身份证号 belongs to one person: a second file for it is refused even with --force (a child
who left and comes back is the old file set back to 在读, not a new file). Two children of one
class, or two teachers, may share a name: that is refused unless the user insists (--force,
or yes on a terminal), since a name typed later (`--by 王芳`, `child show 张伟`) then needs
the id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from liushou_cli.core.classes import class_key
from liushou_cli.core.errors import LiushouError
from liushou_cli.i18n import show, t
from liushou_cli.store.layout import DataFolder

if TYPE_CHECKING:
    from liushou_cli.core.model import Child, Staff


class SameIdNumber(LiushouError):
    """A new child's 身份证号 is another child's: never a second file, --force or not."""


class PossibleDuplicate(LiushouError):
    """A new record has the name (and class) of one already kept; `question` asks whether to
    record it all the same, for a terminal."""

    def __init__(self, message: str, question: str) -> None:
        super().__init__(message)
        self.question = question


@dataclass(frozen=True)
class Kept:
    """A child already recorded (or earlier in the same batch), as a duplicate is named."""

    child: Child
    file: str


def kept_children(folder: DataFolder, children: Iterable[Child]) -> list[Kept]:
    """Known children with the file each is kept in (children/<id>.yaml)."""
    return [Kept(child, folder.rel(folder.child_path(child.id))) for child in children]


def id_number_owner(id_number: str | None, kept: Sequence[Kept]) -> Kept | None:
    """The child, active or archived, whose 身份证号 is `id_number`."""
    if not id_number:
        return None
    wanted = id_number.upper()
    return next((other for other in kept if other.child.id_number == wanted), None)


def same_name_in_class(child: Child, kept: Sequence[Kept]) -> Kept | None:
    """An active child of the same class with the same name."""
    key = class_key(child.class_name)
    return next((other for other in kept if other.child.active
                 and other.child.name == child.name
                 and class_key(other.child.class_name) == key), None)


def refuse_child_duplicate(child: Child, kept: Sequence[Kept], force: bool) -> None:
    """Raise SameIdNumber, or (unless `force`) PossibleDuplicate, if `child` is already kept."""
    owner = id_number_owner(child.id_number, kept)
    if owner is not None:
        message = t("dup_id_number_new", no=child.id_number, name=owner.child.name,
                    file=owner.file)
        if not owner.child.active:
            message += t("dup_id_number_archived", status=show(owner.child.status),
                         id=owner.child.id)
        raise SameIdNumber(message)
    if force:
        return
    other = same_name_in_class(child, kept)
    if other is not None:
        found = t("dup_name_class", name=other.child.name, file=other.file)
        raise PossibleDuplicate(found + t("dup_force_hint"), found + t("dup_ask"))


def refuse_staff_duplicate(member: Staff, staff: Sequence[Staff], force: bool) -> None:
    """Unless `force`, refuse a new staff member named as one already listed."""
    if force:
        return
    other = next((known for known in staff if known.name == member.name), None)
    if other is not None:
        found = t("dup_staff_name_new", name=other.name, id=other.id)
        raise PossibleDuplicate(found + t("dup_force_hint"), found + t("dup_ask_staff"))
