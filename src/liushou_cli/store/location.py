"""Where the data folder lives, as far as its privacy goes: on this computer's own disk, on a
removable drive (a USB stick), on a network drive, or inside a folder that a cloud service
copies to its servers (OneDrive, 坚果云, 百度网盘's sync folder, WPS云文档...).

The files hold minors' personal data. On Windows there are no POSIX modes to keep them the
owner's, so the tool says where the folder is, and warns when it is shared or synced: once
for each folder and place (remembered in the user's cache folder, `first_notice`), and in
every `check`.

A cloud folder is known by the name its client gives it by default (a path component); a
network drive by its path (\\\\server\\share) or, on Windows, by the drive's type
(GetDriveTypeW: a mapped drive is "remote", a USB stick "removable"). Nothing is opened
or listed in the folder; only the cache folder's small marker file is read and written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path, PureWindowsPath
from typing import NamedTuple

from liushou_cli.core import platform
from liushou_cli.core.hashing import sha256
from liushou_cli.core.text import Message
from liushou_cli.i18n import t
from liushou_cli.store.cachefiles import make_folder, open_file, read_file


class Place(NamedTuple):
    """Where a folder lives: "local", "removable", "network" or "cloud" (then `service`
    names the cloud service)."""

    kind: str
    service: str = ""

    @property
    def shared(self) -> bool:
        """Does anyone but this computer's user get a copy (a server, a cloud service)?"""
        return self.kind in ("network", "cloud")


# The folder names that sync clients give their folders by default (compared without case),
# and the prefixes of some: OneDrive for work or school is "OneDrive - 学校名".
_CLOUD_NAMES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("OneDrive", ("onedrive",), ("onedrive - ",)),
    ("坚果云", ("我的坚果云", "nutstore"), ()),
    ("百度网盘", ("baidusyncdisk", "百度网盘同步空间", "百度网盘同步盘"), ()),
    ("WPS云文档", ("wps cloud files", "wpsdrive", "wps云盘", "wps网盘", "wps云文档"), ()),
    ("Dropbox", ("dropbox",), ("dropbox (",)),
    ("Google Drive", ("google drive", "googledrive", "my drive"), ()),
    ("iCloud", ("icloud drive", "iclouddrive", "mobile documents"), ()),
    ("腾讯微云", ("微云同步盘", "weiyunsync"), ()),
)
# macOS keeps every sync client's folder in ~/Library/CloudStorage/<Service>-<account>.
_MACOS_CLOUD = "cloudstorage"


def _cloud_service(parts: tuple[str, ...]) -> str | None:
    """The cloud service whose folder one of `parts` (a path's components) is, if any."""
    names = [part.strip("\\/").lower() for part in parts]
    for index, name in enumerate(names):
        for service, known, prefixes in _CLOUD_NAMES:
            if name in known or name.startswith(prefixes):
                return service
        if name == _MACOS_CLOUD and index + 1 < len(names):
            account = parts[index + 1].split("-", 1)[0]
            return next((service for service, known, _ in _CLOUD_NAMES
                         if account.lower() in known), account)
    return None


# GetDriveTypeW's answers that matter here.
DRIVE_REMOVABLE = 2
DRIVE_REMOTE = 4

DriveType = Callable[[str], int | None]


def place_of(path: Path, drive_type: DriveType | None = None) -> Place:
    """Where `path` (an absolute path) lives. `drive_type` answers GetDriveTypeW for a
    drive's root ("D:\\\\"); by default Windows' own, and None (unknown) elsewhere."""
    win = PureWindowsPath(str(path))
    service = _cloud_service(win.parts)
    if service is not None:
        return Place("cloud", service)
    if win.drive.startswith("\\\\"):  # \\server\share: a network share, mapped or not
        return Place("network")
    if win.drive:
        kind = (drive_type or windows_drive_type)(win.drive + "\\")
        if kind == DRIVE_REMOTE:
            return Place("network")
        if kind == DRIVE_REMOVABLE:
            return Place("removable")
    return Place("local")


def described(root: Path, place: Place) -> str:
    """One line saying where the folder is: "数据文件夹在 D:\\学校(U 盘或其他可移动磁盘)"."""
    kind = t("place_" + place.kind, service=place.service)
    return t("folder_is_at", path=root, place=kind)


def warning(root: Path, place: Place) -> Message | None:
    """The warning for a folder that others get a copy of (a code: check keeps it as its
    other findings); None for one that stays here."""
    if place.kind == "network":
        return Message.of("folder_on_network", path=str(root))
    if place.kind == "cloud":
        return Message.of("folder_in_cloud", path=str(root), service=place.service)
    return None


def windows_drive_type(root: str) -> int | None:
    """GetDriveTypeW of a drive's root; None where there is no such call (not Windows)."""
    if not platform.current().windows:
        return None
    try:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined, unused-ignore]
        return int(kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))
    except (ImportError, AttributeError, OSError):
        return None


def first_notice(root: Path, cache_dir: Path | None, place: Place) -> bool:
    """Is this the first time this folder is seen in this place? Remembered in a marker
    file in the cache folder (named by the folder's path, holding the place); True whenever
    it cannot be remembered (no cache folder, or one refused): better said twice than
    never."""
    if cache_dir is None:
        return True
    marker = cache_dir / (sha256(str(root).encode()).hexdigest()[:24] + ".place")
    said = f"{place.kind}:{place.service}".encode()
    try:
        if marker.exists() and read_file(marker) == said:
            return False
        make_folder(cache_dir)
        fd = open_file(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        with os.fdopen(fd, "wb") as handle:
            handle.write(said)
    except OSError:
        return True
    return True
