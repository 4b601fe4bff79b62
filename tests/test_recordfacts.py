"""A child's stored record read back as plain facts (core.recordfacts): the same table of fields
as the models, the same values field by field, the same duty rows from the rules, and a new
day's turned children worked out from them without pydantic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from pydantic import BaseModel

from liushou_cli.core import model
from liushou_cli.core.model import Child
from liushou_cli.core.recordfacts import (
    SCHEMA,
    ChildFacts,
    Facts,
    NotFacts,
    PairingFacts,
    facts_dump,
    record_facts,
)
from liushou_cli.core.validators import ValidationDay
from liushou_cli.duties.day import DayDuties
from liushou_cli.reports.support import CaseloadDerivation
from liushou_cli.store.activities import activity_facts
from liushou_cli.store.cache import facts_from_blob, record_blob
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import load_dataset

from .test_reports_from_cache import example  # noqa: F401  (a fixture)
from .test_warm_path import PROBE, probe

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
READ_ON = date(2023, 7, 31)
UNIONS = {"Event": ("Visit", "Talk", "Contact", "CensusCheck"),
          "Care": ("Illness", "Subsidy", "Aid")}


# ---- the table is the models' ------------------------------------------------------------------
def child_facts(body: str | bytes) -> Any:
    """A child's stored JSON as the facts the rules read in place of its model."""
    return record_facts("Child", body)


def _kind(annotation: Any) -> str:
    """A field's kind as core.recordfacts names it, from the model's annotation."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _kind(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        kinds = {_kind(arg) for arg in members}
        for union, names in UNIONS.items():
            if kinds == set(names):
                return union
        assert len(kinds) == 1, annotation  # int | float: plain
        return kinds.pop()
    if origin is list:
        inner = _kind(get_args(annotation)[0])
        return {"plain": "plain", "date": "dates"}.get(inner, f"[{inner}]")
    if origin is Literal or annotation is Any or annotation in (str, int, float, bool):
        return "plain"
    if annotation is datetime:
        return "moment"
    if annotation is date:
        return "date"
    assert isinstance(annotation, type) and issubclass(annotation, BaseModel), annotation
    return annotation.__name__


def _table(model_class: type[BaseModel]) -> dict[str, tuple[str, str]]:
    return {field.alias or name: (name, _kind(field.annotation))
            for name, field in model_class.model_fields.items()}


def models_table() -> dict[str, dict[str, tuple[str, str]]]:
    """core.recordfacts.SCHEMA as the models say it: every record kind a child holds, a union
    of records one table of its members' fields (which must agree where they meet)."""
    tables: dict[str, dict[str, tuple[str, str]]] = {}
    todo = ["Child", "Activity", "StaffFile"]
    while todo:
        kind = todo.pop()
        if kind in tables:
            continue
        if kind in UNIONS:
            merged: dict[str, tuple[str, str]] = {}
            for member in UNIONS[kind]:
                for key, field in _table(getattr(model, member)).items():
                    assert merged.setdefault(key, field) == field, (kind, key)
            tables[kind] = merged
        else:
            tables[kind] = _table(getattr(model, kind))
        todo += [field_kind.strip("[]") for _, field_kind in tables[kind].values()
                 if field_kind not in ("plain", "date", "moment", "dates")]
    return tables


def test_the_table_of_fields_is_the_models() -> None:
    # A field added to a model, renamed, or of another kind fails here until the table
    # says it too: the facts never lack what the rules could read of the model.
    found = models_table()
    assert found.keys() == SCHEMA.keys()
    for kind, table in found.items():
        assert SCHEMA[kind] == table, kind


def test_the_models_own_members_are_the_facts_too() -> None:
    # A property or method our models define (not pydantic's) is one the facts have.
    facts_class = {"Child": ChildFacts, "Pairing": PairingFacts}
    for kind in SCHEMA:
        for name in UNIONS.get(kind, (kind,)):
            model_class = getattr(model, name)
            own = {member for member in vars(model_class)
                   if not member.startswith("_") and member not in model_class.model_fields
                   and member not in ("model_config", "model_fields", "model_computed_fields")}
            missing = {member for member in own
                       if not hasattr(facts_class.get(kind, Facts), member)}
            assert not missing, (name, missing)


# ---- the facts are the model -----------------------------------------------------------------
def assert_same(facts: Any, record: Any, where: str = "child") -> None:
    """The facts hold what the model holds, field by field, of the same types."""
    if isinstance(record, BaseModel):
        assert isinstance(facts, Facts), where
        assert list(vars(facts)) == list(vars(record)) or set(vars(facts)) == set(vars(record)), \
            (where, set(vars(facts)) ^ set(vars(record)))
        for name, value in vars(record).items():
            assert_same(vars(facts)[name], value, f"{where}.{name}")
    elif isinstance(record, list):
        assert type(facts) is list and len(facts) == len(record), where
        for index, (one, other) in enumerate(zip(facts, record, strict=True)):
            assert_same(one, other, f"{where}[{index}]")
    else:
        assert type(facts) is type(record) and facts == record, (where, facts, record)


def example_children() -> list[Child]:
    data = load_dataset(DataFolder(EXAMPLE), today=READ_ON)
    return [item.child for item in data.children]


def as_stored(child: Child) -> tuple[str, Child]:
    """The child's JSON as the record store keeps it, and the model read back from it."""
    body = child.model_dump_json(by_alias=True)
    return body, Child.model_validate_json(body, context=ValidationDay(READ_ON))


def every_kind_child() -> Child:
    """An example child with a record of every kind the examples leave out: a conflict
    whose sides hold a date and a list, a disability, a closed incident."""
    found = next(child for child in example_children() if child.incidents and child.care)
    data = json.loads(found.model_dump_json(by_alias=True))
    data["disability"] = {"category": "视力", "grade": None}
    data["conflicts"] = [{"field": "guardian.phone",
                          "ours": {"value": "2022-11-01", "removed": False, "by": "T001",
                                   "date": "2022-11-02"},
                          "theirs": {"value": ["a", 1], "removed": True, "by": None,
                                     "date": None}}]
    return Child.model_validate(data, context=ValidationDay(READ_ON))


def test_each_example_childs_facts_are_its_model_read_back() -> None:
    children = [*example_children(), every_kind_child()]
    kinds: set[str] = set()
    for child in children:
        body, record = as_stored(child)
        assert_same(child_facts(body), record, child.id)
        kinds |= {entry.type for entry in child.events} | {entry.type for entry in child.care}
    # The examples hold every kind of entry and of care record, moments, IEP review dates.
    assert kinds >= {"谈心", "家访", "联系", "患病", "生活补助", "其他帮扶"}
    assert any(plan.plan is not None for child in children for plan in child.individual_plans)
    assert any(step for child in children for incident in child.incidents
               for step in incident.steps)


def test_the_facts_dumped_are_the_models_json_data_key_for_key() -> None:
    # `child show --format json/csv` from facts: the same keys in the same order, no empty
    # field, dates and moments as the file writes them.
    for child in [*example_children(), every_kind_child()]:
        body, record = as_stored(child)
        expected = record.model_dump(mode="json", by_alias=True, exclude_none=True)
        assert json.dumps(facts_dump(child_facts(body)), ensure_ascii=False) == json.dumps(
            expected, ensure_ascii=False), child.id


def test_an_activity_and_the_staff_file_read_back_as_their_models() -> None:
    folder = DataFolder(EXAMPLE)
    activities = [model.Activity.model_validate(parsed) for parsed in
                  (_parsed(path) for path in folder.activity_files())]
    assert len(activities) > 5
    for activity in activities:
        body = activity.model_dump_json(by_alias=True)
        assert_same(record_facts("Activity", body), model.Activity.model_validate_json(body))
        assert facts_dump(record_facts("Activity", body), "Activity") == activity.model_dump(
            mode="json", by_alias=True, exclude_none=True)
    staff = model.StaffFile.model_validate(_parsed(folder.staff_path))
    body = staff.model_dump_json(by_alias=True)
    assert_same(record_facts("StaffFile", body), model.StaffFile.model_validate_json(body))
    assert len(vars(record_facts("StaffFile", body))["staff"]) > 10
    with pytest.raises(NotFacts):  # a child's JSON is no staff file
        record_facts("StaffFile", as_stored(every_kind_child())[0])


def _parsed(path: Path) -> Any:
    from liushou_cli.store.yamlio import parse_mapping

    return parse_mapping(path.read_text(encoding="utf-8"))


def test_facts_show_their_kind_and_fields_when_printed() -> None:
    # What a failed assertion or a debugger shows of facts: the kind and every field.
    facts = child_facts(as_stored(every_kind_child())[0])
    shown = repr(facts)
    assert shown.startswith("ChildFacts({'id': ") and repr(vars(facts)) in shown
    assert repr(facts.pairings[0]).startswith("PairingFacts({")


def test_the_facts_properties_answer_as_the_models() -> None:
    days = [date(2022, 9, 1), date(2022, 11, 20), date(2023, 1, 1)]
    for child in example_children():
        facts = child_facts(child.model_dump_json(by_alias=True))
        assert (facts.active, facts.with_grandparents) == (child.active, child.with_grandparents)
        for pairing, kept in zip(child.pairings, facts.pairings, strict=True):
            edges = [pairing.date, *([pairing.ended] if pairing.ended else [])]
            for day in [*days, *edges, *(date.fromordinal(edge.toordinal() - 1)
                                         for edge in edges)]:
                assert kept.open_on(day) == pairing.open_on(day), (child.id, day)


@pytest.mark.parametrize("day", ["2022-09-01", "2022-11-20", "2022-12-07", "2022-12-28",
                                 "2023-01-01", "2023-01-20", "2023-03-13", "2023-06-30"])
def test_the_rules_give_each_child_the_same_rows_from_its_facts(day: str) -> None:
    folder = DataFolder(EXAMPLE)
    data = load_dataset(folder, today=READ_ON)
    assert data.config is not None
    duties = DayDuties(data.config, data.staff, date.fromisoformat(day), activity_facts(folder))
    caseload = CaseloadDerivation(duties)
    rows = 0
    for item in data.children:
        facts = child_facts(item.child.model_dump_json(by_alias=True))
        share = duties(item.child)
        assert duties(facts) == share, item.file_name
        assert caseload(facts) == caseload(item.child), item.file_name
        rows += len(share.rows)
    assert rows > 50


# ---- what is not a child's record ---------------------------------------------------------
@pytest.mark.parametrize("damage", [
    lambda data: data.pop("events"),                        # a key missing
    lambda data: data.update(extra=1),                      # one too many
    lambda data: data.update(recorded_on="2022-13-01"),     # not a date
    lambda data: data["events"].append({"date": "2022-11-01"}),  # an entry without its type
    lambda data: data["events"].append({"type": "谈心", "when": 1}),  # a key of no entry
    lambda data: data.update(pairings={"role": "代理家长"}),  # not a list
    lambda data: data["incidents"].append({"at": "yesterday"}),  # not an incident
])
def test_json_that_is_not_a_childs_record_is_refused(damage: Any) -> None:
    child = every_kind_child()
    data = json.loads(child.model_dump_json(by_alias=True))
    child_facts(json.dumps(data))  # whole, it is one
    damage(data)
    with pytest.raises(NotFacts):
        child_facts(json.dumps(data))
    with pytest.raises(NotFacts):
        child_facts(b"{not json")


def test_a_blob_of_another_file_or_model_gives_no_facts() -> None:
    child = every_kind_child()
    sig = (1, 2, 3, 4)
    blob = record_blob("c.yaml", sig, child)
    assert isinstance(facts_from_blob(blob, "c.yaml", sig), ChildFacts)
    assert facts_from_blob(blob, "d.yaml", sig) is None
    assert facts_from_blob(blob, "c.yaml", (1, 2, 3, 5)) is None
    other = blob.replace(b'"Child"]', b'"Activity"]', 1)
    assert other != blob and facts_from_blob(other, "c.yaml", sig) is None
    assert facts_from_blob(blob[:-20], "c.yaml", sig) is None
    assert facts_from_blob(b"", "c.yaml", sig) is None
    # JSON nested past the parser's depth (a damaged or forged store) is no record either:
    # the file is read, no traceback.
    head = blob.partition(b"\n")[0]
    assert facts_from_blob(head + b"\n" + b"[" * 200_000 + b"]" * 200_000, "c.yaml", sig) is None


# ---- a new day's turned children -----------------------------------------------------------
def test_a_turned_child_whose_stored_record_is_gone_is_read_from_its_file(
        example: Path) -> None:  # noqa: F811
    # The record store rewritten (or damaged) since the snapshot: the turned child's file is
    # parsed and validated instead, and the rows are the same.
    args = ("report", "--overdue", "-f", "csv")
    probe(example, *args, "--as-of", "2022-12-05")
    stores = list(Path(os.environ["LIUSHOU_CACHE_DIR"]).glob("*.records"))
    assert stores
    for store in stores:
        store.write_bytes(b"\0" * store.stat().st_size)
    output, seen = probe(example, *args, "--as-of", "2022-12-07")
    assert "Child" in seen[0].split(), seen  # read from its file, validated
    assert output == probe(example, "--no-cache", *args, "--as-of", "2022-12-07")[0]


# ---- child show from the cache ----------------------------------------------------------------
SHOWN = "2020090103"  # pairings, a learning plan, care records, talks, visits, contacts


@pytest.mark.parametrize("extra", [(), ("--format", "json"), ("--format", "csv"),
                                   ("--sensitive", "--incidents"), ("--lang", "en")])
def test_child_show_from_a_warm_cache_builds_no_record(example: Path,  # noqa: F811
                                                       extra: tuple[str, ...]) -> None:
    # The child, its class teachers and the activities of its timeline come from the cache
    # as plain facts: no pydantic, no YAML parser, and the card the uncached command shows.
    probe(example, "child", "list")  # fills the children's cache
    probe(example, "activity", "list")  # and the activities'
    args = ("child", "show", SHOWN, *extra)
    probe(example, *args)  # and staff.yaml's
    output, seen = probe(example, *args)
    assert seen == ["built", "loaded"], seen
    assert output == probe(example, "--no-cache", *args)[0]
    assert SHOWN in output and len(output) > 500


def test_child_show_reads_a_file_changed_since_the_cache(example: Path) -> None:  # noqa: F811
    probe(example, "child", "list")
    path = example / "children" / f"{SHOWN}.yaml"
    text = path.read_text(encoding="utf-8")
    name = text.split("name: ", 1)[1].split("\n", 1)[0]
    path.write_text(text.replace(f"name: {name}", "name: 改过的名字", 1), encoding="utf-8")
    output, seen = probe(example, "child", "show", SHOWN)
    assert "Child" in seen[0].split(), seen  # read from its file, validated
    assert "改过的名字" in output and name not in output


def test_child_show_with_its_stored_record_gone_reads_the_file(example: Path) -> None:  # noqa: F811
    probe(example, "child", "list")
    for store in Path(os.environ["LIUSHOU_CACHE_DIR"]).glob("*.records"):
        store.write_bytes(b"\0" * store.stat().st_size)
    output, seen = probe(example, "child", "show", SHOWN)
    assert "Child" in seen[0].split(), seen
    assert output == probe(example, "--no-cache", "child", "show", SHOWN)[0]


@pytest.mark.parametrize("text", ["name", "pinyin", "ambiguous", "unknown"])
def test_child_show_by_name_searches_the_listing_and_builds_no_record(
        example: Path, text: str) -> None:  # noqa: F811
    # A teacher types the name more often than the id: the search reads the listing's facts
    # (kept by `child list`), the child found comes from the cache as facts; a name that fits
    # several children, or none, says so as the uncached command does.
    name = (example / "children" / f"{SHOWN}.yaml").read_text(encoding="utf-8").split(
        "name: ", 1)[1].split("\n", 1)[0]
    asked = {"name": name, "pinyin": _pinyin(name), "ambiguous": name[0],
             "unknown": "没有这个人"}[text]
    probe(example, "child", "list")
    probe(example, "activity", "list")
    probe(example, "child", "show", SHOWN)  # staff.yaml's facts kept
    done = subprocess.run([sys.executable, "-c", PROBE, "--data", str(example), "child", "show",
                           asked], capture_output=True, text=True, check=False)
    uncached = subprocess.run([sys.executable, "-c", PROBE, "--data", str(example),
                               "--no-cache", "child", "show", asked],
                              capture_output=True, text=True, check=False)
    lines = done.stdout.splitlines()
    assert (lines[:-2], done.stderr) == (uncached.stdout.splitlines()[:-2], uncached.stderr)
    if text in ("name", "pinyin"):
        assert lines[-2:] == ["built", "loaded"], lines[-2:]
        assert SHOWN in done.stdout
    else:
        assert done.stderr.strip() and SHOWN not in done.stdout


def _pinyin(name: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name))


def test_child_show_in_this_process_reads_no_file_once_the_cache_holds_them(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    # The same as the processes above, where a mutation run sees it: with the listing, the
    # activities and staff.yaml cached, child show by id and by name reads no file's record
    # (every reader that parses or validates one is made to fail) and prints the card,
    # json and csv the uncached command prints.
    from liushou_cli.lookup import finder
    from liushou_cli.store import activities, read

    from .conftest import run

    name = (example / "children" / f"{SHOWN}.yaml").read_text(encoding="utf-8").split(
        "name: ", 1)[1].split("\n", 1)[0]
    for setup in (("child", "list"), ("activity", "list"), ("child", "show", SHOWN)):
        assert run(example, *setup).exit_code == 0
    asked = [(SHOWN,), (name,), (SHOWN, "--format", "json"), (name, "--format", "csv"),
             (SHOWN, "--sensitive", "--incidents")]
    expected = [run(example, "--no-cache", "child", "show", *args) for args in asked]

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a file was read")

    for module in (finder, read):
        monkeypatch.setattr(module, "read_model", refuse)
    for module in (read, activities):
        monkeypatch.setattr(module, "cached_model", refuse)
    for args, uncached in zip(asked, expected, strict=True):
        shown = run(example, "child", "show", *args)
        assert (shown.exit_code, shown.stdout, shown.stderr) == (
            0, uncached.stdout, uncached.stderr), args
        assert SHOWN in shown.stdout
