"""A stored record read back as plain facts, without pydantic: a child's, an activity's, the
staff's.

The record store keeps each validated record as its JSON (store.cache). Two kinds of
command read records whose files have not changed since they were validated: a new day
works out again the few children whose share of the duty rows stopped holding overnight
(duties.changes), and `child show` lays out one child's card with the activities it took
part in and its class teachers. Building the pydantic models again would import pydantic
and the models and build their validators (about 100 ms, more than the rest of such a
command at a school's size).
Here the same JSON becomes objects with the model's attribute names and the values it would
hold (dates and moments parsed, nested records as objects, lists as lists), and the model's
three members the rules use (`active`, `with_grandparents`, `Pairing.open_on`): the rules
and the card read them as they read a model. `facts_dump` gives back the JSON data the
model's own dump gives (`child show --format json`).

`SCHEMA` says, for each record kind, each key of its JSON (the model's alias), the attribute
it becomes, and its kind. tests/test_recordfacts.py derives the same table from the models
and fails when they part, and checks that the facts equal the model field by field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from liushou_cli.core.choices import ACTIVE_STATUS, GRANDPARENTS
from liushou_cli.core.incidents import moment_text, parse_moment

# A field's kind: "plain" (text, a number, a flag, a word, or a list of them; Any as it is),
# "date", "moment", "dates" (a list of dates), a record kind's name, or "[kind]" (a list of
# records of that kind). A kind that is a union of records told apart by their type tag
# (the events, the care records) has one table: the union of its members' fields, which
# agree on every field they share; a record of it holds the keys of its own member only.
Kind = str
_UNIONS = frozenset({"Event", "Care"})

_ENTRY_FIELDS: dict[str, tuple[str, Kind]] = {
    "type": ("type", "plain"), "date": ("date", "date"), "by": ("by", "plain")}
_CARE_FIELDS: dict[str, tuple[str, Kind]] = {
    **_ENTRY_FIELDS, "follow_up_on": ("follow_up_on", "date"),
    "follow_up_by": ("follow_up_by", "plain"), "followed_up": ("followed_up", "date"),
    "outcome": ("outcome", "plain"), "note": ("note", "plain")}


def _plain(*names: str) -> dict[str, tuple[str, Kind]]:
    return {name: (name, "plain") for name in names}


SCHEMA: dict[str, dict[str, tuple[str, Kind]]] = {
    "Child": {
        **_plain("id", "student_no", "name", "gender", "ethnicity"),
        "birth_date": ("birth_date", "date"),
        "id_number": ("id_number", "plain"),
        "class": ("class_name", "plain"),
        **_plain("hukou", "residence", "boarding", "health"),
        "disability": ("disability", "Disability"),
        **_plain("illness", "left_behind_type"),
        "left_behind_since": ("left_behind_since", "date"),
        "father": ("father", "Parent"), "mother": ("mother", "Parent"),
        "guardian": ("guardian", "Guardian"),
        **_plain("guardianship", "economic_sources", "assistance", "academic_level",
                 "key_support", "proxy_parent"),
        "recorded_on": ("recorded_on", "date"),
        "status": ("status", "plain"),
        "status_date": ("status_date", "date"),
        **_plain("status_reason", "note"),
        "conflicts": ("conflicts", "[Conflict]"),
        "key_support_history": ("key_support_history", "[KeySupportChange]"),
        "status_history": ("status_history", "[StatusChange]"),
        "pairings": ("pairings", "[Pairing]"),
        "learning_plans": ("learning_plans", "[LearningPlan]"),
        "individual_plans": ("individual_plans", "[IndividualPlan]"),
        "care": ("care", "[Care]"),
        "incidents": ("incidents", "[Incident]"),
        "events": ("events", "[Event]"),
    },
    "Event": {**_ENTRY_FIELDS, "with": ("with_", "plain"),
              **_plain("met", "found", "follow_up", "topic", "mood", "agreed", "term",
                       "changes", "note", "channel", "notes")},
    "Care": {**_CARE_FIELDS, **_plain("what", "treatment", "policy", "amount", "period")},
    "Incident": {**_plain("id", "kind"), "at": ("at", "moment"),
                 **_plain("found_by", "by", "seen", "action"),
                 "steps": ("steps", "[IncidentStep]"), "closed_at": ("closed_at", "moment"),
                 "outcome": ("outcome", "plain")},
    "IncidentStep": {"step": ("step", "plain"), "done_at": ("done_at", "moment"),
                     **_plain("by", "note")},
    "IndividualPlan": {"flagged": ("flagged", "date"), **_plain("concerns", "by", "note"),
                       "plan": ("plan", "IepPlan"), "reviews": ("reviews", "[IepReview]"),
                       "closed": ("closed", "date"), "close_reason": ("close_reason", "plain")},
    "IepReview": {"date": ("date", "date"), **_plain("by", "result")},
    "IepPlan": {"date": ("date", "date"), **_plain("teacher", "measures"),
                "review_dates": ("review_dates", "dates"), "by": ("by", "plain")},
    "LearningPlan": {**_plain("subject", "teacher"), "date": ("date", "date"),
                     **_plain("content", "schedule", "goals", "every"),
                     "checks": ("checks", "[PlanCheck]"), "ended": ("ended", "date"),
                     "end_reason": ("end_reason", "plain")},
    "PlanCheck": {"date": ("date", "date"), **_plain("by", "result", "next_step")},
    "Pairing": {**_plain("role", "staff", "buddy", "buddy_class"), "date": ("date", "date"),
                **_plain("by", "note"), "ended": ("ended", "date"),
                "end_reason": ("end_reason", "plain")},
    "StatusChange": {"status": ("status", "plain"), "date": ("date", "date"),
                     "reason": ("reason", "plain")},
    "KeySupportChange": {"date": ("date", "date"), **_plain("key_support", "reason", "by")},
    "Conflict": {"field": ("field", "plain"), "ours": ("ours", "ConflictSide"),
                 "theirs": ("theirs", "ConflictSide")},
    "ConflictSide": {**_plain("value", "removed", "by"), "date": ("date", "date")},
    "Guardian": {**_plain("name", "relation"), "birth_date": ("birth_date", "date"),
                 **_plain("age", "occupation", "health", "phone", "id_number", "address",
                          "note")},
    "Parent": {"name": ("name", "plain"), "birth_date": ("birth_date", "date"),
               **_plain("id_number", "phone", "work_province", "work_city", "work_unit",
                        "work_address", "work_phone", "note")},
    "Disability": _plain("category", "grade"),
    "Activity": {"conflicts": ("conflicts", "[Conflict]"), "date": ("date", "date"),
                 **_plain("kind", "title", "classes", "by", "children", "guardians", "note")},
    "StaffFile": {"conflicts": ("conflicts", "[Conflict]"), "staff": ("staff", "[Staff]")},
    "Staff": _plain("id", "name", "phone", "roles", "leads", "teaches", "subjects", "note"),
}


class NotFacts(ValueError):
    """The JSON is not a record of the kind asked for (a key missing or one too many, a
    value of the wrong form): the caller reads the child's file instead."""


class Facts:
    """A record's fields as attributes, as the model holds them (record_dates in
    duties.changes walks them as it walks a model's)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({vars(self)!r})"


class ChildFacts(Facts):
    """A child's record (core.model.Child) as facts, with the model's properties."""

    status: str
    guardian: Facts | None

    @property
    def active(self) -> bool:
        return self.status == ACTIVE_STATUS

    @property
    def with_grandparents(self) -> bool:
        return self.guardian is not None and getattr(self.guardian, "relation", None) in GRANDPARENTS


class PairingFacts(Facts):
    """A pairing (core.model.Pairing) as facts, with the model's `open_on`."""

    date: dt.date
    ended: dt.date | None

    def open_on(self, day: dt.date) -> bool:
        return self.date <= day and (self.ended is None or day < self.ended)


_CLASSES: dict[str, type[Facts]] = {"Child": ChildFacts, "Pairing": PairingFacts}


def record_facts(kind: str, body: bytes | str) -> Facts:
    """The record of `kind` (a root of SCHEMA: Child, Activity, StaffFile) whose JSON is `body`, as
    facts; NotFacts when it is not one."""
    try:
        data = json.loads(body)
    except ValueError as error:
        raise NotFacts from error
    return _record(kind, data)


def is_facts(record: object) -> bool:
    """Is `record` facts (not a model)?"""
    return isinstance(record, Facts)


def facts_dump(record: object, kind: str = "Child") -> dict[str, Any]:
    """Facts as the JSON data their model dumps (`model_dump(mode="json", by_alias=True,
    exclude_none=True)`: keys as in the file, dates and moments as text, no empty field)."""
    assert isinstance(record, Facts)
    return _dump(kind, record)


def _dump(kind: str, record: Facts) -> dict[str, Any]:
    # In the order of the record's own fields: a union's member holds its own, in its order.
    keys = _KEYS[kind]
    dumped: dict[str, Any] = {}
    for name, value in vars(record).items():
        if value is not None:
            key, field_kind = keys[name]
            dumped[key] = _dumped(field_kind, value)
    return dumped


def _dumped(kind: Kind, value: Any) -> Any:
    if kind == "plain":
        return value
    if kind == "date":
        return value.isoformat()
    if kind == "moment":
        return moment_text(value)
    if kind == "dates":
        return [day.isoformat() for day in value]
    if kind.startswith("["):
        return [_dump(kind[1:-1], item) for item in value]
    return _dump(kind, value)


# Kind -> attribute -> (its key in the JSON, its kind): SCHEMA read the other way.
_KEYS = {kind: {name: (key, field_kind) for key, (name, field_kind) in table.items()}
         for kind, table in SCHEMA.items()}


def _record(kind: str, data: Any) -> Facts:
    table = SCHEMA[kind]
    if type(data) is not dict:
        raise NotFacts
    if kind in _UNIONS:  # its member's keys, in the dump's order
        if "type" not in data or not data.keys() <= table.keys():
            raise NotFacts
        keys: Iterable[str] = data
    elif len(data) != len(table):
        raise NotFacts
    else:
        keys = table
    made = _CLASSES.get(kind, Facts)()
    fields = made.__dict__
    try:
        for key in keys:
            name, field_kind = table[key]
            fields[name] = _value(field_kind, data[key])
    except (KeyError, TypeError, ValueError) as error:
        raise NotFacts from error
    return made


def _value(kind: Kind, value: Any) -> Any:
    if value is None or kind == "plain":
        return value
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "moment":
        moment = parse_moment(value)
        if moment is None:
            raise ValueError
        return moment
    if kind == "dates":
        return [dt.date.fromisoformat(day) for day in value]
    if kind.startswith("["):
        if type(value) is not list:
            raise TypeError
        inner = kind[1:-1]
        return [_record(inner, item) for item in value]
    return _record(kind, value)
