"""A child's share of the day's duty rows holds from the day it was worked out on until the
first day the rules could answer differently (duties.changes), and a later day of that span
takes it with its days overdue carried on (DayDuties.carried_on), as the cache does on a
teacher's first report of the morning. Checked day by day over the example school's year
against working every share out again, and at the edges of each kind of date."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from sys import intern
from typing import Any

import pytest

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.model import Child, Duty, SchoolConfig, Staff, Term
from liushou_cli.duties.changes import NEVER, ChangeDays, record_dates
from liushou_cli.duties.day import ChildDuties, DayDuties
from liushou_cli.duties.rows import (
    ROW_DAYS,
    ROW_DUE,
    ROW_DUTY,
    ROW_LAST,
    ROW_MISSED,
    ROW_MISSED_IS_LATE,
    ROW_RESPONSIBLE,
    Reported,
)
from liushou_cli.reports.support import CaseloadFacts, Roles
from liushou_cli.store.activities import activity_facts
from liushou_cli.store.cache import FileCache
from liushou_cli.store.cachecodec import Undecodable, decode, decode_split, encode, split_node
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import LoadedChild, load_dataset

from .test_cache import cache_of
from .test_reports_from_cache import example  # noqa: F401  (a fixture)
from .test_warm_path import probe

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
MOMENT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def without_span(share: ChildDuties) -> ChildDuties:
    return share._replace(school_day=None, since=None, until=None)


@pytest.mark.parametrize("grace", [0, 4])
def test_every_day_a_kept_share_holds_on_it_says_what_working_it_out_again_says(
        grace: int) -> None:
    # From the end of the spring term, over the summer holiday and the whole autumn term, to
    # the spring term after the winter holiday: each day every child's share is worked out
    # again, and where the one kept from an earlier day holds, that one carried on must be
    # the same, row for row, days overdue and missed periods included (a share holds across
    # its calendar-period duties' deadlines). The example's rules give no grace days; with
    # some, a period's window reaches into the next one's, and an entry there counts for
    # the earlier one.
    folder = DataFolder(EXAMPLE)
    data = load_dataset(folder, today=date(2023, 7, 31))
    assert data.config is not None
    if grace:
        data.config = dataclasses.replace(data.config, duties=[
            dataclasses.replace(duty, grace_days=grace + at)
            for at, duty in enumerate(data.config.duties)])
    children = [item.child for item in data.children]
    activities = activity_facts(folder)
    kept: dict[str, ChildDuties] = {}
    held = worked_out = renewed = across = 0
    keeps = (Reported(None), Reported(7))  # overdue; due within a week
    # The brief share the folder's snapshot keeps for each report, made on the day it was
    # written, and what it keeps beside it.
    lines: dict[tuple[Reported, str], tuple[ChildDuties, Any]] = {}
    day = date(2022, 6, 20)
    while day <= date(2023, 3, 10):
        duties = DayDuties(data.config, data.staff, day, activities)
        briefs = {keep: DayDuties(data.config, data.staff, day, activities, keep)
                  for keep in keeps}
        for child in children[::3]:
            fresh = duties(child)
            assert fresh.since == day.toordinal() < (fresh.until or 0)
            old = kept.get(child.id)
            if old is not None and duties.holds(old):
                assert without_span(duties.carried_on(old)) == without_span(fresh), (
                    child.id, day)
                held += 1
                across += duties._passed(old.since)
            else:
                kept[child.id] = old = fresh
                worked_out += 1
            # A brief share carried on to a day it holds on (made whole again with what it
            # keeps beside it when it no longer does) gives every row its report keeps.
            for keep, brief in briefs.items():
                line = lines.get((keep, child.id))
                value = line[0] if line is not None else None
                if line is not None and not brief.holds(value) and line[1] is not None:
                    value = brief.renew(*line)
                    renewed += value is not None
                if value is None or not brief.holds(value) or value.since != old.since:
                    value, _ = lines[keep, child.id] = brief.brief(old)
                elif value is not line[0]:
                    lines[keep, child.id] = brief.brief(value)
                assert ([row for row in fresh.rows if keep(row[ROW_DAYS])]
                        == [row for row in brief.carried_on(value).rows
                            if keep(row[ROW_DAYS])]), (child.id, day, keep)
        day += timedelta(days=1)
    # Most mornings most shares hold: the span is worth keeping. The example's records are
    # dense with dates (an entry turns a share), yet many shares hold across a deadline, and
    # many brief shares are made whole again from what they keep beside them (when this was
    # written: 17,035 held, 2,237 worked out, 7,054 across a deadline, 492 renewed).
    assert held > 5 * worked_out, (held, worked_out)
    assert across > 5000 and renewed > 300, (across, renewed)


# ---- the edges of each kind of date ---------------------------------------------------------
AUTUMN = Term(name="2022秋", start=date(2022, 9, 1), end=date(2022, 9, 30))
SHORT = Term(name="2022冬", start=date(2022, 10, 10), end=date(2022, 10, 31))
SCHOOL = SchoolCalendar.of([AUTUMN, SHORT])
CONFIG = SchoolConfig(school="x", terms=[AUTUMN, SHORT], duties=[])


def until(as_of: date, *dates: date) -> date | None:
    found = ChangeDays(SCHOOL, as_of, []).until(dates)
    return None if found == NEVER else date.fromordinal(found)


@pytest.mark.parametrize(("as_of", "dates", "turns_on"), [
    # In term: a later date turns things on that date, the day itself on the next.
    (date(2022, 9, 15), [date(2022, 9, 20)], date(2022, 9, 20)),
    (date(2022, 9, 15), [date(2022, 9, 16)], date(2022, 9, 16)),
    (date(2022, 9, 15), [date(2022, 9, 15)], date(2022, 9, 16)),
    (date(2022, 9, 15), [date(2022, 9, 20), date(2022, 9, 15)], date(2022, 9, 16)),
    (date(2022, 9, 15), [date(2022, 9, 14)], None),  # an earlier school day: never again
    (date(2022, 9, 15), [date(2022, 9, 14), date(2022, 9, 25), date(2022, 9, 21)],
     date(2022, 9, 21)),
    # In the holiday: the whole holiday is one step of the school-day clock with the next
    # term's first day, so a date since the last term ended turns things the day after it.
    (date(2022, 10, 5), [date(2022, 10, 2)], date(2022, 10, 11)),
    (date(2022, 10, 5), [date(2022, 10, 1)], date(2022, 10, 11)),
    (date(2022, 10, 5), [date(2022, 9, 30)], None),  # the last school day: an earlier step
    (date(2022, 10, 5), [date(2022, 10, 5)], date(2022, 10, 6)),
    (date(2022, 10, 5), [date(2022, 10, 2), date(2022, 10, 7)], date(2022, 10, 7)),
    # A term's first day: the holiday before it is on its step.
    (date(2022, 10, 10), [date(2022, 10, 3)], date(2022, 10, 11)),
    (date(2022, 10, 10), [date(2022, 9, 30)], None),
    # After the last term the clock stands still: only a later date turns anything.
    (date(2022, 11, 5), [date(2022, 11, 1)], None),
    (date(2022, 11, 5), [date(2022, 10, 31)], None),
    (date(2022, 11, 5), [date(2022, 11, 9)], date(2022, 11, 9)),
    (date(2022, 11, 5), [], None),
    # The last term's last day: the next day is the clock's next step.
    (date(2022, 10, 31), [date(2022, 10, 31)], date(2022, 11, 1)),
])
def test_a_date_turns_a_share_on_the_first_day_a_rule_can_see_it(
        as_of: date, dates: list[date], turns_on: date | None) -> None:
    assert until(as_of, *dates) == turns_on


def test_before_the_first_term_every_earlier_date_is_on_the_clocks_first_step() -> None:
    assert until(date(2022, 8, 20), date(2022, 8, 1)) == date(2022, 9, 2)
    assert until(date(2022, 8, 20), date(2022, 8, 25)) == date(2022, 8, 25)


def school_until(as_of: date, *duties: Duty, key_support: bool = False) -> date | None:
    # The duties that apply to the child (DayDuties asks `applies`): every one for a
    # key-support child, those for everyone for the others.
    days = ChangeDays(SCHOOL, as_of, duties)
    found = min([days.school_until, *(days.turns[duty.id] for duty in duties
                                      if key_support or duty.applies_to == "全部")])
    return None if found == NEVER else date.fromordinal(found)


def test_the_school_turns_shares_at_each_terms_edges_and_the_day_after_each_deadline() -> None:
    monthly = Duty.model_validate({
        "id": "talk", "name": "每月谈心", "responsible": "班主任", "applies_to": "全部",
        "satisfied_by": ["谈心"], "period": "每月", "grace_days": 3})
    rolling = Duty.model_validate({
        "id": "visit", "name": "家访", "responsible": "班主任", "applies_to": "全部",
        "satisfied_by": ["家访"], "period": "天数", "days": 30})
    # September's deadline would be three school days after the 30th, the term's last day:
    # a deadline never passes the term's end, so it is the 30th, and the day after it (the
    # day after the term) comes first.
    assert school_until(date(2022, 9, 15), monthly, rolling) == date(2022, 10, 1)
    assert school_until(date(2022, 9, 30), monthly) == date(2022, 10, 1)
    # In the holiday: the next term's first day.
    assert school_until(date(2022, 10, 1), monthly) == date(2022, 10, 10)
    assert school_until(date(2022, 10, 9), monthly) == date(2022, 10, 10)
    # In the short term: October's deadline is the term's last day too (not 3 November,
    # three days past it), so the day after the term is the last turn.
    assert school_until(date(2022, 10, 20), monthly) == date(2022, 11, 1)
    # Nothing turns any more: no duty with periods, after the last term.
    assert school_until(date(2022, 11, 1), monthly) is None
    assert school_until(date(2022, 11, 4), monthly) is None
    assert school_until(date(2022, 10, 20), rolling) == date(2022, 11, 1)
    # A duty for the key-support children turns only theirs: the first half of October's
    # deadline, three school days after the 15th, inside the term.
    half = monthly.model_copy(update={"id": "half", "period": "每半月"})
    only_some = half.model_copy(update={"applies_to": "重点帮扶"})
    assert school_until(date(2022, 10, 12), only_some) == date(2022, 11, 1)
    assert school_until(date(2022, 10, 12), only_some, key_support=True) == date(2022, 10, 19)
    assert school_until(date(2022, 10, 12), only_some, half) == date(2022, 10, 19)


def test_a_due_date_turns_a_share_the_day_after_its_school_day() -> None:
    child = Child.model_validate({"id": "c1", "name": "张三", "gender": "男", "class": "七(1)班",
                                  "left_behind_type": "双亲外出"})

    def child_until(as_of: date, due: date) -> date | None:
        found = ChangeDays(SCHOOL, as_of, []).child_until(child, [], [due], [])
        return None if found == NEVER else date.fromordinal(found)

    assert child_until(date(2022, 9, 15), date(2022, 9, 20)) == date(2022, 9, 21)
    assert child_until(date(2022, 9, 15), date(2022, 9, 15)) == date(2022, 9, 16)
    assert child_until(date(2022, 9, 15), date(2022, 9, 14)) == date(2022, 10, 1)  # the term
    # A due date on the term's last day: its count passed zero on the first day of the
    # holiday (which counts as the next term's first day), so only the school turns it.
    assert child_until(date(2022, 10, 5), date(2022, 9, 30)) == date(2022, 10, 10)
    assert child_until(date(2022, 10, 10), date(2022, 9, 30)) == date(2022, 11, 1)
    assert child_until(date(2022, 10, 10), date(2022, 10, 10)) == date(2022, 10, 11)


def _dumped_dates(value: object) -> list[date]:
    if isinstance(value, str) and MOMENT.fullmatch(value):  # a moment is dumped as text
        return [date.fromisoformat(value[:10])]
    if isinstance(value, datetime):
        return [value.date()]
    if isinstance(value, date):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return [day for item in value for day in _dumped_dates(item)]
    return []


def test_every_date_of_a_record_is_found_at_any_depth() -> None:
    # Each example child's dates, against those of its record dumped whole: pairings, plans
    # and their checks, cases and their reviews, care records, incidents' moments, entries.
    data = load_dataset(DataFolder(EXAMPLE), today=date(2023, 7, 31))
    deepest = 0
    for item in data.children:
        dumped = _dumped_dates(item.child.model_dump())
        assert sorted(record_dates(item.child)) == sorted(dumped), item.file_name
        deepest = max(deepest, len(dumped))
    assert deepest > 20


@pytest.mark.parametrize("kind", ["--overdue", "--caseload"])
@pytest.mark.parametrize(("evening", "morning"), [("2022-12-27", "2022-12-28"),
                                                  ("2022-12-05", "2022-12-07")])
def test_the_next_morning_the_report_takes_the_kept_rows(example: Path,  # noqa: F811
                                                         kind: str, evening: str,
                                                         morning: str) -> None:
    # 28 December 2022: every child's share of the 27th holds (no record's date, no due date
    # and no deadline turns anything on the 28th), so the first report of the day builds no
    # child's record, and says what the report without the cache says; --caseload keeps
    # the same shares inside its own facts. 7 December: one child's share of the 5th stops
    # holding (a date of its record falls then), and is worked out from its stored record
    # read back as plain facts (core.recordfacts): pydantic is not imported either way.
    args = ("report", kind, "-f", "csv")
    probe(example, *args, "--as-of", evening)
    output, seen = probe(example, *args, "--as-of", morning)
    assert seen == ["built", "loaded"], seen
    assert output == probe(example, "--no-cache", *args, "--as-of", morning)[0]
    assert len(output.splitlines()) > 5


def kept_rows_as_made_afresh(folder: Path, evening: str, morning: str) -> str:
    """The overdue csv of `morning`, the cache kept from `evening`'s report: asserted to build
    no child's record and to say what the report without the cache says."""
    args = ("report", "--overdue", "-f", "csv")
    probe(folder, *args, "--as-of", evening)
    output, seen = probe(folder, *args, "--as-of", morning)
    assert "Child" not in seen[0].split(), seen
    assert output == probe(folder, "--no-cache", *args, "--as-of", morning)[0]
    return output


def test_after_a_months_deadline_the_rows_come_from_the_kept_dates_not_the_records(
        example: Path) -> None:  # noqa: F811
    # December's deadline has passed on 1 January: each share's monthly rows count the
    # period missed (DayDuties.carried_on), and no child's record is built.
    assert len(kept_rows_as_made_afresh(example, "2022-12-28", "2023-01-01").splitlines()) > 5
    # And back on the 28th: the snapshot's shares of the 1st do not hold on an earlier day,
    # those the cache kept for the 28th still do.
    args = ("report", "--overdue", "-f", "csv")
    output, seen = probe(example, *args, "--as-of", "2022-12-28")
    assert "Child" not in seen[0].split(), seen
    assert output == probe(example, "--no-cache", *args, "--as-of", "2022-12-28")[0]


def test_a_deadline_passed_in_the_holiday_counts_in_the_rows_kept_before_it(
        example: Path) -> None:  # noqa: F811
    # The school-day clock stands still in the winter holiday (the term ended on 13
    # January): shares kept on 30 January are of the same school day as 1 February, and
    # still hold then, though January's deadline has passed between them.
    kept_rows_as_made_afresh(example, "2023-01-30", "2023-02-01")


# ---- a kept share: the days it holds on, carried on ------------------------------------------
def example_shares(day: date) -> tuple[DayDuties, list[ChildDuties]]:
    folder = DataFolder(EXAMPLE)
    data = load_dataset(folder, today=date(2023, 7, 31))
    assert data.config is not None
    duties = DayDuties(data.config, data.staff, day, activity_facts(folder))
    return duties, [duties(item.child) for item in data.children]


def test_a_share_holds_from_its_day_up_to_the_day_before_it_turns() -> None:
    made, shares = example_shares(date(2022, 12, 27))
    folder = DataFolder(EXAMPLE)
    data = load_dataset(folder, today=date(2023, 7, 31))
    assert data.config is not None
    share = next(share for share in shares if share.until - share.since > 2)
    last = date.fromordinal(share.until - 1)

    def on(day: date) -> DayDuties:
        return DayDuties(data.config, data.staff, day, activity_facts(folder))  # type: ignore[arg-type]

    assert made.holds(share) and on(last).holds(share)
    assert not on(date(2022, 12, 26)).holds(share)  # before the day it was worked out for
    assert not on(date.fromordinal(share.until)).holds(share)
    # Kept inside another command's value (--caseload's, the county's): the same days.
    facts = CaseloadFacts(share, share.class_name, None)
    assert on(last).holds(facts) and not on(date.fromordinal(share.until)).holds(facts)
    # A share whose days are not what this code writes holds on no day.
    for damaged in (share._replace(school_day=None), share._replace(since="2022-12-27"),
                    share._replace(until=None), "no share", None):
        assert not made.holds(damaged)


def test_a_kept_share_is_taken_without_its_record() -> None:
    # The county hands the day its schools' kept shares alone, no record nor file behind
    # them; --caseload keeps its share inside its facts.
    made, shares = example_shares(date(2022, 12, 27))
    later = example_shares(date(2022, 12, 28))[0]
    share = next(share for share in shares if share.rows)
    for kept in (share, CaseloadFacts(share, share.class_name, None)):
        assert made.share(LoadedChild(None, None, derived=kept)) is share
        assert later.share(LoadedChild(None, None, derived=kept)) == later.carried_on(share)


def test_a_share_carried_on_is_as_on_that_day_and_carried_on_once() -> None:
    made, shares = example_shares(date(2022, 12, 27))
    later, again = example_shares(date(2022, 12, 28))
    assert all(later.holds(share) for share in shares)
    for share, fresh in zip(shares, again, strict=True):
        carried = later.carried_on(share)
        assert carried.school_day == later.school_day
        assert later.carried_on(carried) == carried
        assert without_span(carried) == without_span(fresh)
        assert made.carried_on(share) is share


def test_a_row_whose_missed_is_whether_it_is_overdue_turns_nothing_on_its_due_date() -> None:
    # A rolling duty (the example's parent contact, every 30 days), a plan's check, an IEP's
    # plan and a care record's follow-up: each one's `missed` is 1 exactly while it is
    # overdue, so a kept share carries it on past the row's due date instead of being worked
    # out again (most of a county's morning). The others count periods or review dates.
    made, shares = example_shares(date(2022, 11, 14))
    flags = {(row[ROW_DUTY], row[ROW_MISSED_IS_LATE]) for share in shares for row in share.rows}
    assert flags == {("parent-contact", True), ("plan-check", True), ("iep-plan", True),
                     ("care-follow-up", True), ("talk-monthly", False), ("proxy-talk", False),
                     ("home-visit", False), ("collective-activity", False),
                     ("iep-review", False)}
    school = made.school
    turned = 0
    for share in shares:
        for at, row in enumerate(share.rows):
            due = date.fromisoformat(row[ROW_DUE])
            if not (row[ROW_MISSED_IS_LATE] and row[ROW_DAYS] <= 0):
                continue
            after = school.day_at(school.ordinal(due) + 1)  # its first school day overdue
            if after.toordinal() >= share.until:
                continue
            later, again = example_shares(after)
            carried = later.carried_on(share)
            fresh = next(each for each in again if each.child_id == share.child_id)
            assert (carried.rows[at][ROW_DAYS], carried.rows[at][ROW_MISSED]) == (1, 1)
            assert without_span(carried) == without_span(fresh)
            turned += 1
            break
        if turned == 3:
            break
    assert turned == 3


# ---- more edges of the clock ------------------------------------------------------------------
def test_no_terms_no_clock_only_later_dates_turn() -> None:
    days = ChangeDays(SchoolCalendar.of([]), date(2022, 9, 15), [])
    assert days.school_until == NEVER and days.turns == {}
    assert days.until([date(2022, 9, 1)]) == NEVER
    assert days.until([date(2022, 9, 20)]) == date(2022, 9, 20).toordinal()


def test_a_date_before_the_first_term_is_an_earlier_step_than_its_second_day() -> None:
    assert until(date(2022, 9, 2), date(2022, 8, 20)) is None
    assert until(date(2022, 9, 1), date(2022, 8, 20)) == date(2022, 9, 2)


def test_in_the_holiday_before_the_last_term_the_clock_still_runs() -> None:
    spring = Term(name="2023春", start=date(2022, 11, 10), end=date(2022, 11, 30))
    three = SchoolCalendar.of([AUTUMN, SHORT, spring])
    found = ChangeDays(three, date(2022, 11, 5), []).until([date(2022, 11, 2)])
    assert date.fromordinal(found) == date(2022, 11, 11)


def test_a_key_support_duty_turns_only_the_key_support_childrens_shares() -> None:
    only_some = Duty.model_validate({
        "id": "proxy", "name": "代理家长每半月谈心", "responsible": "代理家长",
        "applies_to": "重点帮扶", "satisfied_by": ["谈心"], "period": "每半月"})
    child = Child.model_validate({"id": "c1", "name": "张三", "gender": "男", "class": "七(1)班",
                                  "left_behind_type": "双亲外出"})
    days = ChangeDays(SCHOOL, date(2022, 9, 10), [only_some])
    assert date.fromordinal(days.child_until(child, [], [], ["proxy"])) == date(2022, 9, 16)
    assert date.fromordinal(days.child_until(child, [], [], [])) == date(2022, 10, 1)


def test_the_dates_in_a_mapping_are_found_too() -> None:
    assert record_dates({"on": [date(2022, 9, 1)], "at": {"x": datetime(2022, 9, 2, 8, 0)}}) \
        == [date(2022, 9, 2), date(2022, 9, 1)]


# ---- a kept share as the cache decodes it -----------------------------------------------------
def round_trip(value: object) -> object:
    return decode(json.loads(json.dumps(encode(value))))


def test_decoded_shares_share_the_texts_their_rows_repeat() -> None:
    # A county's 175,000 rows name a few dozen duties, teachers and dates: decoded, each of
    # those texts is one object however many rows hold it (40 MB at 50,000 children).
    _, shares = example_shares(date(2022, 11, 20))
    first, second = [share for share in shares if share.rows and share.census_checked is not None
                     and share.klass is not None][:2]
    a, b = round_trip(first), round_trip(second)
    assert isinstance(a, ChildDuties) and isinstance(b, ChildDuties)
    assert (a, b) == (first, second)
    for at in (ROW_DUTY, ROW_RESPONSIBLE, ROW_DUE):
        assert a.rows[0][at] is intern(first.rows[0][at]), at
    dated = [row for share in (a, b) for row in share.rows if row[ROW_LAST] is not None]
    assert dated and all(row[ROW_LAST] is intern(row[ROW_LAST]) for row in dated)
    assert a.class_name is intern(first.class_name) and a.klass is a.class_name
    assert json.dumps(encode(a)).count("$") == 1  # a share is one tagged node of plain values
    facts = round_trip(CaseloadFacts(first, first.class_name,
                                     Roles(first.child_id, first.class_name, "T002", "T003",
                                           ("T001", "T004"), "T005")))
    assert isinstance(facts, CaseloadFacts) and facts.roles is not None
    assert facts.klass is facts.duties.class_name and facts.roles.klass is facts.klass
    assert facts.roles.child_id is facts.duties.child_id
    for teacher in (facts.roles.proxy_parent, facts.roles.tutor, *facts.roles.plan_teachers,
                    facts.roles.case_teacher):
        assert teacher is intern(str(teacher))
    # A role nobody holds stays None, and the facts are served.
    nobody = CaseloadFacts(first, first.class_name,
                           Roles(first.child_id, first.class_name, None, None, (), None))
    assert round_trip(nobody) == nobody
    no_one = CaseloadFacts(first, first.class_name, None)
    assert round_trip(no_one) == no_one


def test_caseload_facts_are_one_tagged_node_of_plain_values() -> None:
    # Kept as their fields (the share's and the roles'), not as tagged objects: a line of the
    # caseload's snapshot is read in one step (each object tagged, a county's lines took
    # 40 ms more to decode).
    _, shares = example_shares(date(2022, 11, 20))
    share = next(share for share in shares if share.rows)
    roles = Roles(share.child_id, share.class_name, "T002", None, ("T001", "T004"), None)
    facts = CaseloadFacts(share, share.class_name, roles)
    encoded = encode(facts)
    assert json.dumps(encoded, ensure_ascii=False).count("$") == 1
    tag, payload = split_node(encoded)
    assert tag == "CaseloadFacts" and payload[1] == share.class_name
    assert payload[2] == [share.child_id, share.class_name, "T002", None, ["T001", "T004"], None]
    assert decode_split(tag, payload) == facts
    assert decode_split(*split_node(encode(CaseloadFacts(share, share.class_name, None))))[2] is None


@pytest.mark.parametrize("broken", [
    lambda payload: ["not a share", *payload[1:]],
    lambda payload: [payload[0][:3], *payload[1:]],  # a share cut short
    lambda payload: [payload[0], None, payload[2]],  # no class
    lambda payload: [payload[0], payload[1], payload[2][:5]],  # roles cut short
    lambda payload: [payload[0], payload[1], "T001"],  # roles that are no list
    lambda payload: [payload[0], payload[1], [*payload[2][:4], 7, None]],  # plans no list
    lambda payload: payload[:2],
])
def test_caseload_facts_of_the_wrong_shape_are_undecodable(broken: Any) -> None:
    _, shares = example_shares(date(2022, 11, 20))
    share = next(share for share in shares if share.rows)
    roles = Roles(share.child_id, share.class_name, "T002", None, ("T001",), None)
    tag, payload = split_node(encode(CaseloadFacts(share, share.class_name, roles)))
    with pytest.raises(Undecodable):
        decode_split(tag, json.loads(json.dumps(broken(payload))))


def test_a_share_of_the_wrong_shape_is_not_served() -> None:
    _, shares = example_shares(date(2022, 11, 20))
    share = next(share for share in shares if share.rows)
    text = json.dumps(encode(share))
    for broken in (share._replace(rows=[share.rows[0][:3]]),  # a row cut short
                   share._replace(rows=[[1, *share.rows[0][1:]]]),  # a duty that is no text
                   share._replace(rows=[share.rows[0][:-1]]),  # a row of the older shape
                   share._replace(rows=[[*share.rows[0], None]]),  # one of a later shape
                   share._replace(rows=[[*share.rows[0][:-2], 1, None]]),  # its flag no flag
                   share._replace(rows=[[*share.rows[0][:-1], 1]]),  # its key no text
                   share._replace(rows={"talk": 1}),  # rows that are no list of rows
                   share._replace(class_name=7)):
        with pytest.raises(Undecodable):
            decode(json.loads(json.dumps(encode(broken))))
    assert decode(json.loads(text)) == share
    # A share kept when it said what its calendar-period rows were worked out from.
    older = json.loads(text)
    older["v"] = [*older["v"], older["v"][-1], ["talk-monthly", "T001", 0, 0, "1"]]
    with pytest.raises(Undecodable):
        decode(older)


@pytest.mark.parametrize(("due_within", "first_kept"), [(None, -1), (0, -2), (7, -9)])
def test_a_brief_share_keeps_the_rows_its_report_keeps_up_to_the_next_deadline(
        due_within: int | None, first_kept: int) -> None:
    # A share of 15 September holding up to 11 October (over the holiday after the term,
    # which the clock counts as one step with the next term's first day, 16 steps on). The
    # next deadline is September's, the 30th: a row reported by 1 October is among the
    # brief share's rows; one first reported later, up to the share's last day (the 11th,
    # a step on), is kept beside it, and the brief share holds until it is reported; one
    # never reported while the share holds is left out.
    monthly = Duty(id="talk", name="谈心", responsible="班主任", applies_to="全部",
                   satisfied_by=["谈心"], period="每月")
    config = CONFIG.model_copy(update={"duties": [monthly]})
    duties = DayDuties(config, [], date(2022, 9, 15), [], Reported(due_within))
    assert duties.horizon == date(2022, 10, 1).toordinal()
    day = SCHOOL.ordinal(date(2022, 9, 15))
    rows = [["talk", True, None, "T1", None, "2022-09-30", days, 0, False, None]
            for days in range(-40, 4)]
    share = ChildDuties("c1", "张三", "七(1)班", rows, None, None, [], False, day,
                        date(2022, 9, 15).toordinal(), date(2022, 10, 12).toordinal())
    brief, beside = duties.brief(share)
    soon = first_kept - 14  # reported by 1 October (two steps: the row first kept)
    assert [row[ROW_DAYS] for row in brief.rows] == list(range(soon, 4))
    assert beside is not None
    until, later = beside
    assert until == share.until
    assert [row[ROW_DAYS] for _, row in later] == [soon - 1]
    assert [at for at, _ in later] == [0]
    assert brief.until == date(2022, 10, 11).toordinal()
    assert brief.since == share.since and brief.school_day == share.school_day
    # Made whole on the 11th, it is the share but for the rows never reported.
    on_eleventh = DayDuties(config, [], date(2022, 10, 11), [], Reported(due_within))
    assert not on_eleventh.holds(brief)
    whole = on_eleventh.renew(brief, json.loads(json.dumps(beside)))
    assert whole == share._replace(rows=[row for row in rows if row[ROW_DAYS] >= soon - 1])
    # Nothing beside when every row it reports is reported by the next deadline.
    shorter = share._replace(until=date(2022, 9, 20).toordinal())
    alone, nothing = duties.brief(shorter)
    assert nothing is None and alone.until == shorter.until
    assert alone.rows[0][ROW_DAYS] == first_kept - 2
    # The same share holding only to 10 October: its last step is the holiday's, the
    # horizon's, so nothing is beside it.
    assert duties.brief(share._replace(until=date(2022, 10, 10).toordinal()))[1] is None


def test_a_brief_share_is_made_whole_only_with_what_its_brief_kept_beside_it() -> None:
    made, shares = example_shares(date(2022, 11, 30))
    briefly = DayDuties(made.config, made.staff, made.as_of, made.activities, Reported(None))
    brief, beside = next(found for share in shares
                         if (found := briefly.brief(share))[1] is not None)
    assert beside is not None
    later = DayDuties(made.config, made.staff, date.fromordinal(brief.until), made.activities)
    assert not later.holds(brief)
    whole = later.renew(brief, beside)
    assert whole is not None and later.holds(whole)
    until, rows = beside
    for broken in ([until], [str(until), rows], [until, [[0]]], [until, [[0, ["x"]]]],
                   [until, [[0, [*rows[0][1][:-1], 1]]]], [until, {"0": rows[0][1]}], None, 7):
        assert later.renew(brief, broken) is None, broken
    # Not past the day the whole share stops holding, nor for a value it did not make.
    assert later.renew(brief, [later.day_number, rows]) is None
    assert later.renew(CaseloadFacts(brief, brief.class_name, None), beside) is None


def test_a_calendar_periods_row_counts_each_deadline_passed_after_its_due_date() -> None:
    # A monthly talk due 30 September, worked out on the 15th with one period missed:
    # carried on, the row counts September as missed from 1 October, and each month after;
    # a deadline before the day it was worked out on, or before its due date, is not counted.
    monthly = Duty(id="talk", name="谈心", responsible="班主任", applies_to="全部",
                   satisfied_by=["谈心"], period="每月")
    terms = [Term(name="2022秋", start=date(2022, 9, 1), end=date(2022, 12, 31))]
    config = SchoolConfig(school="x", terms=terms, duties=[monthly])
    made = DayDuties(config, [], date(2022, 9, 15), [])
    row = ["talk", True, None, "T1", None, "2022-09-30", -15, 1, False, None]
    rolling = ["contact", True, None, "T1", None, "2022-09-30", -15, 0, True, None]
    share = ChildDuties("c1", "张三", "七(1)班", [row, rolling], None, None, [], False,
                        made.school_day, made.day_number, date(2023, 1, 1).toordinal())

    def missed_on(day: date, kept: ChildDuties = share) -> int:
        on = DayDuties(config, [], day, [])
        return int(on.carried_on(kept).rows[0][ROW_MISSED])

    assert [missed_on(date(2022, 9, 30)), missed_on(date(2022, 10, 1)),
            missed_on(date(2022, 10, 31)), missed_on(date(2022, 11, 1)),
            missed_on(date(2022, 12, 31))] == [1, 2, 2, 3, 4]
    # Due on 31 October (September met): the deadline of 30 September is not counted.
    met = share._replace(rows=[[*row[:5], "2022-10-31", -46, 0, False, None]])
    assert [missed_on(date(2022, 10, 1), met), missed_on(date(2022, 11, 1), met)] == [0, 1]
    # Worked out on 5 October, overdue since 30 September (counted then): October's
    # deadline only.
    on_fifth = DayDuties(config, [], date(2022, 10, 5), [])
    late = share._replace(rows=[[*row[:6], 5, 1, False, None]], school_day=on_fifth.school_day,
                          since=on_fifth.day_number)
    assert [missed_on(date(2022, 10, 31), late), missed_on(date(2022, 11, 1), late)] == [1, 2]
    # Carried on once: the carried share is as on its day, and carried on again it is itself.
    later = DayDuties(config, [], date(2022, 11, 1), [])
    carried = later.carried_on(share)
    assert later.carried_on(carried) == carried and carried.since == later.day_number
    # Neither a rolling row nor a row of a duty of no calendar period counts deadlines.
    assert carried.rows[1][ROW_MISSED] == 1
    other = share._replace(rows=[["visit", True, *row[2:]]])
    assert later.carried_on(other).rows[0][ROW_MISSED] == 1


def test_without_a_snapshot_a_kept_share_that_no_longer_holds_is_worked_out_again(
        example: Path) -> None:  # noqa: F811
    # The dashboard's day keeps no snapshot: the cache's kept shares are asked whether they
    # hold, and the ones of the autumn term do not after it ended.
    folder = DataFolder(example)
    facts = activity_facts(folder)

    def load(day: date) -> tuple[DayDuties, list[LoadedChild]]:
        cache = FileCache(folder, cache_of(folder).path, day)
        made: list[DayDuties] = []

        def derive(config: SchoolConfig | None, staff: list[Staff]) -> DayDuties:
            assert config is not None
            made.append(DayDuties(config, staff, day, facts))
            return made[0]

        data = load_dataset(folder, cache, derive, today=day)
        cache.save()
        return made[0], data.children

    load(date(2022, 11, 30))
    duties, children = load(date(2023, 1, 14))
    assert children and all(duties.holds(item.derived) for item in children)
    assert all(item.derived == duties(item.child) for item in children[::7])
