"""A county folder: county.yaml (the list of schools), its own cache, and the state of each
school's folder as the county sees it.

The county folder is the bureau's; the schools' folders are the schools'. Nothing here
writes into a school's folder: a school is only ever read (store.read, with the county's own
cache under `.liushou-cache/` in the county folder, never the school's or the user's).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from liushou_cli.core.county import COUNTY_FORMAT, CountyFile, CountySchool
from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import SchoolConfig
from liushou_cli.i18n import t
from liushou_cli.store.edit import edit_document, ensure_document
from liushou_cli.store.layout import CONFIG_NAME, DataFolder, present
from liushou_cli.store.read import read_model
from liushou_cli.store.yamlio import line_in_file, parse_mapping

COUNTY_NAME = "county.yaml"
CACHE_NAME = ".liushou-cache"


@dataclass(frozen=True)
class CountyFolder:
    """A county folder and the paths inside it."""

    root: Path

    @property
    def file(self) -> Path:
        return self.root / COUNTY_NAME

    @property
    def cache_dir(self) -> Path:
        """The county's own cache of the schools it reads (private to the user, 0700)."""
        return self.root / CACHE_NAME

    def school_root(self, school: CountySchool) -> Path:
        """A school's folder: its path as written, from the county folder if relative."""
        path = Path(school.path).expanduser()
        return path if path.is_absolute() else self.root / path

    def as_data_folder(self) -> DataFolder:
        """The county folder as the store's writers see a folder: its lock, its paths."""
        return DataFolder(self.root)


def find_county(explicit: Path | None, cwd: Path | None = None) -> CountyFolder:
    """The county folder: `explicit` (--county) if given, else the nearest folder upwards of
    `cwd` holding county.yaml; a LiushouError saying why there is none."""
    if explicit is not None:
        if not (explicit / COUNTY_NAME).is_file():
            raise LiushouError(t("county_not_a_folder", path=explicit))
        return CountyFolder(explicit.resolve())
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / COUNTY_NAME).is_file():
            return CountyFolder(folder)
    raise LiushouError(t("county_none"))


def load_county(county: CountyFolder) -> CountyFile:
    """county.yaml as a model; its first problem as a LiushouError at file:line. A file of a
    later format than this liushou knows is refused before anything else is read."""
    shown = str(county.file)
    raw = parse_mapping(county.file.read_text(encoding="utf-8")) if county.file.is_file() else None
    if isinstance(raw, dict) and isinstance(raw.get("format"), int) and raw["format"] > COUNTY_FORMAT:
        raise LiushouError(t("county_newer_format", format=raw["format"], known=COUNTY_FORMAT), shown)
    found, problems = read_model(county.file, CountyFile, shown)
    if found is None:
        first = problems[0]
        raise LiushouError(first.message, first.path, first.line)
    return found


def create_county(root: Path, name: str) -> CountyFolder:
    """A new county folder `root` with an empty county.yaml; never over an existing one."""
    county = CountyFolder(root.resolve())
    if present(county.file):
        raise LiushouError(t("county_exists", path=county.file))
    ensure_document(county.as_data_folder(), county.file,
                    {"format": COUNTY_FORMAT, "county": name, "schools": []}, CountyFile)
    return county


def add_school(county: CountyFolder, school: CountySchool) -> None:
    """Append a school to county.yaml (round trip under the county folder's lock, comments
    kept); the same folder or name twice is refused."""
    entry = school.model_dump(exclude_none=True)
    with edit_document(county.as_data_folder(), county.file, CountyFile) as edit:
        listed = edit.data.get("schools") or []
        for other in listed:
            if str(other.get("name")) == school.name:
                raise LiushouError(t("county_name_taken", name=school.name))
            if same_folder(county, str(other.get("path")), school.path):
                raise LiushouError(t("county_path_taken", path=school.path, name=other.get("name")))
        if "schools" not in edit.data or edit.data["schools"] is None:
            edit.data["schools"] = []
        edit.data["schools"].append(entry)


def same_folder(county: CountyFolder, first: str, second: str) -> bool:
    """Do two paths of county.yaml name the same folder (resolved)?"""
    return (_folder_key(county.school_root(CountySchool(name="-", path=first)))
            == _folder_key(county.school_root(CountySchool(name="-", path=second))))


def school_problem(root: Path) -> str | None:
    """Why the county cannot read the school folder `root`, as a message key; None if it can
    try (a broken file inside is the reader's to name)."""
    try:
        if not root.exists():
            return "county_school_missing"
        if not root.is_dir():
            return "county_school_not_folder"
        if not (root / CONFIG_NAME).is_file():
            return "county_school_no_config"
        if not os.access(root, os.R_OK | os.X_OK) or not os.access(root / CONFIG_NAME, os.R_OK):
            return "county_school_unreadable"
    except OSError:
        return "county_school_unreadable"
    return None


def ready_cache(county: CountyFolder) -> Path | None:
    """The county's cache folder, made private if new; None when it cannot be made (the
    reports then run without a cache)."""
    try:
        county.cache_dir.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return county.cache_dir


def listed_twice(county: CountyFolder, schools: list[CountySchool]) -> list[tuple[int, int]]:
    """Each school entry that names a folder an earlier one names: (its index, the earlier's).
    One resolve a school (a county lists 150), not one a pair."""
    first: dict[str, int] = {}
    twice = []
    for index, school in enumerate(schools):
        key = _folder_key(county.school_root(school))
        if key in first:
            twice.append((index, first[key]))
        else:
            first[key] = index
    return twice


def _folder_key(path: Path) -> str:
    try:
        path = path.resolve()
    except OSError:
        path = Path(os.path.abspath(path))
    return os.path.normcase(str(path))


def school_line(county: CountyFolder, index: int) -> int | None:
    """The line of county.yaml where the `index`th school is written."""
    return line_in_file(county.file, ("schools", index))


def school_name_of(root: Path) -> str | None:
    """The school's name as its liushou.yaml gives it (None if it cannot be read)."""
    found, _ = read_model(root / CONFIG_NAME, SchoolConfig, str(root / CONFIG_NAME))
    return found.school if found is not None else None
