"""The overdue report as a terminal table: the steps of open incidents first, in a block of
their own counted in hours, then one block per responsible teacher (plain text, see
render/plain.py)."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from liushou_cli.core.incidents import moment_text
from liushou_cli.core.validators import visible
from liushou_cli.duties.rows import INCIDENT_DUTY, DutyRow, short_name, summary_counts
from liushou_cli.i18n import lang, show, t
from liushou_cli.render.fit import Column, fit, wrap_words
from liushou_cli.render.plain import bold, overhead, table_lines


def lateness(days: int, hours: int | None = None, later: bool = False) -> str:
    """How late a row is: in days, or in hours for an incident's step. `later`: its due
    date is after the day of the report."""
    if hours is not None:
        if hours > 0:
            return t("hours_overdue", hours=hours)
        return t("hours_left", hours=-hours) if hours < 0 else t("due_within_hour")
    if days > 0:
        return t("days_overdue", days=days)
    if days == 0:
        # In a holiday, a row due the next term's first day: no school day is left (the
        # holiday and that day are one on the clock), but it is not due today.
        return t("due_term_start") if later else t("due_today")
    return t("days_left", days=-days)


# The columns, and what a narrow screen does with each: the child, the class, the duty and
# how late stay; the last time done goes first, then the id, then the due date.
_COLUMNS = (("col_child", True, None), ("col_id", True, 1), ("col_class", True, None),
            ("col_duty", False, None), ("col_last", True, 0), ("col_due", True, 2),
            ("col_late", True, None))
DUTY_COLUMN = 3
LATE_COLUMN = 6


def write_overdue_table(rows: Sequence[DutyRow], as_of: date, width: int,
                        colour: bool, shorts: Mapping[str, str] | None = None,
                        moment: datetime | None = None) -> None:
    """One block per responsible teacher, the columns alike in every block and fitted to
    `width` cells (render/fit.py: the duties' short names, then the duty wrapped between
    words, then the columns given up in _COLUMNS' order); on a colour terminal, the
    titles bold, what is overdue in red and what is not yet overdue dimmed; then the
    summary line. `shorts`: the configured duties' short names by id (liushou.yaml's
    `short`); `moment`: the minute an incident's hours are counted to."""
    shorts = shorts or {}
    columns = [Column(t(key), whole, drop) for key, whole, drop in _COLUMNS]
    if lang() == "en":
        # "51 day(s) overdue" may break between its words on a narrow screen (kept whole, the
        # table was 45 cells wide at 40); "逾期 51 天" is one phrase, and short.
        columns[LATE_COLUMN] = Column(columns[LATE_COLUMN].header, True, wraps_last=True)
    # An incident's `last` is when it happened: said so, not "last done".
    cells = [[visible(row["name"], True), visible(row["child_id"] or "", True),
              visible(row["class"], True), show(row["duty_name"]),
              t("incident_happened", at=row["last"]) if row["duty"] == INCIDENT_DUTY
              else row["last"] or t("never"),
              row["due"], lateness(row["days_overdue"], row.get("hours_overdue"),
                                   row["due"] > as_of.isoformat())]
             for row in rows]
    short = [[*cell[:DUTY_COLUMN], show(short_name(row, shorts)),
              *cell[DUTY_COLUMN + 1:]] for cell, row in zip(cells, rows, strict=True)]
    # The incidents' block is not a teacher's: each step says who answers for it.
    for index, row in enumerate(rows):
        if row["duty"] == INCIDENT_DUTY and row["responsible_name"]:
            for shown_cells in (cells[index], short[index]):
                shown_cells[DUTY_COLUMN] = t("incident_duty_who", duty=shown_cells[DUTY_COLUMN],
                                      who=visible(row["responsible_name"], True))
    fitted = fit(columns, cells, width, overhead, short)
    headers = fitted.headers(columns)
    late_at = fitted.kept.index(LATE_COLUMN)
    groups: dict[str, list[int]] = {}
    urgent = t("incident_group", moment=moment_text(moment) if moment else as_of.isoformat())
    for index, row in enumerate(rows):
        groups.setdefault(urgent if row["duty"] == INCIDENT_DUTY
                          else visible(row["responsible_name"] or t("unassigned"), True),
                          []).append(index)
    out: list[str] = []
    for teacher, members in groups.items():
        late = sum(1 for i in members if rows[i]["days_overdue"] > 0)
        out += [bold(t("overdue_group", teacher=teacher, count=late, total=len(members)),
                     colour), ""]
        out += table_lines(headers, [fitted.rows[i] for i in members], fitted.widths,
                           [_tone(rows[i]["days_overdue"]) for i in members], colour, late_at)
        out.append("")
    if not rows:
        out.append(t("overdue_none", as_of=as_of.isoformat()))
    else:
        counts = summary_counts(rows)
        line = t("overdue_summary", as_of=as_of.isoformat(), **counts)
        if counts["due_soon"]:
            line += t("due_soon_summary", count=counts["due_soon"])
        out += wrap_words(line, width)
    sys.stdout.write("\n".join(out) + "\n")


def _tone(days_overdue: int) -> str:
    return "late" if days_overdue > 0 else "pending"
