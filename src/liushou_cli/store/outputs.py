"""Files the tool writes for people, outside the data folder's records: printed cards and
forms, a calendar of what falls due. They hold minors' personal data, so each is written
owner-readable only (0600, also when it replaces a file), never over an existing file unless
asked, and atomically (store/atomic.py): a refused or failed write leaves nothing half
written.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from liushou_cli.core import platform
from liushou_cli.core.errors import LiushouError, UsageError
from liushou_cli.i18n import t
from liushou_cli.store.atomic import atomic_write, create_exclusive
from liushou_cli.store.oserrors import writing


def check_output(path: Path, *, force: bool) -> None:
    """Refuse, before any work is done, a path that is a folder or an existing file (unless
    `force`), or "-": one line naming it."""
    refuse_dash(path)
    with writing(str(path)):  # a name too long fails already here
        if path.is_dir():
            raise LiushouError(t("export_is_folder", path=path))
        if os.path.lexists(path) and not force:
            raise LiushouError(t("export_exists", path=path))


def refuse_other_suffix(path: Path, fmt: str, formats: tuple[str, ...]) -> None:
    """Refuse a --format that the file's name says otherwise of (x.csv written as xlsx opens
    as garbage); a name of no known format may take any."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in formats and suffix != fmt:
        raise UsageError(t("output_suffix_other", path=path, fmt=fmt))


def refuse_dash(path: Path) -> None:
    """Refuse "-", which other tools take for standard output: written here it would be a
    file of that name, with minors' personal data, wherever the command ran."""
    if str(path) == "-":
        raise UsageError(t("output_is_dash"))


def write_private(path: Path, content: bytes, *, force: bool) -> None:
    """Write `content` to `path` readable by its owner only; an existing file is replaced
    only if `force` (a LiushouError otherwise, nothing written)."""
    with writing(str(path)):
        if force:
            atomic_write(path, content, history=False)
            if platform.current().posix_modes:
                # atomic_write keeps a replaced file's mode; this file is ours and private.
                with contextlib.suppress(PermissionError):
                    os.chmod(path, 0o600)
            return
        if not create_exclusive(path, content, history=False):
            raise LiushouError(t("export_exists", path=path))


def inside(path: Path, folder: Path) -> bool:
    """True when `path` would be written inside `folder` (links resolved)."""
    return path.resolve().is_relative_to(folder.resolve())
