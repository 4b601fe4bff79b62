"""One school as the county sees it: its folder read (never written: the county's own cache
only), its term figures and its overdue duties reduced to counts, in a value small enough
to send between processes.

Nothing that names a child leaves this module but what the county must settle: the 身份证号
and local id of each active child, used only to find a child active in two schools (see
reports/county.py). The overdue duties leave as counts and day numbers per duty.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import Visit
from liushou_cli.core.validators import visible
from liushou_cli.duties.day import ChildDuties, DayDuties
from liushou_cli.duties.incidents import StepTimes
from liushou_cli.duties.rows import Reported, duty_name, overdue_rows
from liushou_cli.duties.rules import on_record
from liushou_cli.i18n import set_lang, t
from liushou_cli.reports.county_rows import child_rows, entry_rows, form_rows
from liushou_cli.reports.export import ALL_STATUSES
from liushou_cli.reports.stats import paragraph
from liushou_cli.reports.terms import ClassFigures, StatsDerivation, TermFigures, term_figures, term_history
from liushou_cli.store.activities import activities_cache, read_activity_facts
from liushou_cli.store.cache import FileCache, cache_path
from liushou_cli.store.cachecodec import register
from liushou_cli.store.county import school_problem
from liushou_cli.store.countycache import load_result, save_result, school_key
from liushou_cli.store.layout import ACTIVITIES_DIR, DataFolder
from liushou_cli.store.oserrors import read_failure
from liushou_cli.store.read import (
    Dataset,
    LoadedChild,
    StaffFacts,
    load_census,
    load_dataset,
    meta_cache,
)

if TYPE_CHECKING:
    from liushou_cli.core.model import Child
    from liushou_cli.core.settings import SchoolSettings, Term

# The visits that count as a home visit (家访) for "no home visit this term": a visit to the
# school by the family (到校来访) does not.
HOME_VISITS = frozenset({"家访", "电话家访", "视频家访"})


@dataclass(frozen=True)
class SchoolJob:
    """What to read of one school: its name and folder, the day, the kind of report."""

    name: str
    root: Path
    cache_dir: Path | None  # the county's cache folder; None: read without a cache
    today: date
    as_of: date
    kind: str  # "stats", "history", "overdue", "export" or "parquet"
    term: str | None = None  # --term
    language: str = "zh"
    status: str = "在读"  # export: the children's status, or 全部
    full: bool = False  # export: nothing masked


@register
@dataclass
class DutyTally:
    """One duty's overdue rows in one school: how many, and each one's days overdue."""

    duty: str
    name: str
    days: list[int] = field(default_factory=list)  # one number per overdue row, no one named


@register
@dataclass
class SchoolResult:
    name: str
    root: str
    problem: str | None = None  # why the school could not be reported, in words
    term: TermFigures | None = None
    paragraph: str = ""
    history: list[TermFigures] = field(default_factory=list)
    duties: list[DutyTally] = field(default_factory=list)
    # The steps its children's incidents owe, their times alone: counted when the county
    # asks (their lateness changes by the hour), never named.
    incident_steps: list[StepTimes] = field(default_factory=list)
    on_record: int = 0  # children on the school's books on the day
    no_visit: int = 0  # of them, those with no home visit this term
    visit_term: str | None = None
    unreadable: list[dict[str, Any]] = field(default_factory=list)
    active_ids: list[tuple[str, str]] = field(default_factory=list)  # (身份证号, local id)
    form: list[list[str]] = field(default_factory=list)  # export: the form's rows
    children: list[dict[str, Any]] = field(default_factory=list)  # parquet: per-child rows
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # parquet: by term

    @property
    def unfinished_classes(self) -> list[str]:
        """The classes whose census of the term is not finished (figures from the records)."""
        if self.term is None:
            return []
        return [entry.klass for entry in self.term.classes if entry.source != "snapshot"]


# The term figures travel in a SchoolResult kept by the county's cache (store/countycache.py).
register(ClassFigures)
register(TermFigures)

# The kinds whose result the county keeps: the reports (an export is made once, and large).
KEPT_KINDS = frozenset({"stats", "history", "overdue"})


@register
class CountyFacts(NamedTuple):
    """What a county report keeps of one child in the county's cache: its duty rows of the
    day, its latest home visit by then, what finds it in another school, and whether it is on
    the books on the day (its share's class says whether its class owes the class duties,
    which in a holiday asks more)."""

    duties: ChildDuties
    last_visit: str | None
    id_number: str | None
    active: bool
    on_record: bool


class CountyDerivation:
    """The school's DayDuties, plus the facts the county counts (cached under `county:`)."""

    def __init__(self, day_duties: DayDuties) -> None:
        self.day = day_duties
        self.key = "county:" + day_duties.key

    def holds(self, value: object) -> bool:
        """Does a kept value hold on the day (its duty rows do)?"""
        return self.day.holds(value)

    def __call__(self, child: Child, path: Path | None = None) -> CountyFacts:
        as_of = self.day.as_of
        visits = [entry.date for entry in child.events
                  if isinstance(entry, Visit) and entry.type in HOME_VISITS and entry.date <= as_of]
        return CountyFacts(self.day(child, path), max(visits).isoformat() if visits else None,
                           child.id_number, child.active, on_record(child, as_of))


def read_school(job: SchoolJob) -> SchoolResult:
    """The school's figures for `job.kind`; a folder that cannot be read (missing, not a
    data folder, a broken liushou.yaml or staff.yaml) gives its problem instead."""
    set_lang(job.language)
    key, kept = kept_result(job)
    if kept is not None:
        return kept
    result = SchoolResult(job.name, str(job.root))
    try:
        _read(job, result)
    finally:
        gc.unfreeze()  # load_dataset froze this school's records: let the next one's replace them
    if key is not None and job.cache_dir is not None and result.problem is None:
        save_result(job.cache_dir, job.root, key, result)
    return result


def kept_result(job: SchoolJob) -> tuple[str | None, SchoolResult | None]:
    """The school's result as the county's cache keeps it, if its files have not changed
    (a listing and a small file: cheap enough to ask before starting any worker); and the
    key to keep a new one under (None: not to be kept)."""
    if job.cache_dir is None or job.kind not in KEPT_KINDS or school_problem(job.root) is not None:
        return None, None
    key = school_key(job.root, repr((job.name, job.today, job.as_of, job.kind, job.term,
                                     job.language)))
    kept = load_result(job.cache_dir, job.root, key) if key is not None else None
    return key, kept if isinstance(kept, SchoolResult) else None


def _read(job: SchoolJob, result: SchoolResult) -> None:
    why = school_problem(job.root)
    if why is not None:
        result.problem = t(why, path=job.root)
        return
    folder = DataFolder(job.root.resolve())
    try:
        if job.kind == "overdue":
            _overdue(job, folder, result)
        elif job.kind == "export":
            _form(job, folder, result)
        elif job.kind == "parquet":
            _overdue(job, folder, result)
            _stats(job, folder, result)
            _handoff(job, folder, result)
        else:
            _stats(job, folder, result)
    except LiushouError as error:
        result.problem = str(error)
    except OSError as error:
        result.problem = str(read_failure(error, str(error.filename or job.root)))


def _load(job: SchoolJob, folder: DataFolder,
          derive: Any = None) -> tuple[Dataset, FileCache | None]:
    cache = (FileCache(folder, cache_path(folder, job.cache_dir), job.today)
             if job.cache_dir is not None else None)
    data = load_dataset(folder, cache, derive, today=job.today)
    if data.config is None:
        first = next((p for p in data.problems if p.path == folder.rel(folder.config_path)), None)
        raise LiushouError(first.message if first else t("config_broken"),
                           str(folder.config_path), first.line if first else None)
    return data, cache


def _unreadable(data: Dataset) -> list[dict[str, Any]]:
    shown = {data.folder.rel(path) for path in data.unreadable_children}
    first: dict[str, dict[str, Any]] = {}
    for problem in data.problems:
        if problem.path in shown and problem.severity == "error":
            first.setdefault(problem.path, {"path": problem.path, "line": problem.line,
                                            "message": problem.message})
    return [first.get(path, {"path": path, "line": None, "message": ""}) for path in sorted(shown)]


def unreadable_lines(found: SchoolResult) -> list[str]:
    """What a school's result left out, in words: its child files, and its activity files
    (the county's overdue tallies count a duty their activities fulfilled as owed)."""
    activities = sum(1 for file in found.unreadable
                     if str(file["path"]).startswith(f"{ACTIVITIES_DIR}/"))
    children = len(found.unreadable) - activities
    school = visible(found.name)
    return ([t("county_unreadable_files", school=school, count=children)] if children else []) + (
        [t("county_unreadable_activities", school=school, count=activities)] if activities else [])


def _stats(job: SchoolJob, folder: DataFolder, result: SchoolResult) -> None:
    data, cache = _load(job, folder)
    config = data.config
    assert config is not None
    meta = meta_cache(folder, job.cache_dir) if job.cache_dir is not None else None
    school = SchoolCalendar.of(config.terms)
    if job.kind == "history":
        facts = StatsDerivation(school.terms, None, job.as_of).facts(data.children)
        result.history = term_history(facts, data.staff_facts,
                                      [(term, load_census(folder, term.name, meta))
                                       for term in school.terms], job.as_of)
    else:
        term = _term(school, job)
        facts = StatsDerivation(school.terms, term, job.as_of).facts(data.children)
        led = {klass for member in data.staff_facts for klass in member.leads}
        result.term = term_figures(facts, load_census(folder, term.name, meta), term, led=led,
                                   as_of=job.as_of)
        result.paragraph = paragraph(term.name, result.term.counts, result.term.enrolled)
    result.unreadable = _unreadable(data)
    result.active_ids = [(item.child.id_number, item.child.id) for item in data.children
                         if item.child.active and item.child.id_number]
    _save(cache, meta)


def _term(school: SchoolCalendar, job: SchoolJob) -> Term:
    term = school.term_named(job.term) if job.term else school.reference_term(job.as_of)
    if term is None:
        raise LiushouError(t("unknown_term", term=job.term) if job.term else t("no_term_today"))
    return term


def _overdue(job: SchoolJob, folder: DataFolder, result: SchoolResult) -> None:
    made: list[DayDuties] = []
    left_out: list[dict[str, Any]] = []  # the activity files whose activities go uncounted

    def derive(config: SchoolSettings | None, staff: list[StaffFacts]) -> CountyDerivation | None:
        if config is None or not config.terms:
            return None
        activities = activities_cache(folder, job.cache_dir) if job.cache_dir is not None else None
        facts, broken = read_activity_facts(folder, activities)
        left_out.extend({"path": problem.path, "line": problem.line, "message": problem.message}
                        for problem in broken)
        made.append(DayDuties(config, staff, job.as_of, facts))
        if activities is not None:
            activities.save()
        return CountyDerivation(made[0])

    data, cache = _load(job, folder, derive)
    if not made:
        raise LiushouError(t("no_terms"))
    day = made[0]
    meta = meta_cache(folder, job.cache_dir) if job.cache_dir is not None else None
    census = load_census(folder, day.term.name, meta) if day.term is not None else None
    facts = [_facts(item, day) for item in data.children]
    shares = [LoadedChild(None, None, derived=fact.duties) for fact in facts]
    rows = overdue_rows(day.all_rows(shares, census, keep=Reported(None)))
    assert data.config is not None
    configured = {duty.id: duty.name for duty in data.config.duties}
    tallies: dict[str, DutyTally] = {}
    for row in rows:
        duty = row["duty"]
        tally = tallies.get(duty)
        if tally is None:
            tally = tallies[duty] = DutyTally(duty, configured.get(duty) or duty_name(duty))
        tally.days.append(row["days_overdue"])
    result.duties = sorted(tallies.values(), key=lambda tally: (-len(tally.days), tally.duty))
    result.incident_steps = [StepTimes.of(step) for fact in facts for step in fact.duties.incidents]
    start = day.term.start.isoformat() if day.term is not None else None
    result.visit_term = day.term.name if day.term is not None else None
    kept = [fact for fact in facts if fact.on_record and fact.active]
    result.on_record = len(kept)
    result.no_visit = sum(1 for fact in kept
                          if start is None or fact.last_visit is None or fact.last_visit < start)
    result.unreadable = _unreadable(data) + left_out
    # The file's name is the child's id: no record is rebuilt for it.
    result.active_ids = [(fact.id_number, item.path.stem)
                         for fact, item in zip(facts, data.children, strict=True)
                         if fact.active and fact.id_number]
    _save(cache, meta)


def _form(job: SchoolJob, folder: DataFolder, result: SchoolResult) -> None:
    data, cache = _load(job, folder)
    _, result.form = form_rows((item.child for item in data.children), job.status, job.full,
                               with_status=job.status in ALL_STATUSES)
    result.unreadable = _unreadable(data)
    _save(cache)


def _handoff(job: SchoolJob, folder: DataFolder, result: SchoolResult) -> None:
    data, cache = _load(job, folder)
    assert data.config is not None
    term = SchoolCalendar.of(data.config.terms).reference_term(job.as_of)
    children = [item.child for item in data.children]
    result.children = child_rows(children, term, job.as_of)
    result.entries = entry_rows(children, data.config.terms)
    _save(cache)


def _facts(item: LoadedChild, day: DayDuties) -> CountyFacts:
    if isinstance(item.derived, CountyFacts):
        return item.derived
    return CountyDerivation(day)(item.child)


def _save(*caches: FileCache | None) -> None:
    for cache in caches:
        if cache is not None:
            cache.save()


def school_unfinished(results: Sequence[SchoolResult]) -> list[str]:
    """The schools (by name) whose census of the term is not finished."""
    return [found.name for found in results if found.term is not None and found.unfinished_classes]
