"""The data folder's git repository, as `liushou sync` and `liushou remote` use it: git run
in the folder (never a shell), the answers it gives read back as plain values, and what an
interrupted sync left behind.

Git is a program of its own, found on PATH; every call has a timeout (a network remote that
never answers must not hang a teacher's laptop). A failing call becomes GitFailed with git's
own first line of complaint, for the layer above to word.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from liushou_cli.store.layout import DataFolder

# A fetch or push over a slow county network can take a while; a local command never does,
# but for a merge: git runs our driver once for every file both sides changed, a fraction of
# a second each, so a term's work on a thousand children merged at once takes minutes.
_NETWORK_SECONDS = 300
_LOCAL_SECONDS = 120
_MERGE_SECONDS = 3600
_MARK = "liushou-sync"  # .git/liushou-sync: "pid commit theirs" while a sync merges


class GitFailed(Exception):
    """A git command that did not succeed: its arguments, status and complaint."""

    def __init__(self, args: tuple[str, ...], status: int, complaint: str) -> None:
        super().__init__(complaint)
        self.args_given = args
        self.status = status
        self.complaint = complaint


class GitMissing(Exception):
    """git is not installed (not on PATH)."""


@dataclass(frozen=True)
class Identity:
    """Who a commit is by: a teacher's name and a stable made-up address."""

    name: str
    email: str


@dataclass(frozen=True)
class Repo:
    """A git working tree: its top folder."""

    root: Path

    @staticmethod
    def of(folder: DataFolder) -> Repo | None:
        """The repository the data folder is the top of (or lies in); None when it is in none."""
        try:
            done = _run(folder.root, ("rev-parse", "--show-toplevel"), _LOCAL_SECONDS, None)
        except GitFailed:
            return None
        return Repo(Path(done.strip()))

    def git(self, *args: str, who: Identity | None = None, network: bool = False,
            merging: bool = False) -> str:
        """Run `git args...` here (`network`: it reaches the remote; `merging`: it runs the
        merge driver file after file); its standard output. GitFailed when it fails."""
        seconds = _NETWORK_SECONDS if network else _MERGE_SECONDS if merging else _LOCAL_SECONDS
        return _run(self.root, args, seconds, who)

    def ok(self, *args: str) -> bool:
        """Whether `git args...` succeeds (a question asked of git, like `rev-parse --verify`)."""
        try:
            self.git(*args)
        except GitFailed:
            return False
        return True

    def path(self, name: str) -> Path:
        """A file in the repository's own folder (.git/NAME), wherever git keeps it."""
        return self.root / self.git("rev-parse", "--git-path", name).strip()

    def config(self, key: str) -> str | None:
        try:
            return self.git("config", "--get", key).strip() or None
        except GitFailed:
            return None

    def head(self) -> str | None:
        """The current commit, None in a repository with no commit yet."""
        try:
            return self.git("rev-parse", "--verify", "-q", "HEAD").strip()
        except GitFailed:
            return None

    def branch(self) -> str:
        """The checked-out branch's name (also before its first commit)."""
        return self.git("symbolic-ref", "--short", "HEAD").strip()

    def changed_files(self) -> list[str]:
        """Files changed, added or removed in the working tree and not committed (untracked
        ones included, ignored ones not), as paths from the top."""
        out = self.git("status", "--porcelain=v1", "-z", "--untracked-files=all")
        names: list[str] = []
        entries = out.split("\0")
        index = 0
        while index < len(entries):
            entry = entries[index]
            index += 1
            if not entry:
                continue
            names.append(entry[3:])
            if entry[0] in "RC":  # a rename names its source next
                index += 1
        return names

    def unmerged_files(self) -> list[str]:
        """Files git left unmerged, as paths from the top, in order."""
        return sorted(self.unmerged_stages())

    def unmerged_stages(self) -> dict[str, set[str]]:
        """Each file git left unmerged -> the stages the index holds of it ("1" the base,
        "2" ours, "3" theirs: {"1", "2"} is a file they deleted and we changed). Read
        NUL-separated, so that a Chinese name is not quoted in octal escapes (说明.txt, not
        "\\350\\257...") and a name with a space stays one name."""
        stages: dict[str, set[str]] = {}
        for line in self.git("ls-files", "-u", "-z").split("\0"):
            if line:
                info, _, path = line.partition("\t")
                stages.setdefault(path, set()).add(info.split()[-1])
        return stages

    def added_between(self, base: str, tip: str, under: str) -> list[str]:
        """Files under `under` that `tip` has and `base` had not."""
        out = self.git("diff", "--name-only", "--no-renames", "--diff-filter=A", "-z", base,
                       tip, "--", under)
        return [name for name in out.split("\0") if name]

    def names_in(self, revision: str, under: str) -> list[str]:
        """The file names in a folder of a commit."""
        out = self.git("ls-tree", "--name-only", "-z", f"{revision}:{under}")
        return [name for name in out.split("\0") if name]

    def show(self, revision: str, path: str) -> str:
        return self.git("show", f"{revision}:{path}")

    def count(self, range_: str) -> int:
        return int(self.git("rev-list", "--count", range_).strip() or 0)

    def remotes(self) -> list[str]:
        return self.git("remote").split()

    def merging(self) -> bool:
        """Whether a merge is under way (git wrote MERGE_HEAD and waits for its end)."""
        return self.path("MERGE_HEAD").exists()

    def mark_merge(self, pid: int, head: str, theirs: str) -> None:
        """Note, before a merge starts, which process merges, from which commit and with
        which, so that the next sync can tell a merge killed half-way (`merge_mark`)."""
        self.path(_MARK).write_text(f"{pid} {head} {theirs}\n", encoding="utf-8")

    def merge_mark(self) -> tuple[int, str, str | None] | None:
        """The process and commit a merge that did not end started from, and the commit it
        merged (None in a mark of an earlier version), if any."""
        try:
            words = self.path(_MARK).read_text(encoding="utf-8").split()
        except FileNotFoundError:
            return None
        pid = words[0] if words else ""
        return ((int(pid) if pid.isdigit() else 0), words[1] if len(words) > 1 else "",
                words[2] if len(words) > 2 else None)

    def clear_merge_mark(self) -> None:
        self.path(_MARK).unlink(missing_ok=True)

    def remove_index_lock(self) -> None:
        """git's index.lock, left by a git killed while it held it (only when the process
        that ran that git is known to be gone)."""
        self.path("index.lock").unlink(missing_ok=True)

    def remove_merge_leftovers(self) -> None:
        """The temporary files git writes for a merge driver (.merge_file_XXXXXX at the top),
        left behind when the merge was killed."""
        for leftover in self.root.glob(".merge_file_*"):
            if leftover.is_file() and not leftover.is_symlink():
                leftover.unlink()


def _run(cwd: Path, args: tuple[str, ...], seconds: int, who: Identity | None) -> str:
    env = dict(os.environ)
    env["LC_ALL"] = "C"  # git's complaints are read back; the user reads ours
    env["GIT_TERMINAL_PROMPT"] = "0"  # a password prompt would hang a sync: fail instead
    if who is not None:
        env.update(GIT_AUTHOR_NAME=who.name, GIT_AUTHOR_EMAIL=who.email,
                   GIT_COMMITTER_NAME=who.name, GIT_COMMITTER_EMAIL=who.email)
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env,
                              timeout=seconds, check=False, stdin=subprocess.DEVNULL)
    except FileNotFoundError as error:
        raise GitMissing() from error
    except subprocess.TimeoutExpired as error:
        raise GitFailed(args, -1, f"timed out after {seconds} s") from error
    out = done.stdout.decode("utf-8", "replace")
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        lines = [line for line in err if line.strip()] or out.strip().splitlines() or [""]
        complaint = next((line for line in lines if line.startswith(("fatal:", "error:"))),
                         lines[0])
        raise GitFailed(args, done.returncode, complaint.strip())
    return out
