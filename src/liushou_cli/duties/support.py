"""The support system's duties (pure): what the pairings, plans, care records and activities
make somebody owe, as of a date, on the same school-day clock as rules.py.

- plan-check: a learning-support plan is checked at least every `every` school days;
  due `every` days after the last check (or the plan's start); the plan's teacher owes it.
- iep-plan: a child flagged for serious trouble needs an individual education plan within
  `iep_days` school days of the flag; the class teacher owes it.
- iep-review: each review date of the plan needs a review. Reviews count in date order, each
  for the earliest unmet review date whose window (from the day after the previous review
  date, or from the plan's date) holds it; a review date that passed unmet is overdue since
  that date. The plan's responsible teacher owes it.
- care-follow-up: an explicit follow-up date that passed with no follow-up recorded; owed by
  the named follow-up teacher, else the class teacher.
- parent-meeting: each class with children on record holds a parent meeting (家长会) during
  the term; due at the term's end; the class teachers owe it (a row for the class).
- collective-activity: every child takes part in a collective activity (集体活动) during the
  term: the 每学期 rule of rules.py (half-term rule for newcomers included), class teachers.
Holidays pause everything, as for the other duties (docs/duties.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.model import Activity, Child, Duty, IndividualPlan, LearningPlan, Staff, SupportSettings
from liushou_cli.core.support import open_plans
from liushou_cli.duties.rules import class_teacher_index, evaluate_dates, on_record

PLAN_CHECK = "plan-check"
IEP_PLAN = "iep-plan"
IEP_REVIEW = "iep-review"
CARE_FOLLOW_UP = "care-follow-up"
PARENT_MEETING = "parent-meeting"
COLLECTIVE_ACTIVITY = "collective-activity"
SUPPORT_DUTIES = (PLAN_CHECK, IEP_PLAN, IEP_REVIEW, CARE_FOLLOW_UP, PARENT_MEETING,
                  COLLECTIVE_ACTIVITY)

# The collective activity runs on the engine's 每学期 rule; satisfied_by is not used, since
# the dates come from the activity files.
_COLLECTIVE = Duty.model_validate({
    "id": COLLECTIVE_ACTIVITY, "name": "每学期集体活动", "responsible": "班主任",
    "applies_to": "全部", "satisfied_by": [], "period": "每学期"})


class ActivityLike(Protocol):
    """What the duties need of an activity: an Activity record, or its facts kept in the
    cache (store.activities.ActivityFacts)."""

    @property
    def kind(self) -> str: ...
    @property
    def date(self) -> date: ...
    @property
    def classes(self) -> Sequence[str]: ...
    @property
    def children(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Owed:
    """One unmet support duty, as of a date: a child's, or (child None) a class's."""

    duty: str
    klass: str
    child: Child | None
    responsible: tuple[str, ...]
    last: date | None
    due: date
    days_overdue: int  # school days past the deadline; negative: days still left
    missed: int = 0
    detail: str | None = None  # the plan's subject, the care record's type

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def _late(school: SchoolCalendar, due: date, as_of: date) -> int:
    return school.ordinal(as_of) - school.ordinal(due)


def _after(school: SchoolCalendar, day: date, days: int) -> date:
    return school.day_at(school.ordinal(day) + days)


def plan_check(child: Child, plan: LearningPlan, school: SchoolCalendar, as_of: date) -> Owed:
    """A plan is checked every `plan.every` school days, counted from the last check."""
    checks = sorted(check.date for check in plan.checks if check.date <= as_of)
    last = checks[-1] if checks else None
    due = _after(school, last or plan.date, plan.every)
    late = _late(school, due, as_of)
    return Owed(PLAN_CHECK, child.class_name, child, (plan.teacher,), last, due, late,
                1 if late > 0 else 0, plan.subject)


def _case_open(case: IndividualPlan, as_of: date) -> bool:
    return case.flagged <= as_of and (case.closed is None or case.closed > as_of)


def iep_plan(child: Child, case: IndividualPlan, teachers: tuple[str, ...],
             school: SchoolCalendar, as_of: date, days: int) -> Owed | None:
    """A flagged child needs a plan within `days` school days of the flag."""
    if case.plan is not None and case.plan.date <= as_of:
        return None
    due = _after(school, case.flagged, days)
    late = _late(school, due, as_of)
    return Owed(IEP_PLAN, child.class_name, child, teachers, None, due, late,
                1 if late > 0 else 0)


def iep_review(child: Child, case: IndividualPlan, school: SchoolCalendar,
               as_of: date) -> Owed | None:
    """The earliest review date that has no review yet (see the module's docstring)."""
    plan = case.plan
    if plan is None or plan.date > as_of:
        return None
    scheduled = sorted(plan.review_dates)
    starts = [plan.date, *(day + timedelta(days=1) for day in scheduled[:-1])]
    met = [False] * len(scheduled)
    reviews = sorted(review.date for review in case.reviews if review.date <= as_of)
    for day in reviews:
        index = next((i for i, start in enumerate(starts) if not met[i] and start <= day), None)
        if index is not None:
            met[index] = True
    unmet = [i for i, done in enumerate(met) if not done]
    if not unmet:
        return None
    due = scheduled[unmet[0]]
    missed = sum(1 for i in unmet if _late(school, scheduled[i], as_of) > 0)
    return Owed(IEP_REVIEW, child.class_name, child, (plan.teacher,),
                reviews[-1] if reviews else None, due, _late(school, due, as_of), missed)


def care_follow_ups(child: Child, teachers: tuple[str, ...], school: SchoolCalendar,
                    as_of: date) -> list[Owed]:
    """Every care record whose follow-up date is set and whose follow-up is not recorded."""
    found = []
    for record in child.care:
        if record.follow_up_on is None or record.date > as_of:
            continue
        if record.followed_up is not None and record.followed_up <= as_of:
            continue
        who = (record.follow_up_by,) if record.follow_up_by else teachers
        late = _late(school, record.follow_up_on, as_of)
        found.append(Owed(CARE_FOLLOW_UP, child.class_name, child, who, None,
                          record.follow_up_on, late, 1 if late > 0 else 0, record.type))
    return found


def parent_meetings(classes: Iterable[str], activities: Iterable[ActivityLike],
                    class_teachers: dict[str, list[str]], school: SchoolCalendar,
                    as_of: date) -> list[Owed]:
    """A row for every class (of those with children on record) that has had no parent
    meeting this term; due on the term's last day."""
    term = school.reference_term(as_of)
    if term is None:
        return []
    held: dict[str, list[date]] = {}
    for activity in activities:
        if activity.kind == "家长会" and activity.date <= as_of:
            for klass in activity.classes:
                held.setdefault(klass, []).append(activity.date)
    found = []
    for klass in sorted(set(classes)):
        meetings = sorted(held.get(klass, ()))
        if any(term.start <= day <= term.end for day in meetings):
            continue
        late = _late(school, term.end, as_of)
        found.append(Owed(PARENT_MEETING, klass, None, tuple(class_teachers.get(klass, ())),
                          meetings[-1] if meetings else None, term.end, late,
                          1 if late > 0 else 0))
    return found


def collective_activity(child: Child, dates: Sequence[date], teachers: tuple[str, ...],
                        school: SchoolCalendar, as_of: date) -> Owed | None:
    """The 每学期 rule over the dates of the collective activities the child took part in."""
    status = evaluate_dates(child, _COLLECTIVE, teachers, school, as_of, dates)
    if status is None:
        return None
    return Owed(COLLECTIVE_ACTIVITY, child.class_name, child, status.responsible, status.last,
                status.due, status.days_overdue, status.missed)


def collective_dates(activities: Iterable[ActivityLike]) -> dict[str, list[date]]:
    """Child id -> the dates of the collective activities the child took part in."""
    joined: dict[str, list[date]] = {}
    for activity in activities:
        if activity.kind == "集体活动":
            for child_id in activity.children:
                joined.setdefault(child_id, []).append(activity.date)
    return joined


def child_support_owed(child: Child, joined: Sequence[date], teachers: tuple[str, ...],
                       school: SchoolCalendar, as_of: date,
                       settings: SupportSettings) -> list[Owed]:
    """One child's unmet support duties as of a date (its plans, individual plans, care
    follow-ups and collective activity); `joined` are its collective activities' dates."""
    if school.reference_term(as_of) is None or not on_record(child, as_of):
        return []
    found = [plan_check(child, plan, school, as_of) for plan in open_plans(child, as_of)]
    for case in child.individual_plans:
        if not _case_open(case, as_of):
            continue
        for owed in (iep_plan(child, case, teachers, school, as_of, settings.iep_days),
                     iep_review(child, case, school, as_of)):
            if owed is not None:
                found.append(owed)
    found += care_follow_ups(child, teachers, school, as_of)
    if settings.collective_activity:
        owed = collective_activity(child, joined, teachers, school, as_of)
        if owed is not None:
            found.append(owed)
    return found


def support_statuses(children: Iterable[Child], activities: Sequence[Activity],
                     staff: Iterable[Staff], school: SchoolCalendar, as_of: date,
                     settings: SupportSettings) -> list[Owed]:
    """Every unmet support duty as of a date, owed or pending (a negative days_overdue)."""
    if school.reference_term(as_of) is None:
        return []
    pupils = list(children)
    class_teachers = class_teacher_index(staff)
    joined = collective_dates(activities)
    found: list[Owed] = []
    for child in pupils:
        teachers = tuple(class_teachers.get(child.class_name, ()))
        found += child_support_owed(child, joined.get(child.id, []), teachers, school, as_of,
                                    settings)
    if settings.parent_meeting:
        found += parent_meetings([child.class_name for child in pupils
                                  if on_record(child, as_of)],
                                 activities, class_teachers, school, as_of)
    return found
