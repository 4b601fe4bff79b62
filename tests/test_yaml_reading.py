"""The fast reader follows YAML 1.2 core, as the round-trip editor does, so both read the
same file the same way."""

from __future__ import annotations

from liushou_cli.store.yamlio import ParseFailure, load_round_trip, parse_mapping


def test_core_schema_scalars() -> None:
    data = parse_mapping("a: yes\nb: no\nc: true\nd: 0739\ne: 2022-09-01\nf: ~\ng: 1.5\n"
                         "h: 13912345678\ni: off\n")
    assert data == {"a": "yes", "b": "no", "c": True, "d": 739, "e": "2022-09-01", "f": None,
                    "g": 1.5, "h": 13912345678, "i": "off"}


def test_same_values_as_the_round_trip_reader() -> None:
    text = ("name: 张三\nboarding: false\nage: 68\nphone: '0739-2345678'\nlist: [a, b]\n"
            "nested:\n  - x: 1\n    y: yes\n")
    assert parse_mapping(text) == load_round_trip(text)


def test_duplicate_key_is_located() -> None:
    failure = parse_mapping("name: 张三\nguardian:\n  age: 60\n  age: 61\n")
    assert isinstance(failure, ParseFailure)
    assert (failure.code, failure.line) == ("duplicate_key", 4)


def test_nesting_limit_is_a_problem_not_a_crash() -> None:
    failure = parse_mapping("a: " + "[" * 3000 + "]" * 3000)
    assert isinstance(failure, ParseFailure) and failure.code == "syntax"
