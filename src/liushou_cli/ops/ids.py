"""Ids for new children and staff that a teacher can type, and that two laptops cannot both
give.

A folder that is not a git repository is kept by one computer: the next number, as always
(c0001, c0002...; T001, T002...). A repository is shared: two clones adding a child offline
would both pick c0002, so there the id is the letter and a short random suffix (c7k2mq,
T4HXP) from an alphabet without look-alikes (no 0/o, 1/l/i), free among the ids this clone
knows. Five characters give 28 million child ids: two laptops adding fifty children each
between syncs collide about once in 11,000 times, and sync still renames the later child
if they do (ops/sync.py). A child with a student number is filed under it, as before.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from liushou_cli.store.gitrepo import is_repository
from liushou_cli.store.layout import DataFolder

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CHILD_SUFFIX = 5
STAFF_SUFFIX = 4
_NUMBERED_CHILD = re.compile(r"^c(\d+)$")
_NUMBERED_STAFF = re.compile(r"^T(\d+)$")


def next_child_id(folder: DataFolder, taken: Iterable[str] = ()) -> str:
    """A free id for a new child: numbered in a folder of one computer, random in a shared
    one; free among the file names and `taken`."""
    names = {path.stem for path in folder.child_files()} | set(taken)
    if is_repository(folder.root):
        return random_id("c", CHILD_SUFFIX, names)
    return numbered_child_id(names)


def numbered_child_id(names: Iterable[str]) -> str:
    """The number after the highest c0001-style id of `names`."""
    numbers = [int(match.group(1)) for name in names if (match := _NUMBERED_CHILD.match(name))]
    return f"c{(max(numbers) + 1 if numbers else 1):04d}"


def next_staff_id(folder: DataFolder, existing: Iterable[str]) -> str:
    """A free id for a new staff member (T001... or, shared, T and four random capitals)."""
    existing = set(existing)
    if is_repository(folder.root):
        return random_id("T", STAFF_SUFFIX, existing, upper=True)
    numbers = [int(m.group(1)) for staff_id in existing if (m := _NUMBERED_STAFF.fullmatch(staff_id))]
    return f"T{(max(numbers) + 1 if numbers else 1):03d}"


def activity_suffix(folder: DataFolder) -> str:
    """What ends a new activity file's name: nothing in a folder of one computer (the
    name's date and kind, then -2, -3 on the same day), a random part in a shared one."""
    if not is_repository(folder.root):
        return ""
    taken = {path.stem.rsplit("-", 1)[-1] for path in folder.activity_files()}
    return random_id("", CHILD_SUFFIX, taken)


def random_id(letter: str, length: int, taken: set[str], upper: bool = False) -> str:
    """`letter` and `length` random characters of ALPHABET, none of `taken` (compared
    without case: a file system may not tell c7k2m from C7K2M)."""
    folded = {name.casefold() for name in taken}
    alphabet = ALPHABET.upper() if upper else ALPHABET
    while True:
        candidate = letter + "".join(secrets.choice(alphabet) for _ in range(length))
        if candidate.casefold() not in folded:
            return candidate
