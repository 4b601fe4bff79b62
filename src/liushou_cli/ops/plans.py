"""Learning-support plans (学习帮扶计划) and individual education plans (个别教育管理方案):
adding them, recording their checks and reviews, ending them. Each change is one atomic
write of the child's file; nothing already written is changed except to close it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import Care, IepPlan, IepReview, IndividualPlan, LearningPlan, PlanCheck
from liushou_cli.core.support import open_case
from liushou_cli.i18n import t, t_in
from liushou_cli.i18n.messages import validated, validated_as
from liushou_cli.ops.assign import CHILD_ORDER, child_edit
from liushou_cli.ops.entries import check_day
from liushou_cli.store.edit import append_item, set_path
from liushou_cli.store.history import describe
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.merge import identity_of, lists_with_identity
from liushou_cli.store.read import LoadedChild

if TYPE_CHECKING:
    from liushou_cli.core.model import Child

_CARE: TypeAdapter[Any] = TypeAdapter(Care)


def _one_by(by: Sequence[str]) -> str | list[str]:
    return by[0] if len(by) == 1 else list(by)


def _record(model: Any, data: dict[str, Any]) -> dict[str, Any]:
    """`data` validated by `model` and back as the mapping to write, empties left out."""
    fields = {key: value for key, value in data.items() if value not in (None, [])}
    dumped: dict[str, Any] = validated(model, fields).model_dump(
        by_alias=True, exclude_none=True, exclude_defaults=False)
    return {key: value for key, value in dumped.items() if value not in ([], None)}


# ---- learning-support plans -----------------------------------------------------------------
def _said(key: str, item: LoadedChild, by: str | Sequence[str] | None = None,
          **values: str) -> None:
    """Name what happened to the child for the commit (Chinese; iep details stay out of it:
    the history is read by more people than the plan), and who recorded it (the record's
    `by`: the commit's author)."""
    describe(t_in("zh", key, name=item.child.name, id=item.child.id, **values), recorded_by=by)


def _plan_index(child: Child, subject: str | None, day: date) -> int:
    """The position of the open plan meant: the plan of `subject`, or the only open one."""
    candidates = [index for index, plan in enumerate(child.learning_plans)
                  if plan.ended is None and (subject is None or plan.subject == subject)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise LiushouError(t("no_plan", name=child.name, subject=subject or "")
                           if subject else t("no_plans", name=child.name))
    subjects = t("list_sep").join(child.learning_plans[i].subject for i in candidates)
    raise LiushouError(t("which_plan", name=child.name, subjects=subjects))


def add_learning_plan(folder: DataFolder, item: LoadedChild, fields: dict[str, Any],
                      today: date) -> LearningPlan:
    """Start a plan; a child has one open plan per subject."""
    record = _record(LearningPlan, fields)
    plan = LearningPlan.model_validate(record)
    check_day(item.child, plan.date, today)
    record.pop("checks", None)
    with child_edit(folder, item, today) as (edit, child):
        if any(old.subject == plan.subject and old.ended is None for old in child.learning_plans):
            raise LiushouError(t("plan_exists", name=child.name, subject=plan.subject))
        for old in child.learning_plans:  # one plan of a subject at a time
            if old.subject == plan.subject and old.ended is not None and old.ended > plan.date:
                raise LiushouError(t("plan_overlaps", subject=plan.subject,
                                     date=plan.date.isoformat(), start=old.date.isoformat(),
                                     end=old.ended.isoformat()))
        append_item(edit.data, "learning_plans", record, CHILD_ORDER)
    _said("history_plan_added", item, subject=plan.subject)
    return plan


def check_learning_plan(folder: DataFolder, item: LoadedChild, subject: str | None,
                        fields: dict[str, Any], today: date) -> tuple[LearningPlan, PlanCheck]:
    """Record a check of the plan and its stage result (阶段性效果)."""
    check = validated(PlanCheck, {k: v for k, v in fields.items() if v is not None})
    check_day(item.child, check.date, today)
    record = check.model_dump(exclude_none=True)
    record["by"] = _one_by(check.by)
    with child_edit(folder, item, today) as (edit, child):
        index = _plan_index(child, subject, check.date)
        plan = child.learning_plans[index]
        if check.date < plan.date:
            raise LiushouError(t("before_plan", date=check.date.isoformat(),
                                 start=plan.date.isoformat()))
        append_item(edit.data["learning_plans"][index], "checks", record,
                    list(LearningPlan.model_fields))
    _said("history_plan_checked", item, check.by, subject=plan.subject)
    return plan, check


def end_learning_plan(folder: DataFolder, item: LoadedChild, subject: str | None, day: date,
                      today: date, reason: str) -> LearningPlan:
    check_day(item.child, day, today)
    if not reason.strip():
        raise LiushouError(t("reason_needed"))
    with child_edit(folder, item, today) as (edit, child):
        index = _plan_index(child, subject, day)
        plan = child.learning_plans[index]
        if day < plan.date:
            raise LiushouError(t("before_plan", date=day.isoformat(), start=plan.date.isoformat()))
        _not_before_last(day, [check.date for check in plan.checks])
        entry = edit.data["learning_plans"][index]
        entry["ended"] = day
        entry["end_reason"] = reason.strip()
    _said("history_plan_ended", item, subject=plan.subject)
    return plan


def _not_before_last(day: date, done: list[date]) -> None:
    """An end dated before what was done under it (a check, a review) contradicts it."""
    if done and day < max(done):
        raise LiushouError(t("end_before_last", date=day.isoformat(), last=max(done).isoformat()))


# ---- individual education plans (sensitive) --------------------------------------------------
def _case_index(child: Child) -> int:
    case = open_case(child)
    if case is None:
        raise LiushouError(t("no_case", name=child.name))
    return child.individual_plans.index(case)


def flag_child(folder: DataFolder, item: LoadedChild, concerns: list[str], day: date,
               today: date, by: str | None, note: str | None) -> IndividualPlan:
    """Flag a child for serious trouble: an individual plan is now required."""
    record = _record(IndividualPlan, {"flagged": day, "concerns": concerns, "by": by,
                                      "note": note})
    case = IndividualPlan.model_validate(record)
    check_day(item.child, day, today)
    with child_edit(folder, item, today) as (edit, child):
        old = open_case(child)
        if old is not None:
            raise LiushouError(t("case_open", name=child.name, date=old.flagged.isoformat()))
        for closed in child.individual_plans:  # one case at a time
            if closed.closed is not None and closed.flagged <= day < closed.closed:
                raise LiushouError(t("case_overlaps", date=day.isoformat(),
                                     start=closed.flagged.isoformat(),
                                     end=closed.closed.isoformat()))
        append_item(edit.data, "individual_plans", record, CHILD_ORDER)
    _said("history_case_flagged", item, case.by)
    return case


def add_individual_plan(folder: DataFolder, item: LoadedChild, fields: dict[str, Any],
                        today: date) -> IepPlan:
    """Write the plan of the child's open case: measures, teacher, review dates."""
    record = _record(IepPlan, fields)
    plan = IepPlan.model_validate(record)
    check_day(item.child, plan.date, today)
    with child_edit(folder, item, today) as (edit, child):
        index = _case_index(child)
        case = child.individual_plans[index]
        if case.plan is not None:
            raise LiushouError(t("case_has_plan", name=child.name,
                                 date=case.plan.date.isoformat()))
        if plan.date < case.flagged:
            raise LiushouError(t("before_flag", date=plan.date.isoformat(),
                                 flagged=case.flagged.isoformat()))
        twice = sorted({day for day in plan.review_dates if plan.review_dates.count(day) > 1})
        if twice:  # a second review on one day could never be met: overdue for ever
            raise LiushouError(t("review_date_twice", date=twice[0].isoformat()))
        set_path(edit.data["individual_plans"][index], ("plan",), record)
    _said("history_iep_written", item, plan.by)
    return plan


def review_individual_plan(folder: DataFolder, item: LoadedChild, fields: dict[str, Any],
                           today: date) -> IepReview:
    review = validated(IepReview, {k: v for k, v in fields.items() if v is not None})
    check_day(item.child, review.date, today)
    record = review.model_dump()
    record["by"] = _one_by(review.by)
    with child_edit(folder, item, today) as (edit, child):
        index = _case_index(child)
        case = child.individual_plans[index]
        if case.plan is None:
            raise LiushouError(t("case_no_plan", name=child.name))
        if review.date < case.plan.date:
            raise LiushouError(t("before_plan", date=review.date.isoformat(),
                                 start=case.plan.date.isoformat()))
        append_item(edit.data["individual_plans"][index], "reviews", record,
                    list(IndividualPlan.model_fields))
    _said("history_iep_reviewed", item, review.by)
    return review


def close_case(folder: DataFolder, item: LoadedChild, day: date, today: date,
               reason: str) -> IndividualPlan:
    check_day(item.child, day, today)
    if not reason.strip():
        raise LiushouError(t("reason_needed"))
    with child_edit(folder, item, today) as (edit, child):
        index = _case_index(child)
        case = child.individual_plans[index]
        if day < case.flagged:
            raise LiushouError(t("before_flag", date=day.isoformat(),
                                 flagged=case.flagged.isoformat()))
        _not_before_last(day, [review.date for review in case.reviews]
                         + ([case.plan.date] if case.plan is not None else []))
        entry = edit.data["individual_plans"][index]
        entry["closed"] = day
        entry["close_reason"] = reason.strip()
    _said("history_case_closed", item)
    return case


# ---- care --------------------------------------------------------------------------------------
def add_care(folder: DataFolder, item: LoadedChild, fields: dict[str, Any], today: date) -> Any:
    """Record an illness, a living subsidy or other assistance."""
    entry = validated_as(_CARE, {k: v for k, v in fields.items() if v is not None})
    check_day(item.child, entry.date, today)
    dumped = entry.model_dump(exclude_none=True)
    # type first, what it was next, the follow-up last: the order a teacher reads it in.
    order = ["type", "date", "by", "what", "treatment", "policy", "amount", "period",
             "follow_up_on", "follow_up_by", "note"]
    record = {key: dumped[key] for key in order if key in dumped}
    record["by"] = _one_by(entry.by)
    if isinstance(record.get("amount"), float) and record["amount"].is_integer():
        record["amount"] = int(record["amount"])
    with child_edit(folder, item, today) as (edit, child):
        # A second record alike in what tells care records apart is one record to a merge,
        # which then keeps a third (an open one, with a follow-up owed that never was).
        identity = lists_with_identity("child")["care"]
        if any(identity_of(kept, identity) == identity_of(entry, identity) for kept in child.care):
            raise LiushouError(t("care_twice", kind=entry.type, date=entry.date.isoformat(),
                                 what=getattr(entry, "what", None)
                                 or getattr(entry, "policy", None) or ""))
        append_item(edit.data, "care", record, CHILD_ORDER)
    describe(t_in("zh", "history_entry", kind=entry.type, name=item.child.name,
                  id=item.child.id), recorded_by=entry.by)
    return entry


def pending_care(child: Child) -> list[int]:
    """Positions of the care records whose follow-up is set and not yet recorded."""
    return [index for index, record in enumerate(child.care)
            if record.follow_up_on is not None and record.followed_up is None]


def follow_up_care(folder: DataFolder, item: LoadedChild, number: int | None, day: date,
                   today: date, outcome: str) -> Any:
    """Record the follow-up of a care record (the only pending one, or number `number`,
    counted from 1 in the child's care list)."""
    check_day(item.child, day, today)
    if not outcome.strip():
        raise LiushouError(t("outcome_needed"))
    with child_edit(folder, item, today) as (edit, child):
        pending = pending_care(child)
        if number is not None:
            if not 1 <= number <= len(child.care) or (number - 1) not in pending:
                raise LiushouError(t("care_not_pending", number=number, name=child.name))
            index = number - 1
        elif len(pending) == 1:
            index = pending[0]
        elif not pending:
            raise LiushouError(t("care_none_pending", name=child.name))
        else:
            listed = t("list_sep").join(
                f"#{i + 1} {child.care[i].date.isoformat()} {child.care[i].type}" for i in pending)
            raise LiushouError(t("care_which", name=child.name, items=listed))
        record = child.care[index]
        if day < record.date:
            raise LiushouError(t("before_plan", date=day.isoformat(),
                                 start=record.date.isoformat()))
        entry = edit.data["care"][index]
        entry["followed_up"] = day
        entry["outcome"] = outcome.strip()
    _said("history_care_followed", item)
    return record
