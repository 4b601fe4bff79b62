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
import random
import re
import shlex
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

from typer.main import get_command
from typer.testing import CliRunner

from liushou_cli.cli.app import app
from liushou_cli.core.environment import Environment
from liushou_cli.ops import ids

REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLE = REPOSITORY / "data-example"
TODAY = date(2022, 11, 20)  # inside the example school's autumn term
WIDTH = 80

# The mark of a command line expected to fail, and with which exit status: a shell comment at
# its end, `# exit 2` (or, in a Chinese document, `# 退出码 2`).
_EXPECTED = re.compile(r"\s#\s*(?:exit|退出码)\s*(\d+)\s*$")


class ExampleFailed(ValueError):
    """A command line of a document whose exit status is not the one it claims: an example
    that fails without its mark, or one marked to fail that succeeds (or fails otherwise)."""


class Scene:
    """A folder where a document's marked blocks run in order (what one block writes, the
    next one sees): a copy of the example school and a scratch folder beside it, or, for a
    guide's story (`story=True`), only the scratch folder, where `liushou init` makes the
    school's folder and `cd` enters it, as a teacher would."""

    def __init__(self, root: Path, language: str, story: bool = False) -> None:
        self.work = root / "work"
        self.work.mkdir()
        # The example school's commands run beside its folder (`--data data-example` works);
        # a story's, in the scratch folder.
        self.here = self.work if story else root
        data: Path | None = None
        if not story:
            data = root / "data-example"
            shutil.copytree(EXAMPLE, data)
        self.environment = Environment(today=TODAY, language=language, data=data,
                                       cache_dir=root / "cache", width=WIDTH)
        # In a shared folder (the story's `init` makes a git repository) new ids and activity
        # files take random characters; drawn from a seeded generator here, a document
        # reads the same on every run.
        self.chance = random.Random(2022)

    def on(self, day: date) -> None:
        """The day the next commands run on (a story's blocks happen on days of a term)."""
        self.environment = replace(self.environment, today=day)

    def write(self, name: str, text: str) -> None:
        """Put a file a document shows (a roster, a YAML file of children) where the reader
        would save it before typing the next commands: `name` is relative to the folder they
        run in (`../花名册.csv` beside the data folder), and stays in the scene."""
        target = (self.here / name).resolve()
        if (Path(name).is_absolute() or "\\" in name or target.is_dir()
                or not target.is_relative_to(self.work.resolve().parent)):
            raise ValueError(f"{name}: not a file of the document's own folders")
        target.write_text(text, encoding="utf-8")

    def run(self, line: str) -> str:
        """The output of one `liushou ...` line (stdout and stderr as a terminal shows them),
        of `export NAME=value` (LIUSHOU_USER, LIUSHOU_LANG: the environment changes), or of
        `cd FOLDER` (a folder of the scene). A command may end in `| head -n N` or
        `| grep WORD`, as in a shell, to show part of a long output.

        A `liushou` line must exit 0 unless it ends in `# exit N` (`# 退出码 N`): then it must
        exit N. Anything else raises ExampleFailed, so that an error shown in a document is
        one the reader is told to expect, and an example that breaks is never written down
        as if it were its output."""
        mark = _EXPECTED.search(line)
        expected = int(mark.group(1)) if mark else 0
        words = shlex.split(line, comments=True)
        if "|" in words:
            at = words.index("|")
            return _filtered(self._command(words[:at], line, expected), words[at + 1:], line)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            settings: dict[str, dict[str, Any]] = {"LIUSHOU_USER": {"user": value or None},
                                                    "LIUSHOU_LANG": {"language": value}}
            changes = settings[name]
            self.environment = replace(self.environment, **changes)
            return ""
        if words[0] == "cd":
            self.here = (self.here / words[1]).resolve()
            assert self.here.is_relative_to(self.work.resolve().parent), line
            return ""
        return self._command(words, line, expected)

    def _command(self, words: list[str], line: str, expected: int) -> str:
        """The output of one `liushou ...` command, which must exit `expected`."""
        assert words[0] == "liushou", line
        with _inside(self.here), mock.patch.object(ids, "secrets", self.chance):
            result = CliRunner().invoke(app, words[1:], obj=self.environment)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise RuntimeError(f"{line}: {result.exception!r}")
        if result.exit_code != expected:
            first = result.output.strip().split("\n")[0]
            if expected == 0:
                raise ExampleFailed(
                    f"`{line}` exits {result.exit_code} ({first}); an example meant to fail "
                    f"ends in `# exit {result.exit_code}`")
            if result.exit_code == 0:
                raise ExampleFailed(f"`{line}` succeeds, yet its mark says it exits {expected}")
            raise ExampleFailed(f"`{line}` exits {result.exit_code} ({first}), not {expected} "
                                "as its mark says")
        return result.output


def _filtered(output: str, words: list[str], line: str) -> str:
    """`output` through `head -n N` or `grep WORD`."""
    rows = output.splitlines(keepends=True)
    if words[:2] == ["head", "-n"] and len(words) == 3:
        return "".join(rows[:int(words[2])])
    if words[:1] == ["grep"] and len(words) == 2:
        return "".join(row for row in rows if words[1] in row)
    raise ValueError(f"{line}: only `| head -n N` and `| grep WORD` are understood")


@contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@contextmanager
def scene(language: str, story: bool = False) -> Iterator[Scene]:
    """A fresh scene, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="liushou-docs-") as root:
        yield Scene(Path(root), language, story)


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
