"""A large children folder listed in a forked process while the command's modules import, so
that its stats run on the other core: a county's 20,000 files cost some 50 ms of stat calls,
which the reading commands (the overdue report among them) otherwise spend before anything
else, after 0.1 s of imports that leave the second core idle.

The entry point begins the listing (`begin_for_line`) for a reading command whose data folder
it can find the way the command will (--data, LIUSHOU_DATA, the nearest folder upwards with
liushou.yaml) and only where forking is cheap and safe (core.platform: Linux), for a children
folder whose directory takes 32 KiB or more (some 1,000 files on ext4; a school's 200 gain less
than the fork costs). The child stats the directory, lists it (layout.signed_listing), and
writes both to a pipe as marshal data (plain tuples of text and numbers, from our own process:
no file is read back, no code runs), then ends.

The listing is taken once, by the loader of that very folder (store.read, which otherwise
calls `DataFolder.child_signatures`), and only if the directory is unchanged since the child
began: an entry added,
removed or renamed since (a write of this tool, always a rename; a git checkout; another
teacher's copy) changes the directory's modification or change time, and the folder is then
listed again here. A write of this process drops the listing at once (`forget`, called by
atomic.atomic_write), and a folder whose times are in whole seconds (FAT, many network drives:
a change within the second shows no new time) is never listed ahead. A file changed in place,
keeping its name, is the race every listing has: the command reads the folder as it was when
listed. Anything else (no child, a child that failed, another folder, a second taking) is
None: the caller lists the folder itself.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from liushou_cli.core import platform
from liushou_cli.core.errors import LiushouError
from liushou_cli.store.layout import Signature, find_data_folder, signed_listing

# A children folder's directory at least this large (bytes) is listed in a forked process.
LEAST_SIZE = 32 * 1024
# The commands that read every child file: these, and every group's `list` (a command that
# lists nothing only leaves the other core's work unused: a listing is never wrong).
READING_COMMANDS = ("report", "check", "export", "dashboard", "print", "census")
# The root command's options that take a value (cli/app.py).
_VALUED = ("--data", "--lang")
# A directory's identity and the times an entry added, removed or renamed changes.
_Stamp = tuple[int, int, int, int, int]

Listing = list[tuple[str, Signature]]


class _Begun(NamedTuple):
    directory: str
    pid: int
    fd: int


_begun: list[_Begun] = []


def begin_for_line(argv: Sequence[str], environ: Mapping[str, str],
                   least_size: int = LEAST_SIZE) -> None:
    """Begin listing the children folder if `argv` (the line without the program's name) is a
    reading command and its data folder is found and large enough; nothing otherwise."""
    if "--help" in argv:  # a page of help lists no folder
        return
    words, data = _words_and_data(argv)
    if not ((words[:1] and words[0] in READING_COMMANDS) or words[1:2] == ["list"]):
        return
    explicit = data if data is not None else environ.get("LIUSHOU_DATA") or None
    try:  # found as the command will find it; not found, the command says why
        folder = find_data_folder(Path(explicit) if explicit else None)
    except (LiushouError, OSError, RuntimeError, ValueError):
        return
    begin(folder.children_dir, least_size)


def begin(directory: Path, least_size: int = LEAST_SIZE) -> None:
    """List `directory` in a forked process, if forking is possible here and its directory
    takes at least `least_size` bytes; at most one listing at a time."""
    if not platform.current().fork or _begun:
        return
    try:
        info = os.stat(directory)
        # A folder whose times are in whole seconds (FAT on a USB stick, many network
        # drives) may not show a change made within the same second: listed here.
        if info.st_size < least_size or info.st_mtime_ns % 1_000_000_000 == 0:
            return
        read_end, write_end = os.pipe()
    except OSError:
        return
    if write_end <= 2:  # started without standard streams: leave well alone
        os.close(read_end)
        os.close(write_end)
        return
    # The child writes its whole listing before the parent reads: a pipe of 1 MB (Linux's
    # usual ceiling) takes a county's listing in one go or two.
    with contextlib.suppress(OSError, AttributeError):
        import fcntl

        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 1 << 20)
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return
    if pid == 0:  # the child: list, write, end; never return into the command
        try:
            os.close(read_end)
            # Holding the command's output open would keep a reader of it waiting.
            for stream in (0, 1, 2):
                with contextlib.suppress(OSError):
                    os.close(stream)
            before = _stamp(directory)
            blob = marshal.dumps((before, signed_listing(directory)))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(blob)
        finally:
            os._exit(0)
    os.close(write_end)
    _begun.append(_Begun(str(directory), pid, read_end))


def take(directory: Path) -> Listing | None:
    """The listing begun for `directory` (layout.signed_listing's), if one was and the
    directory is unchanged since it began; None otherwise. Taken once."""
    if not _begun:
        return None
    begun = _begun.pop()
    try:
        with os.fdopen(begun.fd, "rb") as pipe:
            blob = pipe.read()
    except OSError:
        blob = b""
    finally:
        with contextlib.suppress(OSError):
            os.waitpid(begun.pid, 0)
    if begun.directory != str(directory):
        return None
    try:
        before, listing = marshal.loads(blob)
        unchanged = before == _stamp(directory)
    except (EOFError, ValueError, TypeError, OSError):  # a child that failed or was killed
        return None
    return listing if unchanged and type(listing) is list else None


def forget() -> None:
    """Drop the listing begun, if any: this process is about to change the data folder, and
    a listing made before would not show the change (atomic.atomic_write calls this)."""
    import signal  # only to stop a listing no longer wanted

    while _begun:
        begun = _begun.pop()
        with contextlib.suppress(OSError):
            os.close(begun.fd)
        with contextlib.suppress(OSError):
            os.kill(begun.pid, signal.SIGKILL)  # not waited for: its listing is of no use
        with contextlib.suppress(OSError):
            os.waitpid(begun.pid, 0)


def _stamp(directory: Path) -> _Stamp:
    info = os.stat(directory)
    return (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)


def _words_and_data(argv: Sequence[str]) -> tuple[list[str], str | None]:
    """The line's words that are not options, and its --data if given."""
    words: list[str] = []
    data = None
    args = iter(argv)
    for arg in args:
        if arg in _VALUED:
            value = next(args, None)
            if arg == "--data":
                data = value
        elif arg.startswith("--data="):
            data = arg.split("=", 1)[1]
        elif not arg.startswith("-"):
            words.append(arg)
    return words, data
