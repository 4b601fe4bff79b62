"""The teachers' pages and the children's: a teacher's children (those `report --caseload`
counts for them that day), what they owe (the rows of `report --overdue --due-within 14
--by` them) and what they did this term (their visits, talks, contacts and census checks,
for any child, as `visit list` rows them); a child's contact card and timeline as `child
show` makes them, masked as `export` masks unless --full, individual education plans left
out, and the child's rows of the day."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from liushou_cli.duties.rows import DutyRow, overdue_rows
from liushou_cli.duties.rules import on_record
from liushou_cli.forms.masking import masked_child
from liushou_cli.reports.support import carriers, child_roles
from liushou_cli.site.school import DUE_SOON_DAYS, Site, responsible_ids
from liushou_cli.store.read import LoadedChild
from liushou_cli.views.card import child_row, contact_card
from liushou_cli.views.section import CardSection
from liushou_cli.views.timeline import entry_row

if TYPE_CHECKING:
    from liushou_cli.core.model import Activity, Child, Staff

# A row for a teacher's page: the staff id, whether it is a thing done (a `visit list` row)
# rather than a child of theirs (a `child list` row), and the row.
TeacherLine = tuple[str, bool, dict[str, Any]]


@dataclass
class TeacherPage:
    member: Staff
    children: list[dict[str, Any]] = field(default_factory=list)  # `child list` rows
    owes: list[DutyRow] = field(default_factory=list)
    # `visit list` rows, newest first, each with `has_page` (whether the child has a page)
    done: list[dict[str, Any]] = field(default_factory=list)
    done_by_type: dict[str, int] = field(default_factory=dict)

    @property
    def overdue(self) -> int:
        return sum(row["days_overdue"] > 0 for row in self.owes)


def shown(site: Site, child: Child) -> Child:
    """The record as the dashboard may show it: masked as a printed card is (the export's
    masks, work phones and addresses, no notes) unless --full."""
    return child if site.full else masked_child(child)


class Teachers:
    """The teachers' pages, filled child by child as the children's pages are made (one pass
    over a county's 20,000 records: `lines_of`, then `take`), then `pages()`: one per staff
    member, in staff.yaml's order."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.by_id = {member.id: TeacherPage(member) for member in site.staff}
        for row in overdue_rows(site.rows, due_within=DUE_SOON_DAYS):
            for staff_id in responsible_ids(row):
                if staff_id in self.by_id:
                    self.by_id[staff_id].owes.append(row)
        self.leaders: dict[str, list[str]] = defaultdict(list)
        for member in site.staff:
            for klass in member.leads:
                self.leaders[klass].append(member.id)
        self.names = site.names

    def lines_of(self, item: LoadedChild, page: ChildPage | None) -> list[TeacherLine]:
        """What a child adds to the teachers' pages: while on the books (it has a `page`), a
        row on the lists of the teachers `report --caseload` counts it for that day
        (reports.support.carriers); on the record or not, its entries of this term up to the
        day on their authors' pages, as `visit list --by` lists them (`has_page`: whether its
        name may link to its page). Worked out where the child's page is made (in a worker
        too) and taken (`take`) in the children's order."""
        site, child = self.site, item.child
        lines: list[TeacherLine] = []
        roles = child_roles(child, site.day)
        if roles is not None and page is not None:
            listed = child_row(page.child, site.day, self.names)
            for staff_id in carriers(roles, self.leaders):
                if staff_id in self.by_id:
                    lines.append((staff_id, False, listed))
        term = site.term
        if term is None:
            return lines
        for entry in child.events:
            if term.start <= entry.date <= site.day:
                for staff_id in entry.by:
                    if staff_id in self.by_id:
                        lines.append((staff_id, True, {**entry_row(entry, item, self.names),
                                                       "has_page": page is not None}))
        return lines

    def take(self, lines: Iterable[TeacherLine]) -> None:
        for staff_id, done, row in lines:
            page = self.by_id[staff_id]
            (page.done if done else page.children).append(row)

    def pages(self) -> list[TeacherPage]:
        for page in self.by_id.values():
            page.done.sort(key=lambda row: (row["date"], row["child_id"]), reverse=True)
            page.done_by_type = dict(Counter(row["type"] for row in page.done))
        return list(self.by_id.values())


@dataclass
class ChildPage:
    child: Child  # as shown (masked unless --full)
    card: list[CardSection]
    rows: list[DutyRow]  # the child's overdue and due-soon rows


_STRINGS = re.compile(r'"([^"\\]*)"')


class Directory:
    """What one child's card needs of the school, found once for all: the card looks through
    the whole staff list (a class's teachers, the names of the people its record names) and
    every activity, which for 20,000 children, 3,000 staff and 1,000 activities is some 100
    million steps. A card given only the staff its record names (and its class's teachers)
    and the activities it took part in reads the same, in a few steps."""

    def __init__(self, staff: Sequence[Staff], activities: Sequence[Activity]) -> None:
        self.staff = list(staff)
        self.place = {member.id: index for index, member in enumerate(self.staff)}
        self.leaders: dict[str, set[int]] = defaultdict(set)
        for index, member in enumerate(self.staff):
            for klass in member.leads:
                self.leaders[klass].add(index)
        # Each activity as the child's card sees it: its lists of children and guardians cut
        # to the child alone (the timeline asks only whether the child is in them, and
        # a whole school's activity lists 10,000 children).
        self.activities: dict[str, list[Activity]] = defaultdict(list)
        for activity in activities:
            children, guardians = set(activity.children), set(activity.guardians)
            for child_id in dict.fromkeys([*activity.children, *activity.guardians]):
                self.activities[child_id].append(activity.model_copy(update={
                    "children": [child_id] if child_id in children else [],
                    "guardians": [child_id] if child_id in guardians else []}))

    def staff_for(self, child: Child) -> list[Staff]:
        """The class's teachers and every staff member whose id the record holds, in
        staff.yaml's order (the order the card lists them in)."""
        named = {self.place[text] for text in _STRINGS.findall(child.model_dump_json())
                 if text in self.place}
        return [self.staff[index] for index in sorted(named | self.leaders.get(child.class_name, set()))]

    def activities_of(self, child: Child) -> list[Activity]:
        return self.activities.get(child.id, [])


class ChildPages:
    """What the children's pages need of the school, found once (before any worker starts):
    the rows of the day by child, and the directory of staff and activities."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.rows: dict[str | None, list[DutyRow]] = defaultdict(list)
        for row in overdue_rows(site.rows, due_within=DUE_SOON_DAYS):
            self.rows[row["child_id"]].append(row)
        self.directory = Directory(site.staff, site.activities)

    def page(self, item: LoadedChild) -> ChildPage | None:
        """The child's page, or None for a child not on the books on the site's day
        (duties.rules.on_record: one who left later was, one away then was not)."""
        child = item.child
        if not on_record(child, self.site.day):
            return None
        record = shown(self.site, child)
        directory = self.directory
        return ChildPage(record, contact_card(record, directory.staff_for(child), self.site.day,
                                              directory.activities_of(child), sensitive=False),
                         self.rows.get(child.id, []))

