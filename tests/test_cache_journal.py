"""The cache's journal and its early store, as specifications: every complete frame comes
back in order, a torn tail is dropped, and a disk that refuses the early store of a cold read
never stops the read (store/cache.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liushou_cli.store import cache as cache_module
from liushou_cli.store import cachejournal
from liushou_cli.store.cache import FileCache, cache_path
from liushou_cli.store.cachejournal import frame as _frame
from liushou_cli.store.cachejournal import frames as _frames
from liushou_cli.store.layout import DataFolder

SECOND = 1_000_000_000
SIG = (1_000 * SECOND, 1234, 42, 1_000 * SECOND)
READ = SIG[0] + 3600 * SECOND

changes = st.dictionaries(st.text(min_size=1, max_size=12),
                          st.one_of(st.none(), st.integers(), st.text(max_size=40)), max_size=6)


@given(st.lists(changes, max_size=6))
def test_every_complete_frame_comes_back_in_order(frames: list[dict[str, Any]]) -> None:
    journal = b"".join(_frame(item) for item in frames)
    assert _frames(journal) == frames


def test_three_frames_of_different_sizes() -> None:
    frames = [{"a": 1}, {"bb": "二二"}, {"ccc": None, "d": 4}]
    journal = b"".join(_frame(item) for item in frames)
    assert _frames(journal) == frames
    assert _frames(journal[:-1]) == frames[:2]  # a torn last frame is dropped, not misread
    assert _frames(journal + b"junk") == frames


def test_a_refused_early_store_never_stops_a_cold_read(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold read holds at most a few blocks of new records in memory, then stores them
    early; if the disk refuses (full, read-only), the read goes on and the records stay."""
    folder = DataFolder(tmp_path / "school")
    cache = FileCache(folder, cache_path(folder, tmp_path / "cache"))

    def refused(self: FileCache) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileCache, "_store_new_records", refused)
    block = b"x" * (cache_module._WRITE_SIZE + 1)
    names = [f"c{index:04d}.yaml" for index in range(5)]
    for name in names:  # past four blocks pending: the early store is tried, and refused
        cache.put_parsed(name, SIG, READ, True, block, [])
    assert sorted(cache.entries) == names


def _open(index: Path) -> FileCache:
    return FileCache(DataFolder(index.parent.parent / "school"), index)


@pytest.fixture
def index(tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    return cache_path(DataFolder(tmp_path / "school"), folder)


def test_a_journal_frame_another_version_wrote_ends_the_journal_not_the_cache(
        index: Path) -> None:
    """The snapshot and the frames before an undecodable one are still used: one foreign
    frame does not turn a warm cache cold."""
    first = _open(index)
    first.put("a.yaml", SIG, READ, None, [])
    first.save()  # the snapshot
    second = _open(index)
    second.put("b.yaml", SIG, READ, None, [])
    second.save()  # a journal frame
    with index.open("ab") as journal:
        journal.write(_frame({"c.yaml": ["not", "an", "entry"]}))
    assert sorted(_open(index).entries) == ["a.yaml", "b.yaml"]


def test_the_cache_is_written_in_its_own_folder_whatever_the_system_temp_folder(
        index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index is written beside itself and renamed into place: never through the system's
    temporary folder, which may be shared, full or on another disk."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    cache = _open(index)
    cache.put("a.yaml", SIG, READ, None, [])
    cache.save()
    assert sorted(_open(index).entries) == ["a.yaml"]


def test_a_refused_write_of_the_index_leaves_no_temporary_file(
        index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new index cannot be put in place (disk full, a locked file on Windows): save
    gives up silently, and nothing half-written stays beside the cache."""
    cache = _open(index)
    cache.put("a.yaml", SIG, READ, None, [])

    def refused(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.os, "replace", refused)
    cache.save()
    monkeypatch.undo()
    assert [path.name for path in index.parent.iterdir() if path.name.startswith(".")] == []


def test_a_refused_compaction_of_the_records_leaves_no_temporary_file(
        index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record store is rewritten when most of it is records nothing points at; if the
    new one cannot be put in place, save gives up silently and no copy is left behind."""
    cache = _open(index)
    cache.put_parsed("a.yaml", SIG, READ, True, b"x" * (2 << 20), [])
    cache.save()
    again = _open(index)
    again.put_parsed("a.yaml", SIG, READ, True, b"small", [])  # the 2 MB record is now dead

    def refused(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.os, "replace", refused)
    again.save()
    monkeypatch.undo()
    assert [path.name for path in index.parent.iterdir() if path.name.startswith(".")] == []


# ---- the journal's bytes and its thresholds, at their edges -----------------------------------
def test_a_row_is_compact_json_in_utf8() -> None:
    # One byte a separator and the Chinese as UTF-8: a county's family file is tens of
    # megabytes, and its frames are appended by every run that changes a value.
    assert cachejournal.dumps({"a": ["张", 1]}) == '{"a":["张",1]}'.encode()


def test_a_frame_saying_it_is_longer_than_what_follows_is_torn() -> None:
    payload = b'{"a":1}'
    for extra in (1, 10, 100):
        torn = cachejournal.FRAME + (len(payload) + extra).to_bytes(8, "little") + payload
        assert _frames(torn) == []
        assert _frames(_frame({"b": 2}) + torn) == [{"b": 2}]


def measured(tmp_path: Path, snapshot: int, journal: int) -> cachejournal.IndexFile:
    """An index file on disk with a snapshot and a journal of these sizes, measured."""
    header = b"header\n"
    path = tmp_path / "index"
    path.write_bytes(header + snapshot.to_bytes(8, "little") + b"s" * snapshot + b"j" * journal)
    path.chmod(0o600)
    index = cachejournal.IndexFile(path, header)
    assert index.measure()
    assert (index.snapshot_size, index.journal_size) == (snapshot, journal)
    return index


@pytest.mark.parametrize(("snapshot", "journal", "worth"), [
    (101, 49, True), (101, 50, False), (100, 49, True), (100, 50, False), (0, 0, False)])
def test_a_frame_is_worth_it_while_the_journal_is_under_half_the_snapshot(
        tmp_path: Path, snapshot: int, journal: int, worth: bool) -> None:
    assert measured(tmp_path, snapshot, journal).worth_a_frame(1, 100) is worth


@pytest.mark.parametrize(("changed", "total", "worth"), [
    (10, 31, True), (10, 30, False), (1, 4, True), (1, 3, False)])
def test_a_frame_is_worth_it_for_under_a_third_of_the_rows(
        tmp_path: Path, changed: int, total: int, worth: bool) -> None:
    assert measured(tmp_path, 1000, 0).worth_a_frame(changed, total) is worth


@pytest.mark.parametrize(("journal", "appended"), [(0, True), (1, False)])
def test_a_frame_that_would_reach_half_the_snapshot_is_not_appended(
        tmp_path: Path, journal: int, appended: bool) -> None:
    found = _frame({"a": 1})
    snapshot = 2 * (len(found) + 1) + 1  # odd: half of it is not a whole number
    index = measured(tmp_path, snapshot, journal)
    before = index.path.read_bytes()
    assert index.append({"a": 1}) is appended
    assert index.path.read_bytes() == (before + found if appended else before)


def test_a_file_of_other_code_or_cut_short_is_not_measured(tmp_path: Path) -> None:
    path = tmp_path / "index"
    index = cachejournal.IndexFile(path, b"header\n")
    for spoilt in (b"other!\n" + bytes(8), b"header\n" + bytes(3),
                   b"header\n" + (5).to_bytes(8, "little") + b"abcd"):
        path.write_bytes(spoilt)
        path.chmod(0o600)
        assert index.measure() is False
        assert (index.snapshot_size, index.journal_size) == (0, 0)
    path.unlink()
    with pytest.raises(FileNotFoundError):
        index.measure()
