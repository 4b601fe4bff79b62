"""`--help` wrapped by terminal cells, not characters: a Chinese character takes two cells,
and click's own formatter counts it as one, so Chinese help came out nearly twice as wide as
the terminal.

`CellHelpFormatter` is click's HelpFormatter with its three wrapping methods (usage, text,
definition lists) measuring cells. A line breaks at a space, or between two Chinese
characters; never before a closing mark (,。、)) nor after an opening one ((“), so
"数据文件夹(默认:LIUSHOU_DATA,或向上查找 liushou.yaml)" breaks only where a reader would.
cli/app.py makes it the formatter of every command's context.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from typer._click import HelpFormatter

from liushou_cli.render.fit import cell_width

# No line starts with these ...
_CLOSING = frozenset(",.;:!?)]}%，。、；：！？）》」』”’")
# ... and none ends with these.
_OPENING = frozenset("([{（《「『“‘")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _pieces(text: str) -> list[tuple[str, str]]:
    """`text` as the pieces a line may break between, each with the spaces that stood
    before it (kept inside a line, dropped where the line breaks)."""
    atoms: list[tuple[str, str]] = []
    spaces = ""
    for char in text:
        if char.isspace():
            spaces += char
            continue
        glue = atoms and not spaces and (
            char in _CLOSING or atoms[-1][0][-1] in _OPENING
            or not (_wide(char) or _wide(atoms[-1][0][-1])))
        if glue:
            atoms[-1] = (atoms[-1][0] + char, atoms[-1][1])
        else:
            atoms.append((char, spaces))
        spaces = ""
    return atoms


def wrap_cells(text: str, width: int, initial_indent: str = "",
               subsequent_indent: str = "") -> list[str]:
    """One paragraph in lines of at most `width` cells (indents included); a piece wider
    than a whole line is cut at the edge."""
    lines: list[str] = []
    line = initial_indent
    empty = True
    for piece, spaces in _pieces(text):
        joined = line + ("" if empty else spaces) + piece
        if empty or cell_width(joined) <= width:
            line, empty = joined, False
        else:
            lines.append(line)
            line = subsequent_indent + piece
        while cell_width(line) > width and cell_width(subsequent_indent) + 2 < width:
            cut = _cut(line, width)
            lines.append(line[:cut])
            line = subsequent_indent + line[cut:]
    lines.append(line)
    return lines


def _cut(line: str, width: int) -> int:
    """How many characters of `line` fit in `width` cells."""
    used = 0
    for index, char in enumerate(line):
        used += cell_width(char)
        if used > width:
            return index
    return len(line)


def wrap_paragraphs(text: str, width: int, indent: str = "") -> str:
    """Click's paragraphs (split by an empty line; one starting with a line holding only
    \\b is kept as it is), each wrapped by cells at its own indent."""
    out: list[str] = []
    for paragraph in text.expandtabs().split("\n\n"):
        rows = [row for row in paragraph.split("\n") if row.strip()]
        if not rows:
            continue
        if rows[0].strip() == "\b":
            out.append("\n".join(indent + row for row in rows[1:]))
            continue
        own = indent + " " * (len(rows[0]) - len(rows[0].lstrip()))
        out.append("\n".join(wrap_cells(" ".join(row.strip() for row in rows), width,
                                        own, own)))
    return "\n\n".join(out)


class CellHelpFormatter(HelpFormatter):
    """Click's help formatter, measuring and wrapping in terminal cells."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = "Usage: " if prefix is None else prefix
        head = f"{prefix:>{self.current_indent}}{prog} "
        width = self.width - self.current_indent
        if width >= cell_width(head) + 20:
            lines = wrap_cells(args, width, head, " " * cell_width(head))
        else:
            indent = " " * (max(self.current_indent, cell_width(prefix)) + 4)
            lines = [head, *wrap_cells(args, width, indent, indent)]
        self.write("\n".join(lines) + "\n")

    def write_text(self, text: str) -> None:
        self.write(wrap_paragraphs(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((cell_width(first) for first, _ in rows), default=0),
                        col_max) + col_spacing
        left = first_col + self.current_indent
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_width(first)))
            else:
                self.write("\n" + " " * left)
            lines = wrap_paragraphs(second, max(self.width - left, 10)).split("\n")
            self.write("\n".join([lines[0], *(" " * left + line if line else line
                                              for line in lines[1:])]) + "\n")
