"""`liushou county export`: the registration form of every school in one workbook (or csv),
masked as each school's own export is; or, with --format parquet, a folder of Parquet files
partitioned by school and term for an analyst's engine (docs/county.md). Called by
cli/county.py; the schools are read by the caller's `read`, on every core."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from liushou_cli.core.errors import LiushouError
from liushou_cli.core.validators import visible
from liushou_cli.i18n import t
from liushou_cli.render.county_book import xlsx_book_bytes
from liushou_cli.render.export_writer import csv_bytes, xlsx_bytes
from liushou_cli.reports.county import tallies_at
from liushou_cli.reports.county_rows import ENTRY_COLUMNS, SCHOOL_HEADER, child_columns
from liushou_cli.reports.county_school import SchoolResult
from liushou_cli.reports.export import ALL_STATUSES, SHEET_TITLE, headers
from liushou_cli.reports.terms import figure_rows
from liushou_cli.store.atomic import atomic_write, create_exclusive
from liushou_cli.store.oserrors import writing
from liushou_cli.store.outputs import check_output, refuse_dash


def write_form(ctx: typer.Context, output: Path, fmt: str, sheets: bool, status: str,
               full: bool, force: bool, read: Callable[[], list[SchoolResult]]) -> None:
    check_output(output, force=force)
    results = read()
    header = [SCHOOL_HEADER, *headers(with_status=status in ALL_STATUSES)]
    reported = [found for found in results if found.problem is None]
    left_out = [(found.name, "", found.problem or "") for found in results
                if found.problem is not None]
    left_out += [(f"{found.name}: {file['path']}", str(file["line"] or ""), file["message"])
                 for found in reported for file in found.unreadable]
    count = sum(len(found.form) for found in reported)
    if count == 0:
        raise LiushouError(t("export_none"))
    if full:
        typer.echo(t("export_full_warning"), err=True)
    if sheets:
        content = xlsx_book_bytes([(found.name, header, [[found.name, *row] for row in found.form])
                                   for found in reported], left_out)
    else:
        rows = [[found.name, *row] for found in reported for row in found.form]
        content = (xlsx_bytes(header, rows, SHEET_TITLE, left_out) if fmt == "xlsx"
                   else csv_bytes(header, rows, left_out))
    with writing(str(output)):
        if force:
            atomic_write(output, content, history=False)
        elif not create_exclusive(output, content, history=False):
            raise LiushouError(t("export_exists", path=output))
    typer.echo(t("county_export_done", count=count, schools=len(reported), path=output))
    if not full:
        typer.echo(t("export_masked_note"))
    _say_left_out(results)


# ---- Parquet --------------------------------------------------------------------------------
CHILD_TYPES = {"on_record": "bool", "in_census": "bool", "term_start": "date", "as_of": "date"}
ENTRY_TYPES = {"date": "date"}
FIGURE_COLUMNS = (("figure", "string"), ("count", "int"), ("denominator", "string"),
                  ("share", "float"), ("enrolled", "int"), ("census_finished", "bool"))
OVERDUE_COLUMNS = (("duty", "string"), ("duty_name", "string"), ("days_overdue", "int"))
VISIT_COLUMNS = (("on_record", "int"), ("no_home_visit", "int"))


def write_parquet(ctx: typer.Context, output: Path, force: bool,
                  read: Callable[[], list[SchoolResult]], moment: datetime) -> None:
    from liushou_cli.render.parquet_writer import NoParquet, available, parquet_bytes

    if not available():
        raise LiushouError(t("county_no_pyarrow"))
    refuse_dash(output)
    with writing(str(output)):
        if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not force)):
            raise LiushouError(t("county_parquet_exists", path=output))
    results = read()
    children = [(name, CHILD_TYPES.get(name, "string")) for name in child_columns()]
    entries = [(name, ENTRY_TYPES.get(name, "string")) for name in ENTRY_COLUMNS]
    used: set[str] = set()
    files = 0
    try:
        for found in results:
            if found.problem is not None or found.term is None:
                continue
            part = _partition(found.name, used)
            term = found.term.term
            tables: list[tuple[str, str, Sequence[dict[str, Any]], Sequence[tuple[str, str]]]] = [
                ("children", term, found.children, children),
                ("figures", term, _figures(found), FIGURE_COLUMNS),
                ("overdue", found.visit_term or term, _overdue(found, moment), OVERDUE_COLUMNS),
                ("home_visits", found.visit_term or term,
                 [{"on_record": found.on_record, "no_home_visit": found.no_visit}], VISIT_COLUMNS),
            ]
            tables += [("entries", entry_term, rows, entries)
                       for entry_term, rows in sorted(found.entries.items())]
            for dataset, term_name, rows, columns in tables:
                path = (output / dataset / f"school={part}"
                        / f"term={_partition(term_name, set())}" / "part-0.parquet")
                with writing(str(path)):
                    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                    atomic_write(path, parquet_bytes(rows, columns), history=False)
                files += 1
    except NoParquet:
        raise LiushouError(t("county_no_pyarrow")) from None
    reported = sum(1 for found in results if found.problem is None)
    typer.echo(t("county_parquet_done", files=files, schools=reported, path=output))
    _say_left_out(results)


def _figures(found: SchoolResult) -> list[dict[str, Any]]:
    assert found.term is not None
    return [{**row, "enrolled": found.term.enrolled, "census_finished": not found.unfinished_classes}
            for row in figure_rows(found.term.figures())]


def _overdue(found: SchoolResult, moment: datetime) -> list[dict[str, Any]]:
    # Counts only: no child's name or id, as in `county report --overdue`.
    return [{"duty": tally.duty, "duty_name": tally.name, "days_overdue": days}
            for tally in tallies_at(found, moment) for days in tally.days]


_UNSAFE = set('/\\:*?"<>|=%')


def _partition(value: str, used: set[str]) -> str:
    """A partition folder's value: the name, with what a path or Hive would misread as '_'
    (school names are kept as written otherwise: Chinese is fine for DuckDB and Spark)."""
    safe = "".join("_" if char in _UNSAFE or ord(char) < 32 else char for char in value)
    safe = "_" + safe[1:] if safe.startswith(".") else safe or "_"
    found, number = safe, 2
    while found in used:
        found, number = f"{safe}~{number}", number + 1
    used.add(found)
    return found


def _say_left_out(results: Sequence[SchoolResult]) -> None:
    for found in results:
        if found.problem is not None:
            typer.echo(t("county_school_failed", school=visible(found.name),
                         problem=visible(found.problem)), err=True)
        elif found.unreadable:
            typer.echo(t("county_unreadable_files", school=visible(found.name),
                         count=len(found.unreadable)), err=True)
