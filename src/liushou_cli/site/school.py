"""The school's page: what is overdue by teacher and by class (worst first), what falls due
in the next two weeks, the census's progress per class, the term's figures with their
denominators and the 基本情况 paragraph, and the charts. Every count is taken from the rows
`report --overdue` and `report --stats` print (duties.rows.overdue_rows,
reports.terms.term_figures), so the page and the reports cannot disagree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.classes import class_order
from liushou_cli.core.model import CensusFile
from liushou_cli.duties.census import progress
from liushou_cli.duties.rows import DutyRow, overdue_rows
from liushou_cli.duties.rules import applies, class_teacher_index, evaluate, responsible_for
from liushou_cli.i18n import show, t
from liushou_cli.reports.stats import figure_label, paragraph, percent, share_text
from liushou_cli.reports.terms import StatsDerivation, TermFigures, term_figures, term_history
from liushou_cli.site.charts import Bar, Chart, Group
from liushou_cli.store.read import LoadedChild

if TYPE_CHECKING:
    from liushou_cli.core.model import Activity, Staff
    from liushou_cli.core.settings import SchoolSettings, Term

DUE_SOON_DAYS = 14  # "the next two weeks"
NOBODY = ""  # a row no teacher is responsible for


@dataclass
class Site:
    """Everything the pages are made of: the folder as loaded, the day's duty rows (every row
    of the day, pending ones included: duties.day.DayDuties.all_rows) and the census files."""

    config: SchoolSettings
    staff: list[Staff]
    items: list[LoadedChild]
    rows: list[DutyRow]
    day: date
    census: CensusFile | None  # the current term's
    history: list[tuple[Term, CensusFile]]  # every term's, in order
    activities: list[Activity]
    full: bool = False
    left_out: list[str] = field(default_factory=list)  # child files that could not be read
    incident_steps_late: int = 0  # overdue steps of incidents: counted, never listed
    # Activity files that gave no activity: their activities are on no page.
    activities_left_out: list[str] = field(default_factory=list)

    @property
    def school(self) -> SchoolCalendar:
        return SchoolCalendar.of(self.config.terms)

    @property
    def term(self) -> Term | None:
        return self.school.reference_term(self.day)

    @property
    def names(self) -> dict[str, str]:
        return {member.id: member.name for member in self.staff}


@dataclass(frozen=True)
class Tally:
    """The rows of one teacher or class: how many, of how many children, the worst."""

    key: str  # the teacher's id or the class
    label: str
    rows: int
    children: int
    worst: int  # days overdue of the worst row (0 for rows not yet due)


@dataclass(frozen=True)
class CensusProgress:
    klass: str
    checked: int
    covered: int  # the children the census covers
    enrolled: int | None  # the class's enrolled total, if given
    finished: date | None


@dataclass
class SchoolPage:
    overdue: list[DutyRow]
    due_soon: list[DutyRow]
    overdue_by_teacher: list[Tally]
    overdue_by_class: list[Tally]
    soon_by_teacher: list[Tally]
    soon_by_class: list[Tally]
    census: list[CensusProgress]
    figures: TermFigures | None
    paragraph: str
    charts: list[Chart]


def school_page(site: Site, standings: Standings | None = None) -> SchoolPage:
    """The school's page; the duties' month-end `standings` over every child if already
    worked out (by the workers that make the children's pages), else worked out here."""
    overdue = overdue_rows(site.rows)
    due_soon = [row for row in overdue_rows(site.rows, due_within=DUE_SOON_DAYS)
                if row["days_overdue"] <= 0]
    names = site.names
    by_teacher = _tallies(overdue, responsible_ids, lambda key: names.get(key, key) or t("site_nobody"))
    by_class = _tallies(overdue, lambda row: [row["class"]], str)
    term = site.term
    figures = text = None
    facts = StatsDerivation([found for found, _ in site.history], term, site.day).facts(site.items)
    if term is not None and site.census is not None:
        led = {klass for member in site.staff for klass in member.leads}
        figures = term_figures(facts, site.census, term, led=led, as_of=site.day)
        text = paragraph(term.name, figures.counts, figures.enrolled)
    charts = []
    if figures is not None:
        charts.append(types_chart(figures))
    if term is not None:
        charts += duty_charts(site, term, standings)
    history = term_history(facts, site.staff, site.history, site.day)
    if history:
        charts.append(shares_chart(history))
    return SchoolPage(overdue, due_soon, by_teacher, by_class,
                      _tallies(due_soon, responsible_ids, lambda key: names.get(key, key) or t("site_nobody")),
                      _tallies(due_soon, lambda row: [row["class"]], str),
                      census_progress(site, term) if term is not None else [], figures, text or "",
                      charts)


def responsible_ids(row: DutyRow) -> list[str]:
    """The teachers a row counts for: each responsible one, as `report --by` finds them."""
    return row["responsible"].split(",") if row["responsible"] else [NOBODY]


def _tallies(rows: Iterable[DutyRow], keys: Callable[[DutyRow], list[str]],
             label: Callable[[str], str]) -> list[Tally]:
    grouped: dict[str, list[DutyRow]] = defaultdict(list)
    for row in rows:
        for key in keys(row):
            grouped[key].append(row)
    tallies = [Tally(key, label(key), len(found),
                     len({row["child_id"] for row in found if row["child_id"]}),
                     max(0, *(row["days_overdue"] for row in found)))
               for key, found in grouped.items()]
    return sorted(tallies, key=lambda tally: (-tally.rows, -tally.worst, class_order(tally.label)))


def census_progress(site: Site, term: Term) -> list[CensusProgress]:
    """Per class, as `census status` lists them on the site's day (ops.census.progress: the
    classes the staff lead too, with no child yet): the children this term's census covers,
    how many are checked, the class's total if given, the day it finished."""
    census = site.census if site.census is not None else CensusFile(term=term.name)
    return [CensusProgress(found.klass, len(found.checked),
                           len(found.checked) + len(found.remaining), found.enrolled,
                           found.finished)
            for found in progress(site.items, site.staff, census, term, site.day)]


# ---- the charts --------------------------------------------------------------------------------
TYPES = ("both_away", "father_away", "mother_away", "other_type")


def types_chart(figures: TermFigures) -> Chart:
    """The left-behind types, class by class, from the term's figures."""
    groups = tuple(Group(entry.klass, tuple(Bar(index, entry.counts.get(key, 0),
                                                str(entry.counts.get(key, 0)))
                                            for index, key in enumerate(TYPES)))
                   for entry in figures.classes)
    return Chart("types", t("site_chart_types"), tuple(figure_label(key) for key in TYPES),
                 groups, note=t("site_chart_types_note", term=figures.term))


SHARES = ("left_behind", "both_away", "with_grandparents", "key_support")


def shares_chart(history: Sequence[TermFigures]) -> Chart:
    """The main shares term by term, from the finished censuses' snapshots."""
    groups = []
    for result in history:
        found = {figure.key: figure for figure in result.figures()}
        bars = []
        for index, key in enumerate(SHARES):
            share = found[key].share
            bars.append(Bar(index, share or 0, share_text(share)))
        groups.append(Group(result.term if result.whole_school
                            else t("site_term_partial", term=result.term), tuple(bars)))
    return Chart("shares", t("site_chart_shares"), tuple(figure_label(key) for key in SHARES),
                 tuple(groups), scale=100, note=t("site_chart_shares_note"))


def month_ends(term: Term, day: date) -> list[date]:
    """The last day of each month of the term up to `day` (the term's end, or `day` itself,
    for the month that holds it)."""
    last = min(day, term.end)
    ends = []
    month = term.start.replace(day=1)
    while month <= last:
        following = (month + timedelta(days=32)).replace(day=1)
        ends.append(min(following - timedelta(days=1), last))
        month = following
    return ends


# (duty id, month's end) -> (children the duty applies to then, of them not overdue then)
Standings = dict[tuple[str, date], tuple[int, int]]


def duty_standings(site: Site, term: Term, items: Iterable[LoadedChild]) -> Standings:
    """Each configured duty's standing at each month's end of the term, over `items` (all the
    children, or a worker's run of them: the runs' standings add up, `add_standings`): of the
    children the duty applies to then (duties.rules.applies), how many were not overdue, the
    ones who had done it included (as `report --overdue --as-of` that day would list the
    others). Counting only the children with a row, a term's home visit read 100% all term:
    every child visited left the count, and the rest were not yet overdue."""
    ends = month_ends(term, site.day)
    school = site.school
    teachers = class_teacher_index(site.staff)
    owed = {(duty.id, end): 0 for duty in site.config.duties for end in ends}
    kept = dict(owed)
    for item in items:
        child = item.child
        for duty in site.config.duties:
            for end in ends:
                if not applies(duty, child, end):
                    continue
                status = evaluate(child, duty, responsible_for(duty, child, teachers, end),
                                  school, end)
                owed[duty.id, end] += 1
                kept[duty.id, end] += status is None or status.days_overdue <= 0
    return {key: (owed[key], kept[key]) for key in owed}


def add_standings(total: Standings, more: Standings) -> None:
    """`more` (a run of children's standings) added into `total`."""
    for key, (owed, kept) in more.items():
        before = total.get(key, (0, 0))
        total[key] = (before[0] + owed, before[1] + kept)


def duty_charts(site: Site, term: Term, standings: Standings | None = None) -> list[Chart]:
    """Each configured duty's completion month by month this term, from its standings at
    each month's end (`duty_standings` over every child, unless handed in)."""
    ends = month_ends(term, site.day)
    if not ends or not site.config.duties:
        return []
    if standings is None:
        standings = duty_standings(site, term, site.items)
    charts: list[Chart] = []
    for duty in site.config.duties:
        bars = []
        for end in ends:
            base, good = standings.get((duty.id, end), (0, 0))
            share = percent(good, base) if base else 0
            bars.append(Group(t("site_month", month=end.month, day=end.isoformat()),
                              (Bar(0, share, f"{share_text(share)} ({good}/{base})" if base else "—"),)))
        charts.append(Chart(f"duty-{len(charts)}", t("site_chart_duty", duty=show(duty.name)),
                            (), tuple(bars), scale=100, note=t("site_chart_duty_note")))
    return charts
