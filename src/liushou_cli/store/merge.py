"""Three-way merge of our YAML files by what they mean: the core of git's merge driver
(`liushou-merge-driver`, mergedriver.py), pure text in and text out.

Two copies of a data folder changed the same file since their common version (`base`). Git
merges lines; this merges records:

- entries added on either side all survive, each once, in date order (stable). A list of
  records with an identity merges by it (staff by id, a pairing by role, helper and start,
  a learning plan by subject, teacher and start...: `_KEYS`); a record both sides changed
  is merged field by field. A list of dated entries without one (visits, talks, contacts,
  census checks, plan checks, iep reviews, the key-support history) merges as a three-way
  multiset: removed on one side is removed, added on either is added, the same entry added
  on both sides (synced twice by copying) is kept once. A list of plain words
  (economic_sources, roles, leads) merges as a three-way set keeping its order.
- changes to different fields of one record, at any depth, all apply.
- a field changed to two different values (or removed on one side and changed on the other)
  is a real conflict: the file keeps OUR value (git runs the driver on the checked-out side,
  so ours is what the person merging has been working with) and the conflict, with both
  values and, when known, who changed each and when, goes into the file's `conflicts:` list
  (first in the file, where it is seen), which the model loads (core.model.Conflict).
  Never git's conflict markers. (Under `git pull --rebase`, git's ours is what was already
  shared and theirs the commit being replayed.)

The result starts from OUR document as ruamel round-trip loads it and gets THEIR changes, so
comments and layout survive, and a file changed on both sides only by additions reads as if
`liushou visit add` had added each entry (the same round trip and representer: yamlio).
Merging a file with itself gives it back unchanged; when one side did not change the file,
the other side's text comes back byte for byte. A side that cannot be read (broken YAML, not
a mapping) or a merged record the model refuses is a failure with a reason, never a silent
choice: the driver then leaves the file to git's ordinary textual conflict.

The model is asked only where it must be (store/mergecheck.py, which imports pydantic and
costs a driver run about 0.3 s): when the two sides' changes meet inside one record (`mixed`:
a mapping in which each side changed some field, a list of entries losing one counting as a
field) or a conflict is recorded. Otherwise every record of the result is one a side already
validated, whole, beside entries added to lists (an entry's rules are its own: no rule of
core.model reads a list of records together with another field). This module and the driver
import neither pydantic nor the models.

Values are compared as the YAML means them (key order, quoting and comments do not count),
and a key absent, empty (`[]`, `{}`) or null are the same thing, as they are to the model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from liushou_cli.core.validators import parse_day
from liushou_cli.i18n import t
from liushou_cli.store.yamlio import (
    ParseFailure,
    dump_round_trip,
    load_round_trip,
    parse_mapping,
    to_commented,
)

# What a file is, from its path in the folder (its model: store/mergecheck.py's MODELS).
_DIRECTORIES = {"children": "child", "censuses": "census", "activities": "activity"}
_FILES = {"staff.yaml": "staff", "liushou.yaml": "config"}

# The identity of the records in a list, by the list's key: the fields that never change
# once the record is written (what changes is an end date, a follow-up, checks added).
_KEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "child": {"pairings": ("role", "staff", "buddy", "date"),
              "learning_plans": ("subject", "teacher", "date"),
              "individual_plans": ("flagged",),
              "care": ("type", "date", "what", "policy"),
              # an incident by its id; its steps (no identity) merge as entries, so both
              # sides' steps survive
              "incidents": ("id",)},
    "staff": {"staff": ("id",)},
    "config": {"terms": ("name",), "duties": ("id",), "care_themes": ("year",)},
    "census": {},
    "activity": {},
}


def lists_with_identity(kind: str) -> dict[str, tuple[str, ...]]:
    """Every list of a file of `kind` ("child", "staff"...) whose records are told apart,
    with the fields that tell them apart: two records alike in them are one to a merge."""
    return dict(_KEYS[kind])


def identity_of(record: object, fields: tuple[str, ...]) -> tuple[object, ...]:
    """A loaded record's values of `fields` (lists_with_identity's), a field it lacks None."""
    return tuple(getattr(record, name, None) for name in fields)


# The field that dates a record, for its place among the others (the first one present).
_DATE_FIELDS = ("date", "flagged", "start")
CONFLICTS = "conflicts"


class _Missing:
    """A key a side does not have (or holds empty: null, [] or {}, which mean the same)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class MergeContext:
    """What the merge knows beyond the three texts: the day records are validated on, the
    file's path (for messages), and who made each side's last change to the file and when
    (from git; None when not known). `authors`, when given, finds those four only when a
    conflict needs them (the driver asks git, two processes a file otherwise)."""

    today: date
    path: str = ""
    ours_by: str | None = None
    ours_date: date | None = None
    theirs_by: str | None = None
    theirs_date: date | None = None
    authors: Callable[[], tuple[str | None, date | None, str | None, date | None]] | None = \
        field(default=None, compare=False)
    # git's line merge of the three versions (`git merge-file`), asked only when the merge by
    # meaning would drop a comment their side wrote: its text when it merged without
    # conflict markers, else None.
    line_merge: Callable[[], str | None] | None = field(default=None, compare=False)

    def resolved(self) -> MergeContext:
        """The context with who changed each side and when filled in by `authors`."""
        if self.authors is None:
            return self
        ours_by, ours_date, theirs_by, theirs_date = self.authors()
        return replace(self, ours_by=ours_by, ours_date=ours_date, theirs_by=theirs_by,
                       theirs_date=theirs_date, authors=None)


@dataclass(frozen=True)
class FieldConflict:
    """A field the two sides changed differently: its path in the file (`guardian.phone`,
    `staff[T005].phone`, `pairings[代理家长 T005 2022-09-15].ended`) and each side's value
    (MISSING: that side removed it)."""

    field: str
    ours: Any
    theirs: Any

    def record(self, context: MergeContext) -> dict[str, Any]:
        """The entry written into the file's `conflicts:` list."""
        return {"field": self.field,
                "ours": _side(self.ours, context.ours_by, context.ours_date),
                "theirs": _side(self.theirs, context.theirs_by, context.theirs_date)}


def _side(value: Any, by: str | None, day: date | None) -> dict[str, Any]:
    kept: dict[str, Any] = {"removed": True} if value is MISSING else {"value": value}
    return {**kept, "by": by, "date": day}


@dataclass(frozen=True)
class MergeResult:
    """The merged text and the real conflicts recorded in it; or, when the files could not
    be merged by meaning, `text` None and the reason in `failure`."""

    text: str | None
    conflicts: tuple[FieldConflict, ...] = ()
    failure: str | None = None

    @property
    def ok(self) -> bool:
        return self.text is not None


def kind_of(path: str) -> str | None:
    """The kind of a data folder's file from its path (as git gives it, relative to the
    repository, so the folder may be anywhere in it); None for a file that is not ours."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if not parts or not parts[-1].endswith(".yaml") or parts[-1].startswith("."):
        return None
    if len(parts) >= 2 and parts[-2] in _DIRECTORIES:
        return _DIRECTORIES[parts[-2]]
    return _FILES.get(parts[-1])


def merge_documents(base: str, ours: str, theirs: str, kind: str,
                    context: MergeContext) -> MergeResult:
    """The three-way merge of one file's three versions (texts, without a BOM); `kind` is
    one of _KEYS (kind_of gives it from the path). An empty `base` is a file both sides
    added."""
    if ours == theirs or base == theirs:
        return MergeResult(ours)
    if base == ours:
        return MergeResult(theirs)
    appended = _appended(base, ours, theirs, kind)
    if appended is not None:
        return MergeResult(appended)
    documents = []
    for side, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        loaded = _load(text, side, round_trip=side == "ours")
        if isinstance(loaded, str):
            return MergeResult(None, failure=loaded)
        documents.append(loaded)
    base_doc, ours_doc, theirs_doc = documents
    merger = _Merger(_KEYS[kind])
    merger.mapping(ours_doc, _plain(base_doc), _plain(ours_doc), _plain(theirs_doc), "",
                   skip=CONFLICTS)
    known = context.resolved() if merger.conflicts else context
    merger.conflict_list(ours_doc, [_plain(doc.get(CONFLICTS)) for doc in documents],
                         [item.record(known) for item in merger.conflicts])
    if not merger.changed:  # theirs changed nothing ours lacks (a conflict already recorded)
        lost = _comments_lost(base, theirs, ours)  # but perhaps wrote a comment
        if lost:
            return _keeping_comments(ours, lost, context)
        return MergeResult(ours, tuple(merger.conflicts))
    text = dump_round_trip(ours_doc, like=ours)
    problem = _invalid(text, kind, context, merger.mixed or bool(merger.conflicts))
    if problem is not None:
        return MergeResult(None, tuple(merger.conflicts), problem)
    lost = _comments_lost(base, theirs, text)
    if lost:
        return _keeping_comments(text, lost, context)
    return MergeResult(text, tuple(merger.conflicts))


def _keeping_comments(text: str, lost: list[str], context: MergeContext) -> MergeResult:
    """The merge when the one by meaning would drop comments their side wrote (it starts
    from our document and takes their values, not their comments): git's line merge, which
    keeps both sides' lines, if it merged cleanly to the same values (where a conflict was
    recorded it never does: the line merge has no `conflicts:` entry); else no merge, the
    comments named, so that git leaves its conflict markers for a person to settle."""
    lined = context.line_merge() if context.line_merge is not None else None
    if lined is not None:
        found = parse_mapping(lined)
        if isinstance(found, dict) and _plain(found) == _plain(parse_mapping(text)):
            return MergeResult(lined)
    return MergeResult(None, failure=t("merge_comments_lost", comments="、".join(lost)))


_COMMENT = re.compile(r"(?:^|[ \t])#(.*)$")


def comment_texts(text: str) -> Counter[str]:
    """The comments of a YAML text, each by its words, counted. A rough reading (a `#` at a
    line's start or after a blank, outside quotes): a `#` in a block of text counts too,
    which can only make a merge more careful."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        if "#" not in line:
            continue
        body = _outside_quotes(line)
        match = _COMMENT.search(body)
        if match is not None and match.group(1).strip():
            found[line[match.start(1):].strip()] += 1
    return found


# A quoted scalar, whose quote opens where a value starts (the line's start, after a blank,
# or [ { , in a flow): an apostrophe inside a word (Tom's) opens nothing.
_QUOTED = re.compile(r"""(?:^|(?<=[\s\[{,]))(?:'(?:[^']|'')*'|"(?:[^"\\]|\\.)*")""")


def _outside_quotes(line: str) -> str:
    """`line` with every quoted scalar in it blanked out (so that no `#` in one reads as a
    comment), the length kept."""
    return _QUOTED.sub(lambda quoted: " " * len(quoted.group()), line)


def _comments_lost(base: str, theirs: str, merged: str) -> list[str]:
    """The comments their side added that the merged text holds fewer of than their side
    does."""
    was, other, kept = (comment_texts(text) for text in (base, theirs, merged))
    return [comment for comment, count in other.items()
            if count > was[comment] and kept[comment] < count]


# The list a child's entries are appended to, as the last key of the file (store/edit.py).
_TIMELINE = "events"


def _appended(base: str, ours: str, theirs: str, kind: str) -> str | None:
    """The merge of the commonest case, without the round trip: both sides only appended
    entries to a child's timeline (`visit add` on two laptops), none added on both, and
    theirs all dated on or after the last of ours, so that the merge puts them last, as
    they are. Then the merge is our text and their lines after it, checked by reading it
    back; None in any other case (the full merge decides)."""
    if kind != "child" or not base.endswith("\n") or not (
            ours.startswith(base) and theirs.startswith(base)):
        return None
    sides = [parse_mapping(text) for text in (base, ours, theirs)]
    if not all(isinstance(side, dict) and list(side)[-1:] == [_TIMELINE] for side in sides):
        return None
    was, mine, other = (_plain(side) for side in sides)
    added: list[list[Any]] = []
    for side in (mine, other):
        entries = side.get(_TIMELINE, [])
        old = was.get(_TIMELINE, [])
        rest = {key: value for key, value in side.items() if key != _TIMELINE}
        if not (isinstance(entries, list) and isinstance(old, list) and entries[:len(old)] == old
                and rest == {key: value for key, value in was.items() if key != _TIMELINE}):
            return None
        added.append(entries[len(old):])
    current = list(mine.get(_TIMELINE, []))
    ours_added = {_canon(item) for item in added[0]}
    for item in added[1]:
        if _canon(item) in ours_added or _dated(current, item) != len(current):
            return None
        current.append(item)
    text = ours + theirs[len(base):]
    merged = parse_mapping(text)
    if not isinstance(merged, dict) or _plain(merged) != {**mine, **({_TIMELINE: current} if current else {})}:
        return None
    return text


def _load(text: str, side: str, round_trip: bool) -> Any:
    """A side as a round-trip document (ours, to be changed and written) or as plain values
    (base and theirs, read only: ruamel's C loader, four times faster); or why it cannot be
    read, a sentence naming the side. An empty base is a file both sides added."""
    if side == "base" and not text.strip():
        return {}
    parsed = parse_mapping(text)  # the fast reader says what is wrong, and where
    if isinstance(parsed, ParseFailure):
        return _unreadable(side, parsed.message, parsed.line)
    try:
        return load_round_trip(text) if round_trip else _safe_load(text)
    except Exception as error:  # ruamel refuses what libyaml read: say so, never guess
        detail = str(error).strip().splitlines()
        return _unreadable(side, detail[0] if detail else type(error).__name__, None)


# A value written as a number with leading zeros, which ruamel's safe loader reads as the
# number (dropping them) and its round-trip loader keeps the width of.
_LEADING_ZERO = re.compile(r"(?::|^[ \t]*-|\[|,)[ \t]+[-+]?0[0-9]+[ \t]*(?:#.*)?(?:$|[,\]])",
                           re.MULTILINE)


def _safe_load(text: str) -> Any:
    """Plain values with the round-trip loader's types (dates as dates, YAML 1.2); a text
    with a number written with leading zeros through the round-trip loader, which keeps
    them (`_scalar` makes it the text)."""
    if _LEADING_ZERO.search(text):
        return load_round_trip(text)
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(text)


def _unreadable(side: str, reason: str, line: int | None) -> str:
    where = t(f"merge_side_{side}")
    if line is not None:
        return t("merge_unreadable_line", side=where, line=line, reason=reason)
    return t("merge_unreadable", side=where, reason=reason)


def _invalid(text: str, kind: str, context: MergeContext, validate: bool) -> str | None:
    """Why the merged text cannot be written (the first problem, with its line), or None: it
    must read back as YAML, and, when `validate`, load as its model."""
    data = parse_mapping(text)
    if isinstance(data, ParseFailure):
        return t("merge_invalid", line=data.line or 1, reason=data.message)
    if not validate:
        return None
    # pydantic and the models (0.3 s a driver run), only for a record both sides changed.
    from liushou_cli.store.mergecheck import invalid

    return invalid(data, text, kind, context.today, context.path)


# ---- a conflict's field, found again ---------------------------------------------------------
# `guardian.phone`, `pairings[代理家长 T005 2022-09-15].ended`, `care[患病 2022-10-08 发烧]`: a
# key, then the identity of a record in the list under it (_label), up to a "." or the end.
_STEP = re.compile(r"([^.\[]+)(?:\[(.*?)\](?=\.|$))?(?:\.|$)")


def set_field(document: Any, path: str, kind: str, value: Any) -> bool:
    """Give the field a conflict names (`path`, as this merge writes it, a whole record of a
    list included) `value` in a round-trip document, or remove it (`value` MISSING: that
    side removed it); False when the document has no such place (the record has gone or
    its identity was changed since)."""
    steps: list[tuple[str, str | None]] = []
    end = 0
    while end < len(path):
        step = _STEP.match(path, end)
        if step is None or step.end() == end:
            return False
        steps.append((step.group(1), step.group(2)))
        end = step.end()
    node = document
    for number, (key, label) in enumerate(steps):
        last = number == len(steps) - 1
        if not isinstance(node, dict):
            return False
        if label is None and last:
            if value is not MISSING:
                node[key] = to_commented(_plain(value))
            elif key in node:
                _delete(node, list(node).index(key))
            return True
        if label is None:
            node = node.get(key)
            continue
        items, fields = node.get(key), _KEYS[kind].get(key)
        if not isinstance(items, list) or fields is None:
            return False
        index = next((position for position, item in enumerate(items)
                      if isinstance(item, dict) and _label(item, fields) == label), None)
        if index is None:
            if last and value is not MISSING:  # a record ours removed comes back
                _insert(items, _dated(list(items), value), _plain(value))
            return last
        if not last:
            node = items[index]
        elif value is MISSING:
            _delete(items, index)
        else:
            items[index] = to_commented(_plain(value))
        if last:
            return True
    return False


# ---- values as the YAML means them ----------------------------------------------------------
def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict) and not value)


def _plain(node: Any) -> Any:
    """A round-trip node as plain values (dict, list, str, int, float, bool, date); keys
    holding nothing (null, [], {}) are left out, as the model treats them as absent."""
    if isinstance(node, dict):
        return {_scalar(key): _plain(value) for key, value in node.items() if not _empty(value)}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    return _scalar(node)


def _scalar(value: Any) -> Any:
    # ruamel's scalar types (quoted strings, numbers kept with their format, a boolean with
    # an anchor) as the plain type they stand for, so that to_commented writes them anew.
    if type(value).__name__ == "ScalarBoolean":
        return bool(value)
    width = getattr(value, "_width", None)
    if type(value).__name__ == "ScalarInt" and width and value >= 0 and len(str(value)) < width:
        # Written with leading zeros (0012345): the text, as every reader of ours takes it
        # (store.yamlio), not the number that drops them.
        return str(int(value)).zfill(width)
    for kind in (bool, str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value


def _canon(value: Any) -> Hashable:
    """A hashable form of a plain value: equal exactly when the values mean the same (key
    order does not count; 1, 1.0 and true are not the same)."""
    if isinstance(value, dict):
        return ("map", tuple(sorted(((str(key), _canon(item)) for key, item in value.items()),
                                    key=lambda pair: pair[0])))
    if isinstance(value, list):
        return ("seq", tuple(_canon(item) for item in value))
    if value is MISSING:
        return ("missing",)
    return (type(value).__name__, value)


def _same(left: Any, right: Any) -> bool:
    return _canon(left) == _canon(right)


def _date_of(item: Any) -> date | None:
    """The date a record is filed under (its `date`, else `flagged`, else `start`)."""
    if not isinstance(item, dict):
        return None
    for name in _DATE_FIELDS:
        value = item.get(name)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            return parse_day(value)
    return None


def _label(item: dict[Any, Any], fields: tuple[str, ...]) -> str:
    """A record's identity as a conflict's path shows it: `T005`, `代理家长 T005 2022-09-15`."""
    return " ".join(value.isoformat() if isinstance(value, date) else str(value)
                    for value in (item.get(name) for name in fields) if value is not None)


def _has_records(items: list[Any]) -> bool:
    return any(isinstance(item, dict | list) for item in items)


def _grew(base: Any, ours: Any) -> bool:
    """Is `ours` a list of records holding every entry of `base` (entries only added)?"""
    base = [] if base is MISSING else base
    if not (isinstance(base, list) and isinstance(ours, list) and _has_records([*base, *ours])):
        return False
    return not Counter(_canon(item) for item in base) - Counter(_canon(item) for item in ours)


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


# ---- the merge ------------------------------------------------------------------------------
@dataclass
class _Merger:
    """Applies THEIR changes to OUR round-trip document, collecting the real conflicts.
    `edits` counts their changes applied but for entries added to lists of records
    (`inserts`); `mixed` says that some record got field changes from both sides, so the
    result must be validated."""

    keys: dict[str, tuple[str, ...]]
    conflicts: list[FieldConflict] = field(default_factory=list)
    changed: bool = False
    edits: int = 0
    inserts: int = 0
    mixed: bool = False

    def _edited(self) -> None:
        self.changed = True
        self.edits += 1

    def _inserted(self) -> None:
        self.changed = True
        self.inserts += 1

    def mapping(self, node: Any, base: dict[Any, Any], ours: dict[Any, Any],
                theirs: dict[Any, Any], path: str, skip: str | None = None) -> None:
        """Merge every key of a mapping (`node` is ours, in the document)."""
        order = list(theirs)
        ours_changed = theirs_changed = False
        for key in dict.fromkeys([*theirs, *ours, *base]):
            if key == skip:
                continue
            was, mine = base.get(key, MISSING), ours.get(key, MISSING)
            edits = self.edits
            self.value(node, key, was, mine, theirs.get(key, MISSING), path, order)
            theirs_changed = theirs_changed or self.edits > edits
            ours_changed = ours_changed or not (_same(was, mine) or _grew(was, mine))
        if ours_changed and theirs_changed:
            self.mixed = True

    def value(self, node: Any, key: Any, base: Any, ours: Any, theirs: Any, path: str,
              order: list[Any]) -> None:
        if _same(ours, theirs) or _same(base, theirs):
            return  # both made the same change, or theirs made none: ours stands
        here = _join(path, key)
        # Into a mapping or a list of records even when only theirs changed it: our comments
        # inside stay. A list of words only theirs changed is theirs, order and all.
        if isinstance(ours, dict) and isinstance(theirs, dict):
            self.mapping(node[key], base if isinstance(base, dict) else {}, ours, theirs, here)
        elif isinstance(ours, list) and isinstance(theirs, list) and (
                not _same(base, ours) or _has_records(ours) or _has_records(theirs)):
            self.sequence(node[key], base if isinstance(base, list) else [], ours, theirs,
                          here, str(key))
        elif _same(base, ours):
            self._take(node, key, theirs, order)
        else:
            self.conflicts.append(FieldConflict(here, ours, theirs))

    def _take(self, node: Any, key: Any, theirs: Any, order: list[Any]) -> None:
        """Their value for `key` (removing the key if they removed it), in our mapping."""
        self._edited()
        if theirs is MISSING:
            if key in node:
                _delete(node, list(node).index(key))
        elif key in node:
            node[key] = to_commented(theirs)
        else:
            _insert(node, _anchored(list(node), order, order.index(key), lambda k: k), theirs, key)

    def sequence(self, node: Any, base: list[Any], ours: list[Any], theirs: list[Any],
                 path: str, name: str) -> None:
        items = [*base, *ours, *theirs]
        if not _has_records(items):
            self._words(node, base, ours, theirs)
            return
        fields = self.keys.get(name)
        if fields is not None and all(isinstance(item, dict) for item in items):
            key = _key_function(fields)
            if all(len({key(item) for item in side}) == len(side) for side in (base, ours, theirs)):
                self._keyed(node, base, ours, theirs, path, fields)
                return
        self.multiset(node, base, ours, theirs)

    def _words(self, node: Any, base: list[Any], ours: list[Any], theirs: list[Any]) -> None:
        """A three-way set of plain values, in our order, theirs inserted where they stand."""
        current = list(ours)
        had, kept = {_canon(item) for item in base}, {_canon(item) for item in theirs}
        for canon in had - kept:
            while canon in (found := [_canon(item) for item in current]):
                index = found.index(canon)
                _delete(node, index)
                del current[index]
                self._edited()
        for index, item in enumerate(theirs):
            canon = _canon(item)
            if canon in had or canon in {_canon(existing) for existing in current}:
                continue
            position = _anchored(current, theirs, index, _canon)
            _insert(node, position, item)
            current.insert(position, item)
            self._edited()  # a list of words is one field: its change is an edit

    def multiset(self, node: Any, base: list[Any], ours: list[Any], theirs: list[Any]) -> None:
        """Entries without an identity: how many of each the merge keeps is base's count,
        plus what each side added (the larger, if both added it), minus what each removed."""
        counts = [Counter(_canon(item) for item in side) for side in (base, ours, theirs)]
        current = list(ours)
        for canon in set(counts[0]) | set(counts[1]) | set(counts[2]):
            extra = counts[1][canon] - _wanted(counts, canon)
            while extra > 0:  # removed by them: our last copies go
                index = max(i for i, item in enumerate(current) if _canon(item) == canon)
                _delete(node, index)
                del current[index]
                extra -= 1
                self._edited()
        for item in theirs:  # added by them, in their order, each where its date puts it
            canon = _canon(item)
            have = sum(1 for existing in current if _canon(existing) == canon)
            if have < _wanted(counts, canon):
                position = _dated(current, item)
                _insert(node, position, item)
                current.insert(position, item)
                self._inserted()

    def _keyed(self, node: Any, base: list[Any], ours: list[Any], theirs: list[Any], path: str,
               fields: tuple[str, ...]) -> None:
        """Records with an identity (`fields`): matched by it, each merged field by field."""
        key = _key_function(fields)
        by_key = [{key(item): item for item in side} for side in (base, ours, theirs)]
        current = list(ours)
        theirs_keys = [key(item) for item in theirs]
        for identity in dict.fromkeys([*theirs_keys, *by_key[1], *by_key[0]]):
            was, mine, other = (side.get(identity, MISSING) for side in by_key)
            if _same(mine, other) or _same(was, other):
                continue
            here = f"{path}[{_label(next(v for v in (other, mine, was) if v is not MISSING), fields)}]"
            index = next((i for i, item in enumerate(current) if key(item) == identity), None)
            if _same(was, mine):
                if other is MISSING:
                    assert index is not None  # unchanged by us, so ours has it
                    _delete(node, index)
                    del current[index]
                    self._edited()
                elif index is None:
                    position = (_dated(current, other) if _date_of(other) is not None else
                                _anchored(current, theirs, theirs_keys.index(identity), key))
                    _insert(node, position, other)
                    current.insert(position, other)
                    self._inserted()
                else:
                    self.mapping(node[index], was, mine, other, here)
            elif mine is MISSING or other is MISSING:
                self.conflicts.append(FieldConflict(here, mine, other))
            else:
                self.mapping(node[index], was if isinstance(was, dict) else {}, mine, other, here)

    def conflict_list(self, document: Any, lists: list[Any], new: list[dict[str, Any]]) -> None:
        """The file's `conflicts:` (base's, ours, theirs) merged as entries (one settled on
        either side is gone), and the conflicts of this merge added, each once. A new list
        goes first in the file, below its header comment: whoever opens the file sees it,
        and it never comes between a comment and the key that comment stands above."""
        base, ours, theirs = (value if isinstance(value, list) else [] for value in lists)
        had = CONFLICTS in document
        node = document[CONFLICTS] if had else to_commented([])
        self.multiset(node, base, ours, theirs)
        known = {_canon(_plain(item)) for item in node}
        for record in new:
            entry = to_commented(record)
            if _canon(_plain(entry)) not in known:
                node.append(entry)
                self.changed = True
        if node and not had:
            node.fa.set_block_style()
            document.insert(0, CONFLICTS, node)
        elif had and not node:
            del document[CONFLICTS]
            self.changed = True


def _wanted(counts: list[Counter[Hashable]], canon: Hashable) -> int:
    """How many copies of an entry the merge keeps, from its count in base, ours, theirs."""
    was = counts[0][canon]
    mine, other = counts[1][canon] - was, counts[2][canon] - was
    if mine >= 0 and other >= 0:
        return was + max(mine, other)
    if mine <= 0 and other <= 0:
        return max(was + min(mine, other), 0)
    return max(was + mine + other, 0)


def _key_function(fields: tuple[str, ...]) -> Callable[[Any], Hashable]:
    def key(item: Any) -> Hashable:
        return tuple(_canon(item.get(name, MISSING)) for name in fields)
    return key


def _dated(current: list[Any], item: Any) -> int:
    """Where `item` goes among `current` by date: after the last entry of its date or
    earlier, so entries of one day keep the order they came in; undated, at the end."""
    day = _date_of(item)
    if day is None:
        return len(current)
    later = None
    for index in range(len(current) - 1, -1, -1):
        other = _date_of(current[index])
        if other is None:
            continue
        if other <= day:
            return index + 1
        later = index
    return later if later is not None else len(current)


def _anchored(current: list[Any], theirs: list[Any], index: int,
              key: Callable[[Any], Any]) -> int:
    """Where their item `theirs[index]` goes among `current`: after the nearest item before
    it in their list that we have (and after what only we added there, so that our additions
    come first, as a date does for entries of one day); else before the nearest one after
    it; else at the end."""
    where = {key(item): position for position, item in enumerate(current)}
    for before in range(index - 1, -1, -1):
        if key(theirs[before]) in where:
            position = where[key(theirs[before])] + 1
            known = {key(item) for item in theirs}
            while position < len(current) and key(current[position]) not in known:
                position += 1
            return position
    for after in range(index + 1, len(theirs)):
        if key(theirs[after]) in where:
            return where[key(theirs[after])]
    return len(current)


# ---- comments stay with what they stand before -----------------------------------------------
# ruamel keeps the comment lines above a key or a list item on the last value before them (the
# "leaf"), so inserting or deleting next to them would move them. These keep each block of
# comment lines above what followed it.
def _insert(container: Any, position: int, value: Any, key: Any = None) -> None:
    """Insert `value` (plain) into a round-trip list, or under `key` into a mapping."""
    if key is None:
        container.insert(position, to_commented(value))
    else:
        container.insert(position, key, to_commented(value))
    if position == 0:
        return
    lines = _take_comment_lines(container, position - 1)
    if lines is None:
        return
    if position + 1 < len(container):
        _put_before(container, position + 1, lines)
    else:  # the last now: the lines belong to what follows the whole block
        _put_after(container, position, lines)


def _delete(container: Any, position: int) -> None:
    """Delete the item at `position` of a round-trip list or mapping (by index)."""
    lines = _take_comment_lines(container, position)
    key = list(container)[position] if isinstance(container, dict) else position
    del container[key]
    if lines is None:
        return
    if position > 0:
        _put_after(container, position - 1, lines)
    elif container:
        _put_before(container, 0, lines)


def _slots(container: Any) -> tuple[int, int]:
    # Where ruamel keeps, for a key or a list item, the comment after its value and the
    # comment lines before it.
    return (0, 1) if isinstance(container, list) else (2, 1)


def _leaf(container: Any, position: int) -> tuple[Any, Any]:
    """The innermost (container, key) that ends the item at `position`."""
    key = list(container)[position] if isinstance(container, dict) else position
    while True:
        value = container[key]
        if isinstance(value, dict) and value:
            container, key = value, list(value)[-1]
        elif isinstance(value, list) and value and not _flow(value):
            container, key = value, len(value) - 1
        else:
            return container, key


def _flow(node: Any) -> bool:
    return node.fa.flow_style() is True  # `[a, b]` on one line: nothing ends inside it


def _take_comment_lines(container: Any, position: int) -> str | None:
    """Remove and return the whole comment lines (and blank lines) after the item at
    `position`, leaving a comment at the end of its own line where it is."""
    owner, key = _leaf(container, position)
    after, _ = _slots(owner)
    slot = owner.ca.items.get(key)
    token = slot[after] if slot and len(slot) > after else None
    if token is None or not isinstance(token.value, str):
        return None
    own_line, _, lines = token.value.partition("\n")
    if not lines:
        return None
    if own_line.strip():
        token.value = own_line + "\n"
    else:
        slot[after] = None
    return lines


def _put_before(container: Any, position: int, lines: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    key = list(container)[position] if isinstance(container, dict) else position
    _, before = _slots(container)
    slot = container.ca.items.setdefault(key, [None, None, None, None])
    slot[before] = [CommentToken(line, CommentMark(0), None)
                    for line in lines.splitlines(keepends=True)] + (slot[before] or [])


def _put_after(container: Any, position: int, lines: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    owner, key = _leaf(container, position)
    after, _ = _slots(owner)
    slot = owner.ca.items.setdefault(key, [None, None, None, None])
    token = slot[after]
    if token is not None and isinstance(token.value, str):
        token.value += lines
    else:
        slot[after] = CommentToken("\n" + lines, CommentMark(0), None)
