"""`--class` names a class that exists (some child or staff member has it), or the command
says so with the known classes: never an empty list that reads as "nothing to do"."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import STAFF_YAML, run, snapshot

COMMANDS = [
    ("report", "--as-of", "2022-11-20"), ("report", "--caseload", "--as-of", "2022-11-20"),
    ("report", "--incomplete", "--as-of", "2022-11-20"), ("child", "list"), ("visit", "list"),
    ("talk", "list"), ("contact", "list"), ("census", "status", "--term", "2022秋"),
    ("export", "-o", "out.csv"), ("assign", "list"), ("plan", "list"), ("iep", "list"),
    ("care", "list"),
]


@pytest.fixture
def two_classes(school: Path) -> Path:
    """七(1)班 has a child; 七(2)班 only a teacher who teaches it."""
    (school / "staff.yaml").write_text(STAFF_YAML + "  - id: T003\n    name: 赵敏\n"
                                       "    phone: '13812340000'\n    roles: [任课教师]\n"
                                       "    teaches: [七(2)班]\n", encoding="utf-8")
    return school


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_unknown_class_is_a_usage_error_naming_the_known_ones(
        two_classes: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    before = snapshot(two_classes)
    result = run(two_classes, *args, "--class", "7-3")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "没有班级“7-3”；已有的班级：七(1)班、七(2)班\n")
    assert snapshot(two_classes) == before
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("klass", ["7-1", "七1", "初一1班", "七(2)班"])
def test_known_class_in_any_spelling_runs(two_classes: Path, args: tuple[str, ...], klass: str,
                                          monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    # 七(2)班 has no child, but a teacher teaches it: it exists, the list is just empty.
    monkeypatch.chdir(tmp_path)
    result = run(two_classes, *args, "--class", klass)
    if args[0] == "export" and klass == "七(2)班":
        assert (result.exit_code, result.stderr) == (1, "没有符合条件的学生，未写文件\n")
    else:
        assert result.exit_code == 0, result.output


def test_unknown_class_in_english(two_classes: Path) -> None:
    result = run(two_classes, "--lang", "en", "child", "list", "--class", "8-1")
    assert (result.exit_code, result.stderr) == (
        2, "no class “8-1”; the classes are: 七(1)班, 七(2)班\n")


def test_a_class_only_a_child_who_left_has_is_known_to_the_report(school: Path) -> None:
    # The report holds only the rows it may print; the classes it knows are still every
    # child's (as `child list` knows them), not only those with a row that day.
    from .test_day_duties import add_child

    add_child(school, "c0002", "李四", "八(3)班",
              status="status: 转出\nstatus_date: 2022-10-08\nstatus_reason: 随父母转学\n")
    for args in (("child", "list", "--status", "全部"),
                 ("report", "--as-of", "2022-11-20", "-f", "csv")):
        result = run(school, *args, "--class", "8-3")
        assert result.exit_code == 0, (args, result.output)
    assert run(school, "report", "--as-of", "2022-11-20", "-f", "csv", "--class",
               "8-3").stdout == "child_id,name,class,duty,responsible,last,due,days_overdue," \
                                "duty_name,responsible_name,missed\n"
