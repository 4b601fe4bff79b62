"""The dashboard in a real browser: Debian's headless Chromium (tools/chromium.py) opens the
example school's pages at a desktop's 1280 px and a phone's 390 px and finds no console
error, no request but file://, nothing wider than the window, Chinese glyphs drawn (not
boxes), and the numbers of `report --format json`.

Skipped, saying why, where chromium is not installed; `.ci/run` sets
LIUSHOU_BROWSER_TESTS=required, which turns the skip into a failure, so CI always runs them.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import rows_of as report_rows
from tests.conftest import run
from tools.chromium import Browser, Page, chromium, find_chromium

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
AS_OF = "2022-11-25"
WIDTHS = (1280, 390)


def rows_of(output: str) -> list[dict[str, object]]:
    """The report's rows without incidents' steps: restricted, never on the dashboard."""
    return [row for row in report_rows(output) if row["duty"] != "incident"]

BINARY = find_chromium()
if BINARY is None:
    if os.environ.get("LIUSHOU_BROWSER_TESTS") == "required":
        raise RuntimeError("chromium is required (LIUSHOU_BROWSER_TESTS=required) but not installed")
    pytest.skip("chromium is not installed (apt-get install chromium fonts-noto-cjk)",
                allow_module_level=True)

# Elements reaching past the window's right edge (the page must not scroll sideways).
WIDE = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))
  .concat(document.documentElement.scrollWidth > window.innerWidth ? ['html'] : [])"""

# Two different characters drawn in the page's font give two different pictures; a missing
# font draws both as the same empty box (tofu). Also the font's own answer.
GLYPHS = """(() => {
  const font = getComputedStyle(document.body).font;
  const draw = ch => { const c = document.createElement('canvas'); c.width = c.height = 40;
    const g = c.getContext('2d'); g.font = font.replace(/\\d+(\\.\\d+)?px/, '32px');
    g.fillText(ch, 2, 34); return Array.from(g.getImageData(0, 0, 40, 40).data).join(','); };
  return {different: draw('留') !== draw('守') && draw('童') !== draw('儿'),
          inked: draw('留') !== draw(' '),
          check: document.fonts.check('16px "Noto Sans CJK SC"', '留守儿童')};
})()"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("browser") / "site"
    done = run(EXAMPLE, "dashboard", "--output", str(output), "--as-of", AS_OF)
    assert done.exit_code == 0, done.output
    return output


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert BINARY is not None
    with chromium(BINARY) as opened:
        yield opened


def pages_of(site: Path) -> list[Path]:
    """The school's page, the busiest teacher's and the first child's."""
    overdue = rows_of(run(EXAMPLE, "report", "--as-of", AS_OF, "-f", "json").output)
    teacher = Counter(who for row in overdue for who in row["responsible"].split(",")).most_common(1)[0][0]
    return [site / "index.html", site / "teachers" / f"{teacher}.html",
            sorted((site / "children").iterdir())[0]]


def opened(browser: Browser, path: Path, width: int) -> Page:
    page = browser.new_page()
    page.open(path.as_uri(), width)
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_load_offline_cleanly_and_fit(site: Path, browser: Browser, width: int) -> None:
    for path in pages_of(site):
        page = opened(browser, path, width)
        assert page.errors == [], (path.name, page.errors)
        assert page.requests and all(url.startswith("file://") for url in page.requests), page.requests
        assert page.evaluate(WIDE) == [], (path.name, width)
        page.send("Page.close")


def test_chinese_glyphs_render(site: Path, browser: Browser) -> None:
    page = opened(browser, site / "index.html", 1280)
    found = page.evaluate(GLYPHS)
    assert found == {"different": True, "inked": True, "check": True}, found


def test_the_numbers_on_the_page_are_the_reports(site: Path, browser: Browser) -> None:
    page = opened(browser, site / "index.html", 390)
    shown = page.evaluate("""(() => {
      const rows = t => Object.fromEntries([...document.querySelectorAll(
          `table[data-table="${t}"] tr[data-key]`)].map(r => [r.dataset.key,
          Number(r.querySelector('[data-count="rows"]').textContent)]));
      return {overdue: Number(document.querySelector('[data-total="overdue"]').textContent),
              teachers: rows('overdue-teacher'), classes: rows('overdue-class'),
              figures: Object.fromEntries([...document.querySelectorAll('tr[data-figure]')].map(
                  r => [r.dataset.figure, r.querySelector('[data-value="count"]').textContent]))};
    })()""")
    overdue = rows_of(run(EXAMPLE, "report", "--as-of", AS_OF, "-f", "json").output)
    assert shown["overdue"] == len(overdue)
    assert shown["teachers"] == dict(Counter(w for row in overdue for w in row["responsible"].split(",")))
    assert shown["classes"] == dict(Counter(row["class"] for row in overdue))
    stats = json.loads(run(EXAMPLE, "report", "--stats", "--as-of", AS_OF, "-f", "json").output)
    assert shown["figures"] == {f["figure"]: "—" if f["count"] is None else str(f["count"])
                                for f in stats["school"]}
