"""`liushou` builds only the command it runs (cli.app.app_for): the same behaviour as the
full app, for every kind of command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from liushou_cli.cli.app import app, app_for

CASES = [
    ["report", "--as-of", "2022-11-22", "-f", "csv"],
    ["report", "--as-of", "2022-11-22", "--lang", "en"],
    ["--lang", "en", "child", "list"],
    ["child", "show", "c0001", "--no-cache"],
    ["staff", "list"],
    ["check"],
    ["visit", "add", "c0001", "--by", "nobody", "--date", "2022-11-20"],
    ["report", "--help"],
    ["child", "--help"],
    ["--help"],
    ["reprot"],
    [],
]


@pytest.mark.parametrize("argv", CASES, ids=lambda argv: " ".join(argv) or "(none)")
def test_same_as_the_full_app(school: Path, argv: list[str]) -> None:
    line = ["--data", str(school), *argv] if argv else []
    slim = CliRunner().invoke(app_for(line), line)
    full = CliRunner().invoke(app, line)
    assert (slim.exit_code, slim.stdout, slim.stderr) == (full.exit_code, full.stdout, full.stderr)


def test_only_the_named_command_is_built() -> None:
    slim = app_for(["--data", "x", "report", "--lang", "en"])
    assert [info.callback.__name__ for info in slim.registered_commands
            if info.callback] == ["report"] and slim.registered_groups == []
    assert [info.name for info in app_for(["child", "list"]).registered_groups] == ["child"]
    assert app_for(["--help"]) is app and app_for(["nothing-like-it"]) is app
