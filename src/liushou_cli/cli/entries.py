"""`liushou visit|talk|contact add|list`: the dated entries of a child's timeline."""

from __future__ import annotations

from typing import Any, get_args

import typer

from liushou_cli.cli.common import (
    Format,
    cache_folder,
    dataset,
    folder,
    one_of,
    parse_date,
    screen,
    today,
    user,
    warn_unreadable,
)
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.cli.support_common import recorders
from liushou_cli.core.choices import Channel, ContactWith, VisitKind
from liushou_cli.i18n import show, t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import dataset_classes, find_child, find_class, find_staff, search_children
from liushou_cli.render.output import unreadable_files, write_rows
from liushou_cli.store.read import staff_names_or_fail
from liushou_cli.views.timeline import ENTRY_COLUMNS, ENTRY_TABLE_COLUMNS, entry_rows

visit_app = typer.Typer(no_args_is_help=True)
talk_app = typer.Typer(no_args_is_help=True)
contact_app = typer.Typer(no_args_is_help=True)

CHILD_ARG: Any = typer.Argument(..., help=help_text("argument.child"))
DATE_OPTION: Any = typer.Option(None, "--date", help=help_text("option.date"))
BY_OPTION: Any = typer.Option([], "--by", help=help_text("option.by-many"))
FOLLOW_UP: Any = typer.Option(None, "--follow-up", help=help_text("option.follow-up"))


def _record(ctx: typer.Context, child: str, fields: dict[str, Any], day: str | None,
            by: list[str]) -> None:
    # Imported only to write: 20 ms that visit, talk and contact list do not spend.
    from liushou_cli.ops.entries import add_entry

    data_folder = folder(ctx)
    staff = staff_names_or_fail(data_folder, cache_folder(ctx))
    by_ids = recorders(staff, by, user(ctx))
    item = find_child(data_folder, child, lambda: dataset(ctx), today=today(ctx))
    today_ = today(ctx)
    fields = {**fields, "date": parse_date(day, "--date") or today_, "by": by_ids}
    staff_names = dict(zip(staff.ids, staff.names, strict=True))
    entry, duplicate = add_entry(data_folder, item, fields, today_, staff_names)
    if duplicate:
        typer.echo(t("entry_duplicate", date=entry.date.isoformat(), kind=show(entry.type)),
                   err=True)
    typer.echo(t("entry_added", name=item.child.name, id=item.child.id, kind=show(entry.type),
                 date=entry.date.isoformat(),
                 by=t("list_sep").join(staff_names[i] for i in entry.by)))


@visit_app.command("add", help=help_text("visit.add"))
def visit_add(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    found: str | None = typer.Argument(None, help=help_text("visit.add.found")),
    kind: str = typer.Option("家访", "--kind", help=help_text("visit.add.kind")),
    met: str | None = typer.Option(None, "--met", help=help_text("visit.add.met")),
    follow_up: str | None = FOLLOW_UP,
    day: str | None = DATE_OPTION,
    by: list[str] = BY_OPTION,
) -> None:
    one_of(kind, get_args(VisitKind), "visit_kind")
    _record(ctx, child, {"type": kind, "met": met, "found": found, "follow_up": follow_up},
            day, by)


@talk_app.command("add", help=help_text("talk.add"))
def talk_add(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    topic: str | None = typer.Argument(None, help=help_text("talk.add.topic")),
    mood: str | None = typer.Option(None, "--mood", help=help_text("talk.add.mood")),
    agreed: str | None = typer.Option(None, "--agreed", help=help_text("talk.add.agreed")),
    follow_up: str | None = FOLLOW_UP,
    day: str | None = DATE_OPTION,
    by: list[str] = BY_OPTION,
) -> None:
    _record(ctx, child, {"type": "谈心", "topic": topic, "mood": mood, "agreed": agreed,
                         "follow_up": follow_up}, day, by)


@contact_app.command("add", help=help_text("contact.add"))
def contact_add(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    notes: str | None = typer.Argument(None, help=help_text("contact.add.notes")),
    with_: str = typer.Option("父母", "--with", help=help_text("contact.add.with")),
    channel: str | None = typer.Option("电话", "--channel", help=help_text("contact.add.channel")),
    day: str | None = DATE_OPTION,
    by: list[str] = BY_OPTION,
) -> None:
    one_of(with_, get_args(ContactWith), "contact_with")
    if channel is not None:
        one_of(channel, get_args(Channel), "contact_channel")
    _record(ctx, child, {"type": "联系", "with": with_, "channel": channel, "notes": notes},
            day, by)


def _list(ctx: typer.Context, kinds: tuple[str, ...], child: str | None, by: str | None,
          klass: str | None, since: str | None, until: str | None, fmt: Format) -> None:
    data = dataset(ctx)
    klass = find_class(klass, dataset_classes(data))
    items = search_children(data.children, child) if child else data.children
    who = find_staff(data.staff, by).id if by else None
    rows = entry_rows(items, data.staff, kinds=kinds, by=who, klass=klass,
                      since=parse_date(since, "--from"), until=parse_date(until, "--to"))
    write_rows(rows, ENTRY_TABLE_COLUMNS[kinds[-1]], ENTRY_COLUMNS, fmt.value,
               footer_key="listed_items", unreadable=unreadable_files(data), **screen(ctx))
    warn_unreadable(data)


def _list_command(app: typer.Typer, kinds: tuple[str, ...], help_key: str) -> None:
    @app.command("list", help=help_text(help_key))
    def list_entries(
        ctx: typer.Context,
        child: str | None = typer.Option(None, "--child", help=help_text("entries.list.child")),
        by: str | None = typer.Option(None, "--by", help=help_text("entries.list.by")),
        klass: str | None = typer.Option(None, "--class", help=help_text("option.class")),
        since: str | None = typer.Option(None, "--from", help=help_text("option.from")),
        until: str | None = typer.Option(None, "--to", help=help_text("option.to")),
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        _list(ctx, kinds, child, by, klass, since, until, fmt)


_list_command(visit_app, ("家访", "电话家访", "视频家访", "到校来访"), "visit.list")
_list_command(talk_app, ("谈心",), "talk.list")
_list_command(contact_app, ("联系",), "contact.list")
