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
Holidays pause everything, as for the other duties (docs/duties.md); a review date or a
follow-up date in a holiday falls due on the next term's first day.

Each duty is registered once (`child_duty(...)(function)` or `class_duty(...)(function)`, just
after its function) with its id and the setting that can turn it off; SUPPORT_KINDS, in that
order, is every support duty there is: `child_support_owed` and `class_support_owed` run
them, and duties/rows.py names them and finds them by name. Its name is `duty_<id>` in
i18n/catalog.py (dashes as underscores).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol, TypeVar

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.settings import Duty
from liushou_cli.core.support import open_plans
from liushou_cli.duties.rules import before_return, evaluate_dates, on_record, returned_on
from liushou_cli.i18n import t
from liushou_cli.i18n.kinds import care_kind

if TYPE_CHECKING:
    from liushou_cli.core.model import Child, IndividualPlan
    from liushou_cli.core.settings import SupportSettings

PLAN_CHECK = "plan-check"
IEP_PLAN = "iep-plan"
IEP_REVIEW = "iep-review"
CARE_FOLLOW_UP = "care-follow-up"
PARENT_MEETING = "parent-meeting"
COLLECTIVE_ACTIVITY = "collective-activity"


@functools.cache
def collective_duty() -> Duty:
    """The collective activity runs on the engine's 每学期 rule; satisfied_by is not used,
    since the dates come from the activity files."""
    return Duty(id=COLLECTIVE_ACTIVITY, name="每学期集体活动", responsible="班主任",
                applies_to="全部", satisfied_by=[], period="每学期")


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
    missed_is_late: bool = False  # as DutyStatus's: `missed` is 1 exactly while it is overdue
    # Which of the child's obligations of this duty it is, where it may have several (a plan
    # by its subject and start, a case by the day it was flagged, a care record by its type
    # and date): the same whatever else is done or added (render/ics.py's UID). None where
    # the duty is owed once (the collective activity, a class's parent meeting).
    key: str | None = None

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class ChildDay:
    """What one child's support duties are worked out from, as of a date."""

    child: Child
    joined: Sequence[date]  # the dates of the collective activities it took part in
    teachers: tuple[str, ...]  # its class teachers
    school: SchoolCalendar
    as_of: date
    settings: SupportSettings


@dataclass(frozen=True)
class ClassesDay:
    """What the duties of whole classes are worked out from, as of a date."""

    classes: Sequence[str]  # the classes of the children on record (repeats are fine)
    activities: Sequence[ActivityLike]
    class_teachers: Mapping[str, Sequence[str]]
    school: SchoolCalendar
    as_of: date


def _always(settings: SupportSettings) -> bool:
    return True


@dataclass(frozen=True)
class ChildKind:
    """A support duty each child may owe: its id, what a child owes of it, whether the
    school's settings ask for it, and its name with a detail (the plan's subject) if any."""

    id: str
    owed: Callable[[ChildDay], list[Owed]]
    asked: Callable[[SupportSettings], bool] = _always
    named: Callable[[str], str] | None = None


@dataclass(frozen=True)
class ClassKind:
    """A support duty of a whole class (its rows have no child); the same parts."""

    id: str
    owed: Callable[[ClassesDay], list[Owed]]
    asked: Callable[[SupportSettings], bool] = _always
    named: Callable[[str], str] | None = None


SupportKind = ChildKind | ClassKind

# id -> kind, in the order the rows and the names are listed in.
SUPPORT_KINDS: dict[str, SupportKind] = {}

ChildOwed = TypeVar("ChildOwed", bound=Callable[[ChildDay], list[Owed]])
ClassOwed = TypeVar("ClassOwed", bound=Callable[[ClassesDay], list[Owed]])


def register_support(kind: SupportKind) -> None:
    """Make `kind` one of the support duties, by its id."""
    if kind.id in SUPPORT_KINDS:
        raise ValueError(f"support duty {kind.id} is registered twice")
    SUPPORT_KINDS[kind.id] = kind


def child_duty(duty: str, *, asked: Callable[[SupportSettings], bool] = _always,
               named: Callable[[str], str] | None = None) -> Callable[[ChildOwed], ChildOwed]:
    """Register the function below as what each child owes of the support duty `duty`."""
    def register(owed: ChildOwed) -> ChildOwed:
        register_support(ChildKind(duty, owed, asked, named))
        return owed
    return register


def class_duty(duty: str, *, asked: Callable[[SupportSettings], bool] = _always,
               named: Callable[[str], str] | None = None) -> Callable[[ClassOwed], ClassOwed]:
    """Register the function below as what the classes owe of the support duty `duty`."""
    def register(owed: ClassOwed) -> ClassOwed:
        register_support(ClassKind(duty, owed, asked, named))
        return owed
    return register


def _late(school: SchoolCalendar, due: date, as_of: date) -> int:
    return school.ordinal(as_of) - school.ordinal(due)


def _after(school: SchoolCalendar, day: date, days: int) -> date:
    return school.day_at(school.ordinal(day) + days)


def told_apart(keys: Iterable[str]) -> list[str]:
    """The keys, each told apart from the same key before it by its count ("数学", "数学\x1f2"):
    given every record of a kind in the file's order, so that a record's key stays its own
    whichever of the others are done."""
    seen: dict[str, int] = {}
    found = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        found.append(key if seen[key] == 1 else f"{key}\x1f{seen[key]}")
    return found


def plan_check(of: ChildDay) -> list[Owed]:
    """Each open plan is checked every `plan.every` school days, counted from the last check
    (or the plan's start)."""
    child, school, as_of = of.child, of.school, of.as_of
    keys = {id(plan): key for plan, key in zip(child.learning_plans, told_apart(
        f"{plan.subject}\x1f{plan.date.isoformat()}" for plan in child.learning_plans),
        strict=True)}
    found = []
    for plan in open_plans(child, as_of):
        checks = sorted(check.date for check in plan.checks if check.date <= as_of)
        last = checks[-1] if checks else None
        since = last or plan.date
        # A child who came back is owed nothing for the time away: counted from the return.
        if before_return(child, since, as_of):
            since = returned_on(child) or since
        due = _after(school, since, plan.every)
        late = _late(school, due, as_of)
        found.append(Owed(PLAN_CHECK, child.class_name, child, (plan.teacher,), last, due, late,
                          1 if late > 0 else 0, plan.subject, missed_is_late=True,
                          key=keys[id(plan)]))
    return found


# Each kind is registered just after its function, in the order its rows come; a call, not a
# decorator, because the mutation tests plant their bugs only in undecorated functions.
child_duty(PLAN_CHECK, named=lambda subject: t("duty_plan_check_of", subject=subject))(plan_check)


def _case_open(case: IndividualPlan, as_of: date) -> bool:
    return case.flagged <= as_of and (case.closed is None or case.closed > as_of)


def _open_cases(of: ChildDay) -> list[tuple[IndividualPlan, str]]:
    """The child's open cases, each with its key: the day it was flagged."""
    cases = of.child.individual_plans
    return [(case, key) for case, key in zip(
        cases, told_apart(case.flagged.isoformat() for case in cases), strict=True)
            if _case_open(case, of.as_of)]


def iep_plan(of: ChildDay) -> list[Owed]:
    """A flagged child needs a plan within `iep_days` school days of the flag."""
    child, school, as_of = of.child, of.school, of.as_of
    found = []
    for case, key in _open_cases(of):
        if case.plan is not None and case.plan.date <= as_of:
            continue
        due = _after(school, case.flagged, of.settings.iep_days)
        late = _late(school, due, as_of)
        found.append(Owed(IEP_PLAN, child.class_name, child, of.teachers, None, due, late,
                          1 if late > 0 else 0, missed_is_late=True, key=key))
    return found


child_duty(IEP_PLAN)(iep_plan)


def iep_review(of: ChildDay) -> list[Owed]:
    """Each open case's earliest review date that has no review yet (see the module's
    docstring)."""
    child, school, as_of = of.child, of.school, of.as_of
    found = []
    for case, key in _open_cases(of):
        plan = case.plan
        if plan is None or plan.date > as_of:
            continue
        scheduled = sorted(plan.review_dates)
        starts = [plan.date, *(day + timedelta(days=1) for day in scheduled[:-1])]
        met = [False] * len(scheduled)
        reviews = sorted(review.date for review in case.reviews if review.date <= as_of)
        for day in reviews:
            index = next((i for i, start in enumerate(starts) if not met[i] and start <= day),
                         None)
            if index is not None:
                met[index] = True
        unmet = [i for i, done in enumerate(met) if not done]
        if not unmet:
            continue
        due = school.falls_due(scheduled[unmet[0]])
        missed = sum(1 for i in unmet if _late(school, scheduled[i], as_of) > 0)
        found.append(Owed(IEP_REVIEW, child.class_name, child, (plan.teacher,),
                          reviews[-1] if reviews else None, due, _late(school, due, as_of),
                          missed, key=key))
    return found


child_duty(IEP_REVIEW)(iep_review)


def care_follow_ups(of: ChildDay) -> list[Owed]:
    """Every care record whose follow-up date is set and whose follow-up is not recorded."""
    child, school, as_of = of.child, of.school, of.as_of
    keys = told_apart(f"{record.type}\x1f{record.date.isoformat()}" for record in child.care)
    found = []
    for record, key in zip(child.care, keys, strict=True):
        if record.follow_up_on is None or record.date > as_of:
            continue
        if record.followed_up is not None and record.followed_up <= as_of:
            continue
        who = (record.follow_up_by,) if record.follow_up_by else of.teachers
        due = school.falls_due(record.follow_up_on)
        late = _late(school, due, as_of)
        found.append(Owed(CARE_FOLLOW_UP, child.class_name, child, who, None, due, late,
                          1 if late > 0 else 0, record.type, missed_is_late=True, key=key))
    return found


child_duty(CARE_FOLLOW_UP,
           named=lambda kind: t("duty_care_follow_up_of", kind=care_kind(kind)))(care_follow_ups)


def parent_meetings(of: ClassesDay) -> list[Owed]:
    """A row for every class (of those with children on record) that has had no parent
    meeting this term; due on the term's last day."""
    school, as_of = of.school, of.as_of
    term = school.reference_term(as_of)
    if term is None:
        return []
    held: dict[str, list[date]] = {}
    for activity in of.activities:
        if activity.kind == "家长会" and activity.date <= as_of:
            for klass in activity.classes:
                held.setdefault(klass, []).append(activity.date)
    found = []
    for klass in sorted(set(of.classes)):
        meetings = sorted(held.get(klass, ()))
        if any(term.start <= day <= term.end for day in meetings):
            continue
        late = _late(school, term.end, as_of)
        found.append(Owed(PARENT_MEETING, klass, None, tuple(of.class_teachers.get(klass, ())),
                          meetings[-1] if meetings else None, term.end, late,
                          1 if late > 0 else 0))
    return found


class_duty(PARENT_MEETING, asked=lambda settings: settings.parent_meeting)(parent_meetings)


def collective_activity(of: ChildDay) -> list[Owed]:
    """The 每学期 rule over the dates of the collective activities the child took part in."""
    child = of.child
    status = evaluate_dates(child, collective_duty(), of.teachers, of.school, of.as_of, of.joined)
    if status is None:
        return []
    return [Owed(COLLECTIVE_ACTIVITY, child.class_name, child, status.responsible, status.last,
                 status.due, status.days_overdue, status.missed)]


child_duty(COLLECTIVE_ACTIVITY,
           asked=lambda settings: settings.collective_activity)(collective_activity)


COLLECTIVE_KIND = "集体活动"


def collective_dates(activities: Iterable[ActivityLike]) -> dict[str, list[date]]:
    """Child id -> the dates of the collective activities the child took part in."""
    joined: dict[str, list[date]] = {}
    for activity in activities:
        if activity.kind == COLLECTIVE_KIND:
            for child_id in activity.children:
                joined.setdefault(child_id, []).append(activity.date)
    return joined


def collective_facts(activities: Iterable[ActivityLike]) -> list[tuple[int, tuple[str, ...]]]:
    """What collective_dates is made of, sorted: each collective activity's day (an ordinal)
    and the children who took part. Cheap to digest: a county's thousand activities name
    24,000 children's dates, and the repr of as many dates cost 10 ms a report."""
    return sorted((activity.date.toordinal(), tuple(activity.children))
                  for activity in activities if activity.kind == COLLECTIVE_KIND)


def child_support_owed(child: Child, joined: Sequence[date], teachers: tuple[str, ...],
                       school: SchoolCalendar, as_of: date,
                       settings: SupportSettings) -> list[Owed]:
    """One child's unmet support duties as of a date, owed or pending (a negative
    days_overdue): every child duty the settings ask for, in the registry's order. `joined`
    are the dates of its collective activities, `teachers` its class teachers."""
    if school.reference_term(as_of) is None or not on_record(child, as_of):
        return []
    of = ChildDay(child, joined, teachers, school, as_of, settings)
    return [owed for kind in SUPPORT_KINDS.values()
            if isinstance(kind, ChildKind) and kind.asked(settings) for owed in kind.owed(of)]


def class_support_owed(classes: Sequence[str], activities: Sequence[ActivityLike],
                       class_teachers: Mapping[str, Sequence[str]], school: SchoolCalendar,
                       as_of: date, settings: SupportSettings) -> list[Owed]:
    """The classes' unmet support duties as of a date (a parent meeting): every class duty
    the settings ask for, in the registry's order. `classes` are those of the children on
    record."""
    of = ClassesDay(classes, activities, class_teachers, school, as_of)
    return [owed for kind in SUPPORT_KINDS.values()
            if isinstance(kind, ClassKind) and kind.asked(settings) for owed in kind.owed(of)]
