"""The teachers' pages and the children's: a teacher's children, what they owe (the rows of
`report --overdue --due-within 14 --by` them) and what they did this term (their visits,
talks and contacts, as `visit list` rows them); a child's contact card and timeline as
`child show` makes them, masked as `export` masks unless --full, individual education plans
left out, and the child's rows of the day."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from liushou_cli.core.model import Child, Staff
from liushou_cli.duties.rows import DutyRow, overdue_rows
from liushou_cli.reports.export import masked_child
from liushou_cli.site.school import DUE_SOON_DAYS, Site, responsible_ids
from liushou_cli.views.card import child_row, contact_card
from liushou_cli.views.section import CardSection
from liushou_cli.views.timeline import entry_row


@dataclass
class TeacherPage:
    member: Staff
    children: list[dict[str, Any]] = field(default_factory=list)  # `child list` rows
    owes: list[DutyRow] = field(default_factory=list)
    done: list[dict[str, Any]] = field(default_factory=list)  # `visit list` rows, newest first
    done_by_type: dict[str, int] = field(default_factory=dict)

    @property
    def overdue(self) -> int:
        return sum(row["days_overdue"] > 0 for row in self.owes)


def shown(site: Site, child: Child) -> Child:
    """The record as the dashboard may show it: masked unless --full."""
    return child if site.full else masked_child(child)


def teacher_pages(site: Site) -> list[TeacherPage]:
    """One page per staff member, in staff.yaml's order."""
    pages = {member.id: TeacherPage(member) for member in site.staff}
    for row in overdue_rows(site.rows, due_within=DUE_SOON_DAYS):
        for staff_id in responsible_ids(row):
            if staff_id in pages:
                pages[staff_id].owes.append(row)
    leaders: dict[str, list[str]] = defaultdict(list)
    for member in site.staff:
        for klass in member.leads:
            leaders[klass].append(member.id)
    names = site.names
    term = site.term
    for item in site.items:
        child = item.child
        if not child.active:
            continue
        listed = child_row(shown(site, child), site.day, names)
        for staff_id in {*leaders.get(child.class_name, ()), child.proxy_parent or ""}:
            if staff_id in pages:
                pages[staff_id].children.append(listed)
        if term is None:
            continue
        for entry in child.events:
            if term.start <= entry.date <= site.day:
                for staff_id in entry.by:
                    if staff_id in pages:
                        pages[staff_id].done.append(entry_row(entry, item, names))
    for page in pages.values():
        page.done.sort(key=lambda row: (row["date"], row["child_id"]), reverse=True)
        page.done_by_type = dict(Counter(row["type"] for row in page.done))
    return list(pages.values())


@dataclass
class ChildPage:
    child: Child  # as shown (masked unless --full)
    card: list[CardSection]
    rows: list[DutyRow]  # the child's overdue and due-soon rows


def child_pages(site: Site) -> Iterator[ChildPage]:
    """One page per child on record, made as it is asked for (a county has 20,000)."""
    rows: dict[str | None, list[DutyRow]] = defaultdict(list)
    for row in overdue_rows(site.rows, due_within=DUE_SOON_DAYS):
        rows[row["child_id"]].append(row)
    for item in site.items:
        child = item.child
        if not child.active:
            continue
        record = shown(site, child)
        yield ChildPage(record, contact_card(record, site.staff, site.day, site.activities,
                                             sensitive=False), rows.get(child.id, []))
