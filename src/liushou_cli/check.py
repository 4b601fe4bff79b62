"""`liushou check`: every problem in the whole data folder at once, like a compiler.

Per-file problems come from loading (store.read); this module adds what only the whole folder
shows: duplicate ids, file names that do not match ids, references to unknown teachers,
classes with no class teacher, leftovers of interrupted writes, and 三知 gaps on the cards.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from liushou_cli.errors import Problem
from liushou_cli.i18n import label, lang, t
from liushou_cli.model import Child, Staff
from liushou_cli.store.cachecodec import register
from liushou_cli.store.layout import TEMP_SUFFIX, DataFolder
from liushou_cli.store.read import Dataset
from liushou_cli.store.yamlio import line_of
from liushou_cli.support_check import child_support_problems, open_tutors, support_problems


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


class CheckDerivation:
    """ChildCheck for every child as the folder loads (store.read.load_dataset's `derive`)."""

    def __init__(self, folder: DataFolder, staff: Sequence[Staff]) -> None:
        self.folder = folder
        self.staff_ids = {member.id for member in staff}
        # Unknown teachers depend on staff.yaml's ids; messages on the language.
        self.key = "check:" + hashlib.sha256(repr((lang(), sorted(self.staff_ids)))
                                             .encode()).hexdigest()

    def __call__(self, child: Child, path: Path) -> ChildCheck:
        rel = self.folder.rel(path)
        problems = _own_problems(child, rel, path, self.staff_ids)
        problems += child_support_problems(child, rel, path, self.staff_ids)
        return ChildCheck(child.id, child.student_no, child.name, child.class_name,
                          child.active, open_tutors(child), tuple(problems))


def check_dataset(data: Dataset) -> list[Problem]:
    """All problems of the folder, errors and warnings, sorted by file and line. The children
    are taken as loaded with CheckDerivation if they were, else checked here."""
    derive = CheckDerivation(data.folder, data.staff)
    checks = [item.derived if isinstance(item.derived, ChildCheck)
              else derive(item.child, item.path) for item in data.children]
    problems = list(data.problems)
    problems += _stray_files(data)
    problems += _open_to_everyone(data)
    problems += _duplicate_staff(data)
    problems += _children_problems(data, checks)
    problems += support_problems(data, [(c.child_id, c.name, c.tutors) for c in checks])
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.severity, p.code))


def has_errors(problems: list[Problem]) -> bool:
    return any(problem.severity == "error" for problem in problems)


def _line(path: Path, loc: tuple[int | str, ...]) -> int | None:
    try:
        return line_of(path.read_text(encoding="utf-8-sig"), loc)
    except (OSError, UnicodeDecodeError):
        return None


def _stray_files(data: Dataset) -> list[Problem]:
    folder = data.folder
    if not folder.children_dir.is_dir():
        return []
    found: list[Problem] = []
    for entry in sorted(folder.children_dir.iterdir()):
        if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
            found.append(Problem(folder.rel(entry), None, "warning", "leftover_temp",
                                 t("leftover_temp")))
        elif entry.is_file() and entry.suffix != ".yaml" and not entry.name.startswith("."):
            found.append(Problem(folder.rel(entry), None, "warning", "stray_file",
                                 t("stray_file")))
    return found


def _open_to_everyone(data: Dataset) -> list[Problem]:
    """A warning when other users of the machine can read the children's files."""
    if os.name != "posix":
        return []
    folders = [data.folder.root, data.folder.children_dir]
    exposed = [folder for folder in folders
               if folder.is_dir() and folder.stat().st_mode & (stat.S_IROTH | stat.S_IXOTH)]
    if not exposed:
        return []
    return [Problem(".", None, "warning", "world_readable",
                    t("world_readable", path=data.folder.root))]


def _duplicate_staff(data: Dataset) -> list[Problem]:
    seen: set[str] = set()
    found: list[Problem] = []
    path = data.folder.staff_path
    for index, member in enumerate(data.staff):
        if member.id in seen:
            found.append(Problem(data.folder.rel(path), _line(path, ("staff", index, "id")),
                                 "error", "duplicate_staff_id", t("dup_staff_id", id=member.id)))
        seen.add(member.id)
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
            found.append(Problem(folder.rel(path), _line(path, ("id",)), "error", "duplicate_id",
                                 t("dup_child_id", id=child_id, other=folder.rel(paths[0]))))
    for number, paths in by_number.items():
        for path in paths[1:]:
            found.append(Problem(folder.rel(path), _line(path, ("student_no",)), "error",
                                 "duplicate_student_no",
                                 t("dup_student_no", no=number, other=folder.rel(paths[0]))))
    led_classes = {klass for member in data.staff for klass in member.leads}
    missing_teacher: set[str] = set()
    for item, check in zip(data.children, checks, strict=True):
        if (check.active and check.class_name not in led_classes
                and check.class_name not in missing_teacher):
            missing_teacher.add(check.class_name)
            found.append(Problem(folder.rel(item.path), _line(item.path, ("class",)), "warning",
                                 "no_class_teacher",
                                 t("no_class_teacher", klass=check.class_name)))
    return found


def _own_problems(child: Child, rel: str, path: Path, staff_ids: set[str]) -> list[Problem]:
    """What is wrong with one child file on its own: a file name that is not its id, unknown
    teachers, 三知 gaps."""
    found: list[Problem] = []
    if path.stem != child.id:
        found.append(Problem(rel, _line(path, ("id",)), "error", "filename_mismatch",
                             t("filename_mismatch", id=child.id, stem=path.stem)))
    if child.proxy_parent and child.proxy_parent not in staff_ids:
        found.append(Problem(rel, _line(path, ("proxy_parent",)), "error", "unknown_staff",
                             t("unknown_staff_ref", field=label("proxy_parent"),
                               id=child.proxy_parent)))
    for index, entry in enumerate(child.events):
        for position, staff_id in enumerate(entry.by):
            if staff_id not in staff_ids:
                found.append(Problem(rel, _line(path, ("events", index, "by", position)),
                                     "error", "unknown_staff",
                                     t("unknown_staff_ref", field=label("by_name"), id=staff_id)))
    if child.active:
        found += _sanzhi(rel, child)
    return found


def sanzhi_gaps(child: Child) -> dict[str, list[str]]:
    """What a proxy parent must know (三知) and the card lacks: message key -> field paths."""
    gaps: dict[str, list[str]] = {}
    basics = [name for name in ("birth_date", "residence") if getattr(child, name) is None]
    if basics:
        gaps["sanzhi_child"] = basics
    guardian = child.guardian
    guardian_missing = [f"guardian.{name}" for name in ("name", "relation", "phone")
                        if guardian is None or getattr(guardian, name) is None]
    if guardian_missing:
        gaps["sanzhi_guardian"] = guardian_missing
    away = {"双亲外出": ("father", "mother"), "父亲外出": ("father",),
            "母亲外出": ("mother",)}.get(child.left_behind_type, ())
    parents_missing: list[str] = []
    for who in away:
        parent = getattr(child, who)
        if parent is None or parent.phone is None:
            parents_missing.append(f"{who}.phone")
        if parent is None or (parent.work_city is None and parent.work_province is None):
            parents_missing.append(f"{who}.work_city")
    if not away and not any(p is not None and p.phone for p in (child.father, child.mother)):
        parents_missing.append("father.phone")
    if parents_missing:
        gaps["sanzhi_parents"] = parents_missing
    return gaps


def _sanzhi(rel: str, child: Child) -> list[Problem]:
    return [
        Problem(rel, None, "warning", "sanzhi",
                t(key, missing=t("list_sep").join(label(field) for field in fields)))
        for key, fields in sanzhi_gaps(child).items()
    ]
