"""Rendering rows (lists of dicts with stable keys) as a table, json or csv on stdout.

A list in json is always the same envelope, so that a script never has to guess whether it
stands on every file: {"complete": bool, "unreadable": [{"path", "line", "message"}],
"rows": [...]}. A csv ends, when files were left out, with one row per such file whose first
cell is UNREADABLE_MARK (a row starting with # is never data).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from liushou_cli.core.validators import visible
from liushou_cli.i18n import label, show, t

if TYPE_CHECKING:
    from liushou_cli.render.fit import Column

FORMATS = ("table", "json", "csv")
UNREADABLE_MARK = "#unreadable"

Unreadable = dict[str, Any]  # {"path": "children/x.yaml", "line": 3 or None, "message": ...}


def unreadable_files(data: Any) -> list[Unreadable]:
    """The files a report left out, each with its first error, where and why: the child
    files (a store.read.Dataset's unreadable_children), then the activity files whose
    activities it could not count (its unreadable_activities)."""
    shown = [data.folder.rel(path) for path in data.unreadable_children]
    first: dict[str, Unreadable] = {}
    for problem in data.problems:
        if problem.path in shown and problem.path not in first and problem.severity == "error":
            first[problem.path] = {"path": problem.path, "line": problem.line,
                                   "message": problem.message}
    return ([first.get(path, {"path": path, "line": None, "message": ""}) for path in shown]
            + problems_as_unreadable(data.unreadable_activities))


def problems_as_unreadable(problems: Sequence[Any]) -> list[Unreadable]:
    """Files given up on (errors.Problem, e.g. activity files), one entry per file."""
    first: dict[str, Unreadable] = {}
    for problem in problems:
        first.setdefault(problem.path, {"path": problem.path, "line": problem.line,
                                        "message": problem.message})
    return list(first.values())


def envelope(rows: Any, unreadable: Sequence[Unreadable] = (),
             complete: bool = True) -> dict[str, Any]:
    """A json list report: whether it stands on every file (and on whatever else the report
    says it needs, `complete`), the files left out, the rows."""
    return {"complete": complete and not unreadable, "unreadable": list(unreadable),
            "rows": rows}


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def dumps_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def write_json(data: Any) -> None:
    sys.stdout.write(dumps_json(data) + "\n")


def write_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str],
              unreadable: Sequence[Unreadable] = ()) -> None:
    """csv with the stable keys as header; lists joined with '、' so a cell stays one value;
    then a marked row per file left out."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    # A value's cell made once: a report's rows repeat a few dozen duties, teachers, classes,
    # dates and day counts (a county's 100,000 cells). Only texts, whole numbers and dates,
    # each of its own type exactly: True, 1 and 1.0 are one key, and none of them is a text
    # or a date.
    made: dict[object, str] = {}
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            kind = type(value)
            if kind is str or kind is int or kind is date:
                cell = made.get(value)
                if cell is None:
                    cell = made[value] = _csv_cell(value)
            else:
                cell = _csv_cell(value)
            cells.append(cell)
        writer.writerow(cells)
    for found in unreadable:
        writer.writerow(unreadable_row(found))


def unreadable_row(found: Unreadable, mark: str = UNREADABLE_MARK) -> list[str]:
    """The csv row that says a file was left out: mark, path, line, message."""
    return [mark, found["path"], _csv_cell(found["line"]), found["message"]]


# A text cell starting so is a formula to Excel (=HYPERLINK(...)); a number is left alone.
# Tested by the first character, one set look-up (str.startswith with the six took 18 ms
# more of a county's export of 700,000 cells); the export's writer takes it too.
FORMULA_FIRST = frozenset(("=", "+", "-", "@", "\t", "\r"))


def _csv_cell(value: Any) -> str:
    if type(value) is str:  # most cells: tried first (a county's report writes 100,000)
        text = visible(value)
        return "'" + text if text[:1] in FORMULA_FIRST else text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict) or (isinstance(value, list)
                                   and any(isinstance(item, dict | list) for item in value)):
        # A list of records (a child's timeline in `child show -f csv`) as one JSON text:
        # read back whole by any program, where Python's own notation for each was not.
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = "、".join(str(item) for item in value) if isinstance(value, list) else str(value)
    text = visible(text)
    return "'" + text if text[:1] in FORMULA_FIRST else text


def table_columns(keys: Sequence[str], drop: Sequence[str]) -> list[Column]:
    """The columns of a general table: labelled, kept whole where a line break would be
    misread, dropped when too narrow in `drop`'s order, then the others from the right,
    never the first two."""
    from liushou_cli.render.fit import Column  # tables only: csv and json need no widths

    others = [key for key in reversed(keys[2:]) if key not in drop]
    rank = {key: index for index, key in enumerate([*drop, *others])}
    return [Column(label(key), whole=_keep_whole(key), drop=rank.get(key)) for key in keys]


def write_table(rows: Sequence[dict[str, Any]], columns: Sequence[str],
                title: str | None = None, footer: str | None = None, *, width: int = 80,
                colour: bool = False, drop: Sequence[str] = ()) -> None:
    """A general table fitted to `width` (`drop`: the columns to give up first)."""
    from liushou_cli.render.text_table import HEAVY_HEAD, TextOut  # tables only

    cells = [[show(row.get(column)) for column in columns] for row in rows]
    out = TextOut(width, colour)
    out.table(table_columns(columns, drop), cells, title=title, box=HEAVY_HEAD)
    if footer:
        out.print(footer)


def _keep_whole(column: str) -> bool:
    # A phone number or date broken over two lines is misread; names and notes may wrap.
    return column in ("id", "class", "age", "status", "gender") or column.endswith(
        ("phone", "_date", "_id", "date", "due", "last"))


def write_rows(rows: Sequence[dict[str, Any]], table_columns: Sequence[str],
               data_columns: Sequence[str], fmt: str, title: str | None = None,
               footer_key: str = "listed", unreadable: Sequence[Unreadable] = (), *,
               width: int = 80, colour: bool = False, drop: Sequence[str] = ()) -> None:
    """A list in the chosen format; table shows `table_columns` fitted to `width` (`drop`:
    the columns given up first on a narrow screen), json/csv all `data_columns` and the
    files left out (`unreadable`; the table's warning goes to stderr elsewhere)."""
    if fmt == "json":
        write_json(envelope([{key: row.get(key) for key in data_columns} for row in rows],
                            unreadable))
    elif fmt == "csv":
        write_csv(rows, data_columns, unreadable)
    else:
        write_table(rows, table_columns, title, t(footer_key, count=len(rows)), width=width,
                    colour=colour, drop=drop)

