"""Records -> plain rows and card sections, ready for any renderer (table, json, csv).

Row keys are stable English names (the json/csv contract); values are stored values,
translated only by the renderer for the table.

`child list` reads each child's listing facts from the cache (ListFacts: the stored values a
row shows, in no language and for no day, derived as the folder loads by `LIST_FACTS`), and
makes its row from them (`listing_row`: the age on the day, the proxy parent's name, the
guardian in the output language), so that an unchanged folder is listed without building a
single record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from liushou_cli.core.fields import Section, on_card, value_of
from liushou_cli.core.recordfacts import facts_dump, is_facts
from liushou_cli.i18n import label, show, t
from liushou_cli.store.cachecodec import register
from liushou_cli.views.section import CardSection, card_lines
from liushou_cli.views.support import support_lines, support_timeline
from liushou_cli.views.timeline import timeline_lines

if TYPE_CHECKING:
    from liushou_cli.core.model import Activity, Child, Staff

CHILD_COLUMNS = ("id", "name", "gender", "class", "age", "left_behind_type", "guardian",
                 "guardian_phone", "key_support", "proxy_parent_name", "status")
STAFF_COLUMNS = ("id", "name", "phone", "roles", "leads", "teaches", "subjects")
# The columns a narrow screen gives up, first to last: the id, name and class always stay.
CHILD_DROP = ("status", "age", "proxy_parent_name", "gender", "left_behind_type", "guardian",
              "key_support", "guardian_phone")
STAFF_DROP = ("subjects", "roles", "teaches", "leads", "phone")


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@register
class ListFacts(NamedTuple):
    """What `child list` shows and filters of one child, as stored: in no language, for no
    day and no staff (the age, the guardian's words and the proxy parent's name are made
    from them when the row is)."""

    id: str
    student_no: str | None
    name: str
    gender: str
    klass: str
    birth_date: str | None  # ISO (as the row shows it): a date would cost the index a tag
    left_behind_type: str
    guardian_name: str | None
    guardian_relation: str | None
    guardian_phone: str | None
    key_support: bool
    proxy_parent: str | None
    status: str


def list_facts(child: Child) -> ListFacts:
    guardian = child.guardian
    birth = child.birth_date
    return ListFacts(child.id, child.student_no, child.name, child.gender, child.class_name,
                     birth.isoformat() if birth else None, child.left_behind_type,
                     guardian.name if guardian else None,
                     guardian.relation if guardian else None,
                     guardian.phone if guardian else None,
                     child.key_support, child.proxy_parent, child.status)


class ListDerivation:
    """The derivation of a child's ListFacts as the folder loads (store.read.load_dataset),
    kept with its file under `list:`. They depend on nothing but the file, so a new day or
    a changed staff.yaml keeps them; the key names only their version (raised when what
    ListFacts holds changes)."""

    key = "list:1"
    snapshot_key = key  # the folder's facts in one file too (store.snapshot)

    def __call__(self, child: Child, path: Path | None = None) -> ListFacts:
        return list_facts(child)


LIST_FACTS = ListDerivation()


def child_row(child: Child, today: date, staff_names: dict[str, str]) -> dict[str, Any]:
    """One line of `child list`; the keys are the json/csv contract."""
    return listing_row(list_facts(child), today, staff_names)


def listing_row(facts: ListFacts, today: date, staff_names: dict[str, str]) -> dict[str, Any]:
    """One line of `child list` from the child's facts: its age on `today`, its proxy
    parent's name from `staff_names`, its guardian in the output language."""
    return {
        "id": facts.id,
        "student_no": facts.student_no,
        "name": facts.name,
        "gender": facts.gender,
        "class": facts.klass,
        "birth_date": facts.birth_date,
        "age": age_on(date.fromisoformat(facts.birth_date) if facts.birth_date else None,
                      today),
        "left_behind_type": facts.left_behind_type,
        "guardian": _guardian_text(facts.guardian_name, facts.guardian_relation),
        "guardian_name": facts.guardian_name,
        "guardian_relation": facts.guardian_relation,
        "guardian_phone": facts.guardian_phone,
        "key_support": facts.key_support,
        "proxy_parent": facts.proxy_parent,
        "proxy_parent_name": staff_names.get(facts.proxy_parent or "", facts.proxy_parent),
        "status": facts.status,
    }


def _guardian_text(name: str | None, relation: str | None) -> str | None:
    if name is None:
        return None
    if relation is None:
        return name
    return t("name_with_relation", name=name, relation=show(relation))


def staff_row(member: Staff) -> dict[str, Any]:
    return {
        "id": member.id, "name": member.name, "phone": member.phone,
        "roles": list(member.roles), "leads": list(member.leads),
        "teaches": list(member.teaches), "subjects": list(member.subjects),
    }


# The card's sections in order: the table of fields (core/fields.py) says which field goes in
# which section and where; the support section is the support system's lines, not fields.
CARD_SECTIONS: tuple[Section | Literal["support"], ...] = (
    "child", "care", "support", "father", "mother", "guardian", "family", "status")
Lines = list[tuple[str, Any]]
Shown = Callable[["Child", Sequence["Staff"], date], Lines]


def _birth_date(child: Child, staff: Sequence[Staff], today: date) -> Lines:
    birth = child.birth_date
    return [(label("birth_date"), t("date_with_age", date=birth, age=age_on(birth, today))
             if birth else None)]


def _class(child: Child, staff: Sequence[Staff], today: date) -> Lines:
    """The class, and its class teachers after it."""
    teachers = [member for member in staff if child.class_name in member.leads]
    return [(label("class"), child.class_name),
            (t("class_teacher"), t("list_sep").join(f"{m.name} {m.phone or ''}".strip()
                                                     for m in teachers) or None)]


def _disability(child: Child, staff: Sequence[Staff], today: date) -> Lines:
    disability = child.disability
    return [(label("disability"), f"{show(disability.category)} {show(disability.grade)}".strip()
             if disability else None)]


def _work_place(who: str) -> Shown:
    def lines(child: Child, staff: Sequence[Staff], today: date) -> Lines:
        parent = getattr(child, who)
        if parent is None:
            return []
        place = " ".join(part for part in (parent.work_province, parent.work_city) if part)
        return [(t("work_place"), place or None)]
    return lines


def _guardian_age(child: Child, staff: Sequence[Staff], today: date) -> Lines:
    guardian = child.guardian
    if guardian is None:
        return []
    return [(label("guardian.age"), guardian.age or age_on(guardian.birth_date, today))]


def _proxy_parent(child: Child, staff: Sequence[Staff], today: date) -> Lines:
    proxy = next((member for member in staff if member.id == child.proxy_parent), None)
    return [(label("proxy_parent"), f"{proxy.name} {proxy.phone or ''}".strip() if proxy
             else child.proxy_parent)]


# The fields not shown as their label and value: with what they need besides (the age, the
# staff), or two fields as one line (the disability's category with its grade, a parent's
# work province with the city).
_SHOWN_AS: dict[str, Shown] = {
    "birth_date": _birth_date,
    "class": _class,
    "disability.category": _disability,
    "father.work_province": _work_place("father"),
    "mother.work_province": _work_place("mother"),
    "guardian.age": _guardian_age,
    "proxy_parent": _proxy_parent,
}


def _section_lines(child: Child, section: Section, staff: Sequence[Staff], today: date) -> Lines:
    lines: Lines = []
    for field in on_card(section):
        shown = _SHOWN_AS.get(field.path)
        lines += (shown(child, staff, today) if shown
                  else [(label(field.path), value_of(child, field.path))])
    return lines


def contact_card(child: Child, staff: list[Staff], today: date,
                 activities: Sequence[Activity] = (), sensitive: bool = False) -> list[CardSection]:
    """The contact card (联系卡) as a teacher would print it, section by section, and the
    child's timeline of visits, talks, contacts, pairings, plans, care and activities
    (individual plans' content only if `sensitive`)."""
    sections = []
    for section in CARD_SECTIONS:
        lines = (support_lines(child, staff, today) if section == "support"
                 else card_lines(_section_lines(child, section, staff, today)))
        sections.append(CardSection(t(f"sec_{section}"), lines))
    names = {member.id: member.name for member in staff}
    timeline = timeline_lines(child.events, names) + [
        (day.isoformat(), text) for day, text in support_timeline(child, activities, names,
                                                                    sensitive)]
    timeline.sort(key=lambda line: line[0], reverse=True)  # stable: same day, entries first
    sections.append(CardSection(t("sec_timeline"), timeline))
    return [section for section in sections if section.lines]


def child_record(child: Child) -> dict[str, Any]:
    """The whole record as json-ready data, keys as in the file (of the model, or of the
    facts the cache gave in its place: core.recordfacts)."""
    if is_facts(child):
        return facts_dump(child)
    return child.model_dump(mode="json", by_alias=True, exclude_none=True)


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{'father': {'phone': x}} -> {'father.phone': x}, lists joined, for csv."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
