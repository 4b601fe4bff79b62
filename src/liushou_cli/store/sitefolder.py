"""A folder of generated files written whole or not at all (`liushou dashboard --output DIR`):
the pages go into a private temporary folder beside DIR (0700, files 0600: they hold minors'
personal data), which takes DIR's place only once every file is written.

Refused before anything is written: DIR inside the data folder unless asked (it would travel
wherever the folder is synced or pushed), DIR a file, DIR a folder with something in it
unless `force`, and, even with `force`, a folder that is neither empty nor one this writer
made (it holds MARKER): `--force` replaces an old dashboard, never a teacher's own folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from liushou_cli.core import platform
from liushou_cli.core.errors import LiushouError
from liushou_cli.i18n import t
from liushou_cli.store.oserrors import writing
from liushou_cli.store.outputs import refuse_dash

MARKER = ".liushou-site"  # in every folder this writer made; what --force may replace


def check_target(target: Path, data_root: Path, *, force: bool, inside_data: bool) -> None:
    """Refuse a target the site must not be written to (see the module's docstring)."""
    refuse_dash(target)
    with writing(str(target)):
        resolved = target.resolve()
        if resolved.is_relative_to(data_root.resolve()) and not inside_data:
            raise LiushouError(t("site_inside_data", path=target))
        if target.is_symlink() or (target.exists() and not target.is_dir()):
            raise LiushouError(t("site_not_folder", path=target))
        if target.is_dir() and any(target.iterdir()):
            if not force:
                raise LiushouError(t("site_exists", path=target))
            if not (target / MARKER).is_file():
                raise LiushouError(t("site_not_ours", path=target))


def write_site(target: Path, files: Iterable[tuple[str, bytes]], data_root: Path, *,
               force: bool = False, inside_data: bool = False) -> int:
    """Write `files` (path relative to the site, content) as the folder `target`; the number
    of files written. On any failure nothing of the new site is left and an old one stays."""
    check_target(target, data_root, force=force, inside_data=inside_data)
    parent = target.resolve().parent
    with writing(str(target)):
        parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    count = 0
    try:
        with writing(str(target)):
            _write_file(staging / MARKER, b"liushou dashboard\n")
            for relative, content in files:
                path = staging / relative
                if path.parent != staging:
                    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                _write_file(path, content)
                count += 1
            _replace(staging, target.resolve())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _write_file(path: Path, content: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(content)


def _replace(staging: Path, target: Path) -> None:
    """The new folder in the old one's place; the old one (checked by check_target) removed."""
    if platform.current().posix_modes:
        staging.chmod(0o700)
    if not target.exists():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        old.rename(target)
        raise
    _remove(old)


# Files of an old site unlinked at once: a disk that discards each freed block (a virtual
# machine's, an SSD mounted with `discard`) makes every unlink wait for it, and 23,000 pages
# took 30 s one after another, under 2 s eight at a time.
_UNLINKERS = 8


def _remove(folder: Path) -> None:
    """An old site removed (what cannot be is left, as before): its files by several
    threads at once, then its folders."""
    files = [os.path.join(root, name) for root, _, names in os.walk(folder) for name in names]
    with ThreadPoolExecutor(_UNLINKERS) as pool:
        for _ in pool.map(_unlink, files, chunksize=256):
            pass
    shutil.rmtree(folder, ignore_errors=True)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
