"""The word lists: names, places, the phrases teachers write. They are YAML files in words/
beside this module (UTF-8), read once each with liushou's own reader, and turned into the
typed values the other modules use; a file that does not hold what they expect says which."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from liushou_cli.store.yamlio import parse_mapping

FOLDER = Path(__file__).with_name("words")


class WordsError(ValueError):
    """A word list that does not hold what the generator expects."""


@functools.cache
def load(name: str) -> dict[str, Any]:
    """words/<name>.yaml as a mapping."""
    path = FOLDER / f"{name}.yaml"
    data = parse_mapping(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise WordsError(f"{path}:{data.line or 1}: {data.message}")
    return data


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise WordsError(f"not a text: {value!r}")
    return value


def number(value: Any) -> int:
    if type(value) is not int:
        raise WordsError(f"not a whole number: {value!r}")
    return value


def amount(value: Any) -> int | float:
    """A sum of money: 625, or 312.5 yuan."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WordsError(f"not an amount: {value!r}")
    return value


def texts(value: Any) -> tuple[str, ...]:
    """A list of texts (in their order: the draws depend on it)."""
    if not isinstance(value, list):
        raise WordsError(f"not a list of texts: {value!r}")
    return tuple(text(item) for item in value)


def mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise WordsError(f"not a mapping: {value!r}")
    return value


def weights(value: Any) -> tuple[tuple[str, int], ...]:
    """A mapping of texts to their weights, as (text, weight) pairs in the file's order."""
    return tuple((text(key), number(weight)) for key, weight in mapping(value).items())


def texts_by(value: Any) -> dict[str, tuple[str, ...]]:
    """A mapping of keys to lists of texts."""
    return {text(key): texts(items) for key, items in mapping(value).items()}


def texts_of(value: Any) -> dict[str, str]:
    """A mapping of keys to texts."""
    return {text(key): text(item) for key, item in mapping(value).items()}


def day(value: Any) -> date:
    """A date written as 2022-09-01 (the reader keeps dates as text)."""
    try:
        return date.fromisoformat(text(value))
    except ValueError:
        raise WordsError(f"not a date: {value!r}") from None
