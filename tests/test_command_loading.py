"""`liushou` builds only the command it runs (cli/commands.py, cli/group.py): a command
loaded when the line names it behaves exactly as in an app with every command registered up
front, for every kind of command line."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from liushou_cli.cli.app import app
from liushou_cli.cli.commands import COMMANDS
from liushou_cli.cli.group import LiushouGroup

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


def full_app() -> typer.Typer:
    """The root app with every command of the table registered at once, the usual Typer way:
    `liushou` as it was built before its commands were loaded on demand."""
    full = typer.Typer(cls=LiushouGroup, name="liushou", no_args_is_help=True,
                       add_completion=False, help=app.info.help, rich_markup_mode=None,
                       pretty_exceptions_enable=False)
    full.registered_callback = app.registered_callback
    for command in COMMANDS:
        command.register(full)
    return full


@pytest.mark.parametrize("argv", CASES, ids=lambda argv: " ".join(argv) or "(none)")
def test_same_as_the_full_app(school: Path, argv: list[str]) -> None:
    line = ["--data", str(school), *argv] if argv else []
    lazy = CliRunner().invoke(app, line)
    full = CliRunner().invoke(full_app(), line)
    assert (lazy.exit_code, lazy.stdout, lazy.stderr) == (full.exit_code, full.stdout, full.stderr)


def test_only_the_named_command_is_built() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, LiushouGroup)
    ctx = typer.Context(group)
    assert group.list_commands(ctx) == [command.name for command in COMMANDS]
    assert list(group.commands) == []
    report = group.get_command(ctx, "report")
    assert report is not None and report.name == "report" and list(group.commands) == ["report"]
    assert group.get_command(ctx, "reprot") is None and list(group.commands) == ["report"]
