"""What each writing command's commit says happened, to whom (Chinese, whatever --lang): the
pairings, key support, plans, care, terms, activities, a restore, an editor edit and the
census, interactive and from a roster. Real git in tmp folders."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import run
from .test_census import FIRST_CHILD, answers, census_school
from .test_history import git
from .test_roster import roster_school, write_csv

__all__ = ["census_school", "roster_school"]  # the fixtures, used by name


def committed(root: Path) -> None:
    """The folder made a repository the way a clone is, and `git setup` run."""
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    assert run(root, "git", "setup").exit_code == 0


@pytest.fixture
def repo(school: Path) -> Path:
    committed(school)
    return school


def subject(root: Path) -> str:
    return git(root, "log", "-1", "--format=%s").strip()


def ok(root: Path, *args: str, **options: object) -> None:
    options.setdefault("user", "T001")
    result = run(root, *args, **options)  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    assert git(root, "status", "--porcelain") == ""


@pytest.mark.parametrize(("args", "message"), [
    (["assign", "buddy", "c0001", "--name", "李雷", "--class", "七(1)班", "--date", "2022-10-01"],
     "结对 张小明(c0001)学习帮手 李雷— 王建国"),
    (["assign", "end", "c0001", "proxy", "--reason", "调离", "--date", "2022-10-01"],
     "结束结对 张小明(c0001)代理家长 李芳— 王建国"),
    (["child", "key-support", "c0001", "--off", "--reason", "父亲已返乡",
      "--date", "2022-10-01"], "取消重点关爱 张小明(c0001)：父亲已返乡— 王建国"),
    (["plan", "add", "c0001", "--subject", "数学", "--teacher", "李芳", "--content", "每周辅导",
      "--date", "2022-10-01"], "学习计划 张小明(c0001)数学— 王建国"),
    (["care", "add", "c0001", "发烧", "--date", "2022-10-08", "--by", "T001"],
     "患病 张小明(c0001)— 王建国"),
    (["term", "add", "2023秋", "--start", "2023-09-01", "--end", "2024-01-19"],
     "新增学期 2023秋— 王建国"),
    (["activity", "add", "--kind", "家长会", "--title", "期中家长会", "--classes", "7-1",
      "--date", "2022-10-01", "--children", "c0001"], "活动 期中家长会（1 人）— 王建国"),
])
def test_a_writing_command_says_what_it_did_to_whom(repo: Path, args: list[str],
                                                    message: str) -> None:
    ok(repo, "--lang", "en", *args)
    assert subject(repo) == message


def test_restore_says_who_came_back(repo: Path) -> None:
    ok(repo, "child", "archive", "c0001", "--reason", "随父母外出", "--date", "2022-09-20")
    ok(repo, "child", "restore", "c0001", "--reason", "回校就读", "--date", "2022-11-14")
    assert subject(repo) == "张小明(c0001)回校就读：回校就读— 王建国"


def test_an_edit_in_the_editor_names_the_child(repo: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\np = sys.argv[1]\n"
                      "open(p, 'a', encoding='utf-8').write('note: 编辑器里加的\\n')\n",
                      encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{subprocess.list2cmdline(['python3', str(editor)])}")
    ok(repo, "child", "edit", "c0001")
    assert subject(repo) == "修改 张小明(c0001)的档案— 王建国"


def test_the_interactive_census_is_one_line_for_the_class(census_school: Path) -> None:
    committed(census_school)
    ok(census_school, "census", "--class", "7-1", "--term", "2022秋", input=FIRST_CHILD + answers(
        "转出", "随父母到东莞就读", "n", "46"), interactive=True)
    assert subject(census_school) == "摸底 七(1)班 2 人— 王建国"


def test_a_roster_census_counts_what_it_wrote(roster_school: Path, tmp_path: Path) -> None:
    committed(roster_school)
    roster = write_csv(tmp_path / "r.csv", [
        ["学籍号", "姓名", "是否寄宿"],
        ["2022070101", "张小明", "是"],
        ["2022070102", "李四", "否"],
    ])
    ok(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply")
    assert subject(roster_school) == "摸底名单 七(1)班：新增 0 人，更新 2 人— 王建国"


def test_a_roster_of_two_classes_names_both_and_counts_the_archived(roster_school: Path,
                                                                   tmp_path: Path) -> None:
    # 李四 is not on the roster and is archived: an update, as a change is.
    committed(roster_school)
    roster = write_csv(tmp_path / "r.csv", [
        ["学籍号", "姓名", "性别", "班级", "留守类型", "是否寄宿"],
        ["2022070101", "张小明", "男", "7-1", "双亲外出", "是"],
        ["2022070201", "赵六", "女", "7-2", "母亲外出", "否"],
    ])
    ok(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
       "--archive-missing")
    assert subject(roster_school) == "摸底名单 七(1)班、七(2)班：新增 1 人，更新 2 人— 王建国"


def author(root: Path) -> str:
    return git(root, "log", "-1", "--format=%an <%ae>").strip()


# Each command run by 王建国 (LIUSHOU_USER T001) for 李芳, who did it (--by T002): the commit is
# hers, as a visit's is its recorder's. Steps before the last prepare what it needs.
@pytest.mark.parametrize("steps", [
    [["care", "add", "c0001", "发烧", "--date", "2022-10-08", "--by", "T002"]],
    [["activity", "add", "--kind", "家长会", "--title", "期中家长会", "--classes", "7-1",
      "--date", "2022-10-01", "--children", "c0001", "--by", "T002"]],
    [["plan", "add", "c0001", "--subject", "数学", "--teacher", "李芳", "--date", "2022-10-01"],
     ["plan", "check", "c0001", "按时交作业", "--date", "2022-10-15", "--by", "T002"]],
    [["iep", "flag", "c0001", "--concern", "学业严重下滑", "--date", "2022-10-01",
      "--by", "T002"]],
    [["iep", "flag", "c0001", "--concern", "学业严重下滑", "--date", "2022-10-01"],
     ["iep", "add", "c0001", "--teacher", "T001", "--measure", "每周谈心",
      "--review", "2022-11-01", "--date", "2022-10-05", "--by", "T002"]],
    [["iep", "flag", "c0001", "--concern", "学业严重下滑", "--date", "2022-10-01"],
     ["iep", "add", "c0001", "--teacher", "T001", "--measure", "每周谈心",
      "--review", "2022-11-01", "--date", "2022-10-05"],
     ["iep", "review", "c0001", "有进步", "--date", "2022-11-01", "--by", "T002"]],
    [["assign", "buddy", "c0001", "--name", "李雷", "--class", "七(1)班", "--date", "2022-10-01",
      "--by", "T002"]],
    [["child", "key-support", "c0001", "--off", "--reason", "父亲已返乡", "--date", "2022-10-01",
      "--by", "T002"]],
    [["incident", "add", "c0001", "--kind", "失联", "--at", "2022-11-20 10:00", "--seen",
      "放学没有回家", "--action", "联系监护人", "--by", "T002"]],
    [["incident", "add", "c0001", "--kind", "失联", "--at", "2022-11-20 10:00", "--seen",
      "放学没有回家", "--action", "联系监护人"],
     ["incident", "step", "c0001", "--done", "联系监护人", "--at", "2022-11-20 10:30",
      "--by", "T002"]],
], ids=["care", "activity", "plan-check", "iep-flag", "iep-add", "iep-review", "buddy",
        "key-support", "incident-add", "incident-step"])
def test_the_teacher_named_by_by_is_the_commits_author(repo: Path, steps: list[list[str]]) -> None:
    for step in steps:
        ok(repo, *step)
    assert author(repo).startswith("李芳 <T002@") and author(repo).endswith(".liushou.invalid>")
    assert subject(repo).endswith("— 李芳")


def test_several_recorders_are_all_named_the_first_the_author(repo: Path) -> None:
    ok(repo, "care", "add", "c0001", "发烧", "--date", "2022-10-08", "--by", "李芳", "--by", "T001")
    assert subject(repo) == "患病 张小明(c0001)— 李芳、王建国"
    assert author(repo).startswith("李芳 <T002@")
    # Naming nobody, the user (LIUSHOU_USER) is the recorder and the author, as before.
    ok(repo, "care", "add", "c0001", "咳嗽", "--date", "2022-10-09")
    assert subject(repo) == "患病 张小明(c0001)— 王建国"
    assert author(repo).startswith("王建国 <T001@")


# A census records who checked each child (the class teacher when neither --by nor
# LIUSHOU_USER names anyone): its commit is theirs, not "liushou" nor the user's.
@pytest.mark.parametrize(("by", "user", "teacher"), [
    ((), None, "王建国 <T001@"),
    (("--by", "T002"), "T001", "李芳 <T002@"),
], ids=["no-by-no-user", "by-another"])
def test_a_census_is_committed_as_the_teacher_it_records(census_school: Path, by: tuple[str, ...],
                                                         user: str | None, teacher: str) -> None:
    committed(census_school)
    ok(census_school, "census", "--class", "7-1", "--term", "2022秋", *by, input=FIRST_CHILD
       + answers("转出", "随父母到东莞就读", "n", "46"), interactive=True, user=user)
    assert author(census_school).startswith(teacher)
    assert subject(census_school) == f"摸底 七(1)班 2 人— {teacher.split()[0]}"


def test_a_roster_census_is_committed_as_its_by(roster_school: Path, tmp_path: Path) -> None:
    committed(roster_school)
    roster = write_csv(tmp_path / "r.csv", [["学籍号", "姓名", "是否寄宿"],
                                            ["2022070101", "张小明", "是"]])
    ok(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
       "--by", "T002")
    assert author(roster_school).startswith("李芳 <T002@")
