"""The committed example school: it passes `check`, every file round-trips byte for byte,
and the README's main command shows what a real school would see."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.store.yamlio import dump_round_trip, load_round_trip

from .conftest import rows_of, run

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
# Its records run to 2022-12-19: it is checked on the last day of its autumn term.
TERM_END = date(2023, 1, 13)
FILES = [*sorted(EXAMPLE.glob("children/*.yaml")), *sorted(EXAMPLE.glob("censuses/*.yaml")),
         *sorted(EXAMPLE.glob("activities/*.yaml")), EXAMPLE / "staff.yaml",
         EXAMPLE / "liushou.yaml"]


def test_example_passes_check() -> None:
    result = run(EXAMPLE, "check", "--format", "json", today=TERM_END)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    # Nine incomplete cards (三知 gaps), as in any school; and a warning that the folder is
    # readable by everyone when the checkout is (git keeps no folder modes: it is the umask's).
    codes = Counter(problem["code"] for problem in report["problems"])
    open_folder = codes.pop("world_readable", 0)
    assert codes == {"sanzhi": 9} and open_folder in (0, 1)
    assert report["warnings"] == 9 + open_folder


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
    assert (len(rows), len(children), len(active)) == (108, 83, 213)  # some behind, most not
    assert {row["duty"] for row in rows} == {"talk-monthly", "parent-contact", "proxy-talk",
                                             "plan-check", "care-follow-up", "iep-review",
                                             "census"}
    # Some teachers diligent (one item), some not (25): 17 teachers owe something.
    assert by_teacher == {"T006": 6, "T007": 6, "T008": 2, "T009": 2, "T010": 14, "T011": 9,
                          "T012": 1, "T013": 2, "T014": 25, "T015": 10, "T016": 1, "T017": 20,
                          "T019": 1, "T020": 3, "T022": 2, "T023": 2, "T033": 2}
    table = run(EXAMPLE, "report", "--overdue", "--as-of", "2022-11-20").stdout
    overdue = sum(1 for row in rows if row["days_overdue"] > 0)
    assert overdue == 108  # --overdue: every row is overdue, none only pending
    assert f"逾期 {overdue} 项，涉及 {len(children)} 名学生" in table


def test_stats_close_to_the_seed() -> None:
    result = json.loads(run(EXAMPLE, "report", "--stats", "--term", "2022秋", "-f",
                            "json").stdout)
    school = {row["figure"]: row for row in result["school"]}
    assert result["enrolled"] == 557
    # The generator's seed aims at the county's shares (38.3%, 15.6%, 12.7%, 3.0%); the
    # school it drew has these, each over its own denominator.
    figures = {name: (school[name]["count"], school[name]["denominator"], school[name]["share"])
               for name in ("left_behind", "both_away", "with_grandparents", "level:优")}
    assert figures == {
        "left_behind": (213, "enrolled", 38.2),         # 213 / 557
        "both_away": (33, "left_behind", 15.5),         # 33 / 213
        "with_grandparents": (70, "enrolled", 12.6),    # 70 / 557
        "level:优": (6, "left_behind", 2.8),            # 6 / 213
    }
    assert result["paragraph"].startswith("本学期（2022年秋），我校在校生557人，留守儿童")


def test_support_records_read_like_a_school() -> None:
    """Pairings with a change of proxy parent kept as history, plans with checks, a few
    individual plans, care, a term of activities; the reports see them."""
    pairings = rows_of(run(EXAMPLE, "assign", "list", "--history", "--role", "proxy",
                              "-f", "json").stdout)
    ended = [row for row in pairings if row["ended"]]
    assert (len(pairings), len(ended)) == (32, 3)  # three changes of proxy parent
    assert all(row["end_reason"] for row in ended)
    plans = rows_of(run(EXAMPLE, "plan", "list", "--all", "-f", "json").stdout)
    active = rows_of(run(EXAMPLE, "child", "list", "-f", "json").stdout)
    # 171 plans for 213 children, checked 366 times: about two checks a plan.
    assert (len(plans), len(active), sum(row["checks"] for row in plans)) == (171, 213, 366)
    cases = rows_of(run(EXAMPLE, "iep", "list", "--all", "-f", "json").stdout)
    assert Counter(row["state"] for row in cases) == {"待制定方案": 1, "执行中": 2, "已结案": 1}
    kinds = Counter(row["kind"] for row in rows_of(run(EXAMPLE, "activity", "list", "-f",
                                                          "json").stdout))
    assert kinds == {"家长会": 3, "座谈会": 1, "主题班会": 9, "集体活动": 2, "亲情视频": 1}
    rows = rows_of(run(EXAMPLE, "report", "--as-of", "2022-11-20", "-f", "json").stdout)
    duties = Counter(row["duty"] for row in rows)
    # The support duties (plan checks, care follow-ups, an individual plan's review) do not
    # swamp the configured ones (monthly talks, contacts with the parents).
    assert duties == {"talk-monthly": 45, "parent-contact": 43, "plan-check": 7,
                      "care-follow-up": 5, "proxy-talk": 5, "census": 2, "iep-review": 1}
    caseload = rows_of(run(EXAMPLE, "report", "--caseload", "--as-of", "2022-11-20", "-f",
                              "json").stdout)
    # A row with two responsible teachers would count for each; no row here has two.
    assert sum(row["overdue"] for row in caseload) == len(rows) == 108
    incomplete = rows_of(run(EXAMPLE, "report", "--incomplete", "--as-of", "2022-11-20",
                                "-f", "json").stdout)
    children = {row["child_id"] for row in incomplete}
    assert len(children) == 71  # a third of the 213 children have an incomplete card
