"""The term statistics on the terminal: the school's figures with their denominators, a line
per class, and the paragraph the school writes in its plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from liushou_cli.core.validators import visible
from liushou_cli.i18n import t
from liushou_cli.render.output import console
from liushou_cli.reports.stats import Figure, figure_label, short_label
from liushou_cli.reports.terms import TermFigures

_CLASS_FIGURES = ("left_behind", "both_away", "with_grandparents", "level:优")


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def _share(figure: Figure) -> str:
    return "—" if figure.share is None else f"{figure.share:.1f}%"


def _of(figure: Figure) -> str:
    if figure.denominator is None:
        return ""
    return t("share_of", base=figure_label(figure.denominator))


def write_term(result: TermFigures, paragraph: str,
               unreadable: Sequence[dict[str, Any]] = ()) -> None:
    from rich import box
    from rich.table import Table

    out = console()
    school = Table(title=t("stats_title", term=result.term), title_justify="left",
                   box=box.SIMPLE_HEAD, title_style="bold")
    for key in ("col_figure", "col_count", "col_share", "col_of"):
        school.add_column(t(key), justify="right" if key in ("col_count", "col_share") else "left")
    for figure in result.figures():
        school.add_row(figure_label(figure.key), _count(figure.count), _share(figure),
                       _of(figure))
    out.print(school)
    classes = Table(title=t("stats_by_class"), title_justify="left", box=box.SIMPLE_HEAD,
                    title_style="bold")
    classes.add_column(t("col_class"))
    classes.add_column(figure_label("enrolled"), justify="right")
    for key in _CLASS_FIGURES:
        classes.add_column(short_label(key), justify="right", no_wrap=True)
    classes.add_column(t("col_source"))
    for entry in result.classes:
        by_key = {figure.key: figure for figure in entry.figures()}
        cells = [f"{_count(by_key[key].count)} ({_share(by_key[key])})" for key in _CLASS_FIGURES]
        classes.add_row(visible(entry.klass), _count(entry.enrolled), *cells,
                        t(f"source_{entry.source}"))
    out.print(classes)
    if result.missing_enrolled:
        out.print(t("stats_missing_enrolled", classes="、".join(result.missing_enrolled)))
    if unreadable or result.missing_enrolled:
        # Said right above the paragraph: it is what gets copied into the school's plan.
        out.print(t("stats_draft_title"))
        if unreadable:
            out.print(t("stats_draft_unreadable", count=len(unreadable),
                        files="、".join(found["path"] for found in unreadable)))
        if result.missing_enrolled:
            out.print(t("stats_draft_enrolled", classes="、".join(result.missing_enrolled)))
    else:
        out.print(t("stats_paragraph_title"))
    # Not wrapped by us: a line break in the middle of "145人" would be copied into the plan.
    out.print(paragraph, soft_wrap=True)


def write_terms(results: Sequence[TermFigures]) -> None:
    """Each figure term by term, from the kept snapshots."""
    from rich import box
    from rich.table import Table

    table = Table(title=t("stats_all_title"), title_justify="left", box=box.SIMPLE_HEAD,
                  title_style="bold")
    table.add_column(t("col_figure"))
    for result in results:
        table.add_column(result.term if result.whole_school
                         else t("stats_partial_column", term=result.term), justify="right")
    columns = [{f.key: f for f in result.figures()} for result in results]
    for figure in results[0].figures() if results else []:
        table.add_row(figure_label(figure.key),
                      *(f"{_count(c[figure.key].count)} ({_share(c[figure.key])})"
                        if c[figure.key].denominator else _count(c[figure.key].count)
                        for c in columns))
    out = console()
    out.print(table)
    for result in results:
        if result.whole_school:
            continue
        out.print(t("stats_partial_term", term=result.term, count=len(result.covered),
                    covered="、".join(result.covered)))
        if result.unfinished:
            out.print(t("stats_left_unfinished", classes="、".join(result.unfinished)))
        if result.not_started:
            out.print(t("stats_left_not_started", classes="、".join(result.not_started)))
