"""What the support commands (assign, plan, iep, care, activity) share: options and finding
who records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer

from liushou_cli.core.errors import UsageError
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import find_staff
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import StaffNames, staff_or_fail

if TYPE_CHECKING:
    from liushou_cli.core.model import Staff, StaffLike

CHILD_ARG: Any = typer.Argument(..., help=help_text("argument.child"))
DATE_OPTION: Any = typer.Option(None, "--date", help=help_text("option.date"))
BY_ONE: Any = typer.Option(None, "--by", help=help_text("option.by-one"))
BY_MANY: Any = typer.Option([], "--by", help=help_text("option.by-many"))
REASON: Any = typer.Option(..., "--reason", help=help_text("option.reason"))


def staff_of(folder: DataFolder) -> list[Staff]:
    """staff.yaml, or the first problem in it as an error."""
    return staff_or_fail(folder)


def recorder(staff: list[Staff], by: str | None, user: str | None) -> str | None:
    """The staff id of who records it: --by, else the `user` (LIUSHOU_USER), else nobody
    (optional)."""
    name = by or user
    return find_staff(staff, name).id if name else None


def recorders(staff: Sequence[StaffLike] | StaffNames, by: list[str],
              user: str | None) -> list[str]:
    """The staff ids of who did it: --by (repeatable), else the `user` (LIUSHOU_USER);
    required."""
    # Imported only to write: 20 ms that the list and show commands do not spend.
    from liushou_cli.ops.entries import resolve_staff_ids

    names = by or ([user] if user else [])
    if not names:
        raise UsageError(t("need_by"))
    return resolve_staff_ids(staff if isinstance(staff, StaffNames) else StaffNames.of(staff),
                             names)


def names_of(staff: list[Staff]) -> dict[str, str]:
    return {member.id: member.name for member in staff}
