"""A 生活补助 care record (care add --kind 生活补助) counts in the term's statistics, as much
as 生活补助 listed under the record's assistance: in the term it is dated in, or the term its
period names."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from .conftest import run, use_environment
from .test_cache import age


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


def test_a_subsidy_for_another_term_counts_in_that_term_only(school: Path) -> None:
    # Paid on 1 December for the spring: counted in both terms' figures before (the date's
    # and the period's), once too many in the school's and the county's totals.
    subsidy(school, "2022-12-01", "--period", "2023春")
    assert counted(school, "2022秋") == (0, 0)
    assert counted(school, "2023春") == (1, 1)


def test_listed_assistance_and_a_subsidy_count_the_child_once(school: Path) -> None:
    assert run(school, "child", "edit", "c0001", "--set", "assistance=生活补助").exit_code == 0
    subsidy(school, "2022-10-08")
    assert counted(school, "2022秋") == (1, 1)


def counted_on(school: Path, term: str, as_of: str) -> tuple[int, int]:
    result = run(school, "report", "--stats", "--term", term, "--as-of", as_of, "-f", "json")
    assert result.exit_code == 0, result.output
    figures = {row["figure"]: row["count"] for row in json.loads(result.stdout)["school"]}
    return figures["assistance:生活补助"], figures["hardship"]


def test_a_subsidy_counts_from_the_day_it_is_dated(school: Path) -> None:
    # Looked at before it was paid, a subsidy was already counted.
    subsidy(school, "2022-12-01")
    assert counted_on(school, "2022秋", "2022-11-30") == (0, 0)
    assert counted_on(school, "2022秋", "2022-12-01") == (1, 1)


def test_a_subsidy_paid_in_the_holiday_for_the_term_before_counts_from_its_day(
        school: Path) -> None:
    # Paid in the winter holiday for the autumn term: the term's figures count it once it
    # was paid (the term's other figures are those of its last day, whatever holiday day).
    subsidy(school, "2023-02-01", "--period", "2022秋")
    assert counted_on(school, "2022秋", "2023-01-20") == (0, 0)
    assert counted_on(school, "2022秋", "2023-01-31") == (0, 0)
    assert counted_on(school, "2022秋", "2023-02-01") == (1, 1)
    assert counted(school, "2022秋") == (1, 1)


def test_a_subsidy_paid_ahead_counts_in_its_term_from_the_first_day(school: Path) -> None:
    subsidy(school, "2022-08-20", "--period", "2022秋")  # in the summer holiday
    assert counted_on(school, "2022秋", "2022-09-01") == (1, 1)

def added(school: Path, day: str, *extra: str) -> tuple[str, str]:
    result = run(school, "care", "add", "c0001", "--kind", "生活补助", "--policy",
                 "家庭经济困难寄宿生生活补助", "--amount", "625", *extra, "--date", day,
                 "--by", "王建国")
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def checked(school: Path) -> str:
    result = run(school, "check")
    assert result.exit_code == 0, result.output
    return result.output


def line_of(school: Path, start: str) -> int:
    lines = (school / "children" / "c0001.yaml").read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if line.lstrip().startswith(start)][-1]


def test_a_subsidy_in_a_holiday_without_a_period_is_saved_and_said_to_count_nowhere(
        school: Path) -> None:
    out, err = added(school, "2023-02-01")
    assert "已添加" in out or "c0001" in out
    assert err == ("警告：2023-02-01 的生活补助不计入任何学期的统计：日期不在 liushou.yaml 的学期"
                   "（2022秋、2023春）之内，也没有写补助期间；请写上学期名称，如 补助期间 2023春\n")
    assert "policy: 家庭经济困难寄宿生生活补助" in (school / "children" / "c0001.yaml").read_text(
        encoding="utf-8")
    assert (f"children/c0001.yaml:{line_of(school, 'date: 2023-02-01')}: 警告: 2023-02-01 的生活补助"
            "不计入任何学期的统计") in checked(school)
    assert counted(school, "2022秋") == (0, 0) and counted(school, "2023春") == (0, 0)


def test_a_period_that_names_no_term_is_said_at_its_line(school: Path) -> None:
    _, err = added(school, "2023-02-01", "--period", "2023春季")
    assert "补助期间“2023春季”也不是学期名称；请改成学期名称，如 2023春" in err
    assert (f"children/c0001.yaml:{line_of(school, 'period: 2023春季')}: 警告: "
            "2023-02-01 的生活补助不计入任何学期的统计") in checked(school)


def test_a_period_that_names_no_term_on_a_day_in_a_term_says_the_day_is_in_it(
        school: Path) -> None:
    # Paid on 10 October with a period of "2022秋季": the day is in 2022秋, but a period
    # decides the term, and this one names none. The warning said the date was in none of
    # the terms, and offered the last term (2023春) as the name to write.
    _, err = added(school, "2022-10-10", "--period", "2022秋季")
    assert err == ("警告：2022-10-10 的生活补助不计入任何学期的统计：补助期间“2022秋季”不是学期名称"
                   "（写了补助期间，就只计入它写的学期）；请改成学期名称，如 2022秋\n")
    assert (f"children/c0001.yaml:{line_of(school, 'period: 2022秋季')}: 警告: "
            "2022-10-10 的生活补助不计入任何学期的统计：补助期间“2022秋季”不是学期名称") in checked(school)
    english = run(school, "--lang", "en", "check")
    assert ("warning: the living subsidy of 2022-10-10 counts in no term's figures: its period "
            "\"2022秋季\" is no term's name (a subsidy with a period counts only in the term "
            "it names); write the term's name, such as 2022秋\n") in english.output


@pytest.mark.parametrize("day", ["2022-09-01", "2023-01-20"])  # the term's first and last day
def test_a_wrong_period_on_a_terms_edge_names_that_term(school: Path, day: str) -> None:
    _, err = added(school, day, "--period", "2022秋季")
    assert err == (f"警告：{day} 的生活补助不计入任何学期的统计：补助期间“2022秋季”不是学期名称"
                   "（写了补助期间，就只计入它写的学期）；请改成学期名称，如 2022秋\n")


@pytest.mark.parametrize(("day", "period"), [
    ("2023-02-01", ("--period", "2023春")),  # a holiday, the term named
    ("2023-01-20", ()),  # the autumn term's last day
    ("2023-02-20", ()),  # the spring term's first
])
def test_a_subsidy_that_some_term_counts_is_not_warned_of(school: Path, day: str,
                                                          period: tuple[str, ...]) -> None:
    _, err = added(school, day, *period)
    assert err == ""
    assert "生活补助不计入" not in checked(school)


@pytest.mark.parametrize("day", ["2023-01-21", "2023-02-19"])
def test_the_days_just_outside_the_terms_are_warned_of(school: Path, day: str) -> None:
    _, err = added(school, day)
    assert f"{day} 的生活补助不计入任何学期的统计" in err


def test_an_illness_in_a_holiday_is_no_subsidy_to_warn_of(school: Path) -> None:
    result = run(school, "care", "add", "c0001", "感冒", "--date", "2023-02-01", "--by", "王建国")
    assert result.exit_code == 0 and result.stderr == ""
    assert "不计入" not in checked(school)


def test_in_english_the_warning_names_the_terms() -> None:
    from liushou_cli.core.model import Subsidy, Term
    from liushou_cli.i18n import say, set_lang
    from liushou_cli.reports.stats import subsidy_in_no_term, subsidy_no_term_message

    record = Subsidy.model_validate({"type": "生活补助", "date": "2023-02-01", "by": "T001",
                                     "policy": "补助", "period": "寒假"})
    terms = [Term.model_validate({"name": "2022秋", "start": "2022-09-01", "end": "2023-01-20"})]
    assert not subsidy_in_no_term(record, [])  # no terms: nothing to count it in
    assert subsidy_in_no_term(record, terms)
    set_lang("en")
    try:
        assert say(subsidy_no_term_message(record, terms)) == (
            "the living subsidy of 2023-02-01 counts in no term's figures: its date is in none "
            "of liushou.yaml's terms (2022秋) and its period \"寒假\" is no term's name; write "
            "the term's name, such as 2022秋")
    finally:
        set_lang("zh")


def test_the_warning_follows_the_terms_when_they_change(school: Path) -> None:
    # check keeps each child's findings in the cache: a term moved to take in the day the
    # subsidy was paid must end the warning, not leave the one worked out before.
    added(school, "2023-02-01")
    age(school)  # old enough for the cache to keep what check found
    assert "生活补助不计入" in checked(school)
    assert "生活补助不计入" in checked(school)  # from the cache
    config = school / "liushou.yaml"
    text = config.read_text(encoding="utf-8")
    assert text.count("2023-02-20") == 1
    config.write_text(text.replace("2023-02-20", "2023-01-30"), encoding="utf-8")
    assert "生活补助不计入" not in checked(school)


def test_a_broken_liushou_yaml_leaves_the_saved_subsidy_saved(school: Path) -> None:
    # The warning needs the terms; a liushou.yaml that cannot be read is check's to name,
    # not a failure of the entry just saved.
    config = school / "liushou.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "terms: [\n", encoding="utf-8")
    out, err = added(school, "2023-02-01")
    assert err == ""
    assert "生活补助 2023-02-01" in out
    assert "date: 2023-02-01" in (school / "children" / "c0001.yaml").read_text(encoding="utf-8")


def test_the_example_term_is_the_last_of_liushou_yaml() -> None:
    from liushou_cli.core.model import Subsidy, Term
    from liushou_cli.i18n import say
    from liushou_cli.reports.stats import subsidy_no_term_message

    record = Subsidy.model_validate({"type": "生活补助", "date": "2023-07-20", "by": "T001",
                                     "policy": "补助"})
    terms = [Term.model_validate({"name": name, "start": start, "end": end})
             for name, start, end in (("2022秋", "2022-09-01", "2023-01-20"),
                                      ("2023春", "2023-02-20", "2023-07-07"),
                                      ("2023秋", "2023-09-01", "2024-01-19"))]
    assert say(subsidy_no_term_message(record, terms)).endswith("如 补助期间 2023秋")
