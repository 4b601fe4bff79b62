"""Work shared out among worker processes: how many, whether they may be forked, and their
results in order without ever waiting for a worker that died.

multiprocessing.Pool loses the task of a worker that dies (killed by the system when memory
runs out, or crashed) and waits for its result for ever: a report that never ends. The
standard library's process pool notices the death (BrokenProcessPool); `in_order` then does
what was not finished in this process, so the command still answers, only slower.

A child forked while another thread of the parent holds a lock inherits the lock held for
ever, or crashes: a library that keeps threads of its own (pyarrow's and duckdb's pools, once
imported) makes forking unsafe. `can_fork` is true only where fork exists and this process
has a single thread; otherwise the caller spawns its workers or does the work itself.

Standard library only, and nothing of ours but core.platform: every layer may use it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from liushou_cli.core import platform

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on (the affinity mask where there is one: a container
    or `taskset` may give fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def threads() -> int:
    """The threads of this process, a library's own native threads included (Linux lists
    them under /proc; elsewhere only Python's threads are known)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def can_fork() -> bool:
    """Whether worker processes may be forked now: fork exists here (core.platform) and no
    other thread runs in this process."""
    return platform.current().fork and threads() == 1


def in_order(work: Callable[[T], R], items: Sequence[T], workers: int, *, fork: bool,
             initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
             meanwhile: Callable[[], None] | None = None) -> Iterator[R]:
    """`work` of each item, in the order given, by `workers` forked (or spawned) processes;
    `meanwhile` is done here once they have started.

    If a worker dies, the items whose results have not come back are done here, in this
    process, by `work` itself (it must not need what only `initializer` sets up in a worker).
    Ctrl-C and any other way of leaving early stop the workers at once. The workers ignore
    Ctrl-C from their start (then `initializer(*initargs)` runs in each): only this process
    answers it."""
    # Imported here: a warm report shares nothing out and does not load them (50 ms).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork" if fork else "spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start,
                               initargs=(initializer, initargs))
    done = 0
    finished = False
    try:
        with ctrl_c_ignored():
            results = pool.map(work, items)  # submits every item: the workers start here
        if meanwhile is not None:
            meanwhile()
        try:
            for result in results:
                yield result
                done += 1
        except BrokenProcessPool:
            pass
        finished = True
    finally:
        if not finished:
            for process in list(pool._processes.values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
    for item in items[done:]:
        yield work(item)


def _worker_start(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent says "interrupted"
    # and stops the workers; a worker must not print a traceback of its own.
    import signal  # here and below: a warm command starts no worker

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


@contextlib.contextmanager
def ctrl_c_ignored() -> Iterator[None]:
    """Ctrl-C ignored while the block runs (workers starting; a sync putting the folder
    back): pressed then, it is lost rather than leaving the work half-done."""
    # Only the main thread may set a signal's handler; a pool started elsewhere (a test's
    # thread) relies on its workers' initializer alone.
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    import signal

    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)
