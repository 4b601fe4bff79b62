"""What this package's code is: a digest of its files (what the cache's records and values
were made by) and their stamps (what a kept page of help was made by), so that an answer
made by other code is never taken for this code's."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from liushou_cli import __version__


def package_digest() -> str:
    """The digest of every .py file of the package (its path and bytes), the version and
    Python's own: any change to a rule, a report, a message, an option or a model changes it.
    2 to 5 ms (0.5 MB of sources): the cache computes it once a process."""
    import hashlib  # here: `--help` takes the stamps alone and need not load it

    here = _package()
    digest = hashlib.sha256(repr((__version__, sys.version_info[:2])).encode())
    for name in sorted(_sources(str(here), "")):
        try:
            data = (here / name).read_bytes()
        except OSError:
            data = b"\0unreadable"
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def package_stamp() -> list[tuple[str, int, int]]:
    """Every .py file of the package with its modification time and size, as Python itself
    tells a changed source from its compiled file: well under a millisecond, where the digest
    reads every file and imports hashlib (`liushou --help` answered from its kept page
    spends neither)."""
    here = _package()
    stamps = []
    for name in sorted(_sources(str(here), "")):
        try:
            info = os.stat(here / name)
        except OSError:
            stamps.append((name, -1, -1))
        else:
            stamps.append((name, info.st_mtime_ns, info.st_size))
    return stamps


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
