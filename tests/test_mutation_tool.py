"""tools/mutation.py's score: a run that checked nothing must not pass as 100%."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "mutation.py"


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_tool", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_a_run_that_checked_nothing_scores_zero() -> None:
    # mutmut stopped before running any mutant (e.g. its test run failed): all "not checked".
    tool = load_tool()
    stopped = tool.ModuleScore("rules", Counter({"not checked": 392}),
                               equivalent=["a", "b", "c"])
    assert stopped.score == 0.0


def test_scores_count_caught_over_all_but_equivalent() -> None:
    tool = load_tool()
    result = tool.ModuleScore("rules", Counter({"killed": 389, "survived": 3}),
                              survivors=["x"], equivalent=["a", "b"])
    assert (result.caught, result.counted) == (389, 390)
    assert round(result.score, 2) == 99.74
    assert tool.ModuleScore("empty").score == 100.0  # nothing to mutate: nothing missed
    assert tool.ModuleScore("never run", ran=False).score == 0.0


def test_ids_stay_the_same_in_every_run_of_one_process(tmp_path: Path) -> None:
    # Without tools/mutmut_stable_ids.py, the second run in one process names this test
    # test_term[2022\\u79cb] instead of test_term[2022\u79cb]; mutmut then cannot find it.
    (tmp_path / "test_term.py").write_text(
        "import pytest\n\n@pytest.mark.parametrize('term', ['2022秋'], ids=['2022秋'])\n"
        "def test_term(term):\n    assert term\n", encoding="utf-8")
    script = (
        "import sys, pytest\n"
        "class Ids:\n"
        "    def pytest_collection_modifyitems(self, items):\n"
        "        print('ID', items[0].nodeid)\n"
        "for _ in range(3):\n"
        "    pytest.main(['-q', '--collect-only', '-p', 'no:cacheprovider',\n"
        "                 '-p', 'tools.mutmut_stable_ids', sys.argv[1]], plugins=[Ids()])\n")
    ran = subprocess.run([sys.executable, "-c", script, str(tmp_path / "test_term.py")],
                         cwd=TOOL.parents[1], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(TOOL.parents[1])})
    ids = [line for line in ran.stdout.splitlines() if line.startswith("ID ")]
    assert [line.rsplit("::", 1)[1] for line in ids] == ["test_term[2022\\u79cb]"] * 3


def test_survivors_runs_only_the_last_runs_survivors(tmp_path: Path) -> None:
    # After new tests, only the mutants that survived (less the equivalent ones) and those
    # with no verdict (code changed since) run again, each named, so that mutmut does not
    # keep its old verdict on them.
    tool = load_tool()
    meta = tmp_path / "mutants" / "src" / "liushou_cli" / "rules.py.meta"
    meta.parent.mkdir(parents=True)
    meta.write_text('{"exit_code_by_key": {"liushou_cli.duties.rules.x_f__mutmut_1": 1,'
                    ' "liushou_cli.duties.rules.x_f__mutmut_2": 0, "liushou_cli.duties.rules.x_f__mutmut_3": 0}}')
    ran: list[list[str]] = []
    tool.ROOT = tmp_path
    tool.core_modules = lambda: ["rules"]
    tool.status_names = lambda: {None: "not checked", 0: "survived", 1: "killed"}  # as mutmut's
    tool.equivalent_mutants = lambda: {"liushou_cli.duties.rules.x_f__mutmut_3"}
    tool.run_mutmut = lambda targets, max_children: ran.append(targets) or 0
    tool.main(["rules", "--survivors"])
    assert ran == [["liushou_cli.duties.rules.x_f__mutmut_2"]]


def test_a_listed_equivalent_that_a_test_catches_counts_as_caught_and_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A renumbered or newly killed mutant still listed in docs/testing.md must not be
    subtracted from the mutants as well as counted caught (scores above 100% did that)."""
    tool = load_tool()
    meta = tmp_path / "mutants" / "src" / "liushou_cli" / "duties" / "day.py.meta"
    meta.parent.mkdir(parents=True)
    meta.write_text(json.dumps({"exit_code_by_key": {
        "m__mutmut_1": 1, "m__mutmut_2": 1, "m__mutmut_3": 0, "m__mutmut_4": 0}}))
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "status_names", lambda: {1: "killed", 0: "survived", None: "not checked"})
    [result] = tool.scores(["duties.day"], {"m__mutmut_2", "m__mutmut_3"})
    assert (result.caught, result.equivalent, result.survivors, result.stale) == (
        2, ["m__mutmut_3"], ["m__mutmut_4"], ["m__mutmut_2"])
    assert round(result.score, 2) == 66.67  # 2 caught of the 3 that are not equivalent


def test_a_run_killed_by_a_signal_is_no_survivor_and_is_run_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # mutmut reports a test run that died of SIGSEGV (-11) as "segfault": the mutant was
    # never judged, so it neither counts against the module nor for it, and --survivors
    # runs it again (eight of store.atomic's "survivors" were such runs, each caught alone).
    tool = load_tool()
    meta = tmp_path / "mutants" / "src" / "liushou_cli" / "store" / "atomic.py.meta"
    meta.parent.mkdir(parents=True)
    meta.write_text(json.dumps({"exit_code_by_key": {
        "m__mutmut_1": 1, "m__mutmut_2": -11, "m__mutmut_3": 0}}))
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "status_names", lambda: {1: "killed", 0: "survived",
                                                       -11: "segfault", None: "not checked"})
    [result] = tool.scores(["store.atomic"], set())
    assert (result.caught, result.survivors, result.crashed) == (1, ["m__mutmut_3"],
                                                                 ["m__mutmut_2"])
    assert result.score == 50.0  # 1 caught of the 2 judged
    ran: list[list[str]] = []
    monkeypatch.setattr(tool, "core_modules", lambda: ["store.atomic"])
    monkeypatch.setattr(tool, "equivalent_mutants", lambda: set())
    monkeypatch.setattr(tool, "run_mutmut", lambda targets, max_children: ran.append(targets) or 0)
    tool.main(["store.atomic", "--survivors"])
    assert ran == [["m__mutmut_3", "m__mutmut_2"]]
