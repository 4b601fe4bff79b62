"""The folder's answer in one file: every child file's reading and derived value as the last
command of its kind left them, so that an unchanged folder is answered by reading one file.

The cache (store.cache) proves each child unchanged by its own entry and keeps its derived
value as a text of its own: a warm report over 20,000 children parsed the index, split the
family's file into 20,000 texts and parsed each (0.6 s of a 1.1 s report). A derivation that
names a `snapshot_key` gets this file beside the index: one line a child file, holding its
name, signature, when it was read, whether it gave a record, its problems, the days its
reading holds on, and the value derived from it (made `brief` by the derivation: a report
keeps only the rows it may print), one flat JSON array with the value last as its tag and
payload (cachecodec.split_node: a county's lines parsed in 45 ms, not 55, without an
object around each value), and after a tab what the value keeps beside it, parsed
only when the value no longer holds (a report's rows first printed later: the derivation's
`renew` makes the value whole from them). A line serves exactly when the cache's entry
would: same signature, not racy, read on a day its reading holds on, and its value `holds`
today (or holds once renewed; that line is then made afresh). Any other file is read as
without this file, and the file is written afresh, unchanged lines copied as bytes.

Everything in it is JSON (store.cachecodec): reading it builds plain data and our own
records, never runs code. It lives in the cache folder, private as the cache's files are
(store.cachefiles); one that is damaged, of other code, or under another key is not read.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from liushou_cli.core.errors import Problem
from liushou_cli.store.cache import Days, FileCache, racy
from liushou_cli.store.cachecodec import Undecodable, decode, decode_split, encode, split_node
from liushou_cli.store.cachefiles import Refused, check_file, check_folder, read_file
from liushou_cli.store.layout import Signature

# The format; a file of another is not read (and is written afresh).
MAGIC = b"liushou-snapshot-3\n"


class Reading(NamedTuple):
    """One child file's line: its reading, the value derived from it (None when the file
    gave no record), and where the cache's record store holds its record, if known."""

    sig: Signature
    read_ns: int
    ok: bool
    problems: list[Problem]
    days: Days
    value: Any
    # (offset, length) in the record store (store.cache.RecordStore): a line whose value a
    # new day turned is worked out again from the record there, without the cache's index
    # (a county's 20,000 entries, 44 ms to load). Checked against the file's name and
    # signature when read, so a store rewritten since only costs a parse.
    span: tuple[int, int] | None = None

    def stands(self, sig: Signature, today: int) -> bool:
        """Is this line's reading the one of the file with signature `sig` on `today` (an
        ordinal), whether or not its value still holds?"""
        return (self.sig == sig and not racy(sig[0], self.read_ns)
                and self.days[0] <= today <= self.days[1])

    def serves(self, sig: Signature, today: int, holds: Callable[[Any], bool] | None) -> bool:
        """Does this line stand for the file with signature `sig` on `today` (an ordinal)?"""
        return (self.stands(sig, today)
                and (not self.ok or holds is None or holds(self.value)))


_LINES_A_WRITE = 1024
_NO_SPAN = (-1, 0)  # a line's span when the record store's place is not known

# A line's JSON never holds a raw tab (json escapes it): what a line keeps beside its value,
# read only when the value no longer holds, follows one.
BESIDE = b"\t"


def line_of(name: str, reading: Reading, beside: Any = None) -> bytes:
    """A file's line, as `Snapshot.read` takes it back, with what its value keeps `beside`
    it (plain JSON data; None: nothing); TypeError if either cannot be kept."""
    line = json.dumps([name, *reading.sig, reading.read_ns, reading.ok,
                       encode(reading.problems) if reading.problems else [],
                       *reading.days, *(reading.span or _NO_SPAN),
                       *split_node(encode(reading.value))],
                      ensure_ascii=False, separators=(",", ":")).encode()
    if beside is None:
        return line
    return line + BESIDE + json.dumps(beside, ensure_ascii=False, separators=(",", ":"),
                                      allow_nan=False).encode()


# json.loads without its wrapper's steps (a quarter of its time on a line this short): a
# county's 20,000 lines parsed in 51 ms where loads took 68. `raw_decode` parses one JSON
# value from the text's start; a line is that value and nothing else.
_first_json = json.JSONDecoder().raw_decode


def _whole_json(text: str) -> Any:
    """The JSON value `text` is (ValueError if it is not one, whole)."""
    value, end = _first_json(text)
    if end != len(text):
        raise ValueError  # no one reads why: the whole snapshot is dropped
    return value


def read_line(row: Any) -> tuple[str, Reading]:
    """A line's name and reading; Undecodable if it is not a line this code writes (without
    a reason: the caller drops the whole snapshot, and no one reads why)."""
    try:
        (name, mtime, size, inode, ctime, read_ns, ok, problems, first, last, start, length,
         tag, value) = row
        # The signature is only ever compared with a file's (anything else never matches);
        # what is computed with is checked here.
        if not (type(name) is str and type(read_ns) is int and type(ok) is bool
                and type(first) is int and type(last) is int and type(mtime) is int
                and type(start) is int and type(length) is int and length >= 0):
            raise Undecodable
        if problems:  # most files have none: nothing to decode
            problems = decode(problems)
            if (type(problems) is not list
                    or not all(type(problem) is Problem for problem in problems)):
                raise Undecodable
        elif problems != []:
            raise Undecodable
        return name, Reading((mtime, size, inode, ctime), read_ns, ok, problems, (first, last),
                             decode_split(tag, value), (start, length) if start >= 0 else None)
    except (TypeError, ValueError):  # Undecodable is a ValueError
        raise Undecodable from None


class Kept(NamedTuple):
    """What a snapshot holds for a listing of the folder on a day (Snapshot.read)."""

    # The lines that stand for their files, some renewed (their bytes are not in
    # Snapshot.lines: each needs a new line).
    served: dict[str, Reading]
    # Files unchanged since their line, which no longer holds (a new day turned its value):
    # no value the cache keeps for them holds either (the snapshot keeps the cache's).
    turned: set[str]
    line_count: int  # the lines in the file (0: none, or none this code wrote)
    # The turned lines that still stand for their files (Reading.stands) and say where the
    # record lies: their readings, the values dropped (a term's end turns every line).
    stored: dict[str, Reading]


class Snapshot:
    """The snapshot file at `path` for derivations under `key`, written by code whose digest
    is `digest` (the cache's)."""

    def __init__(self, path: Path, key: str, digest: bytes, beside: Iterable[Path] = ()) -> None:
        self.path = path
        # The cache's own files: one that is not private refuses the whole cache (its notice
        # shown), and this file is not read either.
        self.beside = tuple(beside)
        self.header = MAGIC + digest + b"\n" + json.dumps(key).encode() + b"\n"
        self.lines: dict[str, bytes] = {}  # as read: each serving line, to copy unchanged

    @classmethod
    def of_cache(cls, cache: FileCache, key: str) -> Snapshot:
        """The snapshot under `key` beside the cache's index, one file per family of keys
        (what stands before the key's first ':'), refused with the cache's own files."""
        family = key.split(":", 1)[0]
        return cls(cache.path.with_name(f"{cache.path.name}.snapshot.{family}"), key,
                   cache.digest(), (cache.path, cache.store.path))

    def read(self, files: Mapping[str, Signature], today: int,
             holds: Callable[[Any], bool] | None,
             renew: Callable[[Any, Any], Any] | None = None) -> Kept:
        """The lines that stand for the listed `files` (name -> signature) on `today`, an
        ordinal (Reading.serves), and the unchanged files whose line no longer holds. A line
        whose value no longer holds but that keeps something beside it is served with the
        value `renew` makes of both, if it makes one (not None); its bytes are not kept.
        Only the lines that serve are held (with their bytes, to copy): a county's 50,000
        turned lines held were 60 MB. Nothing when there is no such file, or it is damaged,
        or not private (Refused, noticed as the cache's files are)."""
        nothing = Kept({}, set(), 0, {})
        try:
            check_folder(self.path.parent)
            for path in self.beside:
                check_file(path)
            whole = read_file(self.path)
        except (Refused, OSError):
            return nothing
        if not whole.startswith(self.header):
            return nothing
        # A line's JSON holds no raw line break (json escapes them): one line a file.
        lines = whole[len(self.header):].splitlines()
        del whole
        # A line at a time: as fast as the whole file as one JSON array, without the file's
        # text and every line's lists alive at once (a county's 50,000 lines).
        served: dict[str, Reading] = {}
        turned: set[str] = set()
        stored: dict[str, Reading] = {}
        seen: set[str] = set()
        kept: dict[str, bytes] = {}
        loads = json.loads
        try:
            for line in lines:
                head, _, beside = line.partition(BESIDE)
                name, reading = read_line(_whole_json(head.decode()))
                if name in seen:
                    return nothing  # a name twice: not a file this code wrote
                seen.add(name)
                sig = files.get(name)
                if sig is None:
                    continue
                if reading.serves(sig, today, holds):
                    served[name] = reading
                    kept[name] = line
                elif reading.sig != sig:
                    continue
                elif (beside and renew is not None and reading.ok and reading.stands(sig, today)
                      and (value := renew(reading.value, loads(beside.decode()))) is not None):
                    served[name] = reading._replace(value=value)
                else:
                    turned.add(name)
                    if reading.ok and reading.span is not None and reading.stands(sig, today):
                        stored[name] = reading._replace(value=None)
        except (ValueError, RecursionError):  # not JSON, or a line this code never wrote
            return nothing
        self.lines = kept
        return Kept(served, turned, len(lines), stored)

    def write(self, lines: Iterable[bytes]) -> None:
        """The file afresh, atomically, private; silently nothing when it cannot be written
        (it is only ever a shortcut). `lines` may be made as they are written: an error it
        raises leaves the file as it was and goes on to the caller."""
        try:
            check_folder(self.path.parent)
            for path in (*self.beside, self.path):
                check_file(path)
            import tempfile  # only to write: a warm read imports none of it

            fd, tmp = tempfile.mkstemp(prefix=".snapshot-", dir=self.path.parent)
        except (Refused, OSError):
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.header)
                # A thousand lines a write: one a line was half of writing a county's 20,000.
                chunk: list[bytes] = []
                for line in lines:
                    chunk.append(line)
                    if len(chunk) == _LINES_A_WRITE:
                        handle.write(b"\n".join(chunk) + b"\n")
                        chunk.clear()
                if chunk:
                    handle.write(b"\n".join(chunk) + b"\n")
            os.replace(tmp, self.path)
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if not isinstance(error, OSError):
                raise
