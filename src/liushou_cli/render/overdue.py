"""The overdue report as a terminal table: one block per responsible teacher (plain text,
see render/plain.py)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date

from liushou_cli.core.validators import visible
from liushou_cli.duties.rows import DutyRow, summary_counts
from liushou_cli.i18n import show, t
from liushou_cli.render.plain import bold, column_widths, table_lines


def lateness(days: int) -> str:
    if days > 0:
        return t("days_overdue", days=days)
    if days == 0:
        return t("due_today")
    return t("days_left", days=-days)


def write_overdue_table(rows: Sequence[DutyRow], as_of: date, width: int,
                        colour: bool) -> None:
    """One block per responsible teacher, the columns aligned alike in every block, fitting
    `width` cells; on a colour terminal, the titles bold and what is not yet overdue dimmed;
    then the summary line."""
    headers = [t(key) for key in ("col_child", "col_id", "col_class", "col_duty", "col_last",
                                  "col_due", "col_late")]
    cells = [[visible(row["name"], True), visible(row["child_id"] or "", True),
              visible(row["class"], True), show(row["duty_name"]), row["last"] or t("never"),
              row["due"], lateness(row["days_overdue"])]
             for row in rows]
    # The duty's name may wrap; names, ids and dates must stay whole to be read right.
    widths = column_widths(headers, cells, DUTY_COLUMN, width)
    groups: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(visible(row["responsible_name"] or t("unassigned"), True),
                          []).append(index)
    out: list[str] = []
    for teacher, members in groups.items():
        late = sum(1 for i in members if rows[i]["days_overdue"] > 0)
        out += [bold(t("overdue_group", teacher=teacher, count=late, total=len(members)),
                     colour), ""]
        out += table_lines(headers, [cells[i] for i in members], widths, DUTY_COLUMN,
                           [rows[i]["days_overdue"] <= 0 for i in members], colour)
        out.append("")
    if not rows:
        out.append(t("overdue_none", as_of=as_of.isoformat()))
    else:
        counts = summary_counts(rows)
        line = t("overdue_summary", as_of=as_of.isoformat(), **counts)
        if counts["due_soon"]:
            line += t("due_soon_summary", count=counts["due_soon"])
        out.append(line)
    sys.stdout.write("\n".join(out) + "\n")


DUTY_COLUMN = 3
