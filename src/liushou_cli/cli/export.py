"""`liushou export`: the children as the bureau's registration form, as .xlsx or .csv."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from liushou_cli.cli.common import dataset, progress, warn_unreadable
from liushou_cli.core.errors import LiushouError, UsageError
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import dataset_classes, find_class
from liushou_cli.render.export_writer import csv_bytes, xlsx_bytes
from liushou_cli.render.output import unreadable_files
from liushou_cli.reports.export import (
    ALL_STATUSES,
    EXPORT_FACTS,
    SHEET_TITLE,
    ExcelWatch,
    ExportFacts,
    export_facts,
    export_rows,
    headers,
    number_columns,
    row_stream,
    select_facts,
    status_ok,
)
from liushou_cli.store.atomic import atomic_write, create_exclusive
from liushou_cli.store.oserrors import writing
from liushou_cli.store.outputs import check_output, refuse_other_suffix
from liushou_cli.store.read import LoadedChild


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


def export(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", dir_okay=False, help=help_text("export.output")),
    fmt: ExportFormat | None = typer.Option(None, "--format", "-f", help=help_text("export.format")),
    status: str = typer.Option("在读", "--status", help=help_text("export.status")),
    klass: str | None = typer.Option(None, "--class", help=help_text("export.class")),
    full: bool = typer.Option(False, "--full", help=help_text("export.full")),
    force: bool = typer.Option(False, "--force", help=help_text("export.force")),
) -> None:
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in ExportFormat.__members__:
            raise UsageError(t("export_format_needed", path=output))
        fmt = ExportFormat(suffix)
    refuse_other_suffix(output, fmt.value, tuple(ExportFormat.__members__))
    if not status_ok(status):
        raise UsageError(t("v_literal", field="--status", value=status,
                           expected="在读、转出、毕业、不再留守、全部"))
    check_output(output, force=force)  # before the folder is read


    # Each child's row comes from the cache (reports.export.ExportFacts): an unchanged
    # folder is exported without building a record.
    data = dataset(ctx, lambda config, staff: EXPORT_FACTS)
    facts = [_facts(item) for item in data.children]
    klass = find_class(klass, dataset_classes(data, [found.klass for found in facts]))
    if output.resolve().is_relative_to(data.folder.root):
        # A file in the data folder travels wherever the folder is synced or pushed.
        typer.echo(t("export_inside_data"), err=True)
    chosen = select_facts(facts, status, klass)
    if not chosen:
        raise LiushouError(t("export_none"))
    with_status = status in ALL_STATUSES
    if full:
        typer.echo(t("export_full_warning"), err=True)
    left_out = [(found["path"], str(found["line"] or ""), found["message"])
                for found in unreadable_files(data)]
    if fmt == ExportFormat.xlsx:
        content = xlsx_bytes(*export_rows(chosen, full=full, with_status=with_status),
                             SHEET_TITLE, left_out, progress(ctx))
    else:  # written as the rows are made, never all held at once
        rows = ExcelWatch(row_stream(chosen, full=full, with_status=with_status),
                          number_columns(with_status))
        content = csv_bytes(headers(with_status), rows, left_out)
        if rows.mangled:
            typer.echo(t("export_csv_excel"), err=True)
    with writing(str(output)):
        if force:
            atomic_write(output, content, history=False)
            created = True
        else:
            created = create_exclusive(output, content, history=False)
    if not created:
        raise LiushouError(t("export_exists", path=output))
    typer.echo(t("export_done", count=len(chosen), path=output))
    if not full:
        typer.echo(t("export_masked_note"))
    warn_unreadable(data)


def _facts(item: LoadedChild) -> ExportFacts:
    """The child's row as the folder's loading derived it (from the record otherwise)."""
    found = item.derived
    return found if isinstance(found, ExportFacts) else export_facts(item.child)
