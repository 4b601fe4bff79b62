"""What every command shares: the environment the root command built, the data folder, the
dataset through the cache, the progress bar of long work, dates as options, --format's
values. Without typer: a line run from its kept parse (cli/keptline.py) imports this too."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from liushou_cli.cli import startup
from liushou_cli.cli.context import CommandContext, echo
from liushou_cli.core.environment import Environment
from liushou_cli.core.errors import UsageError
from liushou_cli.core.incidents import end_of_day, parse_moment
from liushou_cli.core.progress import SILENT, Progress
from liushou_cli.core.text import Choice
from liushou_cli.core.validators import parse_day
from liushou_cli.i18n import t
from liushou_cli.store.cache import FileCache, cache_path
from liushou_cli.store.layout import DataFolder, find_data_folder
from liushou_cli.store.read import Dataset, DeriveFactory, load_dataset


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def environment(ctx: CommandContext) -> Environment:
    """The environment the root command built from the process (or was given by a test)."""
    found = ctx.find_root().obj
    assert isinstance(found, Environment), "a command runs under the root command"
    return found


def screen(ctx: CommandContext) -> dict[str, Any]:
    """The terminal's facts a table is fitted to, as keywords: `write_rows(..., **screen(ctx))`."""
    env = environment(ctx)
    return {"width": env.width, "colour": env.colour}


def progress(ctx: CommandContext) -> Progress:
    """Where a command's long work reports how far it has got: a bar on stderr, drawn once a
    stage has run for a while, when stdout and stderr are a terminal and --quiet is not
    given; else nothing (core.progress.SILENT). `dataset` uses it for the reading; a command
    with a long loop of its own hands it to the core (`progress.stage(...)`, `step()`)."""
    env = environment(ctx)
    if env.progress_after is None:
        return SILENT
    root = ctx.find_root()
    found: Progress | None = root.meta.get("liushou.progress")  # one bar a run
    if found is None:
        from liushou_cli.render.progress import TerminalProgress  # only on a terminal

        bar = TerminalProgress(sys.stderr, after=env.progress_after, width=env.width,
                               colour=env.colour)
        root.call_on_close(bar.done)  # a stage an error cut short is wiped all the same
        root.meta["liushou.progress"] = found = bar
    return found


def today(ctx: CommandContext) -> date:
    """The day this command runs on: `environment(ctx).today`."""
    return environment(ctx).today


def user(ctx: CommandContext) -> str | None:
    """Who is at the keyboard (LIUSHOU_USER), for a --by not given."""
    return environment(ctx).user


def folder(ctx: CommandContext) -> DataFolder:
    """The data folder this command works on: --data, else LIUSHOU_DATA, else the nearest
    folder upwards with liushou.yaml (see store.layout.find_data_folder)."""
    found = find_data_folder(environment(ctx).data)
    _warn_if_shared(ctx, found)
    return found


def _warn_if_shared(ctx: CommandContext, found: DataFolder) -> None:
    """A data folder on a network drive or in a cloud sync folder is said on stderr: once a
    run, and only the first time for each folder and place (store.location)."""
    root = ctx.find_root()
    if root.meta.get("liushou.place_told"):
        return
    root.meta["liushou.place_told"] = True
    from liushou_cli.store.location import first_notice, place_of, warning

    place = place_of(found.root)
    said = warning(found.root, place)
    if said is not None and first_notice(found.root, environment(ctx).cache_dir, place):
        echo(t("warning_line", message=said), err=True)


def cache_folder(ctx: CommandContext) -> Path | None:
    """The local cache's folder; None under --no-cache or LIUSHOU_NO_CACHE=1."""
    return environment(ctx).cache_folder


def dataset(ctx: CommandContext, derive: DeriveFactory | None = None, *,
            broken_staff_ok: bool = False) -> Dataset:
    """The whole data folder, read through the local cache unless --no-cache or
    LIUSHOU_NO_CACHE=1, with a progress bar when that takes long (`progress`); the cache is
    written back when the command ends. With `derive` and
    `broken_staff_ok`, see store.read.load_dataset."""
    data_folder = folder(ctx)
    env = environment(ctx)
    startup.hold(None)  # a reading before this one is freed now, as without the hold
    if env.cache_folder is None:
        data = load_dataset(data_folder, derive=derive, today=env.today,
                            broken_staff_ok=broken_staff_ok, progress=progress(ctx))
    else:
        cache = FileCache(data_folder, cache_path(data_folder, env.cache_folder), env.today)
        data = load_dataset(data_folder, cache, derive, today=env.today,
                            broken_staff_ok=broken_staff_ok, progress=progress(ctx))
        ctx.find_root().call_on_close(cache.save)
    startup.hold(data)  # freed by the process's end, not value by value (cli/startup.py)
    return data


def parse_date(value: str | None, option: str) -> date | None:
    """A date option as teachers write it, or a usage error naming the option."""
    if value is None:
        return None
    parsed = parse_day(value)
    if parsed is None:
        raise UsageError(t("bad_date_option", option=option, value=value))
    return parsed


def parse_as_of(value: str | None) -> datetime | None:
    """`--as-of`: a day (as teachers write dates; it means the day's last minute, so that
    everything recorded that day counts) or a day and a time to the minute, China time."""
    if value is None:
        return None
    day = parse_day(value)
    if day is not None:
        return end_of_day(day)
    moment = parse_moment(value)
    if moment is None:
        raise UsageError(t("bad_date_option", option="--as-of", value=value))
    return moment


def parse_moment_option(value: str | None, option: str) -> datetime | None:
    """A time to the minute (2022-11-20 14:30, China time), or a usage error naming the
    option: a date alone, or a time alone, is not enough."""
    if value is None:
        return None
    moment = parse_moment(value)
    if moment is None:
        raise UsageError(t("bad_moment_option", option=option, value=value))
    return moment


def can_prompt(ctx: CommandContext) -> bool:
    """True when a person is at the terminal to answer questions (the environment says)."""
    return environment(ctx).interactive


def warn_conflicts(data: Dataset, activities: Mapping[str, bool] | None = None) -> None:
    """After a report: say on stderr, in one line, how many files hold open merge conflicts.
    `activities`: activity files, by name, whose answer the report's facts hold."""
    from liushou_cli.store.conflictscan import files_with_conflicts  # reports only

    # A child whose facts came with the report (the day's rows, the term's figures) knows
    # its answer, kept as their `conflicted`: its file is not read again. The folder was
    # listed as it loaded: not again.
    known: dict[str, bool] = {}
    names = []
    for item in data.children:  # one pass: a county's 20,000 children
        name = item.file_name
        names.append(name)
        if type(conflicted := getattr(item.derived, "conflicted", None)) is bool:
            known[name] = conflicted
    names += [path.name for path in data.unreadable_children]
    found = files_with_conflicts(data.folder, known, names, activities)
    if found:
        echo(t("report_open_conflicts", count=len(found)), err=True)


def warn_unreadable(data: Dataset) -> None:
    """After a report: say on stderr how many child files were left out as unreadable, and
    how many activity files whose activities it could not count (a line of their own: a
    meeting that was held shows as owed until its file is mended)."""
    if data.unreadable_children:
        echo(t("skipped_unreadable", count=len(data.unreadable_children)), err=True)
    if data.unreadable_activities:
        echo(t("skipped_unreadable_activities", count=len(data.unreadable_activities)),
                   err=True)


def one_of(value: str, words: Sequence[str], key: str) -> None:
    """A word of an option (visit add --kind, contact add --with, activity and care --kind)
    that is not one of `words` is the command line's fault (exit 2): said by the message `key`
    with the words a user may type (`expected`, glossed in English), before anything is read."""
    if value not in words:
        raise UsageError(t(key, value=value, expected=tuple(Choice(word) for word in words)))
