"""`report --stats` counts every child once in each figure that applies to it, whatever the
figure: guardianship, assistance of each kind, key support, academic level. A class of five
left-behind children, each figure held by two or more of them or by none, so that a count
that stopped at 1 or went up by 2 would show.

And a census snapshot kept before a figure existed (it has no count for it) says 0 for that
figure, not "unknown": the class was counted that day, and nobody held it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import run

# id, type, guardianship, assistance, key support, academic level
CHILDREN = [
    ("c0101", "双亲外出", "较好", "[低保, 医疗救助]", "true", "优"),
    ("c0102", "父亲外出", "较好", "[低保]", "true", "良"),
    ("c0103", "母亲外出", "一般", "[]", "false", "良"),
    ("c0104", "其他", None, "[临时救助]", "true", None),
    ("c0105", "父亲外出", "无人监护", "[]", "false", "差"),
]


def write_class(school: Path) -> None:
    (school / "children" / "c0001.yaml").unlink()
    for number, (child_id, kind, guardianship, assistance, key, level) in enumerate(
            CHILDREN, start=1):
        lines = [f"id: {child_id}", f"name: 学生{number}", "gender: 女", "class: 七(1)班",
                 f"left_behind_type: {kind}", f"assistance: {assistance}",
                 f"key_support: {key}", "recorded_on: 2022-09-05"]
        lines += [f"guardianship: {guardianship}"] if guardianship else []
        lines += [f"academic_level: {level}"] if level else []
        (school / "children" / f"{child_id}.yaml").write_text("\n".join(lines) + "\n",
                                                              encoding="utf-8")


def school_figures(school: Path) -> dict[str, tuple[Any, Any]]:
    result = run(school, "report", "--stats", "--term", "2022秋", "--as-of", "2022-09-20",
                 "-f", "json")
    assert result.exit_code == 0, result.output
    return {row["figure"]: (row["count"], row["share"])
            for row in json.loads(result.stdout)["school"]}


def test_each_child_counts_once_in_each_figure(school: Path) -> None:
    write_class(school)
    (school / "censuses").mkdir()
    (school / "censuses" / "2022秋.yaml").write_text(
        "term: 2022秋\nclasses:\n  七(1)班:\n    enrolled: 40\n", encoding="utf-8")
    found = school_figures(school)
    assert found["left_behind"] == (5, 12.5)             # 5 of 40 enrolled
    # every other share is of the 5 left-behind children
    assert found["both_away"] == (1, 20.0) and found["father_away"] == (2, 40.0)
    assert found["mother_away"] == (1, 20.0) and found["other_type"] == (1, 20.0)
    assert found["guardianship:较好"] == (2, 40.0)
    assert found["guardianship:一般"] == (1, 20.0)
    assert found["guardianship:无人监护"] == (1, 20.0)
    assert found["guardianship:受委托监护人监护能力不足"] == (0, 0.0)  # c0104 has none
    assert found["hardship"] == (3, 60.0)                # c0101, c0102, c0104
    assert found["assistance:低保"] == (2, 40.0)
    assert found["assistance:医疗救助"] == (1, 20.0)
    assert found["assistance:临时救助"] == (1, 20.0)
    assert found["assistance:住房救助"] == (0, 0.0)
    assert found["key_support"] == (3, 60.0)
    assert found["level:优"] == (1, 20.0) and found["level:良"] == (2, 40.0)
    assert found["level:中"] == (0, 0.0) and found["level:差"] == (1, 20.0)  # c0104 has none


def test_a_snapshot_without_a_figure_counts_zero_for_it(school: Path) -> None:
    # Finished before the key-support and subsidy figures were kept: only these counts.
    (school / "censuses").mkdir()
    (school / "censuses" / "2022秋.yaml").write_text(
        "term: 2022秋\nclasses:\n  七(1)班:\n    enrolled: 30\n    by: T001\n"
        "    finished: 2022-09-06\n    counts:\n      left_behind: 3\n      both_away: 1\n"
        "      father_away: 2\n", encoding="utf-8")
    found = school_figures(school)
    assert found["left_behind"] == (3, 10.0)             # 3 of 30 enrolled
    assert found["father_away"] == (2, 66.7)             # 2 of 3, half up
    assert found["key_support"] == (0, 0.0)
    assert found["assistance:生活补助"] == (0, 0.0)
    assert found["mother_away"] == (0, 0.0)
