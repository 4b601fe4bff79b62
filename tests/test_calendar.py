"""`liushou report --overdue --due-within N --format ics`: the report's own rows as a
calendar a phone imports, read back with the icalendar library; a stable UID per duty and
child; the file rules of --output."""

from __future__ import annotations

import shutil
import stat
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest

from liushou_cli.duties.rows import DutyRow
from liushou_cli.i18n import set_lang
from liushou_cli.render.ics import calendar_text, uid
from tests.conftest import posix_modes_only, rows_of, run

ARGS = ("report", "--overdue", "--as-of", "2022-11-20", "--due-within", "30")


def events(text: str | bytes) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(text)
    found: list[Any] = calendar.walk("VEVENT")
    return found


def test_one_event_per_row_of_the_report(school: Path) -> None:
    rows = rows_of(run(school, *ARGS, "-f", "json").stdout)
    result = run(school, *ARGS, "-f", "ics")
    assert result.exit_code == 0, result.output
    found = events(result.stdout_bytes)
    assert len(found) == len(rows) > 0
    for event, row in zip(found, rows, strict=True):
        assert event["DTSTART"].dt == date.fromisoformat(row["due"])
        assert row["name"] in event["SUMMARY"] and row["class"] in event["SUMMARY"]
        assert row["duty_name"] in event["SUMMARY"]
        assert "规则：" in event["DESCRIPTION"]
        assert (row["responsible_name"] or "未指定") in event["DESCRIPTION"]
    assert len({event["UID"] for event in found}) == len(found)


def test_the_calendar_is_valid_icalendar(school: Path) -> None:
    text = run(school, *ARGS, "-f", "ics").stdout_bytes
    assert text.startswith(b"BEGIN:VCALENDAR\r\n") and text.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in text.split(b"\r\n"))  # folded as RFC 5545 asks
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    for event in calendar.walk("VEVENT"):
        assert event["DTSTAMP"] and event["UID"].endswith("@liushou-cli")


def test_overdue_rows_say_so_and_rules_come_from_liushou_yaml(school: Path) -> None:
    found = events(run(school, *ARGS, "-f", "ics").stdout_bytes)
    talk = next(event for event in found if "班主任每月谈心" in event["SUMMARY"])
    assert talk["SUMMARY"].startswith("[已逾期]")
    assert "每名留守儿童每月至少一次谈心，由班主任负责" in talk["DESCRIPTION"]
    assert "截至 2022-11-20 已逾期" in talk["DESCRIPTION"]


def test_uids_stay_the_same_from_one_day_to_the_next(school: Path) -> None:
    # Importing tomorrow's file updates today's events: same UID, a later SEQUENCE.
    today = {event["UID"]: event for event in events(run(school, *ARGS, "-f", "ics").stdout_bytes)}
    later = run(school, "report", "--as-of", "2022-11-21", "--due-within", "30", "-f", "ics",
                today=date(2022, 11, 21))
    tomorrow = {event["UID"]: event for event in events(later.stdout_bytes)}
    assert set(tomorrow) == set(today)
    assert all(tomorrow[key]["SEQUENCE"] > today[key]["SEQUENCE"] for key in today)


def test_by_keeps_one_teachers_rows(school: Path) -> None:
    everyone = events(run(school, *ARGS, "-f", "ics").stdout_bytes)
    mine = events(run(school, *ARGS, "--by", "T002", "-f", "ics").stdout_bytes)
    assert 0 < len(mine) < len(everyone)
    assert all("李芳" in event["DESCRIPTION"] for event in mine)


def test_without_due_within_only_what_is_overdue(school: Path) -> None:
    found = events(run(school, "report", "--as-of", "2022-11-20", "-f", "ics").stdout_bytes)
    assert found and all(event["SUMMARY"].startswith("[已逾期]") for event in found)


def test_english(school: Path) -> None:
    found = events(run(school, "--lang", "en", *ARGS, "-f", "ics").stdout_bytes)
    assert any(event["SUMMARY"].startswith("[overdue]") for event in found)
    assert all("Rule: " in event["DESCRIPTION"] for event in found)


@posix_modes_only
def test_output_is_private_and_never_overwritten_without_force(school: Path, tmp_path: Path) -> None:
    target = tmp_path / "due.ics"
    done = run(school, *ARGS, "-f", "ics", "--output", str(target))
    assert done.exit_code == 0, done.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert events(target.read_bytes())
    target.write_bytes(b"mine")
    target.chmod(0o644)
    again = run(school, *ARGS, "-f", "ics", "--output", str(target))
    assert again.exit_code == 1 and "--force" in again.output
    assert target.read_bytes() == b"mine"
    forced = run(school, *ARGS, "-f", "ics", "--output", str(target), "--force")
    assert forced.exit_code == 0
    assert events(target.read_bytes()) and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_output_inside_the_data_folder_is_said(school: Path) -> None:
    done = run(school, *ARGS, "-f", "ics", "--output", str(school / "due.ics"))
    assert done.exit_code == 0 and "数据文件夹" in done.output
    assert (school / "due.ics").exists()


@pytest.mark.parametrize("args", [
    ("report", "--stats", "-f", "ics"),
    ("report", "--caseload", "-f", "ics"),
    ("report", "-f", "json", "--output", "x.ics"),
    ("report", "--force"),
])
def test_ics_and_its_options_only_where_they_mean_something(school: Path,
                                                             args: tuple[str, ...]) -> None:
    result = run(school, *args)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1, result.output


def _row(**changes: Any) -> DutyRow:
    row: DutyRow = {"child_id": "c1", "name": "张小明", "class": "七(1)班", "duty": "plan-check",
                    "duty_name": "学习帮扶检查(数学)", "responsible": "T1",
                    "responsible_name": "王老师", "last": None, "due": "2022-11-25",
                    "days_overdue": -5, "missed": 0}
    row.update(changes)  # type: ignore[typeddict-item]
    return row


def test_a_uid_is_the_duty_and_the_child_never_the_dates_nor_the_words() -> None:
    assert uid(_row()) == uid(_row(due="2022-12-01", days_overdue=3, last="2022-11-01",
                                   duty_name="learning-support check (数学)"))
    assert uid(_row()) != uid(_row(duty="care-follow-up"))
    assert uid(_row()) != uid(_row(child_id="c2"))
    assert uid(_row(child_id=None)) != uid(_row(child_id=None, **{"class": "七(2)班"}))


def test_two_rows_of_one_duty_and_child_get_their_keys_uids() -> None:
    # Two learning plans (数学, 英语): each its own UID, whichever comes first in the file.
    maths = _row(key="数学\x1f2022-09-01")
    english = _row(duty_name="学习帮扶检查(英语)", due="2022-12-01", key="英语\x1f2022-09-01")
    found = events(calendar_text([maths, english], {}, school="学校",
                                 made_at=datetime(2022, 11, 20, 9), as_of=date(2022, 11, 20)))
    alone = events(calendar_text([english], {}, school="学校",
                                 made_at=datetime(2022, 11, 21, 9), as_of=date(2022, 11, 21)))
    assert found[1]["UID"] == alone[0]["UID"] == uid(english) != found[0]["UID"] == uid(maths)
    assert not str(found[1]["UID"]).startswith("2-")


def test_rows_that_still_share_a_uid_are_numbered() -> None:
    # Nothing the rules make: two rows alike in all their UID is made of, numbered in order.
    text = calendar_text([_row(), _row(duty_name="学习帮扶检查(英语)", due="2022-12-01")], {},
                         school="学校", made_at=datetime(2022, 11, 20, 9),
                         as_of=date(2022, 11, 20))
    found = events(text)
    assert len({event["UID"] for event in found}) == 2
    assert found[1]["UID"] == "2-" + found[0]["UID"]


def test_a_row_owed_once_keeps_the_uid_it_always_had() -> None:
    # What the calendar gave before the rows had keys: a school that imported it then gets
    # these events updated, not doubled.
    talk = _row(duty="talk", child_id="c1")
    assert uid(talk) == "a9ee1bb413def3760c7cb304350bcdea@liushou-cli"
    assert uid(_row(duty="talk", child_id=None)) == "c7a38ca2f849f224bea099c9a577aed1@liushou-cli"
    assert uid(_row(duty="talk", key="x")) != uid(talk)


def test_the_same_in_either_language(school: Path) -> None:
    chinese = [event["UID"] for event in events(run(school, *ARGS, "-f", "ics").stdout_bytes)]
    english = [event["UID"] for event in
               events(run(school, "--lang", "en", *ARGS, "-f", "ics").stdout_bytes)]
    assert chinese == english


def test_any_text_survives_escaping_and_folding() -> None:
    set_lang("zh")
    tricky = "王,小;明\\" + "很长的名字" * 20 + "\n第二行"
    text = calendar_text([_row(name=tricky)], {"plan-check": "规则;含,逗号"}, school="学校",
                         made_at=datetime(2022, 11, 20, 9), as_of=date(2022, 11, 20))
    event = events(text)[0]
    assert tricky in str(event["SUMMARY"])
    assert "规则;含,逗号" in str(event["DESCRIPTION"])
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_an_incidents_step_is_an_event_at_its_minute(tmp_path: Path) -> None:
    # The example school's crisis of 2022-11-23 16:40 owes two steps within 24 hours; a
    # calendar asked for the next morning once stopped at "Invalid isoformat string".
    example = tmp_path / "example"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data-example", example)
    result = run(example, "report", "--as-of", "2022-11-25 08:00", "-f", "ics")
    assert result.exit_code == 0, result.output
    found = events(result.stdout_bytes)
    steps = [event for event in found if "紧急事件" in event["SUMMARY"]]
    assert len(steps) == 2
    for event in steps:
        # 16:40 China time the day after, in UTC; shown for half an hour.
        assert event["DTSTART"].dt == datetime(2022, 11, 24, 8, 40, tzinfo=UTC)
        assert event["DTEND"].dt == datetime(2022, 11, 24, 9, 10, tzinfo=UTC)
        assert event["SUMMARY"].startswith("[已逾期]")
    assert len({event["UID"] for event in steps}) == 2
    days = [event for event in found if event not in steps]
    assert days and all(type(event["DTSTART"].dt) is date for event in days)


def test_an_incidents_step_is_late_by_hours_and_its_last_is_when_it_happened(
        tmp_path: Path) -> None:
    # Due 2022-11-24 16:40; on 2022-11-25 08:00 that is 16 hours late, as the table says, not
    # "1 day(s)"; and the step was never done: 16:40 on the 23rd is when the incident was.
    example = tmp_path / "example"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data-example", example)
    table = run(example, "report", "--as-of", "2022-11-25 08:00", "--duty", "incident")
    assert table.output.count("逾期 16 小时") == 2
    result = run(example, "report", "--as-of", "2022-11-25 08:00", "--duty", "incident",
                 "-f", "ics")
    steps = events(result.stdout_bytes)
    assert len(steps) == 2
    for event in steps:
        text = str(event["DESCRIPTION"])
        assert "截至 2022-11-25 08:00 已逾期 16 小时" in text
        assert "发生于 2022-11-23 16:40" in text
        assert "天" not in text.split("截至")[1] and "上次完成" not in text
    english = run(example, "--lang", "en", "report", "--as-of", "2022-11-25 08:00", "--duty",
                  "incident", "-f", "ics")
    assert all("16 hours overdue as of 2022-11-25 08:00" in str(event["DESCRIPTION"])
               for event in events(english.stdout_bytes))


def test_a_step_due_this_hour_is_not_called_overdue(tmp_path: Path) -> None:
    example = tmp_path / "example"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data-example", example)
    result = run(example, "report", "--as-of", "2022-11-24 16:40", "--duty", "incident",
                 "--due-within", "1", "-f", "ics")
    steps = events(result.stdout_bytes)
    assert len(steps) == 2
    assert all("已逾期" not in str(event["DESCRIPTION"]) for event in steps)


# ---- a UID names the obligation: what else is done or added never moves it -------------------
EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
CRISIS = "children/2020090408.yaml"  # 杨雅欣: a 心理危机 of 2022-11-23 16:40, an aid to follow up


def _example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    return root


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _by_summary(root: Path, *args: str, within: int = 14, **environment: Any) -> dict[str, str]:
    """Each event's summary (without the overdue mark) -> its UID; every UID told once."""
    result = run(root, "report", "--as-of", "2022-11-25", "--due-within", str(within), *args,
                 "-f", "ics", **environment)
    assert result.exit_code == 0, result.output
    found = events(result.stdout_bytes)
    uids = [str(event["UID"]) for event in found]
    assert len(set(uids)) == len(uids), uids
    summaries = [str(event["SUMMARY"]).removeprefix("[已逾期] ").removeprefix("[overdue] ")
                 for event in found]
    assert len(set(summaries)) == len(summaries), summaries
    return dict(zip(summaries, uids, strict=True))


def test_a_step_done_leaves_the_other_steps_uids_alone(tmp_path: Path) -> None:
    # The reviewer's case: 心理疏导 done, 联系父母 and 复查 must stay the events they were (the
    # UIDs were once numbered in the file's order: 联系父母 took 心理疏导's, 复查 联系父母's,
    # and the phone showed 复查 twice).
    root = _example(tmp_path)
    before = _by_summary(root, "--duty", "incident")
    assert len(before) == 3
    _edit(root, CRISIS, "        note: 奶奶来校接回\n",
          "        note: 奶奶来校接回\n      - step: 心理疏导\n        done_at: 2022-11-25 10:00\n")
    after = _by_summary(root, "--duty", "incident")
    assert len(after) == 2 and set(after) < set(before)
    assert all(after[summary] == before[summary] for summary in after)


def test_a_follow_up_made_leaves_the_other_follow_ups_uid_alone(tmp_path: Path) -> None:
    # Two care records of one child to follow up: an illness due 11-30, the aid due 12-07.
    root = _example(tmp_path)
    _edit(root, CRISIS, "care:\n", "care:\n  - type: 患病\n    date: 2022-11-21\n    by: [T017]\n"
          "    what: 感冒\n    follow_up_on: 2022-11-30\n")
    before = _by_summary(root, "--duty", "care-follow-up")
    ours = {summary: uid for summary, uid in before.items() if "杨雅欣" in summary}
    assert len(ours) == 2
    _edit(root, CRISIS, "    follow_up_on: 2022-11-30\n",
          "    follow_up_on: 2022-11-30\n    followed_up: 2022-11-25\n")
    after = _by_summary(root, "--duty", "care-follow-up")
    assert {summary: uid for summary, uid in after.items() if "杨雅欣" in summary} == {
        summary: uid for summary, uid in ours.items() if "患病" not in summary}
    assert all(after[summary] == before[summary] for summary in after)


def test_a_new_plan_or_record_leaves_the_uids_there_were_alone(tmp_path: Path) -> None:
    # A second learning plan written before the first in the file.
    root = _example(tmp_path)
    before = _by_summary(root, within=30)
    assert "杨雅欣(九(4)班)：学习帮扶检查（语文）" in before
    _edit(root, CRISIS, "learning_plans:\n", "learning_plans:\n  - subject: 数学\n    teacher: T016\n"
          "    date: 2022-10-20\n    every: 20\n")
    after = _by_summary(root, within=30)
    assert set(before) < set(after)
    assert all(after[summary] == before[summary] for summary in before)


def test_the_examples_uids_are_unique_and_the_same_in_either_language_and_the_next_day(
        tmp_path: Path) -> None:
    root = _example(tmp_path)
    args = ("report", "--as-of", "2022-11-25", "--due-within", "30", "-f", "ics")
    chinese = events(run(root, *args).stdout_bytes)
    uids = [str(event["UID"]) for event in chinese]
    assert len(chinese) > 20 and len(set(uids)) == len(uids)
    assert {event["CATEGORIES"].cats[0] for event in chinese} >= {"紧急事件 心理危机：复查"}
    english = events(run(root, "--lang", "en", *args).stdout_bytes)
    assert [str(event["UID"]) for event in english] == uids
    today = _by_summary(root)
    tomorrow = _by_summary(root, "--as-of", "2022-11-26", today=date(2022, 11, 26))
    both = set(today) & set(tomorrow)
    assert len(both) > 10
    assert all(today[summary] == tomorrow[summary] for summary in both)
    # And a summary gone from one day to the next took its UID with it.
    assert not (set(today.values()) & set(tomorrow.values())) - {today[s] for s in both}


def test_the_rows_key_is_the_calendars_alone(tmp_path: Path) -> None:
    # json and csv keep the columns they always had: the key is in no output but the UID.
    root = _example(tmp_path)
    args = ("report", "--as-of", "2022-11-25", "--due-within", "30")
    rows = rows_of(run(root, *args, "-f", "json").stdout)
    assert rows and all("key" not in row for row in rows)
    assert ",key" not in run(root, *args, "-f", "csv").stdout.splitlines()[0]


def test_a_second_file_the_same_day_is_a_later_revision(school: Path) -> None:
    # RFC 5546 2.1.5: of two versions of an event, the one with the higher SEQUENCE wins, and
    # with equal SEQUENCEs the later DTSTAMP. Both once counted days: a file made in the
    # afternoon, after a step was done, was no newer than the morning's.
    def stamps(now: datetime) -> dict[str, tuple[int, datetime]]:
        result = run(school, *ARGS, "-f", "ics", today=date(2022, 11, 20), now=now)
        return {str(event["UID"]): (int(event["SEQUENCE"]), event["DTSTAMP"].dt)
                for event in events(result.stdout_bytes)}

    morning = stamps(datetime(2022, 11, 20, 8, 5))
    afternoon = stamps(datetime(2022, 11, 20, 15, 30))
    assert morning and set(morning) == set(afternoon)
    for key, (sequence, stamp) in morning.items():
        later, later_stamp = afternoon[key]
        assert later > sequence and later_stamp > stamp
        assert later_stamp == datetime(2022, 11, 20, 7, 30, tzinfo=UTC)  # 15:30 China time
        # Above what an older version wrote on any day to come (days since 2000): its
        # events are updated by this file, not kept as the newer.
        assert sequence > (date(2100, 1, 1) - date(2000, 1, 1)).days
    # Asked with a day of its own and the clock past it, the file is stamped that day's end.
    stamped = stamps(datetime(2022, 11, 21, 9, 0))
    assert {stamp for _, stamp in stamped.values()} == {datetime(2022, 11, 20, 15, 59, tzinfo=UTC)}


def test_two_care_records_alike_but_for_their_words_keep_their_own_uids(tmp_path: Path) -> None:
    # Two aids given the same day, each to follow up: told apart by their place among the
    # records alike, which the first one's follow-up does not change.
    root = _example(tmp_path)
    _edit(root, CRISIS, "care:\n", "care:\n  - type: 其他帮扶\n    date: 2022-11-23\n"
          "    by: [T017]\n    what: 送了一件冬衣\n    follow_up_on: 2022-11-30\n")
    before = run(root, "report", "--as-of", "2022-11-25", "--due-within", "14", "--duty",
                 "care-follow-up", "-f", "ics")
    ours = [event for event in events(before.stdout_bytes) if "杨雅欣" in event["SUMMARY"]]
    assert len({str(event["UID"]) for event in ours}) == 2
    _edit(root, CRISIS, "    follow_up_on: 2022-11-30\n",
          "    follow_up_on: 2022-11-30\n    followed_up: 2022-11-25\n")
    after = run(root, "report", "--as-of", "2022-11-25", "--due-within", "14", "--duty",
                "care-follow-up", "-f", "ics")
    left = [event for event in events(after.stdout_bytes) if "杨雅欣" in event["SUMMARY"]]
    assert [str(event["UID"]) for event in left] == [
        str(event["UID"]) for event in ours if event["DTSTART"].dt == date(2022, 12, 7)]
