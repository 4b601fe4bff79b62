"""`liushou plan add|check|end|list|show`: learning-support plans (学习帮扶计划) and their
checks, the child's progress archive (进步档案)."""

from __future__ import annotations

from collections.abc import Iterable
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
from liushou_cli.cli.support_common import BY_MANY, CHILD_ARG, DATE_OPTION, REASON, names_of, recorders, staff_of
from liushou_cli.core.classes import class_order, same_class
from liushou_cli.core.model import Staff
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import dataset_classes, find_child, find_class, find_staff, search_children
from liushou_cli.render.card import write_card
from liushou_cli.render.output import unreadable_files, write_csv, write_json, write_rows
from liushou_cli.store.read import LoadedChild
from liushou_cli.views.support import plan_sections

app = typer.Typer(no_args_is_help=True)

SUBJECT: Any = typer.Option(None, "--subject", help=help_text("plan.subject"))
PLAN_COLUMNS = ("child_id", "name", "class", "subject", "teacher", "teacher_name", "date", "every",
                "content", "schedule", "goals", "checks", "last_check", "last_result", "ended")
PLAN_TABLE_COLUMNS = ("name", "class", "subject", "teacher_name", "date", "every", "checks",
                      "last_check", "last_result")
CHECK_COLUMNS = ("child_id", "name", "subject", "teacher", "date", "by", "by_name", "result",
                 "next_step")


@app.command("add", help=help_text("plan.add"))
def add(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    subject: str = typer.Option(..., "--subject", help=help_text("plan.add.subject")),
    teacher: str = typer.Option(..., "--teacher", help=help_text("plan.add.teacher")),
    content: str | None = typer.Option(None, "--content", help=help_text("plan.add.content")),
    schedule: str | None = typer.Option(None, "--schedule", help=help_text("plan.add.schedule")),
    goals: list[str] = typer.Option([], "--goal", help=help_text("plan.add.goal")),
    every: int = typer.Option(30, "--every", min=1, max=366, help=help_text("plan.add.every")),
    day: str | None = DATE_OPTION,
) -> None:
    # Imported only to write: 20 ms or more that plan list and show do not spend.
    from liushou_cli.ops.plans import add_learning_plan

    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    member = find_staff(staff, teacher)
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    item = find_child(data_folder, child, today=common.today(ctx))
    plan = add_learning_plan(data_folder, item, {
        "subject": subject, "teacher": member.id, "date": when, "content": content,
        "schedule": schedule, "goals": list(goals), "every": every}, today)
    typer.echo(t("plan_added", name=item.child.name, id=item.child.id, subject=plan.subject,
                 teacher=member.name, date=when.isoformat(), every=plan.every))


@app.command("check", help=help_text("plan.check"))
def check(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    result: str = typer.Argument(..., help=help_text("plan.check.result")),
    subject: str | None = SUBJECT,
    next_step: str | None = typer.Option(None, "--next", help=help_text("plan.check.next")),
    day: str | None = DATE_OPTION,
    by: list[str] = BY_MANY,
) -> None:
    # Imported only to write: 20 ms or more that plan list and show do not spend.
    from liushou_cli.ops.plans import check_learning_plan

    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    who = recorders(staff, by, common.user(ctx))
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    item = find_child(data_folder, child, today=common.today(ctx))
    plan, done = check_learning_plan(data_folder, item, subject, {
        "date": when, "by": who, "result": result, "next_step": next_step}, today)
    typer.echo(t("plan_checked", name=item.child.name, id=item.child.id, subject=plan.subject,
                 date=done.date.isoformat(), result=done.result))


@app.command("end", help=help_text("plan.end"))
def end(ctx: typer.Context, child: str = CHILD_ARG, subject: str | None = SUBJECT,
        reason: str = REASON, day: str | None = DATE_OPTION) -> None:
    # Imported only to write: 20 ms or more that plan list and show do not spend.
    from liushou_cli.ops.plans import end_learning_plan

    data_folder = folder(ctx)
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    item = find_child(data_folder, child, today=common.today(ctx))
    plan = end_learning_plan(data_folder, item, subject, when, today, reason)
    typer.echo(t("plan_ended", name=item.child.name, id=item.child.id, subject=plan.subject,
                 date=when.isoformat()))


def plan_rows(items: Iterable[LoadedChild], staff: list[Staff], *, teacher: str | None,
              klass: str | None, include_ended: bool, subject: str | None) -> list[dict[str, Any]]:
    names = names_of(staff)
    rows: list[dict[str, Any]] = []
    for item in items:
        kid = item.child
        if not kid.active or (klass and not same_class(kid.class_name, klass)):
            continue
        for plan in kid.learning_plans:
            if (plan.ended and not include_ended) or (teacher and plan.teacher != teacher) \
                    or (subject and plan.subject != subject):
                continue
            checks = sorted(plan.checks, key=lambda c: c.date)
            rows.append({
                "child_id": kid.id, "name": kid.name, "class": kid.class_name,
                "subject": plan.subject, "teacher": plan.teacher,
                "teacher_name": names.get(plan.teacher, plan.teacher),
                "date": plan.date.isoformat(), "every": plan.every, "content": plan.content,
                "schedule": plan.schedule, "goals": list(plan.goals), "checks": len(checks),
                "last_check": checks[-1].date.isoformat() if checks else None,
                "last_result": checks[-1].result if checks else None,
                "ended": plan.ended.isoformat() if plan.ended else None})
    rows.sort(key=lambda row: (class_order(row["class"]), row["child_id"], row["subject"]))
    return rows


@app.command("list", help=help_text("plan.list"))
def list_plans(
    ctx: typer.Context,
    teacher: str | None = typer.Option(None, "--teacher", help=help_text("plan.list.teacher")),
    klass: str | None = typer.Option(None, "--class", help=help_text("option.only-class")),
    subject: str | None = typer.Option(None, "--subject", help=help_text("plan.list.subject")),
    child: str | None = typer.Option(None, "--child", help=help_text("option.only-child")),
    include_ended: bool = typer.Option(False, "--all", help=help_text("plan.list.all")),
    fmt: Format = FORMAT_OPTION,
) -> None:
    data = dataset(ctx)
    klass = find_class(klass, dataset_classes(data))
    items = search_children(data.children, child) if child else data.children
    who = find_staff(data.staff, teacher).id if teacher else None
    rows = plan_rows(items, data.staff, teacher=who, klass=klass, include_ended=include_ended,
                     subject=subject)
    # With the ended plans, the day each ended: else an ended plan and an open one of a
    # subject look the same.
    table = (*PLAN_TABLE_COLUMNS, "ended") if include_ended else PLAN_TABLE_COLUMNS
    # On a narrow screen the interval and the last result give way first: what a plan is,
    # whose, since when, and (with --all) whether it ended stay.
    write_rows(rows, table, PLAN_COLUMNS, fmt.value, footer_key="listed_items",
               unreadable=unreadable_files(data), drop=("last_result", "every", "checks"),
               **screen(ctx))
    warn_unreadable(data)


@app.command("show", help=help_text("plan.show"))
def show_plans(ctx: typer.Context, child: str = CHILD_ARG, fmt: Format = FORMAT_OPTION) -> None:
    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    item = find_child(data_folder, child, today=common.today(ctx))
    kid = item.child
    names = names_of(staff)
    if fmt == Format.json:
        write_json([plan.model_dump(mode="json", exclude_none=True)
                    for plan in kid.learning_plans])
        return
    if fmt == Format.csv:
        write_csv([{"child_id": kid.id, "name": kid.name, "subject": plan.subject,
                    "teacher": plan.teacher, "date": check.date.isoformat(),
                    "by": ",".join(check.by), "by_name": "、".join(names.get(i, i) for i in check.by),
                    "result": check.result, "next_step": check.next_step}
                   for plan in kid.learning_plans for check in plan.checks], CHECK_COLUMNS)
        return
    if not kid.learning_plans:
        typer.echo(t("plan_none", name=kid.name))
        return
    write_card(f"{t('plan_progress')} · {kid.name}({kid.id})", plan_sections(kid, names), **screen(ctx))
