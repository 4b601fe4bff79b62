"""Records -> report rows (plain data, no printing): the overdue report.

Row keys are the json/csv contract: child_id, name, class, duty, responsible, last, due,
days_overdue; the table also uses duty_name, responsible_name and missed. An incident's
step (duties/incidents.py) is a row of duty `incident` with two keys more, incident and
hours_overdue, and comes before every other row. A row of a duty a child may owe several
times over (an incident's steps, a plan's checks, a care record's follow-up, an individual
plan's review) has a `key` too, which of them it is (support.Owed.key), for the calendar's
UID (render/ics.py); no output prints it.

The rules make each row as a fact in no language (the cache keeps a child's facts with its
file, for Chinese and English alike): a child's own row as a ChildRow, a class's row (and the
census's) as a DutyFact; `RowNames` and `named` give them their names in the output language
when the day's rows are put together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from sys import intern
from typing import TYPE_CHECKING, Any, NamedTuple, NotRequired, TypedDict

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.classes import same_class
from liushou_cli.duties.census import CensusFact, CensusLike, finished_by
from liushou_cli.duties.rules import DutyStatus, class_teacher_index
from liushou_cli.duties.support import SUPPORT_KINDS, Owed
from liushou_cli.i18n import LANGS, t, t_in

if TYPE_CHECKING:
    from liushou_cli.core.model import StaffLike
    from liushou_cli.core.settings import Duty

CENSUS_DUTY = "census"
INCIDENT_DUTY = "incident"  # the duty of an incident's step (duties/incidents.py)

# One row of the overdue report, whatever the duty (configured, support or census): a child's
# (child_id set) or a class's (child_id None). Dates are ISO strings: the json/csv contract.
DutyRow = TypedDict("DutyRow", {
    "child_id": str | None, "name": str, "class": str, "duty": str, "duty_name": str,
    "responsible": str, "responsible_name": str, "last": str | None, "due": str,
    "days_overdue": int, "missed": int, "incident": NotRequired[str],
    "hours_overdue": NotRequired[int], "key": NotRequired[str]})

# A row as the rules work it out, before it is named: no word of any language in it. A
# configured duty has the school's own name for it (liushou.yaml's words), and its fact is
# already the DutyRow; a support or census duty has no name (duty_name None), only its id and
# a `detail` where it has one (a plan's subject, a care record's kind); a class's row has no
# name (name None). `named` gives them their names.
DutyFact = TypedDict("DutyFact", {
    "child_id": str | None, "name": str | None, "class": str, "duty": str,
    "duty_name": str | None, "detail": NotRequired[str], "responsible": str,
    "responsible_name": str, "last": str | None, "due": str, "days_overdue": int,
    "missed": int})


# A child's own row as its share of the day keeps it (duties.day.ChildDuties): a list, with
# its fields at the positions below. What the share says once for all its rows (the child's
# id, name and class) is not in it, nor what is looked up when the row is named (its
# teachers' names, a configured duty's name): a county's cache holds some 175,000 rows, and
# every report decodes them all; as dicts of every field they took 250 MB at 50,000 children.
ChildRow = list[Any]
# [duty id, configured (named in liushou.yaml) or a support duty, the detail of a support
# duty's name or None, responsible staff ids joined by ",", last ISO date or None, due ISO
# date, days overdue, missed, whether missed is 1 exactly while the row is overdue (then it
# is carried on with the days overdue: duties.day), which of the child's obligations of the
# duty it is or None (support.Owed.key)]
(ROW_DUTY, ROW_CONFIGURED, ROW_DETAIL, ROW_RESPONSIBLE, ROW_LAST, ROW_DUE, ROW_DAYS, ROW_MISSED,
 ROW_MISSED_IS_LATE, ROW_KEY) = range(10)
ROW_FIELDS = 10  # a row of any other length is not one this code makes


def child_row(*, duty: str, configured: bool, detail: str | None = None,
              responsible: Sequence[str], last: date | None, due: date, days_overdue: int,
              missed: int, missed_is_late: bool, key: str | None = None) -> ChildRow:
    """The one way a child's own row is made (its texts shared with every other row's that
    has the same: a county's rows name a few dozen teachers and dates)."""
    return [duty, configured, detail, intern(",".join(responsible)),
            intern(last.isoformat()) if last else None, intern(due.isoformat()), days_overdue,
            missed, missed_is_late, key]


def duty_row(*, child_id: str | None, name: str | None, klass: str, duty: str,
             duty_name: str | None = None, detail: str | None = None,
             responsible: Sequence[str], names: Mapping[str, str], last: date | None,
             due: date, days_overdue: int, missed: int) -> DutyFact:
    """The one way a duty row is made; `names`: staff id -> name."""
    row: DutyFact = {
        "child_id": child_id,
        "name": name,
        "class": klass,
        "duty": duty,
        "duty_name": duty_name,
        "responsible": ",".join(responsible),
        "responsible_name": "、".join(names.get(staff_id, staff_id) for staff_id in responsible),
        "last": last.isoformat() if last else None,
        "due": due.isoformat(),
        "days_overdue": days_overdue,
        "missed": missed,
    }
    if detail is not None:
        row["detail"] = detail
    return row

OVERDUE_KEYS = ("child_id", "name", "class", "duty", "responsible", "last", "due",
                "days_overdue")
OVERDUE_EXTRA_KEYS = ("duty_name", "responsible_name", "missed")
# Added to every row when the report holds an incident's step (None on the others).
INCIDENT_KEYS = ("incident", "hours_overdue")


def find_duties(duties: Sequence[Duty], wanted: str | None) -> list[Duty]:
    """The duties named by id or name; all of them when none is asked for."""
    if wanted is None:
        return list(duties)
    return [duty for duty in duties if wanted in (duty.id, duty.name)]


def reported(days_overdue: int, due_within: int | None) -> bool:
    """Is a row with these days overdue one to report: overdue, or due within `due_within`
    days when that is asked?"""
    return days_overdue > 0 or (due_within is not None and -days_overdue <= due_within)


class Reported(NamedTuple):
    """The rows a report keeps (`reported`), as a test on a row's days overdue that says
    what it is (its repr names the folder's snapshot, store.snapshot). A row it keeps on one
    day it keeps on every later day: the test only ever grows with the days overdue."""

    due_within: int | None

    def __call__(self, days_overdue: int) -> bool:
        return reported(days_overdue, self.due_within)

    @property
    def least(self) -> int:
        """The fewest days overdue a row it keeps has: a row is kept exactly when its days
        overdue are at least this (compared inline where a county's rows are many)."""
        return 1 if self.due_within is None else min(1, -self.due_within)

    def snapshot_key(self, family: str, key: str) -> str:
        """The key of the folder's snapshot of a derivation (`key`) whose values are made
        brief for this test: a file of its own for each window (`overdue`, `overdue30`)."""
        return f"{family}{'' if self.due_within is None else self.due_within}:{key}:{self!r}"


def overdue_rows(rows: Iterable[DutyRow], *, due_within: int | None = None,
                 by: str | None = None, klass: str | None = None) -> list[DutyRow]:
    """The rows to report: overdue ones, plus those due within `due_within` days if asked,
    of one teacher and one class if asked; an incident's steps first, most hours overdue
    first, then grouped by the responsible teacher, most overdue first."""
    found = []
    for row in rows:
        if not reported(row["days_overdue"], due_within):
            continue
        if by is not None and by not in row["responsible"].split(","):
            continue
        if klass is not None and not same_class(row["class"], klass):
            continue
        found.append(row)
    found.sort(key=lambda row: (row["duty"] != INCIDENT_DUTY, -row.get("hours_overdue", 0),
                                row["responsible_name"] or "\uffff", -row["days_overdue"],
                                row["class"], row["child_id"] is None, row["child_id"] or ""))
    return found


def named(facts: Iterable[DutyFact]) -> list[DutyRow]:
    """The rows in the output language: a support or census duty named from its id and
    detail, a class's row named as the class's. A fact that needs no name is its row as it
    is (not copied: a county's day has some 100,000 rows)."""
    said: dict[tuple[str, str | None], str] = {}  # a few names, each asked for many times

    def name_of(duty: str, detail: str | None) -> str:
        found = said.get((duty, detail))
        if found is None:
            found = said[duty, detail] = duty_name(duty, detail)
        return found

    # A fact with both names is a DutyRow: kept as it is, not cast (a third of the time here).
    rows: list[Any] = [fact if fact["duty_name"] is not None and fact["name"] is not None
                       else _named(fact, name_of) for fact in facts]
    return rows


def _named(fact: DutyFact, name_of: Callable[[str, str | None], str]) -> DutyRow:
    return {
        "child_id": fact["child_id"],
        "name": fact["name"] if fact["name"] is not None else t(
            "census_class_total" if fact["duty"] == CENSUS_DUTY else "whole_class"),
        "class": fact["class"],
        "duty": fact["duty"],
        "duty_name": fact["duty_name"] if fact["duty_name"] is not None else name_of(
            fact["duty"], fact.get("detail")),
        "responsible": fact["responsible"],
        "responsible_name": fact["responsible_name"],
        "last": fact["last"],
        "due": fact["due"],
        "days_overdue": fact["days_overdue"],
        "missed": fact["missed"],
    }


def census_rows(unchecked: Iterable[CensusFact], covered: Iterable[str],
                staff: Sequence[StaffLike], census: CensusLike, school: SchoolCalendar,
                as_of: date, census_days: int) -> list[DutyFact]:
    """The census as a duty of each class teacher: due `census_days` school days into the
    term; a row per child not yet checked, and one for a class without its enrolled total,
    in every class not yet finished. `unchecked` are the children the census covers that it
    has not checked, `covered` the classes of every child it covers. In a holiday it is the
    census of the term that ended, still overdue like every other duty, until the next term
    begins and its own census takes over."""
    term = school.reference_term(as_of)
    if term is None:
        return []
    due = school.day_at(school.ordinal(term.start) + census_days)
    late = school.ordinal(as_of) - school.ordinal(due)
    names = {member.id: member.name for member in staff}
    teachers = class_teacher_index(staff)
    remaining: dict[str, list[CensusFact]] = {klass: [] for klass in teachers}
    for klass in covered:
        remaining.setdefault(klass, [])
    for fact in unchecked:
        remaining.setdefault(fact.klass, []).append(fact)
    for klass in census.classes:
        remaining.setdefault(klass, [])
    rows: list[DutyFact] = []
    for klass, waiting in remaining.items():
        found = census.classes.get(klass)
        if found is not None and finished_by(found.finished, as_of):
            continue
        responsible = teachers.get(klass, [])
        rows += [duty_row(child_id=child_id, name=name, klass=klass, duty=CENSUS_DUTY,
                          responsible=responsible, names=names, last=None, due=due,
                          days_overdue=late, missed=0)
                 for child_id, name in [*((fact.child_id, fact.name) for fact in waiting),
                                        *([(None, None)]
                                          if found is None or found.enrolled is None else [])]]
    return rows


def overdue_row(status: DutyStatus) -> ChildRow:
    """A configured duty's standing as the child's row."""
    return child_row(duty=status.duty.id, configured=True, responsible=status.responsible,
                     last=status.last, due=status.due, days_overdue=status.days_overdue,
                     missed=status.missed, missed_is_late=status.missed_is_late)


class RowNames:
    """Names a child's rows in the output language: its teachers' names (`names`: staff id
    -> name), a configured duty's name (`configured`: id -> name), a support duty's from the
    catalog. Each name is made once, however many rows share it."""

    def __init__(self, names: Mapping[str, str], configured: Mapping[str, str]) -> None:
        self.names = names
        self.configured = configured
        self._teachers: dict[str, str] = {}
        self._duties: dict[tuple[str, str | None], str] = {}

    def row(self, child_id: str, name: str, klass: str, row: ChildRow) -> DutyRow:
        responsible = row[ROW_RESPONSIBLE]
        teachers = self._teachers.get(responsible)
        if teachers is None:
            teachers = self._teachers[responsible] = "、".join(
                self.names.get(staff_id, staff_id) for staff_id in responsible.split(",")
            ) if responsible else ""
        named: DutyRow = {
            "child_id": child_id, "name": name, "class": klass, "duty": row[ROW_DUTY],
            "duty_name": self.duty_name(row[ROW_DUTY], row[ROW_CONFIGURED], row[ROW_DETAIL]),
            "responsible": responsible, "responsible_name": teachers, "last": row[ROW_LAST],
            "due": row[ROW_DUE], "days_overdue": row[ROW_DAYS], "missed": row[ROW_MISSED]}
        if row[ROW_KEY] is not None:
            named["key"] = row[ROW_KEY]
        return named

    def duty_name(self, duty: str, configured: bool, detail: str | None) -> str:
        if configured:
            return self.configured[duty]
        found = self._duties.get((duty, detail))
        if found is None:
            found = self._duties[duty, detail] = duty_name(duty, detail)
        return found


def summary_counts(rows: Sequence[DutyRow]) -> dict[str, int]:
    overdue = [row for row in rows if row["days_overdue"] > 0]
    return {
        "overdue": len(overdue),
        "due_soon": len(rows) - len(overdue),
        "children": len({row["child_id"] for row in overdue if row["child_id"]}),
        "teachers": len({row["responsible"] for row in overdue if row["responsible"]}),
    }


# ---- the support duties in the overdue report ----------------------------------------------------
def duty_name(duty: str, detail: str | None = None) -> str:
    """The support (or census) duty's name in the current language (`duty_<id>` in the
    catalog), with the detail its kind names where there is one (the plan's subject, the
    care record's kind)."""
    if duty == CENSUS_DUTY:
        return t("census_duty")
    with_detail = SUPPORT_KINDS[duty].named
    if with_detail is not None and detail:
        return with_detail(detail)
    return t(_name_key(duty))


def short_name(row: DutyRow, configured: Mapping[str, str]) -> str:
    """The row's duty by its short name, for a narrow screen: liushou.yaml's `short` for a
    configured duty (`configured`: id -> short; its full name when it has none), the
    catalog's `duty_short_<id>` for a support or census duty, with the detail its full name
    shows in parentheses (a plan's subject)."""
    duty = row["duty"]
    if duty in configured:
        return configured[duty]
    if duty != CENSUS_DUTY and duty not in SUPPORT_KINDS:
        return row["duty_name"]
    short = t("duty_short_" + duty.replace("-", "_"))
    detail = re.search(r"[(（]([^()（）]*)[)）]\s*$", row["duty_name"])
    if detail and duty != CENSUS_DUTY and SUPPORT_KINDS[duty].named is not None:
        return t("duty_short_with_detail", short=short, detail=detail.group(1))
    return short


def _name_key(duty: str) -> str:
    return "duty_" + duty.replace("-", "_")


def find_support_duties(wanted: str | None) -> list[str]:
    """The support duties named by id or name (either language, whichever the output is);
    all when none is asked."""
    if wanted is None:
        return list(SUPPORT_KINDS)
    return [duty for duty in SUPPORT_KINDS
            if wanted == duty or any(wanted == t_in(language, _name_key(duty))
                                     for language in LANGS)]


def support_rows(owed: Iterable[Owed], names: Mapping[str, str]) -> list[DutyFact]:
    """A class's support duties as overdue-report rows (without a child id). `names`:
    staff id -> name."""
    return [duty_row(child_id=None, name=None, klass=item.klass, duty=item.duty,
                     detail=item.detail, responsible=item.responsible, names=names,
                     last=item.last, due=item.due, days_overdue=item.days_overdue,
                     missed=item.missed)
            for item in owed]


def child_support_rows(owed: Iterable[Owed]) -> list[ChildRow]:
    """A child's support duties as its rows."""
    return [child_row(duty=item.duty, configured=False, detail=item.detail,
                      responsible=item.responsible, last=item.last, due=item.due,
                      days_overdue=item.days_overdue, missed=item.missed,
                      missed_is_late=item.missed_is_late, key=item.key)
            for item in owed]
