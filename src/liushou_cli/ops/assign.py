"""Pairings (结对帮扶) and key support: assigning a proxy parent, a volunteer tutor or a learning
buddy; ending a pairing; marking and unmarking a key-support child.

History is never overwritten: a change ends the open pairing (`ended`, `end_reason`) and adds
a new one, in one atomic write of the child's file. `proxy_parent` on the card is kept equal
to the open 代理家长 pairing, for every reader that asks only "who is it now".
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from liushou_cli.core.classes import same_class
from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import Child
from liushou_cli.core.support import BUDDY, PROXY, TUTOR, has_proxy_history, open_pairings, tutor_load
from liushou_cli.core.text import Choice
from liushou_cli.core.validators import ValidationDay
from liushou_cli.duties.rules import last_key_support_change
from liushou_cli.i18n import t, t_in
from liushou_cli.ops.entries import check_day
from liushou_cli.store.edit import Edit, append_item, edit_document, set_field
from liushou_cli.store.history import describe
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import LoadedChild, staff_facts_or_fail
from liushou_cli.store.yamlio import parse_mapping

if TYPE_CHECKING:
    from liushou_cli.core.model import Staff

CHILD_ORDER = [info.alias or name for name, info in Child.model_fields.items()]
ROLE_WORDS = {"proxy": PROXY, "tutor": TUTOR, "buddy": BUDDY,
              PROXY: PROXY, TUTOR: TUTOR, BUDDY: BUDDY}


@dataclass
class Assigned:
    """What an assignment did: the pairing it ended (if any), and what the user should know."""

    ended: str | None = None  # the helper whose pairing ended
    warnings: list[str] | None = None


@contextlib.contextmanager
def child_edit(folder: DataFolder, item: LoadedChild,
               today: date) -> Iterator[tuple[Edit, Child]]:
    """The child's file open for a change, and its record as it stands under the lock
    (validated on `today`, as the changed file will be)."""
    with edit_document(folder, item.path, Child, today) as edit:
        # Read from the text as every reader reads it (a number's leading zeros kept), not
        # from the round-trip document; edit_document has validated this text.
        data = parse_mapping(edit.original)
        assert isinstance(data, dict)
        yield edit, Child.model_validate(data, context=ValidationDay(today))


def _refuse_overlap(folder: DataFolder, child: Child, role: str, day: date) -> None:
    """A pairing from `day` may not begin inside an ended one of its role: two proxy parents
    for one October, and the talks of the first would no longer count for her."""
    for pairing in child.pairings:
        if pairing.role == role and pairing.ended is not None and pairing.ended > day:
            raise LiushouError(t("pairing_overlaps", role=role, date=day.isoformat(),
                                 helper=(_staff_name(folder, pairing.staff) if pairing.staff
                                         else pairing.buddy or ""),
                                 start=pairing.date.isoformat(),
                                 end=pairing.ended.isoformat()))


def _end_open(edit: Edit, child: Child, role: str, day: date, reason: str) -> str | None:
    """End the child's open pairing(s) of `role` on `day`; the helper of the last one."""
    helper = None
    for index, pairing in enumerate(child.pairings):
        if pairing.role != role or pairing.ended is not None:
            continue
        if day < pairing.date:
            raise LiushouError(t("pairing_end_before", date=day.isoformat(),
                                 start=pairing.date.isoformat()))
        entry = edit.data["pairings"][index]
        entry["ended"] = day
        entry["end_reason"] = reason
        helper = pairing.staff or pairing.buddy
    return helper


def _pairing(role: str, day: date, by: str | None, note: str | None,
             **helper: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"role": role, **helper, "date": day}
    if by:
        record["by"] = by
    if note:
        record["note"] = note
    return record


def assign_staff(folder: DataFolder, item: LoadedChild, role: str, member: Staff, day: date,
                 today: date, *, by: str | None = None, note: str | None = None,
                 force: bool = False, others: Iterable[Child] = (),
                 tutor_limit: int = 2, reason: str | None = None) -> Assigned:
    """Make `member` the child's proxy parent or volunteer tutor from `day`, ending the
    previous one. A proxy parent must hold the role 代理家长, and a tutor may look after
    `tutor_limit` children, unless forced."""
    check_day(item.child, day, today)
    warnings: list[str] = []
    if role == PROXY and "代理家长" not in member.roles and not force:
        raise LiushouError(t("not_proxy_role", name=member.name, id=member.id))
    if role == TUTOR:
        load = [child for child in tutor_load(others, member.id, day) if child.id != item.child.id]
        if len(load) >= tutor_limit and not force:
            raise LiushouError(t("tutor_full", name=member.name, count=len(load),
                                 limit=tutor_limit,
                                 children=t("list_sep").join(f"{c.name}({c.id})" for c in load)))
    ended = None
    with child_edit(folder, item, today) as (edit, child):
        current = [p.staff for p in open_pairings(child, role, day)]
        legacy = role == PROXY and not has_proxy_history(child) and child.proxy_parent
        if member.id in current or (legacy and child.proxy_parent == member.id):
            raise LiushouError(t("already_paired", name=member.name, role=role,
                                 child=child.name))
        _refuse_overlap(folder, child, role, day)
        # Stored text: the files are in Chinese, whatever --lang.
        reason = (reason or "").strip() or f"更换{role}"
        if legacy:
            # The card's undated proxy parent becomes a dated pairing that ends today, so
            # the history says who it was; it began when the child was recorded, if known.
            started = min(child.recorded_on or day, day)
            append_item(edit.data, "pairings",
                        {**_pairing(PROXY, started, None, None, staff=child.proxy_parent),
                         "ended": day, "end_reason": reason}, CHILD_ORDER)
            ended = child.proxy_parent
        else:
            ended = _end_open(edit, child, role, day, reason)
        append_item(edit.data, "pairings", _pairing(role, day, by, note, staff=member.id),
                    CHILD_ORDER)
        if role == PROXY:
            set_field(edit.data, "proxy_parent", member.id, CHILD_ORDER)
            if not child.key_support:
                warnings.append(t("proxy_not_key_support", name=child.name))
    _said_paired(item.child, role, member.name, by)
    return Assigned(ended, warnings)


def assign_buddy(folder: DataFolder, item: LoadedChild, name: str, klass: str, day: date,
                 today: date, *, by: str | None = None, note: str | None = None,
                 reason: str | None = None) -> Assigned:
    """Make a classmate the child's learning buddy from `day`, ending the previous one."""
    check_day(item.child, day, today)
    if not name.strip() or not klass.strip():
        raise LiushouError(t("buddy_needs_name"))
    if name.strip() == item.child.name and same_class(klass, item.child.class_name):
        raise LiushouError(t("buddy_is_the_child", name=item.child.name))
    with child_edit(folder, item, today) as (edit, child):
        if any(p.buddy == name.strip() for p in open_pairings(child, BUDDY, day)):
            raise LiushouError(t("already_paired", name=name, role=BUDDY, child=child.name))
        _refuse_overlap(folder, child, BUDDY, day)
        ended = _end_open(edit, child, BUDDY, day, (reason or "").strip() or f"更换{BUDDY}")
        append_item(edit.data, "pairings",
                    _pairing(BUDDY, day, by, note, buddy=name.strip(), buddy_class=klass),
                    CHILD_ORDER)
    _said_paired(item.child, BUDDY, name.strip(), by)
    return Assigned(ended, [])


def _staff_name(folder: DataFolder, helper: str) -> str:
    """The name of the staff member `helper` names, for the history (a buddy's name, or an
    id staff.yaml does not hold, as it is)."""
    try:
        names = staff_facts_or_fail(folder)
    except LiushouError:
        return helper
    return next((member.name for member in names if member.id == helper), helper)


def _said_paired(child: Child, role: str, helper: str, by: str | None) -> None:
    describe(t_in("zh", "history_paired", name=child.name, id=child.id, role=role,
                  helper=helper), recorded_by=by)


def end_pairing(folder: DataFolder, item: LoadedChild, role: str, day: date, today: date,
                reason: str) -> str:
    """End the child's open pairing of `role` on `day`; returns the helper it was with."""
    check_day(item.child, day, today)
    if not reason.strip():  # the option's fault, not the file's line
        raise LiushouError(t("reason_needed"))
    with child_edit(folder, item, today) as (edit, child):
        if role == PROXY and not has_proxy_history(child) and child.proxy_parent:
            started = min(child.recorded_on or day, day)
            append_item(edit.data, "pairings",
                        {**_pairing(PROXY, started, None, None, staff=child.proxy_parent),
                         "ended": day, "end_reason": reason}, CHILD_ORDER)
            helper: str | None = child.proxy_parent
        else:
            helper = _end_open(edit, child, role, day, reason)
        if helper is None:
            raise LiushouError(t("no_open_pairing", child=child.name, role=Choice(role)))
        if role == PROXY:
            set_field(edit.data, "proxy_parent", None, CHILD_ORDER)
    describe(t_in("zh", "history_pairing_ended", name=item.child.name, id=item.child.id,
                  role=role, helper=_staff_name(folder, helper)))
    return helper


def set_key_support(folder: DataFolder, item: LoadedChild, on: bool, reason: str, day: date,
                    today: date, by: str | None = None) -> None:
    """Mark (or unmark) a key-support child, with the date and the reason kept as history."""
    check_day(item.child, day, today)
    if not reason.strip():
        raise LiushouError(t("reason_needed"))
    with child_edit(folder, item, today) as (edit, child):
        if child.key_support == on:
            raise LiushouError(t("key_support_already" if on else "key_support_not",
                                 name=child.name))
        # The history is read by date (duties.rules.key_support_on): a change dated before the
        # last one would leave the card saying one thing and the history another.
        last = last_key_support_change(child)
        if last is not None and day < last:
            raise LiushouError(t("key_support_before_last", date=day.isoformat(),
                                 last=last.isoformat()))
        set_field(edit.data, "key_support", on, CHILD_ORDER)
        record: dict[str, Any] = {"date": day, "key_support": on, "reason": reason.strip()}
        if by:
            record["by"] = by
        append_item(edit.data, "key_support_history", record, CHILD_ORDER)
    describe(t_in("zh", "history_key_support_on" if on else "history_key_support_off",
                  name=item.child.name, id=item.child.id, reason=reason.strip()), recorded_by=by)
