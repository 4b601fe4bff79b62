"""The printed pages in a real browser (headless Chromium, as `--pdf` uses it): a card is
exactly one A4 page, Chinese text is in the PDF in an embedded CJK font (glyphs, not
boxes), and no element of a card or a form is wider than the page nor runs off its bottom,
for every child of the example school printed in full (the longest text there is).

Skipped, with the reason, only where no Chromium is installed; `.ci/run` installs it."""

from __future__ import annotations

import html
import json
import re
import subprocess
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from liushou_cli.cli.pdf import browser_command, find_chromium
from liushou_cli.core.model import Child, Staff
from liushou_cli.forms.html import Sheet, cards_html, forms_html
from liushou_cli.forms.pages import card_page, form_page
from liushou_cli.i18n import set_lang
from liushou_cli.store.layout import find_data_folder
from liushou_cli.store.read import load_dataset
from tests.conftest import run

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
DAY = date(2022, 11, 20)
A4 = (595.28, 841.89)  # points

pytestmark = pytest.mark.skipif(find_chromium() is None,
                                reason="no Chromium here: .ci/run installs it")


def _text(reader: PdfReader, page: int) -> str:
    # Noto CJK maps some characters to their Kangxi radicals (⼉ for 儿): NFKC folds them back.
    # Spaces go: the title is spaced out by letter-spacing.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", reader.pages[page].extract_text()))


def _has(text: str, words: str) -> bool:
    """`words` in the PDF's text, where a character may have come out as a CJK radical that
    NFKC leaves alone (⺠ for 民, ⻓ for 长)."""
    pattern = "".join(f"(?:{re.escape(char)}|[\u2e80-\u2fdf])" for char in words)
    return re.search(pattern, text) is not None


def _fonts(resources: Any, found: set[str] | None = None) -> set[str]:
    """The fonts a page's resources name (their names and families), those of its form
    XObjects included."""
    found = set() if found is None else found
    resources = resources.get_object()
    for font in resources.get("/Font", {}).values():
        font = font.get_object()
        found.add(str(font.get("/BaseFont", "")))
        # Chromium embeds a CJK collection as Type3 fonts named by their descriptor's family.
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None:
            found.add(str(descriptor.get_object().get("/FontFamily", "")))
        for descendant in font.get("/DescendantFonts", []):
            found.add(str(descendant.get_object().get("/BaseFont", "")))
    for xobject in resources.get("/XObject", {}).values():
        inner = xobject.get_object().get("/Resources")
        if inner is not None:
            _fonts(inner, found)
    return found


@pytest.mark.parametrize("kind, title", [("card", "留守儿童联系卡"),
                                         ("visit-form", "留守儿童家访记录表"),
                                         ("talk-form", "留守儿童谈心记录表")])
def test_one_a4_page_per_child_with_chinese_glyphs(tmp_path: Path, kind: str, title: str) -> None:
    target = tmp_path / "class.pdf"
    result = run(EXAMPLE, "print", kind, "--class", "九(1)班", "--pdf", "-o", str(target),
                 today=DAY)
    assert result.exit_code == 0, result.output
    names = [row["name"] for row in json.loads(run(EXAMPLE, "child", "list", "--class",
                                                   "九(1)班", "-f", "json").stdout)["rows"]]
    reader = PdfReader(target)
    assert len(reader.pages) == len(names) == 17
    texts = []
    for number, page in enumerate(reader.pages):
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=1)
        texts.append(_text(reader, number))
        assert _has(texts[-1], title) and "九(1)班" in texts[-1]
    # One child a page, in the order of the class list (by student number).
    assert all(_has(text, name) for text, name in zip(texts, names, strict=True))
    # Embedded CJK fonts: a missing font would print boxes, with the text still extractable.
    fonts = _fonts(reader.pages[0]["/Resources"])
    assert any("CJK" in font or "Han" in font for font in fonts), fonts


# Appended to a copy of the page: every element within the viewport's width, and no page
# whose content is taller than the paper (the sheet hides what overflows).
_MEASURE = """<script>
const width = document.documentElement.clientWidth, bad = [];
for (const el of document.querySelectorAll("body *")) {
  const box = el.getBoundingClientRect();
  if (box.right > width + 0.5 || box.left < -0.5) bad.push("wide " + el.tagName + " " + el.textContent.slice(0, 40));
}
for (const sheet of document.querySelectorAll(".sheet")) {
  if (sheet.scrollHeight > sheet.clientHeight + 1) bad.push("tall " + sheet.querySelector(".sub").textContent);
}
document.body.setAttribute("data-bad", JSON.stringify(bad));
document.body.setAttribute("data-sheets", document.querySelectorAll(".sheet").length);
</script>"""


def _measured(page: str, folder: Path, width: int) -> tuple[int, list[str]]:
    copy = folder / f"measure-{width}.html"
    copy.write_text(page.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    program = find_chromium()
    assert program is not None
    done = subprocess.run(browser_command(program, folder / "profile", f"--window-size={width},1200",
                                          "--dump-dom", copy.as_uri()),
                          capture_output=True, timeout=300, check=True)
    dom = done.stdout.decode("utf-8")
    bad = re.search(r'data-bad="([^"]*)"', dom)
    sheets = re.search(r'data-sheets="(\d+)"', dom)
    assert bad and sheets, dom[-500:]
    found: list[str] = json.loads(html.unescape(bad[1]))
    return int(sheets[1]), found


def _every_child() -> tuple[list[Child], list[Staff]]:
    data = load_dataset(find_data_folder(EXAMPLE), today=DAY)
    return [item.child for item in data.children], data.staff


Build = Callable[[list[Child], list[Staff]], str]
_SHEET = Sheet("留守儿童联系卡", "隆回县金石桥镇枫林中学", DAY, full=True)
BUILDS: dict[str, Build] = {
    "card": lambda kids, staff: cards_html([card_page(k, staff, DAY) for k in kids], _SHEET),
    "visit": lambda kids, staff: forms_html([form_page("visit", k, staff, DAY) for k in kids],
                                            _SHEET),
    "talk": lambda kids, staff: forms_html([form_page("talk", k, staff, DAY) for k in kids],
                                           _SHEET),
}


@pytest.mark.parametrize("kind", list(BUILDS))
@pytest.mark.parametrize("width", [794, 390])  # an A4 page's width in CSS pixels; a phone's
def test_nothing_wider_than_the_page_nor_off_its_bottom(tmp_path: Path, kind: str,
                                                        width: int) -> None:
    set_lang("zh")
    children, staff = _every_child()
    sheets, bad = _measured(BUILDS[kind](children, staff), tmp_path, width)
    assert sheets == len(children) > 200
    assert bad == []
