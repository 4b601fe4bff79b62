"""A default export never carries a raw 身份证号, phone number, detailed address or illness:
a property over many generated children, in every column and in both file formats."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liushou_cli.core.model import Child
from liushou_cli.core.validators import ValidationDay
from liushou_cli.render.export_writer import csv_bytes
from liushou_cli.reports.export import export_table, select

from .conftest import valid_id

_DIGITS = st.text("0123456789", min_size=1, max_size=1)


@st.composite
def id_numbers(draw: st.DrawFn, year: int = 1960, span: int = 30) -> str:
    region = draw(st.sampled_from(["430524", "110101", "440300", "652923"]))
    born = f"{draw(st.integers(year, year + span))}{draw(st.integers(1, 12)):02d}" \
           f"{draw(st.integers(1, 28)):02d}"
    serial = "".join(draw(_DIGITS) for _ in range(3))
    return valid_id(region + born + serial)


@st.composite
def phones(draw: st.DrawFn) -> str:
    """Every form a stored phone can take: a mobile, a landline with or without its dash, with
    a 3- or 4-digit area code, with or without an extension."""
    kind = draw(st.sampled_from(["mobile", "landline"]))
    if kind == "mobile":
        return "1" + draw(st.sampled_from("3456789")) + "".join(draw(_DIGITS) for _ in range(9))
    area = draw(st.sampled_from(["010", "021", "0739", "0755", "0991"]))
    number = draw(st.sampled_from("2345678")) + "".join(
        draw(_DIGITS) for _ in range(draw(st.sampled_from([6, 7]))))
    dash = draw(st.sampled_from(["", "-"]))
    extension = draw(st.sampled_from(["", "-8", "-123"]))
    return area + dash + number + extension if dash else area + number


_PLACES = st.sampled_from(["湖南省邵阳市隆回县金石桥镇", "隆回县桃洪镇", "广东省东莞市长安镇",
                           "新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿图什市松他克乡"])
_DETAILS = st.sampled_from(["峰洞村9组", "石门村三组12号", "新街租房", "建设路18号3栋2单元401室"])


@st.composite
def children(draw: st.DrawFn) -> dict[str, Any]:
    gender = draw(st.sampled_from(["男", "女"]))
    first17 = draw(id_numbers(2008, 8))[:16]
    first17 += draw(st.sampled_from("13579" if gender == "男" else "02468"))
    child_id = valid_id(first17)
    born = f"{child_id[6:10]}-{child_id[10:12]}-{child_id[12:14]}"
    return {
        "id": "c0001", "name": "张小明", "gender": gender, "birth_date": born,
        "id_number": child_id, "class": "七(1)班",
        "hukou": draw(_PLACES) + draw(_DETAILS), "residence": draw(_PLACES) + draw(_DETAILS),
        "illness": draw(st.sampled_from(["先天性心脏病", "哮喘,每月复查", "癫痫"])),
        "left_behind_type": "双亲外出",
        "father": {"name": "张建军", "id_number": draw(id_numbers()), "phone": draw(phones())},
        "mother": {"name": "李秀英", "id_number": draw(id_numbers()), "phone": draw(phones())},
        "guardian": {"name": "王桂兰", "relation": "祖母", "phone": draw(phones()),
                     "id_number": draw(id_numbers(1940, 20)),
                     "address": draw(_PLACES) + draw(_DETAILS)},
        "recorded_on": "2022-09-05", "status": "在读",
    }


def _secrets(record: dict[str, Any]) -> list[str]:
    """What must not leave the school whole: every ID number and phone, the part of each
    address below the township, and the illness."""
    people = [record, record["father"], record["mother"], record["guardian"]]
    found = [person["id_number"] for person in people]
    found.append(record["illness"])
    for person in people[1:]:
        found.append(person["phone"])
        found.append(re.sub(r"\D", "", person["phone"]))
    for address in (record["hukou"], record["residence"], record["guardian"]["address"]):
        found.append(address)
        found.extend(detail for detail in ("峰洞村", "石门村", "新街", "建设路") if detail in address)
    return found


def _hidden_digits(phone: str) -> int:
    """How many of a phone's digits the mask must hide: all but a mobile's first 3 and last 4;
    all but a landline's area code, last 4 and extension."""
    if phone.startswith("1"):
        return 4
    number = re.sub(r"^0(10|2\d|\d{3})-?", "", phone).split("-")[0]
    return len(number) - 4


PHONE_COLUMNS = {"父亲联系电话": "father", "母亲联系电话": "mother", "监护人联系电话": "guardian"}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(children())
def test_no_raw_identifier_leaves_a_default_export(record: dict[str, Any]) -> None:
    child = Child.model_validate(record, context=ValidationDay(date(2022, 11, 20)))
    header, rows = export_table(select([child]))
    written = csv_bytes(header, rows).decode("utf-8-sig")
    cells = rows[0]
    for secret in _secrets(record):
        assert all(secret not in re.sub(r"\D", "", cell) if secret.isdigit() else
                   secret not in cell for cell in cells), (secret, cells)
        assert secret not in written, secret
    for column, who in PHONE_COLUMNS.items():
        masked = cells[header.index(column)]
        assert masked.count("*") == _hidden_digits(record[who]["phone"]), (masked, record[who])
    ids = {"身份证号": record, "父亲身份证号": record["father"], "母亲身份证号": record["mother"],
           "监护人身份证号": record["guardian"]}
    for column, person in ids.items():  # the region only: no birth date, no check character
        assert cells[header.index(column)] == person["id_number"][:6] + "*" * 12
    # The full export, for the school's own use, carries them: the property is the mask's.
    _, full_rows = export_table([child], full=True)
    assert record["father"]["phone"] in full_rows[0]
