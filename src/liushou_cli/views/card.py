"""Records -> plain rows and card sections, ready for any renderer (table, json, csv).

Row keys are stable English names (the json/csv contract); values are stored values,
translated only by the renderer for the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from liushou_cli.core.model import Activity, Child, Parent, Staff
from liushou_cli.i18n import label, show, t
from liushou_cli.views.section import CardSection, card_lines
from liushou_cli.views.support import support_lines, support_timeline
from liushou_cli.views.timeline import timeline_lines

CHILD_COLUMNS = ("id", "name", "gender", "class", "age", "left_behind_type", "guardian",
                 "guardian_phone", "key_support", "proxy_parent_name", "status")
STAFF_COLUMNS = ("id", "name", "phone", "roles", "leads", "teaches", "subjects")


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def child_row(child: Child, today: date, staff_names: dict[str, str]) -> dict[str, Any]:
    """One line of `child list`; the keys are the json/csv contract."""
    guardian = child.guardian
    return {
        "id": child.id,
        "student_no": child.student_no,
        "name": child.name,
        "gender": child.gender,
        "class": child.class_name,
        "birth_date": child.birth_date.isoformat() if child.birth_date else None,
        "age": age_on(child.birth_date, today),
        "left_behind_type": child.left_behind_type,
        "guardian": _guardian_text(child),
        "guardian_name": guardian.name if guardian else None,
        "guardian_relation": guardian.relation if guardian else None,
        "guardian_phone": guardian.phone if guardian else None,
        "key_support": child.key_support,
        "proxy_parent": child.proxy_parent,
        "proxy_parent_name": staff_names.get(child.proxy_parent or "", child.proxy_parent),
        "status": child.status,
    }


def _guardian_text(child: Child) -> str | None:
    guardian = child.guardian
    if guardian is None or guardian.name is None:
        return None
    if guardian.relation is None:
        return guardian.name
    return t("name_with_relation", name=guardian.name, relation=show(guardian.relation))


def staff_row(member: Staff) -> dict[str, Any]:
    return {
        "id": member.id, "name": member.name, "phone": member.phone,
        "roles": list(member.roles), "leads": list(member.leads),
        "teaches": list(member.teaches), "subjects": list(member.subjects),
    }


def _parent_lines(parent: Parent | None, who: str) -> list[tuple[str, str]]:
    if parent is None:
        return []
    place = " ".join(part for part in (parent.work_province, parent.work_city) if part)
    return card_lines([
        (label(f"{who}.name"), parent.name),
        (label(f"{who}.phone"), parent.phone),
        (label(f"{who}.birth_date"), parent.birth_date),
        (label(f"{who}.id_number"), parent.id_number),
        (t("work_place"), place or None),
        (label(f"{who}.work_unit"), parent.work_unit),
        (label(f"{who}.work_address"), parent.work_address),
        (label(f"{who}.work_phone"), parent.work_phone),
        (label(f"{who}.note"), parent.note),
    ])


def contact_card(child: Child, staff: list[Staff], today: date,
                 activities: Sequence[Activity] = (), sensitive: bool = False) -> list[CardSection]:
    """The contact card (联系卡) as a teacher would print it, section by section, and the
    child's timeline of visits, talks, contacts, pairings, plans, care and activities
    (individual plans' content only if `sensitive`)."""
    class_teachers = [member for member in staff if child.class_name in member.leads]
    proxy = next((member for member in staff if member.id == child.proxy_parent), None)
    age = age_on(child.birth_date, today)
    disability = child.disability
    sections = [
        CardSection(t("sec_child"), card_lines([
            (label("name"), child.name),
            (label("id"), child.id),
            (label("student_no"), child.student_no),
            (label("gender"), child.gender),
            (label("ethnicity"), child.ethnicity),
            (label("birth_date"), t("date_with_age", date=child.birth_date, age=age)
             if child.birth_date else None),
            (label("id_number"), child.id_number),
            (label("class"), child.class_name),
            (t("class_teacher"), t("list_sep").join(f"{m.name} {m.phone or ''}".strip()
                                                     for m in class_teachers) or None),
            (label("hukou"), child.hukou),
            (label("residence"), child.residence),
            (label("boarding"), child.boarding),
            (label("health"), child.health),
            (label("disability"), f"{show(disability.category)} {show(disability.grade)}".strip()
             if disability else None),
            (label("illness"), child.illness),
            (label("academic_level"), child.academic_level),
        ])),
        CardSection(t("sec_care"), card_lines([
            (label("left_behind_type"), child.left_behind_type),
            (label("left_behind_since"), child.left_behind_since),
            (label("guardianship"), child.guardianship),
            (label("key_support"), child.key_support),
            (label("proxy_parent"), f"{proxy.name} {proxy.phone or ''}".strip() if proxy
             else child.proxy_parent),
        ])),
        CardSection(t("sec_support"), support_lines(child, staff, today)),
        CardSection(t("sec_father"), _parent_lines(child.father, "father")),
        CardSection(t("sec_mother"), _parent_lines(child.mother, "mother")),
    ]
    guardian = child.guardian
    if guardian is not None:
        sections.append(CardSection(t("sec_guardian"), card_lines([
            (label("guardian.name"), guardian.name),
            (label("guardian.relation"), guardian.relation),
            (label("guardian.age"), guardian.age or age_on(guardian.birth_date, today)),
            (label("guardian.occupation"), guardian.occupation),
            (label("guardian.health"), guardian.health),
            (label("guardian.phone"), guardian.phone),
            (label("guardian.id_number"), guardian.id_number),
            (label("guardian.address"), guardian.address),
            (label("guardian.note"), guardian.note),
        ])))
    sections.append(CardSection(t("sec_family"), card_lines([
        (label("economic_sources"), child.economic_sources),
        (label("assistance"), child.assistance),
        (label("note"), child.note),
    ])))
    sections.append(CardSection(t("sec_status"), card_lines([
        (label("status"), child.status),
        (label("status_date"), child.status_date),
        (label("status_reason"), child.status_reason),
        (label("recorded_on"), child.recorded_on),
    ])))
    names = {member.id: member.name for member in staff}
    lines = timeline_lines(child.events, names) + [
        (day.isoformat(), text) for day, text in support_timeline(child, activities, names,
                                                                    sensitive)]
    lines.sort(key=lambda line: line[0], reverse=True)  # stable: same day, entries first
    sections.append(CardSection(t("sec_timeline"), lines))
    return [section for section in sections if section.lines]


def child_record(child: Child) -> dict[str, Any]:
    """The whole record as json-ready data, keys as in the file."""
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
