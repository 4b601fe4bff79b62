"""No file, however broken, makes a command crash: random bytes and mangled YAML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liushou_cli.core.model import Child
from liushou_cli.core.validators import ValidationDay
from liushou_cli.store.read import model_from_bytes

from .conftest import CHILD_ID_NUMBER, CHILD_YAML

GOOD = CHILD_YAML.format(id_number=CHILD_ID_NUMBER).encode("utf-8")


def assert_reported(raw: bytes) -> None:
    child, problems = model_from_bytes(raw, Child, "children/x.yaml",
                                       ValidationDay(date(2022, 11, 20)))
    assert (child is None) == bool(problems)
    for problem in problems:
        assert problem.path == "children/x.yaml" and problem.message
        assert problem.line is None or problem.line >= 1


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    assert_reported(raw)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(GOOD) - 1), st.integers(1, 40), st.binary(max_size=8))
def test_good_file_mangled(start: int, length: int, junk: bytes) -> None:
    assert_reported(GOOD[:start] + junk + GOOD[start + length:])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["name", "gender", "class", "birth_date", "guardian", "events",
                        "key_support", "economic_sources"]),
       st.one_of(st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2), st.none(),
                 st.booleans(), st.floats(allow_nan=True)))
def test_wrong_type_at_a_field(field: str, value: object) -> None:
    import json

    text = GOOD.decode("utf-8") + f"\n{field}_override: 1\n"
    text = "\n".join(line for line in GOOD.decode("utf-8").splitlines()
                     if not line.startswith(f"{field}:"))
    text += f"\n{field}: {json.dumps(value, ensure_ascii=False)}\n"
    assert_reported(text.encode("utf-8"))


def test_deep_nesting_and_alias_bomb(tmp_path: Path) -> None:
    assert_reported(b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n")
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}]\n".encode() for i in range(8))
    assert_reported(bomb)


def test_alias_bomb_inside_a_validated_field() -> None:
    lines = ["x0: &x0 [a, a, a, a, a, a, a, a, a, a]"]
    lines += [f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 10) + "]" for i in range(1, 9)]
    text = GOOD.decode("utf-8").replace("economic_sources: [打工收入, 种养殖业]",
                                        "economic_sources: *x8")
    child, problems = model_from_bytes(("\n".join(lines) + "\n" + text).encode(), Child, "x")
    assert child is None
    assert [problem.code for problem in problems] == ["too_big"]
