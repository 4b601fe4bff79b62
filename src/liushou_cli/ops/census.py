"""The start-of-term census (调查摸底): who has been checked this term, recording a check,
the class's enrolled total, and the snapshot kept when a class is finished.

A check is a dated `摸底` entry in the child's file (term, who, what changed); a class's
total and, once finished, its figures as they stood that day go to censuses/<term>.yaml. The
questions asked of each child are the table of fields' (core/fields.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from liushou_cli.core import fields
from liushou_cli.core.model import CensusFile, Child
from liushou_cli.core.validators import ValidationDay
from liushou_cli.duties.census import ClassProgress
from liushou_cli.i18n import t_in
from liushou_cli.lookup.fieldset import choices
from liushou_cli.reports.stats import child_counts
from liushou_cli.store.edit import append_to_list, edit_document, ensure_document
from liushou_cli.store.history import describe, headline, mention
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import LoadedChild, load_census

if TYPE_CHECKING:
    from liushou_cli.core.settings import Term


def record_check(folder: DataFolder, item: LoadedChild, term: Term, by: Sequence[str],
                 day: date, changes: Sequence[str] = (), note: str | None = None) -> None:
    """Append the child's census check for the term, made today: on `day`."""
    entry: dict[str, object] = {"type": "摸底", "date": day, "by": by[0] if len(by) == 1
                                else list(by), "term": term.name}
    if changes:
        entry["changes"] = list(changes)
    if note:
        entry["note"] = note
    append_to_list(folder, item.path, "events", entry, Child, day)
    checked = mention("census", f"{item.child.class_name}\t{item.child.id}")
    classes = sorted({member.partition("\t")[0] for member in checked})
    # The teacher who checked (--by, the user, else the class teacher) is the commit's author.
    headline(t_in("zh", "history_census", classes="、".join(classes), count=len(checked)),
             recorded_by=by)


def newcomer_problem(record: dict[str, Any], path: str, answer: str, klass: str,
                     day: date) -> str | None:
    """What is wrong with `answer` for `path` (e.g. guardian.phone) of a child newly found
    during the census, or None: checked the moment it is typed, by the model itself, with
    placeholders for the answers still to come."""
    from pydantic import ValidationError

    from liushou_cli.i18n import field_path
    from liushou_cli.i18n.messages import describe, error_location
    from liushou_cli.ops.children import merge, nest

    placeholders = {"id": "c0000", "name": "?", "gender": "男", "class": klass,
                    "left_behind_type": "其他", "recorded_on": day, "status": "在读"}
    probe = merge(merge(placeholders, record), nest([(path, answer)]))
    try:
        Child.model_validate(probe, context=ValidationDay(day))
    except ValidationError as error:
        for detail in error.errors():
            if field_path(error_location(detail)) == path:
                return describe(detail)
    return None


@dataclass(frozen=True)
class CensusQuestion:
    """A question about one field: its path, the choices offered (None: free text), whether
    an empty answer is refused, and whether it is asked only when its parent is away."""

    path: str
    choices: tuple[str, ...] | None
    required: bool
    person: str | None
    when: fields.Asked

    def asked(self, left_behind_type: str | None) -> bool:
        """Is it asked of a child of this left-behind type (the one just answered)?"""
        away = fields.PARENTS_AWAY.get(left_behind_type or "", ())
        return self.when == "always" or self.person in away


def census_questions(newcomer: bool) -> list[CensusQuestion]:
    """The questions asked of a child checked (or, `newcomer`, newly found), in order, from
    the table of fields (core/fields.py); the left-behind type comes before the questions
    about the parents away."""
    questions = []
    for row, ask in fields.in_census():
        when = ask.new if newcomer else ask.check
        if when is not None:
            questions.append(CensusQuestion(row.path, choices(row.path) if ask.choices else None,
                                            ask.required, row.person, when))
    return questions


def value_in_words(value: object) -> str:
    """A field's value as the census log writes it (always Chinese: it is in the file)."""
    if value is None or value == "" or value == []:
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return str(value)


def value_at(child: Child, path: str) -> object:
    """The current value of a file key such as guardian.phone, or None."""
    node: Any = child.model_dump(mode="json", by_alias=True)
    for key in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _census_document(folder: DataFolder, term: Term) -> None:
    ensure_document(folder, folder.census_path(term.name),
                    {"term": term.name, "classes": {}}, CensusFile)


def set_enrolled(folder: DataFolder, term: Term, klass: str, enrolled: int,
                 by: str | None) -> None:
    """Record the class's total of enrolled students for the term."""
    _census_document(folder, term)
    with edit_document(folder, folder.census_path(term.name), CensusFile) as edit:
        classes = edit.data.setdefault("classes", {})
        entry = classes.setdefault(klass, {})
        entry["enrolled"] = enrolled
        if by:
            entry["by"] = by
    describe(t_in("zh", "history_census_enrolled", klass=klass, enrolled=enrolled),
             recorded_by=by)


def finish_class(folder: DataFolder, term: Term, found: ClassProgress, day: date) -> bool:
    """Keep the class's figures as they stand, once every child is checked and the total is
    known; a finished class is never rewritten. True if it was finished now."""
    if found.finished or found.remaining or found.enrolled is None:
        return False
    census = load_census(folder, term.name)
    if census.classes.get(found.klass) and census.classes[found.klass].finished:
        return False
    counts = child_counts((item.child for item in found.checked if item.child.active), term,
                          day)
    with edit_document(folder, folder.census_path(term.name), CensusFile) as edit:
        entry = edit.data["classes"][found.klass]
        entry["finished"] = day
        entry["counts"] = counts
    found.finished = day
    describe(t_in("zh", "history_census_finished", klass=found.klass))
    return True
