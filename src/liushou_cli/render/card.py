"""A card (`child show`, `plan show`, `iep show`) drawn as text: a panel with rounded corners
and a title, holding one titled panel per section, each section's lines a label and its
value, the value broken between words to the panel's width. The look is rich's panels', line
for line, drawn without rich: its import and layout were most of what `child show` spends
beyond the other warm commands at a school. Text is printed as written, never as markup.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from liushou_cli.core.validators import visible
from liushou_cli.render.fit import cell_width
from liushou_cli.render.plain import bold
from liushou_cli.render.text_table import break_lines, cut_at
from liushou_cli.views.section import CardSection

PAGE = 84  # a card reads like the paper one: no wider than a page, whatever the terminal
_GAP = "  "  # between a label and its value


def drawn_lines(title: str, sections: Sequence[CardSection], width: int,
               colour: bool = False) -> list[str]:
    """The card at most `width` cells wide (and never wider than PAGE); on a colour
    terminal the labels are bold."""
    outer = min(width, PAGE)
    lines: list[str] = []
    for section in sections:
        inner = _body(section, outer - 8, colour)
        lines += _panel(visible(section.title), inner, outer - 4)
    return _panel(visible(title), lines, outer)


def write_card(title: str, sections: Sequence[CardSection], width: int = 80,
               colour: bool = False) -> None:
    """The card on stdout (drawn_lines)."""
    sys.stdout.write("\n".join(drawn_lines(title, sections, width, colour)) + "\n")


def _panel(title: str, body: Sequence[str], width: int) -> list[str]:
    """`body` (lines already `width` - 4 cells wide) framed, `title` in the top edge."""
    room = width - 4
    heading = _cut(f" {title} ", room)
    top = "╭─" + heading + "─" * (room - cell_width(heading)) + "─╮"
    return [top, *(f"│ {line} │" for line in body), "╰" + "─" * (width - 2) + "╯"]


def _body(section: CardSection, width: int, colour: bool) -> list[str]:
    """The section's lines: the labels in a column as wide as the longest, then the value
    broken to the rest of the width, each line padded to `width` cells."""
    labels = [visible(name) for name, _ in section.lines]
    label_width = max((cell_width(label) for label in labels), default=0)
    room = max(width - label_width - len(_GAP), 1)
    lines = []
    for label, (_, value) in zip(labels, section.lines, strict=True):
        broken = [piece for paragraph in visible(value).expandtabs(8).split("\n")
                  for piece in break_lines(paragraph, room)]
        for index, piece in enumerate(broken):
            left = label if index == 0 else ""
            lines.append(bold(left, colour) + " " * (label_width - cell_width(left)) + _GAP
                         + piece + " " * (room - cell_width(piece)))
    return lines


def _cut(text: str, width: int) -> str:
    """`text` cut to `width` cells (a title longer than the card); a wide character that
    would straddle the edge leaves a space."""
    kept = text[:cut_at(text, width)]
    return kept if kept == text else kept + " " * (width - cell_width(kept))
