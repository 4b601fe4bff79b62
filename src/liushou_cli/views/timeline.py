"""A child's entries as rows: for `visit|talk|contact list` and the timeline of `child show`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from liushou_cli.core.classes import same_class
from liushou_cli.i18n import show, t
from liushou_cli.store.read import LoadedChild

if TYPE_CHECKING:
    from liushou_cli.core.model import Entry, Staff

ENTRY_COLUMNS = ("date", "child_id", "name", "class", "type", "by", "by_name", "met", "found",
                 "topic", "mood", "agreed", "with", "channel", "notes", "follow_up")
ENTRY_TABLE_COLUMNS = {
    "到校来访": ("date", "name", "class", "type", "by_name", "met", "found", "follow_up"),
    "谈心": ("date", "name", "class", "by_name", "topic", "mood", "agreed", "follow_up"),
    "联系": ("date", "name", "class", "by_name", "with", "channel", "notes"),
}


def entry_row(entry: Entry, item: LoadedChild,
              names: dict[str, str]) -> dict[str, Any]:
    record = entry.model_dump(by_alias=True, mode="json")
    return {
        **{key: record.get(key) for key in ENTRY_COLUMNS},
        "child_id": item.child.id,
        "name": item.child.name,
        "class": item.child.class_name,
        "by": ",".join(entry.by),
        "by_name": "、".join(names.get(staff_id, staff_id) for staff_id in entry.by),
    }


def entry_rows(items: Iterable[LoadedChild], staff: Iterable[Staff], *, kinds: tuple[str, ...],
               by: str | None = None, klass: str | None = None, since: date | None = None,
               until: date | None = None) -> list[dict[str, Any]]:
    """Every entry of the given kinds, filtered, newest first."""
    names = {member.id: member.name for member in staff}
    rows = []
    for item in items:
        if klass is not None and not same_class(item.child.class_name, klass):
            continue
        for entry in item.child.events:
            if entry.type not in kinds:
                continue
            if by is not None and by not in entry.by:
                continue
            if (since and entry.date < since) or (until and entry.date > until):
                continue
            rows.append(entry_row(entry, item, names))
    rows.sort(key=lambda row: (row["date"], row["child_id"]), reverse=True)
    return rows


def timeline_lines(events: Iterable[Entry],
                   names: dict[str, str]) -> list[tuple[str, str]]:
    """(date, one-line summary) per entry, newest first, for the contact card."""
    lines = []
    for entry in sorted(events, key=lambda e: e.date, reverse=True):
        who = "、".join(names.get(staff_id, staff_id) for staff_id in entry.by)
        if entry.type == "谈心":  # the type tags tell the entries apart (no model imported)
            detail = [entry.topic, entry.mood, entry.agreed, entry.follow_up]
        elif entry.type == "摸底":
            detail = [entry.term, *entry.changes, entry.note]
        elif entry.type == "联系":
            detail = [show(entry.with_), show(entry.channel), entry.notes]
        else:  # a visit, of one of its kinds
            detail = [t("met_whom", whom=entry.met) if entry.met else None, entry.found,
                      entry.follow_up]
        text = t("list_sep").join(part for part in detail if part)
        head = f"{show(entry.type)} · {who}"
        lines.append((entry.date.isoformat(), t("tl_said", head=head, text=text) if text else head))
    return lines
