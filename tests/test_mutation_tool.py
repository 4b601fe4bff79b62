"""tools/mutation.py's score: a run that checked nothing must not pass as 100%."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

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
