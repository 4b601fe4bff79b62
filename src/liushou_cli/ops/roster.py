"""The start-of-term census from a roster (花名册): a class or school list with Chinese column
headers, matched to the children's files by student number (学籍号).

Three steps, each its own function:

- `parse_roster`: the rows of a table (store/tables.py) -> the known columns of each row,
  header problems collected;
- `plan_roster`: those rows against the data folder -> a plan (changes per child, new
  children, children missing from the roster, class totals), every bad cell collected; a
  RosterInvalid lists them all (`FILE:row:column: message`) and nothing may be written;
- `apply_plan`: the plan written through the existing core (children.set_fields,
  new_children/add_children, census.record_check, archive_child, census.set_enrolled) and each
  class whose census is now complete finished.

An empty cell means "not given": a roster never clears a field. Every value is validated by
the model, so the messages are the ones `check` and `child edit` give.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from liushou_cli.core.choices import ACTIVE_STATUS
from liushou_cli.core.classes import canonical_class, same_class
from liushou_cli.core.errors import LiushouError, UsageError
from liushou_cli.core.fields import in_roster, value_of
from liushou_cli.core.model import Child, ClassCensus, RecordId
from liushou_cli.core.progress import SILENT, Progress
from liushou_cli.core.shellwords import shell_word
from liushou_cli.core.text import Message
from liushou_cli.core.validators import ValidationDay, cleaned, control_char, escaped, parse_day
from liushou_cli.duties.census import checked_in, progress
from liushou_cli.i18n import field_path, show, t, t_in
from liushou_cli.i18n.messages import describe, error_location
from liushou_cli.lookup.duplicates import (
    Kept,
    PossibleDuplicate,
    SameIdNumber,
    id_number_owner,
    kept_children,
    refuse_child_duplicate,
)
from liushou_cli.lookup.fieldset import Assignment, parse_assignment, settable_fields
from liushou_cli.lookup.finder import find_staff
from liushou_cli.ops.census import (
    finish_class,
    record_check,
    set_enrolled,
)
from liushou_cli.ops.children import add_children, archive_child, merge, nest, new_children, set_fields
from liushou_cli.store.history import headline
from liushou_cli.store.layout import DataFolder, present
from liushou_cli.store.read import Dataset, LoadedChild, load_census, load_dataset
from liushou_cli.store.tables import Table

if TYPE_CHECKING:
    from liushou_cli.core.model import CensusFile, Staff
    from liushou_cli.core.settings import Term


def roster_columns() -> dict[str, str]:
    """Roster header -> the field's path in the child's file, as the table of fields
    (core/fields.py) gives them, in the documented order (docs/reports/roster.md); in a file
    the columns may come in any order."""
    return {roster.header: field.path for field, roster in in_roster()}


COLUMNS: dict[str, str] = roster_columns()
_COLUMN_OF: dict[str, str] = {path: column for column, path in COLUMNS.items()}
KEY_COLUMN = _COLUMN_OF["student_no"]
ENROLLED_COLUMN = "在校人数"  # the class's total, not a child's field
ALL_COLUMNS: tuple[str, ...] = (*COLUMNS, ENROLLED_COLUMN)
# A new child's id is its student number.
_COLUMN_OF |= {"id": KEY_COLUMN, "enrolled": ENROLLED_COLUMN}

# What the census writes into the files is data, kept in the files' language (Chinese),
# whatever language the command speaks.
ARCHIVE_STATUS = "转出"
ARCHIVE_REASON = "不在{term}花名册中"
_STATUS_LABEL = "状态"
_NONE_TEXT = "无"

_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")
_Report = Callable[[int, str | None, str], None]
_student_no = TypeAdapter(RecordId)
_enrolled = TypeAdapter(ClassCensus)


# ---- problems ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RosterProblem:
    """One bad cell (or row, or header) of the roster, located as the spreadsheet shows it."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class RosterInvalid(LiushouError):
    """The roster has bad cells: every one is listed, and nothing is written."""

    def __init__(self, problems: list[RosterProblem]) -> None:
        super().__init__(t("roster_invalid", count=len(problems)))
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join([self.message, *(str(problem) for problem in self.problems)])


# ---- parsing: table -> rows of known columns ---------------------------------------------------
@dataclass
class RosterRow:
    """One student's row: its number in the spreadsheet and its non-empty known cells."""

    row: int
    cells: dict[str, str]

    @property
    def student_no(self) -> str:
        return self.cells.get(KEY_COLUMN, "")


@dataclass
class Roster:
    file: str
    header_row: int | None
    columns: list[str]
    rows: list[RosterRow]
    problems: list[RosterProblem] = field(default_factory=list)


def parse_roster(table: Table, shown_as: str) -> Roster:
    """The roster's rows by column name. The header is the first row that has a 学籍号 cell
    (rows above it, such as a title, are ignored); unknown or repeated headers are problems."""
    roster = Roster(shown_as, None, [], [])
    header_at = next((index for index, (_, cells) in enumerate(table.rows)
                      if KEY_COLUMN in map(column_name, cells)), None)
    if header_at is None:
        first = table.rows[0] if table.rows else None
        if first is None:
            roster.problems.append(RosterProblem(shown_as, None, None, t("roster_empty")))
            return roster
        roster.problems.append(RosterProblem(shown_as, first[0], None,
                                             t("roster_no_key_column", column=KEY_COLUMN)))
        roster.problems += _header_problems(shown_as, first[0], first[1])[1]
        return roster
    header_row, header = table.rows[header_at]
    roster.header_row = header_row
    names, problems = _header_problems(shown_as, header_row, header)
    roster.problems += problems
    roster.columns = [name for name in names if name]
    for number, cells in table.rows[header_at + 1:]:
        # A line break typed in a cell (Alt+Enter) is a space in a one-line field.
        known = {names[index]: _LINE_BREAK.sub(" ", value) for index, value in enumerate(cells)
                 if index < len(names) and names[index] and value}
        extra = [value for value in cells[len(header):] if value]
        if extra:
            roster.problems.append(RosterProblem(shown_as, number, None,
                                                 t("roster_extra_cells", count=len(extra),
                                                   cells=tuple(extra))))
        if known:
            roster.rows.append(RosterRow(number, known))
    return roster


# Spaces a sheet pads a short header with (姓  名, 学 籍 号, full-width ones too) and a line
# break typed in it (Alt+Enter): none is part of a column's name.
_IN_HEADER = re.compile(r"\s+")


def column_name(cell: str) -> str:
    """A header cell as the name of a column: without the spaces and line breaks in it."""
    return _IN_HEADER.sub("", cell)


def _header_problems(shown_as: str, row: int, header: list[str]) -> tuple[list[str], list[RosterProblem]]:
    """The column name of each position ("" for one to ignore) and the header's problems
    (each naming the cell as written)."""
    names: list[str] = []
    problems: list[RosterProblem] = []
    for cell in header:
        name = column_name(cell)
        if not name:
            names.append("")
        elif name not in ALL_COLUMNS:
            problems.append(RosterProblem(shown_as, row, cell, t(
                "roster_unknown_column", column=cell, columns=t("list_sep").join(ALL_COLUMNS))))
            names.append("")
        elif name in names:
            problems.append(RosterProblem(shown_as, row, cell, t("roster_dup_column", column=cell)))
            names.append("")
        else:
            names.append(name)
    return names, problems


# ---- planning: rows against the folder -> what would change ---------------------------------
@dataclass(frozen=True)
class Change:
    """One field a roster changes: the column it came from, the field, old and new values."""

    column: str
    path: str
    old: Any
    new: Any

    def text(self) -> str:
        """As kept in the census check: 监护人电话 13912345678 → 13987654321."""
        return f"{self.column} {_stored_text(self.old)} → {_stored_text(self.new)}"


@dataclass
class Update:
    """A matched child: what the roster changes, and whether the census check is still owed."""

    row: int
    item: LoadedChild
    changes: list[Change]
    needs_check: bool


@dataclass
class NewChild:
    row: int
    record: dict[str, Any]
    child: Child


@dataclass
class ClassTotal:
    """A class's enrolled total from the 在校人数 column, and what the census file holds."""

    klass: str
    old: int | None
    new: int
    finished: date | None

    @property
    def changed(self) -> bool:
        return self.finished is None and self.old != self.new


@dataclass
class RosterPlan:
    file: str
    term: Term
    classes: list[str]
    updates: list[Update] = field(default_factory=list)
    new: list[NewChild] = field(default_factory=list)
    missing: list[LoadedChild] = field(default_factory=list)
    inactive: list[tuple[int, LoadedChild]] = field(default_factory=list)
    totals: list[ClassTotal] = field(default_factory=list)
    skipped: int = 0
    force: bool = False  # new children of a name already in their class are meant (--force)

    @property
    def rows(self) -> int:
        return len(self.updates) + len(self.new) + len(self.inactive)

    @property
    def changed(self) -> list[Update]:
        return [update for update in self.updates if update.changes]


def plan_roster(roster: Roster, data: Dataset, census: CensusFile, term: Term, today: date,
                klass: str | None = None, force: bool = False) -> RosterPlan:
    """What the roster would change, or a RosterInvalid listing every bad cell.

    With `klass`, only the rows of that class (by the roster's 班级, or the matched child's
    current class) are taken; the others are counted as skipped. The classes the census
    covers are `klass`, else every class named in the roster's rows. A new child already
    kept (duplicates.py) is a bad row: the same 身份证号 always, the same name in the same
    class unless `force`.
    """
    problems = list(roster.problems)
    children = data.children
    # The classes the school knows; a class first met in the roster joins them, so that 八(3)班
    # and 8-3 in two rows are one class.
    known = sorted({c for m in data.staff for c in (*m.leads, *m.teaches)}
                   | {item.child.class_name for item in children})
    wanted = canonical_class(klass, known) if klass else None
    plan = RosterPlan(roster.file, term, [wanted] if wanted else [], force=force)
    kept = kept_children(data.folder, (item.child for item in children))
    by_number: dict[str, list[LoadedChild]] = {}
    for item in children:
        if item.child.student_no:
            by_number.setdefault(item.child.student_no, []).append(item)
    ids = {item.child.id for item in children}
    kinds = settable_fields()
    seen: dict[str, int] = {}
    totals: dict[str, tuple[int, int]] = {}  # class -> (total, row it came from)
    numbers: set[str] = set()

    def problem(row: int, column: str | None, message: str) -> None:
        problems.append(RosterProblem(roster.file, row, column, message))

    for row in roster.rows:
        number = row.student_no
        if not number:
            problem(row.row, KEY_COLUMN, t("v_missing", field=KEY_COLUMN))
            continue
        numbers.add(number)
        bad_number = _number_problem(number)
        if bad_number:
            problem(row.row, KEY_COLUMN, bad_number)
            continue
        if number in seen:
            problem(row.row, KEY_COLUMN, t("roster_dup_no", no=number, other=seen[number]))
            continue
        seen[number] = row.row
        matches = by_number.get(number, [])
        if len(matches) > 1:
            problem(row.row, KEY_COLUMN, t("dup_student_no", no=number, other=t("list_sep").join(
                item.child.id for item in matches)))
            continue
        match = matches[0] if matches else None
        if _control_cells(row, problem):
            continue
        values = _values(row, kinds, known)
        row_class: str | None = values.get("class") or (
            match.child.class_name if match else wanted)
        if wanted and not ((row_class and same_class(row_class, wanted))
                           or (match and same_class(match.child.class_name, wanted))):
            plan.skipped += 1
            continue
        if row_class and row_class not in known:
            known.append(row_class)
        if row_class and not wanted and row_class not in plan.classes:
            plan.classes.append(row_class)
        if ENROLLED_COLUMN in row.cells and row_class:
            _take_total(row, row_class, totals, problem)
        if match is not None and not match.child.active:
            plan.inactive.append((row.row, match))
            continue
        if match is not None:
            update = _update(row, match, values, term, today, problem)
            if update is not None:
                _id_number_taken(row, update, kept, problem)
                plan.updates.append(update)
            continue
        if number in ids or present(data.folder.child_path(number)):
            problem(row.row, KEY_COLUMN, t("child_exists", id=number))
            continue
        if row_class:  # the row's own class, else the one of --class
            values["class"] = row_class
        new = _new_child(row, number, values, today, problem)
        if new is not None and _new_is_kept(row, new, kept, force, problem):
            continue
        if new is not None:
            plan.new.append(new)

    if not roster.rows and not problems:
        problems.append(RosterProblem(roster.file, None, None, t("roster_empty")))
    elif wanted and not plan.rows and not problems:
        problems.append(RosterProblem(roster.file, None, None,
                                      t("roster_no_class_rows", klass=wanted)))
    if problems:
        raise RosterInvalid(sorted(problems, key=lambda p: p.row or 0))  # stable: field order

    plan.missing = sorted(
        (item for item in children
         if item.child.active and any(same_class(item.child.class_name, c) for c in plan.classes)
         and (item.child.student_no is None or item.child.student_no not in numbers)),
        key=lambda item: (item.child.class_name, item.child.student_no or item.child.id))
    for name, (total, _) in totals.items():
        entry = next((found for key, found in census.classes.items() if same_class(key, name)),
                     None)
        plan.totals.append(ClassTotal(name, entry.enrolled if entry else None, total,
                                      entry.finished if entry else None))
    return plan


def _control_cells(row: RosterRow, problem: _Report) -> bool:
    """Report every cell holding a control character (an escape sequence, a NUL): such text
    never goes into a file. True if there was one."""
    found = False
    for column, value in row.cells.items():
        char = control_char(value, one_line=True)
        if char is not None:
            problem(row.row, column, t("control_char_input", field=column, char=escaped(char)))
            found = True
    return found


def _new_is_kept(row: RosterRow, new: NewChild, kept: list[Kept], force: bool,
                 problem: _Report) -> bool:
    """Report a new row that is a child already kept, or met in an earlier row; else
    remember it for the rows after it."""
    try:
        refuse_child_duplicate(new.child, kept, force)
    except SameIdNumber as error:
        problem(row.row, _COLUMN_OF["id_number"], error.message)
        return True
    except PossibleDuplicate as error:
        problem(row.row, _COLUMN_OF["name"], error.message)
        return True
    kept.append(Kept(new.child, t("roster_row_ref", row=row.row)))
    return False


def _id_number_taken(row: RosterRow, update: Update, kept: Sequence[Kept],
                     problem: _Report) -> None:
    """Report a roster 身份证号 that gives a matched child another child's number."""
    change = next((change for change in update.changes if change.path == "id_number"), None)
    if change is None:
        return
    others = [other for other in kept if other.child.id != update.item.child.id]
    owner = id_number_owner(str(change.new), others)
    if owner is not None:
        problem(row.row, _COLUMN_OF["id_number"], t("dup_id_number_new", no=change.new,
                                    name=owner.child.name, file=owner.file))


def _number_problem(number: str) -> str | None:
    try:
        _student_no.validate_python(number)
    except ValidationError as error:
        detail = error.errors()[0]
        detail["loc"] = ("student_no",)
        return describe(detail)
    return None


def _values(row: RosterRow, kinds: dict[str, Any], known: Sequence[str]) -> dict[str, Any]:
    """The row's cells as field path -> value: yes/no and dates read as `child edit --set`
    reads them; a value that does not read stays text, for the model to name the problem."""
    values: dict[str, Any] = {}
    for column, raw in row.cells.items():
        path = COLUMNS.get(column)
        if path is None or path == "student_no":
            continue
        value: Any = raw
        if kinds.get(path) is date:
            value = parse_day(raw) or raw
        elif kinds.get(path) is bool:
            value = _yes_no(path, raw)
        elif path == "class":
            value = canonical_class(raw, known)
        values[path] = cleaned(path, value)  # a phone as typed -> as stored
    return values


@functools.cache
def _yes_no(path: str, raw: str) -> Any:
    """是/否 (and yes/no, 有/无 ...) read as `child edit --set` reads them; cached, as a school
    roster repeats the same few words in every row."""
    try:
        return parse_assignment(f"{path}={raw}").value
    except UsageError:
        return raw


def _take_total(row: RosterRow, klass: str, totals: dict[str, tuple[int, int]],
                problem: _Report) -> None:
    raw = row.cells[ENROLLED_COLUMN]
    try:
        total = _enrolled.validate_python({"enrolled": raw}).enrolled
    except ValidationError as error:
        for detail in error.errors():
            problem(row.row, ENROLLED_COLUMN, describe(detail))
        return
    if total is None:
        return
    key = next((name for name in totals if same_class(name, klass)), klass)
    if key in totals and totals[key][0] != total:
        problem(row.row, ENROLLED_COLUMN, t("roster_enrolled_conflict", klass=key,
                                            other=totals[key][1], value=totals[key][0]))
        return
    totals.setdefault(key, (total, row.row))


def _update(row: RosterRow, match: LoadedChild, values: dict[str, Any], term: Term,
            today: date, problem: _Report) -> Update | None:
    old = match.child
    merged = merge(old.model_dump(by_alias=True, exclude_none=True), nest(values.items()))
    new = _validated(row, merged, today, problem)
    if new is None:
        return None
    changes = []
    for column, path in COLUMNS.items():
        if path not in values:
            continue
        before, after = _get(old, path), _get(new, path)
        if before != after:
            changes.append(Change(column, path, before, after))
    return Update(row.row, match, changes, bool(changes) or not checked_in(old, term))


def _new_child(row: RosterRow, number: str, values: dict[str, Any], today: date,
               problem: _Report) -> NewChild | None:
    record = merge(nest(values.items()), {"id": number, "student_no": number,
                                          "recorded_on": today, "status": ACTIVE_STATUS})
    child = _validated(row, record, today, problem)
    return NewChild(row.row, record, child) if child is not None else None


def _validated(row: RosterRow, record: dict[str, Any], today: date,
               problem: _Report) -> Child | None:
    try:
        return Child.model_validate(record, context=ValidationDay(today))
    except ValidationError as error:
        for detail in error.errors():
            loc = error_location(detail)
            problem(row.row, _column(loc, detail["type"], row), describe(detail))
        return None


def _column(loc: tuple[int | str, ...], kind: str, row: RosterRow) -> str | None:
    """The roster column an error of the merged record is about."""
    candidates = _CROSS_CHECKS.get(kind)
    if candidates is not None:
        # An ID number against the birth date or gender: the error lies within the ID
        # number, but the roster may have given only the other column. A father's, mother's
        # or guardian's own cross-check cannot come from a roster, which has no column for
        # either.
        if loc != ("id_number",):
            return None
        return next((_COLUMN_OF[key] for key in candidates if _COLUMN_OF[key] in row.cells),
                    None)
    path = field_path(loc)
    return _COLUMN_OF.get(path)


# The record's own cross-checks, by error type (a birth date in the future is the field's own
# error), and the columns each may come from, the ID number's first.
_CROSS_CHECKS = {"id_birth_mismatch": ("id_number", "birth_date"),
                 "id_gender_mismatch": ("id_number", "gender")}


def _get(child: Child, path: str) -> Any:
    return value_of(child, path)


def _stored_text(value: Any) -> str:
    if value is None:
        return _NONE_TEXT
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# ---- who checks --------------------------------------------------------------------------------
def census_taker(staff: list[Staff], who: str | None, classes: Sequence[str],
                 user: str | None) -> str:
    """The staff id the census checks are recorded under: `who` (--by), else the `user`
    (LIUSHOU_USER), else the class teacher of the roster's one class."""
    who = who or user
    if who:
        return find_staff(staff, who).id
    if len(classes) == 1:
        leaders = [member for member in staff if any(same_class(c, classes[0]) for c in member.leads)]
        if len(leaders) == 1:
            return leaders[0].id
    raise UsageError(t("need_by"))


# ---- applying ------------------------------------------------------------------------------------
@dataclass
class Applied:
    """What `apply_plan` wrote, and how each class's census stands afterwards."""

    changed: int = 0
    created: int = 0
    checks: int = 0
    archived: int = 0
    totals: int = 0
    finished: list[tuple[str, int]] = field(default_factory=list)
    remaining: list[tuple[str, int]] = field(default_factory=list)
    no_total: list[str] = field(default_factory=list)


def apply_plan(folder: DataFolder, plan: RosterPlan, by: str, today: date,
               archive_missing: bool, known: Sequence[Child],
               steps: Progress = SILENT) -> Applied:
    """Write the plan (checked by `plan_roster`), then finish every class now complete.
    `steps` counts the writes (a school's roster is a thousand files changed, 30 ms
    each), then the reading of the folder again."""
    done = Applied()
    term = plan.term
    steps.stage(Message("progress_roster"), _writes(plan, archive_missing))
    try:
        if plan.new:
            children = new_children(folder, [new.record for new in plan.new], today, known,
                                    plan.force)
            add_children(folder, children, today)
            done.created = len(children)
            steps.step(len(plan.new))
        for update in plan.updates:
            if update.changes:
                set_fields(folder, update.item,
                           [Assignment(tuple(change.path.split(".")), change.new)
                            for change in update.changes], today)
                done.changed += 1
            if update.needs_check:
                record_check(folder, update.item, term, [by], today,
                             [change.text() for change in update.changes])
                done.checks += 1
            steps.step()
        if archive_missing:
            reason = ARCHIVE_REASON.format(term=term.name)
            for item in plan.missing:
                archive_child(folder, item, ARCHIVE_STATUS, reason, today, today)
                record_check(folder, item, term, [by], today,
                             [f"{_STATUS_LABEL} {ACTIVE_STATUS} → {ARCHIVE_STATUS}({reason})"])
                done.archived += 1
                steps.step()
        for total in plan.totals:
            if total.changed:
                set_enrolled(folder, term, total.klass, total.new, by)
                done.totals += 1
            steps.step()
    finally:
        steps.done()
    data = load_dataset(folder, today=today, progress=steps)
    for found in progress(data.children, data.staff, load_census(folder, term.name), term, today):
        if not any(same_class(found.klass, name) for name in plan.classes):
            continue
        if finish_class(folder, term, found, today):
            done.finished.append((found.klass, len(found.checked)))
        elif found.finished is None and found.remaining:
            done.remaining.append((found.klass, len(found.remaining)))
        elif found.finished is None and found.enrolled is None:
            done.no_total.append(found.klass)
    headline(t_in("zh", "history_roster", classes="、".join(plan.classes), new=done.created,
                  updated=done.changed + done.archived))
    return done


def _writes(plan: RosterPlan, archive_missing: bool) -> int:
    """The steps `apply_plan` counts: each new child, update, archived child and total."""
    return (len(plan.new) + len(plan.updates) + (len(plan.missing) if archive_missing else 0)
            + len(plan.totals))


# ---- what a teacher reads ---------------------------------------------------------------------
def who(child: Child) -> str:
    return f"{child.name}({child.student_no or child.id})"


def _shown(value: Any) -> str:
    return t("none") if value is None else show(value)


def plan_lines(plan: RosterPlan, archive_missing: bool) -> list[str]:
    """The plan as a diff a teacher can read: ~ changed, + new, - missing, ? left alone."""
    lines: list[str] = []
    for update in plan.updates:
        lines += [t("roster_line_change", who=who(update.item.child), field=change.column,
                    old=_shown(change.old), new=_shown(change.new))
                  for change in update.changes]
    lines += [t("roster_line_new", who=who(new.child)) for new in plan.new]
    reason = ARCHIVE_REASON.format(term=plan.term.name)
    for item in plan.missing:
        lines.append(t("roster_line_archive", who=who(item.child), status=show(ARCHIVE_STATUS),
                       reason=reason) if archive_missing
                     else t("roster_line_missing", who=who(item.child)))
    lines += [t("roster_line_inactive", who=who(item.child), row=row, status=show(item.child.status))
              for row, item in plan.inactive]
    for total in plan.totals:
        if total.finished is not None and total.old != total.new:
            lines.append(t("roster_line_total_kept", klass=total.klass,
                           day=total.finished.isoformat(), old=_shown(total.old)))
        elif total.changed:
            lines.append(t("roster_line_total", klass=total.klass, old=_shown(total.old),
                           new=total.new))
    return lines


def plan_summary(plan: RosterPlan) -> str:
    text = t("roster_summary", term=plan.term.name, file=plan.file, rows=plan.rows,
             changed=len(plan.changed), same=len(plan.updates) - len(plan.changed),
             new=len(plan.new), missing=len(plan.missing))
    if plan.skipped:
        text += t("roster_skipped", count=plan.skipped)
    return text


def applied_lines(done: Applied) -> list[str]:
    lines = [t("roster_applied", changed=done.changed, new=done.created, checks=done.checks,
               archived=done.archived)]
    lines += [t("census_finished", klass=klass, count=count) for klass, count in done.finished]
    lines += [t("roster_class_remaining", klass=klass, command_class=shell_word(klass),
                remaining=count)
              for klass, count in done.remaining]
    lines += [t("roster_class_no_total", klass=klass, command_class=shell_word(klass))
              for klass in done.no_total]
    return lines
