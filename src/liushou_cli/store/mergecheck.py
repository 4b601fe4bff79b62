"""A merged file validated by its model (pydantic): the one step of the merge driver that
needs the models, imported by store/merge.py only when a merge must be checked.

Importing pydantic and the models costs about 0.3 s, and git starts the driver once for
every file it merges: a pull that merges two hundred children would pay it two hundred
times. store/merge.py therefore asks for this check only where two sides' changes meet
inside one record (see `_Merger.mixed` there); a merge that only adds entries, or takes
each record whole from one side, gives a record each side already validated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from liushou_cli.core.model import Activity, CensusFile, Child, SchoolConfig, StaffFile
from liushou_cli.core.validators import ValidationDay
from liushou_cli.i18n import t
from liushou_cli.store.read import validate_mapping

# The model a merged file of each kind (store.merge.kind_of) must load as.
MODELS: dict[str, type[BaseModel]] = {
    "child": Child, "staff": StaffFile, "config": SchoolConfig, "census": CensusFile,
    "activity": Activity,
}


def invalid(data: dict[str, Any], text: str, kind: str, today: date, path: str) -> str | None:
    """Why the merged `text` (`data`, as the store parses it) is not a valid record of its
    kind (the first problem, with its line), or None."""
    model = MODELS[kind]
    day = ValidationDay(today) if model is Child else None
    record, problems = validate_mapping(data, text, model, path, day)
    if record is not None:
        return None
    first = problems[0]
    return t("merge_invalid", line=first.line or 1, reason=first.message)
