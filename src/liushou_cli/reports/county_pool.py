"""Reading a county's schools on every core: one school per worker at a time, so memory is
bounded by a school (the biggest one per core), never the county.

Each worker reads its school in itself (store.parallel.serial: a pool's worker may not start
one of its own, and the cores are already taken) and sends back the school's reduced figures
(reports.county_school.SchoolResult: counts, no records). Results come back in the order of
county.yaml. With one school, or one core, the schools are read here, one after the other,
and a big school's files are parsed on every core as a school's own report does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from liushou_cli.core.progress import SILENT, Progress
from liushou_cli.core.text import Message
from liushou_cli.core.workers import can_fork, cores, in_order
from liushou_cli.reports.county_school import SchoolJob, SchoolResult, kept_result, read_school
from liushou_cli.store.parallel import serial


def read_schools(jobs: Sequence[SchoolJob], workers: int | None = None,
                 progress: Progress = SILENT) -> Iterator[SchoolResult]:
    """Each school's result, in the order given. The schools the county's cache still holds
    are taken here first; only the others go to the workers, and `progress` counts them as
    they come back."""
    kept = [kept_result(job)[1] for job in jobs]
    missing = [job for job, found in zip(jobs, kept, strict=True) if found is None]
    read = iter(_read_all(missing, workers))
    progress.stage(Message("progress_schools"), len(missing))
    for found in kept:
        if found is None:
            found = next(read)
            progress.step()
        yield found
    progress.done()


def _read_all(jobs: Sequence[SchoolJob], workers: int | None) -> Iterator[SchoolResult]:
    count = min(cores() if workers is None else workers, len(jobs))
    if count <= 1:
        for job in jobs:
            yield read_school(job)
        return
    yield from in_order(read_school, jobs, count, fork=can_fork(), initializer=serial)
