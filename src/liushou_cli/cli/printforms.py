"""`liushou print card|visit-form|talk-form CHILD|--class X`: the contact card and the
record forms of one child or of a class's enrolled children, one child a page, as an HTML
file with print CSS (forms/), or as PDF with --pdf (cli/pdf.py).

Masked like the export unless --full (forms/masking.py). The file is the user's own (0600),
never written over an existing one without --force, and never inside the data folder unless
named there with --output (the default name goes in the current folder).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import typer

from liushou_cli.cli.common import dataset, folder, today, warn_unreadable
from liushou_cli.core.choices import ACTIVE_STATUS
from liushou_cli.core.errors import LiushouError, UsageError
from liushou_cli.core.model import Child, Staff
from liushou_cli.forms.html import Sheet, cards_html, forms_html
from liushou_cli.forms.masking import masked_child
from liushou_cli.forms.pages import card_page, form_page
from liushou_cli.i18n import t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import dataset_classes, find_child, find_class
from liushou_cli.reports.export import select
from liushou_cli.store.outputs import check_output, inside, write_private

app = typer.Typer(no_args_is_help=True)

CHILD_ARG: Any = typer.Argument(None, help=help_text("print.child"), show_default=False)
CLASS_OPTION: Any = typer.Option(None, "--class", help=help_text("print.class"))
OUTPUT_OPTION: Any = typer.Option(None, "--output", "-o", dir_okay=False,
                                  help=help_text("print.output"))
PDF_OPTION: Any = typer.Option(False, "--pdf", help=help_text("print.pdf"))
FULL_OPTION: Any = typer.Option(False, "--full", help=help_text("print.full"))
FORCE_OPTION: Any = typer.Option(False, "--force", help=help_text("print.force"))

# What a page is made of: the child (masked or not), the staff, the day -> the document.
Pages = Callable[[list[Child], list[Staff], date, Sheet], str]


def _cards(children: list[Child], staff: list[Staff], day: date, sheet: Sheet) -> str:
    return cards_html([card_page(child, staff, day) for child in children], sheet)


def _visits(children: list[Child], staff: list[Staff], day: date, sheet: Sheet) -> str:
    return forms_html([form_page("visit", child, staff, day) for child in children], sheet)


def _talks(children: list[Child], staff: list[Staff], day: date, sheet: Sheet) -> str:
    return forms_html([form_page("talk", child, staff, day) for child in children], sheet)


@app.command("card", help=help_text("print.card"))
def card(ctx: typer.Context, child: str | None = CHILD_ARG, klass: str | None = CLASS_OPTION,
         output: Path | None = OUTPUT_OPTION, pdf: bool = PDF_OPTION, full: bool = FULL_OPTION,
         force: bool = FORCE_OPTION) -> None:
    _print(ctx, "card", _cards, child, klass, output, pdf, full, force)


@app.command("visit-form", help=help_text("print.visit-form"))
def visit_form(ctx: typer.Context, child: str | None = CHILD_ARG,
               klass: str | None = CLASS_OPTION, output: Path | None = OUTPUT_OPTION,
               pdf: bool = PDF_OPTION, full: bool = FULL_OPTION,
               force: bool = FORCE_OPTION) -> None:
    _print(ctx, "visit", _visits, child, klass, output, pdf, full, force)


@app.command("talk-form", help=help_text("print.talk-form"))
def talk_form(ctx: typer.Context, child: str | None = CHILD_ARG,
              klass: str | None = CLASS_OPTION, output: Path | None = OUTPUT_OPTION,
              pdf: bool = PDF_OPTION, full: bool = FULL_OPTION,
              force: bool = FORCE_OPTION) -> None:
    _print(ctx, "talk", _talks, child, klass, output, pdf, full, force)


def _print(ctx: typer.Context, kind: str, pages: Pages, child: str | None, klass: str | None,
           output: Path | None, pdf: bool, full: bool, force: bool) -> None:
    if child is None and klass is None:
        raise UsageError(t("print_target_needed"))
    if child is not None and klass is not None:
        raise UsageError(t("print_target_both"))
    data_folder = folder(ctx)
    if output is not None:
        check_output(output, force=force)  # before the folder is read
        # A name ending in .pdf asks for a PDF: HTML under that name opens nowhere.
        pdf = pdf or output.suffix.lower() == ".pdf"
    day = today(ctx)
    data = dataset(ctx)
    if data.config is None:
        raise LiushouError(t("config_broken"), data.folder.rel(data.folder.config_path))
    if child is not None:
        children = [find_child(data_folder, child, data, today=day).child]
        subject = children[0].name
    else:
        found = find_class(klass, dataset_classes(data))
        assert found is not None  # klass was given
        children = select((item.child for item in data.children), ACTIVE_STATUS, found)
        if not children:
            raise LiushouError(t("print_none", klass=found))
        subject = found
    if output is None:
        output = Path(_file_name(t(f"print_file_{kind}"), subject, "pdf" if pdf else "html"))
        if inside(output, data.folder.root):
            raise UsageError(t("print_default_inside_data"))
        check_output(output, force=force)
    elif inside(output, data.folder.root):
        # Named there on purpose: written, but said, as the export says it.
        typer.echo(t("export_inside_data"), err=True)
    if full:
        typer.echo(t("print_full_warning"), err=True)
    shown = children if full else [masked_child(one) for one in children]
    sheet = Sheet(t(f"print_title_{kind}"), data.config.school, day, full)
    html = pages(shown, data.staff, day, sheet)
    if pdf:
        # Only --pdf: the browser's runner, which an HTML file does not need.
        from liushou_cli.cli.pdf import html_to_pdf

        content = html_to_pdf(html)
    else:
        content = html.encode("utf-8")
    write_private(output, content, force=force)
    typer.echo(t("print_done", count=len(children), path=output))
    if not full:
        typer.echo(t("print_masked_note"))
    warn_unreadable(data)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _file_name(what: str, subject: str, suffix: str) -> str:
    """联系卡-张小明.html: what, whose, in a name every system accepts."""
    return f"{_UNSAFE.sub('_', f'{what}-{subject}')}.{suffix}"
