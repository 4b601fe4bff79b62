"""render/fit.py and render/plain.py: display widths of Chinese text, where a line may break,
and a table given up column by column in its stated order (issue 14)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liushou_cli.render.fit import (
    Column,
    cell_width,
    fit,
    longest_of_words,
    longest_word,
    words,
    wrap_each_word,
    wrap_words,
)
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
    # "day" and "(s)" on two lines read as nothing: a parenthesis right after a Latin letter
    # or digit is inside the word (at 40 columns the English overdue cell broke there).
    assert words("38 day(s) overdue") == ["38", " day(s)", " overdue"]
    assert wrap_words("38 day(s) overdue", 7) == ["38", "day(s)", "overdue"]
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


def test_a_column_that_wraps_last_breaks_only_after_every_drop() -> None:
    columns = [Column("学生", whole=True), Column("上次", whole=True, drop=0),
               Column("逾期", whole=True, wraps_last=True)]
    rows = [["张小明", "2022-10-10", "5 day(s) overdue"]]

    def gaps(count: int) -> int:
        return 2 * count

    natural = 6 + 10 + 16
    assert fit(columns, rows, natural + gaps(3), gaps).kept == [0, 1, 2]
    dropped = fit(columns, rows, natural + gaps(3) - 1, gaps)  # one cell short: 上次 goes
    assert dropped.kept == [0, 2] and dropped.rows[0][1] == "5 day(s) overdue"
    exact = fit(columns, rows, 6 + 16 + gaps(2), gaps)  # the last that fits it whole
    assert exact.kept == [0, 2] and exact.rows[0][1] == "5 day(s) overdue"
    broken = fit(columns, rows, 6 + 16 + gaps(2) - 1, gaps)
    assert broken.kept == [0, 2] and broken.rows[0][1] == "5 day(s)\noverdue"
    assert broken.widths == [6, 15]
    kept_whole = fit([*columns[:2], Column("逾期", whole=True)], rows, 6 + 10 + gaps(2), gaps)
    assert kept_whole.rows[0][1] == "5 day(s) overdue"  # a whole column never breaks
    # Fitting exactly once a wrapping column is narrowed: the room is not shared out anew.
    duty = [Column("学生", whole=True), Column("职责"), columns[2]]
    exactly = fit(duty, [["张小明", "parent contact", "5 day(s) overdue"]],
                  6 + 7 + 16 + gaps(3), gaps)
    assert exactly.rows[0][1:] == ["parent\ncontact", "5 day(s) overdue"]


def test_plain_table_lines_and_colour() -> None:
    lines = table_lines(["学生", "职责", "逾期"], [["张小明", "学习帮扶检查\n(语文)", "逾期 5 天"],
                                                 ["李四", "monthly", "还剩 1 天"]],
                        [6, 12, 9], ["late", "pending"], styled=False, marked=2)
    assert lines[2:] == [" 张小明  学习帮扶检查  逾期 5 天", "         (语文)",
                         " 李四    monthly       还剩 1 天"]
    coloured = table_lines(["学生", "逾期"], [["张小明", "逾期 5 天"], ["李四", "还剩 1 天"]],
                           [6, 9], ["late", "pending"], styled=True, marked=1)
    assert "\x1b[31m逾期 5 天" in coloured[2] and coloured[3].startswith("\x1b[2m")


# ---- the shortcuts for a cell that is one word, or fits: the same as the word-by-word way ------
_PIECES = st.sampled_from(["张", "三", "a", "7", " ", "\t", "\u3000", "、", "，", ",", "；", ";",
                           "/", "(", ")", "（", "）", "[", "]", "\n", "班", "e\u0301"])


@given(text=st.lists(_PIECES, max_size=12).map("".join), width=st.integers(-1, 16))
def test_the_shortcuts_give_what_the_words_give(text: str, width: int) -> None:
    assert longest_word(text) == longest_of_words(text)
    assert wrap_words(text, width) == wrap_each_word(text, width)


def test_the_shortcuts_at_their_edges() -> None:
    # A cell exactly as wide as its column is one line; one cell wider is wrapped; a name
    # ending in an ideographic space is as wide as the name; a line break always wraps.
    assert wrap_words("张三 李四", 9) == ["张三 李四"] and wrap_words("张三 李四", 8) == ["张三", "李四"]
    assert wrap_words("张三 ", 5) == ["张三"] and wrap_words("", 0) == [""]
    assert wrap_words("张三\n李四", 20) == ["张三", "李四"]
    assert longest_word("张三\u3000") == 4 and longest_word("\t七(3)班") == 7
    assert longest_word("张三 李四五") == 6 and longest_word("") == 0


def test_a_cell_that_fits_or_is_one_word_is_not_cut_into_words(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The shortcuts are taken exactly where they hold: a cell as wide as its column (not one
    # cell wider), a text with no place to break.
    from liushou_cli.render import fit as fit_module

    cut: list[str] = []
    real = fit_module.words
    monkeypatch.setattr(fit_module, "words", lambda text: cut.append(text) or real(text))
    assert wrap_words("张三 李四", 9) == ["张三 李四"] and cut == []
    assert longest_word("七(3)班") == 7 and cut == ["七(3)班"]  # a parenthesis may break
    cut.clear()
    assert longest_word("张三\u3000") == 4 and longest_word("2022-11-20") == 10 and cut == []
    assert wrap_words("张三 李四", 8) == ["张三", "李四"] and cut == ["张三 李四"]
