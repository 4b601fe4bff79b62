"""render/plain.py: display widths of Chinese text and the wrapping of one column."""

from __future__ import annotations

from liushou_cli.render.plain import cell_width, column_widths, table_lines, wrap_cells


def test_cell_width_counts_wide_characters_twice() -> None:
    assert cell_width("七(1)班") == 7
    assert cell_width("代理家长每半月谈心") == 18
    assert cell_width("e\u0301") == 1  # a combining accent takes no cell
    assert cell_width("ＡＢ") == 4  # full-width letters


def test_wrap_cells() -> None:
    assert wrap_cells("代理家长每半月谈心", 12) == ["代理家长每半", "月谈心"]
    assert wrap_cells("代理家长每半月谈心", 9) == ["代理家长", "每半月谈", "心"]
    assert wrap_cells("half-monthly talk (proxy parent)", 14) == [
        "half-monthly", "talk (proxy", "parent)"]
    assert wrap_cells("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap_cells("短", 10) == ["短"]


def test_only_the_wrap_column_narrows_and_never_below_its_longest_word() -> None:
    headers = ["学生", "职责", "逾期"]
    rows = [["张小明", "代理家长每半月谈心", "逾期 5 天"], ["李四", "monthly talk", "还剩 1 天"]]
    natural = column_widths(headers, rows, 1, 200)
    assert natural == [6, 18, 9]
    narrow = column_widths(headers, rows, 1, 30)
    assert narrow == [6, 10, 9]  # 30 - indent 1 - 6 - 9 - two gaps of 2
    assert column_widths(headers, rows, 1, 10)[1] == 8  # "monthly" is 7: the floor is 8
    lines = table_lines(headers, rows, narrow, 1)
    assert lines[2:] == [" 张小明  代理家长每  逾期 5 天", "         半月谈心",
                         " 李四    monthly     还剩 1 天", "         talk"]
