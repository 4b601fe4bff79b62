"""`liushou check`: every problem in the whole data folder at once, like a compiler.

Per-file problems come from loading (store.read); this module adds what only the whole folder
shows: duplicate ids, file names that do not match ids, references to unknown teachers,
classes with no class teacher, leftovers of interrupted writes, and 三知 gaps on the cards.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from liushou_cli.core import models_lazy
from liushou_cli.core.classes import class_key
from liushou_cli.core.conflicts import SideLike, open_conflicts, side_value
from liushou_cli.core.errors import Problem
from liushou_cli.core.hashing import sha256
from liushou_cli.core.shellwords import shell_word
from liushou_cli.core.text import Label, Message, Param
from liushou_cli.core.validators import control_chars, escaped
from liushou_cli.i18n import conflict_field
from liushou_cli.reports.incident_check import incident_problems, known_kinds
from liushou_cli.reports.sanzhi import sanzhi_gaps
from liushou_cli.reports.stats import subsidy_in_no_term, subsidy_no_term_message
from liushou_cli.reports.support_check import child_support_problems, open_tutors, support_problems
from liushou_cli.store.cachecodec import register
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.location import place_of, warning
from liushou_cli.store.read import Dataset
from liushou_cli.store.yamlio import line_in_file

if TYPE_CHECKING:
    from pydantic import BaseModel

    from liushou_cli.core.model import Child, StaffLike
    from liushou_cli.core.settings import SchoolSettings, Term


@register
class ChildCheck(NamedTuple):
    """What `check` takes from one child file: its own problems, and what the checks across
    the folder need (ids, student number, class, open tutors). Plain values, so that the
    cache keeps them with the file and an unchanged folder is checked without its records."""

    child_id: str
    student_no: str | None
    name: str
    class_name: str
    active: bool
    tutors: tuple[str, ...]
    problems: tuple[Problem, ...]
    id_number: str | None = None  # last, with a default: a cached older tuple still loads


# Changed whenever ChildCheck gains a field or changes what one holds, so that values cached
# by an older version are made again rather than served without it (3: problems as codes).
_DERIVATION_VERSION = 6  # 5: records repeated in a list; 6: subsidies in no term


class CheckDerivation:
    """ChildCheck for every child as the folder loads (store.read.load_dataset's `derive`)."""

    def __init__(self, folder: DataFolder, staff: Sequence[StaffLike], today: date,
                 config: SchoolSettings | None = None) -> None:
        self.folder = folder
        self.staff_ids = {member.id for member in staff}
        self.today = today
        # The incident kinds in force (the defaults, and liushou.yaml's own).
        self.kinds = known_kinds(config.incident_kinds if config is not None else ())
        # Whether a subsidy counts in some term's figures turns on the terms.
        self.terms = tuple(config.terms) if config is not None else ()
        # Unknown teachers depend on staff.yaml's ids; dates in the future on the day. The
        # problems are codes, put into words when shown: the language is not part of the key.
        self.key = "check:" + sha256(repr((_DERIVATION_VERSION,
                                                   sorted(self.staff_ids),
                                                   self.today.isoformat(),
                                                   sorted(self.kinds.items()),
                                                   [(term.name, term.start.isoformat(),
                                                     term.end.isoformat())
                                                    for term in self.terms]))
                                             .encode()).hexdigest()
        self.snapshot_key = self.key  # the folder's checks in one file too (store.snapshot)

    def __call__(self, child: Child, path: Path) -> ChildCheck:
        rel = self.folder.rel(path)
        problems = _own_problems(child, rel, path, self.staff_ids)
        problems += child_support_problems(child, rel, path, self.staff_ids)
        problems += implausible_dates(child, rel, path, self.today)
        problems += control_characters(child, rel, path)
        problems += merge_conflicts(child, rel, path, child_id=child.id)
        problems += repeated_records(child, rel, path)
        problems += incident_problems(child, rel, path, self.kinds)
        problems += subsidies_in_no_term(child, rel, path, self.terms)
        return ChildCheck(child.id, child.student_no, child.name, child.class_name,
                          child.active, open_tutors(child), tuple(problems), child.id_number)


def check_dataset(data: Dataset, today: date) -> list[Problem]:
    """All problems of the folder on `today` (a date after it is a warning), errors and
    warnings, sorted by file and line. The children are taken as loaded with CheckDerivation
    if they were, else checked here."""
    derive = CheckDerivation(data.folder, data.staff_facts, today, data.config)
    checks = [item.derived if isinstance(item.derived, ChildCheck)
              else derive(item.child, item.path) for item in data.children]
    problems = list(data.problems)
    if data.config is not None:
        config_path = data.folder.config_path
        problems += merge_conflicts(data.config, data.folder.rel(config_path), config_path)
    problems += _shared_files_conflicts(data.folder)
    problems += _stray_files(data)
    problems += _open_to_everyone(data)
    problems += duplicate_staff_names(data)
    problems += shared_classes(data)
    problems += _children_problems(data, checks)
    problems += duplicate_children(data, checks)
    problems += support_problems(data, [(c.child_id, c.name, c.tutors) for c in checks])
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.severity, p.code))


def has_errors(problems: list[Problem]) -> bool:
    return any(problem.severity == "error" for problem in problems)


def _stray_files(data: Dataset) -> list[Problem]:
    folder = data.folder
    leftovers, strays = folder.odd_child_entries()
    return ([Problem(folder.rel(entry), None, "warning", "leftover_temp",
                     Message("leftover_temp")) for entry in folder.top_leftovers() + leftovers]
            + [Problem(folder.rel(entry), None, "warning", "stray_file", Message("stray_file"))
               for entry in strays])


def _open_to_everyone(data: Dataset) -> list[Problem]:
    """A warning when other users of the machine can read the children's files (POSIX
    modes), or when others get a copy of them: a network drive, a cloud sync folder."""
    found = []
    if data.folder.open_to_others():
        found.append(Problem(".", None, "warning", "world_readable",
                             Message.of("world_readable", path=str(data.folder.root))))
    shared = warning(data.folder.root, place_of(data.folder.root))
    if shared is not None:
        found.append(Problem(".", None, "warning", "shared_folder", shared))
    return found


def duplicate_staff_names(data: Dataset) -> list[Problem]:
    """A warning for each staff member whose name an earlier one already has: teachers may
    share a name, but `--by 王芳` cannot then tell them apart."""
    first: dict[str, StaffLike] = {}
    found: list[Problem] = []
    path = data.folder.staff_path
    for index, member in enumerate(data.staff_facts):
        other = first.setdefault(member.name, member)
        if other is not member:
            found.append(Problem(data.folder.rel(path), line_in_file(path, ("staff", index, "name")),
                                 "warning", "duplicate_staff_name",
                                 Message.of("dup_staff_name_check", name=member.name,
                                            ids=(other.id, member.id))))
    return found


def shared_classes(data: Dataset) -> list[Problem]:
    """A warning for each class that several staff members lead: each of its duties is
    charged to all of them (duties.rules.class_teacher_index, by the class as written),
    which a school may mean, but which is more often --teaches mistyped as --leads. At the
    line of the last of them in staff.yaml, the one most likely added by mistake. And one
    for a class led under two spellings (七(1)班, 七1): the duties go by the spelling, so
    only the class teacher whose spelling the children's files use is charged."""
    leaders: dict[str, list[tuple[int, int, StaffLike]]] = defaultdict(list)
    spellings: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for index, member in enumerate(data.staff_facts):
        for position, klass in enumerate(member.leads):
            if all(other.id != member.id for _, _, other in leaders[klass]):
                leaders[klass].append((index, position, member))
            spellings[class_key(klass)].setdefault(klass, (index, position))
    path = data.folder.staff_path
    found: list[Problem] = []
    for klass, led in leaders.items():
        if len(led) > 1:
            index, position, _ = led[-1]
            found.append(Problem(data.folder.rel(path),
                                 line_in_file(path, ("staff", index, "leads", position)),
                                 "warning", "two_class_teachers",
                                 Message.of("two_class_teachers", klass=klass, count=len(led),
                                            leaders=tuple(Message.of("staff_named",
                                                                     name=member.name,
                                                                     id=member.id)
                                                          for _, _, member in led))))
    for written in spellings.values():
        if len(written) > 1:
            index, position = list(written.values())[-1]
            found.append(Problem(data.folder.rel(path),
                                 line_in_file(path, ("staff", index, "leads", position)),
                                 "warning", "class_spelled_two_ways",
                                 Message.of("class_spelled_two_ways", spellings=tuple(written))))
    return found


def duplicate_children(data: Dataset, checks: Sequence[ChildCheck]) -> list[Problem]:
    """The same 身份证号 in two files (an error while both are on the books: one person, one
    record; a warning once either is archived, which is how a copy recorded twice is put
    away) and two active children of one class with the same name (a warning: it happens,
    but is more often one child recorded twice)."""
    folder = data.folder
    found: list[Problem] = []
    by_id_number: dict[str, tuple[Path, bool]] = {}
    by_name: dict[tuple[str, str], Path] = {}
    for item, check in zip(data.children, checks, strict=True):
        if check.id_number:
            other, other_active = by_id_number.setdefault(check.id_number,
                                                          (item.path, check.active))
            if other != item.path:
                both = check.active and other_active
                found.append(Problem(folder.rel(item.path), line_in_file(item.path, ("id_number",)),
                                     "error" if both else "warning", "duplicate_id_number",
                                     Message.of("dup_id_number_check" if both
                                                else "dup_id_number_one_archived",
                                                no=check.id_number, other=folder.rel(other))))
        if check.active:
            other = by_name.setdefault((check.name, class_key(check.class_name)), item.path)
            if other != item.path:
                found.append(Problem(folder.rel(item.path), line_in_file(item.path, ("name",)),
                                     "warning", "duplicate_name_in_class",
                                     Message.of("dup_name_class_check", name=check.name,
                                                other=folder.rel(other))))
    return found


def _children_problems(data: Dataset, checks: Sequence[ChildCheck]) -> list[Problem]:
    folder = data.folder
    found: list[Problem] = []
    by_id: dict[str, list[Path]] = defaultdict(list)
    by_number: dict[str, list[Path]] = defaultdict(list)
    for item, check in zip(data.children, checks, strict=True):
        by_id[check.child_id].append(item.path)
        if check.student_no:
            by_number[check.student_no].append(item.path)
        found += check.problems
    for child_id, paths in by_id.items():
        for path in paths[1:]:
            found.append(Problem(folder.rel(path), line_in_file(path, ("id",)), "error", "duplicate_id",
                                 Message.of("dup_child_id", id=child_id,
                                            other=folder.rel(paths[0]))))
    for number, paths in by_number.items():
        for path in paths[1:]:
            found.append(Problem(folder.rel(path), line_in_file(path, ("student_no",)), "error",
                                 "duplicate_student_no",
                                 Message.of("dup_student_no", no=number,
                                            other=folder.rel(paths[0]))))
    led_classes = {klass for member in data.staff_facts for klass in member.leads}
    missing_teacher: set[str] = set()
    for item, check in zip(data.children, checks, strict=True):
        if (check.active and check.class_name not in led_classes
                and check.class_name not in missing_teacher):
            missing_teacher.add(check.class_name)
            found.append(Problem(folder.rel(item.path), line_in_file(item.path, ("class",)), "warning",
                                 "no_class_teacher",
                                 Message.of("no_class_teacher", klass=check.class_name)))
    return found


def _own_problems(child: Child, rel: str, path: Path, staff_ids: set[str]) -> list[Problem]:
    """What is wrong with one child file on its own: a file name that is not its id, unknown
    teachers, 三知 gaps."""
    found: list[Problem] = []
    if path.stem != child.id:
        found.append(Problem(rel, line_in_file(path, ("id",)), "error", "filename_mismatch",
                             Message.of("filename_mismatch", id=child.id, stem=path.stem)))
    if child.proxy_parent and child.proxy_parent not in staff_ids:
        found.append(Problem(rel, line_in_file(path, ("proxy_parent",)), "error", "unknown_staff",
                             Message.of("unknown_staff_ref", field=Label.of("proxy_parent"),
                                        id=child.proxy_parent)))
    for index, entry in enumerate(child.events):
        for position, staff_id in enumerate(entry.by):
            if staff_id not in staff_ids:
                found.append(Problem(rel, line_in_file(path, ("events", index, "by", position)),
                                     "error", "unknown_staff",
                                     Message.of("unknown_staff_ref", field=Label.of("by_name"),
                                                id=staff_id)))
    if child.active:
        found += _sanzhi(rel, child)
    return found


def _sanzhi(rel: str, child: Child) -> list[Problem]:
    return [
        Problem(rel, None, "warning", "sanzhi",
                Message.of(key, missing=tuple(Label.of(field) for field in fields)))
        for key, fields in sanzhi_gaps(child).items()
    ]


# A pupil born more than this many years ago is a typo in the year (1911 for 2011).
PUPIL_MAX_YEARS = 25


def implausible_dates(child: Child, rel: str, path: Path, today: date) -> list[Problem]:
    """Warnings for dates that cannot be right, though the record is still usable: an entry
    after today or before the child was recorded, recorded_on in the future, a pupil's birth
    date more than PUPIL_MAX_YEARS years ago (a birth date in the future is already an error
    of the model)."""
    found: list[Problem] = []

    def warn(loc: tuple[int | str, ...], key: str, value: date, **params: str | int) -> None:
        found.append(Problem(rel, line_in_file(path, loc), "warning", key,
                             Message.of(key, field=Label(loc), value=value.isoformat(), **params)))

    recorded = child.recorded_on
    if recorded is not None and recorded > today:
        warn(("recorded_on",), "date_after_today", recorded, today=today.isoformat())
    for index, entry in enumerate(child.events):
        if entry.date > today:
            warn(("events", index, "date"), "date_after_today", entry.date,
                 today=today.isoformat())
        elif recorded is not None and entry.date < recorded:
            warn(("events", index, "date"), "date_before_recorded", entry.date,
                 recorded=recorded.isoformat())
    birth = child.birth_date
    if child.active and birth is not None and birth < years_before(today, PUPIL_MAX_YEARS):
        warn(("birth_date",), "birth_too_early", birth, years=PUPIL_MAX_YEARS)
    return found


def years_before(day: date, years: int) -> date:
    """The same day `years` years earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# In a record's JSON a C0 character is escaped (\\u001b, \\n, ...), DEL and C1 are not. A
# backslash typed in a text also matches: the walk below then finds nothing.
_MAYBE_CONTROL = re.compile(r"\\[ubfnrt]|[\x7f-\x9f]")


def control_characters(child: Child, rel: str, path: Path) -> list[Problem]:
    """A warning for each text of the file holding a control character (a hand edit can
    write one as "\\e" or "\\x1b" in quotes): the record is usable, and every display shows
    the character as an escape, but it should go."""
    if _MAYBE_CONTROL.search(child.model_dump_json()) is None:
        return []  # the usual case, in one pass of a regex over the record's JSON
    return [Problem(rel, line_in_file(path, loc), "warning", "control_char",
                    Message.of("control_char_file", field=Label(loc), char=escaped(char)))
            for loc, _, char in control_chars(child.model_dump(by_alias=True))]


def repeated_records(child: Child, rel: str, path: Path) -> list[Problem]:
    """A record of a list alike in what tells its records apart (store.merge's identity) to
    one before it: a hand edit's copy, or a record added twice. A merge takes the two for
    one, and keeps a third when two laptops changed them."""
    from liushou_cli.store.merge import identity_of, lists_with_identity

    found: list[Problem] = []
    for key, fields in lists_with_identity("child").items():
        first: dict[tuple[object, ...], int] = {}
        for index, record in enumerate(getattr(child, key)):
            identity = identity_of(record, fields)
            if identity in first:
                found.append(Problem(rel, line_in_file(path, (key, index)), "warning",
                                     "repeated_record",
                                     Message.of("repeated_record", list=Label((key,)),
                                                nth=index + 1, first=first[identity] + 1)))
            else:
                first[identity] = index
    return found


def subsidies_in_no_term(child: Child, rel: str, path: Path,
                         terms: Sequence[Term]) -> list[Problem]:
    """A warning for each 生活补助 record that no term's statistics count: dated outside
    every term of liushou.yaml (a holiday), its period not a term's name."""
    found: list[Problem] = []
    for index, record in enumerate(child.care):
        if record.type == "生活补助" and subsidy_in_no_term(record, terms):
            field = "period" if record.period is not None else "date"
            found.append(Problem(rel, line_in_file(path, ("care", index, field)), "warning",
                                 "subsidy_no_term", subsidy_no_term_message(record, terms)))
    return found


def _shared_files_conflicts(folder: DataFolder) -> list[Problem]:
    """The open conflicts of staff.yaml, the census files and the activity files (the
    children's and liushou.yaml's are found as they load): found without parsing
    (store.conflictscan), then read for what each conflict is. A report counts them all."""
    from liushou_cli.store.conflictscan import files_with_conflicts
    from liushou_cli.store.read import read_model

    found: list[Problem] = []
    for path in files_with_conflicts(folder, names=()):
        model = _shared_model(folder, path)
        if model is None:  # liushou.yaml: read already
            continue
        rel = folder.rel(path)
        record, _ = read_model(path, model, rel)  # a file that does not load is said so
        if record is not None:
            found += merge_conflicts(record, rel, path)
    return found


def _shared_model(folder: DataFolder, path: Path) -> type[BaseModel] | None:
    """The model of one of the folder's shared files (imported only for a file that holds
    conflicts); None for liushou.yaml."""
    if path == folder.staff_path:
        return models_lazy.staff_file()
    if path.parent == folder.census_dir:
        return models_lazy.census_file()
    if path.parent == folder.activities_dir:
        return models_lazy.activity()
    return None


def merge_conflicts(record: object, rel: str, path: Path,
                    child_id: str | None = None) -> list[Problem]:
    """A warning for each conflict a merge recorded in the file and nobody has settled yet:
    the file holds one side's value, and the other side's is in its `conflicts:` list. A
    child's (`child_id`) names the command that settles it; another file's says to edit it."""
    found = []
    for index, conflict in open_conflicts(record):
        parts: dict[str, Param] = {"field": conflict_field(conflict.field),
                                   "ours": _side_shown(conflict.ours),
                                   "theirs": _side_shown(conflict.theirs)}
        message = (Message.of("merge_conflict_open", **parts) if child_id is None
                   else Message.of("merge_conflict_open_child", **parts,
                                   command=f"liushou resolve {shell_word(child_id)}"))
        found.append(Problem(rel, line_in_file(path, ("conflicts", index)), "warning",
                             "merge_conflict", message))
    return found


def _side_shown(side: SideLike) -> Param:
    value: Any = side_value(side)
    shown: Param
    if value is None:
        shown = Message("merge_removed")
    elif isinstance(value, dict | list):
        shown = json.dumps(value, ensure_ascii=False, default=str)
    else:
        shown = str(value)
    return Message.of("merge_by", value=shown, by=side.by) if side.by else shown
