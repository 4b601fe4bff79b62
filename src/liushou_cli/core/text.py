"""A user-facing sentence kept as a code: a key of the translation catalog (i18n/catalog.py)
and its parameters, put into words only when it is shown.

What a command finds in a file (a Problem) is kept like this, so that it means the same in
every output language and the cache keeps it once for all of them. A parameter is plain
(text, a number), another Message, a tuple (a list, joined as the language joins lists), or
one of the wrappers below for what reads differently in each language: a record field's
location (Label), a value as stored (Shown), a choice word the user must type (Choice).

core/ cannot import the catalog (i18n/ stands above it), so i18n hands its translator in when
it is loaded (`use_translator`); `translated` then gives a Message in the output language of
the moment. Everything here is frozen and hashable, and plain enough for the cache's codec.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Union

# A parameter's value. (Union, not |: the alias names classes defined below.)
Param = Union[str, int, float, bool, None, "Message", "Label", "Shown", "Choice",
              tuple["Param", ...]]


@dataclass(frozen=True)
class Message:
    """The catalog's `key` and its parameters as (name, value) pairs."""

    key: str
    params: tuple[tuple[str, Param], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: Param) -> Message:
        return cls(key, tuple(params.items()))


@dataclass(frozen=True)
class Label:
    """A record field's location in a file, ('guardian', 'phone') or ('events', 3, 'date'),
    shown as its label in the output language: 监护人电话, Guardian's phone."""

    loc: tuple[int | str, ...]

    @classmethod
    def of(cls, path: str) -> Label:
        """The label of a field path, 'proxy_parent' or 'pairings.staff'."""
        return cls(tuple(path.split(".")))


@dataclass(frozen=True)
class Shown:
    """A value as stored in a file, shown as i18n.show shows it (是/否 as yes/no, a choice
    word in English). Any value but a boolean or None is kept as its text: that is all
    showing it reads."""

    value: str | bool | None

    @classmethod
    def of(cls, value: object) -> Shown:
        return cls(value if value is None or isinstance(value, str | bool) else str(value))


@dataclass(frozen=True)
class Choice:
    """A choice word as the user must type it (the Chinese word of the forms), glossed in
    English output: 双亲外出 (both parents away)."""

    word: str


def _untranslated(message: Message) -> str:
    return message.key  # only before i18n is loaded, which every command loads first


_translator: list[Callable[[Message], str]] = [_untranslated]


def use_translator(translate: Callable[[Message], str]) -> None:
    """Set how a Message is put into words (i18n does, as it loads)."""
    _translator[0] = translate


def translated(message: Message) -> str:
    """`message` in the output language of the moment."""
    return _translator[0](message)
