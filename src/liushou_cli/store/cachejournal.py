"""One index file of the local cache on disk: a header (the format and the code that wrote
it), a snapshot of rows (JSON, its length first), then journal frames appended by later runs,
each holding only the rows that run changed (null for one that is gone).

One changed child costs a few kilobytes appended, not a rewrite of a county's whole index;
when the journal passes half of the snapshot, the next save writes the file afresh. A frame
cut short by a crash ends the journal; frames of concurrent runs land whole (one write
each), in either order: every row still proves itself against its file (store.cache).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from liushou_cli.store.cachefiles import Refused, open_file, read_file

FRAME = b"LSJ2"


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def frame(changes: dict[str, Any]) -> bytes:
    payload = dumps(changes)
    return FRAME + len(payload).to_bytes(8, "little") + payload


def frames(journal: bytes) -> list[dict[str, Any]]:
    """The journal's complete frames, in order; a torn or foreign tail ends it."""
    found = []
    at = 0
    while at + 12 <= len(journal) and journal[at:at + 4] == FRAME:
        size = int.from_bytes(journal[at + 4:at + 12], "little")
        if at + 12 + size > len(journal):
            break
        try:
            changes = json.loads(journal[at + 12:at + 12 + size].decode())
        except ValueError:
            break
        if not isinstance(changes, dict):
            break
        found.append(changes)
        at += 12 + size
    return found


class IndexFile:
    """The file at `path`, written under `header`; knows how big its snapshot and journal
    were when last read or written (0: nothing usable on disk)."""

    def __init__(self, path: Path, header: bytes) -> None:
        self.path = path
        self.header = header
        self.snapshot_size = 0
        self.journal_size = 0

    def read(self) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        """The snapshot's rows and the journal's frames; None when there is no file, or one
        of another format or code, or a damaged snapshot. Refused (store.cachefiles) if the
        file is not the user's own and private."""
        try:
            whole = read_file(self.path)
        except Refused:
            raise
        except OSError:  # none yet, or none that can be read
            return None
        header = self.header
        if not whole.startswith(header):
            return None
        start = len(header) + 8
        size = int.from_bytes(whole[len(header):start], "little")
        journal = whole[start + size:]
        try:
            # Decoded first: json.loads takes bytes at half the speed (measured). Decoded
            # from a view, and the bytes let go before parsing: a county's family file is
            # tens of megabytes, and a copy of it more made the command's peak of memory.
            text = str(memoryview(whole)[start:start + size], "utf-8")
            del whole
            rows = json.loads(text)
        except ValueError:
            return None
        finally:
            text = ""
        if type(rows) is not dict:
            return None
        self.snapshot_size, self.journal_size = size, len(journal)
        return rows, frames(journal)

    def measure(self) -> bool:
        """Learn how big the file's snapshot and journal are without reading them (its
        header and its length only); False when there is no file of this format and code.
        Refused if the file is not the user's own and private."""
        fd = open_file(self.path, os.O_RDONLY)
        try:
            head = os.read(fd, len(self.header) + 8)
            total = os.fstat(fd).st_size
        finally:
            os.close(fd)
        if len(head) != len(self.header) + 8 or not head.startswith(self.header):
            return False
        size = int.from_bytes(head[len(self.header):], "little")
        if len(head) + size > total:
            return False
        self.snapshot_size, self.journal_size = size, total - len(head) - size
        return True

    def worth_a_frame(self, changed: int, total: int) -> bool:
        """Should `changed` rows of `total` go in a frame (rather than the file afresh)?"""
        return bool(self.snapshot_size and self.journal_size < self.snapshot_size // 2
                    and changed * 3 < total)

    def append(self, changes: dict[str, Any]) -> bool:
        """Append a frame of `changes`; False (nothing written) when it would take the
        journal past half of the snapshot: the caller writes the file afresh instead."""
        found = frame(changes)
        if self.journal_size + len(found) >= self.snapshot_size // 2:
            return False
        fd = open_file(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, found)  # one write: concurrent appenders never interleave
        finally:
            os.close(fd)
        self.journal_size += len(found)
        return True

    def write(self, rows: Iterable[tuple[str, Any]]) -> None:
        """The file afresh: `rows` (name, row) as its snapshot, no journal (replaced whole,
        atomically). Written row by row, its size filled in at the end: a county's family
        file made whole in memory, as text and again as bytes, was the peak of a command's
        memory."""
        import tempfile  # only to write: a warm read imports none of it

        fd, tmp = tempfile.mkstemp(prefix=".cache-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.header)
                handle.write(bytes(8))  # the snapshot's size, once known
                size = handle.write(b"{")
                for number, (name, row) in enumerate(rows):
                    size += handle.write((b"," if number else b"") + dumps(name) + b":"
                                         + dumps(row))
                size += handle.write(b"}")
                handle.seek(len(self.header))
                handle.write(size.to_bytes(8, "little"))
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self.snapshot_size, self.journal_size = size, 0
