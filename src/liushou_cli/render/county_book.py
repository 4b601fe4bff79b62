"""The county's form as one workbook with a sheet per school (`county export --sheets`), as
.xlsx bytes. Each sheet is filled by render/export_writer.py's `fill_sheet`, as the school's
own form is (bold, frozen header with a filter, every cell text). Only bytes are made here;
the CLI writes the file."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from liushou_cli.render.export_writer import add_unreadable_sheet, fill_sheet


def xlsx_book_bytes(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]],
                    unreadable: Sequence[Sequence[str]] = ()) -> bytes:
    """A sheet per (title, header, rows), then UNREADABLE_SHEET listing what was left out."""
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "liushou"
    first = book.active
    assert first is not None  # a new workbook always has its first sheet
    for index, (title, header, rows) in enumerate(sheets):
        _fill(first if index == 0 else book.create_sheet(), title, header, rows)
    if unreadable:
        add_unreadable_sheet(book, unreadable)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    sheet.title = sheet_title(title)
    fill_sheet(sheet, header, rows)


def sheet_title(title: str) -> str:
    """A sheet's name as Excel takes it: 31 characters at most, none of []:*?/\\."""
    return "".join("_" if char in "[]:*?/\\" else char for char in title)[:31] or "_"
