"""What `census --from FILE --apply` writes and says: the changes and census checks of
several children, the missing archived, a class's enrolled total replaced, a second check
when a checked child changes again, and how each class's census stands afterwards (finished,
children remaining, or its enrolled total missing)."""

from __future__ import annotations

from pathlib import Path

from liushou_cli.ops.roster import Applied, apply_plan, parse_roster, plan_roster
from liushou_cli.store.read import load_census
from liushou_cli.store.tables import Table

from .conftest import run
from .test_roster import TODAY, census_file, last_check, output_lines, roster_school, write_csv
from .test_roster_classes import add_child, school_of

__all__ = ["roster_school"]  # the fixture, used by name


def test_apply_changes_checks_archives_and_finishes_a_class(roster_school: Path,
                                                            tmp_path: Path) -> None:
    (roster_school / "censuses").mkdir(exist_ok=True)
    (roster_school / "censuses" / "2022秋.yaml").write_text(
        "term: 2022秋\nclasses:\n  七(1)班:\n    enrolled: 45\n", encoding="utf-8")
    add_child(roster_school, "c0003", "2022070103", "赵三", "七(1)班")
    add_child(roster_school, "c0004", "2022070104", "钱四", "七(1)班")
    roster = write_csv(tmp_path / "r.csv", [
        ["学籍号", "姓名", "是否寄宿", "监护人关系", "在校人数"],
        ["2022070101", "张小明", "是", "祖父", "46"],
        ["2022070102", "李四", "否", "", "46"],
    ])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
                 "--archive-missing")
    assert result.exit_code == 0, result.output
    assert output_lines(result.stdout) == [
        "~ 张小明(2022070101) 监护人关系 祖母 → 祖父",
        "~ 张小明(2022070101) 是否寄宿 无 → 是",
        "~ 李四(2022070102) 是否寄宿 无 → 否",
        "- 赵三(2022070103) 不在花名册中 → 转出(不在2022秋花名册中)",
        "- 钱四(2022070104) 不在花名册中 → 转出(不在2022秋花名册中)",
        "~ 七(1)班 在校人数 45 → 46",
        f"2022秋 花名册 {roster}：2 名学生；2 名有变化，0 名无变化，0 名新建档，2 名不在花名册中",
        "已写入：2 名学生的修改，0 名新建档，2 条摸底记录，2 名归档",
        "七(1)班 摸底完成：4 名留守儿童已核对，本学期数据已存档",
    ]
    assert last_check(roster_school, "c0002") == {
        "type": "摸底", "date": "2022-09-10", "by": "T001", "term": "2022秋",
        "changes": ["是否寄宿 无 → 否"]}
    assert last_check(roster_school, "c0004") == {
        "type": "摸底", "date": "2022-09-10", "by": "T001", "term": "2022秋",
        "changes": ["状态 在读 → 转出(不在2022秋花名册中)"]}
    entry = census_file(roster_school).classes["七(1)班"]
    assert (entry.enrolled, entry.finished) == (46, TODAY)


def test_a_child_checked_this_term_who_changes_again_gets_a_second_check(
        roster_school: Path, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "first.csv", [["学籍号", "姓名"], ["2022070101", "张小明"]])
    assert run(roster_school, "census", "--from", str(first), "--term", "2022秋",
               "--apply").exit_code == 0
    assert last_check(roster_school, "c0001") == {
        "type": "摸底", "date": "2022-09-10", "by": "T001", "term": "2022秋"}

    # Checked already: the same roster again records nothing, a change records a new check.
    again = run(roster_school, "census", "--from", str(first), "--term", "2022秋", "--apply")
    assert output_lines(again.stdout)[-2] == "已写入：0 名学生的修改，0 名新建档，0 条摸底记录，0 名归档"
    second = write_csv(tmp_path / "second.csv", [["学籍号", "民族"], ["2022070101", "瑶族"]])
    result = run(roster_school, "census", "--from", str(second), "--term", "2022秋", "--apply",
                 user="李芳")
    assert result.exit_code == 0, result.output
    assert output_lines(result.stdout)[-2] == "已写入：1 名学生的修改，0 名新建档，1 条摸底记录，0 名归档"
    assert last_check(roster_school, "c0001") == {
        "type": "摸底", "date": "2022-09-10", "by": "T002", "term": "2022秋",
        "changes": ["民族 无 → 瑶族"]}


def test_a_class_all_checked_without_a_total_says_the_total_is_missing(
        roster_school: Path, tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "r.csv", [["学籍号", "姓名"], ["2022070101", "张小明"],
                                            ["2022070102", "李四"]])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply")
    assert result.exit_code == 0, result.output
    assert output_lines(result.stdout)[-2:] == [
        "已写入：0 名学生的修改，0 名新建档，2 条摸底记录，0 名归档",
        "七(1)班 摸底未完成：缺少在校人数（在花名册中加“在校人数”列，或运行 liushou census "
        "--class \"七(1)班\"）",
    ]


def test_apply_finishes_every_class_of_the_roster_and_no_other(roster_school: Path) -> None:
    # 七(1)班 comes first in the school and is not on the roster: its census stays open.
    add_child(roster_school, "c0005", "2021080201", "孙五", "八(2)班")
    add_child(roster_school, "c0006", "2020090101", "周六", "九(1)班")
    folder, data, term = school_of(roster_school)
    table = Table([(1, ["学籍号", "姓名", "在校人数"]),
                   (2, ["2021080201", "孙五", "30"]),
                   (3, ["2020090101", "周六", "40"])])
    plan = plan_roster(parse_roster(table, "r.csv"), data, load_census(folder, "2022秋"), term,
                       TODAY)
    done = apply_plan(folder, plan, "T001", TODAY, False, [item.child for item in data.children])
    assert done == Applied(checks=2, totals=2, finished=[("八(2)班", 1), ("九(1)班", 1)])
    census = census_file(roster_school)
    assert sorted(census.classes) == ["九(1)班", "八(2)班"]


def test_a_class_finished_before_is_not_reported_again(roster_school: Path,
                                                       tmp_path: Path) -> None:
    # A census file written by hand: finished, without its total. Finished is finished.
    (roster_school / "censuses").mkdir(exist_ok=True)
    (roster_school / "censuses" / "2022秋.yaml").write_text(
        "term: 2022秋\nclasses:\n  七(1)班:\n    finished: 2022-09-09\n", encoding="utf-8")
    roster = write_csv(tmp_path / "r.csv", [["学籍号", "姓名"], ["2022070101", "张小明"],
                                            ["2022070102", "李四"]])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply")
    assert result.exit_code == 0, result.output
    assert output_lines(result.stdout)[-1] == "已写入：0 名学生的修改，0 名新建档，2 条摸底记录，0 名归档"
