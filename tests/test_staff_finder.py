"""Finding the one teacher a user typed: by id, by name, by the start of a name, by pinyin;
several are listed, none is an error. The same rules for a list of records (find_staff)
and for the staff's ids and names kept apart (staff_position, recording an entry)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core.errors import LiushouError
from liushou_cli.lookup.finder import find_staff, staff_position
from liushou_cli.ops.entries import resolve_staff_ids
from liushou_cli.store.read import StaffFacts, StaffNames

from .conftest import run, use_environment

STAFF = [StaffFacts("T001", "王建国", ["七(1)班"], []), StaffFacts("T002", "王建华", [], []),
         StaffFacts("T003", "李芳", [], []), StaffFacts("T004", "张红", [], []),
         StaffFacts("T005", "T003", [], [])]  # a name that is another's id
NAMES = StaffNames.of(STAFF)


@pytest.mark.parametrize(("typed", "found"), [
    ("T002", 1),  # the id
    ("李芳", 2),  # the name
    (" 李芳 ", 2),  # spaces around it dropped
    ("张", 3),  # the start of one name only
    ("lf", 2),  # pinyin initials
    ("zhanghong", 3),  # whole pinyin
    ("WJG", 0),  # initials in capitals
])
def test_one_member_found(typed: str, found: int) -> None:
    assert staff_position(NAMES.ids, NAMES.names, typed) == found
    assert find_staff(STAFF, typed) is STAFF[found]


@pytest.mark.parametrize(("typed", "listed"), [
    ("王建", "T001(王建国)、T002(王建华)"),  # the start of two names
    ("T003", "T003(李芳)、T005(T003)"),  # an id and a name alike
])
def test_several_are_listed(typed: str, listed: str) -> None:
    with pytest.raises(LiushouError) as raised:
        staff_position(NAMES.ids, NAMES.names, typed)
    assert str(raised.value) == f"“{typed}”对应多名教职工：{listed}；请用编号"


# Not the start of a name, pinyin of part of a name, part of an id, nothing.
@pytest.mark.parametrize("typed", ["赵老师", "建国", "zz", "wangjian", "", "T00"])
def test_none_found_is_an_error(typed: str) -> None:
    with pytest.raises(LiushouError) as raised:
        staff_position(NAMES.ids, NAMES.names, typed)
    assert str(raised.value) == f"找不到教职工“{typed}”"


def test_an_exact_name_wins_over_the_start_of_another() -> None:
    staff = [StaffFacts("T001", "王建", [], []), StaffFacts("T002", "王建国", [], [])]
    assert find_staff(staff, "王建") is staff[0]


def test_the_recorders_once_each_in_the_order_typed() -> None:
    assert resolve_staff_ids(NAMES, ["李芳", "T001", "lf", "张红"]) == ["T003", "T001", "T004"]


def test_an_entry_by_the_start_of_two_names_is_refused_and_nothing_written(
        school: Path) -> None:
    use_environment(today=date(2022, 11, 20))
    staff = school / "staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8") + "  - id: T009\n    name: 王建军\n"
                     "    roles: [任课教师]\n", encoding="utf-8")
    before = (school / "children" / "c0001.yaml").read_bytes()
    result = run(school, "talk", "add", "c0001", "x", "--by", "王建")
    assert result.exit_code == 1
    assert result.output == "“王建”对应多名教职工：T001(王建国)、T009(王建军)；请用编号\n"
    assert (school / "children" / "c0001.yaml").read_bytes() == before
    result = run(school, "talk", "add", "c0001", "x", "--by", "王建军")
    assert result.exit_code == 0, result.output
    assert "王建军" in result.output
