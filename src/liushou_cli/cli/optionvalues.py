"""The values on a command line turned into what each command takes, without pydantic.

typer converts every option's text through a pydantic TypeAdapter built the first time the
option is read, and the first one imports pydantic: about 60 ms of a school's warm report,
which otherwise needs no pydantic at all. Our commands take seven kinds of value (text, a
flag, several texts, one word of a list, a path, a whole number within limits, a number);
`plain_values` gives each of their parameters a converter of its own that accepts and
refuses what typer's does (tests/test_optionvalues.py holds them side by side), except that
full-width digits (１２) are read as digits, a number that is not finite is refused, and an
underscore is a digit separator only between two digits, as Python writes it (pydantic also
takes 0__9, 0-1 or 1e_9, and a float's underscore beside a blank it refuses).
A parameter of any other kind keeps typer's. A refusal carries its reason in the shape
cli/clicktext.py turns into our words.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click import Command, Context
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam
from typer._param_types import coerce_cli_choice, coerce_cli_path
from typer.core import _TyperParameter
from typer.models import ParameterInfo

Convert = Callable[[Any], Any]

_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋－．", "0123456789+-.")
_WHOLE = re.compile(r"[+-]?\d(?:_?\d)*(?:\.0+)?", re.ASCII)
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


class Refused(ValueError):
    """A value its parameter does not take: its kind (`int_parsing`, `greater_than_equal`...),
    the value as given and the limit it broke, read by `errors()` as clicktext reads
    pydantic's."""

    def __init__(self, kind: str, value: Any, limits: dict[str, Any] | None = None) -> None:
        super().__init__(f"{value!r}: {kind}")
        self.kind = kind
        self.value = value
        self.limits = limits or {}

    def errors(self) -> list[dict[str, Any]]:
        return [{"type": self.kind, "input": self.value, "ctx": self.limits}]


@dataclass(frozen=True)
class PlainValue(RuntimeParam):
    """typer's per-parameter conversion, done by one of the functions below."""

    convert: Convert

    def _coerce_value(self, value: Any, param: Any, ctx: Context) -> Any:
        try:
            return self.convert(value)
        except Refused as refused:
            # click adds the parameter and its context as the error leaves the parameter.
            raise BadParameter(str(refused)) from refused


def plain_values(command: Command, ctx: Context) -> None:
    """Give each parameter of `command` (not of its subcommands), its help option included,
    whose kind is one of ours a converter that needs no pydantic; a typer that keeps its
    conversion elsewhere is left as it is (slower, not wrong)."""
    for param in (*command.params, command.get_help_option(ctx)):
        if not isinstance(param, _TyperParameter) or not hasattr(param, "_runtime_param"):
            continue
        if isinstance(getattr(param, "_runtime_param", None), PlainValue):
            continue
        descriptor = param.type_descriptor
        convert = converter(descriptor.annotation, descriptor.parameter_info)
        if convert is not None:
            param._runtime_param = PlainValue(parameter_info=descriptor.parameter_info,
                                              annotation=descriptor.annotation,
                                              convert=convert)


def converter(annotation: Any, info: ParameterInfo) -> Convert | None:
    """The converter for a parameter of this annotation and options, or None for a kind
    left to typer."""
    if (info.parser is not None or info.clamp
            or info.allow_dash or info.resolve_path or info.path_type is not None):
        return None
    if get_origin(annotation) is list:
        if get_args(annotation) != (str,):
            return None
        return lambda value: [_text(each) for each in value]
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation is int:
        return lambda value: _within(_whole(value), value, info)
    if annotation is float:
        return lambda value: _within(_number(value), value, info)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        choices = tuple(annotation)
        return lambda value: _choice(value, choices, info)
    if annotation is Path:
        return lambda value: _path(value, info)
    return None


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return os.fsdecode(value)
    return str(value)


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word == "" or word in _FALSE:
        return False
    if word in _TRUE:
        return True
    raise Refused("bool_parsing", value)


def _whole(value: Any) -> int:
    text = str(value).translate(_FULL_WIDTH).strip()
    if not _WHOLE.fullmatch(text):
        raise Refused("int_parsing", value)
    return int(text.split(".")[0])


def _number(value: Any) -> float:
    text = str(value).translate(_FULL_WIDTH).strip()
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    # float() takes any script's digits, typer only ASCII's; typer takes nan and inf, but
    # no sum of money is infinite.
    if not (text.isascii() and math.isfinite(number)):
        raise Refused("float_parsing", value)
    return number


def _within(number: Any, value: Any, info: ParameterInfo) -> Any:
    if info.min is not None and number < info.min:
        raise Refused("greater_than_equal", value, {"ge": info.min})
    if info.max is not None and number > info.max:
        raise Refused("less_than_equal", value, {"le": info.max})
    return number


def _choice(value: Any, choices: tuple[Enum, ...], info: ParameterInfo) -> Any:
    # No context is handed on: it would only matter to a command that normalizes its
    # tokens (click's token_normalize_func), and none of ours does.
    try:
        return coerce_cli_choice(value, choices=choices, case_sensitive=info.case_sensitive)
    except ValueError:
        raise Refused("value_error", value) from None


def _path(value: Any, info: ParameterInfo) -> Any:
    path = Path(value)
    try:
        # typer's own checks (a folder where a file must be...); click names the option.
        return coerce_cli_path(path, info, path_type=Path)
    except ValueError:  # a NUL in the name, which no command line can carry
        raise Refused("value_error", value) from None
