"""`liushou report` as typer declares it: its options, handed as a ReportLine to
cli/report_run.py, which runs the report; the line's parse is kept (cli/keptline.py) so that
the same line is run again without typer."""

from __future__ import annotations

from pathlib import Path

import typer

from liushou_cli.cli.keptline import keep_line
from liushou_cli.cli.report_run import ReportFormat, ReportLine, run_report
from liushou_cli.i18n.help import help_text


def report(
    ctx: typer.Context,
    overdue: bool = typer.Option(False, "--overdue", help=help_text("report.overdue")),
    as_of: str | None = typer.Option(None, "--as-of", help=help_text("report.as-of")),
    by: str | None = typer.Option(None, "--by", help=help_text("report.by")),
    klass: str | None = typer.Option(None, "--class", help=help_text("option.only-class")),
    duty: str | None = typer.Option(None, "--duty", help=help_text("report.duty")),
    due_within: int | None = typer.Option(None, "--due-within", min=0, help=help_text("report.due-within")),
    fail_on_overdue: bool = typer.Option(False, "--fail-on-overdue", help=help_text("report.fail-on-overdue")),
    stats: bool = typer.Option(False, "--stats", help=help_text("report.stats")),
    term_name: str | None = typer.Option(None, "--term", help=help_text("report.term")),
    terms: str | None = typer.Option(None, "--terms", help=help_text("report.terms")),
    caseload: bool = typer.Option(False, "--caseload", help=help_text("report.caseload")),
    incomplete: bool = typer.Option(False, "--incomplete", help=help_text("report.incomplete")),
    fmt: ReportFormat = typer.Option(ReportFormat.table, "--format", "-f",
                                     help=help_text("report.format")),
    output: Path | None = typer.Option(None, "--output", "-o", dir_okay=False,
                                       help=help_text("report.output")),
    force: bool = typer.Option(False, "--force", help=help_text("report.force")),
) -> None:
    line = ReportLine(overdue=overdue, as_of=as_of, by=by, klass=klass, duty=duty,
                      due_within=due_within, fail_on_overdue=fail_on_overdue, stats=stats,
                      term_name=term_name, terms=terms, caseload=caseload,
                      incomplete=incomplete, fmt=fmt.value,
                      output=None if output is None else str(output), force=force)
    if output is None:  # a file's name is checked by typer as it parses: never kept
        keep_line("report", line)
    run_report(ctx, line)
