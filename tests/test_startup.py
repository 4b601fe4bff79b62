"""The start-up without the cyclic collector (cli/startup.py): paused as the process starts,
on again (the start-up's objects frozen) when the command itself is about to run, never
when a group's callback runs before it; a process that had it off is left so. And the end:
a process of the command line ends at its last exit handler, with the command's status and
its whole output, without freeing its objects; as usual where that is not known to be safe."""

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
from liushou_cli.core.errors import ExitStatus

from .conftest import run


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Each test leaves the collector as it found it (on, nothing frozen)."""
    was = gc.isenabled()
    yield
    startup._paused.clear()
    startup._held = None
    startup._status.clear()
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


# A probe of the entry point in a process of its own: an object freed at the interpreter's
# usual end says so (a quick end frees nothing); `later` is an exit handler registered after
# the entry point's own, `sooner` one registered before it (as a tool watching the process
# would: then the process ends as usual).
_END_PROBE = """
import atexit, sys
from liushou_cli.cli import startup
from liushou_cli.__main__ import main

class Freed:
    def __del__(self):
        print("freed one by one", flush=True)

kept = Freed()
if sys.argv[1] == "sooner":
    atexit.register(lambda: print("sooner handler ran", flush=True))
quickly = startup.end_quickly

def later():
    held = type(startup._held[0]).__name__ if startup._held else None
    print(f"later handler ran, holding {held}", file=sys.stderr, flush=True)

def end_quickly():
    quickly()
    atexit.register(later)

startup.end_quickly = end_quickly
sys.argv = ["liushou", *sys.argv[2:]]
main()
"""


def _probe(when: str, school: Path | None, *args: str,
           **environment: str) -> subprocess.CompletedProcess[str]:
    # Output buffered, as a user's is (a shell may set PYTHONUNBUFFERED: then nothing is
    # left in the buffer for the end to flush).
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    line = ["--data", str(school), *args] if school is not None else list(args)
    return subprocess.run([sys.executable, "-c", _END_PROBE, when, *line],
                          capture_output=True, text=True, timeout=60, check=False,
                          env={**env, "LIUSHOU_NO_CACHE": "1", **environment})


@pytest.mark.parametrize(("args", "status"), [
    (("report", "--overdue", "--as-of", "2022-11-20", "--format", "csv"), 0),
    (("child", "show", "nobody"), 1),  # an unknown child
    (("report", "--no-such-option"), 2),  # a usage error
])
def test_the_process_ends_quickly_with_the_commands_status_and_output(
        school: Path, args: tuple[str, ...], status: int) -> None:
    done = _probe("later", school, *args)
    assert done.returncode == status, done.stderr
    assert "later handler ran" in done.stderr  # every other handler ran before the end
    assert "freed one by one" not in done.stdout  # and nothing was freed after it
    if status == 0:
        # The whole output (flushed by the end itself: nothing else wrote to it after the
        # command), as the same command gives it in the test's runner; the folder's values
        # held to the end.
        assert done.stdout.splitlines() == run(school, *args).output.splitlines()
        assert "holding Dataset" in done.stderr
    else:
        assert "Traceback" not in done.stderr
        assert done.stderr.splitlines()[0] == run(school, *args).output.splitlines()[0]


def test_a_help_page_answered_from_the_cache_ends_quickly(tmp_path: Path) -> None:
    # The entry point answers it without a command (cli/helpcache.py): it returns, and its
    # status is 0.
    cache = {"LIUSHOU_NO_CACHE": "", "LIUSHOU_CACHE_DIR": str(tmp_path / "cache")}
    first = _probe("later", None, "report", "--help", **cache)
    assert list((tmp_path / "cache").glob("help-*.txt")), first.stderr  # the page kept
    kept = _probe("later", None, "report", "--help", **cache)
    assert first.returncode == kept.returncode == 0, kept.stderr
    assert kept.stdout == first.stdout and "--overdue" in kept.stdout
    assert "later handler ran" in kept.stderr and "freed one by one" not in kept.stdout


def test_a_handler_registered_before_the_entry_points_makes_the_usual_end(school: Path) -> None:
    # The quick end would skip it (handlers run last registered first): the process ends as
    # usual, every handler run, with the same status.
    done = _probe("sooner", school, "child", "show", "nobody")
    assert done.returncode == 1, done.stderr
    assert "sooner handler ran" in done.stdout
    assert "freed one by one" in done.stdout


@pytest.mark.parametrize("watch", [
    "import sys\nsys.settrace(lambda *args: None)\n",  # a coverage tool, a debugger
    "import sys\nsys.setprofile(lambda *args: None)\n",  # a profiler
    "import atexit\ndel atexit._ncallbacks\n",  # another Python: no count of handlers
])
def test_a_tracer_a_profiler_or_no_count_of_handlers_makes_the_usual_end(watch: str) -> None:
    # A tracer or profiler saves what it saw at the usual end; without the count of exit
    # handlers, whether one came before the end's own cannot be known.
    probe = (f"{watch}"
             "from liushou_cli.cli import startup\n"
             "startup.end_quickly()\n"
             "print(startup._held is None)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.stdout.strip() == "True", done.stderr


def test_an_error_no_one_caught_ends_as_usual_with_its_traceback() -> None:
    # No status said: the interpreter prints the traceback and ends with status 1.
    probe = ("from liushou_cli.cli import startup\n"
             "startup.end_quickly()\n"
             "raise RuntimeError('no one caught this')\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 1
    assert "RuntimeError: no one caught this" in done.stderr


@pytest.mark.parametrize(("code", "status"), [(None, [0]), (0, [0]), (3, [3]),
                                              (ExitStatus.PROBLEM, [1]), (True, [1]),
                                              ("a message", []), (1.0, [])])
def test_only_a_whole_number_is_the_status(code: object, status: list[int]) -> None:
    startup.ended(code)
    assert startup._status == status


def test_the_last_status_said_is_the_one() -> None:
    startup.ended(3)
    startup.ended(None)
    assert startup._status == [0]


def test_hold_keeps_one_value_only_while_ending_quickly() -> None:
    startup._held = None
    startup.hold(object())  # a test's runner: nothing held
    assert startup._held is None
    startup._held = []
    first, second = object(), object()
    startup.hold(first)
    startup.hold(second)  # in place of the first
    assert startup._held == [second]


def test_a_command_in_the_test_runner_holds_nothing(school: Path) -> None:
    assert run(school, "child", "list").exit_code == 0
    assert startup._held is None


class _ClosedPipe:
    """Standard output whose reader has gone."""

    def flush(self) -> None:
        raise BrokenPipeError


@pytest.mark.parametrize("stream", [_ClosedPipe(), None])  # None: a windowed Python's
def test_output_that_cannot_be_flushed_makes_the_usual_end(
        monkeypatch: pytest.MonkeyPatch, stream: object) -> None:
    # The usual end says why the output was lost (and its status is the interpreter's).
    startup.ended(0)
    monkeypatch.setattr(sys, "stdout", stream)
    startup._end()  # returns: the process would end as usual, not here


def test_no_status_said_makes_the_usual_end() -> None:
    startup._status.clear()
    startup._end()  # returns without ending the process
