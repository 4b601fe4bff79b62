"""What a command needs of the context it runs in, and a plain one for a line run without
typer (cli/keptline.py); a line to stdout or stderr as typer writes it.

A command reads the environment the root command built (`obj`), notes a thing or two for the
run (`meta`: a notice given once, the progress bar) and leaves work for its end
(`call_on_close`: the cache written back), always on the root's context (`find_root`).
typer's Context has all four; `PlainContext` has only them, so that a command written
against `CommandContext` runs the same under either.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any, Protocol

# The colour codes typer takes out of a line written to a file or a pipe (click's pattern).
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


class CommandContext(Protocol):
    """The part of typer's Context a command uses."""

    obj: Any

    @property
    def meta(self) -> dict[str, Any]: ...

    def find_root(self) -> CommandContext: ...

    def call_on_close(self, f: Callable[..., Any]) -> Callable[..., Any]: ...


class PlainContext:
    """A context without typer: the environment, the run's notes, and what to do at the end
    (`close`: last registered first, each run even if one before it fails, as typer does)."""

    def __init__(self, obj: object) -> None:
        self.obj: Any = obj
        self._meta: dict[str, Any] = {}
        self._on_close = ExitStack()

    @property
    def meta(self) -> dict[str, Any]:
        return self._meta

    def find_root(self) -> PlainContext:
        return self

    def call_on_close(self, f: Callable[..., Any]) -> Callable[..., Any]:
        return self._on_close.callback(f)

    def close(self) -> None:
        self._on_close.close()


def echo(message: str = "", *, err: bool = False) -> None:
    """`message` and a line break on stdout (stderr with `err`), flushed, colour codes taken
    out unless the stream is a terminal: typer.echo's way with text, without importing it.
    A stream said to be ASCII (LC_ALL=C without UTF-8 mode, PYTHONIOENCODING=ascii) is taken
    as misconfigured, as typer takes it: the line goes to its bytes in UTF-8."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # no console at all (pythonw on Windows): typer writes nothing either
        return
    if "\033" in message and not _isatty(stream):
        message = _ANSI.sub("", message)
    line = message + "\n"
    raw = getattr(stream, "buffer", None)
    if raw is not None and _ascii(getattr(stream, "encoding", None) or "ascii"):
        stream.flush()
        raw.write(line.encode("utf-8", "replace"))
        raw.flush()
        return
    stream.write(line)
    stream.flush()


def _ascii(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return False


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:  # a stream without a terminal behind it may not even say so
        return False
