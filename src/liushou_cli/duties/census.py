"""Which children a term's census covers, and whether each has been checked: the facts the
census duty (duties.rows.census_rows) and the term's figures are counted from."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from liushou_cli.core.model import CensusCheck, Child, Term
from liushou_cli.store.cachecodec import register


@register
class CensusFact(NamedTuple):
    """A child this term's census covers, and whether it has been checked."""

    child_id: str
    name: str
    klass: str
    checked: bool


def checked_in(child: Child, term: Term) -> bool:
    """Has the child been checked this term? A child first recorded during the term was
    recorded with what the teacher found then, which counts as its check."""
    if child.recorded_on is not None and child.recorded_on >= term.start:
        return True
    return any(isinstance(entry, CensusCheck) and entry.term == term.name
               for entry in child.events)


def in_census(child: Child, term: Term, as_of: date) -> bool:
    """Is the child one the census of `term` covers? Every active child recorded by then;
    a child who has left only if this census checked it (and found it gone)."""
    if not child.active:
        return any(isinstance(entry, CensusCheck) and entry.term == term.name
                   for entry in child.events)
    return child.recorded_on is None or child.recorded_on <= max(as_of, term.start)
