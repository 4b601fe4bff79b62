"""Loading the data folder for reading: every file parsed fast, validated, problems collected.

Nothing here writes. A broken file becomes a Problem with its path and line, and every other
file is still loaded, so one bad card never hides the rest of the school.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from liushou_cli.errors import LiushouError, Problem
from liushou_cli.i18n import lang, t
from liushou_cli.messages import clean_loc, describe
from liushou_cli.model import CensusFile, Child, SchoolConfig, Staff, StaffFile
from liushou_cli.store.cache import Entry, FileCache, cache_path, now_ns, signature
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.yamlio import ParseFailure, decode, line_of, parse_mapping

M = TypeVar("M", bound=BaseModel)


@dataclass
class LoadedChild:
    """A valid child record and the file it came from (and its cache entry, if cached)."""

    path: Path
    child: Child
    cached: Entry | None = None


@dataclass
class Dataset:
    """Everything in a data folder that loaded, and every problem met on the way."""

    folder: DataFolder
    config: SchoolConfig | None
    staff: list[Staff]
    children: list[LoadedChild]
    problems: list[Problem] = field(default_factory=list)
    unreadable_children: list[Path] = field(default_factory=list)

    def staff_by_id(self) -> dict[str, Staff]:
        return {member.id: member for member in self.staff}


def read_model(path: Path, model: type[M], shown_as: str) -> tuple[M | None, list[Problem]]:
    """One file as a model, or the problems that stop it being one (never an exception)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(shown_as, None, "error", "missing", t("file_missing"))]
    except OSError as error:
        return None, [Problem(shown_as, None, "error", "unreadable",
                              t("unreadable", detail=error.strerror or str(error)))]
    return model_from_bytes(raw, model, shown_as)


def model_from_bytes(raw: bytes, model: type[M], shown_as: str) -> tuple[M | None, list[Problem]]:
    text = decode(raw)
    if isinstance(text, ParseFailure):
        return None, [_failure(shown_as, text)]
    return model_from_text(text, model, shown_as)


def model_from_text(text: str, model: type[M], shown_as: str) -> tuple[M | None, list[Problem]]:
    data = parse_mapping(text)
    if isinstance(data, ParseFailure):
        return None, [_failure(shown_as, data)]
    return validate_mapping(data, text, model, shown_as)


def validate_mapping(data: dict[str, Any], text: str, model: type[M],
                     shown_as: str) -> tuple[M | None, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, [
            Problem(shown_as, line_of(text, clean_loc(tuple(detail["loc"]))), "error", "schema",
                    describe(detail))
            for detail in error.errors()
        ]
    except RecursionError:
        return None, [Problem(shown_as, None, "error", "too_deep", t("yaml_too_deep"))]


def _failure(shown_as: str, failure: ParseFailure) -> Problem:
    return Problem(shown_as, failure.line, "error", failure.code, failure.message)


def load_config(folder: DataFolder) -> SchoolConfig:
    """The school's configuration, or a LiushouError naming the first problem in it."""
    config, problems = read_model(folder.config_path, SchoolConfig, folder.rel(folder.config_path))
    if config is None:
        first = problems[0]
        raise LiushouError(first.message, first.path, first.line)
    return config


def load_staff(folder: DataFolder) -> tuple[list[Staff], list[Problem]]:
    if not folder.staff_path.exists():
        return [], []
    staff_file, problems = read_model(folder.staff_path, StaffFile, folder.rel(folder.staff_path))
    return (staff_file.staff if staff_file else []), problems


def staff_or_fail(folder: DataFolder, use_cache: bool = False) -> list[Staff]:
    """The staff list, or a LiushouError at the first problem in staff.yaml: a command that
    needs to know the teachers must not guess when their file is broken.

    With `use_cache`, a staff.yaml unchanged since the last run is taken from the small
    cache of the folder's own files, so recording an entry costs the same however many
    teachers a county's folder lists.
    """
    if use_cache and folder.staff_path.exists():
        cache = meta_cache(folder)
        staff_file, problems = _cached_model(folder, folder.staff_path, StaffFile, cache)
        cache.save()
        staff = staff_file.staff if staff_file is not None else []
    else:
        staff, problems = load_staff(folder)
    if problems:
        first = problems[0]
        raise LiushouError(first.message, first.path, first.line)
    return staff


def meta_cache(folder: DataFolder) -> FileCache:
    """The cache of liushou.yaml and staff.yaml, kept apart from the children's (small and
    quick to load for commands that touch one child)."""
    return FileCache(folder, cache_path(folder).with_suffix(".meta.pickle"))


def load_dataset(folder: DataFolder, cache: FileCache | None = None) -> Dataset:
    """Every record in the folder, loaded fast, with the problems of the ones that failed.

    With a cache, a file whose signature is unchanged is taken from it instead of parsed.
    """
    meta = meta_cache(folder) if cache is not None else None
    config, config_problems = _cached_model(folder, folder.config_path, SchoolConfig, meta)
    problems = list(config_problems)  # a fresh list: the cached one must not grow
    staff_file, staff_problems = (_cached_model(folder, folder.staff_path, StaffFile, meta)
                                  if folder.staff_path.exists() else (None, []))
    if meta is not None:
        meta.save()
    staff = staff_file.staff if staff_file is not None else []
    problems.extend(staff_problems)
    children: list[LoadedChild] = []
    unreadable: list[Path] = []
    names: set[str] = set()
    # Loading creates many objects and frees none; the cyclic collector only slows it down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for path in folder.child_files():
            child, child_problems, entry = _child(folder, path, cache)
            names.add(path.name)
            if child is None:
                unreadable.append(path)
            else:
                children.append(LoadedChild(path, child, entry))
            problems.extend(child_problems)
    finally:
        gc.freeze()  # the records live until the command ends: keep the collector off them
        if collecting:
            gc.enable()
    if cache is not None:
        cache.forget_missing(names)
    return Dataset(folder, config, staff, children, problems, unreadable)


_CONFIG_KEY = "../liushou.yaml"
_STAFF_KEY = "../staff.yaml"


def _cached_model(folder: DataFolder, path: Path, model: type[M],
                  cache: FileCache | None) -> tuple[M | None, list[Problem]]:
    """liushou.yaml or staff.yaml, through the cache (a county's staff.yaml is large too)."""
    if cache is None:
        return read_model(path, model, folder.rel(path))
    key = _CONFIG_KEY if path == folder.config_path else _STAFF_KEY
    try:
        sig = signature(path.stat())
    except OSError:
        return read_model(path, model, folder.rel(path))
    entry = cache.get(key, sig, lang())
    if entry is None:
        read_ns = now_ns()
        record, problems = read_model(path, model, folder.rel(path))
        entry = cache.put(key, sig, read_ns, record, problems, lang())
    return entry.record, entry.problems


def _child(folder: DataFolder, path: Path,
           cache: FileCache | None) -> tuple[Child | None, list[Problem], Entry | None]:
    if cache is None:
        return (*read_model(path, Child, folder.rel(path)), None)
    try:
        sig = signature(path.stat())
    except OSError:
        return (*read_model(path, Child, folder.rel(path)), None)
    entry = cache.get(path.name, sig, lang())
    if entry is None:
        read_ns = now_ns()
        child, problems = read_model(path, Child, folder.rel(path))
        entry = cache.put(path.name, sig, read_ns, child, problems, lang())
    return entry.record, entry.problems, entry


def read_child(folder: DataFolder, path: Path) -> Child:
    """One child's record, or a LiushouError at the first problem in its file."""
    child, problems = read_model(path, Child, folder.rel(path))
    if child is None:
        first = problems[0]
        raise LiushouError(first.message, first.path, first.line)
    return child


def read_records_file(path: Path) -> list[dict[str, Any]]:
    """The records in a YAML file given to `--from`: one mapping, a list, or `children: [...]`."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LiushouError(t("unreadable", detail=error.strerror or str(error)), str(path)) from None
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
    if isinstance(data, dict) and isinstance(data.get("children"), list):
        data = data["children"]
    records = data if isinstance(data, list) else [data]
    if not all(isinstance(record, dict) for record in records):
        raise LiushouError(t("not_a_mapping"), str(path))
    return records


def load_census(folder: DataFolder, term: str) -> CensusFile:
    """censuses/<term>.yaml, or an empty census if the term has none yet."""
    path = folder.census_path(term)
    if not path.exists():
        return CensusFile(term=term)
    census, problems = read_model(path, CensusFile, folder.rel(path))
    if census is None:
        first = problems[0]
        raise LiushouError(first.message, first.path, first.line)
    return census
