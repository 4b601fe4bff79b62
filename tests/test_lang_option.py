"""Issue 14: `--lang` names a language we have, or says which ones there are."""

from __future__ import annotations

from pathlib import Path

from .conftest import run


def test_an_unknown_language_is_an_error_naming_zh_and_en(school: Path) -> None:
    result = run(school, "--lang", "fr", "child", "list")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["没有“fr”这种输出语言：--lang 只能是 zh（中文）或 en（英文）"]
    assert run(school, "child", "list", "--lang", "en_US.UTF-8").exit_code == 0
    assert run(school, "child", "list", "--lang", "zh_CN").exit_code == 0
