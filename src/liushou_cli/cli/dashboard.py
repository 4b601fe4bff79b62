"""`liushou dashboard --output DIR`: the static site of site/, written by store/sitefolder.py.
The rows are the overdue report's (report_support.duty_rows_of_day, through the cache)."""

from __future__ import annotations

from pathlib import Path

import typer

from liushou_cli.cli.common import (
    environment,
    folder,
    parse_as_of,
    progress,
    today,
    warn_unreadable,
)
from liushou_cli.cli.report_support import duty_rows_of_day
from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.duties.rows import INCIDENT_DUTY
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.site.build import build_site
from liushou_cli.site.school import Site
from liushou_cli.store.activities import load_activities
from liushou_cli.store.read import load_census
from liushou_cli.store.sitefolder import check_target, write_site


def dashboard(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", file_okay=False, help=help_text("dashboard.output")),
    as_of: str | None = typer.Option(None, "--as-of", help=help_text("dashboard.as-of")),
    full: bool = typer.Option(False, "--full", help=help_text("dashboard.full")),
    force: bool = typer.Option(False, "--force", help=help_text("dashboard.force")),
    inside_data: bool = typer.Option(False, "--inside-data", help=help_text("dashboard.inside-data")),
) -> None:
    # A day, or a day and a time to the minute, as `report --as-of` takes it.
    moment = parse_as_of(as_of) or environment(ctx).clock
    day = moment.date() if as_of is not None else today(ctx)
    data_folder = folder(ctx)
    # Refused before the folder is read: a wrong --output costs nothing.
    check_target(output, data_folder.root, force=force, inside_data=inside_data)
    # The incidents' steps are counted at the minute (now, the --as-of minute, or that day's
    # end) but not listed: they are restricted records (incident list, report), on no page.
    data, every_row, _ = duty_rows_of_day(ctx, day, moment)
    assert data.config is not None  # duty_rows_of_day refuses a broken liushou.yaml
    rows = [row for row in every_row if row["duty"] != INCIDENT_DUTY]
    steps_late = sum(1 for row in every_row
                     if row["duty"] == INCIDENT_DUTY and row["days_overdue"] > 0)
    if full:
        typer.echo(t("export_full_warning"), err=True)
    school = SchoolCalendar.of(data.config.terms)
    term = school.reference_term(day)
    site = Site(data.config, data.staff, data.children, rows, day,
                load_census(data.folder, term.name) if term is not None else None,
                [(each, load_census(data.folder, each.name)) for each in school.terms],
                [loaded.activity for loaded in load_activities(data.folder)[0]], full,
                [data.folder.rel(path) for path in data.unreadable_children], steps_late,
                [problem.path for problem in data.unreadable_activities])
    count = write_site(output, build_site(site, progress=progress(ctx)), data_folder.root, force=force,
                       inside_data=inside_data)
    typer.echo(t("site_done", count=count, path=output / "index.html"))
    if not full:
        typer.echo(t("site_masked_note"))
    warn_unreadable(data)
