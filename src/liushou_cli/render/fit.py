"""Fitting a table to the terminal's width: which columns stay, how wide each is, and each
cell cut into lines between words, never inside one. Pure: used by every table drawn as
text (render/text_table.py, render/plain.py).

The order of giving way, when the natural widths do not fit:

1. the short forms of the cells, where the table has them (a duty's short name);
2. the columns that may wrap are narrowed, each down to its longest word (a name, a class,
   a date, "定期联系外出父母", "day(s)" and "(语文)" are words: a line breaks only at a
   space, after 、，,;： or before an opening parenthesis not right after a Latin letter);
3. columns are dropped in the table's stated order (`Column.drop`: the lowest first); a
   column without a rank is never dropped;
4. a column kept whole that may break as a last resort (`Column.wraps_last`) is narrowed as
   in step 2.

What still does not fit after all that (a terminal narrower than one name) runs past the
right edge, where the terminal breaks the line: nothing is cut off or broken inside a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# A line may break after these (the mark stays at the end of the line) ...
_BREAK_AFTER = frozenset("、，,；;：/")
# ... and before these (the mark starts the next line).
_BREAK_BEFORE = frozenset("(（[")


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


def words(text: str) -> list[str]:
    """`text` in the pieces a line may break between; a space belongs to the word after it.
    "".join(words(text)) == text."""
    pieces: list[str] = []
    current = ""
    for char in text:
        if current and ((char == " " and not current.isspace()) or char in _BREAK_BEFORE):
            pieces.append(current)
            current = ""
        current += char
        if char in _BREAK_AFTER:
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return _glued(pieces)


def _glued(pieces: list[str]) -> list[str]:
    # A parenthesis inside a word (七(3)班, half-(monthly)) is no place to break: a piece
    # that opens one and goes on after closing it joins the piece before it; so does one
    # that follows a Latin letter or digit with no space (day(s): "day" and "(s)" on two
    # lines read as nothing).
    out: list[str] = []
    for piece in pieces:
        core = piece.rstrip("".join(_BREAK_AFTER) + " ")
        if out and piece[0] in _BREAK_BEFORE and (
                not core.endswith((")", "）", "]")) or (out[-1][-1].isascii()
                                                       and out[-1][-1].isalnum())):
            out[-1] += piece
        else:
            out.append(piece)
    return out


# A text holding none of these is one word on one line (a name, a date, a number: most
# cells); tested in one search, where `words` looks at each character.
_MAY_BREAK = re.compile("[" + re.escape("".join(sorted(_BREAK_AFTER | _BREAK_BEFORE))) + " \n]")


def longest_word(text: str) -> int:
    if not _MAY_BREAK.search(text):
        return cell_width(text.strip())
    return longest_of_words(text)


def longest_of_words(text: str) -> int:
    """The widest word of `text`, each word measured (longest_word without its shortcut)."""
    return max((cell_width(word.strip()) for line in text.split("\n") for word in words(line)),
               default=0)


def text_width(text: str) -> int:
    return max((cell_width(line) for line in text.split("\n")), default=0)


def wrap_words(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken only between words; a word wider
    than `width` is kept whole on a line of its own (the renderer cuts it at the edge)."""
    if "\n" not in text and cell_width(text) <= width:  # it fits (most cells): one line
        return [text.rstrip()]
    return wrap_each_word(text, width)


def wrap_each_word(text: str, width: int) -> list[str]:
    """wrap_words without its shortcut: each word placed in turn."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for number, word in enumerate(words(paragraph)):
            # A paragraph keeps its own indent; a continued line starts at its word.
            candidate = line + word if line or number == 0 else word.lstrip()
            if not line or cell_width(candidate) <= width:
                line = candidate
                continue
            lines.append(line.rstrip())
            line = word.lstrip()
        lines.append(line.rstrip())
    return lines



# A line never starts with these, nor ends with those (Chinese typesetting's rule).
_NO_LINE_START = frozenset("，。、；：！？）」』》,.;:!?)]")
_NO_LINE_END = frozenset("（「『《([")


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, for prose such as --help: a Latin word is
    kept whole (on a line of its own when it must), Chinese breaks between any two
    characters, never before a closing mark or after an opening one; a table cell keeps
    its words whole instead (wrap_words)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for number, word in enumerate(words(paragraph)):
            candidate = line + word if line or number == 0 else word.lstrip()
            if cell_width(candidate) <= width:
                line = candidate
                continue
            if line and word.isascii():
                lines.append(line.rstrip())
                candidate = word.lstrip()
            while cell_width(candidate) > width:
                cut = _cut(candidate, width)
                lines.append(candidate[:cut].rstrip())
                candidate = candidate[cut:].lstrip()
            line = candidate
        lines.append(line.rstrip())
    return lines


def _cut(line: str, width: int) -> int:
    fits = 0
    while fits < len(line) and cell_width(line[:fits + 1]) <= width:
        fits += 1
    for cut in range(fits, 0, -1):
        before, after = line[cut - 1], line[cut]
        wide = cell_width(before) == 2 or cell_width(after) == 2 or after == " "
        if wide and after not in _NO_LINE_START and before not in _NO_LINE_END:
            return cut
    return max(fits, 1)  # nowhere to break: cut at the edge


@dataclass(frozen=True)
class Column:
    """A column as the fitting sees it: its header, whether it is kept on one line (`whole`:
    "逾期 12 天" must not wrap), and its rank in dropping (lowest dropped first; None: kept
    whatever the width)."""

    header: str
    whole: bool = False
    drop: int | None = None
    # A `whole` column that may still break between its words once every column that may
    # be dropped is (English's "51 day(s) overdue", 17 cells): the table then fits.
    wraps_last: bool = False


@dataclass(frozen=True)
class Fitted:
    """The table as it fits: the indices of the columns kept, their widths in cells, and
    the rows (short forms where they were needed) with each cell's lines joined by \\n."""

    kept: list[int]
    widths: list[int]
    rows: list[list[str]]
    short: bool

    def headers(self, columns: Sequence[Column]) -> list[str]:
        return [columns[i].header for i in self.kept]


Overhead = Callable[[int], int]  # cells a table of n columns takes beside its cells


def fit(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int,
        overhead: Overhead, short_rows: Sequence[Sequence[str]] | None = None) -> Fitted:
    """The columns, widths and wrapped rows of the table at `width` cells (the module's
    docstring says in which order things give way)."""
    everything = list(range(len(columns)))
    natural = _natural(columns, rows)
    if sum(natural) + overhead(len(columns)) <= width or short_rows is None:
        return _narrowed(columns, rows, everything, width, overhead, short=False,
                         natural=natural)
    return _narrowed(columns, short_rows, everything, width, overhead, short=True)


def _natural(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> list[int]:
    return [max([cell_width(column.header), *(text_width(row[i]) for row in rows)])
            for i, column in enumerate(columns)]


def _narrowed(columns: Sequence[Column], rows: Sequence[Sequence[str]], kept: list[int],
              width: int, overhead: Overhead, *, short: bool,
              natural: list[int] | None = None) -> Fitted:
    natural = _natural(columns, rows) if natural is None else natural

    def narrowest(i: int) -> int:
        return max([cell_width(columns[i].header), *(longest_word(row[i]) for row in rows)])

    least = [natural[i] if column.whole else narrowest(i) for i, column in enumerate(columns)]
    droppable = sorted((column.drop, i) for i, column in enumerate(columns)
                       if column.drop is not None)
    while sum(least[i] for i in kept) + overhead(len(kept)) > width and droppable:
        dropped = droppable.pop(0)[1]
        kept = [i for i in kept if i != dropped]
    if sum(least[i] for i in kept) + overhead(len(kept)) > width:
        for i in kept:
            if columns[i].wraps_last:
                least[i] = narrowest(i)
    widths = {i: least[i] for i in kept}
    spare = width - overhead(len(kept)) - sum(widths.values())
    growing = [i for i in kept if widths[i] < natural[i]]
    while spare > 0 and growing:  # the room left shared out a cell at a time
        for i in list(growing):
            if spare == 0:
                break
            widths[i] += 1
            spare -= 1
            if widths[i] == natural[i]:
                growing.remove(i)
    fitted_rows = [["\n".join(wrap_words(row[i], widths[i])) for i in kept] for row in rows]
    return Fitted(kept, [widths[i] for i in kept], fitted_rows, short)
