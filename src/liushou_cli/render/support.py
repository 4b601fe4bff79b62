"""The caseload and incomplete-records reports as terminal tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from liushou_cli.core.validators import visible
from liushou_cli.i18n import label, t
from liushou_cli.render.output import console
from liushou_cli.reports.support import incomplete_counts


def _table(title: str | None = None) -> Any:
    from rich import box
    from rich.table import Table

    return Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                 pad_edge=False, collapse_padding=True)


def write_caseload_table(rows: Sequence[dict[str, Any]], as_of: date, within: int) -> None:
    out = console()
    if not rows:
        out.print(t("caseload_none", as_of=as_of.isoformat()))
        return
    table = _table()
    for key in ("col_teacher", "col_children", "col_class_teacher", "col_proxy", "col_tutor",
                "col_plans", "col_ieps", "col_due_soon", "col_overdue"):
        table.add_column(t(key, days=within), justify="left" if key == "col_teacher" else "right",
                         no_wrap=key == "col_teacher")
    for row in rows:
        table.add_row(visible(row["name"]), *(str(row[key]) if row[key] else "·" for key in (
            "children", "class_teacher", "proxy_parent", "tutor", "learning_plans",
            "individual_plans", "due_soon", "overdue")),
            style=None if row["overdue"] else "dim" if not row["due_soon"] else None)
    out.print(table)
    teachers = sum(1 for row in rows if row["staff_id"] is not None)
    out.print(t("caseload_summary", as_of=as_of.isoformat(), teachers=teachers,
                overdue=sum(row["overdue"] for row in rows),
                due_soon=sum(row["due_soon"] for row in rows), days=within), soft_wrap=True)


def gap_text(row: dict[str, Any]) -> str:
    """What the card lacks, in words: 三知 gaps name the empty fields."""
    if row["missing"]:
        return t("gap_" + row["gap"], missing=t("list_sep").join(label(f) for f in row["missing"]))
    return t("gap_" + row["gap"], missing="")


def write_incomplete_table(rows: Sequence[dict[str, Any]], as_of: date) -> None:
    out = console()
    if not rows:
        out.print(t("incomplete_none", as_of=as_of.isoformat()))
        return
    table = _table()
    for key in ("col_child", "col_id", "col_class", "col_gap"):
        table.add_column(t(key), no_wrap=key != "col_gap", overflow="fold")
    previous = None
    for row in rows:
        first = row["child_id"] != previous
        previous = row["child_id"]
        table.add_row(visible(row["name"]) if first else "", row["child_id"] if first else "",
                      visible(row["class"]) if first else "", gap_text(row))
    out.print(table)
    out.print(t("incomplete_summary", as_of=as_of.isoformat(), **incomplete_counts(rows)),
              soft_wrap=True)
