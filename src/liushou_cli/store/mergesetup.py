"""Our merge driver made known to git in one clone: `.gitattributes` (committed, so every
clone names the driver for our files), `merge.liushou.*` in the clone's own config (git
never copies config, so every clone needs this once), and the local files git must not see
(`.git/info/exclude`: the folder lock, killed writes' temporary files, a killed merge's).

`liushou sync` runs it in every clone before it merges. A driver already configured is kept
when git can still run it (a clone may wrap it); one whose program is gone (liushou moved
to another place) is written again.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from liushou_cli.store.atomic import atomic_write
from liushou_cli.store.gitrun import Repo

ATTRIBUTES = (
    "children/*.yaml    merge=liushou",
    "staff.yaml         merge=liushou",
    "liushou.yaml       merge=liushou",
    "censuses/*.yaml    merge=liushou",
    "activities/*.yaml  merge=liushou",
)
DRIVER_NAME = "liushou: merge records by their meaning"
_LOCAL_ONLY = (".liushou.lock", ".*.tmp", "*/.*.tmp", ".merge_file_*")


def driver_command() -> str:
    """How git should run liushou-merge-driver from this installation: the script beside
    this Python (a virtual environment's bin/), else the one on PATH, else the module."""
    beside = Path(sys.executable).with_name("liushou-merge-driver")
    if beside.is_file():
        program = shlex.quote(str(beside))
    elif shutil.which("liushou-merge-driver"):
        program = "liushou-merge-driver"
    else:
        program = f"{shlex.quote(sys.executable)} -m liushou_cli.mergedriver"
    return f"{program} %O %A %B %L %P"


def install_merge_driver(folder_root: Path) -> bool:
    """Make git in the repository at `folder_root` merge our files with our driver; True
    when .gitattributes was written (a change to commit)."""
    repo = Repo(folder_root)
    configured = repo.config("merge.liushou.driver")
    if configured is None or not _runnable(configured):
        repo.git("config", "merge.liushou.name", DRIVER_NAME)
        repo.git("config", "merge.liushou.driver", driver_command())
    # Inside .git: not a file of the folder's history, never noted for a commit.
    _add_lines(repo.path("info/exclude"), _LOCAL_ONLY, history=False)
    return _add_lines(folder_root / ".gitattributes", ATTRIBUTES)


def _runnable(command: str) -> bool:
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return False
    return Path(program).is_file() or shutil.which(program) is not None


def _add_lines(path: Path, lines: tuple[str, ...], *, history: bool = True) -> bool:
    """Append the lines `path` lacks (compared without spacing); True when it changed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    have = {" ".join(line.split()) for line in text.splitlines()}
    missing = [line for line in lines if " ".join(line.split()) not in have]
    if not missing:
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (text + "\n".join(missing) + "\n").encode("utf-8"), history=history)
    return True

