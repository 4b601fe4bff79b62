"""Files are what they say: a file of the data folder that is a symbolic link is neither read
(its target's lines never reach a message) nor written through; a data folder reached
through a linked path still works."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import Child
from liushou_cli.store.edit import edit_document
from liushou_cli.store.layout import DataFolder

from .conftest import run, snapshot

SECRET = "root:x:0:0:secret-line-of-a-system-file\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    target = tmp_path / "passwd"
    target.write_text(SECRET, encoding="utf-8")
    return target


def _link_child(school: Path, target: Path) -> Path:
    link = school / "children" / "c0002.yaml"
    link.symlink_to(target)
    return link


def test_a_linked_child_file_is_not_read(school: Path, outside: Path) -> None:
    _link_child(school, outside)
    for args in (("check",), ("child", "list"), ("report", "--as-of", "2022-11-20")):
        result = run(school, *args)
        assert "secret-line" not in result.output, args
    result = run(school, "check")
    assert result.exit_code == 1
    assert "children/c0002.yaml: 错误: 是符号链接，为安全起见不读取" in result.output.splitlines()
    listed = run(school, "child", "list", "-f", "csv")
    assert listed.exit_code == 0
    # The linked file is named in the trailing #unreadable row, never read as a child.
    assert [line.split(",")[0] for line in listed.stdout.splitlines()[1:]] == ["c0001", "#unreadable"]
    assert listed.stdout.splitlines()[-1].startswith("#unreadable,children/c0002.yaml,")
    assert listed.stderr == "有 1 个学生文件无法读取，未列出；运行 liushou check 查看\n"


def test_a_link_to_a_good_child_file_is_refused_too(school: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.yaml"
    real.write_bytes((school / "children" / "c0001.yaml").read_bytes())
    (school / "children" / "c0001.yaml").unlink()
    (school / "children" / "c0001.yaml").symlink_to(real)
    before = real.read_bytes()
    result = run(school, "talk", "add", "c0001", "谈学习", "--by", "T001", "--date", "2022-11-01")
    assert result.exit_code == 1
    # Found by its file name, the link named; not even the name in the target is read.
    assert result.stderr == "c0001 的档案文件无法读取：children/c0001.yaml: 是符号链接，为安全起见不读取\n"
    assert real.read_bytes() == before
    assert (school / "children" / "c0001.yaml").is_symlink()


def test_the_store_never_writes_through_a_link(school: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.yaml"
    real.write_bytes((school / "children" / "c0001.yaml").read_bytes())
    link = school / "children" / "c0002.yaml"
    link.symlink_to(real)
    before = snapshot(school)
    with pytest.raises(LiushouError, match="是符号链接，为安全起见不写入"), \
            edit_document(DataFolder(school), link, Child) as edit:
        edit.data["name"] = "改名"
    assert snapshot(school) == before and link.is_symlink()


@pytest.mark.parametrize("name", ["liushou.yaml", "staff.yaml"])
def test_linked_config_or_staff_is_refused(school: Path, tmp_path: Path, name: str) -> None:
    real = tmp_path / name
    real.write_bytes((school / name).read_bytes())
    (school / name).unlink()
    (school / name).symlink_to(real)
    result = run(school, "check")
    assert result.exit_code == 1
    assert f"{name}: 错误: 是符号链接，为安全起见不读取" in result.output.splitlines()


def test_a_dangling_link_is_never_replaced_by_a_new_child(school: Path, tmp_path: Path) -> None:
    link = school / "children" / "c0002.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")
    result = run(school, "child", "add", "--name", "王五", "--gender", "男", "--class", "七(1)班",
                 "--type", "其他")
    assert result.exit_code == 0, result.output
    assert result.stdout == "已建档：王五(c0003)，文件 children/c0003.yaml\n"
    assert link.is_symlink() and not (tmp_path / "nowhere.yaml").exists()


def test_a_data_folder_reached_through_a_link_works(school: Path, tmp_path: Path) -> None:
    home = tmp_path / "home-link"
    home.symlink_to(school.parent)
    linked = home / school.name
    assert run(linked, "check").exit_code == 0
    result = run(linked, "talk", "add", "c0001", "谈学习", "--by", "T001", "--date",
                 "2022-11-01")
    assert result.exit_code == 0, result.output
    assert "谈学习" in (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    assert not os.path.islink(school / "children" / "c0001.yaml")


def test_a_folder_with_a_child_files_name_is_a_file_that_cannot_be_read(school: Path) -> None:
    # children/c0001.yaml made a folder (by hand, or a sync tool): it was skipped in silence,
    # and the child was missing from every list and count while check said "0 errors".
    child = school / "children" / "c0001.yaml"
    child.unlink()
    child.mkdir()
    result = run(school, "check")
    assert result.exit_code == 1
    assert "children/c0001.yaml: 错误: 无法读取：这是文件夹，不是文件" in result.output
    report = run(school, "report", "-f", "csv")
    assert report.exit_code == 0
    assert "#unreadable,children/c0001.yaml" in report.stdout
    assert report.stderr == "有 1 个学生文件无法读取，未列出；运行 liushou check 查看\n"
    shown = run(school, "child", "show", "c0001")
    assert (shown.exit_code, shown.stderr) == (
        1, "c0001 的档案文件无法读取：children/c0001.yaml: 无法读取：这是文件夹，不是文件\n")
    assert child.is_dir() and not any(child.iterdir())


def test_a_folder_refused_as_windows_refuses_it_is_still_called_a_folder(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows cannot open a folder: os.open says "permission denied" (EACCES), which check
    # and child show passed on as "没有权限" though no permission would help.
    import errno

    child = school / "children" / "c0001.yaml"
    child.unlink()
    child.mkdir()
    opened = os.open

    def as_windows(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.path.isdir(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return opened(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", as_windows)
    result = run(school, "--no-cache", "check")
    assert result.exit_code == 1
    assert "children/c0001.yaml: 错误: 无法读取：这是文件夹，不是文件" in result.output
    shown = run(school, "--no-cache", "child", "show", "c0001")
    assert (shown.exit_code, shown.stderr) == (
        1, "c0001 的档案文件无法读取：children/c0001.yaml: 无法读取：这是文件夹，不是文件\n")
