"""Control characters (terminal escapes, NUL, a line break in a name) are refused on input,
reported by `check` when a hand edit left one, and never sent raw to a terminal or a csv."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from liushou_cli.render.output import write_csv as write_csv_rows

from .conftest import CHILD_ID_NUMBER, CHILD_YAML, rows_of, run, snapshot
from .test_roster import roster_school, write_csv  # noqa: F401 - the fixture, shared

ESC = "\x1b[31m"
NEW = ("child", "add", "--gender", "男", "--type", "其他", "--class", "七(1)班")


def _hand_edited(root: Path, name: str = '"张\\e[31m小明"') -> None:
    text = CHILD_YAML.format(id_number=CHILD_ID_NUMBER).replace("name: 张小明", f"name: {name}")
    (root / "children" / "c0001.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    ((*NEW, "--name", f"王{ESC}五"), "children/c0002.yaml:2: 姓名 含有控制字符 \\x1b"),
    ((*NEW, "--name", "王\n五"), "children/c0002.yaml:2: 姓名 含有控制字符 \\x0a"),
    ((*NEW, "--name", "王五", "--note", "a\x00b"), "children/c0002.yaml:9: 备注 含有控制字符 \\x00"),
    (("child", "edit", "c0001", "--set", f"guardian.name=王{ESC}"),
     "children/c0001.yaml:22: 监护人姓名 含有控制字符 \\x1b"),
    (("talk", "add", "c0001", f"谈{ESC}心", "--by", "T001", "--date", "2022-11-01"),
     "children/c0001.yaml:35: 记录 #1 谈心主题 含有控制字符 \\x1b"),
    (("staff", "add", "--name", f"王{ESC}芳"), "staff.yaml:15: 教职工 #3 姓名 含有控制字符 \\x1b"),
])
def test_refused_on_input(school: Path, args: tuple[str, ...], message: str) -> None:
    before = snapshot(school)
    result = run(school, *args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"未保存：{message}（终端颜色代码、NUL、姓名中的换行等），请删除后再输入"]
    assert snapshot(school) == before


def test_a_note_may_have_several_lines(school: Path) -> None:
    result = run(school, *NEW, "--name", "王五", "--note", "第一行\n\t第二行")
    assert result.exit_code == 0, result.output


def test_one_left_by_a_hand_edit_does_not_block_other_changes(school: Path) -> None:
    _hand_edited(school)
    result = run(school, "child", "edit", "c0001", "--set", "guardian.phone=13912345679")
    assert result.exit_code == 0, result.output


def test_roster_cell_is_refused(roster_school: Path, tmp_path: Path) -> None:  # noqa: F811
    roster = write_csv(tmp_path / "花名册.csv", [
        ["学籍号", "姓名", "性别", "班级", "留守类型"],
        ["2022070199", f"王{ESC}五", "男", "七(1)班", "其他"]])
    before = snapshot(roster_school)
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        f"{roster}:2:姓名: 姓名 含有控制字符 \\x1b（终端颜色代码、NUL、姓名中的换行等），请删除后再输入"]
    assert snapshot(roster_school) == before


def test_check_reports_one_left_by_a_hand_edit(school: Path) -> None:
    _hand_edited(school)
    result = run(school, "check")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "children/c0001.yaml:3: 警告: 姓名 含有控制字符 \\x1b（可能是手工编辑留下的），"
        "显示时以 \\x1b 这样的文字代替；请删除")


@pytest.mark.parametrize("args", [
    ("child", "list"), ("child", "show", "c0001"), ("child", "list", "-f", "csv"),
    ("report", "--as-of", "2022-11-20"), ("child", "show", "张"),
])
def test_never_sent_raw_to_the_terminal(school: Path, args: tuple[str, ...]) -> None:
    _hand_edited(school)
    result = run(school, *args)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "\\x1b[31m" in result.output


def test_json_escapes_it(school: Path) -> None:
    _hand_edited(school)
    result = run(school, "child", "list", "-f", "json")
    assert rows_of(result.stdout)[0]["name"] == "张\x1b[31m小明"
    assert "\x1b" not in result.stdout


def test_csv_cell_is_never_a_formula(school: Path) -> None:
    _hand_edited(school, "'=HYPERLINK(\"http://x\",\"点我\")'")
    result = run(school, "child", "list", "-f", "csv")
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["name"] == "'=HYPERLINK(\"http://x\",\"点我\")"
    assert row["student_no"] == "2022070101"


def test_csv_cells_repeated_are_each_made_safe(capsys: pytest.CaptureFixture[str]) -> None:
    """write_csv makes a text's cell once and reuses it: every row that repeats the text gets
    the same safe cell, and a flag is never taken for a number that hashes alike."""
    rows = [{"a": "=1+1", "b": True, "c": "x\x1b"}, {"a": "=1+1", "b": 1, "c": "x\x1b"},
            {"a": "plain", "b": 1.0, "c": None}]
    write_csv_rows(rows, ("a", "b", "c"))
    assert capsys.readouterr().out == (
        "a,b,c\n'=1+1,true,x\\x1b\n'=1+1,1,x\\x1b\nplain,1.0,\n")


@pytest.mark.parametrize("order", [0, 1])
def test_csv_cells_of_numbers_and_dates_made_once_stay_of_their_type(
        capsys: pytest.CaptureFixture[str], order: int) -> None:
    # Whole numbers and dates are made once too: 1 and True and 1.0 (equal keys) each stay
    # as their own type writes them, a text that reads like a number or a date stays text
    # (checked for a formula), a negative number is not taken for one; in either order.
    values: list[object] = [1, True, 1.0, "1", date(2022, 11, 20), "2022-11-20",
                            datetime(2022, 11, 20, 8, 30), -1, "-1", 0, False]
    expected = ["1", "true", "1.0", "1", "2022-11-20", "2022-11-20", "2022-11-20T08:30:00",
                "-1", "'-1", "0", "false"]
    if order:
        values, expected = values[::-1], expected[::-1]
    write_csv_rows([{"a": value} for value in values] * 2, ("a",))
    assert capsys.readouterr().out.splitlines() == ["a", *expected * 2]
