"""The command line's start-up without the cyclic garbage collector.

Starting a command (the imports, typer's command objects, pydantic's adapters for its
options) makes a hundred thousand objects that live until the process ends and almost no
garbage: the collector's passes over them took 10 ms of a school's 170 ms report (83
passes, 627 objects freed). `begin` turns the collector off as the process starts
(`__main__`); `over` turns it back on as the command itself begins (the commands' context,
cli/clicktext.py), with what the start-up made frozen out of its sight (gc.freeze).
A process that had the collector off already (a test's runner) is left as it was.
"""

from __future__ import annotations

import gc

_paused: list[bool] = []  # not empty while begin's pause lasts


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
