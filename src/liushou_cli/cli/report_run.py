"""`liushou report` run: what is overdue (--overdue, the default), the term statistics
(--stats), the caseload per teacher (--caseload) and the incomplete records (--incomplete);
one runner a kind (RUNS), the options each kind takes in reports.kinds. Without typer
(cli/report.py declares the options): a line run before is run from its kept parse
(cli/keptline.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_cli.cli.common import (
    Format,
    dataset,
    environment,
    folder,
    parse_as_of,
    screen,
    today,
    warn_conflicts,
    warn_unreadable,
)
from liushou_cli.cli.context import CommandContext, echo
from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.errors import ExitStatus, LiushouError, UsageError
from liushou_cli.i18n import t
from liushou_cli.render.output import envelope, unreadable_files, write_csv, write_json
from liushou_cli.reports.kinds import choose_kind
from liushou_cli.store.read import StaffFacts

if TYPE_CHECKING:
    from liushou_cli.core.settings import SchoolSettings
    from liushou_cli.reports.terms import CensusSheet


class ReportFormat(StrEnum):
    """--format of `report`: the common ones, and ics (a calendar) for --overdue."""

    table = "table"
    json = "json"
    csv = "csv"
    ics = "ics"


@dataclass(frozen=True)
class ReportLine:
    """The options of one `liushou report` line, as plain values (what a kept parse holds)."""

    overdue: bool = False
    as_of: str | None = None
    by: str | None = None
    klass: str | None = None
    duty: str | None = None
    due_within: int | None = None
    fail_on_overdue: bool = False
    stats: bool = False
    term_name: str | None = None
    terms: str | None = None
    caseload: bool = False
    incomplete: bool = False
    fmt: str = "table"
    output: str | None = None
    force: bool = False

    def __post_init__(self) -> None:
        ReportFormat(self.fmt)  # ValueError for a --format no report has (a kept file edited)


def run_report(ctx: CommandContext, line: ReportLine) -> None:
    """Run the report `line` asks for."""
    fmt = ReportFormat(line.fmt)
    output = None if line.output is None else Path(line.output)
    kinds = {"--overdue": line.overdue, "--stats": line.stats, "--caseload": line.caseload,
             "--incomplete": line.incomplete}
    used = {"--as-of": line.as_of, "--by": line.by, "--class": line.klass, "--duty": line.duty,
            "--due-within": line.due_within, "--fail-on-overdue": line.fail_on_overdue or None,
            "--term": line.term_name, "--terms": line.terms}
    kind = choose_kind([flag for flag, on in kinds.items() if on],
                       [option for option, value in used.items() if value is not None])
    if fmt == ReportFormat.ics and kind != "--overdue":
        raise UsageError(t("report_ics_only_overdue"))
    for option, given in (("--output", output is not None), ("--force", line.force)):
        if given and fmt != ReportFormat.ics:
            raise UsageError(t("report_output_only_ics", option=option))
    if output is not None:
        from liushou_cli.store.outputs import check_output  # a file's writer: ics only

        check_output(output, force=line.force)  # before the folder is read
    moment = parse_as_of(line.as_of) or environment(ctx).clock
    request = ReportRequest(moment.date() if line.as_of else today(ctx), line.by, line.klass,
                            line.duty, line.due_within, line.fail_on_overdue, line.term_name,
                            line.terms, Format.table if fmt == ReportFormat.ics else Format(fmt),
                            moment,
                            CalendarFile(output, line.force) if fmt == ReportFormat.ics else None)
    RUNS[kind](ctx, request)


@dataclass(frozen=True)
class CalendarFile:
    """`--format ics`: where the calendar goes (None: standard output) and --force."""

    output: Path | None
    force: bool


@dataclass(frozen=True)
class ReportRequest:
    """What `liushou report` was asked, options parsed; each kind reads the ones it takes
    (reports.kinds.OPTIONS refuses the others before it runs)."""

    day: date
    by: str | None
    klass: str | None
    duty: str | None
    due_within: int | None
    fail_on_overdue: bool
    term_name: str | None
    terms: str | None
    fmt: Format
    moment: datetime  # --as-of to the minute (a date alone: its last minute), else now
    calendar: CalendarFile | None = None  # --format ics (then fmt is unused)


# Each kind imports what it alone needs: the term statistics no duty's rows, the daily
# report no term's counts (a few milliseconds of a school's 0.06 s each).


def _caseload(ctx: CommandContext, request: ReportRequest) -> None:
    from liushou_cli.cli.report_support import caseload

    caseload(ctx, request.day, request.moment, request.due_within, request.by, request.fmt,
             request.klass)


def _incomplete(ctx: CommandContext, request: ReportRequest) -> None:
    from liushou_cli.cli.report_support import incomplete

    incomplete(ctx, request.day, request.klass, request.by, request.fmt)


def _overdue(ctx: CommandContext, request: ReportRequest) -> None:
    from liushou_cli.cli.report_support import activity_conflicts, duty_rows_of_day
    from liushou_cli.duties.rows import (
        CENSUS_DUTY,
        INCIDENT_DUTY,
        INCIDENT_KEYS,
        OVERDUE_EXTRA_KEYS,
        OVERDUE_KEYS,
        Reported,
        find_duties,
        find_support_duties,
        overdue_rows,
    )
    from liushou_cli.lookup.finder import dataset_classes, find_class, find_staff

    day, duty, fmt = request.day, request.duty, request.fmt
    # Only the rows the report may print: overdue, or due within --due-within.
    data, every_row, day_duties = duty_rows_of_day(
        ctx, day, request.moment, keep=Reported(request.due_within))
    assert data.config is not None  # duty_rows_of_day refuses a broken liushou.yaml
    wanted = {found.id for found in find_duties(data.config.duties, duty)}
    if duty in (None, CENSUS_DUTY, t("census_duty")):
        wanted.add(CENSUS_DUTY)
    if duty in (None, INCIDENT_DUTY, t("incident_duty")):
        wanted.add(INCIDENT_DUTY)
    wanted.update(find_support_duties(duty))
    if not wanted:
        raise UsageError(t("unknown_duty", duty=duty,
                           duties=t("list_sep").join([*(d.id for d in data.config.duties),
                                                      CENSUS_DUTY, *find_support_duties(None),
                                                      INCIDENT_DUTY])))
    who = find_staff(data.staff_facts, request.by).id if request.by else None
    # The classes every child has, asked only when --class needs them (a loop over the folder).
    klass = (find_class(request.klass, dataset_classes(data, day_duties.classes(data.children))
                        | {row["class"] for row in every_row})
             if request.klass is not None else None)
    rows = overdue_rows((row for row in every_row if row["duty"] in wanted),
                        due_within=request.due_within, by=who, klass=klass)
    unreadable = unreadable_files(data)
    # The incident's keys only when an incident is in the report: the columns of a report
    # without one stay as they always were.
    keys = (*OVERDUE_KEYS, *OVERDUE_EXTRA_KEYS,
            *(INCIDENT_KEYS if any(row["duty"] == INCIDENT_DUTY for row in rows) else ()))
    if request.calendar is not None:
        # Only --format ics: the calendar's writer, which the daily table does not need.
        from liushou_cli.cli.report_calendar import write_calendar

        write_calendar(ctx, data, rows, day, request.calendar.output, request.calendar.force,
                       request.moment)
    elif fmt == Format.json:
        fields: list[Mapping[str, object]] = list(rows)
        write_json(envelope([{key: row.get(key) for key in keys} for row in fields],
                            unreadable))
    elif fmt == Format.csv:
        write_csv(rows, keys, unreadable)
    else:
        from liushou_cli.render.overdue import write_overdue_table  # the table's widths

        env = environment(ctx)
        write_overdue_table(rows, day, env.width, env.colour,
                            {found.id: found.short for found in data.config.duties
                             if found.short}, request.moment)
    warn_unreadable(data)
    warn_conflicts(data, activity_conflicts(day_duties))
    # A script asking "is anything overdue?" must not be told "no" about files it never read.
    if request.fail_on_overdue and (data.unreadable_children or data.unreadable_activities
                                    or any(row["days_overdue"] > 0 for row in rows)):
        raise SystemExit(ExitStatus.PROBLEM)


def _stats(ctx: CommandContext, request: ReportRequest) -> None:
    from liushou_cli.cli.report_support import censuses
    from liushou_cli.render.stats import write_term, write_terms
    from liushou_cli.reports.stats import paragraph
    from liushou_cli.reports.terms import (
        StatsDerivation,
        as_json,
        figure_rows,
        history_json,
        term_figures,
        term_history,
    )

    day, term_name, terms, fmt = request.day, request.term_name, request.terms, request.fmt
    if terms is not None and terms not in ("all", "全部"):
        raise UsageError(t("terms_all_only"))
    made: list[StatsDerivation] = []
    census: list[CensusSheet] = []

    def derive(config: SchoolSettings | None, staff: list[StaffFacts]) -> StatsDerivation | None:
        # Each child's facts for the term asked, cached with its file: a warm --stats builds
        # no record. The term is known once liushou.yaml is read, before any child is.
        if config is None:
            return None
        school = SchoolCalendar.of(config.terms)
        term = None
        if terms is None:
            term = school.term_named(term_name) if term_name else school.reference_term(day)
            if term is None:
                raise UsageError(t("unknown_term", term=term_name) if term_name
                                 else t("no_term_today") if day == today(ctx)
                                 else t("no_term_on", day=day.isoformat()))
        made.append(StatsDerivation(school.terms, term, day))
        census.extend(censuses(ctx, folder(ctx), school.terms if term is None else [term]))
        return made[0]

    data = dataset(ctx, derive)
    if data.config is None or not made:
        raise LiushouError(t("config_broken"), data.folder.rel(data.folder.config_path))
    derivation = made[0]
    facts = derivation.facts(data.children)
    unreadable = unreadable_files(data)
    if derivation.term is None:
        results = term_history(facts, data.staff_facts,
                               list(zip(derivation.terms, census, strict=True)), day)
        if fmt == Format.json:
            write_json(envelope([history_json(r) for r in results], unreadable,
                                complete=all(r.whole_school for r in results)))
        elif fmt == Format.csv:
            write_csv([{"term": r.term, **row, "complete": r.whole_school} for r in results
                       for row in figure_rows(r.figures())],
                      ("term", "figure", "count", "denominator", "share", "complete"), unreadable)
        elif results:
            write_terms(results, **screen(ctx))
        else:
            echo(t("stats_no_snapshots"))
        warn_unreadable(data)
        warn_conflicts(data)
        return
    term = derivation.term
    led = {klass for member in data.staff_facts for klass in member.leads}
    result = term_figures(facts, census[0], term, led=led, as_of=day)
    text = paragraph(term.name, result.counts, result.enrolled)
    if fmt == Format.json:
        write_json(as_json(result, text, unreadable))
    elif fmt == Format.csv:
        rows = [{"scope": "school", **row} for row in figure_rows(result.figures())]
        rows += [{"scope": entry.klass, **row} for entry in result.classes
                 for row in figure_rows(entry.figures())]
        write_csv(rows, ("scope", "figure", "count", "denominator", "share"), unreadable)
    else:
        write_term(result, text, unreadable, **screen(ctx))
    warn_unreadable(data)
    warn_conflicts(data)


# Each kind of report and the function that runs it (reports.kinds lists the options each takes).
RUNS: dict[str, Callable[[CommandContext, ReportRequest], None]] = {
    "--overdue": _overdue, "--stats": _stats, "--caseload": _caseload,
    "--incomplete": _incomplete}
