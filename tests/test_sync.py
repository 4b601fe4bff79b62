"""`liushou sync`, `liushou remote` and `liushou resolve` against real git: clones of one
school in tmp folders sharing a bare repository, as on a network folder or a USB stick."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core.model import Child
from liushou_cli.core.validators import ValidationDay
from liushou_cli.store import gitrun
from liushou_cli.store.yamlio import parse_mapping
from tests.conftest import run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed here")
TODAY = date(2022, 11, 20)
CHILD_FILE = "children/c0001.yaml"


@pytest.fixture(autouse=True)
def _no_machine_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def shared(tmp_path: Path, school: Path) -> Path:
    """The school folder made a repository and pushed to a bare one; the bare one."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(school, "init", "-q", "-b", "main")
    added = run(school, "remote", "add", "origin", str(origin))
    assert added.exit_code == 0, added.output
    synced = run(school, "sync", "--commit-edits", user="T001", today=TODAY)
    assert synced.exit_code == 0, synced.output
    # .gitattributes, written and committed by the sync itself, is not "left uncommitted".
    assert "没有记入历史" not in synced.output
    return origin


def clone(tmp_path: Path, origin: Path, name: str) -> Path:
    git(tmp_path, "clone", "-q", str(origin), name)
    return tmp_path / name


def child(root: Path) -> Child:
    data = parse_mapping((root / CHILD_FILE).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return Child.model_validate(data, context=ValidationDay(TODAY))


def sync(root: Path, *args: str, user: str = "T001") -> None:
    done = run(root, "sync", *args, user=user, today=TODAY)
    assert done.exit_code == 0, done.output


def test_two_teachers_record_offline_and_both_see_both_visits(tmp_path: Path, school: Path) -> None:
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    assert run(wang, "visit", "add", "c0001", "--date", "2022-11-10", "--by", "T001",
               "见到了奶奶").exit_code == 0
    assert run(li, "talk", "add", "c0001", "--date", "2022-11-12", "--by", "T002",
               "期中考试").exit_code == 0
    # Each command committed its own entry; a hand edit (a note typed in an editor) is never
    # committed behind the teacher's back: without a terminal and without the flag, it stops
    # the sync, which says what to do.
    config = li / "liushou.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "# 李芳加的备注\n", encoding="utf-8")
    stopped = run(li, "sync", user="T002", today=TODAY)
    assert stopped.exit_code == 1 and "--commit-edits" in stopped.output
    sync(wang)
    sync(li, "--commit-edits", user="T002")
    sync(wang)
    for clone_ in (wang, li):
        assert [e.type for e in child(clone_).events[-2:]] == ["家访", "谈心"]
        assert git(clone_, "status", "--porcelain") == ""
    assert (wang / CHILD_FILE).read_bytes() == (li / CHILD_FILE).read_bytes()
    message = git(li, "log", "--format=%an|%s", "-4", "--no-merges")
    assert "李芳|手工修改 liushou.yaml — 李芳" in message
    assert "李芳|谈心 张小明(c0001)— 李芳" in message
    # sync's own commits name the school in the address, as a command's do.
    from liushou_cli.store.gitrepo import school_slug

    emails = dict(line.split("|", 1)[::-1] for line in git(
        li, "log", "--format=%ae|%s", "-4", "--no-merges").splitlines())
    assert emails["手工修改 liushou.yaml — 李芳"] == f"T002@{school_slug(li)}.liushou.invalid"
    assert emails["谈心 张小明(c0001)— 李芳"] == f"T002@{school_slug(li)}.liushou.invalid"
    # The driver was installed in the clone by sync: git never copies config.
    assert "merge.liushou.driver=" in git(li, "config", "--list", "--local")


def test_the_same_field_changed_twice_is_recorded_and_resolve_settles_it(
        tmp_path: Path, school: Path) -> None:
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    for root, phone, who in ((wang, "13900001111", "T001"), (li, "13900002222", "T002")):
        # Each edit is committed by the command itself, with its teacher as the author.
        assert run(root, "child", "edit", "c0001", "--set",
                   f"guardian.phone={phone}", user=who).exit_code == 0
    synced = run(wang, "sync", "--commit-edits", user="T001", today=TODAY)
    assert synced.exit_code == 0 and "合并冲突" not in synced.output
    # The sync that records the conflict says so: a teacher may run nothing else.
    synced = run(li, "sync", "--commit-edits", user="T002", today=TODAY)
    assert synced.exit_code == 0, synced.output
    assert synced.output.splitlines()[-1] == (
        "注意：1 个文件里有未处理的合并冲突。运行 liushou check 查看；学生档案里的冲突用 liushou resolve 处理")
    [conflict] = child(li).conflicts
    assert (conflict.field, conflict.ours.value, conflict.theirs.value) == (
        "guardian.phone", "13900002222", "13900001111")
    assert conflict.ours.by == "李芳" and conflict.theirs.by == "王建国"
    listed = run(li, "check")
    assert "合并冲突：监护人电话 保留了 13900002222(李芳)" in listed.output
    noted = run(li, "report")
    assert "1 个文件里有未处理的合并冲突" in noted.stderr
    asked = run(li, "resolve", "c0001")
    assert asked.exit_code == 2 and "--take" in asked.output
    done = run(li, "resolve", "c0001", "--take", "theirs", user="T002")
    assert done.exit_code == 0, done.output
    # Its commit says what was done, not "修改 children/c0001.yaml".
    assert git(li, "log", "-1", "--format=%s") == "处理合并冲突 张小明(c0001)：1 个— 李芳\n"
    settled = child(li)
    assert settled.conflicts == [] and settled.guardian is not None
    assert settled.guardian.phone == "13900001111"
    assert "conflicts" not in (li / CHILD_FILE).read_text(encoding="utf-8")
    assert "合并冲突" not in run(li, "check").output


def set_on_both_sides(tmp_path: Path, school: Path, field: str, wangs: str, lis: str) -> Path:
    """王建国's and 李芳's clones each set c0001's `field` to their own value and sync, 王
    first: 李芳's clone, which now holds the conflict."""
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    for root, value in ((wang, wangs), (li, lis)):
        assert run(root, "child", "edit", "c0001", "--set", f"{field}={value}").exit_code == 0
    sync(wang, "--commit-edits")
    sync(li, "--commit-edits")
    return li


def test_resolve_takes_a_value_given_for_one_field(tmp_path: Path, school: Path) -> None:
    li = set_on_both_sides(tmp_path, school, "residence", "桃洪镇", "石门村")
    unknown = run(li, "resolve", "c0001", "--field", "guardian.phone", "--value", "1")
    assert unknown.exit_code == 1
    # --take beside a value was dropped without a word; a value without its field too.
    before = (li / CHILD_FILE).read_bytes()
    for extra, said in ((("--take", "ours", "--field", "现居住地", "--value", "x"),
                         "--take 与 --field/--value 只能选一种：要么整体保留一方，要么给出某一项的值\n"),
                        (("--take", "ours", "--value", "x"),
                         "--take 与 --field/--value 只能选一种：要么整体保留一方，要么给出某一项的值\n"),
                        (("--value", "x"), "--value 要和 --field 一起用：是哪一项的值\n")):
        mixed = run(li, "resolve", "c0001", *extra)
        assert (mixed.exit_code, mixed.stderr) == (2, said)
    assert (li / CHILD_FILE).read_bytes() == before
    done = run(li, "resolve", "c0001", "--field", "现居住地", "--value", "桃洪镇石门村")
    assert done.exit_code == 0, done.output
    assert done.output == "张小明：已处理 1 个冲突（现居住地）\n"
    assert child(li).residence == "桃洪镇石门村" and child(li).conflicts == []
    assert "没有未处理的合并冲突" in run(li, "resolve", "c0001").output


def test_resolve_keeps_a_date_a_date_taking_theirs_or_a_value(tmp_path: Path, school: Path) -> None:
    li = set_on_both_sides(tmp_path, school, "recorded_on", "2022-09-06", "2022-09-07")
    lines = (li / CHILD_FILE).read_text(encoding="utf-8").splitlines()
    assert "recorded_on: 2022-09-07" in lines
    done = run(li, "resolve", "c0001", "--take", "theirs")
    assert done.exit_code == 0, done.output
    # Written as the other copy had it, not as the text '2022-09-06'.
    lines = (li / CHILD_FILE).read_text(encoding="utf-8").splitlines()
    assert "recorded_on: 2022-09-06" in lines
    assert child(li).recorded_on == date(2022, 9, 6) and child(li).conflicts == []


def test_offline_says_so_and_keeps_the_local_commits(tmp_path: Path, school: Path) -> None:
    origin = shared(tmp_path, school)
    wang = clone(tmp_path, origin, "wang")
    assert run(wang, "visit", "add", "c0001", "--by", "T001", "见到了奶奶").exit_code == 0
    origin.rename(tmp_path / "stick-unplugged.git")
    done = run(wang, "sync", "--commit-edits", user="T001", today=TODAY)
    assert done.exit_code == 4
    [line] = done.output.strip().splitlines()[-1:]
    # A folder that is not there: the stick, or a wrong address; waiting for a network
    # would help neither, and the way to correct the address is said.
    assert line == (f"找不到远程仓库 origin 的文件夹 {origin}：U 盘没插上（或插在了别的盘符），"
                    "或者地址写错了。本机的记录都已保存在本地的提交里（离线）；插好后再运行 "
                    "liushou sync，地址错了用 git remote set-url origin 新地址 改正")
    assert git(wang, "status", "--porcelain") == ""  # the visit is committed here
    assert "家访" in (wang / CHILD_FILE).read_text(encoding="utf-8")
    assert "Traceback" not in done.output


def test_a_public_host_is_warned_about(school: Path) -> None:
    git(school, "init", "-q", "-b", "main")
    added = run(school, "remote", "add", "origin", "git@gitee.com:school/folder.git")
    assert added.exit_code == 0
    assert "必须设为私有" in added.stderr and "gitee.com" in added.stderr
    plain = run(school, "remote", "add", "usb", "/media/usb/school.git")
    assert plain.exit_code == 0 and "私有" not in plain.stderr


def test_two_children_given_one_file_name_on_two_laptops_are_both_kept(
        tmp_path: Path, school: Path) -> None:
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    for root, name in ((wang, "刘小红"), (li, "陈大山")):
        # A shared folder gives random ids (ops/ids.py): the clash comes from two rosters
        # numbering their children alike, as an id given by hand.
        added = run(root, "child", "add", "--id", "c0002", "--name", name, "--gender", "女",
                    "--class", "七(1)班",
                    "--type", "父亲外出", "--guardian-name", "刘奶奶", "--guardian-relation", "祖母",
                    "--guardian-phone", "13912345678")
        assert added.exit_code == 0, added.output
        assert (root / "children" / "c0002.yaml").exists()
    sync(wang, "--commit-edits")
    done = run(li, "sync", "--commit-edits", user="T002", today=TODAY)
    assert done.exit_code == 0, done.output
    assert "陈大山" in done.output and "c0003" in done.output
    # The renamed file and the activity files are in the sync's own commit: not "left
    # uncommitted", as the sync once said of them.
    assert "没有记入历史" not in done.output
    assert git(li, "status", "--porcelain") == ""
    # Her history goes on through the rename: added as c0002, then renamed.
    told = run(li, "log", "c0003", "-f", "csv")
    assert told.exit_code == 0, told.output
    assert "新增学生 陈大山(c0002)" in told.stdout and "改编号 陈大山 c0002→c0003" in told.stdout
    sync(wang)
    for root in (wang, li):
        names = {path.stem: parse_mapping(path.read_text(encoding="utf-8"))["name"]
                 for path in (root / "children").glob("*.yaml")}
        assert names == {"c0001": "张小明", "c0002": "刘小红", "c0003": "陈大山"}
        assert run(root, "check").exit_code == 0


def test_a_renamed_child_is_renamed_in_the_activities_that_name_it(
        tmp_path: Path, school: Path) -> None:
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    # The children are recorded today (2022-11-20): their activities are held that day.
    for root, name, day in ((wang, "刘小红", "2022-11-20"), (li, "陈大山", "2022-11-20")):
        added = run(root, "child", "add", "--id", "c0002", "--name", name, "--gender", "女",
                    "--class", "七(1)班", "--type", "父亲外出", "--guardian-name", "刘奶奶",
                    "--guardian-relation", "祖母", "--guardian-phone", "13912345678")
        assert added.exit_code == 0, added.output
        # Each laptop's activity names its own c0002 (and the child both share).
        held = run(root, "activity", "add", "--kind", "集体活动", "--title", f"{name}的活动",
                   "--classes", "7-1", "--date", day, "--children", "c0001,c0002",
                   "--guardians", "c0002", user="T001")
        assert held.exit_code == 0, held.output
    sync(wang, "--commit-edits")
    sync(li, "--commit-edits", user="T002")
    renamed = git(li, "log", "--format=%H", "--grep", "改编号", "-1").strip()
    changed = git(li, "show", "--name-only", "--no-renames", "--format=", renamed).split()
    assert changed[1:] == ["children/c0002.yaml", "children/c0003.yaml"]
    assert re.fullmatch(r"activities/2022-11-20-collective-[2-9a-z]{5}\.yaml", changed[0])
    sync(wang)
    for root in (wang, li):
        activities = {}
        for path in (root / "activities").glob("*.yaml"):
            data = parse_mapping(path.read_text(encoding="utf-8"))
            assert isinstance(data, dict)
            activities[data["title"]] = (data["children"], data["guardians"])
        assert activities == {"刘小红的活动": (["c0001", "c0002"], ["c0002"]),
                              "陈大山的活动": (["c0001", "c0003"], ["c0003"])}
        assert run(root, "check").exit_code == 0


def add_child(root: Path, name: str) -> str:
    """`child add` offline in a clone; the id it gave."""
    added = run(root, "child", "add", "--name", name, "--gender", "女", "--class", "七(1)班",
                "--type", "父亲外出", "--guardian-name", "刘奶奶", "--guardian-relation", "祖母",
                "--guardian-phone", "13912345678", today=TODAY)
    assert added.exit_code == 0, added.output
    [made] = set(path.stem for path in (root / "children").glob("*.yaml")) - {"c0001"}
    return made


def test_two_laptops_adding_a_child_and_a_staff_member_offline_never_clash(
        tmp_path: Path, school: Path) -> None:
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    ids = {add_child(wang, "刘小红"): "刘小红", add_child(li, "陈大山"): "陈大山"}
    assert len(ids) == 2 and all(re.fullmatch(r"c[2-9a-z]{5}", made) for made in ids)
    staff = {}
    for root, name in ((wang, "周老师"), (li, "吴老师")):
        added = run(root, "staff", "add", "--name", name, today=TODAY)
        assert added.exit_code == 0, added.output
        staff[name] = next(m["id"] for m in parse_mapping((root / "staff.yaml").read_text(
            encoding="utf-8"))["staff"] if m["name"] == name)
    assert staff["周老师"] != staff["吴老师"]
    assert all(re.fullmatch(r"T[2-9A-Z]{4}", made) for made in staff.values())
    sync(wang, "--commit-edits")
    done = run(li, "sync", "--commit-edits", user="T002", today=TODAY)
    assert done.exit_code == 0, done.output
    assert "改编号" not in git(li, "log", "--format=%s") and "无法自动合并" not in done.output
    sync(wang)
    for root in (wang, li):
        names = {path.stem: parse_mapping(path.read_text(encoding="utf-8"))["name"]
                 for path in (root / "children").glob("*.yaml")}
        assert names == {"c0001": "张小明", **ids}
        members = {m["name"]: m["id"] for m in parse_mapping(
            (root / "staff.yaml").read_text(encoding="utf-8"))["staff"]}
        assert {name: members[name] for name in staff} == staff
        assert run(root, "check").exit_code == 0
        assert git(root, "status", "--porcelain") == ""
    assert (wang / "staff.yaml").read_bytes() == (li / "staff.yaml").read_bytes()


SLOW_DRIVER = """#!/bin/sh
touch "{started}"
sleep 60
exec {real} "$@"
"""


def test_a_sync_killed_while_merging_is_undone_by_the_next(tmp_path: Path, school: Path) -> None:
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    assert run(wang, "visit", "add", "c0001", "--date", "2022-11-10", "--by", "T001",
               "见到了奶奶").exit_code == 0
    assert run(li, "talk", "add", "c0001", "--date", "2022-11-12", "--by", "T002",
               "期中考试").exit_code == 0
    sync(wang, "--commit-edits")
    # li's clone runs the merge driver through a wrapper that waits: kill the sync then.
    started = tmp_path / "driver-started"
    real = f"'{sys.executable}' -m liushou_cli.mergedriver"
    wrapper = tmp_path / "slow-driver"
    wrapper.write_text(SLOW_DRIVER.format(started=started, real=real), encoding="utf-8")
    wrapper.chmod(0o755)
    git(li, "config", "merge.liushou.name", "slow")
    git(li, "config", "merge.liushou.driver", f"{wrapper} %O %A %B %L %P")
    env = {**os.environ, "LIUSHOU_USER": "T002", "LIUSHOU_TODAY": TODAY.isoformat()}
    process = subprocess.Popen([sys.executable, "-m", "liushou_cli", "--data", str(li), "sync",
                                "--commit-edits"], env=env, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert started.exists(), process.communicate()
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    git(li, "config", "merge.liushou.driver", f"{real} %O %A %B %L %P")
    done = run(li, "sync", user="T002", today=TODAY)
    assert done.exit_code == 0, done.output
    assert "中断" in done.output
    assert [e.type for e in child(li).events[-2:]] == ["家访", "谈心"]
    assert git(li, "status", "--porcelain") == "" and not list(li.glob(".merge_file_*"))
    assert not (li / ".git" / "index.lock").exists()
    sync(wang)
    assert (wang / CHILD_FILE).read_bytes() == (li / CHILD_FILE).read_bytes()


def test_a_merge_may_take_longer_than_any_other_local_git_command(
        tmp_path: Path, school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # git runs the driver once a file, so a pull of a term's work takes minutes: the merge has
    # a limit of its own. Here every other local command must finish within 2 s, and the one
    # file's merge takes 4.
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    assert run(wang, "visit", "add", "c0001", "--date", "2022-11-10", "--by", "T001",
               "见到了奶奶").exit_code == 0
    assert run(li, "talk", "add", "c0001", "--date", "2022-11-12", "--by", "T002",
               "期中考试").exit_code == 0
    sync(wang, "--commit-edits")
    wrapper = tmp_path / "slow-driver"
    wrapper.write_text(f"#!/bin/sh\nsleep 4\nexec '{sys.executable}' -m liushou_cli.mergedriver "
                       '"$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    git(li, "config", "merge.liushou.driver", f"{wrapper} %O %A %B %L %P")
    monkeypatch.setattr(gitrun, "_LOCAL_SECONDS", 2)
    sync(li, "--commit-edits", user="T002")
    assert [e.type for e in child(li).events[-2:]] == ["家访", "谈心"]


def test_the_same_kind_of_activity_on_one_day_on_two_laptops_stays_two_activities(
        tmp_path: Path, school: Path) -> None:
    # Named by date and kind alone, both laptops wrote activities/2022-10-11-collective.yaml
    # and the merge took the two activities for one: one title, a conflict, children mixed.
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    for root, title, user in ((wang, "秋季运动会", "T001"), (li, "读书分享会", "T002")):
        held = run(root, "activity", "add", "--kind", "集体活动", "--title", title,
                   "--classes", "7-1", "--date", "2022-10-11", "--children", "c0001", user=user)
        assert held.exit_code == 0, held.output
    sync(wang)
    sync(li, user="T002")
    sync(wang)
    for root in (wang, li):
        titles = sorted(parse_mapping(path.read_text(encoding="utf-8"))["title"]  # type: ignore[index]
                        for path in (root / "activities").glob("2022-10-11-collective*.yaml"))
        assert titles == ["秋季运动会", "读书分享会"]
        assert run(root, "check").exit_code == 0


def test_one_child_added_on_two_laptops_stops_the_sync_saying_why_until_a_copy_is_archived(
        tmp_path: Path, school: Path) -> None:
    # A census on one laptop and a roster on another: two files, one 身份证号. check's error
    # stops the push; the sync says which and where, and archiving the copy lets it through.
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    made = {}
    for root in (wang, li):
        added = run(root, "child", "add", "--name", "陈小雨", "--gender", "女", "--class",
                    "七(1)班", "--type", "父亲外出", "--birth", "2010-05-05", "--id-number",
                    "430524201005050023", "--guardian-name", "陈大山", "--guardian-relation",
                    "祖父", "--guardian-phone", "13800001234", today=TODAY)
        assert added.exit_code == 0, added.output
        [made[root]] = {path.stem for path in (root / "children").glob("*.yaml")} - {"c0001"}
    sync(wang, "--commit-edits")
    stopped = run(li, "sync", "--commit-edits", user="T002", today=TODAY)
    assert stopped.exit_code == 1
    first, second = sorted(made.values())
    assert stopped.stderr.splitlines() == [
        "合并后 liushou check 发现 1 个错误，没有推送：",
        f"  children/{second}.yaml:5: 身份证号 430524201005050023 重复：也见于 "
        f"children/{first}.yaml",
        "改正后再运行 liushou sync（liushou check 列出全部问题）"]
    archived = run(li, "child", "archive", made[li], "--reason", "重复建档", "--date",
                   TODAY.isoformat(), today=TODAY)
    assert archived.exit_code == 0, archived.output
    sync(li, user="T002")
    checked = run(li, "check", today=TODAY)
    assert checked.exit_code == 0
    assert "（其中一份已归档）：如果是重复建档，归档的那份不再计入" in checked.output
    assert git(li, "status", "--porcelain") == ""


def test_hand_edits_with_errors_are_named_before_any_sync(tmp_path: Path, school: Path) -> None:
    shared(tmp_path, school)
    for number in range(2, 9):  # seven copies of one child: an error or more in each
        shutil.copy(school / CHILD_FILE, school / "children" / f"c000{number}.yaml")
    stopped = run(school, "sync", "--commit-edits", user="T001", today=TODAY)
    assert stopped.exit_code == 1
    lines = stopped.stderr.splitlines()
    count = int(re.fullmatch(r"有未提交的手工修改，但 liushou check 发现 (\d+) 个错误：",
                             lines[0])[1])
    assert count > 5
    assert all(re.fullmatch(r"  children/c000\d\.yaml:\d+: .+", line) for line in lines[1:6])
    assert lines[6:] == [f"  ……另有 {count - 5} 个错误",
                         "请先改正，再同步（liushou check 列出全部问题）"]
    assert "c0002.yaml" in git(school, "status", "--porcelain")  # nothing committed


def half_merged_li(tmp_path: Path, school: Path) -> tuple[Path, Path]:
    """wang adds a child and a visit and syncs; li, with a talk of her own, is about to
    merge them (the clones wang and li)."""
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    add_child(wang, "刘小红")
    assert run(wang, "visit", "add", "c0001", "--date", "2022-11-10", "--by", "T001",
               "见到了奶奶").exit_code == 0
    sync(wang, "--commit-edits")
    assert run(li, "talk", "add", "c0001", "--date", "2022-11-12", "--by", "T002",
               "期中考试").exit_code == 0
    return wang, li


def stopped_mid_merge(monkeypatch: pytest.MonkeyPatch, li: Path, stop: BaseException) -> None:
    """li's next `git merge` writes two of the merged files (one changed, one new) and is
    stopped before git notes the merge, as a Ctrl-C to the terminal's group can leave it."""
    real = gitrun.Repo.git

    def git_then_stop(self: gitrun.Repo, *args: str, **options: object) -> str:
        if args[:2] == ("merge", "-q"):
            theirs = args[-1]
            for path in real(self, "diff", "--name-only", "HEAD", theirs).split():
                (li / path).write_bytes(subprocess.run(
                    ["git", "show", f"{theirs}:{path}"], cwd=li, capture_output=True,
                    check=True).stdout)
            raise stop
        return real(self, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(gitrun.Repo, "git", git_then_stop)


@pytest.mark.parametrize("stop", [
    gitrun.GitFailed(("merge",), -signal.SIGINT, "killed"),  # git stopped by Ctrl-C
    KeyboardInterrupt(),  # this process stopped by it
])
def test_a_sync_stopped_by_ctrl_c_mid_merge_puts_the_folder_back_at_once(
        tmp_path: Path, school: Path, monkeypatch: pytest.MonkeyPatch,
        stop: BaseException) -> None:
    _, li = half_merged_li(tmp_path, school)
    head = git(li, "rev-parse", "HEAD")
    with monkeypatch.context() as patched:
        stopped_mid_merge(patched, li, stop)
        done = run(li, "sync", user="T002", today=TODAY)
    assert (done.exit_code, done.stderr) == (130, "已中断\n")
    assert git(li, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(li, "rev-parse", "HEAD") == head
    assert not (li / ".git" / "liushou-sync").exists()
    again = run(li, "sync", user="T002", today=TODAY)
    assert again.exit_code == 0, again.output
    assert "中断" not in again.output
    assert [e.type for e in child(li).events[-2:]] == ["家访", "谈心"]
    # each entry in its own teacher's commit: none taken for a hand edit (the one there is
    # the folder's first commit, in shared())
    assert git(li, "log", "--format=%s").count("手工修改") == 1


def test_a_sync_killed_before_its_merge_began_says_nothing_was_merged(
        tmp_path: Path, school: Path) -> None:
    _, li = half_merged_li(tmp_path, school)
    git(li, "fetch", "-q", "origin")
    head, theirs = (git(li, "rev-parse", name).strip() for name in ("HEAD", "origin/main"))
    (li / ".git" / "liushou-sync").write_text(f"999999999 {head} {theirs}\n", encoding="utf-8")
    done = run(li, "sync", user="T002", today=TODAY)
    assert done.exit_code == 0, done.output
    assert "上次同步在合并开始前被中断：没有合并任何内容，现在重新同步" in done.output
    assert [e.type for e in child(li).events[-2:]] == ["家访", "谈心"]


def phone_in_conflict_twice(tmp_path: Path, school: Path) -> Path:
    """Three clones set c0001's guardian phone and sync in turn: the last (赵敏's) holds two
    open conflicts of the field. That clone."""
    origin = shared(tmp_path, school)
    wang, li, zhao = (clone(tmp_path, origin, name) for name in ("wang", "li", "zhao"))
    for root, value in ((wang, "13900001111"), (li, "13900002222"), (zhao, "13900003333")):
        assert run(root, "child", "edit", "c0001", "--set",
                   f"guardian.phone={value}").exit_code == 0
    for root in (wang, li, zhao):
        sync(root, "--commit-edits")
    return zhao


@pytest.mark.parametrize(("take", "phone"), [("theirs", "13900002222"), ("ours", "13900003333")])
def test_a_field_in_conflict_again_is_settled_by_its_latest_conflict(
        tmp_path: Path, school: Path, take: str, phone: str) -> None:
    # 李芳's clone records wang's value against hers and pushes the open conflict; 赵敏's
    # merge then finds the field in conflict again, against 李芳's value. "theirs" there is
    # what came in that merge (李芳's), not the oldest value (王建国's).
    zhao = phone_in_conflict_twice(tmp_path, school)
    assert [(c.ours.value, c.theirs.value) for c in child(zhao).conflicts] == [
        ("13900002222", "13900001111"), ("13900003333", "13900002222")]
    done = run(zhao, "resolve", "c0001", "--take", take)
    assert done.exit_code == 0, done.output
    assert done.output == "张小明：已处理 1 个冲突（监护人电话）\n"
    settled = child(zhao)
    assert settled.guardian is not None and settled.guardian.phone == phone
    assert settled.conflicts == []


def test_asked_a_field_in_conflict_twice_is_one_question_with_the_files_value(
        tmp_path: Path, school: Path) -> None:
    zhao = phone_in_conflict_twice(tmp_path, school)
    asked = run(zhao, "resolve", "c0001", input="2\n", interactive=True)
    assert asked.exit_code == 0, asked.output
    assert asked.output.count("监护人电话") == 2  # the one question, and the summary
    assert "13900003333" in asked.output and "13900001111" not in asked.output
    settled = child(zhao)
    assert settled.guardian is not None and settled.guardian.phone == "13900002222"


def test_hand_edits_are_listed_in_the_output_language(tmp_path: Path, school: Path) -> None:
    shared(tmp_path, school)
    for number in range(2, 9):  # seven new children, each a file without a fault
        (school / "children" / f"c000{number}.yaml").write_text(
            f"id: c000{number}\nname: 学生{number}\ngender: 女\nclass: 七(1)班\n"
            "left_behind_type: 父亲外出\nrecorded_on: 2022-09-05\n", encoding="utf-8")
    english = run(school, "--lang", "en", "sync", user="T001", today=TODAY)
    assert english.exit_code == 1, english.output
    assert ("children/c0002.yaml, children/c0003.yaml, children/c0004.yaml, "
            "children/c0005.yaml, children/c0006.yaml and more (7 files in all)") in english.stderr
    assert "、" not in english.stderr and "等" not in english.stderr
    chinese = run(school, "sync", user="T001", today=TODAY)
    assert "children/c0002.yaml、children/c0003.yaml、children/c0004.yaml、children/c0005.yaml、" \
           "children/c0006.yaml 等 7 个文件" in chinese.stderr


@pytest.mark.parametrize(("url", "folder"), [
    ("/media/stick/school.git", "/media/stick/school.git"), ("../central.git", "../central.git"),
    ("E:\\school.git", "E:\\school.git"), ("E:/school.git", "E:/school.git"),
    ("file:///srv/school.git", "/srv/school.git"), ("git@gitee.com:school/a.git", None),
    ("https://example.org/school.git", None), ("ssh://host/school.git", None), ("", None)])
def test_which_remotes_are_folders(url: str, folder: str | None) -> None:
    from liushou_cli.ops.sync import _local_folder

    assert _local_folder(url) == folder


def test_a_remote_folder_that_is_there_but_no_repository_is_not_called_missing(
        tmp_path: Path, school: Path) -> None:
    origin = shared(tmp_path, school)
    wang = clone(tmp_path, origin, "wang")
    empty = tmp_path / "not-a-repository"
    empty.mkdir()
    git(wang, "remote", "set-url", "origin", str(empty))
    done = run(wang, "sync", user="T001", today=TODAY)
    assert done.exit_code == 4
    assert "找不到远程仓库" not in done.output and "无法连接远程仓库 origin" in done.output


def test_five_hand_edits_are_listed_whole(tmp_path: Path, school: Path) -> None:
    shared(tmp_path, school)
    for number in range(2, 7):  # five: all of them named, no "and more"
        (school / "children" / f"c000{number}.yaml").write_text(
            f"id: c000{number}\nname: 学生{number}\ngender: 女\nclass: 七(1)班\n"
            "left_behind_type: 父亲外出\nrecorded_on: 2022-09-05\n", encoding="utf-8")
    english = run(school, "--lang", "en", "sync", user="T001", today=TODAY)
    assert "children/c0006.yaml. Check them" in english.stderr and "more" not in english.stderr


@pytest.mark.parametrize("deleted_first", [True, False], ids=["deleted-first", "changed-first"])
def test_a_child_file_deleted_on_one_laptop_and_recorded_on_the_other_is_kept(
        tmp_path: Path, school: Path, deleted_first: bool) -> None:
    # One teacher deletes a child's file by hand (a copy she took for a duplicate) while
    # another records a talk with the child. git cannot merge a file deleted on one side and
    # changed on the other: the sync used to undo the merge and stop, every time, naming no
    # reason, and neither teacher could sync again. The changed file is kept (nothing
    # recorded is lost), the merge finishes, and the sync says so in one line.
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    (wang / CHILD_FILE).unlink()
    assert run(li, "talk", "add", "c0001", "--date", "2022-11-12", "--by", "T002",
               "期中考试").exit_code == 0
    first, second = ((wang, "T001"), (li, "T002")) if deleted_first else (
        (li, "T002"), (wang, "T001"))
    sync(first[0], "--commit-edits", user=first[1])
    done = run(second[0], "sync", "--commit-edits", user=second[1], today=TODAY)
    assert done.exit_code == 0, done.output
    assert ("children/c0001.yaml 在一台电脑上被删除，另一台电脑上又有新的改动：已保留改动后的文件，"
            "记录没有丢；确实不要的学生请用 liushou child archive 归档") in done.output
    sync(first[0], user=first[1])
    for root in (wang, li):
        assert child(root).events[-1].topic == "期中考试"
        assert git(root, "status", "--porcelain") == ""
        assert run(root, "check", today=TODAY).exit_code == 0
    assert git(wang, "rev-parse", "HEAD") == git(li, "rev-parse", "HEAD")


def test_a_file_both_laptops_changed_beside_a_deleted_one_still_undoes_the_sync(
        tmp_path: Path, school: Path) -> None:
    # A text file of the folder's own, changed on one line on both laptops, cannot be merged,
    # even beside a child's file deleted on one side and recorded on the other (which alone
    # would be kept): the merge is undone and says so, naming the file as it is called (git
    # quoted a Chinese name in octal escapes) and no reason "above" that is not there;
    # nothing with conflict markers is committed, and the talk recorded stays.
    origin = shared(tmp_path, school)
    wang, li = clone(tmp_path, origin, "wang"), clone(tmp_path, origin, "li")
    (wang / "说明.txt").write_text("第一行\n", encoding="utf-8")
    sync(wang, "--commit-edits", user="T001")
    sync(li, user="T002")
    (wang / "说明.txt").write_text("王老师改的\n", encoding="utf-8")
    (li / "说明.txt").write_text("李老师改的\n", encoding="utf-8")
    (wang / CHILD_FILE).unlink()
    assert run(li, "talk", "add", "c0001", "--date", "2022-11-12", "--by", "T002",
               "期中考试").exit_code == 0
    sync(wang, "--commit-edits", user="T001")
    done = run(li, "sync", "--commit-edits", user="T002", today=TODAY)
    assert done.exit_code == 1, done.output
    assert ("这些文件无法自动合并：children/c0001.yaml、说明.txt（两台电脑改了同一处，或上面说了原因）。合并已撤销，"
            "文件保持同步前的样子；请把这些文件告诉管理数据的老师") in done.output
    assert "已保留" not in done.output
    assert (li / "说明.txt").read_text(encoding="utf-8") == "李老师改的\n"
    assert git(li, "status", "--porcelain") == ""
    assert "<<<<<<<" not in git(li, "show", "HEAD:说明.txt")
    assert child(li).events[-1].topic == "期中考试"
