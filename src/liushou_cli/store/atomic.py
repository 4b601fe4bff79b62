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
import functools
import os
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from liushou_cli.core import platform
from liushou_cli.core.errors import LiushouError
from liushou_cli.core.hashing import sha256
from liushou_cli.i18n import t
from liushou_cli.store import prefetch
from liushou_cli.store.history import keep, note_write, repository_root
from liushou_cli.store.layout import LOCK_NAME, leftovers_in

LOCK_WAIT_SECONDS = 15.0
_POLL_SECONDS = 0.02
# How long a rename over a file held open by another program is tried again (Windows).
REPLACE_WAIT_SECONDS = 2.0


def digest(data: bytes) -> str:
    return sha256(data).hexdigest()


# The folder locks this process holds, by lock file and thread: how many holds are open and
# how to let go once the last one closes. A command keeps its data folder's lock from its
# first write to the end of its commit (keep_until_committed), around the locks each of its
# writes takes: a lock is taken once and held by whoever holds it longest.
_holds: dict[tuple[str, int], tuple[list[int], Callable[[], None]]] = {}


@contextlib.contextmanager
def folder_lock(lock_path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the data folder's write lock; wait for another writer up to `wait` seconds
    (LOCK_WAIT_SECONDS, read at each call so that a test can shorten it). fcntl.flock
    where there is one, else filelock's FileLock on the same file. Held already by this
    thread, it is held once more (and let go when the first hold closes)."""
    key = (os.path.abspath(lock_path), threading.get_ident())
    held = _holds.get(key)
    if held is None:
        seconds = LOCK_WAIT_SECONDS if wait is None else wait
        release = (_flock(lock_path, seconds) if platform.current().flock
                   else _portable_lock(lock_path, seconds))
        held = _holds[key] = ([0], release)
    count, release = held
    count[0] += 1
    try:
        yield
    finally:
        count[0] -= 1
        if not count[0]:
            del _holds[key]
            release()


def _flock(lock_path: Path, seconds: float) -> Callable[[], None]:
    """fcntl.flock on the lock file, waited for up to `seconds`; how to let it go."""
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
    except BaseException:
        os.close(fd)
        raise
    return functools.partial(os.close, fd)  # closing the descriptor releases the lock


def _portable_lock(lock_path: Path, seconds: float) -> Callable[[], None]:
    """The folder lock without fcntl: filelock's FileLock (LockFileEx on Windows, flock
    elsewhere), with the same wait and the same message when another writer keeps it."""
    from filelock import FileLock, Timeout  # 50 ms to import: only writers on Windows pay

    # Not thread-local and not a singleton: one lock object per hold, as with flock. Made
    # for its owner only, as flock's is (filelock's own default lets others read it).
    lock = FileLock(str(lock_path), mode=0o600, thread_local=False)
    try:
        lock.acquire(timeout=seconds, poll_interval=_POLL_SECONDS)
    except Timeout:
        raise LiushouError(t("lock_timeout")) from None
    return functools.partial(lock.release)


def keep_until_committed(path: Path) -> None:
    """Keep the lock of the data folder `path` lies in until the running command's commit
    is made (store.history.Recording.keep): another command's write to the same file would
    otherwise land between this write and its commit, and be committed as this command's
    (or taken for a hand edit). Nothing outside a command, or in a folder without history."""
    root = repository_root(path)
    if root is not None:
        keep(root, lambda: folder_lock(root / LOCK_NAME))


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
        keep_until_committed(path)
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
