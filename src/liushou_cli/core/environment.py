"""The surroundings of one run of `liushou`, read once: today, the language, who is at the
keyboard, the data folder, the cache, the terminal, debugging.

`Environment.from_process` is the one place that reads the clock and the process's variables
(LIUSHOU_DATA, LIUSHOU_LANG, LIUSHOU_USER, LIUSHOU_NO_CACHE, LIUSHOU_CACHE_DIR,
XDG_CACHE_HOME, LIUSHOU_DEBUG, COLUMNS, NO_COLOR, TERM, and whether stdout and stderr are
terminals; on Windows LOCALAPPDATA and
WT_SESSION); the global options of the command
line win over them (`with_options`). The root command builds the environment and keeps it in
the click context; each command takes what it needs from there and hands it to the core as
plain parameters (a day, a user, a folder), so no core module reads the process's
environment. A test gives the root command an environment of its own instead
(`CliRunner().invoke(app, args, obj=environment)`): the root command keeps it and applies
only the options on the line.

`help_language` is the exception that proves the rule: help texts are made when the commands
are defined, before any option is parsed, so their language is read from argv and
LIUSHOU_LANG at import.

On Windows (core.platform) the cache lives under %LOCALAPPDATA%, and colour is used only
where the terminal understands it (see `windows_colour`).

The clock is read to the minute in China time (UTC+8, core/incidents.py), whatever the
computer's time zone: an incident's deadlines are hours of China time.

Imported by every command's start: the standard library only (and core.platform and
core.incidents, the same).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from liushou_cli.core import platform
from liushou_cli.core.incidents import china_now, end_of_day

# A stage of work shorter than this (seconds) never shows a progress bar: most runs are over
# before it, and a bar that flashes up and away is noise.
PROGRESS_AFTER = 0.5


@dataclass(frozen=True)
class Environment:
    """What a command may know of the world outside its arguments."""

    today: date
    language: str = "zh"  # "zh" or "en"
    user: str | None = None  # LIUSHOU_USER: who records, when --by is not given
    data: Path | None = None  # --data, else LIUSHOU_DATA; None: look upwards from here
    cache_dir: Path | None = None  # where the cache lives; None: nowhere to keep one
    cache: bool = True  # False under --no-cache or LIUSHOU_NO_CACHE
    width: int = 80  # the width of the plain tables (the overdue report)
    colour: bool = False  # bold and dim in the plain tables
    debug: bool = False  # LIUSHOU_DEBUG: an internal error's traceback on stderr
    # Seconds a long stage of work runs before a progress bar is drawn on stderr; None: no
    # bar at all (stdout or stderr is not a terminal, TERM=dumb, or --quiet).
    progress_after: float | None = None
    # The clock to the minute, in China time (incidents count hours); None: the last minute
    # of `today` (a test that gives only a day, or a run told only a day).
    now: datetime | None = None

    @property
    def clock(self) -> datetime:
        """Now, to the minute, in China time (UTC+8): what an incident's time is checked
        against and what `report --overdue` counts hours to when no --as-of is given."""
        return self.now if self.now is not None else end_of_day(self.today)
    interactive: bool = False  # a person at the keyboard to answer questions (stdin a terminal)
    # LIUSHOU_LANG when it names no language we have (and --lang is not given): said once a
    # run, in Chinese, which is what the run then speaks.
    unknown_language: str | None = None

    @property
    def cache_folder(self) -> Path | None:
        """The cache's folder, or None when the cache is not used."""
        return self.cache_dir if self.cache else None

    @classmethod
    def from_process(cls, environ: Mapping[str, str] | None = None, *,
                     data: Path | None = None, lang: str | None = None,
                     no_cache: bool = False, quiet: bool = False) -> Environment:
        """The environment of this process (or of `environ`), under the global options."""
        env = os.environ if environ is None else environ
        tty = _terminal(sys.stdout)
        found = cls(
            today=date.today(),
            now=china_now(datetime.now(UTC)),
            language=language_of(env.get("LIUSHOU_LANG")),
            user=env.get("LIUSHOU_USER") or None,
            data=Path(env["LIUSHOU_DATA"]) if env.get("LIUSHOU_DATA") else None,
            cache_dir=cache_dir_of(env),
            cache=not env.get("LIUSHOU_NO_CACHE"),
            width=width_of(env, tty),
            colour=(tty and "NO_COLOR" not in env and env.get("TERM") != "dumb"
                    and (not platform.current().windows or windows_colour(env))),
            debug=bool(env.get("LIUSHOU_DEBUG")),
            progress_after=(PROGRESS_AFTER if tty and _terminal(sys.stderr)
                            and env.get("TERM") != "dumb" else None),
            interactive=_terminal(sys.stdin),
            unknown_language=_unknown(env.get("LIUSHOU_LANG")),
        )
        return found.with_options(data=data, lang=lang, no_cache=no_cache, quiet=quiet)

    def with_options(self, *, data: Path | None = None, lang: str | None = None,
                     no_cache: bool = False, quiet: bool = False) -> Environment:
        """This environment under the global options given on the command line: --data and
        --lang win over the variables, --no-cache turns the cache off, --quiet the progress
        bars."""
        return replace(self, data=data or self.data,
                       language=language_of(lang) if lang else self.language,
                       unknown_language=None if lang else self.unknown_language,
                       cache=self.cache and not no_cache,
                       progress_after=None if quiet else self.progress_after)


def language_of(chosen: str | None) -> str:
    """"en" for any name of English (en, EN, en_US.UTF-8), else "zh", the default."""
    return "en" if (chosen or "zh").lower().startswith("en") else "zh"


def _unknown(chosen: str | None) -> str | None:
    """`chosen` if it names neither Chinese nor English (as language_of reads names)."""
    return chosen if chosen and not chosen.lower().startswith(("zh", "en")) else None


def cache_dir_of(env: Mapping[str, str]) -> Path | None:
    """$LIUSHOU_CACHE_DIR, else on Windows %LOCALAPPDATA%\\liushou, else
    $XDG_CACHE_HOME/liushou, else ~/.cache/liushou; None when there is no home folder to find
    (no cache is kept then: it is only ever a speed-up). %LOCALAPPDATA% is the user's own
    (no other user may open it) and stays on this computer (a roaming profile does not copy
    it to the school's server)."""
    if env.get("LIUSHOU_CACHE_DIR"):
        return Path(env["LIUSHOU_CACHE_DIR"])
    if platform.current().windows and env.get("LOCALAPPDATA"):
        return Path(env["LOCALAPPDATA"]) / "liushou"
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "liushou"
    try:
        home = Path(env["HOME"]) if "HOME" in env else Path.home()
    except RuntimeError:  # no HOME and no password entry for this user
        return None
    return home / ".cache" / "liushou"


def windows_colour(env: Mapping[str, str]) -> bool:
    """Does this Windows terminal show colour codes? Windows Terminal does (it sets
    WT_SESSION), and so does the console of Windows 10 and later once asked to
    (core.platform.console_colour); an older console (Windows 8.1, or the legacy one)
    would print them as text, so there the tables stay plain."""
    return bool(env.get("WT_SESSION")) or platform.console_colour()


def _terminal(stream: object) -> bool:
    """Is `stream` a terminal? Not when there is none: a stream closed before the command
    began (`liushou report >&-`) is None in Python."""
    isatty = getattr(stream, "isatty", None)
    return isatty is not None and bool(isatty())


def width_of(env: Mapping[str, str], tty: bool) -> int:
    """The terminal's width (COLUMNS first, as shutil has it); 80 when writing to a file or a
    pipe unless COLUMNS says otherwise (as rich does)."""
    columns = env.get("COLUMNS", "")
    if not tty:
        return int(columns) if columns.isdigit() else 80
    try:
        given = int(columns)
    except ValueError:
        given = 0
    import shutil  # a terminal's width only: output to a file or a pipe needs none

    return given if given > 0 else shutil.get_terminal_size().columns


def help_language(argv: Sequence[str] | None = None,
                  environ: Mapping[str, str] | None = None) -> str:
    """The language of the help texts: --lang on the command line, else LIUSHOU_LANG."""
    args = list(sys.argv[1:] if argv is None else argv)
    env = os.environ if environ is None else environ
    given = None
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            given = args[index + 1]
            break
        if arg.startswith("--lang="):
            given = arg.split("=", 1)[1]
            break
    return language_of(given or env.get("LIUSHOU_LANG"))
