"""render/fit.py and render/plain.py: display widths of Chinese text, where a line may break,
and a table given up column by column in its stated order (issue 14)."""

from __future__ import annotations

from liushou_cli.render.fit import Column, cell_width, fit, words, wrap_words
from liushou_cli.render.plain import table_lines


def test_cell_width_counts_wide_characters_twice() -> None:
    assert cell_width("七(1)班") == 7
    assert cell_width("代理家长每半月谈心") == 18
    assert cell_width("e\u0301") == 1  # a combining accent takes no cell
    assert cell_width("ＡＢ") == 4  # full-width letters


def test_lines_break_between_words_only() -> None:
    assert words("学习帮扶检查(语文)") == ["学习帮扶检查", "(语文)"]
    assert words("七(3)班、七(4)班") == ["七(3)班、", "七(4)班"]  # a class is one word
    assert words("half-monthly talk") == ["half-monthly", " talk"]
    assert wrap_words("定期联系外出父母", 8) == ["定期联系外出父母"]  # wider, still whole
    assert wrap_words("学习帮扶检查(语文)", 14) == ["学习帮扶检查", "(语文)"]
    assert wrap_words("half-monthly talk (proxy parent)", 14) == [
        "half-monthly", "talk (proxy", "parent)"]
    assert wrap_words("短", 10) == ["短"]
    assert wrap_words("  缩进 的 段落", 9) == ["  缩进 的", "段落"]  # the paragraph's indent kept


def test_columns_give_way_in_the_stated_order() -> None:
    columns = [Column("学生", whole=True), Column("编号", whole=True, drop=1),
               Column("职责"), Column("上次", whole=True, drop=0)]
    rows = [["张小明", "c0001", "学习帮扶检查(语文)", "2022-10-10"]]

    def gaps(count: int) -> int:
        return 2 * count

    wide = fit(columns, rows, 80, gaps)
    assert wide.kept == [0, 1, 2, 3] and wide.rows == [rows[0]]
    narrowed = fit(columns, rows, 6 + 5 + 12 + 10 + 8, gaps)  # the duty wraps at "("
    assert narrowed.kept == [0, 1, 2, 3]
    assert narrowed.rows[0][2] == "学习帮扶检查\n(语文)"
    dropped = fit(columns, rows, 6 + 5 + 12 + 6, gaps)  # "上次" goes first
    assert dropped.kept == [0, 1, 2]
    assert fit(columns, rows, 20, gaps).kept == [0, 2]  # then the id; the name stays
    short = fit(columns, rows, 6 + 5 + 14 + 10 + 8, gaps,
                [["张小明", "c0001", "帮扶检查(语文)", "2022-10-10"]])
    assert short.short and short.rows[0][2] == "帮扶检查(语文)"


def test_plain_table_lines_and_colour() -> None:
    lines = table_lines(["学生", "职责", "逾期"], [["张小明", "学习帮扶检查\n(语文)", "逾期 5 天"],
                                                 ["李四", "monthly", "还剩 1 天"]],
                        [6, 12, 9], ["late", "pending"], styled=False, marked=2)
    assert lines[2:] == [" 张小明  学习帮扶检查  逾期 5 天", "         (语文)",
                         " 李四    monthly       还剩 1 天"]
    coloured = table_lines(["学生", "逾期"], [["张小明", "逾期 5 天"], ["李四", "还剩 1 天"]],
                           [6, 9], ["late", "pending"], styled=True, marked=1)
    assert "\x1b[31m逾期 5 天" in coloured[2] and coloured[3].startswith("\x1b[2m")
