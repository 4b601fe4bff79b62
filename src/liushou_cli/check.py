"""`liushou check`: every problem in the whole data folder at once, like a compiler.

Per-file problems come from loading (store.read); this module adds what only the whole folder
shows: duplicate ids, file names that do not match ids, references to unknown teachers,
classes with no class teacher, leftovers of interrupted writes, and 三知 gaps on the cards.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from pathlib import Path

from liushou_cli.errors import Problem
from liushou_cli.i18n import label, t
from liushou_cli.model import Child
from liushou_cli.store.layout import TEMP_SUFFIX
from liushou_cli.store.read import Dataset, LoadedChild
from liushou_cli.store.yamlio import line_of
from liushou_cli.support_check import support_problems


def check_dataset(data: Dataset) -> list[Problem]:
    """All problems of the folder, errors and warnings, sorted by file and line."""
    problems = list(data.problems)
    problems += _stray_files(data)
    problems += _open_to_everyone(data)
    problems += _duplicate_staff(data)
    problems += _children_problems(data)
    problems += support_problems(data)
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


def _children_problems(data: Dataset) -> list[Problem]:
    folder = data.folder
    found: list[Problem] = []
    by_id: dict[str, list[LoadedChild]] = defaultdict(list)
    by_number: dict[str, list[LoadedChild]] = defaultdict(list)
    for item in data.children:
        by_id[item.child.id].append(item)
        if item.child.student_no:
            by_number[item.child.student_no].append(item)
    for child_id, items in by_id.items():
        for item in items[1:] if len(items) > 1 else []:
            found.append(Problem(folder.rel(item.path), _line(item.path, ("id",)), "error",
                                 "duplicate_id",
                                 t("dup_child_id", id=child_id, other=folder.rel(items[0].path))))
    for number, items in by_number.items():
        for item in items[1:] if len(items) > 1 else []:
            found.append(Problem(folder.rel(item.path), _line(item.path, ("student_no",)),
                                 "error", "duplicate_student_no",
                                 t("dup_student_no", no=number, other=folder.rel(items[0].path))))

    staff_ids = {member.id for member in data.staff}
    led_classes = {klass for member in data.staff for klass in member.leads}
    missing_teacher: set[str] = set()
    for item in data.children:
        child, rel = item.child, folder.rel(item.path)
        if item.path.stem != child.id:
            found.append(Problem(rel, _line(item.path, ("id",)), "error", "filename_mismatch",
                                 t("filename_mismatch", id=child.id, stem=item.path.stem)))
        if child.proxy_parent and child.proxy_parent not in staff_ids:
            found.append(Problem(rel, _line(item.path, ("proxy_parent",)), "error",
                                 "unknown_staff",
                                 t("unknown_staff_ref", field=label("proxy_parent"),
                                   id=child.proxy_parent)))
        for index, entry in enumerate(child.events):
            for position, staff_id in enumerate(entry.by):
                if staff_id not in staff_ids:
                    found.append(Problem(rel, _line(item.path, ("events", index, "by", position)),
                                         "error", "unknown_staff",
                                         t("unknown_staff_ref", field=label("by_name"),
                                           id=staff_id)))
        if child.active:
            if child.class_name not in led_classes and child.class_name not in missing_teacher:
                missing_teacher.add(child.class_name)
                found.append(Problem(rel, _line(item.path, ("class",)), "warning",
                                     "no_class_teacher",
                                     t("no_class_teacher", klass=child.class_name)))
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
