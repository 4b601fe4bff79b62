"""`liushou sync` and `liushou remote add|list`: the data folder shared through git (the
work is ops/sync.py's; this module parses, asks and prints)."""

from __future__ import annotations

import typer

from liushou_cli.cli.ask import confirm
from liushou_cli.cli.common import can_prompt, folder, today, user
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.ops.sync import SyncOptions, add_remote, repository, sync

remote_app = typer.Typer(no_args_is_help=True)


def sync_command(
    ctx: typer.Context,
    remote: str | None = typer.Option(None, "--remote", help=help_text("sync.remote")),
    commit_edits: bool | None = typer.Option(None, "--commit-edits/--no-commit-edits",
                                             help=help_text("sync.commit-edits")),
) -> None:
    options = SyncOptions(remote, commit_edits, today(ctx), user(ctx))
    sync(folder(ctx), options, typer.echo, _ask if can_prompt(ctx) else None)


def _ask(files: list[str]) -> bool:
    shown = "、".join(files[:10]) + (" …" if len(files) > 10 else "")
    return confirm(t("sync_edits_question", files=shown))


@remote_app.command("add", help=help_text("remote.add"))
def remote_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help=help_text("remote.add.name")),
    url: str = typer.Argument(..., help=help_text("remote.add.url")),
) -> None:
    site = add_remote(folder(ctx), name, url)
    typer.echo(t("remote_added", name=name, url=url))
    if site:
        typer.echo(t("remote_public", site=site, url=url), err=True)


@remote_app.command("list", help=help_text("remote.list"))
def remote_list(ctx: typer.Context) -> None:
    repo = repository(folder(ctx))
    for name in repo.remotes():
        typer.echo(f"{name}\t{repo.config(f'remote.{name}.url') or ''}")
