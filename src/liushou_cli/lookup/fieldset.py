"""`child edit --set FIELD=VALUE`: which fields can be set, and how a typed value is read.

A field is named by its path (guardian.phone) or by its printed label in either language
(监护人电话, "Guardian's phone"). The value is read by the field's type: yes/no for a flag,
a date as teachers write it, a list split on commas or 、, empty to clear the field.
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
from liushou_cli.core.model import Child
from liushou_cli.core.validators import parse_day
from liushou_cli.i18n import field_for_label, t

# Changed only through their own commands: the id names the file, status goes by `archive`,
# and the timeline is append-only (visit/talk/contact add); so is the support history
# (assign, child key-support, plan, iep, care).
_NOT_SETTABLE = {"id", "status", "status_date", "status_reason", "events", "key_support_history",
                 "conflicts",  # written by a merge (store/merge.py), settled by a person
                 "pairings", "learning_plans", "individual_plans", "care"}
# Whole blocks that may be cleared at once with an empty value.
_CLEARABLE = ("father", "mother", "guardian", "disability")
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


def settable_fields(model: type[BaseModel] = Child, prefix: str = "") -> dict[str, Any]:
    """Every settable dotted path (as written in the file) and its plain type."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if not prefix and name in _NOT_SETTABLE:
            continue
        key = prefix + _yaml_key(model, name)
        kind = _unwrap(info.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            fields.update(settable_fields(kind, key + "."))
        else:
            fields[key] = kind
    return fields


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
        if path.split(".")[0] in _NOT_SETTABLE:
            raise UsageError(t("not_settable", field=name.strip()))
        raise UsageError(t("unknown_field", field=name.strip(), fields=", ".join(fields)))
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
        raise UsageError(t("bad_bool", field=path, value=raw))
    if kind is date:
        parsed = parse_day(raw)
        if parsed is None:
            raise UsageError(t("bad_date_option", option=path, value=raw))
        return parsed
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise UsageError(t("v_type_int", field=path)) from None
    if typing.get_origin(kind) is list:
        return [item for item in _LIST_SPLIT.split(raw) if item]
    return raw

