"""`liushou census --from FILE`: the census from a class or school roster (CSV or Excel).

Without --apply it only shows what would change; with --apply it writes it. A roster with any
bad cell writes nothing: every bad cell is listed as FILE:row:column and the exit status is 1.
"""

from __future__ import annotations

from pathlib import Path

import typer

from liushou_cli.cli.common import folder, progress, today, user, warn_unreadable
from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.errors import LiushouError, UsageError
from liushou_cli.i18n import t
from liushou_cli.ops.roster import (
    applied_lines,
    apply_plan,
    census_taker,
    parse_roster,
    plan_lines,
    plan_roster,
    plan_summary,
)
from liushou_cli.store.read import load_census, load_dataset
from liushou_cli.store.tables import read_table


def import_roster(ctx: typer.Context, path: Path, klass: str | None, term_name: str | None,
                  by: str | None, apply: bool, archive_missing: bool,
                  force: bool = False) -> None:
    data_folder = folder(ctx)
    day = today(ctx)
    data = load_dataset(data_folder, today=day, progress=progress(ctx))
    if data.config is None:
        raise LiushouError(t("config_broken"))
    school = SchoolCalendar.of(data.config.terms)
    term = school.term_named(term_name) if term_name else school.term_at(day)
    if term is None:
        raise UsageError(t("unknown_term", term=term_name) if term_name else t("no_term_today"))
    taker = census_taker(data.staff, by, [], user(ctx)) if by else None
    if apply and data.unreadable_children:
        # A child whose file cannot be read would look missing, or new and be recorded twice.
        raise LiushouError(t("roster_unreadable_children", count=len(data.unreadable_children)))

    roster = parse_roster(read_table(path), str(path))
    plan = plan_roster(roster, data, load_census(data_folder, term.name), term, day, klass,
                       force)
    for line in plan_lines(plan, archive_missing):
        typer.echo(line)
    typer.echo(plan_summary(plan))
    if not apply:
        typer.echo(t("roster_dry_run"))
        warn_unreadable(data)
        return
    taker = taker or census_taker(data.staff, None, plan.classes, user(ctx))
    done = apply_plan(data_folder, plan, taker, day, archive_missing,
                      [item.child for item in data.children], progress(ctx))
    for line in applied_lines(done):
        typer.echo(line)
