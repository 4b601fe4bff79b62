"""Adding a staff member to staff.yaml: a free id, validation, a round-trip append."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from liushou_cli.core.classes import canonical_class
from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import Staff, StaffFile
from liushou_cli.i18n import t, t_in
from liushou_cli.i18n.messages import validated
from liushou_cli.lookup.duplicates import refuse_staff_duplicate
from liushou_cli.ops.ids import next_staff_id
from liushou_cli.store.edit import append_to_list
from liushou_cli.store.history import describe
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import staff_or_fail


@dataclass(frozen=True)
class Added:
    """The member added, and the classes they lead that others lead already (a class with
    two class teachers has each of its duties charged to both): class -> those others."""

    member: Staff
    led_already: dict[str, list[Staff]]


def add_staff(folder: DataFolder, fields: dict[str, Any], force: bool = False) -> Added:
    """Validate the new member, refuse a taken id (and, unless `force`, a name already
    listed), append to staff.yaml atomically."""
    staff = staff_or_fail(folder)
    ids = [member.id for member in staff]
    data = {key: value for key, value in fields.items() if value not in (None, [])}
    known = sorted({c for m in staff for c in (*m.leads, *m.teaches)})
    for key in ("leads", "teaches"):
        if key in data:
            data[key] = [canonical_class(name, known) for name in data[key]]
    data.setdefault("id", next_staff_id(folder, ids))
    member = validated(Staff, data)
    if member.id in ids:
        raise LiushouError(t("staff_exists", id=member.id))
    refuse_staff_duplicate(member, staff, force)
    append_to_list(folder, folder.staff_path, "staff",
                   member.model_dump(exclude_none=True, exclude_defaults=True), StaffFile)
    describe(t_in("zh", "history_staff_added", name=member.name, id=member.id))
    # Leading a class someone leads is allowed (two class teachers share its duties), but is
    # more often --teaches mistyped: said, never refused.
    led = {klass: [other for other in staff if klass in other.leads]
           for klass in dict.fromkeys(member.leads)}
    return Added(member, {klass: others for klass, others in led.items() if others})
