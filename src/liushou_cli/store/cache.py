"""A local cache of parsed files, so that a report over 20,000 children parses only the files
that changed since the last run (beancount's loader cache is the model).

Each entry is keyed on the file's name and stat signature (mtime_ns, size, inode, ctime_ns)
and holds the validated record (pickled, as bytes), the problems found in the file, and one
values commands derived from the record (the duty rows of the day, the findings of check). A file modified
within RACY_SECONDS of being read is never trusted from the cache (git's "racy clean" rule:
an edit in the same clock tick keeps mtime, and may keep the size), so it is read again.

Records live in a file of their own beside the index and are read back only when a command
asks for one: a report whose derived values are all current loads the small index and never
builds, or even reads, a record; recording one entry appends a few kilobytes to each.

The cache lives outside the data folder, in the user's own cache directory (mode 0700), so no
other user of a shared folder can write it, git never sees it, and deleting it is always safe.
A cache that cannot be read, is corrupt, or comes from another version is ignored and rebuilt;
one that cannot be written is simply not written. `--no-cache` bypasses it entirely.
"""

from __future__ import annotations

import contextlib
import functools
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
_MAGIC = b"liushou-cache-3\n"

Signature = tuple[int, int, int, int]


def signature(stat: os.stat_result) -> Signature:
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns)


@functools.cache
def _schema_digest() -> str:
    # Any change to the models, to the messages cached with the problems (catalog, messages,
    # the YAML reader's hints) or to the cache's own layout must invalidate old entries.
    here = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for name in ("model.py", "validators.py", "catalog.py", "messages.py", "store/yamlio.py",
                 "store/cache.py"):
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


class RecordStore:
    """The pickled records, appended to one file beside the cache's index; an entry points at
    its record by offset and length. Each record is stored with its file's name and signature
    and checked against them when read back, so a record store rewritten by another run (or
    damaged) can only cause a file to be parsed again, never a wrong record to be served."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def read_raw(self, span: tuple[int, int]) -> bytes:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDONLY)
        return os.pread(self._fd, span[1], span[0])

    def read(self, name: str, sig: Signature, span: tuple[int, int]) -> Any:
        """The record at `span`, or None if what is there is not this file's record."""
        try:
            found_name, found_sig, record = pickle.loads(self.read_raw(span))
        except Exception:
            return None
        return record if (found_name, found_sig) == (name, sig) else None

    def append(self, blobs: list[bytes]) -> list[tuple[int, int]]:
        """Append the blobs, a few megabytes a write; their spans. Each write lands whole at
        the end of the file, so concurrent appenders never interleave within one."""
        spans: list[tuple[int, int]] = []
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            batch: list[bytes] = []
            size = 0
            for index, blob in enumerate(blobs):
                batch.append(blob)
                size += len(blob)
                if size >= _WRITE_SIZE or index == len(blobs) - 1:
                    chunk = b"".join(batch)
                    if os.write(fd, chunk) != len(chunk):
                        raise OSError("short write")
                    at = os.lseek(fd, 0, os.SEEK_CUR) - len(chunk)
                    for written in batch:
                        spans.append((at, len(written)))
                        at += len(written)
                    batch, size = [], 0
        finally:
            os.close(fd)
        return spans

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class Entry:
    """One file's cached reading: its record (read back on first use), problems, and the
    latest value each kind of command derived from the record."""

    __slots__ = (
        "_record",
        "_store",
        "blob",
        "changed",
        "derived",
        "lang",
        "name",
        "ok",
        "problems",
        "read_ns",
        "signature",
        "span",
    )

    def __init__(self, name: str, sig: Signature, read_ns: int, ok: bool,
                 span: tuple[int, int] | None, problems: list[Any], lang: str,
                 derived: dict[str, tuple[str, Any]] | None = None,
                 store: RecordStore | None = None) -> None:
        self.name = name
        self.signature = sig
        self.read_ns = read_ns
        self.ok = ok  # the file gave a record (False: only problems)
        self.span = span  # where the record is in the record store; None: not stored (yet)
        self.problems = problems
        self.lang = lang  # problems are stored as translated text
        # family -> (key, value): the latest value each kind of derivation computed; a key's
        # family is what stands before its first ':' ("day:..." and "check:..." live side by
        # side, so a report and a check in turn do not undo each other's work).
        self.derived = derived if derived is not None else {}
        self.changed = False
        self.blob: bytes | None = None  # the pickled record, until it is stored
        self._record: Any = None
        self._store = store

    @property
    def record(self) -> Any:
        """The validated record; None when the file has problems (not `ok`), or when its
        stored record is missing or damaged (the caller then reads the file again)."""
        if self._record is None:
            if self.blob is not None:
                self._record = pickle.loads(self.blob)[2]
            elif self.span is not None and self._store is not None:
                self._record = self._store.read(self.name, self.signature, self.span)
        return self._record

    def derived_value(self, key: str) -> Any:
        """The value remembered under `key`, or None."""
        found = self.derived.get(key.split(":", 1)[0])
        return found[1] if found is not None and found[0] == key else None

    def remember(self, key: str, value: Any) -> None:
        """Keep a value computed from this record (the latest key of its family replaces the
        one before); it must be plain data, never the record itself, or saving would pickle
        the record again."""
        self.derived[key.split(":", 1)[0]] = (key, value)
        self.changed = True

    def forget_record(self) -> None:
        """Drop the unpickled record, to keep memory flat over a big folder."""
        self._record = None

    @classmethod
    def from_row(cls, name: str, row: tuple[Any, ...], store: RecordStore) -> Entry:
        sig, read_ns, ok, span, problems, lang, derived = row
        return cls(name, sig, read_ns, ok, span, problems, lang, derived, store)

    def as_row(self) -> tuple[Any, ...]:
        return (self.signature, self.read_ns, self.ok, self.span, self.problems, self.lang,
                self.derived)


class FileCache:
    """Parsed files by name, trusted only while their signature holds and they are not racy.

    On disk, the index (this class) and the record store (RecordStore, `<index>.records`).
    The index: a header, the entries of the last full write (a pickle, its length in the
    header), then journal frames appended by later runs, each holding only the entries that
    run changed (None for a file that is gone). One changed child costs a few kilobytes
    appended, not a rewrite of a county's whole cache; when the journal grows past half of
    the snapshot, the next save writes the index afresh, and when most of the record store is
    dead records, it is rewritten too. A frame cut short by a crash is ignored, and every
    entry still proves itself by its file's signature, so frames from concurrent runs, in
    any order, can never make the cache serve stale data.
    """

    def __init__(self, folder: DataFolder, path: Path | None = None) -> None:
        self.folder = folder
        self.path = path or cache_path(folder)
        self.store = RecordStore(self.path.with_name(self.path.name + ".records"))
        self.entries: dict[str, Entry] = {}
        self._touched: set[str] = set()  # put or removed since loading
        self._snapshot_size = 0  # bytes of the full write on disk; 0: nothing usable on disk
        self._journal_size = 0
        self._pending = 0  # bytes of records not yet in the record store
        self._load()

    def _header(self) -> bytes:
        return _MAGIC + _schema_digest().encode() + b"\n"

    def _load(self) -> None:
        header = self._header()
        store = self.store
        collecting = gc.isenabled()
        gc.disable()  # unpickling builds many objects and frees none
        try:
            with self.path.open("rb") as handle:
                if handle.read(len(header)) != header:
                    return
                size = int.from_bytes(handle.read(8), "little")
                start = handle.tell()
                rows = pickle.load(handle)
                entries = {name: Entry.from_row(name, row, store) for name, row in rows.items()}
                handle.seek(start + size)
                journal = handle.read()
            for changes in _frames(journal):
                for name, row in changes.items():
                    if row is None:
                        entries.pop(name, None)
                    else:
                        entries[name] = Entry.from_row(name, row, store)
        except Exception:  # an unreadable or corrupt cache is no cache
            return
        finally:
            if collecting:
                gc.enable()
        self.entries = entries
        self._snapshot_size = size
        self._journal_size = len(journal)

    def get(self, name: str, sig: Signature, lang: str) -> Entry | None:
        entry = self.entries.get(name)
        if entry is None or entry.signature != sig or (entry.problems and entry.lang != lang):
            return None
        if sig[0] >= entry.read_ns - RACY_SECONDS * 1_000_000_000:
            return None  # modified too close to when it was read: it may have changed since
        return entry

    def put(self, name: str, sig: Signature, read_ns: int, record: Any,
            problems: list[Any], lang: str) -> Entry:
        entry = Entry(name, sig, read_ns, record is not None, None, problems, lang,
                      store=self.store)
        if record is not None:
            entry.blob = pickle.dumps((name, sig, record), protocol=pickle.HIGHEST_PROTOCOL)
            entry._record = record
        self._add(name, entry)
        return entry

    def put_parsed(self, name: str, sig: Signature, read_ns: int, ok: bool, blob: bytes | None,
                   problems: list[Any], lang: str) -> Entry:
        """Like put, for a record another process parsed and pickled (store.parallel)."""
        entry = Entry(name, sig, read_ns, ok, None, problems, lang, store=self.store)
        entry.blob = blob
        self._add(name, entry)
        return entry

    def _add(self, name: str, entry: Entry) -> None:
        if entry.blob is not None:
            self._pending += len(entry.blob)
            if self._pending > _WRITE_SIZE * 4:  # a cold run: keep memory flat
                with contextlib.suppress(OSError):
                    self._store_new_records()
        self.entries[name] = entry
        self._touched.add(name)

    def forget_missing(self, names: set[str]) -> None:
        for name in [name for name in self.entries if name not in names]:
            del self.entries[name]
            self._touched.add(name)

    def save(self) -> None:
        """Write what changed, as a journal frame or afresh; silently give up if the cache
        cannot be written."""
        changed = self._touched | {name for name, entry in self.entries.items() if entry.changed}
        if not changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._store_new_records()
            frame = None
            if self._snapshot_size and self._journal_size < self._snapshot_size // 2:
                frame = _frame({name: (entry.as_row() if (entry := self.entries.get(name))
                                       else None) for name in changed})
            if frame is not None and self._journal_size + len(frame) < self._snapshot_size // 2:
                self._append(frame)
            else:
                self._compact_records()
                self._write_all()
        except OSError:
            return
        for entry in self.entries.values():
            entry.changed = False
        self._touched.clear()

    def _store_new_records(self) -> None:
        pending = [entry for entry in self.entries.values() if entry.blob is not None]
        self._pending = 0
        if not pending:
            return
        try:
            spans = self.store.append([entry.blob for entry in pending if entry.blob is not None])
        finally:
            for entry in pending:
                entry.blob = None  # stored, or not storable: the file is read again if asked
        for entry, span in zip(pending, spans, strict=True):
            entry.span = span

    def _compact_records(self) -> None:
        """Rewrite the record store when most of it is records no entry points at."""
        live = sum(entry.span[1] for entry in self.entries.values() if entry.span is not None)
        if self.store.size() <= max(2 * live, 1 << 20):
            return
        stored = [entry for entry in self.entries.values() if entry.span is not None]
        # Copied as they are: each is checked against its file's name and signature when read.
        blobs = [self.store.read_raw(entry.span) for entry in stored if entry.span is not None]
        fresh = RecordStore(self.store.path.with_name(f".{self.store.path.name}.{os.getpid()}"))
        try:
            spans = fresh.append(blobs)
            os.replace(fresh.path, self.store.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(fresh.path)
            raise
        self.store.close()
        for entry, span in zip(stored, spans, strict=True):
            entry.span = span

    def _append(self, frame: bytes) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, frame)  # one write: concurrent appenders never interleave
        finally:
            os.close(fd)
        self._journal_size += len(frame)

    def _write_all(self) -> None:
        rows = {name: entry.as_row() for name, entry in self.entries.items()}
        fd, tmp = tempfile.mkstemp(prefix=".cache-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(self._header())
                handle.write(bytes(8))  # the snapshot's length, filled in below
                start = handle.tell()
                pickle.dump(rows, handle, protocol=pickle.HIGHEST_PROTOCOL)
                size = handle.tell() - start
                handle.seek(start - 8)
                handle.write(size.to_bytes(8, "little"))
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self._snapshot_size, self._journal_size = size, 0


_WRITE_SIZE = 4 << 20
_FRAME = b"LSJ1"


def _frame(changes: dict[str, Any]) -> bytes:
    payload = pickle.dumps(changes, protocol=pickle.HIGHEST_PROTOCOL)
    return _FRAME + len(payload).to_bytes(8, "little") + payload


def _frames(journal: bytes) -> list[dict[str, Any]]:
    """The journal's complete frames, in order; a torn or foreign tail ends it."""
    found = []
    at = 0
    while at + 12 <= len(journal) and journal[at:at + 4] == _FRAME:
        size = int.from_bytes(journal[at + 4:at + 12], "little")
        if at + 12 + size > len(journal):
            break
        try:
            changes = pickle.loads(journal[at + 12:at + 12 + size])
        except Exception:
            break
        if not isinstance(changes, dict):
            break
        found.append(changes)
        at += 12 + size
    return found


def now_ns() -> int:
    return time.time_ns()
