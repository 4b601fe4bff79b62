"""Shares are rounded half up (四舍五入) to one decimal on the exact fraction, as the docs say:
never Python's round() (half to even) and never on a float."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liushou_cli.reports.stats import percent

from .conftest import run


@pytest.mark.parametrize(("count", "base", "share"), [
    (1, 16, 6.3),        # 6.25: round() gives 6.2
    (1, 80, 1.3),        # 1.25: round() gives 1.2
    (1, 400, 0.3),       # 0.25: round() gives 0.2
    (3, 2000, 0.2),      # 0.15: the float 100*3/2000 is 0.1499..., round() gives 0.1
    (1, 8, 12.5),        # 12.5 needs no rounding at one decimal
    (12499, 200000, 6.2),  # 6.2495: just under the half, down
    (12501, 200000, 6.3),  # 6.2505: just over the half, up
    (1, 3, 33.3),
    (2, 3, 66.7),
    (0, 7, 0.0),
    (7, 7, 100.0),
])
def test_half_up_on_the_exact_fraction(count: int, base: int, share: float) -> None:
    assert percent(count, base) == share


def test_one_in_sixteen_through_the_report(school: Path) -> None:
    # One left-behind child in a class of 16 enrolled students: 6.25% is said 6.3%.
    (school / "censuses").mkdir()
    (school / "censuses" / "2022秋.yaml").write_text(
        "term: 2022秋\nclasses:\n  七(1)班:\n    enrolled: 16\n", encoding="utf-8")
    result = run(school, "report", "--stats", "--term", "2022秋", "--as-of", "2022-09-20",
                 "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    shares = {row["figure"]: row["share"] for row in data["school"]}
    assert shares["left_behind"] == 6.3
    assert "留守儿童1人，占在校生的6.3%" in data["paragraph"]
    table = run(school, "report", "--stats", "--term", "2022秋", "--as-of", "2022-09-20")
    assert "6.3%" in table.stdout and "6.2%" not in table.stdout
