"""What the cache keeps and gives back, held on the cache itself (store.cache) over files built
in a tmp folder: the key of an entry (name, signature, days, the racy rule), each
field an entry keeps across a save and a load, the record store's spans, the index's journal
(appended, or written afresh past half the snapshot), the records compacted when most of the
store is dead, and what a damaged or foreign index, frame, row or record falls back to.

test_cache.py holds the promise seen through the CLI (a report through the cache equals the
uncached one); this file holds the cache to its own description, so that a cache that silently
stopped serving, or stopped keeping a field, is noticed too.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from liushou_cli.core import platform
from liushou_cli.core.errors import Problem
from liushou_cli.core.model import Child
from liushou_cli.core.text import Choice, Label, Message, Shown
from liushou_cli.core.validators import ValidationDay
from liushou_cli.store import cache as cache_module
from liushou_cli.store import cachejournal, codedigest
from liushou_cli.store import read as store_read
from liushou_cli.store.cache import (
    EVERY_DAY,
    RACY_SECONDS,
    SUFFIX,
    Entry,
    FileCache,
    RecordStore,
    cache_path,
    days_of,
    record_blob,
    record_from_blob,
)
from liushou_cli.store.cachecodec import Undecodable, encode
from liushou_cli.store.layout import DataFolder, signature

from .conftest import CHILD_ID_NUMBER, CHILD_YAML, posix_modes_only

SECOND = 1_000_000_000
SIG = (1_000 * SECOND, 1234, 42, 1_000 * SECOND)  # mtime_ns, size, inode, ctime_ns
READ = SIG[0] + 3600 * SECOND  # read an hour after it was written: not racy
DAY = date(2022, 11, 20)
PROBLEM = Problem("children/c0002.yaml", 4, "error", "schema",
                  Message.of("v_literal", field=Label(("gender",)), value=Shown("M"),
                             expected=(Choice("男"), Choice("女"))))


@pytest.fixture
def child(tmp_path: Path) -> Child:
    """The test school's child c0001, as read on DAY."""
    path = tmp_path / "c0001.yaml"
    path.write_text(CHILD_YAML.format(id_number=CHILD_ID_NUMBER), encoding="utf-8")
    record, problems = store_read.read_model(path, Child, path.name, ValidationDay(DAY))
    assert isinstance(record, Child), problems
    return record


@pytest.fixture
def index(tmp_path: Path) -> Path:
    """Where the tests' cache index lives (its folder private, as the cache makes it)."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    return folder / f"school{SUFFIX}"


def open_cache(index: Path, today: date | None = DAY) -> FileCache:
    return FileCache(DataFolder(index.parent.parent / "school"), index, today)


def records_of(index: Path) -> Path:
    return index.with_name(index.name + ".records")


def fields(entry: Entry, families: tuple[str, ...] = ("day", "check", "a key")) -> tuple[Any, ...]:
    """Everything an entry keeps, its derived values (of `families`, read from their files
    if the entry came from one) decoded."""
    if entry._cache is not None:
        for family in families:
            entry._cache.load_family(family)
    derived = {family: (found[0], entry.derived_value(found[0]))
               for family, found in list(entry.derived.items())}
    return (entry.name, entry.signature, entry.read_ns, entry.ok, entry.span, entry.problems,
            entry.days, derived)


def parts(index: Path) -> tuple[bytes, dict[str, Any], bytes]:
    """The index as header, snapshot rows and journal."""
    whole = index.read_bytes()
    header = cache_module._MAGIC + cache_module._schema_digest().encode() + b"\n"
    assert whole.startswith(header)
    size = int.from_bytes(whole[len(header):len(header) + 8], "little")
    start = len(header) + 8
    return header, json.loads(whole[start:start + size]), whole[start + size:]


# ---- keys: the file's name, signature and path ---------------------------------------------
def test_a_signature_is_mtime_size_inode_and_ctime(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("abc", encoding="utf-8")
    stat = path.stat()
    assert signature(stat) == (stat.st_mtime_ns, 3, stat.st_ino, stat.st_ctime_ns)


def _with_ctime(stat: os.stat_result, ctime_ns: int) -> os.stat_result:
    _, (fields, extra) = stat.__reduce__()
    return os.stat_result(fields, {**extra, "st_ctime_ns": ctime_ns})


@pytest.mark.parametrize("ctime_changes", [True, False])
def test_the_ctime_counts_only_where_it_is_a_change_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ctime_changes: bool) -> None:
    # On Windows st_ctime is the file's creation time, which an edit keeps: a signature
    # holding it would only make two readings of an unchanged file differ (a copy of the
    # folder, a restored backup), never tell an edit.
    monkeypatch.setattr(platform, "CURRENT",
                        replace(platform.current(), ctime_changes=ctime_changes))
    path = tmp_path / "a.yaml"
    path.write_text("abc", encoding="utf-8")
    stat = path.stat()
    other = _with_ctime(stat, stat.st_ctime_ns + SECOND)
    assert (signature(stat) != signature(other)) is ctime_changes


def test_each_data_folder_has_its_own_index_named_by_its_path(tmp_path: Path) -> None:
    root = tmp_path / "school"
    root.mkdir()
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    assert cache_path(DataFolder(root / "."), tmp_path / "c") == tmp_path / "c" / f"{digest}.cache"


def test_the_days_of_a_validation_are_its_first_and_last_ordinals() -> None:
    day = ValidationDay(DAY)
    day.not_after(date(2022, 12, 1))
    day.not_after(date(2011, 3, 15))
    assert days_of(day) == (date(2011, 3, 15).toordinal(), date(2022, 11, 30).toordinal())
    assert (1, date.max.toordinal()) == EVERY_DAY


def test_the_digest_of_the_code_lists_every_py_file_but_caches_and_links(tmp_path: Path) -> None:
    top = tmp_path / "pkg"
    for name in ("a.py", "b.txt", "sub/c.py", "sub/deep/d.py", "__pycache__/e.py",
                 "sub/__pycache__/f.py", "__PYCACHE__/g.py"):
        (top / name).parent.mkdir(parents=True, exist_ok=True)
        (top / name).write_text("x = 1\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "h.py").write_text("x = 1\n", encoding="utf-8")
    (top / "linked").symlink_to(outside, target_is_directory=True)
    assert sorted(codedigest._sources(str(top), "")) == [
        "__PYCACHE__/g.py", "a.py", "sub/c.py", "sub/deep/d.py"]


# ---- records, as the record store keeps them ----------------------------------------------
def test_a_record_is_stored_under_a_line_naming_its_file(child: Child) -> None:
    blob = record_blob("张小明.yaml", SIG, child)
    head, body = blob.split(b"\n", 1)
    assert head == '["张小明.yaml", [1000000000000, 1234, 42, 1000000000000], "Child"]'.encode()
    assert body == child.model_dump_json(by_alias=True).encode()
    assert record_from_blob(blob, "张小明.yaml", SIG, DAY) == child
    blob = record_blob("c0001.yaml", SIG, child)
    assert record_from_blob(blob, "c0001.yaml", SIG, DAY) == child
    assert record_from_blob(blob, "c0001.yaml", SIG, None) is None  # a child needs a day


def test_only_the_first_line_is_the_header(child: Child) -> None:
    # The record's JSON may span lines (any JSON is read): the header is the first line.
    head = json.dumps(["c0001.yaml", list(SIG), "Child"]).encode()
    blob = head + b"\n" + child.model_dump_json(by_alias=True, indent=2).encode()
    assert record_from_blob(blob, "c0001.yaml", SIG, DAY) == child


@pytest.mark.parametrize("head", [
    ["c0002.yaml", list(SIG), "Child"],                      # another file's
    ["c0001.yaml", [SIG[0] + 1, *SIG[1:]], "Child"],         # the file changed since
    ["c0001.yaml", list(SIG), "Path"],                       # not one of our models
    ["c0001.yaml", list(SIG), ["Child"]],
    ["c0001.yaml", list(SIG), 3],
    ["c0001.yaml", list(SIG)],
])
def test_a_record_of_another_file_or_kind_is_never_served(child: Child, head: list[Any]) -> None:
    blob = json.dumps(head).encode() + b"\n" + child.model_dump_json(by_alias=True).encode()
    assert record_from_blob(blob, "c0001.yaml", SIG, DAY) is None


def test_a_record_is_validated_again_on_the_day_it_is_read(child: Child) -> None:
    blob = record_blob("c0001.yaml", SIG, child)
    assert record_from_blob(blob, "c0001.yaml", SIG, date(2011, 3, 15)) == child
    assert record_from_blob(blob, "c0001.yaml", SIG, date(2011, 3, 14)) is None  # not born yet
    assert record_from_blob(blob[:-1], "c0001.yaml", SIG, DAY) is None


@pytest.fixture(params=["pread", "seek and read"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record store read with os.pread (POSIX) and by seeking then reading (Windows)."""
    with_pread = request.param == "pread"
    if with_pread and not hasattr(os, "pread"):
        pytest.skip("no os.pread here")
    monkeypatch.setattr(platform, "CURRENT", replace(platform.current(), pread=with_pread))


def test_the_record_store_gives_each_blob_its_span(tmp_path: Path, reading: None) -> None:
    store = RecordStore(tmp_path / "r", DAY)
    assert store.size() == 0
    assert store.append([b"abc", b"", b"defgh"]) == [(0, 3), (3, 0), (3, 5)]
    assert store.append([b"ij"]) == [(8, 2)]  # appended after what is there
    assert store.append([]) == []
    assert (tmp_path / "r").read_bytes() == b"abcdefghij" and store.size() == 10
    assert [store.read_raw(span) for span in [(0, 3), (3, 5), (8, 2), (9, 5)]] == [
        b"abc", b"defgh", b"ij", b"j"]
    store.close()
    store.close()  # closing twice is harmless
    RecordStore(tmp_path / "never").close()  # and so is closing one never opened
    assert store.read_raw((1, 2)) == b"bc"  # opened again


def test_a_store_handed_to_another_process_opens_the_file_itself(tmp_path: Path,
                                                                 child: Child) -> None:
    # A spawned worker is handed the store pickled: the descriptor this process opened
    # means nothing there (or another file).
    store = RecordStore(tmp_path / "r", DAY)
    [span] = store.append([record_blob("c0001.yaml", SIG, child)])
    assert store.read("c0001.yaml", SIG, span) == child  # the descriptor is open here
    handed = pickle.loads(pickle.dumps(store))
    store.close()
    assert handed.read("c0001.yaml", SIG, span) == child
    handed.close()


def test_a_big_append_is_written_in_batches_with_the_same_spans(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "_WRITE_SIZE", 4)
    store = RecordStore(tmp_path / "r")
    blobs = [b"ab", b"cd", b"efg", b"h", b"ijklm", b"n"]
    assert store.append(blobs) == [(0, 2), (2, 2), (4, 3), (7, 1), (8, 5), (13, 1)]
    assert (tmp_path / "r").read_bytes() == b"".join(blobs)


def test_a_span_the_store_does_not_hold_reads_as_no_record(tmp_path: Path, child: Child) -> None:
    store = RecordStore(tmp_path / "r", DAY)
    [span] = store.append([record_blob("c0001.yaml", SIG, child)])
    assert store.read("c0001.yaml", SIG, span) == child
    for wrong in [(span[0] + 1, span[1]), (0, -1), (-1, 3), (0, 1 << 70)]:
        assert store.read("c0001.yaml", SIG, wrong) is None
    assert RecordStore(tmp_path / "none").read("c0001.yaml", SIG, span) is None


# ---- an entry -------------------------------------------------------------------------------
def test_an_entry_reads_its_record_once_and_can_forget_it(tmp_path: Path, child: Child) -> None:
    store = RecordStore(tmp_path / "r", DAY)
    [span] = store.append([record_blob("c0001.yaml", SIG, child)])
    entry = Entry("c0001.yaml", SIG, READ, True, span, [], store=store)
    first = entry.record
    assert first == child and entry.record is first
    entry.forget_record()
    assert entry.record == child and entry.record is not first
    # Unstored yet: from its blob, on the store's day.
    blob = record_blob("c0001.yaml", SIG, child)
    for today, expected in ((DAY, child), (date(2010, 1, 1), None)):
        pending = Entry("c0001.yaml", SIG, READ, True, None, [],
                        store=RecordStore(tmp_path / "r", today))
        pending.blob = blob
        assert pending.record == expected
    alone = Entry("c0001.yaml", SIG, READ, True, None, [])
    assert alone.record is None
    alone.blob = blob
    assert alone.record is None  # no store, no day: a child is not valid on no day
    lost = Entry("c0001.yaml", SIG, READ, True, span, [])  # a span but no store
    assert lost.record is None


def test_a_derived_value_is_kept_per_family_of_keys() -> None:
    entry = Entry("c0001.yaml", SIG, READ, True, None, [])
    assert entry.remembered == () and entry.derived == {}
    entry.remember("day:2022-11-20:zh", ["row"])
    entry.remember("check:zh", {"n": 1})
    assert set(entry.remembered) == {"day", "check"}
    assert entry.derived_value("day:2022-11-20:zh") == ["row"]
    assert entry.derived_value("day:2022-11-21:zh") is None
    assert entry.derived_value("check:zh") == {"n": 1}
    assert entry.derived_value("other") is None
    entry.remember("day:2022-11-21:zh", ["later"])  # replaces the day before: same family
    assert entry.derived_value("day:2022-11-20:zh") is None
    assert entry.derived_value("day:2022-11-21:zh") == ["later"]
    assert set(entry.derived) == {"day", "check"}


def text(value: Any) -> str:
    """A value as a family's file keeps it: its encoding, as JSON text."""
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))


def test_a_derived_value_read_from_the_cache_is_decoded_when_asked() -> None:
    entry = Entry("c0001.yaml", SIG, READ, True, None, [], derived={
        "day": ["day:1", text((1, date(2022, 1, 2)))],
        "check": ["check:zh", json.dumps({"$": "os.system", "v": ["x"]})],
        "odd": ["odd:1", 2, 3],
        "raw": ["raw:1", encode("x")],  # encoded, but not as text: not what a file holds
        "torn": ["torn:1", '{"$": "tuple", "v": [1'],
        "other": ["other:1", text("x")]})
    assert entry.derived_value("day:2") is None
    assert entry.derived["day"] == ["day:1", text((1, date(2022, 1, 2)))]  # not decoded
    assert entry.derived_value("day:1") == (1, date(2022, 1, 2))
    assert entry.derived["day"] == ("day:1", (1, date(2022, 1, 2)))
    assert entry.derived_value("day:1") == (1, date(2022, 1, 2))
    assert entry.derived_value("check:zh") is None and "check" not in entry.derived
    assert entry.derived_value("odd:1") is None and "odd" in entry.derived
    assert entry.derived_value("raw:1") is None
    assert entry.derived_value("torn:1") is None and "torn" not in entry.derived
    assert entry.derived_value("other:1") == "x"
    assert entry.remembered == ()


def test_an_entry_row_round_trips_every_field() -> None:
    raw = ["raw:1", text((1, date(2022, 1, 2)))]  # as loaded, never asked for: kept as it is
    entry = Entry("c0001.yaml", SIG, READ, True, (5, 7), [PROBLEM],
                  derived={"raw": raw, "odd": ["odd:1", 2, 3]}, days=(700_000, 700_010))
    entry.remember("day:1", (date(2022, 11, 20), "x"))
    entry.remember("bad:1", object())  # what the codec cannot keep is not kept
    row = entry.as_row()  # the index's row holds no derived value: each family's file does
    assert row == [list(SIG), READ, True, [5, 7], encode([PROBLEM]), [700_000, 700_010]]
    assert entry.family_row("raw") == [list(SIG), READ, *raw]
    assert entry.family_row("day") == [list(SIG), READ, "day:1",
                                       text((date(2022, 11, 20), "x"))]
    assert entry.family_row("bad") is None and entry.family_row("odd") is None
    assert entry.family_row("none") is None
    back = Entry.from_row("c0001.yaml", json.loads(json.dumps(row)), RecordStore(Path("r")))
    assert fields(back) == ("c0001.yaml", SIG, READ, True, (5, 7), [PROBLEM],
                            (700_000, 700_010), {})
    plain = Entry("c0002.yaml", SIG, READ, False, None, [])
    assert plain.as_row() == [list(SIG), READ, False, None, [], list(EVERY_DAY)]
    again = Entry.from_row("c0002.yaml", plain.as_row(), RecordStore(Path("r")))
    assert fields(again) == ("c0002.yaml", SIG, READ, False, None, [], EVERY_DAY, {})
    edge = Entry.from_row("c0003.yaml", [list(SIG), 0, True, [0, 0], [], [0, 0]],
                          RecordStore(Path("r")))
    assert fields(edge) == ("c0003.yaml", SIG, 0, True, (0, 0), [], (0, 0), {})


GOOD = [list(SIG), READ, True, [5, 7], [], [1, 2]]


def _with(at: int, value: Any) -> list[Any]:
    row = list(GOOD)
    row[at] = value
    return row


@pytest.mark.parametrize("row", [
    GOOD[:-1], [*GOOD, 1], "not a row", None, 5,
    [*GOOD[:5], {}, *GOOD[5:]],  # a row of format 2, which kept the derived values
    _with(1, "3"), _with(1, 3.0), _with(1, True), _with(2, 1), _with(2, None),
    _with(5, [1]), _with(5, None), _with(5, ["1", 2]), _with(5, [1, "2"]), _with(5, [1.0, 2]),
    _with(3, [1]), _with(3, 5), _with(3, ["5", 7]), _with(3, [5, "7"]), _with(3, [-1, 7]),
    _with(3, [5, -1]), _with(3, [5.0, 7]),
    _with(4, ["not", "problems"]), _with(4, {"$": "os.system", "v": ["x"]}),
    _with(4, encode(PROBLEM)), _with(4, encode(["text"])), _with(4, encode([PROBLEM, 3])),
])
def test_a_row_that_is_not_an_entry_is_undecodable(row: Any) -> None:
    with pytest.raises(Undecodable):
        Entry.from_row("c0001.yaml", row, RecordStore(Path("r")))


# ---- which entries are served ---------------------------------------------------------------
def test_an_entry_is_served_only_while_its_key_holds(index: Path) -> None:
    cache = open_cache(index)
    fine = cache.put("a.yaml", SIG, READ, None, [])
    broken = cache.put("b.yaml", SIG, READ, None, [PROBLEM])
    assert cache.get("a.yaml", SIG) is fine
    assert cache.get("b.yaml", SIG) is broken  # its problems are codes: in any language
    assert cache.get("c.yaml", SIG) is None
    for changed in range(4):  # mtime, size, inode, ctime
        other = tuple(value + (1 if at == changed else 0) for at, value in enumerate(SIG))
        assert cache.get("a.yaml", other) is None  # type: ignore[arg-type]


def test_a_file_modified_near_when_it_was_read_is_read_again(index: Path) -> None:
    # A fine clock's mtime (SIG's is in whole seconds, which a FAT stick's clock gives and
    # which must wait longer: tests/test_windows_files.py).
    sig = (SIG[0] + 1, *SIG[1:])
    cache = open_cache(index)
    limit = sig[0] + RACY_SECONDS * SECOND
    racy = cache.put("a.yaml", sig, limit, None, [])
    assert cache.get("a.yaml", sig) is None
    racy.read_ns = limit + 1
    assert cache.get("a.yaml", sig) is racy
    assert RACY_SECONDS == 2


@pytest.mark.parametrize(("today", "served"), [
    (date(2022, 11, 30), True), (date(2022, 12, 1), False), (date(2022, 11, 1), True),
    (date(2022, 10, 31), False), (None, False)])
def test_a_reading_that_holds_on_some_days_is_served_only_on_them(
        index: Path, today: date | None, served: bool) -> None:
    days = (date(2022, 11, 1).toordinal(), date(2022, 11, 30).toordinal())
    cache = open_cache(index, today)
    entry = cache.put("a.yaml", SIG, READ, None, [], days=days)
    every = cache.put("b.yaml", SIG, READ, None, [])
    assert (cache.get("a.yaml", SIG) is entry) is served
    assert cache.get("b.yaml", SIG) is every


# ---- saved and loaded -----------------------------------------------------------------------
def test_every_field_of_an_entry_survives_a_save_and_a_load(index: Path, child: Child) -> None:
    cache = open_cache(index)
    assert cache.entries == {} and not index.exists()
    put = cache.put("c0001.yaml", SIG, READ, child, [], days=(1, 800_000))
    assert put.record is child and put.span is None and put.blob is not None
    cache.put("c0002.yaml", SIG, READ, None, [PROBLEM])
    blob = record_blob("c0003.yaml", SIG, child)
    parsed = cache.put_parsed("c0003.yaml", SIG, READ + 5, True, blob, [PROBLEM],
                              days=(3, 900_000))
    assert parsed.blob == blob and parsed.record == child
    cache.put_parsed("c0004.yaml", SIG, READ, False, None, [PROBLEM])
    put.remember("day:1", ["row"])
    cache.save()
    assert put.span == (0, len(record_blob("c0001.yaml", SIG, child)))
    assert put.blob is None and parsed.blob is None
    again = open_cache(index)
    assert {name: fields(entry) for name, entry in again.entries.items()} == {
        "c0001.yaml": ("c0001.yaml", SIG, READ, True, put.span, [], (1, 800_000),
                       {"day": ("day:1", ["row"])}),
        "c0002.yaml": ("c0002.yaml", SIG, READ, False, None, [PROBLEM], EVERY_DAY, {}),
        "c0003.yaml": ("c0003.yaml", SIG, READ + 5, True, parsed.span, [PROBLEM],
                       (3, 900_000), {}),
        "c0004.yaml": ("c0004.yaml", SIG, READ, False, None, [PROBLEM], EVERY_DAY, {})}
    assert again.entries["c0001.yaml"].record == child
    assert again.entries["c0003.yaml"].record == child
    assert again.entries["c0004.yaml"].record is None
    assert records_of(index).read_bytes() == record_blob("c0001.yaml", SIG, child) + blob
    assert not any(entry.remembered for entry in cache.entries.values())


def test_a_save_with_nothing_changed_writes_nothing(index: Path) -> None:
    cache = open_cache(index)
    cache.save()
    assert not index.parent.joinpath().exists() or list(index.parent.iterdir()) == []
    cache.put("a.yaml", SIG, READ, None, [])
    cache.save()
    before = index.read_bytes()
    index.write_bytes(b"")  # were it written again, it would be whole again
    cache.save()
    assert index.read_bytes() == b""
    index.write_bytes(before)
    loaded = open_cache(index)
    loaded.save()
    assert index.read_bytes() == before
    loaded.entries["a.yaml"].remember("check:zh", 1)  # a derived value alone is a change
    loaded.save()
    assert open_cache(index).entries["a.yaml"].derived_value("check:zh") == 1


def test_a_refused_cache_writes_nothing(index: Path) -> None:
    cache = open_cache(index)
    cache.put("a.yaml", SIG, READ, None, [])
    cache.refused = True
    cache.save()
    assert list(index.parent.iterdir()) == []


@posix_modes_only
def test_a_cache_folder_others_can_open_is_neither_read_nor_written(index: Path) -> None:
    filled(index, 3)
    before = index.read_bytes()
    os.chmod(index.parent, 0o755)
    cache = open_cache(index)
    assert (cache.refused, cache.entries) == (True, {})
    cache.put("a.yaml", SIG, READ, None, [])
    cache.save()
    assert index.read_bytes() == before and len(list(index.parent.iterdir())) == 1


def test_a_folder_gone_missing_is_forgotten(index: Path) -> None:
    cache = open_cache(index)
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        cache.put(name, SIG, READ, None, [])
    cache.save()
    loaded = open_cache(index)
    loaded.forget_missing({"a.yaml", "c.yaml", "new.yaml"})
    assert set(loaded.entries) == {"a.yaml", "c.yaml"}
    loaded.save()
    assert set(open_cache(index).entries) == {"a.yaml", "c.yaml"}


def names(count: int) -> list[str]:
    return [f"c{number:04d}.yaml" for number in range(count)]


def filled(index: Path, count: int) -> FileCache:
    """A cache of `count` entries, saved and loaded again."""
    cache = open_cache(index)
    for name in names(count):
        cache.put(name, SIG, READ, None, [])
    cache.save()
    return open_cache(index)


def with_day_values(index: Path, count: int) -> FileCache:
    """`filled`, each entry then given its value of the day (its name) and saved."""
    cache = filled(index, count)
    for name in names(count):
        cache.entries[name].remember("day:1", name)
    cache.save()
    return cache


def test_a_few_changes_are_appended_as_one_frame(index: Path) -> None:
    cache = filled(index, 30)
    before = index.read_bytes()
    for name in names(8):  # 8 and one gone, of 30: fewer than a third
        cache.put(name, SIG, READ + 1, None, [])
    cache.forget_missing(set(names(30)) - {"c0029.yaml"})
    cache.save()
    after = index.read_bytes()
    assert after.startswith(before)
    frame = after[len(before):]
    changes = {name: cache.entries[name].as_row() for name in names(8)} | {"c0029.yaml": None}
    payload = json.dumps(changes, ensure_ascii=False, separators=(",", ":")).encode()
    assert json.loads(frame[12:]) == changes
    assert frame[:12] == b"LSJ2" + len(payload).to_bytes(8, "little")
    assert len(frame) == 12 + len(payload)
    again = open_cache(index)
    assert set(again.entries) == set(names(29))
    assert [again.entries[name].read_ns for name in names(9)] == [READ + 1] * 8 + [READ]


def test_derived_values_go_to_their_familys_file_the_index_untouched(index: Path) -> None:
    cache = filled(index, 30)
    before = index.read_bytes()
    for name in names(29):
        cache.entries[name].remember("day:1", name)
    cache.entries["c0000.yaml"].remember("check:1", "checked")
    cache.save()
    assert index.read_bytes() == before
    day = cache.family_path("day")
    assert day.name == index.name + ".day" and parts(day)[2] == b""  # written afresh
    assert parts(day)[1]["c0003.yaml"] == [list(SIG), READ, "day:1", '"c0003.yaml"']
    written = day.read_bytes()
    again = open_cache(index)
    for name in names(3):  # a few of many: one frame
        again.entries[name].remember("day:2", name.upper())
    again.save()
    assert index.read_bytes() == before and day.read_bytes().startswith(written)
    frame = day.read_bytes()[len(written):]
    assert json.loads(frame[12:]) == {name: [list(SIG), READ, "day:2", text(name.upper())]
                                      for name in names(3)}
    last = open_cache(index)
    assert [last.entries[name].derived_value("day:2") for name in names(4)] == [
        "C0000.YAML", "C0001.YAML", "C0002.YAML", None]
    assert last.entries["c0003.yaml"].derived_value("day:1") == "c0003.yaml"
    assert last.entries["c0000.yaml"].derived_value("check:1") == "checked"
    assert last.entries["c0001.yaml"].derived_value("check:1") is None


def test_a_few_values_are_appended_to_a_familys_file_no_one_read(
        index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A new day's few turned shares: the family's file (a county's largest) gets a frame
    # without being read; reading it back gives the new values and keeps the others.
    with_day_values(index, 30)
    day = open_cache(index).family_path("day")
    written = day.read_bytes()
    reads: list[Path] = []
    original = cachejournal.IndexFile.read

    def counting(self: cachejournal.IndexFile) -> object:
        reads.append(self.path)
        return original(self)

    monkeypatch.setattr(cachejournal.IndexFile, "read", counting)
    again = open_cache(index)
    for name in names(3):
        again.entries[name].remember("day:2", name.upper())
    again.save()
    assert day not in reads and day.read_bytes().startswith(written)
    last = open_cache(index)
    assert [last.entries[name].derived_value("day:2") for name in names(4)] == [
        "C0000.YAML", "C0001.YAML", "C0002.YAML", None]
    assert last.entries["c0003.yaml"].derived_value("day:1") == "c0003.yaml"


@pytest.mark.parametrize("damage", [
    lambda whole, header: b"",  # gone
    lambda whole, header: whole.replace(header[:20], b"liushou-cache-json-2"),  # other format
    lambda whole, header: whole[:len(header) + 20],  # its snapshot cut short
    lambda whole, header: whole[:len(header) + 3],  # its length cut short
])
def test_a_familys_file_that_cannot_take_a_frame_is_written_afresh(
        index: Path, damage: Any) -> None:
    with_day_values(index, 30)
    day = open_cache(index).family_path("day")
    header = parts(index)[0]
    spoilt = damage(day.read_bytes(), header)
    if spoilt:
        day.write_bytes(spoilt)
    else:
        day.unlink()
    again = open_cache(index)
    for name in names(3):
        again.entries[name].remember("day:2", name.upper())
    again.save()
    assert parts(day)[2] == b""  # afresh: no journal
    last = open_cache(index)
    assert [last.entries[name].derived_value("day:2") for name in names(4)] == [
        "C0000.YAML", "C0001.YAML", "C0002.YAML", None]


def test_a_familys_journal_past_half_its_snapshot_is_written_afresh(index: Path) -> None:
    with_day_values(index, 30)
    for round_ in range(40):
        again = open_cache(index)
        again.entries["c0000.yaml"].remember("day:2", f"round {round_}")
        again.save()
    day = open_cache(index).family_path("day")
    _, rows, journal = parts(day)
    assert len(journal) < len(json.dumps(rows).encode()) // 2 + 200
    assert open_cache(index).entries["c0000.yaml"].derived_value("day:2") == "round 39"


def test_a_familys_value_of_another_reading_of_the_file_is_not_served(index: Path) -> None:
    cache = with_day_values(index, 30)
    again = open_cache(index)
    # Read again (a racy file, or the day's validity ran out): the same signature, another
    # reading; its value of the day is made again, not taken from the family's file.
    again.put("c0001.yaml", SIG, READ + 1, None, [])
    again.save()
    last = open_cache(index)
    assert last.entries["c0001.yaml"].derived_value("day:1") is None
    assert last.entries["c0002.yaml"].derived_value("day:1") == "c0002.yaml"
    # A row in the family's file that is not one is ignored too.
    rows = parts(cache.family_path("day"))[1]
    rows["c0002.yaml"] = ["not", "a", "row"]
    cache.family_path("day").write_bytes(
        parts(index)[0] + len(json.dumps(rows).encode()).to_bytes(8, "little")
        + json.dumps(rows).encode())
    assert open_cache(index).entries["c0002.yaml"].derived_value("day:1") is None
    assert open_cache(index).entries["c0003.yaml"].derived_value("day:1") == "c0003.yaml"


def test_an_entry_from_a_frame_is_whole_and_finds_its_record(index: Path, child: Child) -> None:
    cache = filled(index, 20)  # enough that one entry with a problem is a frame
    cache.put("c0001.yaml", SIG, READ, child, [PROBLEM], days=(2, 900_000))
    cache.save()
    assert parts(index)[2] != b""  # a frame
    again = open_cache(index)
    assert fields(again.entries["c0001.yaml"]) == fields(cache.entries["c0001.yaml"])
    assert again.entries["c0001.yaml"].record == child


def test_a_familys_file_that_is_a_link_refuses_the_cache(index: Path) -> None:
    cache = with_day_values(index, 3)
    day = cache.family_path("day")
    elsewhere = index.parent / "elsewhere"
    day.rename(elsewhere)
    day.symlink_to(elsewhere)
    kept, written = elsewhere.read_bytes(), index.read_bytes()
    again = open_cache(index)
    assert again.entries["c0000.yaml"].derived_value("day:1") is None and again.refused
    again.entries["c0000.yaml"].remember("day:2", "x")
    again.put("c0001.yaml", SIG, READ + 1, None, [])
    again.save()  # a refused cache writes nothing
    assert day.is_symlink() and elsewhere.read_bytes() == kept
    assert index.read_bytes() == written


def test_a_third_of_the_entries_changed_rewrites_the_index(index: Path) -> None:
    cache = filled(index, 30)
    for name in names(10):
        cache.put(name, SIG, READ + 1, None, [])
    cache.save()
    _header, rows, journal = parts(index)
    assert journal == b"" and set(rows) == set(names(30))
    assert rows["c0000.yaml"][1] == READ + 1 and rows["c0010.yaml"][1] == READ


def test_a_third_of_a_familys_values_changed_rewrites_its_file(index: Path) -> None:
    with_day_values(index, 30)
    again = open_cache(index)
    for name in names(10):
        again.entries[name].remember("day:2", name)
    again.save()
    _header, rows, journal = parts(again.family_path("day"))
    assert journal == b"" and set(rows) == set(names(30))
    assert rows["c0000.yaml"][2:] == ["day:2", text("c0000.yaml")]
    assert rows["c0010.yaml"][2:] == ["day:1", text("c0010.yaml")]


def test_the_journal_never_grows_past_half_the_snapshot(index: Path) -> None:
    # One changed entry a save, on one open cache: frames are appended until the next would
    # pass half the snapshot; then the index is written afresh, and frames start again.
    cache = filled(index, 40)
    _, _, journal = parts(index)
    snapshot = len(index.read_bytes())
    sizes = []
    for turn in range(24):
        cache.put("c0000.yaml", SIG, READ + turn % 10, None, [])  # frames of one size
        cache.save()
        _, rows, journal = parts(index)
        sizes.append(len(journal))
        assert rows  # never an empty snapshot
        assert open_cache(index).entries["c0000.yaml"].read_ns == READ + turn % 10
    frame = sizes[0]
    assert frame > 0
    half = (snapshot - len(parts(index)[0]) - 8) // 2
    expected, size = [], 0
    for _ in range(24):
        size = size + frame if size + frame < half else 0
        expected.append(size)
    assert sizes == expected and 0 in sizes


def test_a_journal_loaded_from_disk_counts_towards_the_half(index: Path) -> None:
    cache = filled(index, 12)
    _, _, _journal = parts(index)
    turn = 0
    while True:  # each save by a new run, which finds the journal on disk
        cache = open_cache(index)
        cache.put("c0000.yaml", SIG, READ + turn, None, [])
        before = len(parts(index)[2])
        cache.save()
        after = len(parts(index)[2])
        if after == 0:
            break
        assert after > before
        turn += 1
    assert turn > 1  # some frames were appended before the rewrite
    _header, rows, _ = parts(index)
    assert after == 0 and len(rows) == 12


@pytest.mark.parametrize("tail", [
    b"LSJ2",                                                  # torn in its length
    b"LSJ2" + (100).to_bytes(8, "little") + b'{"c0000.yaml":null}',  # torn in its payload
    b"XXXX" + (19).to_bytes(8, "little") + b'{"c0000.yaml":null}',  # not a frame
    b"LSJ2" + (19).to_bytes(8, "little") + b'{"c0000.yaml":nul!}',  # not JSON
    b"LSJ2" + (19).to_bytes(8, "little") + b'["c0000.yaml",null]',  # not a set of changes
    b"LSJ2" + (19).to_bytes(8, "little") + b'{"c0000.yaml":[1]}',   # not an entry
])
def test_the_journal_ends_at_its_first_bad_frame(index: Path, tail: bytes) -> None:
    cache = filled(index, 6)
    cache.forget_missing(set(names(6)) - {"c0005.yaml"})
    cache.save()
    gone = cachejournal.frame({"c0004.yaml": None, "never.yaml": None})
    before = index.read_bytes()
    index.write_bytes(before + tail + gone)
    assert set(open_cache(index).entries) == set(names(5))
    index.write_bytes(before + gone)  # without the bad frame, the last one counts
    assert set(open_cache(index).entries) == set(names(4))


@pytest.mark.parametrize("damage", ["header", "digest", "size", "snapshot", "row"])
def test_a_damaged_or_foreign_index_is_no_cache(index: Path, damage: str) -> None:
    filled(index, 3)
    header, rows, journal = parts(index)
    snapshot = json.dumps(rows).encode()
    if damage == "header":
        header = b"liushou-cache-json-0\n" + header[len(cache_module._MAGIC):]
    elif damage == "digest":  # another last digit (a digest may well end in 0)
        header = header[:-2] + (b"1" if header[-2:-1] == b"0" else b"0") + b"\n"
    elif damage == "snapshot":
        snapshot = snapshot[:-1]
    elif damage == "row":
        rows["c0001.yaml"] = [1]
        snapshot = json.dumps(rows).encode()
    size = len(snapshot) - (1 if damage == "size" else 0)
    index.write_bytes(header + size.to_bytes(8, "little") + snapshot + journal)
    cache = open_cache(index)
    assert cache.entries == {} and cache.refused is False
    cache.put("a.yaml", SIG, READ, None, [])
    cache.save()  # written afresh: nothing usable was on disk
    assert set(parts(index)[1]) == {"a.yaml"}


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("content", [None, b"garbage", "whole"])
def test_loading_leaves_the_garbage_collector_as_it_was(
        index: Path, enabled: bool, content: bytes | str | None) -> None:
    if content == "whole":
        filled(index, 3)
    elif isinstance(content, bytes):
        index.write_bytes(cache_module._MAGIC + cache_module._schema_digest().encode() + b"\n"
                          + content)
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        open_cache(index)
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()


def test_a_new_index_removes_the_old_pickled_cache(index: Path) -> None:
    old = index.with_suffix(".pickle")
    stale = [old, old.with_name(old.name + ".records")]
    for path in stale:
        path.write_bytes(b"\x80\x04old")
    cache = open_cache(index)
    cache.put("a.yaml", SIG, READ, None, [])
    cache.save()
    assert sorted(path.name for path in index.parent.iterdir()) == [index.name]
    _header, rows, journal = parts(index)
    assert (rows, journal) == ({"a.yaml": cache.entries["a.yaml"].as_row()}, b"")


# ---- the record store: flat memory, and compacted --------------------------------------------
MB = 1 << 20


def test_a_cold_run_stores_its_records_as_it_goes(index: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Over four write sizes of records waiting, they go to the record store before the save.
    monkeypatch.setattr(cache_module, "_WRITE_SIZE", 4)
    cache = open_cache(index)
    waiting = [cache.put_parsed(f"{n}.yaml", SIG, READ, True, b"abcd", [])
               for n in range(4)]
    assert not records_of(index).exists() and all(e.blob is not None for e in waiting)
    last = cache.put_parsed("4.yaml", SIG, READ, True, b"x", [])  # stored at the save
    assert records_of(index).read_bytes() == b"abcd" * 4
    assert [entry.span for entry in waiting] == [(n * 4, 4) for n in range(4)]
    assert all(entry.blob is None for entry in waiting) and last.blob == b"x"
    more = [cache.put_parsed(f"{n}.yaml", SIG, READ, True, b"efgh", [])
            for n in range(5, 9)]  # four write sizes again: not over
    assert records_of(index).read_bytes() == b"abcd" * 4
    cache.save()
    assert records_of(index).read_bytes() == b"abcd" * 4 + b"x" + b"efgh" * 4
    assert [entry.span for entry in [last, *more]] == [(16, 1), (17, 4), (21, 4), (25, 4), (29, 4)]
    refused = open_cache(index)
    refused.refused = True
    for n in range(5):
        refused.put_parsed(f"{n}.yaml", SIG, READ, True, b"zzzz", [])
    assert records_of(index).stat().st_size == 33


@posix_modes_only
def test_a_save_refused_leaves_the_cache_refused(index: Path) -> None:
    cache = filled(index, 3)
    before = index.read_bytes()
    cache.put("a.yaml", SIG, READ, None, [])
    os.chmod(index.parent, 0o777)
    cache.save()
    assert cache.refused is True and index.read_bytes() == before


def big(name: str, size: int) -> bytes:
    """A stored record of `size` bytes in all."""
    head = json.dumps([name, list(SIG), "Child"]).encode() + b"\n"
    return head + b" " * (size - len(head))


def test_a_store_mostly_dead_is_rewritten_with_the_live_records(index: Path, child: Child) -> None:
    cache = open_cache(index)
    live = record_blob("c0001.yaml", SIG, child)
    for n in range(3):  # first in the store: the live records move
        cache.put_parsed(f"dead{n}.yaml", SIG, READ, True, big(f"dead{n}.yaml", MB // 2), [])
    cache.put("c0001.yaml", SIG, READ, child, [])
    cache.put_parsed("kept.yaml", SIG, READ, True, big("kept.yaml", 10), [])
    cache.save()
    assert cache.entries["c0001.yaml"].record == child  # the store is open for reading
    cache.entries["c0001.yaml"].forget_record()
    cache.forget_missing({"c0001.yaml", "kept.yaml"})
    cache.save()  # 3 of 5 changed: written afresh, and the dead records go
    assert records_of(index).read_bytes() == live + big("kept.yaml", 10)
    assert cache.entries["c0001.yaml"].span == (0, len(live))
    assert cache.entries["kept.yaml"].span == (len(live), len(big("kept.yaml", 10)))
    assert cache.entries["c0001.yaml"].record == child  # read from the new store
    assert open_cache(index).entries["c0001.yaml"].record == child
    assert sorted(path.name for path in index.parent.iterdir()) == [index.name,
                                                                    records_of(index).name]


@pytest.mark.parametrize(("dead", "live", "compacted"), [
    (MB - 100, 100, False),      # a megabyte in all: kept as it is
    (MB - 99, 100, True),        # over a megabyte, nearly all dead
    (MB, MB, False),             # half dead
    (MB + 1, MB, True),          # over half dead
])
def test_the_store_is_compacted_past_a_megabyte_and_twice_the_live_records(
        index: Path, dead: int, live: int, compacted: bool) -> None:
    cache = open_cache(index)
    dead_blob, live_blob = big("dead.yaml", dead), big("live.yaml", live)
    cache.put_parsed("dead.yaml", SIG, READ, True, dead_blob, [])
    cache.put_parsed("live.yaml", SIG, READ, True, live_blob, [])
    cache.save()
    cache.forget_missing({"live.yaml"})
    cache.save()
    assert records_of(index).read_bytes() == (live_blob if compacted else dead_blob + live_blob)


@posix_modes_only
def test_records_stored_into_a_folder_not_private_leave_the_cache_refused(index: Path) -> None:
    # Storing the records before the snapshot's lines (store_records) meets the refusal a
    # save would: the cache is then refused, nothing is written, its records stay unstored.
    cache = filled(index, 3)
    waiting = cache.put_parsed("a.yaml", SIG, READ, True, b"abcd", [])
    before = records_of(index).read_bytes() if records_of(index).exists() else b""
    os.chmod(index.parent, 0o777)
    cache.store_records()
    assert cache.refused is True and waiting.span is None
    assert (records_of(index).read_bytes() if records_of(index).exists() else b"") == before
    cache.store_records()  # refused: not tried again
    assert cache.refused is True
