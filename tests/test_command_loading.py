"""`liushou` builds only the command it runs (cli/commands.py, cli/group.py): a command
loaded when the line names it behaves exactly as in an app with every command registered up
front, for every kind of command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from liushou_cli import __version__
from liushou_cli.cli.app import app
from liushou_cli.cli.commands import COMMANDS
from liushou_cli.cli.group import LiushouGroup
from liushou_cli.i18n.help import HELP

from .conftest import run

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


# ---- what each command line imports of cli/, in a process of its own ----------------------
_REPORT_CLI_MODULES = ("import runpy, sys\n"
                       "try:\n    runpy.run_module('liushou_cli', run_name='__main__')\n"
                       "except SystemExit:\n    pass\n"
                       "print(' '.join(sorted(m.removeprefix('liushou_cli.cli.') for m in sys.modules\n"
                       "                      if m.startswith('liushou_cli.cli.'))))\n")
# The root command, its group, the table, the console set up by the entry point, and the
# group's words for click's own texts (usage errors, the help's frame).
# The root command's, and (keptline, keptfile, rootenv, context, failures) what it shares
# with a line run from its kept parse.
ROOT_MODULES = {"app", "group", "commands", "console", "clicktext", "optionvalues", "startup",
                "keptline", "keptfile", "rootenv", "context", "failures"}
COMMAND_MODULES = {command.module for command in COMMANDS}


def cli_modules_of(*lines: list[str], language: str = "zh") -> list[tuple[str, set[str]]]:
    """For each line, its output and the modules of cli/ that `liushou LINE` imported; the
    processes run side by side."""
    env = {**os.environ, "LIUSHOU_LANG": language, "COLUMNS": "80"}
    running = [subprocess.Popen([sys.executable, "-c", _REPORT_CLI_MODULES, *line], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for line in lines]
    found = []
    for line, process in zip(lines, running, strict=True):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, (line, err)
        *shown, modules = out.rstrip("\n").split("\n")
        found.append(("\n".join(shown), set(modules.split())))
    return found


# click pads the names to the longest one (`dashboard`).
NAME_WIDTH = max(len(command.name) for command in COMMANDS)


def test_help_imports_no_command_module() -> None:
    [(shown, modules)] = cli_modules_of(["--help"], language="en")
    # ...and the page kept for the next time (cli/helpcache.py).
    assert modules == ROOT_MODULES | {"helpcache"}
    # ...and still lists every command, each with its summary on one line.
    listed = shown[shown.index("Commands:"):].splitlines()[1:]
    assert listed == [f"  {command.name:<{NAME_WIDTH}}  {HELP[command.summary][1]}"
                      for command in COMMANDS]


def test_version_alone_imports_neither_typer_nor_the_root_command() -> None:
    # `liushou --version` and nothing else is answered by the entry point: the same line as
    # the root command's --version, which a longer line still reaches.
    code = ("import runpy, sys\n"
            "try:\n    runpy.run_module('liushou_cli', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m == 'typer' or m.startswith('liushou_cli.')))\n")
    done = subprocess.run([sys.executable, "-c", code, "--version"], capture_output=True,
                          text=True, check=True)
    root = CliRunner().invoke(app, ["--version"])
    assert (root.exit_code, root.stdout) == (0, f"liushou {__version__}\n")
    assert done.stdout == f"liushou {__version__}\n[]\n" and done.stderr == ""
    [(shown, modules)] = cli_modules_of(["--lang", "en", "--version"])
    assert (shown, modules) == (f"liushou {__version__}", ROOT_MODULES)


def test_a_command_imports_only_its_own_module() -> None:
    lines = [[command.name, "--help"] for command in COMMANDS]
    for command, (_, modules) in zip(COMMANDS, cli_modules_of(*lines), strict=True):
        assert modules & COMMAND_MODULES == {command.module}, command.name
        assert modules >= ROOT_MODULES


def test_a_run_imports_only_its_own_module(school: Path) -> None:
    data = ["--data", str(school)]
    (_, report), (_, child), (_, visit) = cli_modules_of(
        [*data, "report", "--as-of", "2022-11-20", "-f", "csv"], ["child", "list", *data],
        [*data, "visit", "list", "-f", "json"])
    assert report - ROOT_MODULES == {"common", "report", "report_run", "report_support"}
    assert child & COMMAND_MODULES == {"child"}
    assert visit & COMMAND_MODULES == {"entries"}


def test_the_list_of_commands_in_chinese() -> None:
    shown = run(None, "--help").stdout
    listed: list[str] = []
    for line in shown[shown.index(HELP["frame.commands"][0]):].splitlines()[1:]:
        if line.startswith(" " * (NAME_WIDTH + 4)):  # a summary too long for 80 columns goes on below
            listed[-1] += line.strip()
        else:
            listed.append(line)
    assert listed == [f"  {command.name:<{NAME_WIDTH}}  {HELP[command.summary][0]}" for command in COMMANDS]
    assert not any(line.endswith("...") for line in listed)
