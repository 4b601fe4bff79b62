"""YAML written by the tool reads the same in any YAML reader: a string that a YAML 1.1 reader
(PyYAML's default `safe_load`) or a YAML 1.2 one (ruamel, the tool's own) would take for a
boolean, null, a number or a date is quoted when written; everything else keeps the house
style, plain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from liushou_cli.store.yamlio import dump_round_trip, needs_quotes, parse_mapping

from .conftest import run

MISREAD = [
    # booleans and null of YAML 1.1, in the cases it knows and in any other
    "yes", "no", "on", "off", "y", "n", "true", "false", "null", "~",
    "Yes", "NO", "On", "OFF", "Y", "N", "True", "FALSE", "Null", "yEs", "nULL",
    # times: base-60 numbers in YAML 1.1 (12:30 is 750)
    "12:30", "7:05", "09:30", "1:2:3", "190:20:30.15",
    # numbers with leading zeros, other bases, signs, underscores, exponents
    "0739", "007", "0", "-0", "+12", "1_000", "0b101", "0x1F", "0o17", "0X1f",
    "1e3", "1E-3", "1.5", ".5", "3.", ".inf", "-.INF", ".nan", ".NaN",
    # dates and times
    "2023-05-01", "2001-12-14 21:59:43", "2001-12-14t21:59:43.10-05:00",
    # YAML 1.1's merge key and value
    "<<", "=",
]
PLAIN = ["七(1)班", "0739-2345678", "T001", "no way", "yesterday", "12:30到校", "1e3x",
         "2023-5-1", "onion", "nothing", "0739号"]


def _both_readers(text: str) -> tuple[Any, Any]:
    return yaml.safe_load(text), YAML(typ="safe", pure=True).load(text)


def _last_event(path: Path) -> tuple[dict[str, Any], dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    old, new = _both_readers(text)
    return old["events"][-1], new["events"][-1], text


@pytest.mark.parametrize("word", MISREAD + PLAIN)
def test_visit_text_reads_the_same(school: Path, word: str) -> None:
    result = run(school, "visit", "add", "--by", "T001", "--date", "2022-10-20", "--", "c0001",
                 word)
    assert result.exit_code == 0, result.output
    old, new, text = _last_event(school / "children" / "c0001.yaml")
    assert old["found"] == new["found"] == word
    quoted = f"    found: '{word}'\n" in text
    assert quoted == (word in MISREAD), text[-60:]


@pytest.mark.parametrize("word", MISREAD + PLAIN)
def test_child_fields_read_the_same(school: Path, word: str) -> None:
    added = run(school, "child", "add", "--name", "曾丽", "--gender", "女", "--class", "七(1)班",
                "--type", "母亲外出", "--guardian-relation", "外祖母", "--set", f"note={word}")
    assert added.exit_code == 0, added.output
    edited = run(school, "child", "edit", "c0001", "--set", f"residence={word}")
    assert edited.exit_code == 0, edited.output
    for path, field in ((school / "children" / "c0002.yaml", "note"),
                        (school / "children" / "c0001.yaml", "residence")):
        old, new = _both_readers(path.read_text(encoding="utf-8"))
        assert old[field] == new[field] == word, path.name


@pytest.mark.parametrize("school_name", ["yes", "0739", "12:30", "Null"])
def test_init_quotes_the_school_name(tmp_path: Path, school_name: str) -> None:
    root = tmp_path / "school"
    assert run(None, "init", str(root), "--school", school_name).exit_code == 0
    old, new = _both_readers((root / "liushou.yaml").read_text(encoding="utf-8"))
    assert old["school"] == new["school"] == school_name
    assert run(root, "check").exit_code == 0


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789:._-+eExXoObByYnNtTfFaAlLsSuU~<= ", max_size=9))
def test_any_such_string_reads_back_as_itself(text: str) -> None:
    # Strings made of the characters that numbers, times, booleans and null are made of.
    written = dump_round_trip({"k": text})
    old, new = _both_readers(written)
    mine = parse_mapping(written)
    assert old["k"] == new["k"] == text, written
    assert isinstance(mine, dict) and mine["k"] == text, written


@pytest.mark.parametrize("word", MISREAD)
def test_needs_quotes(word: str) -> None:
    assert needs_quotes(word)


@pytest.mark.parametrize("word", PLAIN)
def test_needs_no_quotes(word: str) -> None:
    assert not needs_quotes(word)
