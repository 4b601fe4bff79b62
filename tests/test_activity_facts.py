"""An activity file's facts (store.activities.ActivityFacts) as the cache keeps them: one
tagged node of plain values, read back in one step; anything else is Undecodable, never
facts of the wrong shape; an unchanged folder's facts are taken without parsing a file,
and a changed or removed file is seen."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from liushou_cli.store import activities as activities_module
from liushou_cli.store.activities import ActivityFacts, activities_cache, activity_facts
from liushou_cli.store.cachecodec import Undecodable, decode_split, encode, split_node
from liushou_cli.store.layout import DataFolder

from .test_cache import HOUR_AGO, age

FACTS = ActivityFacts("集体活动", date(2022, 10, 10), ("七(1)班", "七(2)班"), ("c0001",),
                      "2022-10-10-collective.yaml", False)


def test_the_facts_are_one_tagged_node_of_plain_values() -> None:
    encoded = encode(FACTS)
    assert json.dumps(encoded, ensure_ascii=False).count("$") == 1
    tag, payload = split_node(encoded)
    assert (tag, payload) == ("ActivityFacts", ["集体活动", "2022-10-10", ["七(1)班", "七(2)班"],
                                                ["c0001"], "2022-10-10-collective.yaml", False])
    back = decode_split(tag, json.loads(json.dumps(payload)))
    assert back == FACTS and type(back.classes) is tuple and type(back.children) is tuple
    empty = FACTS._replace(classes=(), children=(), conflicted=True)
    assert decode_split(*split_node(encode(empty))) == empty


@pytest.mark.parametrize("broken", [
    lambda payload: [7, *payload[1:]],  # no kind
    lambda payload: [payload[0], "2022-13-10", *payload[2:]],  # no day
    lambda payload: [payload[0], 738800, *payload[2:]],  # a day as a number
    lambda payload: [*payload[:2], "七(1)班", *payload[3:]],  # classes as one text
    lambda payload: [*payload[:3], "c0001", *payload[4:]],  # children as one text
    lambda payload: [*payload[:4], None, payload[5]],  # no file
    lambda payload: [*payload[:5], "no"],  # conflicted not a flag
    lambda payload: payload[:5],  # cut short
])
def test_facts_of_the_wrong_shape_are_undecodable(broken: Any) -> None:
    tag, payload = split_node(encode(FACTS))
    with pytest.raises(Undecodable):
        decode_split(tag, json.loads(json.dumps(broken(payload))))


ACTIVITY = "kind: 集体活动\ndate: 2022-10-{day}\ntitle: 秋游\nby: [T001]\nclasses: [七(1)班]\n"


def two_activities(school: Path) -> Path:
    """activities/ of the school with two collective activities, 10 and 11 October, every
    file an hour old (trusted by the cache)."""
    directory = school / "activities"
    directory.mkdir(exist_ok=True)
    for day in ("10", "11"):
        (directory / f"2022-10-{day}-collective.yaml").write_text(ACTIVITY.format(day=day),
                                                                  encoding="utf-8")
    age(school)
    return directory


def test_an_unchanged_folders_facts_are_taken_without_a_parse(
        school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = DataFolder(school)
    directory = two_activities(school)
    cold = activity_facts(folder, activities_cache(folder, tmp_path))
    assert [facts.date for facts in cold] == [date(2022, 10, 10), date(2022, 10, 11)]
    assert cold == activity_facts(folder)  # as without a cache
    real = activities_module.cached_facts
    parsed: list[Path] = []

    def counted(owner: DataFolder, path: Path, *args: Any) -> Any:
        parsed.append(path)
        return real(owner, path, *args)

    monkeypatch.setattr(activities_module, "cached_facts", counted)
    assert activity_facts(folder, activities_cache(folder, tmp_path)) == cold
    assert parsed == []
    # One file changed, one removed: the changed one is read again, the other forgotten.
    changed = directory / "2022-10-11-collective.yaml"
    changed.write_text(ACTIVITY.format(day="12"), encoding="utf-8")
    os.utime(changed, (HOUR_AGO + 60, HOUR_AGO + 60))
    (directory / "2022-10-10-collective.yaml").unlink()
    warm = activity_facts(folder, activities_cache(folder, tmp_path))
    assert [facts.date for facts in warm] == [date(2022, 10, 12)] and parsed == [changed]
    cache = activities_cache(folder, tmp_path)
    assert activity_facts(folder, cache) == warm and parsed == [changed]
    assert sorted(cache.entries) == ["activities/2022-10-11-collective.yaml"]


def test_facts_are_made_for_files_the_cache_holds_as_records_only(school: Path,
                                                                   tmp_path: Path) -> None:
    # `child show` reads the activities whole (store.activities.load_activities): their
    # entries then hold records and no facts yet; the report's facts are made from them,
    # none left out.
    from liushou_cli.store.activities import load_activities

    folder = DataFolder(school)
    two_activities(school)
    loaded, problems = load_activities(folder, tmp_path)
    assert len(loaded) == 2 and problems == []
    facts = activity_facts(folder, activities_cache(folder, tmp_path))
    assert [found.date for found in facts] == [date(2022, 10, 10), date(2022, 10, 11)]
    assert facts == activity_facts(folder)
