"""Incidents (docs/incidents.md): recorded to the minute in China time, their steps timed in
hours on the wall clock (holidays and midnight do not pause them), first in the overdue
report on every format, restricted everywhere else, refused with one located line when
wrong, and followed through into the ordinary support duties."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from liushou_cli.core.environment import Environment
from liushou_cli.core.incidents import DEFAULT_KINDS, china_now, hours_late, kinds_of, parse_moment
from liushou_cli.core.model import Child
from liushou_cli.core.validators import ValidationDay
from liushou_cli.store.yamlio import parse_mapping
from tests.conftest import rows_of, run, snapshot

CHILD = "children/c0001.yaml"


def child_of(root: Path) -> Child:
    data = parse_mapping((root / CHILD).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return Child.model_validate(data, context=ValidationDay(date(2023, 7, 1)))


def flat(text: str) -> str:
    """A card's text without its frame and line breaks, to find what it says."""
    return re.sub(r"[\s│╭╮╰╯─]", "", text)


def ok(root: Path, *args: str, **env: object) -> str:
    result = run(root, *args, **env)
    assert result.exit_code == 0, result.output
    return result.stdout


def add(root: Path, at: str = "2022-11-20 14:30", kind: str = "疑似遭受侵害",
        **env: object) -> str:
    return ok(root, "incident", "add", "c0001", "--kind", kind, "--at", at, "--seen",
              "手臂有淤青", "--action", "安抚并留在学校", "--by", "王建国", **env)


def refused(root: Path, *args: str, **env: object) -> str:
    """A command that must fail with one line and write nothing; that line."""
    before = snapshot(root)
    result = run(root, *args, **env)
    assert result.exit_code != 0, result.output
    assert snapshot(root) == before
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def overdue(root: Path, as_of: str, *args: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = rows_of(ok(root, "report", "--overdue", "--as-of", as_of,
                                                "-f", "json", *args))
    return rows


def incident_rows(root: Path, as_of: str, *args: str) -> list[tuple[object, ...]]:
    return [(row["duty_name"], row["due"], row["hours_overdue"])
            for row in overdue(root, as_of, *args) if row["duty"] == "incident"]


# ---- recording ------------------------------------------------------------------------------
def test_an_incident_is_kept_in_the_childs_file_with_its_follow_through(school: Path) -> None:
    out = add(school)
    assert "c0001-202211201430" in out and "报告公安：2 小时内" in out
    child = child_of(school)
    [incident] = child.incidents
    assert (incident.id, incident.kind, incident.at, incident.by, incident.found_by) == (
        "c0001-202211201430", "疑似遭受侵害", datetime(2022, 11, 20, 14, 30), "T001", "T001")
    text = (school / CHILD).read_text(encoding="utf-8")
    assert "at: 2022-11-20 14:30\n" in text  # as typed: China time, to the minute
    # The follow-through: a care record whose follow-up the ordinary duties then watch; it
    # says nothing of what happened.
    [care] = child.care
    assert (care.type, care.date, care.follow_up_on) == ("其他帮扶", date(2022, 11, 20),
                                                         date(2022, 12, 4))
    assert "淤青" not in care.model_dump_json() and "侵害" not in care.model_dump_json()


def test_a_kind_that_makes_key_support_marks_the_child_with_its_history(school: Path) -> None:
    ok(school, "child", "key-support", "c0001", "--off", "--reason", "情况好转", "--date",
       "2022-11-01", "--by", "T001")
    add(school, kind="无人监护")
    child = child_of(school)
    assert child.key_support
    assert [(h.date, h.key_support, h.reason) for h in child.key_support_history][-1] == (
        date(2022, 11, 20), True, "需要持续关注，列为重点帮扶")


def test_an_incident_recorded_late_marks_key_support_after_the_last_change(school: Path) -> None:
    # Unmarked on 11-10, then an incident of 11-05 recorded: the mark went into the history
    # dated 11-05, after the 11-10 entry, so the history's last change by date said no
    # while the card said yes, and check warned of what the command had just written.
    ok(school, "child", "key-support", "c0001", "--off", "--reason", "情况好转", "--date",
       "2022-11-10", "--by", "T001")
    add(school, at="2022-11-05 10:00", kind="无人监护")
    child = child_of(school)
    assert child.key_support
    assert [(h.date, h.key_support) for h in child.key_support_history] == [
        (date(2022, 11, 10), False), (date(2022, 11, 10), True)]
    assert "重点帮扶" not in ok(school, "check")


def test_steps_closing_and_the_outcome(school: Path) -> None:
    add(school)
    ok(school, "incident", "step", "c0001", "--done", "报告校长", "--at", "2022-11-20 14:40",
       "--by", "T001")
    ok(school, "incident", "step", "c0001-202211201430", "--done", "报告公安", "--at",
       "2022-11-20 15:10", "--note", "派出所已出警")
    [incident] = child_of(school).incidents
    assert [(s.step, s.done_at, s.note) for s in incident.steps] == [
        ("报告校长", datetime(2022, 11, 20, 14, 40), None),
        ("报告公安", datetime(2022, 11, 20, 15, 10), "派出所已出警")]
    assert "处理结果" in refused(school, "incident", "close", "c0001", "--outcome", "  ",
                              "--at", "2022-11-25 10:00")
    ok(school, "incident", "close", "c0001", "--outcome", "监护人已到位,转入日常帮扶", "--at",
       "2022-11-25 10:00", today=date(2022, 11, 25))
    [incident] = child_of(school).incidents
    assert (incident.closed_at, incident.outcome) == (datetime(2022, 11, 25, 10, 0),
                                                       "监护人已到位,转入日常帮扶")
    assert "已于 2022-11-25 10:00 结案" in refused(
        school, "incident", "step", "c0001-202211201430", "--done", "复查", "--at",
        "2022-11-25 11:00", today=date(2022, 11, 25))


@pytest.mark.parametrize(("at", "closed"), [("2022-11-20 15:09", False),
                                             ("2022-11-20 15:10", True)])
def test_an_incident_is_not_closed_before_its_last_step(school: Path, at: str,
                                                        closed: bool) -> None:
    # Closed at 15:09 after a step taken at 15:10: the record said the case ended before
    # it was followed through, and check was silent.
    add(school)
    ok(school, "incident", "step", "c0001", "--done", "报告校长", "--at", "2022-11-20 15:10",
       "--by", "T001")
    args = ("incident", "close", "c0001", "--outcome", "已处理", "--at", at)
    if closed:
        ok(school, *args)
        return
    # Said of the time typed, as a step before the incident is: no file and line, which
    # were those of the text the command was about to write, not of the file on disk.
    assert refused(school, *args) == (f"结案时间 {at} 早于已记录的最后一个步骤"
                                      "（报告校长，2022-11-20 15:10）")
    assert refused(school, "--lang", "en", *args) == (
        f"the closing time {at} is before the last step recorded (报告校长 (tell the "
        "principal), 2022-11-20 15:10)")


# ---- validation: one Chinese line, nothing written ------------------------------------------------
def test_wrong_input_is_one_line_and_writes_nothing(school: Path) -> None:
    base = ("incident", "add", "c0001", "--seen", "独自在家", "--action", "送到大伯家", "--by", "T001")
    assert "没有“走丢”这类紧急事件" in refused(school, *base, "--kind", "走丢", "--at",
                                         "2022-11-20 14:30")
    assert "要写日期和时间" in refused(school, *base, "--kind", "无人监护", "--at", "14:30")
    assert "要写日期和时间" in refused(school, *base, "--kind", "无人监护", "--at", "2022-11-20")
    # The clock of a test that gives only a day is that day's last minute.
    assert "晚于现在" in refused(school, *base, "--kind", "无人监护", "--at", "2022-11-21 00:00")
    assert "晚于现在" in refused(school, *base, "--kind", "无人监护", "--at", "2022-11-20 15:00",
                             now=datetime(2022, 11, 20, 14, 59))
    add(school)
    step = ("incident", "step", "c0001", "--done")
    assert "早于事件发生的时间 2022-11-20 14:30" in refused(school, *step, "报告校长", "--at",
                                                      "2022-11-20 14:29")
    assert "不是“疑似遭受侵害”的处理步骤" in refused(school, *step, "家访", "--at",
                                             "2022-11-20 16:00")
    ok(school, *step, "报告校长", "--at", "2022-11-20 14:45")
    assert "已经记录过了" in refused(school, *step, "报告校长", "--at", "2022-11-20 14:50")
    assert "已经记录过了" in refused(school, "incident", "add", "c0001", "--kind", "疑似遭受侵害",
                                 "--at", "2022-11-20 14:30", "--seen", "x", "--action", "y",
                                 "--by", "T001")


def test_a_hand_edited_incident_is_named_at_its_file_and_line(school: Path) -> None:
    add(school)
    path = school / CHILD
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "    steps:\n      - step: 报告校长\n        done_at: 2022-11-20 14:00\n",
                    encoding="utf-8")
    result = run(school, "check")
    assert result.exit_code != 0
    # The line of the step at fault, not of `steps:`.
    line = next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if "done_at: 2022-11-20 14:00" in row)
    assert (f"{CHILD}:{line}: 错误: 紧急事件 #1 完成时间 2022-11-20 14:00 早于事件发生的时间 "
            "2022-11-20 14:30") in result.output
    # The report leaves the file out and says so; nothing is made up from it.
    assert "有 1 个学生文件无法读取" in run(school, "report", "--overdue").output
    path.write_text(text.replace("kind: 疑似遭受侵害", "kind: 走丢"), encoding="utf-8")
    kind_line = next(i for i, row in enumerate(text.splitlines(), 1) if "kind: 疑似遭受侵害" in row)
    result = run(school, "check")
    assert result.exit_code != 0
    assert f"{CHILD}:{kind_line}" in result.output and "紧急事件类型“走丢”" in result.output
    path.write_text(text.replace("at: 2022-11-20 14:30", "at: 14:30"), encoding="utf-8")
    result = run(school, "check")
    assert "要写日期和时间" in result.output


def test_the_second_step_at_fault_is_named_at_its_own_line(school: Path) -> None:
    add(school)
    path = school / CHILD
    path.write_text(path.read_text(encoding="utf-8")
                    + "    steps:\n      - step: 报告校长\n        done_at: 2022-11-20 15:00\n"
                    "      - step: 报告公安\n        done_at: 2022-11-20 14:29\n",
                    encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index(
        "        done_at: 2022-11-20 14:29") + 1
    result = run(school, "check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{CHILD}:{line}: 错误: 紧急事件 #1 完成时间 2022-11-20 14:29 早于事件发生的时间 "
        "2022-11-20 14:30")


# ---- the overdue report: first, in hours, on every format ------------------------------------------
def test_open_steps_come_first_in_hours_on_every_format(school: Path) -> None:
    add(school)
    ok(school, "incident", "step", "c0001", "--done", "报告校长", "--at", "2022-11-20 14:50")
    rows = overdue(school, "2022-11-20 18:00")
    assert rows[0]["duty"] == "incident"
    assert (rows[0]["duty_name"], rows[0]["due"], rows[0]["hours_overdue"],
            rows[0]["days_overdue"], rows[0]["last"], rows[0]["incident"]) == (
        "紧急事件 疑似遭受侵害：报告公安", "2022-11-20 16:30", 2, 1, "2022-11-20 14:30",
        "c0001-202211201430")
    assert all(row["duty"] != "incident" for row in rows[1:])
    assert all(row["hours_overdue"] is None for row in rows[1:])
    table = ok(school, "report", "--overdue", "--as-of", "2022-11-20 18:00")
    assert table.index("紧急事件（截至 2022-11-20 18:00，按小时计）") < table.index("王建国：")
    assert "逾期 2 小时" in table
    english = ok(school, "--lang", "en", "report", "--overdue", "--as-of", "2022-11-20 18:00",
                 width=200)
    assert "incident suspected harm: tell the police" in english and "2 hours overdue" in english
    text = ok(school, "report", "--overdue", "--as-of", "2022-11-20 18:00", "-f", "csv")
    first = next(csv.DictReader(io.StringIO(text)))
    assert (first["duty"], first["hours_overdue"], first["incident"]) == (
        "incident", "2", "c0001-202211201430")
    # Before it happened, nothing; a date alone means the end of that day.
    assert incident_rows(school, "2022-11-20 14:29") == []
    assert [row[0] for row in incident_rows(school, "2022-11-20")] == [
        "紧急事件 疑似遭受侵害：报告公安"]


def test_an_incident_with_no_recorder_is_the_class_teachers_to_follow(school: Path) -> None:
    # Recorded by 李芳; a hand edit dropped who recorded it: its steps fall to the class
    # teacher of 七(1)班, 王建国 (T001), never to nobody.
    ok(school, "incident", "add", "c0001", "--kind", "疑似遭受侵害", "--at", "2022-11-20 14:30",
       "--seen", "手臂有淤青", "--action", "安抚并留在学校", "--by", "李芳")
    assert {row["responsible"] for row in overdue(school, "2022-11-20 18:00")
            if row["duty"] == "incident"} == {"T002"}
    path = school / CHILD
    text = path.read_text(encoding="utf-8")
    start = text.index("incidents:")
    line = re.compile(r"\n +by: T002\n").search(text, start)
    assert line is not None
    path.write_text(text[:line.start()] + "\n" + text[line.end():], encoding="utf-8")
    assert child_of(school).incidents[0].by is None
    assert {row["responsible"] for row in overdue(school, "2022-11-20 18:00")
            if row["duty"] == "incident"} == {"T001"}


def test_without_an_incident_the_columns_stay_as_they_were(school: Path) -> None:
    header = ok(school, "report", "--overdue", "-f", "csv").splitlines()[0]
    assert header.endswith("days_overdue,duty_name,responsible_name,missed")
    assert "hours_overdue" not in rows_of(ok(school, "report", "--overdue", "-f", "json"))[0]


def test_fail_on_overdue_counts_incident_steps_and_closing_removes_them(school: Path) -> None:
    add(school)
    only = ("report", "--overdue", "--duty", "incident", "--fail-on-overdue", "--as-of")
    assert run(school, *only, "2022-11-20 15:00").exit_code == 0  # only the principal, due 15:30
    assert run(school, *only, "2022-11-20 15:31").exit_code == 1
    assert len(incident_rows(school, "2022-11-20 18:00", "--due-within", "7")) == 4
    ok(school, "incident", "close", "c0001", "--outcome", "误会,已澄清", "--at", "2022-11-20 17:00")
    assert incident_rows(school, "2022-11-20 18:00", "--due-within", "7") == []
    assert run(school, *only, "2022-11-20 18:00").exit_code == 0
    # As of a moment before it was closed, the steps were open then.
    assert len(incident_rows(school, "2022-11-20 16:00")) == 1


def test_across_midnight(school: Path) -> None:
    add(school, at="2022-11-19 23:30", kind="失联")
    assert incident_rows(school, "2022-11-20 01:00") == [
        ("紧急事件 失联：联系监护人", "2022-11-20 00:30", 1),
        ("紧急事件 失联：报告校长", "2022-11-20 00:30", 1)]
    assert incident_rows(school, "2022-11-20 02:31") == [
        ("紧急事件 失联：联系监护人", "2022-11-20 00:30", 3),
        ("紧急事件 失联：报告校长", "2022-11-20 00:30", 3),
        ("紧急事件 失联：报告公安", "2022-11-20 01:30", 2)]


def test_a_holiday_does_not_pause_an_incident(school: Path) -> None:
    # 2023-01-21 to 2023-02-19 is the winter holiday between the terms (liushou.yaml).
    holiday = date(2023, 1, 28)
    add(school, at="2023-01-28 09:00", kind="无人监护", today=holiday)
    rows = incident_rows(school, "2023-01-31 09:00")
    assert ("紧急事件 无人监护：家访", "2023-01-31 09:00", 0) not in rows  # not yet late
    assert ("紧急事件 无人监护：报告公安", "2023-01-28 11:00", 70) in rows
    assert ("紧急事件 无人监护：报告乡镇", "2023-01-29 09:00", 48) in rows


def test_the_order_most_hours_first_then_the_duties(school: Path, tmp_path: Path) -> None:
    add(school, at="2022-11-20 08:00", kind="心理危机")
    ok(school, "incident", "add", "c0001", "--kind", "意外伤害", "--at", "2022-11-20 12:00",
       "--seen", "摔伤手臂", "--action", "送卫生院", "--by", "T002")
    rows = overdue(school, "2022-11-20 13:30")
    incidents = [row for row in rows if row["duty"] == "incident"]
    assert [row["duty"] for row in rows[:len(incidents)]] == ["incident"] * len(incidents)
    hours = [row["hours_overdue"] for row in incidents]
    assert hours == sorted(hours, reverse=True) and hours[0] == 5
    assert incidents[-1]["responsible"] == "T002"  # whoever recorded it answers for it


# ---- time: China time, no daylight saving --------------------------------------------------------
def test_times_are_china_time_to_the_minute() -> None:
    assert parse_moment("2022-11-20 14:30") == datetime(2022, 11, 20, 14, 30)
    assert parse_moment("2022-11-20T06:30:00Z") == datetime(2022, 11, 20, 14, 30)
    assert parse_moment("2022-11-20T14:30+08:00") == datetime(2022, 11, 20, 14, 30)
    assert parse_moment("2022-11-20 01:30-05:00") == datetime(2022, 11, 20, 14, 30)
    assert parse_moment("14:30") is None and parse_moment("2022-11-20") is None
    assert parse_moment("2022-02-30 10:00") is None
    assert china_now(datetime(2022, 11, 20, 16, 45, 31, tzinfo=UTC)) == datetime(
        2022, 11, 21, 0, 45)
    env = Environment.from_process({})
    assert env.now is not None and env.clock == env.now and env.now.second == 0
    assert Environment(today=date(2022, 11, 20)).clock == datetime(2022, 11, 20, 23, 59)


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="no tzset on this system")
def test_no_daylight_saving_whatever_the_computers_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a zone that leaves summer time on 2022-11-06 at 02:00, a two-hour deadline from
    00:30 is still 02:30, and an hour late is still an hour late."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        at = datetime(2022, 11, 6, 0, 30)
        due = at + timedelta(hours=2)
        assert due == datetime(2022, 11, 6, 2, 30)
        assert hours_late(due, datetime(2022, 11, 6, 3, 30)) == 1
        assert hours_late(due, datetime(2022, 11, 6, 2, 30)) == 0
        assert hours_late(due, datetime(2022, 11, 6, 2, 31)) == 1
        assert hours_late(due, datetime(2022, 11, 6, 1, 31)) == 0  # 59 minutes left
        assert hours_late(due, datetime(2022, 11, 6, 0, 30)) == -2
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert os.environ.get("TZ") is None


# ---- restricted ---------------------------------------------------------------------------------------
def test_incidents_are_shown_only_when_asked(school: Path, tmp_path: Path) -> None:
    add(school)
    secret = "手臂有淤青"
    assert secret not in ok(school, "child", "show", "c0001")
    # Not even that there was one: the follow-through's key support and care record show on
    # the card in words of their own.
    assert "紧急事件" not in ok(school, "child", "show", "c0001")
    assert "incident" not in ok(school, "--lang", "en", "child", "show", "c0001")
    assert secret not in ok(school, "child", "show", "c0001", "-f", "json")
    assert secret not in ok(school, "child", "show", "c0001", "-f", "csv")
    assert "incidents" not in json.loads(ok(school, "child", "show", "c0001", "-f", "json"))
    assert secret not in ok(school, "child", "list", "-f", "json")
    card = flat(ok(school, "child", "show", "c0001", "--incidents"))
    assert secret in card and "未报告公安，应于2022-11-2016:30前，逾期8小时" in card
    data = json.loads(ok(school, "child", "show", "c0001", "--incidents", "-f", "json"))
    assert data["incidents"][0]["at"] == "2022-11-20 14:30"
    listed = rows_of(ok(school, "incident", "list", "-f", "json"))
    assert [(row["id"], row["state"], row["steps_open"]) for row in listed] == [
        ("c0001-202211201430", "处理中", "报告校长、报告公安、联系监护人、复查")]
    out = tmp_path / "登记表.csv"
    ok(school, "export", "--output", str(out))
    exported = out.read_bytes().decode("utf-8-sig")
    for trace in (secret, "c0001-202211201430", "疑似遭受侵害", "紧急事件", "2022-11-20 14:30"):
        assert trace not in exported


# ---- kinds from liushou.yaml ---------------------------------------------------------------------------
def test_a_school_changes_a_kinds_deadlines_and_adds_its_own(school: Path) -> None:
    config = school / "liushou.yaml"
    config.write_text(config.read_text(encoding="utf-8") + (
        "incident_kinds:\n"
        "  - name: 失联\n"
        "    steps:\n"
        "      - step: 报告校长\n"
        "        hours: 3\n"
        "    key_support: true\n"
        "  - name: 溺水风险\n"
        "    steps:\n"
        "      - step: 联系监护人\n"
        "        hours: 1\n"), encoding="utf-8")
    assert ok(school, "check").count("错误") <= 1
    add(school, kind="溺水风险")
    add(school, at="2022-11-20 09:00", kind="失联")
    assert sorted(incident_rows(school, "2022-11-20 16:00")) == [
        ("紧急事件 失联：报告校长", "2022-11-20 12:00", 4),
        ("紧急事件 溺水风险：联系监护人", "2022-11-20 15:30", 1)]
    kinds = kinds_of([])
    assert list(kinds) == [kind.name for kind in DEFAULT_KINDS]
    assert list(kinds) == ["无人监护", "疑似遭受侵害", "失联", "辍学风险", "意外伤害", "心理危机"]


# ---- two copies of the folder, merged by git ---------------------------------------------------------
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed here")
def test_steps_recorded_on_two_clones_all_survive_a_git_merge(school: Path, tmp_path: Path) -> None:
    from tests.test_merge_driver import _clone, _git

    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    first = tmp_path / "first"
    _git(tmp_path, "clone", "-q", str(origin), "first")
    shutil.copytree(school, first, dirs_exist_ok=True)
    (first / ".gitattributes").write_text("children/*.yaml merge=liushou\n", encoding="utf-8")
    add(first)
    _git(first, "add", "-A")
    _git(first, "-c", "user.name=setup", "-c", "user.email=setup@school.example",
         "commit", "-q", "-m", "the school's folder")
    _git(first, "push", "-q", "origin", "HEAD:main")
    wang, li = _clone(tmp_path, origin, "wang"), _clone(tmp_path, origin, "li")

    ok(wang, "incident", "step", "c0001", "--done", "报告校长", "--at", "2022-11-20 14:40",
       "--by", "T001", user="wang")
    ok(wang, "incident", "add", "c0001", "--kind", "失联", "--at", "2022-11-20 16:00", "--seen",
       "放学后未回家", "--action", "电话联系奶奶", "--by", "T001", user="wang")
    _git(wang, "push", "-q", "origin", "HEAD:main")
    ok(li, "incident", "step", "c0001-202211201430", "--done", "报告公安", "--at",
       "2022-11-20 15:20", "--by", "T002", user="li")
    _git(li, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")

    assert _git(li, "status", "--porcelain") == ""  # merged and committed: no conflict
    text = (li / CHILD).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    child = child_of(li)
    assert [incident.id for incident in child.incidents] == ["c0001-202211201430",
                                                             "c0001-202211201600"]
    assert sorted(step.step for step in child.incidents[0].steps) == ["报告公安", "报告校长"]
    assert not child.conflicts


# ---- the example school (issue 17's "done when") ----------------------------------------------------
def test_on_the_example_school_an_open_incident_comes_first_until_closed(tmp_path: Path) -> None:
    example = tmp_path / "example"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data-example", example)
    moment = "2022-11-25 08:00"  # the day after the crisis of 2022-11-23 16:40
    rows = overdue(example, moment)
    assert [(row["duty"], row["duty_name"], row["hours_overdue"]) for row in rows[:2]] == [
        ("incident", "紧急事件 心理危机：心理疏导", 16),
        ("incident", "紧急事件 心理危机：联系父母", 16)]
    assert all(row["duty"] != "incident" for row in rows[2:])
    # The closed one (2022-10-09) owes nothing; the README's day shows neither.
    assert not [row for row in overdue(example, "2022-10-09 23:00") if row["duty"] == "incident"]
    assert not [row for row in overdue(example, "2022-11-20") if row["duty"] == "incident"]
    ok(example, "incident", "close", "2020090408-202211231640", "--outcome",
       "心理老师已介入,父亲回家陪伴", "--at", "2022-11-25 09:00", today=date(2022, 11, 25))
    assert not [row for row in overdue(example, "2022-11-25 10:00") if row["duty"] == "incident"]
    out = tmp_path / "登记表.csv"
    ok(example, "export", "--output", str(out), today=date(2022, 11, 25))
    exported = out.read_bytes().decode("utf-8-sig")
    # (无人监护 is also a guardianship the register has a column for: not a trace.)
    for trace in ("2020090408-202211231640", "2022070103-202210091940", "心理危机",
                  "紧急事件", "手腕", "划痕", "16:40", "19:40"):
        assert trace not in exported, trace


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_incidents_block_fits_80_columns_and_names_who_answers(tmp_path: Path,
                                                                  lang: str) -> None:
    from tests.test_terminal_tables import assert_fits

    example = tmp_path / "example"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data-example", example)
    rows = [row for row in overdue(example, "2022-11-25 08:00") if row["duty"] == "incident"]
    text = ok(example, "--lang", lang, "report", "--overdue", "--as-of", "2022-11-25 08:00",
              width=80)
    assert_fits(text, 80, {str(row["name"]) for row in rows} | {"16"})
    block = text[:text.index("\n\n", text.index("───"))]
    assert str(rows[0]["responsible_name"]) in block


# ---- liushou.yaml ---------------------------------------------------------------------------
def test_a_new_folders_settings_list_the_kinds_and_show_how_to_add_one(
        tmp_path: Path, school: Path) -> None:
    root = tmp_path / "new"
    assert run(None, "init", str(root), "--school", "城关中学", "--no-git").exit_code == 0
    text = (root / "liushou.yaml").read_text(encoding="utf-8")
    # Each default kind with every step's hours, as the tool counts them.
    assert "#   无人监护：报告校长 1、报告公安 2、报告乡镇 24、联系父母 24、家访 72、复查 168\n" in text
    for kind in DEFAULT_KINDS:
        assert f"#   {kind.name}：" in text
    # The commented example, its # taken away, is a kind the school can record.
    _settings, example = text.split("# incident_kinds:\n")
    uncommented = "incident_kinds:\n" + "".join(
        line[2:] + "\n" for line in example.splitlines())
    (school / "liushou.yaml").write_text(
        (school / "liushou.yaml").read_text(encoding="utf-8") + uncommented, encoding="utf-8")
    assert "溺水风险" in add(school, kind="溺水风险")
    assert run(school, "check").exit_code == 0


def test_a_step_may_be_named_as_the_english_output_names_it(school: Path) -> None:
    add(school)
    english = run(school, "--lang", "en", "incident", "step", "c0001", "--done",
                  "Tell the Principal", "--at", "2022-11-20 14:45")
    assert english.exit_code == 0, english.output
    assert "- step: 报告校长\n" in (school / CHILD).read_text(encoding="utf-8")
    wrong = run(school, "--lang", "en", "incident", "step", "c0001", "--done", "call mum",
                "--at", "2022-11-20 14:50")
    assert wrong.exit_code == 1
    assert "“call mum” is not a step of “疑似遭受侵害 (suspected harm)”" in wrong.stderr
    assert "报告公安 (tell the police)" in wrong.stderr and "、" not in wrong.stderr


def test_a_steps_days_overdue_for_a_county_count_at_their_edges() -> None:
    from datetime import datetime

    from liushou_cli.duties.incidents import StepTimes, days_overdue_at

    step = StepTimes("2022-11-23 16:40", "2022-11-23 18:40", None, None)

    def at(text: str) -> datetime:
        return datetime.fromisoformat(text)

    assert days_overdue_at([step], at("2022-11-23 18:40")) == []  # due this minute: not late
    assert days_overdue_at([step], at("2022-11-23 18:41")) == [1]  # a minute late: a day
    assert days_overdue_at([step], at("2022-11-24 18:40")) == [1]  # 24 hours: one day
    assert days_overdue_at([step], at("2022-11-24 18:41")) == [2]
    assert days_overdue_at([step], at("2022-11-23 16:39")) == []  # before it happened
    for done in (step._replace(done_at="2022-11-24 09:00"), step._replace(closed_at="2022-11-24 09:00")):
        assert days_overdue_at([done], at("2022-11-24 08:59")) == [1]
        assert days_overdue_at([done], at("2022-11-24 09:00")) == []  # done by then
