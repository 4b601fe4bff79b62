"""Which of the folder's files hold open merge conflicts, found without parsing: a merge
(store/merge.py) writes them under a top-level `conflicts:` key, so a file holds one when a
line starts with it. Every report says how many (one line on stderr) at the cost of reading
the files' bytes, about a millisecond per hundred files.
"""

from __future__ import annotations

import re
from pathlib import Path

from liushou_cli.store.layout import DataFolder, read_no_follow

_OPEN = re.compile(rb"(?m)^conflicts:[ \t]*(#.*)?\r?\n[ \t]*-")


def files_with_conflicts(folder: DataFolder) -> list[Path]:
    """The data files whose `conflicts:` list is not empty."""
    candidates = [folder.config_path, folder.staff_path, *folder.child_files()]
    for directory in (folder.census_dir, folder.activities_dir):
        if directory.is_dir():
            candidates += sorted(directory.glob("*.yaml"))
    found = []
    for path in candidates:
        try:
            raw = read_no_follow(path)
        except OSError:
            continue  # unreadable files are reported as such
        if b"conflicts:" in raw and _OPEN.search(raw):
            found.append(path)
    return found
