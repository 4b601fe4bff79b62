"""Writing without losing anything: a lock on the data folder, and atomic file replacement.

A write goes to a temp file beside the target, is flushed to disk, then renamed over the
target, so a crash at any moment leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from liushou_cli.core.errors import LiushouError
from liushou_cli.i18n import t
from liushou_cli.store.history import note_write

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl; writes are then unlocked
    fcntl = None  # type: ignore[assignment]

LOCK_WAIT_SECONDS = 15.0


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def folder_lock(lock_path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the data folder's write lock; wait for another writer up to `wait` seconds
    (LOCK_WAIT_SECONDS, read at each call so that a test can shorten it)."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LiushouError(t("lock_timeout")) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def atomic_write(path: Path, data: bytes, *, history: bool = True) -> None:
    """Replace `path` with `data` atomically, keeping the old file's permissions.

    New files are created readable by the owner only: they hold minors' personal data.
    A symbolic link at `path` is refused, not replaced: whatever made it, the tool does not
    decide what it was for. If anything fails (disk full, read-only...), the temp file is
    removed, `path` is as it was, and the OSError is raised for the caller to name the file
    (store.oserrors).

    The write is noted for the command's commit (store/history.py) unless `history` is
    False: a file that is no part of the data folder (an export).
    """
    if path.is_symlink():
        raise LiushouError(t("symlink_not_written"), str(path))
    if history:
        note_write(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if path.exists():
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(path.parent)


# What atomic_write leaves when it is killed: mkstemp's ".NAME." + 8 random characters + ".tmp".
# Only temp files of .yaml files: those are written under the folder lock, and nothing else.
_LEFTOVER = re.compile(r"\A\..+\.yaml\.[a-z0-9_]{8}\.tmp\Z")


def remove_leftovers(folder: Path) -> None:
    """Delete the temp files that killed writes left in `folder` (each holds a whole record,
    a minor's personal data). Call it only while holding the folder lock: every writer of a
    .yaml file in a data folder writes under it, so a temp file present now is no one's
    work in progress. Without a real lock (Windows) nothing is removed."""
    if fcntl is None:  # pragma: no cover
        return
    # listdir, not scandir: half the time on a county's 20,000 child files (about 12 ms).
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name[:1] == "." and _LEFTOVER.match(name):
            path = folder / name
            with contextlib.suppress(OSError):
                if stat.S_ISREG(path.lstat().st_mode):
                    path.unlink()


def create_exclusive(path: Path, data: bytes, *, history: bool = True) -> bool:
    """Write a new file atomically; False (and nothing written) if `path` already exists
    (a dangling symbolic link included). `history` as for atomic_write."""
    if os.path.lexists(path):
        return False
    atomic_write(path, data, history=history)
    return True


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; some platforms cannot open a folder, which is harmless.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
