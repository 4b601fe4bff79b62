"""A report that counts activities says when an activity file could not be read, as it says
so of a child file: a line on stderr, json `complete: false` with the file in `unreadable`,
csv's `#unreadable` row, the dashboard's notice on every page; warm and cold alike. A
broken parent-meeting file otherwise made a class's meeting look owed although it was
held, and nothing said why. What the reports count does not change."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from liushou_cli.store import read as read_module

from .conftest import run, snapshot
from .test_cache import age
from .test_county import AS_OF, county_run, schools

MEETING = ("date: 2022-11-19\nkind: 家长会\ntitle: 期中家长会\nclasses: [七(1)班]\nby: [T001]\n"
           "children: [c0001]\nguardians: [c0001]\n")
BROKEN_TAIL = "  bad: [\n"  # a YAML error at line 8
MEETING_FILE = "activities/2022-11-19-parent-meeting.yaml"
YAML_ERROR = "YAML 格式错误：缩进没有对齐"
LEFT_OUT = {"path": MEETING_FILE, "line": 8, "message": YAML_ERROR}
SAID = "有 1 个活动文件无法读取，其中的活动未计入；运行 liushou check 查看"
SAID_CHILD = "有 1 个学生文件无法读取，未列出；运行 liushou check 查看"

# The kinds of report whose rows stand on the activities' facts.
REPORTS = {
    "overdue": ("report", "--as-of", "2023-01-21"),
    "caseload": ("report", "--caseload", "--as-of", "2023-01-21", "--due-within", "30"),
}


def meeting(school: Path, text: str = MEETING) -> Path:
    path = school / MEETING_FILE
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def broken(school: Path) -> Path:
    """The fixture school whose one parent meeting, held for 七(1)班, is in a broken file."""
    meeting(school, MEETING + BROKEN_TAIL)
    return school


def json_of(root: Path, *args: str) -> tuple[dict[str, Any], str]:
    result = run(root, *args, "-f", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data, result.stderr


@pytest.mark.parametrize("name", REPORTS)
def test_json_names_the_activity_file_left_out_warm_and_cold(broken: Path, name: str) -> None:
    before = snapshot(broken)
    cold, said = json_of(broken, *REPORTS[name])
    assert cold["complete"] is False
    assert cold["unreadable"] == [LEFT_OUT]
    assert said.strip() == SAID
    warm, said_warm = json_of(broken, *REPORTS[name])  # the cache's answer now
    assert warm == cold and said_warm == said
    assert snapshot(broken) == before


def test_json_is_complete_when_every_activity_file_reads(school: Path) -> None:
    meeting(school)
    for name in REPORTS:
        data, said = json_of(school, *REPORTS[name])
        assert data["complete"] is True and data["unreadable"] == [] and said == ""


@pytest.mark.parametrize("name", REPORTS)
def test_what_is_counted_is_as_without_the_file(broken: Path, name: str) -> None:
    # Said, not changed: the rows are those of the folder without the file.
    rows = json_of(broken, *REPORTS[name])[0]["rows"]
    (broken / MEETING_FILE).unlink()
    assert json_of(broken, *REPORTS[name])[0]["rows"] == rows


def test_the_meeting_held_is_owed_only_while_its_file_cannot_be_read(school: Path) -> None:
    def meetings() -> tuple[list[str], bool]:
        data = json_of(school, "report", "--as-of", "2023-01-21", "--duty", "parent-meeting")[0]
        return [row["class"] for row in data["rows"]], data["complete"]

    path = meeting(school, MEETING + BROKEN_TAIL)
    assert meetings() == (["七(1)班"], False)  # owed, and the report says it is not whole
    path.write_text(MEETING, encoding="utf-8")
    assert meetings() == ([], True)


@pytest.mark.parametrize("name", REPORTS)
def test_csv_ends_with_the_activity_files_marked_row(broken: Path, name: str) -> None:
    for _ in ("cold", "warm"):
        result = run(broken, *REPORTS[name], "-f", "csv")
        assert result.exit_code == 0, result.output
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[-1] == ["#unreadable", MEETING_FILE, "8", YAML_ERROR]
        assert not any(row[0].startswith("#") for row in rows[:-1])
        assert result.stderr.strip() == SAID


def test_a_child_file_and_an_activity_file_each_said(broken: Path) -> None:
    (broken / "children" / "c0009.yaml").write_text("name: [\n", encoding="utf-8")
    data, said = json_of(broken, *REPORTS["overdue"])
    assert data["complete"] is False
    assert data["unreadable"] == [
        {"path": "children/c0009.yaml", "line": 2,
         "message": "YAML 格式错误：这一行的写法不对：请检查冒号、引号、括号和缩进"},
        LEFT_OUT]
    assert said.splitlines() == [SAID_CHILD, SAID]
    table = run(broken, *REPORTS["overdue"])
    assert table.exit_code == 0 and table.stderr.splitlines() == [SAID_CHILD, SAID]


def test_the_table_and_the_english_say_it(broken: Path) -> None:
    assert run(broken, *REPORTS["overdue"]).stderr.strip() == SAID
    english = run(broken, "--lang", "en", *REPORTS["overdue"]).stderr.strip()
    assert english == ("1 activity file could not be read, so not every activity is counted; "
                       "run liushou check")


def test_reports_that_count_no_activity_stay_complete(broken: Path) -> None:
    # --incomplete and --stats read no activity file: a broken one leaves them whole.
    for args in (("report", "--incomplete", "--as-of", "2023-01-21"),
                 ("report", "--stats", "--term", "2022秋", "--as-of", "2022-11-20")):
        data, said = json_of(broken, *args)
        assert data["unreadable"] == [] and said == ""


def test_fail_on_overdue_is_not_told_no_about_an_activity_it_never_read(school: Path) -> None:
    # Before the meeting is due nothing of it is overdue: only the broken file fails the run.
    args = ("report", "--as-of", "2022-11-20", "--duty", "parent-meeting", "--fail-on-overdue")
    meeting(school)
    assert run(school, *args).exit_code == 0
    meeting(school, MEETING + BROKEN_TAIL)
    result = run(school, *args)
    assert result.exit_code == 1 and result.stderr.strip() == SAID


def test_the_calendar_says_it(broken: Path, tmp_path: Path) -> None:
    out = tmp_path / "duties.ics"
    result = run(broken, *REPORTS["overdue"], "-f", "ics", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert result.stderr.splitlines()[-1] == SAID


def test_a_warm_report_parses_no_broken_activity_file_again(
        broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    age(broken)  # an hour old: the cache may trust the files
    first, _ = json_of(broken, *REPORTS["overdue"])
    real = read_module.read_model
    parsed: list[Path] = []

    def counted(path: Path, *args: Any) -> Any:
        parsed.append(path)
        return real(path, *args)

    monkeypatch.setattr(read_module, "read_model", counted)
    warm, said = json_of(broken, *REPORTS["overdue"])
    assert warm == first and warm["unreadable"] == [LEFT_OUT] and said.strip() == SAID
    assert parsed == []


def test_the_example_schools_meeting_is_said_not_blamed(tmp_path: Path) -> None:
    # The reviewer's case: 九年级's parent meeting in a broken file. Four classes show it
    # owed, as without the file, and the report says which file it could not read.
    school = tmp_path / "school"
    shutil.copytree(Path(__file__).parent.parent / "data-example", school)
    path = school / "activities" / "2022-11-19-parent-meeting-3.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  bad: [\n", encoding="utf-8")
    data, said = json_of(school, "report", "--as-of", "2023-01-20", "--duty", "parent-meeting")
    assert data["complete"] is False
    assert [found["path"] for found in data["unreadable"]] == [
        "activities/2022-11-19-parent-meeting-3.yaml"]
    assert said.strip() == SAID
    assert {row["class"] for row in data["rows"]} >= {"九(1)班", "九(2)班", "九(3)班", "九(4)班"}
    path.unlink()
    assert json_of(school, "report", "--as-of", "2023-01-20", "--duty",
                   "parent-meeting")[0]["rows"] == data["rows"]



# ---- the dashboard -------------------------------------------------------------------------------
SITE_NOTICE = ("注意：有 1 个活动文件无法读取，其中的活动未计入这些网页，相应的工作可能显示为未完成"
               "（运行 liushou check 查看）。")
SITE_CHILD_NOTICE = "注意：有 1 个学生文件无法读取，未计入这些网页（运行 liushou check 查看）。"


def pages(site: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))]


def test_every_dashboard_page_says_an_activity_file_was_left_out(broken: Path,
                                                                  tmp_path: Path) -> None:
    result = run(broken, "dashboard", "--as-of", "2023-01-21", "-o", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == SAID
    made = pages(tmp_path / "site")
    assert len(made) >= 3  # the school's, the child's and the teachers' pages
    assert all(page.count(SITE_NOTICE) == 1 and SITE_CHILD_NOTICE not in page for page in made)
    (broken / "children" / "c0009.yaml").write_text("name: [\n", encoding="utf-8")
    both = run(broken, "dashboard", "--as-of", "2023-01-21", "-o", str(tmp_path / "both"))
    assert both.stderr.splitlines() == [SAID_CHILD, SAID]
    assert all(SITE_CHILD_NOTICE in page and SITE_NOTICE in page
               for page in pages(tmp_path / "both"))
    (broken / MEETING_FILE).write_text(MEETING, encoding="utf-8")
    (broken / "children" / "c0009.yaml").unlink()
    whole = run(broken, "dashboard", "--as-of", "2023-01-21", "-o", str(tmp_path / "whole"))
    assert whole.stderr == ""
    assert not any("无法读取" in page for page in pages(tmp_path / "whole"))


# ---- a child's timeline ----------------------------------------------------------------------------
def test_child_show_says_an_activity_is_missing_from_the_timeline(broken: Path) -> None:
    result = run(broken, "child", "show", "c0001")
    assert result.exit_code == 0, result.output
    assert "期中家长会" not in result.stdout
    assert result.stderr.strip() == "有 1 个活动文件无法读取，未列出；运行 liushou check 查看"
    (broken / MEETING_FILE).write_text(MEETING, encoding="utf-8")
    mended = run(broken, "child", "show", "c0001")
    assert "期中家长会" in mended.stdout and mended.stderr == ""


def test_child_show_counts_every_activity_file_left_out(broken: Path) -> None:
    # Two broken files (the second read after the first): both are counted, warm and cold.
    second = broken / "activities" / "2022-11-26-forum.yaml"
    second.write_text(MEETING.replace("家长会", "座谈会").replace("2022-11-19", "2022-11-26")
                      + BROKEN_TAIL, encoding="utf-8")
    age(broken)
    for _ in range(2):
        result = run(broken, "child", "show", "c0001")
        assert result.exit_code == 0, result.output
        assert result.stderr.strip() == "有 2 个活动文件无法读取，未列出；运行 liushou check 查看"


# ---- a county's school --------------------------------------------------------------------------
@pytest.fixture
def county_with_a_broken_activity(tmp_path: Path) -> tuple[Path, str]:
    from tools.generate_county import generate_county

    root = tmp_path / "county"
    generate_county(root, (24, 40), seed=7, unfinished=0)
    school = schools(root)[1]
    meeting(school, MEETING + BROKEN_TAIL)
    age(root)  # an hour old: the second run takes the school's kept result
    return root, "桃洪镇中学"


def test_the_county_names_the_school_whose_activity_file_was_left_out(
        county_with_a_broken_activity: tuple[Path, str]) -> None:
    root, name = county_with_a_broken_activity
    for _ in ("cold", "warm"):
        result = county_run(root, "report", "--overdue", "--as-of", AS_OF, "-f", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["complete"] is False
        assert data["unreadable"] == [{"school": name, "files": 1}]
        assert result.stderr.strip() == (f"{name}：有 1 个活动文件无法读取，其中的活动未计入"
                                         "（在该校运行 liushou check 查看）")
