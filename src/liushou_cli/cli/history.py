"""`liushou log [CHILD]` (who changed what and when, from git) and `liushou git setup` (our
merge driver in an existing clone's config)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import typer

from liushou_cli.cli.common import Format, dataset, folder, today
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.core.incidents import CHINA
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import find_child
from liushou_cli.render.output import write_rows
from liushou_cli.store.gitrepo import install_merge_driver, read_history

git_app = typer.Typer(no_args_is_help=True)

LOG_TABLE_COLUMNS = ("when", "author", "message")
LOG_COLUMNS = ("commit", "when", "author", "email", "message", "files")


def log(
    ctx: typer.Context,
    child: str | None = typer.Argument(None, help=help_text("log.child")),
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help=help_text("log.limit")),
    fmt: Format = FORMAT_OPTION,
) -> None:
    data_folder = folder(ctx)
    path = None
    if child is not None:
        item = find_child(data_folder, child, lambda: dataset(ctx), today=today(ctx))
        path = item.path.relative_to(data_folder.root).as_posix()
    commits = read_history(data_folder.root, path, limit)
    rows: list[dict[str, Any]] = [{
        "commit": commit.commit, "when": shown_time(commit.when) if fmt == Format.table
        else commit.when, "author": commit.author, "email": commit.email,
        "message": commit.message, "files": list(commit.files),
    } for commit in commits]
    if not rows and fmt == Format.table:
        typer.echo(t("log_empty"))
        return
    write_rows(rows, LOG_TABLE_COLUMNS, LOG_COLUMNS, fmt.value, footer_key="log_listed")


def shown_time(iso: str) -> str:
    """'2024-03-01T06:05:09+00:00' -> '2024-03-01 14:05': China time, to the minute, as the
    incidents' times are, whatever clock the computer that committed kept."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(CHINA)
    return moment.strftime("%Y-%m-%d %H:%M")


@git_app.command("setup", help=help_text("git.setup"))
def setup(ctx: typer.Context) -> None:
    data_folder = folder(ctx)
    install_merge_driver(data_folder.root)
    typer.echo(t("git_setup_done", path=data_folder.root))
