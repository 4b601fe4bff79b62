"""Operating-system failures through the CLI: disk full, read-only disk, no permission, a file
name too long. One plain line naming the file and saying nothing was changed, exit status 4,
and truly nothing changed: no temp file left, the old file as it was.

The tests run as root, which ignores file modes, so a refusal is simulated by making the
system call raise the OSError it would raise; a name too long is real."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import run, snapshot

VISIT = ("visit", "add", "c0001", "奶奶身体还好", "--by", "T001", "--date", "2022-10-20")
CHILD_ADD = ("child", "add", "--name", "曾丽", "--gender", "女", "--class", "七(1)班",
             "--type", "母亲外出", "--guardian-relation", "外祖母")
SET_PHONE = ("child", "edit", "c0001", "--set", "guardian.phone=13912345679")


def _refuse(monkeypatch: pytest.MonkeyPatch, name: str, code: int, inside: Path) -> None:
    """Make os.<name> raise OSError(code) for paths (or descriptors of files) under `inside`;
    everything else, the local cache included, works as usual."""
    real: Callable[..., Any] = getattr(os, name)
    mine: set[int] = set()
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, tmp = real_mkstemp(*args, **kwargs)
        if Path(tmp).is_relative_to(inside):
            mine.add(fd)
        return fd, tmp

    def fake(*args: Any, **kwargs: Any) -> Any:
        first = args[0]
        ours = (first in mine) if isinstance(first, int) else Path(first).is_relative_to(inside)
        if name == "open" and not args[1] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            ours = False  # a read-only disk is still read: only opening to write is refused
        if ours:
            raise OSError(code, os.strerror(code), str(first))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, name, fake)


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_disk_full_while_recording_a_visit(school: Path, monkeypatch: pytest.MonkeyPatch,
                                           call: str) -> None:
    before = snapshot(school)
    _refuse(monkeypatch, call, errno.ENOSPC, school)
    result = run(school, *VISIT)
    assert result.exit_code == 4, result.output
    assert result.stderr == "无法写入 children/c0001.yaml：磁盘已满。什么都没有改动。\n"
    assert snapshot(school) == before  # the old file whole, no temp file left


def test_disk_full_in_english(school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _refuse(monkeypatch, "write", errno.ENOSPC, school)
    result = run(school, "--lang", "en", *VISIT)
    assert result.exit_code == 4
    assert result.stderr == ("cannot write children/c0001.yaml: the disk is full. "
                             "Nothing was changed.\n")


@pytest.mark.parametrize(("code", "reason"), [
    (errno.EROFS, "磁盘是只读的"), (errno.EACCES, "没有权限"), (errno.EPERM, "没有权限"),
    (errno.EDQUOT, "磁盘配额已用完"), (errno.EIO, "读写磁盘出错（磁盘或网络故障）"),
    (errno.ENOENT, "文件夹不存在"),
])
def test_each_refusal_in_words(school: Path, monkeypatch: pytest.MonkeyPatch, code: int,
                               reason: str) -> None:
    before = snapshot(school)
    _refuse(monkeypatch, "replace", code, school)
    result = run(school, *SET_PHONE)
    assert result.exit_code == 4
    assert result.stderr == f"无法写入 children/c0001.yaml：{reason}。什么都没有改动。\n"
    assert snapshot(school) == before


def test_read_only_folder_refuses_the_lock(school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Opening (creating) .liushou.lock is the first thing a write does.
    before = snapshot(school)
    _refuse(monkeypatch, "open", errno.EROFS, school)
    result = run(school, *VISIT)
    assert (result.exit_code, result.stderr) == (
        4, "无法写入 children/c0001.yaml：磁盘是只读的。什么都没有改动。\n")
    assert snapshot(school) == before


def test_child_add_on_a_full_disk(school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(school)
    _refuse(monkeypatch, "fsync", errno.ENOSPC, school)
    result = run(school, *CHILD_ADD)
    assert (result.exit_code, result.stderr) == (
        4, "无法写入 children/c0002.yaml：磁盘已满。什么都没有改动。\n")
    assert snapshot(school) == before


def test_child_add_from_a_file_writes_none_when_one_fails(
        school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Two children: the first is written, the second hits a full disk: neither stays.
    batch = tmp_path / "batch.yaml"
    batch.write_text("- {name: 曾丽, gender: 女, class: 七(1)班, left_behind_type: 母亲外出}\n"
                     "- {name: 曾强, gender: 男, class: 七(1)班, left_behind_type: 母亲外出}\n",
                     encoding="utf-8")
    before = snapshot(school)
    real = os.replace

    def second_fails(source: Any, target: Any) -> None:
        if str(target).endswith("c0003.yaml"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "replace", second_fails)
    result = run(school, "child", "add", "--from", str(batch))
    assert (result.exit_code, result.stderr) == (
        4, "无法写入 children/c0003.yaml：磁盘已满。什么都没有改动。\n")
    assert snapshot(school) == before


def test_export_name_too_long(school: Path, tmp_path: Path) -> None:
    output = tmp_path / ("名" * 100 + ".csv")  # 300 bytes: more than any file system allows
    result = run(school, "export", "--output", str(output))
    assert result.exit_code == 4
    assert result.stderr == f"无法写入 {output}：文件名太长。什么都没有改动。\n"
    assert list(tmp_path.glob("*.csv")) == [] and list(tmp_path.glob(".*")) == []


def test_export_on_a_full_disk_leaves_no_temp_file(school: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _refuse(monkeypatch, "fsync", errno.ENOSPC, out)
    result = run(school, "export", "--output", str(out / "名单.csv"))
    assert (result.exit_code, result.stderr) == (
        4, f"无法写入 {out / '名单.csv'}：磁盘已满。什么都没有改动。\n")
    assert list(out.iterdir()) == []


def test_child_file_that_cannot_be_read(school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.open
    before = snapshot(school)

    def refused(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "c0001.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refused)
    checked = run(school, "--no-cache", "check")
    assert checked.exit_code == 1
    assert checked.stdout == "children/c0001.yaml: 错误: 无法读取：没有权限\n1 个错误，0 个警告\n"
    edited = run(school, *SET_PHONE)
    assert (edited.exit_code, edited.stderr) == (
        1, "c0001 的档案文件无法读取：children/c0001.yaml: 无法读取：没有权限\n")
    monkeypatch.undo()
    assert snapshot(school) == before


def test_an_os_error_anywhere_else_is_one_line(school: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EIO, "Input/output error", "/media/u盘/school/staff.yaml")

    monkeypatch.setattr("liushou_cli.cli.common.load_dataset", broken)
    result = run(school, "report", "--overdue")
    assert (result.exit_code, result.stderr) == (
        4, "无法访问 /media/u盘/school/staff.yaml：读写磁盘出错（磁盘或网络故障）。\n")
    english = run(school, "--lang", "en", "report", "--overdue")
    assert english.stderr == ("cannot access /media/u盘/school/staff.yaml: an input/output "
                              "error (a fault of the disk or network).\n")


def test_an_os_error_of_no_file_and_an_unknown_code(school: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr("liushou_cli.cli.common.load_dataset", broken)
    result = run(school, "report", "--overdue")
    assert (result.exit_code, result.stderr) == (
        4, "操作系统报错：系统错误 EXDEV (Invalid cross-device link)。\n")


def test_usage_errors_keep_their_status(school: Path) -> None:
    # 2 for a wrong command line, 1 for a refused record, 4 for the computer refusing.
    assert run(school, "report", "--as-of", "昨天").exit_code == 2
    assert run(school, "child", "edit", "c0001", "--set", "gender=M").exit_code == 1


# ---- init: all or nothing --------------------------------------------------------------------

INIT_STEPS = ["children", ".gitkeep", ".gitignore", "staff.yaml", "liushou.yaml"]


def _init_fails_at(monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    """The write (or the mkdir) of `step` fails with a full disk."""
    real_replace, real_mkdir = os.replace, os.mkdir

    def replace(source: Any, target: Any) -> None:
        if Path(target).name == step:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    def mkdir(path: Any, mode: int = 0o777) -> None:
        if Path(path).name == step:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_mkdir(path, mode)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "mkdir", mkdir)


@pytest.mark.parametrize("step", INIT_STEPS)
def test_init_failing_midway_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            step: str) -> None:
    root = tmp_path / "new" / "school"  # "new" is made by init too
    shown = root / "children" / step if step == ".gitkeep" else root / step
    _init_fails_at(monkeypatch, step)
    result = run(None, "init", str(root), "--school", "城关中学")
    assert (result.exit_code, result.stderr) == (
        4, f"无法写入 {shown}：磁盘已满。什么都没有改动。\n")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    again = run(None, "init", str(root), "--school", "城关中学")
    assert again.exit_code == 0, again.output
    assert run(root, "check").exit_code == 0


@pytest.mark.parametrize("step", INIT_STEPS)
def test_init_failing_keeps_what_was_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           step: str) -> None:
    root = tmp_path / "school"
    (root / ".git").mkdir(parents=True)  # a fresh git repository is allowed, and stays
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    before = snapshot(root)
    _init_fails_at(monkeypatch, step)
    assert run(None, "init", str(root), "--school", "城关中学").exit_code == 4
    assert snapshot(root) == before and sorted(p.name for p in root.iterdir()) == [".git"]
    monkeypatch.undo()
    assert run(None, "init", str(root), "--school", "城关中学", "--no-git").exit_code == 0
    # The lock file: the repository's commit of what init wrote is made under it.
    assert sorted(p.name for p in root.iterdir()) == [
        ".git", ".gitignore", ".liushou.lock", "children", "liushou.yaml", "staff.yaml"]


def test_init_name_too_long(tmp_path: Path) -> None:
    root = tmp_path / ("学校" * 50)  # 300 bytes
    result = run(None, "init", str(root), "--school", "城关中学")
    assert (result.exit_code, result.stderr) == (
        4, f"无法写入 {root}：文件名太长。什么都没有改动。\n")
    assert list(tmp_path.iterdir()) == []


def test_init_says_what_it_could_not_remove(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "school"
    _init_fails_at(monkeypatch, "staff.yaml")
    real_unlink = os.unlink

    def stuck(path: Any, *args: Any, **kwargs: Any) -> None:
        if Path(path).name == ".gitignore":
            raise OSError(errno.EIO, "Input/output error")
        real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", stuck)
    result = run(None, "init", str(root), "--school", "城关中学")
    assert (result.exit_code, result.stderr) == (
        4, f"无法写入 {root / 'staff.yaml'}：磁盘已满。本次建立的这些文件未能删除，"
           f"请手工删除后重新运行：{root / '.gitignore'}、{root}\n")
