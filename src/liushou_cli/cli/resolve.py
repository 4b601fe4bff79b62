"""`liushou resolve CHILD`: a child's recorded merge conflicts listed and settled, by choice
at the terminal or by --take / --field --value (the work is ops/resolve.py's)."""

from __future__ import annotations

import typer

from liushou_cli.cli.ask import ask
from liushou_cli.cli.common import can_prompt, folder, today
from liushou_cli.core.conflicts import ConflictLike, SideLike, side_value
from liushou_cli.core.errors import LiushouError, UsageError
from liushou_cli.i18n import conflict_field, show, t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.fieldset import parse_assignment
from liushou_cli.lookup.finder import find_child
from liushou_cli.ops.resolve import OURS, THEIRS, Settlement, conflicts_of, plain_path, settle


def resolve(
    ctx: typer.Context,
    child: str = typer.Argument(..., help=help_text("argument.child")),
    take: str | None = typer.Option(None, "--take", help=help_text("resolve.take")),
    field: str | None = typer.Option(None, "--field", help=help_text("resolve.field")),
    value: str | None = typer.Option(None, "--value", help=help_text("resolve.value")),
) -> None:
    data_folder, day = folder(ctx), today(ctx)
    item = find_child(data_folder, child, today=day)
    name = item.child.name
    conflicts = conflicts_of(item)
    if not conflicts:
        typer.echo(t("resolve_none", name=name, id=item.child.id))
        return
    if take is not None and take not in (OURS, THEIRS):
        raise UsageError(t("resolve_bad_take", value=take))
    if take is not None and (field is not None or value is not None):
        # Which would win? Neither is taken for the other in silence.
        raise UsageError(t("resolve_take_or_value"))
    if value is not None and field is None:
        raise UsageError(t("resolve_value_needs_field"))
    if field is not None:
        if value is None:
            raise UsageError(t("resolve_field_needs_value"))
        if any(conflict.field == field and plain_path(field) is None for _, conflict in conflicts):
            raise LiushouError(t("resolve_in_list", field=field))
        # A label (监护人电话) or the path in the file; typed as `child edit --set` types it.
        assignment = parse_assignment(f"{field}={value}")
        path = ".".join(assignment.path)
        chosen = [index for index, conflict in conflicts if conflict.field == path]
        if not chosen:
            raise LiushouError(t("resolve_no_field", name=name, field=field))
        settlements = [Settlement(index, None, assignment.value) for index in chosen]
    elif take is not None:
        settlements = [Settlement(index, take) for index, _ in conflicts]
    elif can_prompt(ctx):
        settlements = _ask(conflicts)
    else:
        raise UsageError(t("resolve_needs_choice"))
    if not settlements:
        return
    settled = settle(data_folder, item, settlements, day)
    typer.echo(t("resolve_done", name=name, count=len(settled),
                 fields=tuple(conflict_field(field) for field in settled)))


def _ask(conflicts: list[tuple[int, ConflictLike]]) -> list[Settlement]:
    chosen: list[Settlement] = []
    for number, (index, conflict) in enumerate(conflicts, 1):
        typer.echo(t("resolve_conflict", number=number, field=conflict_field(conflict.field),
                     ours=_side(conflict.ours), theirs=_side(conflict.theirs)))
        answer = ask(t("resolve_choose"), "s").lower()
        if answer == "1":
            chosen.append(Settlement(index, OURS))
        elif answer == "2":
            chosen.append(Settlement(index, THEIRS))
    return chosen


def _side(side: SideLike) -> str:
    value = t("merge_removed") if side.removed else show(side_value(side))
    return t("resolve_side", value=value, by=side.by or t("resolve_unknown"),
             date=side.date.isoformat() if side.date else t("resolve_unknown"))
