"""`liushou county report`: the schools' results (already read) put together and printed as a
table, json or csv; what left a total partial said on stderr after a table. Called by
cli/county.py."""

from __future__ import annotations

from datetime import date, datetime

import typer

from liushou_cli.cli.common import Format, screen
from liushou_cli.core.errors import ExitStatus
from liushou_cli.core.validators import visible
from liushou_cli.i18n import t
from liushou_cli.render.county import write_county_history, write_county_overdue, write_county_term
from liushou_cli.render.output import write_csv, write_json
from liushou_cli.reports.county import (
    NO_VISIT,
    OVERDUE_KEYS,
    STATS_CSV_KEYS,
    county_term,
    duplicates,
    duplicates_json,
    history_rows,
    overdue_rows,
    stats_csv,
    stats_json,
)
from liushou_cli.reports.county_school import SchoolResult, unreadable_lines


def stats_report(ctx: typer.Context, results: list[SchoolResult], term: str | None,
                 fmt: Format, as_of: date | None) -> None:
    county = county_term(results, term, as_of)
    if fmt == Format.json:
        write_json(stats_json(county))
    elif fmt == Format.csv:
        write_csv(stats_csv(county), STATS_CSV_KEYS)
    else:
        write_county_term(county, **screen(ctx))
    if fmt != Format.table:
        _say_failed(county.failed)


def terms_report(ctx: typer.Context, results: list[SchoolResult], fmt: Format) -> None:
    rows = history_rows(results)
    failed = [found for found in results if found.problem is not None]
    if fmt == Format.json:
        write_json({"complete": not failed and all(row["complete"] for row in rows),
                    "schools_failed": [{"school": found.name, "problem": found.problem}
                                       for found in failed],
                    "terms": rows})
    elif fmt == Format.csv:
        write_csv([{"term": row["term"], **figure, "complete": row["complete"]}
                   for row in rows for figure in row["county"]],
                  ("term", "figure", "count", "denominator", "share", "complete"))
    elif rows:
        write_county_history(rows, **screen(ctx))
    else:
        typer.echo(t("stats_no_snapshots"))
    _say_failed(failed)


def overdue_report(ctx: typer.Context, results: list[SchoolResult], fmt: Format,
                   fail_on_overdue: bool, moment: datetime) -> None:
    rows = overdue_rows(results, moment)
    failed = [found for found in results if found.problem is not None]
    reported = [found for found in results if found.problem is None]
    twice = duplicates(reported)
    unreadable = [found for found in reported if found.unreadable]
    if fmt == Format.json:
        write_json({"complete": not (failed or unreadable),
                    "schools_failed": [{"school": found.name, "problem": found.problem}
                                       for found in failed],
                    "unreadable": [{"school": found.name, "files": len(found.unreadable)}
                                   for found in unreadable],
                    "duplicates": duplicates_json(twice), "rows": rows})
    elif fmt == Format.csv:
        # What the counts leave out, as a school's csv ends: a marked row per school that
        # could not be read and per file a school left out (a script reads no # row as data).
        write_csv(rows, OVERDUE_KEYS, [
            *({"path": found.name, "line": None, "message": found.problem or ""}
              for found in failed),
            *({**file, "path": f"{found.name}/{file['path']}"}
              for found in unreadable for file in found.unreadable)])
    else:
        write_county_overdue(rows, failed, twice, **screen(ctx))
    if fmt != Format.table:
        _say_failed(failed)
    for found in unreadable:
        for line in unreadable_lines(found):
            typer.echo(line, err=True)
    # A script asking "is anything overdue?" must not be told "no" about schools never read.
    if fail_on_overdue and (failed or unreadable or any(
            row["overdue"] > 0 for row in rows if row["duty"] != NO_VISIT)):
        raise typer.Exit(ExitStatus.PROBLEM)


def _say_failed(failed: list[SchoolResult]) -> None:
    for found in failed:
        typer.echo(t("county_school_failed", school=visible(found.name),
                     problem=visible(found.problem or "")), err=True)
