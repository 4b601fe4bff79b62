"""The record models, imported only when a file must be validated.

core.model imports pydantic (about 60 ms); a command answered from the cache validates no
file and never needs a model. A function that validates a file only when the cache does not
answer for it takes one of these in place of the model class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_cli.core.model import Activity, CensusFile, Child, SchoolConfig, StaffFile


def school_config() -> type[SchoolConfig]:
    from liushou_cli.core.model import SchoolConfig

    return SchoolConfig


def staff_file() -> type[StaffFile]:
    from liushou_cli.core.model import StaffFile

    return StaffFile


def census_file() -> type[CensusFile]:
    from liushou_cli.core.model import CensusFile

    return CensusFile


def activity() -> type[Activity]:
    from liushou_cli.core.model import Activity

    return Activity


def child() -> type[Child]:
    from liushou_cli.core.model import Child

    return Child
