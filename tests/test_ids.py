"""Ids for new children and staff (ops/ids.py): numbered in a folder of one computer, a
short random suffix in a shared (git) one, never one already taken, whatever its case."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest

from liushou_cli.ops import ids
from liushou_cli.store.layout import DataFolder

from .conftest import run


def test_a_plain_folder_numbers_as_before(school: Path) -> None:
    folder = DataFolder(school)
    assert ids.next_child_id(folder) == "c0002"
    assert ids.next_child_id(folder, ["c0007", "2022070101"]) == "c0008"
    assert ids.next_staff_id(folder, ["T001", "T002", "X9"]) == "T003"
    assert ids.next_staff_id(folder, []) == "T001"


def test_a_repository_gives_a_short_random_id(school: Path) -> None:
    subprocess.run(["git", "init", "-q", str(school)], check=True)
    folder = DataFolder(school)
    made = {ids.next_child_id(folder) for _ in range(50)}
    assert len(made) > 45 and all(re.fullmatch(r"c[2-9a-hjkmnp-z]{5}", m) for m in made)
    assert re.fullmatch(r"T[2-9A-HJKMNP-Z]{4}", ids.next_staff_id(folder, ["T001"]))


def test_a_random_id_is_never_one_taken_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    letters = itertools.chain("aaaaa", "AAAAA", "bbbbb")
    monkeypatch.setattr(ids.secrets, "choice", lambda alphabet: next(letters))
    assert ids.random_id("c", 5, {"caaaaa"}) == "cbbbbb"  # cAAAAA is caaaaa on Windows


def test_child_and_staff_add_in_a_repository_use_the_new_ids(school: Path) -> None:
    subprocess.run(["git", "init", "-q", str(school)], check=True)
    added = run(school, "child", "add", "--name", "刘小红", "--gender", "女", "--class", "七(1)班",
                "--type", "父亲外出", "--guardian-name", "刘奶奶", "--guardian-relation", "祖母",
                "--guardian-phone", "13912345678")
    assert added.exit_code == 0, added.output
    [made] = {p.stem for p in (school / "children").glob("*.yaml")} - {"c0001"}
    assert re.fullmatch(r"c[2-9a-z]{5}", made) and made in added.stdout
    numbered = run(school, "child", "add", "--name", "陈大山", "--gender", "男", "--class",
                   "七(1)班", "--student-no", "2022070109", "--type", "父亲外出",
                   "--guardian-name", "陈奶奶", "--guardian-relation", "祖母",
                   "--guardian-phone", "13912345679")
    assert numbered.exit_code == 0, numbered.output
    assert (school / "children" / "2022070109.yaml").exists()  # the student number, as before
    staff = run(school, "staff", "add", "--name", "周敏")
    assert staff.exit_code == 0, staff.output
    assert re.search(r"T[2-9A-Z]{4}", staff.stdout)
