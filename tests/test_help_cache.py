"""`liushou [command...] --help` answered from a page kept in the cache folder
(cli/helpcache.py): the same text typer prints, for the same line, language, width and code
only, and nothing kept but a page typer printed with status 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from liushou_cli.cli import helpcache
from liushou_cli.cli.helpcache import MAGIC, HelpPage
from liushou_cli.store.codedigest import package_stamp

from .conftest import posix_modes_only

# The help the line prints, then whether typer was imported to print it.
_SHOWN_AND_TYPER = ("import runpy, sys\n"
                    "try:\n    runpy.run_module('liushou_cli', run_name='__main__')\n"
                    "except SystemExit as done:\n"
                    "    print('status', done.code)\n"
                    "print('typer imported:', 'typer' in sys.modules)\n")


def liushou(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`liushou argv...` in a process of its own, in the test's environment (its cache folder)
    with `env`'s changes."""
    return subprocess.run([sys.executable, "-c", _SHOWN_AND_TYPER, *argv], capture_output=True,
                          text=True, env={**os.environ, "COLUMNS": "80", **env}, timeout=120)


def shown(result: subprocess.CompletedProcess[str]) -> tuple[str, bool]:
    """What the line printed, and whether typer was imported to print it."""
    printed, _, imported = result.stdout.rstrip("\n").rpartition("\ntyper imported: ")
    return printed.removesuffix("\nstatus 0") + "\n", imported == "True"


def pages(cache: Path) -> list[str]:
    return sorted(path.name for path in cache.glob("help-*.txt")) if cache.exists() else []


def cache_folder() -> Path:
    return Path(os.environ["LIUSHOU_CACHE_DIR"])


def test_a_kept_page_is_the_page_typer_prints_and_needs_no_typer() -> None:
    for line in (["--help"], ["report", "--help"], ["child", "list", "--help"]):
        first = liushou(*line)
        assert first.stdout.endswith("status 0\ntyper imported: True\n"), first.stderr
        again = liushou(*line)
        assert again.stdout.endswith("typer imported: False\n") and again.stderr == ""
        # Exactly what typer printed (and, with no status raised, status 0).
        assert again.stdout.removesuffix("typer imported: False\n") == \
            first.stdout.removesuffix("status 0\ntyper imported: True\n")
    assert len(pages(cache_folder())) == 3


def test_another_width_language_or_line_is_made_by_typer_again() -> None:
    first = liushou("report", "--help")
    assert "typer imported: True" in first.stdout
    for env, line in (({"COLUMNS": "60"}, ["report", "--help"]),
                      ({"LIUSHOU_LANG": "en"}, ["report", "--help"]),
                      ({}, ["visit", "--help"])):
        made = liushou(*line, **env)
        assert shown(made)[1], (env, line)
        kept = liushou(*line, **env)
        assert shown(kept) == (shown(made)[0], False)
    narrow = liushou("report", "--help", COLUMNS="60").stdout
    assert max(map(len, narrow.splitlines())) < max(map(len, first.stdout.splitlines()))
    assert "Usage:" in liushou("report", "--help", LIUSHOU_LANG="en").stdout
    assert len(pages(cache_folder())) == 4


def test_a_failed_help_line_keeps_nothing() -> None:
    wrong = liushou("reprt", "--help")
    assert "status 2" in wrong.stdout and "reprt" in wrong.stderr
    assert pages(cache_folder()) == []
    again = liushou("reprt", "--help")
    assert "status 2" in again.stdout and "typer imported: True" in again.stdout


def test_no_cache_keeps_and_reads_no_page() -> None:
    liushou("--help")
    assert len(pages(cache_folder())) == 1
    off = liushou("--help", LIUSHOU_NO_CACHE="1")
    assert "typer imported: True" in off.stdout
    assert len(pages(cache_folder())) == 1


@pytest.mark.parametrize(("argv", "answered"), [
    (["--help"], True),
    (["report", "--help"], True),
    (["child", "list", "--help"], True),
    (["print-cards", "--help"], True),
    ([], False),
    (["report"], False),
    (["--help", "report"], False),
    (["Report", "--help"], False),
    (["report", "-h"], False),
    (["--lang", "en", "--help"], False),
    (["--data", "x", "report", "--help"], False),
    (["report", "--help", "--help"], False),
    (["report", "", "--help"], False),
    (["9", "--help"], False),
])
def test_only_command_words_and_help_are_answered(argv: list[str], answered: bool) -> None:
    assert (HelpPage.of_line(argv, {"LIUSHOU_CACHE_DIR": "/nowhere"}) is not None) == answered


def test_no_cache_folder_no_page() -> None:
    assert HelpPage.of_line(["--help"], {"LIUSHOU_NO_CACHE": "1",
                                         "LIUSHOU_CACHE_DIR": "/nowhere"}) is None
    assert HelpPage.of_line(["--help"], {"LIUSHOU_CACHE_DIR": "/nowhere"}) is not None


def test_the_page_is_keyed_by_the_code_typer_and_the_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"LIUSHOU_CACHE_DIR": "/nowhere"}
    monkeypatch.setenv("COLUMNS", "80")

    def path(*argv: str, environ: dict[str, str] = env) -> Path:
        page = HelpPage.of_line(list(argv), environ)
        assert page is not None
        return page.path

    now = path("report", "--help")
    assert now == path("report", "--help") and now.parent == Path("/nowhere")
    assert path("report", "--help", environ={**env, "LIUSHOU_LANG": "en"}) != now
    assert path("visit", "--help") != now
    monkeypatch.setenv("COLUMNS", "61")
    assert path("report", "--help") != now
    monkeypatch.setenv("COLUMNS", "80")
    assert path("report", "--help") == now
    monkeypatch.setattr(helpcache, "package_stamp", lambda: (*package_stamp(), ("x.py", 1, 1)))
    assert path("report", "--help") != now
    monkeypatch.setattr(helpcache, "__version__", "99.0.0")
    assert path("report", "--help") != now
    monkeypatch.undo()
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(helpcache, "typer_stamp", lambda: ("elsewhere", 1, 2))
    assert path("report", "--help") != now


def test_a_damaged_or_foreign_page_is_not_shown(tmp_path: Path) -> None:
    page = HelpPage.of_line(["--help"], {"LIUSHOU_CACHE_DIR": str(tmp_path / "cache")})
    assert page is not None and page.kept() is None
    page.keep("帮助\n")
    assert page.kept() == "帮助\n"
    assert page.path.read_bytes().startswith(MAGIC)
    whole = page.path.read_bytes()
    page.path.write_bytes(whole.replace(b"liushou-help-1", b"liushou-help-0"))
    assert page.kept() is None
    page.path.write_bytes(whole[:len(MAGIC) + 10] + b"\n" + "帮助\n".encode())
    assert page.kept() is None  # another key's beginning
    page.path.write_bytes(page.header[:-1] + b"x\n" + "帮助\n".encode())
    assert page.kept() is None  # a longer key
    page.path.write_bytes(page.header + "帮助".encode("gbk"))
    assert page.kept() is None
    page.path.write_bytes(page.header)
    assert page.kept() == ""
    assert [p.name for p in page.path.parent.iterdir()] == [page.path.name]  # no temp left


@posix_modes_only
def test_a_page_others_may_write_is_not_read(tmp_path: Path) -> None:
    page = HelpPage.of_line(["--help"], {"LIUSHOU_CACHE_DIR": str(tmp_path / "cache")})
    assert page is not None
    page.keep("帮助\n")
    assert page.path.stat().st_mode & 0o777 == 0o600
    page.path.chmod(0o666)
    assert page.kept() is None
    page.path.chmod(0o600)
    page.path.parent.chmod(0o777)
    assert page.kept() is None
    page.keep("另一页\n")  # nor written in a folder others may write
    page.path.parent.chmod(0o700)
    assert page.kept() == "帮助\n"


def test_a_page_that_cannot_be_written_is_still_shown(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    page = HelpPage.of_line(["--help"], {"LIUSHOU_CACHE_DIR": str(blocked)})
    assert page is not None
    page.keep("帮助\n")  # silently nothing
    assert page.kept() is None and blocked.read_text() == "not a folder"
