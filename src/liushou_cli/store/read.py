"""Loading the data folder for reading: every file parsed fast, validated, problems collected.

Nothing here writes. A broken file becomes a Problem with its path and line, and every other
file is still loaded, so one bad card never hides the rest of the school. A child's file is
read on a day, the caller's `today` (a birth date after it makes the record invalid).
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from liushou_cli.core import models_lazy
from liushou_cli.core.errors import LiushouError, Problem
from liushou_cli.core.progress import SILENT, Progress
from liushou_cli.core.settings import (
    SchoolSettings,
    Unfit,
    settings_dump,
    settings_from_dump,
    settings_of,
)
from liushou_cli.core.text import Message
from liushou_cli.core.validators import ValidationDay
from liushou_cli.i18n import t
from liushou_cli.i18n.messages import described, error_location
from liushou_cli.store import prefetch
from liushou_cli.store.cache import (
    SUFFIX,
    Entry,
    FileCache,
    cache_path,
    days_of,
    now_ns,
)
from liushou_cli.store.layout import (
    DataFolder,
    Signature,
    SymlinkRefused,
    present,
    read_no_follow,
    signature,
)
from liushou_cli.store.oserrors import reason
from liushou_cli.store.parallel import Parsed, Wanted, parse_many, workers_for_files
from liushou_cli.store.snapshot import Kept, Reading, Snapshot, line_of

if TYPE_CHECKING:
    from pydantic import BaseModel

    from liushou_cli.core.model import CensusFile, Child, SchoolConfig, Staff, StaffFile, StaffLike
    from liushou_cli.store.yamlio import ParseFailure

# The YAML parser (store.yamlio, PyYAML) is imported by the functions that parse: a report
# answered from the cache parses nothing and does not load it.

M = TypeVar("M", bound="BaseModel")
T = TypeVar("T")
V = TypeVar("V")

# At most this many child files changed since the folder's snapshot are read without the
# cache's index (store.snapshot); more, and the index is loaded as without a snapshot.
FEW_CHANGED = 32


class LoadedChild:
    """A valid child record and the file it came from, with its cache entry if cached and
    the value a command derived from it while loading (see load_dataset).

    The record itself may be left unbuilt: `child` then takes it from the cache entry, or
    reads the file again (on `today`, the day it was loaded on), on first use. So may the
    path (a county has 20,000 of them)."""

    __slots__ = ("_child", "_directory", "_name", "_path", "_today", "cached", "derived")

    def __init__(self, path: Path | None, child: Child | None, cached: Entry | None = None,
                 derived: Any = None, *, directory: Path | None = None, name: str = "",
                 today: date | None = None) -> None:
        self._path = path
        self._directory = directory
        self._name = name
        self._today = today
        self._child = child
        self.cached = cached
        self.derived = derived

    @property
    def file_name(self) -> str:
        """The child file's name in children/ (without building its path)."""
        return self._name or self.path.name

    @property
    def path(self) -> Path:
        if self._path is None:
            assert self._directory is not None
            self._path = self._directory / self._name
        return self._path

    @property
    def child(self) -> Child:
        if self._child is None:
            record = self.cached.record if self.cached is not None else None
            if record is not None and isinstance(record, models_lazy.child()):
                self._child = record
            else:
                day = ValidationDay(self._today) if self._today is not None else None
                found, problems = read_model(self.path, models_lazy.child(), str(self.path),
                                             day)
                if found is None:
                    first = problems[0]
                    raise LiushouError(first.message, first.path, first.line)
                self._child = found
        return self._child


class Derivation(Protocol):
    """A value computed from each child (and the path of its file) while the folder loads,
    cached with the child's file under `key` (which must name everything else the value
    depends on). A derivation whose values hold on some days only (duties.day.DayDuties)
    also says whether a kept one holds now: `holds(value)`; without it, any value kept
    under the key does. One that names a `snapshot_key` has the folder's values kept in one
    file too (store.snapshot), each made `brief(value)` if it has that: only what the
    command can use on a day the value holds on."""

    key: str

    def __call__(self, child: Child, path: Path) -> Any: ...


DeriveFactory = Callable[[SchoolSettings | None, list["StaffFacts"]], "Derivation | None"]


@dataclass
class Dataset:
    """Everything in a data folder that loaded, and every problem met on the way."""

    folder: DataFolder
    config: SchoolSettings | None
    # Who each staff member is and which classes they lead and teach (no whole record).
    staff_facts: list[StaffFacts]
    children: list[LoadedChild]
    problems: list[Problem] = field(default_factory=list)
    unreadable_children: list[Path] = field(default_factory=list)
    cache_dir: Path | None = None  # read through the local cache there: the folder's other
    # files may be too
    # The activity files a report that counts activities left out, each by its first error
    # (store.activities.read_activity_facts; set by that report, empty for the others).
    unreadable_activities: list[Problem] = field(default_factory=list)

    @cached_property
    def staff(self) -> list[Staff]:
        """Every staff member's whole record, built when first asked for: a report answered
        from the cache needs only `staff_facts` (a county's 3,273 records built from the cache
        were 29 ms of every warm report). Empty when staff.yaml gives no list (load_dataset
        has then said why, or raised)."""
        return staff_records(self.folder, self.cache_dir)[0]

    def staff_by_id(self) -> dict[str, Staff]:
        return {member.id: member for member in self.staff}


def read_model(path: Path, model: type[M], shown_as: str,
               day: ValidationDay | None = None) -> tuple[M | None, list[Problem]]:
    """One file as a model, or the problems that stop it being one (never an exception).
    A child is validated on `day` (which keeps the days its verdict holds on)."""
    try:
        raw = read_no_follow(path)
    except SymlinkRefused:
        return None, [Problem(shown_as, None, "error", "symlink", Message("symlink_not_read"))]
    except FileNotFoundError:
        return None, [Problem(shown_as, None, "error", "missing", Message("file_missing"))]
    except OSError as error:
        return None, [Problem(shown_as, None, "error", "unreadable",
                              Message.of("unreadable", detail=reason(error)))]
    return model_from_bytes(raw, model, shown_as, day)


def model_from_bytes(raw: bytes, model: type[M], shown_as: str,
                     day: ValidationDay | None = None) -> tuple[M | None, list[Problem]]:
    from liushou_cli.store.yamlio import ParseFailure, decode

    text = decode(raw)
    if isinstance(text, ParseFailure):
        return None, [_failure(shown_as, text)]
    return model_from_text(text, model, shown_as, day)


def model_from_text(text: str, model: type[M], shown_as: str,
                    day: ValidationDay | None = None) -> tuple[M | None, list[Problem]]:
    from liushou_cli.store.yamlio import ParseFailure, parse_mapping

    data = parse_mapping(text)
    if isinstance(data, ParseFailure):
        return None, [_failure(shown_as, data)]
    return validate_mapping(data, text, model, shown_as, day)


def validate_mapping(data: dict[str, Any], text: str, model: type[M], shown_as: str,
                     day: ValidationDay | None = None) -> tuple[M | None, list[Problem]]:
    from pydantic import ValidationError

    try:
        return model.model_validate(data, context=day), []
    except ValidationError as error:
        from liushou_cli.store.yamlio import line_of

        return None, [
            Problem(shown_as, line_of(text, error_location(detail)), "error", "schema",
                    described(detail))
            for detail in error.errors()
        ]
    except RecursionError:
        return None, [Problem(shown_as, None, "error", "too_deep", Message("yaml_too_deep"))]


def _failure(shown_as: str, failure: ParseFailure) -> Problem:
    return Problem(shown_as, failure.line, "error", failure.code, failure.text)


def load_config(folder: DataFolder) -> SchoolConfig:
    """The school's configuration, or a LiushouError naming the first problem in it."""
    config, problems = read_model(folder.config_path, models_lazy.school_config(),
                                  folder.rel(folder.config_path))
    if config is None:
        first = problems[0]
        raise LiushouError(first.message, first.path, first.line)
    return config


def load_settings(folder: DataFolder) -> SchoolSettings:
    """The school's settings, or a LiushouError naming the first problem in liushou.yaml."""
    return settings_of(load_config(folder))


def load_staff(folder: DataFolder) -> tuple[list[Staff], list[Problem]]:
    if not present(folder.staff_path):
        return [], []
    staff_file, problems = read_model(folder.staff_path, models_lazy.staff_file(), folder.rel(folder.staff_path))
    return (staff_file.staff if staff_file else []), problems


def staff_or_fail(folder: DataFolder, cache_dir: Path | None = None, *,
                  as_facts: bool = False) -> list[Staff]:
    """The staff list, or a LiushouError at the first problem in staff.yaml: a command that
    needs to know the teachers must not guess when their file is broken.

    With a `cache_dir`, a staff.yaml unchanged since the last run is taken from the small
    cache of the folder's own files, so recording an entry costs the same however many
    teachers a county's folder lists (`as_facts`: see staff_records).
    """
    staff, problems = staff_records(folder, cache_dir, as_facts=as_facts)
    if problems:
        first = problems[0]
        raise LiushouError(first.message, first.path, first.line)
    return staff


def staff_records(folder: DataFolder, cache_dir: Path | None = None, *,
                  as_facts: bool = False) -> tuple[list[Staff], list[Problem]]:
    """The staff's whole records and staff.yaml's problems (no list when it gives none),
    through the cache of the folder's own files in `cache_dir` if given. `as_facts`: taken
    from the cache as plain facts (core.recordfacts) while it holds the file as it is, for
    a command that only reads them (`child show`)."""
    if cache_dir is None or not present(folder.staff_path):
        return load_staff(folder)
    cache = meta_cache(folder, cache_dir)
    kept = (cached_record_facts(folder, folder.staff_path, "StaffFile", cache)
            if as_facts else None)
    staff_file, problems = (kept if kept is not None else
                            cached_model(folder, folder.staff_path, models_lazy.staff_file(),
                                         cache))
    cache.save()
    return (staff_file.staff if staff_file is not None else []), problems


class StaffFacts(NamedTuple):
    """A staff member as a command that names them, or works out duties, sees them: kept in
    the cache as plain values (staff_facts), so that neither builds a record."""

    id: str
    name: str
    leads: list[str]  # the classes they are class teacher of
    teaches: list[str]  # the classes they teach


class StaffNames(NamedTuple):
    """Every staff member's id and name, in staff.yaml's order, as two lists in step: all
    that recording an entry needs of them (the recorders named, the names in the message
    and the history). Kept in the cache apart from their classes (staff_names), so that
    naming one teacher of a county's 3,273 decodes two lists of text, not one list each."""

    ids: list[str]
    names: list[str]

    @classmethod
    def of(cls, staff: Iterable[StaffLike]) -> StaffNames:
        members = list(staff)
        return cls([member.id for member in members], [member.name for member in members])


_STAFF_FACTS = "facts"
_STAFF_NAMES = "names"


def staff_facts(folder: DataFolder, cache: FileCache | None) -> tuple[list[StaffFacts],
                                                                      list[Problem]]:
    """Every staff member's facts and the problems of staff.yaml (none and none without the
    file). Through `cache`, while staff.yaml is unchanged, as the plain lists kept last time:
    a county's 3,273 records built and validated were 29 ms of every report."""
    # Plain lists, not tagged StaffFacts: a county's 3,273 decoded one node at a time were
    # 4 ms of every entry recorded.
    return _staff_value(folder, cache, _STAFF_FACTS,
                        lambda staff_file: [_kept_facts(member) for member in staff_file.staff],
                        _facts_of, [])


def staff_names(folder: DataFolder, cache: FileCache | None) -> tuple[StaffNames, list[Problem]]:
    """Every staff member's id and name and the problems of staff.yaml, as staff_facts
    gives theirs: a county's 3,273 from the cache in a quarter of their facts' time."""
    return _staff_value(folder, cache, _STAFF_NAMES,
                        lambda staff_file: list(StaffNames.of(staff_file.staff)),
                        _names_of, StaffNames([], []))


def _staff_value(folder: DataFolder, cache: FileCache | None, family: str,
                 make: Callable[[StaffFile], Any], taken: Callable[[Any], V | None],
                 empty: V) -> tuple[V, list[Problem]]:
    """A value of the staff (`taken` of what `make` keeps of staff.yaml's record), through
    `cache` under `family` while staff.yaml is unchanged; `empty` without a list."""
    if not present(folder.staff_path):
        return empty, []
    kept, problems = cached_facts(folder, folder.staff_path, models_lazy.staff_file, cache, family,
                                  make)
    if kept is None:
        return empty, problems
    value = taken(kept)
    if value is None:  # not what this code keeps: the file itself says (a missing one so)
        staff_file, problems = read_model(folder.staff_path, models_lazy.staff_file(),
                                          folder.rel(folder.staff_path))
        value = taken(make(staff_file)) if staff_file is not None else None
    return (empty if value is None else value), problems


def staff_facts_or_fail(folder: DataFolder, cache_dir: Path | None = None) -> list[StaffFacts]:
    """Every staff member's facts (id, name, the classes led and taught), or a LiushouError
    as staff_or_fail gives. With a `cache_dir` and staff.yaml unchanged, they come from the
    cache as plain values: rebuilding a county's 3,273 staff records cost 30 ms of every
    entry recorded."""
    return _or_fail(folder, cache_dir, staff_facts)


def staff_names_or_fail(folder: DataFolder, cache_dir: Path | None = None) -> StaffNames:
    """Every staff member's id and name, or a LiushouError as staff_or_fail gives; from the
    cache in `cache_dir` while staff.yaml is unchanged."""
    return _or_fail(folder, cache_dir, staff_names)


def _or_fail(folder: DataFolder, cache_dir: Path | None,
             read: Callable[[DataFolder, FileCache | None], tuple[V, list[Problem]]]) -> V:
    cache = meta_cache(folder, cache_dir) if cache_dir is not None else None
    value, problems = read(folder, cache)
    if cache is not None:
        cache.save()
    if problems:
        first = problems[0]
        raise LiushouError(first.message, first.path, first.line)
    return value


def _kept_facts(member: Staff) -> list[Any]:
    """A staff member's facts as the cache keeps them: [id, name, leads, teaches]."""
    return [member.id, member.name, list(member.leads), list(member.teaches)]


def _facts_of(kept: Any) -> list[StaffFacts] | None:
    """The facts in kept lists [[id, name, [class, ...], [class, ...]], ...]; None if they
    are not such. A loop, not nested all(): a county's 3,273 checked in 1.5 ms, not 2.4, of
    every entry recorded."""
    if type(kept) is not list:
        return None
    facts = []
    for row in kept:
        if type(row) is not list or len(row) != 4:
            return None
        staff_id, name, leads, teaches = row
        if not (type(staff_id) is str and type(name) is str and type(leads) is list
                and type(teaches) is list):
            return None
        for klass in (*leads, *teaches):
            if type(klass) is not str:
                return None
        facts.append(StaffFacts(staff_id, name, leads, teaches))
    return facts


def _names_of(kept: Any) -> StaffNames | None:
    """The names in kept lists [[id, ...], [name, ...]] of one length; None if they are not."""
    if type(kept) is not list or len(kept) != 2:
        return None
    ids, names = kept
    if not (type(ids) is list and type(names) is list and len(ids) == len(names)):
        return None
    if not all(type(text) is str for text in ids) or not all(type(text) is str for text in names):
        return None
    return StaffNames(ids, names)


def cached_facts(folder: DataFolder, path: Path, model: Callable[[], type[M]],
                 cache: FileCache | None,
                 family: str, make: Callable[[M], T],
                 stat: os.stat_result | None = None) -> tuple[T | None, list[Problem]]:
    """A value made from one of the folder's own files (`make` of its record), through the
    cache: taken as made last time while the file is unchanged, so that the record is not
    even rebuilt; None when the file gives no record. `model` (core.models_lazy) gives the
    record's model, imported only then. `stat`: the file's, if known."""
    if cache is not None:
        try:
            kept = kept_value(cache, _cache_key(folder, path), stat or path.lstat(), family)
        except OSError:
            kept = None
        if kept is not None:
            return kept
    record, problems = cached_model(folder, path, model(), cache)
    if record is None:
        return None, problems
    value = make(record)
    entry = cache.entries.get(_cache_key(folder, path)) if cache is not None else None
    if entry is not None:
        entry.remember(family, value)
        entry.forget_record()
    return value, problems


def kept_value(cache: FileCache, key: str, stat: os.stat_result,
               family: str) -> tuple[Any, list[Problem]] | None:
    """The value made under `family` from the folder's file `key` (its path in the folder,
    with '/'), with the file's problems, as `cache` keeps it while the file's stat is still
    `stat`; None when it keeps none."""
    entry = cache.get(key, signature(stat))
    known = entry.derived_value(family) if entry is not None else None
    return (known, entry.problems) if known is not None and entry is not None else None


def _cache_key(folder: DataFolder, path: Path) -> str:
    """The file's path in the folder, with '/' (as DataFolder.rel, without pathlib's cost:
    a county has a thousand activity files)."""
    text, root = str(path), str(folder.root) + os.sep
    return (text[len(root):] if text.startswith(root) else text).replace(os.sep, "/")


def meta_cache(folder: DataFolder, cache_dir: Path) -> FileCache:
    """The cache of liushou.yaml, staff.yaml and the census files, kept apart from the
    children's (small and quick to load for commands that touch one child)."""
    return side_cache(folder, cache_dir, "meta")


def side_cache(folder: DataFolder, cache_dir: Path, kind: str) -> FileCache:
    """A cache of other files of the folder (activities/), kept apart for the same reason."""
    return FileCache(folder, cache_path(folder, cache_dir).with_suffix(f".{kind}{SUFFIX}"))


def load_dataset(folder: DataFolder, cache: FileCache | None = None,
                 derive: DeriveFactory | None = None, *, today: date,
                 broken_staff_ok: bool = False, progress: Progress = SILENT) -> Dataset:
    """Every record in the folder, loaded fast, with the problems of the ones that failed;
    the children validated on `today` (a cache must be opened on the same day).

    With a cache, a file whose signature is unchanged is taken from it instead of parsed.
    With `derive`, each child's derived value is computed as it loads (or taken from the
    cache, under the derivation's key) and the records are not kept: memory stays flat
    however many children the folder holds, and `LoadedChild.child` rebuilds one on demand.

    A staff.yaml that gives no staff list (broken YAML, not UTF-8, one invalid member) is a
    LiushouError at its first problem, before any child is read: without the teachers every
    class-teacher duty would silently drop out of a report. Only `check`, which shows the
    problem itself, passes `broken_staff_ok`. A missing staff.yaml is a problem among the
    others (check says it); the folder then has no staff.

    `progress` is told of each child file as it is taken (a stage of as many steps as there
    are files): the command line draws a bar from it when the reading takes long.
    """
    meta = (FileCache(folder, cache.path.with_suffix(f".meta{SUFFIX}"))
            if cache is not None else None)
    config, config_problems = school_settings(folder, meta)
    problems = list(config_problems)  # a fresh list: the cached one must not grow
    staff, staff_problems = staff_facts(folder, meta)
    if meta is not None:
        meta.save()
    if staff_problems and not broken_staff_ok:
        first = staff_problems[0]
        raise LiushouError(first.message, first.path, first.line)
    problems.extend(staff_problems)
    if not present(folder.staff_path):
        # init writes one: a folder without it has lost it, and the check says so first,
        # its thousands of unknown teachers folded under it (reports.check_causes); the
        # other commands show no folder problems and read it as a folder without staff.
        problems.append(Problem(folder.rel(folder.staff_path), None, "error", "missing",
                                Message("file_missing")))
    derivation = derive(config, staff) if derive is not None else None
    loader = _ChildLoader(folder, cache, derivation, today, progress)
    # Loading creates many objects and frees none; the cyclic collector only slows it down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        loader.load_all()
    finally:
        gc.freeze()  # the records live until the command ends: keep the collector off them
        if collecting:
            gc.enable()
    problems += loader.problems
    return Dataset(folder, config, staff, loader.children, problems, loader.unreadable,
                   cache.path.parent if cache is not None else None)


class _Unwritable(Exception):
    """A file of the folder has no line for the snapshot: none is written."""


class _ChildLoader:
    """The children/ part of load_dataset: each file taken from the folder's snapshot (for a
    derivation that names a `snapshot_key`, store.snapshot), or from the cache, or parsed
    here, or (many at once) by worker processes; its derived value taken or made. The
    snapshot is written afresh when any of its lines did not serve."""

    def __init__(self, folder: DataFolder, cache: FileCache | None,
                 derivation: Derivation | None, today: date,
                 progress: Progress = SILENT) -> None:
        assert cache is None or cache.today == today, "the cache is opened on the same day"
        self.progress = progress
        self.folder = folder
        self.children_dir = folder.children_dir  # one Path for all (a property makes one a call)
        self.cache = cache
        self.derivation = derivation
        self.holds: Callable[[Any], bool] | None = getattr(derivation, "holds", None)
        # A snapshot's value that no longer holds, made whole again with what its line keeps
        # beside it (DayDuties.renew: the morning a row is first reported); None: never.
        self.renew: Callable[[Any, Any], Any] | None = getattr(derivation, "renew", None)
        self.today = today
        self.children: list[LoadedChild] = []
        self.problems: list[Problem] = []
        self.unreadable: list[Path] = []
        key = getattr(derivation, "snapshot_key", None)
        self.snapshot = (Snapshot.of_cache(cache, key)
                         if cache is not None and isinstance(key, str) else None)
        self.readings: dict[str, Reading] = {}  # each file's line of the snapshot to write
        # The value taken for each file the snapshot did not serve, for its new line
        # (gathered from 20,000 loaded children, 4 ms of the report after an entry).
        self.worked_out: dict[str, Any] = {}
        self.turned: set[str] = set()  # files whose snapshot line no longer holds

    def load_all(self) -> None:
        folder, cache = self.folder, self.cache
        # Listed in a forked process while the command's modules imported, if it was.
        files = prefetch.take(folder.children_dir)
        if files is None:
            files = folder.child_signatures()
        kept = (self.snapshot.read(dict(files), self.today.toordinal(), self.holds, self.renew)
                if self.snapshot is not None else Kept({}, set(), 0, {}))
        served = kept.served
        # A turned file is derived again without reading the family's file, a county's
        # largest: its value there no longer holds either.
        self.turned = kept.turned
        # Turned files whose line says where their record lies, if this process would work
        # them out itself (few: a term's end turns them all, and workers take many): from
        # the record store, without the cache's index (the morning after a deadline turns
        # some hundred of a county's children; its index took 44 ms to load).
        stored = kept.stored
        if stored and workers_for_files([(name, line.sig, line.span)
                                         for name, line in stored.items()]):
            stored = {}
        # A few files changed since the snapshot (a teacher's entry): read here, without the
        # cache's index (loading a county's costs more than reading a few files).
        fresh = (bool(served) or bool(stored)) and (
            len(files) - len(served) - len(stored) <= FEW_CHANGED)
        entries = [cache.get(name, sig) if cache is not None and not fresh
                   and name not in served else None for name, sig in files]
        wanted: list[Wanted] = [(name, sig, entry.span if entry is not None else None)
                                for (name, sig), entry in zip(files, entries, strict=True)
                                if name not in served and not fresh and self._needs_work(entry)]
        workers = workers_for_files(wanted) if self.derivation is not None else 0
        parsed = (parse_many(folder, wanted, self.derivation, cache is not None,
                             cache.store if cache is not None else None, workers, self.today,
                             read_model)
                  if workers else None)
        progress = self.progress
        progress.stage(Message("progress_reading"), len(files))
        children, directory, today = self.children, self.children_dir, self.today
        try:
            for (name, sig), entry in zip(files, entries, strict=True):
                if (found := served.get(name)) is not None:
                    # A line of the snapshot: its problems, and the child with its value
                    # (no record, no path) or its file left out. Written out here: every
                    # child of a warm report, where two calls a child were 6 ms of a county's.
                    if found.problems:
                        self.problems += found.problems
                    if found.ok:
                        children.append(LoadedChild(None, None, None, found.value,
                                                    directory=directory, name=name,
                                                    today=today))
                    else:
                        self.unreadable.append(directory / name)
                elif fresh and (line := stored.get(name)) is not None:
                    self._from_store(name, sig, line)
                elif fresh:
                    self._fresh(name, sig)
                elif parsed is not None and self._needs_work(entry):
                    self._from_worker(next(parsed), name, sig, entry)
                else:
                    self._here(name, sig, entry)
                progress.step()
        finally:
            progress.done()
        if cache is not None and not (served or fresh):
            cache.forget_missing({name for name, _ in files})
        if self.snapshot is not None and (len(self.snapshot.lines) != len(files)
                                          or kept.line_count != len(files)):
            self._write_snapshot(files, served)

    def _from_store(self, name: str, sig: Signature, line: Reading) -> None:
        """A file unchanged since its line, whose value no longer holds: worked out again from
        its record where the line says the record store holds it, without the cache's index;
        parsed if the record is not there (the store rewritten since).

        The record is read as plain facts (core.recordfacts), not validated again: the line
        stands on this day (Snapshot.read), so the verdict it was stored with holds, and a
        new day's few turned children cost no pydantic (about 100 ms of a county's first
        report of the day, for two children)."""
        assert self.derivation is not None and self.cache is not None
        assert line.span is not None
        child = self.cache.store.read_facts(name, sig, line.span)
        if child is None:
            self._fresh(name, sig)
            return
        self.problems += line.problems
        value = self.derivation(child, self.children_dir / name)
        self.readings[name] = line._replace(value=value)
        self._add(name, None, None, value)

    def _fresh(self, name: str, sig: Signature) -> None:
        """A child file read and its value derived without the cache (its line of the
        snapshot made from what was read)."""
        assert self.derivation is not None
        path = self.children_dir / name
        read_ns = now_ns()
        day = ValidationDay(self.today)
        child, problems = read_model(path, models_lazy.child(), self.folder.rel(path), day)
        self.problems += problems
        value = self.derivation(child, path) if child is not None else None
        self.readings[name] = Reading(sig, read_ns, child is not None, problems, days_of(day),
                                      value)
        if child is None:
            self.unreadable.append(path)
        else:
            self._add(name, None, None, value)

    def _write_snapshot(self, files: list[tuple[str, Signature]],
                        served: dict[str, Reading]) -> None:
        """The snapshot afresh: the lines it served copied, the others (and the renewed ones)
        made from what this load read (a file the load did not take a value for leaves it
        unwritten)."""
        assert self.snapshot is not None and self.cache is not None
        if self.cache.loaded and self.cache.refused:
            return  # nothing is written into a cache that is not the user's own
        # The records read by this load stored first: each line says where its record lies.
        self.cache.store_records()
        with contextlib.suppress(_Unwritable):  # the file as it was (Snapshot.write)
            self.snapshot.write(self._lines(files, served))

    def _lines(self, files: list[tuple[str, Signature]],
               served: dict[str, Reading]) -> Iterator[bytes]:
        """Each file's line, made as it is written: a county's 50,000 lines held at once
        were 20 MB more at the peak of a first report. _Unwritable for a file without one
        (the load took no value for it, or one the cache cannot keep)."""
        assert self.snapshot is not None and self.cache is not None
        brief: Callable[[Any], tuple[Any, Any]] = getattr(self.derivation, "brief",
                                                          lambda value: (value, None))
        copied, values = self.snapshot.lines, self.worked_out
        for name, sig in files:
            if (line := copied.get(name)) is not None:
                yield line
                continue
            reading = self.readings.get(name) or served.get(name)
            if reading is None:
                entry = self.cache.entries.get(name)
                if entry is None or entry.signature != sig:
                    raise _Unwritable
                reading = Reading(sig, entry.read_ns, entry.ok, entry.problems, entry.days,
                                  values.get(name), entry.span)
            if reading.ok and reading.value is None:
                raise _Unwritable
            value, beside = brief(reading.value) if reading.ok else (None, None)
            try:
                line = line_of(name, reading._replace(value=value), beside)
            except (TypeError, ValueError):  # a value the cache cannot keep: no snapshot
                raise _Unwritable from None
            yield line

    def _needs_work(self, entry: Entry | None) -> bool:
        """Does the file need parsing, or its record its derived value made?"""
        if entry is None:
            return True
        return self.derivation is not None and entry.ok and self._kept(entry) is None

    def _kept(self, entry: Entry) -> Any:
        """The value derived from the entry's record that holds for this load, or None."""
        assert self.derivation is not None
        if entry.name in self.turned:
            return None
        value = entry.derived_value(self.derivation.key)
        if value is not None and self.holds is not None and not self.holds(value):
            return None
        return value

    def _from_worker(self, found: Parsed, name: str, sig: Signature,
                     entry: Entry | None) -> None:
        assert found.name == name and self.derivation is not None
        if self.cache is not None and (entry is None or found.blob is not None):
            entry = self.cache.put_parsed(name, sig, found.read_ns, found.ok, found.blob,
                                          found.problems, found.days)
        self.problems += entry.problems if entry is not None else found.problems
        if not found.ok:
            self.unreadable.append(self.children_dir / name)
            return
        if entry is not None:
            entry.remember(self.derivation.key, found.derived)
        self._add(name, None, entry, found.derived)

    def _here(self, name: str, sig: Signature, entry: Entry | None) -> None:
        child: Child | None = None
        if self.cache is not None:
            if entry is None:
                child, entry = _read_into(self.folder, self.cache, name, sig, self.today)
            self.problems += entry.problems
            if not entry.ok:
                self.unreadable.append(self.children_dir / name)
                return
            known = self._kept(entry) if self.derivation is not None else None
            # The warm case: no record is built, nor the file's path (making 20,000 paths
            # was a fifth of a warm report's reading of the folder).
            if known is not None:
                entry.forget_record()
                self._add(name, None, entry, known)
                return
        path = self.children_dir / name
        if self.cache is None:
            child, problems = read_model(path, models_lazy.child(), self.folder.rel(path),
                                         ValidationDay(self.today))
            self.problems += problems
        elif child is None and entry is not None:
            # Now, while the collector is paused: building records one by one later, with it
            # running, took twice as long at 20,000 children.
            child = entry.record
            if child is None:  # its stored record is lost: read the file again
                child, entry = _read_into(self.folder, self.cache, name, sig, self.today)
        if child is None:
            self.unreadable.append(path)
            return
        if self.derivation is None:
            self._add(name, child, entry, None)
            return
        value = self.derivation(child, path)
        if entry is not None:
            entry.remember(self.derivation.key, value)
            entry.forget_record()
        self._add(name, None, entry, value)

    def _add(self, name: str, child: Child | None, entry: Entry | None, value: Any) -> None:
        """A loaded child the snapshot did not serve, with the value taken for it (kept for
        the snapshot's new line)."""
        self.children.append(LoadedChild(None, child, entry, value,
                                         directory=self.children_dir, name=name,
                                         today=self.today))
        if self.snapshot is not None:
            self.worked_out[name] = value


def _read_into(folder: DataFolder, cache: FileCache | None, name: str,
               sig: Signature, today: date) -> tuple[Child | None, Entry]:
    """Parse a child file and put what it gave into the cache, with the days it holds on."""
    assert cache is not None
    path = folder.children_dir / name
    read_ns = now_ns()
    day = ValidationDay(today)
    child, problems = read_model(path, models_lazy.child(), folder.rel(path), day)
    return child, cache.put(name, sig, read_ns, child, problems, days_of(day))


_SETTINGS = "settings:1"


def school_settings(folder: DataFolder, cache: FileCache | None,
                    ) -> tuple[SchoolSettings | None, list[Problem]]:
    """liushou.yaml's settings and problems, through `cache`: while the file is unchanged,
    put back from the dump kept last time (core.settings) without importing pydantic (about
    60 ms of every report answered from the cache); validated as read otherwise, and when
    what is kept is not such a dump."""
    if cache is None:
        config, problems = read_model(folder.config_path, models_lazy.school_config(),
                                      folder.rel(folder.config_path))
        return (settings_of(config) if config is not None else None), problems
    kept, problems = cached_facts(folder, folder.config_path, models_lazy.school_config,
                                  cache, _SETTINGS, settings_dump)
    if kept is None:
        return None, problems
    try:
        return settings_from_dump(kept), problems
    except Unfit:
        config, problems = cached_model(folder, folder.config_path,
                                        models_lazy.school_config(), cache)
        return (settings_of(config) if config is not None else None), problems


def cached_child(folder: DataFolder, path: Path, cache_dir: Path, today: date) -> Child | None:
    """The child file's record as plain facts (core.recordfacts) from the folder's cache in
    `cache_dir`, if the cache holds the file as it is now and its reading holds on `today`
    (FileCache.get); else None (the caller reads the file). Nothing is validated or parsed,
    and pydantic is not imported: what `child show` lays out from a warm cache."""
    try:
        sig = signature(path.lstat())
    except OSError:
        return None
    entry = FileCache(folder, cache_path(folder, cache_dir), today).get(path.name, sig)
    return entry.facts("Child") if entry is not None else None


def cached_record_facts(folder: DataFolder, path: Path, kind: str,
                        cache: FileCache | None) -> tuple[Any, list[Problem]] | None:
    """One of the folder's own files (an activity: `kind`, a root of core.recordfacts.SCHEMA)
    as plain facts and its problems from `cache`, if it holds the file as it is now (as
    cached_model takes it); else None (the caller takes cached_model's)."""
    if cache is None:
        return None
    try:
        sig = signature(path.lstat())
    except OSError:
        return None
    entry = cache.get(_cache_key(folder, path), sig)
    facts = entry.facts(kind) if entry is not None else None
    return (facts, entry.problems) if entry is not None and facts is not None else None


def cached_model(folder: DataFolder, path: Path, model: type[M],
                 cache: FileCache | None) -> tuple[M | None, list[Problem]]:
    """One of the folder's own files (liushou.yaml, staff.yaml, a census, an activity)
    through a cache, keyed on its path in the folder (a county's staff.yaml is large too)."""
    if cache is None:
        return read_model(path, model, folder.rel(path))
    key = _cache_key(folder, path)
    try:
        sig = signature(path.lstat())
    except OSError:
        return read_model(path, model, folder.rel(path))
    entry = cache.get(key, sig)
    record = entry.record if entry is not None and entry.ok else None
    if entry is None or (entry.ok and not isinstance(record, model)):
        read_ns = now_ns()
        record, problems = read_model(path, model, folder.rel(path))
        entry = cache.put(key, sig, read_ns, record, problems)
    return record, entry.problems


_NAME_LINE = re.compile(rb"^name:[ \t]*(.*?)[ \t]*(?:#.*)?\r?$", re.MULTILINE)
# A value that begins with one of YAML's indicators is syntax (a list, a mapping, an anchor,
# a block...), not a name a user could have meant: `name: [` broken is not a child called "[".
_NOT_A_NAME_START = tuple("[]{},&*!|>%@`")


def recover_name(path: Path) -> str | None:
    """The child's name from the `name:` line of a file that does not load (broken YAML, an
    invalid record, even GBK), so that it can still be found by name; None if there is none.
    A line scan, not a parse: only broken files are read this way. A symbolic link is not
    followed: nothing of what it points at may reach a message."""
    try:
        raw = read_no_follow(path)
    except (OSError, SymlinkRefused):
        return None
    found = _NAME_LINE.search(raw)
    if found is None:
        return None
    for encoding in ("utf-8-sig", "gbk"):
        try:
            written = found.group(1).decode(encoding).strip()
        except UnicodeDecodeError:
            continue
        if written.startswith(_NOT_A_NAME_START):
            return None
        return written.strip("'\"").strip() or None
    return None


def read_child(folder: DataFolder, path: Path, today: date) -> Child:
    """One child's record as valid on `today`, or a LiushouError at the first problem in its
    file."""
    child, problems = read_model(path, models_lazy.child(), folder.rel(path), ValidationDay(today))
    if child is None:
        first = problems[0]
        raise LiushouError(first.message, first.path, first.line)
    return child


def read_records_file(path: Path) -> list[tuple[dict[str, Any], int | None]]:
    """The records in a YAML file given to `--from` (one mapping, a list, or
    `children: [...]`), each with the line it starts on, so that a problem can be named
    where the teacher wrote it."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LiushouError(t("unreadable", detail=reason(error)), str(path)) from None
    from liushou_cli.store.yamlio import ParseFailure, decode, line_of, parse_mapping

    text = decode(raw)
    if isinstance(text, ParseFailure):
        raise LiushouError(text.message, str(path), text.line)
    try:
        from ruamel.yaml import YAML

        data = YAML(typ="safe", pure=False).load(text)
    except Exception:
        failure = parse_mapping(text)
        line = failure.line if isinstance(failure, ParseFailure) else None
        message = failure.message if isinstance(failure, ParseFailure) else t("not_a_mapping")
        raise LiushouError(message, str(path), line) from None
    where: tuple[str, ...] = ()
    if isinstance(data, dict) and isinstance(data.get("children"), list):
        data, where = data["children"], ("children",)
    if isinstance(data, dict):
        return [(data, line_of(text, ()))]
    if not isinstance(data, list) or not all(isinstance(record, dict) for record in data):
        raise LiushouError(t("not_a_mapping"), str(path))
    return [(record, line_of(text, (*where, number))) for number, record in enumerate(data)]


def load_census(folder: DataFolder, term: str, cache: FileCache | None = None) -> CensusFile:
    """censuses/<term>.yaml, or an empty census if the term has none yet (through `cache`,
    the meta cache, if given: a county's census file lists every class)."""
    path = folder.census_path(term)
    if not present(path):
        return models_lazy.census_file()(term=term)
    census, problems = cached_model(folder, path, models_lazy.census_file(), cache)
    if census is None:
        first = problems[0]
        raise LiushouError(first.message, first.path, first.line)
    return census
