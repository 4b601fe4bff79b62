"""What this package's code is: its files' stamps, with the version (what the cache's records
and values, a kept page of help and a kept line's parse were made by), so that what other
code made is never taken for this code's."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from liushou_cli import __version__


def package_key() -> str:
    """What the cache's records and values were made by: the version, Python's own, and every
    .py file of the package with its stamp (package_stamp). A file changed is a file whose
    modification time or size changed: Python's own test of which code it runs (a compiled
    file is used while its source's stamp is the one it was compiled from), so the cache is
    thrown away exactly when other code would run. Reading and hashing every file (0.5 MB)
    took 2 to 5 ms of every command."""
    return repr((__version__, sys.version_info[:2], package_stamp()))


@functools.cache  # once a process: the cache's key and a kept line's both take it
def package_stamp() -> tuple[tuple[str, int, int], ...]:
    """Every .py file of the package with its modification time and size, as Python itself
    tells a changed source from its compiled file: a stat of each, about 1 ms."""
    here = _package()
    stamps: list[tuple[str, int, int]] = []
    for name in sorted(_sources(str(here), "")):
        try:
            info = os.stat(here / name)
        except OSError:
            stamps.append((name, -1, -1))
        else:
            stamps.append((name, info.st_mtime_ns, info.st_size))
    return tuple(stamps)


def _package() -> Path:
    return Path(__file__).resolve().parent.parent


def _sources(top: str, prefix: str) -> list[str]:
    """The package's .py files under `top`, as paths relative to the package with '/'."""
    found = []
    with os.scandir(top) as listing:
        for item in listing:
            if item.is_dir(follow_symlinks=False):
                if item.name != "__pycache__":
                    found += _sources(item.path, f"{prefix}{item.name}/")
            elif item.name.endswith(".py"):
                found.append(prefix + item.name)
    return found
