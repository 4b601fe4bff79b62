"""The options several commands declare alike, as typer takes them (the values they give are
cli/common.py's, which a line run without typer imports)."""

from __future__ import annotations

from typing import Any

import typer

from liushou_cli.cli.common import Format
from liushou_cli.i18n.help import help_text

FORMAT_OPTION: Any = typer.Option(Format.table, "--format", "-f",
                                  help=help_text("option.format"))
