"""What every command shares: the environment the root command built, the data folder, error
handling, --format.

User errors become one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import os
import sys
import traceback
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperGroup

from liushou_cli.core.environment import Environment, help_language
from liushou_cli.core.errors import ExitStatus, InvalidRecord, LiushouError, UsageError
from liushou_cli.i18n import t

if TYPE_CHECKING:
    from datetime import date

    from liushou_cli.store.layout import DataFolder
    from liushou_cli.store.read import Dataset, DeriveFactory


# Help texts are built when the commands are defined, before options are parsed.
_HELP_LANG = help_language()


def h(zh: str, en: str) -> str:
    """A help text in the language of this invocation."""
    return en if _HELP_LANG == "en" else zh


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FORMAT_OPTION: Any = typer.Option(Format.table, "--format", "-f",
                                  help=h("输出格式:table、json、csv", "output: table, json or csv"))


def environment(ctx: typer.Context) -> Environment:
    """The environment the root command built from the process (or was given by a test)."""
    found = ctx.find_root().obj
    assert isinstance(found, Environment), "a command runs under the root command"
    return found


def today(ctx: typer.Context) -> date:
    """The day this command runs on: `environment(ctx).today`."""
    return environment(ctx).today


def user(ctx: typer.Context) -> str | None:
    """Who is at the keyboard (LIUSHOU_USER), for a --by not given."""
    return environment(ctx).user


def folder(ctx: typer.Context) -> DataFolder:
    """The data folder this command works on: --data, else LIUSHOU_DATA, else the nearest
    folder upwards with liushou.yaml (see store.layout.find_data_folder)."""
    from liushou_cli.store.layout import find_data_folder

    found = find_data_folder(environment(ctx).data)
    _warn_if_shared(ctx, found)
    return found


def _warn_if_shared(ctx: typer.Context, found: DataFolder) -> None:
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
        typer.echo(t("warning_line", message=said), err=True)


def cache_folder(ctx: typer.Context) -> Path | None:
    """The local cache's folder; None under --no-cache or LIUSHOU_NO_CACHE=1."""
    return environment(ctx).cache_folder


def dataset(ctx: typer.Context, derive: DeriveFactory | None = None, *,
            broken_staff_ok: bool = False) -> Dataset:
    """The whole data folder, read through the local cache unless --no-cache or
    LIUSHOU_NO_CACHE=1; the cache is written back when the command ends. With `derive` and
    `broken_staff_ok`, see store.read.load_dataset."""
    from liushou_cli.store.cache import FileCache, cache_path
    from liushou_cli.store.read import load_dataset

    data_folder = folder(ctx)
    env = environment(ctx)
    if env.cache_folder is None:
        return load_dataset(data_folder, derive=derive, today=env.today,
                            broken_staff_ok=broken_staff_ok)
    cache = FileCache(data_folder, cache_path(data_folder, env.cache_folder), env.today)
    data = load_dataset(data_folder, cache, derive, today=env.today,
                        broken_staff_ok=broken_staff_ok)
    ctx.find_root().call_on_close(cache.save)
    return data


def parse_date(value: str | None, option: str) -> date | None:
    """A date option as teachers write it, or a usage error naming the option."""
    if value is None:
        return None
    from liushou_cli.core.validators import parse_day

    parsed = parse_day(value)
    if parsed is None:
        raise UsageError(t("bad_date_option", option=option, value=value))
    return parsed


def can_prompt() -> bool:
    """True when a person is at the terminal to answer questions."""
    return sys.stdin.isatty()


def warn_unreadable(data: Any) -> None:
    """After a report: say on stderr how many child files were left out as unreadable."""
    if data.unreadable_children:
        typer.echo(t("skipped_unreadable", count=len(data.unreadable_children)), err=True)


def fail(error: LiushouError) -> NoReturn:
    typer.echo(str(error), err=True)
    raise typer.Exit(error.exit_code)


GLOBAL_OPTIONS = ("--lang", "--data")
GLOBAL_FLAGS = ("--no-cache",)


def hoist_global_options(argv: list[str]) -> list[str]:
    """Move --lang/--data to the front, so `liushou child list --lang en` works like
    `liushou --lang en child list`."""
    front, rest = split_global_options(argv)
    return front + rest


def split_global_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """The global options wherever they stand on the line, and everything else in order."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            rest.extend(argv[index:])
            break
        if arg in GLOBAL_OPTIONS and index + 1 < len(argv):
            front += [arg, argv[index + 1]]
            index += 2
            continue
        if arg in GLOBAL_FLAGS or arg.startswith(tuple(option + "="
                                                         for option in GLOBAL_OPTIONS)):
            front.append(arg)
        else:
            rest.append(arg)
        index += 1
    return front, rest


class LiushouGroup(TyperGroup):
    """The root command group: global options anywhere on the line, and every error turned
    into one clear line and an exit status."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return list(super().parse_args(ctx, hoist_global_options(list(args))))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidRecord as error:
            typer.echo(t("invalid_not_saved"), err=True)
            typer.echo(str(error), err=True)
            raise typer.Exit(error.exit_code) from None
        except LiushouError as error:
            fail(error)
        except KeyboardInterrupt:
            typer.echo(t("interrupted"), err=True)
            raise typer.Exit(ExitStatus.INTERRUPTED) from None
        except BrokenPipeError:
            # `liushou child list | head`: the reader has gone; stop quietly, as cat does.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(ExitStatus.OK) from None
        except OSError as error:
            # Disk full, no permission... somewhere no writer turned it into a located line.
            from liushou_cli.store.oserrors import any_failure

            fail(any_failure(error))
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # usage errors and exits: typer prints and sets the status itself
        except Exception as error:  # a bug: still one line, with details on request
            if _debugging(ctx):
                traceback.print_exc()
            typer.echo(t("internal_error", detail=f"{type(error).__name__}: {error}"), err=True)
            raise typer.Exit(ExitStatus.INTERNAL) from None


def _debugging(ctx: Any) -> bool:
    found = ctx.obj
    if isinstance(found, Environment):
        return found.debug
    return Environment.from_process().debug  # the root command failed before building it
