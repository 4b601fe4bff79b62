"""Activity files: activities/<date>-<kind>.yaml, one per parent meeting, forum, class meeting,
collective activity or family video-call session. Read like every other file: each problem
collected, never an exception; a new file is created once and never renamed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from liushou_cli.core import models_lazy
from liushou_cli.core.errors import Problem
from liushou_cli.core.text import Message
from liushou_cli.store.cache import FileCache
from liushou_cli.store.cachecodec import register
from liushou_cli.store.layout import ACTIVITIES_DIR, DataFolder, yaml_stats
from liushou_cli.store.read import (
    cached_facts,
    cached_model,
    cached_record_facts,
    kept_value,
    side_cache,
)

if TYPE_CHECKING:
    from liushou_cli.core.model import Activity

# ASCII file names that sort by date and say what the file is.
KIND_SLUGS = {"家长会": "parent-meeting", "座谈会": "forum", "主题班会": "class-meeting",
              "集体活动": "collective", "亲情视频": "video-call"}


@dataclass
class LoadedActivity:
    path: Path
    activity: Activity


def load_activities(folder: DataFolder, cache_dir: Path | None = None, *,
                    as_facts: bool = False) -> tuple[list[LoadedActivity], list[Problem]]:
    """Every activity that loads, by date, and the problems of those that do not; through
    the activities' cache in `cache_dir` if given (a county's thousand files parse in over a
    second). `as_facts`: an activity the cache holds is its record as plain facts
    (core.recordfacts), for a command that only reads it (`child show`'s timeline)."""
    cache = activities_cache(folder, cache_dir) if cache_dir is not None else None
    found: list[LoadedActivity] = []
    problems: list[Problem] = []
    for path in folder.activity_files():
        kept = cached_record_facts(folder, path, "Activity", cache) if as_facts else None
        activity, errors = (kept if kept is not None
                            else cached_model(folder, path, models_lazy.activity(), cache))
        if activity is not None:
            found.append(LoadedActivity(path, activity))
        problems += errors
    found.sort(key=lambda item: (item.activity.date, item.path.name))
    if cache is not None:
        cache.save()
    return found, problems


def files_left_out(folder: DataFolder, loaded: Sequence[LoadedActivity],
                   problems: Sequence[Problem]) -> list[str]:
    """The activity files (as the folder names them) that gave no activity: those
    `load_activities` found problems in, but the ones that loaded all the same (a warning)."""
    taken = {folder.rel(each.path) for each in loaded}
    return sorted({problem.path for problem in problems} - taken)


@register
class ActivityFacts(NamedTuple):
    """What the duties need of an activity file, kept in the cache as plain values (building
    a thousand records on every report cost 0.2 s), and what a report's count of open merge
    conflicts needs: the file's name and whether its `conflicts:` list is open (reading a
    county's thousand files again for it cost 15 ms a report)."""

    kind: str
    date: date
    classes: tuple[str, ...]
    children: tuple[str, ...]
    file: str
    conflicted: bool

    def to_cache(self) -> list[Any]:
        """The facts as the cache keeps them: plain values, read back in one step (a county's
        thousand activities, each a tagged date and two tagged tuples, took 6 ms more)."""
        return [self.kind, self.date.isoformat(), list(self.classes), list(self.children),
                self.file, self.conflicted]

    @classmethod
    def from_cache(cls, kind: Any, day: Any, classes: Any, children: Any, file: Any,
                   conflicted: Any) -> ActivityFacts:
        """The facts from what `to_cache` kept; a TypeError or ValueError when it is not
        what `to_cache` makes (the codec makes it Undecodable). The classes and children are
        only ever looked up by name (a county's 45,000 would each be checked for nothing):
        one that is not a text matches no class and no child."""
        if not (type(kind) is str and type(file) is str and type(conflicted) is bool
                and type(classes) is list and type(children) is list):
            raise TypeError("not an activity's facts")
        return cls(kind, date.fromisoformat(day), tuple(classes), tuple(children), file,
                   conflicted)


_FACTS = "facts"


def activity_facts(folder: DataFolder, cache: FileCache | None = None) -> list[ActivityFacts]:
    """The facts of every activity that loads (problems are for `check` to report)."""
    return read_activity_facts(folder, cache)[0]


def read_activity_facts(folder: DataFolder, cache: FileCache | None = None,
                        ) -> tuple[list[ActivityFacts], list[Problem]]:
    """The facts of every activity that loads, and the first error of each file that gives
    none: the files a report that counts activities leaves out and must say so
    (render.output.unreadable_files). A broken file's problems are kept in its cache entry:
    a warm report reads them from there, the file not parsed again."""
    found = []
    left_out: list[Problem] = []
    keys = set()
    directory = folder.activities_dir
    for name, stat in yaml_stats(directory):
        key = f"{ACTIVITIES_DIR}/{name}"
        keys.add(key)
        # An unchanged file's facts without a path made for it (a county's thousand files).
        kept = kept_value(cache, key, stat, _FACTS) if cache is not None else None
        facts, problems = (kept if kept is not None
                           else cached_facts(folder, directory / name, models_lazy.activity, cache,
                                             _FACTS, partial(_facts_of, name), stat))
        if facts is not None:
            found.append(facts)
        else:
            left_out.append(_first_error(key, problems))
    if cache is not None:
        cache.forget_missing(keys)
        cache.save()
    return found, left_out


def _first_error(key: str, problems: list[Problem]) -> Problem:
    """What stops the file `key` giving an activity: its first error (a file without a record
    always has one; were it ever without, the file is still named)."""
    return next((problem for problem in problems if problem.severity == "error"),
                Problem(key, None, "error", "unreadable", Message.of("unreadable", detail="")))


def _facts_of(name: str, activity: Activity) -> ActivityFacts:
    return ActivityFacts(activity.kind, activity.date, tuple(activity.classes),
                         tuple(activity.children), name, bool(activity.conflicts))


@register
class ActivityRefs(NamedTuple):
    """Whom an activity file names, for check: the children who took part, those whose
    guardians came, its recorders. Kept in the cache as plain values, so that a check of
    an unchanged folder builds no activity's record (nor imports pydantic to build one)."""

    children: tuple[str, ...]
    guardians: tuple[str, ...]
    by: tuple[str, ...]

    def to_cache(self) -> list[Any]:
        return [list(self.children), list(self.guardians), list(self.by)]

    @classmethod
    def from_cache(cls, children: Any, guardians: Any, by: Any) -> ActivityRefs:
        """The refs from what `to_cache` kept; a TypeError when it is not that (the codec
        makes it Undecodable)."""
        lists = (children, guardians, by)
        if not all(type(one) is list and all(type(item) is str for item in one)
                   for one in lists):
            raise TypeError("not an activity's refs")
        return cls(tuple(children), tuple(guardians), tuple(by))


_REFS = "refs"


def activity_refs(folder: DataFolder, cache_dir: Path | None = None,
                  ) -> tuple[list[tuple[Path, ActivityRefs]], list[Problem]]:
    """Whom each activity file that loads names, with its path, and every problem of every
    file (as load_activities gives them), through the activities' cache in `cache_dir`."""
    cache = activities_cache(folder, cache_dir) if cache_dir is not None else None
    found: list[tuple[Path, ActivityRefs]] = []
    problems: list[Problem] = []
    for path in folder.activity_files():
        refs, errors = cached_facts(folder, path, models_lazy.activity, cache, _REFS, _refs_of)
        if refs is not None:
            found.append((path, refs))
        problems += errors
    if cache is not None:
        cache.save()
    return found, problems


def _refs_of(activity: Activity) -> ActivityRefs:
    return ActivityRefs(tuple(activity.children), tuple(activity.guardians),
                        tuple(activity.by))


def activities_cache(folder: DataFolder, cache_dir: Path) -> FileCache:
    """The cache of the activity files (a county's folder holds about a thousand), in the
    cache folder `cache_dir`."""
    return side_cache(folder, cache_dir, "activities")


def create_activity(folder: DataFolder, data: dict[str, Any], suffix: str = "") -> Path:
    """Write a new activity file, named by its date and kind, and `suffix` (in a shared
    folder, so that two laptops recording the same kind of activity on one day make two
    files, not one that the merge would take for the same activity)."""
    # Only to write: a report reading the activities' facts does not load the writer.
    from liushou_cli.store.edit import create_numbered

    stem = f"{data['date'].isoformat()}-{KIND_SLUGS.get(data['kind'], 'activity')}"
    if suffix:
        stem = f"{stem}-{suffix}"
    return create_numbered(folder, folder.activities_dir, stem, data, models_lazy.activity())
