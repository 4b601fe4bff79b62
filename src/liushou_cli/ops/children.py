"""Adding, changing and archiving a child's record: the rules above the store.

A new child gets a file name that never changes (its id); a change goes through one
round-trip edit of that file; leaving is a status change, never a deletion.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from liushou_cli.core.choices import ACTIVE_STATUS
from liushou_cli.core.classes import canonical_class
from liushou_cli.core.errors import InvalidRecord, LiushouError, Problem, UsageError
from liushou_cli.core.model import Child
from liushou_cli.core.text import Choice, Label, Message
from liushou_cli.core.validators import cleaned
from liushou_cli.i18n import label_zh, t, t_in
from liushou_cli.i18n.messages import validated
from liushou_cli.lookup.duplicates import (
    Kept,
    PossibleDuplicate,
    SameIdNumber,
    kept_children,
    refuse_child_duplicate,
)
from liushou_cli.lookup.fieldset import Assignment
from liushou_cli.lookup.finder import find_staff
from liushou_cli.ops.assign import CHILD_ORDER
from liushou_cli.ops.entries import check_entry_date
from liushou_cli.ops.ids import next_child_id
from liushou_cli.store.edit import append_item, create_children, edit_document, set_path
from liushou_cli.store.history import describe
from liushou_cli.store.layout import DataFolder, present
from liushou_cli.store.read import LoadedChild, staff_or_fail


def nest(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """[('father.phone', x), ('name', y)] -> {'father': {'phone': x}, 'name': y}; None skipped."""
    record: dict[str, Any] = {}
    for path, value in pairs:
        if value is None or value == []:
            continue
        *parents, last = path.split(".")
        node = record
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = cleaned(path, value)  # a phone as typed -> as stored
    return record


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` laid over `base`, nested mappings merged key by key."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def new_children(folder: DataFolder, records: list[dict[str, Any]], today: date,
                 known: Iterable[Child], force: bool = False,
                 source: RecordsSource | None = None) -> list[Child]:
    """Validated new records, ids given (the student number, or a free one: ops/ids.py) and
    dated today; refuses an id or student number already taken, here or in the batch, and a
    child already kept (duplicates.py: the same 身份证号 always, the same name in the same
    class unless `force`). A record's problems are named at its line of `source`, the file
    it was read from, if given."""
    children: list[Child] = []
    taken_ids: set[str] = set()
    known = list(known)
    numbers = {child.student_no: child.id for child in known if child.student_no}
    kept = kept_children(folder, known)
    for number, fields in enumerate(records, start=1):
        data = dict(fields)
        data.setdefault("recorded_on", today)
        data.setdefault("status", ACTIVE_STATUS)
        if not data.get("id"):
            data["id"] = data.get("student_no") or next_child_id(folder, taken_ids)
        try:
            child = validated(Child, data, today)
            not_ahead(child.recorded_on, today)
        except InvalidRecord as error:
            raise _located(error, number, data, len(records), source) from None
        if child.id in taken_ids or present(folder.child_path(child.id)):
            raise LiushouError(t("child_exists", id=child.id))
        if child.student_no and child.student_no in numbers:
            raise LiushouError(t("dup_student_no", no=child.student_no,
                                 other=numbers[child.student_no]))
        try:
            refuse_child_duplicate(child, kept, force)
        except SameIdNumber as error:
            raise SameIdNumber(_in_batch(records, number, child, error.message)) from None
        except PossibleDuplicate as error:
            raise PossibleDuplicate(_in_batch(records, number, child, error.message),
                                    _in_batch(records, number, child, error.question)) from None
        taken_ids.add(child.id)
        if child.student_no:
            numbers[child.student_no] = child.id
        kept.append(Kept(child, t("record_number", number=number, name=child.name)))
        children.append(child)
    return children


def recorded_ahead(recorded: date | None, today: date) -> Message | None:
    """What is wrong with a record dated after today (建档日期 ahead), if it is: it would
    refuse every entry until then, and check calls it a date that cannot be right."""
    if recorded is None or recorded <= today:
        return None
    return Message.of("v_date_future", field=Label(("recorded_on",)), value=recorded.isoformat())


def not_ahead(recorded: date | None, today: date) -> None:
    """Refuse a record dated after today (`recorded_ahead`): nothing is saved."""
    wrong = recorded_ahead(recorded, today)
    if wrong is not None:
        raise InvalidRecord([Problem("", None, "error", "schema", wrong)])


# The file a batch of records was read from (as shown) and the line each record starts on.
RecordsSource = tuple[str, list["int | None"]]


def _located(error: InvalidRecord, number: int, data: dict[str, Any], count: int,
             source: RecordsSource | None) -> InvalidRecord:
    """A record's problems said at its place: its line of the file it came from, and which
    record of several it is (第 2 条（乙）)."""
    def said(problem: Problem) -> Problem:
        text = problem.text
        if count > 1:
            head = Message.of("record_number", number=number, name=data.get("name") or "?")
            text = Message.of("record_said", head=head, text=text)
        if source is None:
            return replace(problem, path="", line=None, text=text)
        return replace(problem, path=source[0], line=source[1][number - 1], text=text)

    if source is None and count == 1:
        return error
    return InvalidRecord([said(problem) for problem in error.problems])


def _in_batch(records: list[dict[str, Any]], number: int, child: Child, message: str) -> str:
    """A message about one record of several, saying which."""
    if len(records) == 1:
        return message
    return t("record_said", head=t("record_number", number=number, name=child.name),
             text=message)


def add_children(folder: DataFolder, children: list[Child], today: date) -> list[Path]:
    """Write the new children's files (checked beforehand by `new_children`): all or none."""
    return create_children(folder, lambda: children, today)


def record_new_children(folder: DataFolder, records: list[dict[str, Any]], today: date,
                        known: Iterable[Child], force: bool = False,
                        source: RecordsSource | None = None) -> list[tuple[Child, Path]]:
    """`new_children` and their files written, the records made under the folder lock: two
    teachers adding a child at once never get the same generated id."""
    made: list[Child] = []

    def make() -> list[Child]:
        made[:] = new_children(folder, records, today, known, force, source)
        return made

    paths = create_children(folder, make, today)
    describe(t_in("zh", "history_children_added", children="、".join(
        f"{child.name}({child.id})" for child in made[:5]) + ("等" if len(made) > 5 else "")))
    return list(zip(made, paths, strict=True))


def resolved(folder: DataFolder, assignment: Assignment) -> Assignment:
    """A class as the school spells it (7-2 is 七(2)班); a proxy parent typed by name as the
    staff id: how `child edit --set` and the census's answers are stored alike."""
    if assignment.value is None or assignment.path not in (("class",), ("proxy_parent",)):
        return assignment
    staff = staff_or_fail(folder)
    if assignment.path == ("class",):
        known = sorted({c for m in staff for c in (*m.leads, *m.teaches)})
        return replace(assignment, value=canonical_class(str(assignment.value), known))
    return replace(assignment, value=find_staff(staff, str(assignment.value)).id)


def set_fields(folder: DataFolder, item: LoadedChild, assignments: list[Assignment],
               today: date) -> list[str]:
    """Apply `--set` changes to one file (valid on `today` after them); the names of the
    fields that changed."""
    for assignment in assignments:
        if assignment.path == ("recorded_on",):
            not_ahead(assignment.value, today)
    changed: list[str] = []
    with edit_document(folder, item.path, Child, today) as edit:
        for assignment in assignments:
            if set_path(edit.data, assignment.path, assignment.value):
                changed.append(".".join(assignment.path))
    if changed:
        describe(t_in("zh", "history_child_changed", name=item.child.name, id=item.child.id,
                      fields="、".join(label_zh(field) for field in changed)))
    return changed


def restore_child(folder: DataFolder, item: LoadedChild, reason: str, when: date,
                  today: date) -> None:
    """Bring an archived child back on `when` (回校就读): the same file, status 在读 again, the
    return's date and reason kept in status_date and status_reason. Duties start afresh on
    that date (duties.rules: nothing is owed for the time away)."""
    child = item.child
    if child.active:
        raise LiushouError(t("not_archived", name=child.name, id=child.id))
    if child.status_date is not None and when < child.status_date:
        raise UsageError(t("restore_before_leaving", date=when.isoformat(),
                           left=child.status_date.isoformat()))
    # A return dated ahead would stop every duty until then; one before the record, nonsense.
    check_entry_date(child, when, today)
    with edit_document(folder, item.path, Child, today) as edit:
        _keep_status(edit.data, child)  # the departure stays: when the child left, and why
        edit.data["status"] = ACTIVE_STATUS
        edit.data["status_date"] = when
        edit.data["status_reason"] = reason
    describe(t_in("zh", "history_child_restored", name=child.name, id=child.id, reason=reason))


def _keep_status(data: Any, child: Child) -> None:
    """The status about to be replaced, kept in status_history when it has a date (a child
    never archived has none: its status is simply the first)."""
    if child.status_date is None:
        return
    append_item(data, "status_history", {"status": child.status,
                                         "date": child.status_date,
                                         "reason": child.status_reason or ""}, CHILD_ORDER)


def archive_child(folder: DataFolder, item: LoadedChild, status: str, reason: str,
                  when: date, today: date) -> None:
    """Mark a child as 转出/毕业/不再留守 on `when`, with the reason; the file stays. Not on a
    day ahead (the child would drop from every list at once, owing nothing from that day),
    before the child was recorded, or before the last entry (a talk after leaving)."""
    child = item.child
    if not child.active:
        raise LiushouError(t("already_archived", name=child.name, id=child.id,
                             status=Choice(child.status)))
    check_entry_date(child, when, today)
    last = max(child.events, key=lambda entry: entry.date, default=None)
    if last is not None and when < last.date:
        raise LiushouError(t("archive_before_entry", date=when.isoformat(),
                             last=last.date.isoformat(), kind=last.type))
    with edit_document(folder, item.path, Child, today) as edit:
        _keep_status(edit.data, child)  # an earlier return stays
        edit.data["status"] = status
        edit.data["status_date"] = when
        edit.data["status_reason"] = reason
    describe(t_in("zh", "history_child_archived", name=item.child.name, id=item.child.id,
                  status=status, reason=reason))
