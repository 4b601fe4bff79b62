"""Concurrent writers lose nothing; a writer killed at any moment leaves every file either
as it was or as intended (docs/reliability.md)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core.model import Child
from liushou_cli.core.validators import ValidationDay
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import load_dataset, read_child, read_model

from .conftest import run, run_at_once

ENTRIES_EACH = 200
TODAY = date(2022, 11, 20)  # the day the writers record on and the files are read on


def _writer(root: str, tag: str, count: int) -> None:
    from liushou_cli.lookup.finder import find_child
    from liushou_cli.ops.entries import add_entry

    folder = DataFolder(Path(root))
    for number in range(count):
        item = find_child(folder, "c0001", today=TODAY)
        add_entry(folder, item, {"type": "联系", "with": "父母", "date": date(2022, 11, 1),
                                 "by": ["T001"], "notes": f"{tag}-{number}"}, TODAY)


def test_two_writers_lose_nothing(school: Path) -> None:
    run_at_once(_writer, *((str(school), tag, ENTRIES_EACH) for tag in ("a", "b")))
    child = read_child(DataFolder(school), school / "children" / "c0001.yaml", TODAY)
    notes = sorted(entry.notes for entry in child.events if hasattr(entry, "notes"))
    expected = sorted(f"{tag}-{n}" for tag in ("a", "b") for n in range(ENTRIES_EACH))
    assert notes == expected


KILLED_WRITER = """
import sys
from datetime import date
from pathlib import Path
from liushou_cli.ops.entries import add_entry
from liushou_cli.lookup.finder import find_child
from liushou_cli.store.layout import DataFolder
folder = DataFolder(Path(sys.argv[1]))
print("ready", flush=True)
number = 0
while True:
    item = find_child(folder, "c0001", today=date(2022, 11, 20))
    add_entry(folder, item, {"type": "谈心", "date": date(2022, 11, 1), "by": ["T001"],
                             "topic": "x" * (number % 50 + 1)}, date(2022, 11, 20))
    number += 1
"""


def test_writer_killed_at_random_moments(school: Path) -> None:
    path = school / "children" / "c0001.yaml"
    rng = random.Random(20221120)
    script = school.parent / "writer.py"
    script.write_text(KILLED_WRITER, encoding="utf-8")
    for _trial in range(25):
        before = len(read_child(DataFolder(school), path, TODAY).events)
        writer = subprocess.Popen([sys.executable, str(script), str(school)],
                                  stdout=subprocess.PIPE)
        assert writer.stdout is not None and writer.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        child, problems = read_model(path, Child, "c0001.yaml", ValidationDay(TODAY))
        assert child is not None, problems  # never half-written
        assert len(child.events) >= before
        # Leftover temp files are ignored by readers and reported by check.
        data = load_dataset(DataFolder(school), today=TODAY)
        assert [item.child.id for item in data.children] == ["c0001"]
    # A killed write's temp file is in the top level, where every write makes its own.
    leftovers = list(school.glob(".*.tmp")) + list((school / "children").glob(".*.tmp"))
    result = run(school, "check")
    assert result.exit_code == 0
    assert result.output.count("上次写入中断留下的临时文件") == len(leftovers)


# Each file is slow to read, so that Ctrl-C lands while the workers still have most of the
# folder to parse; the first file a worker reads tells the test that they are at work. A
# module of its own, so that a spawned worker (Windows, or the test switch) imports it too.
_SLOW_READER = """\
import os, time
from liushou_cli.store import read
original = read.read_model
def slow(*args, **kwargs):
    started = os.environ["STARTED_MARKER"]
    if os.getpid() != int(os.environ["REPORT_PID"]) and not os.path.exists(started):
        open(started, "a").close()
    time.sleep(0.05)
    return original(*args, **kwargs)
"""

_SLOW_REPORT = """\
import os, signal, sys
# A shell that starts the tests in the background leaves Ctrl-C ignored in every child: a
# terminal's liushou has Python's own handler, so this one gets it too.
signal.signal(signal.SIGINT, signal.default_int_handler)
os.environ["REPORT_PID"] = str(os.getpid())
import slowread
from liushou_cli.store import parallel, read
read.read_model = slowread.slow
parallel.SPAWN_MIN = parallel.PARALLEL_MIN  # 300 files: workers, spawned or forked
sys.argv = ["liushou", *sys.argv[1:]]
from liushou_cli.__main__ import main
main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl-C to a process group: POSIX")
def test_ctrl_c_while_workers_parse(tmp_path: Path) -> None:
    # Ctrl-C reaches every process of the terminal's group: one line from liushou, status
    # 130, no traceback from any worker, no file touched.
    root = Path(__file__).resolve().parents[1]
    school = tmp_path / "county"
    subprocess.run([sys.executable, str(root / "tools" / "generate_school.py"), str(school),
                    "--children", "300", "--seed", "7"], check=True, capture_output=True)
    before = {path: path.read_bytes() for path in school.rglob("*.yaml")}
    started = tmp_path / "started"
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "slowread.py").write_text(_SLOW_READER, encoding="utf-8")
    env = {**os.environ, "LIUSHOU_CACHE_DIR": str(tmp_path / "cache"),
           "STARTED_MARKER": str(started),
           "PYTHONPATH": os.pathsep.join([str(modules), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_REPORT, "--data", str(school),
                             "report", "--as-of", "2022-11-20", "-f", "csv"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)
    # Wait for the workers' word, however slow the machine, instead of guessing a delay.
    deadline = time.monotonic() + 120
    while not started.exists():
        assert proc.poll() is None, "the report ended before its workers started"
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert err.decode().strip() == "已中断"  # and nothing else: no worker's traceback
    assert {path: path.read_bytes() for path in school.rglob("*.yaml")} == before
