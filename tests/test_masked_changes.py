"""A census check's changes on a masked page (forms/masking.py): each value masked as its
field is, a change of a field left off left off, and a mobile or an ID number masked in
any other."""

from __future__ import annotations

import pytest

from liushou_cli.forms.masking import masked_changes


@pytest.mark.parametrize(("change", "shown"), [
    ("监护人电话 13912345678 → 13987654321", ["监护人电话 139****5678 → 139****4321"]),
    ("监护人电话 无 → 13987654321", ["监护人电话 无 → 139****4321"]),
    ("父亲电话 0739-2345678 → 无", ["父亲电话 0739-***5678 → 无"]),
    ("身份证号 无 → 430524201103150011", ["身份证号 无 → 430524************"]),  # none: none
    ("身份证号 430524201103150011 → 43052420110315001X",
     ["身份证号 430524************ → 430524************"]),
    ("现居住地 湖南省隆回县桃洪镇石门村 → 湖南省隆回县桃洪镇新村",
     ["现居住地 湖南省隆回县桃洪镇 → 湖南省隆回县桃洪镇"]),
    ("监护人关系 祖母 → 祖父", ["监护人关系 祖母 → 祖父"]),  # the roster's column, plain
    ("备注 原来的话 → 新的话", []),  # a note is left off a masked page
    ("监护人姓名 王桂兰 → 李梅", ["监护人姓名 王桂兰 → 李梅"]),
    ("说明 新号码 13987654321，旧的 430524201103150011",
     ["说明 新号码 139****4321，旧的 430524************"]),
    ("妈妈原来的号码13960983434停机了", ["妈妈原来的号码139****3434停机了"]),
    ("学号 20220701012 → 20220701013", ["学号 20220701012 → 20220701013"]),  # 11 digits, no phone
])
def test_each_change_as_a_masked_page_shows_it(change: str, shown: list[str]) -> None:
    assert masked_changes([change]) == shown
