"""New files are written by store/emit.py's house_text, directly, without ruamel: its text is
ruamel's round-trip text of the same data, byte for byte, on every file of the example school
and on random and tricky data. render_child, `activity add` and the example generator all
write through it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from liushou_cli.core.model import Child
from liushou_cli.core.validators import ValidationDay
from liushou_cli.store import emit
from liushou_cli.store.edit import child_document, render_child
from liushou_cli.store.emit import house_text
from liushou_cli.store.read import model_from_text
from liushou_cli.store.yamlio import dump_round_trip, to_commented

from .test_yaml_quoting import MISREAD, PLAIN

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
CHILDREN = sorted(EXAMPLE.glob("children/*.yaml"))
# Files without a comment: their text is what house_text gives for what they hold.
UNCOMMENTED = [path for path in [*CHILDREN, *sorted(EXAMPLE.glob("activities/*.yaml")),
                                 *sorted(EXAMPLE.glob("censuses/*.yaml"))]
               if "#" not in path.read_text(encoding="utf-8")]


def ruamel_text(data: dict[str, Any]) -> str:
    """The round-trip dumper's text of `data`: what house_text must give."""
    return dump_round_trip(to_commented(data))


@pytest.fixture
def fast_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make falling back to ruamel for a whole document an error: the fast path was taken."""
    def refuse(value: Any) -> Any:
        raise AssertionError("house_text fell back to ruamel")
    monkeypatch.setattr(emit, "to_commented", refuse)


@pytest.mark.usefixtures("fast_only")
def test_every_uncommented_example_file_is_house_text() -> None:
    assert len(UNCOMMENTED) > 200          # children, activities, the two censuses
    for path in UNCOMMENTED:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)        # dates as dates, quoted numbers as text
        assert house_text(data) == text, path.name
        assert ruamel_text(data) == text, path.name


def test_render_child_is_the_round_trip_text_of_every_example_child(fast_only: None) -> None:
    assert len(CHILDREN) == 217
    for path in CHILDREN:
        child, problems = model_from_text(path.read_text(encoding="utf-8"), Child, path.name,
                                          ValidationDay(date(2022, 11, 20)))
        assert child is not None, problems
        text = render_child(child)
        # The files with a comment were written with it; without it they are this text.
        assert text == dump_round_trip(child_document(child)), path.name


TRICKY: list[Any] = [
    *MISREAD, *PLAIN, "", " ", " 前有空格", "后有空格 ", "a: b", "a:b", "a #b", "a#b", "#x",
    "- x", "-x", "? x", "?", ":", "|", ">", "!x", "&x", "*x", "%x", "@x", "`x", "'q'", '"q"',
    "{p}在{city}打工", "[x]", "a,b", "七(1)班,八(2)班", "想念{p}", "a\nb", "末尾换行\n",
    "tab\there", "\x07", "\x00", "\u3000全角空格", "\ufeffbom", "é", "١٢٣", "٣", "T001",
    "T", "0739-2345678", "0739-23456789", "43052419861003123X", "43052419861003123x",
    "13812345678", "2022秋", "c0001", "、", "。顿号", "“引号”", "·", "七(1)班", "null", "~",
    "-", "--- x", "...", 0, -5, 10**20, 312.5, 625.0, -0.5, 1e17, 1e-7, float("inf"),
    float("nan"), True, False, date(2022, 9, 1), date(1, 1, 1),
    # Long lines: ruamel folds past its width, at a column that depends on the indent.
    "长" * 3000, "长 " * 1500, "x" * 2500, "长 " * 2500, "长 " * 2044, "长" * 4090,
]
KEYS = ["id", "name", "note", "class", "with", "on", "y", "null", "2022", "七(1)班",
        "七(1)班,八(2)班", "a b", "a: b", "#k", "", "_x", "A1", "x" * 130, "长" * 120, "长" * 90,
        "guardianship:较好", "level:优", "on:七", "y:七,八", "a:七 八", "a::七", "t:七:八"]


@pytest.mark.parametrize("value", TRICKY, ids=lambda value: repr(value)[:24])
def test_a_tricky_value_anywhere_is_written_as_ruamel_writes_it(value: Any) -> None:
    data = {"name": "刘小明", "note": value, "roles": [value, "班主任"],
            "guardian": {"relation": "祖母", "note": value},
            "events": [{"type": "谈心", "topic": value, "by": ["T001", value]},
                       {"note": value, "checks": [{"result": value}]}]}
    assert house_text(data) == ruamel_text(data)


@pytest.mark.parametrize("key", KEYS, ids=lambda key: repr(key)[:24])
def test_a_tricky_key_is_written_as_ruamel_writes_it(key: str) -> None:
    data = {key: "值", "classes": {key: {"enrolled": 46}}, "items": [{key: [key]}]}
    assert house_text(data) == ruamel_text(data)


SHAPES: list[dict[str, Any]] = [
    {"a": {}}, {"a": {"b": None}}, {"a": [None]}, {"a": [[1, 2]]}, {"a": [{"b": 1}, "x"]},
    {"a": [{}]}, {"a": [{"b": None}, {"c": 1}]}, {"a": [{"b": [{"c": [{"d": 1}]}]}]},
    {"a": [{"b": {"c": {"d": [1, "x"]}}}]}, {"a": None}, {}, {"a": ()}, {"a": [[]]},
    {"a": [{"b": []}, {"b": {}}]},
]


@pytest.mark.parametrize("data", SHAPES, ids=repr)
def test_an_odd_shape_is_written_as_ruamel_writes_it(data: dict[str, Any]) -> None:
    try:
        expected = ruamel_text(data)
    except Exception:          # ruamel cannot write it (a tuple): neither does house_text
        with pytest.raises(Exception):  # noqa: B017
            house_text(data)
        return
    assert house_text(data) == expected


_CHARACTERS = st.sampled_from(list("七八九班刘小明外出,、。“”·()!?.%-:#'\" \n\t0123456789TXaey{}[]&*|>"))
_TEXT = st.one_of(st.text(_CHARACTERS, max_size=10), st.text(max_size=8), st.sampled_from(
    [value for value in TRICKY if isinstance(value, str)]))
_SCALARS = st.one_of(_TEXT, st.integers(), st.floats(), st.booleans(), st.dates(), st.none(),
                     st.datetimes())
_KEYS = st.one_of(st.sampled_from(KEYS), st.text(_CHARACTERS, max_size=6))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=16)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_any_data_is_written_as_ruamel_writes_it(data: dict[str, Any]) -> None:
    assert house_text(data) == ruamel_text(data)
