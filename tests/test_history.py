"""The data folder's history in git: init makes the repository, a write commits exactly the
files it wrote (message, author), hand edits stay uncommitted, `log` reads it back; without
git, or with --no-git, everything works as before. Real git in tmp folders."""

from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

import pytest

from liushou_cli.store.history import blob_id

from .conftest import rows_of, run, run_at_once


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True)
    return done.stdout


@pytest.fixture
def repo(school: Path) -> Path:
    """The conftest school as a repository made the way a clone is: git init, everything
    committed, then `liushou git setup`."""
    git(school, "init", "-q")
    git(school, "add", "-A")
    git(school, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    setup = run(school, "git", "setup")
    assert setup.exit_code == 0, setup.output
    # A clone made without liushou init lacks .gitattributes: setup writes and commits it.
    assert git(school, "log", "-1", "--format=%s").startswith("修改 .gitattributes")
    assert git(school, "rev-list", "--count", "HEAD").strip() == "2"
    return school


def said(stderr: str) -> list[str]:
    """What init said on stderr, less the line naming where the folder lives (said on
    Windows, and so under LIUSHOU_TEST_PORTABLE=1)."""
    return [line for line in stderr.splitlines() if not line.startswith("数据文件夹在")]


def test_init_makes_a_repository_with_the_merge_driver(tmp_path: Path) -> None:
    root = tmp_path / "new"
    result = run(None, "init", str(root), "--school", "城关中学")
    assert result.exit_code == 0, result.output
    assert "merge=liushou" in (root / ".gitattributes").read_text(encoding="utf-8")
    assert git(root, "config", "merge.liushou.name").strip()
    assert git(root, "config", "merge.liushou.driver").strip().endswith(
        "liushou-merge-driver %O %A %B %L %P")
    assert git(root, "log", "--format=%s").splitlines() == ["建立资料文件夹：城关中学— liushou"]
    assert sorted(git(root, "ls-files").split()) == [
        ".gitattributes", ".gitignore", "children/.gitkeep", "liushou.yaml", "staff.yaml"]
    assert git(root, "status", "--porcelain") == ""


def test_git_setup_installs_the_driver_in_a_clone(repo: Path) -> None:
    assert "liushou-merge-driver" in git(repo, "config", "merge.liushou.driver")


def test_git_setup_outside_a_repository_is_one_line(school: Path) -> None:
    result = run(school, "git", "setup")
    assert result.exit_code == 1 and "不是 git 仓库" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_visit_add_commits_exactly_its_file(repo: Path) -> None:
    (repo / "liushou.yaml").write_text((repo / "liushou.yaml").read_text(encoding="utf-8")
                                       + "# 手工加的注释\n", encoding="utf-8")
    result = run(repo, "visit", "add", "c0001", "一切正常", "--by", "T001")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "3"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [
        "children/c0001.yaml"]
    subject, author, committer = git(repo, "log", "-1", "--format=%s%n%an <%ae>%n%cn <%ce>"
                                     ).splitlines()
    assert subject == "家访 张小明(c0001)— 王建国"
    assert author == committer
    assert author.startswith("王建国 <T001@s") and author.endswith(".liushou.invalid>")
    assert git(repo, "status", "--porcelain") == " M liushou.yaml\n"  # the hand edit stays


def test_history_message_is_chinese_under_english(repo: Path) -> None:
    result = run(repo, "--lang", "en", "talk", "add", "c0001", "学习", "--by",
                 "T002")
    assert result.exit_code == 0, result.output
    assert git(repo, "log", "-1", "--format=%s%n%an").splitlines() == [
        "谈心 张小明(c0001)— 李芳", "李芳"]


def test_a_hand_edited_file_is_written_but_not_committed(repo: Path) -> None:
    child = repo / "children" / "c0001.yaml"
    child.write_text(child.read_text(encoding="utf-8") + "# 手工改动\n", encoding="utf-8")
    result = run(repo, "visit", "add", "c0001", "一切正常", "--by", "T001")
    assert result.exit_code == 0, result.output
    assert "children/c0001.yaml" in result.stderr and "liushou sync --commit-edits" in result.stderr
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2"
    assert git(repo, "status", "--porcelain") == " M children/c0001.yaml\n"
    assert "一切正常" in child.read_text(encoding="utf-8")


def test_no_git_makes_a_plain_folder_that_keeps_working(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    result = run(None, "init", str(root), "--school", "城关中学", "--no-git")
    assert result.exit_code == 0 and said(result.stderr) == []
    assert not (root / ".git").exists() and not (root / ".gitattributes").exists()
    added = run(root, "staff", "add", "--name", "王建国")
    assert added.exit_code == 0 and added.stderr == ""
    assert not (root / ".git").exists()


def test_without_git_init_says_so_once_and_carries_on(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    root = tmp_path / "nogit"
    result = run(None, "init", str(root), "--school", "城关中学")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("找不到 git") == 1 and len(said(result.stderr)) == 1
    assert not (root / ".git").exists()
    added = run(root, "staff", "add", "--name", "王建国")
    assert added.exit_code == 0 and added.stderr == ""


def test_a_repository_without_git_saves_and_says_so(repo: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-such-folder"))
    result = run(repo, "visit", "add", "c0001", "一切正常", "--by", "T001")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "找不到 git 程序，这次的修改已保存，但没有记入历史"
    assert "一切正常" in (repo / "children" / "c0001.yaml").read_text(encoding="utf-8")


def test_log_in_both_languages_and_json(repo: Path) -> None:
    assert run(repo, "visit", "add", "c0001", "一切正常", "--by", "T001").exit_code == 0
    assert run(repo, "staff", "add", "--name", "赵敏").exit_code == 0
    chinese = run(repo, "log", width=120)
    assert chinese.exit_code == 0, chinese.output
    assert "修改人" in chinese.stdout and "家访 张小明(c0001)" in chinese.stdout
    assert "共 4 次修改" in chinese.stdout  # start, .gitattributes, the visit, the staff member
    english = run(repo, "--lang", "en", "log", "张小明")
    assert english.exit_code == 0, english.output
    assert "By" in english.stdout and "家访 张小明(c0001)" in english.stdout
    assert "2 changes" in english.stdout  # the visit and the first commit, not staff.yaml's
    one = run(repo, "--lang", "en", "log", "-n", "1")
    assert one.stdout.rstrip().endswith("\n1 change")  # not "1 changes"
    rows = rows_of(run(repo, "log", "c0001", "--format", "json").stdout)
    assert [row["message"] for row in rows] == ["家访 张小明(c0001)— 王建国", "start"]
    assert rows[0]["files"] == ["children/c0001.yaml"] and rows[0]["author"] == "王建国"
    assert json.loads(run(repo, "log", "-n", "1", "-f", "json").stdout)["rows"][0][
        "message"].startswith("新增教职工 赵敏")


def test_log_outside_a_repository_is_one_line(school: Path) -> None:
    result = run(school, "log")
    assert result.exit_code == 1 and "不是 git 仓库" in result.stderr


def test_blob_id_is_gits() -> None:
    done = subprocess.run(["git", "hash-object", "--stdin"], input=b"abc\n",
                          capture_output=True, check=True)
    assert blob_id(b"abc\n") == done.stdout.decode().strip()


def test_a_command_naming_no_teacher_is_committed_as_the_user_from_staff_yaml(
        repo: Path) -> None:
    """LIUSHOU_USER may be a staff id or a name: the history shows the teacher's name and
    their address either way (before, `T001` went into the history as the author's name)."""
    for user in ("T001", "王建国"):
        edited = run(repo, "child", "edit", "c0001", "--set", f"note=由{user}核对", user=user)
        assert edited.exit_code == 0, edited.output
        author = git(repo, "log", "-1", "--format=%an <%ae>").strip()
        assert author.startswith("王建国 <T001@") and author.endswith(".liushou.invalid>")
    stranger = run(repo, "child", "edit", "c0001", "--set", "note=外人", user="路人甲")
    assert stranger.exit_code == 0
    assert git(repo, "log", "-1", "--format=%an <%ae>").startswith("路人甲 <liushou@")


def _commits_run(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The `git add` and `git commit` command lines liushou runs from here on."""
    from liushou_cli.store import gitrun

    seen: list[tuple[str, ...]] = []
    real = gitrun._run

    def watched(cwd: Path, args: tuple[str, ...], *rest: object) -> str:
        if "commit" in args or "add" in args:
            seen.append(args)
        return real(cwd, args, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(gitrun, "_run", watched)
    return seen


def test_with_nothing_else_staged_the_index_is_committed_whole(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One pass over the tree, not --only's three: the index holds the last commit and the
    # command's file, so it is exactly what the command wrote. The folder's lock is held
    # meanwhile: no other liushou stages its files between the look and the commit.
    from liushou_cli.core.errors import LiushouError
    from liushou_cli.store import gitrun
    from liushou_cli.store.atomic import folder_lock

    seen = _commits_run(monkeypatch)
    held: list[bool] = []
    counted = gitrun._run

    def try_the_lock() -> None:
        try:
            with folder_lock(repo / ".liushou.lock", wait=0):
                held.append(False)
        except LiushouError:
            held.append(True)

    def while_committing(cwd: Path, args: tuple[str, ...], *rest: object) -> str:
        if "commit" in args:
            # Another writer (a thread here: this one holds the lock, and may take it again).
            other = threading.Thread(target=try_the_lock)
            other.start()
            other.join()
        return counted(cwd, args, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(gitrun, "_run", while_committing)
    result = run(repo, "visit", "add", "c0001", "一切正常", "--by", "T001")
    assert result.exit_code == 0, result.output
    assert held == [True]
    [args] = seen  # no `git add`: the commit adds the file itself
    assert args[-3:] == ("--include", "--", "children/c0001.yaml") and "--only" not in args
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [
        "children/c0001.yaml"]
    assert git(repo, "status", "--porcelain") == ""


def test_a_new_file_is_added_and_then_the_index_committed(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A commit that names a file git does not know yet refuses it: a new child's file is
    # added first, then the index (the last commit and the new file) committed as it is.
    seen = _commits_run(monkeypatch)
    result = run(repo, "child", "add", "--name", "李四", "--gender", "女", "--class", "七(1)班",
                 "--type", "父亲外出")
    assert result.exit_code == 0, result.output
    add, commit = seen
    new = add[-1]  # in a repository a new child's id is not the next number
    assert add[-3:-1] == ("add", "--") and new.startswith("children/") and (repo / new).is_file()
    assert commit[-2:] == ("-m", git(repo, "log", "-1", "--format=%s").strip())
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [new]
    assert git(repo, "status", "--porcelain") == ""


def test_a_file_removed_is_committed_as_removed(repo: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # --include stages a removal as it stages a change.
    from liushou_cli.store import gitrepo
    from liushou_cli.store.history import Recording, blob_id

    child = repo / "children" / "c0001.yaml"
    recording = Recording()
    recording.written[child] = blob_id(child.read_bytes())
    recording.headline = "删除 c0001"
    child.unlink()
    seen = _commits_run(monkeypatch)
    assert gitrepo.commit_recording(recording, "T001") == []
    [args] = seen
    assert args[-3:] == ("--include", "--", "children/c0001.yaml")
    assert git(repo, "show", "--name-status", "--format=", "HEAD").split() == [
        "D", "children/c0001.yaml"]
    assert git(repo, "status", "--porcelain") == ""


@pytest.mark.parametrize("staged", ["liushou.yaml", "notes.txt"])
def test_what_a_user_staged_stays_staged_and_out_of_the_commit(
        repo: Path, monkeypatch: pytest.MonkeyPatch, staged: str) -> None:
    # A hand edit (or a new file) `git add`ed by hand is the user's to commit: the command's
    # commit is of its own file only (--only), and the staged change is kept staged.
    path = repo / staged
    path.write_text((path.read_text(encoding="utf-8") if path.exists() else "")
                    + "# 手工加的注释\n", encoding="utf-8")
    git(repo, "add", staged)
    seen = _commits_run(monkeypatch)
    result = run(repo, "visit", "add", "c0001", "一切正常", "--by", "T001")
    assert result.exit_code == 0, result.output
    add, args = seen
    assert add[-3:] == ("add", "--", "children/c0001.yaml")
    assert args[-3:] == ("--only", "--", "children/c0001.yaml")
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [
        "children/c0001.yaml"]
    mark = "M " if staged == "liushou.yaml" else "A "
    assert git(repo, "status", "--porcelain") == f"{mark} {staged}\n"


def test_a_repository_top_that_is_no_data_folder_is_committed_without_the_lock(
        tmp_path: Path) -> None:
    # Only a data folder's own lock keeps other liushou commands from staging meanwhile;
    # elsewhere (no liushou.yaml at the top) none is taken and the commit names its files.
    from liushou_cli.store.gitrepo import _data_folder_lock

    with _data_folder_lock(tmp_path) as locked:
        assert locked is False
    assert not (tmp_path / ".liushou.lock").exists()


def test_a_lock_held_by_another_writer_past_the_wait_commits_with_only(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The commit does not wait for ever, nor go without: another writer keeping the folder's
    # lock makes it name its files (--only).
    from liushou_cli.core.errors import LiushouError
    from liushou_cli.i18n import t
    from liushou_cli.store import gitrepo

    def busy(path: Path, wait: float | None = None) -> object:
        raise LiushouError(t("lock_timeout"))

    monkeypatch.setattr(gitrepo, "folder_lock", busy)
    seen = _commits_run(monkeypatch)
    result = run(repo, "visit", "add", "c0001", "一切正常", "--by", "T001")
    assert result.exit_code == 0, result.output
    _, args = seen
    assert args[-3:] == ("--only", "--", "children/c0001.yaml")
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [
        "children/c0001.yaml"]
    assert git(repo, "status", "--porcelain") == ""


TALKS_EACH = 6


def _talker(root: str, tag: str, count: int, first_day: int) -> None:
    """A teacher recording `count` talks with c0001, one command each, a day apart from
    `first_day` of November 2022 (in a process of its own, racing another for the file)."""
    from typer.testing import CliRunner

    from liushou_cli.cli.app import app

    for number in range(count):
        result = CliRunner().invoke(app, ["--data", root, "talk", "add", "c0001",
                                          f"{tag}-{number}", "--by", "T001", "--date",
                                          f"2022-11-{first_day + number:02d}"])
        assert result.exit_code == 0, result.output
        assert result.stderr == "", result.stderr  # no "hand edit kept out of the history"


def test_commands_racing_for_one_file_each_commit_their_own_entry(repo: Path) -> None:
    # Two writers of one child: the second's write landed between the first's and its
    # commit, so the first committed both entries and the second took the first's for a
    # hand edit ("没有记入历史") and committed nothing. The data folder's lock is now kept
    # from a command's first write to its commit.
    before = int(git(repo, "rev-list", "--count", "HEAD"))
    run_at_once(_talker, (str(repo), "甲", TALKS_EACH, 1), (str(repo), "乙", TALKS_EACH, 11))
    commits = git(repo, "rev-list", f"--max-count={2 * TALKS_EACH}", "HEAD").split()
    assert int(git(repo, "rev-list", "--count", "HEAD")) == before + 2 * TALKS_EACH
    for commit in commits:
        added = [line for line in git(repo, "show", "--format=", "-U0", commit).splitlines()
                 if line.startswith("+") and ("甲-" in line or "乙-" in line)]
        assert len(added) == 1, (commit, added)
    assert git(repo, "status", "--porcelain") == ""


def _taken_by_another_thread(lock: Path) -> bool:
    """Can another writer (a thread: locks are kept per thread) take the lock right now?"""
    from liushou_cli.core.errors import LiushouError
    from liushou_cli.store.atomic import folder_lock

    taken: list[bool] = []

    def attempt() -> None:
        try:
            with folder_lock(lock, wait=0):
                taken.append(True)
        except LiushouError:
            taken.append(False)

    other = threading.Thread(target=attempt)
    other.start()
    other.join()
    return taken == [True]


def test_the_lock_is_kept_from_the_first_write_and_let_go_while_a_person_is_asked(
        repo: Path) -> None:
    from liushou_cli.store.atomic import atomic_write
    from liushou_cli.store.history import recording, waiting_for_a_person

    lock, child = repo / ".liushou.lock", repo / "children" / "c0001.yaml"
    with recording() as done:
        assert _taken_by_another_thread(lock)  # nothing written yet
        atomic_write(child, child.read_bytes() + b"# 1\n")
        assert not _taken_by_another_thread(lock)  # kept until the commit
        with waiting_for_a_person():
            assert _taken_by_another_thread(lock)  # a census waits for its teacher
        atomic_write(child, child.read_bytes() + b"# 2\n")
        atomic_write(child, child.read_bytes() + b"# 3\n")  # kept once, however many writes
        assert not _taken_by_another_thread(lock)  # the next write keeps it again
    assert _taken_by_another_thread(lock)  # the command has ended
    assert not done.kept  # let go by the recording, not by its collection


def test_a_question_at_the_terminal_lets_go_of_the_lock(repo: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.cli import ask
    from liushou_cli.store.atomic import atomic_write
    from liushou_cli.store.history import recording

    lock, child = repo / ".liushou.lock", repo / "children" / "c0001.yaml"
    free_while_asked: list[bool] = []

    def prompt(*args: object, **kwargs: object) -> str:
        free_while_asked.append(_taken_by_another_thread(lock))
        return "是"

    monkeypatch.setattr(ask.typer, "prompt", prompt)
    with recording():
        atomic_write(child, child.read_bytes() + b"# 1\n")
        assert ask.confirm("继续？")
        assert _taken_by_another_thread(lock)  # until the next write keeps it again
    assert free_while_asked == [True]


def test_outside_a_repository_no_lock_is_kept(school: Path) -> None:
    from liushou_cli.store.atomic import atomic_write
    from liushou_cli.store.history import recording

    child = school / "children" / "c0001.yaml"
    with recording():
        atomic_write(child, child.read_bytes() + b"# 1\n")
        assert _taken_by_another_thread(school / ".liushou.lock")


@pytest.mark.parametrize(("iso", "shown"), [
    ("2022-11-20T06:05:09+00:00", "2022-11-20 14:05"),  # a laptop on UTC
    ("2022-11-20T14:05:09+08:00", "2022-11-20 14:05"),
    ("2022-11-20T20:30:00-05:00", "2022-11-21 09:30"),  # over midnight
    ("2022-11-20T14:05:09", "2022-11-20 14:05"),  # no zone: as written
    ("garbage", "garbage"),
])
def test_the_log_shows_china_time_whatever_clock_committed(iso: str, shown: str) -> None:
    # It showed each commit's own clock: a laptop kept on UTC put a visit at 06:05.
    from liushou_cli.cli.history import shown_time

    assert shown_time(iso) == shown
