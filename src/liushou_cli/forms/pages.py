"""What each printed page holds, as plain data the templates lay out: the contact card
(联系卡) of a child, and the record forms of a home visit (家访记录表) and of a talk
(谈心记录表), pre-filled with what the file knows.

The card is the card of `child show` (views/card.py, its sections from the table of fields),
without the timeline, and with the 三知 facts a proxy parent must know (reports/check.py's
gaps). A form's "open concerns" are what is waiting for the teacher: the follow-ups the
latest visit and talk wrote down, care follow-ups not yet done, open learning plans, and the
三知 facts the card still lacks. Everything shown is in the output language; the record
comes in already masked when the page is (forms/masking.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from liushou_cli.core.fields import SANZHI_GROUPS
from liushou_cli.core.model import Talk, Visit
from liushou_cli.core.support import open_plans, proxy_parent_on
from liushou_cli.i18n import label, show, t
from liushou_cli.i18n.kinds import care_kind
from liushou_cli.render.fit import text_width
from liushou_cli.reports.sanzhi import sanzhi_gaps
from liushou_cli.views.card import contact_card

if TYPE_CHECKING:
    from liushou_cli.core.model import Child, Entry, Staff

FormKind = Literal["visit", "talk"]
# A value wider than this (in columns, a Chinese character being two) takes a whole row of
# the card's table instead of half of one.
_HALF_ROW = 30
# The kinds of home visit a teacher ticks on the form (core/model.py's VisitKind).
VISIT_KINDS = ("家访", "电话家访", "视频家访", "到校来访")


@dataclass(frozen=True)
class Cell:
    """One label and its value; `wide` ones take a row of their own."""

    label: str
    value: str
    wide: bool = False


@dataclass(frozen=True)
class Block:
    """A titled part of a page: its rows, each one wide cell or up to two half ones."""

    title: str
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Fact:
    """A 三知 group on the card: known, or which of its facts are missing."""

    group: str
    known: bool
    missing: str


@dataclass(frozen=True)
class CardPage:
    name: str
    klass: str
    blocks: list[Block]
    sanzhi: list[Fact]


@dataclass(frozen=True)
class Blank:
    """A space the teacher writes in: its label and how many lines it spans."""

    label: str
    lines: int


@dataclass(frozen=True)
class FormPage:
    kind: FormKind
    name: str
    klass: str
    known: Block
    concerns: list[str]
    choices: list[str]  # the boxes to tick (the kind of visit); none for a talk
    blanks: list[Blank]


def rows_of(cells: Sequence[Cell]) -> list[list[Cell]]:
    """Cells two to a row, a wide one alone, in their order but for this: a half cell left
    alone before a wide one is joined by the next half cell, so the wide row comes after
    them both (a page has no room for half-empty rows)."""
    rows: list[list[Cell]] = []
    waiting: list[Cell] | None = None  # a row of one half cell, waiting for a second
    for cell in cells:
        if cell.wide:
            rows.append([cell])
        elif waiting is not None:
            waiting.append(cell)
            waiting = None
        else:
            waiting = [cell]
            rows.append(waiting)
    return rows


def _cell(name: str, value: str) -> Cell:
    return Cell(name, value, text_width(value) > _HALF_ROW)


def card_page(child: Child, staff: list[Staff], today: date) -> CardPage:
    """The contact card of `child` (masked or not, as it comes)."""
    sections = contact_card(child, staff, today)
    timeline = t("sec_timeline")
    blocks = [Block(section.title, rows_of([_cell(name, value) for name, value in section.lines]))
              for section in sections if section.title != timeline]
    gaps = sanzhi_gaps(child)
    facts = [Fact(t(f"print_sanzhi_{group}"), f"sanzhi_{group}" not in gaps,
                  t("list_sep").join(label(path) for path in gaps.get(f"sanzhi_{group}", [])))
             for group in SANZHI_GROUPS]
    return CardPage(child.name, child.class_name, blocks, facts)


def _latest(events: Sequence[Entry], kind: type[Visit] | type[Talk]) -> Visit | Talk | None:
    found = [entry for entry in events if isinstance(entry, kind)]
    return max(found, key=lambda entry: entry.date) if found else None


def _person(name: str | None, relation: str | None) -> str:
    if name is None:
        return ""
    return t("name_with_relation", name=name, relation=show(relation)) if relation else name


def _parent_line(child: Child, who: str) -> str:
    parent = getattr(child, who)
    if parent is None:
        return ""
    place = " ".join(part for part in (parent.work_province, parent.work_city) if part)
    return t("list_sep").join(part for part in (parent.name, place, parent.phone) if part)


def _entry_line(entry: Visit | Talk | None, names: dict[str, str]) -> str:
    if entry is None:
        return t("never")
    who = "、".join(names.get(staff_id, staff_id) for staff_id in entry.by)
    head = f"{entry.date.isoformat()} {show(entry.type)} · {who}"
    said = entry.found if isinstance(entry, Visit) else entry.topic
    return t("tl_said", head=head, text=said) if said else head


def concerns_of(child: Child, staff: Sequence[Staff], today: date) -> list[str]:
    """What is waiting for the teacher, one line each (see the module's docstring)."""
    names = {member.id: member.name for member in staff}
    found = []
    for kind in (Visit, Talk):
        entry = _latest(child.events, kind)
        if entry is not None and entry.follow_up:
            found.append(t("print_concern_follow_up", date=entry.date.isoformat(),
                           kind=show(entry.type), text=entry.follow_up))
    found += [t("print_concern_care", kind=care_kind(record.type),
                date=record.follow_up_on.isoformat())
              for record in child.care
              if record.follow_up_on is not None and record.followed_up is None]
    found += [t("print_concern_plan", subject=plan.subject,
                teacher=names.get(plan.teacher, plan.teacher))
              for plan in open_plans(child, today)]
    for key, paths in sanzhi_gaps(child).items():
        found.append(t("print_concern_sanzhi", group=t("print_" + key),
                       missing=t("list_sep").join(label(path) for path in paths)))
    return found


def form_page(kind: FormKind, child: Child, staff: list[Staff], today: date) -> FormPage:
    """The visit or talk form of `child`, pre-filled."""
    names = {member.id: member.name for member in staff}
    guardian = child.guardian
    teachers = [member.name for member in staff if child.class_name in member.leads]
    proxy = proxy_parent_on(child, today)
    cells = [
        _cell(label("name"), child.name), _cell(label("class"), child.class_name),
        _cell(label("left_behind_type"), show(child.left_behind_type)),
        _cell(label("key_support"), show(child.key_support)),
        _cell(t("print_guardian"), _person(guardian.name if guardian else None,
                                           guardian.relation if guardian else None)),
        _cell(label("guardian.phone"), (guardian.phone if guardian else None) or ""),
        _cell(t("print_address"), child.residence or (guardian.address if guardian else None)
              or ""),
        _cell(label("father"), _parent_line(child, "father")),
        _cell(label("mother"), _parent_line(child, "mother")),
        _cell(t("class_teacher"), "、".join(teachers)),
        _cell(label("proxy_parent"), names.get(proxy, proxy) if proxy else ""),
        Cell(t("print_last_visit"), _entry_line(_latest(child.events, Visit), names), True),
    ]
    if kind == "talk":
        cells.append(Cell(t("print_last_talk"), _entry_line(_latest(child.events, Talk), names),
                          True))
    known = Block(t("print_known"), rows_of([cell for cell in cells if cell.value]))
    if kind == "visit":
        blanks = [Blank(label("date"), 1), Blank(t("print_visitors"), 1), Blank(label("met"), 1),
                  Blank(label("found"), 7), Blank(t("print_sanzhi_check"), 3),
                  Blank(label("follow_up"), 4)]
        choices = [show(word) for word in VISIT_KINDS]
    else:
        blanks = [Blank(label("date"), 1), Blank(t("print_talker"), 1), Blank(label("topic"), 2),
                  Blank(label("mood"), 4), Blank(label("agreed"), 4), Blank(label("follow_up"), 4)]
        choices = []
    return FormPage(kind, child.name, child.class_name, known,
                    concerns_of(child, staff, today), choices, blanks)
