"""A local cache of parsed files, so that a report over 20,000 children parses only the files
that changed since the last run (beancount's loader cache is the model).

Each entry is keyed on the file's name and stat signature (mtime_ns, size, inode, ctime_ns)
and holds the validated record (as its JSON), the problems found in the file, and the
values commands derived from the record (the duty rows of the day, the findings of check).
Nothing in an entry is in a language: problems are kept as message codes (core/text.py) and
derived values hold ids, not names, so one entry serves Chinese and English. A file modified
within RACY_SECONDS of being read is never trusted from the cache (git's "racy clean" rule:
an edit in the same clock tick keeps mtime, and may keep the size), so it is read again;
within COARSE_SECONDS more if its mtime is in whole seconds (a FAT32 USB stick's 2-second
clock, see `racy`).
A child's record is valid or not on a day (a birth date after it is refused): its entry
keeps the days on which that verdict holds (model.ValidationDay), and a cache opened on
another day reads the file again.

Records live in a file of their own beside the index and are read back only when a command
asks for one: a report whose derived values are all current loads the small index and never
builds, or even reads, a record; recording one entry appends a few kilobytes to each.

The cache lives outside the data folder, in the user's own cache directory (mode 0700), so no
other user of a shared folder can write it, git never sees it, and deleting it is always safe.
Everything in it is JSON (store.cachecodec, pydantic's JSON for records): reading it can build
plain data and our own records, never run code. A folder or file that is not the user's own
and private is neither read nor written (store.cachefiles). A cache that cannot be read, is
corrupt, or was made by other code (any change to the package's source) is ignored and
rebuilt; one that cannot be written is simply not written. `--no-cache` bypasses it entirely.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liushou_cli.core import models_lazy, platform
from liushou_cli.core.errors import Problem
from liushou_cli.core.hashing import sha256
from liushou_cli.core.validators import ValidationDay
from liushou_cli.store.cachecodec import Undecodable, decode, encode
from liushou_cli.store.cachefiles import (
    Refused,
    check_file,
    check_folder,
    make_folder,
    open_file,
)
from liushou_cli.store.cachejournal import IndexFile
from liushou_cli.store.codedigest import package_key
from liushou_cli.store.layout import DataFolder, Signature

if TYPE_CHECKING:
    from pydantic import BaseModel

RACY_SECONDS = 2
COARSE_SECONDS = 2
# The format of the index. 2: entries no longer hold a language, and problems are codes. 3:
# derived values in a file per family. An index of another format is not read (and is
# written afresh).
_MAGIC = b"liushou-cache-json-3\n"
SUFFIX = ".cache"  # the index; `.pickle` was the suffix of the caches that pickled

# The days (as ordinals, first and last) on which a file's reading holds: every day, unless
# its record is valid only from its birth date on, or invalid only until the day before.
Days = tuple[int, int]
EVERY_DAY: Days = (date.min.toordinal(), date.max.toordinal())


def days_of(day: ValidationDay) -> Days:
    """The days a validation on `day` said holds its verdict on."""
    return (day.first.toordinal(), day.last.toordinal())

# The only models a stored record can be rebuilt as (by pydantic, from JSON), each imported
# only when a record is read back.
_RECORD_MODELS: dict[str, Callable[[], type[BaseModel]]] = {
    "Child": models_lazy.child, "SchoolConfig": models_lazy.school_config,
    "StaffFile": models_lazy.staff_file, "CensusFile": models_lazy.census_file,
    "Activity": models_lazy.activity}


def racy(mtime_ns: int, read_ns: int) -> bool:
    """Was a file with this modification time read too soon after it for the reading to be
    trusted? Within RACY_SECONDS, an edit in the same clock tick keeps the mtime. A time in
    whole seconds is a coarse clock's (FAT32 on a USB stick keeps 2-second steps; HFS+ and
    many network drives whole seconds, and their clock is not this machine's): the file may
    have changed up to COARSE_SECONDS after the time it shows, so it must be that much older
    again (a file changed twice within 2 seconds, the same size, is read again)."""
    window = RACY_SECONDS + (COARSE_SECONDS if mtime_ns % 1_000_000_000 == 0 else 0)
    return mtime_ns >= read_ns - window * 1_000_000_000


@functools.cache
def _schema_digest() -> str:
    """A digest of all the code that makes what the cache keeps: the package's code
    (store.codedigest: every .py file's stamp, the version) and the versions of the parser
    and the validator. Any change to a rule, a report, a message or the models throws the cache
    away."""
    # PyYAML's version is in its package's first file, pydantic's in its version.py: read,
    # not imported, since a report answered from the cache parses and validates nothing and
    # need load neither.
    return sha256(repr((package_key(), *_source("yaml", "__init__.py"),
                                *_source("pydantic", "version.py"))).encode()).hexdigest()


def _source(package: str, name: str) -> tuple[str, bytes]:
    """The path and bytes of the file `name` of an installed `package`, found without
    importing it."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    origin = spec.origin if spec is not None and spec.origin else ""
    path = str(Path(origin).with_name(name)) if origin else ""
    try:
        return path, Path(path).read_bytes() if path else b""
    except OSError:
        return path, b"\0unreadable"


def cache_path(folder: DataFolder, directory: Path) -> Path:
    """The cache index of `folder` in the cache folder `directory` (the environment's:
    $LIUSHOU_CACHE_DIR, else $XDG_CACHE_HOME/liushou, else ~/.cache/liushou); one file per
    data folder, named by a digest of its path."""
    name = sha256(str(folder.root.resolve()).encode()).hexdigest()[:24]
    return directory / f"{name}{SUFFIX}"


def record_blob(name: str, sig: Signature, record: BaseModel) -> bytes:
    """A record as the record store keeps it: a line naming its file, signature and model,
    then the record's JSON."""
    head = json.dumps([name, list(sig), type(record).__name__], ensure_ascii=False)
    return head.encode() + b"\n" + record.model_dump_json(by_alias=True).encode()


def record_from_blob(blob: bytes, name: str, sig: Signature,
                     today: date | None) -> BaseModel | None:
    """The record in `blob` if it is this file's (name and signature) and valid on `today`,
    else None."""
    try:
        head, _, body = blob.partition(b"\n")
        found_name, found_sig, model_name = json.loads(head)
        if found_name != name or found_sig != list(sig):
            return None
        found = _RECORD_MODELS.get(model_name) if type(model_name) is str else None
        model = found() if found is not None else None
        context = ValidationDay(today) if today is not None else None
        return model.model_validate_json(body, context=context) if model is not None else None
    except Exception:  # damaged, foreign or invalid: the file is parsed again
        return None


def facts_from_blob(blob: bytes, name: str, sig: Signature, kind: str = "Child") -> Any:
    """The record in `blob` as plain facts (core.recordfacts), if it is this file's (name
    and signature) and of `kind` (Child, Activity), else None. Nothing is validated: the
    caller knows the reading it was stored with still stands on its day (the cache's entry
    for the file, or the snapshot's line)."""
    # Imported here: only a new day's turned children and `child show` read facts, and a
    # warm report's start-up need not build their table.
    from liushou_cli.core.recordfacts import record_facts

    try:
        head, _, body = blob.partition(b"\n")
        found_name, found_sig, model_name = json.loads(head)
        if found_name != name or found_sig != list(sig) or model_name != kind:
            return None
        return record_facts(kind, body)
    except Exception:  # damaged or foreign (NotFacts, nested too deep...): the file is read
        return None


class RecordStore:
    """The records, appended as JSON to one file beside the cache's index; an entry points
    at its record by offset and length. Each record is stored with its file's name and
    signature and checked against them when read back, so a record store rewritten by
    another run (or damaged) can only cause a file to be parsed again, never a wrong record
    to be served. Records are validated again as read, on `today`."""

    def __init__(self, path: Path, today: date | None = None) -> None:
        self.path = path
        self.today = today
        self._fd: int | None = None

    def read_raw(self, span: tuple[int, int]) -> bytes:
        if self._fd is None:
            self._fd = open_file(self.path, os.O_RDONLY)
        if platform.current().pread:
            return os.pread(self._fd, span[1], span[0])
        os.lseek(self._fd, span[0], os.SEEK_SET)  # Windows has no pread
        return os.read(self._fd, span[1])

    def __getstate__(self) -> dict[str, Any]:
        # Handed to a spawned worker (store.parallel): the descriptor is this process's own.
        return {**self.__dict__, "_fd": None}

    def read(self, name: str, sig: Signature, span: tuple[int, int]) -> Any:
        """The record at `span`, or None if what is there is not this file's record."""
        try:
            blob = self.read_raw(span)
        except (OSError, OverflowError, ValueError):  # Refused too: then it is never read
            return None
        return record_from_blob(blob, name, sig, self.today)

    def read_facts(self, name: str, sig: Signature, span: tuple[int, int],
                   kind: str = "Child") -> Any:
        """The record of `kind` at `span` as plain facts, or None if what is there is not
        this file's (facts_from_blob)."""
        try:
            blob = self.read_raw(span)
        except (OSError, OverflowError, ValueError):
            return None
        return facts_from_blob(blob, name, sig, kind)

    def append(self, blobs: list[bytes]) -> list[tuple[int, int]]:
        """Append the blobs, a few megabytes a write; their spans. Each write lands whole at
        the end of the file, so concurrent appenders never interleave within one."""
        spans: list[tuple[int, int]] = []
        fd = open_file(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
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
    """One file's cached reading: its record (read back on first use), problems, the days
    on which that reading holds, and the latest value each kind of command derived from the
    record."""

    __slots__ = (
        "_cache",
        "_record",
        "_store",
        "blob",
        "days",
        "derived",
        "name",
        "ok",
        "problems",
        "read_ns",
        "remembered",
        "signature",
        "span",
    )

    def __init__(self, name: str, sig: Signature, read_ns: int, ok: bool,
                 span: tuple[int, int] | None, problems: list[Any],
                 derived: dict[str, Any] | None = None,
                 store: RecordStore | None = None, days: Days = EVERY_DAY,
                 cache: FileCache | None = None) -> None:
        self.name = name
        self.signature = sig
        self.read_ns = read_ns
        self.ok = ok  # the file gave a record (False: only problems)
        self.span = span  # where the record is in the record store; None: not stored (yet)
        self.problems = problems  # Problems, their messages as codes: in no language
        self.days = days  # the days the record (or the problems) hold on
        # family -> (key, value): the latest value each kind of derivation computed; a key's
        # family is what stands before its first ':' ("day:..." and "check:..." live side by
        # side, so a report and a check in turn do not undo each other's work). A value read
        # from the cache stays a list [key, its encoded value as JSON text] until a command
        # asks for its key.
        # Each family is kept in a file of its own, read when a command first asks for one
        # of its values (`cache`: the FileCache this entry was read from).
        self.derived = derived if derived is not None else {}
        # The families given a value since loading (a tuple: an empty set per entry took
        # 11 MB at 50,000 children).
        self.remembered: tuple[str, ...] = ()
        self.blob: bytes | None = None  # the record as stored, until it is stored
        self._record: Any = None
        self._store = store
        self._cache = cache

    @property
    def record(self) -> Any:
        """The validated record; None when the file has problems (not `ok`), or when its
        stored record is missing or damaged (the caller then reads the file again)."""
        if self._record is None:
            if self.blob is not None:
                self._record = record_from_blob(self.blob, self.name, self.signature,
                                                self._store.today if self._store else None)
            elif self.span is not None and self._store is not None:
                self._record = self._store.read(self.name, self.signature, self.span)
        return self._record

    def facts(self, kind: str) -> Any:
        """The record as plain facts of `kind` (core.recordfacts), without validating it
        again (the entry holds on this day: FileCache.get); None as for `record`."""
        if not self.ok:
            return None
        if self.blob is not None:
            return facts_from_blob(self.blob, self.name, self.signature, kind)
        if self.span is not None and self._store is not None:
            return self._store.read_facts(self.name, self.signature, self.span, kind)
        return None

    def derived_value(self, key: str) -> Any:
        """The value remembered under `key`, or None."""
        family = key.split(":", 1)[0]
        found = self.derived.get(family)
        if found is None and self._cache is not None:
            self._cache.load_family(family)
            found = self.derived.get(family)
        if type(found) is list:  # as read from the cache: decoded on first use
            if len(found) != 2 or found[0] != key or type(found[1]) is not str:
                return None
            try:
                value = decode(json.loads(found[1]))
            except ValueError:  # not JSON, or Undecodable
                del self.derived[family]
                return None
            self.derived[family] = (key, value)
            return value
        return found[1] if found is not None and found[0] == key else None

    def remember(self, key: str, value: Any) -> None:
        """Keep a value computed from this record (the latest key of its family replaces the
        one before); it must be plain data (see store.cachecodec), never the record itself."""
        family = key.split(":", 1)[0]
        self.derived[family] = (key, value)
        if family not in self.remembered:
            self.remembered += (family,)

    def forget_record(self) -> None:
        """Drop the built record, to keep memory flat over a big folder."""
        self._record = None

    @classmethod
    def from_row(cls, name: str, row: Any, store: RecordStore,
                 cache: FileCache | None = None) -> Entry:
        """An entry as `as_row` wrote it; Undecodable if the row is not one (without a
        reason: the caller drops the cache or the frame, and no one reads why)."""
        try:
            sig, read_ns, ok, span, problems, days = row
            # The signature is only ever compared with a file's (anything else never
            # matches); what is computed with, or looked into, is checked here.
            if not (type(read_ns) is int and type(ok) is bool):
                raise Undecodable
            first, last = days
            if not (type(first) is int and type(last) is int):
                raise Undecodable
            if span is not None:
                start, length = span
                if not (type(start) is int and type(length) is int and start >= 0
                        and length >= 0):
                    raise Undecodable
                span = (start, length)
            found = decode(problems) if problems else []
            if type(found) is not list or not all(type(p) is Problem for p in found):
                raise Undecodable
            return cls(name, tuple(sig), read_ns, ok, span, found, None, store, (first, last),
                       cache)
        except (TypeError, ValueError):  # Undecodable is a ValueError
            raise Undecodable from None

    def as_row(self) -> list[Any]:
        """The entry in the index, without its derived values (each family's file holds
        those: `family_row`)."""
        return [list(self.signature), self.read_ns, self.ok,
                list(self.span) if self.span is not None else None,
                encode(self.problems) if self.problems else [], list(self.days)]

    def family_row(self, family: str) -> list[Any] | None:
        """The entry's value of `family` in that family's file: the reading it was derived
        from (signature and when it was read), the key and the value, encoded (cachecodec)
        as JSON text: a family's file is read as one string a child, each decoded only when
        asked for (a county's rows parsed whole took four times their size in memory).
        None when it has none, or one the cache cannot keep."""
        found = self.derived.get(family)
        if found is None:
            return None
        if type(found) is list:  # never decoded: stored as it was read
            if len(found) != 2 or type(found[1]) is not str:
                return None
            key, text = found
        else:
            key = found[0]
            try:
                # ASCII, its few Chinese characters escaped: a text with one of them would be
                # held at two bytes a character, and a family's file read whole at 50,000
                # children made the peak of a command's memory.
                text = json.dumps(encode(found[1]), separators=(",", ":"))
            except TypeError:
                return None
        return [list(self.signature), self.read_ns, key, text]


class FileCache:
    """Parsed files by name, trusted only while their signature holds and they are not racy.

    On disk, the index (this class), one file per family of derived values
    (`<index>.<family>`), and the record store (RecordStore, `<index>.records`). The index
    and each family's file are journaled (store.cachejournal): a run appends only what it
    changed. A family's file is read only when a command asks for one of its values, so a
    report does not read what `check` or `--stats` keep; each of its rows names the reading
    it was derived from (the file's signature and when it was read), so a value of an older
    reading of the file is never served. When most of the record store is dead records, it
    is rewritten.

    A cache folder or file that is not the user's own and private (store.cachefiles) makes
    the cache `refused`: nothing is read from it and nothing written.

    The cache is opened on a day, `today`: an entry is served only if its reading holds on
    that day, and records are validated on it as they are read back.
    """

    def __init__(self, folder: DataFolder, path: Path, today: date | None = None) -> None:
        self.folder = folder
        self.path = path
        self.today = today
        self.store = RecordStore(self.path.with_name(self.path.name + ".records"), today)
        self._entries: dict[str, Entry] | None = None  # the index, read on first use
        self._refused = False
        self._touched: set[str] = set()  # put or removed since loading
        self._index = IndexFile(path, self._header())
        self._families: dict[str, IndexFile] = {}  # the family files read so far
        self._pending = 0  # bytes of records not yet in the record store

    @property
    def entries(self) -> dict[str, Entry]:
        """Every file's entry, the index read the first time they are asked for: a report
        answered from the folder's snapshot (store.snapshot) never reads it."""
        if self._entries is None:
            self._entries = {}
            self._load()
        return self._entries

    @entries.setter
    def entries(self, entries: dict[str, Entry]) -> None:
        self._entries = entries

    @property
    def loaded(self) -> bool:
        """Has the index been read (or found missing)?"""
        return self._entries is not None

    @property
    def refused(self) -> bool:
        """Is the cache's folder or a file of it not the user's own and private?"""
        self.entries  # noqa: B018 (reading the index is what finds out)
        return self._refused

    @refused.setter
    def refused(self, value: bool) -> None:
        self._refused = value

    def digest(self) -> bytes:
        """The digest of the code that makes what the cache keeps (a file written by other
        code is not read)."""
        return _schema_digest().encode()

    def _header(self) -> bytes:
        return _MAGIC + self.digest() + b"\n"

    def family_path(self, family: str) -> Path:
        return self.path.with_name(f"{self.path.name}.{family}")

    def _load(self) -> None:
        try:
            check_folder(self.path.parent)
            check_file(self.store.path)
            found = self._index.read()
        except Refused:
            self.refused = True
            return
        except OSError:  # no cache yet, or none that can be read
            return
        if found is None:
            return
        rows, frames = found
        store = self.store
        collecting = gc.isenabled()
        gc.disable()  # decoding builds many objects and frees none
        try:
            entries = {name: Entry.from_row(name, row, store, self)
                       for name, row in rows.items()}
            for changes in frames:
                try:
                    update = {name: None if row is None else Entry.from_row(name, row, store, self)
                              for name, row in changes.items()}
                except Undecodable:
                    break
                for name, entry in update.items():
                    if entry is None:
                        entries.pop(name, None)
                    else:
                        entries[name] = entry
        except Exception:  # a corrupt cache is no cache
            self._index.snapshot_size = self._index.journal_size = 0
            return
        finally:
            # The entries live until the command ends: out of the collector's sight, or its
            # first pass after this walks every object of the index (0.5 s at 20,000
            # children, more for each kind of value commands keep in it).
            gc.freeze()
            if collecting:
                gc.enable()
        self.entries = entries

    def load_family(self, family: str) -> None:
        """Give every entry its value of `family` kept on disk (once per family): those
        derived from the reading the entry is."""
        if family in self._families:
            return
        index = self._families[family] = IndexFile(self.family_path(family), self._header())
        if self.refused or not self.entries:
            return
        try:
            check_file(index.path)
            found = index.read()
        except Refused:
            self.refused = True
            return
        except OSError:
            return
        if found is None:
            return
        rows, frames = found
        for changes in (rows, *frames):
            for name, row in changes.items():
                entry = self.entries.get(name)
                if entry is None or family in entry.remembered:
                    continue
                if row is None:
                    entry.derived.pop(family, None)
                    continue
                # [signature, read_ns, key, value]: only for the very reading the entry is
                if (type(row) is list and len(row) == 4 and row[1] == entry.read_ns
                        and row[0] == list(entry.signature) and type(row[3]) is str):
                    entry.derived[family] = [row[2], row[3]]
                else:
                    entry.derived.pop(family, None)

    def get(self, name: str, sig: Signature) -> Entry | None:
        entry = self.entries.get(name)
        if entry is None or entry.signature != sig:
            return None
        if entry.days != EVERY_DAY and not (
                self.today is not None and entry.days[0] <= self.today.toordinal() <= entry.days[1]):
            return None  # valid (or not) on other days: a birth date may be past, or not yet
        if racy(sig[0], entry.read_ns):
            return None  # modified too close to when it was read: it may have changed since
        return entry

    def put(self, name: str, sig: Signature, read_ns: int, record: BaseModel | None,
            problems: list[Any], days: Days = EVERY_DAY) -> Entry:
        entry = Entry(name, sig, read_ns, record is not None, None, problems, store=self.store,
                      days=days)
        if record is not None:
            entry.blob = record_blob(name, sig, record)
            entry._record = record
        self._add(name, entry)
        return entry

    def put_parsed(self, name: str, sig: Signature, read_ns: int, ok: bool, blob: bytes | None,
                   problems: list[Any], days: Days = EVERY_DAY) -> Entry:
        """Like put, for a record another process parsed and stored as bytes (store.parallel)."""
        entry = Entry(name, sig, read_ns, ok, None, problems, store=self.store, days=days)
        entry.blob = blob
        self._add(name, entry)
        return entry

    def _add(self, name: str, entry: Entry) -> None:
        if entry.blob is not None:
            self._pending += len(entry.blob)
            if self._pending > _WRITE_SIZE * 4 and not self.refused:  # a cold run: flat memory
                with contextlib.suppress(OSError):
                    self._store_new_records()
        self.entries[name] = entry
        self._touched.add(name)

    def forget_missing(self, names: set[str]) -> None:
        for name in [name for name in self.entries if name not in names]:
            del self.entries[name]
            self._touched.add(name)

    def save(self) -> None:
        """Write what changed, as journal frames or afresh; silently give up if the cache
        cannot be written, and write nothing into a refused one."""
        if self._entries is None:
            return  # the index was never read: nothing was put, taken or derived
        changed = self._touched
        families: dict[str, set[str]] = {}
        for name, entry in self.entries.items():
            for family in entry.remembered:
                families.setdefault(family, set()).add(name)
        if not (changed or families) or self.refused:
            return
        try:
            make_folder(self.path.parent)
            if changed:
                self._store_new_records()
                index = self._index
                if not (index.worth_a_frame(len(changed), len(self.entries)) and index.append(
                        {name: (kept.as_row() if (kept := self.entries.get(name)) else None)
                         for name in changed})):
                    self._compact_records()
                    self._write_all()
            for family, names in families.items():
                self._save_family(family, names)
        except Refused:
            self.refused = True
            return
        except OSError:
            return
        for entry in self.entries.values():
            entry.remembered = ()
        self._touched.clear()

    def _save_family(self, family: str, names: set[str]) -> None:
        if family not in self._families:
            # A few values to add to a family no one read (a new day's turned shares): a
            # frame appended without reading the file, a county's largest. Each row proves
            # itself by its reading when read, so a frame needs nothing of what is before it.
            unread = IndexFile(self.family_path(family), self._header())
            try:
                measured = unread.measure()
            except Refused:
                raise
            except OSError:  # none yet, or none that can be read: written afresh below
                measured = False
            if (measured and unread.worth_a_frame(len(names), len(self.entries))
                    and unread.append({name: self.entries[name].family_row(family)
                                       for name in names})):
                return
        self.load_family(family)  # what is on disk: a file written afresh keeps it
        index = self._families[family]
        holding = sum(1 for entry in self.entries.values() if family in entry.derived)
        if index.worth_a_frame(len(names), holding) and index.append(
                {name: self.entries[name].family_row(family) for name in names}):
            return
        # Each row made as it is written: never every value's text at once.
        index.write((name, row) for name, entry in self.entries.items()
                    if (row := entry.family_row(family)) is not None)

    def store_records(self) -> None:
        """The records put since the index was read appended to the record store now, so
        that where each lies is known (store.snapshot's lines say it); silently nothing when
        the store cannot be written (`save` tries again), and nothing into a refused cache."""
        if self._entries is None or self.refused:
            return
        try:
            make_folder(self.path.parent)
            self._store_new_records()
        except Refused:
            self.refused = True
        except OSError:
            pass

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

    def _write_all(self) -> None:
        self._index.write((name, entry.as_row()) for name, entry in self.entries.items())
        # A pickled cache of an older version is never read; it holds the same personal
        # data, so it goes too.
        old = self.path.with_suffix(".pickle")
        for stale in (old, old.with_name(old.name + ".records")):
            with contextlib.suppress(OSError):
                os.unlink(stale)


_WRITE_SIZE = 4 << 20


def now_ns() -> int:
    return time.time_ns()
