"""Horizontal bar charts laid out for inline SVG: groups of bars (a class, a month, a term),
each bar with its number written beside it, filled with one of four patterns (solid, hatched,
dotted, light) so that the series stay apart on a black-and-white printout. Pure geometry:
templates/chart.html.j2 draws it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 560  # the viewBox's width; the SVG scales to its container (a phone's 390 px too)
LABEL = 120  # the group labels' column
BAR_AREA = 330  # the longest bar; its number follows it
BAR = 16
GAP = 3
GROUP_GAP = 12
TOP = 8
PATTERNS = 4


@dataclass(frozen=True)
class Bar:
    series: int  # which series (its pattern and its legend entry)
    value: float  # the length it is drawn to, on the chart's scale
    text: str  # what is written beside it: "12", "85% (17/20)"


@dataclass(frozen=True)
class Group:
    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    id: str  # unique in its page: the patterns' ids begin with it
    title: str
    series: tuple[str, ...]  # the legend, one name per series
    groups: tuple[Group, ...]
    scale: float | None = None  # the value of a full-length bar; the largest value if None
    note: str = ""  # what the figures are of, under the title


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    pattern: int


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str  # "start" or "end"


@dataclass(frozen=True)
class Layout:
    chart: Chart
    height: float
    rects: tuple[Rect, ...]
    texts: tuple[Text, ...]
    legend: tuple[tuple[Rect, Text], ...]


def layout(chart: Chart) -> Layout:
    """Where every bar, number and label of the chart goes."""
    values = [bar.value for group in chart.groups for bar in group.bars]
    scale = chart.scale or max(values, default=0) or 1
    rects: list[Rect] = []
    texts: list[Text] = []
    y = float(TOP)
    legend = _legend(chart.series, y)
    if legend:
        y += len(legend) * (BAR + GAP) + GROUP_GAP
    for group in chart.groups:
        texts.append(Text(LABEL - 6, y + BAR - 4, group.label, "end"))
        for bar in group.bars:
            width = max(0.0, min(bar.value / scale, 1.0)) * BAR_AREA
            rects.append(Rect(LABEL, y, round(width, 1), BAR, bar.series % PATTERNS))
            texts.append(Text(LABEL + width + 4, y + BAR - 4, bar.text, "start"))
            y += BAR + GAP
        y += GROUP_GAP - GAP
    return Layout(chart, y + TOP, tuple(rects), tuple(texts), legend)


def _legend(series: Sequence[str], y: float) -> tuple[tuple[Rect, Text], ...]:
    """One line per series (a name as long as 由祖父母、外祖父母抚养 fits a phone's width)."""
    if len(series) < 2:
        return ()
    return tuple((Rect(LABEL, y + index * (BAR + GAP), BAR, BAR, index % PATTERNS),
                  Text(LABEL + BAR + 6, y + index * (BAR + GAP) + BAR - 4, name, "start"))
                 for index, name in enumerate(series))
