"""Dates that cannot be right: `check` warns about them with the field's label and line, and a
term in a year like 9999 is refused with a clear line instead of crashing a report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.model import Term

from .conftest import CHILD_ID_NUMBER, CHILD_YAML, run, snapshot

ENTRY = """\
events:
  - type: 谈心
    date: {day}
    by: T001
    topic: 学习
"""


def write_child(root: Path, extra: str = "", **replace: str) -> None:
    text = CHILD_YAML.format(id_number=CHILD_ID_NUMBER)
    for old, new in replace.items():
        text = text.replace(old, new)
    (root / "children" / "c0001.yaml").write_text(text + extra, encoding="utf-8")


def check_on(root: Path, day: date) -> tuple[int, list[str]]:
    before = snapshot(root)
    result = run(root, "check", today=day)
    assert snapshot(root) == before
    lines = [line for line in result.output.splitlines() if "c0001.yaml" in line]
    return result.exit_code, lines


def test_entry_after_today_is_flagged(school: Path) -> None:
    write_child(school, ENTRY.format(day="2022-11-21"))
    assert check_on(school, date(2022, 11, 21)) == (0, [])
    code, lines = check_on(school, date(2022, 11, 20))
    assert code == 0  # a warning: the record is still usable
    assert lines == ["children/c0001.yaml:33: 警告: 记录 #1 日期 2022-11-21 在今天（2022-11-20）"
                     "之后，请核对"]


def test_entry_before_recorded_on_is_flagged(school: Path) -> None:
    write_child(school, ENTRY.format(day="2022-09-05"))
    assert check_on(school, date(2022, 11, 20)) == (0, [])
    write_child(school, ENTRY.format(day="2022-09-04"))
    assert check_on(school, date(2022, 11, 20))[1] == [
        "children/c0001.yaml:33: 警告: 记录 #1 日期 2022-09-04 早于建档日期 2022-09-05，请核对"]


def test_recorded_on_in_the_future(school: Path) -> None:
    write_child(school)  # recorded 2022-09-05
    assert check_on(school, date(2022, 9, 5)) == (0, [])
    write_child(school, **{"recorded_on: 2022-09-05": "recorded_on: 9999-12-31"})
    code, lines = check_on(school, date(2022, 11, 20))
    assert (code, lines) == (0, ["children/c0001.yaml:29: 警告: 建档日期 9999-12-31 在今天"
                                 "（2022-11-20）之后，请核对"])


def test_birth_date_of_a_pupil_a_generation_ago(school: Path) -> None:
    write_child(school)  # born 2011-03-15
    assert check_on(school, date(2036, 3, 15)) == (0, [])  # exactly 25 years
    code, lines = check_on(school, date(2036, 3, 16))
    assert (code, lines) == (0, ["children/c0001.yaml:5: 警告: 出生日期 2011-03-15 距今已超过 "
                                 "25 年，不像在读学生的出生日期，请核对"])


def test_birth_date_in_the_future_stays_an_error(school: Path) -> None:
    write_child(school, **{"birth_date: 2011-03-15\n": "birth_date: 2999-03-15\n",
                           f"id_number: '{CHILD_ID_NUMBER}'\n": ""})
    result = run(school, "check")
    assert result.exit_code == 1
    assert "children/c0001.yaml:5: 错误: 出生日期 2999-03-15 在今天之后" in result.output


def test_a_birth_date_after_today_is_not_saved(school: Path) -> None:
    # The day is the environment's: born "tomorrow" is refused, born today is kept.
    before = snapshot(school)
    new = ("child", "add", "--name", "李四", "--gender", "女", "--class", "七(1)班",
           "--type", "其他", "--birth")
    refused = run(school, *new, "2022-11-21", today=date(2022, 11, 20))
    assert (refused.exit_code, refused.stderr) == (
        1, "未保存：出生日期 2022-11-21 在今天之后\n")
    edit = ("child", "edit", "c0001", "--set", "id_number=", "--set", "birth_date=2022-11-21")
    refused = run(school, *edit, today=date(2022, 11, 20))
    assert (refused.exit_code, refused.stderr) == (
        1, "未保存：children/c0001.yaml:5: 出生日期 2022-11-21 在今天之后\n")
    assert snapshot(school) == before
    assert run(school, *new, "2022-11-21", today=date(2022, 11, 21)).exit_code == 0
    assert run(school, *edit, today=date(2022, 11, 21)).exit_code == 0


@pytest.mark.parametrize(("since", "said"), [
    ("2011-03-14", "children/c0001.yaml:10: 错误: 留守起始 2011-03-14 早于出生日期 2011-03-15"),
    ("2022-11-21", "children/c0001.yaml:10: 错误: 留守起始 2022-11-21 在今天之后"),
])
def test_left_behind_before_birth_or_after_today_is_an_error(school: Path, since: str,
                                                             said: str) -> None:
    # 留守起始 was taken as any date: 2005 for a child born in 2011, or years ahead.
    write_child(school, **{"left_behind_type: 双亲外出\n":
                           f"left_behind_type: 双亲外出\nleft_behind_since: {since}\n"})
    assert check_on(school, date(2022, 11, 20)) == (1, [said])


@pytest.mark.parametrize("since", ["2011-03-15", "2022-11-20"])
def test_left_behind_from_birth_or_from_today_is_kept(school: Path, since: str) -> None:
    write_child(school, **{"left_behind_type: 双亲外出\n":
                           f"left_behind_type: 双亲外出\nleft_behind_since: {since}\n"})
    assert check_on(school, date(2022, 11, 20)) == (0, [])


def test_left_behind_since_is_refused_before_it_is_saved(school: Path) -> None:
    before = snapshot(school)
    new = ("child", "add", "--name", "李四", "--gender", "女", "--class", "七(1)班",
           "--type", "其他", "--birth", "2011-01-01", "--since")
    for since, said in (("2010-12-31", "留守起始 2010-12-31 早于出生日期 2011-01-01"),
                        ("2022-11-21", "留守起始 2022-11-21 在今天之后")):
        refused = run(school, *new, since, today=date(2022, 11, 20))
        assert (refused.exit_code, refused.stderr) == (1, f"未保存：{said}\n")
    assert snapshot(school) == before


def _term_9999(root: Path) -> None:
    config = root / "liushou.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    end: 2023-07-10\n", "    end: 2023-07-10\n"
                                   "  - name: 9999秋\n    start: 9999-09-01\n"
                                   "    end: 9999-12-31\n"), encoding="utf-8")


@pytest.mark.parametrize("args", [
    ("report", "--overdue", "--as-of", "2022-11-20"),
    ("report", "--caseload", "--as-of", "2022-11-20"),
    ("report", "--stats", "--term", "2022秋"),
    ("report", "--stats", "--terms", "all"),
    ("census", "status", "--term", "2022秋"),
])
def test_term_in_year_9999_is_refused_not_a_crash(school: Path, args: tuple[str, ...]) -> None:
    _term_9999(school)
    before = snapshot(school)
    result = run(school, *args)
    assert result.exit_code == 1
    assert result.output.endswith("liushou.yaml 有错误，请先运行 liushou check\n")
    assert len(result.output.splitlines()) == 1
    assert snapshot(school) == before


def test_check_names_both_dates_of_a_term_in_9999(school: Path) -> None:
    _term_9999(school)
    result = run(school, "check")
    assert result.exit_code == 1
    assert "liushou.yaml:16: 错误: 学期 #3 结束 9999-12-31 的年份不对" in result.output


@pytest.mark.parametrize(("year", "ok"), [(1999, False), (2000, True), (2100, True),
                                          (2101, False)])
def test_term_year_bounds(year: int, ok: bool) -> None:
    data = {"name": "x", "start": f"{year}-03-01", "end": f"{year}-06-30"}
    if ok:
        assert Term.model_validate(data).start.year == year
    else:
        with pytest.raises(ValueError, match="year_range"):
            Term.model_validate(data)


def test_calendar_never_overflows() -> None:
    # A term built without validation (as a future caller might): the clock still answers.
    term = Term.model_construct(name="x", start=date(9999, 9, 1), end=date(9999, 12, 31))
    calendar = SchoolCalendar.of([term])
    assert calendar.day_at(10_000) == date.max
    assert calendar.day_at(calendar.ordinal(date(9999, 12, 31))) == date(9999, 12, 31)
