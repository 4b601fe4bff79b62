"""The support system's part of `liushou report`: its duties in --overdue, and the
--caseload and --incomplete reports. Called by cli/report.py."""

from __future__ import annotations

from datetime import date
from typing import Any

import typer

from liushou_cli.cli.common import Format, dataset, warn_unreadable
from liushou_cli.i18n import t


def support_duty_rows(data: Any, day: date, duty: str | None) -> list[dict[str, Any]]:
    """The support duties as overdue-report rows (all of them, due soon or not)."""
    from liushou_cli.school_calendar import SchoolCalendar
    from liushou_cli.store.activities import load_activities
    from liushou_cli.support_report import find_support_duties, support_rows
    from liushou_cli.support_rules import support_statuses

    wanted = find_support_duties(duty)
    if not wanted or data.config is None or not data.config.terms:
        return []
    activities = [item.activity for item in load_activities(data.folder)[0]]
    owed = support_statuses([item.child for item in data.children], activities, data.staff,
                            SchoolCalendar.of(data.config.terms), day, data.config.support)
    return support_rows(owed, data.staff, wanted)


def all_duty_rows(data: Any, day: date) -> list[dict[str, Any]]:
    """Every duty's rows, pending ones included: configured, census and support duties."""
    from liushou_cli.report import census_rows, overdue_row, statuses
    from liushou_cli.school_calendar import SchoolCalendar
    from liushou_cli.store.read import load_census

    school = SchoolCalendar.of(data.config.terms)
    names = {member.id: member.name for member in data.staff}
    rows = [overdue_row(status, names) for status in statuses(
        data.children, data.config.duties, data.staff, school, day)]
    current = school.term_at(day)
    if current is not None:
        rows += census_rows(data.children, data.staff, load_census(data.folder, current.name),
                            school, day, data.config.census_days)
    return rows + support_duty_rows(data, day, None)


def caseload(ctx: typer.Context, day: date, within: int | None, by: str | None,
             fmt: Format, klass: str | None = None) -> None:
    from liushou_cli.errors import LiushouError
    from liushou_cli.finder import find_staff
    from liushou_cli.render.output import write_csv, write_json
    from liushou_cli.render.support import write_caseload_table
    from liushou_cli.support_report import CASELOAD_KEYS, caseload_rows

    data = dataset(ctx)
    if data.config is None:
        raise LiushouError(t("config_broken"), data.folder.rel(data.folder.config_path))
    if not data.config.terms:
        raise LiushouError(t("no_terms"))
    days = 14 if within is None else within
    who = find_staff(data.staff, by).id if by else None
    rows = caseload_rows([item.child for item in data.children], data.staff,
                         all_duty_rows(data, day), day, days, by=who, klass=klass)
    if fmt == Format.json:
        write_json([{key: row[key] for key in CASELOAD_KEYS} for row in rows])
    elif fmt == Format.csv:
        write_csv(rows, CASELOAD_KEYS)
    else:
        write_caseload_table(rows, day, days)
    warn_unreadable(data)


def incomplete(ctx: typer.Context, day: date, klass: str | None, by: str | None,
               fmt: Format) -> None:
    from liushou_cli.finder import find_staff
    from liushou_cli.render.output import write_csv, write_json
    from liushou_cli.render.support import gap_text, write_incomplete_table
    from liushou_cli.support_report import INCOMPLETE_KEYS, incomplete_rows

    data = dataset(ctx)
    who = find_staff(data.staff, by).id if by else None
    rows = incomplete_rows([item.child for item in data.children], data.staff, day,
                           klass=klass, by=who)
    if fmt == Format.json:
        write_json([{**{key: row[key] for key in INCOMPLETE_KEYS}, "text": gap_text(row)}
                    for row in rows])
    elif fmt == Format.csv:
        write_csv([{**row, "text": gap_text(row)} for row in rows], (*INCOMPLETE_KEYS, "text"))
    else:
        write_incomplete_table(rows, day)
    warn_unreadable(data)
