"""The dashboard's screenshots in docs/images/: the example school's dashboard made as of
2022-11-25 and photographed by headless Chromium (tools/chromium.py) at a desktop's 1280 px
and a phone's 390 px, in Chinese and in English.

    python tools/screenshots.py

Run it again when the pages change; docs/dashboard.md, the guides and README.md show them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.chromium import chromium, find_chromium  # noqa: E402

AS_OF = "2022-11-25"
IMAGES = ROOT / "docs" / "images"
# (file, language, page in the site, width, height kept)
SHOTS = (
    ("dashboard-school.png", "zh", "index.html", 1280, 1500),
    ("dashboard-charts.png", "zh", "index.html#charts", 1280, 0),
    ("dashboard-phone.png", "zh", "index.html", 390, 1400),
    ("dashboard-child.png", "zh", "children/FIRST", 390, 1400),
    ("dashboard-school-en.png", "en", "index.html", 1280, 1100),
)


def make_site(output: Path, lang: str) -> None:
    subprocess.run([str(Path(sys.executable).parent / "liushou"), "--data",
                    str(ROOT / "data-example"), "--lang", lang, "dashboard", "--output",
                    str(output), "--as-of", AS_OF], check=True, capture_output=True)


def main() -> int:
    binary = find_chromium()
    if binary is None:
        print("chromium is not installed (apt-get install chromium fonts-noto-cjk)", file=sys.stderr)
        return 1
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as work, chromium(binary) as browser:
        sites = {}
        for lang in ("zh", "en"):
            sites[lang] = Path(work) / lang
            make_site(sites[lang], lang)
        for name, lang, page_path, width, height in SHOTS:
            site = sites[lang]
            if page_path == "children/FIRST":
                page_path = "children/" + sorted(p.name for p in (site / "children").iterdir())[0]
            file, _, anchor = page_path.partition("#")
            page = browser.new_page()
            page.open((site / file).as_uri(), width)
            if anchor:  # only that section: scrolled out of the page into a page of its own
                page.evaluate(f"document.body.replaceChildren(document.getElementById('{anchor}'))")
            page.screenshot(IMAGES / name, height or 6000)
            page.send("Page.close")
            print(IMAGES / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
