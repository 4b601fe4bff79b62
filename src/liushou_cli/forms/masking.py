"""A child's record as a printed page may show it: masked like the bureau's export unless
the page is printed `--full` (reports/export.py says why each mask is what it is).

The export's own masks apply to the fields it has (ID numbers to the region, phones to their
first 3 and last 4 digits, addresses to the township, an illness to 有). A printed card
carries more than the export: a parent's work phone and work address are masked as a phone
and an address are, and the free-text notes (a parent's, the guardian's, the child's), which
the export leaves out, are left off. The staff's own phones are not the child's data and
stay as they are.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from liushou_cli.core.fields import CHILD_FIELDS, ChildField, Mask, value_of
from liushou_cli.core.model import CensusCheck, Illness
from liushou_cli.reports.export import masked_text

if TYPE_CHECKING:
    from liushou_cli.core.model import Child

# A field's mask when the export has no column for it: by what the field holds.
_BY_SUFFIX: tuple[tuple[str, Mask], ...] = (
    ("id_number", "id"), ("phone", "phone"), ("address", "address"))


def mask_of(field: ChildField) -> Mask | None:
    """How a masked page shows the field: a mask, "plain", or None when it is left off."""
    if field.export is not None:
        return field.export.mask
    if field.path == "note" or field.path.endswith(".note"):
        return None
    return next((mask for suffix, mask in _BY_SUFFIX if field.path.endswith(suffix)), "plain")


def _masked(value: Any, mask: Mask | None) -> Any:
    if value is None or mask == "plain":
        return value
    if mask is None:
        return None
    return masked_text(str(value), mask)


def masked_child(child: Child) -> Child:
    """A copy of the record with every field masked as a printed page shows it; the record
    itself is not touched (nothing here is ever written back)."""
    copies: dict[str, Any] = {}  # a person's (or the disability's) copy, by its key
    top: dict[str, Any] = {}
    for field in CHILD_FIELDS:
        value = value_of(child, field.path)
        shown = _masked(value, mask_of(field))
        if shown == value:
            continue
        head, dot, key = field.path.partition(".")
        if not dot:
            top[field.attribute or head] = shown
            continue
        record = copies.get(head) or getattr(child, head).model_copy()
        copies[head] = record.model_copy(update={key: shown})
    for name in _DATED_LISTS:
        records = getattr(child, name)
        shown_records = [_masked_record(record) for record in records]
        if any(shown is not record for shown, record in zip(shown_records, records, strict=True)):
            top[name] = shown_records
    return child.model_copy(update={**top, **copies})


# The child's dated records a page may show (its timeline): each masked by _masked_record.
_DATED_LISTS = ("events", "care", "pairings", "learning_plans", "individual_plans",
                "key_support_history", "status_history", "incidents")
# Free text a masked page leaves off wherever it stands, as the card's notes are.
_LEFT_OFF = frozenset({"note"})


def _masked_record(record: Any) -> Any:
    """A dated record as a masked page shows it: its notes left off; an illness said only to
    be there (the card's 患病情况 reads 有), its details left off; a census check's changes
    masked field by field; in every other text (what was found on a visit, a contact's
    notes, a plan's goals, a reason) a phone or an ID number masked wherever it stands; the
    records it lists (a plan's checks, an incident's steps) alike. The record itself when
    nothing needs a mask. (An individual case's plan is never shown on a masked page.)"""
    update: dict[str, Any] = {}
    for name, value in record:
        if name in _LEFT_OFF:
            if value is not None:
                update[name] = None
        elif isinstance(value, str):
            if (shown := _in_text(value)) != value:
                update[name] = shown
        elif isinstance(value, list) and value:
            items = [_masked_record(item) if isinstance(item, BaseModel)
                     else _in_text(item) if isinstance(item, str) else item for item in value]
            if items != value:
                update[name] = items
    if isinstance(record, CensusCheck) and record.changes:
        update["changes"] = masked_changes(record.changes)
    if isinstance(record, Illness):
        update.update(what=masked_text(record.what, "presence"), treatment=None, outcome=None)
    return record.model_copy(update=update) if update else record


def _in_text(text: str) -> str:
    """`text` with every phone and ID number in it masked."""
    return _PHONE_OR_ID.sub(_masked_token, text)


# A census check keeps what it changed as text, the values before and after included
# ("监护人电话 13912345678 → 13987654321", ops/census.py, ops/roster.py).
_CHANGE = re.compile(r"^(\S+) (.*) → (.*)$")
# What free text may hold: a mobile (138-1234-5678 and 138 1234 5678 too), a landline with
# its area code, an ID number.
_PHONE_OR_ID = re.compile(r"(?<![0-9])(1[3-9][0-9](?:[- ]?[0-9]{4}){2}|0[1-9][0-9]{1,2}-[0-9]{7,8}"
                          r"|[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")


def masked_changes(changes: list[str]) -> list[str]:
    """A census check's changes as a masked page shows them: a field's values masked as the
    field is (a change of a field left off is left off); in any other, a mobile or an ID
    number masked wherever it stands."""
    shown = []
    for change in changes:
        found = _CHANGE.match(change)
        mask = _masks().get(found.group(1), "plain") if found else "plain"
        if mask is None:
            continue
        if found is not None and mask != "plain":
            before, after = (part if part in ("无", "") else masked_text(part, mask)
                             for part in found.group(2, 3))
            change = f"{found.group(1)} {before} → {after}"
        shown.append(_in_text(change))
    return shown


def _masked_token(found: re.Match[str]) -> str:
    token = found.group(1)
    if token[0] == "0":
        return masked_text(token, "phone")  # a landline: its area code kept
    digits = token.replace("-", "").replace(" ", "")
    return masked_text(digits, "phone" if len(digits) == 11 else "id")


@cache
def _masks() -> dict[str, Mask | None]:
    """Each field's mask by the name a change is written under: its label. (A roster writes
    its column's name, the label but for 监护人关系, which is plain.)"""
    return {field.zh: mask_of(field) for field in CHILD_FIELDS}
