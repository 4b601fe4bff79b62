"""A 生活补助 care record (care add --kind 生活补助) counts in the term's statistics, as much
as 生活补助 listed under the record's assistance: in the term it is dated in, or the term its
period names."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from .conftest import run, use_environment


@pytest.fixture(autouse=True)
def recorded_last_term(school: Path) -> None:
    """The child recorded last term; today is 2023-03-01, the day the figures are read as of,
    so that every subsidy below (up to the spring term) lies in the past."""
    use_environment(today=date(2023, 3, 1))
    path = school / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("recorded_on: 2022-09-05",
                                                             "recorded_on: 2022-05-10"),
                    encoding="utf-8")


def subsidy(school: Path, day: str, *period: str) -> None:
    result = run(school, "care", "add", "c0001", "--kind", "生活补助", "--policy",
                 "家庭经济困难寄宿生生活补助", "--amount", "625", *period, "--date", day,
                 "--by", "王建国")
    assert result.exit_code == 0, result.output


def counted(school: Path, term: str) -> tuple[int, int]:
    result = run(school, "report", "--stats", "--term", term, "--as-of", "2023-03-01",
                 "-f", "json")
    assert result.exit_code == 0, result.output
    figures = {row["figure"]: row["count"] for row in json.loads(result.stdout)["school"]}
    return figures["assistance:生活补助"], figures["hardship"]


@pytest.mark.parametrize(("day", "autumn", "spring"), [
    ("2022-09-01", (1, 1), (0, 0)),  # the first day of the autumn term
    ("2023-01-20", (1, 1), (0, 0)),  # its last day
    ("2023-02-20", (0, 0), (1, 1)),  # the first day of spring
])
def test_a_subsidy_counts_in_the_term_it_is_dated_in(school: Path, day: str,
                                                     autumn: tuple[int, int],
                                                     spring: tuple[int, int]) -> None:
    subsidy(school, day)
    assert counted(school, "2022秋") == autumn
    assert counted(school, "2023春") == spring


def test_a_subsidy_counts_in_the_term_its_period_names(school: Path) -> None:
    subsidy(school, "2023-02-01", "--period", "2023春")  # paid in the winter holiday
    assert counted(school, "2022秋") == (0, 0)
    assert counted(school, "2023春") == (1, 1)


def test_listed_assistance_and_a_subsidy_count_the_child_once(school: Path) -> None:
    assert run(school, "child", "edit", "c0001", "--set", "assistance=生活补助").exit_code == 0
    subsidy(school, "2022-10-08")
    assert counted(school, "2022秋") == (1, 1)
