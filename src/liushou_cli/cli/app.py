"""The root `liushou` command: its help, the global options (--data, --lang, --version,
--no-cache, --quiet) and the environment every command runs in. Its commands are the table of
cli/commands.py, each imported only when the line names it (cli/group.py)."""

from __future__ import annotations

from pathlib import Path

import typer

from liushou_cli import __version__, i18n
from liushou_cli.cli.group import LiushouGroup
from liushou_cli.core.environment import Environment
from liushou_cli.core.errors import ExitStatus, UsageError
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.store.cachefiles import take_notice

# Plain help: rich-formatted help imports rich's markdown renderer, 0.2 s instead of 0.1 s
# for `liushou --help`. Plain help says the same, and every command starts faster.
app = typer.Typer(
    cls=LiushouGroup,
    name="liushou",
    no_args_is_help=True,
    add_completion=False,
    help=help_text("root"),
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"liushou {__version__}")
        raise typer.Exit(ExitStatus.OK)


@app.callback()
def root(
    ctx: typer.Context,
    data: Path | None = typer.Option(None, "--data", help=help_text("root.data")),
    lang: str | None = typer.Option(None, "--lang", help=help_text("root.lang")),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version,
                                 help=help_text("root.version")),
    no_cache: bool = typer.Option(False, "--no-cache", help=help_text("root.no-cache")),
    quiet: bool = typer.Option(False, "--quiet", help=help_text("root.quiet")),
) -> None:
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
        typer.echo(t("unknown_lang_env", lang=env.unknown_language), err=True)
    ctx.obj = env
    ctx.call_on_close(_say_cache_refused)


def _say_cache_refused() -> None:
    """One line on stderr if a cache folder or file was not used because it is not the
    user's own and private (store.cachefiles)."""
    notice = take_notice()
    if notice:
        typer.echo(notice, err=True)
