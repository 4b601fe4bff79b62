"""The support records as rows, card lines and timeline lines, ready for any renderer.

Individual education plans are sensitive: everywhere but a request for one child's content
(`iep show`, `child show --sensitive`), they show that a case exists, its state and its
dates, never the concerns, notes, measures or review results.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from liushou_cli.core.classes import same_class
from liushou_cli.core.support import BUDDY, PROXY, TUTOR, current_pairing, has_proxy_history, open_case, open_plans
from liushou_cli.i18n import label, show, t
from liushou_cli.i18n.kinds import care_kind
from liushou_cli.store.read import LoadedChild
from liushou_cli.views.section import CardSection, card_lines

if TYPE_CHECKING:
    from liushou_cli.core.model import Activity, Child, IndividualPlan, Staff

# The keys of an individual-plan case that may be shown without asking for its content.
_IEP_PUBLIC = ("flagged", "by", "closed")
_IEP_PLAN_PUBLIC = ("date", "teacher", "review_dates", "by")


def _who(names: dict[str, str], ids: Iterable[str]) -> str:
    return "、".join(names.get(staff_id, staff_id) for staff_id in ids)


def _join(parts: Iterable[str | None]) -> str:
    return t("list_sep").join(part for part in parts if part)


# ---- pairings --------------------------------------------------------------------------------------
def pairing_rows(items: Iterable[LoadedChild], staff: Sequence[Staff], today: date, *,
                 role: str | None = None, teacher: str | None = None, klass: str | None = None,
                 history: bool = False) -> list[dict[str, Any]]:
    """One row per pairing in force today (with `history`, every pairing ever); the card's
    undated proxy_parent counts as a pairing with no date."""
    names = {member.id: member.name for member in staff}
    rows = []
    for item in items:
        child = item.child
        if not history and not child.active:
            continue
        if klass is not None and not same_class(child.class_name, klass):
            continue
        base = {"child_id": child.id, "name": child.name, "class": child.class_name}
        found: list[dict[str, Any]] = []
        if child.proxy_parent and not has_proxy_history(child):
            found.append({**base, "role": PROXY, "helper": child.proxy_parent,
                          "helper_name": names.get(child.proxy_parent, child.proxy_parent),
                          "helper_class": None, "date": None, "ended": None, "end_reason": None})
        for pairing in child.pairings:
            if not history and not pairing.open_on(today):
                continue
            helper = pairing.staff or pairing.buddy or ""
            found.append({**base, "role": pairing.role, "helper": helper,
                          "helper_name": names.get(helper, helper) if pairing.staff else helper,
                          "helper_class": pairing.buddy_class,
                          "date": pairing.date.isoformat(),
                          "ended": pairing.ended.isoformat() if pairing.ended else None,
                          "end_reason": pairing.end_reason})
        rows += [row for row in found if (role is None or row["role"] == role)
                 and (teacher is None or row["helper"] == teacher)]
    return rows


# ---- the card -----------------------------------------------------------------------------------------
def _case_state(case: IndividualPlan, today: date) -> str:
    """待制定方案 (plan due), 执行中 (in progress) or 已结案 (closed): a stable word for
    json/csv, translated for the table like any stored word."""
    if case.closed is not None and case.closed <= today:
        return "已结案"
    return "执行中" if case.plan is not None else "待制定方案"


def support_lines(child: Child, staff: Sequence[Staff], today: date) -> list[tuple[str, str]]:
    """The card's 结对帮扶 block: who supports the child now, the plans, whether an individual
    plan exists (its state only), pending follow-ups, and earlier proxy parents."""
    names = {member.id: member.name for member in staff}
    lines: list[tuple[str, str]] = []
    for role, key in ((TUTOR, "support_tutor"), (BUDDY, "support_buddy")):
        pairing = current_pairing(child, role, today)
        if pairing is None:
            continue
        who = (names.get(pairing.staff, pairing.staff) if pairing.staff
               else t("buddy_helper", name=pairing.buddy, klass=pairing.buddy_class or ""))
        lines.append((t(key), t("support_proxy_since", name=who, date=pairing.date.isoformat())))
    earlier = [p for p in child.pairings if p.role == PROXY and p.ended is not None
               and p.ended <= today]
    if earlier:
        lines.append((t("support_proxy_before"), t("list_sep").join(
            t("support_span", name=names.get(p.staff or "", p.staff), start=p.date.isoformat(),
              end=p.ended.isoformat() if p.ended else "") for p in earlier)))
    plans = open_plans(child, today)
    if plans:
        lines.append((t("support_plans"), t("list_sep").join(
            t("support_plan_line", subject=plan.subject,
              teacher=names.get(plan.teacher, plan.teacher),
              last=max((c.date for c in plan.checks), default=None) or t("never"))
            for plan in plans)))
    case = open_case(child, today)
    if case is not None:
        lines.append((t("support_iep"), _join([
            show(_case_state(case, today)),
            t("support_iep_teacher", teacher=names.get(case.plan.teacher, case.plan.teacher))
            if case.plan else None])))
    pending = [f"{care_kind(record.type)} {record.follow_up_on.isoformat()}" for record in child.care
               if record.follow_up_on is not None and record.followed_up is None]
    if pending:
        lines.append((t("support_care"), t("list_sep").join(pending)))
    return lines


# ---- the timeline ---------------------------------------------------------------------------------
def support_timeline(child: Child, activities: Iterable[Activity], names: dict[str, str],
                     sensitive: bool = False) -> list[tuple[date, str]]:
    """(date, one line) for every dated support fact of the child and every activity the
    child (or the child's guardian) took part in. Individual plans only say what happened
    unless `sensitive`."""
    lines: list[tuple[date, str]] = []

    def add(day: date, head: str, *detail: str | None) -> None:
        text = _join(detail)
        lines.append((day, t("tl_said", head=head, text=text) if text else head))

    for change in child.key_support_history:
        who = f" · {names.get(change.by, change.by)}" if change.by else ""
        add(change.date, t("tl_key_on" if change.key_support else "tl_key_off") + who,
            change.reason)
    for pairing in child.pairings:
        helper = (names.get(pairing.staff, pairing.staff) if pairing.staff
                  else t("buddy_helper", name=pairing.buddy, klass=pairing.buddy_class or ""))
        add(pairing.date, t("tl_pairing", role=show(pairing.role), helper=helper), pairing.note)
        if pairing.ended is not None:
            add(pairing.ended, t("tl_pairing_end", role=show(pairing.role), helper=helper),
                pairing.end_reason)
    for plan in child.learning_plans:
        teacher = names.get(plan.teacher, plan.teacher)
        add(plan.date, t("tl_plan", subject=plan.subject, teacher=teacher), plan.content,
            plan.schedule, *plan.goals)
        for check in plan.checks:
            add(check.date, t("tl_plan_check", subject=plan.subject,
                              who=_who(names, check.by)),
            check.result + (t("next_step_is", step=check.next_step) if check.next_step else ""))
        if plan.ended is not None:
            add(plan.ended, t("tl_plan_end", subject=plan.subject), plan.end_reason)
    for case in child.individual_plans:
        hidden = None if sensitive else t("iep_hidden", id=child.id)
        add(case.flagged, t("tl_iep_flag"),
            *([show(case.concerns), case.note] if sensitive else [hidden]))
        if case.plan is not None:
            add(case.plan.date, t("tl_iep_plan", teacher=names.get(case.plan.teacher,
                                                                    case.plan.teacher)),
                *([*case.plan.measures, t("review_on", dates=show(
                    [day.isoformat() for day in case.plan.review_dates]))] if sensitive else []))
        for review in case.reviews:
            add(review.date, t("tl_iep_review", who=_who(names, review.by)),
                review.result if sensitive else None)
        if case.closed is not None:
            add(case.closed, t("tl_iep_close"), case.close_reason if sensitive else None)
    for record in child.care:
        head = f"{care_kind(record.type)} · {_who(names, record.by)}"
        follow = (t("follow_up_by_on", who=names.get(record.follow_up_by, record.follow_up_by)
                    if record.follow_up_by else "", date=record.follow_up_on.isoformat()).strip()
                  if record.follow_up_on else None)
        if record.type == "患病":
            add(record.date, head, record.what, record.treatment, follow, record.note)
        elif record.type == "生活补助":
            amount = t("yuan", amount=f"{record.amount:g}") if record.amount else None
            add(record.date, head, record.policy, amount, record.period, follow, record.note)
        elif record.type == "其他帮扶":
            add(record.date, head, record.what, follow, record.note)
        if record.followed_up is not None:
            add(record.followed_up, t("tl_care_done", kind=care_kind(record.type)), record.outcome)
    for activity in activities:
        if child.id not in activity.children and child.id not in activity.guardians:
            continue
        add(activity.date, t("tl_activity", kind=show(activity.kind), title=activity.title),
            t("tl_guardian_came") if child.id in activity.guardians else None)
    return lines


def redacted(record: dict[str, Any]) -> dict[str, Any]:
    """A child's record (as json data) with the individual plans' content left out."""
    cases = record.get("individual_plans")
    if not cases:
        return record
    kept = []
    for case in cases:
        public = {key: case[key] for key in _IEP_PUBLIC if key in case}
        if "plan" in case:
            public["plan"] = {key: case["plan"][key] for key in _IEP_PLAN_PUBLIC
                              if key in case["plan"]}
        if case.get("reviews"):
            public["reviews"] = [{"date": review["date"], "by": review["by"]}
                                 for review in case["reviews"]]
        public["confidential"] = True
        kept.append(public)
    return {**record, "individual_plans": kept}


# ---- one child's plans, in full ----------------------------------------------------------------------
def plan_sections(child: Child, names: dict[str, str]) -> list[CardSection]:
    """`plan show`: each learning plan, then its checks oldest first (the progress archive)."""
    sections = []
    for plan in child.learning_plans:
        lines = card_lines([
            (label("learning_plans.date"), plan.date.isoformat()),
            (label("learning_plans.content"), plan.content),
            (label("learning_plans.schedule"), plan.schedule),
            (label("learning_plans.goals"), list(plan.goals)),
            (label("learning_plans.every"), plan.every),
            (label("learning_plans.ended"),
             _join([plan.ended.isoformat(), plan.end_reason]) if plan.ended else None),
        ])
        lines += [(check.date.isoformat(), t("tl_said", head=_who(names, check.by), text=(
                       check.result
                       + (t("next_step_is", step=check.next_step) if check.next_step else ""))))
                  for check in sorted(plan.checks, key=lambda c: c.date)]
        sections.append(CardSection(t("plan_title", subject=plan.subject,
                                      teacher=names.get(plan.teacher, plan.teacher)), lines))
    return sections


def case_sections(child: Child, names: dict[str, str]) -> list[CardSection]:
    """`iep show`: the whole of each case, content included (asked for one child)."""
    sections = []
    for case in child.individual_plans:
        plan = case.plan
        lines = card_lines([
            (label("individual_plans.flagged"), case.flagged.isoformat()),
            (label("individual_plans.concerns"), list(case.concerns)),
            (label("individual_plans.by"), names.get(case.by, case.by) if case.by else None),
            (label("individual_plans.note"), case.note),
            (label("individual_plans.plan.date"), plan.date.isoformat() if plan else None),
            (label("individual_plans.plan.teacher"),
             names.get(plan.teacher, plan.teacher) if plan else None),
            (label("individual_plans.plan.measures"), list(plan.measures) if plan else None),
            (label("individual_plans.plan.review_dates"),
             [day.isoformat() for day in plan.review_dates] if plan else None),
            (label("individual_plans.closed"),
             _join([case.closed.isoformat(), case.close_reason]) if case.closed else None),
        ])
        lines += [(review.date.isoformat(),
                   t("tl_said", head=_who(names, review.by), text=review.result))
                  for review in sorted(case.reviews, key=lambda r: r.date)]
        sections.append(CardSection(f"{label('individual_plans')} · {case.flagged.isoformat()}",
                                    lines))
    return sections


def _next_review(case: IndividualPlan) -> date | None:
    if case.plan is None:
        return None
    done = len(case.reviews)
    pending = sorted(case.plan.review_dates)[done:]
    return pending[0] if pending else None


def case_rows(items: Iterable[LoadedChild], staff: Sequence[Staff], today: date, *,
              klass: str | None = None, include_closed: bool = False) -> list[dict[str, Any]]:
    """`iep list`: which children have a case, its state and dates; never its content."""
    from liushou_cli.core.classes import class_order

    names = {member.id: member.name for member in staff}
    rows: list[dict[str, Any]] = []
    for item in items:
        child = item.child
        if klass is not None and not same_class(child.class_name, klass):
            continue
        for case in child.individual_plans:
            closed = case.closed is not None and case.closed <= today
            if (closed and not include_closed) or (not child.active and not include_closed):
                continue
            plan = case.plan
            following = _next_review(case)
            rows.append({
                "child_id": child.id, "name": child.name, "class": child.class_name,
                "state": _case_state(case, today), "flagged": case.flagged.isoformat(),
                "plan_date": plan.date.isoformat() if plan else None,
                "teacher": plan.teacher if plan else None,
                "teacher_name": names.get(plan.teacher, plan.teacher) if plan else None,
                "next_review": following.isoformat() if following and not closed else None,
                "reviews": len(case.reviews),
                "closed": case.closed.isoformat() if case.closed else None})
    rows.sort(key=lambda row: (class_order(row["class"]), row["child_id"], row["flagged"]))
    return rows
