"""`liushou census --from FILE`: the census from a class or school roster (CSV or Excel)."""

from __future__ import annotations

from pathlib import Path

import typer

from liushou_cli.errors import LiushouError


def import_roster(ctx: typer.Context, path: Path, klass: str | None, term_name: str | None,
                  by: str | None, apply: bool, archive_missing: bool) -> None:
    raise LiushouError("roster import is being built")
