"""Every user-facing error path, run through the command line, speaks the chosen language:
in Chinese no English sentence (three English words in a row) appears, in English no
Chinese but the school's own data; never a traceback, always a non-zero exit status.

The table holds each kind of mistake a teacher makes: a misspelt command or option, a
missing argument, a bad option value, an unknown child, teacher or class, a wrong date,
phone or ID number, broken YAML (tabs, indentation, a full-width colon), a missing folder
or file, a question asked with nobody at the keyboard, and the end of input at a question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import STAFF_YAML, run

# A suggested command (liushou census --class "七(1)班") is not a sentence of either language.
_COMMAND = re.compile(r"liushou(?:[ ](?:--?[\w-]+|[\w.\"'()/=-]+))*")
_ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}[,;:]? [A-Za-z]{2,}[,;:]? [A-Za-z]{2,}\b")
_CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# The school's own words, which English output shows as they are stored.
_DATA_WORDS = ("隆回县城关中学", "张小明", "王建国", "王建军", "李芳", "七(1)班", "九(9)班", "王五",
               "监护人电话", "监护人年龄", "花名册", "回校就读", "摸底名单", "性别", "男", "在校人数")


@dataclass(frozen=True)
class Case:
    """One mistake: the line typed, what is broken first (if anything), and the run's
    environment (a person at the keyboard, the input typed)."""

    name: str
    args: tuple[str, ...]
    setup: Callable[[Path], None] | None = None
    options: dict[str, object] = field(default_factory=dict)
    folder: str | None = "school"  # the data folder, relative to tmp_path; None: no --data


def _child_file(text: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / "children" / "c0001.yaml").write_text(text, encoding="utf-8")
    return write


def _staff_file(text: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / "staff.yaml").write_text(text, encoding="utf-8")
    return write


def _batch(text: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / "new.yaml").write_text(text, encoding="utf-8")
    return write


_TWO_WANGS = STAFF_YAML + "  - id: T003\n    name: 王建军\n    roles: [任课教师]\n"
_NEW_CHILD = ("child", "add", "--name", "王五", "--gender", "男", "--class", "七(1)班",
              "--type", "其他", "--birth", "2011-03-15")

CASES = [
    Case("unknown command", ("chld", "list")),
    Case("unknown sub-command", ("child", "lst")),
    Case("unknown option", ("child", "list", "--bogus")),
    Case("misspelt option", ("child", "list", "--formt", "json")),
    Case("missing argument", ("child", "show")),
    Case("option without its value", ("child", "list", "--class")),
    Case("flag given a value", ("report", "--stats=yes")),
    Case("extra argument", ("child", "show", "c0001", "c0002")),
    Case("bad choice", ("child", "list", "--format", "xml")),
    Case("bad export format", ("export", "--output", "x.pdf", "--format", "pdf")),
    Case("not a whole number", ("report", "--due-within", "x")),
    Case("below the least", ("report", "--due-within", "-1")),
    Case("unknown language", ("--lang", "fr", "child", "list")),
    Case("unknown child", ("child", "show", "nobody")),
    Case("unknown teacher", ("visit", "add", "c0001", "--by", "nobody", "--date", "2022-11-20")),
    Case("several teachers by prefix", ("report", "--by", "王建"), _staff_file(_TWO_WANGS)),
    Case("unknown class", ("child", "list", "--class", "九(9)班")),
    Case("unknown term", ("report", "--stats", "--term", "2030秋")),
    Case("wrong date", ("report", "--as-of", "2022-13-01")),
    Case("future date", ("talk", "add", "c0001", "学习", "--by", "T001", "--date", "2030-01-01")),
    Case("bad phone", ("child", "edit", "c0001", "--set", "监护人电话=123")),
    Case("bad whole number in --set", ("child", "edit", "c0001", "--set", "guardian.age=abc")),
    Case("unknown field in --set", ("child", "edit", "c0001", "--set", "nofield=1")),
    Case("bad ID number", (*_NEW_CHILD, "--id-number", "430524201103150012")),
    Case("missing required option", ("child", "add", "--name", "王五")),
    Case("broken YAML", ("child", "show", "c0001"), _child_file("id: c0001\nname: [张小明\n")),
    Case("tab in YAML", ("child", "show", "c0001"), _child_file("id: c0001\n\tname: 张小明\n")),
    Case("over-indented YAML", ("child", "show", "c0001"),
         _child_file("id: c0001\nname: 张小明\n  gender: 男\n")),
    Case("full-width colon", ("child", "show", "c0001"),
         _child_file("id: c0001\nname: 张小明\ngender：男\n")),
    Case("bad value in a file", ("child", "show", "c0001"),
         _child_file("id: c0001\nname: 张小明\ngender: 男\nclass: 七(1)班\nleft_behind_type: 其他\n"
                     "recorded_on: 2022-09-05\nguardian:\n  age: abc\n")),
    Case("broken staff.yaml", ("child", "list"), _staff_file("staff: [\n")),
    Case("missing data folder", ("child", "list"), folder="nowhere"),
    Case("missing file", ("child", "add", "--from", "missing.yaml")),
    Case("missing roster", ("census", "--from", "missing.csv", "--class", "七(1)班",
                            "--term", "2022秋")),
    Case("census without a terminal", ("census", "--class", "七(1)班", "--term", "2022秋")),
    Case("end of input at a question", ("child", "add", "--class", "七(1)班"),
         options={"interactive": True, "input": ""}),
    # The usage line names its arguments in the run's words; an option without its value
    # shows it too; a mark between two placeholders is full-width.
    Case("missing arguments", ("visit", "add")),
    Case("date option without its value", ("report", "--as-of")),
    Case("global option without its value", ("--data",), folder=None),
    Case("flag given a value on a command with an argument",
         ("child", "show", "c0001", "--sensitive=yes")),
    Case("one record of several", ("child", "add", "--from", "{school}/new.yaml"),
         _batch("children:\n"
                "  - {name: 王五, gender: 男, class: 七(1)班, left_behind_type: 其他}\n"
                "  - {name: 王五, gender: 男, class: 7-1, left_behind_type: 其他}\n")),
    Case("unwritable export target", ("export", "--output", "{school}/../missing/list.csv")),
]


def _run(case: Case, tmp_path: Path, school: Path, language: str) -> tuple[int, str]:
    if case.setup is not None:
        case.setup(school)
    root = tmp_path / case.folder if case.folder else None
    options = dict(case.options)
    given = options.pop("input", None)
    args = [arg.replace("{school}", str(school)) for arg in case.args]
    result = run(root, "--lang", language, *args, input=given,  # type: ignore[arg-type]
                 **options)
    return result.exit_code, result.output


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_in_chinese_no_english_sentence(case: Case, tmp_path: Path, school: Path) -> None:
    status, said = _run(case, tmp_path, school, "zh")
    assert status != 0, said
    assert said.strip() and "Traceback" not in said, said
    prose = _COMMAND.sub("", said.replace(str(tmp_path), ""))
    assert not _ENGLISH_SENTENCE.search(prose), said
    assert _CHINESE.search(said), said
    # After the command, a usage line says 选项 and the arguments' names in Chinese, never
    # typer's {child} nor OPTIONS.
    for line in said.splitlines():
        if line.startswith("用法："):
            assert re.fullmatch(r"用法：liushou(?: [a-z-]+)* \[选项\][^A-Za-z{}]*", line), line
    # A Chinese sentence takes no half-width mark after a Chinese character (a question's
    # prompt, click's "姓名: ", is not held to it yet).
    if not case.options.get("interactive"):
        assert not re.search(r"[\u4e00-\u9fff）”][,;:]|[,;:][\u4e00-\u9fff（“]",
                             prose.replace("“:”", "")), said


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_in_english_no_chinese(case: Case, tmp_path: Path, school: Path) -> None:
    status, said = _run(case, tmp_path, school, "en")
    assert status != 0, said
    assert said.strip() and "Traceback" not in said, said
    prose = said.replace(str(tmp_path), "")
    for word in (*_DATA_WORDS, *case.args):
        prose = prose.replace(word, "")
    assert not _CHINESE.search(prose), said
