"""Every top-level command and group of `liushou`, in one table: its name, the module of
cli/ that defines it (and the attribute there: a Typer app of sub-commands, or a command
function) and its help keys in i18n/help.py.

The root group (cli/group.py) lists the commands from this table, so `liushou --help`
imports no command's module, and builds only the command named on the line: its module is
imported then, and nothing of the others.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import typer
from typer._click import Command  # typer carries its own click; its commands are these
from typer.main import get_group

from liushou_cli.i18n.help import help_text


@dataclass(frozen=True)
class CommandSpec:
    """One top-level command or group: where it is defined and what its help says."""

    name: str  # as typed: `liushou report`
    module: str  # its module in cli/
    attribute: str  # in that module: a typer.Typer (a group) or a command function
    summary: str  # help key: its line in the list of `liushou --help`
    help: str | None = None  # help key of its own --help, if longer than the summary

    def register(self, app: typer.Typer) -> None:
        """Add this command to `app` the usual Typer way, importing its module now."""
        target: object = getattr(importlib.import_module(f"liushou_cli.cli.{self.module}"),
                                 self.attribute)
        text = help_text(self.help or self.summary)
        if isinstance(target, typer.Typer):
            app.add_typer(target, name=self.name, help=text)
        elif callable(target):
            app.command(self.name, help=text)(target)
        else:
            raise TypeError(f"liushou_cli.cli.{self.module}.{self.attribute} is no command")

    def load(self) -> Command:
        """This command as typer builds it for the root group (plain help, no rich), alone."""
        holder = typer.Typer(rich_markup_mode=None)
        self.register(holder)
        return get_group(holder).commands[self.name]


COMMANDS = (
    CommandSpec("init", "folder_cmds", "init", "init"),
    CommandSpec("check", "folder_cmds", "check", "check"),
    CommandSpec("report", "report", "report", "report.summary", "report"),
    CommandSpec("export", "export", "export", "export.summary", "export"),
    CommandSpec("print", "printforms", "app", "print.summary", "print"),
    CommandSpec("dashboard", "dashboard", "dashboard", "dashboard.summary", "dashboard"),
    CommandSpec("staff", "staff", "app", "staff"),
    CommandSpec("child", "child", "app", "child"),
    CommandSpec("visit", "entries", "visit_app", "visit"),
    CommandSpec("talk", "entries", "talk_app", "talk"),
    CommandSpec("contact", "entries", "contact_app", "contact"),
    CommandSpec("census", "census", "app", "census.summary", "census"),
    CommandSpec("term", "term", "app", "term"),
    CommandSpec("assign", "assign", "app", "assign.summary", "assign"),
    CommandSpec("plan", "plan", "app", "plan"),
    CommandSpec("iep", "iep", "app", "iep.summary", "iep"),
    CommandSpec("care", "care", "app", "care"),
    CommandSpec("incident", "incident", "app", "incident.summary", "incident"),
    CommandSpec("activity", "activity", "app", "activity.summary", "activity"),
    CommandSpec("log", "history", "log", "log"),
    CommandSpec("git", "history", "git_app", "git"),
    CommandSpec("sync", "sync", "sync_command", "sync"),
    CommandSpec("remote", "sync", "remote_app", "remote"),
    CommandSpec("resolve", "resolve", "resolve", "resolve"),
    CommandSpec("county", "county", "app", "county.summary", "county"),
)

BY_NAME = {command.name: command for command in COMMANDS}
