"""Making a new data folder on disk, all or nothing (`liushou init`): the folders and files
ops.newfolder asks for, for the owner only, removed again if any step fails."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from liushou_cli.core import platform
from liushou_cli.core.errors import LiushouError, SystemFailure
from liushou_cli.i18n import t
from liushou_cli.store.atomic import atomic_write
from liushou_cli.store.layout import CONFIG_NAME
from liushou_cli.store.oserrors import reason, write_failure, writing


def create_folder(root: Path, files: Sequence[tuple[str, bytes | None]]) -> None:
    """Make the data folder `root` with `files` (a path inside it, and its bytes or None for
    a folder), in that order; never over an existing data folder or into a folder that
    holds anything but .git.

    All or nothing: if a step fails (a full disk, no permission), what this run made is
    removed again, what was there before is kept, and `init` can simply be run again.
    """
    with writing(str(root)):  # a name too long, a parent that is a file...
        if (root / CONFIG_NAME).exists():
            raise LiushouError(t("init_exists", path=root))
        if root.exists() and any(entry for entry in root.iterdir() if entry.name != ".git"):
            raise LiushouError(t("init_not_empty", path=root))
    steps: list[tuple[Path, bytes | None]] = [(root, None)]  # None: a folder
    steps += [(root / name, content) for name, content in files]
    made: list[Path] = []  # in the order made; removed in reverse
    current = root
    try:
        for current, content in steps:
            if content is None:
                _make_folder(current, made)
            else:
                atomic_write(current, content)
                made.append(current)
    except OSError as error:
        left = _remove(made)
        if left:
            raise SystemFailure(t("init_leftovers", path=current, reason=reason(error, writing=True),
                                  left="、".join(str(path) for path in left))) from None
        raise write_failure(error, str(current)) from None
    except BaseException:
        _remove(made)
        raise


def _make_folder(path: Path, made: list[Path]) -> None:
    """Make `path` (and missing parents) for the owner only, noting each folder made."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700 if folder == path else 0o777)
        made.append(folder)
    if missing and platform.current().posix_modes:
        # Minors' personal data: the owner only (mkdir's mode obeys umask). A FAT32 or exFAT
        # USB stick has no modes and refuses chmod: nothing to set there.
        with contextlib.suppress(PermissionError):
            path.chmod(0o700)


def _remove(made: list[Path]) -> list[Path]:
    """Remove what this run made, newest first; what could not be removed."""
    left: list[Path] = []
    for path in reversed(made):
        try:
            if path.is_dir() and not path.is_symlink():
                path.rmdir()  # only ever empty: everything made in it was removed before
            else:
                path.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            left.append(path)
    return left
