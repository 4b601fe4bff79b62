"""Where things live in a data folder, and how a command finds its data folder.

Like git finds its repository: `--data DIR`, else LIUSHOU_DATA, else the nearest folder
upwards holding liushou.yaml (the first two come as `explicit`, from the environment).
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path
from stat import S_IROTH, S_ISDIR, S_ISLNK, S_ISREG, S_IXOTH

from liushou_cli.core import platform
from liushou_cli.core.errors import LiushouError
from liushou_cli.i18n import t

CONFIG_NAME = "liushou.yaml"
STAFF_NAME = "staff.yaml"
CHILDREN_DIR = "children"
CENSUS_DIR = "censuses"
ACTIVITIES_DIR = "activities"
LOCK_NAME = ".liushou.lock"
TEMP_SUFFIX = ".tmp"
# What atomic_write leaves when it is killed: mkstemp's ".NAME." + 8 random characters + ".tmp".
# Only temp files of .yaml files: those are written under the folder lock, and nothing else.
LEFTOVER_NAME = re.compile(r"\A\..+\.yaml\.[a-z0-9_]{8}\.tmp\Z")

# What tells a file's versions apart: modification time (ns), size, inode, change time (ns).
Signature = tuple[int, int, int, int]


@dataclass(frozen=True)
class DataFolder:
    """A data folder and the paths inside it."""

    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def staff_path(self) -> Path:
        return self.root / STAFF_NAME

    @property
    def children_dir(self) -> Path:
        return self.root / CHILDREN_DIR

    @property
    def lock_path(self) -> Path:
        return self.root / LOCK_NAME

    @property
    def census_dir(self) -> Path:
        return self.root / CENSUS_DIR

    @property
    def activities_dir(self) -> Path:
        return self.root / ACTIVITIES_DIR

    def activity_files(self) -> list[Path]:
        """Every activity file, sorted (by date, as they are named); hidden files skipped."""
        return [self.activities_dir / name for name, _ in yaml_stats(self.activities_dir)]

    def census_path(self, term: str) -> Path:
        return self.census_dir / f"{term}.yaml"

    def child_path(self, child_id: str) -> Path:
        return self.children_dir / f"{child_id}.yaml"

    def rel(self, path: Path) -> str:
        """A path as shown to the user: relative to the data folder where possible."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def child_files(self) -> list[Path]:
        """Every child file, sorted; temp files of interrupted writes and hidden files skipped."""
        return [self.children_dir / name for name, _ in self.child_stats()]

    def odd_child_entries(self) -> tuple[list[Path], list[Path]]:
        """What lies in children/ besides child files: temp files that interrupted writes
        left (hidden, ending in TEMP_SUFFIX), and other visible files that are not .yaml."""
        leftovers: list[str] = []
        strays: list[str] = []
        try:
            scan = os.scandir(self.children_dir)
        except OSError:
            return [], []
        # Names tested first: a county's 20,000 child files take no stat and no Path (sorted
        # Paths and a stat each were 0.14 s of its `check`).
        with scan:
            for entry in scan:
                name = entry.name
                if name.startswith("."):
                    if name.endswith(TEMP_SUFFIX):
                        leftovers.append(name)
                elif not name.endswith(".yaml") and entry.is_file():
                    strays.append(name)
        return ([self.children_dir / name for name in sorted(leftovers)],
                [self.children_dir / name for name in sorted(strays)])

    def top_leftovers(self) -> list[Path]:
        """The temp files killed writes left in the folder's top level, where every write
        makes its temp file (store.edit)."""
        return leftovers_in(self.root)

    def open_to_others(self) -> bool:
        """Can other users of this machine read the folder or its children/ (POSIX modes;
        never said where there are none: Windows, core.platform)?"""
        if not platform.current().posix_modes:
            return False
        return any(folder.is_dir() and folder.stat().st_mode & (S_IROTH | S_IXOTH)
                   for folder in (self.root, self.children_dir))

    def child_stats(self) -> list[tuple[str, os.stat_result]]:
        """Every child file's name with its stat, sorted by name (see yaml_stats)."""
        return yaml_stats(self.children_dir)

    def child_signatures(self) -> list[tuple[str, Signature]]:
        """Every child file's name with its signature, sorted by name (signed_listing)."""
        return signed_listing(self.children_dir)


def yaml_stats(directory: Path) -> list[tuple[str, os.stat_result]]:
    """Every .yaml file's name in `directory` with its stat, sorted by name; temp files of
    interrupted writes and hidden files skipped. One directory scan and one stat a file: a
    county's 20,000 child files in well under 0.1 s (Path.iterdir with is_file and a second
    stat took 0.5 s).

    A symbolic link is listed with its own stat (never its target's), so that reading it is
    refused with a message (read_no_follow) rather than the link skipped in silence; so is a
    folder of a child file's name, which reading says is a folder (a child skipped in silence
    would be missing from every list and count)."""
    try:
        scan = os.scandir(directory)
    except OSError:
        return []
    found: list[tuple[str, os.stat_result]] = []
    with scan:
        for entry in scan:
            name = entry.name
            if not name.endswith(".yaml") or name.startswith("."):
                continue
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # gone since the scan
            if S_ISREG(stat.st_mode) or S_ISLNK(stat.st_mode) or S_ISDIR(stat.st_mode):
                found.append((name, stat))
    found.sort(key=lambda pair: pair[0])
    return found


def signature(stat: os.stat_result) -> Signature:
    # On Windows st_ctime is the creation time, which an edit keeps: it proves nothing there
    # (core.platform). CURRENT, not current(): once per file of a county's 20,000.
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino,
            stat.st_ctime_ns if platform.CURRENT.ctime_changes else 0)


def signed_listing(directory: Path) -> list[tuple[str, Signature]]:
    """Every .yaml file's name in `directory` with its signature, sorted by name (yaml_stats)."""
    return [(name, signature(stat)) for name, stat in yaml_stats(directory)]


class SymlinkRefused(OSError):
    """A file of the data folder is a symbolic link: it is neither read nor written through.
    A link could make the tool echo a system file's lines in its messages, or replace it."""


def leftovers_in(folder: Path) -> list[Path]:
    """The temp files killed writes left in `folder` (regular files named as atomic_write
    names a .yaml file's temp file); none when it cannot be listed. listdir, not scandir:
    half the time on a county's 20,380 child files."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        if LEFTOVER_NAME.match(name):
            try:
                if S_ISREG(os.lstat(folder / name).st_mode):
                    found.append(folder / name)
            except OSError:  # removed meanwhile
                continue
    return found


def read_no_follow(path: Path) -> bytes:
    """The bytes of `path`, which must not be a symbolic link itself (O_NOFOLLOW: the check
    and the open are one step). Folders above it may be links: a data folder reached through
    a linked home folder still works."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    if not nofollow and path.is_symlink():  # pragma: no cover - Windows: no O_NOFOLLOW
        raise SymlinkRefused(errno.ELOOP, "symbolic link", str(path))
    try:
        fd = os.open(path, os.O_RDONLY | nofollow | getattr(os, "O_BINARY", 0))
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK) and path.is_symlink():
            raise SymlinkRefused(errno.ELOOP, "symbolic link", str(path)) from None
        if error.errno == errno.EACCES and path.is_dir():
            # Windows refuses to open a folder as "permission denied": said as Linux says it,
            # a folder where a file should be (no permission to grant would help).
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path)) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def present(path: Path) -> bool:
    """Is there anything at `path`, a dangling symbolic link included?"""
    return os.path.lexists(path)


def find_data_folder(explicit: Path | None, cwd: Path | None = None) -> DataFolder:
    """The data folder for this command, or a LiushouError saying why there is none:
    `explicit` (--data or LIUSHOU_DATA) if given, else the nearest folder upwards of `cwd`
    (the working folder) with liushou.yaml."""
    if explicit is not None:
        if not (explicit / CONFIG_NAME).is_file():
            raise LiushouError(t("not_a_data_folder", path=explicit))
        return DataFolder(explicit.resolve())
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return DataFolder(folder)
    raise LiushouError(t("no_data_folder"))
