"""`liushou report --overdue --format ics`: the report's rows as an iCalendar file
(render/ics.py), on standard output or, with --output, in a file of the user's own
(store/outputs.py: 0600, not over an existing file without --force)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from liushou_cli.cli.common import environment
from liushou_cli.cli.context import CommandContext, echo
from liushou_cli.core.environment import Environment
from liushou_cli.core.incidents import end_of_day
from liushou_cli.duties.rows import DutyRow
from liushou_cli.i18n import t
from liushou_cli.render.ics import calendar_text, duty_rules
from liushou_cli.store.outputs import inside, write_private
from liushou_cli.store.read import Dataset


def write_calendar(ctx: CommandContext, data: Dataset, rows: Sequence[DutyRow], day: date,
                   output: Path | None, force: bool, moment: datetime) -> None:
    """The calendar of `rows` (the overdue report's, as chosen), stamped with the minute it
    is made (`made_at`); `moment`: the minute an incident's hours are counted to."""
    assert data.config is not None  # the overdue report refuses a broken liushou.yaml
    text = calendar_text(rows, duty_rules(data.config.duties), school=data.config.school,
                         made_at=made_at(environment(ctx)), as_of=day, moment=moment)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    if inside(output, data.folder.root):
        # Asked for by name: written, but said, as the export says it.
        echo(t("export_inside_data"), err=True)
    write_private(output, text.encode("utf-8"), force=force)
    echo(t("ics_done", count=len(rows), path=output), err=True)


def made_at(env: Environment) -> datetime:
    """The minute a calendar is made (its events' SEQUENCE and DTSTAMP): the clock, never past
    the end of the day the run takes as today (a run, or a test, given a day of its own
    stamps that day; off China time, where the day and the clock's China date differ, the
    earlier of the two). Either only grows from one run to the next, and so does it."""
    return min(env.clock, end_of_day(env.today))
