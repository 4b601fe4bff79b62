"""The school's settings as commands read them (core.settings): the same values as the
validated liushou.yaml, field by field and default by default; a dump this code would not
make is Unfit (and the file is validated instead); settings unchanged since the cache kept
them come back without pydantic."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from liushou_cli.core import model, settings
from liushou_cli.core.model import SchoolConfig
from liushou_cli.core.settings import (
    APPLIES_TO,
    RESPONSIBLE,
    SchoolSettings,
    Unfit,
    settings_dump,
    settings_from_dump,
    settings_of,
)
from liushou_cli.store import read as store_read
from liushou_cli.store.cache import FileCache, cache_path
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import school_settings, signature
from liushou_cli.store.yamlio import parse_mapping

from .test_cache import age

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example" / "liushou.yaml"

# Every field of the settings and of each model in them given a value.
EVERYTHING = """\
conflicts:
  - field: census_days
    ours: {value: 14, removed: false, by: 李芳, date: 2022-10-01}
    theirs: {value: [1, 二, {三: 3, 四: null}], removed: true, by: 王建国, date: 2022-10-02}
school: 城关中学
county: 城关县
terms:
  - {name: 2022秋, start: 2022-09-01, end: 2023-01-15}
  - {name: 2023春, start: 2023-02-13, end: 2023-07-10}
duties:
  - id: talk-monthly
    name: 班主任每月谈心
    short: 谈心
    responsible: 班主任
    applies_to: 全部
    satisfied_by: [谈心]
    period: 每月
    grace_days: 3
  - id: parent-contact
    name: 定期联系外出父母
    responsible: 代理家长
    applies_to: 重点帮扶
    satisfied_by: [联系父母]
    period: 天数
    days: 30
census_days: 21
support:
  tutor_limit: 3
  iep_days: 10
  parent_meeting: false
  collective_activity: false
care_themes:
  - {year: 2022, theme: 安全教育}
incident_kinds:
  - name: 走失
    steps: [{step: 报告校长, hours: 1}, {step: 联系家长, hours: 2}]
    key_support: true
    care_days: 30
"""


def validated(text: str) -> SchoolConfig:
    return SchoolConfig.model_validate(parse_mapping(text))


def same(plain: object, record: object) -> None:
    """The plain settings hold what the validated record holds, all the way down."""
    if isinstance(record, BaseModel):
        assert type(plain).__name__ == ("SchoolSettings" if isinstance(record, SchoolConfig)
                                        else type(record).__name__)
        assert {f.name for f in dataclasses.fields(plain)} == set(type(record).model_fields)
        for name in type(record).model_fields:
            same(getattr(plain, name), getattr(record, name))
    elif isinstance(record, list):
        assert isinstance(plain, list) and len(plain) == len(record)
        for one, other in zip(plain, record, strict=True):
            same(one, other)
    else:
        assert type(plain) is type(record) and plain == record


# Each model of the settings with only what it requires: every default taken.
LEAST = """\
school: 城关中学
duties:
  - {id: talk, name: 谈心, responsible: 班主任, satisfied_by: [谈心], period: 每月}
incident_kinds:
  - {name: 走失, steps: [{step: 报告校长, hours: 1}]}
care_themes:
  - {year: 2022, theme: 安全教育}
terms:
  - {name: 2022秋, start: 2022-09-01, end: 2023-01-15}
conflicts:
  - {field: county, ours: {}, theirs: {removed: true}}
"""


@pytest.mark.parametrize("text", [EXAMPLE.read_text(encoding="utf-8"), EVERYTHING, LEAST,
                                  "school: 城关中学\n"])
def test_the_settings_hold_what_validation_makes(text: str) -> None:
    config = validated(text)
    same(settings_of(config), config)
    assert settings_from_dump(settings_dump(config)) == settings_of(config)


def fields_set(record: BaseModel, found: dict[type, set[str]]) -> dict[type, set[str]]:
    """Each model's fields set somewhere in `record`, by model."""
    found.setdefault(type(record), set()).update(record.model_fields_set)
    for name in type(record).model_fields:
        value = getattr(record, name)
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, BaseModel):
                fields_set(one, found)
    return found


PAIRS = [(SchoolConfig, SchoolSettings)] + [
    (getattr(model, name), getattr(settings, name))
    for name in ("Conflict", "ConflictSide", "Term", "Duty", "SupportSettings", "CareTheme",
                 "IncidentKind", "IncidentStepRule")]


def test_the_sample_sets_every_field_of_every_model_in_the_settings() -> None:
    # So that the test above meets every field: one added to the model later and not here
    # fails, not a teacher's report.
    found = fields_set(validated(EVERYTHING), {})
    assert set(found) == {record for record, _ in PAIRS}
    for record, names in found.items():
        assert names == set(record.model_fields), record.__name__


@pytest.mark.parametrize(("record", "plain"), PAIRS, ids=lambda pair: pair.__name__)
def test_each_default_is_the_model_s(record: type[BaseModel], plain: type) -> None:
    # An unset field in liushou.yaml is left out of the dump: the plain class fills it in.
    fields = {f.name: f for f in dataclasses.fields(plain)}
    assert set(fields) == set(record.model_fields)
    for name, info in record.model_fields.items():
        ours = fields[name]
        if info.is_required():
            assert ours.default is dataclasses.MISSING, name
            assert ours.default_factory is dataclasses.MISSING, name
            continue
        expected = (info.default_factory() if info.default_factory is not None  # type: ignore[call-arg]
                    else info.default)
        assert expected is not PydanticUndefined
        given = (ours.default_factory() if ours.default_factory is not dataclasses.MISSING
                 else ours.default)
        if isinstance(expected, BaseModel):
            same(given, expected)
        else:
            assert given == expected, name


def test_the_choices_are_the_model_s() -> None:
    assert get_args(model.Duty.model_fields["responsible"].annotation) == RESPONSIBLE
    assert get_args(model.Duty.model_fields["applies_to"].annotation) == APPLIES_TO


def test_dates_come_back_as_dates() -> None:
    found = settings_from_dump(settings_dump(validated(EVERYTHING)))
    assert found.terms[0].start == date(2022, 9, 1)
    assert found.conflicts[0].theirs.date == date(2022, 10, 2)
    assert found.conflicts[0].theirs.value == [1, "二", {"三": 3, "四": None}]




def _damaged(change: Any) -> Any:
    kept = settings_dump(validated(EVERYTHING))
    change(kept)
    return kept


@pytest.mark.parametrize("change", [
    lambda kept: kept.update(extra=1),  # a field the model does not have
    lambda kept: kept.pop("census_days"),  # a field missing: the dump has every one
    lambda kept: kept["duties"][0].pop("grace_days"),
    lambda kept: kept["incident_kinds"][0]["steps"][0].update(extra=1),
    lambda kept: kept["terms"][0].update(extra=1),  # ... nor the term's
    lambda kept: kept.pop("school"),  # a required field missing
    lambda kept: kept["duties"][0].pop("period"),  # ... a duty's
    lambda kept: kept.update(census_days="21"),  # text for a number
    lambda kept: kept.update(census_days=True),  # a flag for a number
    lambda kept: kept.update(census_days=21.0),  # a float for a whole number
    lambda kept: kept["support"].update(parent_meeting=0),  # a number for a flag
    lambda kept: kept.update(school=5),  # a number for text
    lambda kept: kept.update(county=5),  # ... where None may stand
    lambda kept: kept["terms"][0].update(start="2022-9-1"),  # not ISO
    lambda kept: kept["terms"][0].update(start="2022-02-30"),  # no such day
    lambda kept: kept["terms"][0].update(start=20220901),  # not text
    lambda kept: kept["duties"][0].update(responsible="校长"),  # not one of the choices
    lambda kept: kept["duties"][0].update(applies_to="某些"),  # ... nor this
    lambda kept: kept["duties"][0].update(satisfied_by="谈心"),  # not a list
    lambda kept: kept["duties"][0].update(satisfied_by=[1]),  # not a list of text
    lambda kept: kept.update(terms={"2022秋": {}}),  # a mapping for a list
    lambda kept: kept.update(support=[]),  # a list for a mapping
    lambda kept: kept["duties"][0].update(days="30"),  # X | None: neither
    lambda kept: kept["incident_kinds"][0].update(steps=[{"step": "报告"}]),  # hours missing
    lambda kept: kept["conflicts"][0]["ours"].update(value={1: 2}),  # a key not text
    lambda kept: kept["conflicts"][0]["ours"].update(value=(1, 2)),  # not JSON's
])
def test_a_dump_this_code_would_not_make_is_unfit(change: Any) -> None:
    with pytest.raises(Unfit):
        settings_from_dump(_damaged(change))


@pytest.mark.parametrize("kept", [None, [], "school: 城关中学", 5, {"school": "城关中学"}])
def test_not_a_mapping_is_unfit(kept: Any) -> None:
    with pytest.raises(Unfit):
        settings_from_dump(kept)


def test_reading_the_settings_imports_no_pydantic() -> None:
    # What a report answered from the cache does with liushou.yaml: put back from the dump.
    dump = settings_dump(validated(EVERYTHING))
    script = ("import sys; from liushou_cli.core.settings import settings_from_dump; "
              f"settings_from_dump({dump!r}); print('pydantic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


# ---- through the cache ------------------------------------------------------------------

def _meta(root: Path, cache_dir: Path) -> FileCache:
    return FileCache(DataFolder(root), cache_path(DataFolder(root), cache_dir).with_suffix(
        ".meta.cache"))


def _first_read(school: Path, tmp_path: Path) -> tuple[DataFolder, Path, FileCache, Any]:
    """The school's folder, a new private cache folder, the meta cache opened in it, and
    what school_settings gave the first time (its record and problems)."""
    age(school)
    folder, cache_dir = DataFolder(school), tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    meta = _meta(school, cache_dir)
    return folder, cache_dir, meta, school_settings(folder, meta)


def test_unchanged_settings_come_back_without_validation(
        school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, cache_dir, meta, (first, problems) = _first_read(school, tmp_path)
    meta.save()
    assert first is not None and problems == []
    from_file, _ = store_read.read_model(folder.config_path, SchoolConfig, "liushou.yaml")
    assert from_file is not None
    same(first, from_file)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated")

    monkeypatch.setattr(SchoolConfig, "model_validate_json", refused)
    monkeypatch.setattr(store_read, "read_model", refused)
    again, problems = school_settings(folder, _meta(school, cache_dir))
    assert again is not None and problems == []
    assert again == first


def test_kept_settings_this_code_would_not_keep_are_validated_again(
        school: Path, tmp_path: Path) -> None:
    folder, cache_dir, meta, (first, _) = _first_read(school, tmp_path)
    assert first is not None
    entry = meta.get("liushou.yaml", signature(folder.config_path.lstat()))
    assert entry is not None
    entry.remember("settings:1", {"school": 5})
    meta.save()
    again, problems = school_settings(folder, _meta(school, cache_dir))
    # The record store's record, validated again, and its settings made from it.
    assert again is not None and problems == []
    assert again == first


def test_a_broken_settings_file_says_so_from_the_cache_too(school: Path, tmp_path: Path) -> None:
    (school / "liushou.yaml").write_text("school: [\n", encoding="utf-8")
    folder, cache_dir, meta, (config, problems) = _first_read(school, tmp_path)
    meta.save()
    assert config is None and [p.path for p in problems] == ["liushou.yaml"]
    config, again = school_settings(folder, _meta(school, cache_dir))
    assert config is None and [(p.path, p.line) for p in again] == [
        (p.path, p.line) for p in problems]
