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
