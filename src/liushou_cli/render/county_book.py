"""The county's form as one workbook with a sheet per school (`county export --sheets`), as
.xlsx bytes. Each sheet is styled as render/export_writer.py styles the school's one (bold,
frozen header with a filter, every cell text); kept apart from it so that the school's
export stays as it is. Only bytes are made here; the CLI writes the file."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from liushou_cli.render.export_writer import MAX_WIDTH, UNREADABLE_HEADER, UNREADABLE_SHEET, display_width


def xlsx_book_bytes(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]],
                    unreadable: Sequence[Sequence[str]] = ()) -> bytes:
    """A sheet per (title, header, rows), then UNREADABLE_SHEET listing what was left out."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    book.properties.creator = "liushou"
    first = book.active
    assert first is not None  # a new workbook always has its first sheet
    for index, (title, header, rows) in enumerate(sheets):
        _fill(first if index == 0 else book.create_sheet(), title, header, rows)
    if unreadable:
        missing = book.create_sheet(UNREADABLE_SHEET)
        for values in (UNREADABLE_HEADER, *unreadable):
            missing.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in values])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.title = sheet_title(title)
    bold = Font(bold=True)
    for row_number, values in enumerate([header, *rows], start=1):
        for column_number, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            cell.number_format = "@"  # text, also for what someone types in later
            if value:
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"  # never a formula, even if the text starts with =
            if row_number == 1:
                cell.font = bold
    for column_number, values in enumerate(zip(header, *rows, strict=True), start=1):
        width = max(display_width(value) for value in values)
        sheet.column_dimensions[get_column_letter(column_number)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    sheet.page_setup.orientation = "landscape"


def sheet_title(title: str) -> str:
    """A sheet's name as Excel takes it: 31 characters at most, none of []:*?/\\."""
    return "".join("_" if char in "[]:*?/\\" else char for char in title)[:31] or "_"
