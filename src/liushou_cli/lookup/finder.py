"""Finding the child or teacher a user means: by id, student number, name or pinyin.

An id costs one file read, whatever the size of the school; a name or pinyin needs the whole
folder. Several matches are an error that lists them, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from liushou_cli.core import models_lazy
from liushou_cli.core.classes import class_order, same_class
from liushou_cli.core.errors import LiushouError, Problem, UsageError
from liushou_cli.core.validators import ValidationDay
from liushou_cli.i18n import t
from liushou_cli.lookup import pinyin
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import (
    Dataset,
    LoadedChild,
    cached_child,
    load_dataset,
    read_model,
    recover_name,
)

if TYPE_CHECKING:
    from liushou_cli.core.model import Child, StaffLike

T = TypeVar("T")
_MAX_LISTED = 6


def _safe_file_id(text: str) -> bool:
    return bool(text) and "/" not in text and "\\" not in text and not text.startswith(".")


def find_child(folder: DataFolder, text: str,
               load: Dataset | Callable[[], Dataset] | None = None, *,
               today: date, cache_dir: Path | None = None,
               named: Callable[[LoadedChild], ChildNamed] | None = None) -> LoadedChild:
    """The one child `text` names, its record valid on `today`: id first (one file, whatever
    the size of the school), then student number, name, pinyin (the whole folder, through
    `load` if given; `named`: what the search reads of each child, its record by default).
    With `cache_dir`, the child found whose file the cache holds as it is now is its record
    as plain facts (store.read.cached_child), for a command that only reads it: never one
    that writes it back."""
    text = text.strip()
    if _safe_file_id(text):
        path = folder.child_path(text)
        if path.is_file():
            if cache_dir is not None and (kept := cached_child(folder, path, cache_dir,
                                                               today)) is not None:
                return LoadedChild(path, kept, today=today)
            child, problems = read_model(path, models_lazy.child(), folder.rel(path),
                                         ValidationDay(today))
            if child is None:
                raise _broken(path, recover_name(path) or text, problems)
            return LoadedChild(path, child, today=today)
    if isinstance(load, Dataset):
        data = load
    elif load is not None:
        data = load()
    else:
        data = load_dataset(folder, today=today)
    record = named or _record
    matches = search_named(data.children, text, record)
    # A child whose file does not load is still the child the user means: found by the id
    # in its file name or the name on its `name:` line, it is an error at file:line, never
    # "not found" or someone else.
    recovered = {path: recover_name(path) for path in data.unreadable_children}
    broken = [(path, name) for path, known in recovered.items()
              if _names(text, path.stem, name := known or path.stem)]
    if matches and text in ((first := record(matches[0])).id, first.student_no, first.name):
        broken = [(path, name) for path, name in broken if text in (path.stem, name)]
    if len(broken) == 1 and not matches:
        path, name = broken[0]
        rel = folder.rel(path)
        raise _broken(path, name, [p for p in data.problems if p.path == rel])
    if broken:
        listed = [f"{item.child.id}({item.child.class_name} {item.child.name})"
                  for item in matches]
        listed += [t("child_file_broken_short", id=path.stem, name=name) for path, name in broken]
        raise LiushouError(t("ambiguous_child", text=text,
                             matches=_some(listed)))
    found = _one(matches, text, lambda item: f"{item.child.id}({item.child.class_name} "
                 f"{item.child.name})", "unknown_child", "ambiguous_child",
                 hints=lambda: _hints(data.children, text, record),
                 # A file whose name could not be read (a link, no `name:` line) may hold
                 # the child asked for: "not found" alone would say it is not there.
                 unnamed=sum(1 for known in recovered.values() if known is None))
    if cache_dir is not None and (kept := cached_child(folder, found.path, cache_dir,
                                                       today)) is not None:
        return LoadedChild(found.path, kept, today=today)
    return found


def _names(text: str, child_id: str, name: str) -> bool:
    """Does `text` name this child, by the same rules as search_children?"""
    if text in (child_id, name):
        return True
    return pinyin.matches(name, text) if text.isascii() else text in name


def _broken(path: Path, name: str, problems: list[Problem]) -> LiushouError:
    """The child `name` was asked for, but its file does not load: say so, at file:line."""
    first = min(problems, key=lambda p: p.line or 0) if problems else None
    where = first.where() if first else str(path)
    return LiushouError(t("child_file_broken", name=name, where=where,
                          message=first.message if first else ""))


def search_children(children: Iterable[LoadedChild], text: str) -> list[LoadedChild]:
    """Children whose id, student number or name is `text`; else whose pinyin or name part fits."""
    return search_named(children, text, _record)


def _record(item: LoadedChild) -> Child:
    return item.child


class ChildNamed(Protocol):
    """A child as far as finding one goes: a Child record, or facts kept of it (the id,
    student number and name of views.card.ListFacts)."""

    @property
    def id(self) -> str: ...
    @property
    def student_no(self) -> str | None: ...
    @property
    def name(self) -> str: ...


def search_named(items: Iterable[T], text: str, named: Callable[[T], ChildNamed]) -> list[T]:
    """The items whose child (`named` of the item) has `text` as its id, student number or
    name; else whose pinyin or name part fits (search_children's rules on any facts that
    know a child's id, student number and name)."""
    text = text.strip()
    pairs = [(item, named(item)) for item in items]
    exact = [item for item, child in pairs if text in (child.id, child.student_no, child.name)]
    if exact:
        return exact
    if text.isascii():
        return [item for item, child in pairs if pinyin.matches(child.name, text)]
    return [item for item, child in pairs if text in child.name]


def _hints(children: list[LoadedChild], text: str,
           named: Callable[[LoadedChild], ChildNamed]) -> list[str]:
    near = [child for child in map(named, children)
            if text and (text[0] == child.name[0] or text in child.name)]
    return [f"{child.name}({child.id})" for child in near[:_MAX_LISTED]]


class Named(Protocol):
    """A staff member as far as finding one goes: a Staff record, or store.read.StaffFacts."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


S = TypeVar("S", bound=Named)


def find_staff(staff: Sequence[S], text: str) -> S:
    """The one staff member `text` names, by id, name, the start of a name (王建 finds 王建国
    when no other name starts so; several are listed) or pinyin."""
    return staff[staff_position([member.id for member in staff],
                                [member.name for member in staff], text)]


def staff_position(ids: Sequence[str], names: Sequence[str], text: str) -> int:
    """Where in the staff's `ids` and `names` (in step) is the one member `text` names, as
    find_staff finds them."""
    text = text.strip()
    matches = [at for at, (staff_id, name) in enumerate(zip(ids, names, strict=True))
               if text in (staff_id, name)]
    if not matches and not text.isascii():  # (an empty text is ASCII)
        matches = [at for at, name in enumerate(names) if name.startswith(text)]
    if not matches and text.isascii():
        matches = [at for at, name in enumerate(names) if pinyin.matches(name, text)]
    return _one(matches, text, lambda at: f"{ids[at]}({names[at]})",
                "unknown_staff", "ambiguous_staff")


def _one(matches: list[T], text: str, describe: Callable[[T], str], unknown: str,
         ambiguous: str, hints: Callable[[], list[str]] | None = None, unnamed: int = 0) -> T:
    if len(matches) == 1:
        return matches[0]
    if not matches:
        near = hints() if hints else []
        said = (t("unknown_child_hint", text=text, hints=t("list_sep").join(near)) if near
                else t(unknown, text=text))
        if unnamed:
            said += t("unknown_child_unread", count=unnamed)
        raise LiushouError(said)
    raise LiushouError(t(ambiguous, text=text, matches=_some([describe(item) for item in matches])))


def _some(listed: list[str]) -> str:
    """The first _MAX_LISTED of several matches, and how many more there are: the one meant
    may be among those not shown."""
    shown = t("list_sep").join(listed[:_MAX_LISTED])
    more = len(listed) - _MAX_LISTED
    return t("matches_more", shown=shown, more=more, total=len(listed)) if more > 0 else shown



def find_class(text: str | None, known: Iterable[str]) -> str | None:
    """The known class `text` means, in the school's own spelling (7-1, 七1, 初一1班 all find
    七(1)班); None when no class was asked for. A class no child and no staff member has is
    a usage error listing the known ones, never an empty list that reads "nothing to do"."""
    if text is None:
        return None
    names = {name for name in known if name}
    for name in sorted(names, key=class_order):
        if same_class(name, text):
            return name
    raise UsageError(t("unknown_class", klass=text.strip(),
                       known=t("list_sep").join(sorted(names, key=class_order)) or t("none")))


def staff_classes(staff: Iterable[StaffLike]) -> set[str]:
    """The classes staff.yaml names (led or taught)."""
    return {klass for member in staff for klass in (*member.leads, *member.teaches)}


def dataset_classes(data: Dataset, classes: Iterable[str] | None = None) -> set[str]:
    """Every class a child of the folder (on record or archived) or a staff member has.
    `classes`: the children's, when the caller has them without the records (from the
    cache), so that no record is built for them."""
    if classes is None:
        classes = (item.child.class_name for item in data.children)
    return set(classes) | staff_classes(data.staff_facts)
