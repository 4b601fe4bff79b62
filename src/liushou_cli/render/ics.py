"""The overdue report's rows as an iCalendar file (RFC 5545) a phone's calendar imports:
`liushou report --overdue --due-within N --format ics`.

One all-day event a row (a duty of a child, or of a class) on its due date: the child and
the class in the summary, the rule, the teachers responsible and the last time it was done
in the description. The rows are the report's own (duties/rows.py): nothing is worked out
again here.

Importing a newer file updates the events of an older one instead of adding them again: an
event's UID is made of what the row is about (the duty, and the child or the class, and for
a duty a child may owe several times over the row's `key`: which incident's step, which
plan, which care record, which individual plan), never of its dates or its words (the same
in Chinese and English), nor of the other rows: a step done, a record added, leaves every
other event's UID as it was. Its SEQUENCE is the minute the file was made (minutes since
2000) and its DTSTAMP that minute: RFC 5546 2.1.5 takes the higher SEQUENCE, then the later
DTSTAMP, as the newer version, so a file made later, even the same day, is a later revision
(and one made by an older version, which counted days, an older one). Nothing cancels an
event: a row gone (its duty done) leaves its event on the phone (docs/print.md). Standard
library only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from liushou_cli import __version__
from liushou_cli.core.hashing import sha256
from liushou_cli.core.incidents import CHINA, moment_text, parse_moment
from liushou_cli.duties.rows import INCIDENT_DUTY, DutyRow
from liushou_cli.i18n import show, t
from liushou_cli.i18n.catalog import MESSAGES

if TYPE_CHECKING:
    from liushou_cli.core.settings import Duty

_EPOCH = datetime(2000, 1, 1)  # SEQUENCE counts minutes (China time) from here: a later file wins
_LINE_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded


def duty_rules(duties: Sequence[Duty]) -> dict[str, str]:
    """Each configured duty's rule in words (liushou.yaml's): id -> sentence."""
    rules = {}
    for duty in duties:
        period = (t("ics_period_days", days=duty.days) if duty.days is not None
                  else _said("ics_period_" + duty.period, duty.period))
        rule = t("ics_rule_configured", period=period,
                 entries=t("list_sep").join(show(word) for word in duty.satisfied_by),
                 who=show(duty.responsible),
                 applies=_said("ics_applies_" + duty.applies_to, duty.applies_to))
        rules[duty.id] = (t("ics_rule_grace", rule=rule, grace=duty.grace_days)
                          if duty.grace_days else rule)
    return rules


def _said(key: str, word: str) -> str:
    """The catalog's words for a stored word, or the word shown as it is (a period kind a
    school registered, which the catalog does not know)."""
    return t(key) if key in MESSAGES else show(word)


def rule_of(row: DutyRow, rules: Mapping[str, str]) -> str:
    """The rule behind a row: a configured duty's from `rules`, a support or census duty's
    from the catalog (`ics_rule_<id>`), else its name alone."""
    found = rules.get(row["duty"])
    if found is not None:
        return found
    return _said("ics_rule_" + row["duty"].replace("-", "_"), row["duty_name"])


def uid(row: DutyRow, nth: int = 1) -> str:
    """The event's identity: the duty, whose it is (the child's id, else the class) and,
    where the row has one, its key (which of the child's steps, plans, care records or
    individual plans it is: duties/rows.py), hashed so that any words make a valid UID;
    stable from one day to the next and whatever else is done. A row without a key has the
    UID it always had (the duty and whose it is). `nth` tells apart rows that would still
    share one (records the same in every part their keys are made of), in the file's
    order."""
    who = row["child_id"] if row["child_id"] is not None else "class:" + row["class"]
    key = "\x1f".join((row["duty"], who, *(() if "key" not in row else (row["key"],))))
    ident = f"{sha256(key.encode('utf-8')).hexdigest()[:32]}@liushou-cli"
    return ident if nth == 1 else f"{nth}-{ident}"


def calendar_text(rows: Sequence[DutyRow], rules: Mapping[str, str], *, school: str,
                  made_at: datetime, as_of: date, moment: datetime | None = None) -> str:
    """The whole .ics file: one VEVENT a row, in the rows' order. `made_at`: the minute it
    is made, in China time (naive: the revision's stamp); `as_of`: the report's day (what
    "overdue" is counted from); `moment`: the minute an incident's steps are counted to, in
    hours (default: the day's end)."""
    made_at = made_at.replace(second=0, microsecond=0, tzinfo=None)
    stamp = f"{made_at.replace(tzinfo=CHINA).astimezone(UTC):%Y%m%dT%H%M%SZ}"
    sequence = (made_at - _EPOCH) // timedelta(minutes=1)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//liushou-cli//liushou {__version__}//ZH",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             _prop("X-WR-CALNAME", t("ics_calendar_name", school=school))]
    seen: dict[str, int] = {}
    for row in rows:
        first = uid(row)
        seen[first] = seen.get(first, 0) + 1
        ident = uid(row, seen[first])
        lines += ["BEGIN:VEVENT", f"UID:{ident}", f"DTSTAMP:{stamp}", f"LAST-MODIFIED:{stamp}",
                  f"SEQUENCE:{sequence}", *_when(row["due"]),
                  _prop("SUMMARY", _summary(row)),
                  _prop("DESCRIPTION", _description(row, rules, as_of, moment)),
                  _prop("CATEGORIES", row["duty_name"]),
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


# How long an incident's step is shown for in a calendar, from the moment it is due.
STEP_SHOWN = timedelta(minutes=30)


def _when(due: str) -> list[str]:
    """DTSTART and DTEND of a row due on a day (an all-day event), or of an incident's step
    due at a minute of China time ("2022-11-24 16:40": an event at that moment, in UTC)."""
    if len(due) == len("2022-11-24"):
        day = date.fromisoformat(due)
        return [f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}"]
    moment = parse_moment(due)
    assert moment is not None, due  # written by duties.incidents to the minute
    start = moment.replace(tzinfo=CHINA).astimezone(UTC)
    return [f"DTSTART:{start:%Y%m%dT%H%M%SZ}", f"DTEND:{start + STEP_SHOWN:%Y%m%dT%H%M%SZ}"]


def _summary(row: DutyRow) -> str:
    text = t("ics_summary", name=row["name"], klass=row["class"], duty=row["duty_name"])
    return t("ics_summary_overdue", summary=text) if row["days_overdue"] > 0 else text


def _description(row: DutyRow, rules: Mapping[str, str], as_of: date,
                 moment: datetime | None) -> str:
    # An incident's step is counted in hours, as the table counts it, and its `last` is when
    # the incident happened, not a time the step was done.
    step = row["duty"] == INCIDENT_DUTY
    parts = [t("ics_rule", rule=rule_of(row, rules)),
             t("ics_responsible", who=row["responsible_name"] or t("unassigned")),
             t("incident_happened", at=row["last"]) if step and row["last"]
             else t("ics_last", last=row["last"] or t("never")),
             t("ics_due", due=row["due"])]
    hours = row.get("hours_overdue")
    if step and hours is not None:
        if hours > 0:
            parts.append(t("ics_overdue_hours", hours=hours, as_of=moment_text(moment)
                           if moment is not None else as_of.isoformat()))
    elif row["days_overdue"] > 0:
        parts.append(t("ics_overdue_days", as_of=as_of.isoformat(), days=row["days_overdue"]))
    return "\n".join(parts)


def _prop(name: str, text: str) -> str:
    return f"{name}:{_escape(text)}"


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """A content line cut into lines of at most 75 octets, never inside a character; each
    continuation starts with a space."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = _LINE_OCTETS if not pieces else _LINE_OCTETS - 1  # the space counts
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)
