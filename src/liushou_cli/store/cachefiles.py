"""The cache's folder and files are used only when they are the user's own and private.

A cache folder must be a real folder (not a symbolic link), owned by this user, with no
permission for the group or others; a cache file must be a regular file (opened without
following a symbolic link), owned by this user, likewise private. Anything else is refused:
nothing is read from it and nothing written into it, the command runs without that cache,
and the first refusal of a command is kept as one line for the CLI to show on stderr (a
planted or exposed cache must be noticed, not just make every run slower).

Where there are no POSIX modes (Windows: core.platform) owners and permission bits mean
nothing here: only "real folder, regular file, not a link" is checked. The cache folder is
then the user's own by where it is (under %LOCALAPPDATA%, which only its user may open:
core.environment).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from liushou_cli.core import platform

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# O_NONBLOCK: opening a FIFO planted under a cache file's name must not hang the command.
_OPEN_FLAGS = (_NOFOLLOW | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_NONBLOCK", 0))

_notice: list[str] = []  # the first refusal since the CLI last took it


class Refused(OSError):
    """A cache folder or file that is not the user's own and private."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason  # a message key of the catalog


def why_not(info: os.stat_result, folder: bool) -> str | None:
    """Why a folder (or a file) with this stat may not be used, as a message key; None: it
    may."""
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return "cache_symlink"
    if not (stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)):
        return "cache_not_plain"
    if platform.current().posix_modes:
        if info.st_uid != os.getuid():
            return "cache_foreign"
        if mode & 0o077:
            return "cache_open"
    return None


def refuse(path: Path, reason: str) -> Refused:
    """The error for a refused path, its notice kept if it is the first."""
    # The catalog only when a file is refused: a page of help kept in the cache
    # (cli/helpcache.py) is read without it.
    from liushou_cli.i18n import t

    if not _notice:
        _notice.append(t("cache_refused", path=str(path), reason=t(reason)))
    return Refused(path, reason)


def take_notice() -> str | None:
    """The line to show for the first cache refused since the last call, if any."""
    return _notice.pop() if _notice else None


def check_folder(path: Path) -> None:
    """Refused if the folder is not private; FileNotFoundError (or another OSError) if there
    is none to check."""
    reason = why_not(os.lstat(path), folder=True)
    if reason is not None:
        raise refuse(path, reason)


def check_file(path: Path) -> None:
    """Refused if a file is there and is not a private regular file; nothing if none is."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    reason = why_not(info, folder=False)
    if reason is not None:
        raise refuse(path, reason)


def make_folder(path: Path) -> None:
    """The cache folder, created private if missing; Refused if what is there is not."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    check_folder(path)


def open_file(path: Path, flags: int, mode: int = 0o600) -> int:
    """os.open for a cache file: never through a symbolic link, and only a private regular
    file of this user's (checked on the open file, so it cannot be swapped in between)."""
    if not _NOFOLLOW:
        check_file(path)  # no O_NOFOLLOW here: look before opening
    try:
        fd = os.open(path, flags | _OPEN_FLAGS, mode)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW met a symbolic link
            raise refuse(path, "cache_symlink") from None
        raise
    try:
        reason = why_not(os.fstat(fd), folder=False)
    except OSError:
        os.close(fd)
        raise
    if reason is not None:
        os.close(fd)
        raise refuse(path, reason)
    return fd


def read_file(path: Path) -> bytes:
    """The whole of a cache file (see open_file)."""
    fd = open_file(path, os.O_RDONLY)
    # One buffer sized from the file's size: chunks joined took the file's size twice over
    # at once (a county's family file is tens of megabytes).
    with os.fdopen(fd, "rb", buffering=0) as file:
        found = file.readall()
    assert found is not None  # a blocking read
    return found
