"""The command line's start-up without the cyclic garbage collector, and its end without
freeing every object one by one.

Starting a command (the imports, typer's command objects, pydantic's adapters for its
options) makes a hundred thousand objects that live until the process ends and almost no
garbage: the collector's passes over them took 10 ms of a school's 170 ms report (83
passes, 627 objects freed). `begin` turns the collector off as the process starts
(`__main__`); `over` turns it back on as the command itself begins (the commands' context,
cli/clicktext.py), with what the start-up made frozen out of its sight (gc.freeze).
A process that had the collector off already (a test's runner) is left as it was.

At its end a process frees every object it made, one by one: a county's folder read from the
cache is some 20 ms of a 0.6 s report at 20,000 children (the folder's values when the
command lets go of them, the modules as the interpreter shuts down), about 8 ms of a school's
0.2 s. Nothing is written then: every file the command writes is whole and closed before it
returns. `end_quickly` (the entry point, before anything else) has the process end at its
last exit handler, once every other has run and the output is flushed, without that freeing;
`hold` keeps the folder's values to then (cli/common.dataset); `ended` says the exit status.
Only where that is known to be safe: this handler the first registered (so the last run),
no tracer or profiler watching (they save what they saw at exit), not `python -i`. A process
that did not say its status (an uncaught error: its traceback is printed, status 1), or whose
output cannot be flushed (a closed pipe), ends as usual. Under a test's runner none of this
is called: `hold` holds nothing.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

_paused: list[bool] = []  # not empty while begin's pause lasts
_held: list[object] | None = None  # while ending quickly: what is freed by the process's end
_status: list[int] = []  # the exit status the command ended with, once said


def begin() -> None:
    """The collector paused for the start-up, if it is on."""
    if gc.isenabled():
        gc.disable()
        _paused.append(True)


def over() -> None:
    """The start-up is over: its objects frozen, the collector on again (if begin paused
    it; nothing otherwise)."""
    if _paused:
        _paused.clear()
        gc.freeze()
        gc.enable()


def end_quickly() -> None:
    """Have the process end without freeing its objects, if that is safe here (above)."""
    global _held
    registered = getattr(atexit, "_ncallbacks", None)  # CPython's count of exit handlers
    if (registered is None or registered() != 0 or sys.gettrace() is not None
            or sys.getprofile() is not None or sys.flags.inspect):
        return
    _held = []
    atexit.register(_end)


def hold(value: object) -> None:
    """Keep `value` until the process ends (ending quickly; nothing otherwise), in place of
    what was held before: a command that reads the folder twice frees the first reading when
    it takes the second, as it would without this."""
    if _held is not None:
        _held[:] = [value]


def ended(code: object) -> None:
    """The command ended with SystemExit's `code` (None: it returned): a whole number (our
    exits give an ExitStatus, an IntEnum) is the process's status, as the interpreter would
    make it; anything else (a message) ends the process as usual."""
    _status.clear()
    if code is None:
        _status.append(0)
    elif isinstance(code, int):
        _status.append(int(code))


def _end() -> None:
    """The last exit handler: output flushed, the process ended with the command's status;
    as usual when no status was said or the output cannot be flushed."""
    if not _status:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # a reader gone, a stream closed, or none
        return  # (a windowed Python's None): the usual end says so, or has nothing to say
    os._exit(_status[0])
