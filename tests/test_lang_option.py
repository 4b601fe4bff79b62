"""Issue 14: `--lang` names a language we have, or says which ones there are."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run


def test_an_unknown_language_is_an_error_naming_zh_and_en(school: Path) -> None:
    result = run(school, "--lang", "fr", "child", "list")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["没有“fr”这种输出语言：--lang 只能是 zh（中文）或 en（英文）"]
    assert run(school, "child", "list", "--lang", "en_US.UTF-8").exit_code == 0
    assert run(school, "child", "list", "--lang", "zh_CN").exit_code == 0


@pytest.mark.parametrize(("value", "unknown"), [
    ("xx", "xx"), ("fr_FR.UTF-8", "fr_FR.UTF-8"), ("zh_CN.UTF-8", None), ("EN", None),
    ("", None), (None, None)])
def test_a_lang_variable_of_no_known_language_is_noted(value: str | None,
                                                       unknown: str | None) -> None:
    from liushou_cli.core.environment import Environment

    environ = {} if value is None else {"LIUSHOU_LANG": value}
    found = Environment.from_process(environ)
    assert (found.language, found.unknown_language) == (
        "en" if value == "EN" else "zh", unknown)
    assert Environment.from_process(environ, lang="en").unknown_language is None


def test_an_unknown_lang_variable_is_said_once_and_the_run_speaks_chinese(school: Path) -> None:
    # LIUSHOU_LANG=xx fell back to Chinese without a word: a typo never found.
    result = run(school, "report", "-f", "csv", unknown_language="xx")
    assert result.exit_code == 0
    assert result.stderr == "注意：LIUSHOU_LANG=“xx”不是已知的语言（zh 或 en），按中文输出\n"
    assert run(school, "--lang", "en", "report", "-f", "csv",
               unknown_language="xx").stderr == ""


@pytest.mark.parametrize(("count", "said"), [
    (1, "Exported 1 child to x.csv"), (2, "Exported 2 children to x.csv"),
    (0, "Exported 0 children to x.csv")])
def test_english_says_one_child_and_two_children(count: int, said: str) -> None:
    # "1 child files", "1 are left-behind children", "Exported 213 child(ren)": a count's
    # noun follows it (file{s}, class{es}, child{ren}); Chinese has no plural.
    from liushou_cli.i18n import t_in

    assert t_in("en", "export_done", count=count, path="x.csv") == said
    assert t_in("en", "county_census_open", count=count) == f"{count} class{'' if count == 1 else 'es'} open"
    assert t_in("zh", "export_done", count=count, path="x.csv") == f"已导出 {count} 名学生到 x.csv"


# Parameters that are counts: the noun after one takes its plural placeholder.
_COUNTS = ("count", "children", "days", "teachers", "schools", "remaining", "every",
           "guardians", "years", "received", "hours", "rows", "changed", "new", "checks",
           "overdue", "grace")


def test_no_english_message_says_1_with_a_plural_noun() -> None:
    import re

    from liushou_cli.i18n.catalog import MESSAGES

    # (census and class end in s in the singular; a noun with its placeholder is followed
    # by it.)
    counts = "|".join(_COUNTS)
    fixed = re.compile(rf"\{{({counts})\}} ((?:[a-z-]+ ){{0,2}}?)(?!(?:census|class)\b)"
                       r"([a-z]+(?:s|ren))\b(?!\{)")
    found = [f"{key}: {match.group(0)}" for key, (_, english) in MESSAGES.items()
             for match in fixed.finditer(english)]
    assert found == []
