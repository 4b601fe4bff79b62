"""Recording visits, talks and contacts: one dated entry appended to one child's file.

The cost does not depend on the size of the school: the child is found by id (one file),
the teacher in staff.yaml, and only the child's file is rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from pydantic import TypeAdapter

from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import Child, Event
from liushou_cli.core.text import Choice
from liushou_cli.i18n import t, t_in
from liushou_cli.i18n.messages import validated_as
from liushou_cli.lookup.finder import staff_position
from liushou_cli.store.edit import append_to_list
from liushou_cli.store.history import Author, describe
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import LoadedChild, StaffNames

_EVENT_ADAPTER: TypeAdapter[Any] = TypeAdapter(Event)


def resolve_staff_ids(staff: StaffNames, typed: Iterable[str]) -> list[str]:
    """Staff ids for what the user typed (id, name or pinyin); unknown names are errors."""
    return list(dict.fromkeys(staff.ids[staff_position(staff.ids, staff.names, text)]
                              for text in typed))


def check_entry_date(child: Child, day: date, today: date) -> None:
    if day > today:
        raise LiushouError(t("entry_in_future", date=day.isoformat()))
    if child.recorded_on is not None and day < child.recorded_on:
        raise LiushouError(t("entry_before_record", date=day.isoformat(),
                             recorded=child.recorded_on.isoformat()))


def check_day(child: Child, day: date, today: date) -> None:
    """A day something is recorded for the child: not in the future, not before the child
    was recorded (check_entry_date), not on or after the day it left, and not a day it was
    away before coming back. Every record of a child goes through it."""
    check_entry_date(child, day, today)
    if not child.active and child.status_date is not None and day >= child.status_date:
        raise LiushouError(t("child_archived_already", name=child.name, id=child.id,
                             status=Choice(child.status)))
    if child.status_history and not _on_record(child, day):  # away, then back
        raise LiushouError(t("child_away_that_day", name=child.name, id=child.id,
                             date=day.isoformat()))


def is_duplicate(child: Child, entry: Any) -> bool:
    """The same kind of entry, on the same day, by the same people, is probably a double."""
    return any(old.type == entry.type and old.date == entry.date and set(old.by) == set(entry.by)
               for old in child.events)


def _on_record(child: Child, day: date) -> bool:
    # Imported here: only a child who left and came back needs the rules' answer, and an
    # entry's command does not otherwise load them.
    from liushou_cli.duties.rules import on_record

    return on_record(child, day)


def add_entry(folder: DataFolder, item: LoadedChild, fields: dict[str, Any],
              today: date, names: Mapping[str, str] | None = None) -> tuple[Any, bool]:
    """Validate and append one entry to the child's file; returns it and whether it repeats
    an entry already recorded (a warning, not an error: two talks in a day happen). The
    history says what and who (`names`: the staff's names by id), the first recorder its
    author."""
    # None is an option not given; "" is a required field left empty, which validation names.
    entry = validated_as(_EVENT_ADAPTER, {key: value for key, value in fields.items()
                                          if value is not None})
    check_day(item.child, entry.date, today)
    duplicate = is_duplicate(item.child, entry)
    record = entry.model_dump(by_alias=True, exclude_none=True)
    if len(record["by"]) == 1:
        record["by"] = record["by"][0]  # `by: T001` reads better than a one-item list
    append_to_list(folder, item.path, "events", record, Child, today)
    names = names or {}
    by = [names.get(staff_id, staff_id) for staff_id in entry.by]
    describe(t_in("zh", "history_entry", kind=entry.type, name=item.child.name,
                  id=item.child.id), Author(entry.by[0], by[0]), "、".join(by))
    return entry, duplicate

