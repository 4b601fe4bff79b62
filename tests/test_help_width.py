"""--help wrapped by terminal cells (cli/clicktext.py, render/fit.py): at 80 columns no line of any
command's help is wider than 80 cells, in Chinese or English, and lines break where a
reader would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from liushou_cli.render.fit import cell_width, wrap_cells

REPOSITORY = Path(__file__).resolve().parents[1]

# The help of every command, printed at 80 columns in a process whose help is in `language`
# (the language of help is fixed when the package is imported).
_PAGES = ("import json, sys; from tools.executed_docs.run import help_pages; "
          "sys.stdout.write(json.dumps(help_pages(), ensure_ascii=False))")


def pages_in(language: str) -> list[tuple[str, str]]:
    environ = {**os.environ, "LIUSHOU_LANG": language, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-c", _PAGES], cwd=REPOSITORY, env=environ,
                          capture_output=True, check=True)
    return [(path, text) for path, text in json.loads(done.stdout)]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_help_line_is_wider_than_80_cells(language: str) -> None:
    pages = pages_in(language)
    assert len(pages) > 40 and pages[0][0] == "liushou"
    too_wide = [(path, line) for path, text in pages for line in text.splitlines()
                if cell_width(line) > 80]
    assert too_wide == []
    if language == "zh":
        # The long Chinese help did need wrapping: it is there, on more than one line.
        export = dict(pages)["liushou export"]
        assert "农村留守儿童基本情况登记表" in export.replace("\n", "")
        assert max(map(cell_width, export.splitlines())) > 70



def test_a_line_fills_up_to_the_width_exactly_and_no_further() -> None:
    assert wrap_cells("一二三四五", 10) == ["一二三四五"]
    assert wrap_cells("一二三四五六", 10) == ["一二三四五", "六"]
    assert wrap_cells("ab cd", 5) == ["ab cd"]
    assert wrap_cells("ab cd", 4) == ["ab", "cd"]


def test_no_line_starts_with_a_closing_mark_nor_ends_with_an_opening_one() -> None:
    # "，五" would start the next line: the comma stays with the character before it.
    assert wrap_cells("一二三四五，六", 10) == ["一二三四", "五，六"]
    assert wrap_cells("一二三（四五", 8) == ["一二三", "（四五"]
    assert wrap_cells("一二三四（五", 10) == ["一二三四", "（五"]
    # A Latin word is never cut while it fits on a line of its own.
    assert wrap_cells("输出 liushou.yaml", 12) == ["输出", "liushou.yaml"]


def test_a_sentence_with_an_option_inside_breaks_between_its_characters() -> None:
    text = "未提交的手工修改：检查通过后提交（--no-commit-edits：不提交，不同步）"
    lines = wrap_cells(text, 46)
    assert "".join(lines) == text
    assert all(cell_width(line) <= 46 for line in lines)
    assert any("--no-commit-edits" in line for line in lines)  # the option is never cut
    # The bracket stays with the option it opens; Chinese breaks where a mark is not.
    assert lines == ["未提交的手工修改：检查通过后提交", "（--no-commit-edits：不提交，不同步）"]
    assert wrap_cells("一二三四五六七八九十", 8) == ["一二三四", "五六七八", "九十"]


def test_a_piece_wider_than_a_line_with_nowhere_to_break_is_cut_at_the_edge() -> None:
    assert wrap_cells("abcdefghij", 4) == ["abcd", "efgh", "ij"]


_HEADINGS = {"zh": "命令：", "en": "Commands:"}


def listed_commands(page: str, heading: str) -> dict[str, str]:
    """A group's page: each command's summary as listed under `heading`, its wrapped lines
    joined without their breaks."""
    listed: dict[str, str] = {}
    name = None
    for line in page.split(heading, 1)[1].splitlines()[1:]:
        if not line.strip():
            break
        if line[2] != " ":
            name, _, text = line.strip().partition(" ")
            listed[name] = text.strip()
        elif name is not None:
            listed[name] += " " + line.strip()
    return listed


def first_paragraph(page: str) -> str:
    """A command's page: the first paragraph of its help, its lines joined."""
    return " ".join(page.split("\n\n")[1].split())


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_group_lists_each_command_with_its_whole_first_paragraph(language: str) -> None:
    # click's own listing cuts a summary at its first word that ends in ".": "add a term,
    # e.g." was all `term --help` said of `term add` in English.
    pages = dict(pages_in(language))
    cut = []
    for path, page in pages.items():
        # The root lists the command table's own summaries (cli/commands.py), shorter.
        if _HEADINGS[language] not in page or path == "liushou":
            continue
        for name, summary in listed_commands(page, _HEADINGS[language]).items():
            whole = first_paragraph(pages[f"{path} {name}"])
            if summary.replace(" ", "") != whole.replace(" ", ""):
                cut.append((f"{path} {name}", summary, whole))
    assert cut == []


def test_a_summary_of_several_lines_is_listed_as_one() -> None:
    import typer

    from liushou_cli.cli.clicktext import speak_our_words

    app = typer.Typer()

    @app.command("c", help="first line\n  of the summary\n\nmore")
    def c() -> None: ...

    @app.command("d")
    def d() -> None: ...

    @app.command("e", short_help="its own summary", help="a long help")
    def e() -> None: ...

    group = typer.main.get_command(app)
    speak_our_words(group)
    commands = group.commands  # type: ignore[attr-defined]
    assert commands["c"].short_help == "first line of the summary"
    assert commands["d"].short_help is None
    assert commands["e"].short_help == "its own summary"
