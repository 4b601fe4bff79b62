"""The docs are executed: every part that shows what `liushou` prints is written by
tools/docs.py (the --help reference, the 80-column samples, the marked blocks of README.md and
the guides), and this test fails when any of them is out of date. After a change that alters
what the tool prints, run `python tools/docs.py` and read the diff."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from liushou_cli.cli.commands import COMMANDS
from tools.executed_docs.pages import MARK, run_marked, unexecuted

REPOSITORY = Path(__file__).resolve().parents[1]
DOCS = REPOSITORY / "docs"


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def test_every_executed_part_of_the_docs_is_up_to_date() -> None:
    done = subprocess.run([sys.executable, "tools/docs.py", "--check"], cwd=REPOSITORY,
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert (done.returncode, done.stdout) == (0, ""), (
        done.stdout + done.stderr + "\nrun `python tools/docs.py` and read the diff")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_reference_holds_every_commands_help(language: str) -> None:
    text = (DOCS / f"reference.{language}.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (liushou.*)$", text, re.MULTILINE)
    for command in COMMANDS:
        assert f"liushou {command.name}" in headings
    assert "liushou child add" in headings and "liushou census status" in headings
    # Each page is a whole --help: it ends its options with --help itself.
    assert len(re.findall(r"^  --help ", text, re.MULTILINE)) == len(headings)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_samples_show_each_screen_and_their_tables_fit_80_columns(language: str) -> None:
    text = (DOCS / f"samples.{language}.md").read_text(encoding="utf-8")
    for command in ("child list", "staff list", "report --overdue", "report --stats",
                    "report --caseload", "report --incomplete", "census status", "child show"):
        assert re.search(rf"^\$ liushou (--lang en )?{re.escape(command)}", text, re.MULTILINE)
    drawn = [line for line in text.splitlines() if set(line) & set("│┃━─╭╰┏└")]
    assert drawn and max(map(width, drawn)) <= 80


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_guides_marked_examples_are_run(language: str) -> None:
    text = (DOCS / f"guide.{language}.md").read_text(encoding="utf-8")
    assert text.count(MARK) >= 7
    # The drift that started this: a field's Chinese label works with --set.
    assert re.search(r"\$ liushou (--lang en )?child edit 谢书伟 --set 监护人电话=13912345678\n"
                     r" *(已保存|Saved) 谢书伟", text)


# The examples with output still written by hand: the guides' story of 隆回县城关中学 (a
# folder made by `init`, with git, so its ids are random) and the report pages. The number
# may only go down: a new example is a marked block, run on the example school.
BY_HAND = {"README.md": 0, "docs/guide.zh.md": 73, "docs/guide.en.md": 73}


@pytest.mark.parametrize("path", sorted(BY_HAND))
def test_no_new_example_is_written_by_hand(path: str) -> None:
    found = unexecuted((REPOSITORY / path).read_text(encoding="utf-8"))
    assert found == BY_HAND[path], (
        f"{path}: {found} examples with output not marked {MARK}; mark the new one (or, "
        "if you marked one, lower BY_HAND)")


def test_a_marked_block_gets_each_commands_output_and_the_rest_stays() -> None:
    text = ("# Title\n\n```\n$ liushou child show 赵六\nmade up\n```\n\n"
            f"{MARK}\n```\n$ liushou child show 赵六\nstale\n$ liushou --lang en child show 赵六\n"
            "```\n\n  " + MARK + "\n  ```\n  $ liushou report --class 7-5\n  ```\n")
    assert run_marked(text) == (
        "# Title\n\n```\n$ liushou child show 赵六\nmade up\n```\n\n"
        f"{MARK}\n```\n$ liushou child show 赵六\n找不到学生“赵六”\n"
        "$ liushou --lang en child show 赵六\nno child “赵六”\n```\n\n  " + MARK + "\n  ```\n"
        "  $ liushou report --class 7-5\n"
        "  没有班级“7-5”;已有的班级:七(1)班、七(2)班、七(3)班、七(4)班、八(1)班、八(2)班、"
        "八(3)班、八(4)班、九(1)班、九(2)班、九(3)班、九(4)班\n  ```\n")


def test_a_mark_without_a_block_is_refused() -> None:
    with pytest.raises(ValueError, match="not followed by a fenced block"):
        run_marked(f"{MARK}\n\nsome words\n")
