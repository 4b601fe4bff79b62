"""YAML text in and out: the fast safe parser for reading, the round-trip one for editing, and
the map from a field's path to the line it stands on.

Reading uses PyYAML's C loader (libyaml), measured 3x faster than ruamel's C safe loader on
the same files (docs/performance.md), with the YAML 1.2 core schema that ruamel uses: only
true/false are booleans, numbers are decimal (no octal), and dates stay text, so that a wrong
date reaches the model and gets the same located message as any other bad value. Duplicate
keys are errors. Editing and line numbers use ruamel (round-trip keeps comments and layout).
Round-trip dumping keeps the house style (mapping indent 2, sequence items at 4 with the dash
at 2) so that unchanged lines stay byte-identical; files in another indentation keep theirs.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml as pyyaml

from liushou_cli.core.text import Message
from liushou_cli.i18n import say

if TYPE_CHECKING:  # ruamel is imported where it is used: a report that reads only never needs it
    from ruamel.yaml import YAML

YAML_WIDTH = 4096  # never fold a long line of Chinese text


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"

_BaseLoader: Any = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)  # C unless libyaml is absent


class _FastLoader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader with the YAML 1.2 core schema and duplicate keys refused."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = key_node.value if isinstance(key_node, pyyaml.ScalarNode) else id(key_node)
            if key in seen:
                raise pyyaml.constructor.ConstructorError(
                    None, None, f'found duplicate key "{key}"', key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


_FastLoader.yaml_implicit_resolvers = {}
# An integer written with leading zeros (a student number 0012345, a landline 07391234567)
# is read as the text it is: YAML's core schema makes it the number 12345, which drops the
# zeros without a word, and no count or amount in our files is written so (a number field
# given "08" takes it as 8 all the same).
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$", "-+.0123456789"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _FastLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern),
                                      list(_first))
_IMPLICIT: dict[Any, list[tuple[str, Any]]] = _FastLoader.yaml_implicit_resolvers


def _resolve(self: Any, kind: Any, value: Any, implicit: Any) -> str:
    """PyYAML's resolve, for this loader's resolvers only (it has no path resolvers): the
    composer calls it for every node, and the general one was a quarter of a file's parse."""
    if kind is pyyaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1] if value else "", ()):
                if regexp.match(value):
                    return tag
        return _STR
    return _SEQ if kind is pyyaml.SequenceNode else _MAP


def _no_path(self: Any, *args: Any) -> None:
    return None


_FastLoader.resolve = _resolve
_FastLoader.descend_resolver = _no_path
_FastLoader.ascend_resolver = _no_path
# Decimal only: '0739' is 739, as in YAML 1.2, never an octal number.
_FastLoader.add_constructor("tag:yaml.org,2002:int",
                            lambda loader, node: int(loader.construct_scalar(node)))
# A tagged !!timestamp still stays text.
_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)


@dataclass(frozen=True)
class ParseFailure:
    """Why a text could not be read as a YAML mapping (as a code: a Problem keeps it), and
    on which line (1-based)."""

    code: str
    text: Message
    line: int | None

    @property
    def message(self) -> str:
        return say(self.text)


# What PyYAML says -> the catalog's hint for the teacher who made the mistake.
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    ("'\\t'", "yaml_hint_tab"),
    ("tab character", "yaml_hint_tab"),
    ("could not find expected ':'", "yaml_hint_colon_missing"),
    ("mapping values are not allowed", "yaml_hint_colon_here"),
    ("did not find expected key", "yaml_hint_indent"),
    ("did not find expected '-'", "yaml_hint_indent"),
    ("found unexpected end of stream", "yaml_hint_not_closed"),
    ("did not find expected ',' or ']'", "yaml_hint_bracket"),
    ("did not find expected ',' or '}'", "yaml_hint_brace"),
    ("found undefined alias", "yaml_hint_alias"),
    ("expected <block end>", "yaml_hint_indent"),
    ("maximum nesting depth", "yaml_hint_too_deep"),
)


def decode(raw: bytes) -> str | ParseFailure:
    """Bytes of a file as text, or why they are not UTF-8 YAML text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: Notepad's "Unicode"
        return ParseFailure("encoding", Message("utf16_file"), None)
    if b"\x00" in raw:
        return ParseFailure("binary", Message("binary_file"), None)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return ParseFailure("encoding", Message("not_utf8"), raw[: error.start].count(b"\n") + 1)
    if not text.strip():
        return ParseFailure("empty", Message("empty_file"), None)
    return text


def parse_mapping(text: str) -> dict[str, Any] | ParseFailure:
    """The text's top-level mapping, parsed fast; or a located failure, never an exception."""
    try:
        data = _load(text)
    except pyyaml.MarkedYAMLError as error:
        match = re.search(r'duplicate key "([^"]*)"', str(error.problem))
        if match:
            return ParseFailure("duplicate_key", Message.of("yaml_duplicate_key", key=match.group(1)),
                                _mark_line(error))
        wide = _full_width_colon(text)
        if wide is not None:  # gender：男, typed with a Chinese input method
            return ParseFailure("syntax", Message.of("yaml_syntax",
                                                     detail=Message("yaml_hint_full_width_colon")),
                                wide)
        line = _mark_line(error)
        return ParseFailure("syntax", Message.of("yaml_syntax",
                                                 detail=_syntax_detail(error, text, line)),
                            line)
    except RecursionError:
        return ParseFailure("too_deep", Message("yaml_too_deep"), None)
    except (pyyaml.YAMLError, ValueError, TypeError, OverflowError) as error:
        return ParseFailure("unreadable", Message.of("unreadable", detail=_first_line(error)), None)
    if not isinstance(data, dict):
        return ParseFailure("not_mapping", Message("not_a_mapping"), 1)
    # Anchors and aliases can make a small file expand without bound ("billion laughs");
    # only a file that has an anchor pays for the count.
    if "&" in text and _expands_beyond(data, MAX_NODES):
        return ParseFailure("too_big", Message("yaml_too_big"), None)
    return data


MAX_NODES = 100_000


def _load(text: str) -> Any:
    """libyaml composes the node tree in C; the tree becomes Python values here, in one
    plain recursive walk, which takes half the time of PyYAML's general constructor. Files
    with anything that walk does not know (anchors, explicit or unusual tags, merge keys,
    floats, keys that are not text) go through PyYAML's safe constructor as before, so the
    result is the same either way (a test holds that both agree)."""
    if "&" not in text:
        loader = _FastLoader(text)
        try:
            return _value(loader.get_single_node())
        except _Unusual:
            pass
        finally:
            loader.dispose()
    return pyyaml.load(text, Loader=_FastLoader)  # a safe loader: plain data only


class _Unusual(Exception):
    """A node the plain walk leaves to PyYAML's constructor."""




def _value(node: Any) -> Any:
    if node is None:
        return None
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _MAP:
        mapping: dict[Any, Any] = {}
        seen: set[str] = set()  # keys as written, as _FastLoader.construct_mapping compares them
        for key_node, value_node in node.value:
            if key_node.tag not in (_STR, _INT):
                raise _Unusual
            if key_node.value in seen:
                raise pyyaml.constructor.ConstructorError(
                    None, None, f'found duplicate key "{key_node.value}"', key_node.start_mark)
            seen.add(key_node.value)
            mapping[_value(key_node)] = _value(value_node)
        return mapping
    if tag == _SEQ:
        return [_value(item) for item in node.value]
    if tag == _INT:
        return int(node.value)
    if tag == _BOOL:
        lowered = node.value.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise _Unusual
    if tag == _NULL:
        return None
    raise _Unusual


def _expands_beyond(data: Any, budget: int) -> bool:
    """True if walking `data` (aliases followed) visits more than `budget` values."""
    stack = [data]
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > budget:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
            stack.extend(item.keys())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _mark_line(error: pyyaml.MarkedYAMLError) -> int | None:
    mark = error.problem_mark or error.context_mark
    return mark.line + 1 if mark is not None else None


# A key followed by a full-width colon: `gender：男`, `- date：2022-09-01`.
_WIDE_COLON = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"：]+\s*：")


def _full_width_colon(text: str) -> int | None:
    """The first line (1-based) whose key ends in a full-width colon, if any."""
    for number, line in enumerate(text.splitlines(), 1):
        if _WIDE_COLON.match(line):
            return number
    return None


def _more_indented(text: str, line: int | None) -> bool:
    """Is `line` (1-based) indented deeper than the line of a plain `key: value` above it?
    Such a line cannot belong to that key: PyYAML says "mapping values are not allowed
    here", the teacher needs to hear "indentation"."""
    lines = text.splitlines()
    if line is None or not 1 < line <= len(lines):
        return False
    here = lines[line - 1]
    for above in reversed(lines[:line - 1]):
        if above.strip() and not above.lstrip().startswith("#"):
            indent = len(above) - len(above.lstrip())
            holds_value = bool(re.match(r"^\s*(?:-\s+)?[^\s:#]+:\s+[^\s#]", above))
            return holds_value and len(here) - len(here.lstrip()) > indent
    return False


def _syntax_detail(error: pyyaml.MarkedYAMLError, text: str, line: int | None) -> Message:
    """Our hint for PyYAML's complaint, or its own words when we have none."""
    problem = str(error.problem or error.context or "")
    if "mapping values are not allowed" in problem and _more_indented(text, line):
        return Message("yaml_hint_indent")
    for needle, key in _SYNTAX_HINTS:
        if needle in problem:
            return Message(key)
    return Message("yaml_hint_other")  # PyYAML's own words are English


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


def line_in_file(path: Path, loc: tuple[int | str, ...]) -> int | None:
    """line_of in the file at `path` as it is now; None when it cannot be read."""
    try:
        return line_of(path.read_text(encoding="utf-8-sig"), loc)
    except (OSError, UnicodeDecodeError):
        return None


def line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the deepest node along `loc` (a pydantic error location).

    For a missing field this is the line of the mapping that lacks it; for an unknown key,
    the key itself. Composing builds nodes only, so it works on files with bad values too.
    """
    from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

    node: Node | None = _composed(text)
    if node is None:
        return None
    line: int = node.start_mark.line + 1
    for part in loc:
        found: Node | None = None
        if isinstance(node, MappingNode) and isinstance(part, str):
            for key_node, value_node in node.value:
                if str(key_node.value) == part:
                    line = int(key_node.start_mark.line) + 1
                    found = value_node
                    break
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            found = node.value[part]
            line = int(found.start_mark.line) + 1
        if found is None:
            break
        node = found
    return line


@functools.lru_cache(maxsize=8)
def _composed(text: str) -> Any:
    """The node tree of `text` (None if it does not compose). Kept for the last few texts:
    check asks for the lines of many problems of one file in a row, and composing in pure
    Python is the slow part (a folder whose staff.yaml is broken has thousands)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe", pure=True).compose(text)
    except (YAMLError, RecursionError, ValueError):
        return None


# ---- what a writer must quote ------------------------------------------------------------------
# Words that YAML 1.1 readers (PyYAML's default, many other tools) take for booleans or null,
# in any case: quoting one that is really text costs nothing.
_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})
# Numbers in any YAML version: 0739, 0o17, 0x1f, 0b101, 1_000, 1e3, .5, .inf, .nan; and
# times, which YAML 1.1 reads as base-60 numbers (12:30 is 750).
_NUMBER = re.compile(r"""[-+]?(?:
      [0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
    | \.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?
    | 0[box][0-9a-fA-F_]+
    | [0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    | \.(?:inf|nan)
)""", re.VERBOSE | re.IGNORECASE)
# The first characters of every form above and of every YAML 1.1 and 1.2 implicit type.
_CAN_START = frozenset("yYnNoOtTfF~<=-+.0123456789")
_V11: Any = pyyaml.resolver.Resolver()  # PyYAML's own resolvers: YAML 1.1, dates included


def needs_quotes(text: str) -> bool:
    """True when `text`, written plain, would be read back as something else (a boolean,
    null, a number, a date) by some YAML reader: YAML 1.1 (PyYAML's default), YAML 1.2
    (ruamel, this tool's own reader) or one that ignores case. Every writer of the tool
    quotes such a string, so that a file reads the same everywhere."""
    if not text:
        return True
    if text[0] not in _CAN_START:  # 王桂兰, class, 七(1)班: most strings, decided at once
        return False
    if text.lower() in _WORDS or _NUMBER.fullmatch(text):
        return True
    implicit = (True, False)
    return (_V11.resolve(pyyaml.ScalarNode, text, implicit) != _STR
            or _resolve(None, pyyaml.ScalarNode, text, implicit) != _STR)


# ---- round trip --------------------------------------------------------------------------------
_SEQ_ITEM = re.compile(r"^( *)- ")
_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")


def _guess_sequence_offset(text: str) -> int:
    """How far a block sequence's dash sits right of its key (2 in the house style)."""
    previous = ""
    for line in text.splitlines():
        item = _SEQ_ITEM.match(line)
        key = _KEY_LINE.match(previous)
        if item and key:
            return max(0, len(item.group(1)) - len(key.group(1)))
        if line.strip() and not line.lstrip().startswith("#"):
            previous = line
    return 2


def round_trip_yaml(text: str | None = None) -> YAML:
    """A round-trip YAML in the house style, or in the sequence style `text` already uses."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Representer = _representer()
    yaml.preserve_quotes = True
    yaml.width = YAML_WIDTH
    offset = 2 if text is None else _guess_sequence_offset(text)
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    # Never write anchors: a guardian who is also the mother shares a date object with her,
    # and a teacher must not find `&id001` in a child's file.
    yaml.representer.ignore_aliases = lambda *_: True
    return yaml


_REPRESENTER: Any = None


def _representer() -> Any:
    """ruamel's round-trip representer, but a plain string that needs_quotes is written in
    single quotes, the house style of quoted values ('13812345678')."""
    global _REPRESENTER
    if _REPRESENTER is None:
        from ruamel.yaml.representer import RoundTripRepresenter

        class Representer(RoundTripRepresenter):
            pass

        def represent_str(self: Any, data: str) -> Any:
            if needs_quotes(data):
                return self.represent_scalar(_STR, data, style="'")
            return RoundTripRepresenter.represent_str(self, data)

        Representer.add_representer(str, represent_str)
        _REPRESENTER = Representer
    return _REPRESENTER


def to_commented(value: Any) -> Any:
    """Plain data (dicts, lists, scalars) as round-trip nodes in the house style: None and
    empty lists and mappings left out of a mapping, a list of plain values in flow style
    (`roles: [班主任, 任课教师]` reads best on one line), a list of mappings in block style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            if item is None or item == [] or item == {}:
                continue
            mapping[key] = to_commented(item)
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(to_commented(item) for item in value)
        if not any(isinstance(item, dict | list) for item in value):
            sequence.fa.set_flow_style()
        return sequence
    return value


def load_round_trip(text: str) -> Any:
    return round_trip_yaml(text).load(text)


def dump_round_trip(data: Any, like: str | None = None) -> str:
    """YAML text for `data`; with `like`, in that text's style and line endings."""
    stream = io.StringIO()
    round_trip_yaml(like).dump(data, stream)
    out = stream.getvalue()
    if like is not None and "\r\n" in like:
        out = out.replace("\r\n", "\n").replace("\n", "\r\n")
    return out
