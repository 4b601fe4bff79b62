"""`liushou assign proxy|tutor|buddy|end|list`: pairings (结对帮扶), dated and kept."""

from __future__ import annotations

from typing import Any

import typer

from liushou_cli.cli import common
from liushou_cli.cli.common import (
    Format,
    dataset,
    folder,
    parse_date,
    screen,
    warn_unreadable,
)
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.cli.support_common import BY_ONE, CHILD_ARG, DATE_OPTION, REASON, recorder, staff_of
from liushou_cli.core.classes import class_order
from liushou_cli.core.errors import UsageError
from liushou_cli.core.model import Child
from liushou_cli.core.support import tutor_load
from liushou_cli.i18n import show, t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import dataset_classes, find_child, find_class, find_staff, search_children
from liushou_cli.ops.assign import ROLE_WORDS, assign_buddy, assign_staff, end_pairing
from liushou_cli.render.output import unreadable_files, write_rows
from liushou_cli.store.read import load_config
from liushou_cli.views.support import pairing_rows

app = typer.Typer(no_args_is_help=True)

TEACHER_ARG: Any = typer.Argument(..., help=help_text("assign.teacher"))
NOTE: Any = typer.Option(None, "--note", help=help_text("option.note"))
REPLACED: Any = typer.Option(None, "--reason", help=help_text("assign.replaced-reason"))
FORCE: Any = typer.Option(False, "--force", help=help_text("assign.force"))

PAIRING_COLUMNS = ("child_id", "name", "class", "role", "helper", "helper_name", "helper_class",
                   "date", "ended", "end_reason")
PAIRING_TABLE_COLUMNS = ("name", "class", "role", "helper_name", "date", "ended", "end_reason")


def _staff_pairing(ctx: typer.Context, role: str, child: str, teacher: str, day: str | None,
                   by: str | None, note: str | None, force: bool, reason: str | None) -> None:
    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    member = find_staff(staff, teacher)
    who = recorder(staff, by, common.user(ctx))
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    others: list[Child] = []
    limit = 2
    if role == "义务辅导员":
        loaded = dataset(ctx)
        others = [item.child for item in loaded.children]
        item = find_child(data_folder, child, loaded, today=common.today(ctx))
        limit = load_config(data_folder).support.tutor_limit
    else:
        item = find_child(data_folder, child, today=common.today(ctx))
    done = assign_staff(data_folder, item, role, member, when, today, by=who, note=note,
                        force=force, others=others, tutor_limit=limit, reason=reason)
    line = t("assigned", child=item.child.name, id=item.child.id, role=show(role),
             helper=f"{member.name}({member.id})", date=when.isoformat())
    if done.ended:
        names = {m.id: m.name for m in staff}
        line += t("assigned_replaced", role=show(role),
                                  old=names.get(done.ended, done.ended))
    typer.echo(line)
    if role == "义务辅导员":
        count = len([c for c in tutor_load(others, member.id, when) if c.id != item.child.id]) + 1
        typer.echo(t("tutor_load", name=member.name, count=count))
    for warning in done.warnings or []:
        typer.echo(warning, err=True)


@app.command("proxy", help=help_text("assign.proxy"))
def proxy(ctx: typer.Context, child: str = CHILD_ARG, teacher: str = TEACHER_ARG,
          day: str | None = DATE_OPTION, by: str | None = BY_ONE, note: str | None = NOTE,
          reason: str | None = REPLACED, force: bool = FORCE) -> None:
    _staff_pairing(ctx, "代理家长", child, teacher, day, by, note, force, reason)


@app.command("tutor", help=help_text("assign.tutor"))
def tutor(ctx: typer.Context, child: str = CHILD_ARG, teacher: str = TEACHER_ARG,
          day: str | None = DATE_OPTION, by: str | None = BY_ONE, note: str | None = NOTE,
          reason: str | None = REPLACED, force: bool = FORCE) -> None:
    _staff_pairing(ctx, "义务辅导员", child, teacher, day, by, note, force, reason)


@app.command("buddy", help=help_text("assign.buddy"))
def buddy(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    name: str = typer.Option(..., "--name", help=help_text("assign.buddy.name")),
    klass: str = typer.Option(..., "--class", help=help_text("assign.buddy.class")),
    day: str | None = DATE_OPTION,
    by: str | None = BY_ONE,
    note: str | None = NOTE,
    reason: str | None = REPLACED,
) -> None:
    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    who = recorder(staff, by, common.user(ctx))
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    data = dataset(ctx)  # through the cache: every child's class, not every file parsed
    item = find_child(data_folder, child, data, today=today)
    # A class no child and no teacher has is a typo (7-9), refused as activity add refuses it:
    # taken, the pairing would name a class the school does not have.
    found = find_class(klass, dataset_classes(data)) if klass.strip() else None
    buddy_class = found or klass
    done = assign_buddy(data_folder, item, name, buddy_class, when, today, by=who, note=note,
                        reason=reason)
    line = t("assigned", child=item.child.name, id=item.child.id, role=show("学习帮手"),
             helper=t("buddy_helper", name=name.strip(), klass=buddy_class), date=when.isoformat())
    if done.ended:
        line += t("assigned_replaced", role=show("学习帮手"), old=done.ended)
    typer.echo(line)


@app.command("end", help=help_text("assign.end"))
def end(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    role: str = typer.Argument(..., help=help_text("assign.role")),
    reason: str = REASON,
    day: str | None = DATE_OPTION,
) -> None:
    word = ROLE_WORDS.get(role.strip().lower()) or ROLE_WORDS.get(role.strip())
    if word is None:
        raise UsageError(t("unknown_role", value=role))
    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    item = find_child(data_folder, child, today=common.today(ctx))
    helper = end_pairing(data_folder, item, word, when, today, reason.strip())
    names = {m.id: m.name for m in staff}
    typer.echo(t("pairing_ended", child=item.child.name, id=item.child.id,
                 helper=names.get(helper, helper), role=show(word), date=when.isoformat(),
                 reason=reason.strip()))


@app.command("list", help=help_text("assign.list"))
def list_pairings(
    ctx: typer.Context,
    role: str | None = typer.Option(None, "--role", help=help_text("assign.role")),
    teacher: str | None = typer.Option(None, "--teacher", help=help_text("assign.list.teacher")),
    klass: str | None = typer.Option(None, "--class", help=help_text("option.only-class")),
    child: str | None = typer.Option(None, "--child", help=help_text("option.only-child")),
    history: bool = typer.Option(False, "--history", help=help_text("assign.list.history")),
    fmt: Format = FORMAT_OPTION,
) -> None:
    word = None
    if role is not None:
        word = ROLE_WORDS.get(role.strip().lower()) or ROLE_WORDS.get(role.strip())
        if word is None:
            raise UsageError(t("unknown_role", value=role))
    data = dataset(ctx)
    klass = find_class(klass, dataset_classes(data))
    items = search_children(data.children, child) if child else data.children
    who = find_staff(data.staff, teacher).id if teacher else None
    rows = pairing_rows(items, data.staff, common.today(ctx), role=word, teacher=who, klass=klass,
                        history=history)
    rows.sort(key=lambda row: (class_order(row["class"]), row["child_id"], row["date"] or ""))
    write_rows(rows, PAIRING_TABLE_COLUMNS, PAIRING_COLUMNS, fmt.value, footer_key="listed_items",
               unreadable=unreadable_files(data), **screen(ctx))
    warn_unreadable(data)
