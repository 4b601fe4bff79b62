"""A new period kind is one class and its registration (docs/architecture.md, "A new duty").

每周 (Monday to Sunday) is made here, in the test only: a calendar kind whose weeks are cut
at the term's edges and owed when at least half covered, like 每月. Registered, a duty of
`period: 每周` in liushou.yaml runs through `report --overdue` with no other change; not
registered, liushou.yaml naming it is refused at load, and a duty that reaches the engine
with it anyway is an error, never a half-monthly duty.

The school is conftest's: the autumn term runs from Thursday 1 September 2022 to 20
January 2023; 王建国 (T001) leads 七(1)班, where 张小明 (c0001) is.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from liushou_cli.core.model import SchoolConfig, Staff, default_duties
from liushou_cli.core.periods import (
    PERIODS,
    CalendarPeriod,
    EverySchoolDays,
    TermSpan,
    period_words,
    register_period,
)
from liushou_cli.duties.support import SUPPORT_KINDS, ChildKind, register_support

from .conftest import duty_standings, rows_of, run
from .test_rules import TERMS, child


class Weekly(CalendarPeriod):
    """每周: Monday to Sunday."""

    def periods(self, term: TermSpan) -> list[tuple[date, date]]:
        monday = term.start - timedelta(days=term.start.weekday())
        weeks = []
        while monday <= term.end:
            weeks.append((monday, monday + timedelta(days=6)))
            monday += timedelta(days=7)
        return weeks


@pytest.fixture
def weekly() -> Iterator[None]:
    """每周 registered for the test, and no longer once it is over."""
    register_period(Weekly("每周"))
    try:
        yield
    finally:
        del PERIODS["每周"]


WEEKLY_TALK = """\
duties:
  - id: talk-weekly
    name: 班主任每周谈心
    responsible: 班主任
    applies_to: 全部
    satisfied_by: [谈心]
    period: 每周
"""


def weekly_school(school: Path, *talks: str, term_start: str = "2022-09-01") -> Path:
    """conftest's school with the weekly talk as a duty, 张小明 recorded on 1 September and
    his class teacher's talks on `talks`."""
    config = school / "liushou.yaml"
    text = config.read_text(encoding="utf-8").replace("duties:\n", WEEKLY_TALK, 1)
    config.write_text(text.replace("start: 2022-09-01", f"start: {term_start}", 1),
                      encoding="utf-8")
    card = school / "children" / "c0001.yaml"
    text = card.read_text(encoding="utf-8").replace("recorded_on: 2022-09-05",
                                                    "recorded_on: 2022-09-01")
    if talks:
        text += "events:\n" + "".join(f"  - {{type: 谈心, date: {day}, by: T001}}\n"
                                      for day in talks)
    card.write_text(text, encoding="utf-8")
    return school


def weekly_row(school: Path, as_of: str) -> dict[str, Any]:
    """张小明's row of the weekly talk on `as_of`, pending or overdue."""
    result = run(school, "report", "--overdue", "--as-of", as_of, "--duty", "talk-weekly",
                 "--due-within", "30", "-f", "json")
    assert result.exit_code in (0, 1), result.output
    rows = rows_of(result.stdout)
    assert len(rows) == 1 and rows[0]["child_id"] == "c0001"
    return {key: rows[0][key] for key in ("due", "days_overdue", "missed", "last")}


def row(due: str, days_overdue: int, missed: int, last: str | None) -> dict[str, Any]:
    return {"due": due, "days_overdue": days_overdue, "missed": missed, "last": last}


@pytest.mark.usefixtures("weekly")
def test_the_terms_first_partial_week_is_owed_from_half_its_days(school: Path) -> None:
    # Thursday 1 to Sunday 4 September is 4 of the week's 7 days: owed, and missed by Monday.
    weekly_school(school)
    assert weekly_row(school, "2022-09-05") == row("2022-09-04", 1, 1, None)


@pytest.mark.usefixtures("weekly")
def test_a_first_week_of_three_days_is_not_owed(school: Path) -> None:
    # A term from Friday 2 September has 3 days of that week, less than half: the first week
    # owed is 5 to 11 September.
    weekly_school(school, term_start="2022-09-02")
    assert weekly_row(school, "2022-09-05") == row("2022-09-11", -6, 0, None)


@pytest.mark.usefixtures("weekly")
def test_a_talk_on_a_monday_is_that_weeks(school: Path) -> None:
    # Monday 5 September opens the week of 5 to 11 September: on the 12th that week is met
    # and the next one is due on Sunday 18th.
    weekly_school(school, "2022-09-04", "2022-09-05")
    assert weekly_row(school, "2022-09-12") == row("2022-09-18", -6, 0, "2022-09-05")


@pytest.mark.usefixtures("weekly")
def test_a_talk_on_a_sunday_is_that_weeks(school: Path) -> None:
    # Sunday 18 September closes the week of 12 to 18 September (it is not the next week's
    # first day): on the 19th nothing is missed.
    weekly_school(school, "2022-09-04", "2022-09-05", "2022-09-12", "2022-09-18")
    assert weekly_row(school, "2022-09-19") == row("2022-09-25", -6, 0, "2022-09-18")


@pytest.mark.usefixtures("weekly")
def test_a_missed_week_is_overdue_from_its_sunday(school: Path) -> None:
    # No talk from 19 to 25 September: on Monday 26th overdue since Sunday 25th, one missed.
    weekly_school(school, "2022-09-04", "2022-09-05", "2022-09-12", "2022-09-18")
    assert weekly_row(school, "2022-09-26") == row("2022-09-25", 1, 1, "2022-09-18")


def period_line(school: Path, word: str) -> str:
    """liushou.yaml's first duty given the period `word`; the location `check` gives it."""
    config = school / "liushou.yaml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("period:"))
    lines[number] = f"    period: {word}\n"
    config.write_text("".join(lines), encoding="utf-8")
    return f"liushou.yaml:{number + 1}"


@pytest.mark.usefixtures("weekly")
def test_the_refusal_lists_every_registered_period(school: Path) -> None:
    where = period_line(school, "每两周")
    result = run(school, "check")
    assert result.exit_code == 1
    assert (f"{where}: 错误: 职责规则 #1 周期 的值“每两周”无效，"
            "应为：每月、每半月、每学期、天数、每周") in result.output


def test_an_unregistered_period_is_refused_at_load(school: Path) -> None:
    # Not registered (the fixture above undid it): 每周 is an unknown word like any other.
    assert "每周" not in PERIODS
    where = period_line(school, "每周")
    result = run(school, "check")
    assert result.exit_code == 1
    assert (f"{where}: 错误: 职责规则 #1 周期 的值“每周”无效，应为：每月、每半月、每学期、天数"
            in result.output)
    english = run(school, "--lang", "en", "check")
    assert (f"{where}: error: Duty rules #1 Period: “每周” is not one of: 每月, 每半月, 每学期, "
            "天数") in english.output
    report = run(school, "report", "--overdue")
    assert report.exit_code == 1 and "liushou check" in report.stderr


def test_an_unregistered_period_never_reaches_the_engine_as_half_monthly() -> None:
    # A duty built past the model's checks (model_copy does not validate) is an error.
    monthly = next(duty for duty in default_duties() if duty["id"] == "talk-monthly")
    config = SchoolConfig.model_validate({"school": "x", "duties": [monthly]})
    weekly = config.duties[0].model_copy(update={"period": "每周"})
    config = config.model_copy(update={"terms": TERMS, "duties": [weekly]})
    staff = [Staff(id="T001", name="王建国", roles=["班主任"], leads=["七(1)班"])]
    with pytest.raises(ValueError, match="每周"):
        duty_standings(config, staff, date(2022, 11, 20), [child()])


def test_a_word_or_an_id_is_registered_once() -> None:
    # A second kind under a word already taken would change the rhythm of every school's
    # duties behind their back: refused, and the first stays.
    first = PERIODS["天数"]
    with pytest.raises(ValueError, match="天数"):
        register_period(EverySchoolDays("天数"))
    assert PERIODS["天数"] is first
    assert period_words() == ("每月", "每半月", "每学期", "天数")
    plan_check = SUPPORT_KINDS["plan-check"]
    with pytest.raises(ValueError, match="plan-check"):
        register_support(ChildKind("plan-check", lambda of: []))
    assert SUPPORT_KINDS["plan-check"] is plan_check
