"""The county's reports on the terminal: a line per school, the county's figures with their
denominators, the 基本情况 paragraph, and under them what makes the totals partial (schools
not read, censuses unfinished, children active in two schools)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from liushou_cli.core.validators import visible
from liushou_cli.i18n import t
from liushou_cli.render.fit import Column
from liushou_cli.render.text_table import TextOut
from liushou_cli.reports.county import COUNTY, NO_VISIT, CountyTerm, Duplicate
from liushou_cli.reports.county_school import SchoolResult
from liushou_cli.reports.stats import Figure, figure_label, figures, short_label

_SCHOOL_FIGURES = ("left_behind", "both_away", "with_grandparents", "key_support")


def _count(value: int | float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _share(figure: Figure) -> str:
    return "—" if figure.share is None else f"{figure.share:.1f}%"


def write_county_term(county: CountyTerm, width: int = 80, colour: bool = False) -> None:
    out = TextOut(width, colour)
    columns = [Column(t("col_school")), Column(figure_label("enrolled"), whole=True),
               *(Column(short_label(key), whole=True, drop=len(_SCHOOL_FIGURES) - index)
                 for index, key in enumerate(_SCHOOL_FIGURES)),
               Column(t("col_census"), drop=0)]
    cells = []
    for found in county.schools:
        assert found.term is not None
        by_key = {figure.key: figure for figure in found.term.figures()}
        census = (t("county_census_done") if not found.unfinished_classes
                  else t("county_census_open", count=len(found.unfinished_classes)))
        cells.append([visible(found.name), _count(found.term.enrolled),
                      *(f"{_count(by_key[key].count)} ({_share(by_key[key])})"
                        for key in _SCHOOL_FIGURES), census])
    out.table(columns, cells, justify=("left", *["right"] * (len(_SCHOOL_FIGURES) + 1), "left"),
              title=t("county_schools_title", term=county.term))
    columns = [Column(t("col_figure")), Column(t("col_count"), whole=True),
               Column(t("col_share"), whole=True), Column(t("col_of"), drop=0)]
    cells = [[figure_label(figure.key), _count(figure.count), _share(figure),
              t("share_of", base=figure_label(figure.denominator)) if figure.denominator else ""]
             for figure in county.figures()]
    title = t("county_figures_title", county_term=county.term, count=len(county.schools))
    out.table(columns, cells, justify=("left", "right", "right", "left"), title=title)
    write_partial(out, county.failed, county.unfinished, county.missing_enrolled,
                  [found for found in county.schools if found.unreadable], county.duplicates)
    out.say(t("stats_paragraph_title") if county.complete
                  else t("county_draft_title"))
    out.print(county.paragraph())


def write_partial(out: TextOut, failed: Sequence[SchoolResult], unfinished: Sequence[str],
                  missing_enrolled: Sequence[str], unreadable: Sequence[SchoolResult],
                  duplicates: Sequence[Duplicate]) -> None:
    """What the county's totals leave out or count twice, one line each."""
    for found in failed:
        out.say(t("county_school_failed", school=visible(found.name),
                             problem=visible(found.problem or "")))
    if unfinished:
        out.say(t("county_unfinished", count=len(unfinished),
                             schools=tuple(unfinished)))
    if missing_enrolled:
        out.say(t("county_missing_enrolled",
                             schools=tuple(missing_enrolled)))
    for found in unreadable:
        out.say(t("county_unreadable_files", school=visible(found.name),
                             count=len(found.unreadable)))
    if duplicates:
        out.say(t("county_duplicates", count=len(duplicates)))
        for item in duplicates:
            out.say("  " + t("county_duplicate_line", id_number=item.id_masked,
                                        places=tuple(f"{school} {child}"
                                                     for school, child in item.places)))


def write_county_history(rows: Sequence[dict[str, Any]], width: int = 80,
                         colour: bool = False) -> None:
    """`--terms all`: the county's figures term by term."""
    out = TextOut(width, colour)
    columns = [Column(t("col_figure")),
               *(Column(row["term"] if row["complete"]
                        else t("stats_partial_column", term=row["term"]), whole=True, drop=index)
                 for index, row in enumerate(rows))]
    by_term = [{f.key: f for f in figures({r["figure"]: r["count"] for r in row["county"]
                                           if r["figure"] != "enrolled"}, row["enrolled"])}
               for row in rows]
    keys = [figure["figure"] for figure in rows[0]["county"]] if rows else []
    cells = [[figure_label(key),
              *(f"{_count(c[key].count)} ({_share(c[key])})" if c[key].denominator
                else _count(c[key].count) for c in by_term)] for key in keys]
    out.table(columns, cells, justify=("left", *["right"] * len(rows)),
              title=t("county_history_title"))
    for row in rows:
        if row["schools_partial"]:
            out.say(t("county_history_partial", term=row["term"],
                                 schools=tuple(row["schools_partial"])))
        if row["schools_without"]:
            out.say(t("county_history_without", term=row["term"],
                                 schools=tuple(row["schools_without"])))


def write_county_overdue(rows: Sequence[dict[str, Any]], failed: Sequence[SchoolResult],
                         duplicates: Sequence[Duplicate], width: int = 80,
                         colour: bool = False) -> None:
    """Per school and duty: how many overdue, the median and worst days; then the county."""
    out = TextOut(width, colour)
    columns = [Column(t("col_school")), Column(t("col_duty")),
               Column(t("col_overdue_count"), whole=True),
               Column(t("col_median_days"), whole=True, drop=1),
               Column(t("col_worst_days"), whole=True, drop=2)]
    cells = []
    for row in rows:
        scope = t("county_scope") if row["scope"] == COUNTY else visible(row["scope"])
        if row["duty"] == NO_VISIT:
            cells.append([scope, t("county_no_visit"),
                          t("county_of", count=row["overdue"], of=row["of"]), "", ""])
        else:
            cells.append([scope, visible(row["duty_name"]), str(row["overdue"]),
                          _count(row["median_days"]), _count(row["worst_days"])])
    out.table(columns, cells, justify=("left", "left", "right", "right", "right"),
              title=t("county_overdue_title"))
    write_partial(out, failed, (), (), (), duplicates)


def write_county_list(rows: Sequence[dict[str, Any]], width: int = 80, colour: bool = False) -> None:
    """`county list`: each school, its folder, its remote and whether it can be read."""
    out = TextOut(width, colour)
    columns = [Column(t("col_school")), Column(t("col_path")), Column(t("col_remote"), drop=0),
               Column(t("col_state"))]
    cells = [[visible(row["school"]), visible(row["path"]), visible(row["remote"]),
              visible(row["state"])] for row in rows]
    out.table(columns, cells, title=t("county_list_title", count=len(rows)))
