"""`child edit --set FIELD=VALUE`: which fields can be set, and how a typed value is read.

A field is named by its path (guardian.phone) or by its printed label in either language
(监护人电话, "Guardian's phone"). Which fields may be set is the table of fields' to say
(core/fields.py, `settable`); the value is read by the model's type: yes/no for a flag, a date
as teachers write it, a list split on commas or 、, empty to clear the field.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from liushou_cli.core.errors import UsageError
from liushou_cli.core.fields import BLOCKS, fixed_paths, settable_paths
from liushou_cli.core.model import Child
from liushou_cli.core.validators import cleaned, parse_day
from liushou_cli.i18n import field_for_label, label, t

# Whole blocks that may be cleared at once with an empty value.
_CLEARABLE = tuple(block.key for block in BLOCKS)
_LIST_SPLIT = re.compile(r"[,，、;；]\s*")
_YES = {"是", "y", "yes", "true", "1", "有"}
_NO = {"否", "n", "no", "false", "0", "无"}


@dataclass(frozen=True)
class Assignment:
    """One `--set`: the key path in the file and the value to store (None clears it)."""

    path: tuple[str, ...]
    value: Any


def _unwrap(annotation: Any) -> Any:
    """The type inside `X | None` and `Annotated[X, ...]`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _yaml_key(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    return info.alias or name


def settable_fields(model: type[BaseModel] = Child) -> dict[str, Any]:
    """Every settable dotted path (as written in the file) and its plain type, in the file's
    order: the model's fields that the table of fields lets `--set` change."""
    return _leaves(model, "", settable_paths())


def _leaves(model: type[BaseModel], prefix: str, settable: set[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = prefix + _yaml_key(model, name)
        kind = _unwrap(info.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            fields.update(_leaves(kind, key + ".", settable))
        elif key in settable:
            fields[key] = kind
    return fields


def choices(path: str) -> tuple[str, ...] | None:
    """The words a field of choices takes (性别: 男, 女), or None for a field of another type."""
    kind = settable_fields().get(path)
    return typing.get_args(kind) if typing.get_origin(kind) is typing.Literal else None


def parse_assignment(text: str) -> Assignment:
    """`guardian.phone=138...` or `监护人电话=138...` as a path and a typed value."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(t("bad_set", text=text))
    fields = settable_fields()
    path = name.strip()
    if path == "class_name":
        path = "class"
    if path not in fields:
        path = field_for_label(path, [*fields, "class_name", *_CLEARABLE]) or path
        path = "class" if path == "class_name" else path
    if path in _CLEARABLE and raw.strip() == "":
        return Assignment((path,), None)  # `--set disability=` removes the whole block
    if path not in fields:
        fixed = fixed_paths()
        if path in fixed or path.split(".")[0] in fixed:
            raise UsageError(t("not_settable", field=name.strip()))
        raise UsageError(t("unknown_field", field=name.strip(),
                             fields=tuple(label(field) for field in fields)))
    return Assignment(tuple(path.split(".")), _convert(path, fields[path], raw.strip()))


def _convert(path: str, kind: Any, raw: str) -> Any:
    if raw == "":
        return None
    if kind is bool:
        lowered = raw.lower()
        if lowered in _YES:
            return True
        if lowered in _NO:
            return False
        raise UsageError(t("bad_bool", field=label(path), value=raw))
    if kind is date:
        parsed = parse_day(raw)
        if parsed is None:
            raise UsageError(t("bad_date_option", option=label(path), value=raw))
        return parsed
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise UsageError(t("v_type_int", field=label(path))) from None
    if typing.get_origin(kind) is list:
        return [item for item in _LIST_SPLIT.split(raw) if item]
    return cleaned(path, raw)  # a phone as typed -> as stored

