"""The support system's duties on hand-made cases (docs/duties.md, "结对帮扶的职责", says the
same in words): plan checks, individual plans and their reviews, care follow-ups, parent
meetings, collective activities; and the proxy parent of the time credited for a talk.
Through the path the overdue report takes (duties.day.DayDuties), read back as Standings."""

from __future__ import annotations

from datetime import date
from typing import Any

from liushou_cli.core.model import (
    Activity,
    Child,
    Duty,
    SchoolConfig,
    Staff,
    SupportSettings,
    Term,
    default_duties,
)
from liushou_cli.core.support import proxy_history, proxy_parent_on

from .conftest import Standing, duty_standings

TERMS = [Term(name="2022秋", start=date(2022, 9, 1), end=date(2023, 1, 13)),
         Term(name="2023春", start=date(2023, 2, 6), end=date(2023, 7, 7))]
STAFF = [Staff(id="T001", name="王建国", roles=["班主任"], leads=["七(1)班"]),
         Staff(id="T002", name="李芳", roles=["任课教师", "代理家长"], teaches=["七(1)班"]),
         Staff(id="T003", name="赵敏", roles=["代理家长"])]
NO_CLASS_DUTIES = SupportSettings(parent_meeting=False, collective_activity=False)


def child(**fields: Any) -> Child:
    data = {"id": "c1", "name": "张小明", "gender": "男", "class": "七(1)班",
            "left_behind_type": "双亲外出", "recorded_on": "2022-09-05", **fields}
    return Child.model_validate(data)


def standings(children: list[Child], as_of: str, activities: tuple[Activity, ...] = (),
              settings: SupportSettings = NO_CLASS_DUTIES) -> list[Standing]:
    """Every support duty row of the children (and their classes), as the report gets them."""
    config = SchoolConfig(school="x", terms=TERMS, duties=[], support=settings)
    return duty_standings(config, STAFF, date.fromisoformat(as_of), children, activities)


def owed(kid: Child, duty: str, as_of: str, activities: tuple[Activity, ...] = (),
         settings: SupportSettings = NO_CLASS_DUTIES) -> list[Standing]:
    return [item for item in standings([kid], as_of, activities, settings) if item.duty == duty]


def one(kid: Child, duty: str, as_of: str, **kwargs: Any) -> Standing | None:
    found = owed(kid, duty, as_of, **kwargs)
    assert len(found) <= 1
    return found[0] if found else None


def late(kid: Child, duty: str, as_of: str, **kwargs: Any) -> int | None:
    found = one(kid, duty, as_of, **kwargs)
    return found.days_overdue if found else None


# ---- learning-support plan checks ------------------------------------------------------------
def plan(*checks: str, every: int = 30, start: str = "2022-09-15", **more: Any) -> dict[str, Any]:
    return {"subject": "数学", "teacher": "T002", "date": start, "every": every,
            "checks": [{"date": day, "by": "T002", "result": "有进步"} for day in checks], **more}


def test_plan_check_due_every_n_days_from_the_start() -> None:
    kid = child(learning_plans=[plan()])
    assert late(kid, "plan-check", "2022-10-15") == 0  # 15 September + 30 days: due today
    found = one(kid, "plan-check", "2022-10-16")
    assert found is not None and found.overdue
    assert (found.due, found.days_overdue, found.last, found.responsible, found.duty_name) == (
        date(2022, 10, 15), 1, None, ("T002",), "学习帮扶检查（数学）")


def test_plan_check_counts_from_the_last_check() -> None:
    kid = child(learning_plans=[plan("2022-10-10")])
    found = one(kid, "plan-check", "2022-11-20")
    assert found is not None
    assert (found.due, found.days_overdue, found.last) == (date(2022, 11, 9), 11, date(2022, 10, 10))
    assert late(child(learning_plans=[plan("2022-10-10", every=45)]), "plan-check",
                "2022-11-20") == -4  # due 24 November


def test_plan_check_after_the_as_of_date_does_not_count() -> None:
    kid = child(learning_plans=[plan("2022-11-18")])
    assert late(kid, "plan-check", "2022-10-20") == 5


def test_plan_check_pauses_in_the_holiday() -> None:
    # 20 December + 30 school days: 24 days to 13 January, the holiday as one, 5 in spring.
    kid = child(learning_plans=[plan(start="2022-12-20")])
    found = one(kid, "plan-check", "2023-01-20")
    assert found is not None and found.due == date(2023, 2, 11) and found.days_overdue == -5
    assert late(kid, "plan-check", "2023-02-12") == 1


def test_ended_plan_owes_nothing() -> None:
    kid = child(learning_plans=[plan(ended="2022-10-01", end_reason="成绩稳定")])
    assert one(kid, "plan-check", "2022-11-20") is None


# ---- individual education plans ---------------------------------------------------------------
def case(flagged: str = "2022-10-10", **more: Any) -> dict[str, Any]:
    return {"flagged": flagged, "concerns": ["学业严重下滑"], "by": "T001", **more}


def iep(day: str = "2022-10-20", reviews: tuple[str, ...] = ("2022-11-15", "2022-12-15"),
        teacher: str = "T002") -> dict[str, Any]:
    return {"date": day, "teacher": teacher, "measures": ["每周个别谈话"],
            "review_dates": list(reviews)}


def review(day: str) -> dict[str, Any]:
    return {"date": day, "by": "T002", "result": "有所好转"}


def test_individual_plan_due_within_the_configured_days() -> None:
    kid = child(individual_plans=[case()])
    assert late(kid, "iep-plan", "2022-10-24") == 0  # 10 October + 14 days
    found = one(kid, "iep-plan", "2022-10-25")
    assert found is not None and found.responsible == ("T001",) and found.days_overdue == 1
    seven = SupportSettings(iep_days=7, parent_meeting=False, collective_activity=False)
    found = one(kid, "iep-plan", "2022-10-25", settings=seven)
    assert found is not None and found.due == date(2022, 10, 17) and found.days_overdue == 8


def test_individual_plan_written_in_time_ends_the_duty() -> None:
    kid = child(individual_plans=[case(plan=iep("2022-10-20"))])
    assert one(kid, "iep-plan", "2022-10-25") is None
    assert late(kid, "iep-plan", "2022-10-19") == -5  # before the plan was written
    closed = child(individual_plans=[case(closed="2022-10-15", close_reason="误报")])
    assert one(closed, "iep-plan", "2022-11-20") is None


def test_individual_plan_deadline_pauses_in_the_holiday() -> None:
    kid = child(individual_plans=[case("2023-01-05")])
    found = one(kid, "iep-plan", "2023-01-20")
    assert found is not None and found.due == date(2023, 2, 11) and found.days_overdue == -5


def test_missed_review_is_overdue_since_the_review_date() -> None:
    kid = child(individual_plans=[case(plan=iep())])
    found = one(kid, "iep-review", "2022-11-20")
    assert found is not None
    assert (found.due, found.days_overdue, found.missed, found.responsible) == (
        date(2022, 11, 15), 5, 1, ("T002",))


def test_a_review_counts_for_one_review_date() -> None:
    early = child(individual_plans=[case(plan=iep(), reviews=[review("2022-11-14")])])
    found = one(early, "iep-review", "2022-11-20")
    assert found is not None and found.due == date(2022, 12, 15) and found.days_overdue == -25
    # Two reviews before the first date: the second does not count for December.
    twice = child(individual_plans=[case(plan=iep(), reviews=[review("2022-11-10"),
                                                              review("2022-11-12")])])
    assert late(twice, "iep-review", "2022-12-20") == 5
    # A late review makes up the missed date; the next one is then what is due.
    made_up = child(individual_plans=[case(plan=iep(), reviews=[review("2022-11-25")])])
    assert late(made_up, "iep-review", "2022-11-26") == -19
    both = child(individual_plans=[case(plan=iep(), reviews=[review("2022-11-14"),
                                                             review("2022-12-14")])])
    assert one(both, "iep-review", "2023-01-10") is None


def test_one_late_review_makes_up_only_the_first_missed_date() -> None:
    kid = child(individual_plans=[case(plan=iep(), reviews=[review("2022-12-20")])])
    found = one(kid, "iep-review", "2022-12-21")
    assert found is not None
    assert (found.due, found.days_overdue, found.missed, found.last) == (
        date(2022, 12, 15), 6, 1, date(2022, 12, 20))


# ---- care follow-ups ------------------------------------------------------------------------------
def ill(**more: Any) -> dict[str, Any]:
    return {"type": "患病", "date": "2022-10-08", "by": "T001", "what": "发烧",
            "follow_up_on": "2022-10-12", **more}


def test_follow_up_date_passed_undone_is_overdue() -> None:
    kid = child(care=[ill(follow_up_by="T002")])
    assert late(kid, "care-follow-up", "2022-10-12") == 0
    found = one(kid, "care-follow-up", "2022-10-13")
    assert found is not None
    assert (found.responsible, found.days_overdue, found.duty_name) == (("T002",), 1,
                                                                        "关爱跟进（患病）")


def test_follow_up_without_a_teacher_falls_to_the_class_teacher() -> None:
    found = one(child(care=[ill()]), "care-follow-up", "2022-11-20")
    assert found is not None and found.responsible == ("T001",) and found.days_overdue == 39


def test_follow_up_recorded_or_not_asked_owes_nothing() -> None:
    assert one(child(care=[ill(followed_up="2022-10-12", outcome="已康复")]),
               "care-follow-up", "2022-11-20") is None
    later = child(care=[ill(followed_up="2022-10-20", outcome="已康复")])
    assert late(later, "care-follow-up", "2022-10-15") == 3  # not yet followed up then
    subsidy = {"type": "生活补助", "date": "2022-09-20", "by": "T001", "policy": "寄宿生生活补助",
               "amount": 625, "period": "2022秋"}
    assert owed(child(care=[subsidy]), "care-follow-up", "2022-11-20") == []


# ---- parent meetings and collective activities -------------------------------------------------
def activity(kind: str, day: str, classes: tuple[str, ...] = ("七(1)班",),
             children: tuple[str, ...] = ()) -> Activity:
    return Activity.model_validate({"date": day, "kind": kind, "title": "x",
                                    "classes": list(classes), "children": list(children)})


ALL = SupportSettings()


def test_parent_meeting_each_term_per_class() -> None:
    kid = child()
    found = one(kid, "parent-meeting", "2023-01-13", settings=ALL)
    assert found is not None
    assert (found.child_id, found.klass, found.responsible, found.due, found.days_overdue) == (
        None, "七(1)班", ("T001",), date(2023, 1, 13), 0)
    assert late(kid, "parent-meeting", "2023-01-14", settings=ALL) == 1
    assert late(kid, "parent-meeting", "2023-02-05", settings=ALL) == 1  # holiday: paused
    spring = one(kid, "parent-meeting", "2023-02-06", settings=ALL)
    assert spring is not None and spring.due == date(2023, 7, 7)


def test_parent_meeting_of_another_class_or_term_does_not_count() -> None:
    kid = child()
    held = (activity("家长会", "2022-11-19"),)
    assert one(kid, "parent-meeting", "2023-01-20", activities=held, settings=ALL) is None
    other = (activity("家长会", "2022-11-19", classes=("七(2)班",)),)
    assert late(kid, "parent-meeting", "2023-01-20", activities=other, settings=ALL) == 1
    forum = (activity("座谈会", "2022-11-19"),)
    assert late(kid, "parent-meeting", "2023-01-20", activities=forum, settings=ALL) == 1
    found = one(kid, "parent-meeting", "2023-03-01", activities=held, settings=ALL)
    assert found is not None and found.last == date(2022, 11, 19)  # autumn's, not spring's


def test_every_child_in_a_collective_activity_each_term() -> None:
    went = (activity("集体活动", "2022-10-15", children=("c1",)),)
    assert one(child(), "collective-activity", "2023-01-20", activities=went, settings=ALL) is None
    without = (activity("集体活动", "2022-10-15", children=("c2",)),)
    found = one(child(), "collective-activity", "2023-01-20", activities=without, settings=ALL)
    assert found is not None
    assert (found.due, found.days_overdue, found.missed, found.responsible) == (
        date(2023, 1, 13), 1, 1, ("T001",))
    video = (activity("亲情视频", "2022-10-15", children=("c1",)),)
    assert late(child(), "collective-activity", "2023-01-20", activities=video, settings=ALL) == 1


def test_collective_activity_owed_by_newcomers_on_record_half_the_term() -> None:
    # 135 days of term: recorded on 7 November, 68 days left, owed; on 8 November, 67, not.
    assert late(child(recorded_on="2022-11-07"), "collective-activity", "2023-01-20",
                settings=ALL) == 1
    assert one(child(recorded_on="2022-11-08"), "collective-activity", "2023-01-20",
               settings=ALL) is None


def test_class_duties_can_be_switched_off_and_leavers_owe_nothing() -> None:
    assert owed(child(), "parent-meeting", "2023-01-20") == []
    left = child(status="转出", status_date="2022-10-08", status_reason="随父母转学",
                 care=[ill()], learning_plans=[plan()])
    assert standings([left], "2022-11-20", settings=ALL) == []


# ---- who was proxy parent when ---------------------------------------------------------------------
PROXY_TALK = Duty.model_validate(next(d for d in default_duties() if d["id"] == "proxy-talk"))


def proxy_talk(kid: Child, as_of: date) -> list[Standing]:
    """The child's rows of the proxy parent's half-monthly talk."""
    config = SchoolConfig(school="x", terms=TERMS, duties=[PROXY_TALK], support=NO_CLASS_DUTIES)
    return [item for item in duty_standings(config, STAFF, as_of, [kid])
            if item.duty == PROXY_TALK.id]


def changed_proxy(*talks: tuple[str, str]) -> Child:
    """李芳 (T002) was proxy parent from 5 September; 赵敏 (T003) from 1 November."""
    return child(key_support=True, proxy_parent="T003",
                 pairings=[{"role": "代理家长", "staff": "T002", "date": "2022-09-05",
                            "ended": "2022-11-01", "end_reason": "调往县城"},
                           {"role": "代理家长", "staff": "T003", "date": "2022-11-01"}],
                 events=[{"type": "谈心", "date": day, "by": by} for day, by in talks])


def test_history_survives_a_change_of_proxy_parent() -> None:
    kid = changed_proxy()
    assert proxy_parent_on(kid, date(2022, 10, 31)) == "T002"
    assert proxy_parent_on(kid, date(2022, 11, 1)) == "T003"
    assert proxy_parent_on(kid, date(2022, 9, 1)) is None  # before the first pairing
    assert proxy_history(kid) == [("T002", date(2022, 9, 5), date(2022, 11, 1)),
                                  ("T003", date(2022, 11, 1), None)]


def test_talks_count_for_the_proxy_parent_of_their_day() -> None:
    talks = [("2022-09-08", "T002"), ("2022-09-20", "T002"), ("2022-10-05", "T002"),
             ("2022-10-20", "T002"), ("2022-11-05", "T003")]
    kid = changed_proxy(*talks)
    found = proxy_talk(kid, date(2022, 11, 20))
    assert len(found) == 1 and found[0].responsible == ("T003",)
    assert not found[0].overdue and found[0].missed == 0 and found[0].due == date(2022, 11, 30)
    # As of October the duty was 李芳's.
    october = proxy_talk(kid, date(2022, 10, 20))
    assert october[0].responsible == ("T002",)


def test_a_talk_before_becoming_proxy_parent_does_not_count() -> None:
    # 赵敏's talk of 20 October was before her pairing: the second half of October is missed.
    kid = changed_proxy(("2022-09-08", "T002"), ("2022-09-20", "T002"), ("2022-10-05", "T002"),
                        ("2022-10-20", "T003"), ("2022-11-05", "T003"))
    found = proxy_talk(kid, date(2022, 11, 20))
    assert found[0].missed == 1 and not found[0].overdue


def test_old_files_without_pairings_keep_their_proxy_parent() -> None:
    kid = child(key_support=True, proxy_parent="T002",
                events=[{"type": "谈心", "date": "2022-09-08", "by": "T002"}])
    assert proxy_parent_on(kid, date(2022, 9, 1)) == "T002"
    found = proxy_talk(kid, date(2022, 10, 10))
    assert found[0].responsible == ("T002",) and found[0].due == date(2022, 9, 30)
