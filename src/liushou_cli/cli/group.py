"""The root group of `liushou`: its commands listed from the table of cli/commands.py and
each built only when the line names it; the global options anywhere on the line; every error
one clear line and an exit status, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any

import typer

# typer carries its own click: these are the classes TyperGroup's methods take.
from typer._click import Command, Context, HelpFormatter
from typer._click.exceptions import ClickException
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from liushou_cli import i18n
from liushou_cli.cli.clicktext import (
    UnknownCommand,
    WordsContext,
    parse_in_context,
    speak_our_words,
    usage_failure,
)
from liushou_cli.cli.commands import BY_NAME, COMMANDS
from liushou_cli.cli.failures import debug_asked, said_failure
from liushou_cli.core.environment import Environment, help_language
from liushou_cli.core.errors import ExitStatus
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.store.history import Recording, recording

GLOBAL_OPTIONS = ("--lang", "--data")
GLOBAL_FLAGS = ("--no-cache", "--quiet")


def hoist_global_options(argv: list[str]) -> list[str]:
    """The global options moved to the front, wherever they stand on the line, so
    `liushou child list --lang en` works like `liushou --lang en child list`."""
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
        # A flag given a value (--quiet=3) goes to the front too: the root then says the flag
        # takes none, where the command would say it has no such option.
        if arg in GLOBAL_FLAGS or arg.startswith(tuple(option + "=" for option in
                                                       (*GLOBAL_OPTIONS, *GLOBAL_FLAGS))):
            front.append(arg)
        else:
            rest.append(arg)
        index += 1
    return front + rest


class LiushouGroup(TyperGroup):
    """The root command group: the commands of cli/commands.py, each imported and built the
    first time it is looked up; global options anywhere on the line; every error turned
    into one clear line and an exit status, click's usage errors and help in our words."""

    context_class = WordsContext

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        # click would print its usage errors and "Aborted!" itself, in English: it runs
        # without its own printing, and they are said here in the output language.
        argv = sys.argv[1:] if args is None else list(args)
        i18n.set_lang(_language(argv, extra.get("obj")))
        try:
            result = super().main(argv, prog_name, complete_var, standalone_mode=False,
                                  windows_expand_args=windows_expand_args, **extra)
            status = result if isinstance(result, int) else ExitStatus.OK
        except ClickException as error:
            typer.echo(usage_failure(error), err=True)
            status = error.exit_code
        except typer.Abort:  # Ctrl-C or the end of input at a question
            typer.echo(t("interrupted"), err=True)
            status = ExitStatus.INTERRUPTED
        if standalone_mode:
            sys.exit(status)
        return status

    def list_commands(self, ctx: Context) -> list[str]:
        return [command.name for command in COMMANDS]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in self.commands and cmd_name in BY_NAME:
            self.commands[cmd_name] = BY_NAME[cmd_name].load()
        found = self.commands.get(cmd_name)
        return None if found is None else speak_our_words(found)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        # From the table, so that listing the commands imports none of them.
        with formatter.section("Commands"):
            formatter.write_dl([(command.name, help_text(command.summary))
                                for command in COMMANDS])

    def resolve_command(self, ctx: Context,
                        args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except ClickUsageError as error:
            # typer suggests a close name among the commands built so far; a misspelt
            # command built none, so the suggestion is made among every command here.
            if not args or args[0] in self.commands or args[0] in BY_NAME:
                raise
            matches = get_close_matches(args[0], self.list_commands(ctx))
            raise UnknownCommand(args[0], matches, error.ctx) from None

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        return parse_in_context(lambda ctx, args: list(super(LiushouGroup, self).parse_args(
            ctx, args)), ctx, hoist_global_options(list(args)))

    def invoke(self, ctx: Context) -> Any:
        # Every file the command writes is noted (store/history.py) and committed when it
        # ends, even if it then fails: a file written is whole and valid, and one left
        # uncommitted would look like a hand edit to the next command.
        with recording() as written:
            try:
                return self._invoke(ctx)
            finally:
                if written.written:
                    _commit(ctx, written)

    def _invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # usage errors and exits: typer prints and sets the status itself
        except (Exception, KeyboardInterrupt) as error:
            lines, status = said_failure(error, lambda: debug_asked(ctx.obj))
            for line in lines:
                typer.echo(line, err=True)
            raise typer.Exit(status) from None


def _language(argv: list[str], given: object) -> str:
    """The output language of a run, known before its options are parsed (for an error in
    them): --lang on the line, else the environment a test hands in, else the process's."""
    on_line = "--lang" in argv or any(arg.startswith("--lang=") for arg in argv)
    if isinstance(given, Environment) and not on_line:
        return given.language
    return help_language(argv)


def _commit(ctx: Context, written: Recording) -> None:
    """Commit what the command wrote, if its data folder is a git repository (git is
    imported only here, by a command that wrote something)."""
    from liushou_cli.store.gitrepo import commit_recording

    found = ctx.obj
    user = found.user if isinstance(found, Environment) else None
    for notice in commit_recording(written, user):
        typer.echo(notice, err=True)
