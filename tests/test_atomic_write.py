"""What a write promises beyond "old file or new file" (docs/reliability.md, 1 and 2): a
replaced file keeps its mode and a new one is the owner's only; the data reaches the disk
(the temp file and then the folder are fsynced); a writer that cannot get the folder lock
gives up after the documented wait, says so, and writes nothing."""

from __future__ import annotations

import fcntl
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from liushou_cli.store import atomic

from .conftest import posix_modes_only, run, snapshot


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process's umask after a test that sets it."""
    mask = os.umask(0o022)
    yield
    os.umask(mask)


@posix_modes_only
@pytest.mark.parametrize("mode", [0o640, 0o600, 0o644, 0o660])
def test_an_edit_keeps_the_files_mode(school: Path, mode: int) -> None:
    # A school that shares the folder with a group (0640) keeps sharing it after an edit;
    # 0644 stays 0644 too: check warns of an open folder, an edit does not decide.
    path = school / "children" / "c0001.yaml"
    path.chmod(mode)
    result = run(school, "child", "edit", "c0001", "--set", "guardian.phone=13987654321")
    assert result.exit_code == 0, result.output
    assert "13987654321" in path.read_text(encoding="utf-8")  # the file was replaced
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize("mask", [0o022, 0o000])
def test_a_new_file_is_the_owners_only_whatever_the_umask(school: Path, umask: None,
                                                          mask: int) -> None:
    os.umask(mask)
    result = run(school, "child", "add", "--name", "李四", "--gender", "女", "--class", "七(1)班",
                 "--type", "父亲外出")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((school / "children" / "c0002.yaml").stat().st_mode) == 0o600


def test_the_file_and_then_its_folder_are_fsynced(school: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the file's fsync a power cut can leave the new name pointing at empty blocks;
    # without the folder's, the rename itself can be lost. Each fsync is recorded as what its
    # descriptor is at the moment: a folder or a file, and which (by inode).
    synced: list[tuple[str, int]] = []
    real_fsync = os.fsync

    def recording(fd: int) -> None:
        info = os.fstat(fd)
        synced.append(("folder" if stat.S_ISDIR(info.st_mode) else "file", info.st_ino))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording)
    path = school / "children" / "c0001.yaml"
    result = run(school, "child", "edit", "c0001", "--set", "guardian.phone=13987654321")
    assert result.exit_code == 0, result.output
    # The temp file fsynced is the file now at the path (renamed over it), then its folder.
    assert synced == [("file", path.stat().st_ino), ("folder", path.parent.stat().st_ino)]


@pytest.mark.parametrize(("lang", "message"), [
    ((), "数据文件夹正被其他程序写入，请稍后再试\n"),
    (("--lang", "en"), "another program is writing the data folder; try again shortly\n"),
])
def test_a_writer_gives_up_when_the_lock_is_held(school: Path, monkeypatch: pytest.MonkeyPatch,
                                                 lang: tuple[str, ...], message: str) -> None:
    assert atomic.LOCK_WAIT_SECONDS == 15  # what the guides promise
    wait = 0.3
    monkeypatch.setattr(atomic, "LOCK_WAIT_SECONDS", wait)
    before = snapshot(school)
    # Another writer holds the lock for 10 s: flock locks belong to an open file, so a second
    # open of the lock file in this process conflicts with the one the command makes. It lets
    # go by itself, so a writer that never gives up writes (and fails the test) at worst.
    holder = os.open(school / ".liushou.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    release = threading.Timer(10, fcntl.flock, (holder, fcntl.LOCK_UN))
    release.start()
    try:
        started = time.monotonic()
        result = run(school, *lang, "talk", "add", "c0001", "谈学习", "--by", "王建国")
        waited = time.monotonic() - started
    finally:
        release.cancel()
        os.close(holder)
    assert result.exit_code == 1
    assert result.stderr == message
    # It waited for the other writer, for the wait set (far below the 15 s default, and the
    # 10 s the other writer holds the lock).
    assert wait <= waited < 10
    assert snapshot(school) == before
    # Once the other writer is done, the same command goes through.
    assert run(school, "talk", "add", "c0001", "谈学习", "--by", "王建国").exit_code == 0
