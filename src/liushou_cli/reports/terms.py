"""`report --stats`: the term's figures for the school and for each class.

A class whose census is finished speaks from its snapshot in censuses/<term>.yaml (a dated
fact, unchanged by later edits); a class still in progress from the records as they are now,
counting the children on the books on the as-of day, or on the term's last day if that is
earlier (`counting_day`): a past term asked by name is counted as it ended.
`--terms all` takes the snapshots only, those finished by the as-of day (a term not begun
then is not listed), so each term also says which of the school's classes its census did not
cover by then: such a term is never the school's figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from liushou_cli.core.classes import class_order
from liushou_cli.core.hashing import sha256
from liushou_cli.duties.census import census_value, checked_in, finished_by, in_census
from liushou_cli.duties.rules import on_record
from liushou_cli.reports.stats import (
    Figure,
    add_counts,
    counted_keys,
    counting_day,
    figures,
    tally,
)
from liushou_cli.store.cachecodec import register
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import LoadedChild

if TYPE_CHECKING:
    from liushou_cli.core.model import CensusFile, Child, StaffLike
    from liushou_cli.core.settings import Term
    from liushou_cli.store.cache import FileCache


class ClassCensusLike(Protocol):
    """A class's census as the figures read it: a census file's (core.model.ClassCensus)
    or the plain one the cache keeps (ClassSheet)."""

    @property
    def enrolled(self) -> int | None: ...

    @property
    def finished(self) -> date | None: ...

    @property
    def counts(self) -> Mapping[str, int]: ...


class CensusLike(Protocol):
    """A term's census as the figures read it: a CensusFile or a CensusSheet."""

    @property
    def classes(self) -> Mapping[str, ClassCensusLike]: ...


class ClassSheet(NamedTuple):
    enrolled: int | None
    finished: date | None
    counts: dict[str, int]


@register
class CensusSheet(NamedTuple):
    """What the term statistics read of a term's census file: each class's enrolled total,
    the day its census finished and the figures as they stood that day. Kept in the cache
    beside the file, so that a warm `report --stats` builds no census record (nor imports
    pydantic to build one)."""

    term: str
    classes: dict[str, ClassSheet]

    def to_cache(self) -> list[Any]:
        """Plain values: each class's [enrolled, finished as ISO text or None, counts]."""
        return [self.term, {klass: [found.enrolled, found.finished and found.finished.isoformat(),
                                    found.counts]
                            for klass, found in self.classes.items()}]

    @classmethod
    def from_cache(cls, term: Any, classes: Any) -> CensusSheet:
        """The sheet from what `to_cache` kept; TypeError or ValueError when it is not that
        (the codec makes it Undecodable)."""
        if type(term) is not str or type(classes) is not dict:
            raise TypeError("not a census sheet")
        found: dict[str, ClassSheet] = {}
        for klass, (enrolled, finished, counts) in classes.items():
            if (type(enrolled) not in (int, type(None)) or type(counts) is not dict
                    or not all(type(count) is int for count in counts.values())):
                raise TypeError("not a class's census")
            found[klass] = ClassSheet(
                enrolled, None if finished is None else date.fromisoformat(finished), counts)
        return cls(term, found)


def census_sheet(census: CensusFile) -> CensusSheet:
    """The sheet of a census file."""
    return CensusSheet(census.term, {
        klass: ClassSheet(found.enrolled, found.finished, dict(found.counts))
        for klass, found in census.classes.items()})


CENSUS_SHEET = "census-sheet:1"  # its family and version in the cache


def load_census_sheet(folder: DataFolder, term: str, cache: FileCache | None = None,
                      ) -> CensusSheet:
    """The sheet of censuses/<term>.yaml (no class when the term has no census yet), through
    `cache` (the meta cache) if given; a LiushouError at the first problem of a file that does
    not load (as store.read.load_census)."""
    return census_value(folder, term, cache, CENSUS_SHEET, census_sheet, CensusSheet(term, {}))


@register
class StatsFacts(NamedTuple):
    """What one child brings to the term statistics, plain values cached with its file (so
    that a warm `report --stats` builds no record): its class; whether it counts in the
    asked term's live figures (on the books on the term's counting day); the figures it
    counts under then (key support as marked that day, the subsidies paid by the as-of day);
    the terms begun by the as-of day whose census covers it then, and of them those whose
    census had checked it by then (both for `--terms all`, as `census status` counts them:
    duties.census.in_census, checked_in); whether it holds open merge conflicts (what every
    report ends by counting)."""

    klass: str
    live: bool
    counted: tuple[str, ...]
    covered: tuple[str, ...]
    checked: tuple[str, ...]
    conflicted: bool = False  # the record holds open merge conflicts (store.conflictscan)


class StatsDerivation:
    """StatsFacts of each child for the school's `terms`, the asked `term` (None: only the
    terms' history) and the day `as_of` (store.read.load_dataset's `derive`); the asked
    term's live figures are counted on its `counting_day`, each term's census as it stood on
    `as_of` (`term_history`)."""

    def __init__(self, terms: Sequence[Term], term: Term | None, as_of: date) -> None:
        self.terms = list(terms)
        self.term = term
        self.day = as_of
        self.as_of = counting_day(term, as_of) if term is not None else as_of
        # The day itself as well as the counting day: the censuses' history and the subsidies
        # paid are as of the day.
        self.key = "stats:" + sha256(repr((
            self.as_of.isoformat(), self.day.isoformat(),
            (term.name, term.start, term.end) if term is not None else None,
            [(found.name, found.start, found.end) for found in self.terms],
        )).encode()).hexdigest()
        self.snapshot_key = self.key  # the folder's facts in one file too (store.snapshot)

    def __call__(self, child: Child, path: Path | None = None) -> StatsFacts:
        term = self.term
        live = term is not None and on_record(child, self.as_of)
        day = self.day
        # The censuses as `census status` saw them that day: whom each covered, and whom it
        # had checked (a check, or the child recorded in the term, which counts as one).
        covered = [found for found in self.terms
                   if found.start <= day and in_census(child, found, day)]
        return StatsFacts(
            child.class_name, live, counted_keys(child, term, day) if live else (),
            tuple(found.name for found in covered),
            tuple(found.name for found in covered if checked_in(child, found, day)),
            bool(child.conflicts))

    def facts(self, items: Iterable[LoadedChild]) -> list[StatsFacts]:
        """Each child's facts: as derived while the folder loaded, else made from its record."""
        return [item.derived if isinstance(item.derived, StatsFacts) else self(item.child)
                for item in items]


@dataclass
class ClassFigures:
    klass: str
    enrolled: int | None
    source: str  # "snapshot" (finished census) or "live"
    counts: dict[str, int]

    def figures(self) -> list[Figure]:
        return figures(self.counts, self.enrolled)


@dataclass
class TermFigures:
    term: str
    classes: list[ClassFigures]
    missing_enrolled: list[str] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)  # classes whose census is not done
    not_started: list[str] = field(default_factory=list)  # known classes never started

    @property
    def covered(self) -> list[str]:
        return [entry.klass for entry in self.classes]

    @property
    def whole_school(self) -> bool:
        """Does this stand for every class the school is known to have?"""
        return not (self.unfinished or self.not_started)

    @property
    def counts(self) -> dict[str, int]:
        return add_counts(entry.counts for entry in self.classes)

    @property
    def enrolled(self) -> int | None:
        """The school's total, only when every class gave its own."""
        if self.missing_enrolled or not self.classes:
            return None
        return sum(entry.enrolled or 0 for entry in self.classes)

    def figures(self) -> list[Figure]:
        return figures(self.counts, self.enrolled)


def term_figures(facts: Iterable[StatsFacts], census: CensusLike, term: Term,
                 snapshots_only: bool = False, led: Iterable[str] = (),
                 as_of: date | None = None) -> TermFigures:
    """The figures of a term, class by class, from each child's StatsFacts for that term;
    `led` are the classes with a class teacher, which count (for their enrolled total) even
    with no left-behind child. A class speaks from its snapshot once its census was finished
    by `as_of` (None: ever); looked at before that day, from the records."""
    live: dict[str, list[tuple[str, ...]]] = (
        {klass: [] for klass in led} if not snapshots_only else {})
    if not snapshots_only:
        for found in facts:
            if found.live:
                live.setdefault(found.klass, []).append(found.counted)
    classes = []
    for klass in sorted(set(live) | set(census.classes), key=class_order):
        entry = census.classes.get(klass)
        if entry is not None and finished_by(entry.finished, as_of):
            classes.append(ClassFigures(klass, entry.enrolled, "snapshot", dict(entry.counts)))
        elif not snapshots_only:
            classes.append(ClassFigures(klass, entry.enrolled if entry else None, "live",
                                        tally(live.get(klass, []))))
    missing = [entry.klass for entry in classes if entry.enrolled is None]
    unfinished = sorted((klass for klass, entry in census.classes.items()
                         if not finished_by(entry.finished, as_of)), key=class_order)
    return TermFigures(term.name, classes, missing, unfinished)


def school_classes(staff: Iterable[StaffLike], facts: Iterable[StatsFacts], term: Term,
                   censuses: Iterable[CensusLike]) -> set[str]:
    """The classes the school is known to have in `term`: those a class teacher leads in
    staff.yaml, those of the children its census covers, and those named in the census
    files given (this term's and the earlier ones)."""
    known = {klass for member in staff for klass in member.leads}
    known.update(found.klass for found in facts if term.name in found.covered)
    for census in censuses:
        known.update(census.classes)
    return known


def started_classes(facts: Iterable[StatsFacts], term: Term, census: CensusLike) -> set[str]:
    """The classes whose census of `term` has begun: a total given, or a child checked (a
    child recorded in the term among them, as `census status` counts it)."""
    started = set(census.classes)
    started.update(found.klass for found in facts if term.name in found.checked)
    return started


def term_history(facts: Sequence[StatsFacts], staff: Sequence[StaffLike],
                 terms: Sequence[tuple[Term, CensusLike]], as_of: date) -> list[TermFigures]:
    """`--terms all` as it stood on `as_of`: every term begun by then with a class finished
    by then, from the snapshots only, each naming the known classes it leaves out (census
    unfinished on `as_of`, or not started by then). A term not begun on `as_of` is not
    listed, even with a census finished ahead of it. `terms` in order, `facts` made for
    every one of them on `as_of` (StatsDerivation's `terms`)."""
    history = []
    for index, (term, census) in enumerate(terms):
        if term.start > as_of:
            continue
        result = term_figures([], census, term, snapshots_only=True, as_of=as_of)
        if not result.classes:
            continue
        known = school_classes(staff, facts, term, (found for _, found in terms[:index + 1]))
        started = started_classes(facts, term, census)
        result.not_started = sorted(known - started - set(result.covered), key=class_order)
        result.unfinished = sorted((started | set(census.classes)) - set(result.covered),
                                   key=class_order)
        history.append(result)
    return history


def figure_rows(found: Sequence[Figure]) -> list[dict[str, Any]]:
    return [{"figure": f.key, "count": f.count, "denominator": f.denominator, "share": f.share}
            for f in found]


def as_json(result: TermFigures, paragraph: str,
            unreadable: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """`report --stats` in json; `complete` is false, and the paragraph only a draft, when
    child files were left out (`unreadable`) or a class has no enrolled total."""
    return {
        "complete": not (unreadable or result.missing_enrolled),
        "unreadable": list(unreadable),
        "term": result.term,
        "enrolled": result.enrolled,
        "classes_missing_enrolled": result.missing_enrolled,
        "classes_unfinished": result.unfinished,
        "school": figure_rows(result.figures()),
        "classes": [{"class": entry.klass, "enrolled": entry.enrolled, "source": entry.source,
                     "figures": figure_rows(entry.figures())} for entry in result.classes],
        "paragraph": paragraph,
    }


def history_json(result: TermFigures) -> dict[str, Any]:
    """One term of `--terms all` in json."""
    return {"term": result.term, "complete": result.whole_school, "enrolled": result.enrolled,
            "classes_covered": result.covered, "classes_unfinished": result.unfinished,
            "classes_not_started": result.not_started, "school": figure_rows(result.figures())}

