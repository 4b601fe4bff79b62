"""Activities and meetings: a parent meeting (家长会), forum (座谈会), themed class meeting
(主题班会), collective activity (集体活动) or family video-call session (亲情视频), each in its
own file under activities/, with the classes, the children who took part and the children
whose guardian came."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liushou_cli.core.classes import class_order, same_class
from liushou_cli.core.errors import InvalidRecord, LiushouError
from liushou_cli.core.model import Activity
from liushou_cli.duties.rules import on_record
from liushou_cli.i18n import t, t_in
from liushou_cli.i18n.messages import validated
from liushou_cli.lookup.finder import find_child, find_class
from liushou_cli.ops.ids import activity_suffix
from liushou_cli.store.activities import LoadedActivity, create_activity
from liushou_cli.store.edit import edit_document
from liushou_cli.store.history import describe
from liushou_cli.store.layout import DataFolder, read_no_follow
from liushou_cli.store.read import Dataset
from liushou_cli.store.yamlio import ParseFailure, decode, parse_mapping

if TYPE_CHECKING:
    from liushou_cli.core.model import Child

ALL_WORDS = ("全部", "all")

ACTIVITY_COLUMNS = ("date", "kind", "title", "classes", "by", "by_name", "children",
                    "children_count", "guardians", "guardians_count", "note", "file")
ACTIVITY_TABLE_COLUMNS = ("date", "kind", "title", "classes_text", "children_count",
                          "guardians_count")


def _split(values: Iterable[str]) -> list[str]:
    """Repeated options and comma lists alike: --children a,b --children c."""
    found: list[str] = []
    for value in values:
        for part in value.replace("，", ",").replace("、", ",").split(","):
            if part.strip():
                found.append(part.strip())
    return found


def resolve_children(data: Dataset, texts: Sequence[str], classes: Sequence[str],
                     day: date, today: date) -> list[str]:
    """Child ids for what the user typed; 全部/all: every child of the classes on record
    that `day`. An unknown or ambiguous child is an error."""
    ids: list[str] = []
    for text in _split(texts):
        if text.lower() in ALL_WORDS:
            if data.unreadable_children:
                # A child whose file cannot be read may be in the class: left out, the
                # activity would miss them for good, and the collective-activity duty too.
                files = [data.folder.rel(path) for path in data.unreadable_children]
                raise LiushouError(t("activity_all_unreadable", word=text,
                                     count=len(files), files=tuple(files[:3])))
            ids += [item.child.id for item in data.children
                    if on_record(item.child, day)
                    and any(same_class(item.child.class_name, klass) for klass in classes)]
        else:
            child = find_child(data.folder, text, data, today=today).child
            if not on_record(child, day):  # left before the day, or not yet recorded
                raise LiushouError(t("activity_child_not_on_record", name=child.name,
                                     id=child.id, date=day.isoformat()))
            if not any(same_class(child.class_name, klass) for klass in classes):
                raise LiushouError(t("activity_child_other_class", name=child.name,
                                     id=child.id, klass=child.class_name))
            ids.append(child.id)
    return list(dict.fromkeys(ids))


def add_activity(data: Dataset, fields: dict[str, Any], classes: Sequence[str],
                 children: Sequence[str], guardians: Sequence[str],
                 today: date) -> tuple[Path, Activity]:
    """Validate and write a new activity file; nothing is written on any error."""
    known = sorted({item.child.class_name for item in data.children}
                   | {klass for member in data.staff for klass in (*member.leads, *member.teaches)},
                   key=class_order)
    wanted = _split(classes)
    if any(text.lower() in ALL_WORDS for text in wanted):
        wanted = [klass for klass in known
                  if any(item.child.class_name == klass and item.child.active
                         for item in data.children)]
    # A class no child and no teacher has is a typo (十(1)班): taken, the activity would count
    # for no class's parent-meeting duty, and say nothing.
    class_names = list(dict.fromkeys(_known_class(text, known) for text in wanted))
    day = fields.get("date")
    if isinstance(day, date) and day > today:
        raise LiushouError(t("entry_in_future", date=day.isoformat()))
    record = {key: value for key, value in fields.items() if value not in (None, [], "")}
    if "title" in fields and fields["title"] is not None:
        record["title"] = fields["title"]  # an empty title is named by validation
    record["classes"] = class_names
    if isinstance(day, date):
        record["children"] = resolve_children(data, children, class_names, day, today)
        record["guardians"] = resolve_children(data, guardians, class_names, day, today)
    activity = validated(Activity, record)
    data_out = activity.model_dump(exclude_none=True)
    data_out = {key: value for key, value in data_out.items() if value != []}
    try:
        path = create_activity(data.folder, data_out, activity_suffix(data.folder))
    except InvalidRecord as refused:
        # Refused before the new file was written: its name and line would point nowhere.
        raise InvalidRecord([replace(problem, path="", line=None)
                             for problem in refused.problems]) from None
    describe(t_in("zh", "history_activity", title=activity.title,
                  count=len(activity.children)), recorded_by=activity.by)
    return path, activity


def _known_class(text: str, known: list[str]) -> str:
    found = find_class(text, known)
    assert found is not None  # a text was given
    return found


def rename_child_in_activities(folder: DataFolder, old_id: str, new_id: str,
                               today: date) -> list[Path]:
    """Every activity file naming the child `old_id` (among those who took part or whose
    guardian came) made to name `new_id` instead; the files changed."""
    changed: list[Path] = []
    for path in folder.activity_files():
        text = decode(read_no_follow(path))
        data = text if isinstance(text, ParseFailure) else parse_mapping(text)
        if not isinstance(data, dict) or not any(
                str(item) == old_id for name in _NAMING for item in _listed(data.get(name))):
            continue
        with edit_document(folder, path, Activity, today) as edit:
            for name in _NAMING:
                items = edit.data.get(name)
                for index, item in enumerate(items if isinstance(items, list) else []):
                    if str(item) == old_id:
                        items[index] = new_id
        changed.append(path)
    return changed


_NAMING = ("children", "guardians")  # an activity's lists of child ids


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def activity_rows(items: Iterable[LoadedActivity], folder: DataFolder, staff_names: dict[str, str],
                  *, kind: str | None = None, klass: str | None = None,
                  child: Child | None = None, since: date | None = None,
                  until: date | None = None) -> list[dict[str, Any]]:
    """Activities as rows (the json/csv contract in ACTIVITY_COLUMNS), newest first."""
    rows: list[dict[str, Any]] = []
    for item in items:
        activity = item.activity
        if kind is not None and activity.kind != kind:
            continue
        if klass is not None and not any(same_class(name, klass) for name in activity.classes):
            continue
        if child is not None and child.id not in activity.children \
                and child.id not in activity.guardians:
            continue
        if (since and activity.date < since) or (until and activity.date > until):
            continue
        rows.append({
            "date": activity.date.isoformat(), "kind": activity.kind, "title": activity.title,
            "classes": list(activity.classes),
            "classes_text": t("list_sep").join(activity.classes) if len(activity.classes) <= 3
            else t("n_classes", count=len(activity.classes)),
            "by": ",".join(activity.by),
            "by_name": "、".join(staff_names.get(i, i) for i in activity.by),
            "children": list(activity.children), "children_count": len(activity.children),
            "guardians": list(activity.guardians), "guardians_count": len(activity.guardians),
            "note": activity.note, "file": folder.rel(item.path),
        })
    rows.sort(key=lambda row: row["file"])
    rows.sort(key=lambda row: row["date"], reverse=True)  # newest first; a day's in file order
    return rows
