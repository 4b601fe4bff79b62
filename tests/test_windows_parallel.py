"""Parallel reading without fork (docs/windows.md, docs/performance.md): spawned workers give
the same answers as forked ones and as reading in one process, in either language; they
import only what the job needs; and they are started only for enough files to pay."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from liushou_cli.core import platform, workers
from liushou_cli.store import parallel
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import load_dataset

from .conftest import CHILD_YAML, run, valid_id

COMMANDS = (
    ("report", "--as-of", "2022-11-20", "--due-within", "30", "-f", "json"),
    ("check",),
    ("--lang", "en", "check", "-f", "json"),
    ("--lang", "en", "report", "--as-of", "2022-11-20", "-f", "csv"),
    ("child", "list", "--status", "全部", "-f", "csv"),
)


@pytest.fixture
def county(school: Path) -> Path:
    """The school with 30 more children, one file broken and one with a bad value (whose
    message must come out in the language asked for, from whichever process read it)."""
    children = school / "children"
    for number in range(2, 32):
        text = CHILD_YAML.format(id_number=valid_id(f"43052420110315{number:02d}1"))
        children.joinpath(f"c{number:04d}.yaml").write_text(
            text.replace("c0001", f"c{number:04d}").replace("2022070101", f"20220701{number:02d}")
            .replace("张小明", f"张小{number}"), encoding="utf-8")
    children.joinpath("c0098.yaml").write_text("id: c0098\nname: [broken\n", encoding="utf-8")
    children.joinpath("c0099.yaml").write_text(
        CHILD_YAML.format(id_number=valid_id("43052420110315991")).replace("c0001", "c0099")
        .replace("gender: 男", "gender: M")
        .replace("2022070101", "2022070199"), encoding="utf-8")
    return school


def _outputs(root: Path) -> list[tuple[int, str, str]]:
    found = []
    for args in COMMANDS:
        result = run(root, "--no-cache", *args)
        found.append((result.exit_code, result.stdout, result.stderr))
    return found


def _always_parallel(monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    monkeypatch.setattr(platform, "CURRENT", replace(platform.current(), fork=fork))
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    monkeypatch.setattr(parallel, "SPAWN_MIN", 1)
    monkeypatch.setattr(workers, "cores", lambda: 2)


def test_spawned_workers_give_the_same_answers(county: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    here = _outputs(county)
    assert "Gender: “M”" in here[2][1] and "张小31" in here[0][1]  # the en check and the rows
    started: list[tuple[int, bool]] = []
    real = workers.in_order

    def counting(work: Any, items: Any, count: int, **options: Any) -> Any:
        started.append((count, options["fork"]))
        return real(work, items, count, **options)

    monkeypatch.setattr(workers, "in_order", counting)
    _always_parallel(monkeypatch, fork=False)
    assert _outputs(county) == here
    assert started and set(started) == {(2, False)}  # the answers came from spawned workers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_forked_and_spawned_workers_agree(county: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _always_parallel(monkeypatch, fork=True)
    forked = _outputs(county)
    _always_parallel(monkeypatch, fork=False)
    assert _outputs(county) == forked


PROBE = '''\
import os
import sys

HEAVY = ("typer", "click", "rich", "ruamel", "openpyxl", "pypinyin", "liushou_cli.cli",
         "liushou_cli.render", "liushou_cli.ops", "liushou_cli.views", "liushou_cli.reports")


class Probe:
    """A derivation that answers which process made it and what that process imported."""

    key = "probe:1"

    def __call__(self, child, path):
        return os.getpid(), sorted({name for name in sys.modules if name.startswith(HEAVY)})
'''


# Under mutation testing every mutated module imports mutmut's own switch, and with it click:
# a spawned worker then imports what this test forbids, whatever our code does.
@pytest.mark.skipif("MUTANT_UNDER_TEST" in os.environ, reason="mutmut's switch imports click")
def test_spawned_workers_import_only_what_the_job_needs(county: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # The parent (this test) has typer, rich and every layer loaded; a spawned worker starts
    # a fresh Python that imports the reader's module and the derivation's, nothing more.
    import os

    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "liushou_probe.py").write_text(PROBE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "modules"))
    from liushou_probe import Probe  # type: ignore[import-not-found]

    _always_parallel(monkeypatch, fork=False)
    data = load_dataset(DataFolder(county), derive=lambda config, staff: Probe(),
                        today=date(2022, 11, 20))
    answers = [item.derived for item in data.children]
    assert len(answers) == 31
    assert {pid for pid, _ in answers}.isdisjoint({os.getpid()})  # all read by workers
    assert {tuple(loaded) for _, loaded in answers} == {()}


@pytest.mark.parametrize(("fork", "threads", "count", "expected"), [
    (True, 1, parallel.PARALLEL_MIN - 1, 0),
    (True, 1, parallel.PARALLEL_MIN, 2),
    (False, 1, parallel.PARALLEL_MIN, 0),  # spawning costs more: not yet
    (False, 1, parallel.SPAWN_MIN - 1, 0),
    (False, 1, parallel.SPAWN_MIN, 2),
    # Another thread running (a library's pool): no fork, so the spawning threshold.
    (True, 2, parallel.PARALLEL_MIN, 0),
    (True, 2, parallel.SPAWN_MIN, 2),
])
def test_workers_are_started_only_for_enough_files(fork: bool, threads: int, count: int,
                                                   expected: int,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform, "CURRENT", replace(platform.current(), fork=fork))
    monkeypatch.setattr(workers, "threads", lambda: threads)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    assert parallel.workers_for(count) == expected


def test_one_core_parses_in_its_own_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "cores", lambda: 1)
    assert parallel.workers_for(parallel.SPAWN_MIN * 10) == 0


def test_the_check_json_names_the_bad_value_in_english(county: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # The language reaches a spawned worker (nothing is inherited there).
    _always_parallel(monkeypatch, fork=False)
    found = json.loads(run(county, "--no-cache", "--lang", "en", "check", "-f", "json").stdout)
    messages = [p["message"] for p in found["problems"] if p["path"] == "children/c0099.yaml"]
    assert messages == ["Gender: “M” is not one of: 男 (male), 女 (female)"]


def test_a_record_from_the_store_counts_as_a_quarter_of_a_file_to_parse(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Workers pay only for enough work: a file to parse counts one, a record the store holds
    # (the morning some of a county's shares turned) a quarter.
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    sig = (1, 2, 3, 4)

    def files(parses: int, records: int) -> list[parallel.Wanted]:
        return ([(f"p{at}", sig, None) for at in range(parses)]
                + [(f"r{at}", sig, (at, 1)) for at in range(records)])

    least = parallel.PARALLEL_MIN
    assert parallel.workers_for_files(files(least, 0)) == 2
    assert parallel.workers_for_files(files(least - 1, 0)) == 0
    assert parallel.workers_for_files(files(0, least * 4)) == 2
    assert parallel.workers_for_files(files(0, least * 4 - 1)) == 0
    assert parallel.workers_for_files(files(least - 1, 4)) == 2
    assert parallel.workers_for_files(files(least - 1, 3)) == 0
