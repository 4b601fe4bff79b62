"""Running `liushou` for the docs, in this process, in one language: the commands of a
marked block, each `--help`, the samples at 80 columns.

Everything runs as the tests run the command (typer's CliRunner, handed an Environment), on
a fixed day, at 80 columns, without colour, in a copy of data-example, so that the text is
the same on every machine and every run. The language of `--help` is chosen when the
package is imported (i18n/help.py), so one process serves one language: tools/docs.py starts
one per language, with LIUSHOU_LANG set.
"""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from typer.main import get_command
from typer.testing import CliRunner

from liushou_cli.cli.app import app
from liushou_cli.core.environment import Environment

REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLE = REPOSITORY / "data-example"
TODAY = date(2022, 11, 20)  # inside the example school's autumn term
WIDTH = 80


class Scene:
    """A copy of the example school and a scratch folder beside it, where a document's
    marked blocks run in order (what one block writes, the next one sees)."""

    def __init__(self, root: Path, language: str) -> None:
        self.data = root / "data-example"
        shutil.copytree(EXAMPLE, self.data)
        self.work = root / "work"
        self.work.mkdir()
        self.environment = Environment(today=TODAY, language=language, data=self.data,
                                       cache_dir=root / "cache", width=WIDTH)

    def run(self, line: str) -> str:
        """The output of one `liushou ...` line (stdout and stderr as a terminal shows them),
        or of `export NAME=value` (LIUSHOU_USER, LIUSHOU_LANG: the environment changes)."""
        words = shlex.split(line, comments=True)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            changes: dict[str, Any] = {"LIUSHOU_USER": {"user": value},
                                       "LIUSHOU_LANG": {"language": value}}[name]
            self.environment = replace(self.environment, **changes)
            return ""
        assert words[0] == "liushou", line
        with _inside(self.work):
            result = CliRunner().invoke(app, words[1:], obj=self.environment)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise RuntimeError(f"{line}: {result.exception!r}")
        return result.output


@contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@contextmanager
def scene(language: str) -> Iterator[Scene]:
    """A fresh scene, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="liushou-docs-") as root:
        yield Scene(Path(root), language)


def help_pages() -> list[tuple[str, str]]:
    """Every command's path and its `--help`, the root first, then depth first in the order
    `liushou --help` lists them."""
    root = get_command(app)
    pages: list[tuple[str, str]] = []
    runner = CliRunner()

    def visit(path: list[str], command: Any) -> None:
        result = runner.invoke(app, [*path, "--help"], terminal_width=WIDTH)
        pages.append((" ".join(["liushou", *path]), result.output))
        if hasattr(command, "list_commands"):
            context = command.make_context(path[-1] if path else "liushou", ["--help"],
                                           resilient_parsing=True)
            for name in command.list_commands(context):
                visit([*path, name], command.get_command(context, name))

    visit([], root)
    return pages
