"""The export's masks and cells at their edges: an ID number of 8 characters, a landline with
an extension and no dash, text that is no phone number, addresses whose units are one
character long, longer than any real unit, or end where a village begins; a cell's yes/no;
the order of classes that are not of the 年级 form; no 状态 column unless asked.

Each case holds a rule of reports/export.py that the mutation run (docs/testing.md) showed no
other test looked at.
"""

from __future__ import annotations

from datetime import date

import pytest

from liushou_cli.core.model import Child
from liushou_cli.reports.export import cell, export_table, headers, mask_id_number, mask_phone, select, township


@pytest.mark.parametrize(("value", "masked"), [
    ("1234567", "*******"),  # shorter than 8: nothing of it shown
    ("12345678", "123456**"),  # 8 and more: the first six (a region code) stay
])
def test_an_id_number_shows_its_region_only_from_eight_characters(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(("value", "masked"), [
    ("07392345678-123", "0739***5678-123"),  # no dash after the area code, an extension
    ("02012345678-8", "020****5678-8"),
    ("12345", "*2345"),  # no phone number: only its last four characters stay
    ("+86 138 1234 5678", "*************5678"),
    ("8888", "8888"),  # nothing before the last four to hide
    ("", ""),
    # A mobile number is 1 and ten more digits, no fewer and no more.
    ("1381234567", "******4567"),
    ("138123456789", "********6789"),
    ("23812345678", "*******5678"),
    (" 13812345678 ", "138****5678"),  # spaces around it dropped
    ("1３８１２３４５６７８", "1３８****５６７８"),  # full-width digits are digits to it
    ("１３８１２３４５６７８", "*******５６７８"),  # but it starts with the digit 1
    ("1381234567x", "*******567x"),
])
def test_a_phone_keeps_its_last_four_digits(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(("address", "cut"), [
    ("隆回县罗镇峰洞村", "隆回县罗镇"),  # a township whose name is one character
    ("湖南省湘潭市湘乡市东郊村3组", "湖南省湘潭市湘乡市"),  # 湘乡 is not a township here
    ("桃洪镇金石桥镇峰洞村", "桃洪镇"),  # reading stops after the township
    ("街道办事处旁", "***"),  # a unit's word alone names no place
    ("甲乙丙丁戊己庚辛壬癸子丑镇", "***"),  # 13 characters: longer than any real unit
    ("甲乙丙丁戊己庚辛壬癸子镇", "甲乙丙丁戊己庚辛壬癸子镇"),  # 12: still one
])
def test_an_address_is_cut_after_its_township(address: str, cut: str) -> None:
    assert township(address) == cut


def test_a_cell_writes_values_as_the_form_does() -> None:
    assert [cell(True), cell(False), cell(None), cell(date(2022, 9, 1)), cell(["低保", "医疗救助"]),
            cell("张小明")] == ["是", "否", "", "2022-09-01", "低保、医疗救助", "张小明"]
    assert cell("13812345678", "phone") == "138****5678"


def child(child_id: str, klass: str, student_no: str) -> Child:
    return Child.model_validate({"id": child_id, "name": "x", "gender": "男", "class": klass,
                                 "student_no": student_no, "left_behind_type": "其他",
                                 "boarding": child_id == "a"})


def test_classes_not_of_a_grade_come_after_the_graded_ones() -> None:
    children = [child("a", "特教班", "3"), child("b", "九(1)班", "2"), child("c", "七(2)班", "1"),
                child("d", "培优班", "4"), child("e", "七(10)班", "5")]
    assert [kid.id for kid in select(children)] == ["c", "e", "b", "d", "a"]


def test_the_table_has_no_status_column_unless_asked() -> None:
    header, rows = export_table([child("a", "特教班", "3")])
    assert header == headers() and "状态" not in header
    assert dict(zip(header, rows[0], strict=True))["是否寄宿"] == "是"


def test_a_mask_misspelt_in_a_column_is_an_error_never_the_raw_value() -> None:
    # The table of fields names each column's mask; a typo there (a new column added by
    # hand) must stop the export, not let the unmasked phone or ID number through.
    from typing import Any, cast

    from liushou_cli.reports.export import masked_text

    with pytest.raises(AssertionError):
        masked_text("13912345678", cast(Any, "phnoe"))
