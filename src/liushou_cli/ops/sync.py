"""`liushou sync`: the data folder's git repository brought level with its remote. In order:
our merge driver installed in this clone; a sync killed half-way finished or undone; hand
edits checked and, when the user agrees, committed; the remote fetched (unreachable: said,
and the local commits kept); two different children given one file name on two laptops
told apart (ours renamed); the remote's commits merged by our driver; the folder checked;
the result pushed (and the round tried again when someone pushed meanwhile).

A merge git cannot finish (a file our driver had to leave to git's line merge) is undone at
once: the folder never keeps git's conflict markers, and the teacher is told which files. A
file deleted on one side and changed on the other is no such file: the changed one is kept
(nothing recorded is lost), the merge finishes, and the teacher is told.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NoReturn
from urllib.parse import urlsplit

from liushou_cli.core.errors import LiushouError, Problem, SystemFailure
from liushou_cli.core.model import Child
from liushou_cli.core.workers import ctrl_c_ignored
from liushou_cli.i18n import t
from liushou_cli.lookup.finder import find_staff
from liushou_cli.ops.activities import rename_child_in_activities
from liushou_cli.ops.ids import CHILD_SUFFIX, numbered_child_id, random_id
from liushou_cli.reports.check import CheckDerivation, check_dataset
from liushou_cli.store.edit import edit_document
from liushou_cli.store.gitrepo import school_slug
from liushou_cli.store.gitrun import GitFailed, GitMissing, Identity, Repo
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.mergesetup import install_merge_driver
from liushou_cli.store.read import load_dataset, load_staff
from liushou_cli.store.yamlio import parse_mapping

# Code-hosting sites where a repository is often public: a minor's records must never be.
PUBLIC_HOSTS = ("github.com", "gitee.com", "gitlab.com", "bitbucket.org", "codeberg.org",
                "gitcode.com", "gitcode.net", "coding.net", "jihulab.com")
_ROUNDS = 5  # fetch-merge-push rounds when others keep pushing meanwhile
# How a git stopped by Ctrl-C ends: killed by SIGINT, or exiting 128 + SIGINT.
_BY_CTRL_C = (-signal.SIGINT, 128 + signal.SIGINT)


class Offline(SystemFailure):
    """The remote could not be reached: the local commits stay, to be sent next time."""


@dataclass(frozen=True)
class SyncOptions:
    """What the command line decided: the remote (None: the branch's own, else origin),
    whether to commit hand edits (None: ask), the day and the user at the keyboard."""

    remote: str | None
    commit_edits: bool | None
    today: date
    user: str | None


Say = Callable[[str], None]
Ask = Callable[[list[str]], bool]


def public_host(url: str) -> str | None:
    """The public code-hosting site a remote's address points at, if any."""
    if "://" in url:
        host = urlsplit(url).hostname or ""
    else:  # scp-like: git@gitee.com:school/folder.git
        host = url.split(":", 1)[0].rpartition("@")[2] if ":" in url else ""
    host = host.lower()
    return next((site for site in PUBLIC_HOSTS if host == site or host.endswith("." + site)),
                None)


def repository(folder: DataFolder) -> Repo:
    """The folder's repository, or a LiushouError saying how to make one."""
    try:
        repo = Repo.of(folder)
    except GitMissing:
        raise LiushouError(t("git_missing")) from None
    if repo is None:
        raise LiushouError(t("sync_not_a_repository", path=folder.root))
    return repo


def identity(folder: DataFolder, repo: Repo, user: str | None) -> Identity:
    """Who commits: the teacher LIUSHOU_USER names in staff.yaml (a stable made-up address
    from the staff id), else git's own setting, else the user's words as typed."""
    # The school in the address, as a command's own commits have it (store.gitrepo): one
    # teacher id in two schools of a county is two people.
    school = school_slug(folder.root)
    if user:
        staff, _ = load_staff(folder)
        try:
            member = find_staff(staff, user)
        except LiushouError:
            return Identity(user, f"liushou@{school}.liushou.invalid")
        return Identity(member.name, f"{member.id}@{school}.liushou.invalid")
    name = repo.config("user.name")
    return Identity(name or "liushou",
                    repo.config("user.email") or f"liushou@{school}.liushou.invalid")


def add_remote(folder: DataFolder, name: str, url: str) -> str | None:
    """`git remote add NAME URL` in the folder's repository; the public site it is on, if
    any (the caller warns)."""
    repo = repository(folder)
    if name in repo.remotes():
        raise LiushouError(t("remote_exists", name=name))
    try:
        repo.git("remote", "add", name, url)
    except GitFailed as failure:
        raise LiushouError(t("sync_git_failed", reason=failure.complaint)) from None
    site = public_host(url)
    if site:
        repo.git("config", f"remote.{name}.liushou-warned", "true")
    return site


def sync(folder: DataFolder, options: SyncOptions, say: Say, ask: Ask | None) -> None:
    """One `liushou sync`; raises LiushouError (Offline when the remote is out of reach)."""
    repo = repository(folder)
    who = identity(folder, repo, options.user)
    recover(repo, say)
    if install_merge_driver(repo.root):
        repo.git("add", "--", ".gitattributes")
        repo.git("commit", "-q", "--no-verify", "-m", f"合并设置 .gitattributes — {who.name}",
                 "--", ".gitattributes", who=who)
        say(t("sync_driver_installed"))
    remote = _remote(repo, options.remote)
    url = repo.config(f"remote.{remote}.url") or remote
    site = public_host(url)
    if site and repo.config(f"remote.{remote}.liushou-warned") is None:
        say(t("remote_public", site=site, url=url))
        repo.git("config", f"remote.{remote}.liushou-warned", "true")
    _commit_edits(folder, repo, who, options, say, ask)
    branch = repo.branch()
    for _ in range(_ROUNDS):
        got = _pull(folder, repo, who, remote, branch, options, say)
        problems = _checked(folder, options.today)
        if _errors(problems):
            raise LiushouError(t("sync_check_errors", count=_errors(problems),
                                 errors=_first_errors(problems)))
        if _push(repo, remote, branch):
            say(t("sync_done", remote=remote, received=got))
            # The conflicts no one has settled, this merge's or older, as the check found
            # them: a teacher who runs only sync learns of them here.
            conflicted = {problem.path for problem in problems
                          if problem.code == "merge_conflict"}
            if conflicted:
                say(t("sync_open_conflicts", count=len(conflicted)))
            return
        say(t("sync_again"))
    raise LiushouError(t("sync_busy", remote=remote))


def recover(repo: Repo, say: Say) -> None:
    """Finish or undo a sync that was killed while it merged: its marker names the commit
    the merge started from. Merged and committed: nothing to undo. Otherwise git's lock, a
    half-done merge and the driver's temporary files are removed, the folder as it was."""
    mark = repo.merge_mark()
    if mark is None:
        return
    pid, start, theirs = mark
    if pid and pid != os.getpid() and _alive(pid):
        raise LiushouError(t("sync_running", pid=pid))
    with ctrl_c_ignored():
        say(t(_undo_merge(repo, start, theirs)))
        repo.clear_merge_mark()


def _undo_merge(repo: Repo, start: str, theirs: str | None) -> str:
    """Put the folder back as it was at `start` after a merge with `theirs` that did not
    end; the catalog's key for what was found. Merged and committed already: kept. Else
    git's lock (its git is gone), the driver's temporary files and a merge under way go;
    then the files the merge wrote without finishing (a git killed before it noted the
    merge) are put back from `start`, and those it added removed, each only among the files
    the merge changes (a hand edit made since to another file stays)."""
    repo.remove_index_lock()
    repo.remove_merge_leftovers()
    merging = repo.merging()
    if merging:
        repo.git("merge", "--abort")
    elif repo.head() != start:
        return "sync_finished_before"
    changed = set(repo.changed_files())
    if theirs is None:  # a mark of an earlier version: before a merge the tree is clean
        if changed:
            repo.git("reset", "-q", "--hard", start)
        return "sync_undone" if merging or changed else "sync_nothing_merged"
    touched = [path for path in repo.git("diff", "--name-only", "-z", "--no-renames", start,
                                         theirs).split("\0") if path in changed]
    for path in touched:
        if repo.ok("cat-file", "-e", f"{start}:{path}"):
            repo.git("checkout", "-q", start, "--", path)
        else:
            repo.git("rm", "-q", "--cached", "--ignore-unmatch", "--", path)
            (repo.root / path).unlink(missing_ok=True)
    return "sync_undone" if merging or touched else "sync_nothing_merged"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remote(repo: Repo, asked: str | None) -> str:
    remotes = repo.remotes()
    if asked is not None:
        if asked not in remotes:
            raise LiushouError(t("remote_unknown", name=asked))
        return asked
    try:
        upstream = repo.config(f"branch.{repo.branch()}.remote")
    except GitFailed:
        upstream = None
    if upstream in remotes:
        return str(upstream)
    if "origin" in remotes or len(remotes) != 1:
        if "origin" not in remotes:
            raise LiushouError(t("sync_no_remote"))
        return "origin"
    return remotes[0]


def _checked(folder: DataFolder, today: date) -> list[Problem]:
    """Every problem `check` finds in the folder."""
    data = load_dataset(folder, derive=lambda config, members: CheckDerivation(
        folder, members, today, config), today=today, broken_staff_ok=True)
    return check_dataset(data, today)


def _first_errors(problems: list[Problem], shown: int = 5) -> str:
    """The first `shown` errors, a line each as check prints them (file:line: what), and
    how many more there are: the teacher sees what stops the sync without running check."""
    errors = [problem for problem in problems if problem.severity == "error"]
    lines = [f"  {problem.where()}: {problem.message}" for problem in errors[:shown]]
    if len(errors) > shown:
        lines.append("  " + t("more_errors", count=len(errors) - shown))
    return "\n".join(lines)


def _errors(problems: list[Problem]) -> int:
    """How many of `problems` are errors (warnings, open conflicts among them, do not stop a
    sync)."""
    return sum(1 for problem in problems if problem.severity == "error")


def _commit_edits(folder: DataFolder, repo: Repo, who: Identity, options: SyncOptions,
                  say: Say, ask: Ask | None) -> None:
    """Changes not committed yet: checked first, then committed when the user says so."""
    changed = repo.changed_files()
    if not changed:
        return
    problems = _checked(folder, options.today)
    if _errors(problems):
        raise LiushouError(t("sync_edits_check_errors", count=_errors(problems),
                             errors=_first_errors(problems)))
    if options.commit_edits is None:
        if ask is None:
            raise LiushouError(t("sync_edits_need_answer", files=_said(changed)))
        if not ask(changed):
            raise LiushouError(t("sync_edits_kept"))
    elif not options.commit_edits:
        raise LiushouError(t("sync_edits_kept"))
    repo.git("add", "-A", "--", ".")
    repo.git("commit", "-q", "--no-verify", "-m", f"手工修改 {_listed(changed)} — {who.name}",
             who=who)
    say(t("sync_edits_committed", count=len(changed)))


def _listed(files: list[str]) -> str:
    """The first five files and how many in all, as the history writes them (Chinese)."""
    shown = "、".join(files[:5])
    return shown + (f" 等 {len(files)} 个文件" if len(files) > 5 else "")


def _said(files: list[str]) -> str:
    """The same, in the output language (`_listed` is the history's)."""
    shown = t("list_sep").join(files[:5])
    return t("files_and_more", files=shown, count=len(files)) if len(files) > 5 else shown


def _pull(folder: DataFolder, repo: Repo, who: Identity, remote: str, branch: str,
          options: SyncOptions, say: Say) -> int:
    """Fetch and merge the remote's branch; the number of commits received."""
    try:
        repo.git("fetch", "-q", remote, network=True)
    except GitFailed as failure:
        url = repo.config(f"remote.{remote}.url") or ""
        where = _local_folder(url)
        if where is not None and not (repo.root / where).exists():
            # A folder (a USB stick, a shared drive): not plugged in, or the address is
            # wrong; waiting for a network helps neither.
            raise Offline(t("sync_remote_folder_missing", remote=remote, url=url)) from None
        raise Offline(t("sync_offline", remote=remote, reason=failure.complaint)) from None
    theirs = f"refs/remotes/{remote}/{branch}"
    if not repo.ok("rev-parse", "--verify", "-q", theirs):
        return 0  # the remote is new and empty: nothing to merge
    head = repo.head()
    if head is None:  # a clone that has nothing yet takes the remote's
        repo.git("reset", "-q", "--hard", theirs)
        return repo.count(theirs)
    received = repo.count(f"HEAD..{theirs}")
    if received == 0:
        return 0
    base = repo.git("merge-base", "HEAD", theirs).strip()
    _rename_collisions(folder, repo, who, base, theirs, options, say)
    start, other = repo.head() or "", repo.git("rev-parse", theirs).strip()
    repo.mark_merge(os.getpid(), start, other)
    try:
        repo.git("merge", "-q", "--no-edit", "--no-verify", "-m",
                 f"同步 {remote} — {who.name}", theirs, who=who, merging=True)
    except BaseException as failure:
        kept = _keep_changed(repo, who, f"同步 {remote} — {who.name}") if isinstance(
            failure, GitFailed) and failure.status not in _BY_CTRL_C else None
        if kept is None:
            _undone(repo, start, other, failure)
        for path in kept or ():
            say(t("sync_kept_child" if path.startswith(f"{folder.rel(folder.children_dir)}/")
                  else "sync_kept_file", file=path))
    repo.clear_merge_mark()
    return received


def _undone(repo: Repo, start: str, other: str, failure: BaseException) -> NoReturn:
    """The merge of `other` into `start` undone after `failure`, which goes on: refused,
    killed or interrupted (Ctrl-C reaches git and its merge driver too), the folder goes back
    as it was, never left half-merged for the next sync to take for hand edits and commit in
    someone else's name."""
    unmerged = repo.unmerged_files() if isinstance(failure, GitFailed) else []
    with ctrl_c_ignored():
        _undo_merge(repo, start, other)
        repo.clear_merge_mark()
    if not isinstance(failure, GitFailed):
        raise failure
    if failure.status in _BY_CTRL_C:
        raise KeyboardInterrupt from None
    if unmerged:
        raise LiushouError(t("sync_merge_failed", files=_said(unmerged))) from None
    raise LiushouError(t("sync_git_failed", reason=failure.complaint)) from None


def _keep_changed(repo: Repo, who: Identity, message: str) -> list[str] | None:
    """A merge stopped only by files deleted on one side and changed on the other (a child's
    file deleted by hand, a talk recorded with the child meanwhile): each kept as changed,
    which git left in the folder, and the merge committed; those files. None when anything
    else stopped it (a file left to git's line merge): the merge is to be undone."""
    stages = repo.unmerged_stages()
    if not stages or any(found not in ({"1", "2"}, {"1", "3"}) for found in stages.values()):
        return None
    paths = sorted(stages)
    if not all((repo.root / path).is_file() for path in paths):
        return None
    repo.git("add", "--", *paths)
    repo.git("commit", "-q", "--no-verify", "-m", message, who=who)
    return paths


def _local_folder(url: str) -> str | None:
    """The folder a remote's address names on this computer; None for a URL or host:path."""
    if url.startswith("file://"):
        return url.removeprefix("file://")
    if not url or "://" in url:
        return None
    head = url.replace("\\", "/").split("/", 1)[0]
    # scp-like `git@host:school.git` is a server; a Windows drive `E:` starts a path.
    return url if ":" not in head or (len(head) == 2 and head[0].isalpha()) else None


def _push(repo: Repo, remote: str, branch: str) -> bool:
    """Push; False when the remote moved on meanwhile (fetch and merge again)."""
    try:
        repo.git("push", "-q", remote, f"HEAD:refs/heads/{branch}", network=True)
    except GitFailed as failure:
        words = failure.complaint.lower()
        if "rejected" in words or "fetch first" in words or "non-fast-forward" in words:
            return False
        raise Offline(t("sync_push_failed", remote=remote, reason=failure.complaint)) from None
    if repo.config(f"branch.{branch}.remote") is None:
        repo.git("branch", "-q", f"--set-upstream-to={remote}/{branch}")
    return True


# ---- two children, one file name -----------------------------------------------------------
def _rename_collisions(folder: DataFolder, repo: Repo, who: Identity, base: str, theirs: str,
                       options: SyncOptions, say: Say) -> None:
    """A child file both sides added since they parted, holding two different children (a
    roster imported on two laptops numbers both c0041): ours takes the next id free on both
    sides, and our activity files naming it follow, in a commit of their own, before the
    merge. The same child added twice (one ID
    number, or one name and birth date) is left to the merge driver."""
    under = folder.rel(folder.children_dir)
    ours_new = set(repo.added_between(base, "HEAD", under))
    clashes = sorted(ours_new & set(repo.added_between(base, theirs, under)))
    renamed: list[str] = []
    for path in clashes:
        mine, other = parse_mapping(repo.show("HEAD", path)), parse_mapping(repo.show(theirs, path))
        if not isinstance(mine, dict) or not isinstance(other, dict) or _same_child(mine, other):
            continue
        taken = {name.removesuffix(".yaml") for name in repo.names_in(theirs, under)} | {
            child.stem for child in folder.child_files()}
        new_id = _free_id(path, taken)
        new_path = folder.child_path(new_id)
        repo.git("mv", path, folder.rel(new_path))
        with edit_document(folder, new_path, Child, options.today) as edit:
            edit.data["id"] = new_id
        old_id = path.rsplit("/", 1)[-1].removesuffix(".yaml")
        # Our activity files name our child: theirs, merged next, keep naming theirs.
        naming = rename_child_in_activities(folder, old_id, new_id, options.today)
        repo.git("add", "--", folder.rel(new_path), *(folder.rel(file) for file in naming))
        say(t("sync_renamed", name=mine.get("name", ""), old=old_id, new=new_id,
              other=other.get("name", "")))
        renamed.append(f"{mine.get('name', '')} {old_id}→{new_id}")
    if renamed:
        repo.git("commit", "-q", "--no-verify", "-m",
                 f"改编号 {'、'.join(renamed)}(与同步来的学生同号)— {who.name}", who=who)


def _free_id(path: str, taken: set[str]) -> str:
    """An id for the renamed child, free on both sides: a numbered id (an old folder, or a
    roster's) takes the next number, which a teacher expects; any other a random one."""
    old_id = path.rsplit("/", 1)[-1].removesuffix(".yaml")
    if re.fullmatch(r"c\d+", old_id):
        return numbered_child_id(taken)
    return random_id("c", CHILD_SUFFIX, taken)


def _same_child(mine: dict[str, object], other: dict[str, object]) -> bool:
    if mine.get("id_number") and mine.get("id_number") == other.get("id_number"):
        return True
    return bool(mine.get("name")) and (mine.get("name"), mine.get("birth_date")) == (
        other.get("name"), other.get("birth_date"))
