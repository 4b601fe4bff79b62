"""What the root command does before any of its commands: the language asked for checked,
the environment built from the process and the global options, the output language set, and
a refused cache said at the end. Without typer: the root command (cli/app.py) and a line
run from its kept parse (cli/keptline.py) both begin so."""

from __future__ import annotations

from pathlib import Path

from liushou_cli import i18n
from liushou_cli.cli.context import CommandContext, echo
from liushou_cli.core.environment import Environment
from liushou_cli.core.errors import UsageError
from liushou_cli.i18n import t
from liushou_cli.store.cachefiles import take_notice


def begin_root(ctx: CommandContext, *, data: Path | None, lang: str | None, no_cache: bool,
               quiet: bool) -> Environment:
    """The environment of this run, kept as `ctx.obj` for its command."""
    if lang is not None and not lang.lower().startswith(("zh", "en")):
        # Said in the language of the rest of the line's environment: the one asked for
        # is none we have.
        raise UsageError(t("unknown_lang", lang=lang))
    # Built once, here, from the process; a test hands in its own (invoke(..., obj=...)),
    # and the options on the line apply to either.
    given = ctx.obj
    env = (given.with_options(data=data, lang=lang, no_cache=no_cache, quiet=quiet)
           if isinstance(given, Environment)
           else Environment.from_process(data=data, lang=lang, no_cache=no_cache,
                                         quiet=quiet))
    i18n.set_lang(env.language)
    if env.unknown_language is not None:
        echo(t("unknown_lang_env", lang=env.unknown_language), err=True)
    ctx.obj = env
    ctx.call_on_close(_say_cache_refused)
    return env


def _say_cache_refused() -> None:
    """One line on stderr if a cache folder or file was not used because it is not the
    user's own and private (store.cachefiles)."""
    notice = take_notice()
    if notice:
        echo(notice, err=True)
