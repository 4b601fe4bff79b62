"""Which children a term's census covers, and whether each has been checked: the facts the
census duty (duties.rows.census_rows) and the term's figures are counted from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from liushou_cli.core import models_lazy
from liushou_cli.core.classes import class_order
from liushou_cli.core.errors import LiushouError
from liushou_cli.duties.rules import class_teacher_index, on_record
from liushou_cli.store.cache import FileCache
from liushou_cli.store.cachecodec import register
from liushou_cli.store.layout import DataFolder, present
from liushou_cli.store.read import LoadedChild, cached_facts

if TYPE_CHECKING:
    from liushou_cli.core.model import CensusCheck, CensusFile, Child, Staff
    from liushou_cli.core.settings import Term


@register
class CensusFact(NamedTuple):
    """A child this term's census covers, and whether it has been checked."""

    child_id: str
    name: str
    klass: str
    checked: bool


def checked_in(child: Child, term: Term, as_of: date | None = None) -> bool:
    """Has the child been checked this term (by `as_of`, if given)? A child first recorded
    during the term was recorded with what the teacher found then, which counts as its
    check."""
    if (child.recorded_on is not None and child.recorded_on >= term.start
            and (as_of is None or child.recorded_on <= as_of)):
        return True
    return any(entry.term == term.name and (as_of is None or entry.date <= as_of)
               for entry in census_checks(child))


def census_checks(child: Child) -> list[CensusCheck]:
    """The child's census checks (摸底), told by their type tag: the model is not imported
    for them."""
    return [entry for entry in child.events if entry.type == "摸底"]


def finished_by(finished: date | None, as_of: date | None) -> bool:
    """Was a class's census finished (on `finished`) by `as_of` (None: ever)?"""
    return finished is not None and (as_of is None or finished <= as_of)


def in_census(child: Child, term: Term, as_of: date) -> bool:
    """Is the child one the census of `term` covers, as known on `as_of`? Every child this
    census checked by then (one that has left since included: it found it gone), and every
    child on the books on `as_of`, or on the term's last day once it has ended (a child
    recorded in the holiday after a term, or archived before it began, was never that
    census's to check; one archived after `as_of` was)."""
    if any(entry.term == term.name and entry.date <= as_of for entry in census_checks(child)):
        return True
    return on_record(child, min(as_of, term.end))


# ---- each class's progress -----------------------------------------------------------------
@dataclass
class ClassProgress:
    """One class's census: who is checked, who remains, its total, whether it is finished."""

    klass: str
    teachers: list[str]
    checked: list[LoadedChild] = field(default_factory=list)
    remaining: list[LoadedChild] = field(default_factory=list)
    enrolled: int | None = None
    finished: date | None = None

    @property
    def state(self) -> str:
        if self.finished:
            return "done"
        if self.checked or self.enrolled is not None:
            return "started"
        return "not_started"


def progress(items: Iterable[LoadedChild], staff: Iterable[Staff], census: CensusFile,
             term: Term, as_of: date) -> list[ClassProgress]:
    """Every class's census progress on `as_of` (`census status`, the dashboard's table),
    classes in name order: the classes the staff lead (one with no left-behind child still
    gives its total) and those with a child the census covers or a total given."""
    teachers = class_teacher_index(staff)
    classes: dict[str, ClassProgress] = {}

    def of(klass: str) -> ClassProgress:
        if klass not in classes:
            classes[klass] = ClassProgress(klass, teachers.get(klass, []))
        return classes[klass]

    for klass in teachers:  # a class with no left-behind child still gives its total
        of(klass)
    for item in items:
        child = item.child
        if not in_census(child, term, as_of):
            continue
        entry = of(child.class_name)
        (entry.checked if checked_in(child, term, as_of) else entry.remaining).append(item)
    for klass, found in census.classes.items():
        entry = of(klass)
        entry.enrolled = found.enrolled
        entry.finished = found.finished if finished_by(found.finished, as_of) else None
    return [classes[name] for name in sorted(classes, key=class_order)]


# ---- what the census duty reads of a census file -----------------------------------------
class ClassCensusLike(Protocol):
    """A class's census as the census duty reads it."""

    @property
    def enrolled(self) -> int | None: ...

    @property
    def finished(self) -> date | None: ...


class CensusLike(Protocol):
    """A term's census file as the census duty reads it: a census file, or its facts."""

    @property
    def classes(self) -> Mapping[str, ClassCensusLike]: ...


class ClassCensusFacts(NamedTuple):
    enrolled: int | None
    finished: date | None


@register
class CensusFacts(NamedTuple):
    """What the census duty reads of a term's census file (its classes' enrolled totals and
    whether each finished), kept in the cache beside the file: a county's census file lists
    1,137 classes and their figures, and reading it back whole for the day's rows took 9 ms
    of every warm report, and built its model's validator."""

    term: str
    classes: dict[str, ClassCensusFacts]

    def to_cache(self) -> list[Any]:
        """Plain values: each class's [enrolled, finished as ISO text or None]."""
        return [self.term, {klass: [found.enrolled, found.finished and found.finished.isoformat()]
                            for klass, found in self.classes.items()}]

    @classmethod
    def from_cache(cls, term: Any, classes: Any) -> CensusFacts:
        """The facts from what `to_cache` kept; TypeError or ValueError when it is not that
        (the codec makes it Undecodable)."""
        if type(term) is not str or type(classes) is not dict:
            raise TypeError("not a census's facts")
        found: dict[str, ClassCensusFacts] = {}
        for klass, (enrolled, finished) in classes.items():
            if type(enrolled) not in (int, type(None)):  # a day not a text: fromisoformat's
                raise TypeError("not a class's total")
            found[klass] = ClassCensusFacts(
                enrolled, None if finished is None else date.fromisoformat(finished))
        return cls(term, found)


def census_facts(census: CensusFile) -> CensusFacts:
    """The facts of a census file that the census duty reads."""
    return CensusFacts(census.term, {klass: ClassCensusFacts(found.enrolled, found.finished)
                                     for klass, found in census.classes.items()})


CENSUS_FACTS = "census:1"  # their family and version in the cache: raised when they change


def load_census_facts(folder: DataFolder, term: str, cache: FileCache | None = None,
                      ) -> CensusFacts:
    """The census duty's facts of censuses/<term>.yaml (no class when the term has no census
    yet), through `cache` (the meta cache) if given: an unchanged census's are taken as kept,
    the file not read back; a LiushouError at the first problem of one that does not load
    (as store.read.load_census)."""
    return census_value(folder, term, cache, CENSUS_FACTS, census_facts, CensusFacts(term, {}))


T = TypeVar("T")


def census_value(folder: DataFolder, term: str, cache: FileCache | None, family: str,
                 make: Callable[[CensusFile], T], empty: T) -> T:
    """`make` of censuses/<term>.yaml's record (`empty` when the term has no census yet),
    kept in `cache` (the meta cache) under `family`: an unchanged census's value is taken as
    kept, the file not read back; a LiushouError at the first problem of one that does not
    load (as store.read.load_census)."""
    path = folder.census_path(term)
    if not present(path):
        return empty
    value, problems = cached_facts(folder, path, models_lazy.census_file, cache, family, make)
    if value is None:
        first = problems[0]
        raise LiushouError(first.message, first.path, first.line)
    return value
