"""The table of a child's fields: one row per field of the Child model that a user sees, with
its label and every place it shows up.

A row (`ChildField`) says, for the field at a path of the child's file (`guardian.phone`):

- its label, Chinese and English (`i18n` builds its FIELD_LABELS from these);
- its column in the census roster (花名册, `ops/roster.py`), if any;
- its column in the bureau's registration form and the mask an outside reader gets
  (`reports/export.py`), if any;
- its line on the contact card: the section and the place in it (`views/card.py`);
- the census question that asks for it (`ops/census.py`, `cli/census.py`), if any;
- the 三知 group it belongs to, facts a proxy parent must know (`reports/check.py`), if any;
- whether `child edit --set` may change it (`lookup/fieldset.py`).

Each consumer takes the rows that have its part, in the order of their `at`, so a new field
is one row here and its attribute on the model. The rows are in the model's order (the order
of the file); `tests/test_child_fields.py` holds the table and the model to each other.

The father and the mother are the same record (`Parent`): their rows come from one template,
`_parent`, placed in each consumer where the person's block starts. The lists of records a
file keeps (the timeline, the support history) are not fields: each has its own commands.

Standard library only: the translation layer reads the labels, and the command line imports
it at start-up, before pydantic is loaded (docs/architecture.md, "Start-up cost").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

Section = Literal["child", "care", "father", "mother", "guardian", "family", "status"]
Mask = Literal["plain", "id", "phone", "address", "presence"]
SanzhiGroup = Literal["child", "guardian", "parents"]
# Asked of every child, or only when the parent the question is about is away.
Asked = Literal["always", "away"]

PARENTS: tuple[str, ...] = ("father", "mother")
PERSONS: tuple[str, ...] = (*PARENTS, "guardian")
# Which parents are away, by the left-behind type (留守类型).
PARENTS_AWAY: dict[str, tuple[str, ...]] = {
    "双亲外出": ("father", "mother"), "父亲外出": ("father",), "母亲外出": ("mother",),
    "其他": ()}
SANZHI_GROUPS: tuple[SanzhiGroup, ...] = ("child", "guardian", "parents")
# The lists of records in a child's file, each changed by its own commands (the timeline by
# visit/talk/contact add, the support history by assign, plan, iep, care; the conflicts a
# merge of two copies recorded, by whoever settles them): not fields.
RECORD_LISTS: tuple[str, ...] = ("conflicts", "key_support_history", "status_history", "pairings",
                                 "learning_plans", "individual_plans", "care", "incidents",
                                 "events")


@dataclass(frozen=True)
class Roster:
    """A column of the census roster: its header and its place among the columns."""

    header: str
    at: int


@dataclass(frozen=True)
class Export:
    """A column of the bureau's form: its header, its place, what a masked export shows."""

    header: str
    at: int
    mask: Mask = "plain"


@dataclass(frozen=True)
class Card:
    """A line of the contact card: its section and its place in it."""

    section: Section
    at: int


@dataclass(frozen=True)
class Ask:
    """A question of the interactive census: its place; whether it is asked when a child is
    checked (`check`) and of a child newly found (`new`), always, only when its parent is away,
    or not at all (None); whether the model's choices are offered; whether an empty answer is
    refused."""

    at: int
    check: Asked | None = None
    new: Asked | None = None
    choices: bool = False
    required: bool = False


@dataclass(frozen=True)
class Sanzhi:
    """A fact of a 三知 group; `also`, a field whose value stands in for this one's (either
    the work province or the work city tells where a parent works)."""

    group: SanzhiGroup
    also: str | None = None


@dataclass(frozen=True)
class ChildField:
    """One field of a child's file and every place it shows up (None: not there)."""

    path: str  # the keys in the file, e.g. guardian.phone
    zh: str
    en: str
    roster: Roster | None = None
    export: Export | None = None
    card: Card | None = None
    census: Ask | None = None
    sanzhi: Sanzhi | None = None
    settable: bool = True
    attribute: str | None = None  # the model's attribute, where it is not the key

    @property
    def person(self) -> str | None:
        """father, mother or guardian for a person's field, else None."""
        head, dot, _ = self.path.partition(".")
        return head if dot and head in PERSONS else None


@dataclass(frozen=True)
class Block:
    """A record inside the child's (a parent, the guardian, the disability): its label; it
    may be cleared whole (`--set father=`)."""

    key: str
    zh: str
    en: str


BLOCKS: tuple[Block, ...] = (
    Block("disability", "残疾", "Disability"),
    Block("father", "父亲", "Father"),
    Block("mother", "母亲", "Mother"),
    Block("guardian", "监护人", "Guardian"),
)


def _parent(who: Literal["father", "mother"], zh: str, en: str, *, roster: int, export: int,
            census: int) -> tuple[ChildField, ...]:
    """The fields of the father or the mother; `roster`, `export` and `census` are where the
    person's block starts among the roster's columns, the form's columns and the questions."""

    def row(key: str, key_zh: str, key_en: str, *, roster: Roster | None = None,
            export: Export | None = None, card: Card | None = None, census: Ask | None = None,
            sanzhi: Sanzhi | None = None) -> ChildField:
        return ChildField(f"{who}.{key}", zh + key_zh, f"{en} {key_en}", roster=roster,
                          export=export, card=card, census=census, sanzhi=sanzhi)

    return (
        row("name", "姓名", "name", roster=Roster(zh + "姓名", roster),
            export=Export(zh + "姓名", export), card=Card(who, 10)),
        row("birth_date", "出生日期", "birth date", export=Export(zh + "出生日期", export + 10),
            card=Card(who, 30)),
        row("id_number", "身份证号", "ID number", export=Export(zh + "身份证号", export + 20, "id"),
            card=Card(who, 40)),
        row("phone", "电话", "phone", roster=Roster(zh + "电话", roster + 10),
            export=Export(zh + "联系电话", export + 50, "phone"),
            card=Card(who, 20), census=Ask(census, check="always", new="away"),
            sanzhi=Sanzhi("parents")),
        # The card shows the work province and city as one line, 务工地点.
        row("work_province", "务工省份", "work province", roster=Roster(zh + "务工省份", roster + 20),
            export=Export(zh + "务工省份", export + 30), card=Card(who, 50),
            census=Ask(census + 10, check="away")),
        row("work_city", "务工城市", "work city", roster=Roster(zh + "务工城市", roster + 30),
            export=Export(zh + "务工城市", export + 40),
            census=Ask(census + 20, check="away", new="away"),
            sanzhi=Sanzhi("parents", also=f"{who}.work_province")),
        row("work_unit", "工作单位", "work unit", card=Card(who, 60)),
        row("work_address", "单位地址", "work address", card=Card(who, 70)),
        row("work_phone", "单位电话", "work phone", card=Card(who, 80)),
        row("note", "备注", "note", card=Card(who, 90)),
    )


# A part's `at` places the field among the others of that part (the roster's columns, the
# form's, a card section's lines, the census's questions). They go in tens, so a new field
# fits between two without renumbering; a parent's are the block's start plus the template's.
CHILD_FIELDS: tuple[ChildField, ...] = (
    ChildField("id", "编号", "ID", card=Card("child", 20), settable=False),
    ChildField("student_no", "学籍号", "Student no.", roster=Roster("学籍号", 10),
               export=Export("学籍号", 10), card=Card("child", 30)),
    ChildField("name", "姓名", "Name", roster=Roster("姓名", 20), export=Export("姓名", 40),
               card=Card("child", 10), census=Ask(10, new="always", required=True)),
    ChildField("gender", "性别", "Gender", roster=Roster("性别", 30), export=Export("性别", 50),
               card=Card("child", 40), census=Ask(20, new="always", choices=True)),
    ChildField("ethnicity", "民族", "Ethnicity", roster=Roster("民族", 70), export=Export("民族", 60),
               card=Card("child", 50)),
    ChildField("birth_date", "出生日期", "Birth date", roster=Roster("出生日期", 50),
               export=Export("出生日期", 70), card=Card("child", 60), sanzhi=Sanzhi("child")),
    ChildField("id_number", "身份证号", "ID number", roster=Roster("身份证号", 60),
               export=Export("身份证号", 80, "id"), card=Card("child", 70)),
    ChildField("class", "班级", "Class", roster=Roster("班级", 40), export=Export("班级", 20),
               card=Card("child", 80), attribute="class_name"),
    ChildField("hukou", "户籍所在地", "Household registration", roster=Roster("户籍所在地", 220),
               export=Export("户籍所在地", 90, "address"), card=Card("child", 90)),
    ChildField("residence", "现居住地", "Residence", roster=Roster("现居住地", 210),
               export=Export("现居住地", 100, "address"), card=Card("child", 100), sanzhi=Sanzhi("child")),
    ChildField("boarding", "是否寄宿", "Boarding", roster=Roster("是否寄宿", 200),
               export=Export("是否寄宿", 110), card=Card("child", 110)),
    ChildField("health", "健康状况", "Health", export=Export("健康状况", 120), card=Card("child", 120)),
    # The card shows the category and the grade as one line, 残疾.
    ChildField("disability.category", "残疾类别", "Disability category", export=Export("残疾类别", 130),
               card=Card("child", 130)),
    ChildField("disability.grade", "残疾等级", "Disability grade", export=Export("残疾等级", 140)),
    ChildField("illness", "患病情况", "Illness", export=Export("患病情况", 150, "presence"),
               card=Card("child", 140)),
    ChildField("left_behind_type", "留守类型", "Left behind", roster=Roster("留守类型", 80),
               export=Export("留守类型", 280), card=Card("care", 10),
               census=Ask(30, check="always", new="always", choices=True)),
    ChildField("left_behind_since", "留守起始", "Left behind since", card=Card("care", 20)),
    *_parent("father", "父亲", "Father's", roster=120, export=160, census=70),
    *_parent("mother", "母亲", "Mother's", roster=160, export=220, census=100),
    ChildField("guardian.name", "监护人姓名", "Guardian's name", roster=Roster("监护人姓名", 90),
               export=Export("监护人姓名", 290), card=Card("guardian", 10),
               census=Ask(40, check="always", new="always"), sanzhi=Sanzhi("guardian")),
    ChildField("guardian.relation", "监护人与儿童关系", "Guardian's relation",
               roster=Roster("监护人关系", 100), export=Export("监护人与儿童关系", 320),
               card=Card("guardian", 20), census=Ask(50, check="always", new="always"),
               sanzhi=Sanzhi("guardian")),
    ChildField("guardian.birth_date", "监护人出生日期", "Guardian's birth date"),
    # Given, the age is shown; else the age the birth date gives.
    ChildField("guardian.age", "监护人年龄", "Guardian's age", card=Card("guardian", 30)),
    ChildField("guardian.occupation", "监护人职业", "Guardian's occupation", card=Card("guardian", 40)),
    ChildField("guardian.health", "监护人健康状况", "Guardian's health", card=Card("guardian", 50)),
    ChildField("guardian.phone", "监护人电话", "Guardian's phone", roster=Roster("监护人电话", 110),
               export=Export("监护人联系电话", 300, "phone"), card=Card("guardian", 60),
               census=Ask(60, check="always", new="always"), sanzhi=Sanzhi("guardian")),
    ChildField("guardian.id_number", "监护人身份证号", "Guardian's ID number",
               export=Export("监护人身份证号", 310, "id"), card=Card("guardian", 70)),
    ChildField("guardian.address", "监护人住址", "Guardian's address",
               export=Export("监护人住址", 330, "address"), card=Card("guardian", 80)),
    ChildField("guardian.note", "监护人备注", "Guardian's note", card=Card("guardian", 90)),
    ChildField("guardianship", "监护情况", "Guardianship", export=Export("监护类型", 340),
               card=Card("care", 30)),
    ChildField("economic_sources", "家庭经济来源", "Economic sources", export=Export("家庭经济来源", 350),
               card=Card("family", 10)),
    ChildField("assistance", "救助帮扶", "Assistance", export=Export("救助帮扶", 360),
               card=Card("family", 20)),
    ChildField("academic_level", "学业水平", "Academic level", card=Card("child", 150)),
    ChildField("key_support", "重点帮扶", "Key support", card=Card("care", 40)),
    ChildField("proxy_parent", "代理家长", "Proxy parent", card=Card("care", 50)),
    ChildField("recorded_on", "建档日期", "Recorded on", card=Card("status", 40)),
    # Changed by `child archive` only; the export has it only when children who left are in.
    ChildField("status", "状态", "Status", export=Export("状态", 30), card=Card("status", 10),
               settable=False),
    ChildField("status_date", "状态日期", "Status date", card=Card("status", 20), settable=False),
    ChildField("status_reason", "状态原因", "Status reason", card=Card("status", 30), settable=False),
    ChildField("note", "备注", "Note", card=Card("family", 30)),
)

_ATTRIBUTES: dict[str, str] = {field.path: field.attribute for field in CHILD_FIELDS
                               if field.attribute}


def value_of(record: Any, path: str) -> Any:
    """The value at a path of the file's keys (guardian.phone) on a child record; None where
    a person or the disability is not recorded."""
    node = record
    for key in path.split("."):
        if node is None:
            return None
        node = getattr(node, _ATTRIBUTES.get(key, key))
    return node


def settable_paths() -> set[str]:
    """The fields `child edit --set` may change."""
    return {field.path for field in CHILD_FIELDS if field.settable}


def fixed_paths() -> set[str]:
    """What only its own commands change: the fields not settable (the id names the file,
    the status goes by `archive`) and the lists of records."""
    return {field.path for field in CHILD_FIELDS if not field.settable} | set(RECORD_LISTS)


def field_labels() -> dict[str, tuple[str, str]]:
    """Path -> (中文, English) for every field and block, and for the model's attribute
    where it is not the key (class_name)."""
    labels = {block.key: (block.zh, block.en) for block in BLOCKS}
    for field in CHILD_FIELDS:
        labels[field.path] = (field.zh, field.en)
        if field.attribute:
            labels[field.attribute] = (field.zh, field.en)
    return labels


_Part = TypeVar("_Part")


def _placed(part: Callable[[ChildField], _Part | None],
            at: Callable[[_Part], int]) -> list[tuple[ChildField, _Part]]:
    found = [(field, value) for field in CHILD_FIELDS if (value := part(field)) is not None]
    return sorted(found, key=lambda pair: at(pair[1]))


def in_roster() -> list[tuple[ChildField, Roster]]:
    """The fields the roster reads, in the documented order of its columns."""
    return _placed(lambda field: field.roster, lambda roster: roster.at)


def in_export() -> list[tuple[ChildField, Export]]:
    """The fields of the bureau's form, in the order of its columns."""
    return _placed(lambda field: field.export, lambda export: export.at)


def on_card(section: Section) -> tuple[ChildField, ...]:
    """The fields shown in a section of the contact card, in order. Sorted once a section
    and table (a dashboard asks for every section of every child's card: 14,000 sorts of
    the table at 2,000 children); a test's table with a row more gets its own."""
    global _card_sections
    table, by_section = _card_sections
    if table is not CHILD_FIELDS:
        table, by_section = _card_sections = (CHILD_FIELDS, {})
    found = by_section.get(section)
    if found is None:
        found = by_section[section] = tuple(field for field, _ in _placed(
            lambda field: field.card if field.card and field.card.section == section else None,
            lambda card: card.at))
    return found


_card_sections: tuple[tuple[ChildField, ...], dict[Section, tuple[ChildField, ...]]] = ((), {})


def in_census() -> list[tuple[ChildField, Ask]]:
    """The fields the census asks about, in the order asked."""
    return _placed(lambda field: field.census, lambda ask: ask.at)


def in_sanzhi(group: SanzhiGroup) -> list[tuple[ChildField, Sanzhi]]:
    """The facts of a 三知 group, in the file's order."""
    return [(field, field.sanzhi) for field in CHILD_FIELDS
            if field.sanzhi is not None and field.sanzhi.group == group]
