"""`liushou term add|list`: the school's terms (学期), from which duties and censuses follow."""

from __future__ import annotations

import typer

from liushou_cli.cli.common import Format, folder, parse_date, screen, today
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.render.output import write_rows
from liushou_cli.store.read import load_config, load_settings

app = typer.Typer(no_args_is_help=True)


@app.command("add", help=help_text("term.add"))
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help=help_text("term.add.name")),
    start: str = typer.Option(..., "--start", help=help_text("term.add.start")),
    end: str = typer.Option(..., "--end", help=help_text("term.add.end")),
) -> None:
    # Imported only to write: 20 ms or more that term list does not spend.
    from liushou_cli.ops.terms import add_term

    data_folder = folder(ctx)
    first, last = parse_date(start, "--start"), parse_date(end, "--end")
    assert first is not None and last is not None
    term = add_term(data_folder, load_config(data_folder), name.strip(), first, last)
    typer.echo(t("term_added", term=term.name, start=term.start.isoformat(),
                 end=term.end.isoformat()))


@app.command("list", help=help_text("term.list"))
def list_terms(ctx: typer.Context, fmt: Format = FORMAT_OPTION) -> None:
    school = SchoolCalendar.of(load_settings(folder(ctx)).terms)
    current = school.term_at(today(ctx))
    rows = [{"term": term.name, "start": term.start.isoformat(), "end": term.end.isoformat(),
             "current": term == current} for term in school.terms]
    columns = ("term", "start", "end", "current")
    write_rows(rows, columns, columns, fmt.value, footer_key="listed_items", **screen(ctx))
