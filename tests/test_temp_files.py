"""Temp copies of a child's record never linger: the leftovers of killed writes are removed by
the next write under the folder lock, and the copy handed to $EDITOR is private and removed
however the edit ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import run, snapshot

VISIT = ("visit", "add", "c0001", "奶奶身体还好", "--by", "T001", "--date", "2022-10-20")
LEFTOVER = ".c0001.yaml.k2j_9xq0.tmp"  # what a write killed after mkstemp leaves


def _leftover_warnings(school: Path) -> list[str]:
    result = run(school, "check", "--format", "json")
    return [p["path"] for p in json.loads(result.stdout)["problems"]
            if p["code"] == "leftover_temp"]


def test_next_write_removes_leftover_temp_files(school: Path) -> None:
    # Every write makes its temp file in the data folder's top level: a killed one leaves it
    # there, check names it, and the next write of any file removes it.
    (school / LEFTOVER).write_text("id: c0001\nname: 张小明\n", encoding="utf-8")
    (school / ".c0002.yaml.a1b2c3d4.tmp").write_text("half a record", encoding="utf-8")
    assert _leftover_warnings(school) == [LEFTOVER, ".c0002.yaml.a1b2c3d4.tmp"]
    assert run(school, *VISIT).exit_code == 0
    assert not (school / LEFTOVER).exists()
    assert not (school / ".c0002.yaml.a1b2c3d4.tmp").exists()
    assert _leftover_warnings(school) == []
    assert run(school, "check").exit_code == 0


def test_a_childs_write_makes_its_temp_file_in_the_top_level(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Not beside the child's file: the next write's clean-up then lists the top level's few
    # names, not children/ with a county's 20,000.
    from liushou_cli.store import atomic

    seen: list[tuple[Path, Path]] = []
    real = atomic._replace

    def replace(tmp: Path, target: Path) -> None:
        seen.append((tmp.parent, target))
        real(tmp, target)

    monkeypatch.setattr(atomic, "_replace", replace)
    assert run(school, *VISIT).exit_code == 0
    assert seen == [(school, school / "children" / "c0001.yaml")]
    assert "奶奶身体还好" in (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (school / "children").iterdir()) == [".gitkeep", "c0001.yaml"]


def test_a_new_childs_file_makes_its_temp_file_in_the_top_level(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file created (not replaced) goes the same way.
    from liushou_cli.store import atomic

    seen: list[tuple[Path, Path]] = []
    real = atomic._replace

    def replace(tmp: Path, target: Path) -> None:
        seen.append((tmp.parent, target.parent))
        real(tmp, target)

    monkeypatch.setattr(atomic, "_replace", replace)
    result = run(school, "child", "add", "--name", "李四", "--gender", "女", "--class", "七(1)班",
                 "--type", "父亲外出")
    assert result.exit_code == 0, result.output
    assert seen == [(school, school / "children")]
    assert (school / "children" / "c0002.yaml").is_file()


def test_leftovers_an_earlier_version_left_in_children_are_named_then_removed(
        school: Path) -> None:
    # Earlier versions made the temp file beside the child's: check names such a leftover,
    # an entry leaves children/ unlisted, and the next write of new children removes it.
    children = school / "children"
    (children / LEFTOVER).write_text("id: c0001\nname: 张小明\n", encoding="utf-8")
    assert _leftover_warnings(school) == [f"children/{LEFTOVER}"]
    assert run(school, *VISIT).exit_code == 0
    assert _leftover_warnings(school) == [f"children/{LEFTOVER}"]
    result = run(school, "child", "add", "--name", "李四", "--gender", "女", "--class", "七(1)班",
                 "--type", "父亲外出")
    assert result.exit_code == 0, result.output
    assert not (children / LEFTOVER).exists()
    assert _leftover_warnings(school) == []


def test_only_our_temp_files_in_the_top_level_are_removed(school: Path) -> None:
    children = school / "children"
    kept = [
        school / ".c0001.yaml.k2j_9xq.tmp",  # 7 random characters: not mkstemp's
        school / ".c0001.yaml.k2j_9xq01.tmp",  # 9
        school / ".名单.xlsx.k2j_9xq0.tmp",  # an export's temp file: not under the lock
        school / "c0001.yaml.k2j_9xq0.tmp",  # not hidden
        children / ".c0002.yaml.k2j_9xq0.tmp",  # children/ is not listed by an entry
    ]
    for path in kept:
        path.write_text("x", encoding="utf-8")
    (school / ".c0003.yaml.k2j_9xq0.tmp").mkdir()  # a folder of that name is not ours
    assert run(school, *VISIT).exit_code == 0
    assert all(path.exists() for path in kept)
    assert (school / ".c0003.yaml.k2j_9xq0.tmp").is_dir()
    assert _leftover_warnings(school) == ["children/.c0002.yaml.k2j_9xq0.tmp"]


def test_a_staff_write_cleans_the_data_folder_itself(school: Path) -> None:
    (school / ".staff.yaml.k2j_9xq0.tmp").write_text("x", encoding="utf-8")
    result = run(school, "staff", "add", "--name", "赵老师", "--role", "任课教师")
    assert result.exit_code == 0, result.output
    assert not (school / ".staff.yaml.k2j_9xq0.tmp").exists()


# ---- the copy handed to $EDITOR ------------------------------------------------------------

@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temp folder for this test, so that what is left in it can be seen."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> Path:
    """$EDITOR: a script that notes the file it was given, its mode and its folder's mode in
    a log (one JSON line each time), then runs `body`."""
    log = tmp_path / "editor.log"
    script = tmp_path / "editor.py"
    script.write_text(
        "import json, os, pathlib, signal, stat, sys, time\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "text = p.read_text(encoding='utf-8')\n"
        f"with open({str(log)!r}, 'a') as log:\n"
        "    log.write(json.dumps([str(p), stat.S_IMODE(p.stat().st_mode),\n"
        "                          stat.S_IMODE(p.parent.stat().st_mode)]) + '\\n')\n"
        + body, encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return log


def _copies(log: Path) -> list[tuple[Path, int, int]]:
    return [(Path(name), mode, folder_mode) for name, mode, folder_mode in
            map(json.loads, log.read_text(encoding="utf-8").splitlines())]


def test_editor_copy_is_private_and_removed(school: Path, tmp_path: Path, temp_dir: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    log = _editor(tmp_path, monkeypatch,
                  "p.write_text(text.replace('王桂兰', '王桂英'), encoding='utf-8')\n")
    result = run(school, "child", "edit", "c0001")
    assert result.exit_code == 0, result.output
    [(copy, mode, folder_mode)] = _copies(log)
    assert (mode, folder_mode) == (0o600, 0o700)
    assert copy.parent.parent == temp_dir  # a folder of its own, not the shared temp folder
    assert list(temp_dir.iterdir()) == []


def test_editor_copies_removed_when_the_edit_is_refused(
        school: Path, tmp_path: Path, temp_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = _editor(tmp_path, monkeypatch,
                  "p.write_text(text.replace('gender: 男', 'gender: 公') + '#\\n', "
                  "encoding='utf-8')\n")
    before = snapshot(school)
    result = run(school, "child", "edit", "c0001", input="y\nn\n")  # edit again, then give up
    assert result.exit_code == 1 and "已放弃修改" in result.output
    assert len(_copies(log)) == 2
    assert list(temp_dir.iterdir()) == []
    assert snapshot(school) == before


def test_editor_killed(school: Path, tmp_path: Path, temp_dir: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    log = _editor(tmp_path, monkeypatch, "os.kill(os.getpid(), signal.SIGKILL)\n")
    before = snapshot(school)
    result = run(school, "child", "edit", "c0001")
    assert (result.exit_code, result.stdout) == (0, "没有改动\n")
    assert len(_copies(log)) == 1
    assert list(temp_dir.iterdir()) == []
    assert snapshot(school) == before


def test_ctrl_c_in_the_editor(school: Path, tmp_path: Path, temp_dir: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.cli import editor

    seen: list[Path] = []

    def interrupted(command: list[str], check: bool) -> None:
        seen.append(Path(command[-1]))
        raise KeyboardInterrupt

    monkeypatch.setenv("EDITOR", "vi")
    monkeypatch.setattr(editor.subprocess, "run", interrupted)
    result = run(school, "child", "edit", "c0001")
    assert (result.exit_code, result.stderr) == (130, "已中断\n")
    assert len(seen) == 1 and list(temp_dir.iterdir()) == []


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_liushou_ended_while_editing(school: Path, tmp_path: Path, temp_dir: Path,
                                     monkeypatch: pytest.MonkeyPatch, signal_name: str) -> None:
    # The terminal closed (SIGHUP) or `kill` (SIGTERM) while the teacher is in the editor.
    log = _editor(tmp_path, monkeypatch,
                  f"os.kill(os.getppid(), signal.{signal_name})\ntime.sleep(30)\n")
    before = snapshot(school)
    done = subprocess.run([sys.executable, "-m", "liushou_cli", "--data", str(school), "child",
                           "edit", "c0001"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (130, "已中断\n")
    assert len(_copies(log)) == 1
    assert list(temp_dir.iterdir()) == []
    assert snapshot(school) == before


def test_copies_of_killed_runs_are_removed(school: Path, tmp_path: Path, temp_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # liushou killed outright (SIGKILL) leaves its copy; the next edit removes it, but never
    # the copy of an edit still running (another terminal) or anything else there.
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    orphan = temp_dir / f"liushou-edit-{ended.pid}-x1y2z3"
    running = temp_dir / f"liushou-edit-{os.getpid()}-a1b2c3"
    other = temp_dir / "liushou-edit-notes"
    for folder in (orphan, running, other):
        folder.mkdir(mode=0o700)
        (folder / "child-1.yaml").write_text("id: c0001\n", encoding="utf-8")
    _editor(tmp_path, monkeypatch, "")
    assert run(school, "child", "edit", "c0001").exit_code == 0
    assert sorted(p.name for p in temp_dir.iterdir()) == sorted([running.name, other.name])
