"""HTML -> PDF through a headless Chromium (`chromium --headless --print-to-pdf`): the
browser lays the page out exactly as it prints it, Chinese fonts and @page A4 included.

Chromium is looked for on PATH (chromium, chromium-browser, google-chrome, chrome,
microsoft-edge, msedge), then where Chrome and Edge install themselves on Windows; none
found is said in one line (exit 1). The HTML goes to a private temporary folder (0700: it
holds a minor's data) with a throwaway browser profile; the folder is removed afterwards,
whatever happens. Like cli/editor.py, this runs another program on a temporary copy, so it
lives in cli/.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from liushou_cli.core.errors import LiushouError
from liushou_cli.i18n import t

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
          "microsoft-edge", "msedge")
_WINDOWS_PLACES = (r"Google\Chrome\Application\chrome.exe",
                   r"Microsoft\Edge\Application\msedge.exe")
_SECONDS = 120  # a class of cards prints in a few seconds; a hung browser is stopped


def find_chromium() -> str | None:
    """The browser's program, or None."""
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    for root in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)"),
                 os.environ.get("LOCALAPPDATA")):
        for place in _WINDOWS_PLACES if root else ():
            candidate = Path(root or "") / place
            if candidate.is_file():
                return str(candidate)
    return None


def browser_command(program: str, profile: Path, *options: str) -> list[str]:
    """The command line of a headless run: no first-run questions, no GPU, its own profile;
    no sandbox when run as root (Chromium refuses to start sandboxed then)."""
    command = [program, "--headless", "--disable-gpu", "--no-first-run",
               "--no-default-browser-check", "--disable-extensions", f"--user-data-dir={profile}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")
    return [*command, *options]


def html_to_pdf(html: str) -> bytes:
    """The PDF of a whole HTML document, as Chromium prints it."""
    program = find_chromium()
    if program is None:
        raise LiushouError(t("print_no_chromium"))
    with tempfile.TemporaryDirectory(prefix="liushou-print-") as folder:
        place = Path(folder)
        page, pdf = place / "page.html", place / "page.pdf"
        page.write_text(html, encoding="utf-8")
        command = browser_command(program, place / "profile", "--no-pdf-header-footer",
                                  "--print-to-pdf-no-header", f"--print-to-pdf={pdf}",
                                  page.as_uri())
        try:
            done = subprocess.run(command, capture_output=True, timeout=_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise LiushouError(t("print_pdf_failed", reason=t("print_pdf_timeout"))) from None
        except OSError as error:
            raise LiushouError(t("print_pdf_failed", reason=error.strerror or error)) from None
        with contextlib.suppress(OSError):
            content = pdf.read_bytes()
            if content.startswith(b"%PDF"):
                return content
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise LiushouError(t("print_pdf_failed", reason=said[-1] if said else done.returncode))
