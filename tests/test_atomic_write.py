"""What a write promises beyond "old file or new file" (docs/reliability.md, 1 and 2): a
replaced file keeps its mode and a new one is the owner's only; the data reaches the disk
(the temp file and then the folder are fsynced); a writer that cannot get the folder lock
gives up after the documented wait, says so, and writes nothing."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from liushou_cli.core.errors import LiushouError
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
    # The lock file too (it holds nothing, but nothing in the folder is others' to open).
    assert stat.S_IMODE((school / ".liushou.lock").stat().st_mode) == 0o600


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


class _Clock:
    """time.monotonic as a list of readings, and sleeps that take no time."""

    def __init__(self, *readings: float) -> None:
        self.readings = list(readings)

    def monotonic(self) -> float:
        return self.readings.pop(0)


@pytest.mark.parametrize(("last_look", "replaced"), [
    (atomic.REPLACE_WAIT_SECONDS, True),  # the wait's last instant: tried once more
    (atomic.REPLACE_WAIT_SECONDS + 0.001, False),  # past it: the error is the caller's
])
def test_a_rename_refused_on_windows_is_tried_again_until_the_wait_is_over(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, portable: object,
        last_look: float, replaced: bool) -> None:
    # Windows refuses to rename over a file another program has open for a moment (an
    # antivirus, the search indexer): the first rename is refused, the clock then reads
    # `last_look` seconds after the first try.
    path = tmp_path / "c0001.yaml"
    path.write_bytes(b"old")
    clock = _Clock(0.0, last_look)
    real_replace = os.replace
    refusals = [PermissionError(13, "in use by another program")]

    def replace(source: Path, target: Path) -> None:
        if refusals:
            raise refusals.pop()
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    monkeypatch.setattr(atomic.time, "monotonic", clock.monotonic)
    monkeypatch.setattr(atomic.time, "sleep", lambda seconds: None)
    if replaced:
        atomic.atomic_write(path, b"new", history=False)
        assert path.read_bytes() == b"new"
    else:
        with pytest.raises(PermissionError):
            atomic.atomic_write(path, b"new", history=False)
        assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c0001.yaml"]  # no temp file left
    assert clock.readings == []


def test_the_temp_file_is_named_so_that_a_killed_write_is_cleaned_and_ignored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A write killed before its rename leaves its temp file, a whole record. Its name must be
    # one the next writer's clean-up removes, and one the data folder's .gitignore keeps out of
    # git (`.*.tmp`): a hidden name beside the target, ending in .tmp.
    from liushou_cli.ops.newfolder import GITIGNORE

    path = tmp_path / "c0001.yaml"
    seen: list[Path] = []

    def killed(tmp: Path, target: Path) -> None:
        seen.append(tmp)
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "_replace", killed)
    with pytest.raises(KeyboardInterrupt):
        atomic.atomic_write(path, b"record", history=False)
    [tmp] = seen
    assert tmp.parent == tmp_path and tmp.name.startswith(".c0001.yaml.")
    assert tmp.name.endswith(".tmp") and ".*.tmp" in GITIGNORE.splitlines()
    tmp.write_bytes(b"record")  # what a kill (not an exception) leaves behind
    atomic.remove_leftovers(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_whose_temp_file_is_already_gone_reports_its_own_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The clean-up of a failed write must not hide the failure (disk full) behind its own.
    path = tmp_path / "c0001.yaml"
    path.write_bytes(b"old")

    def disk_full(tmp: Path, target: Path) -> None:
        tmp.unlink()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "_replace", disk_full)
    with pytest.raises(OSError) as raised:
        atomic.atomic_write(path, b"new", history=False)
    assert raised.value.errno == 28
    assert path.read_bytes() == b"old"


def test_a_leftover_gone_before_it_is_removed_is_no_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another clean-up (a second liushou, a sync tool) removed it between listing and removal.
    name = ".c0001.yaml.abcd1234.tmp"
    kept = tmp_path / ".c0002.yaml.efgh5678.tmp"
    kept.write_bytes(b"record")
    monkeypatch.setattr(atomic.os, "listdir", lambda folder: [name, kept.name])
    atomic.remove_leftovers(tmp_path)
    assert not kept.exists()  # the next one is still removed


def test_a_link_is_refused_by_the_writer_itself(tmp_path: Path) -> None:
    # Whatever path reaches the writer (not only an edit, which checks first): the link and
    # what it points to are left as they are, and the message names the link.
    target = tmp_path / "elsewhere.yaml"
    target.write_bytes(b"theirs")
    link = tmp_path / "c0001.yaml"
    link.symlink_to(target)
    with pytest.raises(LiushouError) as raised:
        atomic.atomic_write(link, b"ours", history=False)
    assert str(raised.value) == f"{link}: 是符号链接，为安全起见不写入"
    assert link.is_symlink() and target.read_bytes() == b"theirs"


@pytest.mark.parametrize("history", [True, False])
def test_a_new_file_is_noted_for_the_commit_only_when_asked(tmp_path: Path,
                                                           history: bool) -> None:
    # An export is no part of the data folder: it is written with history=False and must not
    # appear in the command's commit.
    from liushou_cli.store.history import recording

    path = tmp_path / "new.yaml"
    with recording() as record:
        assert atomic.create_exclusive(path, b"x", history=history)
    assert (path.resolve() in record.written) is history
    assert not atomic.create_exclusive(path, b"y", history=history)  # never over a file
    assert path.read_bytes() == b"x"


def _crossing(monkeypatch: pytest.MonkeyPatch, code: int) -> list[Path]:
    """Make a rename between two folders fail with `code`; the folders of the temp files
    tried, in order."""
    real = atomic._replace
    tried: list[Path] = []

    def replace(tmp: Path, target: Path) -> None:
        tried.append(tmp.parent)
        if tmp.parent != target.parent:
            raise OSError(code, os.strerror(code))
        real(tmp, target)

    monkeypatch.setattr(atomic, "_replace", replace)
    return tried


def _two_folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A top folder, a children folder, and a file in the latter holding b"old"."""
    top, children = tmp_path / "top", tmp_path / "children"
    top.mkdir()
    children.mkdir()
    path = children / "c0001.yaml"
    path.write_bytes(b"old")
    return top, children, path


def test_a_temp_folder_on_another_disk_writes_beside_the_target(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A rename between folders of two disks fails with EXDEV: the write is made again with
    # its temp file beside the target, and nothing is left in either folder.
    top, children, path = _two_folders(tmp_path)
    tried = _crossing(monkeypatch, errno.EXDEV)
    atomic.atomic_write(path, b"new", history=False, temp_dir=top)
    assert path.read_bytes() == b"new"
    assert tried == [top, children]
    assert list(top.iterdir()) == []
    assert [p.name for p in children.iterdir()] == ["c0001.yaml"]


def test_another_failure_of_the_rename_is_not_tried_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Only EXDEV means "another disk": a full disk is the caller's error, the file as it was.
    top, children, path = _two_folders(tmp_path)
    tried = _crossing(monkeypatch, errno.ENOSPC)
    with pytest.raises(OSError) as raised:
        atomic.atomic_write(path, b"new", history=False, temp_dir=top)
    assert raised.value.errno == errno.ENOSPC
    assert tried == [top]
    assert path.read_bytes() == b"old"
    assert list(top.iterdir()) == []
    assert [p.name for p in children.iterdir()] == ["c0001.yaml"]


def test_beside_the_target_an_exdev_is_not_tried_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With the temp file already beside the target there is nowhere else to try.
    path = tmp_path / "c0001.yaml"
    path.write_bytes(b"old")
    tried: list[Path] = []

    def replace(tmp: Path, target: Path) -> None:
        tried.append(tmp.parent)
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(atomic, "_replace", replace)
    with pytest.raises(OSError):
        atomic.atomic_write(path, b"new", history=False, temp_dir=tmp_path)
    assert tried == [tmp_path]
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["c0001.yaml"]


def test_a_folder_that_cannot_be_listed_has_no_leftovers(tmp_path: Path) -> None:
    atomic.remove_leftovers(tmp_path / "gone")  # no error: nothing to remove
    assert list(tmp_path.iterdir()) == []


def test_a_leftover_removed_by_another_between_finding_and_removing_is_no_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found (listed and a regular file), then gone before its unlink: the next is removed.
    first, second = tmp_path / ".c0001.yaml.abcd1234.tmp", tmp_path / ".c0002.yaml.efgh5678.tmp"
    first.write_bytes(b"record")
    second.write_bytes(b"record")
    monkeypatch.setattr(atomic, "leftovers_in", lambda folder: [first, second])
    first.unlink()  # another clean-up was first
    atomic.remove_leftovers(tmp_path)
    assert list(tmp_path.iterdir()) == []
