"""A roster's bad rows, through `census --from`: every one is named FILE:row:column with the
message `check` and `child edit` give, in row order, a bad row never hides the rows after it,
and nothing is written. Also the rows the plan leaves alone: other classes, inactive
children, children missing from the roster."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run, snapshot, valid_id
from .test_roster import OTHER_ID_NUMBER, child_text, output_lines, roster_school, write_csv

__all__ = ["roster_school"]  # the fixture, used by name

FUTURE = "2030-01-01"


@pytest.fixture
def twins_school(roster_school: Path) -> Path:
    """roster_school with c0003, a second file that also holds 李四's student number."""
    text = child_text(roster_school, "c0002").replace("id: c0002", "id: c0003")
    text = text.replace(OTHER_ID_NUMBER, valid_id("43052420110315013"))
    (roster_school / "children" / "c0003.yaml").write_text(text, encoding="utf-8")
    return roster_school


def test_every_bad_row_is_named_in_row_order(twins_school: Path, tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "bad.csv", [
        ["学籍号", "姓名", "性别", "留守类型", "班级", "在校人数", "现居住地"],
        ["", "无号", "男", "其他", "7-1", ""],
        ["2022/0701", "斜杠", "男", "其他", "7-1", "", "", "多出"],
        ["2022070103", "赵六", "男", "其他", "7-1", "", "桃洪镇\t石门村"],
        ["2022070102", "李四", "男", "双亲外出", "7-1", ""],
        ["c0001", "撞编号", "男", "其他", "7-1", ""],
        ["2022070198", "王五", "男", "其他", "7-1", ""],
        ["2022070199", "王五", "男", "其他", "7-1", ""],
        ["2022070197", "无班级", "女", "其他", "", ""],
        ["2022070101", "张小明", "男", "双亲外出", "7-1", "很多"],
        # 赵六 of row 4 was refused, so this one is the first of the name
        ["2022070196", "赵六", "男", "其他", "7-1", ""],
        # a class first met here, after a row without one
        ["2022070195", "钱七", "女", "其他", "培优班", ""],
    ])
    before = snapshot(twins_school)
    result = run(twins_school, "census", "--from", str(roster), "--term", "2022秋", "--apply")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert output_lines(result.stderr) == [
        "花名册有 9 处错误，未写入任何文件：",
        f"{roster}:2:学籍号: 缺少必填字段 学籍号",
        f"{roster}:3: 这一行比表头多出 1 个单元格（多出）：单元格中是否有未加引号的逗号？",
        f"{roster}:3:学籍号: 学籍号“2022/0701”只能由字母、数字、- 和 _ 组成",
        f"{roster}:4:现居住地: 现居住地 含有控制字符 \\x09（终端颜色代码、NUL、姓名中的换行等），请删除后再输入",
        f"{roster}:5:学籍号: 学籍号 2022070102 重复：也见于 c0002、c0003",
        f"{roster}:6:学籍号: 编号 c0001 的学生已存在",
        f"{roster}:8:姓名: 已有同班同名学生 王五(花名册第 7 行)；确是另一人请加 --force",
        f"{roster}:9:班级: 缺少必填字段 班级",
        f"{roster}:10:在校人数: 在校人数 应为整数",
    ]
    assert snapshot(twins_school) == before


def test_a_contradiction_with_the_id_number_is_put_on_the_column_the_roster_gave(
        roster_school: Path, tmp_path: Path) -> None:
    # 李四's and 张小明's files hold male ID numbers of 2011-03-15; a newcomer's ID number
    # says 2011-04-01.
    newcomer = valid_id("43052420110401003")
    roster = write_csv(tmp_path / "r.csv", [
        ["学籍号", "姓名", "性别", "班级", "留守类型", "出生日期", "身份证号"],
        ["2022070102", "", "", "", "", "2011-03-16", ""],
        ["2022070101", "", "女", "", "", "", ""],
        ["2022070199", "王五", "男", "7-1", "其他", "2011-04-02", newcomer],
    ])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋")
    assert result.exit_code == 1
    assert output_lines(result.stderr)[1:] == [
        f"{roster}:2:出生日期: 身份证号中的出生日期 2011-03-15 与出生日期 2011-03-16 不一致",
        f"{roster}:3:性别: 身份证号显示性别为男，与记录的女不一致",
        f"{roster}:4:身份证号: 身份证号中的出生日期 2011-04-01 与出生日期 2011-04-02 不一致",
    ]


@pytest.mark.parametrize(("loc", "kind", "given", "column"), [
    (("id_number",), "id_birth_mismatch", ("身份证号", "出生日期"), "身份证号"),
    (("id_number",), "id_birth_mismatch", ("出生日期",), "出生日期"),
    (("id_number",), "id_gender_mismatch", ("性别",), "性别"),
    (("id_number",), "id_gender_mismatch", ("姓名",), None),
    # A parent's own cross-check: the roster has no column for it, though it gives the ID.
    (("mother", "id_number"), "id_birth_mismatch", ("身份证号", "出生日期"), None),
    (("birth_date",), "date_from_datetime_parsing", ("出生日期",), "出生日期"),
    (("mother", "name"), "missing", ("姓名",), "母亲姓名"),
    (("events", 0, "date"), "missing", ("姓名",), None),
    ((), "value_error", ("身份证号",), None),
])
def test_an_error_is_named_by_its_roster_column(loc: tuple[int | str, ...], kind: str,
                                                given: tuple[str, ...],
                                                column: str | None) -> None:
    from liushou_cli.ops.roster import RosterRow, _column

    assert _column(loc, kind, RosterRow(2, dict.fromkeys(given, "x"))) == column
