"""Incidents (紧急事件): the kinds a school recognises, the steps each owes with a deadline in
hours, and time to the minute in China time.

A moment is a naive `datetime` read as China time (UTC+8, no daylight saving, the same all
year): "2022-11-20 14:30" as a teacher types it, and as the file keeps it. An offset given
with it (+08:00, Z, +00:00) is turned into China time, so a time copied from another system
still means the same minute. Deadlines are wall-clock hours: an incident does not pause in
a holiday or at a weekend, unlike the school duties (core/calendar.py).

The default kinds and their steps are the ones docs/incidents.md defends from the national
documents; liushou.yaml's `incident_kinds` changes a kind's steps or adds a kind of the
school's own (`kinds_of`). Pure: nothing of ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

CHINA = timezone(timedelta(hours=8), "UTC+8")

# 2022-11-20 14:30, 2022-11-20T14:30, 2022/11/20 14:30[:00], with an offset or not.
_MOMENT = re.compile(
    r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$")


def parse_moment(text: str, *, date_alone: time | None = None) -> datetime | None:
    """A moment to the minute in China time, or None if `text` is none. A date without a
    time is None unless `date_alone` says which time of that day it means (the end of the
    day, for `--as-of`)."""
    found = _MOMENT.match(text)
    if found is None:
        return None
    year, month, day, hour, minute, _, offset = found.groups()
    try:
        day_of = date(int(year), int(month), int(day))
        if hour is None:
            return None if date_alone is None else datetime.combine(day_of, date_alone)
        moment = datetime.combine(day_of, time(int(hour), int(minute)))
    except ValueError:
        return None
    if offset is not None:
        moment = moment.replace(tzinfo=_offset(offset)).astimezone(CHINA).replace(tzinfo=None)
    return moment


def _offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def moment_text(moment: datetime) -> str:
    """A moment as the files keep it and the tables show it: 2022-11-20 14:30."""
    return moment.strftime("%Y-%m-%d %H:%M")


def china_now(now: datetime) -> datetime:
    """An aware `now` (the clock's) as a naive China-time moment, to the minute."""
    return now.astimezone(CHINA).replace(tzinfo=None, second=0, microsecond=0)


def end_of_day(day: date) -> datetime:
    """The last minute of `day`: what `--as-of 2022-11-20` means for an incident."""
    return datetime.combine(day, time(23, 59))


def hours_late(due: datetime, moment: datetime) -> int:
    """Whole hours past `due` at `moment`, rounded up (a minute late is an hour late);
    zero or less while it is not yet due (the hours left, rounded down, as a negative)."""
    minutes = (moment - due) // timedelta(minutes=1)
    if minutes > 0:
        return -(-minutes // 60)
    return -((-minutes) // 60)


# ---- kinds and their steps ----------------------------------------------------------------------
@dataclass(frozen=True)
class StepRule:
    """A step an incident of a kind owes, due `hours` after the incident."""

    step: str
    hours: int


@dataclass(frozen=True)
class KindRule:
    """A kind of incident: its steps, and its follow-through once recorded (the child made
    key support; a care record opened whose follow-up falls due `care_days` later)."""

    name: str
    steps: tuple[StepRule, ...]
    key_support: bool = False
    care_days: int | None = None


def _kind(name: str, steps: Iterable[tuple[str, int]], *, key_support: bool,
          care_days: int | None) -> KindRule:
    return KindRule(name, tuple(StepRule(step, hours) for step, hours in steps), key_support,
                    care_days)


# The defaults; docs/incidents.md gives each deadline's source. Hours from the incident's
# `at`: 1 where the documents say at once (第一时间 / 立即), the police within 2 (the
# teacher first makes the child safe and tells the principal), the family within the day,
# a home visit within 3 days, a review within a week.
DEFAULT_KINDS: tuple[KindRule, ...] = (
    _kind("无人监护", (("报告校长", 1), ("报告公安", 2), ("报告乡镇", 24), ("联系父母", 24),
                   ("家访", 72), ("复查", 168)), key_support=True, care_days=14),
    _kind("疑似遭受侵害", (("报告校长", 1), ("报告公安", 2), ("联系监护人", 24), ("复查", 168)),
          key_support=True, care_days=14),
    _kind("失联", (("联系监护人", 1), ("报告校长", 1), ("报告公安", 2), ("复查", 168)),
          key_support=True, care_days=None),
    _kind("辍学风险", (("报告校长", 24), ("联系父母", 24), ("家访", 72), ("复查", 168)),
          key_support=True, care_days=None),
    _kind("意外伤害", (("报告校长", 1), ("联系监护人", 1), ("报告公安", 2), ("联系父母", 24),
                   ("复查", 168)), key_support=False, care_days=14),
    _kind("心理危机", (("报告校长", 1), ("联系监护人", 2), ("心理疏导", 24), ("联系父母", 24),
                   ("复查", 72)), key_support=True, care_days=14),
)


def kinds_of(configured: Iterable[Any] = ()) -> dict[str, KindRule]:
    """The kinds in force: the defaults, each replaced by liushou.yaml's kind of the same
    name, then the school's own kinds, in their order. `configured`: liushou.yaml's
    `incident_kinds` (each with name, steps of step and hours, key_support, care_days)."""
    kinds = {kind.name: kind for kind in DEFAULT_KINDS}
    for item in configured:
        kinds[item.name] = _kind(item.name, ((rule.step, rule.hours) for rule in item.steps),
                                 key_support=item.key_support, care_days=item.care_days)
    return kinds


def kind_names(configured: Iterable[Any] = ()) -> tuple[str, ...]:
    return tuple(kinds_of(configured))
