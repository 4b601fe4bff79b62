"""The support duties at their edges, through the path the overdue report takes
(day_duties.DayDuties, then the rows the report prints): each row is compared whole, so that
its class, its child, its count of missed dates and its responsible teachers are held too.

The cases are the worked examples of test_support_rules.py (docs/duties.md, "结对帮扶的职责"),
moved to the day the rule changes its answer: a check, plan or review made on the as-of day,
a case flagged or closed on it, a follow-up due on it. Most of them catch a small bug that
the mutation run of docs/testing.md showed no other test caught.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from liushou_cli.core.model import Activity, Child, SchoolConfig, SupportSettings
from liushou_cli.duties.day import DayDuties
from liushou_cli.store.read import LoadedChild

from .test_support_rules import (
    STAFF,
    TERMS,
    activity,
    case,
    child,
    iep,
    ill,
    plan,
    review,
    standings,
)

NO_CLASS_DUTIES = SupportSettings(parent_meeting=False, collective_activity=False)


def rows(kid: Child, as_of: str, duty: str, settings: SupportSettings = NO_CLASS_DUTIES,
         activities: tuple[Activity, ...] = ()) -> list[dict[str, Any]]:
    """The child's rows of one support duty, as the overdue report gets them, without the
    key that tells the calendar which of the child's obligations each is (test_calendar.py)."""
    config = SchoolConfig(school="x", terms=TERMS, duties=[], support=settings)
    day = DayDuties(config, STAFF, date.fromisoformat(as_of), list(activities))
    return [{key: value for key, value in row.items() if key != "key"}
            for row in day.all_rows([LoadedChild(None, kid)], None) if row["duty"] == duty]


def row(duty: str, due: str, late: int, *, missed: int = 0, last: str | None = None,
        responsible: str = "T002", names: str = "李芳", duty_name: str) -> dict[str, Any]:
    """张小明's row (c1, 七(1)班) of a support duty."""
    return {"child_id": "c1", "name": "张小明", "class": "七(1)班", "duty": duty,
            "duty_name": duty_name, "responsible": responsible, "responsible_name": names,
            "last": last, "due": due, "days_overdue": late, "missed": missed}


# ---- learning-support plan checks ------------------------------------------------------------
def test_a_plan_check_overdue_by_one_day_counts_one_missed() -> None:
    # 15 September + 30 school days: due 15 October; on the 16th one day late, one check missed.
    kid = child(learning_plans=[plan()])
    assert rows(kid, "2022-10-16", "plan-check") == [
        row("plan-check", "2022-10-15", 1, missed=1, duty_name="学习帮扶检查（数学）")]
    assert rows(kid, "2022-10-15", "plan-check") == [  # due today: not late, nothing missed
        row("plan-check", "2022-10-15", 0, duty_name="学习帮扶检查（数学）")]


def test_a_plan_check_on_the_as_of_day_counts() -> None:
    kid = child(learning_plans=[plan("2022-11-20")])
    assert rows(kid, "2022-11-20", "plan-check") == [
        row("plan-check", "2022-12-20", -30, last="2022-11-20", duty_name="学习帮扶检查（数学）")]


# ---- individual education plans ---------------------------------------------------------------
def test_a_case_flagged_on_the_as_of_day_is_open() -> None:
    kid = child(individual_plans=[case("2022-11-20")])
    assert rows(kid, "2022-11-20", "iep-plan") == [
        row("iep-plan", "2022-12-04", -14, responsible="T001", names="王建国",
            duty_name="制定个别教育管理方案")]
    assert rows(kid, "2022-11-19", "iep-plan") == []  # not flagged yet


def test_a_case_closed_on_the_as_of_day_owes_nothing_that_day() -> None:
    kid = child(individual_plans=[case(closed="2022-11-20", close_reason="已好转")])
    assert rows(kid, "2022-11-20", "iep-plan") == []
    assert [found["days_overdue"] for found in rows(kid, "2022-11-19", "iep-plan")] == [26]


def test_a_plan_written_on_the_as_of_day_ends_the_duty() -> None:
    kid = child(individual_plans=[case(plan=iep("2022-10-25"))])
    assert rows(kid, "2022-10-25", "iep-plan") == []
    assert rows(kid, "2022-10-25", "iep-review") == [  # the plan's reviews start now
        row("iep-review", "2022-11-15", -21, duty_name="个别教育方案复查")]


def test_an_individual_plan_one_day_late_counts_one_missed() -> None:
    kid = child(individual_plans=[case()])
    assert rows(kid, "2022-10-25", "iep-plan") == [
        row("iep-plan", "2022-10-24", 1, missed=1, responsible="T001", names="王建国",
            duty_name="制定个别教育管理方案")]
    assert rows(kid, "2022-10-24", "iep-plan") == [
        row("iep-plan", "2022-10-24", 0, responsible="T001", names="王建国",
            duty_name="制定个别教育管理方案")]


def test_a_review_on_the_as_of_day_counts() -> None:
    kid = child(individual_plans=[case(plan=iep(), reviews=[review("2022-11-20")])])
    assert rows(kid, "2022-11-20", "iep-review") == [
        row("iep-review", "2022-12-15", -25, last="2022-11-20", duty_name="个别教育方案复查")]


def test_a_review_on_the_day_after_a_review_date_counts_for_the_next_one() -> None:
    # The window of 15 December opens on 16 November: a review that day is for December, so
    # November's, never made, is still owed.
    kid = child(individual_plans=[case(plan=iep(), reviews=[review("2022-11-14"),
                                                             review("2022-11-16")])])
    assert rows(kid, "2023-01-10", "iep-review") == []
    # A review on the day before the window opens is a second review for November's date.
    early = child(individual_plans=[case(plan=iep(), reviews=[review("2022-11-10"),
                                                               review("2022-11-14")])])
    assert [found["due"] for found in rows(early, "2022-11-20", "iep-review")] == ["2022-12-15"]
    on_the_date = child(individual_plans=[case(plan=iep(), reviews=[review("2022-11-15")])])
    assert rows(on_the_date, "2022-11-20", "iep-review") == [
        row("iep-review", "2022-12-15", -25, last="2022-11-15", duty_name="个别教育方案复查")]


def test_a_review_on_the_plans_own_day_counts_for_the_first_date() -> None:
    kid = child(individual_plans=[case(plan=iep(), reviews=[review("2022-10-20")])])
    assert [found["due"] for found in rows(kid, "2022-11-20", "iep-review")] == ["2022-12-15"]


def test_reviews_are_owed_only_once_the_plan_is_written() -> None:
    kid = child(individual_plans=[case(plan=iep("2022-10-20"))])
    assert rows(kid, "2022-10-19", "iep-review") == []
    assert [found["due"] for found in rows(kid, "2022-10-20", "iep-review")] == ["2022-11-15"]


def test_missed_review_dates_are_counted_from_the_day_after_each() -> None:
    # Neither review made: on 15 December the second is due today, so one is missed; a day
    # later both are.
    kid = child(individual_plans=[case(plan=iep())])
    assert [found["missed"] for found in rows(kid, "2022-12-15", "iep-review")] == [1]
    assert [found["missed"] for found in rows(kid, "2022-12-16", "iep-review")] == [2]


def test_three_review_dates_two_early_reviews() -> None:
    # Windows: [20 Oct, 15 Nov], [16 Nov, 15 Dec], [16 Dec, 5 Jan]. Reviews on 10 Nov and
    # 20 Nov meet the first two; the third is what is due.
    dates = ("2022-11-15", "2022-12-15", "2023-01-05")
    kid = child(individual_plans=[case(plan=iep(reviews=dates),
                                       reviews=[review("2022-11-10"), review("2022-11-20")])])
    assert rows(kid, "2023-01-06", "iep-review") == [
        row("iep-review", "2023-01-05", 1, missed=1, last="2022-11-20",
            duty_name="个别教育方案复查")]
    all_three = child(individual_plans=[case(plan=iep(reviews=dates), reviews=[
        review("2022-11-10"), review("2022-11-20"), review("2022-12-20")])])
    assert rows(all_three, "2023-01-06", "iep-review") == []


# ---- care follow-ups ------------------------------------------------------------------------------
def test_a_follow_up_recorded_on_the_as_of_day_counts() -> None:
    kid = child(care=[ill(follow_up_by="T002", followed_up="2022-10-15", outcome="已康复")])
    assert rows(kid, "2022-10-15", "care-follow-up") == []
    assert rows(kid, "2022-10-14", "care-follow-up") == [
        row("care-follow-up", "2022-10-12", 2, missed=1, duty_name="关爱跟进（患病）")]


def test_a_care_record_written_on_the_as_of_day_is_counted() -> None:
    kid = child(care=[ill(date="2022-10-12", follow_up_by="T002")])
    assert rows(kid, "2022-10-12", "care-follow-up") == [
        row("care-follow-up", "2022-10-12", 0, duty_name="关爱跟进（患病）")]
    assert rows(kid, "2022-10-11", "care-follow-up") == []  # not written yet


def test_a_record_with_nothing_to_follow_does_not_hide_the_next_one() -> None:
    # The first record asks no follow-up, the second was followed up: neither stops the
    # third, whose follow-up is owed, from being listed.
    kid = child(care=[ill(follow_up_on=None), ill(follow_up_by="T002", followed_up="2022-10-12",
                                                  outcome="已康复"),
                      ill(follow_up_by="T002", date="2022-10-09", follow_up_on="2022-10-13")])
    assert rows(kid, "2022-10-14", "care-follow-up") == [
        row("care-follow-up", "2022-10-13", 1, missed=1, duty_name="关爱跟进（患病）")]


# ---- dates across the holiday ---------------------------------------------------------------------
# Follow-ups and reviews run by date across terms; one due in the winter holiday (14 January
# to 5 February) falls due on the spring term's first day, 6 February. The holiday and that
# day are one step of the school-day clock, so all through the holiday it has 0 days left.
@pytest.mark.parametrize(("follow_up", "as_of", "due", "late"), [
    ("2023-01-13", "2023-01-13", "2023-01-13", 0),   # the autumn term's last day
    ("2023-01-13", "2023-01-14", "2023-01-13", 1),
    ("2023-01-13", "2023-02-06", "2023-01-13", 1),
    ("2023-01-14", "2023-01-13", "2023-02-06", -1),  # the holiday's first day
    ("2023-01-14", "2023-01-14", "2023-02-06", 0),
    ("2023-01-20", "2023-01-20", "2023-02-06", 0),
    ("2023-01-20", "2023-02-05", "2023-02-06", 0),
    ("2023-02-05", "2023-01-14", "2023-02-06", 0),   # the holiday's last day
    ("2023-02-05", "2023-02-06", "2023-02-06", 0),
    ("2023-02-05", "2023-02-07", "2023-02-06", 1),
    ("2023-02-06", "2023-02-05", "2023-02-06", 0),   # the spring term's first day
    ("2023-02-06", "2023-02-07", "2023-02-06", 1),
    ("2023-02-07", "2023-02-06", "2023-02-07", -1),
])
def test_a_follow_up_due_in_the_holiday_falls_due_on_the_next_terms_first_day(
        follow_up: str, as_of: str, due: str, late: int) -> None:
    kid = child(care=[ill(date="2023-01-10", follow_up_on=follow_up, follow_up_by="T002")])
    assert rows(kid, as_of, "care-follow-up") == [
        row("care-follow-up", due, late, missed=1 if late > 0 else 0, duty_name="关爱跟进（患病）")]


def test_a_review_due_in_the_holiday_falls_due_on_the_next_terms_first_day() -> None:
    kid = child(individual_plans=[case(plan=iep(reviews=("2022-12-15", "2023-01-20")),
                                       reviews=[review("2022-12-14")])])
    for as_of in ("2023-01-14", "2023-01-20", "2023-02-05", "2023-02-06"):
        assert rows(kid, as_of, "iep-review") == [
            row("iep-review", "2023-02-06", 0, last="2022-12-14", duty_name="个别教育方案复查")]
    assert rows(kid, "2023-01-13", "iep-review") == [
        row("iep-review", "2023-02-06", -1, last="2022-12-14", duty_name="个别教育方案复查")]
    assert rows(kid, "2023-02-07", "iep-review") == [
        row("iep-review", "2023-02-06", 1, missed=1, last="2022-12-14",
            duty_name="个别教育方案复查")]


def test_a_closed_case_does_not_hide_an_open_one() -> None:
    kid = child(individual_plans=[case("2022-09-10", closed="2022-09-20", close_reason="误报"),
                                  case("2022-10-10")])
    assert [found["due"] for found in rows(kid, "2022-10-25", "iep-plan")] == ["2022-10-24"]


# ---- the class-level duties and every child ------------------------------------------------------
ALL = SupportSettings()


def class_rows(as_of: str, *held: str, more: tuple[Child, ...] = ()) -> list[dict[str, Any]]:
    """The parent-meeting rows of 七(1)班 (and the classes of `more`) with meetings of 七(1)班
    held on `held`, as the report gets them."""
    config = SchoolConfig(school="x", terms=TERMS, duties=[],
                          support=SupportSettings(collective_activity=False))
    meetings = [activity("家长会", day) for day in held]
    day = DayDuties(config, STAFF, date.fromisoformat(as_of), meetings)
    loaded = [LoadedChild(None, kid) for kid in (child(), *more)]
    return [found for found in day.all_rows(loaded, None) if found["duty"] == "parent-meeting"]


MEETING = {"child_id": None, "name": "（全班）", "class": "七(1)班", "duty": "parent-meeting",
           "duty_name": "每学期家长会", "responsible": "T001", "responsible_name": "王建国",
           "due": "2023-01-13"}


def test_a_parent_meeting_on_the_first_or_last_day_of_the_term_counts() -> None:
    assert class_rows("2023-01-20", "2022-09-01") == []
    assert class_rows("2023-01-20", "2023-01-13") == []
    assert class_rows("2023-01-20", "2022-08-31") == [  # in the summer: the term before
        {**MEETING, "last": "2022-08-31", "days_overdue": 1, "missed": 1}]


def test_one_class_meeting_does_not_clear_another_classs() -> None:
    other = child(id="c2", name="李四", **{"class": "七(2)班"})
    assert [(found["class"], found["days_overdue"])
            for found in class_rows("2023-01-20", "2022-11-19", more=(other,))] == [("七(2)班", 1)]


def test_a_parent_meeting_owed_on_its_due_day_is_not_missed_yet() -> None:
    assert class_rows("2023-01-13") == [{**MEETING, "last": None, "days_overdue": 0, "missed": 0}]


def test_a_collective_activity_shows_when_the_child_last_took_part() -> None:
    # Autumn's activity does not count for spring, but it is the last one the child joined.
    went = (activity("集体活动", "2022-10-15", children=("c1",)),)
    assert rows(child(), "2023-07-10", "collective-activity", settings=ALL, activities=went) == [
        row("collective-activity", "2023-07-07", 1, missed=1, last="2022-10-15",
            responsible="T001", names="王建国", duty_name="每学期集体活动")]



# In a holiday the parent meeting is the term's that ended: a class none of whose children was
# on record on its last day (recorded since, or away then) owed none, and has no row.
def second_class(**fields: Any) -> Child:
    return child(id="c2", name="李四", **{"class": "七(2)班"}, **fields)


@pytest.mark.parametrize(("recorded", "as_of", "late"), [
    ("2023-01-13", "2023-01-13", 0),      # on the term's last day: owed, due that day
    ("2023-01-13", "2023-01-14", 1),
    ("2023-01-13", "2023-02-05", 1),
    ("2023-01-14", "2023-01-14", None),   # on the holiday's first day: owed nothing
    ("2023-01-20", "2023-02-05", None),
    ("2023-02-05", "2023-02-05", None),   # on its last day
    ("2023-02-05", "2023-02-06", -151),   # the spring term's meeting is owed
    ("2023-02-06", "2023-02-06", -151),
])
def test_a_class_recorded_in_the_holiday_owes_no_meeting_for_the_term_before(
        recorded: str, as_of: str, late: int | None) -> None:
    found = [row["days_overdue"] for row in class_rows(
        as_of, "2022-11-19", more=(second_class(recorded_on=recorded),)) if row["class"] == "七(2)班"]
    assert found == ([] if late is None else [late])


@pytest.mark.parametrize(("back", "late"), [("2023-01-13", 1), ("2023-01-14", None),
                                            ("2023-01-20", None)])
def test_a_class_back_in_the_holiday_owes_no_meeting_for_the_term_before(
        back: str, late: int | None) -> None:
    # Its only child was away all term, from before it began, and came back on `back`.
    away = second_class(recorded_on="2022-03-01", status_date=back, status_reason="回校就读",
                        status_history=[{"status": "转出", "date": "2022-08-20",
                                         "reason": "随父母外出"}])
    found = [row["days_overdue"] for row in class_rows("2023-01-20", "2022-11-19", more=(away,))
             if row["class"] == "七(2)班"]
    assert found == ([] if late is None else [late])


def test_a_class_whose_children_left_before_the_term_owes_no_meeting() -> None:
    gone = second_class(recorded_on="2022-03-01", status="转出", status_date="2022-08-20",
                        status_reason="随父母外出")
    assert class_rows("2023-01-20", "2022-11-19", more=(gone,)) == []


def test_a_child_first_on_record_in_the_holiday_owes_no_collective_activity_before() -> None:
    back = second_class(recorded_on="2022-03-01", status_date="2023-01-14",
                        status_reason="回校就读", status_history=[
                            {"status": "转出", "date": "2022-08-20", "reason": "随父母外出"}])
    for kid in (second_class(recorded_on="2023-01-14"), back):
        assert rows(kid, "2023-01-20", "collective-activity", settings=ALL) == []


def test_a_parent_meeting_on_the_as_of_day_counts() -> None:
    assert class_rows("2022-11-20", "2022-11-20") == []
    assert [found["days_overdue"] for found in class_rows("2022-11-19", "2022-11-20")] == [-55]


def test_every_child_of_the_school_owes_its_own_duties() -> None:
    # Two children with a duty each: both are listed (the second does not replace the first);
    # a child whose class has no class teacher is owed by no one, not an error.
    first = child(care=[ill(follow_up_by="T002")])
    second = child(id="c2", name="李四", **{"class": "七(9)班"}, care=[ill()])
    found = standings([first, second], "2022-10-13", settings=NO_CLASS_DUTIES)
    assert [(item.child_id, item.klass, item.responsible)
            for item in found] == [("c1", "七(1)班", ("T002",)), ("c2", "七(9)班", ())]


# ---- a hand-edited file with two open cases --------------------------------------------------
# `liushou iep flag` refuses a second open case, but a file edited by hand may hold two: the
# first case having nothing owed must not hide what the second owes.
@pytest.mark.parametrize(("first", "duty"), [
    (case(plan=iep("2022-10-20")), "iep-plan"),                      # its plan made already
    (case(), "iep-review"),                                          # no plan yet: no reviews
    (case(plan=iep("2022-10-20", reviews=("2022-11-15",)),
          reviews=[review("2022-11-14")]), "iep-review"),            # every review made
])
def test_a_first_case_with_nothing_owed_does_not_hide_the_second(first: dict[str, Any],
                                                                  duty: str) -> None:
    second = case("2022-10-12", plan=iep("2022-10-21")) if duty == "iep-review" else case(
        "2022-10-12")
    alone = rows(child(individual_plans=[second]), "2022-11-20", duty)
    assert alone  # the second case owes something on its own
    assert rows(child(individual_plans=[first, second]), "2022-11-20", duty) == alone
