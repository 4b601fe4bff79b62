"""Each column of the bureau's form reads its own field of its own person: the father's six
columns the father's, the mother's the mother's, the guardian's and the disability's theirs,
masked where the privacy rule says (docs/reports/export.md).

The form's columns are built from the table of fields (core/fields.py). FORM_COLUMNS is built
once, when liushou_cli.reports.export is imported; mutation testing (docs/testing.md) plants a
bug in a builder only while a test runs, so these tests build the columns again with the same
builders (`columns`, `_getter`) and look at every value they give.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from liushou_cli.core.model import Child, Parent
from liushou_cli.reports.export import (
    FORM_COLUMNS,
    Column,
    _getter,
    cell,
    columns,
    export_table,
)

from .conftest import valid_id

FATHER_ID = valid_id("43052419850612003")
MOTHER_ID = valid_id("43052419870203004")
GUARDIAN_ID = valid_id("43052419560101002")

CHILD = Child.model_validate({
    "id": "c0001", "name": "张小明", "gender": "男", "class": "七(1)班",
    "left_behind_type": "双亲外出", "health": "残疾",
    "disability": {"category": "肢体", "grade": "三级"},
    "father": {"name": "张建军", "birth_date": "1985-06-12", "id_number": FATHER_ID,
               "phone": "13700001111", "work_province": "广东", "work_city": "东莞"},
    "mother": {"name": "李秀英", "birth_date": "1987-02-03", "id_number": MOTHER_ID,
               "phone": "0739-2345678", "work_province": "浙江", "work_city": "宁波"},
    "guardian": {"name": "王桂兰", "relation": "祖母", "phone": "13912345678",
                 "id_number": GUARDIAN_ID, "address": "隆回县桃洪镇石门村3组"},
})
# Nobody recorded but the child: every person's column is empty, never an error.
ALONE = Child.model_validate({"id": "c0002", "name": "李小红", "gender": "女",
                              "class": "七(1)班", "left_behind_type": "其他"})

PARENTS: list[tuple[str, Callable[[Child], Parent | None]]] = [
    ("父亲", lambda child: child.father), ("母亲", lambda child: child.mother)]
PERSON = {"父亲": "father", "母亲": "mother"}
PARENT_FIELDS = ("姓名", "出生日期", "身份证号", "务工省份", "务工城市", "联系电话")


def _parent_columns(who: str) -> list[Column]:
    """The export's columns of one parent, built again from the table of fields."""
    return [column for column in columns(with_status=False)
            if column.path.startswith(PERSON[who] + ".")]


def _guardian(name: str) -> Callable[[Child], object]:
    return _getter(f"guardian.{name}")


def _disability(name: str) -> Callable[[Child], object]:
    return _getter(f"disability.{name}")


def row(child: Child, *, full: bool = False) -> dict[str, str]:
    header, rows = export_table([child], full=full)
    return dict(zip(header, rows[0], strict=True))


@pytest.mark.parametrize(("who", "pick"), PARENTS, ids=["father", "mother"])
def test_a_parents_six_columns_read_that_parent(who: str,
                                                pick: Callable[[Child], Parent | None]) -> None:
    columns = _parent_columns(who)
    assert [column.header for column in columns] == [who + name for name in PARENT_FIELDS]
    # The same columns, in the same place, as the form the export writes.
    start = [column.header for column in FORM_COLUMNS].index(who + "姓名")
    assert [(column.header, column.mask) for column in FORM_COLUMNS[start:start + 6]] == [
        (column.header, column.mask) for column in columns]
    parent = pick(CHILD)
    assert parent is not None and parent.id_number is not None and parent.phone is not None
    full = [cell(column.value(CHILD)) for column in columns]
    assert full == [parent.name, str(parent.birth_date), parent.id_number,
                    parent.work_province, parent.work_city, parent.phone]
    masked = [cell(column.value(CHILD), column.mask) for column in columns]
    assert masked[:2] + masked[3:5] == full[:2] + full[3:5]  # name, birth date, work place
    assert masked[2] == parent.id_number[:6] + "*" * 12  # the region only
    assert masked[5] == {"13700001111": "137****1111", "0739-2345678": "0739-***5678"}[parent.phone]
    assert [cell(column.value(ALONE), column.mask) for column in columns] == [""] * 6


def test_the_export_writes_each_parents_own_values() -> None:
    masked, full = row(CHILD), row(CHILD, full=True)
    assert [masked["父亲" + name] for name in PARENT_FIELDS] == [
        "张建军", "1985-06-12", FATHER_ID[:6] + "*" * 12, "广东", "东莞", "137****1111"]
    assert [masked["母亲" + name] for name in PARENT_FIELDS] == [
        "李秀英", "1987-02-03", MOTHER_ID[:6] + "*" * 12, "浙江", "宁波", "0739-***5678"]
    assert (full["父亲身份证号"], full["母亲联系电话"]) == (FATHER_ID, "0739-2345678")


@pytest.mark.parametrize(("field", "value"), [
    ("name", "王桂兰"), ("relation", "祖母"), ("phone", "13912345678"),
    ("id_number", GUARDIAN_ID), ("address", "隆回县桃洪镇石门村3组")])
def test_the_guardians_columns_read_the_guardian(field: str, value: str) -> None:
    assert _guardian(field)(CHILD) == value
    assert _guardian(field)(ALONE) is None


def test_the_guardians_columns_in_the_export() -> None:
    masked = row(CHILD)
    assert [masked[header] for header in ("监护人姓名", "监护人联系电话", "监护人身份证号",
                                          "监护人与儿童关系", "监护人住址")] == [
        "王桂兰", "139****5678", GUARDIAN_ID[:6] + "*" * 12, "祖母", "隆回县桃洪镇"]
    assert all(row(ALONE)[header] == "" for header in ("监护人姓名", "监护人住址"))


def test_the_disability_columns_read_the_disability() -> None:
    assert (_disability("category")(CHILD), _disability("grade")(CHILD)) == ("肢体", "三级")
    assert (_disability("category")(ALONE), _disability("grade")(ALONE)) == (None, None)
    assert (row(CHILD)["残疾类别"], row(CHILD)["残疾等级"]) == ("肢体", "三级")
