"""Privacy without POSIX modes (docs/windows.md): where the data folder lives is said, a
folder on a network drive or in a cloud sync folder is warned about (once for each folder
and place, and in every check), and the cache lives under %LOCALAPPDATA%."""

from __future__ import annotations

import json
from pathlib import Path, PureWindowsPath

import pytest

from liushou_cli.core.environment import Environment, windows_colour
from liushou_cli.store.location import DRIVE_REMOTE, DRIVE_REMOVABLE, Place, place_of

from .conftest import CHILD_ID_NUMBER, CHILD_YAML, STAFF_YAML, run


def _fixed(kind: int | None) -> object:
    return lambda root: kind


@pytest.mark.parametrize(("path", "place"), [
    (r"C:\Users\wang\OneDrive\留守儿童", Place("cloud", "OneDrive")),
    (r"C:\Users\wang\OneDrive - 城关中学\文档\留守儿童", Place("cloud", "OneDrive")),
    (r"D:\我的坚果云\留守儿童", Place("cloud", "坚果云")),
    (r"C:\Users\wang\Nutstore\1\我的坚果云\留守", Place("cloud", "坚果云")),
    (r"D:\BaiduSyncdisk\留守儿童", Place("cloud", "百度网盘")),
    (r"C:\Users\wang\Documents\WPS Cloud Files\123456\留守儿童", Place("cloud", "WPS云文档")),
    (r"C:\Users\wang\WPSDrive\123456\WPS云盘\留守儿童", Place("cloud", "WPS云文档")),
    ("/Users/wang/Library/CloudStorage/OneDrive-城关中学/留守儿童", Place("cloud", "OneDrive")),
    ("/home/wang/Dropbox/留守儿童", Place("cloud", "Dropbox")),
    (r"\\jiaowu-pc\共享\留守儿童", Place("network")),
    (r"C:\Users\wang\Documents\留守儿童", Place("local")),
    (r"C:\Users\wang\Documents\onedrive-notes\留守儿童", Place("local")),
    ("/Users/wang/Library/CloudStorage/GoogleDrive-wang@example.com/留守儿童", Place("cloud", "Google Drive")),
    ("/home/wang/留守儿童", Place("local")),
])
def test_a_folder_is_placed_by_its_path(path: str, place: Place) -> None:
    assert place_of(Path(path), _fixed(None)) == place  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "place"), [
    (DRIVE_REMOTE, Place("network")),  # a mapped drive: net use Z: \\server\share
    (DRIVE_REMOVABLE, Place("removable")),  # a USB stick
    (3, Place("local")),  # a fixed disk
    (None, Place("local")),  # unknown: not Windows
])
def test_a_drive_is_placed_by_its_type(kind: int | None, place: Place) -> None:
    asked: list[str] = []

    def drive_type(root: str) -> int | None:
        asked.append(root)
        return kind

    assert place_of(PureWindowsPath(r"Z:\留守儿童"), drive_type) == place  # type: ignore[arg-type]
    assert asked == ["Z:\\"]


def _school_in(root: Path) -> Path:
    assert run(None, "init", str(root), "--school", "城关中学").exit_code == 0
    (root / "staff.yaml").write_text(STAFF_YAML, encoding="utf-8")
    (root / "children" / "c0001.yaml").write_text(CHILD_YAML.format(id_number=CHILD_ID_NUMBER),
                                                  encoding="utf-8")
    return root


def test_a_folder_in_a_sync_folder_is_warned_about_once_and_in_every_check(tmp_path: Path) -> None:
    root = _school_in(tmp_path / "OneDrive" / "留守儿童")
    first = run(root, "child", "list", "-f", "csv")
    assert first.exit_code == 0
    assert first.stderr == (f"警告：数据文件夹在 OneDrive 同步文件夹中（{root}），其中未成年人的个人信息会"
                            "被上传到 OneDrive 的服务器；建议移出同步文件夹，放在本机只有你能打开的文件夹中"
                            "（见 docs/windows.md）\n")
    assert "c0001" in first.stdout  # the command still does its work
    again = run(root, "child", "list", "-f", "csv")
    assert again.stderr == "" and again.stdout == first.stdout  # said once
    for _ in range(2):
        checked = json.loads(run(root, "check", "-f", "json").stdout)
        assert [p["code"] for p in checked["problems"]] == ["shared_folder"]
        assert checked["warnings"] == 1 and checked["errors"] == 0
    english = run(root, "--lang", "en", "check").stdout
    assert f"the data folder is inside a OneDrive sync folder ({root})" in english


def test_moved_into_a_sync_folder_it_is_warned_about_again(tmp_path: Path) -> None:
    root = _school_in(tmp_path / "留守儿童")
    assert run(root, "child", "list").stderr == ""  # a folder of this computer: nothing said
    moved = tmp_path / "BaiduSyncdisk" / "留守儿童"
    moved.parent.mkdir()
    root.rename(moved)
    assert "百度网盘" in run(moved, "child", "list").stderr
    assert run(moved, "child", "list").stderr == ""


def test_without_a_cache_folder_the_warning_is_said_every_time(tmp_path: Path) -> None:
    root = _school_in(tmp_path / "我的坚果云" / "留守儿童")
    for _ in range(2):
        assert "坚果云" in run(root, "child", "list", cache_dir=None).stderr


@pytest.mark.usefixtures("portable")
def test_on_windows_init_says_where_the_folder_is_and_check_when_not_on_this_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.store import location

    root = tmp_path / "留守儿童"
    made = run(None, "init", str(root), "--school", "城关中学")
    assert made.exit_code == 0
    assert made.stderr == f"数据文件夹在 {root}(本机硬盘)\n"
    assert run(root, "check").stderr == ""  # this computer's own disk: nothing more to say
    # The same folder as Windows sees it on a USB stick (E:\ is removable).
    monkeypatch.setattr(location, "place_of", lambda path: Place("removable"))
    checked = run(root, "--lang", "en", "check")
    assert checked.exit_code == 0
    assert checked.stderr == f"The data folder is {root} (a USB stick or other removable drive)\n"


def test_elsewhere_init_and_check_say_nothing_more(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # On Linux and macOS a folder's privacy is its modes (check warns of an open one).
    from liushou_cli.core import platform

    monkeypatch.setattr(platform, "CURRENT", platform.detect({}, "linux"))
    root = tmp_path / "留守儿童"
    made = run(None, "init", str(root), "--school", "城关中学")
    checked = run(root, "check")
    assert (made.exit_code, made.stderr, checked.exit_code, checked.stderr) == (0, "", 0, "")


@pytest.mark.usefixtures("portable")
def test_on_windows_the_cache_is_in_local_app_data() -> None:
    env = Environment.from_process({"LOCALAPPDATA": r"C:\Users\wang\AppData\Local",
                                    "HOME": "/home/wang"})
    assert env.cache_dir == Path(r"C:\Users\wang\AppData\Local") / "liushou"
    # LIUSHOU_CACHE_DIR still wins; with no LOCALAPPDATA, the rules of everywhere else.
    assert Environment.from_process({"LOCALAPPDATA": "x", "LIUSHOU_CACHE_DIR": "/c"}).cache_dir == Path("/c")
    assert Environment.from_process({"HOME": "/home/wang"}).cache_dir == Path("/home/wang/.cache/liushou")


def test_elsewhere_local_app_data_is_not_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.core import platform

    monkeypatch.setattr(platform, "CURRENT", platform.detect({}, "linux"))
    env = Environment.from_process({"LOCALAPPDATA": "/x", "HOME": "/home/wang"})
    assert env.cache_dir == Path("/home/wang/.cache/liushou")


def test_windows_colour_only_where_the_terminal_shows_it() -> None:
    # Windows Terminal says so; an old console (or none: a file, a pipe) gets plain tables.
    assert windows_colour({"WT_SESSION": "4b0c…"}) is True
    assert windows_colour({}) is False  # no console that takes colour codes here
