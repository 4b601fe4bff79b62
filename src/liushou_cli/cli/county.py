"""`liushou county`: a county's (or a central school's) view over many schools' folders:
init, add and list the schools of county.yaml, pull their clones, report, export.

No county command writes into a school's folder: each is read through the county's own
cache (`.liushou-cache/` in the county folder), on every core (reports/county_pool.py).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from liushou_cli.cli.common import (
    Format,
    cache_folder,
    environment,
    parse_date,
    progress,
    screen,
    today,
)
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.core.county import CountySchool
from liushou_cli.core.errors import ExitStatus, LiushouError, UsageError
from liushou_cli.core.incidents import end_of_day
from liushou_cli.core.validators import visible
from liushou_cli.i18n import lang, t
from liushou_cli.i18n.help import help_text
from liushou_cli.render.county import write_county_list
from liushou_cli.render.output import write_csv, write_json
from liushou_cli.reports.county_school import SchoolJob, SchoolResult
from liushou_cli.store.county import (
    CountyFolder,
    add_school,
    create_county,
    find_county,
    listed_twice,
    load_county,
    ready_cache,
    school_line,
    school_name_of,
    school_problem,
)
from liushou_cli.store.outputs import refuse_other_suffix

app = typer.Typer(no_args_is_help=True)

COUNTY_OPTION: Any = typer.Option(None, "--county", help=help_text("county.county"))


@app.command("init", help=help_text("county.init"))
def init(
    folder: Path = typer.Argument(Path("."), help=help_text("county.init.folder")),
    name: str = typer.Option(..., "--name", help=help_text("county.init.name")),
) -> None:
    county = create_county(folder, name)
    typer.echo(t("county_created", path=county.file))


@app.command("add", help=help_text("county.add"))
def add(
    path: str = typer.Argument(..., help=help_text("county.add.path")),
    name: str | None = typer.Option(None, "--name", help=help_text("county.add.name")),
    remote: str | None = typer.Option(None, "--remote", help=help_text("county.add.remote")),
    county_dir: Path | None = COUNTY_OPTION,
) -> None:
    county = find_county(county_dir)
    school = CountySchool(name="-", path=path)
    root = county.school_root(school)
    if remote is None and school_problem(root) is not None:
        raise LiushouError(t(school_problem(root) or "", path=root))
    found = name or (school_name_of(root) if remote is None else None) or root.name
    add_school(county, CountySchool(name=found, path=path, remote=remote))
    typer.echo(t("county_added", name=found, path=path))


@app.command("list", help=help_text("county.list"))
def list_schools(ctx: typer.Context, county_dir: Path | None = COUNTY_OPTION,
                 fmt: Format = FORMAT_OPTION) -> None:
    county = find_county(county_dir)
    listed = load_county(county).schools
    twice = dict(listed_twice(county, listed))
    rows = []
    for index, school in enumerate(listed):
        why = school_problem(county.school_root(school))
        state = (t("county_twice", name=listed[twice[index]].name) if index in twice
                 else t(why, path=school.path) if why else t("county_state_ok"))
        rows.append({"school": school.name, "path": school.path, "remote": school.remote or "",
                     "state": state, "readable": why is None, "listed_twice": index in twice})
    keys = ("school", "path", "remote", "state")
    if fmt == Format.json:
        write_json(rows)
    elif fmt == Format.csv:
        write_csv(rows, (*keys, "readable", "listed_twice"))
    else:
        write_county_list(rows, **screen(ctx))


@app.command("pull", help=help_text("county.pull"))
def pull(county_dir: Path | None = COUNTY_OPTION) -> None:
    from liushou_cli.store.countygit import pull_school  # git only here

    county = find_county(county_dir)
    failed = 0
    for school in load_county(county).schools:
        if school.remote is None:
            continue
        what, complaint = pull_school(school.remote, county.school_root(school))
        if what == "failed":
            failed += 1
            typer.echo(t("county_pull_failed", school=visible(school.name),
                         reason=t("git_missing") if complaint == "git" else complaint), err=True)
        else:
            typer.echo(t(f"county_pull_{what}", school=visible(school.name)))
    if failed:
        raise typer.Exit(ExitStatus.PROBLEM)


def _refuse_inside_a_school(county: CountyFolder, output: Path) -> None:
    """No county command writes into a school's folder: an export of many schools' children
    there would travel with that school's folder wherever it is synced or pushed."""
    target = output.resolve()
    for school in load_county(county).schools:
        root = county.school_root(school).resolve()
        if target.is_relative_to(root):
            raise UsageError(t("county_output_in_school", path=output,
                               school=visible(school.name)))


def plan_jobs(ctx: typer.Context, county: CountyFolder, kind: str, as_of: str | None = None,
              term: str | None = None, **more: Any) -> list[SchoolJob]:
    """A job per school of county.yaml, a school listed twice said (on stderr) and read once."""
    listed = load_county(county).schools
    twice = dict(listed_twice(county, listed))
    for index, before in twice.items():
        typer.echo(f"{county.file}:{school_line(county, index) or ''}: " + t(
            "county_listed_twice", name=visible(listed[index].name),
            first=visible(listed[before].name)), err=True)
    cache_dir = ready_cache(county) if cache_folder(ctx) is not None else None
    day = today(ctx)
    return [SchoolJob(school.name, county.school_root(school), cache_dir, day,
                      parse_date(as_of, "--as-of") or day, kind, term, lang(), **more)
            for index, school in enumerate(listed) if index not in twice]


def _moment(ctx: typer.Context, as_of: str | None) -> datetime:
    """When incidents' steps are counted late (by the hour): --as-of's last minute, else now."""
    day = parse_date(as_of, "--as-of")
    return end_of_day(day) if day is not None else environment(ctx).clock


def read_all(ctx: typer.Context, jobs: list[SchoolJob]) -> list[SchoolResult]:
    from liushou_cli.reports.county_pool import read_schools  # multiprocessing: reports only

    return list(read_schools(jobs, progress=progress(ctx)))


@app.command("report", help=help_text("county.report"))
def report(
    ctx: typer.Context,
    stats: bool = typer.Option(False, "--stats", help=help_text("county.report.stats")),
    overdue: bool = typer.Option(False, "--overdue", help=help_text("county.report.overdue")),
    term: str | None = typer.Option(None, "--term", help=help_text("report.term")),
    terms: str | None = typer.Option(None, "--terms", help=help_text("report.terms")),
    as_of: str | None = typer.Option(None, "--as-of", help=help_text("report.as-of")),
    fail_on_overdue: bool = typer.Option(False, "--fail-on-overdue",
                                         help=help_text("county.report.fail-on-overdue")),
    county_dir: Path | None = COUNTY_OPTION,
    fmt: Format = FORMAT_OPTION,
) -> None:
    if stats == overdue:
        raise UsageError(t("county_one_kind"))
    if overdue and (term or terms):
        raise UsageError(t("county_option_stats_only", option="--term" if term else "--terms"))
    if stats and fail_on_overdue:
        raise UsageError(t("county_option_overdue_only", option="--fail-on-overdue"))
    if terms is not None and terms not in ("all", "全部"):
        raise UsageError(t("terms_all_only"))
    if term and terms:
        raise UsageError(t("county_term_or_terms"))
    county = find_county(county_dir)
    from liushou_cli.cli.county_report import overdue_report, stats_report, terms_report

    if overdue:
        jobs = plan_jobs(ctx, county, "overdue", as_of)
        overdue_report(ctx, read_all(ctx, jobs), fmt, fail_on_overdue, _moment(ctx, as_of))
    elif terms:
        terms_report(ctx, read_all(ctx, plan_jobs(ctx, county, "history", as_of)), fmt)
    else:
        jobs = plan_jobs(ctx, county, "stats", as_of, term)
        stats_report(ctx, read_all(ctx, jobs), term, fmt, jobs[0].as_of if jobs else None)


@app.command("export", help=help_text("county.export"))
def export(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", help=help_text("county.export.output")),
    fmt: str | None = typer.Option(None, "--format", "-f", help=help_text("county.export.format")),
    sheets: bool = typer.Option(False, "--sheets", help=help_text("county.export.sheets")),
    status: str = typer.Option("在读", "--status", help=help_text("export.status")),
    full: bool = typer.Option(False, "--full", help=help_text("export.full")),
    force: bool = typer.Option(False, "--force", help=help_text("export.force")),
    as_of: str | None = typer.Option(None, "--as-of", help=help_text("county.export.as-of")),
    county_dir: Path | None = COUNTY_OPTION,
) -> None:
    from liushou_cli.cli.county_export import write_form, write_parquet  # export only

    chosen = fmt or output.suffix.lower().lstrip(".") or None
    if chosen not in ("xlsx", "csv", "parquet"):
        raise UsageError(t("county_export_format", path=output))
    refuse_other_suffix(output, chosen, ("xlsx", "csv"))  # a Parquet folder has no suffix
    county = find_county(county_dir)
    _refuse_inside_a_school(county, output)
    if chosen == "parquet":
        if sheets or full or status != "在读":
            raise UsageError(t("county_parquet_options"))
        write_parquet(ctx, output, force,
                      lambda: read_all(ctx, plan_jobs(ctx, county, "parquet", as_of)),
                      _moment(ctx, as_of))
    else:
        if sheets and chosen == "csv":
            raise UsageError(t("county_sheets_xlsx"))
        if as_of is not None:  # the form's rows depend on no day: taken and unused, it misleads
            raise UsageError(t("county_as_of_parquet"))
        write_form(ctx, output, chosen, sheets, status, full, force,
                   lambda: read_all(ctx, plan_jobs(ctx, county, "export", as_of, status=status,
                                              full=full)))
