"""The caseload and incomplete-records reports as terminal tables."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from liushou_cli.core.validators import visible
from liushou_cli.i18n import label, t
from liushou_cli.render.fit import Column, fit, wrap_words
from liushou_cli.render.plain import overhead, table_lines
from liushou_cli.reports.support import incomplete_counts

# The caseload's columns, and the order a narrow screen gives them up (the teacher, the
# overdue count and the children stay).
_CASELOAD = ("col_teacher", "col_children", "col_class_teacher", "col_proxy", "col_tutor",
             "col_plans", "col_ieps", "col_due_soon", "col_overdue")
_CASELOAD_DROP = ("col_ieps", "col_plans", "col_tutor", "col_proxy", "col_class_teacher",
                  "col_due_soon")


def write_caseload_table(rows: Sequence[dict[str, Any]], as_of: date, within: int,
                         width: int = 80, colour: bool = False) -> None:
    """One line per teacher, the counts right-aligned, those who owe nothing soon dimmed on a
    colour terminal; then the summary. A plain table (render/plain.py), as the overdue
    report's: a county's 2,600 teachers took rich 1.5 s to lay out."""
    if not rows:
        sys.stdout.write(t("caseload_none", as_of=as_of.isoformat()) + "\n")
        return
    columns = [Column(t(key, days=within), whole=True,
                      drop=_CASELOAD_DROP.index(key) if key in _CASELOAD_DROP else None)
               for key in _CASELOAD]
    cells = [[visible(row["name"], True), *(str(row[key]) if row[key] else "·" for key in (
        "children", "class_teacher", "proxy_parent", "tutor", "learning_plans",
        "individual_plans", "due_soon", "overdue"))] for row in rows]
    fitted = fit(columns, cells, width, overhead)
    # Who owes nothing soon steps back.
    tones = ["" if row["overdue"] or row["due_soon"] else "pending" for row in rows]
    numbers = {at for at, column in enumerate(fitted.kept) if column != 0}  # not the teacher
    lines = ["", *table_lines(fitted.headers(columns), fitted.rows, fitted.widths, tones,
                              colour, right=numbers), ""]
    teachers = sum(1 for row in rows if row["staff_id"] is not None)
    lines += wrap_words(t("caseload_summary", as_of=as_of.isoformat(), teachers=teachers,
                          overdue=sum(row["overdue"] for row in rows),
                          due_soon=sum(row["due_soon"] for row in rows), days=within), width)
    sys.stdout.write("\n".join(lines) + "\n")


def gap_text(row: dict[str, Any]) -> str:
    """What the card lacks, in words: 三知 gaps name the empty fields."""
    if row["missing"]:
        return t("gap_" + row["gap"], missing=t("list_sep").join(label(f) for f in row["missing"]))
    return t("gap_" + row["gap"], missing="")


def write_incomplete_table(rows: Sequence[dict[str, Any]], as_of: date, width: int = 80,
                           colour: bool = False) -> None:
    """A line for each gap, the child named on its first; then the counts. A plain table
    (render/plain.py), as the caseload's."""
    if not rows:
        sys.stdout.write(t("incomplete_none", as_of=as_of.isoformat()) + "\n")
        return
    # The id gives way first on a narrow screen: the name and class say who it is.
    columns = [Column(t("col_child"), whole=True), Column(t("col_id"), whole=True, drop=0),
               Column(t("col_class"), whole=True), Column(t("col_gap"))]
    cells = []
    previous = None
    for row in rows:
        first = row["child_id"] != previous
        previous = row["child_id"]
        cells.append([visible(row["name"]) if first else "", row["child_id"] if first else "",
                      visible(row["class"]) if first else "", gap_text(row)])
    fitted = fit(columns, cells, width, overhead)
    lines = ["", *table_lines(fitted.headers(columns), fitted.rows, fitted.widths), ""]
    lines += wrap_words(t("incomplete_summary", as_of=as_of.isoformat(),
                          **incomplete_counts(rows)), width)
    sys.stdout.write("\n".join(lines) + "\n")
