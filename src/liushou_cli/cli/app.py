"""The root `liushou` command: its help, the global options (--data, --lang, --version,
--no-cache, --quiet) and the environment every command runs in. Its commands are the table of
cli/commands.py, each imported only when the line names it (cli/group.py)."""

from __future__ import annotations

from pathlib import Path

import typer

from liushou_cli import __version__
from liushou_cli.cli.group import LiushouGroup
from liushou_cli.cli.keptline import note_root
from liushou_cli.cli.rootenv import begin_root
from liushou_cli.core.errors import ExitStatus
from liushou_cli.i18n.help import help_text

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
    begin_root(ctx, data=data, lang=lang, no_cache=no_cache, quiet=quiet)
    note_root(data=data, lang=lang, no_cache=no_cache, quiet=quiet)
