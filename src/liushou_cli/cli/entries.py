"""`liushou visit|talk|contact add|list`: the dated entries of a child's timeline."""

from __future__ import annotations

from typing import Any

import typer

from liushou_cli.cli.common import (
    FORMAT_OPTION,
    Format,
    cache_folder,
    dataset,
    folder,
    h,
    parse_date,
    today,
    user,
    warn_unreadable,
)
from liushou_cli.i18n import show, t

visit_app = typer.Typer(no_args_is_help=True)
talk_app = typer.Typer(no_args_is_help=True)
contact_app = typer.Typer(no_args_is_help=True)

CHILD_ARG: Any = typer.Argument(..., help=h("学生:编号、学籍号、姓名或拼音首字母",
                                            "child: id, student number, name or pinyin initials"))
DATE_OPTION: Any = typer.Option(None, "--date", help=h("日期(默认今天)", "date (default today)"))
BY_OPTION: Any = typer.Option([], "--by", help=h(
    "记录人(教职工编号或姓名),可重复;默认取 LIUSHOU_USER",
    "who (staff id or name), repeatable; default LIUSHOU_USER"))
FOLLOW_UP: Any = typer.Option(None, "--follow-up", help=h("后续跟进", "follow-up"))


def _record(ctx: typer.Context, child: str, fields: dict[str, Any], day: str | None,
            by: list[str]) -> None:
    from liushou_cli.cli.support_common import recorders
    from liushou_cli.lookup.finder import find_child
    from liushou_cli.ops.entries import add_entry
    from liushou_cli.store.read import staff_names_or_fail

    data_folder = folder(ctx)
    staff = staff_names_or_fail(data_folder, cache_folder(ctx))
    by_ids = recorders(staff, by, user(ctx))
    item = find_child(data_folder, child, lambda: dataset(ctx), today=today(ctx))
    today_ = today(ctx)
    fields = {**fields, "date": parse_date(day, "--date") or today_, "by": by_ids}
    entry, duplicate = add_entry(data_folder, item, fields, today_)
    staff_names = {member.id: member.name for member in staff}
    if duplicate:
        typer.echo(t("entry_duplicate", date=entry.date.isoformat(), kind=show(entry.type)),
                   err=True)
    typer.echo(t("entry_added", name=item.child.name, id=item.child.id, kind=show(entry.type),
                 date=entry.date.isoformat(),
                 by=t("list_sep").join(staff_names[i] for i in entry.by)))


@visit_app.command("add", help=h("记录一次家访(或电话家访、视频家访、到校来访)",
                                 "record a home visit (or a phone/video visit, a visit to school)"))
def visit_add(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    found: str | None = typer.Argument(None, help=h("了解到的情况(简写)", "what was found (short form)")),
    kind: str = typer.Option("家访", "--kind", help=h("家访(默认)/电话家访/视频家访/到校来访",
                                                     "家访 (default), 电话家访, 视频家访 or 到校来访")),
    met: str | None = typer.Option(None, "--met", help=h("见到谁,如 祖母", "whom they met")),
    follow_up: str | None = FOLLOW_UP,
    day: str | None = DATE_OPTION,
    by: list[str] = BY_OPTION,
) -> None:
    from typing import get_args

    from liushou_cli.core.errors import UsageError
    from liushou_cli.core.model import VisitKind

    if kind not in get_args(VisitKind):
        raise UsageError(t("visit_kind", value=kind, expected=t("list_sep").join(
            get_args(VisitKind))))
    _record(ctx, child, {"type": kind, "met": met, "found": found, "follow_up": follow_up},
            day, by)


@talk_app.command("add", help=h("记录一次谈心", "record a talk with the child"))
def talk_add(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    topic: str | None = typer.Argument(None, help=h("谈心主题(简写)", "topic (short form)")),
    mood: str | None = typer.Option(None, "--mood", help=h("情绪与困扰", "mood and concerns")),
    agreed: str | None = typer.Option(None, "--agreed", help=h("约定事项", "what was agreed")),
    follow_up: str | None = FOLLOW_UP,
    day: str | None = DATE_OPTION,
    by: list[str] = BY_OPTION,
) -> None:
    _record(ctx, child, {"type": "谈心", "topic": topic, "mood": mood, "agreed": agreed,
                         "follow_up": follow_up}, day, by)


@contact_app.command("add", help=h("记录一次联系:外出父母、监护人或任课教师",
                                   "record a contact with the parents away, the guardian or a "
                                   "subject teacher"))
def contact_add(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    notes: str | None = typer.Argument(None, help=h("内容(简写)", "notes (short form)")),
    with_: str = typer.Option("父母", "--with", help=h("联系对象:父母(默认)/监护人/任课教师",
                                                      "with: 父母 (default), 监护人, 任课教师")),
    channel: str | None = typer.Option("电话", "--channel", help=h(
        "方式:电话(默认)/视频/微信/书信/面谈", "channel: 电话 (default), 视频, 微信, 书信, 面谈")),
    day: str | None = DATE_OPTION,
    by: list[str] = BY_OPTION,
) -> None:
    _record(ctx, child, {"type": "联系", "with": with_, "channel": channel, "notes": notes},
            day, by)


def _list(ctx: typer.Context, kinds: tuple[str, ...], child: str | None, by: str | None,
          klass: str | None, since: str | None, until: str | None, fmt: Format) -> None:
    from liushou_cli.lookup.finder import dataset_classes, find_class, find_staff, search_children
    from liushou_cli.render.output import unreadable_files, write_rows
    from liushou_cli.views.timeline import ENTRY_COLUMNS, ENTRY_TABLE_COLUMNS, entry_rows

    data = dataset(ctx)
    klass = find_class(klass, dataset_classes(data))
    items = search_children(data.children, child) if child else data.children
    who = find_staff(data.staff, by).id if by else None
    rows = entry_rows(items, data.staff, kinds=kinds, by=who, klass=klass,
                      since=parse_date(since, "--from"), until=parse_date(until, "--to"))
    write_rows(rows, ENTRY_TABLE_COLUMNS[kinds[-1]], ENTRY_COLUMNS, fmt.value,
               footer_key="listed_items", unreadable=unreadable_files(data))
    warn_unreadable(data)


def _list_command(app: typer.Typer, kinds: tuple[str, ...], zh: str, en: str) -> None:
    @app.command("list", help=h(zh, en))
    def list_entries(
        ctx: typer.Context,
        child: str | None = typer.Option(None, "--child", help=h("学生", "child")),
        by: str | None = typer.Option(None, "--by", help=h("记录人", "who")),
        klass: str | None = typer.Option(None, "--class", help=h("班级", "class")),
        since: str | None = typer.Option(None, "--from", help=h("起始日期", "from date")),
        until: str | None = typer.Option(None, "--to", help=h("截止日期", "to date")),
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        _list(ctx, kinds, child, by, klass, since, until, fmt)


_list_command(visit_app, ("家访", "电话家访", "视频家访", "到校来访"), "家访记录列表", "list visits")
_list_command(talk_app, ("谈心",), "谈心记录列表", "list talks")
_list_command(contact_app, ("联系",), "联系记录列表", "list contacts")
