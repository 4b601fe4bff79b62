"""Activity files: activities/<date>-<kind>.yaml, one per parent meeting, forum, class meeting,
collective activity or family video-call session. Read like every other file: each problem
collected, never an exception; a new file is created once and never renamed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liushou_cli.errors import Problem
from liushou_cli.model import Activity
from liushou_cli.store.cache import FileCache
from liushou_cli.store.edit import create_numbered
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import cached_model, side_cache

# ASCII file names that sort by date and say what the file is.
KIND_SLUGS = {"家长会": "parent-meeting", "座谈会": "forum", "主题班会": "class-meeting",
              "集体活动": "collective", "亲情视频": "video-call"}


@dataclass
class LoadedActivity:
    path: Path
    activity: Activity


def load_activities(folder: DataFolder, cache: FileCache | None = None,
                    ) -> tuple[list[LoadedActivity], list[Problem]]:
    """Every activity that loads, by date, and the problems of those that do not; through
    `cache` (see activities_cache) if given, so that an unchanged file is not parsed again."""
    found: list[LoadedActivity] = []
    problems: list[Problem] = []
    paths = folder.activity_files()
    for path in paths:
        activity, errors = cached_model(folder, path, Activity, cache)
        if activity is not None:
            found.append(LoadedActivity(path, activity))
        problems += errors
    found.sort(key=lambda item: (item.activity.date, item.path.name))
    if cache is not None:
        cache.forget_missing({folder.rel(path) for path in paths})
        cache.save()
    return found, problems


def activities_cache(folder: DataFolder) -> FileCache:
    """The cache of the activity files (a county's folder holds about a thousand)."""
    return side_cache(folder, "activities")


def create_activity(folder: DataFolder, data: dict[str, Any]) -> Path:
    """Write a new activity file, named by its date and kind."""
    stem = f"{data['date'].isoformat()}-{KIND_SLUGS.get(data['kind'], 'activity')}"
    return create_numbered(folder, folder.activities_dir, stem, data, Activity)
