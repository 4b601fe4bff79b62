"""`liushou report`: what is overdue (more reports join as they are built)."""

from __future__ import annotations

import typer

from liushou_cli.cli.common import FORMAT_OPTION, Format, folder, h, parse_date, today, warn_unreadable
from liushou_cli.i18n import t


def report(
    ctx: typer.Context,
    overdue: bool = typer.Option(True, "--overdue", help=h(
        "逾期未完成的谈心、家访、联系(默认报表)", "overdue talks, visits and contacts (the default)")),
    as_of: str | None = typer.Option(None, "--as-of", help=h("以此日期计算(默认今天)",
                                                              "compute as of this date (default today)")),
    by: str | None = typer.Option(None, "--by", help=h("只看此负责人(编号或姓名)",
                                                       "only this teacher (id or name)")),
    klass: str | None = typer.Option(None, "--class", help=h("只看此班级", "only this class")),
    duty: str | None = typer.Option(None, "--duty", help=h("只看此职责(编号或名称)",
                                                           "only this duty (id or name)")),
    due_within: int | None = typer.Option(None, "--due-within", min=0, help=h(
        "同时列出 N 天内到期的", "also list what falls due within N days")),
    fail_on_overdue: bool = typer.Option(False, "--fail-on-overdue", help=h(
        "有逾期项时退出码为 1(供脚本使用)", "exit with status 1 when anything is overdue (for scripts)")),
    fmt: Format = FORMAT_OPTION,
) -> None:
    from liushou_cli.errors import LiushouError, UsageError
    from liushou_cli.finder import find_staff
    from liushou_cli.render.output import write_csv, write_json
    from liushou_cli.render.overdue import write_overdue_table
    from liushou_cli.report import OVERDUE_EXTRA_KEYS, OVERDUE_KEYS, find_duties, overdue_rows
    from liushou_cli.rules import duty_statuses
    from liushou_cli.school_calendar import SchoolCalendar
    from liushou_cli.store.read import load_dataset

    day = parse_date(as_of, "--as-of") or today()
    data = load_dataset(folder(ctx))
    if data.config is None:
        raise LiushouError(t("config_broken"), data.folder.rel(data.folder.config_path))
    if not data.config.terms:
        raise LiushouError(t("no_terms"))
    duties = find_duties(data.config.duties, duty)
    if not duties:
        raise UsageError(t("unknown_duty", duty=duty,
                           duties=t("list_sep").join(d.id for d in data.config.duties)))
    who = find_staff(data.staff, by).id if by else None
    statuses = duty_statuses((item.child for item in data.children), duties, data.staff,
                             SchoolCalendar.of(data.config.terms), day)
    rows = overdue_rows(statuses, data.staff, due_within=due_within, by=who, klass=klass)
    if fmt == Format.json:
        write_json([{key: row[key] for key in (*OVERDUE_KEYS, *OVERDUE_EXTRA_KEYS)}
                    for row in rows])
    elif fmt == Format.csv:
        write_csv(rows, (*OVERDUE_KEYS, *OVERDUE_EXTRA_KEYS))
    else:
        write_overdue_table(rows, day)
    warn_unreadable(data)
    if fail_on_overdue and any(row["days_overdue"] > 0 for row in rows):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("report", help=h("报表:逾期未完成的职责(--overdue)",
                                 "reports: overdue duties (--overdue)"))(report)
