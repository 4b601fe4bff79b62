"""A day's duty rows put together from each child's share (duties.day.DayDuties): the same
rows whether the shares were derived while loading or afterwards, the class-level rows only
for classes with a child on record, the census rows only from a census and only for the
children it covers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from liushou_cli.duties.day import DayDuties
from liushou_cli.duties.rows import Reported, reported
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import load_census, load_config, load_dataset

from .conftest import CHILD_YAML, rows_of, run, valid_id

AS_OF = date(2022, 11, 20)


def add_child(school: Path, child_id: str, name: str, klass: str, status: str = "") -> None:
    """Another child like 张小明; `status` replaces its `status: 在读` line."""
    sequence = f"{2 * int(child_id[-2:]) + 1:03d}"  # odd: a boy, as the record says
    text = (CHILD_YAML.format(id_number=valid_id("43052420110315" + sequence))
            .replace("c0001", child_id).replace("张小明", name).replace("七(1)班", klass)
            .replace("'2022070101'", f"'20220701{child_id[-2:]}'"))
    if status:
        text = text.replace("status: 在读\n", status)
    (school / "children" / f"{child_id}.yaml").write_text(text, encoding="utf-8")


def day_rows(school: Path, derive: bool) -> list[dict[str, Any]]:
    folder = DataFolder(school)
    config = load_config(folder)
    made: list[DayDuties] = []

    def factory(config: Any, staff: Any) -> DayDuties:
        made.append(DayDuties(config, staff, AS_OF, []))
        return made[0]

    data = load_dataset(folder, derive=factory if derive else None, today=AS_OF)
    duties = made[0] if made else DayDuties(config, data.staff, AS_OF, [])
    assert duties.term is not None
    return duties.all_rows(data.children, load_census(folder, duties.term.name))


def test_the_rows_are_the_same_whether_derived_while_loading_or_after(school: Path) -> None:
    add_child(school, "c0002", "李四", "七(1)班")
    derived = day_rows(school, derive=True)
    assert derived == day_rows(school, derive=False)
    assert {row["child_id"] for row in derived} == {"c0001", "c0002", None}


def test_a_class_whose_children_all_left_holds_no_parent_meeting(school: Path) -> None:
    # 七(2)班's only child moved away in October: no parent meeting is owed for that class,
    # while 七(1)班's is.
    add_child(school, "c0002", "李四", "七(2)班",
              status="status: 转出\nstatus_date: 2022-10-08\nstatus_reason: 随父母转学\n")
    result = run(school, "report", "--as-of", "2023-01-21", "--duty", "parent-meeting",
                 "-f", "json")
    assert result.exit_code == 0, result.output
    assert [(row["class"], row["child_id"]) for row in rows_of(result.stdout)] == [
        ("七(1)班", None)]


def test_a_child_the_census_does_not_cover_adds_no_census_row(school: Path) -> None:
    # A child who left before the term began is not in this term's census: the census rows
    # count 张小明 only (one child of 七(1)班 not yet checked).
    add_child(school, "c0002", "李四", "七(1)班",
              status="status: 转出\nstatus_date: 2022-06-30\nstatus_reason: 随父母转学\n")
    result = run(school, "report", "--duty", "census", "-f", "json")
    assert result.exit_code == 0, result.output
    rows = rows_of(result.stdout)
    assert [(row["class"], row["duty"]) for row in rows] == [("七(1)班", "census")]


def test_without_a_census_there_are_no_census_rows(school: Path) -> None:
    folder = DataFolder(school)
    config = load_config(folder)
    data = load_dataset(folder, today=AS_OF)
    duties = DayDuties(config, data.staff, AS_OF, [])
    rows = duties.all_rows(data.children, None)
    assert rows and all(row["duty"] != "census" for row in rows)


def test_the_rows_kept_for_a_report_are_exactly_those_its_test_keeps(school: Path) -> None:
    # The school on its day, with the windows a teacher uses: all_rows with a test
    # keeps each row `reported` keeps, and no other (the rows' days overdue span both sides
    # of every window's edge).
    add_child(school, "c0002", "李四", "七(1)班")
    every = day_rows(school, derive=True)
    folder = DataFolder(school)
    data = load_dataset(folder, today=AS_OF)
    assert data.config is not None
    days = {row["days_overdue"] for row in every}
    assert min(days) < -7 and max(days) > 0
    # Also every window whose edge is some row's days overdue: a row exactly at the edge.
    for due_within in (None, 0, 3, 7, 30, *sorted({-day for day in days if day <= 0})):
        duties = DayDuties(data.config, data.staff, AS_OF, [])
        assert duties.term is not None
        kept = duties.all_rows(data.children, load_census(folder, duties.term.name),
                               Reported(due_within))
        assert kept == [row for row in every if reported(row["days_overdue"], due_within)]


def test_a_reports_least_days_overdue_is_where_its_test_turns() -> None:
    for due_within in (None, 0, 1, 7, 30, -2):
        keep = Reported(due_within)
        for days in range(-40, 5):
            assert (days >= keep.least) == keep(days) == reported(days, due_within), \
                (due_within, days)


def test_a_class_of_checked_children_only_still_owes_its_enrolled_total(school: Path) -> None:
    # 八(3)班 has no class teacher in staff.yaml and its only child counts as checked (recorded
    # in the term): the census still covers the class, and owes its row (no enrolled total,
    # not finished) until the class is finished; 七(1)班, finished, owes none.
    add_child(school, "c0002", "李四", "八(3)班")
    census = school / "censuses" / "2022秋.yaml"
    census.parent.mkdir(exist_ok=True)
    finished = "  七(1)班:\n    enrolled: 40\n    by: T001\n    finished: 2022-09-10\n"
    census.write_text(f"term: 2022秋\nclasses:\n{finished}", encoding="utf-8")
    owed = [(row["class"], row["child_id"]) for row in day_rows(school, derive=True)
            if row["duty"] == "census"]
    assert owed == [("八(3)班", None)]
    census.write_text(f"term: 2022秋\nclasses:\n{finished}  八(3)班:\n    enrolled: 12\n"
                      "    by: T001\n    finished: 2022-09-12\n", encoding="utf-8")
    assert [row for row in day_rows(school, derive=True) if row["duty"] == "census"] == []
