"""A plain text table for the reports teachers run every day: columns aligned by display
width (a Chinese character takes two cells), cells already cut into lines (render/fit.py
decides the widths and where lines break), bold titles, overdue in red and pending rows
dimmed on a colour terminal. Whether to use colour is the caller's (the environment's: see
environment.py).

The general tables keep the boxed look of render/text_table.py; this one is the lighter look
of the reports run every morning (overdue, caseload, incomplete records).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from liushou_cli.render.fit import cell_width

GAP = "  "
INDENT = " "
_DIM = "\x1b[2m"
_RED = "\x1b[31m"
_RESET = "\x1b[0m"


def overhead(count: int) -> int:
    """The cells a plain table of `count` columns takes beside its cells (render/fit.py)."""
    return len(INDENT) + len(GAP) * (count - 1)


def bold(text: str, styled: bool) -> str:
    """`text` in bold on a colour terminal (`styled`)."""
    return f"\x1b[1m{text}\x1b[0m" if styled else text


def table_lines(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int],
                tones: Sequence[str] = (), styled: bool = False,
                marked: int | None = None, right: Collection[int] = ()) -> list[str]:
    """The header, a rule and the rows, each cell padded to its column (on its left in the
    columns `right`, numbers); a cell of several lines (\\n) continues on the next lines,
    the other cells blank there. On a colour terminal (`styled`) a row whose tone is
    "pending" is dimmed and one whose tone is "late" has its `marked` cell in red; a pipe
    gets the text alone."""
    lines = [_line(headers, widths, right=right),
             INDENT + "─" * (sum(widths) + len(GAP) * (len(widths) - 1))]
    for index, row in enumerate(rows):
        tone = tones[index] if index < len(tones) else ""
        parts = [cell.split("\n") for cell in row]
        for at in range(max(len(part) for part in parts)):
            cells = [part[at] if at < len(part) else "" for part in parts]
            line = _line(cells, widths, marked if styled and tone == "late" else None, right)
            lines.append(f"{_DIM}{line}{_RESET}" if styled and tone == "pending" else line)
    return lines


def _line(cells: Sequence[str], widths: Sequence[int], red: int | None = None,
          right: Collection[int] = ()) -> str:
    padded = [" " * (width - cell_width(cell)) + cell if at in right
              else cell + " " * (width - cell_width(cell))
              for at, (cell, width) in enumerate(zip(cells, widths, strict=True))]
    if red is not None and cells[red]:
        padded[red] = f"{_RED}{padded[red]}{_RESET}"
    return (INDENT + GAP.join(padded)).rstrip()
