"""The support system through the CLI: pairings with their history, the tutor limit, key
support, learning plans, individual plans (and what stays confidential), care, activities,
and bad input that writes nothing."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from .conftest import rows_of, run, snapshot, use_environment

CHILD = "children/c0001.yaml"
MORE_STAFF = """\
  - id: T003
    name: 赵敏
    roles: [任课教师]
    teaches: [七(1)班]
    subjects: [数学]
"""


def add_child(root: Path, child_id: str, name: str, klass: str = "七(1)班",
              extra: str = "") -> None:
    (root / "children" / f"{child_id}.yaml").write_text(
        f"id: {child_id}\nname: {name}\ngender: 女\nclass: {klass}\nleft_behind_type: 父亲外出\n"
        f"recorded_on: 2022-09-05\n{extra}", encoding="utf-8")


@pytest.fixture
def today_2022() -> None:
    """Run the commands as if today were 2022-11-20, inside the fixture's autumn term."""
    from datetime import date

    use_environment(today=date(2022, 11, 20))


@pytest.fixture
def more(school: Path) -> Path:
    """The fixture school with 赵敏 (no proxy-parent role) and three more children."""
    with (school / "staff.yaml").open("a", encoding="utf-8") as handle:
        handle.write(MORE_STAFF)
    add_child(school, "c0002", "李小红")
    add_child(school, "c0003", "王小丽")
    add_child(school, "c0004", "刘洋", "七(2)班")
    return school


def ok(root: Path, *args: str) -> str:
    result = run(root, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def text(root: Path, path: str = CHILD) -> str:
    return (root / path).read_text(encoding="utf-8")


# ---- pairings and their history --------------------------------------------------------------
@pytest.mark.usefixtures("today_2022")
def test_proxy_change_keeps_who_it_was_when(more: Path) -> None:
    refused = run(more, "assign", "proxy", "c0001", "赵敏", "--date", "2022-11-01")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == ("赵敏(T003)不是代理家长（staff.yaml 的 roles 中没有“代理家长”）；"
                                      "确需安排请加 --force")
    out = ok(more, "assign", "proxy", "c0001", "赵敏", "--date", "2022-11-01", "--force",
             "--by", "王建国")
    assert out.strip() == ("已结对：张小明(c0001)的代理家长为 赵敏(T003)，自 2022-11-01；"
                           "原代理家长 李芳 的结对于同日结束")
    record = text(more)
    assert "proxy_parent: T003\n" in record
    # The card's undated proxy parent became a dated pairing; the new one follows; the
    # timeline stays the file's last key.
    assert record.endswith(
        "pairings:\n"
        "  - role: 代理家长\n"
        "    staff: T002\n"
        "    date: 2022-09-05\n"
        "    ended: 2022-11-01\n"
        "    end_reason: 更换代理家长\n"
        "  - role: 代理家长\n"
        "    staff: T003\n"
        "    date: 2022-11-01\n"
        "    by: T001\n")
    rows = rows_of(ok(more, "assign", "list", "--history", "--role", "proxy", "-f", "json"))
    assert [(r["helper_name"], r["date"], r["ended"]) for r in rows] == [
        ("李芳", "2022-09-05", "2022-11-01"), ("赵敏", "2022-11-01", None)]
    # The overdue report names the proxy parent of the day it is computed for.
    before = rows_of(ok(more, "report", "--as-of", "2022-10-20", "--duty", "proxy-talk",
                           "-f", "json"))
    after = rows_of(ok(more, "report", "--as-of", "2022-11-20", "--duty", "proxy-talk",
                          "-f", "json"))
    assert [row["responsible_name"] for row in before] == ["李芳"]
    assert [row["responsible_name"] for row in after] == ["赵敏"]
    card = ok(more, "child", "show", "c0001")
    assert "此前的代理家长  李芳 2022-09-05 至 2022-11-01" in card
    assert "2022-11-01  结对 · 代理家长 赵敏" in card
    assert "2022-11-01  结对结束 · 代理家长 李芳：更换代理家长" in card
    assert run(more, "check").exit_code == 0


@pytest.mark.usefixtures("today_2022")
def test_ending_the_proxy_pairing_clears_the_card(school: Path) -> None:
    out = ok(school, "assign", "end", "c0001", "proxy", "--reason", "调往县城", "--date",
             "2022-11-10")
    assert out.strip() == "已结束：张小明(c0001)与 李芳 的代理家长结对，2022-11-10(调往县城)"
    record = text(school)
    assert "proxy_parent" not in record
    assert "    ended: 2022-11-10\n    end_reason: 调往县城\n" in record
    again = run(school, "assign", "end", "c0001", "proxy", "--reason", "x")
    assert again.exit_code == 1 and again.stderr.strip() == "张小明 目前没有代理家长"
    incomplete = rows_of(ok(school, "report", "--incomplete", "--as-of", "2022-11-20",
                               "-f", "json"))
    assert "no_proxy_parent" in [row["gap"] for row in incomplete]


@pytest.mark.usefixtures("today_2022")
def test_tutor_limit(more: Path) -> None:
    ok(more, "assign", "tutor", "c0001", "王建国", "--date", "2022-09-10")
    assert ok(more, "assign", "tutor", "c0002", "王建国", "--date", "2022-09-10").endswith(
        "王建国 现为 2 名学生的义务辅导员\n")
    before = snapshot(more)
    third = run(more, "assign", "tutor", "c0003", "王建国")
    assert third.exit_code == 1
    assert third.stderr.strip() == ("王建国 已是 2 名学生的义务辅导员（上限 2 名）：张小明(c0001)、"
                                    "李小红(c0002)；确需安排请加 --force")
    assert snapshot(more) == before
    assert ok(more, "assign", "tutor", "c0003", "王建国", "--force").endswith(
        "王建国 现为 3 名学生的义务辅导员\n")
    check = run(more, "check")
    assert "王建国 是 3 名学生的义务辅导员，超过上限 2 名" in check.stdout


@pytest.mark.usefixtures("today_2022")
def test_tutor_limit_is_set_in_liushou_yaml(more: Path) -> None:
    config = more / "liushou.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  tutor_limit: 2\n" in text  # liushou init writes the default, to be changed
    config.write_text(text.replace("  tutor_limit: 2\n", "  tutor_limit: 3\n"), encoding="utf-8")
    for child in ("c0001", "c0002", "c0003"):
        ok(more, "assign", "tutor", child, "T001")
    fourth = run(more, "assign", "tutor", "c0004", "T001")
    assert fourth.exit_code == 1 and "（上限 3 名）" in fourth.stderr


@pytest.mark.usefixtures("today_2022")
def test_buddy_and_key_support_history(school: Path) -> None:
    out = ok(school, "assign", "buddy", "c0001", "--name", "李明", "--class", "7-1", "--date",
             "2022-09-10")
    assert out.strip() == "已结对：张小明(c0001)的学习帮手为 李明(七(1)班)，自 2022-09-10"
    ok(school, "assign", "buddy", "c0001", "--name", "陈刚", "--class", "七(1)班")
    off = run(school, "child", "key-support", "c0001", "--off", "--reason", "父亲已返乡",
              "--date", "2022-11-18", "--by", "T001")
    assert off.exit_code == 0, off.output
    assert off.stdout.strip() == "已取消重点帮扶：张小明(c0001)，2022-11-18，父亲已返乡"
    assert "代理家长 李芳 的结对仍然有效" in off.stderr
    again = run(school, "child", "key-support", "c0001", "--off", "--reason", "x")
    assert again.exit_code == 1 and again.stderr.strip() == "张小明 不是重点帮扶对象"
    record = text(school)
    assert "key_support: false\n" in record
    assert ("key_support_history:\n"
            "  - date: 2022-11-18\n"
            "    key_support: false\n"
            "    reason: 父亲已返乡\n"
            "    by: T001\n") in record
    assert ("  - role: 学习帮手\n"
            "    buddy: 李明\n"
            "    buddy_class: 七(1)班\n"
            "    date: 2022-09-10\n"
            "    ended: 2022-11-20\n"
            "    end_reason: 更换学习帮手\n"
            "  - role: 学习帮手\n"
            "    buddy: 陈刚\n") in record


# ---- learning plans ------------------------------------------------------------------------------
@pytest.mark.usefixtures("today_2022")
def test_plan_add_check_and_progress_archive(more: Path) -> None:
    out = ok(more, "plan", "add", "c0001", "--subject", "数学", "--teacher", "赵敏", "--content",
             "每周二、四课后辅导", "--goal", "期中及格", "--goal", "期末70分", "--date", "2022-09-15")
    assert out.strip() == ("已制定：张小明(c0001)的数学学习帮扶计划，帮扶教师 赵敏，自 2022-09-15，"
                           "每 30 天检查一次")
    ok(more, "plan", "check", "c0001", "单元测验62分", "--by", "赵敏", "--date", "2022-10-10")
    empty = run(more, "plan", "check", "c0001", " ", "--by", "赵敏", "--date", "2022-10-11")
    assert (empty.exit_code, empty.stderr) == (1, "未保存：结果 不能为空\n")  # not "result"
    ok(more, "plan", "add", "c0001", "--subject", "英语", "--teacher", "李芳", "--every", "20",
       "--date", "2022-09-20")
    which = run(more, "plan", "check", "c0001", "x", "--by", "T002")
    assert which.exit_code == 1
    assert which.stderr.strip() == "张小明 有几项学习帮扶计划（数学、英语）：请用 --subject 指定"
    assert ("learning_plans:\n"
            "  - subject: 数学\n"
            "    teacher: T003\n"
            "    date: 2022-09-15\n"
            "    content: 每周二、四课后辅导\n"
            "    goals: [期中及格, 期末70分]\n"
            "    every: 30\n"
            "    checks:\n"
            "      - date: 2022-10-10\n"
            "        by: T003\n"
            "        result: 单元测验62分\n"
            "  - subject: 英语\n") in text(more)
    archive = ok(more, "plan", "show", "c0001")
    assert "学习帮扶计划 · 数学 · 赵敏" in archive
    assert re.search(r"2022-10-10 +赵敏：单元测验62分", archive)
    rows = rows_of(ok(more, "report", "--as-of", "2022-11-20", "--duty", "plan-check",
                         "-f", "json"))
    assert [(r["duty_name"], r["responsible_name"], r["last"], r["due"], r["days_overdue"])
            for r in rows] == [("学习帮扶检查（英语）", "李芳", None, "2022-10-10", 41),
                               ("学习帮扶检查（数学）", "赵敏", "2022-10-10", "2022-11-09", 11)]


# ---- individual education plans: confidential ----------------------------------------------------
SECRET = "期中后成绩大幅下降"
MEASURE = "每周一次个别谈话"


@pytest.mark.usefixtures("today_2022")
def test_individual_plan_content_shown_only_for_one_child_on_request(school: Path) -> None:
    assert ok(school, "iep", "flag", "c0001", "--concern", "学业严重下滑", "--note", SECRET,
              "--date", "2022-10-10", "--by", "T001").strip() == (
        "已记录：张小明(c0001)需要个别教育管理方案，请在 2022-10-24 前制定")
    overdue = rows_of(ok(school, "report", "--as-of", "2022-10-26", "--duty", "iep-plan",
                            "-f", "json"))
    assert [(r["responsible_name"], r["due"], r["days_overdue"]) for r in overdue] == [
        ("王建国", "2022-10-24", 2)]
    ok(school, "iep", "add", "c0001", "--teacher", "李芳", "--measure", MEASURE, "--review",
       "2022-11-30", "--review", "2022-11-15", "--date", "2022-10-20")
    assert "review_dates: [2022-11-15, 2022-11-30]\n" in text(school)
    lists = [ok(school, "iep", "list"), ok(school, "iep", "list", "-f", "json"),
             ok(school, "child", "show", "c0001"), ok(school, "child", "show", "c0001", "-f", "json"),
             ok(school, "child", "show", "c0001", "-f", "csv"),
             ok(school, "report", "--as-of", "2022-11-20", "--due-within", "60"),
             ok(school, "report", "--as-of", "2022-11-20", "-f", "json"),
             ok(school, "report", "--caseload", "--as-of", "2022-11-20")]
    for output in lists:
        assert SECRET not in output and MEASURE not in output and "学业严重下滑" not in output
    assert "执行中" in lists[0] and "2022-11-15" in lists[0]
    assert "个别教育：发现问题：内容保密" in lists[2]
    assert json.loads(lists[3])["individual_plans"][0]["confidential"] is True
    for output in (ok(school, "iep", "show", "c0001"),
                   ok(school, "child", "show", "c0001", "--sensitive"),
                   ok(school, "child", "show", "c0001", "--sensitive", "-f", "json")):
        assert SECRET in output and MEASURE in output
    review = rows_of(ok(school, "report", "--as-of", "2022-11-20", "--duty", "iep-review",
                           "-f", "json"))
    assert [(r["responsible_name"], r["due"], r["days_overdue"]) for r in review] == [
        ("李芳", "2022-11-15", 5)]
    ok(school, "iep", "review", "c0001", "有所好转", "--by", "李芳", "--date", "2022-11-16")
    assert rows_of(ok(school, "report", "--as-of", "2022-11-20", "--duty", "iep-review",
                         "-f", "json")) == []


# ---- care ------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("today_2022")
def test_care_follow_up_is_a_duty_until_recorded(school: Path) -> None:
    out = ok(school, "care", "add", "c0001", "发烧", "--treatment", "送镇卫生院", "--follow-up",
             "2022-10-12", "--follow-up-by", "李芳", "--date", "2022-10-08", "--by", "T001")
    assert out.strip() == "已记录：张小明(c0001)— 患病 2022-10-08；李芳 请在 2022-10-12 前跟进"
    ok(school, "care", "add", "c0001", "--kind", "生活补助", "--policy", "寄宿生生活补助",
       "--amount", "625", "--period", "2022秋", "--date", "2022-09-20", "--by", "T001")
    assert ("care:\n"
            "  - type: 患病\n"
            "    date: 2022-10-08\n"
            "    by: T001\n"
            "    what: 发烧\n"
            "    treatment: 送镇卫生院\n"
            "    follow_up_on: 2022-10-12\n"
            "    follow_up_by: T002\n"
            "  - type: 生活补助\n"
            "    date: 2022-09-20\n"
            "    by: T001\n"
            "    policy: 寄宿生生活补助\n"
            "    amount: 625\n"
            "    period: 2022秋\n") in text(school)
    rows = rows_of(ok(school, "report", "--as-of", "2022-10-14", "--duty", "care-follow-up",
                         "-f", "json"))
    assert [(r["duty_name"], r["responsible_name"], r["days_overdue"]) for r in rows] == [
        ("关爱跟进（患病）", "李芳", 2)]
    ok(school, "care", "done", "c0001", "已康复返校", "--date", "2022-10-13")
    assert rows_of(ok(school, "report", "--as-of", "2022-10-14", "--duty", "care-follow-up",
                         "-f", "json")) == []
    none_left = run(school, "care", "done", "c0001", "x")
    assert none_left.exit_code == 1 and none_left.stderr.strip() == "张小明 没有待跟进的关爱记录"


def test_a_follow_up_due_in_the_holiday_is_due_at_term_start(school: Path) -> None:
    # The fixture's winter holiday runs from 21 January to 19 February. A follow-up asked for
    # 30 January falls due on 20 February: not "due today" all through the holiday.
    use_environment(today=date(2023, 1, 10))
    ok(school, "care", "add", "c0001", "发烧", "--follow-up", "2023-01-30", "--follow-up-by", "李芳",
       "--date", "2023-01-10", "--by", "T001")

    def late(as_of: str, *lang: str) -> list[str]:
        out = ok(school, *lang, "report", "--as-of", as_of, "--duty", "care-follow-up",
                 "--due-within", "5")
        # The due date and how late, as the table's last two cells.
        return [" | ".join(re.split(r"\s{2,}", line.strip())[-2:])
                for line in out.splitlines() if "c0001" in line]

    assert late("2023-01-20") == ["2023-02-20 | 还剩 1 天"]  # the autumn term's last day
    assert late("2023-01-21") == ["2023-02-20 | 开学当天到期"]  # the holiday's first day
    assert late("2023-01-30") == ["2023-02-20 | 开学当天到期"]
    assert late("2023-02-19") == ["2023-02-20 | 开学当天到期"]  # its last day
    assert late("2023-01-30", "--lang", "en") == ["2023-02-20 | due at term start"]
    assert late("2023-02-20") == ["2023-02-20 | 今天到期"]  # the spring term's first day
    assert late("2023-02-21") == ["2023-02-20 | 逾期 1 天"]


# ---- activities --------------------------------------------------------------------------------------
def test_a_class_first_on_record_in_the_holiday_owes_no_meeting_for_the_term_before(
        school: Path) -> None:
    # 七(2)班's only child was recorded on 25 January, in the winter holiday (21 January to
    # 19 February): the autumn term's parent meeting was never 七(2)班's to hold.
    (school / "children" / "c0002.yaml").write_text(
        "id: c0002\nname: 李小红\ngender: 女\nclass: 七(2)班\nleft_behind_type: 父亲外出\n"
        "recorded_on: 2023-01-25\n", encoding="utf-8")

    def meetings(as_of: str) -> list[tuple[str, str, int]]:
        rows = rows_of(ok(school, "report", "--as-of", as_of, "--duty", "parent-meeting",
                          "--due-within", "200", "-f", "json"))
        return [(r["class"], r["due"], r["days_overdue"]) for r in rows]

    assert meetings("2023-01-25") == [("七(1)班", "2023-01-20", 1)]  # 七(2)班 had none
    assert meetings("2023-02-19") == [("七(1)班", "2023-01-20", 1)]
    assert meetings("2023-02-20") == [("七(1)班", "2023-07-10", -140),  # spring: both owe
                                      ("七(2)班", "2023-07-10", -140)]


@pytest.mark.usefixtures("today_2022")
def test_activities_in_their_own_files_and_their_duties(more: Path) -> None:
    before = rows_of(ok(more, "report", "--as-of", "2023-01-21", "--duty", "parent-meeting",
                           "-f", "json"))
    assert [(r["class"], r["name"], r["child_id"], r["responsible_name"]) for r in before] == [
        ("七(1)班", "（全班）", None, "王建国"), ("七(2)班", "（全班）", None, "")]
    out = ok(more, "activity", "add", "--kind", "家长会", "--title", "期中家长会", "--classes", "7-1",
             "--children", "all", "--guardians", "c0001,李小红", "--date", "2022-11-19", "--by", "T001")
    assert out.strip() == ("已记录：家长会“期中家长会”2022-11-19，七(1)班；学生 3 名，家长 2 名；"
                           "文件 activities/2022-11-19-parent-meeting.yaml")
    assert text(more, "activities/2022-11-19-parent-meeting.yaml") == (
        "date: 2022-11-19\nkind: 家长会\ntitle: 期中家长会\nclasses: [七(1)班]\nby: [T001]\n"
        "children: [c0001, c0002, c0003]\nguardians: [c0001, c0002]\n")
    ok(more, "activity", "add", "--kind", "家长会", "--title", "补开", "--classes", "七(1)班",
       "--date", "2022-11-19")
    assert (more / "activities" / "2022-11-19-parent-meeting-2.yaml").is_file()
    ok(more, "activity", "add", "--kind", "集体活动", "--title", "秋季运动会", "--classes", "all",
       "--children", "张小明", "--date", "2022-10-20")
    after = rows_of(ok(more, "report", "--as-of", "2023-01-21", "--duty", "parent-meeting",
                          "-f", "json"))
    assert [r["class"] for r in after] == ["七(2)班"]
    collective = rows_of(ok(more, "report", "--as-of", "2023-01-21", "--duty",
                               "collective-activity", "-f", "json"))
    assert [r["child_id"] for r in collective] == ["c0002", "c0003", "c0004"]
    listed = rows_of(ok(more, "activity", "list", "--child", "c0001", "-f", "json"))
    assert [(r["date"], r["kind"]) for r in listed] == [("2022-11-19", "家长会"),
                                                       ("2022-10-20", "集体活动")]
    card = ok(more, "child", "show", "c0001")
    assert "2022-11-19  家长会 · 期中家长会：家长到会" in card
    assert "2022-10-20  集体活动 · 秋季运动会" in card


# ---- bad input: one line, non-zero, nothing written ---------------------------------------------------
@pytest.mark.usefixtures("today_2022")
@pytest.mark.parametrize(("args", "code", "message"), [
    (["assign", "proxy", "李雷", "T002"], 1, "找不到学生“李雷”\n"),
    (["assign", "tutor", "c0001", "赵老师"], 1, "找不到教职工“赵老师”\n"),
    (["assign", "buddy", "c0001", "--name", "李明", "--class", "七(1)班", "--date", "2022-11-31"],
     2, "--date“2022-11-31”不是有效日期（例如 2022-09-01）\n"),
    (["assign", "tutor", "c0001", "T001", "--date", "2022-11-21"], 1, "日期 2022-11-21 在今天之后，不能记录未来的事\n"),
    (["assign", "tutor", "c0001", "T001", "--date", "2022-09-01"], 1, "日期 2022-09-01 早于该生建档日期 2022-09-05\n"),
    (["assign", "proxy", "c0001", "李芳"], 1, "李芳 已是 张小明 的代理家长\n"),
    (["assign", "end", "c0001", "mentor", "--reason", "x"], 2,
     "结对类型“mentor”无效，应为：proxy（代理家长）、tutor（义务辅导员）、buddy（学习帮手）\n"),
    # The child as its own buddy (same name, same class, spelt either way).
    (["assign", "buddy", "c0001", "--name", "张小明", "--class", "7-1"], 1,
     "张小明 不能做自己的学习帮手：请写同班另一名同学\n"),
    (["assign", "buddy", "c0001", "--name", " ", "--class", "七(1)班"], 1,
     "学习帮手要写姓名（--name）和班级（--class）\n"),
    # A buddy's class no child and no teacher has: a typo, stored as 七(9)班 if taken.
    (["assign", "buddy", "c0001", "--name", "李明", "--class", "7-9"], 2,
     "没有班级“7-9”；已有的班级：七(1)班\n"),
    (["child", "key-support", "c0001", "--reason", "x"], 1, "张小明 已是重点帮扶对象\n"),
    (["child", "key-support", "c0001", "--off", "--reason", " "], 1, "请用 --reason 写明原因\n"),
    (["plan", "add", "c0001", "--subject", "", "--teacher", "T001"], 1, "未保存：学科 不能为空\n"),
    (["plan", "check", "c0001", "x", "--by", "T001"], 1, "张小明 没有进行中的学习帮扶计划；先运行 liushou plan add\n"),
    (["iep", "flag", "c0001", "--concern", "早恋"], 1,
     "未保存：问题类型 #1 的值“早恋”无效，应为：学业严重下滑、性格行为问题、品德问题、疑似违法\n"),
    (["iep", "add", "c0001", "--teacher", "T001", "--measure", "x", "--review", "2022-12-01"], 1,
     "张小明 没有待处理的个别教育情况；先运行 liushou iep flag\n"),
    (["care", "add", "c0001", "--by", "T001"], 1, "未保存：缺少必填字段 情况\n"),
    (["care", "add", "c0001", "x", "--kind", "住院", "--by", "T001"], 2,
     "关爱类型“住院”无效，应为：患病、生活补助、其他帮扶\n"),
    (["care", "add", "c0001", "x", "--by", "T001", "--date", "2022-10-08", "--follow-up",
      "2022-10-01"], 1, "未保存：跟进日期 2022-10-01 早于 2022-10-08\n"),
    # A class no child and no teacher has: a typo, counted for no class's duty if taken.
    (["activity", "add", "--kind", "家长会", "--title", "x", "--classes", "十(1)班", "--by", "T001"],
     2, "没有班级“十(1)班”；已有的班级：七(1)班\n"),
    # A kind that is none is the command line's fault, as activity list and visit add say.
    (["activity", "add", "--kind", "运动会", "--title", "x", "--classes", "七(1)班"], 2,
     "活动类型“运动会”无效，应为：家长会、座谈会、主题班会、集体活动、亲情视频\n"),
    (["activity", "add", "--kind", "家长会", "--title", "x", "--classes", "七(1)班", "--children",
      "李雷"], 1, "找不到学生“李雷”\n"),
    (["activity", "add", "--kind", "家长会", "--title", "", "--classes", "七(1)班"], 1,
     "未保存：主题 不能为空\n"),
    (["activity", "add", "--kind", "家长会", "--title", "x", "--classes", "七(1)班", "--date",
      "2023-01-01"], 1, "日期 2023-01-01 在今天之后，不能记录未来的事\n"),
])
def test_bad_input_writes_nothing(school: Path, args: list[str], code: int, message: str) -> None:
    before = snapshot(school)
    result = run(school, *args)
    assert result.exit_code == code, result.output
    assert result.stderr == message
    assert snapshot(school) == before


# ---- check ---------------------------------------------------------------------------------------------
def test_check_sees_the_support_records(school: Path) -> None:
    with (school / CHILD).open("a", encoding="utf-8") as handle:
        handle.write("key_support_history:\n"
                     "  - {date: 2022-09-09, key_support: false, reason: 已返乡}\n"
                     "pairings:\n"
                     "  - {role: 代理家长, staff: T009, date: 2022-09-09}\n"
                     "learning_plans:\n"
                     "  - {subject: 数学, teacher: T008, date: 2022-09-15}\n")
    (school / "activities").mkdir()
    (school / "activities" / "2022-10-20-collective.yaml").write_text(
        "date: 2022-10-20\nkind: 集体活动\ntitle: 运动会\nclasses: [七(1)班]\nby: [T007]\n"
        "children: [c0001, c0099]\n", encoding="utf-8")
    (school / "activities" / "2022-10-21-forum.yaml").write_text(
        "date: 2022-10-21\nkind: 茶话会\ntitle: x\nclasses: [七(1)班]\n", encoding="utf-8")
    result = run(school, "check")
    assert result.exit_code == 1
    out = result.stdout
    assert "children/c0001.yaml:27: 警告: 重点帮扶写的是“是”，与重点帮扶记录的最后一条不一致" in out
    assert "children/c0001.yaml:28: 警告: 代理家长 T002 与有效的代理家长结对（T009）不一致" in out
    assert "children/c0001.yaml:34: 错误: 帮扶教师 T009 不在教职工名单 staff.yaml 中" in out
    assert "children/c0001.yaml:36: 错误: 帮扶教师 T008 不在教职工名单 staff.yaml 中" in out
    assert "activities/2022-10-20-collective.yaml:6: 警告: 参加学生中的 c0099 不在 children/ 中" in out
    assert "activities/2022-10-20-collective.yaml:5: 错误: 记录人 T007 不在教职工名单 staff.yaml 中" in out
    assert "activities/2022-10-21-forum.yaml:2: 错误: 类型 的值“茶话会”无效" in out


@pytest.mark.usefixtures("today_2022")
def test_caseload_of_one_class(more: Path) -> None:
    ok(more, "assign", "tutor", "c0004", "赵敏", "--date", "2022-09-15")
    rows = rows_of(ok(more, "report", "--caseload", "--as-of", "2022-11-20", "--class", "7-2",
                         "-f", "json"))
    assert [(r["name"], r["children"], r["tutor"]) for r in rows] == [("赵敏", 1, 1),
                                                                      ("（未指定负责人）", 0, 0)]


@pytest.mark.usefixtures("today_2022")
def test_a_buddy_of_the_childs_name_in_another_class_is_a_classmate_elsewhere(
        more: Path) -> None:
    done = run(more, "assign", "buddy", "c0001", "--name", "张小明", "--class", "七(2)班")
    assert done.exit_code == 0, done.output


@pytest.mark.usefixtures("today_2022")
def test_the_same_care_record_is_not_added_twice(school: Path) -> None:
    # Alike in kind, day and what, two records are one to a merge: after two teachers each
    # followed one up and synced, the file held three, one still owing its follow-up.
    care = ("care", "add", "c0001", "发烧", "--date", "2022-11-10", "--follow-up", "2022-11-20",
            "--by", "T001")
    assert run(school, *care).exit_code == 0
    before = snapshot(school)
    again = run(school, *care)
    assert (again.exit_code, again.stderr) == (
        1, "已有一条相同的关爱记录（患病 2022-11-10 发烧）：未重复添加\n")
    assert snapshot(school) == before
    for other in (("发烧", "--date", "2022-11-11"), ("咳嗽", "--date", "2022-11-10"),
                  ("发烧", "--date", "2022-11-10", "--kind", "其他帮扶")):
        done = run(school, "care", "add", "c0001", *other, "--by", "T001")
        assert done.exit_code == 0, (other, done.output)


@pytest.mark.usefixtures("today_2022")
@pytest.mark.parametrize("word", ["all", "全部"])
def test_all_children_is_refused_while_a_child_file_cannot_be_read(more: Path, word: str) -> None:
    # c0003 broken by hand: "all" would leave her out of the activity for good.
    broken = more / "children" / "c0003.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "gender: 男\n", encoding="utf-8")
    before = snapshot(more)
    result = run(more, "activity", "add", "--kind", "集体活动", "--title", "秋季运动会",
                 "--classes", "7-1", "--children", word, "--date", "2022-10-20")
    assert result.exit_code == 1
    assert result.stderr == (
        f"不能用“{word}”：有 1 个学生档案读不出（children/c0003.yaml），不知道其中是否有这些班的"
        "学生；先改正（liushou check 会指出哪里不对），或者逐个写出参加的学生\n")
    assert snapshot(more) == before
    named = run(more, "activity", "add", "--kind", "集体活动", "--title", "秋季运动会",
                "--classes", "7-1", "--children", "c0001,c0002", "--date", "2022-10-20")
    assert named.exit_code == 0, named.output


@pytest.mark.usefixtures("today_2022")
def test_a_pairing_may_not_begin_inside_an_ended_one(more: Path) -> None:
    # 李芳 09-05..11-01, 赵敏 11-01..11-10: a proxy parent backdated into October would make
    # two for one month, and 李芳's talks there would no longer count.
    ok(more, "assign", "proxy", "c0001", "赵敏", "--date", "2022-11-01", "--force")
    ok(more, "assign", "end", "c0001", "proxy", "--reason", "调走", "--date", "2022-11-10")
    before = snapshot(more)
    early = run(more, "assign", "proxy", "c0001", "赵敏", "--date", "2022-10-01", "--force")
    assert (early.exit_code, early.stderr) == (1, (
        "代理家长不能从 2022-10-01 起：李芳 的代理家长安排从 2022-09-05 到 2022-11-01，同一时间"
        "只能有一位；新的安排最早从 2022-11-01 起\n"))
    late = run(more, "assign", "proxy", "c0001", "李芳", "--date", "2022-11-09")
    assert late.exit_code == 1 and "赵敏 的代理家长安排从 2022-11-01 到 2022-11-10" in late.stderr
    buddy = run(more, "assign", "buddy", "c0001", "--name", "李小红", "--class", "七(1)班",
                "--date", "2022-10-01")
    assert buddy.exit_code == 0, buddy.output  # no buddy before: nothing to overlap
    ok(more, "assign", "end", "c0001", "buddy", "--reason", "换座位", "--date", "2022-10-20")
    again = run(more, "assign", "buddy", "c0001", "--name", "王小丽", "--class", "七(1)班",
                "--date", "2022-10-19")
    assert again.exit_code == 1 and "李小红 的学习帮手安排从 2022-10-01 到 2022-10-20" in (
        again.stderr)
    assert snapshot(more) != before  # the buddy's pairing only
    on_the_day = run(more, "assign", "proxy", "c0001", "李芳", "--date", "2022-11-10")
    assert on_the_day.exit_code == 0, on_the_day.output


@pytest.mark.usefixtures("today_2022")
def test_plans_and_cases_refuse_dates_that_contradict_what_is_recorded(more: Path) -> None:
    def refused(args: tuple[str, ...], said: str) -> None:
        before = snapshot(more)
        done = run(more, *args)
        assert (done.exit_code, done.stderr) == (1, said + "\n"), done.output
        assert snapshot(more) == before

    ok(more, "iep", "flag", "c0001", "--concern", "学业严重下滑", "--date", "2022-10-10")
    # A review date twice could never be met: overdue for ever.
    refused(("iep", "add", "c0001", "--teacher", "T001", "--measure", "谈话", "--review",
             "2022-11-14", "--review", "2022-11-14", "--date", "2022-10-17"),
            "复查日期 2022-11-14 写了两次：每个复查日期只写一次")
    ok(more, "iep", "add", "c0001", "--teacher", "T001", "--measure", "谈话", "--review",
       "2022-11-14", "--date", "2022-10-17")
    ok(more, "iep", "review", "c0001", "有进步", "--date", "2022-11-15", "--by", "T001")
    refused(("iep", "close", "c0001", "--reason", "好转", "--date", "2022-11-14"),
            "结束日期 2022-11-14 早于最后一次记录（2022-11-15）：请核对日期")
    ok(more, "iep", "close", "c0001", "--reason", "好转", "--date", "2022-11-15")
    refused(("iep", "flag", "c0001", "--concern", "性格行为问题", "--date", "2022-11-14"),
            "不能在 2022-11-14 发现问题：那天在上一个个案（2022-10-10 至 2022-11-15）之内；请核对日期")
    ok(more, "iep", "flag", "c0001", "--concern", "性格行为问题", "--date", "2022-11-15")
    ok(more, "plan", "add", "c0001", "--subject", "英语", "--teacher", "T001",
       "--date", "2022-09-19")
    ok(more, "plan", "check", "c0001", "及格", "--date", "2022-10-17", "--by", "T001")
    refused(("plan", "end", "c0001", "--reason", "完成", "--date", "2022-10-16"),
            "结束日期 2022-10-16 早于最后一次记录（2022-10-17）：请核对日期")
    ok(more, "plan", "end", "c0001", "--reason", "完成", "--date", "2022-10-20")
    refused(("plan", "add", "c0001", "--subject", "英语", "--teacher", "T001",
             "--date", "2022-10-19"),
            "英语的帮扶计划不能从 2022-10-19 起：上一份从 2022-09-19 到 2022-10-20，同一学科同一"
            "时间只能有一份；最早从 2022-10-20 起")
    ok(more, "plan", "add", "c0001", "--subject", "英语", "--teacher", "T001",
       "--date", "2022-10-20")


@pytest.mark.usefixtures("today_2022")
def test_refusals_point_at_the_input_not_at_a_file_that_is_not_there(more: Path) -> None:
    before = snapshot(more)
    titled = run(more, "activity", "add", "--kind", "集体活动", "--title", "标题\n第二行",
                 "--classes", "7-1", "--date", "2022-10-20")
    assert (titled.exit_code, titled.stderr) == (
        1, "未保存：主题 含有控制字符 \\x0a（终端颜色代码、NUL、姓名中的换行等），请删除后再输入\n")
    ended = run(more, "assign", "end", "c0001", "proxy", "--reason", " ", "--date", "2022-11-01")
    assert (ended.exit_code, ended.stderr) == (1, "请用 --reason 写明原因\n")
    subject = run(more, "plan", "add", "c0001", "--subject", "化学\n生物", "--teacher", "T001",
                  "--date", "2022-09-20")
    assert subject.exit_code == 1 and "学科 含有控制字符 \\x0a" in subject.stderr
    tabbed = run(more, "plan", "add", "c0001", "--subject", "数学\tx", "--teacher", "T001",
                 "--date", "2022-09-20")
    assert tabbed.exit_code == 1 and "学科 含有控制字符 \\x09" in tabbed.stderr
    assert snapshot(more) == before


@pytest.mark.usefixtures("today_2022")
def test_an_activity_names_only_children_who_could_have_taken_part(more: Path) -> None:
    add_child(more, "c0009", "赵小六", klass="七(2)班")  # recorded on 2022-09-05
    ok(more, "child", "archive", "c0002", "--reason", "转学", "--date", "2022-10-08")
    before = snapshot(more)
    for children, day, said in (
            ("c0002", "2022-11-01", "李小红(c0002) 在 2022-11-01 不在册（那天已离校，或还没建档），"
                                    "不能算作参加了这次活动"),
            ("c0001", "2022-09-01", "张小明(c0001) 在 2022-09-01 不在册（那天已离校，或还没建档），"
                                    "不能算作参加了这次活动"),
            ("c0009", "2022-11-01", "赵小六(c0009) 是七(2)班的学生，不在这次活动的班级里；如果这个班"
                                    "也参加了，请把它加进 --classes")):
        done = run(more, "activity", "add", "--kind", "集体活动", "--title", "冬季长跑",
                   "--classes", "7-1", "--children", children, "--date", day)
        assert (done.exit_code, done.stderr) == (1, said + "\n")
    assert snapshot(more) == before
    ok(more, "activity", "add", "--kind", "集体活动", "--title", "冬季长跑", "--classes",
       "7-1,7-2", "--children", "c0001,c0009,c0002", "--date", "2022-10-07")


@pytest.mark.usefixtures("today_2022")
def test_plan_list_all_shows_which_plans_ended(more: Path) -> None:
    ok(more, "plan", "add", "c0001", "--subject", "英语", "--teacher", "T001", "--date", "2022-09-19")
    ok(more, "plan", "end", "c0001", "--reason", "完成", "--date", "2022-10-20")
    ok(more, "plan", "add", "c0001", "--subject", "英语", "--teacher", "T001", "--date", "2022-10-20")
    table = ok(more, "plan", "list", "--all", "--child", "c0001")
    assert "结束日期" in table
    lines = [line for line in table.splitlines() if "英语" in line]
    # the ended plan's last cell is its end; the open one's is empty
    assert len(lines) == 2
    assert lines[0].rstrip(" │").endswith("2022-10-20") and not lines[1].rstrip(" │").endswith(
        "2022-10-20")
    assert "结束日期" not in ok(more, "plan", "list", "--child", "c0001")  # open plans only
    narrow = run(more, "plan", "list", "--all", "--child", "c0001", width=80)
    assert "结束日期" in narrow.stdout  # at 80 columns the interval gives way, not the end


@pytest.mark.usefixtures("today_2022")
def test_a_key_support_duty_is_owed_from_the_day_the_child_became_one(more: Path) -> None:
    # 李小红 made key support, with 李芳 her proxy parent, on 10-20: the half-month talk is owed
    # from then, not from the term's first day (three half-months charged to 李芳 before).
    ok(more, "child", "key-support", "c0002", "--reason", "父母离异", "--date", "2022-10-20",
       "--by", "T001")
    ok(more, "assign", "proxy", "c0002", "李芳", "--date", "2022-10-20", "--by", "T001")

    def proxy_rows(day: str) -> list[tuple[str, int, int]]:
        rows = rows_of(ok(more, "report", "--as-of", day, "--duty", "proxy-talk",
                          "--due-within", "30", "-f", "json"))
        return [(r["due"], r["days_overdue"], r["missed"]) for r in rows if r["child_id"] == "c0002"]

    assert proxy_rows("2022-10-19") == []  # not yet key support
    assert [due for due, _, _ in proxy_rows("2022-10-20")] == ["2022-10-31"]  # from that day
    assert proxy_rows("2022-10-21") == [("2022-10-31", -10, 0)]
    ok(more, "child", "key-support", "c0002", "--off", "--reason", "情况好转", "--date",
       "2022-11-10", "--by", "T001")
    assert proxy_rows("2022-10-21") == [("2022-10-31", -10, 0)]  # a look back: still owed then
    assert proxy_rows("2022-11-15") == []  # no longer
    ok(more, "child", "key-support", "c0002", "--reason", "又出现情况", "--date", "2022-11-20",
       "--by", "T001")
    assert proxy_rows("2022-10-21") == [("2022-10-31", -10, 0)]  # a later mark changes not then


@pytest.mark.usefixtures("today_2022")
def test_a_key_support_change_dated_before_the_last_one_is_refused(school: Path) -> None:
    # Unmarked on 11-10, marked again "on 11-09": the history would run backwards, the card
    # would say yes while the history's last word (by date) is no, and check would warn of
    # what the command itself wrote.
    ok(school, "child", "key-support", "c0001", "--off", "--reason", "父亲已返乡", "--date",
       "2022-11-10", "--by", "T001")
    before = snapshot(school)
    again = run(school, "child", "key-support", "c0001", "--reason", "又出现情况", "--date",
                "2022-11-09", "--by", "T001")
    assert again.exit_code == 1, again.output
    assert again.stderr == "日期 2022-11-09 早于该生上一次重点帮扶变动（2022-11-10）：请核对日期\n"
    assert snapshot(school) == before
    english = run(school, "--lang", "en", "child", "key-support", "c0001", "--reason", "x",
                  "--date", "2022-11-09")
    assert english.exit_code == 1
    assert english.stderr == ("the date 2022-11-09 is before the child's last change of key "
                              "support (2022-11-10): check the date\n")
    assert snapshot(school) == before
    ok(school, "child", "key-support", "c0001", "--reason", "又出现情况", "--date", "2022-11-11",
       "--by", "T001")
    assert "重点帮扶" not in ok(school, "check")


@pytest.mark.usefixtures("today_2022")
def test_a_key_support_change_undone_the_same_day_leaves_check_quiet(school: Path) -> None:
    # Marked off by mistake and back on the same day: the last change of that day is what
    # holds, for the reports (duties.rules.key_support_on) and for check alike.
    ok(school, "child", "key-support", "c0001", "--off", "--reason", "弄错了", "--date",
       "2022-11-10", "--by", "T001")
    ok(school, "child", "key-support", "c0001", "--reason", "改正", "--date", "2022-11-10",
       "--by", "T001")
    assert "key_support: true\n" in text(school)
    assert "重点帮扶" not in ok(school, "check")
    rows = rows_of(ok(school, "report", "--incomplete", "--as-of", "2022-11-10", "-f", "json"))
    assert "no_proxy_parent" not in [row["gap"] for row in rows if row["child_id"] == "c0001"]


@pytest.mark.usefixtures("today_2022")
def test_a_plan_check_on_the_day_asked_about_counts_that_day(more: Path) -> None:
    ok(more, "plan", "add", "c0002", "--subject", "英语", "--teacher", "T001", "--every", "10",
       "--date", "2022-09-19")
    ok(more, "plan", "check", "c0002", "及格", "--date", "2022-11-20", "--by", "T001")
    rows = rows_of(ok(more, "report", "--as-of", "2022-11-20", "--duty", "plan-check",
                      "--due-within", "30", "-f", "json"))
    [row] = [r for r in rows if r["child_id"] == "c0002"]
    assert (row["last"], row["days_overdue"]) == ("2022-11-20", -10)  # counted from today's


@pytest.mark.usefixtures("today_2022")
def test_a_review_date_before_the_plan_is_named_as_one_date(school: Path) -> None:
    # "Review dates 2022-11-05 is before 2022-11-12": the field's plural label for one date,
    # and no word of what it is before.
    ok(school, "iep", "flag", "c0001", "--concern", "学业严重下滑", "--date", "2022-11-01")
    args = ("iep", "add", "c0001", "--teacher", "T001", "--measure", "谈话", "--review",
            "2022-11-30", "--review", "2022-11-05", "--date", "2022-11-12")
    before = snapshot(school)
    zh = run(school, *args)
    assert (zh.exit_code, zh.stderr) == (1, "未保存：复查日期 2022-11-05 早于方案日期 2022-11-12\n")
    en = run(school, "--lang", "en", *args)
    assert (en.exit_code, en.stderr) == (
        1, "Nothing saved: review date 2022-11-05 is before the plan's date, 2022-11-12\n")
    assert snapshot(school) == before
    # In a file, at the line of that date.
    add_child(school, "c0002", "李小红", extra="individual_plans:\n"
                                              "  - flagged: 2022-11-01\n"
                                              "    concerns: [学业严重下滑]\n"
                                              "    plan:\n"
                                              "      date: 2022-11-12\n"
                                              "      teacher: T001\n"
                                              "      measures: [谈话]\n"
                                              "      review_dates:\n"
                                              "        - 2022-11-30\n"
                                              "        - 2022-11-05\n")
    line = text(school, "children/c0002.yaml").splitlines().index("        - 2022-11-05") + 1
    checked = run(school, "--lang", "en", "check")
    assert (f"children/c0002.yaml:{line}: error: review date 2022-11-05 is before the plan's "
            "date, 2022-11-12") in checked.stdout
