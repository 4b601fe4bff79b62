"""Opening text in the user's editor ($VISUAL, $EDITOR) and reading it back."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from liushou_cli.core.errors import LiushouError
from liushou_cli.i18n import t


def _editor() -> list[str]:
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name)
        if value:
            return shlex.split(value)
    for fallback in ("nano", "vi", "notepad"):
        for folder in os.environ.get("PATH", "").split(os.pathsep):
            if (Path(folder) / fallback).exists():
                return [fallback]
    raise LiushouError(t("no_editor"))


def edit_text(text: str) -> str | None:
    """The text after the user edited it, or None if they left it as it was.

    The copy holds a child's whole record, so it lives in a folder of its own that only the
    user can open (0700), as a file only the user can read (0600), and both are removed
    however the edit ends: saved, refused, the editor killed, Ctrl-C, the terminal closed.
    """
    command = _editor()
    _remove_orphans()
    folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
    try:
        with _ended_by_signals():
            fd, name = tempfile.mkstemp(prefix="child-", suffix=".yaml", dir=folder)
            path = Path(name)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            try:
                result = subprocess.run([*command, str(path)], check=False)
            except OSError:
                raise LiushouError(t("no_editor")) from None
            if result.returncode != 0:
                return None
            edited = path.read_text(encoding="utf-8")
            return None if edited == text else edited
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_PREFIX = "liushou-edit-"
_ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                        if hasattr(signal, name))


@contextlib.contextmanager
def _ended_by_signals() -> Iterator[None]:
    """Closing the terminal (SIGHUP) or `kill` (SIGTERM) would end Python without running
    `finally`; while the copy exists, they raise KeyboardInterrupt instead, so it is removed."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        before = {number: signal.signal(number, interrupt) for number in _ENDING_SIGNALS}
    except ValueError:  # not the main thread: signals cannot be caught here
        before = {}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _remove_orphans() -> None:
    """Remove the copies of edits whose liushou was killed outright (SIGKILL, a power cut
    while the folder survived): a folder named after a process that no longer runs."""
    if os.name != "posix":
        return
    base = Path(tempfile.gettempdir())
    try:
        names = [name for name in os.listdir(base) if name.startswith(_PREFIX)]
    except OSError:
        return
    for name in names:
        pid = name[len(_PREFIX):].split("-", 1)[0]
        path = base / name
        try:
            if not pid.isdigit() or path.lstat().st_uid != os.getuid() or _running(int(pid)):
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True
