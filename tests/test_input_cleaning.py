"""Input as teachers type it, at its edges: phones with spaces, dashes, +86 or full-width
digits; a teacher by the start of a name; YAML broken by indentation or a full-width colon;
a question with nobody at the keyboard; a suggested command that pastes into a shell; and
the help's own words in the chosen language."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from liushou_cli.core.shellwords import shell_word
from liushou_cli.core.validators import clean_phone, is_phone
from liushou_cli.ops.children import nest
from liushou_cli.store.yamlio import ParseFailure, parse_mapping

from .conftest import STAFF_YAML, run, snapshot


@pytest.mark.parametrize(("typed", "stored"), [
    ("13812345678", "13812345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),  # a Chinese input method's full-width digits
    ("+86 138 1234 5678", "13812345678"),
    ("8613812345678", "13812345678"),
    (" 13812345678 ", "13812345678"),
    ("0739-2345678", "0739-2345678"),  # a landline keeps the dash after its area code
    ("０７３９－２３４５６７８", "0739-2345678"),
    ("0739 2345678", "07392345678"),
    ("(0739)2345678", "07392345678"),
])
def test_a_phone_as_typed_is_cleaned_to_one_shape(typed: str, stored: str) -> None:
    assert clean_phone(typed) == stored
    assert is_phone(typed) and is_phone(stored)


@pytest.mark.parametrize("typed", ["1381234567", "138123456789", "23812345678", "12345",
                                   "138 1234 567", "电话", "", "+87 138 1234 5678"])
def test_what_is_still_no_phone_comes_back_as_typed(typed: str) -> None:
    assert clean_phone(typed) == typed
    assert not is_phone(typed)


def test_only_phone_fields_are_cleaned() -> None:
    assert nest([("guardian.phone", "138 1234 5678"), ("father.work_phone", "０７３９－２３４５６７８"),
                 ("note", "138 1234 5678")]) == {
        "guardian": {"phone": "13812345678"}, "father": {"work_phone": "0739-2345678"},
        "note": "138 1234 5678"}


def test_set_stores_a_full_width_phone_clean(school: Path) -> None:
    result = run(school, "child", "edit", "c0001", "--set", "监护人电话=１３９ ８８８８ ７７７７")
    assert result.exit_code == 0, result.output
    assert "  phone: '13988887777'\n" in (school / "children" / "c0001.yaml").read_text("utf-8")
    assert "监护人电话" in result.stdout and "guardian.phone" not in result.stdout


def test_add_stores_a_dashed_phone_clean(school: Path) -> None:
    result = run(school, "child", "add", "--name", "王五", "--gender", "男", "--class", "7-1",
                 "--type", "其他", "--guardian-phone", "139-8888-7777")
    assert result.exit_code == 0, result.output
    text = (school / "children" / "c0002.yaml").read_text("utf-8")
    assert "phone: '13988887777'" in text and "class: 七(1)班" in text


def test_staff_add_stores_a_spaced_phone_clean(school: Path) -> None:
    result = run(school, "staff", "add", "--name", "赵老师", "--phone", "0739 2345679")
    assert result.exit_code == 0, result.output
    assert "phone: '07392345679'" in (school / "staff.yaml").read_text("utf-8")


def test_a_hand_edited_spaced_phone_is_accepted_and_left_as_written(school: Path) -> None:
    path = school / "children" / "c0001.yaml"
    path.write_text(path.read_text("utf-8").replace("'13912345678'", "'139 1234 5678'"), "utf-8")
    before = snapshot(school)
    shown = run(school, "child", "list", "-f", "csv")
    assert shown.exit_code == 0 and "13912345678" in shown.stdout
    assert run(school, "check").exit_code == 0
    assert snapshot(school) == before


def test_a_bad_phone_is_still_refused_and_named_by_its_label(school: Path) -> None:
    before = snapshot(school)
    result = run(school, "child", "edit", "c0001", "--set", "guardian.phone=139 1234")
    assert result.exit_code != 0 and "监护人电话" in result.output
    assert "guardian.phone" not in result.output
    assert snapshot(school) == before


# ---- a teacher by the start of a name -------------------------------------------------------
def _two_wangs(school: Path) -> None:
    (school / "staff.yaml").write_text(
        STAFF_YAML + "  - id: T003\n    name: 王建军\n    roles: [任课教师]\n", encoding="utf-8")


def test_the_start_of_a_name_finds_the_one_teacher(school: Path) -> None:
    result = run(school, "talk", "add", "c0001", "学习", "--by", "王建", "--date", "2022-11-18")
    assert result.exit_code == 0, result.output
    assert "    by: T001\n" in (school / "children" / "c0001.yaml").read_text("utf-8")


def test_the_start_of_several_names_lists_them(school: Path) -> None:
    _two_wangs(school)
    before = snapshot(school)
    result = run(school, "talk", "add", "c0001", "学习", "--by", "王建", "--date", "2022-11-18")
    assert result.exit_code == 1
    assert "T001(王建国)" in result.stderr and "T003(王建军)" in result.stderr
    assert snapshot(school) == before


def test_a_whole_name_wins_over_a_longer_one_it_starts(school: Path) -> None:
    (school / "staff.yaml").write_text(
        STAFF_YAML + "  - id: T003\n    name: 李芳芳\n    roles: [任课教师]\n", encoding="utf-8")
    result = run(school, "talk", "add", "c0001", "学习", "--by", "李芳", "--date", "2022-11-18")
    assert result.exit_code == 0, result.output


def test_no_teacher_starts_so(school: Path) -> None:
    result = run(school, "talk", "add", "c0001", "学习", "--by", "建国", "--date", "2022-11-18")
    assert (result.exit_code, result.stderr) == (1, "找不到教职工“建国”\n")


# ---- YAML as teachers break it --------------------------------------------------------------
@pytest.mark.parametrize(("text", "line", "hint"), [
    ("id: c1\nname: 张\n  gender: 男\n", 3, "缩进没有对齐"),
    ("id: c1\nname: 张\n    gender: 男\n", 3, "缩进没有对齐"),
    ("id: c1\nname: 张\ngender：男\n", 3, "半角"),
    ("id: c1\n- date：2022-09-01\n", 2, "半角"),
    ("id: c1\n\tname: 张\n", 2, "Tab"),
    ("id: c1\nname: 张: 三\n", 2, "此处不能出现"),  # a colon in a value is no indentation
    ("id: c1\nfather:\n  name: 张\n  phone: '1'\n", None, None),  # deeper under a key: fine
])
def test_yaml_mistakes_are_named_as_teachers_make_them(text: str, line: int | None,
                                                        hint: str | None) -> None:
    parsed = parse_mapping(text)
    if hint is None:
        assert not isinstance(parsed, ParseFailure)
        return
    assert isinstance(parsed, ParseFailure)
    assert parsed.line == line and hint in parsed.message, parsed.message


def test_a_full_width_colon_in_a_value_is_no_mistake() -> None:
    assert parse_mapping("id: c1\nnote: 时间：周五\n") == {"id": "c1", "note": "时间：周五"}


# ---- nobody at the keyboard -----------------------------------------------------------------
def test_census_without_a_terminal_says_it_needs_one(school: Path) -> None:
    before = snapshot(school)
    result = run(school, "census", "--class", "七1", "--term", "2022秋", input="在读\n")
    assert result.exit_code == 2
    assert "终端" in result.stderr and '--class "七(1)班"' in result.stderr
    assert snapshot(school) == before


def test_the_end_of_input_at_a_question_is_an_interruption(school: Path) -> None:
    result = run(school, "child", "add", "--class", "七(1)班", input="", interactive=True)
    # the question, then the word, as after ^C on a terminal
    assert result.exit_code == 130 and result.output.rstrip().endswith("姓名：已中断")
    english = run(school, "--lang", "en", "child", "add", "--class", "七(1)班", input="",
                  interactive=True)
    assert english.exit_code == 130 and english.output.rstrip().endswith("Interrupted")


# ---- suggested commands paste into a shell ---------------------------------------------------
@pytest.mark.parametrize(("word", "shown"), [
    ("七(1)班", '"七(1)班"'), ("七1", "七1"), ("c0001", "c0001"), ("张 小明", '"张 小明"'),
    ("2022-09-01", "2022-09-01"), ('say "hi"', "'say \"hi\"'"), ("$HOME", "'$HOME'")])
def test_a_suggested_word_pastes_into_a_shell(word: str, shown: str) -> None:
    assert shell_word(word) == shown
    assert shlex.split(shell_word(word)) == [word]


# ---- the help's own words --------------------------------------------------------------------
@pytest.mark.parametrize("line", [["--help"], ["report", "--help"], ["child", "add", "--help"],
                                  ["child", "show", "--help"], ["census", "--help"]])
def test_the_help_frame_is_in_chinese(line: list[str]) -> None:
    shown = run(None, *line).stdout
    assert shown.startswith("用法：liushou")
    for english in ("Usage:", "Options:", "Commands:", "Arguments:", "[OPTIONS]", "<str>",
                    "<int", "[default:", "[required]", "Show this message"):
        assert english not in shown, (english, shown)
    assert "显示本帮助并退出" in shown
