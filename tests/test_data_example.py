"""The committed example school: it passes `check`, every file round-trips byte for byte,
and the README's main command shows what a real school would see."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from liushou_cli.store.yamlio import dump_round_trip, load_round_trip

from .conftest import rows_of, run

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
FILES = [*sorted(EXAMPLE.glob("children/*.yaml")), *sorted(EXAMPLE.glob("censuses/*.yaml")),
         *sorted(EXAMPLE.glob("activities/*.yaml")), EXAMPLE / "staff.yaml",
         EXAMPLE / "liushou.yaml"]


def test_example_passes_check() -> None:
    result = run(EXAMPLE, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    assert report["warnings"] < 30  # a few incomplete cards, as in any school


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_round_trip_is_byte_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert dump_round_trip(load_round_trip(text), like=text) == text


def test_overdue_spread_is_plausible() -> None:
    result = run(EXAMPLE, "report", "--overdue", "--as-of", "2022-11-20", "-f", "json")
    rows = rows_of(result.stdout)
    children = {row["child_id"] for row in rows}
    active = rows_of(run(EXAMPLE, "child", "list", "-f", "json").stdout)
    by_teacher = Counter(row["responsible"] for row in rows)
    assert 0.1 < len(children) / len(active) < 0.6  # some behind, most not
    assert {row["duty"] for row in rows} >= {"talk-monthly", "parent-contact", "proxy-talk"}
    assert max(by_teacher.values()) > 3 * min(by_teacher.values())  # some diligent, some not
    table = run(EXAMPLE, "report", "--overdue", "--as-of", "2022-11-20").stdout
    overdue = sum(1 for row in rows if row["days_overdue"] > 0)
    assert f"逾期 {overdue} 项,涉及 {len(children)} 名学生" in table


def test_stats_close_to_the_seed() -> None:
    result = json.loads(run(EXAMPLE, "report", "--stats", "--term", "2022秋", "-f",
                            "json").stdout)
    school = {row["figure"]: row for row in result["school"]}
    assert result["enrolled"] == 557
    assert abs(school["left_behind"]["share"] - 38.3) < 1.0
    assert abs(school["both_away"]["share"] - 15.6) < 1.0
    assert abs(school["with_grandparents"]["share"] - 12.7) < 1.0
    assert abs(school["level:优"]["share"] - 3.0) < 1.0
    assert result["paragraph"].startswith("本学期（2022年秋），我校在校生557人，留守儿童")


def test_support_records_read_like_a_school() -> None:
    """Pairings with a change of proxy parent kept as history, plans with checks, a few
    individual plans, care, a term of activities; the reports see them."""
    pairings = rows_of(run(EXAMPLE, "assign", "list", "--history", "--role", "proxy",
                              "-f", "json").stdout)
    ended = [row for row in pairings if row["ended"]]
    assert len(pairings) >= 25 and 2 <= len(ended) <= 5
    assert all(row["end_reason"] for row in ended)
    plans = rows_of(run(EXAMPLE, "plan", "list", "--all", "-f", "json").stdout)
    active = rows_of(run(EXAMPLE, "child", "list", "-f", "json").stdout)
    assert 0.5 < len(plans) / len(active) < 0.95 and sum(row["checks"] for row in plans) > len(plans)
    cases = rows_of(run(EXAMPLE, "iep", "list", "--all", "-f", "json").stdout)
    assert {row["state"] for row in cases} == {"待制定方案", "执行中", "已结案"}
    kinds = Counter(row["kind"] for row in rows_of(run(EXAMPLE, "activity", "list", "-f",
                                                          "json").stdout))
    assert set(kinds) == {"家长会", "座谈会", "主题班会", "集体活动", "亲情视频"}
    rows = rows_of(run(EXAMPLE, "report", "--as-of", "2022-11-20", "-f", "json").stdout)
    duties = Counter(row["duty"] for row in rows)
    assert duties["plan-check"] >= 1 and duties["care-follow-up"] >= 1
    assert duties["talk-monthly"] > duties["plan-check"]  # the new duties do not swamp the rest
    caseload = rows_of(run(EXAMPLE, "report", "--caseload", "--as-of", "2022-11-20", "-f",
                              "json").stdout)
    assert sum(row["overdue"] for row in caseload) >= len(rows)  # a row may have two teachers
    incomplete = rows_of(run(EXAMPLE, "report", "--incomplete", "--as-of", "2022-11-20",
                                "-f", "json").stdout)
    children = {row["child_id"] for row in incomplete}
    assert 0.1 < len(children) / len(active) < 0.5
