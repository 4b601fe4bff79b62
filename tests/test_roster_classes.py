"""Which rows and classes a roster's census covers: `--class` (rows of other classes skipped,
a newcomer put in the class, a child moving out still taken), classes first met in the
roster, the children missing from it and their order, and the rosters that cover nobody."""

from __future__ import annotations

from pathlib import Path

import pytest

from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.model import Term
from liushou_cli.ops.roster import RosterInvalid, RosterProblem, parse_roster, plan_roster
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import Dataset, load_census, load_dataset
from liushou_cli.store.tables import Table

from .conftest import STAFF_YAML, run, snapshot
from .test_roster import TODAY, child_text, output_lines, roster_school, write_csv

__all__ = ["roster_school"]  # the fixture, used by name

SUMMARY = ("2022秋 花名册 {file}：{rows} 名学生；{changed} 名有变化，{same} 名无变化，{new} 名新建档，"
           "{missing} 名不在花名册中")


def summary(file: Path, rows: int, changed: int, same: int, new: int, missing: int) -> str:
    return SUMMARY.format(file=file, rows=rows, changed=changed, same=same, new=new,
                          missing=missing)


def test_class_option_puts_a_newcomer_in_the_class(roster_school: Path, tmp_path: Path) -> None:
    # No 班级 column: the newcomer's class is the one --class names; 李四 is not on it.
    roster = write_csv(tmp_path / "r.csv", [
        ["学籍号", "姓名", "性别", "留守类型", "出生日期"],
        ["2022070101", "张小明", "男", "双亲外出", ""],
        ["2022070199", "王五", "男", "父亲外出", "2011-05-01"],
    ])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋",
                 "--class", "7-1", "--apply")
    assert result.exit_code == 0, result.output
    assert output_lines(result.stdout) == [
        "+ 王五(2022070199) 新建档",
        "- 李四(2022070102) 不在花名册中",
        summary(roster, 2, 0, 1, 1, 1),
        "已写入：0 名学生的修改，1 名新建档，1 条摸底记录，0 名归档",
        "七(1)班 摸底未完成：还有 1 名未核对（运行 liushou census --class \"七(1)班\" 逐个核对，"
        "或加 --archive-missing）",
    ]
    new = child_text(roster_school, "2022070199")
    for line in ("name: 王五", "class: 七(1)班", "birth_date: 2011-05-01", "recorded_on: 2022-09-10"):
        assert line + "\n" in new


def test_class_option_skips_other_classes_but_not_a_child_moving_out(
        roster_school: Path, tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "r.csv", [
        ["学籍号", "姓名", "班级"],
        ["2021080201", "陈七", "八(2)班"],
        ["2022070101", "张小明", "7-2"],  # moves to 七(2)班: still a child of 七(1)班 today
        ["2021080202", "陈八", "8-2"],
        ["2022070102", "李四", "七(1)班"],
    ])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋",
                 "--class", "七1")
    assert result.exit_code == 0, result.output
    assert output_lines(result.stdout) == [
        "~ 张小明(2022070101) 班级 七(1)班 → 七(2)班",
        summary(roster, 2, 1, 1, 0, 0) + "；另有 2 行属于其他班级，已跳过",
        "以上只是预览，未写入任何文件；核对无误后加 --apply 写入",
    ]


def test_children_missing_from_the_roster_come_by_class_and_student_number(
        roster_school: Path, tmp_path: Path) -> None:
    # 赵三 has the smallest student number, 钱四 none, 孙五 is in another class.
    add_child(roster_school, "c0003", "2022070100", "赵三", "七(1)班")
    add_child(roster_school, "c0004", None, "钱四", "七(1)班")
    add_child(roster_school, "c0005", "2021080201", "孙五", "八(2)班")
    roster = write_csv(tmp_path / "r.csv", [["学籍号", "姓名", "性别", "班级", "留守类型"],
                                            ["2022070199", "王五", "男", "7-1", "其他"],
                                            ["2021080299", "陈九", "女", "8-2", "其他"]])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋")
    assert result.exit_code == 0, result.output
    assert output_lines(result.stdout)[2:7] == [
        "- 赵三(2022070100) 不在花名册中",
        "- 张小明(2022070101) 不在花名册中",
        "- 李四(2022070102) 不在花名册中",
        "- 钱四(c0004) 不在花名册中",
        "- 孙五(2021080201) 不在花名册中",
    ]


@pytest.mark.parametrize(("rows", "option", "message"), [
    ([["学籍号", "姓名"]], [], "花名册中没有学生"),
    ([["学籍号", "姓名", "班级"], ["2022070101", "张小明", "七(1)班"]], ["--class", "8-2"],
     "花名册中没有 八(2)班 的学生"),
])
def test_a_roster_that_covers_nobody_is_refused(roster_school: Path, tmp_path: Path,
                                                rows: list[list[str]], option: list[str],
                                                message: str) -> None:
    roster = write_csv(tmp_path / "r.csv", rows)
    before = snapshot(roster_school)
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋",
                 "--apply", *option)
    assert result.exit_code == 1
    assert output_lines(result.stderr) == ["花名册有 1 处错误，未写入任何文件：",
                                           f"{roster}: {message}"]
    assert snapshot(roster_school) == before


def test_a_number_whose_file_cannot_be_read_is_not_new(roster_school: Path,
                                                       tmp_path: Path) -> None:
    # The file is there but broken, so the dataset does not hold it: a new record would
    # overwrite it.
    (roster_school / "children" / "2022070199.yaml").write_text("name: [\n", encoding="utf-8")
    roster = write_csv(tmp_path / "r.csv", [["学籍号", "姓名", "性别", "班级", "留守类型"],
                                            ["2022070199", "王五", "男", "7-1", "其他"]])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋")
    assert result.exit_code == 1
    assert output_lines(result.stderr) == ["花名册有 1 处错误，未写入任何文件：",
                                           f"{roster}:2:学籍号: 编号 2022070199 的学生已存在"]


def add_child(root: Path, child_id: str, number: str | None, name: str, klass: str) -> None:
    """Another child like 李四 (no 身份证号), in `klass`."""
    text = child_text(root, "c0002")
    id_line = next(line for line in text.splitlines() if line.startswith("id_number:"))
    text = (text.replace("id: c0002", f"id: {child_id}").replace(id_line + "\n", "")
            .replace("李四", name).replace("七(1)班", klass))
    text = text.replace("'2022070102'", f"'{number}'") if number else text.replace(
        "student_no: '2022070102'\n", "")
    (root / "children" / f"{child_id}.yaml").write_text(text, encoding="utf-8")


# ---- the core ---------------------------------------------------------------------------------
def school_of(root: Path) -> tuple[DataFolder, Dataset, Term]:
    folder = DataFolder(root)
    data = load_dataset(folder, today=TODAY)
    assert data.config is not None
    term = SchoolCalendar.of(data.config.terms).term_named("2022秋")
    assert term is not None
    return folder, data, term


def test_a_class_first_met_in_the_roster_is_one_class_however_spelled(
        roster_school: Path) -> None:
    # 特教班 is known only from staff.yaml; 培优班 only from the roster's own rows.
    (roster_school / "staff.yaml").write_text(
        STAFF_YAML + "  - id: T003\n    name: 周老师\n    teaches: [特教班]\n", encoding="utf-8")
    folder, data, term = school_of(roster_school)
    table = Table([(1, ["学籍号", "姓名", "性别", "班级", "留守类型"]),
                   (2, ["2022070197", "甲", "男", "特教-班", "其他"]),
                   (3, ["2022070198", "乙", "男", "培优班", "其他"]),
                   (4, ["2022070199", "丙", "女", "培优 班", "其他"])])
    plan = plan_roster(parse_roster(table, "r.csv"), data, load_census(folder, "2022秋"), term,
                       TODAY)
    assert plan.classes == ["特教班", "培优班"]
    assert [(new.row, new.child.id, new.child.class_name) for new in plan.new] == [
        (2, "2022070197", "特教班"), (3, "2022070198", "培优班"), (4, "2022070199", "培优班")]
    assert [(update.row, update.item.child.id) for update in plan.updates] == []


def test_the_same_name_twice_in_a_class_is_refused_unless_forced(roster_school: Path) -> None:
    folder, data, term = school_of(roster_school)
    table = Table([(1, ["学籍号", "姓名", "性别", "班级", "留守类型"]),
                   (2, ["2022070101", "张小明", "男", "7-1", "双亲外出"]),
                   (3, ["2022070199", "张小明", "男", "7-1", "其他"])])
    census = load_census(folder, "2022秋")
    with pytest.raises(RosterInvalid) as caught:
        plan_roster(parse_roster(table, "r.csv"), data, census, term, TODAY)
    assert caught.value.problems == [RosterProblem(
        "r.csv", 3, "姓名", "已有同班同名学生 张小明(children/c0001.yaml)；确是另一人请加 --force")]

    plan = plan_roster(parse_roster(table, "r.csv"), data, census, term, TODAY, force=True)
    assert [(new.row, new.child.name) for new in plan.new] == [(3, "张小明")]
    assert [(update.row, update.item.child.id) for update in plan.updates] == [(2, "c0001")]
