"""`liushou care add|done|list`: illness, living subsidy and other assistance, with their
follow-ups."""

from __future__ import annotations

from typing import Any

import typer

from liushou_cli.cli import common
from liushou_cli.cli.common import (
    Format,
    dataset,
    folder,
    one_of,
    parse_date,
    screen,
    warn_unreadable,
)
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.cli.support_common import BY_MANY, CHILD_ARG, DATE_OPTION, names_of, recorders, staff_of
from liushou_cli.core.choices import CARE_TYPES
from liushou_cli.core.classes import same_class
from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import CareEntry, Subsidy
from liushou_cli.i18n import say, t
from liushou_cli.i18n.help import help_text
from liushou_cli.i18n.kinds import care_kind
from liushou_cli.lookup.finder import dataset_classes, find_child, find_class, find_staff, search_children
from liushou_cli.render.output import unreadable_files, write_rows
from liushou_cli.store.layout import DataFolder

app = typer.Typer(no_args_is_help=True)

CARE_COLUMNS = ("number", "child_id", "name", "class", "type", "date", "by", "by_name", "what",
                "treatment", "policy", "amount", "period", "follow_up_on", "follow_up_by",
                "follow_up_name", "followed_up", "outcome", "note")
CARE_TABLE_COLUMNS = ("date", "name", "type", "detail", "follow_up_on", "follow_up_name",
                      "followed_up", "outcome")


def record_policy(record: CareEntry) -> str | None:
    return record.policy if isinstance(record, Subsidy) else None


def _yuan(record: CareEntry) -> str | None:
    amount = record.amount if isinstance(record, Subsidy) else None
    return t("yuan", amount=f"{amount:g}") if amount else None


def _o(flag: str, help_key: str) -> Any:
    return typer.Option(None, flag, help=help_text(help_key))


@app.command("add", help=help_text("care.add"))
def add(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    what: str | None = typer.Argument(None, help=help_text("care.add.what")),
    kind: str = typer.Option("患病", "--kind", help=help_text("care.add.kind")),
    treatment: str | None = _o("--treatment", "care.add.treatment"),
    policy: str | None = _o("--policy", "care.add.policy"),
    amount: float | None = _o("--amount", "care.add.amount"),
    period: str | None = _o("--period", "care.add.period"),
    follow_up_on: str | None = _o("--follow-up", "care.add.follow-up"),
    follow_up_by: str | None = _o("--follow-up-by", "care.add.follow-up-by"),
    note: str | None = _o("--note", "option.note"),
    day: str | None = DATE_OPTION,
    by: list[str] = BY_MANY,
) -> None:
    # Imported only to write: 20 ms or more that care list does not spend.
    from liushou_cli.ops.plans import add_care

    one_of(kind, CARE_TYPES, "care_unknown_kind")
    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    who = recorders(staff, by, common.user(ctx))
    follower = find_staff(staff, follow_up_by).id if follow_up_by else None
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    follow = parse_date(follow_up_on, "--follow-up")
    item = find_child(data_folder, child, today=common.today(ctx))
    fields: dict[str, Any] = {"type": kind, "date": when, "by": who, "follow_up_on": follow,
                              "follow_up_by": follower, "note": note}
    if kind == "生活补助":
        fields.update({"policy": policy if policy is not None else what, "amount": amount,
                       "period": period})
    else:
        fields["what"] = what
        if kind == "患病":
            fields["treatment"] = treatment
    entry = add_care(data_folder, item, fields, today)
    line = t("care_added", name=item.child.name, id=item.child.id, kind=care_kind(entry.type),
             date=entry.date.isoformat())
    if entry.follow_up_on:
        names = names_of(staff)
        line += t("care_follow_due", who=names.get(follower or "", "") or t("class_teacher"),
                  due=entry.follow_up_on.isoformat())
    typer.echo(line)
    if isinstance(entry, Subsidy):
        _warn_if_in_no_term(data_folder, entry)


def _warn_if_in_no_term(data_folder: DataFolder, entry: Subsidy) -> None:
    """Say (saved all the same) that no term's statistics will count the subsidy."""
    from liushou_cli.reports.stats import subsidy_in_no_term, subsidy_no_term_message
    from liushou_cli.store.read import load_settings

    try:
        terms = load_settings(data_folder).terms
    except LiushouError:  # the subsidy is saved; liushou.yaml's own problem is check's to say
        return
    if subsidy_in_no_term(entry, terms):
        typer.echo(t("warning_line", message=say(subsidy_no_term_message(entry, terms))),
                   err=True)


@app.command("done", help=help_text("care.done"))
def done(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    outcome: str = typer.Argument(..., help=help_text("care.done.outcome")),
    number: int | None = typer.Option(None, "--item", min=1, help=help_text("care.done.item")),
    day: str | None = DATE_OPTION,
) -> None:
    # Imported only to write: 20 ms or more that care list does not spend.
    from liushou_cli.ops.plans import follow_up_care

    data_folder = folder(ctx)
    today = common.today(ctx)
    when = parse_date(day, "--date") or today
    item = find_child(data_folder, child, today=common.today(ctx))
    record = follow_up_care(data_folder, item, number, when, today, outcome)
    typer.echo(t("care_done", name=item.child.name, id=item.child.id, kind=care_kind(record.type),
                 date=record.date.isoformat(), done=when.isoformat(), outcome=outcome.strip()))


@app.command("list", help=help_text("care.list"))
def list_care(
    ctx: typer.Context,
    child: str | None = typer.Option(None, "--child", help=help_text("option.only-child")),
    klass: str | None = typer.Option(None, "--class", help=help_text("option.only-class")),
    kind: str | None = typer.Option(None, "--kind", help=help_text("option.only-kind")),
    pending: bool = typer.Option(False, "--pending", help=help_text("care.list.pending")),
    fmt: Format = FORMAT_OPTION,
) -> None:
    data = dataset(ctx)
    klass = find_class(klass, dataset_classes(data))
    items = search_children(data.children, child) if child else data.children
    names = names_of(data.staff)
    rows = []
    for item in items:
        kid = item.child
        if klass is not None and not same_class(kid.class_name, klass):
            continue
        for number, record in enumerate(kid.care, start=1):
            if (kind and record.type != kind) or (pending and (
                    record.follow_up_on is None or record.followed_up is not None)):
                continue
            data_row = record.model_dump(mode="json")
            rows.append({**{key: data_row.get(key) for key in CARE_COLUMNS},
                         "number": number, "child_id": kid.id, "name": kid.name,
                         "class": kid.class_name, "by": ",".join(record.by),
                         "by_name": "、".join(names.get(i, i) for i in record.by),
                         "detail": data_row.get("what") or " ".join(
                             part for part in (record_policy(record), _yuan(record)) if part),
                         "follow_up_name": names.get(record.follow_up_by or "", record.follow_up_by)})
    rows.sort(key=lambda row: (row["date"], row["child_id"], row["number"]), reverse=True)
    write_rows(rows, CARE_TABLE_COLUMNS, CARE_COLUMNS, fmt.value, footer_key="listed_items",
               unreadable=unreadable_files(data), **screen(ctx))
    warn_unreadable(data)
