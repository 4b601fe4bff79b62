"""The duty arithmetic on hand-made cases (docs/duties.md explains the same in words), through
the path the overdue report takes (duties.day.DayDuties)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.model import (
    Child,
    Duty,
    SchoolConfig,
    Staff,
    SupportSettings,
    Term,
    default_duties,
)

from .conftest import Standing, duty_standings

TERMS = [Term(name="2022秋", start=date(2022, 9, 1), end=date(2023, 1, 13)),
         Term(name="2023春", start=date(2023, 2, 6), end=date(2023, 7, 7))]
SCHOOL = SchoolCalendar.of(TERMS)  # test_school_clock's calendar
STAFF = [Staff(id="T001", name="王建国", roles=["班主任"], leads=["七(1)班"]),
         Staff(id="T002", name="李芳", roles=["任课教师", "代理家长"], teaches=["七(1)班"])]
DUTIES = {duty["id"]: Duty.model_validate(duty) for duty in default_duties()}


def child(*events: dict[str, Any], **fields: Any) -> Child:
    data = {"id": "c1", "name": "张小明", "gender": "男", "class": "七(1)班",
            "left_behind_type": "双亲外出", "recorded_on": "2022-09-05", "events": list(events),
            **fields}
    return Child.model_validate(data)


def talk(day: str, by: str = "T001") -> dict[str, Any]:
    return {"type": "谈心", "date": day, "by": by}


NO_SUPPORT = SupportSettings(parent_meeting=False, collective_activity=False)


def status(kid: Child, duty: str, as_of: str, **changes: Any) -> Standing | None:
    """The child's row of one of the default duties (with `changes`), None if it has none."""
    rule = DUTIES[duty].model_copy(update=changes)
    config = SchoolConfig(school="x", terms=TERMS, duties=[rule], support=NO_SUPPORT)
    found = [row for row in duty_standings(config, STAFF, date.fromisoformat(as_of), [kid])
             if row.duty == rule.id]
    assert len(found) <= 1
    return found[0] if found else None


def late(kid: Child, duty: str, as_of: str, **changes: Any) -> int | None:
    found = status(kid, duty, as_of, **changes)
    return found.days_overdue if found else None


# ---- calendar month ---------------------------------------------------------------------------
def test_monthly_talk_falls_due_at_month_end() -> None:
    kid = child(talk("2022-09-10"))
    assert late(kid, "talk-monthly", "2022-10-31") == 0  # due today, not yet overdue
    found = status(kid, "talk-monthly", "2022-11-01")
    assert found is not None and found.overdue
    assert (found.due, found.days_overdue, found.last) == (date(2022, 10, 31), 1, date(2022, 9, 10))


def test_monthly_talk_overdue_since_first_missed_month() -> None:
    found = status(child(), "talk-monthly", "2022-11-20")
    assert found is not None
    assert found.due == date(2022, 9, 30) and found.days_overdue == 51 and found.missed == 2


def test_a_month_done_after_a_missed_one_is_not_overdue() -> None:
    found = status(child(talk("2022-10-12")), "talk-monthly", "2022-11-20")
    assert found is not None and not found.overdue
    assert found.missed == 1 and found.due == date(2022, 11, 30)


def test_one_talk_counts_for_one_month_only() -> None:
    # Two talks in September do not cover October.
    kid = child(talk("2022-09-10"), talk("2022-09-28"))
    assert late(kid, "talk-monthly", "2022-11-02") == 2


def test_grace_days_let_a_late_talk_count() -> None:
    kid = child(talk("2022-10-02"))
    without = status(kid, "talk-monthly", "2022-10-04")  # no grace: it is October's talk
    assert without is not None and without.missed == 1 and without.due == date(2022, 11, 30)
    found = status(kid, "talk-monthly", "2022-10-04", grace_days=3)
    assert found is not None and not found.overdue
    assert found.missed == 0 and found.due == date(2022, 11, 3)  # October, plus 3 days


def test_month_with_less_than_half_in_term_is_not_owed() -> None:
    # The term ends on 13 January: January owes no monthly talk, so in the holiday only a
    # missed December shows.
    kid = child(*(talk(day) for day in ("2022-09-10", "2022-10-10", "2022-11-10", "2022-12-10")))
    assert status(kid, "talk-monthly", "2023-01-20") is None


# ---- half month ---------------------------------------------------------------------------------
def test_proxy_talk_every_half_month() -> None:
    kid = child(talk("2022-09-03", "T002"), talk("2022-09-20", "T002"), key_support=True,
                proxy_parent="T002")
    found = status(kid, "proxy-talk", "2022-10-10")
    assert found is not None and not found.overdue and found.due == date(2022, 10, 15)
    assert late(kid, "proxy-talk", "2022-10-17") == 2


def test_proxy_talk_only_for_key_support_children() -> None:
    assert status(child(), "proxy-talk", "2022-11-20") is None


def test_key_support_child_without_proxy_parent_is_unassigned() -> None:
    found = status(child(key_support=True), "proxy-talk", "2022-11-20")
    assert found is not None and found.responsible == () and found.overdue


# ---- term ---------------------------------------------------------------------------------------
def test_home_visit_due_by_term_end() -> None:
    found = status(child(), "home-visit", "2022-12-01")
    assert found is not None and found.due == date(2023, 1, 13) and not found.overdue


def test_phone_visit_is_not_a_home_visit() -> None:
    phone = {"type": "电话家访", "date": "2022-10-10", "by": "T001"}
    home = {"type": "家访", "date": "2022-10-10", "by": "T001"}
    assert late(child(phone), "home-visit", "2023-01-20") == 1
    assert status(child(home), "home-visit", "2023-01-20") is None


def test_holiday_pauses_overdue_days() -> None:
    # Unmet at the end of the autumn term; the whole winter holiday counts as one day.
    assert late(child(), "home-visit", "2023-01-14") == 1
    assert late(child(), "home-visit", "2023-02-05") == 1


def test_new_term_brings_new_duties() -> None:
    home = {"type": "家访", "date": "2022-10-10", "by": "T001"}
    found = status(child(home), "home-visit", "2023-03-01")
    assert found is not None and found.due == date(2023, 7, 7) and found.last == date(2022, 10, 10)


# ---- every N days -------------------------------------------------------------------------------
def contact(day: str, with_: str = "父母") -> dict[str, Any]:
    return {"type": "联系", "date": day, "by": "T001", "with": with_}


def test_parent_contact_every_30_school_days() -> None:
    kid = child(contact("2022-10-01"))
    assert late(kid, "parent-contact", "2022-10-31") == 0
    assert late(kid, "parent-contact", "2022-11-05") == 5


def test_contact_with_guardian_is_not_with_parents() -> None:
    kid = child(contact("2022-10-01", "监护人"))
    found = status(kid, "parent-contact", "2022-11-05")
    assert found is not None and found.last is None


def test_holiday_days_do_not_count_for_a_rolling_duty() -> None:
    kid = child(contact("2023-01-03"))
    # 10 school days to 13 January, the holiday is one step, then 19 more: 25 February.
    found = status(kid, "parent-contact", "2023-02-20")
    assert found is not None and found.due == date(2023, 2, 25) and not found.overdue
    assert late(kid, "parent-contact", "2023-02-26") == 1


# ---- who and when -------------------------------------------------------------------------------
def test_talk_by_the_wrong_person_does_not_count() -> None:
    assert late(child(talk("2022-10-12", "T002")), "talk-monthly", "2022-11-20") == 51


def test_unassigned_class_counts_anyone() -> None:
    kid = child(talk("2022-09-12", "T002"), talk("2022-10-12", "T002"), **{"class": "八(3)班"})
    found = status(kid, "talk-monthly", "2022-11-20")
    assert found is not None and found.responsible == () and not found.overdue


@pytest.mark.parametrize(("recorded", "owes_october"), [("2022-10-10", True),
                                                         ("2022-10-20", False)])
def test_mid_term_newcomer_owes_from_then_on(recorded: str, owes_october: bool) -> None:
    kid = child(recorded_on=recorded)
    found = status(kid, "talk-monthly", "2022-11-02")
    assert found is not None
    assert found.overdue is owes_october
    assert found.due == (date(2022, 10, 31) if owes_october else date(2022, 11, 30))
    assert status(kid, "talk-monthly", "2022-10-01") is None  # not yet recorded


def test_archived_child_owes_nothing_after_leaving() -> None:
    kid = child(status="转出", status_date="2022-10-08", status_reason="随父母到东莞就读")
    assert status(kid, "talk-monthly", "2022-11-20") is None
    assert status(kid, "talk-monthly", "2022-10-05") is not None  # before leaving, yes


def test_entries_after_as_of_are_ignored() -> None:
    kid = child(talk("2022-09-10"), talk("2022-10-12"))
    found = status(kid, "talk-monthly", "2022-10-05")
    assert found is not None and found.last == date(2022, 9, 10)
    assert found.due == date(2022, 10, 31) and found.days_overdue == -26


def test_current_month_met_clears_an_earlier_miss() -> None:
    # October missed, November already done: nothing left to act on; the miss is counted.
    found = status(child(talk("2022-09-10"), talk("2022-11-14")), "talk-monthly", "2022-11-20")
    assert found is not None and not found.overdue
    assert found.missed == 1 and found.due == date(2022, 12, 31)
