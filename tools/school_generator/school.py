"""The whole school: classes, staff, children, their timelines, support and census, written to
a data folder; and the summary of what was written."""

from __future__ import annotations

import itertools
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from liushou_cli.core.choices import GRANDPARENTS
from liushou_cli.core.model import Child, SchoolConfig
from liushou_cli.core.validators import ValidationDay
from liushou_cli.ops.newfolder import GITIGNORE
from liushou_cli.store.activities import KIND_SLUGS
from liushou_cli.store.yamlio import load_round_trip

from .census import Census
from .children import ChildMaker, Kid
from .days import HISTORY_END
from .draw import split
from .figures import ARCHIVED_SHARE, DEFAULT_CHILDREN, DEFAULT_ENROLLED, DEFAULT_SCHOOL
from .incidents import Incidents
from .people import Namer, Registry
from .places import Geography
from .plans import Plan, make_plans
from .staff import SchoolClass, build_staff, layout_classes
from .support import Support, assign_proxies
from .timeline import Timeline
from .writing import README, activity_text, config_text, prepare_folder, render, staff_text


@dataclass
class Summary:
    root: Path
    school: str
    enrolled: int
    classes: int
    staff: int
    files: int
    active: int
    archived: int
    both_away: int
    with_grandparents: int
    excellent: int
    key_support: int
    proxies: int
    events: int
    event_types: dict[str, int]
    newcomers: int
    seconds: float
    census: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        def pct(part: int, whole: int) -> str:
            return f"{100 * part / whole:.1f}%" if whole else "-"

        return [
            f"{self.school}: {self.files} child files, {self.staff} staff, {self.classes} classes",
            f"enrolled (在校生, kept in the generator): {self.enrolled}",
            f"left-behind, active (在读): {self.active} = {pct(self.active, self.enrolled)} of enrolled"
            f" (+{self.archived} archived: 转出/不再留守)",
            f"双亲外出: {self.both_away} = {pct(self.both_away, self.active)} of left-behind",
            f"with grandparents: {self.with_grandparents} = "
            f"{pct(self.with_grandparents, self.enrolled)} of enrolled",
            f"academic 优: {self.excellent} = {pct(self.excellent, self.active)} of left-behind",
            f"key support: {self.key_support}, proxy parents: {self.proxies}, "
            f"newcomers mid-term: {self.newcomers}",
            f"events: {self.events} ({self.events / max(1, self.files):.1f} per child) "
            + ", ".join(f"{kind} {count}" for kind, count in sorted(self.event_types.items())),
            *self.census,
            f"written in {self.seconds:.1f} s",
        ]


def generate_school(root: Path, children: int = DEFAULT_CHILDREN, seed: int = 2022,
                    school: str = DEFAULT_SCHOOL, enrolled: int | None = None,
                    force: bool = False, census_finished: bool = False) -> Summary:
    """Create the data folder `root` with `children` active left-behind children (+ archived).

    `enrolled` defaults to the default school's ratio (557 for 213). Refuses a non-empty
    folder unless `force`, which empties it first (only a folder that holds a liushou.yaml).
    `census_finished`: every class has finished the autumn census (by default one has not).
    """
    started = time.perf_counter()
    if children < 1:
        raise ValueError("children must be at least 1")
    prepare_folder(root, force)
    rng = random.Random(seed)
    enrolled = enrolled or round(children * DEFAULT_ENROLLED / DEFAULT_CHILDREN)
    registry, namer = Registry(rng), Namer(rng)
    classes = layout_classes(rng, enrolled)
    staff = build_staff(rng, registry, namer, classes)
    staff_by_id = {teacher.id: teacher for teacher in staff}
    geography = Geography(rng, big=len(classes) > 24)
    archived = max(1, round(children * ARCHIVED_SHARE))
    plans = make_plans(rng, children, enrolled, archived)

    # Spread the children over the classes in proportion to class size, then number them.
    quotas = split(len(plans), [klass.size * rng.uniform(0.8, 1.2) for klass in classes])
    slots: list[SchoolClass] = []
    for klass, quota in zip(classes, quotas, strict=True):
        slots += [klass] * quota
    rng.shuffle(slots)
    by_class: dict[str, list[Plan]] = defaultdict(list)
    for klass, plan in zip(slots, plans, strict=True):
        by_class[klass.name].append(plan)
    maker = ChildMaker(rng, registry, namer, geography)
    kids: list[Kid] = []
    for klass in classes:
        members = by_class[klass.name]
        regulars = [plan for plan in members if not plan.newcomer]
        size = max(klass.size, len(regulars))
        numbers = sorted(rng.sample(range(1, size + 1), len(regulars)))
        late = itertools.count(size + 1)
        for plan in members:
            seq = next(late) if plan.newcomer else numbers.pop(0)
            kids.append(maker.make(klass, seq, plan))
    assign_proxies(rng, kids, staff)
    support = Support(random.Random(f"support-{seed}"), kids, staff)
    incidents = Incidents(kids, support.unmarked)
    # The census draws from a stream of its own: the rest of the school stays as it was.
    census = Census(random.Random(f"census-{seed}"), registry.phones, classes, kids,
                    finished=census_finished)

    timeline = Timeline(rng)
    visit_days: dict[tuple[str, str, str], list[date]] = {}
    event_types: Counter[str] = Counter()
    children_dir = root / "children"
    children_dir.mkdir(parents=True, exist_ok=True)
    for kid in kids:
        kid.record["events"] = timeline.build(kid, staff_by_id, visit_days)
        census.check(kid)
        support.add(kid)
        incidents.add(kid)
        event_types.update(event["type"] for event in kid.record["events"])
        # Validated on the last day of the invented history: no one is born after it.
        child = Child.model_validate(kid.record, context=ValidationDay(HISTORY_END))
        # The census saw the child as it stood in September, before any unmarking.
        census.observe(kid, child.model_copy(update={"key_support": True})
                       if kid.record["id"] in support.unmarked else child)
        text = render(kid, child, rng)
        (children_dir / f"{kid.record['id']}.yaml").write_text(text, encoding="utf-8")
    written: Counter[str] = Counter()
    (root / "activities").mkdir(exist_ok=True)
    for activity in support.activities(classes):
        stem = f"{activity['date'].isoformat()}-{KIND_SLUGS[activity['kind']]}"
        written[stem] += 1
        name = stem if written[stem] == 1 else f"{stem}-{written[stem]}"
        (root / "activities" / f"{name}.yaml").write_text(activity_text(activity),
                                                           encoding="utf-8")
    census_files = census.files()
    (root / "censuses").mkdir(exist_ok=True)
    for term, text in census_files.items():
        (root / "censuses" / f"{term}.yaml").write_text(text, encoding="utf-8")

    (root / "staff.yaml").write_text(staff_text(staff), encoding="utf-8")
    config = config_text(school)
    SchoolConfig.model_validate(load_round_trip(config))
    (root / "liushou.yaml").write_text(config, encoding="utf-8")
    (root / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (root / "README.md").write_text(README.format(
        school=school, children=children, seed=seed, folder=root.name,
        enrolled_option="" if enrolled == round(children * DEFAULT_ENROLLED / DEFAULT_CHILDREN)
        else f" --enrolled {enrolled}"), encoding="utf-8")

    active = [kid for kid in kids if not kid.plan.archived]
    return Summary(
        root=root, school=school, enrolled=enrolled, classes=len(classes), staff=len(staff),
        files=len(kids), active=len(active), archived=len(kids) - len(active),
        both_away=sum(kid.record["left_behind_type"] == "双亲外出" for kid in active),
        with_grandparents=sum(kid.record["guardian"].get("relation") in GRANDPARENTS
                              for kid in active),
        excellent=sum(kid.record["academic_level"] == "优" for kid in active),
        key_support=sum(bool(kid.record["key_support"]) for kid in active),
        proxies=sum("代理家长" in teacher.roles for teacher in staff),
        events=sum(event_types.values()), event_types=dict(event_types),
        newcomers=sum(kid.plan.newcomer is not None for kid in active),
        seconds=time.perf_counter() - started, census=census.lines() + support.lines(),
    )
