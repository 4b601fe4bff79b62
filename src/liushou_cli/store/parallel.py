"""Parsing many child files on every core: the first report over a county's 20,000 files
(or one after an upgrade, or with --no-cache) is all YAML parsing, and a school computer has
two or more cores.

On Linux the worker processes are forked, so they share the parent's code, settings and
derivation without any set-up. Elsewhere (Windows has no fork; macOS forks unsafely) they are
spawned: a fresh Python that imports only what the job needs (the reader's module and the
derivation's, never the command line, typer or rich) and is handed the job once, pickled,
with the output language. Spawning costs a Python start-up and those imports in each worker,
so it is done only for more files (SPAWN_MIN).

Each worker parses a run of files, validates them, derives each child's value and writes the
record as the cache stores it (JSON), and sends back only those bytes and values (pickled by
multiprocessing between our own processes, never read from disk). The first report of a new
day is the same work without the parsing: a worker reads the record from the cache's record
store (or parses the file, if the record is lost) and derives the day's value. Nothing is
written by a worker. For a few files the caller parses in its own process instead.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from liushou_cli.core import models_lazy, workers
from liushou_cli.core.validators import ValidationDay
from liushou_cli.i18n import lang, set_lang
from liushou_cli.store.cache import EVERY_DAY, Days, RecordStore, days_of, now_ns, record_blob
from liushou_cli.store.layout import DataFolder, Signature

if TYPE_CHECKING:
    from liushou_cli.core.model import Child

# Below this many files to parse, starting workers costs more than it saves. At 204 files on
# two cores, workers took a --no-cache report from 0.38 s to 0.33 s (medians of 11).
PARALLEL_MIN = 150
# Spawned workers start a Python and import pydantic and the models first (about 0.4 s each,
# side by side), which pays only when there are this many files to parse (docs/performance.md).
SPAWN_MIN = 600
_CHUNK = 128
RECORD_WEIGHT = 4  # records taken from the store that cost what one file parsed does


class Parsed(NamedTuple):
    """One child file as a worker read it."""

    name: str
    read_ns: int
    ok: bool  # it gave a record
    blob: bytes | None  # the record as the cache's record store keeps it, if parsed anew
    problems: list[Any]
    derived: Any
    days: Days  # the days the reading holds on (a birth date against the day)


# A file to read: its name, signature, and where its record is in the store (None: parse it).
Wanted = tuple[str, Signature, "tuple[int, int] | None"]

# How a worker reads one child file on a day: store.read.read_model, handed in by the caller
# (this module sits below read.py, which calls it).
Reader = Callable[[Path, "type[Child]", str, ValidationDay], "tuple[Child | None, list[Any]]"]

Job = tuple[DataFolder, Any, bool, "RecordStore | None", date, Reader]

# What the workers do: set by the parent just before it forks them, or by each spawned
# worker's start from what it was handed.
_job: Job | None = None


# Set in a worker of a pool over many folders (a county's schools): it reads its folder in
# itself, since a pool's worker may not start a pool of its own and the cores are taken.
_serial = False


def serial() -> None:
    """Parse in this process from now on, however many files (see `_serial`)."""
    global _serial
    _serial = True


def workers_for_files(files: Sequence[Wanted]) -> int:
    """How many worker processes to read `files` with: a record taken from the store and
    derived costs about a quarter of a file parsed (0.37 ms against 1.5 ms a file at 20,000
    children), so it counts as a quarter: the morning 174 turned shares of a county were
    worked out again from their records, workers took 0.86 s where one process took 0.78."""
    parses = sum(1 for _, _, span in files if span is None)
    return workers_for(parses + (len(files) - parses) // RECORD_WEIGHT)


def workers_for(count: int) -> int:
    """How many worker processes to parse `count` files with; 0: parse in this process."""
    if _serial:
        return 0
    if count < (PARALLEL_MIN if workers.can_fork() else SPAWN_MIN):
        return 0
    cores = workers.cores()
    return cores if cores > 1 else 0


def parse_many(folder: DataFolder, files: Sequence[Wanted], derivation: Any, with_blob: bool,
               store: RecordStore | None, count: int, today: date,
               read: Reader) -> Iterator[Parsed]:
    """Each file read (by `read`, on `today`) and derived by `count` processes, yielded in
    the order given. Forked where this process may fork (core.workers.can_fork), else
    spawned; the job is set here too, so that what a worker that died left undone is
    parsed here."""
    global _job
    job: Job = (folder, derivation, with_blob, store, today, read)
    chunks = [files[at:at + _CHUNK] for at in range(0, len(files), _CHUNK)]
    _job = job
    try:
        if workers.can_fork():
            # core.model builds a model's validator on first use: build the child's here,
            # once, so that the forked workers share it instead of each building its own.
            models_lazy.child().model_rebuild()
            parsed = workers.in_order(_parse_chunk, chunks, count, fork=True)
        else:  # spawned: nothing is inherited, so each worker is handed the job
            parsed = workers.in_order(_parse_chunk, chunks, count, fork=False,
                                      initializer=_spawned_start, initargs=(job, lang()))
        for chunk in parsed:
            yield from chunk
    finally:
        _job = None


def _spawned_start(job: Job, language: str) -> None:
    global _job
    _job = job
    set_lang(language)


def _parse_chunk(files: Sequence[Wanted]) -> list[Parsed]:
    assert _job is not None
    folder, derivation, with_blob, store, today, read_model = _job
    gc.disable()  # parsing builds many objects and frees none
    child_model = models_lazy.child()
    found = []
    for name, sig, span in files:
        stored = store.read(name, sig, span) if store is not None and span is not None else None
        if isinstance(stored, child_model):  # its entry, and the days it holds on, stay as they are
            found.append(Parsed(name, 0, True, None, [],
                                derivation(stored, folder.children_dir / name), EVERY_DAY))
            continue
        path = folder.children_dir / name
        read_ns = now_ns()
        day = ValidationDay(today)
        child, problems = read_model(path, child_model, folder.rel(path), day)
        blob = record_blob(name, sig, child) if with_blob and child is not None else None
        derived = derivation(child, path) if child is not None else None
        found.append(Parsed(name, read_ns, child is not None, blob, problems, derived,
                            days_of(day)))
    return found
