"""What the census duty reads of a term's census file (duties.census.CensusFacts), kept in
the cache beside the file: the day's census rows the same from the facts as from the file,
an unchanged census not read back, a changed one seen, a broken one an error at its line;
the facts one tagged node of plain values, anything else Undecodable."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import CensusFile
from liushou_cli.duties.census import (
    CensusFacts,
    ClassCensusFacts,
    census_facts,
    load_census_facts,
)
from liushou_cli.store import read as store_read
from liushou_cli.store.cachecodec import Undecodable, decode_split, encode, split_node
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import load_census, meta_cache

from .conftest import run
from .test_cache import HOUR_AGO, age
from .test_warm_path import probe

CENSUS = ("term: 2022秋\nclasses:\n  七(1)班:\n    enrolled: 40\n"
          "  七(2)班:\n    enrolled: 38\n    by: T001\n    finished: 2022-09-10\n"
          "  七(3)班: {}\n")
FACTS = CensusFacts("2022秋", {"七(1)班": ClassCensusFacts(40, None),
                              "七(2)班": ClassCensusFacts(38, date(2022, 9, 10)),
                              "七(3)班": ClassCensusFacts(None, None)})
REPORT = ("report", "--overdue", "--as-of", "2022-11-20", "-f", "csv")


def with_census(school: Path, text: str = CENSUS) -> Path:
    path = school / "censuses" / "2022秋.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_facts_are_the_files_enrolled_totals_and_finished_days(school: Path) -> None:
    with_census(school)
    census = load_census(DataFolder(school), "2022秋")
    assert census_facts(census) == FACTS
    assert load_census_facts(DataFolder(school), "2022秋") == FACTS
    assert load_census_facts(DataFolder(school), "2023春") == CensusFacts("2023春", {})
    assert census_facts(CensusFile(term="2023春")) == CensusFacts("2023春", {})


def test_the_facts_are_one_tagged_node_of_plain_values() -> None:
    encoded = encode(FACTS)
    assert json.dumps(encoded, ensure_ascii=False).count("$") == 1
    tag, payload = split_node(encoded)
    assert (tag, payload) == ("CensusFacts", ["2022秋", {"七(1)班": [40, None],
                                                        "七(2)班": [38, "2022-09-10"],
                                                        "七(3)班": [None, None]}])
    back = decode_split(tag, json.loads(json.dumps(payload)))
    assert back == FACTS and all(type(found) is ClassCensusFacts for found in back.classes.values())


@pytest.mark.parametrize("broken", [
    lambda payload: [7, payload[1]],  # no term
    lambda payload: [payload[0], [["七(1)班", 40, None]]],  # classes not a mapping
    lambda payload: [payload[0], {"七(1)班": ["40", None]}],  # a total as text
    lambda payload: [payload[0], {"七(1)班": [40.0, None]}],  # a total not whole
    lambda payload: [payload[0], {"七(1)班": [40, 20220910]}],  # a day as a number
    lambda payload: [payload[0], {"七(1)班": [40, "2022-09-31"]}],  # no such day
    lambda payload: [payload[0], {"七(1)班": [40]}],  # cut short
    lambda payload: [payload[0]],
])
def test_facts_of_the_wrong_shape_are_undecodable(broken: Any) -> None:
    tag, payload = split_node(encode(FACTS))
    with pytest.raises(Undecodable):
        decode_split(tag, json.loads(json.dumps(broken(payload))))


def test_an_unchanged_census_is_not_read_again_a_changed_one_is(
        school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = DataFolder(school)
    path = with_census(school)
    age(school)

    def facts() -> CensusFacts:  # through the meta cache, saved as a command saves it
        cache = meta_cache(folder, tmp_path)
        found = load_census_facts(folder, "2022秋", cache)
        cache.save()
        return found

    assert facts() == FACTS
    read: list[Path] = []
    real = store_read.read_model

    def counted(where: Path, *args: Any) -> Any:
        read.append(where)
        return real(where, *args)

    monkeypatch.setattr(store_read, "read_model", counted)
    assert facts() == FACTS and read == []
    path.write_text(CENSUS.replace("    enrolled: 40\n", "    enrolled: 41\n    finished: "
                                   "2022-09-12\n"), encoding="utf-8")
    os.utime(path, (HOUR_AGO + 60, HOUR_AGO + 60))
    assert facts().classes["七(1)班"] == ClassCensusFacts(41, date(2022, 9, 12)) and read == [path]
    assert facts().classes["七(1)班"].enrolled == 41 and read == [path]
    # The census read whole (the term's figures) after its facts: its record from the cache.
    whole = load_census(folder, "2022秋", meta_cache(folder, tmp_path))
    assert whole.classes["七(1)班"].enrolled == 41 and read == [path]


def test_a_broken_census_is_an_error_at_its_line(school: Path, tmp_path: Path) -> None:
    with_census(school, CENSUS.replace("enrolled: 38", "enrolled: many"))
    folder = DataFolder(school)
    for cache in (None, meta_cache(folder, tmp_path), meta_cache(folder, tmp_path)):
        with pytest.raises(LiushouError) as error:
            load_census_facts(folder, "2022秋", cache)
        assert (error.value.path, error.value.line) == ("censuses/2022秋.yaml", 6)


def test_the_days_census_rows_come_from_the_facts_warm_as_cold(school: Path) -> None:
    # A class not finished owes its census (a row per child not checked, one for a class
    # without its total); once the file says it finished, the warm report says so too.
    path = with_census(school, CENSUS.replace("  七(1)班:\n    enrolled: 40\n", "  七(1)班: {}\n"))
    age(school)
    cold = run(school, "--no-cache", *REPORT)
    first, warm = run(school, *REPORT), run(school, *REPORT)
    assert cold.stdout == first.stdout == warm.stdout
    assert census_classes(warm.stdout) == ["七(1)班", "七(3)班"]  # no total; 七(2)班 finished
    path.write_text(CENSUS.replace("    enrolled: 40\n", "    enrolled: 40\n    finished: "
                                   "2022-09-12\n"), encoding="utf-8")
    os.utime(path, (HOUR_AGO + 60, HOUR_AGO + 60))
    after = run(school, *REPORT)
    assert census_classes(after.stdout) == ["七(3)班"]
    assert after.stdout == run(school, "--no-cache", *REPORT).stdout


def test_a_child_not_checked_is_named_in_its_census_row(school: Path) -> None:
    # A child recorded before the term and not yet checked owes its census: the row names
    # the child, by id and name, warm as cold.
    child = school / "children" / "c0001.yaml"
    child.write_text(child.read_text(encoding="utf-8").replace(
        "recorded_on: 2022-09-05", "recorded_on: 2022-06-01"), encoding="utf-8")
    with_census(school)
    age(school)
    cold = run(school, "--no-cache", *REPORT).stdout
    run(school, *REPORT)
    warm = run(school, *REPORT).stdout
    assert cold == warm
    assert [line for line in warm.splitlines() if ",census," in line and "c0001" in line] == [
        "c0001,张小明,七(1)班,census,T001,,2022-09-15,66,学期初摸底,王建国,0"]


def census_classes(csv_text: str) -> list[str]:
    """The classes of the census rows of a report's csv."""
    return [line.split(",")[2] for line in csv_text.splitlines() if ",census," in line]


def test_a_warm_report_builds_no_census_model(school: Path) -> None:
    with_census(school)
    age(school)
    probe(school, *REPORT)
    output, seen = probe(school, *REPORT)
    assert seen == ["built", "loaded"]
    assert output == probe(school, "--no-cache", *REPORT)[0]


# ---- the term figures' sheet (reports.terms.CensusSheet) -------------------------------------
def _sheet() -> Any:
    from liushou_cli.reports.terms import CensusSheet, ClassSheet

    return CensusSheet("2022秋", {"七(1)班": ClassSheet(40, date(2022, 9, 10), {"left_behind": 12}),
                                  "七(2)班": ClassSheet(None, None, {})})


def test_a_sheet_comes_back_as_it_was_kept() -> None:
    sheet = _sheet()
    tag, payload = split_node(encode(sheet))
    assert decode_split(tag, json.loads(json.dumps(payload))) == sheet


@pytest.mark.parametrize("broken", [
    lambda payload: [7, payload[1]],  # no term
    lambda payload: [payload[0], [["七(1)班", 40, None, {}]]],  # classes not a mapping
    lambda payload: [payload[0], {"七(1)班": ["40", None, {}]}],  # a total as text
    lambda payload: [payload[0], {"七(1)班": [40, None, [["left_behind", 12]]]}],  # counts a list
    lambda payload: [payload[0], {"七(1)班": [40, None, {"left_behind": "12"}]}],  # a count as text
    lambda payload: [payload[0], {"七(1)班": [40, "2022-09-31", {}]}],  # no such day
    lambda payload: [payload[0], {"七(1)班": [40, None]}],  # cut short
])
def test_a_sheet_of_the_wrong_shape_is_undecodable(broken: Any) -> None:
    tag, payload = split_node(encode(_sheet()))
    with pytest.raises(Undecodable):
        decode_split(tag, json.loads(json.dumps(broken(payload))))
