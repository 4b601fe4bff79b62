"""The environment: each documented variable read into it (from a mapping, never the test
process's own), the global options winning over the variables, the root command keeping an
environment it is given, and building one from the process when it is not."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from liushou_cli.cli.app import app
from liushou_cli.core.environment import Environment, help_language, width_of

from .conftest import run, use_environment

HOME = {"HOME": "/home/wang"}


def test_nothing_set() -> None:
    before = date.today()
    env = Environment.from_process(HOME)
    assert before <= env.today <= date.today()
    assert (env.language, env.user, env.data, env.cache_dir, env.cache, env.debug) == (
        "zh", None, None, Path("/home/wang/.cache/liushou"), True, False)
    assert env.cache_folder == Path("/home/wang/.cache/liushou")


@pytest.mark.parametrize(("variables", "field", "value"), [
    ({"LIUSHOU_DATA": "/srv/school"}, "data", Path("/srv/school")),
    ({"LIUSHOU_DATA": ""}, "data", None),
    ({"LIUSHOU_LANG": "en"}, "language", "en"),
    ({"LIUSHOU_LANG": "en_US.UTF-8"}, "language", "en"),
    ({"LIUSHOU_LANG": "fr"}, "language", "zh"),
    ({"LIUSHOU_USER": "李芳"}, "user", "李芳"),
    ({"LIUSHOU_USER": ""}, "user", None),
    ({"LIUSHOU_NO_CACHE": "1"}, "cache", False),
    ({"LIUSHOU_NO_CACHE": ""}, "cache", True),
    ({"LIUSHOU_CACHE_DIR": "/tmp/c"}, "cache_dir", Path("/tmp/c")),
    ({"XDG_CACHE_HOME": "/var/cache"}, "cache_dir", Path("/var/cache/liushou")),
    ({"XDG_CACHE_HOME": "/var/cache", "LIUSHOU_CACHE_DIR": "/tmp/c"}, "cache_dir",
     Path("/tmp/c")),
    ({"LIUSHOU_DEBUG": "1"}, "debug", True),
    ({"COLUMNS": "73"}, "width", 73),
    ({"COLUMNS": "wide"}, "width", 80),
])
def test_each_variable(variables: dict[str, str], field: str, value: Any) -> None:
    assert getattr(Environment.from_process({**HOME, **variables}), field) == value


def test_options_win_over_variables() -> None:
    variables = {**HOME, "LIUSHOU_DATA": "/srv/school", "LIUSHOU_LANG": "en"}
    env = Environment.from_process(variables, data=Path("/mnt/usb"), lang="zh", no_cache=True)
    assert (env.data, env.language, env.cache, env.cache_folder) == (
        Path("/mnt/usb"), "zh", False, None)
    # An empty --lang is no choice: the variable stands.
    assert Environment.from_process(variables, lang="").language == "en"
    off = Environment.from_process({**HOME, "LIUSHOU_NO_CACHE": "1"})
    assert off.with_options(no_cache=False).cache is False  # an option never turns it back on


def test_width_on_a_terminal_and_off_it() -> None:
    assert width_of({"COLUMNS": "73"}, tty=True) == 73
    assert width_of({"COLUMNS": "73"}, tty=False) == 73
    assert width_of({}, tty=False) == 80


def test_no_colour_off_a_terminal() -> None:
    # pytest's captured stdout is no terminal: never colour, whatever TERM says.
    assert Environment.from_process({**HOME, "TERM": "xterm-256color"}).colour is False


@pytest.mark.parametrize(("argv", "variables", "language"), [
    ([], {}, "zh"),
    ([], {"LIUSHOU_LANG": "en"}, "en"),
    (["--lang", "en", "--help"], {}, "en"),
    (["child", "--lang=en"], {}, "en"),
    (["--lang", "zh"], {"LIUSHOU_LANG": "en"}, "zh"),
    (["--lang="], {"LIUSHOU_LANG": "en"}, "en"),
])
def test_help_language(argv: list[str], variables: dict[str, str], language: str) -> None:
    assert help_language(argv, variables) == language


# ---- the root command ----------------------------------------------------------------------
def test_the_root_command_keeps_the_environment_it_is_given(school: Path) -> None:
    # Recorded on the given day, by the given user, in the given language; --lang still wins.
    use_environment(today=date(2022, 11, 20), user="T001", language="en")
    result = run(school, "contact", "add", "c0001", "回电话")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Recorded for 张小明 (c0001): contact on 2022-11-20 by 王建国\n"
    chinese = run(school, "--lang", "zh", "contact", "add", "c0001", "又回电话")
    assert chinese.stdout == "已记录：张小明(c0001)— 联系 2022-11-20，王建国\n"


def test_the_root_command_builds_it_from_the_process(school: Path, tmp_path: Path) -> None:
    # No environment given: the variables of the process are read (CliRunner sets them for
    # the length of the run only), as the installed command reads them.
    variables = {"LIUSHOU_DATA": str(school), "LIUSHOU_USER": "李芳", "LIUSHOU_LANG": "en",
                 "LIUSHOU_CACHE_DIR": str(tmp_path / "cache")}
    result = CliRunner().invoke(app, ["talk", "add", "c0001", "想家"], env=variables)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Recorded for 张小明 (c0001): talk on ")
    assert result.stdout.endswith(" by 李芳\n")
    assert "    by: T002\n" in (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "cache").is_dir()


def test_debug_shows_the_traceback_of_an_internal_error(school: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr("liushou_cli.cli.common.load_dataset", broken)
    quiet = run(school, "child", "list")
    assert (quiet.exit_code, quiet.stderr) == (
        3, "内部错误：RuntimeError: a bug。设置 LIUSHOU_DEBUG=1 可看详细信息，请告知维护人员\n")
    loud = run(school, "child", "list", debug=True)
    assert loud.exit_code == 3
    assert loud.stderr.startswith("Traceback (most recent call last):\n")
    assert loud.stderr.endswith("RuntimeError: a bug\n" + quiet.stderr)


def test_streams_closed_before_the_command_began(monkeypatch: pytest.MonkeyPatch) -> None:
    # `liushou report >&-`: Python has no stdout (None); the environment is still built (it
    # was an error, with a traceback, before any command could say a word).
    for name in ("stdout", "stderr", "stdin"):
        monkeypatch.setattr(sys, name, None)
    env = Environment.from_process(HOME)
    assert (env.colour, env.progress_after, env.interactive, env.width) == (False, None, False, 80)
