"""Rendering rows (lists of dicts with stable keys) as a table, json or csv on stdout."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from liushou_cli.i18n import label, show, t
from liushou_cli.validators import visible
from liushou_cli.views import CardSection

FORMATS = ("table", "json", "csv")


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def dumps_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def write_json(data: Any) -> None:
    sys.stdout.write(dumps_json(data) + "\n")


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """csv with the stable keys as header; lists joined with '、' so a cell stays one value."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])


# A text cell starting so is a formula to Excel (=HYPERLINK(...)); a number is left alone.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = "、".join(str(item) for item in value) if isinstance(value, list) else str(value)
    text = visible(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def write_table(rows: Sequence[dict[str, Any]], columns: Sequence[str],
                title: str | None = None, footer: str | None = None) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(label(column), overflow="fold", no_wrap=_keep_whole(column))
    for row in rows:
        table.add_row(*(show(row.get(column)) for column in columns))
    out = console()
    out.print(table)
    if footer:
        out.print(footer)


def _keep_whole(column: str) -> bool:
    # A phone number or date broken over two lines is misread; names and notes may wrap.
    return column in ("id", "class", "age", "status", "gender") or column.endswith(
        ("phone", "_date", "_id", "date", "due", "last"))


def write_rows(rows: Sequence[dict[str, Any]], table_columns: Sequence[str],
               data_columns: Sequence[str], fmt: str, title: str | None = None,
               footer_key: str = "listed") -> None:
    """A list in the chosen format; table shows `table_columns`, json/csv all `data_columns`."""
    if fmt == "json":
        write_json([{key: row.get(key) for key in data_columns} for row in rows])
    elif fmt == "csv":
        write_csv(rows, data_columns)
    else:
        write_table(rows, table_columns, title, t(footer_key, count=len(rows)))


def write_card(title: str, sections: Sequence[CardSection]) -> None:
    """The contact card: a titled panel, one two-column block per section."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    blocks: list[Any] = []
    for section in sections:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for name, value in section.lines:
            grid.add_row(visible(name), visible(value))
        blocks.append(Panel(grid, title=visible(section.title), title_align="left"))
    out = console()
    # A card reads like the paper one: no wider than a page, whatever the terminal.
    out.print(Panel(Group(*blocks), title=visible(title), title_align="left",
                    width=min(out.width, 84)))
