"""Writing without losing anything: a lock on the data folder, and atomic file replacement.

A write goes to a temp file beside the target, is flushed to disk, then renamed over the
target, so a crash at any moment leaves either the old file or the new one, never half of one.

The lock is fcntl.flock where there is one; elsewhere (Windows) the filelock library's
FileLock, which locks a byte of the same lock file with LockFileEx. Both are held by an open
descriptor, so the operating system releases them when a writer is killed, and both are
exclusive between processes. Windows refuses to rename over a file that another program
has open for a moment (a reader, an antivirus or search indexer), so there the rename is
tried again for a short while before the error is given up to the caller.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from liushou_cli.core import platform
from liushou_cli.core.errors import LiushouError
from liushou_cli.i18n import t
from liushou_cli.store import prefetch
from liushou_cli.store.history import note_write
from liushou_cli.store.layout import leftovers_in

LOCK_WAIT_SECONDS = 15.0
_POLL_SECONDS = 0.02
# How long a rename over a file held open by another program is tried again (Windows).
REPLACE_WAIT_SECONDS = 2.0


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def folder_lock(lock_path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the data folder's write lock; wait for another writer up to `wait` seconds
    (LOCK_WAIT_SECONDS, read at each call so that a test can shorten it). fcntl.flock
    where there is one, else filelock's FileLock on the same file."""
    seconds = LOCK_WAIT_SECONDS if wait is None else wait
    if not platform.current().flock:
        with _portable_lock(lock_path, seconds):
            yield
        return
    import fcntl

    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LiushouError(t("lock_timeout")) from None
                time.sleep(_POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextlib.contextmanager
def _portable_lock(lock_path: Path, seconds: float) -> Iterator[None]:
    """The folder lock without fcntl: filelock's FileLock (LockFileEx on Windows, flock
    elsewhere), with the same wait and the same message when another writer keeps it."""
    from filelock import FileLock, Timeout  # 50 ms to import: only writers on Windows pay

    # Not thread-local and not a singleton: one lock object per write, as with flock.
    lock = FileLock(str(lock_path), thread_local=False)
    try:
        lock.acquire(timeout=seconds, poll_interval=_POLL_SECONDS)
    except Timeout:
        raise LiushouError(t("lock_timeout")) from None
    try:
        yield
    finally:
        lock.release()


def atomic_write(path: Path, data: bytes, *, history: bool = True,
                 temp_dir: Path | None = None) -> None:
    """Replace `path` with `data` atomically, keeping the old file's permissions.

    New files are created readable by the owner only: they hold minors' personal data.
    A symbolic link at `path` is refused, not replaced: whatever made it, the tool does not
    decide what it was for. If anything fails (disk full, read-only...), the temp file is
    removed, `path` is as it was, and the OSError is raised for the caller to name the file
    (store.oserrors).

    The temp file is made in `temp_dir` (the target's own folder when None). A data folder's
    writes make theirs in its top level (store.edit): the clean-up after a killed write then
    lists a folder of a few names, not children/ with a county's 20,000, and a rename into
    another folder of the same disk is as atomic as one beside the target. Where the two
    folders are on different disks (the rename says EXDEV), the temp file is made beside the
    target instead.

    The write is noted for the command's commit (store/history.py) unless `history` is
    False: a file that is no part of the data folder (an export).
    """
    if path.is_symlink():
        raise LiushouError(t("symlink_not_written"), str(path))
    # A listing begun before this write would not show it (store/prefetch.py).
    prefetch.forget()
    if history:
        note_write(path)
    folder = path.parent if temp_dir is None else temp_dir
    try:
        _write_through(folder, path, data)
    except OSError as error:
        if error.errno != errno.EXDEV or folder == path.parent:
            raise
        _write_through(path.parent, path, data)
    _fsync_folder(path.parent)


def _write_through(folder: Path, path: Path, data: bytes) -> None:
    """Write `data` to a new temp file in `folder`, flush it to disk and rename it over
    `path`; on any failure the temp file is removed and the error raised. A crash after a
    rename between folders that left the temp file's name standing too leaves a second name
    of the new file, which the next write's clean-up removes: the file itself stays."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if path.exists() and platform.current().posix_modes:
            _keep_mode(tmp, path)
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _keep_mode(tmp: Path, path: Path) -> None:
    """Give the temp file the replaced file's permission bits. A file system without them
    (FAT32 or exFAT on a USB stick, mounted on Linux or macOS) refuses chmod even on our own
    new file: there is nothing to keep then."""
    with contextlib.suppress(PermissionError):
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))


def _replace(tmp: Path, path: Path) -> None:
    """os.replace, tried again for up to REPLACE_WAIT_SECONDS while Windows says the target
    is in use (another program has it open without sharing its deletion: a reader of the
    folder, an antivirus or indexer). POSIX renames over an open file at once."""
    if not platform.current().windows:
        os.replace(tmp, path)
        return
    deadline = time.monotonic() + REPLACE_WAIT_SECONDS
    while True:
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(_POLL_SECONDS)




def remove_leftovers(folder: Path) -> None:
    """Delete the temp files that killed writes left in `folder` (each holds a whole record,
    a minor's personal data). Call it only while holding the folder lock: every writer of a
    .yaml file in a data folder writes under it, so a temp file present now is no one's
    work in progress (flock or, without fcntl, filelock's lock: both are real locks)."""
    for path in leftovers_in(folder):
        with contextlib.suppress(OSError):  # another clean-up may have been first
            path.unlink()


def create_exclusive(path: Path, data: bytes, *, history: bool = True,
                     temp_dir: Path | None = None) -> bool:
    """Write a new file atomically; False (and nothing written) if `path` already exists
    (a dangling symbolic link included). `history` and `temp_dir` as for atomic_write."""
    if os.path.lexists(path):
        return False
    atomic_write(path, data, history=history, temp_dir=temp_dir)
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
