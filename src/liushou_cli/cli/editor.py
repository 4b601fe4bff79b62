"""Opening text in the user's editor ($VISUAL, $EDITOR) and reading it back."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from liushou_cli.errors import LiushouError
from liushou_cli.i18n import t


def _editor() -> list[str]:
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name)
        if value:
            return shlex.split(value)
    for fallback in ("nano", "vi", "notepad"):
        for folder in os.environ.get("PATH", "").split(os.pathsep):
            if (Path(folder) / fallback).exists():
                return [fallback]
    raise LiushouError(t("no_editor"))


def edit_text(text: str) -> str | None:
    """The text after the user edited it, or None if they left it as it was."""
    command = _editor()
    # mkstemp makes the file readable by the owner only: it holds a child's personal data.
    fd, name = tempfile.mkstemp(prefix="liushou-", suffix=".yaml")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            result = subprocess.run([*command, str(path)], check=False)
        except OSError:
            raise LiushouError(t("no_editor")) from None
        if result.returncode != 0:
            return None
        edited = path.read_text(encoding="utf-8")
        return None if edited == text else edited
    finally:
        path.unlink(missing_ok=True)
