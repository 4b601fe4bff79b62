"""The general tables drawn as text (render/text_table.py): checked line for line against the
look they replace, their edges at each column count, titles wider than the table, text that
rich would have read as markup, and the figure report's sentences at a narrow width."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from liushou_cli.render import text_table
from liushou_cli.render.fit import Column, cell_width
from liushou_cli.render.text_table import HEAVY_HEAD, SIMPLE_HEAD, TextOut, fitted, overhead

from .conftest import run

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
COLUMNS = [Column("指标"), Column("人数", whole=True), Column("分母", drop=0)]
ROWS = [["留守儿童", "213", "占在校生"], ["双亲外出", "33", "占留守儿童"]]


def test_a_simple_head_table_line_for_line() -> None:
    lines = text_table.table_lines(fitted(COLUMNS, ROWS, 80), COLUMNS, title="基本情况",
                        justify=("left", "right"))
    assert lines == [
        "基本情况                        ",
        "                                ",
        "  指标       人数   分母        ",
        " ────────────────────────────── ",
        "  留守儿童    213   占在校生    ",
        "  双亲外出     33   占留守儿童  ",
        "                                ",
    ]


def test_a_heavy_head_table_with_a_cell_of_two_lines() -> None:
    columns = [Column("姓名"), Column("备注")]
    lines = text_table.table_lines(fitted(columns, [["张三", "寄宿\n低保"], ["李四", ""]], 80), columns,
                        box=HEAVY_HEAD)
    assert lines == [
        "┏━━━━━━┳━━━━━━┓",
        "┃ 姓名 ┃ 备注 ┃",
        "┡━━━━━━╇━━━━━━┩",
        "│ 张三 │ 寄宿 │",
        "│      │ 低保 │",
        "│ 李四 │      │",
        "└──────┴──────┘",
    ]


@pytest.mark.parametrize("count", [1, 2, 3, 7])
@pytest.mark.parametrize("box", [SIMPLE_HEAD, HEAVY_HEAD])
def test_every_line_is_the_cells_and_the_overhead_wide(count: int, box: object) -> None:
    columns = [Column(f"c{index}") for index in range(count)]
    table = fitted(columns, [["值" * (index + 1) for index in range(count)]], 200)
    lines = text_table.table_lines(table, columns, title="t", box=box)  # type: ignore[arg-type]
    assert {cell_width(line) for line in lines} == {sum(table.widths) + overhead(count)}


def test_the_fitting_counts_the_edges_of_this_look() -> None:
    # Its longest word (12), the count (4), the base (8) and 10 of edges: 34 cells.
    row = [["由祖父母、外祖父母监护", "71", "占在校生"]]
    assert fitted(COLUMNS, row, 34).kept == [0, 1, 2]
    assert fitted(COLUMNS, row, 33).kept == [0, 1]
    table = fitted(COLUMNS, row, 25)  # 7 of edges: the figure wraps after 、
    assert sum(table.widths) + overhead(len(table.kept)) == 25
    assert table.rows[0][0] == "由祖父母、\n外祖父母监护"


def test_a_title_wider_than_the_table_breaks_between_words_then_at_the_edge() -> None:
    table = fitted([Column("a")], [["x" * 6]], 80)  # 10 cells wide
    lines = text_table.table_lines(table, [Column("a")], title="one two three 各班情况括号内为占比")
    assert lines[:5] == ["one two   ", "three     ", "各班情况括", "号内为占比", "          "]


@pytest.mark.parametrize(("title", "lines"), [
    ("0123456789", ["0123456789"]),  # as wide as the table: one line
    ("0123456789a", ["0123456789", "a"]),  # a cell more: cut at the edge
    ("aaa bbbbbb ccc", ["aaa bbbbbb", "ccc"]),  # the space after a word may pass the edge
    ("0123456789 ", ["0123456789"]),  # so may the title's last space
    ("aaa 0123456789ab", ["aaa", "0123456789", "ab"]),
])
def test_a_title_at_the_edges_of_the_table(title: str, lines: list[str]) -> None:
    table = fitted([Column("a")], [["x" * 6]], 80)  # 10 cells wide
    drawn = text_table.table_lines(table, [Column("a")], title=title)
    assert drawn[:len(lines)] == [line.ljust(10) for line in lines]
    assert drawn[len(lines)] == " " * 10  # the top edge follows


def test_text_is_shown_as_written_never_read_as_markup() -> None:
    columns = [Column("班级")]
    lines = text_table.table_lines(fitted(columns, [["[bold]七(1)班[/bold]"]], 80), columns)
    assert "[bold]七(1)班[/bold]" in lines[3]


def test_on_a_colour_terminal_the_title_and_header_are_bold(
        capsys: pytest.CaptureFixture[str]) -> None:
    TextOut(80, colour=True).table(COLUMNS, ROWS, title="基本情况")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("\x1b[1m基本情况") and lines[0].endswith("\x1b[0m")
    assert "\x1b[1m指标" in lines[2] and "\x1b[1m人数\x1b[0m" in lines[2]
    assert all("\x1b" not in line for line in lines[3:])
    TextOut(80).table(COLUMNS, ROWS, title="基本情况")
    assert "\x1b" not in capsys.readouterr().out


def test_the_draft_heading_breaks_between_words_at_a_narrow_width() -> None:
    # rich broke it at the edge and began a line with "：".
    # The spring term of 2023: no class has said how many it enrols, the paragraph a draft.
    result = run(EXAMPLE, "report", "--stats", today=date(2023, 3, 1), width=60)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = next(index for index, line in enumerate(lines) if line.startswith("基本情况（草稿"))
    assert lines[at] == "基本情况（草稿：数据不全，"
    assert lines[at + 1] == "补齐之前不能直接用于学校实施方案）："


def test_a_name_with_square_brackets_shows_as_written(school: Path) -> None:
    # rich read "[b]...[/b]" as markup: the list and the card showed 张小明 alone.
    child = school / "children" / "c0001.yaml"
    child.write_text(child.read_text(encoding="utf-8").replace(
        "name: 张小明", 'name: "[b]张小明[/b]"', 1), encoding="utf-8")
    for args in (("child", "list"), ("child", "show", "c0001")):
        result = run(school, *args)
        assert result.exit_code == 0, result.output
        assert "[b]张小明[/b]" in result.stdout, args


def test_the_heading_of_a_ready_paragraph_breaks_between_words() -> None:
    # The autumn term of 2022: every class's enrolment is known, the paragraph is ready.
    result = run(EXAMPLE, "--lang", "en", "report", "--stats", today=date(2023, 1, 13),
                 width=30)
    assert result.exit_code == 0, result.output
    # The paragraph itself (the last line) is never wrapped: it is copied into the plan.
    assert result.stdout.splitlines()[-3:-1] == ["Summary paragraph (for the", "school's plan):"]


def test_an_incomplete_report_with_nothing_missing_is_one_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    from liushou_cli.render.support import write_incomplete_table

    write_incomplete_table([], date(2022, 11, 20))
    assert capsys.readouterr().out == "截至 2022-11-20，所有档案都完整\n"
