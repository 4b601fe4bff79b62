"""A plain text table for the reports teachers run every day: columns aligned by display
width (a Chinese character takes two cells), one column allowed to wrap when the terminal is
narrow, bold titles and dimmed rows on a colour terminal. The width and whether to use
colour are the caller's (the environment's: see environment.py).

The general tables go through rich; this one exists because the overdue report is the
command run every morning, and rich's table took most of a small school's report (0.1 s of
0.4 s for 150 rows, and its import).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

GAP = "  "
INDENT = " "


@lru_cache(maxsize=4096)
def cell_width(text: str) -> int:
    """Terminal cells `text` takes: wide and full-width characters two, combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` cut into lines of at most `width` cells: between words where it has spaces,
    anywhere in Chinese."""
    if cell_width(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        candidate = line + piece if line else piece.lstrip()
        if cell_width(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line.rstrip())
        line = piece.lstrip()
        while cell_width(line) > width:  # a piece wider than the column: cut it
            cut = _fit(line, width)
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line.rstrip())
    return lines


def _pieces(text: str) -> list[str]:
    if " " not in text:
        return list(text)
    words = text.split(" ")
    return [words[0], *(" " + word for word in words[1:])]


def _fit(text: str, width: int) -> int:
    used = 0
    for index, char in enumerate(text):
        used += cell_width(char)
        if used > width:
            return max(index, 1)
    return len(text)


def bold(text: str, styled: bool) -> str:
    """`text` in bold on a colour terminal (`styled`)."""
    return f"\x1b[1m{text}\x1b[0m" if styled else text


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], wrap: int,
                  width: int, min_wrap: int = 8) -> list[int]:
    """Each column's width in cells: its widest cell; the `wrap` column narrowed so that a
    line fits `width`, but never below `min_wrap` nor below its longest word (a line a
    little too long reads better than "half-mon / thly")."""
    widths = [max([cell_width(header), *(cell_width(row[i]) for row in rows)])
              for i, header in enumerate(headers)]
    total = len(INDENT) + sum(widths) + len(GAP) * (len(widths) - 1)
    if total > width:
        longest_word = max((cell_width(piece.strip()) for row in rows
                            for piece in _pieces(row[wrap])), default=0)
        floor = min(widths[wrap], max(min_wrap, longest_word))
        widths[wrap] = max(floor, widths[wrap] - (total - width))
    return widths


def table_lines(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int],
                wrap: int, dim: Sequence[bool] = (), styled: bool = False) -> list[str]:
    """The header, a rule and the rows, each cell padded to its column; a wrapped cell
    continues on the next lines, the other cells blank there; on a colour terminal
    (`styled`), the rows marked in `dim` dimmed."""
    lines = [_line(headers, widths), INDENT + "─" * (sum(widths) + len(GAP) * (len(widths) - 1))]
    for index, row in enumerate(rows):
        parts = wrap_cells(row[wrap], widths[wrap])
        block = [_line([*row[:wrap], parts[0], *row[wrap + 1:]], widths)]
        block += [_line(["" if i != wrap else part for i in range(len(row))], widths)
                  for part in parts[1:]]
        if styled and index < len(dim) and dim[index]:
            block = [f"\x1b[2m{line}\x1b[0m" for line in block]
        lines += block
    return lines


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    padded = [cell + " " * (width - cell_width(cell)) for cell, width in zip(cells, widths,
                                                                                strict=True)]
    return (INDENT + GAP.join(padded)).rstrip()
