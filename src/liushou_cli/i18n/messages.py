"""Turns pydantic's validation errors into one-line messages with a field label: kept as a
code for a Problem (`described`), or in words at once (`describe`).

The model raises errors with a type and a context (see model.py); this module is the only
place that knows which message of the catalog each type reads as.
"""

from __future__ import annotations

from datetime import date
from string import Formatter
from typing import TYPE_CHECKING, Any, TypeVar

from liushou_cli.core.choices import CARE_TYPES, EVENT_TYPES
from liushou_cli.core.text import Choice, Label, Message, Param, Shown
from liushou_cli.i18n import field_path, say
from liushou_cli.i18n.catalog import MESSAGES

if TYPE_CHECKING:  # pydantic is imported only when a file is validated
    from pydantic import BaseModel
    from pydantic_core import ErrorDetails

M = TypeVar("M", bound="BaseModel")

_TYPE_KEYS = {
    "missing": "v_missing",
    "extra_forbidden": "v_extra",
    "phone": "v_phone",
    "id_shape": "v_id_shape",
    "id_as_number": "v_id_as_number",
    "id_birth": "v_id_birth",
    "id_check": "v_id_check",
    "id_birth_mismatch": "v_id_birth_mismatch",
    "id_gender_mismatch": "v_id_gender_mismatch",
    "date": "v_date",
    "date_future": "v_date_future",
    "status_incomplete": "v_status_incomplete",
    "record_id": "v_record_id",
    "record_id_as_number": "v_record_id_as_number",
    "staff_id_twice": "dup_staff_id",
    "term_twice": "term_exists",
    "since_before_birth": "v_since_before_birth",
    "term_overlap": "term_overlap",
    "term_order": "v_term_order",
    "duty_days": "v_duty_days",
    "duty_word": "v_duty_word",
    "pairing_staff": "v_pairing_staff",
    "pairing_buddy": "v_pairing_buddy",
    "date_order": "v_date_order",
    "review_date_order": "v_review_date_order",
    "float_type": "v_type_number",
    "float_parsing": "v_type_number",
    "greater_than": "v_range",
    "string_too_short": "v_empty",
    "string_type": "v_type_str",
    "bool_type": "v_type_bool",
    "bool_parsing": "v_type_bool",
    "int_type": "v_type_int",
    "int_parsing": "v_type_int",
    "int_from_float": "v_type_int",
    "list_type": "v_type_list",
    "model_type": "v_type_dict",
    "model_attributes_type": "v_type_dict",
    "dict_type": "v_type_dict",
    "greater_than_equal": "v_range",
    "union_tag_invalid": "v_event_type",
    "union_tag_not_found": "v_event_type",
    "too_short": "v_empty",
    "less_than_equal": "v_range",
    "year_range": "v_year_range",
    "moment": "v_moment",
    "moment_order": "v_moment_order",
    "closed_before_step": "v_closed_before_step",
    "incident_outcome": "v_incident_outcome",
}


# Care records are a tagged union too (患病, 生活补助, 其他帮扶): their tag is no key either.
_EVENT_TAGS = frozenset((*EVENT_TYPES, *CARE_TYPES))


def clean_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """The location as a path in the file: pydantic adds an entry's type tag after its index
    (('events', 4, '谈心', 'date')), which is not a key in the file."""
    return tuple(part for index, part in enumerate(loc)
                 if not (part in _EVENT_TAGS and (index == 0 or isinstance(loc[index - 1], int))))


def error_location(error: ErrorDetails) -> tuple[int | str, ...]:
    """Where in the file an error lies: its location, cleaned, and, when a validator on a
    list checked each item (the steps of an incident against its time), the item's path
    given in the error's `within`, so that the message names that item's line."""
    within = (error.get("ctx") or {}).get("within") or ()
    return clean_loc(tuple(error["loc"])) + tuple(within)


def described(error: ErrorDetails) -> Message:
    """One pydantic error as a message kept as a code: the field as its location (labelled
    when shown), the value as stored, the choices as the user must type them."""
    kind = error["type"]
    raw = error.get("ctx") or {}
    ctx = {name: _plain(value) for name, value in raw.items() if name != "within"}
    loc = error_location(error)
    params: dict[str, Param] = {"field": Label(loc), **ctx}
    if kind in ("literal_error", "choice"):
        if kind == "choice":  # a word checked against a registry (the periods of a duty)
            expected = [str(item) for item in raw.get("choices", ())]
        else:
            expected = [part.strip().strip("'") for part in str(ctx.get("expected", "")).split(",")]
            expected = [item for chunk in expected for item in chunk.split("' or '")]
        params["expected"] = tuple(Choice(item.strip("' ")) for item in expected)
        params["value"] = _input(error)
        return Message.of("v_literal", **params)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        params["value"] = ctx.get("tag", "")
        tags = CARE_TYPES if loc[:1] == ("care",) else EVENT_TYPES
        params["expected"] = tuple(Choice(tag) for tag in tags)
        return Message.of("v_event_type" if loc else "v_event_type_bare", **params)
    if kind == "extra_forbidden":
        params["field"] = field_path(loc) or str(loc[-1])
    key = _TYPE_KEYS.get(kind)
    if key is None or not _fills(key, {*params, "value"}):
        # pydantic's own sentence is English: the field and the value say enough.
        return Message.of("v_other", field=params["field"], value=_input(error))
    params.setdefault("value", "" if isinstance(error.get("input"), dict | list)
                      else _input(error))
    return Message.of(key, **params)


def _plain(value: object) -> Param:
    """A value of pydantic's context as the message shows it: text or a number."""
    return value if value is None or isinstance(value, str | int | float) else str(value)


def _input(error: ErrorDetails) -> Shown:
    """The value the error is about, as the file holds it."""
    return Shown.of(error.get("input"))


def _fills(key: str, names: set[str]) -> bool:
    """Do `names` fill every placeholder of the message `key`, in both languages? (A type of
    error whose context lacks what its message names is told in pydantic's own words.)"""
    return all(name is None or name in names
               for text in MESSAGES[key] for _, name, _, _ in Formatter().parse(text))


def describe(error: ErrorDetails) -> str:
    """One translated sentence for one pydantic error."""
    return say(described(error))


def validated(model: type[M], data: dict[str, Any], today: date | None = None) -> M:
    """`data` as a `model` (a child: valid on `today`), or an InvalidRecord with one
    translated line per problem."""
    from pydantic import ValidationError

    from liushou_cli.core.errors import InvalidRecord, Problem
    from liushou_cli.core.validators import ValidationDay

    try:
        return model.model_validate(
            data, context=ValidationDay(today) if today is not None else None)
    except ValidationError as error:
        problems = [Problem("", None, "error", "schema", described(detail))
                    for detail in error.errors()]
        raise InvalidRecord(problems) from None


def validated_as(adapter: Any, data: dict[str, Any]) -> Any:
    """`data` validated by a TypeAdapter, or an InvalidRecord with translated lines."""
    from pydantic import ValidationError

    from liushou_cli.core.errors import InvalidRecord, Problem

    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        problems = [Problem("", None, "error", "schema", described(detail))
                    for detail in error.errors()]
        raise InvalidRecord(problems) from None
