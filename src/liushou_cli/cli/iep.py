"""`liushou iep flag|add|review|close|list|show`: individual education plans (个别教育管理方案).

Sensitive: `iep list` shows which children have a case and its state and dates, never its
content; `iep show CHILD` shows the content for one child.
"""

from __future__ import annotations

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
from liushou_cli.cli.support_common import (
    BY_MANY,
    BY_ONE,
    CHILD_ARG,
    DATE_OPTION,
    REASON,
    recorder,
    recorders,
    staff_of,
)
from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import dataset_classes, find_child, find_class, find_staff
from liushou_cli.render.card import write_card
from liushou_cli.render.output import unreadable_files, write_csv, write_json, write_rows
from liushou_cli.store.read import load_settings
from liushou_cli.views.support import case_rows, case_sections

app = typer.Typer(no_args_is_help=True)

IEP_COLUMNS = ("child_id", "name", "class", "state", "flagged", "plan_date", "teacher",
               "teacher_name", "next_review", "reviews", "closed")
CASE_CSV_COLUMNS = ("child_id", "name", "flagged", "concerns", "note", "plan_date", "teacher",
                    "measures", "review_dates", "reviews", "closed", "close_reason")
IEP_TABLE_COLUMNS = ("name", "class", "state", "flagged", "plan_date", "teacher_name",
                     "next_review", "reviews")


@app.command("flag", help=help_text("iep.flag"))
def flag(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    concerns: list[str] = typer.Option(..., "--concern", help=help_text("iep.flag.concern")),
    note: str | None = typer.Option(None, "--note", help=help_text("iep.flag.note")),
    day: str | None = DATE_OPTION,
    by: str | None = BY_ONE,
) -> None:
    # Imported only to write: 20 ms or more that iep list and show do not spend.
    from liushou_cli.ops.plans import flag_child

    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    who = recorder(staff, by, common.user(ctx))
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    config = load_settings(data_folder)
    item = find_child(data_folder, child, today=common.today(ctx))
    flag_child(data_folder, item, list(concerns), when, today, who, note)
    school = SchoolCalendar.of(config.terms)
    due = school.day_at(school.ordinal(when) + config.support.iep_days) if config.terms else when
    typer.echo(t("iep_flagged", name=item.child.name, id=item.child.id, due=due.isoformat()))


@app.command("add", help=help_text("iep.add"))
def add(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    teacher: str = typer.Option(..., "--teacher", help=help_text("iep.add.teacher")),
    measures: list[str] = typer.Option(..., "--measure", help=help_text("iep.add.measure")),
    reviews: list[str] = typer.Option(..., "--review", help=help_text("iep.add.review")),
    day: str | None = DATE_OPTION,
    by: str | None = BY_ONE,
) -> None:
    # Imported only to write: 20 ms or more that iep list and show do not spend.
    from liushou_cli.ops.plans import add_individual_plan

    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    member = find_staff(staff, teacher)
    who = recorder(staff, by, common.user(ctx))
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    dates = [parse_date(text, "--review") for text in reviews]
    item = find_child(data_folder, child, today=common.today(ctx))
    plan = add_individual_plan(data_folder, item, {
        "date": when, "teacher": member.id, "measures": list(measures),
        "review_dates": sorted(d for d in dates if d is not None), "by": who}, today)
    typer.echo(t("iep_added", name=item.child.name, id=item.child.id, teacher=member.name,
                 reviews=t("list_sep").join(d.isoformat() for d in plan.review_dates)))


@app.command("review", help=help_text("iep.review"))
def review(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    result: str = typer.Argument(..., help=help_text("iep.review.result")),
    day: str | None = DATE_OPTION,
    by: list[str] = BY_MANY,
) -> None:
    # Imported only to write: 20 ms or more that iep list and show do not spend.
    from liushou_cli.ops.plans import review_individual_plan

    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    who = recorders(staff, by, common.user(ctx))
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    item = find_child(data_folder, child, today=common.today(ctx))
    done = review_individual_plan(data_folder, item, {"date": when, "by": who, "result": result},
                                  today)
    typer.echo(t("iep_reviewed", name=item.child.name, id=item.child.id,
                 date=done.date.isoformat()))


@app.command("close", help=help_text("iep.close"))
def close(ctx: typer.Context, child: str = CHILD_ARG, reason: str = REASON,
          day: str | None = DATE_OPTION) -> None:
    # Imported only to write: 20 ms or more that iep list and show do not spend.
    from liushou_cli.ops.plans import close_case

    data_folder = folder(ctx)
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    item = find_child(data_folder, child, today=common.today(ctx))
    close_case(data_folder, item, when, today, reason)
    typer.echo(t("iep_closed", name=item.child.name, id=item.child.id, date=when.isoformat()))


@app.command("list", help=help_text("iep.list"))
def list_cases(
    ctx: typer.Context,
    klass: str | None = typer.Option(None, "--class", help=help_text("option.only-class")),
    include_closed: bool = typer.Option(False, "--all", help=help_text("iep.list.all")),
    fmt: Format = FORMAT_OPTION,
) -> None:
    data = dataset(ctx)
    klass = find_class(klass, dataset_classes(data))
    rows = case_rows(data.children, data.staff, common.today(ctx), klass=klass,
                     include_closed=include_closed)
    write_rows(rows, IEP_TABLE_COLUMNS, IEP_COLUMNS, fmt.value, footer_key="listed_items",
               unreadable=unreadable_files(data), **screen(ctx))
    warn_unreadable(data)


@app.command("show", help=help_text("iep.show"))
def show_case(ctx: typer.Context, child: str = CHILD_ARG, fmt: Format = FORMAT_OPTION) -> None:
    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    item = find_child(data_folder, child, today=common.today(ctx))
    kid = item.child
    if fmt == Format.json:
        write_json([case.model_dump(mode="json", exclude_none=True)
                    for case in kid.individual_plans])
        return
    if fmt == Format.csv:
        write_csv([{"child_id": kid.id, "name": kid.name, "flagged": case.flagged,
                    "concerns": list(case.concerns), "note": case.note,
                    "plan_date": case.plan.date if case.plan else None,
                    "teacher": case.plan.teacher if case.plan else None,
                    "measures": list(case.plan.measures) if case.plan else None,
                    "review_dates": [d.isoformat() for d in case.plan.review_dates]
                    if case.plan else None,
                    "reviews": " / ".join(f"{r.date.isoformat()} {r.result}" for r in case.reviews),
                    "closed": case.closed, "close_reason": case.close_reason}
                   for case in kid.individual_plans], CASE_CSV_COLUMNS)
        return
    if not kid.individual_plans:
        typer.echo(t("iep_none", name=kid.name))
        return
    names = {member.id: member.name for member in staff}
    write_card(t("iep_title", name=f"{kid.name}({kid.id})"), case_sections(kid, names), **screen(ctx))
