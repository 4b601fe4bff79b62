"""SHA-256 without loading OpenSSL: `hashlib` loads its OpenSSL module as it is imported, 2 ms
of every command (a fifth of what a school's daily report spends beyond Python's and typer's
floors), where CPython's own SHA-256 module is built in. The same digests either way;
`hashlib`'s where CPython's own is missing (another Python)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol


class Hash(Protocol):
    """A running digest, as hashlib's objects are."""

    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


def _sha256() -> Callable[..., Hash]:
    for name in ("_sha2", "_sha256"):  # CPython 3.12 and later; 3.11
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        found: Callable[..., Hash] = module.sha256
        return found
    import hashlib

    return hashlib.sha256


sha256 = _sha256()
