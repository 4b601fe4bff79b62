"""The term statistics on the terminal: the school's figures with their denominators, a line
per class, and the paragraph the school writes in its plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from liushou_cli.core.validators import visible
from liushou_cli.i18n import t
from liushou_cli.render.fit import Column
from liushou_cli.render.text_table import TextOut
from liushou_cli.reports.stats import Figure, figure_label, share_text, short_label
from liushou_cli.reports.terms import TermFigures

_CLASS_FIGURES = ("left_behind", "both_away", "with_grandparents", "level:优")


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def _share(figure: Figure) -> str:
    return share_text(figure.share)


def _of(figure: Figure) -> str:
    if figure.denominator is None:
        return ""
    return t("share_of", base=figure_label(figure.denominator))


def write_term(result: TermFigures, paragraph: str,
               unreadable: Sequence[dict[str, Any]] = (), width: int = 80,
               colour: bool = False) -> None:
    out = TextOut(width, colour)
    # On a narrow screen the figure's base ("of ...") goes first: the share still reads.
    columns = [Column(t("col_figure")), Column(t("col_count"), whole=True),
               Column(t("col_share"), whole=True), Column(t("col_of"), drop=0)]
    cells = [[figure_label(figure.key), _count(figure.count), _share(figure), _of(figure)]
             for figure in result.figures()]
    out.table(columns, cells, justify=("left", "right", "right", "left"),
              title=t("stats_title", term=result.term))
    # A class line gives up where its figures come from first, then the figures right to
    # left; the class and its enrolled count stay.
    columns = [Column(t("col_class"), whole=True),
               Column(figure_label("enrolled"), whole=True),
               *(Column(short_label(key), whole=True, drop=len(_CLASS_FIGURES) - index)
                 for index, key in enumerate(_CLASS_FIGURES)),
               Column(t("col_source"), drop=0)]
    cells = []
    for entry in result.classes:
        by_key = {figure.key: figure for figure in entry.figures()}
        cells.append([visible(entry.klass), _count(entry.enrolled),
                      *(f"{_count(by_key[key].count)} ({_share(by_key[key])})"
                        for key in _CLASS_FIGURES), t(f"source_{entry.source}")])
    out.table(columns, cells, justify=("left", *["right"] * (len(_CLASS_FIGURES) + 1), "left"),
              title=t("stats_by_class"))
    if result.missing_enrolled:
        out.say(t("stats_missing_enrolled",
                             classes=tuple(result.missing_enrolled)))
    if unreadable or result.missing_enrolled:
        # Said right above the paragraph: it is what gets copied into the school's plan.
        out.say(t("stats_draft_title"))
        if unreadable:
            out.say(t("stats_draft_unreadable", count=len(unreadable),
                                 files=tuple(found["path"] for found in unreadable)))
        if result.missing_enrolled:
            out.say(t("stats_draft_enrolled",
                                 classes=tuple(result.missing_enrolled)))
    else:
        out.say(t("stats_paragraph_title"))
    # Not wrapped by us: a line break in the middle of "145人" would be copied into the plan.
    out.print(paragraph)


def write_terms(results: Sequence[TermFigures], width: int = 80, colour: bool = False) -> None:
    """Each figure term by term, from the kept snapshots; on a narrow screen the oldest
    terms give way first."""
    columns = [Column(t("col_figure")),
               *(Column(result.term if result.whole_school
                        else t("stats_partial_column", term=result.term), whole=True,
                        drop=index) for index, result in enumerate(results))]
    by_term = [{f.key: f for f in result.figures()} for result in results]
    cells = [[figure_label(figure.key),
              *(f"{_count(c[figure.key].count)} ({_share(c[figure.key])})"
                if c[figure.key].denominator else _count(c[figure.key].count)
                for c in by_term)]
             for figure in (results[0].figures() if results else [])]
    out = TextOut(width, colour)
    out.table(columns, cells, justify=("left", *["right"] * len(results)),
              title=t("stats_all_title"))
    for result in results:
        if result.whole_school:
            continue
        out.say(t("stats_partial_term", term=result.term,
                             count=len(result.covered), covered=tuple(result.covered)))
        if result.unfinished:
            out.say(t("stats_left_unfinished", classes=tuple(result.unfinished)))
        if result.not_started:
            out.say(t("stats_left_not_started",
                                 classes=tuple(result.not_started)))
