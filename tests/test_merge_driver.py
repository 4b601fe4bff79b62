"""`liushou-merge-driver`, git's merge driver (mergedriver.py): its interface as git calls it
(`%O %A %B %L %P`, the result left in %A, exit 0 when merged, non-zero when git must take
over), and two teachers' clones of one school merged by a real `git pull`."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from liushou_cli import mergedriver
from liushou_cli.core import platform
from liushou_cli.core.model import Child
from liushou_cli.core.validators import ValidationDay
from liushou_cli.mergedriver import main
from liushou_cli.store.yamlio import parse_mapping
from tests.conftest import run

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
CHILD = "2020090101"
CHILD_FILE = f"children/{CHILD}.yaml"
TODAY = date(2022, 12, 1)
TALK = "  - type: 谈心\n    date: 2022-11-22\n    by: T014\n    topic: 期中考试\n"
VISIT = "  - type: 家访\n    date: 2022-11-25\n    by: T014\n    found: 见到了妈妈\n"


def _child(text: str) -> Child:
    data = parse_mapping(text)
    assert isinstance(data, dict)
    return Child.model_validate(data, context=ValidationDay(TODAY))


def _sides(tmp_path: Path, base: str, ours: str, theirs: str) -> tuple[str, str, str]:
    """Three temporary files as git hands them to the driver: %O, %A, %B."""
    names = []
    for name, text in (("O", base), ("A", ours), ("B", theirs)):
        path = tmp_path / f".merge_file_{name}"
        path.write_bytes(text.encode("utf-8"))
        names.append(str(path))
    return names[0], names[1], names[2]


def test_a_clean_merge_is_left_in_ours_with_status_0(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    o, a, b = _sides(tmp_path, base, base + VISIT, base + TALK)
    os.chmod(a, 0o640)
    assert main([o, a, b, "7", CHILD_FILE]) == 0
    assert Path(a).read_text(encoding="utf-8") == base + TALK + VISIT
    if platform.current().posix_modes:  # replaced atomically, its mode kept where there are modes
        assert Path(a).stat().st_mode & 0o777 == 0o640
    assert capsys.readouterr().err == ""
    assert main([o, a, b, CHILD_FILE]) == 0  # %L is optional: `driver = ... %O %A %B %P`


def _imported_by_a_run(tmp_path: Path, base: str, ours: str, theirs: str) -> set[str]:
    """The top-level packages a driver process imported (`python -X importtime`) while
    merging the three texts, as git would start it."""
    o, a, b = _sides(tmp_path, base, ours, theirs)
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "liushou_cli.mergedriver",
                           o, a, b, "7", CHILD_FILE], capture_output=True, text=True,
                          check=False, env={**os.environ, "LIUSHOU_LANG": "zh"})
    assert done.returncode == 0, done.stderr
    return {line.rpartition("|")[2].strip().split(".")[0]
            for line in done.stderr.splitlines() if line.startswith("import time:")}


def test_the_driver_starts_without_typer_rich_or_pydantic(tmp_path: Path) -> None:
    # git starts a driver for every file both sides changed: entries added on both sides,
    # or different fields of a record changed on each, merge without the command line's
    # libraries or the models; entries only appended, theirs last, without ruamel either.
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    edited = base.replace("occupation: 在家照顾老人", "occupation: 在镇上超市打工")
    for ours, theirs, appended in ((base + VISIT, base + TALK, False),
                                   (edited + VISIT, base + TALK, False),
                                   (base + TALK, base + VISIT, True)):
        imported = _imported_by_a_run(tmp_path, base, ours, theirs)
        assert "liushou_cli" in imported and ("ruamel" in imported) is not appended
        assert not imported & {"typer", "click", "rich", "pydantic", "pydantic_core"}
    # Changes that meet inside one record are checked by the models: the same measure sees them.
    ours = base.replace("phone: '13152270993'", "phone: '13152270994'")
    theirs = base.replace("work_city: 中山", "work_city: 佛山")
    assert "pydantic" in _imported_by_a_run(tmp_path, base, ours, theirs)


def test_a_bom_on_our_side_is_kept(tmp_path: Path) -> None:
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    o, a, b = _sides(tmp_path, base, "\ufeff" + base + VISIT, base + TALK)
    assert main([o, a, b, "7", CHILD_FILE]) == 0
    assert Path(a).read_bytes() == ("\ufeff" + base + TALK + VISIT).encode("utf-8")


def test_real_conflicts_are_recorded_and_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    ours = base.replace("guardianship: 一般", "guardianship: 较好")
    theirs = base.replace("guardianship: 一般", "guardianship: 受委托监护人监护能力不足")
    o, a, b = _sides(tmp_path, base, ours, theirs)
    assert main([o, a, b, "7", CHILD_FILE]) == 0
    merged = _child(Path(a).read_text(encoding="utf-8"))
    assert merged.guardianship == "较好"
    assert [c.theirs.value for c in merged.conflicts] == ["受委托监护人监护能力不足"]
    err = capsys.readouterr().err
    assert err.startswith(f"{CHILD_FILE}：1 处两边改得不一样") and err.rstrip().endswith("请核对：监护情况")
    monkeypatch.setenv("LIUSHOU_LANG", "en")
    o, a, b = _sides(tmp_path, base, ours, theirs)
    assert main([o, a, b, "7", CHILD_FILE]) == 0
    assert capsys.readouterr().err == (
        f"{CHILD_FILE}: changed differently on the two sides (1): Guardianship; the file keeps "
        "ours and records theirs under conflicts: please check them\n")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed: the fallback is git's own merge-file")
def test_a_broken_side_is_left_to_gits_line_merge_with_status_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    ours = base.replace("guardianship: 一般", "guardianship: 较好")
    theirs = base.replace("guardianship: 一般", "guardianship: [一般")
    o, a, b = _sides(tmp_path, base, ours, theirs)
    assert main([o, a, b, "9", CHILD_FILE]) == 1
    left = Path(a).read_text(encoding="utf-8")
    assert "<<<<<<<<< HEAD\nguardianship: 较好\n=========\nguardianship: [一般\n>>>>>>>>> theirs\n" in left
    err = capsys.readouterr().err
    assert err.startswith(f"{CHILD_FILE}：无法按内容合并（对方版本第 ")
    assert err.rstrip().endswith("已交给 git 按行合并，请手工解决这个冲突")


def test_a_file_that_is_not_ours_is_left_to_git(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    o, a, b = _sides(tmp_path, "a\n", "b\n", "a\n")
    assert main([o, a, b, "7", "notes/readme.txt"]) == 1
    assert "不是 liushou 的数据文件" in capsys.readouterr().err
    assert Path(a).read_text(encoding="utf-8") == "b\n"  # git's merge-file: only ours changed


def test_a_merge_that_cannot_be_written_leaves_ours_and_says_why(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    o, a, b = _sides(tmp_path, base, base + VISIT, base + TALK)

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(mergedriver, "atomic_write", full)
    assert main([o, a, b, "7", CHILD_FILE]) == 1
    assert Path(a).read_text(encoding="utf-8") == base + VISIT
    assert "磁盘已满" in capsys.readouterr().err


def test_a_side_not_in_utf8_is_left_to_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    o, a, b = _sides(tmp_path, base, base + VISIT, base + TALK)
    Path(b).write_bytes((base + TALK).encode("gbk"))
    assert main([o, a, b, "7", CHILD_FILE]) == 1
    assert "不是 UTF-8 编码" in capsys.readouterr().err


def test_wrong_arguments_print_the_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["only", "two"]) == 2
    assert "%O %A %B [%L] %P" in capsys.readouterr().err


# ---- two clones of one school, merged by git ---------------------------------------------------
def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False,
                          env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull,
                               "GIT_CONFIG_NOSYSTEM": "1"})
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout + done.stderr


def _clone(tmp_path: Path, origin: Path, name: str) -> Path:
    clone = tmp_path / name
    _git(tmp_path, "clone", "-q", str(origin), name)
    _git(clone, "config", "user.name", name)
    _git(clone, "config", "user.email", f"{name}@school.example")
    # What docs/sharing.md asks of each clone (the .gitattributes line is committed).
    _git(clone, "config", "merge.liushou.name", "liushou: merge records by their meaning")
    _git(clone, "config", "merge.liushou.driver",
         f"'{sys.executable}' -m liushou_cli.mergedriver %O %A %B %L %P")
    return clone


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed here")
def test_two_teachers_add_a_visit_to_one_child_and_pull(tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    first = tmp_path / "first"
    _git(tmp_path, "clone", "-q", str(origin), "first")
    (first / "children").mkdir()
    for name in ("liushou.yaml", "staff.yaml", ".gitignore", CHILD_FILE):
        shutil.copy(EXAMPLE / name, first / name)
    (first / ".gitattributes").write_text("children/*.yaml merge=liushou\n", encoding="utf-8")
    _git(first, "add", "-A")
    _git(first, "-c", "user.name=setup", "-c", "user.email=setup@school.example",
         "commit", "-q", "-m", "the school's folder")
    _git(first, "push", "-q", "origin", "HEAD:main")
    wang, li = _clone(tmp_path, origin, "wang"), _clone(tmp_path, origin, "li")

    added = run(wang, "visit", "add", CHILD, "--date", "2022-11-25", "--by", "T014", "见到了妈妈",
                today=TODAY)
    assert added.exit_code == 0, added.output
    _git(wang, "push", "-q", "origin", "HEAD:main")
    added = run(li, "talk", "add", CHILD, "--date", "2022-11-22", "--by", "T014", "期中考试",
                today=TODAY)
    assert added.exit_code == 0, added.output
    _git(li, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")

    assert _git(li, "status", "--porcelain") == ""  # merged and committed: no conflict
    text = (li / CHILD_FILE).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    events = _child(text).events
    assert [(e.type, e.date) for e in events[-2:]] == [("谈心", date(2022, 11, 22)),
                                                        ("家访", date(2022, 11, 25))]
    checked = run(li, "check", today=TODAY)
    assert checked.exit_code == 0, checked.output
    # "0 个错误" beside warnings, "没有错误" when there is nothing at all (no POSIX modes).
    assert "错误" not in checked.output.replace("0 个错误", "").replace("没有错误", "")

    # Both now change the guardian's phone: the merge records who changed what, from git.
    _git(li, "push", "-q", "origin", "HEAD:main")
    _git(wang, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    for clone, phone in ((wang, "13900001111"), (li, "13900002222")):
        # liushou commits the change itself, the user (LIUSHOU_USER) as its author
        edited = run(clone, "child", "edit", CHILD, "--set", f"guardian.phone={phone}",
                     today=TODAY, user=clone.name)
        assert edited.exit_code == 0, edited.output
    _git(wang, "push", "-q", "origin", "HEAD:main")
    _git(li, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    assert _git(li, "status", "--porcelain") == ""
    merged = _child((li / CHILD_FILE).read_text(encoding="utf-8"))
    assert merged.guardian is not None and merged.guardian.phone == "13900002222"
    [conflict] = merged.conflicts
    assert (conflict.field, conflict.ours.by, conflict.theirs.by) == ("guardian.phone", "li", "wang")
    assert conflict.theirs.value == "13900001111"
    assert conflict.ours.date is not None and conflict.theirs.date is not None
    checked = run(li, "check", today=TODAY)
    assert checked.exit_code == 0 and "合并冲突：监护人电话" in checked.output

    # With `pull --rebase`, git's "ours" is what was already shared (wang's) and "theirs" is
    # li's own commit being replayed on it.
    _git(li, "push", "-q", "origin", "HEAD:main")
    _git(wang, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    for clone, job in ((wang, "务农"), (li, "在镇上打工")):
        edited = run(clone, "child", "edit", CHILD, "--set", f"guardian.occupation={job}",
                     today=TODAY, user=clone.name)
        assert edited.exit_code == 0, edited.output
    _git(wang, "push", "-q", "origin", "HEAD:main")
    _git(li, "pull", "-q", "--rebase", "origin", "main")
    assert _git(li, "status", "--porcelain") == ""
    merged = _child((li / CHILD_FILE).read_text(encoding="utf-8"))
    assert merged.guardian is not None and merged.guardian.occupation == "务农"
    rebased = merged.conflicts[-1]
    assert (rebased.field, rebased.ours.by, rebased.theirs.by, rebased.theirs.value) == (
        "guardian.occupation", "wang", "li", "在镇上打工")


@pytest.mark.skipif(shutil.which("git") is None, reason="git's line merge keeps their comment")
def test_a_comment_their_side_wrote_comes_through_the_driver(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A note typed on the other laptop above the guardian, a value changed on each side.
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    ours = base.replace("guardianship: 一般", "guardianship: 较好")
    theirs = base.replace("guardian:\n", "# 家长要求晚上不要打电话\nguardian:\n")
    o, a, b = _sides(tmp_path, base, ours, theirs)
    assert main([o, a, b, "7", CHILD_FILE]) == 0
    assert Path(a).read_text(encoding="utf-8") == ours.replace(
        "guardian:\n", "# 家长要求晚上不要打电话\nguardian:\n")
    assert capsys.readouterr().err == ""
