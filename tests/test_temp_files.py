"""Temp copies of a child's record never linger: the leftovers of killed writes are removed by
the next write under the folder lock, and the copy handed to $EDITOR is private and removed
however the edit ends."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import run

VISIT = ("visit", "add", "c0001", "奶奶身体还好", "--by", "T001", "--date", "2022-10-20")
LEFTOVER = ".c0001.yaml.k2j_9xq0.tmp"  # what a write killed after mkstemp leaves


def _leftover_warnings(school: Path) -> list[str]:
    result = run(school, "check", "--format", "json")
    return [p["path"] for p in json.loads(result.stdout)["problems"]
            if p["code"] == "leftover_temp"]


def test_next_write_removes_leftover_temp_files(school: Path) -> None:
    children = school / "children"
    (children / LEFTOVER).write_text("id: c0001\nname: 张小明\n", encoding="utf-8")
    (children / ".c0002.yaml.a1b2c3d4.tmp").write_text("half a record", encoding="utf-8")
    assert _leftover_warnings(school) == [f"children/{LEFTOVER}",
                                          "children/.c0002.yaml.a1b2c3d4.tmp"]
    assert run(school, *VISIT).exit_code == 0
    assert sorted(p.name for p in children.iterdir()) == [".gitkeep", "c0001.yaml"]
    assert _leftover_warnings(school) == []
    assert run(school, "check").exit_code == 0


def test_only_our_temp_files_in_the_folder_written_are_removed(school: Path) -> None:
    children = school / "children"
    kept = [
        children / ".c0001.yaml.k2j_9xq.tmp",  # 7 random characters: not mkstemp's
        children / ".c0001.yaml.k2j_9xq01.tmp",  # 9
        children / ".名单.xlsx.k2j_9xq0.tmp",  # an export's temp file: not under the lock
        children / "c0001.yaml.k2j_9xq0.tmp",  # not hidden
        school / ".staff.yaml.k2j_9xq0.tmp",  # another folder than the one written
    ]
    for path in kept:
        path.write_text("x", encoding="utf-8")
    (children / ".c0001.yaml.k2j_9xq0.tmp").mkdir()  # a folder of that name is not ours
    assert run(school, *VISIT).exit_code == 0
    assert all(path.exists() for path in kept)
    assert (children / ".c0001.yaml.k2j_9xq0.tmp").is_dir()


def test_a_staff_write_cleans_the_data_folder_itself(school: Path) -> None:
    (school / ".staff.yaml.k2j_9xq0.tmp").write_text("x", encoding="utf-8")
    result = run(school, "staff", "add", "--name", "赵老师", "--role", "任课教师")
    assert result.exit_code == 0, result.output
    assert not (school / ".staff.yaml.k2j_9xq0.tmp").exists()

