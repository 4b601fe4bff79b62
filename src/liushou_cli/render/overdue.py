"""The overdue report as a terminal table: one block per responsible teacher."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from liushou_cli.i18n import show, t
from liushou_cli.render.output import console
from liushou_cli.report import summary_counts


def lateness(days: int) -> str:
    if days > 0:
        return t("days_overdue", days=days)
    if days == 0:
        return t("due_today")
    return t("days_left", days=-days)


def write_overdue_table(rows: Sequence[dict[str, Any]], as_of: date) -> None:
    from rich import box
    from rich.table import Table

    out = console()
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["responsible_name"] or t("unassigned"), []).append(row)
    for teacher, items in groups.items():
        late = sum(1 for row in items if row["days_overdue"] > 0)
        table = Table(title=t("overdue_group", teacher=teacher, count=late, total=len(items)),
                      title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                      pad_edge=False, collapse_padding=True)
        for key in ("col_child", "col_id", "col_class", "col_duty", "col_last", "col_due",
                    "col_late"):
            # The duty's name may wrap; names, ids and dates must stay whole to be read right.
            table.add_column(t(key), no_wrap=key != "col_duty", overflow="fold",
                             min_width=8 if key == "col_duty" else None)
        for row in items:
            table.add_row(row["name"], row["child_id"] or "", row["class"], show(row["duty_name"]),
                          row["last"] or t("never"), row["due"], lateness(row["days_overdue"]),
                          style=None if row["days_overdue"] > 0 else "dim")
        out.print(table)
    counts = summary_counts(rows)
    if not rows:
        out.print(t("overdue_none", as_of=as_of.isoformat()))
        return
    line = t("overdue_summary", as_of=as_of.isoformat(), **counts)
    if counts["due_soon"]:
        line += t("due_soon_summary", count=counts["due_soon"])
    out.print(line)
