"""`report --stats`: the term's figures for the school and for each class.

A class whose census is finished speaks from its snapshot in censuses/<term>.yaml (a dated
fact, unchanged by later edits); a class still in progress from the records as they are now.
`--terms all` takes the snapshots only, so each term also says which of the school's classes
its census did not cover: such a term is never the school's figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from liushou_cli.core.classes import class_order
from liushou_cli.core.model import CensusCheck, CensusFile, Staff, Term
from liushou_cli.duties.census import in_census
from liushou_cli.reports.stats import Figure, add_counts, child_counts, figures
from liushou_cli.store.read import LoadedChild


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


def term_figures(items: Iterable[LoadedChild], census: CensusFile, term: Term, as_of: date,
                 snapshots_only: bool = False, led: Iterable[str] = ()) -> TermFigures:
    """The figures of a term, class by class; `led` are the classes with a class teacher,
    which count (for their enrolled total) even with no left-behind child."""
    live: dict[str, list[Any]] = {klass: [] for klass in led} if not snapshots_only else {}
    if not snapshots_only:
        for item in items:
            if item.child.active and in_census(item.child, term, as_of):
                live.setdefault(item.child.class_name, []).append(item.child)
    classes = []
    for klass in sorted(set(live) | set(census.classes), key=class_order):
        found = census.classes.get(klass)
        if found is not None and found.finished:
            classes.append(ClassFigures(klass, found.enrolled, "snapshot", dict(found.counts)))
        elif not snapshots_only:
            classes.append(ClassFigures(klass, found.enrolled if found else None, "live",
                                        child_counts(live.get(klass, []), term)))
    missing = [entry.klass for entry in classes if entry.enrolled is None]
    unfinished = sorted((klass for klass, found in census.classes.items() if not found.finished),
                        key=class_order)
    return TermFigures(term.name, classes, missing, unfinished)


def school_classes(staff: Iterable[Staff], items: Iterable[LoadedChild], term: Term,
                   censuses: Iterable[CensusFile]) -> set[str]:
    """The classes the school is known to have in `term`: those a class teacher leads in
    staff.yaml, those of the children its census covers, and those named in the census
    files given (this term's and the earlier ones)."""
    known = {klass for member in staff for klass in member.leads}
    known.update(item.child.class_name for item in items
                 if in_census(item.child, term, term.end))
    for census in censuses:
        known.update(census.classes)
    return known


def started_classes(items: Iterable[LoadedChild], term: Term, census: CensusFile) -> set[str]:
    """The classes whose census of `term` has begun: a total given, or a child checked."""
    started = set(census.classes)
    started.update(item.child.class_name for item in items
                   if any(isinstance(entry, CensusCheck) and entry.term == term.name
                          for entry in item.child.events))
    return started


def term_history(items: Sequence[LoadedChild], staff: Sequence[Staff],
                 terms: Sequence[tuple[Term, CensusFile]], as_of: date) -> list[TermFigures]:
    """`--terms all`: every term with a finished class, from the snapshots only, each naming
    the known classes it leaves out (census unfinished, or never started). `terms` in order."""
    history = []
    for index, (term, census) in enumerate(terms):
        result = term_figures([], census, term, as_of, snapshots_only=True)
        if not result.classes:
            continue
        known = school_classes(staff, items, term, (found for _, found in terms[:index + 1]))
        started = started_classes(items, term, census)
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

