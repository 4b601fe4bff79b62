"""Finding the data folder, `init`, `staff`, and the promise of no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import posix_modes_only, rows_of, run, snapshot


def test_init_creates_a_checkable_folder(tmp_path: Path) -> None:
    root = tmp_path / "new"
    result = run(None, "init", str(root), "--school", "城关中学: 初中部", "--no-git")
    assert result.exit_code == 0, result.output
    assert {p.name for p in root.iterdir()} == {"liushou.yaml", "staff.yaml", "children",
                                                ".gitignore"}
    assert ".liushou.lock" in (root / ".gitignore").read_text(encoding="utf-8")
    checked = run(root, "check", "--format", "json")
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["errors"] == 0


def test_init_refuses_to_overwrite(school: Path) -> None:
    before = snapshot(school)
    result = run(None, "init", str(school), "--school", "别的学校")
    assert result.exit_code == 1 and "已有数据文件夹，不会覆盖" in result.stderr
    assert snapshot(school) == before


def test_folder_found_from_env_and_upwards(school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # LIUSHOU_DATA is the environment's data folder (test_environment.py reads it there).
    assert run(None, "child", "list", "-f", "json", data=school).exit_code == 0
    monkeypatch.chdir(school / "children")
    result = run(None, "child", "list", "-f", "json")
    assert result.exit_code == 0 and rows_of(result.stdout)[0]["id"] == "c0001"


def test_no_folder_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(None, "child", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("找不到数据文件夹")
    assert len(result.stderr.strip().splitlines()) == 1
    result = run(tmp_path, "check")
    assert result.exit_code == 1 and "不是数据文件夹" in result.stderr


def test_staff_add_and_list(school: Path) -> None:
    result = run(school, "staff", "add", "--name", "陈静", "--phone", "13511112222",
                 "--role", "班主任", "--leads", "八(1)班", "--subject", "数学")
    assert result.exit_code == 0 and "已添加教职工 陈静(T003)" in result.stdout
    text = (school / "staff.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 教职工名单\nstaff:\n  - id: T001\n")
    assert text.endswith("  - id: T003\n    name: 陈静\n    phone: '13511112222'\n"
                         "    roles: [班主任]\n    leads: [八(1)班]\n    subjects: [数学]\n")
    rows = rows_of(run(school, "staff", "list", "-f", "json", "--role", "班主任").stdout)
    assert [row["id"] for row in rows] == ["T001", "T003"]


def test_a_second_class_teacher_is_added_with_a_warning_and_check_names_both(
        school: Path) -> None:
    # 王建国 leads 七(1)班. A second teacher leading it (often meant: --teaches) was taken
    # silently, and every duty of the class was charged to both, check saying nothing.
    added = run(school, "staff", "add", "--name", "张五", "--role", "班主任", "--leads", "7-1")
    assert (added.exit_code, added.stdout) == (0, "已添加教职工 张五(T003)\n")
    assert added.stderr == ("注意：七(1)班 已有班主任 王建国(T001)，这个班的每项职责都会同时记在"
                            "几位班主任名下；张五 如果是任课教师，请改用 --teaches\n")
    assert "leads: [七(1)班]" in (school / "staff.yaml").read_text(encoding="utf-8")
    line = (school / "staff.yaml").read_text(encoding="utf-8").splitlines().index(
        "    leads: [七(1)班]", 10) + 1
    checked = run(school, "check")
    assert checked.exit_code == 0, checked.output  # a warning: a class may have two
    assert (f"staff.yaml:{line}: 警告: 班级 七(1)班 有 2 位班主任：王建国(T001)、张五(T003)，"
            "每项职责都记在每一位名下；不是这样的，请改 staff.yaml 的 leads") in checked.stdout
    english = run(school, "--lang", "en", "check")
    assert (f"staff.yaml:{line}: warning: class 七(1)班 has 2 class teachers: 王建国 (T001), "
            "张五 (T003), and each of its duties is charged to every one of them; if that is "
            "not so, correct leads in staff.yaml") in english.stdout
    again = run(school, "--lang", "en", "staff", "add", "--name", "赵六", "--leads", "七(1)班")
    assert again.exit_code == 0
    assert again.stderr == ("Note: 七(1)班 already has a class teacher, 王建国 (T001), 张五 (T003): "
                            "each of its duties will be charged to every class teacher; if 赵六 "
                            "teaches it, use --teaches instead\n")
    # Leading another class, or teaching this one, says nothing.
    for args in (("--leads", "8-1"), ("--teaches", "7-1")):
        quiet = run(school, "staff", "add", "--name", "陈" + "甲乙"[args[0] == "--teaches"], *args)
        assert (quiet.exit_code, quiet.stderr) == (0, ""), args


def test_one_class_led_under_two_spellings_is_said(school: Path) -> None:
    # staff.yaml edited by hand: 王建国 leads 七(1)班, 张五 "七1". The duties go by the
    # spelling: 张五 is charged with no child of 七(1)班, and check said nothing.
    staff = school / "staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8") + "  - id: T003\n    name: 张五\n"
                     "    roles: [班主任]\n    leads: [七1]\n", encoding="utf-8")
    line = staff.read_text(encoding="utf-8").splitlines().index("    leads: [七1]") + 1
    checked = run(school, "check")
    assert (f"staff.yaml:{line}: 警告: staff.yaml 的 leads 把同一个班写成了几种写法：七(1)班、七1；"
            "职责按写法分开记，只有写法与学生档案一致的班主任会收到这个班的职责，请统一成一种写法"
            ) in checked.stdout
    assert "有 2 位班主任" not in checked.stdout  # not what the duties do


def test_a_class_written_twice_in_one_teachers_leads_is_one_class_teacher(
        school: Path) -> None:
    # 王建国's leads name 七(1)班 twice (a hand edit): still one class teacher, no warning.
    staff = school / "staff.yaml"
    text = staff.read_text(encoding="utf-8")
    assert text.count("leads: [七(1)班]") == 1
    staff.write_text(text.replace("leads: [七(1)班]", "leads: [七(1)班, 七(1)班]"),
                     encoding="utf-8")
    checked = run(school, "check")
    assert checked.exit_code == 0, checked.output
    assert "班主任" not in checked.stdout, checked.stdout


def test_staff_add_bad_phone_and_taken_id(school: Path) -> None:
    before = snapshot(school)
    bad = run(school, "staff", "add", "--name", "陈静", "--phone", "1351111")
    assert bad.exit_code == 1 and "电话“1351111”不是有效的电话号码" in bad.stderr
    taken = run(school, "staff", "add", "--name", "陈静", "--id", "T001")
    assert taken.exit_code == 1 and "教职工编号 T001 已存在" in taken.stderr
    role = run(school, "staff", "add", "--name", "陈静", "--role", "校长")
    assert role.exit_code == 1 and "职务 #1 的值“校长”无效" in role.stderr
    assert snapshot(school) == before


def test_read_only_commands_change_nothing(school: Path) -> None:
    before = snapshot(school)
    for args in (["check"], ["child", "list"], ["child", "show", "c0001"], ["staff", "list"],
                 ["child", "list", "--find", "zxm", "-f", "csv"]):
        assert run(school, *args).exit_code == 0, args
    assert snapshot(school) == before


def test_installed_command_help_and_version(school: Path) -> None:
    env = {**os.environ, "LIUSHOU_LANG": "en"}
    out = subprocess.run([sys.executable, "-m", "liushou_cli", "--help"], capture_output=True,
                         text=True, env=env, check=True).stdout
    assert "Records for a school's care programme" in out
    out = subprocess.run([sys.executable, "-m", "liushou_cli", "--version"],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("liushou ")
    zh = subprocess.run([sys.executable, "-m", "liushou_cli", "--data", str(school), "child",
                         "show", "nobody"], capture_output=True, text=True,
                        env={k: v for k, v in os.environ.items() if k != "LIUSHOU_LANG"})
    assert zh.returncode == 1 and zh.stderr.strip() == "找不到学生“nobody”"


@posix_modes_only
def test_new_folder_is_private_and_check_warns_when_open(tmp_path: Path) -> None:
    root = tmp_path / "new"
    assert run(None, "init", str(root), "--school", "城关中学").exit_code == 0
    assert root.stat().st_mode & 0o777 == 0o700
    assert (root / "children").stat().st_mode & 0o777 == 0o700
    assert "所有用户可读" not in run(root, "check").output
    root.chmod(0o755)
    result = run(root, "check")
    assert result.exit_code == 0 and "数据文件夹对本机所有用户可读" in result.output


def test_broken_staff_file_is_named_not_guessed(school: Path) -> None:
    (school / "staff.yaml").write_text("staff:\n  - id: T001\n    name: 王建国\n    phone: '123'\n",
                                       encoding="utf-8")
    before = snapshot(school)
    for args in (["child", "add", "--name", "甲", "--gender", "男", "--class", "7-1", "--type",
                  "其他", "--proxy", "王建国"],
                 ["talk", "add", "c0001", "x", "--by", "王建国"],
                 ["child", "show", "c0001"], ["staff", "list"]):
        result = run(school, *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("staff.yaml:4: 教职工 #1 电话“123”不是有效的电话号码"), (
            result.stderr)
    assert snapshot(school) == before


def test_term_add_keeps_the_comments_in_place(school: Path) -> None:
    result = run(school, "term", "add", "2023秋", "--start", "2023-09-01", "--end", "2024-01-19")
    assert result.exit_code == 0, result.output
    text = (school / "liushou.yaml").read_text(encoding="utf-8")
    assert ("    end: 2023-07-10\n  - name: 2023秋\n    start: 2023-09-01\n    end: 2024-01-19\n"
            "\n# 职责规则" in text)
    overlap = run(school, "term", "add", "2023冬", "--start", "2024-01-01", "--end", "2024-02-01")
    assert overlap.exit_code == 1 and "重叠" in overlap.stderr
    rows = rows_of(run(school, "term", "list", "-f", "json").stdout)
    assert [row["term"] for row in rows] == ["2022秋", "2023春", "2023秋"]


def test_staff_list_filters_name_what_they_could_be(school: Path) -> None:
    # A class or role no one could have was an empty list and exit 0: "nobody teaches it".
    wrong_class = run(school, "staff", "list", "--class", "7-9")
    assert (wrong_class.exit_code, wrong_class.stderr) == (
        2, "没有班级“7-9”；已有的班级：七(1)班\n")
    wrong_role = run(school, "staff", "list", "--role", "校长")
    assert wrong_role.exit_code == 2
    assert wrong_role.stderr == ("职务“校长”无效，应为：班主任、任课教师、代理家长、义务辅导员、档案管理员、"
                                 "领导小组组长、领导小组组员\n")
    english = rows_of(run(school, "--lang", "en", "staff", "list", "--role", "Proxy Parent",
                          "-f", "json").stdout)
    assert [row["id"] for row in english] == ["T002"]
    by_class = rows_of(run(school, "staff", "list", "--class", "7-1", "-f", "json").stdout)
    assert [row["id"] for row in by_class] == ["T001", "T002"]


def test_activity_list_names_the_kinds_for_one_mistyped(school: Path) -> None:
    done = run(school, "activity", "list", "--kind", "运动会")
    assert (done.exit_code, done.stderr) == (
        2, "活动类型“运动会”无效，应为：家长会、座谈会、主题班会、集体活动、亲情视频\n")
    assert run(school, "activity", "list", "--kind", "家长会").exit_code == 0
