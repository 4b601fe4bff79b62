"""The school's classes and staff: leaders, class teachers, subject teachers and the records
keeper, who teaches which class, and how each keeps records."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import words
from .draw import split
from .figures import CLASS_SIZE
from .people import Namer, Registry

GRADES: tuple[tuple[str, int], ...] = (("七", 2022), ("八", 2021), ("九", 2020))
GRADE_CODES = {"七": 7, "八": 8, "九": 9}

_SUBJECTS = words.load("subjects")
SUBJECTS_BY_GRADE = words.texts_by(_SUBJECTS["by_grade"])
CORE_SUBJECTS = words.texts(_SUBJECTS["core"])          # two classes per teacher, not a grade
CLASS_TEACHER_SUBJECTS = words.texts(_SUBJECTS["class_teachers"])   # drawn in turn
SUBJECT_ORDER = {subject: i for i, subject in enumerate(words.texts(_SUBJECTS["order"]))}


# ---- the school's layout -------------------------------------------------------------------------------
@dataclass
class Teacher:
    id: str
    name: str
    phone: str
    roles: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    teaches: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    note: str | None = None
    section: str = ""
    # how this teacher keeps records (not written to staff.yaml)
    talk_months: tuple[int, ...] = (9, 10, 11)
    november_done: float = 1.0
    visit_rate: float = 0.6
    contact_gap: tuple[int, int] = (21, 42)
    thorough: float = 0.8
    proxy_gap: tuple[int, int] = (12, 16)
    proxy_lapse: float = 0.0

    def record(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name, "phone": self.phone,
                                "roles": self.roles, "leads": self.leads, "teaches": self.teaches,
                                "subjects": self.subjects, "note": self.note}
        return {key: value for key, value in data.items() if value not in (None, [])}

    @property
    def surname(self) -> str:
        return self.name[0]


@dataclass
class SchoolClass:
    grade: str
    number: int
    size: int
    width: int
    teacher: Teacher | None = None
    staff: list[Teacher] = field(default_factory=list)
    subject_teacher: dict[str, Teacher] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.grade}({self.number})班"

    def student_no(self, seq: int) -> str:
        entry = dict(GRADES)[self.grade]
        return f"{entry}{GRADE_CODES[self.grade]:02d}{self.number:0{self.width}d}{seq:02d}"


def layout_classes(rng: random.Random, enrolled: int) -> list[SchoolClass]:
    per_grade = max(4, round(enrolled / 3 / CLASS_SIZE))
    width = max(2, len(str(per_grade)))
    grade_sizes = split(enrolled, [1.03, 1.0, 0.97])
    classes: list[SchoolClass] = []
    for (grade, _), grade_size in zip(GRADES, grade_sizes, strict=True):
        sizes = split(grade_size, [1.0 + rng.uniform(-0.04, 0.04) for _ in range(per_grade)])
        classes += [SchoolClass(grade, number + 1, size, width)
                    for number, size in enumerate(sizes)]
    return classes


class StaffBuilder:
    def __init__(self, rng: random.Random, registry: Registry, namer: Namer) -> None:
        self.rng, self.registry, self.namer = rng, registry, namer
        self.staff: list[Teacher] = []
        self.names: set[str] = set()

    def new(self, section: str, roles: list[str], note: str | None = None) -> Teacher:
        while True:
            name = self.namer.adult(self.namer.surname(), self.rng.choice("男女"))
            if name not in self.names:
                self.names.add(name)
                break
        teacher = Teacher(f"T{len(self.staff) + 1:03d}", name, self.registry.mobile(), roles,
                          note=note, section=section)
        self.staff.append(teacher)
        return teacher


def build_staff(rng: random.Random, registry: Registry, namer: Namer,
                classes: list[SchoolClass]) -> list[Teacher]:
    """Leaders, class teachers, subject teachers and the records keeper (~40 for 12 classes)."""
    builder = StaffBuilder(rng, registry, namer)
    builder.new("领导小组", ["领导小组组长"], "校长")                       # T001
    builder.new("领导小组", ["领导小组组员"], "副校长")
    dean = builder.new("领导小组", ["领导小组组员", "任课教师"], "教导主任")
    moral = builder.new("领导小组", ["领导小组组员", "任课教师"], "政教主任")   # T004
    youth = builder.new("领导小组", ["领导小组组员", "任课教师"], "团委书记")

    # Every (grade, subject) is taught in chunks: core subjects two classes per teacher,
    # the rest a whole grade (at most four classes) per teacher.
    chunks: list[tuple[str, list[SchoolClass]]] = []
    by_grade: dict[str, list[SchoolClass]] = defaultdict(list)
    for klass in classes:
        by_grade[klass.grade].append(klass)
    for grade, _ in GRADES:
        for subject in SUBJECTS_BY_GRADE[grade]:
            size = 2 if subject in CORE_SUBJECTS else 4
            group = by_grade[grade]
            chunks += [(subject, group[i:i + size]) for i in range(0, len(group), size)]

    chunks_of: dict[str, list[int]] = defaultdict(list)
    for number, (_, group) in enumerate(chunks):
        for klass in group:
            chunks_of[klass.name].append(number)
    taken: set[int] = set()
    for index, klass in enumerate(classes):
        subject = CLASS_TEACHER_SUBJECTS[(index + rng.randrange(2)) % len(CLASS_TEACHER_SUBJECTS)]
        teacher = builder.new("班主任", ["班主任", "任课教师"])
        teacher.leads = [klass.name]
        klass.teacher = teacher
        free = [number for number in chunks_of[klass.name] if number not in taken]
        # Their own subject if its chunk is free, else a free core subject, else anything.
        free.sort(key=lambda number: (chunks[number][0] != subject,
                                      chunks[number][0] not in CORE_SUBJECTS))
        if free:
            taken.add(free[0])
            _assign(teacher, *chunks[free[0]])

    leftover = [chunk for number, chunk in enumerate(chunks) if number not in taken]
    # Leaders teach a little.
    for leader, wanted in ((dean, "数学"), (moral, "道德与法治"), (youth, "历史")):
        for number, (subject, group) in enumerate(leftover):
            if subject == wanted:
                _assign(leader, subject, group)
                leftover.pop(number)
                break
        else:
            leader.roles.remove("任课教师")
    # Subject teachers: about 22 for 12 classes; merge same-subject chunks to reach that.
    target = max(1, round(len(classes) * 22 / 12))
    by_subject: dict[str, list[list[SchoolClass]]] = defaultdict(list)
    for subject, group in leftover:
        by_subject[subject].append(group)
    excess = len(leftover) - target
    while excess > 0:
        progressed = False
        for subject in sorted(by_subject, key=lambda name: -len(by_subject[name])):
            groups, merged, i = by_subject[subject], [], 0
            while i < len(groups):
                if excess > 0 and i + 1 < len(groups) and len(groups[i]) + len(groups[i + 1]) <= 8:
                    merged.append(groups[i] + groups[i + 1])
                    i, excess, progressed = i + 2, excess - 1, True
                else:
                    merged.append(groups[i])
                    i += 1
            by_subject[subject] = merged
        if not progressed:
            break
    loads = [(subject, group) for subject, groups in by_subject.items() for group in groups]
    loads.sort(key=lambda load: (SUBJECT_ORDER.get(load[0], 99), load[1][0].name))
    for subject, group in loads:
        _assign(builder.new("任课教师", ["任课教师"]), subject, group)
    keepers = max(1, len(classes) // 24)
    for _ in range(keepers):
        builder.new("档案管理员", ["档案管理员"], "学籍档案管理")

    for teacher in builder.staff:
        _set_habits(rng, teacher)
    _assign_class_teacher_habits(rng, [t for t in builder.staff if t.leads])
    return builder.staff


def _assign(teacher: Teacher, subject: str, group: list[SchoolClass]) -> None:
    if subject not in teacher.subjects:
        teacher.subjects.append(subject)
    for klass in group:
        if klass.name not in teacher.teaches:
            teacher.teaches.append(klass.name)
        klass.staff.append(teacher)
        klass.subject_teacher.setdefault(subject, teacher)


def _set_habits(rng: random.Random, teacher: Teacher) -> None:
    teacher.thorough = rng.uniform(0.45, 1.0)
    teacher.contact_gap = rng.choice(((18, 35), (21, 42), (25, 45), (30, 60)))
    profile = rng.random()
    if profile < 0.55:
        teacher.proxy_gap, teacher.proxy_lapse = (11, 15), 0.05
    elif profile < 0.85:
        teacher.proxy_gap, teacher.proxy_lapse = (13, 19), 0.25
    else:
        teacher.proxy_gap, teacher.proxy_lapse = (18, 30), 0.5


def _assign_class_teacher_habits(rng: random.Random, class_teachers: list[Teacher]) -> None:
    """Some class teachers keep every month, some fall behind, one or two never write."""
    profiles: list[tuple[tuple[int, ...], float, float]] = []
    n = len(class_teachers)
    quotas = split(n, [6, 2, 2, 1, 1])
    # (months with talks, share of November done by the 25th, home-visit rate)
    kinds = [((9, 10, 11), 0.92, 0.85), ((9, 11), 0.85, 0.65), ((9, 10, 11), 0.12, 0.55),
             ((9,), 0.0, 0.4), ((), 0.0, 0.15)]
    for kind, quota in zip(kinds, quotas, strict=True):
        profiles += [kind] * quota
    rng.shuffle(profiles)
    for teacher, (months, november, visits) in zip(class_teachers, profiles, strict=True):
        teacher.talk_months, teacher.november_done = months, november
        teacher.visit_rate = min(0.95, visits + rng.uniform(-0.1, 0.1))
        if not months:
            teacher.contact_gap = (35, 70)
