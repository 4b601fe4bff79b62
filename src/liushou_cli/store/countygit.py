"""`liushou county pull`: each school listed with a remote is cloned into its folder, or its
clone brought up to date, read-only: a fast-forward only, nothing committed or pushed.

git runs through store/gitrun.py's runner (timeouts, no password prompt). A clone the
bureau changed by hand is not merged into: git refuses the fast-forward, and that school's
line says so; the other schools are still pulled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from liushou_cli.store.gitrun import GitFailed, GitMissing, Repo

Pulled = tuple[Literal["cloned", "updated", "unchanged", "failed"], str]


def pull_school(remote: str, folder: Path) -> Pulled:
    """Clone `remote` into `folder` (when it is not there yet) or fast-forward it; what
    happened and git's complaint if it failed."""
    try:
        if not (folder / ".git").exists():
            folder.parent.mkdir(parents=True, exist_ok=True)
            Repo(folder.parent).git("clone", "--quiet", remote, str(folder), network=True)
            return "cloned", ""
        repo = Repo(folder)
        before = repo.head()
        repo.git("pull", "--ff-only", "--quiet", network=True)
        return ("unchanged" if repo.head() == before else "updated"), ""
    except GitMissing:
        return "failed", "git"
    except GitFailed as error:
        return "failed", error.complaint
    except OSError as error:
        return "failed", str(error)
