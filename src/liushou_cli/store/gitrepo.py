"""The data folder as a git repository: making one (`liushou init`), installing our merge
driver in a clone (`install_merge_driver`, for init, `liushou git setup` and sync), one
commit of exactly the files a command wrote (`commit_recording`), and the history read back
(`read_history`, for `liushou log`).

It lives in store/ because it opens and writes the data folder's files (.gitattributes, the
files git commits); it runs git as a program and imports nothing heavy. A folder that is
not the top of a repository is left alone: no git is run at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from liushou_cli.core.errors import LiushouError
from liushou_cli.i18n import t, t_in
from liushou_cli.store import mergesetup
from liushou_cli.store.atomic import atomic_write, folder_lock
from liushou_cli.store.gitrun import GitFailed, GitMissing, Repo
from liushou_cli.store.history import Author, Recording, blob_id, repository_root
from liushou_cli.store.layout import CONFIG_NAME, DataFolder
from liushou_cli.store.read import StaffFacts, staff_facts_or_fail

# The files merged by their meaning (store/merge.py); written by init, committed with it.
GITATTRIBUTES = ("# liushou 的文件按内容合并（liushou-merge-driver，见 docs/sharing.md）\n"
                 + "".join(line + "\n" for line in mergesetup.ATTRIBUTES))

# Settings for every git we run: paths shown as they are (not \\345...), no signing prompt.
_SETTINGS = ("-c", "core.quotepath=false", "-c", "commit.gpgsign=false")


def git_found() -> bool:
    """Whether a git program is on PATH."""
    return shutil.which("git") is not None


def is_repository(root: Path) -> bool:
    """Whether the data folder `root` is the top of a git repository."""
    return (root / ".git").exists()


def _git(root: Path, *args: str) -> str:
    """`git args...` in `root`, through store/gitrun.py's runner (a timeout, never a password
    prompt); its output, or a LiushouError naming the command and git's complaint."""
    try:
        return Repo(root).git(*_SETTINGS, *args)
    except GitFailed as error:
        raise LiushouError(t("git_failed", command=f"git {args[0]}",
                             reason=error.complaint)) from None
    except GitMissing:
        raise LiushouError(t("git_missing")) from None


def _has_commits(root: Path) -> bool:
    return Repo(root).ok(*_SETTINGS, "rev-parse", "-q", "--verify", "HEAD")


def init_repository(root: Path) -> None:
    """Make the new data folder `root` a repository: git init, .gitattributes (noted for
    the command's commit like any file written), our merge driver in its config."""
    _git(root, "-c", "init.defaultBranch=main", "init", "-q")
    atomic_write(root / ".gitattributes", GITATTRIBUTES.encode())
    install_merge_driver(root)


def install_merge_driver(folder: Path) -> None:
    """Register liushou's merge driver in the repository at `folder` (the data folder's
    root): git does not copy config, so every clone needs this once (init, `git setup` and
    every sync run it). The work is store/mergesetup.py's, the one installer."""
    if not git_found():
        raise LiushouError(t("git_missing"))
    if not is_repository(folder):
        raise LiushouError(t("git_not_repository", path=folder))
    mergesetup.install_merge_driver(folder)


def commit_recording(recording: Recording, fallback: str | None) -> list[str]:
    """Commit exactly the files `recording` holds, one commit per repository they are in,
    with its message and author (`fallback`, the user's name, when no use case named one).
    A file whose content before the command was not its last committed content held a
    hand edit: it is left uncommitted, and said so. Returns the lines to show (translated);
    a failing git is one of them, never an error: the files are written either way."""
    by_root: dict[Path, list[Path]] = {}
    for path in recording.written:
        root = repository_root(path, fresh=True)
        if root is not None:
            by_root.setdefault(root, []).append(path)
    if not by_root:
        return []
    if not git_found():
        return [t("git_missing_not_committed")]
    notices: list[str] = []
    for root, paths in by_root.items():
        try:
            notices += _commit(root, paths, recording, fallback)
        except LiushouError as error:
            notices.append(t("git_not_committed", reason=str(error)))
    return notices


def _commit(root: Path, paths: Sequence[Path], recording: Recording,
            fallback: str | None) -> list[str]:
    names = {path: path.relative_to(root).as_posix() for path in paths}
    committed = _committed_blobs(root, list(names.values()))
    notices: list[str] = []
    chosen: list[str] = []
    for path, name in names.items():
        if _as_committed(path, committed.get(name)):
            continue  # committed by the command itself (sync's own commits): nothing to say
        if recording.written[path] != committed.get(name):
            notices.append(t("git_hand_edit_kept", path=name))
        elif path.exists() or name in committed:
            chosen.append(name)
    if not chosen:
        return notices
    author, by = _author(root, recording, fallback)
    who = author.name if author else (fallback or "liushou")
    email = f"{author.id if author else 'liushou'}@{school_slug(root)}.liushou.invalid"
    what = recording.headline or "；".join(recording.summaries) or _default_subject(chosen)
    subject = t_in("zh", "history_by", what=what, by=by or who)
    with _data_folder_lock(root) as locked:
        # `--only` leaves whatever else is staged as it is, but builds the commit from a
        # second index made from the last commit: at a county's 20,000 files that is three
        # passes over its tree where a commit of the index makes one (about 90 ms against
        # 50). When nothing is staged, and no other liushou can stage its files meanwhile
        # (the data folder's lock), the index with `chosen` added is exactly `chosen`: git
        # adds them itself (`--include`, one git where `add` was another 20 ms), unless one
        # is new to git, which a commit naming it would refuse.
        alone = locked and _nothing_staged(root)
        if alone and all(name in committed for name in chosen):
            how: tuple[str, ...] = ("--include", "--", *chosen)
        else:
            _git(root, "add", "--", *chosen)
            how = () if alone else ("--only", "--", *chosen)
        _git(root, "-c", f"user.name={who}", "-c", f"user.email={email}", "commit", "-q",
             "--no-verify", f"--author={who} <{email}>", "-m", subject, *how)
    return notices


@contextlib.contextmanager
def _data_folder_lock(root: Path) -> Iterator[bool]:
    """The lock of the data folder at the top of the repository `root` (True), held while a
    command's files are committed; False, and no lock, when `root` is not a data folder or
    its lock cannot be taken (a read-only disk, another writer past the wait): the commit
    then takes `--only`."""
    with contextlib.ExitStack() as stack:
        locked = (root / CONFIG_NAME).is_file()
        if locked:
            try:
                stack.enter_context(folder_lock(DataFolder(root).lock_path))
            except (OSError, LiushouError):
                locked = False
        yield locked


def _nothing_staged(root: Path) -> bool:
    """Whether the index holds the last commit and nothing more (no commit yet: False)."""
    return Repo(root).ok(*_SETTINGS, "diff-index", "--cached", "--quiet", "HEAD", "--")


def _author(root: Path, recording: Recording,
            fallback: str | None) -> tuple[Author | StaffFacts | None, str | None]:
    """Who the commit is by, and the names its message gives: the teacher the use case
    named, else the first one the record names (--by; all of them in the message, as
    staff.yaml names them), else the user (LIUSHOU_USER)."""
    if recording.author is not None:
        return recording.author, recording.by
    if recording.recorded_by:
        try:
            names = {member.id: member.name for member in staff_facts_or_fail(DataFolder(root))}
        except LiushouError:
            names = {}
        shown = [names.get(staff_id, staff_id) for staff_id in recording.recorded_by]
        return Author(recording.recorded_by[0], shown[0]), "、".join(shown)
    return _staff_member(root, fallback), None


def _staff_member(root: Path, user: str | None) -> StaffFacts | None:
    """The teacher LIUSHOU_USER names (an id or a name in staff.yaml), for a command that
    named nobody itself: the history then shows 王建国, not T001. None when it names no one
    (or staff.yaml cannot be read: the commit still goes in, under the name as typed)."""
    if not user:
        return None
    try:
        staff = staff_facts_or_fail(DataFolder(root))
    except LiushouError:
        return None
    return next((member for member in staff if user.strip() in (member.id, member.name)), None)


def _default_subject(names: Sequence[str]) -> str:
    """What a commit no use case described did: which files it changed, in Chinese."""
    shown = "、".join(names[:3]) + ("等" if len(names) > 3 else "")
    return t_in("zh", "history_files_changed", files=shown)


def _as_committed(path: Path, committed: str | None) -> bool:
    """Whether the file is now exactly as the last commit holds it (absent from both too)."""
    try:
        now = blob_id(path.read_bytes()) if path.is_file() else None
    except OSError:
        return False
    return now == committed


def _committed_blobs(root: Path, names: list[str]) -> dict[str, str]:
    """The blob id of each of `names` in the last commit (none before the first)."""
    if not _has_commits(root):
        return {}
    listed = _git(root, "ls-tree", "-z", "HEAD", "--", *names)
    blobs: dict[str, str] = {}
    for entry in listed.split("\0"):
        if "\t" in entry:
            meta, name = entry.split("\t", 1)
            blobs[name] = meta.split()[2]
    return blobs


_SCHOOL = re.compile(r"^school:[ \t]*['\"]?(.*?)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)


def school_slug(root: Path) -> str:
    """A stable made-up mail domain part for the school: the same in every clone (from
    liushou.yaml's school name), ASCII whatever the name."""
    try:
        text = (root / CONFIG_NAME).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = ""
    match = _SCHOOL.search(text)
    name = match.group(1) if match else ""
    return "s" + hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:8]


@dataclass(frozen=True)
class Commit:
    """One commit of the history as `liushou log` shows it."""

    commit: str
    when: str  # ISO 8601 with the offset, as git gives it
    author: str
    email: str
    message: str
    files: tuple[str, ...]


_SEPARATOR = "\x1e"
_FIELD = "\x1f"


def read_history(root: Path, path: str | None = None, limit: int | None = None) -> list[Commit]:
    """The commits of the repository at `root`, newest first; only those that changed
    `path` (relative to root, followed through renames) when given."""
    if not git_found():
        raise LiushouError(t("git_missing"))
    if not is_repository(root):
        raise LiushouError(t("git_not_repository", path=root))
    if not _has_commits(root):
        return []
    args = ["log", f"--format={_SEPARATOR}%H{_FIELD}%aI{_FIELD}%an{_FIELD}%ae{_FIELD}%s{_FIELD}",
            "--name-only"]
    if limit is not None:
        args.append(f"-n{limit}")
    if path is not None:
        # Through a rename: a child given a new id at sync keeps the history of its old file.
        args += ["--follow", "--", path]
    commits: list[Commit] = []
    for record in _git(root, *args).split(_SEPARATOR)[1:]:
        commit, when, author, email, message, files = record.split(_FIELD, 5)
        commits.append(Commit(commit, when, author, email, message,
                              tuple(line for line in files.splitlines() if line)))
    return commits
