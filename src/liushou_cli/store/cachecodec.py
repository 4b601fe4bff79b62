"""The values the cache keeps (problems, derived rows and facts), as JSON: reading them back
can build nothing but plain data, where unpickling a planted file can run any code.

Plain JSON values (None, bool, int, float, str, list, dict with text keys) are stored as they
are. The few other types the cache holds are tagged objects, `{"$": tag, "v": payload}`:
tuples, dates, and the NamedTuples and dataclasses of our own code that were registered here
(`register`). A tag is looked up in that fixed registry; a tag it does not hold, or a payload
of the wrong shape, is `Undecodable` (the caller treats it as a cache miss). Nothing read from
the file ever names a module, a function or an attribute.

A tagged node carries `"w": 1` when its payload holds tagged nodes too; otherwise its payload
is plain and taken as it is, so reading a child's duty rows costs a few steps, not a walk
over every value in them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from liushou_cli.core.errors import Problem
from liushou_cli.core.text import Choice, Label, Message, Shown

TAG = "$"
_SCALARS = frozenset({str, int, float, bool, type(None)})
_TEXT = frozenset({str})

T = TypeVar("T")

# tag -> (the class, how to turn one into its fields)
_REGISTRY: dict[str, tuple[type, Callable[[Any], list[Any]]]] = {}
# tag -> how to build one from its decoded fields: the class, or its `from_cache`
_BUILDERS: dict[str, Callable[..., Any]] = {}
_TAGS: dict[type, str] = {}
_BUILT_IN = ("tuple", "list", "dict", "date")


class Undecodable(ValueError):
    """Stored data that is not what this code wrote (damaged, foreign, or from other code)."""


def register(cls: type[T]) -> type[T]:
    """Let the cache keep values of `cls`, a NamedTuple or a dataclass of plain fields (a
    class decorator). The tag is the class's name; two classes may not share one. A class
    with a `from_cache` classmethod is built by it from its decoded fields (to share the
    texts many values repeat, say); others by the class itself. A class with a `to_cache`
    method is kept as the fields it gives (values of other kept classes given as their own
    fields, so that the payload is plain and read in one step); its `from_cache` takes
    them back."""
    name = cls.__name__
    if name in _BUILT_IN or _REGISTRY.get(name, (cls,))[0] is not cls:
        raise ValueError(f"cache tag {name!r} is taken")
    to_cache = getattr(cls, "to_cache", None)
    if to_cache is not None:
        _REGISTRY[name] = (cls, to_cache)
    elif issubclass(cls, tuple) and hasattr(cls, "_fields"):
        _REGISTRY[name] = (cls, list)
    elif dataclasses.is_dataclass(cls):
        names = [field.name for field in dataclasses.fields(cls)]
        _REGISTRY[name] = (cls, lambda value: [getattr(value, attr) for attr in names])
    else:
        raise TypeError(f"{name}: only NamedTuples and dataclasses can be cached")
    _TAGS[cls] = name
    _BUILDERS[name] = getattr(cls, "from_cache", cls)
    return cls


for _kept in (Problem, Message, Label, Shown, Choice):  # a problem and its message's parts
    register(_kept)


def encode(value: Any) -> Any:
    """`value` as plain JSON data; TypeError for a type the cache cannot keep."""
    return _encode(value)[0]


def _encode(value: Any) -> tuple[Any, bool]:
    """The encoded value, and whether it is plain (holds no tagged node)."""
    kind = type(value)
    if kind in _SCALARS:
        return value, True
    if kind is dict:
        if TAG not in value and _TEXT.issuperset(map(type, value)):
            if _SCALARS.issuperset(map(type, value.values())):
                return value, True  # the common case: a row of plain values
            pairs = {key: _encode(item) for key, item in value.items()}
            if all(plain for _, plain in pairs.values()):
                return {key: item for key, (item, _) in pairs.items()}, True
        items = [_encode([key, item]) for key, item in value.items()]
        return _node("dict", items), False
    if kind is list:
        if _SCALARS.issuperset(map(type, value)):
            return value, True  # the common case: a row of plain values
        items = [_encode(item) for item in value]
        if all(plain for _, plain in items):
            return [item for item, _ in items], True
        return _node("list", items), False
    if kind is tuple:
        return _node("tuple", [_encode(item) for item in value]), False
    if kind is date:
        return {TAG: "date", "v": value.isoformat()}, False
    tag = _TAGS.get(kind)
    if tag is None:
        raise TypeError(f"the cache cannot keep a {kind.__name__}")
    return _node(tag, [_encode(item) for item in _REGISTRY[tag][1](value)]), False


def _node(tag: str, items: list[tuple[Any, bool]]) -> dict[str, Any]:
    node: dict[str, Any] = {TAG: tag, "v": [item for item, _ in items]}
    if not all(plain for _, plain in items):
        node["w"] = 1
    return node


def decode(data: Any) -> Any:
    """What `encode` was given; Undecodable if `data` is not something it makes."""
    try:
        return _decode(data)
    except Undecodable:
        raise
    except (TypeError, ValueError, LookupError, RecursionError) as error:
        raise Undecodable(str(error)) from None


def split_node(encoded: Any) -> tuple[str | None, Any]:
    """What `encode` made, as a tag and its payload when it is a tagged node whose payload
    holds no tagged node (a derived value's usual form), else (None, encoded): a file that
    keeps many values keeps each without the JSON object around it (store.snapshot: 13 ms
    of parsing a county's 20,000)."""
    if type(encoded) is dict and TAG in encoded and "w" not in encoded:
        return encoded[TAG], encoded["v"]
    return None, encoded


def decode_split(tag: Any, payload: Any) -> Any:
    """What `split_node` was given, from the two parts it made; Undecodable if they are not
    parts it makes."""
    build = _BUILDERS.get(tag) if type(tag) is str else None
    if build is None or type(payload) is not list:
        return decode(payload if tag is None else {TAG: tag, "v": payload})
    # A kept class's node, the usual line of a snapshot: built as `_decode` builds it (its
    # payload holds no tagged node), without the node made around it to be taken apart
    # again (a county's 20,380 lines, 12 ms of a warm report's 0.48 s).
    try:
        return build(*payload)
    except (TypeError, ValueError, LookupError, RecursionError) as error:
        raise Undecodable(str(error)) from None


def _decode(data: Any) -> Any:
    if type(data) is not dict or TAG not in data:
        return data  # plain: nothing in it is tagged
    tag, payload = data[TAG], data["v"]
    if tag == "date":
        if type(payload) is not str:
            raise Undecodable("date")
        return date.fromisoformat(payload)
    if type(payload) is not list:
        raise Undecodable(f"{tag}: not a list")
    items = ([_decode(item) if type(item) is dict else item for item in payload]
             if data.get("w") == 1 else payload)
    if tag == "tuple":
        return tuple(items)
    if tag == "list":
        return items
    if tag == "dict":
        if not all(type(pair) is list and len(pair) == 2 for pair in items):
            raise Undecodable("dict: not a list of pairs")
        return dict(items)
    build = _BUILDERS.get(tag) if type(tag) is str else None
    if build is None:
        raise Undecodable(f"unknown tag {tag!r}")
    return build(*items)
