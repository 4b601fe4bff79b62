"""`liushou activity add|list`: parent meetings, forums, themed class meetings, collective
activities and family video-call sessions, one file each under activities/."""

from __future__ import annotations

from typing import get_args

import typer

from liushou_cli.cli import common
from liushou_cli.cli.common import Format, folder, one_of, parse_date, screen
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.cli.support_common import DATE_OPTION
from liushou_cli.core.choices import ActivityKind
from liushou_cli.i18n import show, t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import find_child
from liushou_cli.ops.activities import ACTIVITY_COLUMNS, ACTIVITY_TABLE_COLUMNS, activity_rows, add_activity
from liushou_cli.ops.entries import resolve_staff_ids
from liushou_cli.render.output import problems_as_unreadable, write_rows
from liushou_cli.store.activities import files_left_out, load_activities
from liushou_cli.store.read import StaffNames, staff_or_fail

app = typer.Typer(no_args_is_help=True)


@app.command("add", help=help_text("activity.add"))
def add(
    ctx: typer.Context,
    kind: str = typer.Option(..., "--kind", help=help_text("activity.add.kind")),
    title: str = typer.Option(..., "--title", help=help_text("activity.add.title")),
    classes: list[str] = typer.Option(..., "--classes", "--class", help=help_text("activity.add.classes")),
    children: list[str] = typer.Option([], "--children", help=help_text("activity.add.children")),
    guardians: list[str] = typer.Option([], "--guardians", help=help_text("activity.add.guardians")),
    note: str | None = typer.Option(None, "--note", help=help_text("option.note")),
    day: str | None = DATE_OPTION,
    by: list[str] = typer.Option([], "--by", help=help_text("activity.add.by")),
) -> None:
    one_of(kind, get_args(ActivityKind), "activity_unknown_kind")
    env = common.environment(ctx)
    data = common.dataset(ctx)  # through the cache, as every command that reads the folder
    names = by or ([env.user] if env.user else [])
    organisers = resolve_staff_ids(StaffNames.of(data.staff), names)
    today = env.today
    when = parse_date(day, "--date") or today
    path, activity = add_activity(data, {"date": when, "kind": kind, "title": title,
                                         "by": organisers, "note": note},
                                  classes, children, guardians, today)
    typer.echo(t("activity_added", kind=show(activity.kind), title=activity.title,
                 date=activity.date.isoformat(), classes=t("list_sep").join(activity.classes),
                 children=len(activity.children), guardians=len(activity.guardians),
                 path=data.folder.rel(path)))


@app.command("list", help=help_text("activity.list"))
def list_activities(
    ctx: typer.Context,
    kind: str | None = typer.Option(None, "--kind", help=help_text("option.only-kind")),
    klass: str | None = typer.Option(None, "--class", help=help_text("option.only-class")),
    child: str | None = typer.Option(None, "--child", help=help_text("activity.list.child")),
    since: str | None = typer.Option(None, "--from", help=help_text("option.from")),
    until: str | None = typer.Option(None, "--to", help=help_text("option.to")),
    fmt: Format = FORMAT_OPTION,
) -> None:
    if kind is not None:
        # An empty list would read "no such activity held": the kind is mistyped.
        one_of(kind, get_args(ActivityKind), "activity_unknown_kind")
    data_folder = folder(ctx)
    staff = staff_or_fail(data_folder)
    items, problems = load_activities(data_folder)
    left_out = files_left_out(data_folder, items, problems)
    kid = find_child(data_folder, child, today=common.today(ctx)).child if child else None
    rows = activity_rows(items, data_folder, {m.id: m.name for m in staff}, kind=kind,
                         klass=klass, child=kid, since=parse_date(since, "--from"),
                         until=parse_date(until, "--to"))
    write_rows(rows, ACTIVITY_TABLE_COLUMNS, ACTIVITY_COLUMNS, fmt.value, footer_key="listed_items",
               unreadable=problems_as_unreadable(
                   [problem for problem in problems if problem.path in left_out]), **screen(ctx))
    if left_out:
        typer.echo(t("activities_unreadable", count=len(left_out)), err=True)
