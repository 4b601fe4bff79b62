"""A record rebuilt from its own JSON dump without building its model's validator.

Building a pydantic model's validator is a one-off cost of every process that first
validates one: for the settings (SchoolConfig, its terms, duties and incident kinds) about
3 ms in a command whose typer has imported pydantic's schema machinery already (13 ms in a
process that has not), and the last model a report answered from the cache built. What the
cache keeps of liushou.yaml is the dump of a record validated when the file was read, and
the cache is discarded whole when any model's schema changes (store.cache's digest); so the
record can be put back together with `model_construct`, each value checked for the type its
field declares (a value the cache could not have written is `Unfit`, and the caller
validates the file's record instead). The field constraints (lengths, ranges, the models'
own checks) held when the record was validated, and are not checked again.

Only the forms the settings use are known: str, int, bool, date, Any, Literal, X | None,
list[X], dict[str, X], Annotated[X, ...] and models of those; any other is Unfit.
"""

from __future__ import annotations

import types
from datetime import date
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


class Unfit(ValueError):
    """The data is not a dump of the model this code would make. It says no more: it is
    caught by the caller, which validates the record instead, and never shown."""


def constructed(model: type[M], data: Any) -> M:
    """The `model` record whose JSON dump (by alias, unset fields left out) is `data`."""
    if type(data) is not dict:
        raise Unfit
    fields = model.model_fields
    names = {(info.alias or name): name for name, info in fields.items()}
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = names.get(key)
        if name is None:
            raise Unfit
        values[name] = _value(fields[name].annotation, value)
    for name, info in fields.items():
        if info.is_required() and name not in values:
            raise Unfit
    return model.model_construct(**values)  # the fields given count as set


def _value(annotation: Any, value: Any) -> Any:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _value(get_args(annotation)[0], value)
    if annotation is Any:
        return _plain(value)
    if origin is Union or origin is types.UnionType:
        options = [option for option in get_args(annotation) if option is not type(None)]
        if value is None and len(options) < len(get_args(annotation)):
            return None
        if len(options) != 1:
            raise Unfit
        return _value(options[0], value)
    if origin is Literal:
        if not any(type(value) is type(choice) and value == choice
                   for choice in get_args(annotation)):
            raise Unfit
        return value
    if origin is list:
        if type(value) is not list:
            raise Unfit
        (item,) = get_args(annotation)
        return [_value(item, one) for one in value]
    if origin is dict:
        key_type, item = get_args(annotation)
        if type(value) is not dict or key_type is not str:
            raise Unfit
        return {key: _value(item, one) for key, one in value.items()}
    if annotation in (str, int, bool):
        if type(value) is not annotation:
            raise Unfit
        return value
    if annotation is date:
        if type(value) is not str:
            raise Unfit
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise Unfit from None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return constructed(annotation, value)
    raise Unfit


def _plain(value: Any) -> Any:
    """A value of an `Any` field: JSON's own values, as the dump gave them."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is list:
        return [_plain(one) for one in value]
    if type(value) is dict and all(type(key) is str for key in value):
        return {key: _plain(one) for key, one in value.items()}
    raise Unfit
