"""`liushou init` and `liushou check`: creating a data folder and checking all of it."""

from __future__ import annotations

from pathlib import Path

import typer

from liushou_cli.cli.common import Format, dataset, folder, today
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.core.errors import ExitStatus, Problem
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.ops.newfolder import create_data_folder
from liushou_cli.render.output import write_csv, write_json
from liushou_cli.reports.check import CheckDerivation, check_dataset, has_errors
from liushou_cli.reports.check_causes import lead_with_causes


def init(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help=help_text("init.path")),
    school: str = typer.Option(..., "--school", help=help_text("init.school")),
    no_git: bool = typer.Option(False, "--no-git", help=help_text("init.no-git")),
) -> None:
    repository = create_data_folder(path, school, today(ctx), git=not no_git)
    typer.echo(t("init_done", path=path, school=school))
    _say_where(path.resolve(), always=True)
    if repository:
        typer.echo(t("init_git_done"))
    elif not no_git:
        typer.echo(t("init_no_git"), err=True)


def check(
    ctx: typer.Context,
    fmt: Format = FORMAT_OPTION,
) -> None:
    data_folder = folder(ctx)
    # Each child's checks are made while it loads and cached with its file: a county's
    # folder is checked without keeping its records in memory.
    day = today(ctx)
    data = dataset(ctx, lambda config, staff: CheckDerivation(data_folder, staff, day,
                                                                 config),
                   broken_staff_ok=True)
    problems = check_dataset(data, day)
    result = lead_with_causes(data, problems)
    shown = result.shown
    errors = sum(1 for p in shown if p.severity == "error")
    warnings = len(shown) - errors
    if fmt == Format.json:
        write_json({"errors": errors, "warnings": warnings,
                    "problems": [p.as_dict() for p in shown],
                    "folded": [folded.as_dict() for folded in result.folded]})
    elif fmt == Format.csv:
        write_csv([*(p.as_dict() for p in result.causes),
                   *(folded.as_problem_row() for folded in result.folded),
                   *(p.as_dict() for p in result.rest)],
                  ("path", "line", "severity", "code", "message"))
    else:
        for problem in result.causes:
            typer.echo(_problem_line(problem))
        for folded in result.folded:
            typer.echo(folded.message())
        for problem in result.rest:
            typer.echo(_problem_line(problem))
        if problems:
            typer.echo(t("check_summary", errors=errors, warnings=warnings))
        else:
            typer.echo(t("check_ok", children=len(data.children), staff=len(data.staff_facts)))
        _say_where(data_folder.root)
    if has_errors(problems):
        raise typer.Exit(ExitStatus.PROBLEM)


def _say_where(root: Path, always: bool = False) -> None:
    """On Windows, where the data folder is and on what kind of drive, on stderr: after
    init always, after check when it is not this computer's own disk (a teacher's folder may
    be on a USB stick, a mapped drive or in OneDrive without knowing it; the last two are
    also a warning of check's own)."""
    from liushou_cli.core import platform

    if platform.current().windows:
        from liushou_cli.store.location import described, place_of

        place = place_of(root)
        if always or place.kind != "local":
            typer.echo(described(root, place), err=True)


def _problem_line(problem: Problem) -> str:
    return f"{problem.where()}: {t('severity_' + problem.severity)}: {problem.message}"
