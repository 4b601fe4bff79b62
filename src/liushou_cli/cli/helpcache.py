"""A page of help kept in the cache folder, so that `liushou [command...] --help` is answered
without importing typer or building a command: the page a line asks for is the same text
every time until the code, the language or the terminal's width changes, and making it costs
typer's import and the command's objects (`liushou report --help` 0.18 s; a kept page is
read in a few milliseconds by an interpreter that has imported almost nothing).

A page is kept under everything its text is made from: the package's code (the version and
each source file's stamp, store.codedigest: a new message or option is never answered from
an old page), typer's installed files (they frame the help), Python's version, the words of
the line, the help's language and the terminal's width as click reads it; the key is kept in
the file and compared whole (cli/keptfile.py: in the user's private cache folder, written
whole under a temporary name and renamed, never read if not private). Only a line of
command words followed by `--help` is answered so, and only a page typer printed and ended
with status 0 is kept; every other line goes to typer as before. No cache folder, or
LIUSHOU_NO_CACHE: nothing is kept or read.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sys
import zlib
from collections.abc import Callable, Mapping, Sequence

from liushou_cli import __version__
from liushou_cli.cli.keptfile import KeptFile, typer_stamp
from liushou_cli.core.environment import cache_dir_of, help_language
from liushou_cli.store.codedigest import package_stamp

# The format of a page's file; a file of another is not read (and is written afresh).
MAGIC = b"liushou-help-1\n"
# A command's or a command group's name, as the command table spells them.
_WORD = re.compile(r"[a-z][a-z0-9-]*")


class HelpPage(KeptFile):
    """The kept page for one line asking for help, at `path`; `key` is what its text is made
    from."""

    @classmethod
    def of_line(cls, argv: Sequence[str], environ: Mapping[str, str]) -> HelpPage | None:
        """The page for the line `argv` (without the program's name) in `environ`; None if the
        line is not command words and `--help`, or no page may be kept."""
        *words, last = argv or [""]
        if last != "--help" or not all(_WORD.fullmatch(word) for word in words):
            return None
        folder = cache_dir_of(environ)
        if folder is None or environ.get("LIUSHOU_NO_CACHE"):
            return None
        # repr: one line (a break in a path is written \\n), compared whole when read.
        key = repr((__version__, package_stamp(), typer_stamp(), sys.version_info[:2], words,
                    help_language(argv, environ), shutil.get_terminal_size().columns))
        # The name only spreads the pages: two keys of one name are told apart by the key
        # kept in the file, and the later one replaces the other.
        return cls(folder / f"help-{zlib.crc32(key.encode()):08x}.txt", MAGIC, key)

    def kept(self) -> str | None:
        """The page as it was kept for this line; None if there is none (KeptFile.read_kept)."""
        whole = self.read_kept()
        if whole is None:
            return None
        try:
            return whole.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def print_and_keep(self, run: Callable[[], None]) -> None:
        """Run the root command (`run`) for this line, print what it prints and keep that as
        the page if it ends with status 0; SystemExit with its status."""
        printed = io.StringIO()
        status: object = 0
        try:
            with contextlib.redirect_stdout(printed):
                run()
        except SystemExit as done:
            status = done.code
        finally:
            sys.stdout.write(printed.getvalue())
        if status in (0, None):
            self.keep(printed.getvalue())
        raise SystemExit(status)

    def keep(self, text: str) -> None:
        """Keep `text` as this line's page (KeptFile.write_kept)."""
        self.write_kept(text.encode("utf-8"))
