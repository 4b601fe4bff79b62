"""How a command that fails ends: one clear line (or a problem a line) on stderr and an exit
status, never a traceback (the root group, cli/group.py, and a line run from its kept
parse, cli/keptline.py, both end so). Without typer."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from liushou_cli.core.environment import Environment
from liushou_cli.core.errors import ExitStatus, InvalidRecord, LiushouError
from liushou_cli.i18n import t
from liushou_cli.store.oserrors import any_failure


def said_failure(error: BaseException, debugging: Callable[[], bool]) -> tuple[list[str], int]:
    """The lines on stderr and the exit status `error` ends a command with (`debugging`:
    is a bug's traceback asked for, LIUSHOU_DEBUG). An error that is not an Exception nor
    Ctrl-C (SystemExit) is not ours to say: raised again."""
    if isinstance(error, InvalidRecord):
        if len(error.problems) == 1:  # one line: what and where
            return [t("invalid_not_saved_one", problem=str(error))], error.exit_code
        # each problem on a line of its own, under one heading
        return [t("invalid_not_saved"), str(error)], error.exit_code
    if isinstance(error, LiushouError):
        return [str(error)], error.exit_code
    if isinstance(error, KeyboardInterrupt):
        return [t("interrupted")], ExitStatus.INTERRUPTED
    if isinstance(error, BrokenPipeError):
        # `liushou child list | head`: the reader has gone; stop quietly, as cat does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return [], ExitStatus.OK
    if isinstance(error, OSError):
        # Disk full, no permission... somewhere no writer turned it into a located line.
        said = any_failure(error)
        return [str(said)], said.exit_code
    if not isinstance(error, Exception):
        raise error
    # a bug: still one line, with details on request
    if debugging():
        import traceback  # a bug's details, asked for

        traceback.print_exception(error)
    return [t("internal_error", detail=f"{type(error).__name__}: {error}")], ExitStatus.INTERNAL


def debug_asked(obj: object) -> bool:
    """Is a bug's traceback asked for (LIUSHOU_DEBUG)? `obj`: the environment the root
    command built, if it got that far."""
    if isinstance(obj, Environment):
        return obj.debug
    return Environment.from_process().debug  # the root command failed before building it
