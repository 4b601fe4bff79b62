"""How a roster's header and rows are read (`parse_roster`): which row is the header, which
columns are taken, what a blank, unknown or repeated header does to the cells under it, and
a row with more cells than the header. Each test holds the whole Roster read."""

from __future__ import annotations

from liushou_cli.ops.roster import ALL_COLUMNS, Roster, RosterProblem, RosterRow, parse_roster
from liushou_cli.store.tables import Table

UNKNOWN = "未知的列“{}”。可用的列：" + "、".join(ALL_COLUMNS)


def test_an_empty_table_is_one_problem_and_no_rows() -> None:
    assert parse_roster(Table([]), "r.csv") == Roster(
        "r.csv", None, [], [], [RosterProblem("r.csv", None, None, "花名册中没有学生")])


def test_a_table_without_the_key_column_names_its_first_row() -> None:
    table = Table([(2, ["学号", "姓名", ""]), (3, ["1", "张小明", "男"])])
    assert parse_roster(table, "r.csv") == Roster("r.csv", None, [], [], [
        RosterProblem("r.csv", 2, None, "找不到表头：缺少必需的列“学籍号”"),
        RosterProblem("r.csv", 2, "学号", UNKNOWN.format("学号")),
    ])


def test_blank_unknown_and_repeated_headers_leave_their_cells_unread() -> None:
    # A title row above the header; a blank header cell, an unknown one and 姓名 twice: the
    # cells under them are not read, the first 姓名 is.
    table = Table([
        (1, ["七(1)班花名册"]),
        (3, ["学籍号", "", "姓名", "爱好", "姓名", "性别"]),
        (4, ["2022070101", "备注", "张小明", "篮球", "张晓明", "男"]),
        (6, ["2022070102", "", "李四", "", "", ""]),
    ])
    assert parse_roster(table, "r.csv") == Roster("r.csv", 3, ["学籍号", "姓名", "性别"], [
        RosterRow(4, {"学籍号": "2022070101", "姓名": "张小明", "性别": "男"}),
        RosterRow(6, {"学籍号": "2022070102", "姓名": "李四"}),
    ], [
        RosterProblem("r.csv", 3, "爱好", UNKNOWN.format("爱好")),
        RosterProblem("r.csv", 3, "姓名", "列“姓名”出现了两次"),
    ])


def test_cells_beyond_the_header_are_a_problem_of_their_row() -> None:
    table = Table([
        (1, ["学籍号", "姓名"]),
        (2, ["2022070101", "张小明", "桃洪镇", "", "石门村"]),
        (3, ["2022070102", "李四", ""]),
        (4, ["", "", "王五"]),  # only a stray cell: no student, but the cell is named
    ])
    assert parse_roster(table, "r.csv") == Roster("r.csv", 1, ["学籍号", "姓名"], [
        RosterRow(2, {"学籍号": "2022070101", "姓名": "张小明"}),
        RosterRow(3, {"学籍号": "2022070102", "姓名": "李四"}),
    ], [
        RosterProblem("r.csv", 2, None, "这一行比表头多出 2 个单元格（桃洪镇、石门村）："
                                        "单元格中是否有未加引号的逗号？"),
        RosterProblem("r.csv", 4, None, "这一行比表头多出 1 个单元格（王五）："
                                        "单元格中是否有未加引号的逗号？"),
    ])


def test_a_line_break_in_a_cell_is_one_space() -> None:
    table = Table([(1, ["学籍号", "现居住地"]), (2, ["2022070101", "桃洪镇 \r\n\n 石门村"])])
    assert parse_roster(table, "r.csv").rows == [
        RosterRow(2, {"学籍号": "2022070101", "现居住地": "桃洪镇 石门村"})]
