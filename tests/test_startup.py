"""The start-up without the cyclic collector (cli/startup.py): paused as the process starts,
on again (the start-up's objects frozen) when the command itself is about to run, never
when a group's callback runs before it; a process that had it off is left so."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer._click import Command
from typer.core import TyperCommand

from liushou_cli.cli import startup
from liushou_cli.cli.app import app
from liushou_cli.cli.clicktext import WordsContext

from .conftest import run


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Each test leaves the collector as it found it (on, nothing frozen)."""
    was = gc.isenabled()
    yield
    startup._paused.clear()
    gc.unfreeze()
    if was:
        gc.enable()
    else:
        gc.disable()


def test_begin_pauses_and_over_resumes_with_the_start_up_frozen() -> None:
    gc.enable()
    gc.unfreeze()
    startup.begin()
    assert not gc.isenabled()
    startup.begin()  # twice is once: the first pause stands
    made = [[] for _ in range(1000)]  # objects of the start-up
    startup.over()
    assert gc.isenabled() and gc.get_freeze_count() >= len(made)
    gc.disable()
    startup.over()  # over again: nothing to resume
    assert not gc.isenabled()


def test_a_collector_that_was_off_is_left_off() -> None:
    gc.disable()
    startup.begin()
    startup.over()
    assert not gc.isenabled() and gc.get_freeze_count() == 0


def test_a_commands_run_resumes_it_a_group_callback_does_not(school: Path) -> None:
    # The root group's callback (the global options) runs before the command: the pause
    # lasts through it; the command's own context ends it.
    gc.enable()
    startup.begin()
    group = WordsContext(app_command())
    assert group.invoke(lambda: "root") == "root" and not gc.isenabled()
    leaf = WordsContext(TyperCommand("leaf"))
    assert leaf.invoke(lambda: "leaf") == "leaf" and gc.isenabled()
    startup.begin()
    result = run(school, "report", "--overdue")
    assert result.exit_code in (0, 3), result.output
    assert gc.isenabled()


def test_a_line_that_runs_no_command_leaves_the_pause(school: Path) -> None:
    gc.enable()
    startup.begin()
    assert run(school, "child", "--help").exit_code == 0
    assert not gc.isenabled()


def test_the_command_line_runs_its_command_with_the_collector_on(school: Path) -> None:
    # The whole entry point, in a process of its own: the command sees the collector on.
    probe = ("import atexit, gc, sys\n"
             "from liushou_cli.__main__ import main\n"
             "atexit.register(lambda: print('collector', gc.isenabled(),"
             " gc.get_freeze_count() > 10000))\n"
             "sys.argv = ['liushou', '--data', sys.argv[1], 'child', 'list']\n"
             "main()\n")
    done = subprocess.run([sys.executable, "-c", probe, str(school)], capture_output=True,
                          text=True, timeout=60, check=False,
                          env={**os.environ, "LIUSHOU_NO_CACHE": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "collector True True"


def app_command() -> Command:
    from typer.main import get_command

    return get_command(app)
