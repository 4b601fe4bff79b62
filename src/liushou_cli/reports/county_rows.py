"""A school's rows for the county's hand-offs: the registration form (masked as the school's
own export is) and, for an analyst's engine, the per-child rows and the per-entry facts.

Pure: children in, rows of plain values out. The column names of the per-child rows are the
fields' paths in the table of fields (core/fields.py), dots as underscores (guardian.phone ->
guardian_phone): an engine's SQL wants plain names; docs/county.md lists them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.duties.census import in_census
from liushou_cli.duties.rules import on_record
from liushou_cli.reports.export import cell, columns, export_table, select

if TYPE_CHECKING:
    from liushou_cli.core.model import Child
    from liushou_cli.core.settings import Term

SCHOOL_HEADER = "学校"  # the form's first column in the county's export: Chinese, as the form
NO_TERM = "none"  # the partition of an entry dated outside every term


def form_rows(children: Iterable[Child], status: str, full: bool,
              with_status: bool) -> tuple[list[str], list[list[str]]]:
    """The school's part of the form: exactly the rows of its own `liushou export`."""
    return export_table(select(children, status), full=full, with_status=with_status)


def child_columns() -> list[str]:
    """The per-child rows' columns, in order (the partition keys school and term aside)."""
    return ["child_id", *(column.path.replace(".", "_") for column in columns(True)),
            "on_record", "in_census", "term_start", "as_of"]


def child_rows(children: Iterable[Child], term: Term | None, as_of: date) -> list[dict[str, Any]]:
    """One row per child (every status: `status` says which), masked as the export masks."""
    chosen = columns(True)
    rows = []
    for child in select(children, "全部"):
        row: dict[str, Any] = {"child_id": child.id}
        for column in chosen:
            # An empty cell of the form is a null here: what an engine's IS NULL expects.
            row[column.path.replace(".", "_")] = cell(column.value(child), column.mask) or None
        row["on_record"] = on_record(child, as_of)
        row["in_census"] = term is not None and in_census(child, term, as_of)
        row["term_start"] = term.start if term is not None else None
        row["as_of"] = as_of
        rows.append(row)
    return rows


ENTRY_COLUMNS = ("child_id", "type", "date", "by")


def entry_rows(children: Iterable[Child], terms: Sequence[Term]) -> dict[str, list[dict[str, Any]]]:
    """Every timeline entry (visit, talk, contact, census check) as a fact, by the term its
    date falls in: its child's local id, its type as stored (家访, 谈心...), date, by whom
    (staff ids). No free text: what was said stays in the school."""
    school = SchoolCalendar.of(list(terms))
    by_term: dict[str, list[dict[str, Any]]] = {}
    for child in children:
        for entry in child.events:
            term = school.term_at(entry.date)
            by_term.setdefault(term.name if term is not None else NO_TERM, []).append(
                {"child_id": child.id, "type": entry.type, "date": entry.date,
                 "by": ",".join(entry.by)})
    return by_term
