"""The folder lock and the atomic write where there is no fcntl (docs/windows.md,
docs/reliability.md): writers take filelock's lock, wait for one another and give up as
with flock; a rename over a file that another program holds open is tried again. The
concurrent-writer and kill tests of tests/test_reliability.py run through this lock in the
suite's second run (LIUSHOU_TEST_PORTABLE=1, .ci/run)."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from liushou_cli.core import platform
from liushou_cli.store import atomic

from .conftest import run, snapshot

TALK = ("talk", "add", "c0001", "谈学习", "--by", "王建国")


def _locks_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the path of every filelock lock a writer makes from here on."""
    made: list[str] = []
    import filelock

    class Recording(FileLock):  # type: ignore[misc, valid-type]
        def __init__(self, path: str, *args: Any, **kwargs: Any) -> None:
            made.append(path)
            super().__init__(path, *args, **kwargs)

    monkeypatch.setattr(filelock, "FileLock", Recording)
    return made


@pytest.mark.usefixtures("portable")
def test_without_fcntl_every_write_takes_the_portable_lock(school: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    made = _locks_made(monkeypatch)
    for args in (TALK, ("child", "edit", "c0001", "--set", "监护人电话=13987654321"),
                 ("child", "add", "--name", "李四", "--gender", "女", "--class", "七(1)班",
                  "--type", "父亲外出")):
        assert run(school, *args).exit_code == 0
    assert set(made) == {str(school / ".liushou.lock")} and len(made) >= 3  # one a write at least


def test_with_fcntl_the_portable_lock_is_not_used(school: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if not platform.current().flock:
        pytest.skip("no fcntl here: the portable lock is the lock")
    made = _locks_made(monkeypatch)
    assert run(school, *TALK).exit_code == 0
    assert made == []


@pytest.mark.usefixtures("portable")
@pytest.mark.parametrize(("lang", "message"), [
    ((), "数据文件夹正被其他程序写入，请稍后再试\n"),
    (("--lang", "en"), "another program is writing the data folder; try again shortly\n"),
])
def test_a_writer_waits_for_the_portable_lock_then_gives_up(
        school: Path, monkeypatch: pytest.MonkeyPatch, lang: tuple[str, ...], message: str) -> None:
    monkeypatch.setattr(atomic, "LOCK_WAIT_SECONDS", 0.3)
    before = snapshot(school)
    holder = FileLock(str(school / ".liushou.lock"), thread_local=False)
    holder.acquire()
    # The other writer lets go by itself after 10 s: a writer that never gives up writes
    # (and fails the test) at worst.
    release = threading.Timer(10, holder.release)
    release.start()
    try:
        started = time.monotonic()
        result = run(school, *lang, *TALK)
        waited = time.monotonic() - started
    finally:
        release.cancel()
        holder.release()
    assert (result.exit_code, result.stderr) == (1, message)
    assert 0.3 <= waited < 10
    assert snapshot(school) == before
    assert run(school, *TALK).exit_code == 0  # the other writer is done: it goes through


@pytest.mark.usefixtures("portable")
def test_a_write_waits_while_another_program_holds_the_file_open(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows refuses to rename over a file another program has open (a reader, an
    # antivirus scanning it): the rename is tried again until it goes through.
    refusals = [2]
    real = os.replace

    def busy(source: Any, target: Any) -> None:
        if refusals[0]:
            refusals[0] -= 1
            raise PermissionError(errno.EACCES, "Access is denied", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", busy)
    result = run(school, *TALK)
    assert result.exit_code == 0, result.output
    assert refusals == [0]
    assert "谈学习" in (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    assert not list(school.glob(".*.tmp")) + list((school / "children").glob(".*.tmp"))


@pytest.mark.usefixtures("portable")
def test_a_file_held_open_for_good_is_one_line_and_nothing_changed(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "REPLACE_WAIT_SECONDS", 0.2)
    before = snapshot(school)

    def refused(source: Any, target: Any) -> None:
        raise PermissionError(errno.EACCES, "Access is denied", str(target))

    monkeypatch.setattr(os, "replace", refused)
    result = run(school, *TALK)
    assert result.exit_code == 4
    assert result.stderr == "无法写入 children/c0001.yaml：没有权限。什么都没有改动。\n"
    assert snapshot(school) == before  # and no temp file left


def test_on_posix_a_refused_rename_is_not_tried_again(school: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    if platform.current().windows:
        pytest.skip("the Windows path: tried again")
    calls: list[str] = []

    real = os.replace

    def refused(source: Any, target: Any) -> None:
        if not Path(target).is_relative_to(school):  # the local cache's index
            return real(source, target)
        calls.append(str(target))
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(os, "replace", refused)
    assert run(school, *TALK).exit_code == 4
    assert calls == [str(school / "children" / "c0001.yaml")]


@pytest.mark.parametrize("way", ["flock", "portable"])
def test_a_lock_held_again_by_its_thread_is_let_go_when_the_last_hold_closes(
        tmp_path: Path, way: str, request: pytest.FixtureRequest) -> None:
    # A command keeps its folder's lock from its first write to its commit, around the lock
    # each write takes (store/history.py): the write's, taken first, closes first.
    if way == "portable":
        request.getfixturevalue("portable")
    elif not platform.current().flock:
        pytest.skip("no fcntl here")
    lock = tmp_path / ".liushou.lock"

    def free() -> bool:
        found: list[bool] = []

        def attempt() -> None:
            try:
                with atomic.folder_lock(lock, wait=0):
                    found.append(True)
            except atomic.LiushouError:
                found.append(False)

        other = threading.Thread(target=attempt)
        other.start()
        other.join()
        return found == [True]

    first = atomic.folder_lock(lock)
    first.__enter__()
    with atomic.folder_lock(lock, wait=0):  # held here already: no wait, no refusal
        first.__exit__(None, None, None)
        assert not free()
    assert free() and not atomic._holds


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="no /proc/self/fd here")
def test_a_lock_given_up_on_leaves_no_descriptor_open(tmp_path: Path) -> None:
    if not platform.current().flock:
        pytest.skip("no fcntl here")
    lock = tmp_path / ".liushou.lock"
    holder = FileLock(str(lock), thread_local=False)  # another writer's, on flock
    holder.acquire()
    try:
        before = len(os.listdir("/proc/self/fd"))
        for _ in range(3):
            with pytest.raises(atomic.LiushouError), atomic.folder_lock(lock, wait=0):
                pass
        assert len(os.listdir("/proc/self/fd")) == before
    finally:
        holder.release()
