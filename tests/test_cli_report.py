"""`liushou report --overdue` through the CLI: exact table, json agreeing with it, filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from liushou_cli.render.fit import cell_width

from .conftest import rows_of, run, snapshot, use_environment


@pytest.fixture(autouse=True)
def class_total_given(school: Path) -> None:
    """The census of 七(1)班 has its enrolled total, so only the duties of entries show."""
    (school / "censuses").mkdir()
    (school / "censuses" / "2022秋.yaml").write_text(
        "term: 2022秋\nclasses:\n  七(1)班:\n    enrolled: 45\n", encoding="utf-8")

EXPECTED_TABLE = """\
李芳：逾期 1 项（共 1 项）

 学生    编号   班级     职责                上次完成    应完成日期  逾期
 ──────────────────────────────────────────────────────────────────────────────
 张小明  c0001  七(1)班  代理家长每半月谈心  从未        2022-09-15  逾期 68 天

王建国：逾期 1 项（共 2 项）

 学生    编号   班级     职责                上次完成    应完成日期  逾期
 ──────────────────────────────────────────────────────────────────────────────
 张小明  c0001  七(1)班  定期联系外出父母    从未        2022-10-05  逾期 48 天
 张小明  c0001  七(1)班  班主任每月谈心      2022-10-10  2022-11-30  还剩 8 天

截至 2022-11-22：逾期 2 项，涉及 1 名学生、2 位负责人；另有 1 项即将到期
"""


def add_talk(school: Path, day: str, by: str = "T001") -> None:
    path = school / "children" / "c0001.yaml"
    with path.open("a", encoding="utf-8") as handle:
        if "events:" not in path.read_text(encoding="utf-8"):
            handle.write("events:\n")
        handle.write(f"  - {{type: 谈心, date: {day}, by: {by}}}\n")


def report(school: Path, *args: str) -> tuple[int, str]:
    before = snapshot(school)
    result = run(school, "report", "--overdue", "--as-of", "2022-11-22", *args)
    assert snapshot(school) == before, "report must not change any file"
    assert result.stderr == "", result.stderr
    return result.exit_code, result.stdout


def test_table_is_exact(school: Path) -> None:
    add_talk(school, "2022-10-10")  # October done, November still open
    code, out = report(school, "--due-within", "10")
    assert code == 0
    assert out == EXPECTED_TABLE  # columns alike in every block, no trailing spaces


def test_narrow_terminal_shows_short_names_and_never_breaks_a_word(school: Path) -> None:
    # Issue 14: at 73 columns the duty's short name (liushou.yaml's `short`) is shown whole
    # instead of 代理家长每半⏎月谈心; without a short name, the name stays whole and the
    # column of the last time done is given up.
    add_talk(school, "2022-10-10")
    use_environment(width=73)
    code, out = report(school, "--due-within", "10")
    assert code == 0
    lines = out.splitlines()
    assert max(cell_width(line) for line in lines) <= 73
    assert " 张小明  c0001  七(1)班  代理谈心  从未        2022-09-15  逾期 68 天" in lines
    config = school / "liushou.yaml"
    config.write_text("\n".join(line for line in config.read_text(encoding="utf-8").splitlines()
                                if not line.strip().startswith("short:")) + "\n",
                      encoding="utf-8")
    code, out = report(school, "--due-within", "10")
    lines = out.splitlines()
    assert max(cell_width(line) for line in lines) <= 73
    assert " 张小明  c0001  七(1)班  代理家长每半月谈心  2022-09-15  逾期 68 天" in lines
    assert "上次完成" not in out
    use_environment(width=200)
    assert report(school, "--due-within", "10")[1] == EXPECTED_TABLE


def test_json_agrees_with_table(school: Path) -> None:
    add_talk(school, "2022-10-10")
    code, out = report(school, "-f", "json")
    assert code == 0
    rows = rows_of(out)
    assert [(r["duty"], r["responsible"], r["due"], r["days_overdue"]) for r in rows] == [
        ("proxy-talk", "T002", "2022-09-15", 68), ("parent-contact", "T001", "2022-10-05", 48)]
    assert list(rows[0])[:8] == ["child_id", "name", "class", "duty", "responsible", "last",
                                 "due", "days_overdue"]
    code, table = report(school)
    assert code == 0
    for row in rows:
        assert f"逾期 {row['days_overdue']} 天" in table


def test_csv_header_is_stable(school: Path) -> None:
    code, out = report(school, "-f", "csv")
    assert code == 0
    assert out.splitlines()[0] == ("child_id,name,class,duty,responsible,last,due,days_overdue,"
                                   "duty_name,responsible_name,missed")


def test_filters(school: Path) -> None:
    def duties(*args: str) -> list[str]:
        code, out = report(school, "-f", "json", *args)
        assert code == 0
        return [row["duty"] for row in rows_of(out)]

    assert duties() == ["proxy-talk", "talk-monthly", "parent-contact"]
    assert duties("--by", "王建国") == ["talk-monthly", "parent-contact"]
    assert duties("--duty", "proxy-talk") == ["proxy-talk"]
    assert duties("--duty", "每学期家访") == []
    assert duties("--duty", "每学期家访", "--due-within", "60") == ["home-visit"]
    # A class nobody has is not "nothing overdue" but a usage error (test_class_option.py).
    unknown = run(school, "report", "--as-of", "2022-11-22", "--class", "八(1)班")
    assert (unknown.exit_code, unknown.stderr) == (2, "没有班级“八(1)班”；已有的班级：七(1)班\n")


def test_exit_status_for_scripts(school: Path) -> None:
    assert report(school, "--fail-on-overdue")[0] == 1
    assert report(school, "--fail-on-overdue", "--duty", "home-visit")[0] == 0


def test_holiday_and_unknown_duty(school: Path) -> None:
    result = run(school, "report", "--as-of", "2022-08-20")
    assert result.exit_code == 0 and "没有逾期的职责" in result.stdout
    bad = run(school, "report", "--duty", "家长会")
    assert bad.exit_code == 2 and "没有职责“家长会”" in bad.stderr


def test_english(school: Path) -> None:
    result = run(school, "--lang", "en", "report", "--as-of", "2022-11-22")
    assert "李芳: 1 overdue (1 listed)" in result.stdout
    assert "half-monthly talk (proxy parent)" in result.stdout
    assert "68 days overdue" in result.stdout


def test_census_is_a_duty_of_the_class_teacher(school: Path) -> None:
    (school / "censuses" / "2022秋.yaml").unlink()
    path = school / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("recorded_on: 2022-09-05",
                                                             "recorded_on: 2022-05-10"),
                    encoding="utf-8")
    rows = rows_of(run(school, "report", "--as-of", "2022-09-20", "--duty", "census",
                       "-f", "json").stdout)
    assert [(r["child_id"], r["name"], r["responsible"], r["due"], r["days_overdue"])
            for r in rows] == [("c0001", "张小明", "T001", "2022-09-15", 5),
                               (None, "（本班在校人数未填）", "T001", "2022-09-15", 5)]
    assert rows_of(run(school, "report", "--as-of", "2022-09-14", "--duty", "census", "-f",
                       "json").stdout) == []
