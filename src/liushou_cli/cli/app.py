"""The root `liushou` command: global options and the registration of every sub-command."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.main import get_command_name

from liushou_cli import __version__, i18n
from liushou_cli.cli import census, child, entries, export, folder_cmds, report, staff, support_cmds, term
from liushou_cli.cli.common import LiushouGroup, split_global_options
from liushou_cli.core.environment import Environment
from liushou_cli.core.errors import ExitStatus
from liushou_cli.i18n.help import help_text

app = typer.Typer(
    cls=LiushouGroup,
    name="liushou",
    no_args_is_help=True,
    add_completion=False,
    help=help_text("root"),
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"liushou {__version__}")
        raise typer.Exit(ExitStatus.OK)


@app.callback()
def root(
    ctx: typer.Context,
    data: Path | None = typer.Option(
        None, "--data", help=help_text("root.data")),
    lang: str | None = typer.Option(
        None, "--lang", help=help_text("root.lang")),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version,
                                 help=help_text("root.version")),
    no_cache: bool = typer.Option(False, "--no-cache", help=help_text("root.no-cache")),
) -> None:
    # Built once, here, from the process; a test hands in its own (invoke(..., obj=...)),
    # and the options on the line apply to either.
    given = ctx.obj
    env = (given.with_options(data=data, lang=lang, no_cache=no_cache)
           if isinstance(given, Environment)
           else Environment.from_process(data=data, lang=lang, no_cache=no_cache))
    i18n.set_lang(env.language)
    ctx.obj = env
    ctx.call_on_close(_say_cache_refused)


def _say_cache_refused() -> None:
    """One line on stderr if a cache folder or file was not used because it is not the
    user's own and private (store.cachefiles)."""
    from liushou_cli.store.cachefiles import take_notice

    notice = take_notice()
    if notice:
        typer.echo(notice, err=True)


folder_cmds.register(app)
app.add_typer(staff.app, name="staff", help=help_text("staff"))
app.add_typer(child.app, name="child",
              help=help_text("child"))
app.add_typer(entries.visit_app, name="visit", help=help_text("visit"))
app.add_typer(entries.talk_app, name="talk", help=help_text("talk"))
app.add_typer(entries.contact_app, name="contact",
              help=help_text("contact"))
report.register(app)
export.register(app)
app.add_typer(census.app, name="census")
app.add_typer(term.app, name="term", help=help_text("term"))
support_cmds.register(app)


def _plain_help(typer_app: typer.Typer) -> None:
    # Rich-formatted help imports rich's markdown renderer: 0.2 s instead of 0.1 s for
    # `liushou --help`. Plain help says the same, and every command starts faster.
    typer_app.rich_markup_mode = None
    typer_app.pretty_exceptions_enable = False
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _plain_help(group.typer_instance)


_plain_help(app)


def app_for(argv: list[str]) -> typer.Typer:
    """The root app with only the command `argv` names (all of them for `--help`, a bare
    `liushou` or a name that is no command). Typer turns every registered command into
    click parameters on each run, resolving every annotation: 40 ms of each command's
    start when all of them are there."""
    rest = split_global_options(list(argv))[1]
    if not rest or rest[0].startswith("-"):
        return app
    name = rest[0]
    commands = [info for info in app.registered_commands
                if (info.name or get_command_name(info.callback.__name__
                                                  if info.callback else "")) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if not commands and not groups:
        return app
    slim = typer.Typer(cls=LiushouGroup, name="liushou", no_args_is_help=True,
                       add_completion=False, help=app.info.help)
    slim.registered_callback = app.registered_callback
    slim.registered_commands = commands
    slim.registered_groups = groups
    _plain_help(slim)
    return slim
