"""Files as Windows editors and USB sticks leave them (docs/windows.md): a child file saved
by Notepad (UTF-8 with a BOM, CRLF line ends), one saved as "Unicode" (UTF-16) or ANSI
(GBK), a file name in Chinese, a data folder under folders with spaces and Chinese names,
a FAT32/exFAT stick that has no permission bits and keeps times in 2-second steps. Each is
read and edited correctly, or refused in one located line."""

from __future__ import annotations

import errno
import os
import re
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core import platform
from liushou_cli.ops.newfolder import create_data_folder
from liushou_cli.store.cache import COARSE_SECONDS, RACY_SECONDS, FileCache, cache_path, racy
from liushou_cli.store.layout import DataFolder

from .conftest import (
    CHILD_ID_NUMBER,
    CHILD_YAML,
    STAFF_YAML,
    environment,
    rows_of,
    run,
    snapshot,
    valid_id,
)

CHILD = Path("children") / "c0001.yaml"
BOM = b"\xef\xbb\xbf"
SECOND = 1_000_000_000


def notepad(path: Path) -> bytes:
    """Save `path` as Notepad does: UTF-8 with a BOM, CRLF line ends; its new bytes."""
    raw = BOM + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(raw)
    return raw


def assert_notepad_style(raw: bytes) -> None:
    """Still a BOM first, and every line ended by CRLF."""
    assert raw.startswith(BOM) and raw.count(BOM) == 1
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert raw.endswith(b"\r\n")


def test_a_notepad_file_is_read_like_any_other(school: Path) -> None:
    plain = run(school, "child", "show", "c0001", "-f", "json").stdout
    notepad(school / CHILD)
    assert run(school, "child", "show", "c0001", "-f", "json").stdout == plain
    assert run(school, "check").exit_code == 0


def test_a_visit_added_to_a_notepad_file_keeps_its_bom_and_crlf(school: Path) -> None:
    path = school / CHILD
    before = notepad(path)
    result = run(school, "visit", "add", "张小明", "奶奶身体还好", "--by", "王建国", "--met", "祖母",
                 "--date", "2022-11-19")
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    assert_notepad_style(after)
    assert after.startswith(before)  # appended: every line before it is as it was
    assert "奶奶身体还好".encode() in after[len(before):]
    entries = rows_of(run(school, "visit", "list", "--child", "c0001", "-f", "json").stdout)
    assert [row["date"] for row in entries] == ["2022-11-19"]


def test_child_edit_set_keeps_a_notepad_files_bom_crlf_and_comments(school: Path) -> None:
    path = school / CHILD
    before = notepad(path)
    result = run(school, "child", "edit", "c0001", "--set", "监护人电话=13987654321")
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    assert_notepad_style(after)
    # Only the phone's line changed; the comments (在东莞电子厂, 奶奶耳背...) are still there.
    assert after == before.replace(b"'13912345678'", b"'13987654321'")


def test_a_file_saved_as_unicode_or_ansi_is_refused_in_one_line(school: Path) -> None:
    # Notepad's "Unicode" is UTF-16 with a BOM; "ANSI" on a Chinese computer is GBK. Neither
    # is read as something else or half-written: one line says what to do.
    path = school / CHILD
    text = path.read_text(encoding="utf-8")
    for raw, says in ((text.encode("utf-16"), "UTF-16"), (text.encode("gbk"), "GBK")):
        path.write_bytes(raw)
        before = snapshot(school)
        shown = run(school, "child", "show", "c0001")
        assert shown.exit_code == 1 and says in shown.stderr, shown.stderr
        assert "children/c0001.yaml" in shown.stderr and shown.stderr.count("\n") == 1
        assert "Traceback" not in shown.output
        edited = run(school, "child", "edit", "c0001", "--set", "监护人电话=13987654321")
        assert edited.exit_code == 1 and says in edited.stderr
        assert snapshot(school) == before


def test_a_child_file_with_a_chinese_name_is_read_edited_and_reported(school: Path) -> None:
    # A teacher saved a copy under the child's name: it is read and can be edited (found by
    # name), and check says that its name is not its id.
    copy = school / "children" / "李四.yaml"
    copy.write_bytes(notepad(school / CHILD).replace(b"id: c0001", b"id: c0002")
                     .replace("张小明".encode(), "李四".encode())
                     .replace(b"2022070101", b"2022070102")
                     .replace(CHILD_ID_NUMBER.encode(), valid_id("43052420110315003").encode()))
    listed = rows_of(run(school, "child", "list", "-f", "json").stdout)
    assert [row["name"] for row in listed] == ["张小明", "李四"]
    result = run(school, "visit", "add", "李四", "家里都好", "--by", "王建国", "--date", "2022-11-19")
    assert result.exit_code == 0, result.output
    assert_notepad_style(copy.read_bytes())
    assert "家里都好" in copy.read_text(encoding="utf-8-sig")
    checked = run(school, "check")
    assert "children/李四.yaml" in checked.stdout and "c0002" in checked.stdout


def test_a_folder_under_spaces_and_chinese_names(tmp_path: Path) -> None:
    # D:\我的 文档\留守 儿童\ as a teacher would name it: every command reads and writes there.
    root = tmp_path / "我的 文档" / "留守 儿童 2022"
    assert run(None, "init", str(root), "--school", "城关 中学").exit_code == 0
    (root / "staff.yaml").write_text(STAFF_YAML, encoding="utf-8")
    (root / "children" / "c0001.yaml").write_text(CHILD_YAML.format(id_number=CHILD_ID_NUMBER),
                                                  encoding="utf-8")
    notepad(root / CHILD)
    for args in (["visit", "add", "zxm", "奶奶身体还好", "--by", "王建国", "--date", "2022-11-19"],
                 ["child", "edit", "张小明", "--set", "现居住地=桃洪镇 新村"],
                 ["activity", "add", "--kind", "家长会", "--title", "期中 家长会", "--classes", "7-1",
                  "--by", "王建国", "--date", "2022-11-18"],
                 ["child", "add", "--name", "王 五", "--gender", "男", "--class", "7-1",
                  "--type", "父亲外出"]):
        result = run(root, *args)
        assert result.exit_code == 0, (args, result.output)
    assert_notepad_style((root / CHILD).read_bytes())
    assert "现居住地" not in (root / CHILD).read_text(encoding="utf-8-sig")  # stored by its key
    assert "residence: 桃洪镇 新村" in (root / CHILD).read_text(encoding="utf-8-sig")
    # init made a shared (git) folder: the activity's name ends in a random part.
    names = [path.name for path in (root / "activities").iterdir()]
    assert len(names) == 1 and re.fullmatch(r"2022-11-18-parent-meeting(-[2-9a-z]{5})?\.yaml",
                                            names[0])
    assert run(root, "check").exit_code == 0
    report = run(root, "report", "--as-of", "2022-11-20", "-f", "json")
    assert report.exit_code == 0 and rows_of(report.stdout)


def test_a_stick_without_permission_bits_is_written(school: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # FAT32 and exFAT have no modes: mounted on Linux or macOS, chmod fails with EPERM even
    # on the file just made. An edit and `init` still write (there is no mode to keep).
    def no_modes(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", no_modes)
    monkeypatch.setattr(Path, "chmod", no_modes)
    result = run(school, "child", "edit", "c0001", "--set", "监护人电话=13987654321")
    assert result.exit_code == 0, result.output
    assert "13987654321" in (school / CHILD).read_text(encoding="utf-8")
    stick = tmp_path / "U盘" / "留守儿童"
    made = run(None, "init", str(stick), "--school", "城关中学")
    assert made.exit_code == 0, made.output
    assert (stick / "liushou.yaml").is_file()


@pytest.mark.parametrize(("mtime", "read_after", "trusted"), [
    # A fine clock: trusted once RACY_SECONDS have passed since the change.
    (100 * SECOND + 1, RACY_SECONDS * SECOND, False),
    (100 * SECOND + 1, RACY_SECONDS * SECOND + 1, True),
    # Whole seconds (FAT's 2-second steps): COARSE_SECONDS more, because the file may have
    # been written up to 2 s after the time it shows.
    (100 * SECOND, RACY_SECONDS * SECOND + 1, False),
    (100 * SECOND, (RACY_SECONDS + COARSE_SECONDS) * SECOND, False),
    (100 * SECOND, (RACY_SECONDS + COARSE_SECONDS) * SECOND + 1, True),
])
def test_a_coarse_mtime_must_be_older_to_be_trusted(mtime: int, read_after: int,
                                                    trusted: bool) -> None:
    assert COARSE_SECONDS == 2  # FAT32's step
    assert racy(mtime, mtime + read_after) is not trusted


def test_a_cache_entry_with_a_coarse_mtime_is_read_again(school: Path) -> None:
    folder = DataFolder(school)
    directory = environment().cache_dir
    assert directory is not None
    cache = FileCache(folder, cache_path(folder, directory))
    sig = (100 * SECOND, 900, 7, 0)  # as a FAT stick shows a file on Windows
    entry = cache.put("c0001.yaml", sig, 100 * SECOND + 3 * SECOND, None, [])
    assert cache.get("c0001.yaml", sig) is None  # 3 s: not old enough for 2-s steps
    entry.read_ns = 100 * SECOND + 5 * SECOND
    assert cache.get("c0001.yaml", sig) is entry


def test_a_file_changed_twice_within_two_seconds_on_a_stick_is_read_again(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A FAT32 stick on Windows: the file rewritten in place (Notepad keeps the file, and
    # Windows has no change time: st_ctime is the creation time), the same size, both
    # versions stamped with the same even second, and the first read by the cache 2.5 s
    # after that stamp (FAT rounds down by up to 2 s, and the stick's clock need not be this
    # machine's): a fine clock's 2 s would trust it.
    from liushou_cli.store import read

    monkeypatch.setattr(platform, "CURRENT", replace(platform.PORTABLE, ctime_changes=False))

    path = school / CHILD
    first = path.read_text(encoding="utf-8")
    second = first.replace("桃洪镇石门村", "桃洪镇新塘村")
    assert len(first.encode()) == len(second.encode())
    stamp = (time.time_ns() // (2 * SECOND) - 2) * 2 * SECOND
    monkeypatch.setattr(read, "now_ns", lambda: stamp + 2 * SECOND + SECOND // 2)

    def save(text: str) -> None:
        with open(path, "r+b") as handle:  # in place: the same file, as Notepad saves
            handle.write(text.encode("utf-8"))
        os.utime(path, ns=(stamp, stamp))

    save(first)
    # By name: through the whole folder's cache (an id goes straight to its file).
    assert "桃洪镇石门村" in run(school, "child", "show", "张小明").stdout
    save(second)
    shown = run(school, "child", "show", "张小明")
    assert "桃洪镇新塘村" in shown.stdout, shown.stdout


def test_a_new_folder_on_a_stick_is_made_like_any_other(tmp_path: Path) -> None:
    # The data folder's own files hold no path of the machine: a stick moved from one
    # computer (E:\) to another (F:\) is the same folder.
    root = tmp_path / "E盘" / "留守儿童"
    create_data_folder(root, "城关中学", date(2022, 9, 1))
    for path in root.rglob("*"):
        if path.is_file():
            assert str(tmp_path) not in path.read_text(encoding="utf-8")
