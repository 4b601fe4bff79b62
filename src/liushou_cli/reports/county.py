"""The county's figures: the schools' own (reports/county_school.py) added up, each with its
denominator, and what makes a total partial said, never left silent.

- A school that could not be read is named with its problem and left out of every total.
- One term's figures only: without --term, schools whose calendars put the day in different
  terms are refused, each named with its term (never summed under one term's name).
- A school whose census of the term is unfinished (a class still counted from the records,
  not from its finished snapshot) is named, and the county's figures are flagged partial.
- The same 身份证号 active in two schools (a transfer the old school never closed) is listed
  for both schools to settle; each school counts the child, so the county's totals count it
  once per school, and the report says how many such children there are.
- Overdue duties are counts and days only: how many rows each duty has overdue, the median
  and the worst days overdue, and how many children had no home visit this term; the steps
  of emergency incidents overdue at the moment asked about (--as-of's last minute, else
  now) are counted the same way, first.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from liushou_cli.core.errors import LiushouError
from liushou_cli.core.validators import visible
from liushou_cli.duties.incidents import days_overdue_at
from liushou_cli.duties.rows import INCIDENT_DUTY
from liushou_cli.i18n import t
from liushou_cli.reports.county_school import DutyTally, SchoolResult
from liushou_cli.reports.export import mask_id_number
from liushou_cli.reports.stats import Figure, add_counts, figures, paragraph
from liushou_cli.reports.terms import figure_rows

COUNTY = "county"  # the scope of the county's own rows in json and csv


@dataclass(frozen=True)
class Duplicate:
    """A 身份证号 active in more than one school: shown masked, with each school's local id."""

    id_masked: str
    places: tuple[tuple[str, str], ...]  # (school, the child's id there)


def duplicates(results: Iterable[SchoolResult]) -> list[Duplicate]:
    """Every 身份证号 active in two or more schools, in county.yaml's order of schools."""
    seen: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for result in results:
        for number, child_id in result.active_ids:
            seen[number.upper()].append((result.name, child_id))
    return [Duplicate(mask_id_number(number), tuple(places)) for number, places in seen.items()
            if len({school for school, _ in places}) > 1]


@dataclass
class CountyTerm:
    """`county report --stats`: every school's term figures and the county's."""

    term: str
    schools: list[SchoolResult]  # those reported, in county.yaml's order
    failed: list[SchoolResult]  # those that could not be read, each with its problem
    counts: dict[str, int]
    enrolled: int | None
    unfinished: list[str]  # schools whose census is unfinished
    missing_enrolled: list[str]  # schools with a class without its enrolled total
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Do the county's figures stand for every school listed, each with a finished census
        and every file read?"""
        return not (self.failed or self.unfinished or self.missing_enrolled
                    or any(school.unreadable for school in self.schools))

    def figures(self) -> list[Figure]:
        return figures(self.counts, self.enrolled)

    def paragraph(self) -> str:
        return paragraph(self.term, self.counts, self.enrolled, "county_stats_paragraph")


def county_term(results: Sequence[SchoolResult], term_name: str | None,
                as_of: date | None = None) -> CountyTerm:
    """The county's figures of one term, from its schools' results. Without a `term_name`
    each school reported the term it is in on `as_of`: schools whose calendars put that day
    in different terms (one begins a few days earlier, or names it otherwise) are a
    LiushouError naming each school's term, never one term's total of several."""
    reported = [found for found in results if found.problem is None and found.term is not None]
    if len({found.term.term for found in reported if found.term}) > 1:
        raise LiushouError(t("county_terms_differ", day=as_of.isoformat() if as_of else "", schools=t(
            "list_sep").join(f"{visible(found.name)} {visible(found.term.term)}"
                             for found in reported if found.term is not None)))
    failed = [found for found in results if found.problem is not None or found.term is None]
    counts = add_counts(found.term.counts for found in reported if found.term is not None)
    missing = [found.name for found in reported
               if found.term is not None and found.term.enrolled is None]
    enrolled = (sum(found.term.enrolled or 0 for found in reported if found.term is not None)
                if reported and not missing else None)
    term = term_name or next((found.term.term for found in reported if found.term), "")
    unfinished = [found.name for found in reported if found.unfinished_classes]
    return CountyTerm(term, reported, failed, counts, enrolled, unfinished, missing,
                      duplicates(reported))


def stats_json(county: CountyTerm) -> dict[str, Any]:
    """`county report --stats -f json`."""
    return {
        "complete": county.complete,
        "term": county.term,
        "enrolled": county.enrolled,
        "schools_failed": [{"school": found.name, "problem": found.problem}
                           for found in county.failed],
        "schools_unfinished": county.unfinished,
        "schools_missing_enrolled": county.missing_enrolled,
        "duplicates": duplicates_json(county.duplicates),
        "county": figure_rows(county.figures()),
        "paragraph": county.paragraph(),
        "schools": [{"school": found.name, "enrolled": found.term.enrolled,
                     "census_finished": not found.unfinished_classes,
                     "classes_unfinished": found.unfinished_classes,
                     "unreadable": found.unreadable,
                     "figures": figure_rows(found.term.figures()),
                     "paragraph": found.paragraph}
                    for found in county.schools if found.term is not None],
    }


def duplicates_json(found: Sequence[Duplicate]) -> list[dict[str, Any]]:
    return [{"id_number": item.id_masked,
             "schools": [{"school": school, "child_id": child_id}
                         for school, child_id in item.places]} for item in found]


def stats_csv(county: CountyTerm) -> list[dict[str, Any]]:
    """One row per scope (the county, then each school) and figure."""
    rows = [{"scope": COUNTY, **row, "complete": county.complete}
            for row in figure_rows(county.figures())]
    for found in county.schools:
        assert found.term is not None
        whole = not (found.unfinished_classes or found.unreadable or found.term.missing_enrolled)
        rows += [{"scope": found.name, **row, "complete": whole}
                 for row in figure_rows(found.term.figures())]
    return rows


STATS_CSV_KEYS = ("scope", "figure", "count", "denominator", "share", "complete")


# ---- --terms all ------------------------------------------------------------------------
def history_rows(results: Sequence[SchoolResult]) -> list[dict[str, Any]]:
    """`--terms all`: for each term any school has a finished class in, the county's figures
    (the sum of the schools' snapshots) and the schools that cover it only in part."""
    by_term: dict[str, list[tuple[SchoolResult, Any]]] = defaultdict(list)
    for found in results:
        for term in found.history:
            by_term[term.term].append((found, term))
    rows = []
    for term_name in sorted(by_term, key=_term_order):
        parts = by_term[term_name]
        counts = add_counts(term.counts for _, term in parts)
        missing = [found.name for found, term in parts if term.enrolled is None]
        partial = [found.name for found, term in parts if not term.whole_school]
        absent = [found.name for found in results if found.problem is None
                  and found not in [school for school, _ in parts]]
        enrolled = None if missing else sum(term.enrolled or 0 for _, term in parts)
        rows.append({"term": term_name, "schools": [found.name for found, _ in parts],
                     "schools_partial": partial, "schools_without": absent,
                     "complete": not (partial or absent or missing),
                     "enrolled": enrolled,
                     "county": figure_rows(figures(counts, enrolled))})
    return rows


def _term_order(name: str) -> tuple[str, int]:
    # 2022春 before 2022秋; any other name after, as written
    return (name[:4], {"春": 0, "秋": 1}.get(name[4:], 2))


# ---- --overdue --------------------------------------------------------------------------
def days_summary(days: Sequence[int]) -> dict[str, Any]:
    """How many, the median and the worst days overdue."""
    median = statistics.median(days) if days else None
    if isinstance(median, float) and median.is_integer():
        median = int(median)  # 66, not 66.0: a whole number of days
    return {"overdue": len(days), "median_days": median, "worst_days": max(days) if days else None}


def tallies_at(found: SchoolResult, moment: datetime) -> list[DutyTally]:
    """The school's overdue rows by duty at `moment`: its incidents' steps overdue then
    first (the steps' lateness changes by the hour: counted now, not when it was read)."""
    late = days_overdue_at(found.incident_steps, moment)
    return [*([DutyTally(INCIDENT_DUTY, t("incident_duty"), late)] if late else []),
            *found.duties]


def overdue_rows(results: Sequence[SchoolResult], moment: datetime) -> list[dict[str, Any]]:
    """One row per school and duty with anything overdue, then the county's per duty; each
    school's children with no home visit this term as the duty `no_home_visit`. The steps of
    incidents overdue at `moment` come first, counted as the school's report counts them."""
    rows: list[dict[str, Any]] = []
    pooled: dict[str, list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    on_record = no_visit = 0
    for found in results:
        if found.problem is not None:
            continue
        for tally in tallies_at(found, moment):
            rows.append({"scope": found.name, "duty": tally.duty, "duty_name": tally.name,
                         **days_summary(tally.days), "of": None})
            pooled[tally.duty] += tally.days
            names.setdefault(tally.duty, tally.name)
        rows.append({"scope": found.name, "duty": NO_VISIT, "duty_name": "",
                     "overdue": found.no_visit, "median_days": None, "worst_days": None,
                     "of": found.on_record})
        on_record += found.on_record
        no_visit += found.no_visit
    for duty, days in sorted(pooled.items(), key=lambda item: (-len(item[1]), item[0])):
        rows.append({"scope": COUNTY, "duty": duty, "duty_name": names[duty],
                     **days_summary(days), "of": None})
    rows.append({"scope": COUNTY, "duty": NO_VISIT, "duty_name": "", "overdue": no_visit,
                 "median_days": None, "worst_days": None, "of": on_record})
    return rows


NO_VISIT = "no_home_visit"
OVERDUE_KEYS = ("scope", "duty", "duty_name", "overdue", "median_days", "worst_days", "of")
