"""Turns pydantic's validation errors into translated one-line messages with a field label.

The model raises errors with a type and a context (see model.py); this module is the only
place that knows how each type reads in Chinese and English.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from liushou_cli.core.model import CARE_TYPES, EVENT_TYPES
from liushou_cli.i18n import label, show, t

M = TypeVar("M", bound=BaseModel)

_TYPE_KEYS = {
    "missing": "v_missing",
    "extra_forbidden": "v_extra",
    "phone": "v_phone",
    "phone_unquoted": "v_phone_unquoted",
    "id_shape": "v_id_shape",
    "id_birth": "v_id_birth",
    "id_check": "v_id_check",
    "id_birth_mismatch": "v_id_birth_mismatch",
    "id_gender_mismatch": "v_id_gender_mismatch",
    "date": "v_date",
    "date_future": "v_date_future",
    "status_incomplete": "v_status_incomplete",
    "record_id": "v_record_id",
    "term_order": "v_term_order",
    "duty_days": "v_duty_days",
    "duty_word": "v_duty_word",
    "pairing_staff": "v_pairing_staff",
    "pairing_buddy": "v_pairing_buddy",
    "date_order": "v_date_order",
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
}


# Care records are a tagged union too (患病, 生活补助, 其他帮扶): their tag is no key either.
_EVENT_TAGS = frozenset((*EVENT_TYPES, *CARE_TYPES))


def clean_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """The location as a path in the file: pydantic adds an entry's type tag after its index
    (('events', 4, '谈心', 'date')), which is not a key in the file."""
    return tuple(part for index, part in enumerate(loc)
                 if not (part in _EVENT_TAGS and (index == 0 or isinstance(loc[index - 1], int))))


def field_path(loc: tuple[int | str, ...]) -> str:
    """'father.phone' for ('father', 'phone'); list positions are dropped for the label."""
    return ".".join(str(part) for part in loc if isinstance(part, str))


def field_label(loc: tuple[int | str, ...]) -> str:
    """The printed name of a location: 父亲电话, or 记录 #2 日期 inside a list."""
    if not loc:
        return t("none")
    if any(isinstance(part, int) for part in loc):
        index = next(i for i, part in enumerate(loc) if isinstance(part, int))
        head = field_label(loc[:index])
        number = int(loc[index]) + 1
        rest = loc[index + 1:]
        whole = field_path(loc)
        tail = label(whole) if whole != field_path(loc[:index]) and label(whole) != whole \
            else field_label(rest) if rest else ""
        return f"{head} #{number} {tail}".rstrip()
    path = field_path(loc)
    text = label(path)
    if text == path and "." in path:
        head, _, tail = path.rpartition(".")
        text = f"{label(head)}.{label(tail)}"
    return text


def _choice(word: str) -> str:
    """A choice as the user must type it (the Chinese word), glossed in English output."""
    glossed = show(word)
    return word if glossed == word else f"{word} ({glossed})"


def describe(error: ErrorDetails) -> str:
    """One translated sentence for one pydantic error."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    loc = clean_loc(tuple(error["loc"]))
    params: dict[str, Any] = {"field": field_label(loc), **ctx}
    if kind in ("literal_error", "choice"):
        if kind == "choice":  # a word checked against a registry (the periods of a duty)
            expected = [str(item) for item in ctx.get("choices", ())]
        else:
            expected = [part.strip().strip("'") for part in str(ctx.get("expected", "")).split(",")]
            expected = [item for chunk in expected for item in chunk.split("' or '")]
        params["expected"] = t("list_sep").join(_choice(item.strip("' ")) for item in expected)
        params["value"] = show(error.get("input"))
        return t("v_literal", **params)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        params["value"] = ctx.get("tag", "")
        tags = CARE_TYPES if loc[:1] == ("care",) else EVENT_TYPES
        params["expected"] = t("list_sep").join(_choice(tag) for tag in tags)
        return t("v_event_type" if loc else "v_event_type_bare", **params)
    if kind == "extra_forbidden":
        params["field"] = field_path(loc) or str(loc[-1])
    key = _TYPE_KEYS.get(kind)
    if key is None:
        return t("v_other", field=params["field"], detail=error["msg"])
    params.setdefault("value", show(error.get("input")) if not isinstance(
        error.get("input"), dict | list) else "")
    try:
        return t(key, **params)
    except (KeyError, IndexError):
        return t("v_other", field=params["field"], detail=error["msg"])


def validated(model: type[M], data: dict[str, Any], today: date | None = None) -> M:
    """`data` as a `model` (a child: valid on `today`), or an InvalidRecord with one
    translated line per problem."""
    from pydantic import ValidationError

    from liushou_cli.core.errors import InvalidRecord, Problem
    from liushou_cli.core.model import ValidationDay

    try:
        return model.model_validate(
            data, context=ValidationDay(today) if today is not None else None)
    except ValidationError as error:
        problems = [Problem("", None, "error", "schema", describe(detail))
                    for detail in error.errors()]
        raise InvalidRecord(problems) from None


def validated_as(adapter: Any, data: dict[str, Any]) -> Any:
    """`data` validated by a TypeAdapter, or an InvalidRecord with translated lines."""
    from pydantic import ValidationError

    from liushou_cli.core.errors import InvalidRecord, Problem

    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        problems = [Problem("", None, "error", "schema", describe(detail))
                    for detail in error.errors()]
        raise InvalidRecord(problems) from None
