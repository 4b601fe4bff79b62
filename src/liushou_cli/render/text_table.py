"""The general tables drawn as plain text, line for line in the look rich gives them (a
simple head for figures, a heavy head for lists), and a writer with the part of rich's
console the figure reports use (`TextOut`).

Why not rich itself: its layout engine measures every cell again although render/fit.py
has already fitted them. At 20,000 children the term statistics' line per class (1,139
lines) took rich half a second, more than reading the folder from the cache. The cells
come fitted (render/fit.py: widths in cells, each cell's lines joined by \\n); text is
printed as it is, never read as markup.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from liushou_cli.render.fit import Column, Fitted, cell_width, fit, wrap_words

_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"


@dataclass(frozen=True)
class Box:
    """The characters of a table's edges: each line is (left, across, between columns,
    right)."""

    top: str
    head: str
    head_rule: str
    row: str
    bottom: str


SIMPLE_HEAD = Box(top="    ", head="    ", head_rule=" ── ", row="    ", bottom="    ")
HEAVY_HEAD = Box(top="┏━┳┓", head="┃ ┃┃", head_rule="┡━╇┩", row="│ ││", bottom="└─┴┘")


def overhead(count: int) -> int:
    """The cells a table of `count` columns takes beside its cells: an edge each side, a
    space of padding each side of every cell, a line between columns."""
    return 2 + 2 * count + (count - 1) if count else 2


def fitted(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int,
           short_rows: Sequence[Sequence[str]] | None = None) -> Fitted:
    """`rows` fitted to a table `width` cells wide (render/fit.py)."""
    return fit(columns, rows, width, overhead, short_rows)


def table_lines(table: Fitted, columns: Sequence[Column], *, title: str | None = None,
                justify: Sequence[str] = (), box: Box = SIMPLE_HEAD,
                colour: bool = False) -> list[str]:
    """The title (wrapped to the table's width), the top edge, the header, the rule under it,
    the rows and the bottom edge; `justify`: "left" or "right" for each of `columns` (left
    when not given). On a colour terminal the title and the header are bold."""
    right = {at for at, index in enumerate(table.kept)
             if index < len(justify) and justify[index] == "right"}
    widths = table.widths
    total = sum(widths) + overhead(len(widths))
    lines = []
    if title:
        lines += [_bold(line + " " * (total - cell_width(line)), colour)
                  for line in break_lines(title, total)]
    lines.append(_edge(box.top, widths))
    lines += _cells_lines(box.head, table.headers(columns), widths, right, colour)
    lines.append(_edge(box.head_rule, widths))
    for row in table.rows:
        lines += _cells_lines(box.row, row, widths, right)
    lines.append(_edge(box.bottom, widths))
    return lines


def _edge(chars: str, widths: Sequence[int]) -> str:
    return chars[0] + chars[2].join(chars[1] * (width + 2) for width in widths) + chars[3]


def _cells_lines(chars: str, cells: Sequence[str], widths: Sequence[int], right: set[int],
                 bold: bool = False) -> list[str]:
    parts = [cell.split("\n") for cell in cells]
    lines = []
    for at in range(max(len(part) for part in parts)):
        padded = []
        for index, (part, width) in enumerate(zip(parts, widths, strict=True)):
            text = part[at] if at < len(part) else ""
            gap = " " * (width - cell_width(text))
            padded.append(" " + _bold(gap + text if index in right else text + gap, bold) + " ")
        lines.append(chars[0] + chars[2].join(padded) + chars[3])
    return lines


def _bold(text: str, bold: bool) -> str:
    return f"{_BOLD}{text}{_RESET}" if bold else text


_WORD = re.compile(r"\s*\S+\s*")


def break_lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken as rich breaks text: between words
    (runs of non-space), a word wider than the line cut at the edge on lines of its own."""
    lines: list[str] = []
    line = ""
    for word in _WORD.findall(text):
        if cell_width(line + word.rstrip()) <= width:
            line += word
            continue
        if line:
            lines.append(line.rstrip())
            line = ""
        while cell_width(word.rstrip()) > width:
            cut = cut_at(word, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    lines.append(line.rstrip())
    return lines


def cut_at(text: str, width: int) -> int:
    """How many characters of `text` fit in `width` cells (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += cell_width(char)
        if used > width:
            return max(index, 1)
    return len(text)


class TextOut:
    """What the figure reports print through: lines of text on stdout, sentences broken
    to `width` cells (`say`), and tables drawn here; colour only when `colour`."""

    def __init__(self, width: int, colour: bool = False) -> None:
        self.width = width
        self.colour = colour

    def print(self, text: str = "") -> None:
        sys.stdout.write(text + "\n")

    def say(self, text: str) -> None:
        """A sentence, its lines broken between words only (render/fit.py): a list of
        classes never breaks inside 七(3)班."""
        self.print("\n".join(wrap_words(text, self.width)))

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *,
              title: str | None = None, justify: Sequence[str] = (),
              box: Box = SIMPLE_HEAD) -> None:
        """`rows` fitted to the width and drawn."""
        drawn = table_lines(fitted(columns, rows, self.width), columns, title=title,
                            justify=justify, box=box, colour=self.colour)
        sys.stdout.write("\n".join(drawn) + "\n")
