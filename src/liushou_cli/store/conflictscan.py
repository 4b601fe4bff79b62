"""Which of the folder's files hold open merge conflicts, found without parsing: a merge
(store/merge.py) writes them under a top-level `conflicts:` key, so a file holds one when a
line starts with it. Every report says how many (one line on stderr) at the cost of reading
the files' bytes, about a millisecond per hundred files, less the child and activity files
whose answer the caller already knows (a report's rows and the activities' facts, cached
with the file's signature, say it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from liushou_cli.store.layout import DataFolder, read_no_follow

# A top-level `conflicts:` whose list holds an item, as a file that loads says it (the
# parsed list, which the cached facts of children and activities keep): in block form, blank
# and comment lines allowed before the first `-`, or in flow form, `[` then anything but `]`.
_OPEN = re.compile(rb"(?m)^conflicts:[ \t]*(?:(?:#.*)?\r?\n(?:[ \t]*(?:#.*)?\r?\n)*[ \t]*-"
                   rb"|\[\s*[^\]\s])")


def files_with_conflicts(folder: DataFolder, known: Mapping[str, bool] | None = None,
                         names: Iterable[str] | None = None,
                         known_activities: Mapping[str, bool] | None = None) -> list[Path]:
    """The data files whose `conflicts:` list is not empty. `known`: child files, by name,
    whose answer is known already (read from the record the caller loaded), and
    `known_activities` the same for activity files; the others are read. `names`: the
    child files' names, if the caller has just listed them."""
    known = known or {}
    known_activities = known_activities or {}
    children, activities = folder.children_dir, folder.activities_dir
    listed = names if names is not None else (name for name, _ in folder.child_stats())
    candidates = [folder.config_path, folder.staff_path]
    candidates += [children / name for name in listed if known.get(name) is not False]
    if folder.census_dir.is_dir():
        candidates += sorted(folder.census_dir.glob("*.yaml"))
    if activities.is_dir():
        candidates += sorted(path for path in activities.glob("*.yaml")
                             if known_activities.get(path.name) is not False)
    found = []
    for path in candidates:
        parent = path.parent
        if ((parent == children and known.get(path.name))
                or (parent == activities and known_activities.get(path.name))):
            found.append(path)
            continue
        try:
            raw = read_no_follow(path)
        except OSError:
            continue  # unreadable files are reported as such
        if b"conflicts:" in raw and _OPEN.search(raw):
            found.append(path)
    return found
