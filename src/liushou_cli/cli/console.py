"""The console's encoding: output that never fails on a character the terminal cannot show.

On Windows, Python writes to the console itself in Unicode, so Chinese shows in the old
console (code page 936) as in Windows Terminal. Output to a pipe or a file, and to Git
Bash's terminal, is encoded in the system's code page instead: GBK on a Chinese computer,
unless Python runs in UTF-8 mode. GBK has every everyday character, but not every one that
occurs in a name (䶮, 𠀾), and such a character would stop the command with an error halfway
through its output. Here it is shown as a question mark instead ("？", as wide as the
character, so that tables stay aligned), and when the command ends one line on
stderr says how many were and how to switch to UTF-8 (docs/windows.md).

Streams already in UTF-8 (Linux, macOS, Windows in UTF-8 mode) are left as they are.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

_HANDLER = "liushou-unshown"
_unshown: list[int] = [0]  # characters shown as "?" in this run
_encodings: list[str] = []


def _as_question_mark(error: UnicodeError) -> tuple[str, int]:
    # A wide character (a Chinese one) becomes the full-width "？", so that the columns of
    # a table still line up; GBK has it.
    if not isinstance(error, UnicodeEncodeError):
        raise error
    lacking = error.object[error.start:error.end]
    _unshown[0] += len(lacking)
    return "".join("？" if unicodedata.east_asian_width(char) in "WF" else "?"
                   for char in lacking), error.end


def prepare(streams: tuple[object, ...] | None = None) -> None:
    """Let stdout and stderr (or `streams`) show a question mark for what their encoding
    lacks."""
    codecs.register_error(_HANDLER, _as_question_mark)
    for stream in (sys.stdout, sys.stderr) if streams is None else streams:
        encoding = getattr(stream, "encoding", None)
        if not encoding or not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            if codecs.lookup(encoding).name == "utf-8":
                continue
        except LookupError:
            continue
        stream.reconfigure(errors=_HANDLER)
        _encodings.append(encoding)


def unshown_hint() -> str | None:
    """The line to show when the run ends, if a character could not be shown."""
    if not _unshown[0]:
        return None
    # The catalog only when there is something to say: a page of help kept in the cache
    # (cli/helpcache.py) is shown without it.
    from liushou_cli.i18n import t

    return t("console_unshown", count=_unshown[0], encoding=_encodings[0] if _encodings else "?")
