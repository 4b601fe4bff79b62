"""`report --stats`: the term's figures for the school and for each class.

A class whose census is finished speaks from its snapshot in censuses/<term>.yaml (a dated
fact, unchanged by later edits); a class still in progress from the records as they are now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from liushou_cli.census import in_census
from liushou_cli.classes import class_order
from liushou_cli.model import CensusFile, Term
from liushou_cli.stats import Figure, add_counts, child_counts, figures
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
                                        child_counts(live.get(klass, []))))
    missing = [entry.klass for entry in classes if entry.enrolled is None]
    unfinished = sorted((klass for klass, found in census.classes.items() if not found.finished),
                        key=class_order)
    return TermFigures(term.name, classes, missing, unfinished)


def figure_rows(found: Sequence[Figure]) -> list[dict[str, Any]]:
    return [{"figure": f.key, "count": f.count, "denominator": f.denominator, "share": f.share}
            for f in found]


def as_json(result: TermFigures, paragraph: str) -> dict[str, Any]:
    return {
        "term": result.term,
        "enrolled": result.enrolled,
        "classes_missing_enrolled": result.missing_enrolled,
        "classes_unfinished": result.unfinished,
        "school": figure_rows(result.figures()),
        "classes": [{"class": entry.klass, "enrolled": entry.enrolled, "source": entry.source,
                     "figures": figure_rows(entry.figures())} for entry in result.classes],
        "paragraph": paragraph,
    }

