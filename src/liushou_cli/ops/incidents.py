"""Incidents (紧急事件): recording one, its steps, and closing it with an outcome. Each change
is one atomic write of the child's file; a refused change writes nothing.

An incident's id is the child's id and its minute (c0001-202211201430): two copies of the
folder that record different incidents never take the same id, and the same incident
recorded on both merges as one (store/merge.py merges incidents by id).

Recording one of certain kinds (core/incidents.py, `key_support`, `care_days`) makes the
child key support, with the reason kept in its history, and opens a care record whose
follow-up falls due some days later, so that the ordinary duties take over after the
emergency. Neither says what happened: both are seen by more people than the incident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from liushou_cli.core.errors import LiushouError
from liushou_cli.core.incidents import KindRule, moment_text
from liushou_cli.core.model import Incident, IncidentStep
from liushou_cli.core.text import Choice
from liushou_cli.duties.rules import last_key_support_change
from liushou_cli.i18n import t, t_in, word_for
from liushou_cli.i18n.messages import validated
from liushou_cli.ops.assign import CHILD_ORDER, child_edit
from liushou_cli.ops.entries import check_day
from liushou_cli.store.edit import append_item, set_field
from liushou_cli.store.history import describe
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import LoadedChild

if TYPE_CHECKING:
    from liushou_cli.core.model import Child

INCIDENT_ORDER = list(Incident.model_fields)
# Stored text (the files are Chinese whatever --lang): why the child became key support, and
# what the care record follows up. Both show on the card, the dashboard and the caseload,
# so they say nothing of the incident, not even that there was one (nor its id, which
# carries its time): an authorised reader finds the incident with `incident list`.
KEY_SUPPORT_REASON = "需要持续关注，列为重点帮扶"
CARE_WHAT = "持续关注，按期回访"


@dataclass(frozen=True)
class Recorded:
    """What `add_incident` did: the incident, and its follow-through (None: nothing)."""

    incident: Incident
    key_support: bool  # the child was made key support now
    care_due: date | None  # the care record's follow-up date, if one was opened


def incident_id(child: Child, at: datetime) -> str:
    return f"{child.id}-{at:%Y%m%d%H%M}"


def _not_future(moment: datetime, now: datetime) -> None:
    if moment > now:
        raise LiushouError(t("incident_in_future", at=moment_text(moment),
                             now=moment_text(now)))


def _kind_rule(kinds: dict[str, KindRule], kind: str) -> KindRule:
    rule = kinds.get(kind)
    if rule is None:
        raise LiushouError(t("incident_unknown_kind", kind=kind,
                             kinds=t("list_sep").join(kinds)))
    return rule


def add_incident(folder: DataFolder, item: LoadedChild, fields: dict[str, Any],
                 kinds: dict[str, KindRule], now: datetime, today: date) -> Recorded:
    """Record an incident (kind, at, found_by, by, seen, action) and its follow-through."""
    rule = _kind_rule(kinds, str(fields.get("kind", "")))
    draft = {key: value for key, value in fields.items() if value is not None}
    draft["id"] = "x"  # the real id needs the time, which validation reads
    incident = validated(Incident, draft)
    _not_future(incident.at, now)
    day = incident.at.date()
    check_day(item.child, day, max(today, now.date()))
    incident = incident.model_copy(update={"id": incident_id(item.child, incident.at)})
    record = incident.model_dump(exclude_none=True, exclude_defaults=True)
    record = {"id": incident.id, **{key: value for key, value in record.items() if key != "id"}}
    made_key = False
    care_due = None
    with child_edit(folder, item, today) as (edit, child):
        if any(old.id == incident.id for old in child.incidents):
            raise LiushouError(t("incident_exists", id=incident.id))
        append_item(edit.data, "incidents", record, CHILD_ORDER)
        if rule.key_support and not child.key_support:
            set_field(edit.data, "key_support", True, CHILD_ORDER)
            # Dated no earlier than the last change (an incident recorded late, after the
            # child was unmarked): the history is read by date, and its last word is this one.
            last = last_key_support_change(child) or day
            history: dict[str, Any] = {"date": max(day, last), "key_support": True,
                                       "reason": KEY_SUPPORT_REASON}
            if incident.by:
                history["by"] = incident.by
            append_item(edit.data, "key_support_history", history, CHILD_ORDER)
            made_key = True
        if rule.care_days is not None and incident.by:
            care_due = day + timedelta(days=rule.care_days)
            append_item(edit.data, "care", {
                "type": "其他帮扶", "date": day, "by": incident.by,
                "what": CARE_WHAT, "follow_up_on": care_due},
                CHILD_ORDER)
    describe(t_in("zh", "history_incident_added", name=item.child.name, id=item.child.id),
             recorded_by=incident.by)
    return Recorded(incident, made_key, care_due)


def _incident_index(child: Child, wanted: str | None) -> int:
    """The position of the incident meant: by id, or the child's only open one."""
    if wanted is not None:
        for index, incident in enumerate(child.incidents):
            if incident.id == wanted:
                return index
        raise LiushouError(t("incident_not_found", id=wanted, name=child.name))
    open_ones = [index for index, incident in enumerate(child.incidents)
                 if incident.closed_at is None]
    if len(open_ones) == 1:
        return open_ones[0]
    if not open_ones:
        raise LiushouError(t("incident_none_open", name=child.name))
    raise LiushouError(t("incident_which", name=child.name, ids=t("list_sep").join(
        child.incidents[index].id for index in open_ones)))


def record_step(folder: DataFolder, item: LoadedChild, wanted: str | None,
                fields: dict[str, Any], kinds: dict[str, KindRule], now: datetime,
                today: date) -> tuple[Incident, IncidentStep]:
    """Record one step of an open incident (step, done_at, by, note)."""
    step = validated(IncidentStep, {key: value for key, value in fields.items()
                                    if value is not None})
    _not_future(step.done_at, now)
    with child_edit(folder, item, today) as (edit, child):
        index = _incident_index(child, wanted)
        incident = child.incidents[index]
        if incident.closed_at is not None:
            raise LiushouError(t("incident_closed_already", id=incident.id,
                                 at=moment_text(incident.closed_at)))
        rule = kinds.get(incident.kind)
        if rule is not None and step.step not in {s.step for s in rule.steps}:
            # A step may be named as the English output names it (tell the principal).
            named = word_for(step.step, [s.step for s in rule.steps])
            if named is None:
                raise LiushouError(t("incident_unknown_step", step=step.step,
                                     kind=Choice(incident.kind),
                                     steps=tuple(Choice(s.step) for s in rule.steps)))
            step = step.model_copy(update={"step": named})
        if any(old.step == step.step for old in incident.steps):
            raise LiushouError(t("incident_step_done", step=step.step, id=incident.id))
        if step.done_at < incident.at:
            raise LiushouError(t("incident_step_before", done=moment_text(step.done_at),
                                 at=moment_text(incident.at)))
        append_item(edit.data["incidents"][index], "steps",
                    step.model_dump(exclude_none=True), INCIDENT_ORDER)
    describe(t_in("zh", "history_incident_step", name=item.child.name, id=item.child.id),
             recorded_by=step.by)
    return incident, step


def close_incident(folder: DataFolder, item: LoadedChild, wanted: str | None,
                   closed_at: datetime, outcome: str, now: datetime, today: date) -> Incident:
    """Close an open incident with its outcome (required)."""
    if not outcome.strip():
        raise LiushouError(t("incident_outcome_needed"))
    _not_future(closed_at, now)
    with child_edit(folder, item, today) as (edit, child):
        index = _incident_index(child, wanted)
        incident = child.incidents[index]
        if incident.closed_at is not None:
            raise LiushouError(t("incident_closed_already", id=incident.id,
                                 at=moment_text(incident.closed_at)))
        if closed_at < incident.at:
            raise LiushouError(t("incident_step_before", done=moment_text(closed_at),
                                 at=moment_text(incident.at)))
        # Said here, of the time typed: left to validation, it named a line of the text
        # about to be written, which is not the file on disk.
        last = max(incident.steps, key=lambda step: step.done_at, default=None)
        if last is not None and closed_at < last.done_at:
            raise LiushouError(t("incident_close_before_step", closed=moment_text(closed_at),
                                 step=Choice(last.step), done=moment_text(last.done_at)))
        entry = edit.data["incidents"][index]
        set_field(entry, "closed_at", moment_text(closed_at), INCIDENT_ORDER)
        set_field(entry, "outcome", outcome.strip(), INCIDENT_ORDER)
    describe(t_in("zh", "history_incident_closed", name=item.child.name, id=item.child.id))
    return incident
