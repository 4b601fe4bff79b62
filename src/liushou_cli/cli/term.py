"""`liushou term add|list`: the school's terms (学期), from which duties and censuses follow."""

from __future__ import annotations

import typer

from liushou_cli.cli.common import FORMAT_OPTION, Format, folder, h, parse_date, today
from liushou_cli.i18n import t

app = typer.Typer(no_args_is_help=True)


@app.command("add", help=h("添加学期,如 liushou term add 2023秋 --start 2023-09-01 --end 2024-01-19",
                           "add a term, e.g. liushou term add 2023秋 --start 2023-09-01 "
                           "--end 2024-01-19"))
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help=h("学期名称,如 2023秋", "the term's name, e.g. 2023秋")),
    start: str = typer.Option(..., "--start", help=h("开学日期", "first day")),
    end: str = typer.Option(..., "--end", help=h("结束日期", "last day")),
) -> None:
    from liushou_cli.ops.terms import add_term
    from liushou_cli.store.read import load_config

    data_folder = folder(ctx)
    first, last = parse_date(start, "--start"), parse_date(end, "--end")
    assert first is not None and last is not None
    term = add_term(data_folder, load_config(data_folder), name.strip(), first, last)
    typer.echo(t("term_added", term=term.name, start=term.start.isoformat(),
                 end=term.end.isoformat()))


@app.command("list", help=h("学期列表,标出今天所在的学期", "list the terms, marking today's"))
def list_terms(ctx: typer.Context, fmt: Format = FORMAT_OPTION) -> None:
    from liushou_cli.core.calendar import SchoolCalendar
    from liushou_cli.render.output import write_rows
    from liushou_cli.store.read import load_config

    school = SchoolCalendar.of(load_config(folder(ctx)).terms)
    current = school.term_at(today(ctx))
    rows = [{"term": term.name, "start": term.start.isoformat(), "end": term.end.isoformat(),
             "current": term == current} for term in school.terms]
    columns = ("term", "start", "end", "current")
    write_rows(rows, columns, columns, fmt.value, footer_key="listed_items")
