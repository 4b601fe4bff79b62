"""New YAML files in the house style, written directly: the bytes that the round-trip dumper
gives for the same plain data (`dump_round_trip(to_commented(data))`), about 60x faster.

New files are written here (a child added or imported, an activity, a file the tool creates,
the example generator's thousands of files); changes to existing files go through the round
trip, which keeps their comments and layout (edit.py). The fast path knows the house style
of what records hold: text, whole numbers, amounts, dates, booleans, flow lists of those,
nested mappings and block lists of mappings. Anything else is left to ruamel: a string no
rule below covers is rendered by ruamel alone (and remembered); what ruamel writes
differently where it stands (a line long enough to be folded, an empty mapping, a key that
is not plain text, a type the rules do not know) sends the whole document through ruamel.
The result is therefore ruamel's, byte for byte; tests hold the two equal on the example
school and on random and tricky data (tests/test_yaml_writing.py).
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any

from liushou_cli.store.yamlio import YAML_WIDTH, dump_round_trip, needs_quotes, to_commented

# Text that ruamel writes plain wherever it stands: a Chinese character first (no YAML
# indicator, nothing a reader takes for a number or a date), then no space, colon, '#' or quote.
_PLAIN = ("[\u4e00-\u9fff\u3001\u3002\u201c\u201d\u00b7]"
          "[\u4e00-\u9fff\u3001\u3002\u201c\u201d\u00b7A-Za-z0-9,;()!?.%\\-]*")
_PLAIN_TEXT = re.compile(_PLAIN)
_DIGITS_ONLY = re.compile("[0-9]+")  # a phone number, a student number: quoted ('0739...')
# Written plain: a landline (0739-2345678), a staff id (T001), an ID number ending in X.
_VERBATIM = re.compile("0[0-9]{2,3}-[0-9]{7,8}|T[0-9]+|[0-9]{17}X")
# A field's name as a key, or a census figure's (guardianship:较好).
_NAME = re.compile(f"[A-Za-z_][A-Za-z0-9_]*(?::{_PLAIN})?")
_AMOUNT = re.compile("-?[0-9]+\\.[0-9]+")      # repr of a float such as 312.5
_LONGEST_KEY = 100                            # ruamel writes a key of 128 characters as '? key'
_LONGEST_LINE = YAML_WIDTH // 2               # ruamel folds only past YAML_WIDTH


class _Unknown(Exception):
    """Something the fast path may not write as ruamel would: the document goes to ruamel."""


def house_text(data: dict[str, Any]) -> str:
    """`data` as a new YAML file in the house style: mapping indent 2, block lists of
    mappings with the dash at 2 and the keys at 4, lists of plain values in flow style
    (`roles: [班主任, 任课教师]`), None and empty lists and mappings left out, a string
    that would read as something else in single quotes. Exactly the text of
    `dump_round_trip(to_commented(data))`, which it falls back to for what it does not know."""
    out: list[str] = []
    try:
        _emit_mapping(data, 0, out, "")
    except _Unknown:
        return dump_round_trip(to_commented(data))
    # ruamel folds a line only past YAML_WIDTH, where depends on the line's column: a line
    # under half of it is never folded. A string folded on its own (_ruamel_scalar) is longer.
    if any(len(line) > _LONGEST_LINE for line in out):
        return dump_round_trip(to_commented(data))
    return "".join(out)


def _emit_mapping(mapping: dict[str, Any], indent: int, out: list[str], first_prefix: str) -> None:
    """The lines of `mapping` at `indent`; the first one starts with `first_prefix` (the
    dash of a list item) instead of the indent. What to_commented leaves out (None, [], {})
    is left out; a mapping left with nothing is written `{}` by ruamel, not here."""
    pad = " " * indent
    prefix = first_prefix
    written = len(out)
    for key, value in mapping.items():
        if value is None or value == [] or value == {}:
            continue
        lead = prefix or pad
        prefix = ""
        if type(key) is not str or not _plain_key(key):
            raise _Unknown
        if isinstance(value, dict):
            out.append(f"{lead}{key}:\n")
            _emit_mapping(value, indent + 2, out, "")
        elif isinstance(value, list):
            if any(isinstance(item, dict | list) for item in value):
                out.append(f"{lead}{key}:\n")
                for item in value:
                    if not isinstance(item, dict):
                        raise _Unknown            # a list in a list, a value among mappings
                    _emit_mapping(item, indent + 4, out, f"{pad}  - ")
            else:
                items = ", ".join(_scalar(item, flow=True) for item in value)
                out.append(f"{lead}{key}: [{items}]\n")
        else:
            out.append(f"{lead}{key}: {_scalar(value, flow=False)}\n")
    if len(out) == written:
        raise _Unknown


@functools.lru_cache(maxsize=1024)
def _plain_key(key: str) -> bool:
    """True if ruamel writes `key` as it is (a field's name, a class, a census figure)."""
    if len(key) > _LONGEST_KEY:
        return False
    return bool((_NAME.fullmatch(key) and not needs_quotes(key)) or _PLAIN_TEXT.fullmatch(key))


def _scalar(value: Any, flow: bool) -> str:
    """How ruamel writes `value` as a mapping's value (or, `flow`, as an item of a flow list)."""
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float and _AMOUNT.fullmatch(repr(value)):
        return repr(value)
    if kind is date:
        return str(value.isoformat())
    if kind is not str:
        raise _Unknown                            # None in a list, a datetime, a tuple, ...
    if _PLAIN_TEXT.fullmatch(value) and not (flow and "," in value):
        return str(value)
    if _DIGITS_ONLY.fullmatch(value):
        return f"'{value}'"
    if _VERBATIM.fullmatch(value):
        return str(value)
    return _ruamel_scalar(value, flow)


@functools.lru_cache(maxsize=4096)
def _ruamel_scalar(text: str, flow: bool) -> str:
    """How ruamel writes `text` on its own (the slow, sure way), for strings no rule covers."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if flow:
        sequence = CommentedSeq([text])
        sequence.fa.set_flow_style()
        return dump_round_trip(CommentedMap(k=sequence))[4:-2]      # k: [value]\n
    return dump_round_trip(CommentedMap(k=text))[3:-1]              # k: value\n
