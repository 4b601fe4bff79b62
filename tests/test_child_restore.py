"""`child restore`: an archived child who comes back is the same record, enrolled again, and
owes nothing for the time away (duties start afresh on the day of return)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CHILD_ID_NUMBER, rows_of, run, snapshot

NEW_CHILD_ARGS = ("child", "add", "--gender", "男", "--type", "其他")


def duty_rows(school: Path) -> list[tuple[str | None, str, str, int, int]]:
    rows = rows_of(run(school, "report", "-f", "json", "--due-within", "60").stdout)
    return [(row["child_id"], row["duty"], row["due"], row["days_overdue"], row["missed"])
            for row in rows if row["child_id"] is not None]


def duty_rows_as_of(school: Path, day: str) -> list[tuple[str | None, str, str, int, int]]:
    rows = rows_of(run(school, "report", "-f", "json", "--due-within", "60",
                       "--as-of", day).stdout)
    return [(row["child_id"], row["duty"], row["due"], row["days_overdue"], row["missed"])
            for row in rows if row["child_id"] is not None]


def test_a_child_back_from_away_owes_only_what_falls_after_the_return(school: Path) -> None:
    run(school, "child", "archive", "c0001", "--reason", "随父母到东莞就读", "--date", "2022-09-20")
    assert duty_rows(school) == []
    result = run(school, "child", "restore", "c0001", "--reason", "回校就读", "--date", "2022-11-14")
    assert result.exit_code == 0, result.output
    assert result.stdout == "已恢复 张小明(c0001)为在读：回校就读（自 2022-11-14 起）\n"
    text = (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    # The departure stays beside the return: when the child left, and why.
    assert text.endswith("status: 在读\nstatus_date: 2022-11-14\nstatus_reason: 回校就读\n"
                         "status_history:\n  - status: 转出\n    date: 2022-09-20\n"
                         "    reason: 随父母到东莞就读\n")
    # Back on 11-14: the half month 11-01..15 is covered 2 days of 15 (not owed), November
    # 17 days of 30 (owed, due at its end); the 30-day contact counts from the return.
    assert duty_rows(school) == [
        ("c0001", "proxy-talk", "2022-11-30", -10, 0),
        ("c0001", "talk-monthly", "2022-11-30", -10, 0),
        ("c0001", "parent-contact", "2022-12-14", -24, 0),
    ]
    assert [row["id"] for row in rows_of(run(school, "child", "list", "-f", "json").stdout)] == [
        "c0001"]


def test_a_child_never_archived_owes_from_the_term_start(school: Path) -> None:
    """The control: the same child, never away, is long overdue on 2022-11-20."""
    assert ("c0001", "talk-monthly", "2022-09-30", 51, 2) in duty_rows(school)


def test_restore_on_the_day_of_leaving_is_allowed_and_the_day_before_is_not(
        school: Path) -> None:
    run(school, "child", "archive", "c0001", "--reason", "误操作", "--date", "2022-11-10")
    before = snapshot(school)
    early = run(school, "child", "restore", "c0001", "--reason", "回校就读", "--date", "2022-11-09")
    assert early.exit_code == 2
    assert early.stderr == "恢复日期 2022-11-09 早于离校日期 2022-11-10\n"
    assert snapshot(school) == before
    same_day = run(school, "child", "restore", "c0001", "--reason", "误操作,恢复",
                   "--date", "2022-11-10")
    assert same_day.exit_code == 0, same_day.output


def test_restoring_an_enrolled_child_changes_nothing(school: Path) -> None:
    before = snapshot(school)
    result = run(school, "child", "restore", "c0001", "--reason", "回校就读")
    assert result.exit_code == 1
    assert result.stderr == "张小明(c0001)在读，没有归档，无需恢复\n"
    assert snapshot(school) == before
    english = run(school, "--lang", "en", "child", "restore", "c0001", "--reason", "back")
    assert english.stderr == "张小明 (c0001) is enrolled, not archived: nothing to restore\n"


def test_the_duplicate_message_names_a_command_that_works(school: Path) -> None:
    run(school, "child", "archive", "c0001", "--reason", "随父母去广州", "--date", "2022-10-01")
    refused = run(school, *NEW_CHILD_ARGS, "--name", "张小明", "--class", "七(1)班",
                  "--id-number", CHILD_ID_NUMBER, "--birth", "2011-03-15")
    command = refused.stderr.rsplit("：", 1)[1].strip()
    assert command == "liushou child restore c0001 --reason 回校就读"
    restored = run(school, *command.split()[1:])
    assert restored.exit_code == 0, restored.output


def test_a_child_leaving_later_owes_everything_before_leaving(school: Path) -> None:
    """Looked at on a day before the child leaves (--as-of), nothing has changed yet."""
    before = rows_of(run(school, "report", "-f", "json", "--as-of", "2022-11-05").stdout)
    run(school, "child", "archive", "c0001", "--reason", "随父母到东莞就读", "--date", "2022-11-10")
    assert rows_of(run(school, "report", "-f", "json", "--as-of", "2022-11-05").stdout) == before


def test_a_return_in_an_earlier_term_changes_nothing_in_this_one(school: Path) -> None:
    """Back since May, in the spring term: this term's duties start on its first day, as for
    any child (the school-day clock counts the spring term's days too)."""
    added = run(school, "term", "add", "2022春", "--start", "2022-02-14", "--end", "2022-07-08")
    assert added.exit_code == 0, added.output
    path = school / "children" / "c0001.yaml"
    text = path.read_text(encoding="utf-8").replace("recorded_on: 2022-09-05",
                                                    "recorded_on: 2021-09-01")
    path.write_text(text, encoding="utf-8")
    always_here = duty_rows(school)
    path.write_text(text.replace("status: 在读\n", "status: 在读\nstatus_date: 2022-05-01\n"
                                 "status_reason: 回校就读\n"), encoding="utf-8")
    assert duty_rows(school) == always_here


def test_what_was_done_before_leaving_counts_nothing_owed_after_the_return(
        school: Path) -> None:
    # A contact and a plan's check before the child left: the 30-day counts start afresh on
    # the return, not from those (which would make both overdue on the first day back).
    for args in (("contact", "add", "c0001", "父亲说春节回来", "--date", "2022-09-15",
                  "--by", "T001"),
                 ("plan", "add", "c0001", "--subject", "数学", "--teacher", "T001",
                  "--date", "2022-09-05"),
                 ("plan", "check", "c0001", "计算进步了", "--date", "2022-09-16", "--by", "T001"),
                 ("child", "archive", "c0001", "--reason", "随父母到东莞就读", "--date",
                  "2022-09-20"),
                 ("child", "restore", "c0001", "--reason", "回校就读", "--date", "2022-11-14")):
        done = run(school, *args)
        assert done.exit_code == 0, (args, done.output)
    rows = {row[1]: row for row in duty_rows(school)}
    assert rows["parent-contact"] == ("c0001", "parent-contact", "2022-12-14", -24, 0)
    assert rows["plan-check"][2:] == ("2022-12-14", -24, 0)


def test_what_is_done_after_the_return_counts_as_ever(school: Path) -> None:
    for args in (("child", "archive", "c0001", "--reason", "随父母到东莞就读", "--date",
                  "2022-09-20"),
                 ("child", "restore", "c0001", "--reason", "回校就读", "--date", "2022-11-14"),
                 ("contact", "add", "c0001", "父亲说春节回来", "--date", "2022-11-14",
                  "--by", "T001")):
        assert run(school, *args).exit_code == 0
    rows = {row[1]: row for row in duty_rows(school)}
    # the day of the return itself is after leaving: the count runs from that contact
    assert rows["parent-contact"] == ("c0001", "parent-contact", "2022-12-14", -24, 0)


def test_archive_and_restore_dates_are_checked_like_any_other(school: Path) -> None:
    # Today is 2022-11-20; the child was recorded on 2022-09-05 (conftest).
    before = snapshot(school)
    for args, said in (
            (("archive", "c0001", "--reason", "转学", "--date", "2022-11-21"),
             "日期 2022-11-21 在今天之后，不能记录未来的事\n"),
            (("archive", "c0001", "--reason", "转学", "--date", "2022-09-04"),
             "日期 2022-09-04 早于该生建档日期 2022-09-05\n")):
        refused = run(school, "child", *args)
        assert (refused.exit_code, refused.stderr) == (1, said)
    assert snapshot(school) == before
    assert run(school, "talk", "add", "c0001", "想家", "--date", "2022-10-10",
               "--by", "T001").exit_code == 0
    early = run(school, "child", "archive", "c0001", "--reason", "转学", "--date", "2022-10-09")
    assert (early.exit_code, early.stderr) == (
        1, "离校日期 2022-10-09 早于该生最后一条记录（2022-10-10 谈心）：请核对日期\n")
    assert run(school, "child", "archive", "c0001", "--reason", "转学",
               "--date", "2022-10-10").exit_code == 0  # the day of the last entry: taken
    ahead = run(school, "child", "restore", "c0001", "--reason", "回校", "--date", "2022-11-21")
    assert (ahead.exit_code, ahead.stderr) == (1, "日期 2022-11-21 在今天之后，不能记录未来的事\n")
    assert run(school, "child", "restore", "c0001", "--reason", "回校",
               "--date", "2022-11-20").exit_code == 0  # today: taken


@pytest.mark.parametrize(("day", "taken"), [("2022-10-07", True), ("2022-10-08", False),
                                            ("2022-11-01", False)])
def test_an_entry_after_the_child_left_is_refused(school: Path, day: str, taken: bool) -> None:
    assert run(school, "child", "archive", "c0001", "--reason", "转学",
               "--date", "2022-10-08").exit_code == 0
    before = snapshot(school)
    done = run(school, "talk", "add", "c0001", "想家", "--date", day, "--by", "T001")
    if taken:  # written after the fact, for a day the child was still at school
        assert done.exit_code == 0, done.output
    else:
        assert (done.exit_code, done.stderr) == (1, "张小明(c0001)已是“转出”状态，不能再记录\n")
        assert snapshot(school) == before


def test_status_words_in_english_are_glossed(school: Path) -> None:
    wrong = run(school, "--lang", "en", "child", "archive", "c0001", "--reason", "x",
                "--status", "死亡")
    assert wrong.stderr == ("--status: “死亡” is not one of: 转出 (transferred out), 毕业 (graduated), "
                            "不再留守 (no longer left behind)\n")
    assert run(school, "child", "archive", "c0001", "--reason", "转学",
               "--date", "2022-10-08").exit_code == 0
    late = run(school, "--lang", "en", "talk", "add", "c0001", "x", "--date", "2022-11-01",
               "--by", "T001")
    assert late.stderr == ("张小明 (c0001) is “转出 (transferred out)”: nothing more can be "
                           "recorded\n")
    again = run(school, "--lang", "en", "child", "archive", "c0001", "--reason", "x")
    assert "转出 (transferred out)" in again.stderr


def test_the_time_away_stays_known_after_the_return(school: Path) -> None:
    # Left 09-20, back 11-14, left again 11-18: each status is kept, and a day is on the
    # books or not by the status it had then.
    for args in (("archive", "c0001", "--reason", "随父母到东莞就读", "--date", "2022-09-20"),
                 ("restore", "c0001", "--reason", "回校就读", "--date", "2022-11-14"),
                 ("archive", "c0001", "--reason", "转学", "--date", "2022-11-18")):
        done = run(school, "child", *args)
        assert done.exit_code == 0, done.output
    text = (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    assert ("status_history:\n  - status: 转出\n    date: 2022-09-20\n    reason: 随父母到东莞就读\n"
            "  - status: 在读\n    date: 2022-11-14\n    reason: 回校就读\n") in text
    assert "status: 转出\nstatus_date: 2022-11-18\nstatus_reason: 转学\n" in text

    def owes(day: str) -> bool:
        rows = rows_of(run(school, "report", "-f", "json", "--as-of", day,
                           "--due-within", "60").stdout)
        return any(row["child_id"] == "c0001" for row in rows)

    assert owes("2022-09-19")  # before leaving
    assert not owes("2022-10-15")  # away
    assert owes("2022-11-15")  # back
    assert not owes("2022-11-19")  # gone again


def test_nothing_is_recorded_for_a_day_the_child_was_away(school: Path) -> None:
    for args in (("archive", "c0001", "--reason", "随父母到东莞就读", "--date", "2022-09-20"),
                 ("restore", "c0001", "--reason", "回校就读", "--date", "2022-11-14")):
        assert run(school, "child", *args).exit_code == 0
    before = snapshot(school)
    away = run(school, "talk", "add", "c0001", "想家", "--date", "2022-10-10", "--by", "T001")
    assert (away.exit_code, away.stderr) == (
        1, "张小明(c0001) 在 2022-10-10 不在校（那时已离校，后来才回校）：不能记录那天的事\n")
    assert snapshot(school) == before
    for day in ("2022-09-19", "2022-11-14"):  # the day before leaving, the day of the return
        taken = run(school, "talk", "add", "c0001", "想家", "--date", day, "--by", "T001")
        assert taken.exit_code == 0, taken.output
    # Every record of the child checks its day alike: a pairing, a plan too.
    for args in (("assign", "buddy", "c0001", "--name", "李雷", "--class", "七(1)班",
                  "--date", "2022-10-10"),
                 ("plan", "add", "c0001", "--subject", "数学", "--teacher", "T001",
                  "--date", "2022-10-10")):
        refused = run(school, *args)
        assert (refused.exit_code, refused.stderr) == (
            1, "张小明(c0001) 在 2022-10-10 不在校（那时已离校，后来才回校）：不能记录那天的事\n")


def test_on_the_books_from_the_day_recorded_and_off_from_the_day_of_leaving(school: Path) -> None:
    # conftest's child is recorded on 2022-09-05: that day it owes, the day before it does not.
    def owes(day: str) -> bool:
        rows = rows_of(run(school, "report", "-f", "json", "--as-of", day,
                           "--due-within", "90").stdout)
        return any(row["child_id"] == "c0001" for row in rows)

    assert owes("2022-09-05") and not owes("2022-09-04")
    for args in (("archive", "c0001", "--reason", "随父母到东莞就读", "--date", "2022-09-20"),
                 ("restore", "c0001", "--reason", "回校就读", "--date", "2022-11-14")):
        assert run(school, "child", *args).exit_code == 0
    # after the return, the day of leaving is still a day off the books
    assert owes("2022-09-19") and not owes("2022-09-20")


def test_a_contact_on_the_day_of_a_return_in_an_earlier_term_still_counts(school: Path) -> None:
    # Back on 2022-06-01 (the spring term) and the parents called that day: in autumn the
    # 30-school-day count runs from that call, not from the autumn term's first day.
    assert run(school, "term", "add", "2022春", "--start", "2022-02-14",
               "--end", "2022-07-08").exit_code == 0
    path = school / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("recorded_on: 2022-09-05",
                                                             "recorded_on: 2022-03-01"),
                    encoding="utf-8")
    for args in (("child", "archive", "c0001", "--reason", "随父母外出", "--date", "2022-05-01"),
                 ("child", "restore", "c0001", "--reason", "回校就读", "--date", "2022-06-01"),
                 ("contact", "add", "c0001", "父亲来电", "--date", "2022-06-01", "--by", "T001")):
        done = run(school, *args)
        assert done.exit_code == 0, (args, done.output)
    rows = {row[1]: row for row in duty_rows_as_of(school, "2022-09-20")}
    # due 30 days after the call, in the summer holiday: 27 school days late by 09-20
    assert rows["parent-contact"] == ("c0001", "parent-contact", "2022-07-01", 27, 1)


def test_a_look_back_to_before_the_child_left_is_as_it_was_then(school: Path) -> None:
    # Example 18 of duties.md: as of 10-05 the child, still at school, owes September's talk
    # and the contact due that day. The later departure and return change nothing about
    # that day (they did: nothing at all was owed, the return taken as the start).
    assert run(school, "contact", "add", "c0001", "父亲来电", "--date", "2022-09-10",
               "--by", "T001").exit_code == 0
    before = duty_rows_as_of(school, "2022-10-05")
    assert ("c0001", "talk-monthly", "2022-09-30", 5, 1) in before
    assert ("c0001", "parent-contact", "2022-10-10", -5, 0) in before  # 30 days from the call
    for args in (("archive", "c0001", "--reason", "转学", "--date", "2022-10-08"),
                 ("restore", "c0001", "--reason", "回校就读", "--date", "2022-11-14")):
        assert run(school, "child", *args).exit_code == 0
    assert duty_rows_as_of(school, "2022-10-05") == before


def test_on_the_day_of_return_nothing_from_before_is_owed(school: Path) -> None:
    assert run(school, "contact", "add", "c0001", "父亲来电", "--date", "2022-09-10",
               "--by", "T001").exit_code == 0
    for args in (("archive", "c0001", "--reason", "随父母到东莞就读", "--date", "2022-09-20"),
                 ("restore", "c0001", "--reason", "回校就读", "--date", "2022-11-14")):
        assert run(school, "child", *args).exit_code == 0
    rows = duty_rows_as_of(school, "2022-11-14")
    assert all(row[3] <= 0 for row in rows)
    # the call before leaving counts for nothing: 30 days from the return itself
    assert ("c0001", "parent-contact", "2022-12-14", -30, 0) in rows
