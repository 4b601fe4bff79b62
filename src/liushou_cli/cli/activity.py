"""`liushou activity add|list`: parent meetings, forums, themed class meetings, collective
activities and family video-call sessions, one file each under activities/."""

from __future__ import annotations

import typer

from liushou_cli.cli import common
from liushou_cli.cli.common import FORMAT_OPTION, Format, folder, h, parse_date
from liushou_cli.cli.support_common import DATE_OPTION
from liushou_cli.i18n import show, t

app = typer.Typer(no_args_is_help=True)


@app.command("add", help=h("记录一次活动或会议:家长会、座谈会、主题班会、集体活动、亲情视频",
                           "record an activity or meeting: 家长会 (parent meeting), 座谈会 (forum), "
                           "主题班会 (themed class meeting), 集体活动 (collective activity), "
                           "亲情视频 (family video call)"))
def add(
    ctx: typer.Context,
    kind: str = typer.Option(..., "--kind", help=h("家长会/座谈会/主题班会/集体活动/亲情视频",
                                                   "家长会/座谈会/主题班会/集体活动/亲情视频")),
    title: str = typer.Option(..., "--title", help=h("主题", "title")),
    classes: list[str] = typer.Option(..., "--classes", "--class", help=h(
        "班级,可重复或用逗号分隔;all 表示全校", "classes, repeatable or comma-separated; all: every class")),
    children: list[str] = typer.Option([], "--children", help=h(
        "参加的学生(编号或姓名),可重复或用逗号分隔;all 表示所列班级的全部留守儿童",
        "children who took part (id or name), repeatable or comma-separated; all: every child "
        "of the classes")),
    guardians: list[str] = typer.Option([], "--guardians", help=h(
        "家长(监护人)到会的学生(编号或姓名)", "children whose guardian or parent came (id or name)")),
    note: str | None = typer.Option(None, "--note", help=h("备注", "note")),
    day: str | None = DATE_OPTION,
    by: list[str] = typer.Option([], "--by", help=h("组织者(教职工),可重复;默认取 LIUSHOU_USER",
                                                    "organisers (staff), repeatable; default LIUSHOU_USER")),
) -> None:
    from liushou_cli.ops.activities import add_activity
    from liushou_cli.ops.entries import resolve_staff_ids
    from liushou_cli.store.read import load_dataset

    env = common.environment(ctx)
    data = load_dataset(folder(ctx), today=env.today)
    names = by or ([env.user] if env.user else [])
    organisers = resolve_staff_ids(data.staff, names)
    today = env.today
    when = parse_date(day, "--date") or today
    path, activity = add_activity(data, {"date": when, "kind": kind, "title": title,
                                         "by": organisers, "note": note},
                                  classes, children, guardians, today)
    typer.echo(t("activity_added", kind=show(activity.kind), title=activity.title,
                 date=activity.date.isoformat(), classes=t("list_sep").join(activity.classes),
                 children=len(activity.children), guardians=len(activity.guardians),
                 path=data.folder.rel(path)))


@app.command("list", help=h("活动与会议列表", "list activities and meetings"))
def list_activities(
    ctx: typer.Context,
    kind: str | None = typer.Option(None, "--kind", help=h("只看此类型", "only this kind")),
    klass: str | None = typer.Option(None, "--class", help=h("只看此班级", "only this class")),
    child: str | None = typer.Option(None, "--child", help=h("只看此学生参加的", "only those this child took part in")),
    since: str | None = typer.Option(None, "--from", help=h("起始日期", "from date")),
    until: str | None = typer.Option(None, "--to", help=h("截止日期", "to date")),
    fmt: Format = FORMAT_OPTION,
) -> None:
    from liushou_cli.lookup.finder import find_child
    from liushou_cli.ops.activities import ACTIVITY_COLUMNS, ACTIVITY_TABLE_COLUMNS, activity_rows
    from liushou_cli.render.output import problems_as_unreadable, write_rows
    from liushou_cli.store.activities import load_activities
    from liushou_cli.store.read import staff_or_fail

    data_folder = folder(ctx)
    staff = staff_or_fail(data_folder)
    items, problems = load_activities(data_folder)
    kid = find_child(data_folder, child, today=common.today(ctx)).child if child else None
    rows = activity_rows(items, data_folder, {m.id: m.name for m in staff}, kind=kind,
                         klass=klass, child=kid, since=parse_date(since, "--from"),
                         until=parse_date(until, "--to"))
    write_rows(rows, ACTIVITY_TABLE_COLUMNS, ACTIVITY_COLUMNS, fmt.value, footer_key="listed_items",
               unreadable=problems_as_unreadable(problems))
    if problems:
        typer.echo(t("activities_unreadable", count=len({p.path for p in problems})), err=True)
