"""The export table (a header and rows of strings) as the bytes of an .xlsx or a .csv file.

Only bytes are made here; the CLI hands them to store.atomic, which writes the file.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from liushou_cli.core.progress import SILENT, Progress
from liushou_cli.core.text import Message
from liushou_cli.render.output import FORMULA_FIRST

MAX_WIDTH = 40


UNREADABLE_MARK = "#未能读取"  # the form is Chinese: so is the row that says a child is missing
UNREADABLE_SHEET = "未能读取的文件"
UNREADABLE_HEADER = ("文件", "行", "问题")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]],
              unreadable: Sequence[Sequence[str]] = ()) -> bytes:
    """UTF-8 with a byte-order mark, rows ended by CRLF.

    Excel reads a csv without a BOM in the system's ANSI code page (GBK on a Chinese Windows),
    so the headers and names would come out as mojibake; the BOM tells it the file is UTF-8.
    A cell that Excel would take for a formula (=, +, -, @) is prefixed with ' so it stays text.
    Each child file that could not be read ends the file as a row: UNREADABLE_MARK, path,
    line, problem (so the list is never taken for the whole school).
    """
    # Encoded as it is written: the whole text as one string, then with its mark, then as
    # bytes were three copies of a county's export at once.
    out = io.BytesIO()
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["'" + value if value[:1] in FORMULA_FIRST else value for value in row])
    for found in unreadable:
        writer.writerow([UNREADABLE_MARK, *found])
    text.flush()
    content = out.getvalue()
    text.detach()
    return content


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[str]], title: str,
               unreadable: Sequence[Sequence[str]] = (), progress: Progress = SILENT) -> bytes:
    """One sheet (and a second, UNREADABLE_SHEET, listing the child files that could not be
    read, when there are any): a bold, frozen header row with a filter, sensible column widths, and every
    cell stored and formatted as text, so that 身份证号, 学籍号 and phone numbers keep their
    leading zeros and all their digits (Excel keeps only 15 significant digits of a number).
    `progress` counts the rows (openpyxl takes about a second per thousand children)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = title[:31]  # Excel's limit for a sheet name
    book.properties.creator = "liushou"
    fill_sheet(sheet, header, rows, progress)
    if unreadable:
        add_unreadable_sheet(book, unreadable)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def display_width(text: str) -> int:
    """Columns a text takes on screen: a Chinese character is two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def fill_sheet(sheet: Any, header: Sequence[str], rows: Sequence[Sequence[str]],
               progress: Progress = SILENT) -> None:
    """The export's sheet: a bold, frozen header row with a filter, sensible column widths,
    landscape, every cell text (never a number, never a formula). The county's workbook
    fills each school's sheet with it too."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    progress.stage(Message("progress_export"), len(rows) + 1)
    try:
        for row_number, values in enumerate([header, *rows], start=1):
            for column_number, value in enumerate(values, start=1):
                cell = sheet.cell(row=row_number, column=column_number)
                cell.number_format = "@"  # text, also for what someone types in later
                if value:
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                    cell.data_type = "s"  # never a formula, even if the text starts with =
                if row_number == 1:
                    cell.font = bold
            progress.step()
    finally:
        progress.done()
    for column_number, values in enumerate(zip(header, *rows, strict=True), start=1):
        width = max(display_width(value) for value in values)
        sheet.column_dimensions[get_column_letter(column_number)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    sheet.page_setup.orientation = "landscape"


def add_unreadable_sheet(book: Any, unreadable: Sequence[Sequence[str]]) -> None:
    """UNREADABLE_SHEET: each child file that could not be read, so that the form is never
    taken for the whole school."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    missing = book.create_sheet(UNREADABLE_SHEET)
    for values in (UNREADABLE_HEADER, *unreadable):
        missing.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in values])
