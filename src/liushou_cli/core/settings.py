"""The school's settings (liushou.yaml) as every command reads them: plain frozen values,
built without pydantic.

core.model validates liushou.yaml into its `SchoolConfig`, whose classes of the same names
(Term, Duty, ...) say what a file may hold and write it back; what a command then needs of
the settings is here. Both come from one JSON dump of a validated record (`settings_of`),
and the cache keeps that dump, so a report answered from the cache puts the settings back
(`settings_from_dump`) without importing pydantic at all (about 60 ms of a school's report,
docs/performance.md). The dump holds every field; the dataclasses' defaults (for settings
made in code, as the collective activity's duty) are the model's, field by field;
tests/test_settings.py holds the two to each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from liushou_cli.core.model import SchoolConfig


T = TypeVar("T")

RESPONSIBLE = ("班主任", "代理家长")
APPLIES_TO = ("全部", "重点帮扶")


class Unfit(ValueError):
    """The data is not a dump of the settings this code would make. It says no more: it is
    caught by the caller, which validates the file instead, and never shown."""


@dataclass(frozen=True)
class Term:
    """A school term (学期), e.g. 2022秋 from 2022-09-01 to 2023-01-15."""

    name: str
    start: date
    end: date


@dataclass(frozen=True)
class Duty:
    """A duty rule: who owes which entry to which children, how often, with what grace."""

    id: str
    name: str
    responsible: str  # one of RESPONSIBLE
    satisfied_by: list[str]
    period: str  # a word of core/periods.py
    short: str | None = None  # the name on a narrow screen
    applies_to: str = "全部"  # one of APPLIES_TO
    days: int | None = None
    grace_days: int = 0


@dataclass(frozen=True)
class CareTheme:
    year: int
    theme: str


@dataclass(frozen=True)
class SupportSettings:
    """liushou.yaml `support:`: the numbers the programme leaves to the school."""

    tutor_limit: int = 2
    iep_days: int = 14
    parent_meeting: bool = True
    collective_activity: bool = True


@dataclass(frozen=True)
class IncidentStepRule:
    step: str
    hours: int


@dataclass(frozen=True)
class IncidentKind:
    name: str
    steps: list[IncidentStepRule]
    key_support: bool = False
    care_days: int | None = None


@dataclass(frozen=True)
class ConflictSide:
    value: Any = None
    removed: bool = False
    by: str | None = None
    date: date | None = None


@dataclass(frozen=True)
class Conflict:
    field: str
    ours: ConflictSide
    theirs: ConflictSide


@dataclass(frozen=True)
class SchoolSettings:
    """liushou.yaml: the school, its terms, its duty rules, its care themes and incident
    kinds, and the conflicts a merge left in it."""

    school: str
    conflicts: list[Conflict] = field(default_factory=list)
    county: str | None = None
    terms: list[Term] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    census_days: int = 14
    support: SupportSettings = field(default_factory=SupportSettings)
    care_themes: list[CareTheme] = field(default_factory=list)
    incident_kinds: list[IncidentKind] = field(default_factory=list)


def settings_of(config: SchoolConfig) -> SchoolSettings:
    """The settings a validated liushou.yaml holds."""
    return settings_from_dump(settings_dump(config))


def settings_dump(config: SchoolConfig) -> dict[str, Any]:
    """The validated record as the cache keeps it: its JSON dump."""
    return config.model_dump(mode="json")


def settings_from_dump(data: Any) -> SchoolSettings:
    """The settings whose dump (`settings_dump`: every field) is `data`; Unfit if it is not
    one."""
    try:
        _known(data, SchoolSettings)
        return SchoolSettings(
            school=_text(data["school"]),
            conflicts=[_conflict(one) for one in _list(data["conflicts"])],
            county=_maybe(_text, data["county"]),
            terms=[_term(one) for one in _list(data["terms"])],
            duties=[_duty(one) for one in _list(data["duties"])],
            census_days=_whole(data["census_days"]),
            support=_support(data["support"]),
            care_themes=[_care_theme(one) for one in _list(data["care_themes"])],
            incident_kinds=[_incident_kind(one) for one in _list(data["incident_kinds"])])
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise Unfit from error


def _term(data: dict[str, Any]) -> Term:
    _known(data, Term)
    return Term(_text(data["name"]), _day(data["start"]), _day(data["end"]))


def _care_theme(data: dict[str, Any]) -> CareTheme:
    _known(data, CareTheme)
    return CareTheme(_whole(data["year"]), _text(data["theme"]))


def _duty(data: dict[str, Any]) -> Duty:
    _known(data, Duty)
    return Duty(id=_text(data["id"]), name=_text(data["name"]),
                responsible=_one_of(data["responsible"], RESPONSIBLE),
                satisfied_by=[_text(word) for word in _list(data["satisfied_by"])],
                period=_text(data["period"]), short=_maybe(_text, data["short"]),
                applies_to=_one_of(data["applies_to"], APPLIES_TO),
                days=_maybe(_whole, data["days"]), grace_days=_whole(data["grace_days"]))


def _support(data: dict[str, Any]) -> SupportSettings:
    _known(data, SupportSettings)
    return SupportSettings(tutor_limit=_whole(data["tutor_limit"]),
                           iep_days=_whole(data["iep_days"]),
                           parent_meeting=_flag(data["parent_meeting"]),
                           collective_activity=_flag(data["collective_activity"]))


def _incident_kind(data: dict[str, Any]) -> IncidentKind:
    _known(data, IncidentKind)
    return IncidentKind(name=_text(data["name"]),
                        steps=[_step(one) for one in _list(data["steps"])],
                        key_support=_flag(data["key_support"]),
                        care_days=_maybe(_whole, data["care_days"]))


def _step(data: dict[str, Any]) -> IncidentStepRule:
    _known(data, IncidentStepRule)
    return IncidentStepRule(_text(data["step"]), _whole(data["hours"]))


def _conflict(data: dict[str, Any]) -> Conflict:
    _known(data, Conflict)
    return Conflict(field=_text(data["field"]), ours=_side(data["ours"]),
                    theirs=_side(data["theirs"]))


def _side(data: dict[str, Any]) -> ConflictSide:
    _known(data, ConflictSide)
    return ConflictSide(value=_plain(data["value"]), removed=_flag(data["removed"]),
                        by=_maybe(_text, data["by"]), date=_maybe(_day, data["date"]))


def _known(data: Any, kind: Any) -> None:
    """`data` a mapping of exactly the fields of `kind`: a dump of other settings is Unfit."""
    if type(data) is not dict or data.keys() != {known.name for known in fields(kind)}:
        raise Unfit


def _one_of(value: Any, choices: tuple[str, ...]) -> str:
    if _text(value) not in choices:
        raise Unfit
    return str(value)


def _plain(value: Any) -> Any:
    """A value of any type a field held (a conflict's side): JSON's own values only."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is list:
        return [_plain(one) for one in value]
    if type(value) is dict and all(type(key) is str for key in value):
        return {key: _plain(one) for key, one in value.items()}
    raise Unfit


def _exactly(kind: type[T]) -> Callable[[Any], T]:
    """A reader of a value of exactly `kind` (no bool for an int, no int for a float):
    anything else is Unfit."""
    def read(value: Any) -> T:
        if type(value) is not kind:
            raise Unfit
        return value
    return read


_list: Callable[[Any], list[Any]] = _exactly(list)
_text = _exactly(str)
_whole = _exactly(int)
_flag = _exactly(bool)


def _day(value: Any) -> date:
    return date.fromisoformat(_text(value))


def _maybe(read: Any, value: Any) -> Any:
    return None if value is None else read(value)
