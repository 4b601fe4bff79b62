"""What a proxy parent must know of a child (三知: the child, the guardian, the parents away)
and the child's card lacks: read by `check` (a warning each) and by `report --incomplete`
and `--caseload` (the gaps), which need nothing else of the check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from liushou_cli.core.fields import PARENTS, PARENTS_AWAY, SANZHI_GROUPS, in_sanzhi, value_of

if TYPE_CHECKING:
    from liushou_cli.core.model import Child


def sanzhi_gaps(child: Child) -> dict[str, list[str]]:
    """What a proxy parent must know (三知) and the card lacks: message key -> field paths.

    The facts are the table of fields' (core/fields.py), by group; a parent's count only
    while that parent is away. A child with no parent away needs one parent's phone, either
    one's (asked for as the father's)."""
    away = PARENTS_AWAY[child.left_behind_type]  # every left-behind type has its entry
    gaps: dict[str, list[str]] = {}
    for group in SANZHI_GROUPS:
        missing = [field.path for field, fact in in_sanzhi(group)
                   if (field.person not in PARENTS or field.person in away)
                   and value_of(child, field.path) is None
                   and (fact.also is None or value_of(child, fact.also) is None)]
        if group == "parents" and not away and not any(
                value_of(child, f"{who}.phone") for who in PARENTS):
            missing.append("father.phone")
        if missing:
            gaps[f"sanzhi_{group}"] = missing
    return gaps
