"""Every report says when it stands on partial data: json and csv carry the files that could
not be read, the 基本情况 paragraph is only a draft while data are missing, and `--terms all`
never passes a term covered by some classes off as the school."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from .conftest import run, snapshot, use_environment

BROKEN = "name: [\n"  # an unclosed bracket: a YAML error at line 2
LEFT_OUT = {"path": "children/c0009.yaml", "line": 2,
            "message": "YAML 格式错误：这一行的写法不对：请检查冒号、引号、括号和缩进"}

REPORTS = {
    "overdue": ("report", "--as-of", "2022-11-20"),
    "stats": ("report", "--stats", "--term", "2022秋", "--as-of", "2022-11-20"),
    "terms": ("report", "--terms", "all"),
    "caseload": ("report", "--caseload", "--as-of", "2022-11-20"),
    "incomplete": ("report", "--incomplete", "--as-of", "2022-11-20"),
    "child list": ("child", "list"),
    "census status": ("census", "status", "--term", "2022秋"),
}


@pytest.fixture
def broken(school: Path) -> Path:
    (school / "children" / "c0009.yaml").write_text(BROKEN, encoding="utf-8")
    return school


@pytest.mark.parametrize("name", REPORTS)
def test_json_names_the_files_left_out(broken: Path, name: str) -> None:
    before = snapshot(broken)
    result = run(broken, *REPORTS[name], "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["complete"] is False
    assert data["unreadable"] == [LEFT_OUT]
    assert result.stderr.strip() == "有 1 个学生文件无法读取，未列出；运行 liushou check 查看"
    assert snapshot(broken) == before


@pytest.mark.parametrize("name", [name for name in REPORTS if name not in ("stats", "terms")])
def test_json_is_complete_when_every_file_reads(school: Path, name: str) -> None:
    data = json.loads(run(school, *REPORTS[name], "-f", "json").stdout)
    assert set(data) == {"complete", "unreadable", "rows"}
    assert data["complete"] is True and data["unreadable"] == []


@pytest.mark.parametrize("name", REPORTS)
def test_csv_ends_with_a_marked_row_per_file_left_out(broken: Path, name: str) -> None:
    result = run(broken, *REPORTS[name], "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[-1] == ["#unreadable", "children/c0009.yaml", "2",
                        "YAML 格式错误：这一行的写法不对：请检查冒号、引号、括号和缩进"]
    assert not any(row[0].startswith("#") for row in rows[:-1])


@pytest.mark.parametrize("name", ["overdue", "child list", "caseload"])
def test_csv_has_no_marked_row_when_every_file_reads(school: Path, name: str) -> None:
    rows = list(csv.reader(io.StringIO(run(school, *REPORTS[name], "-f", "csv").stdout)))
    assert not any(row and row[0].startswith("#") for row in rows)


def enrolled(school: Path, total: int, klass: str = "七(1)班", term: str = "2022秋") -> None:
    folder = school / "censuses"
    folder.mkdir(exist_ok=True)
    (folder / f"{term}.yaml").write_text(
        f"term: {term}\nclasses:\n  {klass}:\n    enrolled: {total}\n", encoding="utf-8")


STATS = ("report", "--stats", "--term", "2022秋", "--as-of", "2022-11-20")
READY = "基本情况（可直接用于学校实施方案）："
DRAFT = "基本情况（草稿：数据不全，补齐之前不能直接用于学校实施方案）："


def test_paragraph_ready_only_when_nothing_is_missing(school: Path) -> None:
    enrolled(school, 40)
    out = run(school, *STATS).stdout
    assert READY in out and "草稿" not in out
    data = json.loads(run(school, *STATS, "-f", "json").stdout)
    assert data["complete"] is True and data["unreadable"] == []
    assert data["classes_missing_enrolled"] == []


def test_paragraph_is_a_draft_while_a_file_is_unreadable(broken: Path) -> None:
    enrolled(broken, 40)
    out = run(broken, *STATS).stdout
    assert READY not in out
    lines = out.splitlines()
    at = lines.index(DRAFT)
    assert lines[at + 1] == "  有 1 个学生文件无法读取，其中的学生没有计入：children/c0009.yaml"
    assert lines[at + 2].startswith("本学期（2022年秋），我校在校生40人")
    english = run(broken, "--lang", "en", *STATS).stdout
    assert "Summary paragraph (DRAFT: data are missing;" in english


def test_paragraph_is_a_draft_while_a_class_total_is_missing(school: Path) -> None:
    out = run(school, *STATS).stdout
    lines = out.splitlines()
    at = lines.index(DRAFT)
    assert lines[at + 1] == ("  以下班级没有填写在校人数，全校在校生和“占在校生”的比例算不出："
                             "七(1)班")
    data = json.loads(run(school, *STATS, "-f", "json").stdout)
    assert data["complete"] is False and data["unreadable"] == []
    assert data["classes_missing_enrolled"] == ["七(1)班"]


def finished(klass: str, total: int, day: str) -> str:
    return (f"  {klass}:\n    enrolled: {total}\n    finished: {day}\n"
            f"    counts: {{left_behind: 1, both_away: 1}}\n")


@pytest.fixture
def history(school: Path) -> Path:
    """2022秋: 七(1)班 finished, 七(2)班 gave its total only, a child of 七(3)班 checked,
    七(4)班 (led by T003) never started. 2023春: all four finished, on 2023-03-01: the day
    the reports are asked on (--terms all takes the censuses finished by the day)."""
    use_environment(today=date(2023, 3, 1))
    with (school / "staff.yaml").open("a", encoding="utf-8") as staff:
        staff.write("  - {id: T003, name: 赵敏, roles: [班主任], leads: [七(4)班]}\n")
    child = (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    (school / "children" / "c0002.yaml").write_text(
        child.replace("c0001", "c0002").replace("七(1)班", "七(3)班")
        .replace("'2022070101'", "'2022070301'")
        + "events:\n  - {type: 摸底, date: 2022-09-10, by: T001, term: 2022秋}\n",
        encoding="utf-8")
    (school / "censuses").mkdir()
    (school / "censuses" / "2022秋.yaml").write_text(
        "term: 2022秋\nclasses:\n" + finished("七(1)班", 40, "2022-09-08")
        + "  七(2)班:\n    enrolled: 42\n", encoding="utf-8")
    (school / "censuses" / "2023春.yaml").write_text(
        "term: 2023春\nclasses:\n" + "".join(finished(f"七({n})班", 40, "2023-03-01")
                                             for n in range(1, 5)), encoding="utf-8")
    return school


def test_terms_all_never_shows_some_classes_as_the_school(history: Path) -> None:
    result = run(history, "report", "--terms", "all")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2022秋（部分班级）" in out and "2023春（部分班级）" not in out
    notes = out[out.index("注意"):].splitlines()
    assert notes == ["注意：2022秋 一列只含已完成摸底的 1 个班（七(1)班），不是全校的数字。",
                     "  摸底未完成，未计入：七(2)班、七(3)班",
                     "  摸底从未开始，未计入：七(4)班"]
    english = run(history, "--lang", "en", "report", "--terms", "all").stdout
    assert "2022秋 (some classes)" in english
    assert "census never started, left out: 七(4)班" in english


def test_terms_all_json_and_csv_say_which_classes(history: Path) -> None:
    data = json.loads(run(history, "report", "--terms", "all", "-f", "json").stdout)
    assert data["complete"] is False and data["unreadable"] == []
    autumn, spring = data["rows"]
    assert (autumn["term"], autumn["complete"], autumn["enrolled"]) == ("2022秋", False, 40)
    assert autumn["classes_covered"] == ["七(1)班"]
    assert autumn["classes_unfinished"] == ["七(2)班", "七(3)班"]
    assert autumn["classes_not_started"] == ["七(4)班"]
    assert (spring["complete"], spring["enrolled"]) == (True, 160)
    assert spring["classes_covered"] == ["七(1)班", "七(2)班", "七(3)班", "七(4)班"]
    assert spring["classes_unfinished"] == [] and spring["classes_not_started"] == []
    rows = list(csv.DictReader(io.StringIO(run(history, "report", "--terms", "all",
                                               "-f", "csv").stdout)))
    assert {(row["term"], row["complete"]) for row in rows} == {("2022秋", "false"),
                                                                ("2023春", "true")}


def test_terms_all_is_complete_when_every_term_is(history: Path) -> None:
    (history / "censuses" / "2022秋.yaml").unlink()  # 2023春 alone: every class finished
    data = json.loads(run(history, "report", "--terms", "all", "-f", "json").stdout)
    assert data["complete"] is True and [row["term"] for row in data["rows"]] == ["2023春"]
    assert "部分班级" not in run(history, "report", "--terms", "all").stdout


def test_export_csv_ends_with_the_files_left_out(broken: Path, tmp_path: Path) -> None:
    out = tmp_path / "名单.csv"
    before = snapshot(broken)
    result = run(broken, "export", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert snapshot(broken) == before
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[-1] == ["#未能读取", "children/c0009.yaml", "2",
                        "YAML 格式错误：这一行的写法不对：请检查冒号、引号、括号和缩进"]
    assert [row[0] for row in rows[1:-1]] == ["2022070101"]  # the one child read
    assert "有 1 个学生文件无法读取" in result.stderr


def test_export_xlsx_lists_the_files_left_out_on_a_sheet_of_its_own(broken: Path) -> None:
    from openpyxl import load_workbook

    out = broken.parent / "名单.xlsx"
    assert run(broken, "export", "--output", str(out)).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames[1:] == ["未能读取的文件"]
    assert [[cell.value for cell in row] for row in book["未能读取的文件"].iter_rows()] == [
        ["文件", "行", "问题"],
        ["children/c0009.yaml", "2", "YAML 格式错误：这一行的写法不对：请检查冒号、引号、括号和缩进"]]
    (broken / "children" / "c0009.yaml").unlink()
    whole = broken.parent / "全部.xlsx"
    assert run(broken, "export", "--output", str(whole)).exit_code == 0
    assert len(load_workbook(whole).sheetnames) == 1
