"""The table of a child's fields (core/fields.py) and the model agree, and every place a field
shows up reads the table: the roster, the export, the card, `--set`, the census, the 三知
check. A row added to the table (with its attribute on the model) shows up in all of them."""

from __future__ import annotations

import typing
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from liushou_cli.core import fields
from liushou_cli.core.fields import (
    BLOCKS,
    CHILD_FIELDS,
    RECORD_LISTS,
    Ask,
    Card,
    ChildField,
    Export,
    Roster,
    Sanzhi,
    in_census,
    in_export,
    in_roster,
)
from liushou_cli.core.model import Child, Text
from liushou_cli.core.validators import ValidationDay
from liushou_cli.i18n import field_for_label, set_lang, t
from liushou_cli.i18n.catalog import FIELD_LABELS
from liushou_cli.lookup.fieldset import parse_assignment, settable_fields
from liushou_cli.ops.census import census_questions
from liushou_cli.ops.roster import COLUMNS, roster_columns
from liushou_cli.reports.export import FORM_COLUMNS, export_table, headers
from liushou_cli.reports.sanzhi import sanzhi_gaps
from liushou_cli.views.card import CARD_SECTIONS, contact_card

from .conftest import run

TODAY = date(2022, 11, 20)


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) in (typing.Union, typing.Annotated, type(int | None)):
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


def model_leaves(model: type[BaseModel] = Child, prefix: str = "") -> list[str]:
    """Every field of the model a user sees, as a path of the file's keys, in the file's order;
    the lists of records are not fields."""
    paths: list[str] = []
    for name, info in model.model_fields.items():
        key = prefix + (info.alias or name)
        if not prefix and key in RECORD_LISTS:
            continue
        kind = _unwrap(info.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            paths += model_leaves(kind, key + ".")
        else:
            paths.append(key)
    return paths


# ---- the table and the model ---------------------------------------------------------------------
def test_every_field_of_the_model_has_a_row_and_every_row_a_field() -> None:
    leaves = model_leaves()
    rows = [field.path for field in CHILD_FIELDS]
    missing = [path for path in leaves if path not in rows]
    assert not missing, (f"Child has {', '.join(missing)} but the table of fields has no row "
                         "for it: add one to CHILD_FIELDS in core/fields.py (its label, and its "
                         "places: roster, export, card, census, 三知, --set)")
    unknown = [path for path in rows if path not in leaves]
    assert not unknown, f"rows of CHILD_FIELDS that name no field of Child: {', '.join(unknown)}"
    assert rows == leaves, "CHILD_FIELDS lists the fields in the model's order (the file's)"


def test_the_blocks_are_the_records_inside_the_childs() -> None:
    nested = [name for name, info in Child.model_fields.items()
              if isinstance(kind := _unwrap(info.annotation), type) and issubclass(kind, BaseModel)]
    assert sorted(block.key for block in BLOCKS) == sorted(nested)


def test_a_rows_attribute_is_the_models_name_for_its_key() -> None:
    aliased = {info.alias: name for name, info in Child.model_fields.items() if info.alias}
    assert {field.path: field.attribute for field in CHILD_FIELDS if field.attribute} == aliased


def test_each_place_is_taken_once() -> None:
    def once(places: list[Any]) -> list[Any]:
        return [place for place, count in Counter(places).items() if count > 1]

    assert once([roster.at for _, roster in in_roster()]) == []
    assert once([roster.header for _, roster in in_roster()]) == []
    assert once([export.at for _, export in in_export()]) == []
    assert once([export.header for _, export in in_export()]) == []
    assert once([(f.card.section, f.card.at) for f in CHILD_FIELDS if f.card]) == []
    assert once([ask.at for _, ask in in_census()]) == []


def test_a_label_names_one_field() -> None:
    # `--set 监护人电话=...` finds the field by its label in either language.
    labels = [label.lower() for field in (*CHILD_FIELDS, *BLOCKS) for label in (field.zh, field.en)]
    assert [label for label, count in Counter(labels).items() if count > 1] == []


def test_the_table_refers_to_its_own_rows() -> None:
    paths = {field.path for field in CHILD_FIELDS}
    assert {f.sanzhi.also for f in CHILD_FIELDS if f.sanzhi and f.sanzhi.also} <= paths
    # A question asked only while its parent is away is about a parent, and comes after the
    # left-behind type that says who is away.
    type_at = next(ask.at for field, ask in in_census() if field.path == "left_behind_type")
    for field, ask in in_census():
        if "away" in (ask.check, ask.new):
            assert field.person in fields.PARENTS and ask.at > type_at, field.path
    assert sorted(fields.PARENTS_AWAY) == sorted(typing.get_args(
        Child.model_fields["left_behind_type"].annotation))


# ---- the places read the table --------------------------------------------------------------------
def test_the_roster_and_the_export_take_their_columns_from_the_table() -> None:
    assert list(COLUMNS.items()) == [(roster.header, field.path) for field, roster in in_roster()]
    assert headers(with_status=True) == [export.header for _, export in in_export()]
    assert headers() == [export.header for field, export in in_export() if field.path != "status"]
    status_at = next(export.at for field, export in in_export() if field.path == "status")
    assert [(c.header, c.mask) for c in FORM_COLUMNS] == [
        (export.header, export.mask) for _, export in in_export() if export.at > status_at]


def test_set_changes_the_settable_rows_in_the_files_order() -> None:
    assert list(settable_fields()) == [field.path for field in CHILD_FIELDS if field.settable]


@pytest.mark.parametrize("field", [field for field in CHILD_FIELDS if field.settable],
                         ids=lambda field: field.path)
def test_set_finds_a_settable_field_by_its_label_in_either_language(field: ChildField) -> None:
    path = tuple(field.path.split("."))
    assert parse_assignment(f"{field.zh}=").path == path
    assert parse_assignment(f"{field.en.upper()}=").path == path


@pytest.mark.parametrize("path", sorted(fields.fixed_paths()))
def test_set_refuses_what_only_its_own_commands_change(school: Path, path: str) -> None:
    result = run(school, "child", "edit", "c0001", "--set", f"{path}=x")
    assert result.exit_code == 2
    assert result.stderr == f"字段“{path}”不能用 --set 修改\n"


def test_the_census_asks_the_tables_questions() -> None:
    for newcomer in (False, True):
        assert [q.path for q in census_questions(newcomer)] == [
            field.path for field, ask in in_census()
            if (ask.new if newcomer else ask.check) is not None]


FULL = {
    "id": "c0001", "student_no": "2022070101", "name": "张小明", "gender": "男",
    "ethnicity": "汉族", "birth_date": "2011-03-15", "class": "七(1)班", "hukou": "隆回县桃洪镇",
    "residence": "桃洪镇石门村", "boarding": True, "health": "残疾",
    "disability": {"category": "肢体", "grade": "三级"}, "illness": "哮喘",
    "left_behind_type": "双亲外出", "left_behind_since": "2019-02-01",
    "father": {"name": "张建军", "phone": "13700001111", "work_province": "广东",
               "work_city": "东莞", "work_unit": "电子厂", "work_address": "长安镇",
               "work_phone": "0769-85551234", "note": "夜班"},
    "mother": {"name": "李秀英", "phone": "13700002222"},
    "guardian": {"name": "王桂兰", "relation": "祖母", "age": 68, "occupation": "务农",
                 "health": "一般", "phone": "13912345678", "address": "石门村3组", "note": "耳背"},
    "guardianship": "一般", "economic_sources": ["打工收入"], "assistance": ["低保"],
    "academic_level": "中", "key_support": True, "recorded_on": "2022-09-05", "note": "爱画画",
}


def test_the_card_shows_each_section_as_the_table_orders_it() -> None:
    child = Child.model_validate(FULL, context=ValidationDay(TODAY))
    card = {section.title: [name for name, _ in section.lines]
            for section in contact_card(child, [], TODAY)}
    # The fields shown otherwise: the disability as one line, the parents' work place as one.
    shown_as = {"disability.category": "残疾", "father.work_province": "务工地点",
                "mother.work_province": "务工地点"}
    for section in CARD_SECTIONS:
        if section == "support":
            continue
        expected = [shown_as.get(field.path, field.zh) for field in fields.on_card(section)
                    if fields.value_of(child, field.path) is not None]
        assert card.get(t(f"sec_{section}"), []) == expected, section


# ---- a new row --------------------------------------------------------------------------------------
NICKNAME = ChildField("nickname", "小名", "Nickname", roster=Roster("小名", 230),
                      export=Export("小名", 370), card=Card("child", 160),
                      census=Ask(130, new="always"), sanzhi=Sanzhi("child"))


class WithNickname(Child):
    """The model with the new field's attribute."""

    nickname: Text | None = None


@pytest.fixture
def nickname_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table with one row more, and the catalog's labels taken from it as at import."""
    monkeypatch.setattr(fields, "CHILD_FIELDS", (*fields.CHILD_FIELDS, NICKNAME))
    for key, pair in fields.field_labels().items():
        monkeypatch.setitem(FIELD_LABELS, key, pair)


def nicknamed(nickname: str | None) -> WithNickname:
    record = {"id": "c0001", "name": "张小明", "gender": "男", "class": "七(1)班",
              "left_behind_type": "其他", "birth_date": "2011-03-15", "residence": "石门村",
              "nickname": nickname}
    return WithNickname.model_validate(record, context=ValidationDay(TODAY))


@pytest.mark.usefixtures("nickname_row")
def test_a_new_row_shows_in_every_place_it_names() -> None:
    child = nicknamed("毛毛")
    header, rows = export_table([child])
    assert (header[-1], rows[0][-1]) == ("小名", "毛毛")
    assert list(roster_columns().items())[-1] == ("小名", "nickname")
    [first] = [section for section in contact_card(child, [], TODAY)
               if section.title == t("sec_child")]
    assert first.lines[-1] == ("小名", "毛毛")
    settable = settable_fields(WithNickname)
    assert settable["nickname"] is str
    assert field_for_label("小名", settable) == field_for_label("nickname", settable) == "nickname"
    assert [q.path for q in census_questions(newcomer=True)][-1] == "nickname"
    assert "nickname" not in [q.path for q in census_questions(newcomer=False)]
    assert sanzhi_gaps(nicknamed(None)) == {"sanzhi_child": ["nickname"],
                                            "sanzhi_guardian": ["guardian.name", "guardian.relation",
                                                                "guardian.phone"],
                                            "sanzhi_parents": ["father.phone"]}
    set_lang("en")
    assert contact_card(child, [], TODAY)[0].lines[-1] == ("Nickname", "毛毛")


def test_every_left_behind_type_says_which_parents_are_away() -> None:
    from liushou_cli.core.choices import LeftBehindType

    assert set(fields.PARENTS_AWAY) == set(typing.get_args(LeftBehindType))


def _away(data: dict[str, Any]) -> Child:
    record = {"id": "c0001", "name": "张小明", "gender": "男", "class": "七(1)班",
              "birth_date": "2011-03-15", "residence": "石门村",
              "guardian": {"name": "张大山", "relation": "祖父", "phone": "13912345678"},
              **data}
    return Child.model_validate(record, context=ValidationDay(TODAY))


def test_a_parents_work_province_stands_for_the_city_and_any_phone_when_none_is_away() -> None:
    # 三知 of the parents: where the father away works is known by his city or, without it,
    # his province (the city's `also`); with neither it is missing.
    for place in ({"work_province": "广东省"}, {"work_city": "东莞市"}):
        father = {"phone": "13800001111", **place}
        assert sanzhi_gaps(_away({"left_behind_type": "父亲外出", "father": father})) == {}
    assert sanzhi_gaps(_away({"left_behind_type": "父亲外出",
                              "father": {"phone": "13800001111"}})) == {
        "sanzhi_parents": ["father.work_city"]}
    # With no parent away, one parent's phone, the mother's too, is enough.
    assert sanzhi_gaps(_away({"left_behind_type": "其他",
                              "mother": {"phone": "13800002222"}})) == {}
    assert sanzhi_gaps(_away({"left_behind_type": "其他"})) == {"sanzhi_parents": ["father.phone"]}
