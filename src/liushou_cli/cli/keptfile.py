"""A file the command line keeps in the user's private cache folder under a key: a page of
help (cli/helpcache.py), a line's parse (cli/keptline.py). The key, what the file's content
was made from, is written at its head and compared whole when read; the file is read only if
private (store.cachefiles), written whole under a temporary name and renamed. Never an
error: a file that cannot be read or written is only a shortcut not taken."""

from __future__ import annotations

import contextlib
import importlib.util
import os
from pathlib import Path

from liushou_cli.store.cachefiles import Refused, check_file, check_folder, make_folder, read_file


class KeptFile:
    """The kept file at `path`, of the format `magic`, for `key`."""

    def __init__(self, path: Path, magic: bytes, key: str) -> None:
        self.path = path
        self.header = magic + key.encode() + b"\n"

    def read_kept(self) -> bytes | None:
        """What was kept for this key; None if nothing is (or it is damaged, of another key
        or format, or not private: Refused, noticed as the cache's files are)."""
        try:
            check_folder(self.path.parent)
            whole = read_file(self.path)
        except (Refused, OSError):
            return None
        if not whole.startswith(self.header):
            return None
        return whole[len(self.header):]

    def write_kept(self, body: bytes) -> None:
        """Keep `body` for this key, atomically; silently nothing when it cannot be written."""
        import tempfile  # only to write: a kept file read imports none of it

        try:
            make_folder(self.path.parent)
            check_file(self.path)
            fd, tmp = tempfile.mkstemp(prefix=".kept-", dir=self.path.parent)
        except (Refused, OSError):
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.header + body)
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def typer_stamp() -> tuple[str, int, int] | None:
    """Where typer is installed and when its first file was written: another typer (an
    upgrade) may frame help or parse a line otherwise."""
    spec = importlib.util.find_spec("typer")
    if spec is None or not spec.origin:
        return None
    try:
        info = os.stat(spec.origin)
    except OSError:
        return None
    return spec.origin, info.st_mtime_ns, info.st_size
