"""The fast reader follows YAML 1.2 core, as the round-trip editor does, so both read the
same file the same way; but for a number written with leading zeros, which it reads as the
text typed (a landline, a student number: the core schema drops the zeros). Every record is
validated from what the fast reader makes, the editor's round trip only keeps the text."""

from __future__ import annotations

from pathlib import Path

from liushou_cli.store.yamlio import ParseFailure, load_round_trip, parse_mapping


def test_core_schema_scalars() -> None:
    data = parse_mapping("a: yes\nb: no\nc: true\nd: 0739\ne: 2022-09-01\nf: ~\ng: 1.5\n"
                         "h: 13912345678\ni: off\n")
    assert data == {"a": "yes", "b": "no", "c": True, "d": "0739", "e": "2022-09-01", "f": None,
                    "g": 1.5, "h": 13912345678, "i": "off"}


def test_a_number_with_leading_zeros_is_text_and_the_rest_are_numbers() -> None:
    data = parse_mapping("a: 0012345\nb: 0\nc: -0\nd: 10\ne: +7\nf: 007.5\ng: -012\n")
    assert data == {"a": "0012345", "b": 0, "c": 0, "d": 10, "e": 7, "f": 7.5, "g": "-012"}


def test_same_values_as_the_round_trip_reader() -> None:
    text = ("name: 张三\nboarding: false\nage: 68\nphone: '0739-2345678'\nlist: [a, b]\n"
            "nested:\n  - x: 1\n    y: yes\n")
    assert parse_mapping(text) == load_round_trip(text)


def test_duplicate_key_is_located() -> None:
    failure = parse_mapping("name: 张三\nguardian:\n  age: 60\n  age: 61\n")
    assert isinstance(failure, ParseFailure)
    assert (failure.code, failure.line) == ("duplicate_key", 4)


def test_unclosed_bracket_is_said_in_chinese() -> None:
    failure = parse_mapping("id: c0001\nname: [张三\nclass: 七(1)班\n")
    assert isinstance(failure, ParseFailure)
    assert "方括号“[”没有闭合" in failure.message and "did not find" not in failure.message


def test_nesting_limit_is_a_problem_not_a_crash() -> None:
    failure = parse_mapping("a: " + "[" * 3000 + "]" * 3000)
    assert isinstance(failure, ParseFailure) and failure.code == "syntax"


ODD_TEXTS = [
    "a: 1\nb: -2\nc: +3\nd: 007\n",
    "a: !!str 12\nb: !!int '12'\nc: !!bool yes\nd: !!float 1\ne: !!null x\n",
    "a: 1.5\nb: .5\nc: 1e3\nd: -2.\n",
    "base: &b {x: 1}\nother: *b\n",
    "<<: {x: 1}\ny: 2\n",
    "1: one\n'1': other\n",
    "2: two\n02: zwei\n",
    "~: nothing\nnull: again\n",
    "? [a, b]\n: list key\n",
    "? {a: 1}\n: map key\n",
    "t: true\nf: False\nn: NULL\ne:\n",
    "d: 2022-09-01\nts: !!timestamp 2022-09-01\n",
    "bin: !!binary aGVsbG8=\n",
    "custom: !thing x\n",
    "s: !!set {a, b}\n",
    "- a\n- b\n",
    "just text\n",
    "",
    "a: 1\n---\nb: 2\n",
    "a: [1, {b: [2, {c: null}]}]\nempty: []\nnone: {}\n",
    "quoted: 'true'\ndouble: \"12\"\nblock: |\n  line\n  two\nfolded: >\n  a\n  b\n",
]


def test_the_plain_walk_agrees_with_pyyaml_everywhere() -> None:
    # parse_mapping walks libyaml's node tree itself and leaves anything unusual to PyYAML's
    # safe constructor: both must give the same value, or fail the same way.
    import yaml

    from liushou_cli.store import yamlio

    root = Path(__file__).resolve().parents[1] / "data-example"
    texts = ODD_TEXTS + [path.read_text(encoding="utf-8") for path in root.rglob("*.yaml")]
    for text in texts:
        try:
            expected: object = yaml.load(text, Loader=yamlio._FastLoader)
        except Exception as error:  # the same failure, by type
            expected = type(error)
        try:
            found: object = yamlio._load(text)
        except Exception as error:
            found = type(error)
        assert found == expected, text[:80]
