"""What one command wrote, collected while it runs, for git to commit when it ends.

Every writer of a data folder file goes through `store.atomic.atomic_write`, which calls
`note_write` before it replaces the file: so a writer cannot forget to be committed. The
root command (cli/group.py) opens a `recording` around the command and hands what it
collected to `store.gitrepo.commit_recording` at the end. A use case of ops/ says what
happened (`describe`): the commit message, in Chinese whatever the output language, and the
teacher who did it. Standard library only: a command that writes nothing pays nothing.

For each path the blob id of its content before the command first wrote it is kept, when
its data folder is a git repository: a file whose content before did not match the last
commit held a hand edit, and is not committed behind the user's back (store/gitrepo.py).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAME = "liushou.yaml"  # store.layout's; not imported, to keep this module light


@dataclass(frozen=True)
class Author:
    """Who made a change: a staff member's id and name (the commit's author)."""

    id: str
    name: str


@dataclass
class Recording:
    """The files one command wrote (each with its blob id before, or None: absent, or no
    repository), and what the use cases said happened, by whom."""

    written: dict[Path, str | None] = field(default_factory=dict)
    summaries: list[str] = field(default_factory=list)
    author: Author | None = None
    by: str | None = None  # who, as the message names them (several recorders of a visit)
    recorded_by: tuple[str, ...] = ()  # the staff ids a record names (--by), named at commit
    headline: str | None = None  # what the whole command did, said in place of its steps
    mentioned: dict[str, set[str]] = field(default_factory=dict)
    # The data folders' locks kept from the first write to the commit (store.atomic).
    kept: dict[Path, contextlib.ExitStack] = field(default_factory=dict)

    def let_go(self) -> None:
        """Let go of every lock kept (the commit is made, or the command waits for a
        person, who must not keep other teachers waiting)."""
        for stack in self.kept.values():
            stack.close()
        self.kept.clear()


_active: Recording | None = None
_roots: dict[Path, Path | None] = {}  # a written file's folder -> its data folder if a repository


@contextlib.contextmanager
def recording() -> Iterator[Recording]:
    """Collect every write of the block (nested recordings share the outer one)."""
    global _active
    if _active is not None:
        yield _active
        return
    _active = Recording()
    try:
        yield _active
    finally:
        found, _active = _active, None
        _roots.clear()
        found.let_go()


def keep(root: Path, lock: Callable[[], contextlib.AbstractContextManager[None]]) -> None:
    """Keep the data folder `root`'s lock (`lock`, entered now) until the running
    recording ends; nothing outside one, or if it is kept already."""
    if _active is None or root in _active.kept:
        return
    stack = contextlib.ExitStack()
    stack.enter_context(lock())
    _active.kept[root] = stack


@contextlib.contextmanager
def waiting_for_a_person() -> Iterator[None]:
    """Around a question at the terminal: the locks kept are let go while it waits (the
    next write takes its folder's again)."""
    if _active is not None:
        _active.let_go()
    yield


def describe(summary: str, author: Author | None = None, by: str | None = None, *,
             recorded_by: str | Sequence[str] | None = None) -> None:
    """Say what the running command did (Chinese: the history's language, without who: the
    commit adds `— name`), and who did it: `author` and `by` (the names, if more than the
    author's), or `recorded_by`, the staff ids the record names (its --by), the first the
    author, their names looked up only when the commit is made; nothing outside a
    recording."""
    if _active is None:
        return
    _active.summaries.append(summary)
    if author is not None and _active.author is None:
        _active.author = author
        _active.by = by
    _recorded_by(_active, recorded_by)


def _recorded_by(active: Recording, recorded_by: str | Sequence[str] | None) -> None:
    """The staff ids a record names, if no one is named yet: the first is the author."""
    ids = (recorded_by,) if isinstance(recorded_by, str) else tuple(recorded_by or ())
    if ids and active.author is None and not active.recorded_by:
        active.recorded_by = ids


def headline(summary: str, *, recorded_by: str | Sequence[str] | None = None) -> None:
    """Say what the whole command did, in place of what each of its steps said (a census
    of a class is one line, not one a child); the last headline said wins. `recorded_by`:
    as describe's, the staff ids the records name."""
    if _active is not None:
        _active.headline = summary
        _recorded_by(_active, recorded_by)


def mention(group: str, member: str) -> set[str]:
    """Remember `member` under `group` for the running command; every member so far (to
    count what a command did step by step: the children a census checked)."""
    if _active is None:
        return {member}
    found = _active.mentioned.setdefault(group, set())
    found.add(member)
    return found


def note_write(path: Path) -> None:
    """Called by atomic_write just before `path` is replaced or created."""
    found = _active
    if found is None:
        return
    path = Path(os.path.abspath(path))
    if path in found.written:
        return
    before: str | None = None
    if repository_root(path) is not None:
        with contextlib.suppress(OSError):
            before = blob_id(path.read_bytes()) if path.is_file() else None
    found.written[path] = before


def repository_root(path: Path, fresh: bool = False) -> Path | None:
    """The data folder holding `path` (liushou.yaml within two folders up) if it is the top
    of a git repository (holds .git); None otherwise. A few stats, remembered per folder
    during a recording (`fresh`: looked at again, as `init` has made the repository since)."""
    folder = path.parent
    if folder in _roots and not fresh:
        return _roots[folder]
    found: Path | None = None
    for candidate in (folder, folder.parent, folder.parent.parent):
        if (path.name == CONFIG_NAME and candidate == folder) \
                or os.path.exists(candidate / CONFIG_NAME):
            found = candidate if os.path.exists(candidate / ".git") else None
            break
    _roots[folder] = found
    return found


def blob_id(data: bytes) -> str:
    """git's object id of a file holding `data` (sha-1 repositories)."""
    import hashlib  # only when a file is written: `liushou --help` imports this module

    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
