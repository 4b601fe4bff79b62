"""county.yaml: the list of a county's schools (a bureau's or a central school's folder).

Each school is a data folder the bureau can read: a path (relative to the county folder or
absolute), and where the folder is a clone the bureau keeps up to date, the remote it is
cloned from (`liushou county pull`). Nothing else is kept here: every figure is read from
the schools' own folders when a report runs.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

COUNTY_FORMAT = 1  # county.yaml's format; a file of a later one is refused, named

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class CountySchool(BaseModel):
    """One school of the county: its name as the bureau calls it, and its folder."""

    model_config = ConfigDict(extra="forbid")

    name: Word
    path: Word  # the data folder (the clone's folder when remote is set)
    remote: Word | None = None  # the git remote the folder is cloned from (`county pull`)


class CountyFile(BaseModel):
    """The whole of county.yaml."""

    model_config = ConfigDict(extra="forbid")

    format: int = Field(default=COUNTY_FORMAT, ge=1)
    county: Word
    schools: list[CountySchool] = Field(default_factory=list)
