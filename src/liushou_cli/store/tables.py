"""Reading a table a teacher saved from a spreadsheet: CSV or Excel .xlsx, bytes -> rows of text.

Nothing here knows what the columns mean (that is `roster.py`); this module only turns a file
into rows of stripped strings, each with its row number as the spreadsheet shows it (the
first row is row 1), so that a message can point at the very cell.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_cli.core.errors import LiushouError
from liushou_cli.i18n import t
from liushou_cli.store.oserrors import reason

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary Excel format (OLE2), which openpyxl cannot read
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Table:
    """The rows of a file: (row number as in the spreadsheet, the cells as stripped text).
    Rows with no text at all are left out; their numbers are simply skipped."""

    rows: list[tuple[int, list[str]]]


def read_table(path: Path) -> Table:
    """The table in a CSV or .xlsx file, or a LiushouError naming the file and why not."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LiushouError(t("unreadable", detail=reason(error)), str(path)) from None
    return table_from_bytes(raw, str(path))


def table_from_bytes(raw: bytes, shown_as: str) -> Table:
    """The table in a file's bytes: .xlsx recognised by its content, anything else read as CSV."""
    if raw.startswith(_XLSX_MAGIC):
        return _xlsx_table(raw, shown_as)
    if raw.startswith(_XLS_MAGIC):
        raise LiushouError(t("table_xls"), shown_as)
    return _csv_table(_decode(raw, shown_as))


def _decode(raw: bytes, shown_as: str) -> str:
    if raw.startswith(_UTF16_BOMS):
        # Excel's "Unicode text" (Unicode 文本) is UTF-16 with a BOM, tab-separated.
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise LiushouError(t("table_encoding"), shown_as) from None
    try:
        text = raw.decode("utf-8-sig")  # with or without the BOM Excel writes for "CSV UTF-8"
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves plain "CSV" in the ANSI code page, which is GBK
        # (cp936). gb18030 is a superset of GBK that decodes every GBK file the same way.
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise LiushouError(t("table_encoding"), shown_as) from None
    if "\x00" in text:
        raise LiushouError(t("table_binary"), shown_as)
    return text


def _csv_table(text: str) -> Table:
    first = next((line for line in text.splitlines() if line.strip()), "")
    # Comma-separated as Excel saves CSV; tab-separated if the header line has tabs but no
    # commas (a copy-paste from a spreadsheet, or Excel's "Unicode text").
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows: list[tuple[int, list[str]]] = []
    # Row numbers count records, as the spreadsheet shows them: a quoted cell holding a line
    # break is still one row.
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                                   start=1):
        stripped = [_strip(cell) for cell in cells]
        if any(stripped):
            rows.append((number, stripped))
    return Table(rows)


def _xlsx_table(raw: bytes, shown_as: str) -> Table:
    from openpyxl import load_workbook

    try:
        # Not read-only: its row iteration skips empty rows, and row numbers must be exact.
        # data_only: the values Excel last computed, not the formulas.
        book = load_workbook(io.BytesIO(raw), read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise LiushouError(t("table_bad_xlsx", detail=str(error) or type(error).__name__),
                           shown_as) from None
    try:
        sheet = book.worksheets[0]  # the first sheet, whichever was open when it was saved
        below = _merged_down(sheet)
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(below.get((number, column), value))
                     for column, value in enumerate(values, start=1)]
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                rows.append((number, cells))
        return Table(rows)
    finally:
        book.close()


def _merged_down(sheet: Worksheet) -> dict[tuple[int, int], object]:
    """(row, column) -> value of each cell hidden under a cell merged down several rows: the
    merged cell's own, as every row it spans shows it (a class's name merged over its
    children's rows). A cell merged across columns is one cell of its row, as it looks."""
    below: dict[tuple[int, int], object] = {}
    for merged in sheet.merged_cells.ranges:
        if merged.max_row > merged.min_row:
            value = sheet.cell(merged.min_row, merged.min_col).value
            for row in range(merged.min_row + 1, merged.max_row + 1):
                below[(row, merged.min_col)] = value
    return below


def _cell_text(value: object) -> str:
    """A cell's value as the text a teacher sees in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return (value.date().isoformat() if value.time() == time(0) else value.isoformat(" "))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        # A number typed into a cell formatted as a number: 13912345678 comes back as a float.
        # Past 15 digits Excel kept only the first 15 (an ID number 430524201009018123 is
        # stored as 4.30524201009018e+17): shown as Excel shows it, never made whole with
        # digits the teacher did not type (which can happen to pass the ID number's checks).
        return str(int(value)) if abs(value) < 1e15 else f"{value:.15g}"
    return _strip(str(value))


def _strip(text: str) -> str:
    return text.strip()  # str.strip also removes the full-width space U+3000 and U+00A0
