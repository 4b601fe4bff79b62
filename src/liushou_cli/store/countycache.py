"""The county's cache of each school's reduced result, so that a county whose schools have
not changed is reported without opening a single record.

A school's result (reports.county_school.SchoolResult) is kept in the county's cache folder,
one JSON file per school folder, under a key that names everything it depends on: the job
(day, kind, term, language), the code (the same digest that throws the file cache away), and
the signature of every file the school's reports read (liushou.yaml, staff.yaml, children/,
censuses/, activities/). Listing and statting those files is all a warm county report costs
per school. A result made while one of the files was modified within the racy window (see
store.cache.racy) is not kept: the signature could hide a change made in the same tick.

The values are JSON through store.cachecodec (registered types only), read and written only
as private files of the user's (store.cachefiles), as the file cache is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from liushou_cli.core.hashing import sha256
from liushou_cli.store.atomic import atomic_write
from liushou_cli.store.cache import _schema_digest, now_ns, racy
from liushou_cli.store.cachecodec import Undecodable, decode, encode
from liushou_cli.store.cachefiles import check_folder, read_file
from liushou_cli.store.layout import (
    ACTIVITIES_DIR,
    CENSUS_DIR,
    CHILDREN_DIR,
    CONFIG_NAME,
    STAFF_NAME,
    signature,
    yaml_stats,
)

SUFFIX = ".school.json"


def school_key(root: Path, job: str) -> str | None:
    """The key of a school's result for `job`; None when a file is too fresh to be trusted."""
    digest = sha256(repr((_schema_digest(), job)).encode())
    now = now_ns()
    for folder in ("", CHILDREN_DIR, CENSUS_DIR, ACTIVITIES_DIR):
        listed = yaml_stats(root / folder) if folder else [
            (name, stat) for name, stat in yaml_stats(root) if name in (CONFIG_NAME, STAFF_NAME)]
        for name, stat in listed:
            if racy(stat.st_mtime_ns, now):
                return None
            digest.update(f"\0{folder}/{name}\0{signature(stat)}".encode())
    return digest.hexdigest()


def _path(cache_dir: Path, root: Path) -> Path:
    name = sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return cache_dir / f"{name}{SUFFIX}"


def load_result(cache_dir: Path, root: Path, key: str) -> Any:
    """The result kept for the school under `key`; None if there is none (or it cannot be
    trusted: another key, a damaged or foreign file)."""
    try:
        data = json.loads(read_file(_path(cache_dir, root)))
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return decode(data.get("value"))
    except (OSError, ValueError, Undecodable):
        return None


def save_result(cache_dir: Path, root: Path, key: str, value: Any) -> None:
    """Keep `value` as the school's result under `key` (nothing if the folder is not the
    user's own and private, or the write fails: the next run computes it again)."""
    try:
        check_folder(cache_dir)
        text = json.dumps({"key": key, "value": encode(value)}, ensure_ascii=False)
        atomic_write(_path(cache_dir, root), text.encode("utf-8"), history=False)
    except (OSError, TypeError, ValueError):
        return
