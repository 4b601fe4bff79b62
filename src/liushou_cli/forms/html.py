"""Pages -> one HTML document, through the Jinja2 templates in `templates/` (shipped inside
the package, autoescaped: a name or a note can never become markup). The document is whole
by itself: its CSS is inline, it names no font file, script, image or address, so it opens
from a USB stick and prints the same with no network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from liushou_cli.forms.pages import CardPage, FormPage
from liushou_cli.i18n import lang, t


@dataclass(frozen=True)
class Sheet:
    """What every page of a document shares: its title, the school, the day it was printed,
    and whether it is masked (a note says so) or full (a warning says so)."""

    title: str
    school: str
    printed_on: date
    full: bool


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("liushou_cli.forms", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _common(sheet: Sheet) -> dict[str, object]:
    return {"sheet": sheet, "t": t, "lang": "zh-CN" if lang() == "zh" else "en",
            "privacy": t("print_full_footer") if sheet.full else t("print_masked_footer")}


def cards_html(pages: Sequence[CardPage], sheet: Sheet) -> str:
    """The contact cards, one a page."""
    return _environment().get_template("cards.html.j2").render(pages=pages, **_common(sheet))


def forms_html(pages: Sequence[FormPage], sheet: Sheet) -> str:
    """The record forms (visit or talk), one a page."""
    return _environment().get_template("forms.html.j2").render(pages=pages, **_common(sheet))
