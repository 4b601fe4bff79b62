"""A local cache of parsed files, so that a report over 20,000 children parses only the files
that changed since the last run (beancount's loader cache is the model).

Each entry is keyed on the file's name and stat signature (mtime_ns, size, inode, ctime_ns)
and holds the validated record (pickled, as bytes), the problems found in the file, and one
value a command derived from the record (the duty rows of the day, say). A file modified
within RACY_SECONDS of being read is never trusted from the cache (git's "racy clean" rule:
an edit in the same clock tick keeps mtime, and may keep the size), so it is read again.

Records are kept as bytes and unpickled only when a command asks for one: a report whose
derived values are all current loads the cache without building a single record, and saving
after one change copies bytes instead of pickling 20,000 records again.

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
from pathlib import Path
from typing import Any

from liushou_cli import __version__
from liushou_cli.store.layout import DataFolder

RACY_SECONDS = 2
_MAGIC = b"liushou-cache-2\n"

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


class Entry:
    """One file's cached reading: its record (unpickled on first use), problems, derived value."""

    __slots__ = (
        "_record",
        "blob",
        "changed",
        "derived",
        "lang",
        "problems",
        "read_ns",
        "signature",
    )

    def __init__(self, sig: Signature, read_ns: int, blob: bytes | None, problems: list[Any],
                 lang: str, derived: tuple[str, Any] | None = None) -> None:
        self.signature = sig
        self.read_ns = read_ns
        self.blob = blob  # the pickled record; None when the file has problems
        self.problems = problems
        self.lang = lang  # problems are stored as translated text
        self.derived = derived  # (key, value): the latest value computed from the record
        self.changed = False
        self._record: Any = None

    @property
    def record(self) -> Any:
        """The validated record, or None when the file has problems."""
        if self._record is None and self.blob is not None:
            self._record = pickle.loads(self.blob)
        return self._record

    def derived_value(self, key: str) -> Any:
        """The value remembered under `key`, or None."""
        if self.derived is not None and self.derived[0] == key:
            return self.derived[1]
        return None

    def remember(self, key: str, value: Any) -> None:
        """Keep a value computed from this record (only the latest key is kept); it must be
        plain data, never the record itself, or saving would pickle the record again."""
        self.derived = (key, value)
        self.changed = True

    def forget_record(self) -> None:
        """Drop the unpickled record (the bytes stay), to keep memory flat over a big folder."""
        self._record = None

    def as_row(self) -> tuple[Any, ...]:
        return (self.signature, self.read_ns, self.blob, self.problems, self.lang, self.derived)


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
            with self.path.open("rb") as handle:
                header = _MAGIC + _schema_digest().encode() + b"\n"
                if handle.read(len(header)) != header:
                    return
                collecting = gc.isenabled()
                gc.disable()  # unpickling builds many objects and frees none
                try:
                    rows = pickle.load(handle)
                    self.entries = {name: Entry(*row) for name, row in rows.items()}
                finally:
                    if collecting:
                        gc.enable()
        except Exception:  # an unreadable or corrupt cache is no cache
            self.entries = {}

    def get(self, name: str, sig: Signature, lang: str) -> Entry | None:
        entry = self.entries.get(name)
        if entry is None or entry.signature != sig or (entry.problems and entry.lang != lang):
            return None
        if sig[0] >= entry.read_ns - RACY_SECONDS * 1_000_000_000:
            return None  # modified too close to when it was read: it may have changed since
        return entry

    def put(self, name: str, sig: Signature, read_ns: int, record: Any,
            problems: list[Any], lang: str) -> Entry:
        blob = None if record is None else pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        entry = Entry(sig, read_ns, blob, problems, lang)
        entry._record = record
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
        header = _MAGIC + _schema_digest().encode() + b"\n"
        rows = {name: entry.as_row() for name, entry in self.entries.items()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(prefix=".cache-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(header)
                    pickle.dump(rows, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return
        for entry in self.entries.values():
            entry.changed = False
        self.dirty = False


def now_ns() -> int:
    return time.time_ns()
