"""The cache's journal and its early store, as specifications: every complete frame comes
back in order, a torn tail is dropped, and a disk that refuses the early store of a cold read
never stops the read (store/cache.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liushou_cli.store import cache as cache_module
from liushou_cli.store.cache import FileCache, _frame, _frames, cache_path
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
