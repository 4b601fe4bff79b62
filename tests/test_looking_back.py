"""The reports looked at on another day (`--as-of`, `--term`): each counts what was so on
that day, as the overdue report does (docs/duties.md, rule 3), each rule at its edge day."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from .conftest import rows_of, run


def ok(root: Path, *args: str) -> str:
    result = run(root, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def report(root: Path, as_of: str, *args: str) -> list[Any]:
    rows: list[Any] = rows_of(ok(root, "report", "--as-of", as_of, "-f", "json", *args))
    return rows


# ---- report --caseload: the overdue column is the overdue report's ------------------------------
def caseload_due(root: Path, as_of: str) -> dict[str | None, tuple[int, int]]:
    """Each caseload row's (due within 14 days, overdue)."""
    return {row["staff_id"]: (row["due_soon"], row["overdue"])
            for row in report(root, as_of, "--caseload")}


def overdue_due(root: Path, as_of: str, teacher: str) -> tuple[int, int, int]:
    """The overdue report of one teacher: (due within 14 days, overdue, of which incident
    steps)."""
    rows = report(root, as_of, "--by", teacher, "--due-within", "14")
    return (sum(1 for row in rows if row["days_overdue"] <= 0),
            sum(1 for row in rows if row["days_overdue"] > 0),
            sum(1 for row in rows if row["duty"] == "incident" and row["days_overdue"] > 0))


def add_incident(root: Path, by: str) -> None:
    # Steps due at 15:30 (报告校长), 16:30 (报告公安), 11-21 14:30 (联系监护人), 11-27 14:30 (复查).
    ok(root, "incident", "add", "c0001", "--kind", "疑似遭受侵害", "--at", "2022-11-20 14:30",
       "--seen", "手臂有淤青", "--action", "安抚并留在学校", "--by", by)


def test_caseload_counts_an_incidents_steps_for_whoever_recorded_it(school: Path) -> None:
    add_incident(school, "李芳")
    # The day before the incident: 王建国's class duties (census, monthly talk, contact
    # with the parents), 李芳's talks as proxy parent.
    assert overdue_due(school, "2022-11-19", "T001") == (0, 3, 0)
    assert overdue_due(school, "2022-11-19", "T002") == (0, 1, 0)
    assert caseload_due(school, "2022-11-19") == {"T001": (0, 3), "T002": (0, 1)}
    # Its day, to its last minute: two steps past their hour, one due that day, the review
    # in 6 days. The steps are 李芳's, who recorded it; the follow-up of its care record
    # (due 2022-12-04) is the class teacher's.
    assert overdue_due(school, "2022-11-20", "T002") == (2, 3, 2)
    assert overdue_due(school, "2022-11-20", "T001") == (1, 3, 0)
    assert caseload_due(school, "2022-11-20") == {"T001": (1, 3), "T002": (2, 3)}
    # The day after: the guardian not yet called either.
    assert overdue_due(school, "2022-11-21", "T002") == (1, 4, 3)
    assert caseload_due(school, "2022-11-21") == {"T001": (1, 3), "T002": (1, 4)}
    one = rows_of(ok(school, "report", "--caseload", "--as-of", "2022-11-21", "--by", "李芳",
                     "-f", "json"))
    assert [(row["staff_id"], row["children"], row["proxy_parent"], row["overdue"])
            for row in one] == [("T002", 1, 1, 4)]
    out = ok(school, "report", "--caseload", "--as-of", "2022-11-21", "--class", "七(1)班")
    assert out.splitlines()[-1] == "截至 2022-11-21：2 位教师；逾期 7 项，14 天内到期 2 项"


def test_caseload_counts_the_steps_of_an_incident_recorded_by_the_class_teacher(
        school: Path) -> None:
    add_incident(school, "王建国")
    assert overdue_due(school, "2022-11-21", "T001") == (2, 6, 3)
    assert caseload_due(school, "2022-11-21") == {"T001": (2, 6), "T002": (0, 1)}


# ---- report --stats: a term is counted as of its last day at the latest -------------------------
def add_child(root: Path, child_id: str, recorded_on: str, klass: str = "七(1)班",
              more: str = "") -> None:
    """A left-behind child of `klass`, recorded on `recorded_on` (`more`: more lines)."""
    (root / "children" / f"{child_id}.yaml").write_text(
        f"id: {child_id}\nname: 学生{child_id[-2:]}\ngender: 女\nclass: {klass}\n"
        f"left_behind_type: 父亲外出\nrecorded_on: {recorded_on}\n{more}", encoding="utf-8")


def left_behind(root: Path, *args: str, today: date = date(2023, 3, 1)) -> dict[str, int]:
    """`report --stats`'s left-behind children, class by class (七(1)班's census is not
    finished: counted from the records); on `today` unless --as-of says."""
    result = run(root, "report", "--stats", "-f", "json", *args, today=today)
    assert result.exit_code == 0, result.output
    return {entry["class"]: next(figure["count"] for figure in entry["figures"]
                                 if figure["figure"] == "left_behind")
            for entry in json.loads(result.stdout)["classes"]}


def test_a_past_term_is_counted_as_of_its_last_day(school: Path) -> None:
    # 2022秋 ends on 2023-01-20; the winter holiday runs to 2023-02-19.
    add_child(school, "c0005", "2023-01-20")  # on its last day
    add_child(school, "c0006", "2023-01-21")  # the first day of the holiday
    add_child(school, "c0007", "2023-03-01")  # in the next term, today
    assert left_behind(school, "--term", "2022秋") == {"七(1)班": 2}
    for day in ("2023-01-20", "2023-01-21", "2023-02-19"):
        assert left_behind(school, "--as-of", day) == {"七(1)班": 2}, day
        assert left_behind(school, "--term", "2022秋", "--as-of", day) == {"七(1)班": 2}, day
    assert left_behind(school, "--as-of", "2023-01-19") == {"七(1)班": 1}
    assert left_behind(school, "--term", "2022秋", "--as-of", "2023-01-19") == {"七(1)班": 1}
    # A term not yet ended: as of today, or the day asked.
    assert left_behind(school, "--term", "2023春") == {"七(1)班": 4}
    assert left_behind(school, "--term", "2023春", "--as-of", "2023-02-28") == {"七(1)班": 3}
    assert left_behind(school, "--as-of", "2023-02-20") == {"七(1)班": 3}
    # Before 2022秋 has ended, its term asked by name is counted as of today.
    assert left_behind(school, "--term", "2022秋", today=date(2022, 11, 20)) == {"七(1)班": 1}


def test_the_terms_history_knows_no_class_only_from_a_child_recorded_after_the_term(
        school: Path) -> None:
    finished_census(school, "2022-09-10", 1)
    add_child(school, "c0005", "2023-01-20", klass="七(2)班")
    add_child(school, "c0006", "2023-01-21", klass="七(3)班")
    result = run(school, "report", "--terms", "all", "-f", "json", today=date(2023, 3, 1))
    assert result.exit_code == 0, result.output
    [term] = rows_of(result.stdout)
    # 七(2)班's child, recorded on the term's last day, is its census's (and counts as
    # checked: the class's census has begun); 七(3)班's, recorded the next day, is not.
    assert (term["term"], term["classes_covered"], term["classes_unfinished"],
            term["classes_not_started"]) == ("2022秋", ["七(1)班"], ["七(2)班"], [])


def test_a_child_recorded_in_the_term_starts_its_classs_census_in_the_history(
        two_terms: Path) -> None:
    # 七(4)班's one child, recorded on 2022-10-01, was recorded with what the teacher found
    # then, which counts as its check: census status says the class's census has begun
    # (1 of 1 checked, no total), and --terms all said it never started.
    add_child(two_terms, "c0009", "2022-10-01", klass="七(4)班")
    assert history(two_terms, "--as-of", "2022-09-30") == [
        ("2022秋", ["七(1)班"], ["七(2)班", "七(3)班"], [], 2)]  # 七(4)班 not yet known
    autumn = ("2022秋", ["七(1)班"], ["七(2)班", "七(3)班", "七(4)班"], [], 2)
    assert history(two_terms, "--as-of", "2022-10-01") == [autumn]
    result = run(two_terms, "census", "status", "--term", "2022秋", "-f", "json",
                 today=date(2022, 10, 1))
    assert result.exit_code == 0, result.output
    assert [(row["class"], row["checked"], row["remaining"]) for row in rows_of(result.stdout)
            if row["class"] == "七(4)班"] == [("七(4)班", 1, 0)]
    # Recorded in the autumn, it is no check of the spring census: not started there.
    [_, spring] = history(two_terms, "--as-of", "2023-02-20")
    assert spring == ("2023春", ["七(1)班"], [], ["七(2)班", "七(3)班", "七(4)班"], 2)

# ---- report --stats: key support as it was on the day counted ------------------------------------
def key_support(root: Path, *args: str, today: date = date(2023, 3, 1)) -> int:
    """`report --stats`'s key-support children of 七(1)班 (counted from the records)."""
    result = run(root, "report", "--stats", "-f", "json", *args, today=today)
    assert result.exit_code == 0, result.output
    [klass] = json.loads(result.stdout)["classes"]
    return int(next(figure["count"] for figure in klass["figures"]
                    if figure["figure"] == "key_support"))


def test_the_terms_key_support_figure_is_the_mark_on_the_day_counted(school: Path) -> None:
    # 2022秋 ends on 2023-01-20; 2023春 begins on 2023-02-20. 张小明 (c0001) is marked on its
    # card with no history kept: key support on every day.
    marks = {"c0005": [("2022-10-10", False), ("2022-11-01", True)],  # on, then off
             "c0006": [("2023-01-20", False)],  # marked on 2022秋's last day
             "c0007": [("2023-01-21", False)],  # on the holiday's first day
             "c0008": [("2022-09-05", False), ("2023-02-20", True)]}  # off on 2023春's first
    for child, changes in marks.items():
        add_child(school, child, "2022-09-05")
        for day, off in changes:
            ok_on(school, date(2023, 3, 1), "child", "key-support", child, "--reason", "父母离异",
                  "--date", day, *(["--off"] if off else []), "--by", "T001")
    # The card says key support of c0001, c0006 and c0007 today: 3, whatever the day asked.
    assert key_support(school, "--as-of", "2022-10-09") == 2  # c0001, c0008
    assert key_support(school, "--as-of", "2022-10-10") == 3  # c0005 from that day
    assert key_support(school, "--as-of", "2022-10-31") == 3
    assert key_support(school, "--as-of", "2022-11-01") == 2  # c0005 off that day
    # 2022秋 as it ended: c0006 marked on its last day counts, c0007 marked the next day not.
    for args in (("--term", "2022秋"), ("--as-of", "2023-01-20"), ("--as-of", "2023-01-21"),
                 ("--as-of", "2023-02-19")):
        assert key_support(school, *args) == 3, args  # c0001, c0006, c0008
    assert key_support(school, "--as-of", "2023-01-19") == 2, "c0006 not yet"
    # 2023春 from its first day: c0008 off that day, c0007 on since the holiday.
    assert key_support(school, "--as-of", "2023-02-20") == 3  # c0001, c0006, c0007
    assert key_support(school, "--term", "2023春") == 3
    # Before 2022秋 has ended, its term asked by name is counted as of today.
    assert key_support(school, "--term", "2022秋", today=date(2022, 10, 20)) == 3

# ---- who was on the books on the as-of day -------------------------------------------------------
@pytest.fixture
def comings_and_goings(school: Path) -> Path:
    """七(1)班 on 2022-11-20: 张小明 (c0001) all along; c0005 transferred out on 2022-10-27;
    c0006 away from 2022-10-01 and back on 2022-11-01."""
    add_child(school, "c0005", "2022-09-05")
    add_child(school, "c0006", "2022-09-05")
    ok(school, "child", "archive", "c0005", "--reason", "随父母转学", "--date", "2022-10-27")
    ok(school, "child", "archive", "c0006", "--reason", "随父母外出", "--date", "2022-10-01")
    ok(school, "child", "restore", "c0006", "--reason", "回校", "--date", "2022-11-01")
    return school


ON_THE_BOOKS = {  # the as-of day: who was on the books of 七(1)班
    "2022-09-30": ["c0001", "c0005", "c0006"],  # the day before c0006 left
    "2022-10-01": ["c0001", "c0005"],
    "2022-10-26": ["c0001", "c0005"],  # the day before c0005 left
    "2022-10-27": ["c0001"],
    "2022-10-31": ["c0001"],
    "2022-11-01": ["c0001", "c0006"],  # c0006 back that day
}


def test_the_incomplete_records_are_of_the_children_on_the_books_that_day(
        comings_and_goings: Path) -> None:
    for day, children in ON_THE_BOOKS.items():
        listed = sorted({row["child_id"] for row in report(comings_and_goings, day,
                                                          "--incomplete")})
        assert listed == children, day


def test_the_caseload_counts_the_children_on_the_books_that_day(
        comings_and_goings: Path) -> None:
    for day, children in ON_THE_BOOKS.items():
        [teacher, *_] = report(comings_and_goings, day, "--caseload", "--by", "T001")
        assert (teacher["children"], teacher["class_teacher"]) == (len(children),
                                                                   len(children)), day


def test_the_terms_figures_count_the_children_on_the_books_that_day(
        comings_and_goings: Path) -> None:
    for day, children in ON_THE_BOOKS.items():
        assert left_behind(comings_and_goings, "--as-of", day) == {"七(1)班": len(children)}, day
    # 2022秋 as it ended: c0005 gone, c0006 back.
    assert left_behind(comings_and_goings, "--term", "2022秋") == {"七(1)班": 2}


def test_the_terms_history_knows_the_class_of_a_child_who_left_after_the_term(
        school: Path) -> None:
    finished_census(school, "2022-09-10", 1)
    add_child(school, "c0005", "2022-06-01", klass="七(2)班",
              more="status: 转出\nstatus_date: 2023-01-21\nstatus_reason: 转学\n")
    add_child(school, "c0006", "2022-06-01", klass="七(3)班",
              more="status: 转出\nstatus_date: 2023-01-20\nstatus_reason: 转学\n")
    result = run(school, "report", "--terms", "all", "-f", "json", today=date(2023, 3, 1))
    assert result.exit_code == 0, result.output
    [term] = rows_of(result.stdout)
    # 七(2)班's child was on the books on the term's last day; 七(3)班's left that day.
    assert (term["term"], term["complete"], term["classes_not_started"]) == (
        "2022秋", False, ["七(2)班"])


# ---- report --terms all: every term as it stood on the as-of day ----------------------------------
def census_of(root: Path, term: str, classes: dict[str, str]) -> None:
    """censuses/<term>.yaml with each class finished on its day (20 enrolled, 2 left behind)."""
    (root / "censuses").mkdir(exist_ok=True)
    (root / "censuses" / f"{term}.yaml").write_text(
        f"term: {term}\nclasses:\n" + "".join(
            f"  {klass}:\n    enrolled: 20\n    by: T001\n    finished: {day}\n"
            "    counts:\n      left_behind: 2\n" for klass, day in classes.items()),
        encoding="utf-8")


def history(root: Path, *args: str) -> list[tuple[str, list[str], list[str], list[str], int]]:
    """`report --terms all`: each term's (name, classes covered, unfinished, never started,
    left-behind children), on 2023-03-01 unless --as-of says."""
    return [(row["term"], row["classes_covered"], row["classes_unfinished"],
             row["classes_not_started"],
             next(figure["count"] for figure in row["school"] if figure["figure"] == "left_behind"))
            for row in rows_of(ok_on(root, date(2023, 3, 1), "report", "--terms", "all",
                                     "-f", "json", *args))]


def ok_on(root: Path, today: date, *args: str) -> str:
    result = run(root, *args, today=today)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def two_terms(school: Path) -> Path:
    """2022秋 (2022-09-01 to 2023-01-20): 七(1)班 finished on 2022-09-14, 七(2)班 on
    2022-10-10; 七(3)班's child c0005 (recorded before the term) checked on 2022-09-20, the
    class never finished. 2023春 (from 2023-02-20): 七(1)班 finished on its first day."""
    census_of(school, "2022秋", {"七(1)班": "2022-09-14", "七(2)班": "2022-10-10"})
    census_of(school, "2023春", {"七(1)班": "2023-02-20"})
    add_child(school, "c0005", "2022-06-01", klass="七(3)班",
              more="events:\n  - type: 摸底\n    date: 2022-09-20\n    by: [T001]\n"
                   "    term: 2022秋\n")
    return school


def test_the_terms_history_is_as_it_stood_on_the_as_of_day(two_terms: Path) -> None:
    # Before 2022秋 began, and before any class of it finished: no term to list (every
    # census finished since was listed, 2023春 too).
    assert history(two_terms, "--as-of", "2022-08-31") == []
    assert history(two_terms, "--as-of", "2022-09-13") == []
    # The day 七(1)班 finished: 2022秋 holds it alone. 七(2)班 (finished later) is unfinished,
    # 七(3)班 not started until its child's check on 2022-09-20.
    partial = ("2022秋", ["七(1)班"], ["七(2)班"], ["七(3)班"], 2)
    assert history(two_terms, "--as-of", "2022-09-14") == [partial]
    assert history(two_terms, "--as-of", "2022-09-19") == [partial]
    checked = ("2022秋", ["七(1)班"], ["七(2)班", "七(3)班"], [], 2)
    assert history(two_terms, "--as-of", "2022-09-20") == [checked]
    assert history(two_terms, "--as-of", "2022-10-09") == [checked]
    # 七(2)班 finished on 2022-10-10; so it stands to the term's last day and through the
    # holiday; 2023春 is listed from its first day, when 七(1)班 finished.
    autumn = ("2022秋", ["七(1)班", "七(2)班"], ["七(3)班"], [], 4)
    for day in ("2022-10-10", "2023-01-20", "2023-01-21", "2023-02-19"):
        assert history(two_terms, "--as-of", day) == [autumn], day
    spring = ("2023春", ["七(1)班"], [], ["七(2)班", "七(3)班"], 2)
    assert history(two_terms, "--as-of", "2023-02-20") == [autumn, spring]
    assert history(two_terms) == [autumn, spring]  # today, 2023-03-01
    # The table says so too: nothing finished by the day asked.
    assert ok_on(two_terms, date(2023, 3, 1), "report", "--terms", "all", "--as-of",
                 "2022-09-13") == "还没有任何学期完成摸底存档\n"


def test_a_term_not_begun_on_the_as_of_day_is_not_listed(two_terms: Path) -> None:
    # 2023春's census finished in the holiday before the term, on 2023-02-18: on the holiday's
    # days the term has not begun, and only 2022秋 is listed (as --stats --as-of counts 2022秋).
    census_of(two_terms, "2023春", {"七(1)班": "2023-02-18"})
    assert [row[0] for row in history(two_terms, "--as-of", "2023-02-19")] == ["2022秋"]
    assert [row[0] for row in history(two_terms, "--as-of", "2023-02-20")] == ["2022秋", "2023春"]


def test_each_term_lists_the_classes_known_by_then_and_a_term_after_one_with_none(
        two_terms: Path) -> None:
    # 八(1)班 first appears in 2023春's census (no child, no teacher): 2022秋 does not name it
    # among the classes its census never started.
    census_of(two_terms, "2023春", {"七(1)班": "2023-02-20", "八(1)班": "2023-02-20"})
    autumn, spring = history(two_terms)
    assert autumn[0] == "2022秋" and "八(1)班" not in autumn[3], autumn
    assert spring[0] == "2023春" and spring[1] == ["七(1)班", "八(1)班"], spring
    # A term with no class finished is left out, and the terms after it are still listed.
    (two_terms / "censuses" / "2022秋.yaml").write_text("term: 2022秋\nclasses: {}\n",
                                                         encoding="utf-8")
    assert [row[0] for row in history(two_terms)] == ["2023春"]


def test_terms_listed_out_of_order_each_stand_as_on_the_day(two_terms: Path) -> None:
    # term add appends: a school may list 2023春 before 2022秋. On 2022-12-01 2023春 has not
    # begun, and 2022秋, listed after it, is still the school's.
    config = two_terms / "liushou.yaml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  - name: 2022秋")
    spring = text.index("  - name: 2023春")
    end = text.index("\n\n", spring) + 1
    config.write_text(text[:start] + text[spring:end] + text[start:spring] + text[end:],
                      encoding="utf-8")
    assert text.index("2022秋") < text.index("2023春")
    reordered = config.read_text(encoding="utf-8")
    assert reordered.index("name: 2023春") < reordered.index("name: 2022秋")
    assert [row[0] for row in history(two_terms, "--as-of", "2022-12-01")] == ["2022秋"]


# ---- report --caseload: an individual education plan counts while in force ----------------------
def test_the_caseload_counts_an_individual_plan_from_the_day_it_was_written(school: Path) -> None:
    ok(school, "iep", "flag", "c0001", "--concern", "学业严重下滑", "--date", "2022-09-20",
       "--by", "T001")
    ok(school, "iep", "add", "c0001", "--teacher", "李芳", "--measure", "每周辅导两次",
       "--review", "2022-10-27", "--date", "2022-09-27", "--by", "T001")
    ok(school, "iep", "close", "c0001", "--reason", "成绩回升", "--date", "2022-10-20")
    plans = {day: report(school, day, "--caseload", "--by", "李芳")[0]["individual_plans"]
             for day in ("2022-09-20", "2022-09-26", "2022-09-27", "2022-10-19", "2022-10-20")}
    # Flagged, no plan yet; the day before it was written; its day; closed the next day.
    assert plans == {"2022-09-20": 0, "2022-09-26": 0, "2022-09-27": 1, "2022-10-19": 1,
                     "2022-10-20": 0}


# ---- report --incomplete: key support as it was on the as-of day --------------------------------
def test_a_child_without_a_proxy_parent_is_a_gap_only_while_key_support(school: Path) -> None:
    add_child(school, "c0005", "2022-09-05")  # key support from 2022-10-10 to 2022-11-01
    add_child(school, "c0006", "2022-09-05", more="key_support: true\n")  # no history kept
    add_child(school, "c0007", "2022-09-05")  # key support from 2022-11-15 on
    for child, *change in (("c0005", "--date", "2022-10-10"),
                           ("c0005", "--off", "--date", "2022-11-01"),
                           ("c0007", "--date", "2022-11-15")):
        ok(school, "child", "key-support", child, "--reason", "父母离异", *change, "--by", "T001")
    without = {day: [row["child_id"] for row in report(school, day, "--incomplete")
                     if row["gap"] == "no_proxy_parent"]
               for day in ("2022-10-09", "2022-10-10", "2022-10-31", "2022-11-01",
                           "2022-11-14", "2022-11-15")}
    assert without == {"2022-10-09": ["c0006"], "2022-10-10": ["c0005", "c0006"],
                       "2022-10-31": ["c0005", "c0006"], "2022-11-01": ["c0006"],
                       "2022-11-14": ["c0006"], "2022-11-15": ["c0006", "c0007"]}
    assert [(row["name"], row["class_teacher"], row["text"])
            for row in report(school, "2022-10-10", "--incomplete", "--class", "七(1)班")
            if row["child_id"] == "c0005" and row["gap"] == "no_proxy_parent"] == [
        ("学生05", "T001", "重点帮扶对象，没有代理家长")]


# ---- the census: whom it covers, looked at on another day ----------------------------------------
def census_rows(root: Path, as_of: str) -> list[str]:
    """The children the census duty lists on `as_of` (unchecked, on the books then)."""
    return sorted(row["child_id"] for row in report(root, as_of, "--duty", "census")
                  if row["child_id"])


def test_the_census_duty_looked_back_lists_a_child_archived_since(school: Path) -> None:
    # c0005, recorded before the term and never checked, left on 2022-10-27: before that
    # day it was the census's to check (it was missing from the report looked back, once
    # archived). The fixture's c0001, recorded in the term, counts as checked.
    add_child(school, "c0005", "2022-06-01")
    ok(school, "child", "archive", "c0005", "--reason", "随父母转学", "--date", "2022-10-27")
    assert census_rows(school, "2022-10-26") == ["c0005"]
    assert census_rows(school, "2022-10-27") == []


def test_the_census_of_a_past_term_covers_the_children_on_the_books_when_it_ended(
        school: Path) -> None:
    # 2022秋 ends on 2023-01-20. A child recorded on its last day was its census's (recorded
    # with what the teacher found: checked); one recorded in the holiday was not, nor one
    # who left before the term began, while one who left after it ended was.
    add_child(school, "c0005", "2023-01-20")
    add_child(school, "c0006", "2023-01-21")
    add_child(school, "c0007", "2022-06-01", more="status: 转出\nstatus_date: 2022-08-31\n"
              "status_reason: 转学\nevents:\n  - type: 谈心\n    date: 2022-06-10\n"
              "    by: [T001]\n    topic: 学习\n")
    add_child(school, "c0008", "2022-06-01", more="status: 转出\nstatus_date: 2023-01-21\n"
              "status_reason: 转学\n")
    result = run(school, "census", "status", "--term", "2022秋", "-f", "json",
                 today=date(2023, 3, 1))
    assert result.exit_code == 0, result.output
    [klass] = [row for row in rows_of(result.stdout) if row["class"] == "七(1)班"]
    # c0001 and c0005 checked by being recorded in the term, c0008 unchecked.
    assert (klass["children"], klass["checked"], klass["remaining"]) == (3, 2, 1)


def finished_census(root: Path, day: str, left_behind: int) -> None:
    (root / "censuses").mkdir(exist_ok=True)
    (root / "censuses" / "2022秋.yaml").write_text(
        "term: 2022秋\nclasses:\n  七(1)班:\n    enrolled: 45\n    by: T001\n"
        f"    finished: {day}\n    counts:\n      left_behind: {left_behind}\n", encoding="utf-8")


def test_the_census_looked_back_is_as_it_stood_that_day(school: Path) -> None:
    # c0005 was checked on 12 September, c0006 never, and the class finished on 14 September
    # (which closes it): looked at the day before each, the census was still open (it said
    # checked and finished).
    add_child(school, "c0005", "2022-06-01",
              more="events:\n  - type: 摸底\n    date: 2022-09-12\n    by: [T001]\n"
                   "    term: 2022秋\n")
    add_child(school, "c0006", "2022-06-01")
    finished_census(school, "2022-09-14", 7)

    def waiting(as_of: str) -> list[str | None]:
        return sorted((row["child_id"] or "") for row in report(
            school, as_of, "--duty", "census", "--due-within", "30"))

    assert waiting("2022-09-11") == ["c0005", "c0006"]
    assert waiting("2022-09-12") == ["c0006"]  # c0005 checked that day
    assert waiting("2022-09-13") == ["c0006"]
    assert waiting("2022-09-14") == []  # the class finished
    # census status (and the dashboard's table, made by the same progress) the same way.
    for day, expected in ((date(2022, 9, 11), (1, 2, None)), (date(2022, 9, 14),
                                                             (2, 1, "2022-09-14"))):
        result = run(school, "census", "status", "-f", "json", today=day)
        assert result.exit_code == 0, result.output
        [klass] = [row for row in rows_of(result.stdout) if row["class"] == "七(1)班"]
        assert (klass["checked"], klass["remaining"], klass["finished"]) == expected, day
    stats = json.loads(ok(school, "report", "--stats", "--as-of", "2022-09-13", "-f", "json"))
    assert stats["classes_unfinished"] == ["七(1)班"]
    stats = json.loads(ok(school, "report", "--stats", "--as-of", "2022-09-14", "-f", "json"))
    assert stats["classes_unfinished"] == []
    assert left_behind(school, "--as-of", "2022-09-13") == {"七(1)班": 3}  # from the records
    assert left_behind(school, "--as-of", "2022-09-14") == {"七(1)班": 7}  # its snapshot


def test_a_child_recorded_on_the_day_counts_as_checked_that_day(school: Path) -> None:
    add_child(school, "c0005", "2022-09-09")
    add_child(school, "c0006", "2022-09-01")  # the term's first day: recorded in the term
    add_child(school, "c0007", "2022-08-31")
    assert census_rows_pending(school, "2022-09-09") == ["c0007"]


def census_rows_pending(root: Path, as_of: str) -> list[str]:
    return [row["child_id"] for row in report(root, as_of, "--duty", "census",
                                              "--due-within", "30") if row["child_id"]]


def test_a_child_checked_and_gone_on_the_day_is_the_censuss(school: Path) -> None:
    # Checked on 10 October and found gone that day: the census covers it (checked) on that
    # very day, as every later day.
    add_child(school, "c0005", "2022-06-01",
              more="status: 转出\nstatus_date: 2022-10-10\nstatus_reason: 转学\n"
                   "events:\n  - type: 摸底\n    date: 2022-10-10\n    by: [T001]\n"
                   "    term: 2022秋\n")
    for day in (date(2022, 10, 10), date(2022, 10, 11)):
        result = run(school, "census", "status", "-f", "json", today=day)
        assert result.exit_code == 0, result.output
        [klass] = [row for row in rows_of(result.stdout) if row["class"] == "七(1)班"]
        assert (klass["children"], klass["checked"]) == (2, 2), day  # c0001 and c0005
