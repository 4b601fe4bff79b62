"""Changing files: one file loaded round-trip, changed, validated, written atomically under the
folder lock. Comments, key order and every untouched line survive byte for byte.

Nothing is written unless the whole new record validates; a file that changed on disk since
it was read is never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from liushou_cli.core.errors import InvalidRecord, LiushouError, Problem
from liushou_cli.core.model import Child
from liushou_cli.core.text import Label, Message
from liushou_cli.core.validators import ValidationDay, control_chars, escaped
from liushou_cli.i18n import t
from liushou_cli.store.atomic import (
    atomic_write,
    create_exclusive,
    digest,
    folder_lock,
    remove_leftovers,
)
from liushou_cli.store.emit import house_text
from liushou_cli.store.layout import DataFolder, SymlinkRefused, read_no_follow
from liushou_cli.store.oserrors import read_failure, writing
from liushou_cli.store.read import validate_mapping
from liushou_cli.store.yamlio import (
    ParseFailure,
    decode,
    dump_round_trip,
    line_of,
    load_round_trip,
    parse_mapping,
    to_commented,
)

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

# ruamel.yaml (18 ms to import) is loaded by the functions that build round-trip nodes, so
# that reading commands, and an entry appended as text, never pay for it.

_BOM = "\ufeff"


class Edit:
    """An open round-trip document; `data` is the mapping to change in place."""

    def __init__(self, data: Any, original: str) -> None:
        self.data = data
        self.original = original
        self.changed = False


def _read_text(folder: DataFolder, path: Path) -> tuple[bytes, str]:
    try:
        raw = read_no_follow(path)
    except SymlinkRefused:
        raise LiushouError(t("symlink_not_written"), folder.rel(path)) from None
    except FileNotFoundError:
        raise LiushouError(t("file_missing"), folder.rel(path)) from None
    except OSError as error:
        raise read_failure(error, folder.rel(path)) from None
    text = decode(raw)
    if isinstance(text, ParseFailure):
        raise LiushouError(text.message, folder.rel(path), text.line)
    return raw, text


@contextlib.contextmanager
def _write_lock(folder: DataFolder, path: Path,
                leftovers_in: Path | None = None) -> Iterator[None]:
    """The folder lock, held to write `path`. The temp files that killed writes left in the
    folder's top level, where every write here makes its own (`_save`), are removed first,
    and those in `leftovers_in` too (children/, where earlier versions made them). An
    OSError in taking the lock (a read-only disk, a folder gone) says that `path` was not
    written; one raised by the caller's block is its own."""
    with contextlib.ExitStack() as stack:
        with writing(folder.rel(path)):
            stack.enter_context(folder_lock(folder.lock_path))
            remove_leftovers(folder.root)
            if leftovers_in is not None:
                remove_leftovers(leftovers_in)
        yield


def _save(folder: DataFolder, path: Path, data: bytes) -> None:
    """Replace `path` atomically, its temp file made in the folder's top level."""
    atomic_write(path, data, temp_dir=folder.root)


def _create(folder: DataFolder, path: Path, data: bytes) -> bool:
    """Create `path` atomically unless it exists, its temp file made in the top level."""
    return create_exclusive(path, data, temp_dir=folder.root)


def _encode(text: str, like: bytes) -> bytes:
    return ((_BOM if like.startswith(_BOM.encode()) else "") + text).encode("utf-8")


def _validated(text: str, model: type[BaseModel], shown_as: str,
               before: str | None = None, today: date | None = None) -> None:
    """Raise InvalidRecord unless `text` is a valid `model` (a child: on `today`) and adds no
    text holding a control character (an ANSI escape, a NUL, a newline in a name) to what
    `before` held: one a hand edit left in the file is reported by check, not a reason to
    refuse a change."""
    data = parse_mapping(text)
    if isinstance(data, ParseFailure):
        raise InvalidRecord([Problem(shown_as, data.line, "error", data.code, data.text)])
    day = ValidationDay(today) if today is not None else None
    record, problems = validate_mapping(data, text, model, shown_as, day)
    if record is None:
        raise InvalidRecord(problems)
    found = list(control_chars(data))
    if not found:
        return
    old = parse_mapping(before) if before is not None else None
    kept = {value for _, value, _ in control_chars(old)} if isinstance(old, dict) else set()
    added = [Problem(shown_as, line_of(text, loc), "error", "control_char",
                     Message.of("control_char_input", field=Label(loc), char=escaped(char)))
             for loc, value, char in found if value not in kept]
    if added:
        raise InvalidRecord(added)


@contextlib.contextmanager
def edit_document(folder: DataFolder, path: Path, model: type[BaseModel],
                  today: date | None = None) -> Iterator[Edit]:
    """Open `path` for a change under the folder lock; on a clean exit, validate and save.

    If the body raises, nothing is written. If the result does not validate as `model` (a
    child on `today`), InvalidRecord lists every problem and nothing is written.
    """
    with _write_lock(folder, path):
        raw, text = _read_text(folder, path)
        try:
            data = load_round_trip(text)
        except Exception:
            # The fast reader gives the located reason; the round-trip one would say the same.
            _validated(text, model, folder.rel(path), today=today)
            raise
        edit = Edit(data, text)
        yield edit
        new_text = dump_round_trip(edit.data, like=text)
        edit.changed = new_text != text
        if not edit.changed:
            return
        _validated(new_text, model, folder.rel(path), text, today)
        with writing(folder.rel(path)):
            _save(folder, path, _encode(new_text, raw))


def read_for_editor(folder: DataFolder, path: Path) -> tuple[str, str]:
    """A file's text for an outside editor, and the digest that `replace_text` checks."""
    raw, text = _read_text(folder, path)
    return text, digest(raw)


def replace_text(folder: DataFolder, path: Path, new_text: str, expected_digest: str,
                 model: type[BaseModel], today: date | None = None) -> None:
    """Save text edited outside the tool, if it validates (a child on `today`) and the file
    did not change meanwhile."""
    with _write_lock(folder, path):
        raw, old_text = _read_text(folder, path)
        _validated(new_text, model, folder.rel(path), old_text, today)
        if digest(raw) != expected_digest:
            raise LiushouError(t("file_changed", path=folder.rel(path)))
        with writing(folder.rel(path)):
            _save(folder, path, _encode(new_text, raw))


def child_document(child: Child) -> CommentedMap:
    """A new child's record as a round-trip mapping in the model's field order, empties left out."""
    document: CommentedMap = to_commented(child.model_dump(by_alias=True, exclude_none=True))
    return document


def render_child(child: Child) -> str:
    """The YAML text of a new child file, in the house style: `child_document`'s text,
    written directly (emit.py)."""
    return house_text(child.model_dump(by_alias=True, exclude_none=True))


def ensure_document(folder: DataFolder, path: Path, data: dict[str, Any],
                    model: type[BaseModel]) -> None:
    """Create `path` with `data` (validated as `model`) unless it exists; never overwrite."""
    text = house_text(data)
    _validated(text, model, folder.rel(path))
    with writing(folder.rel(path)):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _write_lock(folder, path), writing(folder.rel(path)):
        _create(folder, path, text.encode("utf-8"))


def create_children(folder: DataFolder, make: Callable[[], Sequence[Child]],
                    today: date) -> list[Path]:
    """Create new children's files (valid on `today`), `make` choosing the records under the
    folder lock: an id
    taken from the folder's file names (c0001, c0002, ...) cannot be taken by another writer
    meanwhile. Every file is rendered and checked before the first is written; an id whose
    file exists refuses them all. All or none: if one cannot be written (a full disk), the
    ones written before it are removed again."""
    with writing(folder.rel(folder.children_dir)):
        folder.children_dir.mkdir(parents=True, exist_ok=True)
    with _write_lock(folder, folder.children_dir, leftovers_in=folder.children_dir):
        planned: list[tuple[Path, bytes]] = []
        for child in make():
            path = folder.child_path(child.id)
            text = render_child(child)
            _validated(text, Child, folder.rel(path), today=today)
            if os.path.lexists(path):
                raise LiushouError(t("child_exists", id=child.id), folder.rel(path))
            planned.append((path, text.encode("utf-8")))
        written: list[Path] = []
        try:
            for path, data in planned:
                with writing(folder.rel(path)):
                    created = _create(folder, path, data)
                if not created:
                    raise LiushouError(t("child_exists", id=path.stem), folder.rel(path))
                written.append(path)
        except BaseException:
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
    return written


def append_to_list(folder: DataFolder, path: Path, key: str, item: dict[str, Any],
                   model: type[BaseModel], today: date | None = None) -> None:
    """Append `item` to the list under `key` (created if absent), in block style; the file
    is validated as `model` (a child on `today`).

    When `key` holds a block sequence, as `events:` in a child's file and `terms:` in
    liushou.yaml do, the new item's lines are inserted after its last item: no round trip of
    the whole file, so recording an entry costs the same on the first day and after a
    hundred entries.
    """
    with _write_lock(folder, path):
        raw, text = _read_text(folder, path)
        new_text = _appended(text, key, item)
        if new_text is not None:
            _validated(new_text, model, folder.rel(path), text, today)
            with writing(folder.rel(path)):
                _save(folder, path, _encode(new_text, raw))
            return
    with edit_document(folder, path, model, today) as edit:
        from ruamel.yaml.comments import CommentedSeq

        sequence = edit.data.get(key)
        if sequence is None:
            sequence = CommentedSeq()
            edit.data[key] = sequence
        sequence.fa.set_block_style()
        sequence.append(to_commented(item))


_TOP_KEY = re.compile(r"^([^\s#-][^:#]*):")


def _appended(text: str, key: str, item: dict[str, Any]) -> str | None:
    """`text` with `item`'s lines inserted after the last item of the block sequence under
    the top-level `key`; None when the layout is not that simple and a round trip is needed.

    Comments and blank lines after the block stay where they are: they belong to what
    follows (as the comment above `duties:` in liushou.yaml does).
    """
    lines = text.splitlines(keepends=True)
    start = next((number for number, line in enumerate(lines)
                  if (match := _TOP_KEY.match(line)) and match.group(1) == key), None)
    if start is None or lines[start].strip() != f"{key}:":
        return None
    last = None
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if _TOP_KEY.match(line):
            break
        if line.strip() and not line.lstrip().startswith("#") and line[:1] in (" ", "-"):
            last = number
    if last is None or not lines[start + 1:last + 1]:
        return None
    first = next(line for line in lines[start + 1:] if line.strip()
                 and not line.lstrip().startswith("#"))
    if not first.lstrip().startswith("- "):
        return None
    rendered = dump_round_trip(to_commented({key: [item]}), like=text)
    newline = "\r\n" if "\r\n" in text else "\n"
    item_text = rendered.split(newline, 1)[1]
    # In line with the items above it: the style guessed for the file is that of its first
    # list, and another list (one written by hand) may sit further in or out.
    theirs = len(first) - len(first.lstrip(" "))
    ours = len(item_text) - len(item_text.lstrip(" "))
    if theirs != ours:
        item_text = "".join(" " * theirs + line[ours:] if line.strip() else line
                            for line in item_text.splitlines(keepends=True))
    head = "".join(lines[:last + 1])
    if not head.endswith(("\n", "\r")):
        head += newline
    return head + item_text + "".join(lines[last + 1:])


def set_path(document: Any, path: tuple[str, ...], value: Any) -> bool:
    """Set (or, with None, remove) a nested key of a round-trip mapping; True if it changed."""
    from ruamel.yaml.comments import CommentedMap

    *parents, last = path
    node = document
    for key in parents:
        child = node.get(key)
        if child is None:
            if value is None:
                return False
            child = CommentedMap()
            node[key] = child
        node = child
    if value is None:
        if last not in node:
            return False
        del node[last]
        return True
    if node.get(last) == value:
        return False
    node[last] = to_commented(value)
    return True


def create_numbered(folder: DataFolder, directory: Path, stem: str, data: dict[str, Any],
                    model: type[BaseModel]) -> Path:
    """Create `directory/stem.yaml` with `data` (validated as `model`), or stem-2.yaml, -3...
    if taken; a file once created keeps its name."""
    text = house_text(data)
    first = directory / f"{stem}.yaml"
    _validated(text, model, folder.rel(first))
    with writing(folder.rel(first)):
        directory.mkdir(parents=True, exist_ok=True)
    with _write_lock(folder, first):
        for number in range(1, 1000):
            path = directory / (f"{stem}.yaml" if number == 1 else f"{stem}-{number}.yaml")
            with writing(folder.rel(path)):
                if _create(folder, path, text.encode("utf-8")):
                    return path
    raise LiushouError(t("file_exists", path=folder.rel(directory / f"{stem}.yaml")))


def set_field(document: Any, key: str, value: Any, order: list[str]) -> None:
    """Set a top-level key of a round-trip mapping (None removes it); a new key goes where
    `order` (the model's field order) puts it, not at the end of the file."""
    if value is None:
        document.pop(key, None)
        return
    if key in document:
        document[key] = to_commented(value)
        return
    rank = order.index(key) if key in order else len(order)
    position = 0
    for index, existing in enumerate(document):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    document.insert(position, key, to_commented(value))


def append_item(document: Any, key: str, item: dict[str, Any], order: list[str]) -> None:
    """Append `item` to the block list under `key`, creating the list in model order."""
    from ruamel.yaml.comments import CommentedSeq

    sequence = document.get(key)
    if sequence is None:
        set_field(document, key, [], order)
        sequence = CommentedSeq()
        document[key] = sequence
    sequence.fa.set_block_style()
    sequence.append(to_commented(item))
