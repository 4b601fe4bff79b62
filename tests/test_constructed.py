"""The settings put back from the dump the cache keeps, without building their validator:
the same record as validation makes, to the fields set; a dump this code would not make is
Unfit (and the file's record is validated instead); a warm report builds no model for them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field

from liushou_cli.core.constructed import Unfit, constructed
from liushou_cli.core.model import Record, SchoolConfig
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


def dump(config: BaseModel) -> Any:
    return config.model_dump(mode="json", by_alias=True, exclude_unset=True)


def same(left: BaseModel, right: BaseModel) -> None:
    """Equal, with the same fields set, all the way down."""
    assert type(left) is type(right) and left == right and repr(left) == repr(right)
    assert left.model_fields_set == right.model_fields_set
    for name in type(left).model_fields:
        ours, theirs = getattr(left, name), getattr(right, name)
        for one, other in zip(ours if isinstance(ours, list) else [ours],
                              theirs if isinstance(theirs, list) else [theirs], strict=True):
            if isinstance(one, BaseModel):
                same(one, other)


def fields_set(record: BaseModel, found: dict[type, set[str]]) -> dict[type, set[str]]:
    """Each model's fields set somewhere in `record`, by model."""
    found.setdefault(type(record), set()).update(record.model_fields_set)
    for name in type(record).model_fields:
        value = getattr(record, name)
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, BaseModel):
                fields_set(one, found)
    return found


@pytest.mark.parametrize("text", [EXAMPLE.read_text(encoding="utf-8"), EVERYTHING,
                                  "school: 城关中学\n"])
def test_put_back_as_validation_makes_it(text: str) -> None:
    config = validated(text)
    same(constructed(SchoolConfig, dump(config)), config)


def test_the_sample_sets_every_field_of_every_model_in_the_settings() -> None:
    # So that the test above meets every form of field the settings use: one added later
    # of a form constructed() does not know fails here, not in a teacher's report.
    found = fields_set(validated(EVERYTHING), {})
    assert {model.__name__ for model in found} == {
        "SchoolConfig", "Conflict", "ConflictSide", "Term", "Duty", "SupportSettings",
        "CareTheme", "IncidentKind", "IncidentStepRule"}
    for model, names in found.items():
        assert names == set(model.model_fields), model.__name__


def test_dates_come_back_as_dates() -> None:
    config = constructed(SchoolConfig, dump(validated(EVERYTHING)))
    assert config.terms[0].start == date(2022, 9, 1)
    assert config.conflicts[0].theirs.date == date(2022, 10, 2)
    assert config.conflicts[0].theirs.value == [1, "二", {"三": 3, "四": None}]


def _damaged(change: Any) -> Any:
    kept = dump(validated(EVERYTHING))
    change(kept)
    return kept


@pytest.mark.parametrize("change", [
    lambda kept: kept.update(extra=1),  # a field the model does not have
    lambda kept: kept.pop("school"),  # a required field missing
    lambda kept: kept.update(census_days="21"),  # text for a number
    lambda kept: kept.update(census_days=True),  # a flag for a number
    lambda kept: kept.update(census_days=21.0),  # a float for a whole number
    lambda kept: kept["support"].update(parent_meeting=0),  # a number for a flag
    lambda kept: kept.update(school=5),  # a number for text
    lambda kept: kept["terms"][0].update(start="2022-9-1"),  # not ISO
    lambda kept: kept["terms"][0].update(start="2022-02-30"),  # no such day
    lambda kept: kept["terms"][0].update(start=20220901),  # not text
    lambda kept: kept["duties"][0].update(responsible="校长"),  # not one of the choices
    lambda kept: kept["duties"][0].update(satisfied_by="谈心"),  # not a list
    lambda kept: kept.update(terms={"2022秋": {}}),  # a mapping for a list
    lambda kept: kept.update(support=[]),  # a list for a model
    lambda kept: kept["duties"][0].update(days="30"),  # X | None: neither
    lambda kept: kept["conflicts"][0]["ours"].update(value={1: 2}),  # a key not text
])
def test_a_dump_this_code_would_not_make_is_unfit(change: Any) -> None:
    with pytest.raises(Unfit):
        constructed(SchoolConfig, _damaged(change))


@pytest.mark.parametrize("kept", [None, [], "school: 城关中学", 5])
def test_not_a_mapping_is_unfit(kept: Any) -> None:
    with pytest.raises(Unfit):
        constructed(SchoolConfig, kept)


class _Odd(Record):
    number: int | str = 0
    ratio: float = 0.5
    rows: dict[int, str] = Field(default_factory=dict)
    kind: Literal[1, "1"] = 1
    counts: dict[str, int] = Field(default_factory=dict)
    pair: tuple[int, int] = (0, 0)


# A union of two types (None too: it is no option of theirs), a float (a mapping for one
# too), a mapping keyed by numbers, a tuple: not put back by guess.
@pytest.mark.parametrize("kept", [{"number": 1}, {"number": None}, {"ratio": 0.5},
                                  {"ratio": {}}, {"rows": {}}, {"pair": [1, 2]}])
def test_forms_the_settings_do_not_use_are_unfit(kept: dict[str, Any]) -> None:
    with pytest.raises(Unfit):
        constructed(_Odd, kept)


def test_a_mapping_of_text_is_put_back_checked() -> None:
    # No field of the settings is such a mapping today; one added later is put back so.
    assert constructed(_Odd, {"counts": {"七(1)班": 3}}).counts == {"七(1)班": 3}
    for wrong in ({"七(1)班": "3"}, [["七(1)班", 3]]):
        with pytest.raises(Unfit):
            constructed(_Odd, {"counts": wrong})


def test_a_literal_matches_by_type_too() -> None:
    assert constructed(_Odd, {"kind": "1"}).kind == "1"
    with pytest.raises(Unfit):
        constructed(_Odd, {"kind": True})  # True == 1, but not the choice 1


def test_a_missing_field_with_a_default_takes_it() -> None:
    config = constructed(SchoolConfig, {"school": "城关中学"})
    assert config.census_days == 14 and config.model_fields_set == {"school"}


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
    same(first, from_file)  # the fields the file sets, and only those, count as set

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated")

    monkeypatch.setattr(SchoolConfig, "model_validate_json", refused)
    monkeypatch.setattr(store_read, "read_model", refused)
    again, problems = school_settings(folder, _meta(school, cache_dir))
    assert again is not None and problems == []
    same(again, first)


def test_kept_settings_this_code_would_not_keep_are_validated_again(
        school: Path, tmp_path: Path) -> None:
    folder, cache_dir, meta, (first, _) = _first_read(school, tmp_path)
    assert first is not None
    entry = meta.get("liushou.yaml", signature(folder.config_path.lstat()))
    assert entry is not None
    entry.remember("settings:1", {"school": 5})
    meta.save()
    again, problems = school_settings(folder, _meta(school, cache_dir))
    # The record store's record, validated from its whole dump: every field counts as set.
    assert again is not None and problems == []
    assert again == first and repr(again) == repr(first)
    assert again.model_fields_set == set(SchoolConfig.model_fields)


def test_a_broken_settings_file_says_so_from_the_cache_too(school: Path, tmp_path: Path) -> None:
    (school / "liushou.yaml").write_text("school: [\n", encoding="utf-8")
    folder, cache_dir, meta, (config, problems) = _first_read(school, tmp_path)
    meta.save()
    assert config is None and [p.path for p in problems] == ["liushou.yaml"]
    config, again = school_settings(folder, _meta(school, cache_dir))
    assert config is None and [(p.path, p.line) for p in again] == [
        (p.path, p.line) for p in problems]
