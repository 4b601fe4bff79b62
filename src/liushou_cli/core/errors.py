"""What can go wrong, as data: a Problem found in a file, and the errors a command raises.

A command never shows a traceback for a user's mistake: the CLI turns a LiushouError into one
line `path:line: message` (or just the message) and a non-zero exit status. A Problem keeps
its message as a code (core/text.py), so that the cache keeps it in no language; a raised
error is about to be shown, and holds its message already in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

from liushou_cli.core.text import Message, translated

Severity = Literal["error", "warning"]


class ExitStatus(IntEnum):
    """The exit statuses of `liushou`, for scripts: the table in the user guide (section 13)
    lists them, and nothing exits with another number."""

    OK = 0
    PROBLEM = 1  # a user's mistake or a finding: not found, not saved, check's errors, overdue
    USAGE = 2  # the command line itself is wrong (click's own usage errors are 2 as well)
    INTERNAL = 3  # a bug: one line, the details under LIUSHOU_DEBUG
    SYSTEM = 4  # the operating system refused a read or a write
    INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, located by line where the file has one; `text` says what,
    as the catalog's key and its parameters."""

    path: str
    line: int | None
    severity: Severity
    code: str
    text: Message

    @property
    def message(self) -> str:
        """What is wrong, in the output language."""
        return translated(self.text)

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "severity": self.severity,
                "code": self.code, "message": self.message}


class LiushouError(Exception):
    """A user-facing error: a message (already translated), optionally at a file and line."""

    exit_code = ExitStatus.PROBLEM

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path:
            where = f"{self.path}:{self.line}" if self.line else self.path
            return f"{where}: {self.message}"
        return self.message


class UsageError(LiushouError):
    """The command line itself is wrong (a bad option value): exit status 2."""

    exit_code = ExitStatus.USAGE


class SystemFailure(LiushouError):
    """The operating system refused a read or a write (disk full, read-only, no permission,
    name too long...): exit status 4, so that scripts can tell it from a user's mistake."""

    exit_code = ExitStatus.SYSTEM


class InvalidRecord(LiushouError):
    """A record would not pass validation: every problem is reported, nothing is written."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.message, first.path or None, first.line)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(f"{p.where()}: {p.message}" if p.path else p.message
                         for p in self.problems)
