"""Reading a county's schools on every core: one school per worker at a time, so memory is
bounded by a school (the biggest one per core), never the county.

Each worker reads its school in itself (store.parallel.serial: a pool's worker may not start
one of its own, and the cores are already taken) and sends back the school's reduced figures
(reports.county_school.SchoolResult: counts, no records). Results come back in the order of
county.yaml. With one school, or one core, the schools are read here, one after the other,
and a big school's files are parsed on every core as a school's own report does.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence

from liushou_cli.core import platform
from liushou_cli.reports.county_school import SchoolJob, SchoolResult, kept_result, read_school
from liushou_cli.store.parallel import serial


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def read_schools(jobs: Sequence[SchoolJob], workers: int | None = None) -> Iterator[SchoolResult]:
    """Each school's result, in the order given. The schools the county's cache still holds
    are taken here first; only the others go to the workers."""
    kept = [kept_result(job)[1] for job in jobs]
    missing = [job for job, found in zip(jobs, kept, strict=True) if found is None]
    read = iter(_read_all(missing, workers))
    for found in kept:
        yield found if found is not None else next(read)


def _read_all(jobs: Sequence[SchoolJob], workers: int | None) -> Iterator[SchoolResult]:
    count = min(cores() if workers is None else workers, len(jobs))
    if count <= 1:
        for job in jobs:
            yield read_school(job)
        return
    context = multiprocessing.get_context("fork" if platform.current().fork else "spawn")
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited: workers stay quiet
    try:
        pool = context.Pool(count, initializer=_start)
    finally:
        signal.signal(signal.SIGINT, before)
    with pool:
        yield from pool.imap(read_school, jobs, chunksize=1)


def _start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    serial()
