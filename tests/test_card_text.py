"""The card drawn as text (render/card.py): line for line on a small card, its width at
the page's and a narrow screen's, a value broken between words, a word longer than the
line cut at the edge without the blank or indented lines rich left, and the labels bold on a
colour terminal. The example school's cards were compared with rich's before the switch:
the same at 80 columns; at 40, 60 and 120 only where rich began a line with a space."""

from __future__ import annotations

import pytest

from liushou_cli.render.card import PAGE, drawn_lines, write_card
from liushou_cli.render.fit import cell_width
from liushou_cli.views.section import CardSection

SECTIONS = [CardSection("学生基本情况", [("姓名", "张小明"), ("户籍所在地", "湖南省邵阳市隆回县")]),
            CardSection("父亲", [("父亲电话", "13700001111"), ("备注", "第一行\n第二行")])]


def test_a_card_line_for_line() -> None:
    assert drawn_lines("联系卡 · 张小明", SECTIONS, 40) == [
        "╭─ 联系卡 · 张小明 ────────────────────╮",
        "│ ╭─ 学生基本情况 ───────────────────╮ │",
        "│ │ 姓名        张小明               │ │",
        "│ │ 户籍所在地  湖南省邵阳市隆回县   │ │",
        "│ ╰──────────────────────────────────╯ │",
        "│ ╭─ 父亲 ───────────────────────────╮ │",
        "│ │ 父亲电话  13700001111            │ │",
        "│ │ 备注      第一行                 │ │",
        "│ │           第二行                 │ │",
        "│ ╰──────────────────────────────────╯ │",
        "╰──────────────────────────────────────╯",
    ]


@pytest.mark.parametrize(("width", "drawn"), [(30, 30), (84, 84), (85, 84), (200, PAGE)])
def test_every_line_is_as_wide_as_the_screen_up_to_a_page(width: int, drawn: int) -> None:
    lines = drawn_lines("卡", SECTIONS, width)
    assert {cell_width(line) for line in lines} == {drawn}


def test_a_value_breaks_between_words_and_a_long_word_at_the_edge() -> None:
    # rich began the last line with a space (the folded word's own) and sometimes left a
    # blank line; the lines here start at the value's column.
    notes = CardSection("记录", [("2022-10-17",
                                  "患病 · 谢芳：水痘、通知妈妈接回家隔离休息、谢芳 2022-10-19 前跟进")])
    body = [line[4:-4].rstrip() for line in drawn_lines("卡", [notes], 40)[2:-2]]
    assert body == ["2022-10-17  患病 ·",
                    "            谢芳：水痘、通知妈妈",
                    "            接回家隔离休息、谢芳",
                    "            2022-10-19 前跟进"]


def test_a_title_longer_than_the_card_is_cut_at_its_edge() -> None:
    top = drawn_lines("一二三四五六七八九十" * 3, SECTIONS, 30)[0]
    assert top == "╭─ 一二三四五六七八九十一二 ─╮"  # 三 would straddle the edge
    assert cell_width(top) == 30


def test_on_a_colour_terminal_the_labels_are_bold(capsys: pytest.CaptureFixture[str]) -> None:
    write_card("卡", SECTIONS, 40, colour=True)
    out = capsys.readouterr().out
    assert "\x1b[1m姓名\x1b[0m" in out and "\x1b[1m第二行" not in out
    assert out.endswith("─╯\n")
    write_card("卡", SECTIONS, 40)
    assert "\x1b" not in capsys.readouterr().out
