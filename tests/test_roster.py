"""The census from a roster (`census --from FILE`): the diff it shows, what --apply writes,
missing children, bad rows located as FILE:row:column, .xlsx and GBK files read alike."""

from __future__ import annotations

import csv
import difflib
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import CensusFile
from liushou_cli.ops.roster import RosterInvalid, parse_roster, plan_roster
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import load_census, load_dataset
from liushou_cli.store.tables import Table, table_from_bytes
from liushou_cli.store.yamlio import parse_mapping

from .conftest import CHILD_ID_NUMBER, CHILD_YAML, rows_of, run, snapshot, use_environment, valid_id

TODAY = date(2022, 9, 10)
OTHER_ID_NUMBER = valid_id("43052420110315003")

HEADER = ["学籍号", "姓名", "性别", "班级", "留守类型", "监护人电话", "父亲务工城市", "是否寄宿",
          "出生日期", "在校人数"]
ROWS = [
    # 张小明: two changes and a flag set; the birth date is the one on file, written differently.
    ["2022070101", "张小明", "男", "7-1", "双亲外出", "13987654321", "深圳", "是", "2011/3/15", "46"],
    # a child newly left behind, empty cells for what is not known
    ["2022070199", "王五", "男", "七(1)班", "父亲外出", "", "", "", "", ""],
]
DIFF = [
    "~ 张小明(2022070101) 监护人电话 13912345678 → 13987654321",
    "~ 张小明(2022070101) 父亲务工城市 东莞 → 深圳",
    "~ 张小明(2022070101) 是否寄宿 无 → 是",
    "+ 王五(2022070199) 新建档",
    "- 李四(2022070102) 不在花名册中",
    "~ 七(1)班 在校人数 无 → 46",
]
CHANGES = ["监护人电话 13912345678 → 13987654321", "父亲务工城市 东莞 → 深圳", "是否寄宿 无 → 是"]


@pytest.fixture
def roster_school(school: Path) -> Path:
    """Two children of 七(1)班 recorded last term; today is 2022-09-10 in term 2022秋, and
    nobody is at the keyboard (no LIUSHOU_USER)."""
    use_environment(today=TODAY, user=None)
    text = CHILD_YAML.format(id_number=CHILD_ID_NUMBER).replace("recorded_on: 2022-09-05",
                                                                 "recorded_on: 2022-05-10")
    (school / "children" / "c0001.yaml").write_text(text, encoding="utf-8")
    other = (text.replace("c0001", "c0002").replace("张小明", "李四")
             .replace("'2022070101'", "'2022070102'").replace(CHILD_ID_NUMBER, OTHER_ID_NUMBER))
    (school / "children" / "c0002.yaml").write_text(other, encoding="utf-8")
    return school


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def roster_csv(tmp_path: Path, encoding: str = "utf-8-sig") -> Path:
    return write_csv(tmp_path / "七1班花名册.csv", [HEADER, *ROWS], encoding)


def output_lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def child_text(school: Path, child_id: str) -> str:
    return (school / "children" / f"{child_id}.yaml").read_text(encoding="utf-8")


def last_check(school: Path, child_id: str) -> dict[str, object] | None:
    data = parse_mapping(child_text(school, child_id))
    assert isinstance(data, dict)
    checks = [e for e in data.get("events", []) if e["type"] == "摸底"]
    return checks[-1] if checks else None


def census_file(school: Path) -> CensusFile:
    return CensusFile.model_validate(parse_mapping(
        (school / "censuses" / "2022秋.yaml").read_text(encoding="utf-8")))


# ---- the diff, and nothing written --------------------------------------------------------
def test_preview_shows_the_diff_and_writes_nothing(roster_school: Path, tmp_path: Path) -> None:
    roster = roster_csv(tmp_path)
    before = snapshot(roster_school)
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋")
    assert result.exit_code == 0, result.output
    lines = output_lines(result.stdout)
    assert lines[:len(DIFF)] == DIFF
    assert lines[len(DIFF):] == [
        f"2022秋 花名册 {roster}：2 名学生；1 名有变化，0 名无变化，1 名新建档，1 名不在花名册中",
        "以上只是预览，未写入任何文件；核对无误后加 --apply 写入",
    ]
    assert snapshot(roster_school) == before


def test_term_defaults_to_today(roster_school: Path, tmp_path: Path) -> None:
    result = run(roster_school, "census", "--from", str(roster_csv(tmp_path)))
    assert result.exit_code == 0 and "2022秋 花名册" in result.stdout

    result = run(roster_school, "census", "--from", str(roster_csv(tmp_path)),
                 today=date(2022, 8, 1))  # summer holiday
    assert result.exit_code == 2 and "今天不在任何学期内" in result.stderr


# ---- --apply ------------------------------------------------------------------------------
def test_apply_writes_exactly_the_changes(roster_school: Path, tmp_path: Path) -> None:
    original = child_text(roster_school, "c0001")
    untouched = {name: data for name, data in snapshot(roster_school).items()
                 if name in ("liushou.yaml", "staff.yaml", "children/c0002.yaml")}
    result = run(roster_school, "census", "--from", str(roster_csv(tmp_path)), "--term",
                 "2022秋", "--apply")
    assert result.exit_code == 0, result.output
    lines = output_lines(result.stdout)
    assert lines[:len(DIFF)] == DIFF
    assert lines[len(DIFF) + 1:] == [
        "已写入：1 名学生的修改，1 名新建档，1 条摸底记录，0 名归档",
        "七(1)班 摸底未完成：还有 1 名未核对（运行 liushou census --class \"七(1)班\" 逐个核对，"
        "或加 --archive-missing）",
    ]

    # c0001: the three fields and the census check; every other line as it was.
    text = child_text(roster_school, "c0001")
    diff = list(difflib.ndiff(original.splitlines(), text.splitlines()))
    assert [line for line in diff if line.startswith("- ")] == [
        "-   work_city: 东莞", "-   phone: '13912345678'"]
    assert [line for line in diff if line.startswith("+ ")] == [
        "+   work_city: 深圳", "+   phone: '13987654321'", "+ boarding: true",
        "+ events:", "+   - type: 摸底", "+     date: 2022-09-10", "+     by: T001",
        "+     term: 2022秋", f"+     changes: [{', '.join(CHANGES)}]"]
    assert "# 奶奶耳背,有事先打大伯电话" in text and "  phone: '13700001111'  # 在东莞电子厂" in text
    assert last_check(roster_school, "c0001") == {
        "type": "摸底", "date": "2022-09-10", "by": "T001", "term": "2022秋", "changes": CHANGES}

    # the newcomer, named by the student number, recorded today
    new = child_text(roster_school, "2022070199")
    for line in ("id: '2022070199'", "student_no: '2022070199'", "name: 王五", "class: 七(1)班",
                 "left_behind_type: 父亲外出", "recorded_on: 2022-09-10", "status: 在读"):
        assert line + "\n" in new

    # the one missing from the roster is listed, not touched
    assert {name: data for name, data in snapshot(roster_school).items()
            if name in untouched} == untouched

    entry = census_file(roster_school).classes["七(1)班"]
    assert entry.enrolled == 46 and entry.by == "T001" and entry.finished is None
    status = rows_of(run(roster_school, "census", "status", "--term", "2022秋",
                            "-f", "json").stdout)
    assert [(r["class"], r["checked"], r["remaining"], r["enrolled"]) for r in status] == [
        ("七(1)班", 2, 1, 46)]

    # Applying the same roster again changes nothing and records no second check.
    before = snapshot(roster_school)
    again = run(roster_school, "census", "--from", str(roster_csv(tmp_path)), "--term",
                "2022秋", "--apply")
    assert again.exit_code == 0
    assert output_lines(again.stdout)[0] == "- 李四(2022070102) 不在花名册中"
    assert snapshot(roster_school) == before


def test_archive_missing_archives_and_finishes_the_class(roster_school: Path,
                                                         tmp_path: Path) -> None:
    roster = str(roster_csv(tmp_path))
    preview = run(roster_school, "census", "--from", roster, "--term", "2022秋",
                  "--archive-missing")
    assert "- 李四(2022070102) 不在花名册中 → 转出(不在2022秋花名册中)" in preview.stdout
    assert "status: 在读" in child_text(roster_school, "c0002")

    result = run(roster_school, "census", "--from", roster, "--term", "2022秋", "--apply",
                 "--archive-missing", "--by", "王建国")
    assert result.exit_code == 0, result.output
    assert "已写入：1 名学生的修改，1 名新建档，1 条摸底记录，1 名归档" in result.stdout
    assert "七(1)班 摸底完成：3 名留守儿童已核对，本学期数据已存档" in result.stdout
    gone = child_text(roster_school, "c0002")
    assert "status: 转出\nstatus_date: 2022-09-10\nstatus_reason: 不在2022秋花名册中\n" in gone
    assert last_check(roster_school, "c0002") == {
        "type": "摸底", "date": "2022-09-10", "by": "T001", "term": "2022秋",
        "changes": ["状态 在读 → 转出(不在2022秋花名册中)"]}
    entry = census_file(roster_school).classes["七(1)班"]
    assert entry.finished == TODAY and entry.enrolled == 46
    assert entry.counts["left_behind"] == 2 and entry.counts["father_away"] == 1

    # Later: a finished class keeps its total; an archived child on a roster is left alone.
    later = write_csv(tmp_path / "later.csv", [["学籍号", "姓名", "在校人数"],
                                               ["2022070101", "张小明", "47"],
                                               ["2022070102", "李四", ""],
                                               ["2022070199", "王五", ""]])
    before = snapshot(roster_school)
    result = run(roster_school, "census", "--from", str(later), "--term", "2022秋", "--apply")
    assert output_lines(result.stdout)[:2] == [
        "? 李四(2022070102) 已是“转出”状态，但在花名册第 3 行：未改动，请核对",
        "! 七(1)班 的摸底已于 2022-09-10 完成并存档，在校人数保持 46",
    ]
    assert snapshot(roster_school) == before


# ---- bad rows -----------------------------------------------------------------------------
def test_bad_rows_are_all_named_and_nothing_is_written(roster_school: Path,
                                                       tmp_path: Path) -> None:
    bad_check = CHILD_ID_NUMBER[:17] + ("0" if CHILD_ID_NUMBER[17] != "0" else "1")
    roster = write_csv(tmp_path / "bad.csv", [
        ["学籍号", "姓名", "性别", "班级", "留守类型", "监护人电话", "身份证号", "爱好"],
        ["2022070101", "张小明", "男", "7-1", "双亲外出", "1391234", "", "篮球"],
        ["2022070102", "李四", "男", "7-1", "双亲外出", "", bad_check, ""],
        ["2022070101", "张小明", "男", "7-1", "双亲外出", "", "", ""],
        ["2022070199", "王五", "", "7-1", "奶奶带", "", "", ""],
        ["2022070198", "赵六", "女", "7-1", "母亲外出", "", "", ""],  # a good row
    ])
    before = snapshot(roster_school)
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
                 "--archive-missing")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert output_lines(result.stderr) == [
        "花名册有 6 处错误，未写入任何文件：",
        f"{roster}:1:爱好: 未知的列“爱好”。可用的列：学籍号、姓名、性别、班级、出生日期、身份证号、民族、"
        "留守类型、监护人姓名、监护人关系、监护人电话、父亲姓名、父亲电话、父亲务工省份、父亲务工城市、"
        "母亲姓名、母亲电话、母亲务工省份、母亲务工城市、是否寄宿、现居住地、户籍所在地、在校人数",
        f"{roster}:2:监护人电话: 监护人电话“1391234”不是有效的电话号码（手机 11 位，座机带区号）",
        f"{roster}:3:身份证号: 身份证号“{bad_check}”校验位不对，请核对号码",
        f"{roster}:4:学籍号: 学籍号 2022070101 重复：第 2 行也是这个学籍号",
        f"{roster}:5:性别: 缺少必填字段 性别",
        f"{roster}:5:留守类型: 留守类型 的值“奶奶带”无效，应为：双亲外出、父亲外出、母亲外出、其他",
    ]
    assert snapshot(roster_school) == before


def test_a_value_that_contradicts_the_record_names_the_column(roster_school: Path,
                                                             tmp_path: Path) -> None:
    # 李四's file says male; a female ID number (even 17th digit) contradicts it.
    female = valid_id("43052420110315002")
    roster = write_csv(tmp_path / "r.csv", [["学籍号", "身份证号", "出生日期", "是否寄宿"],
                                            ["2022070102", female, "", ""],
                                            ["2022070101", "", "2011-02-30", "也许"]])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋")
    assert result.exit_code == 1
    assert output_lines(result.stderr)[1:] == [
        f"{roster}:2:身份证号: 身份证号显示性别为女，与记录的男不一致",
        f"{roster}:3:出生日期: 出生日期“2011-02-30”不是有效日期（例如 2022-09-01）",
        f"{roster}:3:是否寄宿: 是否寄宿 应为 是/否（true/false）",
    ]


def test_a_roster_without_the_key_column(roster_school: Path, tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "r.csv", [["学号", "姓名"], ["1", "张小明"]])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋")
    assert result.exit_code == 1
    assert f"{roster}:1: 找不到表头：缺少必需的列“学籍号”" in result.stderr
    assert f"{roster}:1:学号: 未知的列“学号”" in result.stderr


# ---- other files read alike -----------------------------------------------------------------
def test_xlsx_gives_the_same_result(roster_school: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    # Cells as a teacher's sheet has them: numbers typed as numbers, a real date cell.
    sheet.append([2022070101, "张小明", "男", "7-1", "双亲外出", 13987654321, "深圳", "是",
                  datetime(2011, 3, 15), 46])
    sheet.append([2022070199, " 王五 ", "男", "七(1)班", "父亲外出"])
    book.save(tmp_path / "roster.xlsx")
    csv_result = run(roster_school, "census", "--from", str(roster_csv(tmp_path)), "--term",
                     "2022秋")
    xlsx_result = run(roster_school, "census", "--from", str(tmp_path / "roster.xlsx"),
                      "--term", "2022秋")
    assert xlsx_result.exit_code == 0, xlsx_result.output
    assert output_lines(xlsx_result.stdout)[:len(DIFF)] == DIFF
    assert xlsx_result.stdout.replace("roster.xlsx", "七1班花名册.csv") == csv_result.stdout

    applied = run(roster_school, "census", "--from", str(tmp_path / "roster.xlsx"), "--term",
                  "2022秋", "--apply")
    assert applied.exit_code == 0
    assert last_check(roster_school, "c0001") == {
        "type": "摸底", "date": "2022-09-10", "by": "T001", "term": "2022秋", "changes": CHANGES}
    assert "name: 王五\n" in child_text(roster_school, "2022070199")


def test_a_cell_merged_down_several_rows_counts_for_each_of_them(roster_school: Path,
                                                                 tmp_path: Path) -> None:
    # A class's rows under one merged 班级 cell, one 是否寄宿 merged over two rows, a title
    # merged across the columns: each row has what the teacher sees beside it.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["七(1)班留守儿童花名册"])
    sheet.append(["学籍号", "姓名", "性别", "班级", "留守类型", "是否寄宿", "在校人数"])
    sheet.append(["2022070101", "张小明", "男", "七(1)班", "双亲外出", "是", 46])
    sheet.append(["2022070102", "李四", "男", None, "双亲外出", None])
    sheet.append(["2022070199", "王五", "男", None, "父亲外出", "否"])
    for cells in ("A1:G1", "D3:D5", "F3:F4", "G3:G5"):
        sheet.merge_cells(cells)
    book.save(tmp_path / "merged.xlsx")
    result = run(roster_school, "census", "--from", str(tmp_path / "merged.xlsx"), "--term",
                 "2022秋")
    assert result.exit_code == 0, result.output
    assert output_lines(result.stdout)[:4] == [
        "~ 张小明(2022070101) 是否寄宿 无 → 是",
        "~ 李四(2022070102) 是否寄宿 无 → 是",
        "+ 王五(2022070199) 新建档",
        "~ 七(1)班 在校人数 无 → 46",
    ]


def test_gbk_csv_is_read(roster_school: Path, tmp_path: Path) -> None:
    result = run(roster_school, "census", "--from", str(roster_csv(tmp_path, "gbk")), "--term",
                 "2022秋")
    assert result.exit_code == 0, result.output
    assert output_lines(result.stdout)[:len(DIFF)] == DIFF


def test_class_option_title_row_and_other_classes(roster_school: Path, tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "全校.csv", [
        ["七(1)班、八(2)班留守儿童花名册"],  # a title above the header is ignored
        ["班级", "学籍号", "姓名", "性别", "留守类型"],
        ["八(2)班", "2021080201", "陈七", "女", "其他"],
        ["七(1)班", "2022070101", "张小明", "男", "双亲外出"],
        ["七(1)班", "2022070102", "李四", "男", "双亲外出"],
    ], encoding="utf-8")
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋",
                 "--class", "7-1")
    assert result.exit_code == 0, result.output
    assert output_lines(result.stdout)[0] == (
        f"2022秋 花名册 {roster}：2 名学生；0 名有变化，2 名无变化，0 名新建档，0 名不在花名册中；"
        "另有 1 行属于其他班级，已跳过")

    # Without --class every class of the roster is taken.
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋")
    assert output_lines(result.stdout)[0] == "+ 陈七(2021080201) 新建档"
    # Two classes: who records the census checks must be said.
    applied = run(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply")
    assert applied.exit_code == 2 and "--by" in applied.stderr


def test_line_breaks_in_cells_are_spaces(roster_school: Path, tmp_path: Path) -> None:
    roster = tmp_path / "tabs.txt"  # tab-separated, as copied out of a spreadsheet
    roster.write_text('学籍号\t现居住地\n2022070101\t"桃洪镇\n石门村"\n', encoding="utf-8")
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋")
    assert output_lines(result.stdout)[0] == "~ 张小明(2022070101) 现居住地 桃洪镇石门村 → 桃洪镇 石门村"


def test_a_header_padded_with_spaces_names_its_column(roster_school: Path,
                                                      tmp_path: Path) -> None:
    # Sheets pad short headers to line up (学 籍 号, 姓  名, a full-width space, a line break
    # typed in the cell): the header was not found, and the error named the title row.
    roster = write_csv(tmp_path / "padded.csv", [
        ["七年级一班花名册"], ["学 籍 号", "姓  名", "现\u3000居\n住地"],
        ["2022070101", "张小明", "桃洪镇 石门村"]])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋")
    assert result.exit_code == 0, result.output
    assert output_lines(result.stdout)[0] == "~ 张小明(2022070101) 现居住地 桃洪镇石门村 → 桃洪镇 石门村"
    # A column still unknown is named as written, at the header's row.
    wrong = write_csv(tmp_path / "wrong.csv", [["学 籍 号", "爱  好"], ["2022070101", "画画"]])
    refused = run(roster_school, "census", "--from", str(wrong), "--term", "2022秋")
    assert "爱  好" in refused.output and f"{wrong}:1" in refused.output, refused.output


def test_the_english_summary_counts_one_student_as_such(roster_school: Path,
                                                        tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "one.csv", [["学籍号", "现居住地"], ["2022070101", "桃洪镇"]])
    result = run(roster_school, "--lang", "en", "census", "--from", str(roster), "--term",
                 "2022秋")
    assert f"2022秋 roster {roster}: 1 student; 1 changed, 0 unchanged, 0 new" in result.stdout


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(LiushouError, match="CSV UTF-8"):
        table_from_bytes(b"\x80\xff\xfe,\x81", "r.csv")
    with pytest.raises(LiushouError, match=r"\.xls"):
        table_from_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "r.xls")
    with pytest.raises(LiushouError, match="Excel"):
        table_from_bytes(b"PK\x03\x04 not really a zip", "r.xlsx")


# ---- the core, without the CLI -------------------------------------------------------------
def test_plan_in_core(roster_school: Path) -> None:
    folder = DataFolder(roster_school)
    data = load_dataset(folder, today=TODAY)
    assert data.config is not None
    term = SchoolCalendar.of(data.config.terms).term_named("2022秋")
    assert term is not None
    table = Table([(1, ["学籍号", "监护人关系", "在校人数"]),
                   (2, ["2022070101", "祖母", "45"]),
                   (4, ["2022070102", "外祖母", "46"])])
    with pytest.raises(RosterInvalid) as caught:
        plan_roster(parse_roster(table, "r.csv"), data, load_census(folder, "2022秋"), term,
                    TODAY)
    assert [str(p) for p in caught.value.problems] == [
        "r.csv:4:在校人数: 七(1)班 的在校人数前后不一致：第 2 行写的是 45"]

    table.rows[2] = (4, ["2022070102", "外祖母", ""])
    plan = plan_roster(parse_roster(table, "r.csv"), data, load_census(folder, "2022秋"), term,
                       TODAY)
    assert [(u.item.child.id, [c.text() for c in u.changes], u.needs_check)
            for u in plan.updates] == [("c0001", [], True),
                                       ("c0002", ["监护人关系 祖母 → 外祖母"], True)]
    assert plan.classes == ["七(1)班"] and not plan.missing and not plan.new
    assert [(total.klass, total.old, total.new) for total in plan.totals] == [("七(1)班", None, 45)]


def _applied_book(school: Path, tmp_path: Path, *rows: list[Any]) -> Result:
    """`census --apply` of an .xlsx roster holding `rows` (the header first); the folder
    must be unchanged by it, since each such roster here is refused."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "r.xlsx")
    before = snapshot(school)
    result = run(school, "census", "--from", str(tmp_path / "r.xlsx"), "--term", "2022秋",
                 "--apply")
    assert result.exit_code == 1
    assert snapshot(school) == before
    return result


def test_an_id_number_kept_by_excel_as_a_number_is_refused_not_made_up(
        roster_school: Path, tmp_path: Path) -> None:
    # Typed into a Number cell, 430524201009018123 is kept as its first 15 digits: read
    # whole it became 430524201009017984, which here even passes the ID number's checks.
    result = _applied_book(
        roster_school, tmp_path, ["学籍号", "姓名", "性别", "班级", "出生日期", "身份证号", "留守类型"],
        ["2022070177", "周小花", "女", "七(1)班", "2010-09-01", 4.30524201009018e+17, "父亲外出"])
    assert ("身份证号“4.30524201009018E+17”被表格存成了数字，后几位已经丢失：请把这一列设为"
            "“文本”，重新输入身份证号") in result.stderr
    assert "430524201009017984" not in result.output


def test_a_long_student_number_kept_by_excel_as_a_number_says_so(
        roster_school: Path, tmp_path: Path) -> None:
    # A 19-digit 学籍号 in a Number cell keeps its first 15 digits; it was refused as an id
    # of letters and digits, with no word of the spreadsheet or how to mend it.
    result = _applied_book(
        roster_school, tmp_path, ["学籍号", "姓名", "性别", "班级", "出生日期", "留守类型"],
        [4305242010090181234, "周小花", "女", "七(1)班", "2010-09-01", "父亲外出"])
    assert ("学籍号“4.30524201009018e+18”被表格存成了数字，后几位已经丢失：请把这一列设为"
            "“文本”，重新输入") in result.stderr, result.stderr


def test_a_phone_typed_as_a_number_is_still_read_whole(tmp_path: Path) -> None:
    from liushou_cli.store.tables import _cell_text

    assert _cell_text(13987654321.0) == "13987654321"
    assert _cell_text(999999999999999.0) == "999999999999999"  # 15 digits: exact
    assert _cell_text(1e15) == "1e+15"
