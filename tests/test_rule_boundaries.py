"""The duty rules at their edges: the first and last day of a period, the deadline day, the
as-of day, exactly half a period, grace days and every-N-days duties at their edge.

Each case is a worked example of docs/duties.md, or one day either side of it. Nearly all
catch a small bug (a mutant) that the mutation run of docs/testing.md showed no other test
caught; the ones it argues equivalent are listed there.
The conditions are those of docs/duties.md section 3: terms 2022秋 (2022-09-01 to 2023-01-13)
and 2023春; 王建国 (T001) class teacher of 七(1)班, 李芳 (T002) proxy parent; 张小明
recorded on 2022-09-05; the default duties, no grace days unless said.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from liushou_cli.duties.rules import responsible_for

from .conftest import rows_of, run, set_grace
from .test_rules import DUTIES, child, contact, late, status, talk


def proxy_child(*events: dict[str, Any]) -> Any:
    """张小明 as a key-support child whose proxy parent is 李芳 (T002)."""
    return child(*events, key_support=True, proxy_parent="T002")


# ---- the first and last day of a period --------------------------------------------------------
def test_a_talk_on_the_first_of_the_month_counts_for_that_month() -> None:
    # Periods start on the 1st: a talk on 1 October is October's.
    found = status(child(talk("2022-09-10"), talk("2022-10-01")), "talk-monthly", "2022-11-01")
    assert found is not None and not found.overdue
    assert (found.due, found.missed, found.last) == (date(2022, 11, 30), 0, date(2022, 10, 1))


def test_a_talk_on_the_deadline_day_counts() -> None:
    # No grace: October's deadline is 31 October, and a talk that day meets it.
    found = status(child(talk("2022-09-10"), talk("2022-10-31")), "talk-monthly", "2022-11-01")
    assert found is not None and not found.overdue
    assert (found.due, found.missed, found.last) == (date(2022, 11, 30), 0, date(2022, 10, 31))


def test_half_months_start_on_the_1st_and_the_16th() -> None:
    # Talks on the first day of each half month of September and October meet all four.
    kid = proxy_child(*(talk(day, "T002") for day in ("2022-09-01", "2022-09-16",
                                                      "2022-10-01", "2022-10-16")))
    found = status(kid, "proxy-talk", "2022-11-01")
    assert found is not None and not found.overdue
    assert (found.due, found.missed) == (date(2022, 11, 15), 0)


def test_half_month_missed_until_the_holiday_counts_january() -> None:
    # 算例 8: talks on 8 and 20 September only. January 1-13 is in the term and at least half
    # of 1-15, so it is owed: missed 7 is October to December (6 half months) and January.
    kid = proxy_child(talk("2022-09-08", "T002"), talk("2022-09-20", "T002"))
    found = status(kid, "proxy-talk", "2023-01-20")
    assert found is not None
    assert (found.due, found.days_overdue, found.missed) == (date(2022, 10, 15), 91, 7)


# ---- grace days at their edge --------------------------------------------------------------------
@pytest.mark.parametrize(("day", "missed", "due"), [
    ("2022-10-03", 0, date(2022, 11, 3)),   # the last day of September's grace: September's
    ("2022-10-04", 1, date(2022, 12, 3)),   # a day later: October's, September is missed
])
def test_grace_days_at_their_edge(day: str, missed: int, due: date) -> None:
    found = status(child(talk(day)), "talk-monthly", "2022-10-05", grace_days=3)
    assert found is not None and not found.overdue
    assert (found.missed, found.due) == (missed, due)


# ---- due today, the as-of day --------------------------------------------------------------------
def test_due_today_is_neither_overdue_nor_missed() -> None:
    # 算例 1: October is due on 31 October; that day it is not yet missed, the next day it is.
    kid = child(talk("2022-09-10"))
    today = status(kid, "talk-monthly", "2022-10-31")
    assert today is not None and not today.overdue
    assert (today.due, today.days_overdue, today.missed) == (date(2022, 10, 31), 0, 0)
    tomorrow = status(kid, "talk-monthly", "2022-11-01")
    assert tomorrow is not None and (tomorrow.days_overdue, tomorrow.missed) == (1, 1)


def test_a_talk_on_the_as_of_day_counts() -> None:
    found = status(child(talk("2022-09-10"), talk("2022-10-31")), "talk-monthly", "2022-10-31")
    assert found is not None and not found.overdue
    assert (found.last, found.due) == (date(2022, 10, 31), date(2022, 11, 30))


# ---- exactly half a period ("过半才要求") ---------------------------------------------------------
@pytest.mark.parametrize(("recorded", "as_of", "due", "days_overdue"), [
    ("2022-10-16", "2022-11-02", date(2022, 10, 31), 2),    # 16 of October's 31 days: owed
    ("2022-10-17", "2022-11-02", date(2022, 11, 30), -28),  # 15 of 31: not owed
    ("2022-11-16", "2022-12-01", date(2022, 11, 30), 1),    # 15 of November's 30: exactly half, owed
    ("2022-11-17", "2022-12-01", date(2022, 12, 31), -30),  # 14 of 30: not owed
])
def test_a_month_is_owed_from_half_its_days_on_record(recorded: str, as_of: str, due: date,
                                                      days_overdue: int) -> None:
    found = status(child(recorded_on=recorded), "talk-monthly", as_of)
    assert found is not None and (found.due, found.days_overdue) == (due, days_overdue)


@pytest.mark.parametrize(("recorded", "owed"), [("2022-11-07", True), ("2022-11-08", False)])
def test_a_term_is_owed_from_half_its_days_on_record(recorded: str, owed: bool) -> None:
    # 算例 17: the autumn term has 135 days; 68 on record is at least half, 67 is not.
    assert late(child(recorded_on=recorded), "home-visit", "2023-01-20") == (1 if owed else None)


# ---- every N days --------------------------------------------------------------------------------
@pytest.mark.parametrize(("as_of", "days_overdue", "missed"), [
    ("2022-10-30", -1, 0), ("2022-10-31", 0, 0), ("2022-11-01", 1, 1)])
def test_every_30_days_at_the_edge(as_of: str, days_overdue: int, missed: int) -> None:
    # 算例 14: contact with the parents on 1 October, due 30 days later; `missed` is 1 once
    # overdue, else 0.
    found = status(child(contact("2022-10-01")), "parent-contact", as_of)
    assert found is not None
    assert (found.due, found.days_overdue, found.missed, found.last) == (
        date(2022, 10, 31), days_overdue, missed, date(2022, 10, 1))


@pytest.mark.parametrize(("as_of", "days_overdue"), [("2022-10-19", 0), ("2022-10-20", 1)])
def test_every_n_days_with_grace_days(as_of: str, days_overdue: int) -> None:
    # docs/duties.md section 5: every 14 days plus 2 days' grace; a contact on 3 October is
    # due on 19 October.
    guardian = {"type": "联系", "date": "2022-10-03", "by": "T002", "with": "监护人"}
    found = status(proxy_child(guardian), "parent-contact", as_of, responsible="代理家长",
                   applies_to="重点帮扶", satisfied_by=["联系监护人", "家访"], days=14,
                   grace_days=2)
    assert found is not None and (found.due, found.days_overdue) == (date(2022, 10, 19),
                                                                     days_overdue)


def test_the_word_lianxi_counts_any_contact() -> None:
    # satisfied_by 联系: a contact with anyone, here the guardian, counts.
    found = status(child(contact("2022-10-01", "监护人")), "parent-contact", "2022-10-20",
                   satisfied_by=["联系"])
    assert found is not None and (found.last, found.due) == (date(2022, 10, 1), date(2022, 10, 31))


# ---- arriving and leaving on the as-of day -------------------------------------------------------
def test_a_child_recorded_on_the_as_of_day_is_owed_from_that_day() -> None:
    kid = child(recorded_on="2022-10-10")
    assert status(kid, "talk-monthly", "2022-10-09") is None
    found = status(kid, "talk-monthly", "2022-10-10")
    assert found is not None and (found.due, found.days_overdue) == (date(2022, 10, 31), -21)


def test_a_child_owes_nothing_from_the_day_of_leaving() -> None:
    # 算例 18: transferred on 8 October.
    kid = child(status="转出", status_date="2022-10-08", status_reason="随父母到东莞就读")
    assert late(kid, "talk-monthly", "2022-10-07") == 7
    assert status(kid, "talk-monthly", "2022-10-08") is None


# ---- whose entries count -------------------------------------------------------------------------
def test_a_proxy_parents_talk_is_not_the_class_teachers_talk() -> None:
    # 算例 9 for a child with dated proxy pairings: the monthly talk is the class teacher's,
    # and a talk by the proxy parent alone does not count for it.
    pairing = {"role": "代理家长", "staff": "T002", "date": "2022-09-05"}
    by_proxy = child(talk("2022-10-12", "T002"), key_support=True, pairings=[pairing])
    assert late(by_proxy, "talk-monthly", "2022-11-20") == 51
    by_teacher = child(talk("2022-10-12", "T001"), key_support=True, pairings=[pairing])
    assert late(by_teacher, "talk-monthly", "2022-11-20") == -10


def test_without_a_date_the_proxy_parent_is_the_cards() -> None:
    kid = child(key_support=True, proxy_parent="T003",
                pairings=[{"role": "代理家长", "staff": "T002", "date": "2022-09-05"}])
    assert responsible_for(DUTIES["proxy-talk"], kid, {}) == ("T003",)
    assert responsible_for(DUTIES["proxy-talk"], kid, {}, date(2022, 10, 1)) == ("T002",)


# ---- through the CLI, as a teacher meets them -----------------------------------------------------
def add_event(school: Path, line: str) -> None:
    path = school / "children" / "c0001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if "events:" in text else "events:\n") + f"  - {line}\n",
                    encoding="utf-8")


def overdue(school: Path, as_of: str, *args: str) -> dict[str, dict[str, Any]]:
    result = run(school, "report", "--overdue", "--as-of", as_of, "-f", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return {row["duty"]: row for row in rows_of(result.stdout)}


def test_cli_talk_on_the_as_of_day_and_due_today(school: Path) -> None:
    # The example school's autumn term ends on 20 January; 张小明 was recorded on 5 September.
    add_event(school, "{type: 谈心, date: 2022-09-10, by: T001}")
    rows = overdue(school, "2022-10-31", "--due-within", "0", "--duty", "talk-monthly")
    row = rows["talk-monthly"]
    assert (row["last"], row["due"], row["days_overdue"], row["missed"]) == (
        "2022-09-10", "2022-10-31", 0, 0)
    add_event(school, "{type: 谈心, date: 2022-10-31, by: T001}")
    assert overdue(school, "2022-10-31", "--due-within", "0", "--duty", "talk-monthly") == {}
    row = overdue(school, "2022-10-31", "--due-within", "30", "--duty", "talk-monthly")[
        "talk-monthly"]
    assert (row["last"], row["due"], row["days_overdue"], row["missed"]) == (
        "2022-10-31", "2022-11-30", -30, 0)


def test_cli_contact_every_30_days_at_the_edge(school: Path) -> None:
    add_event(school, "{type: 联系, date: 2022-10-01, by: T001, with: 父母}")
    assert "parent-contact" not in overdue(school, "2022-10-31", "--duty", "parent-contact")
    row = overdue(school, "2022-11-01", "--duty", "parent-contact")["parent-contact"]
    assert (row["last"], row["due"], row["days_overdue"], row["missed"]) == (
        "2022-10-01", "2022-10-31", 1, 1)


def test_a_grace_past_the_terms_end_still_leaves_a_missed_term_overdue(school: Path) -> None:
    # 3 grace days after the autumn term's last day (01-20) would fall in the spring term,
    # after the report has moved on: a term with no home visit was never listed overdue.
    set_grace(school, "home-visit", 3)

    def home_visit(day: str) -> list[tuple[str, int]]:
        rows = rows_of(run(school, "report", "--as-of", day, "--duty", "home-visit",
                           "--due-within", "10", "-f", "json").stdout)
        return [(row["due"], row["days_overdue"]) for row in rows if row["child_id"] == "c0001"]

    assert home_visit("2023-01-20") == [("2023-01-20", 0)]  # due on the term's last day
    [(due, late)] = home_visit("2023-01-25")  # in the winter holiday: overdue
    assert due == "2023-01-20" and late > 0
