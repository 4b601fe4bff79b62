"""Worker processes (core/workers.py): a worker that dies costs time, never the answer or a
hang; leaving early stops the workers at once; no fork while another thread runs.

Each pool runs in a child Python with a time limit, so that a regression shows as a failed
test, not as a suite that never ends."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from liushou_cli.core import platform, workers

WORK = '''\
import os, sys, time

def square(item):
    # The worker given item 3 dies the way the system kills a process that took too much
    # memory: no exception, no result.
    if item == 3 and os.getpid() != int(os.environ["POOL_PARENT"]):
        os._exit(9)
    return item * item

def slow(item):
    if item:
        time.sleep(120)
    return item
'''

RUN = '''\
import multiprocessing, os, sys
os.environ["POOL_PARENT"] = str(os.getpid())
from liushou_cli.core.workers import in_order
import work
fork = sys.argv[1] == "fork"
if sys.argv[2] == "dies":
    print(list(in_order(work.square, list(range(8)), 2, fork=fork)))
else:
    results = in_order(work.slow, [0, 1, 2, 3], 2, fork=fork)
    print(next(results))
    results.close()
    print(multiprocessing.active_children())
'''

METHODS = [pytest.param("fork", marks=pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="fork: Linux")), "spawn"]


def _run(tmp_path: Path, method: str, case: str) -> list[str]:
    (tmp_path / "work.py").write_text(WORK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path),
                                                        os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", RUN, method, case], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize("method", METHODS)
def test_a_worker_that_dies_leaves_its_work_to_this_process(tmp_path: Path, method: str) -> None:
    # multiprocessing.Pool waited for the dead worker's result for ever.
    assert _run(tmp_path, method, "dies") == [str([item * item for item in range(8)])]


@pytest.mark.parametrize("method", METHODS)
def test_leaving_early_stops_the_workers_at_once(tmp_path: Path, method: str) -> None:
    # The other items take two minutes each: the time limit fails the test if closing
    # waited for them.
    assert _run(tmp_path, method, "early") == ["0", "[]"]


def test_no_fork_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # A library's own threads (pyarrow's or duckdb's pools) may hold a lock at the moment of
    # the fork, which the child then keeps for ever: its workers are spawned instead.
    monkeypatch.setattr(platform, "CURRENT", platform.Platform(
        flock=True, fork=True, posix_modes=True, pread=True, ctime_changes=True, windows=False))
    before = workers.threads()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert workers.threads() == before + 1
        assert not workers.can_fork()
    finally:
        release.set()
        other.join()


def test_a_single_threaded_process_forks_where_fork_exists() -> None:
    # Asked in a fresh Python: this test process may hold threads of earlier tests.
    code = ("from liushou_cli.core import platform, workers; "
            "print(workers.threads(), workers.can_fork(), platform.current().fork)")
    answer = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60).stdout.split()
    assert answer[0] == "1"
    assert answer[1] == answer[2]
