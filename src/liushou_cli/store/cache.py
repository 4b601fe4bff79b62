"""A local cache of parsed child files, so that a report over 20,000 children parses only the
files that changed since the last run (beancount's loader cache is the model).

Each entry is keyed on the file's name and stat signature (mtime_ns, size, inode, ctime_ns)
and holds the validated record or the problems found in it. A file modified within
RACY_SECONDS of being read is never trusted from the cache (git's "racy clean" rule: an edit in
the same clock tick keeps mtime, and may keep the size), so it is read again next time.

The cache lives outside the data folder, in the user's own cache directory (mode 0700), so no
other user of a shared folder can write it, git never sees it, and deleting it is always safe.
A cache that cannot be read, is corrupt, or comes from another version is ignored and rebuilt;
one that cannot be written is simply not written. `--no-cache` bypasses it entirely.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liushou_cli import __version__
from liushou_cli.store.layout import DataFolder

RACY_SECONDS = 2
_MAGIC = b"liushou-cache-1\n"

Signature = tuple[int, int, int, int]


def signature(stat: os.stat_result) -> Signature:
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns)


def _schema_digest() -> str:
    # Any change to the models or to the cache's own layout must invalidate old entries.
    here = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for name in ("model.py", "validators.py", "store/cache.py"):
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()


def cache_path(folder: DataFolder) -> Path:
    """$LIUSHOU_CACHE_DIR, else $XDG_CACHE_HOME/liushou, else ~/.cache/liushou; one file per
    data folder, named by a digest of its path."""
    base = os.environ.get("LIUSHOU_CACHE_DIR")
    if base:
        root = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = (Path(xdg) if xdg else Path.home() / ".cache") / "liushou"
    name = hashlib.sha256(str(folder.root.resolve()).encode()).hexdigest()[:24]
    return root / f"{name}.pickle"


@dataclass
class Entry:
    signature: Signature
    read_ns: int
    record: Any  # the validated Child, or None when the file has problems
    problems: list[Any]
    lang: str  # problems are stored as translated text
    derived: dict[str, Any] = field(default_factory=dict)  # key -> a value computed from it
    changed: bool = False

    def remember(self, key: str, value: Any) -> None:
        """Keep a value computed from this record (only the latest key is kept)."""
        self.derived = {key: value}
        self.changed = True


class FileCache:
    """Parsed files by name, trusted only while their signature holds and they are not racy."""

    def __init__(self, folder: DataFolder, path: Path | None = None) -> None:
        self.folder = folder
        self.path = path or cache_path(folder)
        self.entries: dict[str, Entry] = {}
        self.dirty = False
        self._load()

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except OSError:
            return
        header = _MAGIC + _schema_digest().encode() + b"\n"
        if not raw.startswith(header):
            return
        collecting = gc.isenabled()
        gc.disable()  # unpickling builds many objects and frees none: 3x faster without gc
        try:
            entries = pickle.loads(raw[len(header):])
        except Exception:  # a corrupt cache is no cache
            return
        finally:
            gc.freeze()  # long-lived from here on: later collections need not walk them
            if collecting:
                gc.enable()
        if isinstance(entries, dict) and all(isinstance(e, Entry) for e in entries.values()):
            self.entries = entries

    def get(self, name: str, sig: Signature, lang: str) -> Entry | None:
        entry = self.entries.get(name)
        if entry is None or entry.signature != sig or (entry.problems and entry.lang != lang):
            return None
        if sig[0] >= entry.read_ns - RACY_SECONDS * 1_000_000_000:
            return None  # modified too close to when it was read: it may have changed since
        return entry

    def put(self, name: str, sig: Signature, read_ns: int, record: Any,
            problems: list[Any], lang: str) -> Entry:
        entry = Entry(sig, read_ns, record, problems, lang)
        self.entries[name] = entry
        self.dirty = True
        return entry

    def forget_missing(self, names: set[str]) -> None:
        for name in [name for name in self.entries if name not in names]:
            del self.entries[name]
            self.dirty = True

    def save(self) -> None:
        """Write the cache if anything changed; silently give up if it cannot be written."""
        if not self.dirty and not any(entry.changed for entry in self.entries.values()):
            return
        for entry in self.entries.values():
            entry.changed = False
        header = _MAGIC + _schema_digest().encode() + b"\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(prefix=".cache-", dir=self.path.parent)
            try:
                collecting = gc.isenabled()
                gc.disable()  # pickling allocates much and frees little
                try:
                    with os.fdopen(fd, "wb") as handle:
                        handle.write(header)
                        pickle.dump(self.entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
                finally:
                    if collecting:
                        gc.enable()
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return
        self.dirty = False


def now_ns() -> int:
    return time.time_ns()
