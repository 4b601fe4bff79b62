"""Report rows for the support system (plain data, no printing); the support duties' own rows
in the overdue report are made by duties.rows.

- `report --caseload`: per teacher, the children they carry in each role and what is due;
- `report --incomplete`: cards missing 三知 facts, key-support children without a proxy
  parent, children without a learning buddy or a learning-support plan.
Both count as things were on the as-of day: the children on the books then (on_record),
key support as it was then (key_support_on), the pairings and plans in force then.
The json/csv keys are documented in docs/reports/caseload.md and docs/reports/incomplete.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, Any, NamedTuple

from liushou_cli.core.classes import class_order, same_class
from liushou_cli.core.support import BUDDY, TUTOR, current_pairing, open_plans, plan_in_force, proxy_parent_on
from liushou_cli.duties.day import ChildDuties, DayDuties
from liushou_cli.duties.rows import DutyRow, Reported
from liushou_cli.duties.rules import key_support_on, on_record
from liushou_cli.i18n import t
from liushou_cli.reports.sanzhi import sanzhi_gaps
from liushou_cli.store.cachecodec import register
from liushou_cli.store.read import LoadedChild

if TYPE_CHECKING:
    from liushou_cli.core.model import Child, StaffLike

# ---- report --caseload ---------------------------------------------------------------------------
CASELOAD_KEYS = ("staff_id", "name", "children", "class_teacher", "proxy_parent", "tutor",
                 "learning_plans", "individual_plans", "due_soon", "overdue")
UNASSIGNED = None


@register
class Roles(NamedTuple):
    """Whom one child on the books keeps busy on a day, by staff id."""

    child_id: str
    klass: str
    proxy_parent: str | None
    tutor: str | None
    plan_teachers: tuple[str, ...]  # of its open learning-support plans, one for each
    case_teacher: str | None  # of its open individual case's plan, once written

    def held(self, leads: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
        """(role, staff id) for each way a teacher carries the child (`leads`: each class's
        class teachers): class teacher, proxy parent, tutor, the teacher of one of its plans
        (an open learning-support plan, or its individual case's)."""
        return [*(("class_teacher", teacher) for teacher in leads.get(self.klass, ())),
                *([("proxy_parent", self.proxy_parent)] if self.proxy_parent else []),
                *([("tutor", self.tutor)] if self.tutor is not None else []),
                *(("plans", teacher) for teacher in self.plan_teachers),
                *([("plans", self.case_teacher)] if self.case_teacher is not None else [])]


def child_roles(child: Child, as_of: date) -> Roles | None:
    """The child's Roles on `as_of`; None when it is not on the books then (on_record: a
    child archived later was)."""
    if not on_record(child, as_of):
        return None
    tutor = current_pairing(child, TUTOR, as_of)
    case_plan = plan_in_force(child, as_of)
    return Roles(child.id, child.class_name, proxy_parent_on(child, as_of),
                 tutor.staff if tutor is not None and tutor.staff else None,
                 tuple(plan.teacher for plan in open_plans(child, as_of)),
                 case_plan.teacher if case_plan is not None else None)


def carriers(roles: Roles, leads: Mapping[str, Sequence[str]]) -> set[str]:
    """The staff ids a child on the books counts for in --caseload's `children` (its Roles,
    `leads`: each class's class teachers): its class teachers, proxy parent, tutor and the
    teachers of its open plans."""
    return {teacher for _, teacher in roles.held(leads)}


@register
class CaseloadFacts(NamedTuple):
    """What one child brings to `report --caseload`, cached with its file: its duty rows of
    the day (`duties`, as the overdue report's), its class (on record or not: the classes
    --class may name) and its Roles (None: it counts for no one)."""

    duties: ChildDuties
    klass: str
    roles: Roles | None

    def to_cache(self) -> list[Any]:
        """The facts as the cache keeps them: the rows' and the roles' fields in place of
        their objects, so that a line of the caseload's snapshot is plain values, read in one
        step (each object tagged, a county's 20,000 lines took 40 ms more to decode)."""
        roles = self.roles
        return [list(self.duties), self.klass,
                None if roles is None else [*roles[:4], list(roles.plan_teachers),
                                            roles.case_teacher]]

    @classmethod
    def from_cache(cls, duties: Any, klass: Any, roles: Any) -> CaseloadFacts:
        """The facts from what `to_cache` kept, the texts they repeat shared (the child's id
        and class are its rows' too; a teacher's id is in a thousand children's roles); a
        TypeError or IndexError when it is not what `to_cache` makes (the codec makes it
        Undecodable)."""
        share = ChildDuties.from_cache(*duties)
        if type(klass) is not str:
            raise TypeError  # (no text: the codec makes it Undecodable, a cache miss)
        if roles is None:
            return cls(share, share.class_name, None)
        _, _, proxy, tutor, plan_teachers, case_teacher = roles
        return cls(share, share.class_name, Roles(
            share.child_id, share.class_name, _shared(proxy), _shared(tutor),
            tuple(_shared(teacher) for teacher in plan_teachers), _shared(case_teacher)))


def _shared(text: Any) -> Any:
    return intern(text) if type(text) is str else text


class CaseloadDerivation:
    """The day's DayDuties, plus each child's Roles (cached under `caseload:`). With `keep`
    (the rows --caseload counts), the folder's facts are kept in one file too
    (store.snapshot), their rows made `brief` for it, one file for each test."""

    def __init__(self, day_duties: DayDuties, keep: Reported | None = None) -> None:
        self.day = day_duties
        self.keep = keep
        self.key = "caseload:" + day_duties.key
        self.snapshot_key = (keep.snapshot_key("caseload", day_duties.key)
                             if keep is not None else None)

    def brief(self, facts: CaseloadFacts) -> tuple[CaseloadFacts, list[Any] | None]:
        """The facts with their duty rows made brief for `keep`, and what they keep beside
        (DayDuties.brief)."""
        duties, beside = self.day.brief(facts.duties, self.keep)
        return facts._replace(duties=duties), beside

    def renew(self, value: object, kept: Any) -> CaseloadFacts | None:
        """Brief facts made whole again with what they kept beside (DayDuties.renew)."""
        if not isinstance(value, CaseloadFacts):
            return None
        duties = self.day.renew(value.duties, kept)
        return value._replace(duties=duties) if duties is not None else None

    def holds(self, value: object) -> bool:
        """Does a kept value hold on the day (its duty rows do)?"""
        return self.day.holds(value)

    def __call__(self, child: Child, path: Path | None = None) -> CaseloadFacts:
        return CaseloadFacts(self.day(child, path), child.class_name,
                             child_roles(child, self.day.as_of))

    def facts(self, items: Iterable[LoadedChild]) -> list[CaseloadFacts]:
        """Each child's facts: as derived while the folder loaded, else made from its record."""
        return [item.derived if isinstance(item.derived, CaseloadFacts) else self(item.child)
                for item in items]


def caseload_rows(roles: Iterable[Roles | None], staff: Sequence[StaffLike],
                  duty_rows: Sequence[DutyRow], within: int,
                  by: str | None = None, klass: str | None = None) -> list[dict[str, Any]]:
    """One row per teacher who carries any child or owes anything, in staff.yaml order,
    and a last row for what nobody is assigned to. `roles`: each child's of the day (None for
    one who counts for no one); `duty_rows` are the overdue-report rows (every duty, due
    soon or not); due_soon counts those due within `within` days.
    One pass over the children and one over the rows, whatever the number of teachers."""
    leads: dict[str, list[str]] = defaultdict(list)
    for member in staff:
        for name in member.leads:
            leads[name].append(member.id)
    carried: dict[str, dict[str, set[str]]] = defaultdict(
        lambda: {"class_teacher": set(), "proxy_parent": set(), "tutor": set(), "plans": set()})
    plans: Counter[str] = Counter()
    cases: Counter[str] = Counter()
    if klass is not None:
        duty_rows = [row for row in duty_rows if same_class(row["class"], klass)]
    for found in roles:
        if found is None or (klass is not None and not same_class(found.klass, klass)):
            continue
        for role, teacher in found.held(leads):
            carried[teacher][role].add(found.child_id)
        plans.update(found.plan_teachers)
        if found.case_teacher is not None:
            cases[found.case_teacher] += 1
    owed: dict[str | None, list[DutyRow]] = defaultdict(list)
    for duty_row in duty_rows:
        if not duty_row["responsible"]:
            owed[None].append(duty_row)
        for teacher in filter(None, duty_row["responsible"].split(",")):
            owed[teacher].append(duty_row)
    rows = []
    for member in staff:
        if by is not None and member.id != by:
            continue
        held = carried.get(member.id)
        row = {"staff_id": member.id, "name": member.name,
               "children": len(set().union(*held.values())) if held else 0,
               **{key: len(held[key]) if held else 0
                  for key in ("class_teacher", "proxy_parent", "tutor")},
               "learning_plans": plans[member.id], "individual_plans": cases[member.id],
               **_due(owed.get(member.id, []), within)}
        if any(row[key] for key in CASELOAD_KEYS[2:]):
            rows.append(row)
    if by is None:
        due = _due(owed.get(None, []), within)
        if due["due_soon"] or due["overdue"]:
            rows.append({"staff_id": UNASSIGNED, "name": t("unassigned"), "children": 0,
                         "class_teacher": 0, "proxy_parent": 0, "tutor": 0,
                         "learning_plans": 0, "individual_plans": 0, **due})
    return rows


def _due(rows: Sequence[DutyRow], within: int) -> dict[str, int]:
    return {"due_soon": sum(1 for row in rows if -within <= row["days_overdue"] <= 0),
            "overdue": sum(1 for row in rows if row["days_overdue"] > 0)}


# ---- report --incomplete -------------------------------------------------------------------------
INCOMPLETE_KEYS = ("child_id", "name", "class", "gap", "missing", "class_teacher")
GAPS = ("sanzhi_child", "sanzhi_guardian", "sanzhi_parents", "no_proxy_parent", "no_buddy",
        "no_learning_plan")


@register
class Gaps(NamedTuple):
    """What one child's record lacks on a day, `report --incomplete`'s facts cached with its
    file: (gap, the card's empty fields for a 三知 gap) in GAPS order; `counted` is False for
    a child not on the books then (it is in no row)."""

    child_id: str
    name: str
    klass: str
    counted: bool
    gaps: tuple[tuple[str, tuple[str, ...]], ...]


def child_gaps(child: Child, as_of: date) -> Gaps:
    """The child's Gaps on `as_of`; none counted when it is not on the books then."""
    if not on_record(child, as_of):
        return Gaps(child.id, child.name, child.class_name, False, ())
    gaps: list[tuple[str, tuple[str, ...]]] = [
        (gap, tuple(fields)) for gap, fields in sanzhi_gaps(child).items()]
    if key_support_on(child, as_of) and proxy_parent_on(child, as_of) is None:
        gaps.append(("no_proxy_parent", ()))
    if current_pairing(child, BUDDY, as_of) is None:
        gaps.append(("no_buddy", ()))
    if not open_plans(child, as_of):
        gaps.append(("no_learning_plan", ()))
    return Gaps(child.id, child.name, child.class_name, True,
                tuple(sorted(gaps, key=lambda pair: GAPS.index(pair[0]))))


class IncompleteDerivation:
    """Each child's Gaps on `as_of` (store.read.load_dataset's `derive`)."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        self.key = "incomplete:" + as_of.isoformat()
        self.snapshot_key = self.key  # the folder's gaps in one file too (store.snapshot)

    def __call__(self, child: Child, path: Path | None = None) -> Gaps:
        return child_gaps(child, self.as_of)

    def facts(self, items: Iterable[LoadedChild]) -> list[Gaps]:
        """Each child's Gaps: as derived while the folder loaded, else made from its record."""
        return [item.derived if isinstance(item.derived, Gaps) else self(item.child)
                for item in items]


def incomplete_rows(found: Iterable[Gaps], staff: Sequence[StaffLike], *,
                    klass: str | None = None, by: str | None = None) -> list[dict[str, Any]]:
    """One row per child and gap, by class, child and gap; `missing` lists the card's empty
    fields for a 三知 gap. Only children on the books on the day."""
    leads: dict[str, list[str]] = {}
    for member in staff:
        for name in member.leads:
            leads.setdefault(name, []).append(member.id)
    rows: list[dict[str, Any]] = []
    for child in found:
        if not child.counted:
            continue
        if klass is not None and not same_class(child.klass, klass):
            continue
        teachers = leads.get(child.klass, [])
        if by is not None and by not in teachers:
            continue
        rows += [{"child_id": child.child_id, "name": child.name, "class": child.klass,
                  "gap": gap, "missing": list(fields), "class_teacher": ",".join(teachers)}
                 for gap, fields in child.gaps]
    rows.sort(key=lambda row: (class_order(row["class"]), row["child_id"]))
    return rows


def incomplete_counts(rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    counts = {gap: sum(1 for row in rows if row["gap"] == gap) for gap in GAPS}
    counts["sanzhi"] = len({row["child_id"] for row in rows if row["gap"].startswith("sanzhi")})
    counts["children"] = len({row["child_id"] for row in rows})
    return counts
