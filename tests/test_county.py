"""`liushou county`: a county's schools read together. Its figures are the sum of each
school's own reports (three generated schools of different sizes, one with an unfinished
census); bad schools are named and the rest still reported; no school folder is written."""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import re
import shutil
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import rows_of, run, snapshot
from tools.generate_county import generate_county

AS_OF = "2022-11-20"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("county") / "county"
    generate_county(root, (24, 40, 60), seed=7, unfinished=0)
    return root


@pytest.fixture
def county(generated: Path, tmp_path: Path) -> Path:
    """A copy of the generated county for a test that may change it."""
    root = tmp_path / "county"
    shutil.copytree(generated, root, ignore=shutil.ignore_patterns(".liushou-cache"))
    return root


def schools(root: Path) -> list[Path]:
    return sorted((root / "schools").iterdir())


def county_run(root: Path, *args: str, **environment: Any) -> Any:
    return run(None, "county", *args, "--county", str(root), **environment)


def json_of(root: Path, *args: str) -> Any:
    result = county_run(root, *args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def school_json(folder: Path, *args: str) -> Any:
    result = run(folder, "report", *args, "-f", "json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def counts(figures: list[dict[str, Any]]) -> dict[str, Any]:
    return {row["figure"]: row["count"] for row in figures}


# ---- the figures equal the sum of the schools' own reports -------------------------------
def test_stats_are_the_sum_of_each_schools_report(generated: Path) -> None:
    found = json_of(generated, "report", "--stats", "--as-of", AS_OF)
    own = [school_json(folder, "--stats") for folder in schools(generated)]
    assert [school["school"] for school in found["schools"]] == ["城关镇中学", "桃洪镇中学",
                                                                "六都寨镇中学"]
    for school, report in zip(found["schools"], own, strict=True):
        assert school["figures"] == report["school"]
        assert school["paragraph"] == report["paragraph"]
    totals: dict[str, int] = defaultdict(int)
    for report in own:
        for key, value in counts(report["school"]).items():
            totals[key] += value
    assert counts(found["county"]) == totals
    left_behind = next(row for row in found["county"] if row["figure"] == "left_behind")
    assert left_behind["denominator"] == "enrolled"
    assert left_behind["share"] == round(100 * totals["left_behind"] / totals["enrolled"], 1)
    # The first school keeps a class's census open: named, and the total flagged partial.
    assert found["schools_unfinished"] == ["城关镇中学"]
    assert [school["census_finished"] for school in found["schools"]] == [False, True, True]
    assert found["complete"] is False
    assert f"在校生{totals['enrolled']}人" in found["paragraph"]


def test_stats_table_flags_the_unfinished_school(generated: Path) -> None:
    result = county_run(generated, "report", "--stats", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "1 所学校摸底未完成" in result.stdout and "城关镇中学" in result.stdout
    assert "全县基本情况（草稿" in result.stdout
    english = county_run(generated, "report", "--stats", "--as-of", AS_OF, language="en")
    assert "the census is not finished in 1 school" in english.stdout
    assert "The county's summary paragraph (DRAFT" in english.stdout
    # On a narrow screen the heading breaks between words; the paragraph stays one line.
    narrow = county_run(generated, "report", "--stats", "--as-of", AS_OF, language="en",
                        width=40).stdout.splitlines()
    assert narrow[-3:-1] == ["The county's summary paragraph (DRAFT:",
                             "data are missing, see the notes above):"]


def test_stats_csv_has_the_county_then_each_school(generated: Path) -> None:
    result = county_run(generated, "report", "--stats", "--as-of", AS_OF, "-f", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "scope,figure,count,denominator,share,complete"
    assert lines[1].startswith("county,enrolled,")
    assert {line.split(",")[0] for line in lines[1:]} == {"county", "城关镇中学", "桃洪镇中学",
                                                          "六都寨镇中学"}


def overdue_by_duty(rows: list[dict[str, Any]]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row["days_overdue"] > 0:
            found[row["duty"]].append(row["days_overdue"])
    return found


def summary(days: list[int]) -> tuple[int, float, int]:
    return len(days), statistics.median(days), max(days)


def test_overdue_is_the_sum_of_each_schools_report(generated: Path) -> None:
    found = json_of(generated, "report", "--overdue", "--as-of", AS_OF)
    rows = found["rows"]
    pooled: dict[str, list[int]] = defaultdict(list)
    for folder, name in zip(schools(generated), ["城关镇中学", "桃洪镇中学", "六都寨镇中学"],
                            strict=True):
        own = overdue_by_duty(school_json(folder, "--overdue")["rows"])
        mine = {row["duty"]: (row["overdue"], row["median_days"], row["worst_days"])
                for row in rows if row["scope"] == name and row["duty"] != "no_home_visit"}
        assert mine == {duty: summary(days) for duty, days in own.items()}
        for duty, days in own.items():
            pooled[duty] += days
    county = {row["duty"]: (row["overdue"], row["median_days"], row["worst_days"])
              for row in rows if row["scope"] == "county" and row["duty"] != "no_home_visit"}
    assert county == {duty: summary(days) for duty, days in pooled.items()}
    # Counts only: no child's name or id leaves a school in this view.
    text = json.dumps(found, ensure_ascii=False)
    for folder in schools(generated):
        for child in (folder / "children").iterdir():
            assert child.stem not in text
    assert "child_id" not in text, text[text.find("child_id") - 300:][:600]
    assert "\"name\"" not in text


def test_no_home_visit_counts_each_school_and_the_county(generated: Path) -> None:
    rows = json_of(generated, "report", "--overdue", "--as-of", AS_OF)["rows"]
    visits = [row for row in rows if row["duty"] == "no_home_visit"]
    assert [row["scope"] for row in visits] == ["城关镇中学", "桃洪镇中学", "六都寨镇中学", "county"]
    assert visits[-1]["overdue"] == sum(row["overdue"] for row in visits[:-1])
    assert visits[-1]["of"] == sum(row["of"] for row in visits[:-1])
    assert all(0 < row["overdue"] < row["of"] for row in visits)


def test_fail_on_overdue(generated: Path) -> None:
    assert county_run(generated, "report", "--overdue", "--as-of", AS_OF,
                      "--fail-on-overdue").exit_code == 1
    assert county_run(generated, "report", "--overdue", "--as-of", AS_OF).exit_code == 0


def test_terms_all_adds_the_snapshots(generated: Path) -> None:
    found = json_of(generated, "report", "--stats", "--terms", "all", "--as-of", AS_OF)
    own = [school_json(folder, "--stats", "--terms", "all") for folder in schools(generated)]
    spring = next(row for row in found["terms"] if row["term"] == "2022春")
    totals: dict[str, int] = defaultdict(int)
    for report in own:
        term = next(row for row in report["rows"] if row["term"] == "2022春")
        for key, value in counts(term["school"]).items():
            totals[key] += value
    assert counts(spring["county"]) == totals



@pytest.mark.parametrize(("as_of", "terms"), [
    ("2022-08-31", {"2022春": True}),  # the day before 2022秋 began: its census not yet taken
    ("2022-09-06", {"2022春": True, "2022秋": False}),  # the autumn census half done
])
def test_terms_all_looked_back_adds_each_schools_own_as_of(generated: Path, as_of: str,
                                                           terms: dict[str, bool]) -> None:
    # Each term as it stood that day (whole, or only some classes), as each school says it.
    found = json_of(generated, "report", "--stats", "--terms", "all", "--as-of", as_of)
    assert {row["term"]: row["complete"] for row in found["terms"]} == terms
    own = [json.loads(run(folder, "report", "--terms", "all", "-f", "json",
                          "--as-of", as_of).stdout) for folder in schools(generated)]
    for row in found["terms"]:
        totals: dict[str, int] = defaultdict(int)
        for report in own:
            term = next(found for found in report["rows"] if found["term"] == row["term"])
            for key, value in counts(term["school"]).items():
                totals[key] += value
        assert counts(row["county"]) == totals, row["term"]

# ---- nothing is written into a school ------------------------------------------------------
def test_county_commands_never_write_a_school(county: Path, tmp_path: Path) -> None:
    before = {folder: snapshot(folder) for folder in schools(county)}
    for args in (["report", "--stats", "--as-of", AS_OF], ["report", "--overdue"],
                 ["export", "-o", str(tmp_path / "form.xlsx")], ["list"]):
        assert county_run(county, *args).exit_code == 0
    assert {folder: snapshot(folder) for folder in schools(county)} == before
    assert not any((folder / ".liushou-cache").exists() for folder in schools(county))
    assert (county / ".liushou-cache").is_dir()  # the county's own cache


def test_warm_and_cold_reads_agree(county: Path) -> None:
    cold = json_of(county, "report", "--overdue", "--as-of", AS_OF)
    warm = json_of(county, "report", "--overdue", "--as-of", AS_OF)
    uncached = run(None, "--no-cache", "county", "report", "--overdue", "--as-of", AS_OF,
                   "--county", str(county), "-f", "json")
    assert cold == warm == json.loads(uncached.stdout)


# ---- bad input -------------------------------------------------------------------------------
def test_bad_schools_are_named_and_the_rest_reported(county: Path) -> None:
    with (county / "county.yaml").open("a", encoding="utf-8") as out:
        out.write("  - name: 不存在中学\n    path: schools/99\n"
                  "  - name: 城关重复\n    path: schools/01/\n")
    first = schools(county)[1]
    (first / "liushou.yaml").write_text("school: [broken\n", encoding="utf-8")
    broken_child = next(iter(sorted((schools(county)[2] / "children").iterdir())))
    broken_child.write_text("name: [\n", encoding="utf-8")
    result = county_run(county, "report", "--stats", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "county.yaml:12: 学校“城关重复”与“城关镇中学”是同一个文件夹，只算一次" in result.stderr
    # The note is wrapped to the screen's width where it falls, which moves with the length
    # of the test's temporary path: compared without the white space.
    bare = re.sub(r"\s+", "", result.stdout)
    assert "未计入桃洪镇中学：" in bare and "02/liushou.yaml:2:YAML格式错误" in bare
    assert "未计入 不存在中学：学校文件夹不存在" in result.stdout
    assert "六都寨镇中学：有 1 个学生文件无法读取" in result.stdout
    found = json_of(county, "report", "--stats", "--as-of", AS_OF)
    assert [school["school"] for school in found["schools"]] == ["城关镇中学", "六都寨镇中学"]
    assert [failed["school"] for failed in found["schools_failed"]] == ["桃洪镇中学", "不存在中学"]
    assert found["complete"] is False
    overdue = county_run(county, "report", "--overdue", "--as-of", AS_OF, "--fail-on-overdue")
    assert overdue.exit_code == 1 and "未计入 桃洪镇中学" in overdue.stdout
    # The csv ends as a school's does: a marked row per school and per file left out (it
    # said nothing of either, where json said complete false).
    marked = [line for line in county_run(county, "report", "--overdue", "--as-of", AS_OF,
                                          "-f", "csv").stdout.splitlines()
              if line.startswith("#unreadable")]
    assert [line.split(",")[1] for line in marked] == [
        "桃洪镇中学", "不存在中学", f"六都寨镇中学/children/{broken_child.name}"]


def test_schools_in_different_terms_on_the_day_are_not_added_up_under_one(
        county: Path) -> None:
    # 桃洪镇中学's autumn term begins on 29 August, the others' on 1 September. On 30 August
    # the county's table was titled 2022春 and summed that school's 2022秋 into it.
    second = schools(county)[1] / "liushou.yaml"
    second.write_text(second.read_text(encoding="utf-8").replace(
        "start: 2022-09-01", "start: 2022-08-29"), encoding="utf-8")
    before = snapshot(county / "schools")
    for lang, said in (("zh", "各校在 2022-08-30 所在的学期不同：城关镇中学 2022春、桃洪镇中学 "
                              "2022秋、六都寨镇中学 2022春。用 --term 指定要汇总哪个学期\n"),
                       ("en", "On 2022-08-30 the schools are in different terms: 城关镇中学 "
                              "2022春, 桃洪镇中学 2022秋, 六都寨镇中学 2022春. Say which term to "
                              "add up with --term\n")):
        for fmt in ("table", "json", "csv"):
            result = county_run(county, "--lang", lang, "report", "--stats", "--as-of",
                                "2022-08-30", "-f", fmt)
            assert (result.exit_code, result.stdout, result.stderr) == (1, "", said)
    # The day before, and the day the others begin, every school is in one term.
    for day, term in (("2022-08-28", "2022春"), ("2022-09-01", "2022秋")):
        assert json_of(county, "report", "--stats", "--as-of", day)["term"] == term
    named = json_of(county, "report", "--stats", "--as-of", "2022-08-30", "--term", "2022秋")
    assert named["term"] == "2022秋" and len(named["schools"]) == 3
    assert snapshot(county / "schools") == before


def test_the_same_id_number_in_two_schools_is_listed_for_both(county: Path) -> None:
    one, two = schools(county)[:2]
    moved = sorted((one / "children").iterdir())[0]
    text = moved.read_text(encoding="utf-8")
    copy = two / "children" / "c9999.yaml"
    copy.write_text(re.sub(r"(?m)^id: .*$", "id: c9999", text), encoding="utf-8")
    found = json_of(county, "report", "--stats", "--as-of", AS_OF)
    id_line = next(line for line in text.splitlines() if line.startswith("id_number:"))
    number = id_line.split(":", 1)[1].strip().strip("'\"")
    assert found["duplicates"] == [{"id_number": number[:6] + "*" * 12,
                                    "schools": [{"school": "城关镇中学", "child_id": moved.stem},
                                                {"school": "桃洪镇中学", "child_id": "c9999"}]}]
    table = county_run(county, "report", "--stats", "--as-of", AS_OF).stdout
    assert "1 个身份证号同时在两所（或以上）学校在读" in table and "每所学校都计了一次" in table
    assert f"城关镇中学 {moved.stem}、桃洪镇中学 c9999" in table


@pytest.mark.parametrize("day", ["2022-11-22", "2022-11-23", "2022-11-24", "2023-01-13"])
def test_incident_steps_overdue_are_counted_as_the_schools_report_counts_them(
        tmp_path: Path, day: str) -> None:
    # The county's overdue report left out the steps of emergency incidents: the most
    # urgent rows a school has. Counted, never named, at --as-of's last minute.
    school = tmp_path / "schools" / "example"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data-example", school)
    root = tmp_path / "county"
    assert run(None, "county", "init", str(root), "--name", "隆回县").exit_code == 0
    assert county_run(root, "add", str(school), "--name", "示例中学").exit_code == 0
    own = run(school, "report", "--duty", "incident", "--as-of", day, "-f", "json")
    late = [row["days_overdue"] for row in rows_of(own.stdout) if row["days_overdue"] > 0]
    found = json_of(root, "report", "--overdue", "--as-of", day)
    counted = [(row["scope"], row["overdue"], row["worst_days"])
               for row in found["rows"] if row["duty"] == "incident"]
    assert counted == ([("示例中学", len(late), max(late)), ("county", len(late), max(late))]
                       if late else [])
    # It happened on 23 November at 16:40; its first steps are late the next evening.
    assert bool(late) == (day >= "2022-11-24")
    table = county_run(root, "report", "--overdue", "--as-of", day).stdout
    assert ("紧急事件" in table) == bool(late)
    assert "2020090408" not in json.dumps(found, ensure_ascii=False) and "2020090408" not in table
    if day == "2023-01-13" and importlib.util.find_spec("duckdb") and importlib.util.find_spec(
            "pyarrow"):  # the hand-off's overdue rows are the report's (Query 2)
        import duckdb

        out = tmp_path / "handoff"
        assert county_run(root, "export", "-o", str(out), "--format", "parquet", "--as-of",
                          day).exit_code == 0
        assert duckdb.connect().execute(
            "SELECT count(*), max(days_overdue) FROM read_parquet("
            f"'{out}/overdue/**/*.parquet', hive_partitioning = true) WHERE duty = 'incident'"
        ).fetchall() == [(len(late), max(late))]


def test_two_schools_may_share_a_local_id(generated: Path) -> None:
    ids = [{path.stem for path in (folder / "children").iterdir()} for folder in schools(generated)]
    assert ids[0] & ids[1]  # c0001 and the like in every school: different children
    found = json_of(generated, "report", "--stats", "--as-of", AS_OF)
    assert found["duplicates"] == []


def test_county_yaml_problems(tmp_path: Path) -> None:
    nowhere = run(None, "county", "list", "--county", str(tmp_path))
    assert nowhere.exit_code == 1 and "不是县级文件夹" in nowhere.stderr
    assert run(None, "county", "init", str(tmp_path / "c"), "--name", "隆回县").exit_code == 0
    (tmp_path / "c" / "county.yaml").write_text("format: 2\ncounty: 隆回县\n", encoding="utf-8")
    newer = county_run(tmp_path / "c", "list")
    assert newer.exit_code == 1 and "格式（2）比本程序认识的（1）新" in newer.stderr
    (tmp_path / "c" / "county.yaml").write_text("county: 隆回县\nschools:\n  - nmae: x\n",
                                                encoding="utf-8")
    typo = county_run(tmp_path / "c", "list")
    assert typo.exit_code == 1 and "county.yaml:3" in typo.stderr
    assert "Traceback" not in typo.output


def test_init_add_list(tmp_path: Path, school: Path) -> None:
    root = tmp_path / "bureau"
    assert run(None, "county", "init", str(root), "--name", "隆回县").exit_code == 0
    again = run(None, "county", "init", str(root), "--name", "隆回县")
    assert again.exit_code == 1 and "已经存在" in again.stderr
    added = county_run(root, "add", str(school))
    assert added.exit_code == 0 and "隆回县城关中学" in added.stdout  # liushou.yaml's name
    twice = county_run(root, "add", str(school), "--name", "别名")
    assert twice.exit_code == 1 and "已经在 county.yaml 里" in twice.stderr
    missing = county_run(root, "add", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1 and "学校文件夹不存在" in missing.stderr
    listed = json.loads(county_run(root, "list", "-f", "json").stdout)
    assert listed == [{"school": "隆回县城关中学", "path": str(school), "remote": "",
                       "state": "可以读取", "readable": True, "listed_twice": False}]


# ---- the export --------------------------------------------------------------------------
def form_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_export_is_each_schools_export_with_the_school_first(generated: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "county.csv"
    result = county_run(generated, "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = form_rows(out)
    assert rows[0][0] == "学校"
    expected = []
    for folder, name in zip(schools(generated), ["城关镇中学", "桃洪镇中学", "六都寨镇中学"],
                            strict=True):
        own = tmp_path / f"{folder.name}.csv"
        assert run(folder, "export", "-o", str(own)).exit_code == 0
        school_rows = form_rows(own)
        assert rows[0][1:] == school_rows[0]
        expected += [[name, *row] for row in school_rows[1:]]
    assert rows[1:] == expected  # masked exactly as each school's own export


def test_export_sheets(generated: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "county.xlsx"
    assert county_run(generated, "export", "-o", str(out), "--sheets").exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["城关镇中学", "桃洪镇中学", "六都寨镇中学"]
    assert book["桃洪镇中学"]["A1"].value == "学校" and book["桃洪镇中学"]["A2"].value == "桃洪镇中学"
    one = tmp_path / "one.xlsx"
    assert county_run(generated, "export", "-o", str(one)).exit_code == 0
    assert load_workbook(one).sheetnames == ["农村留守儿童基本情况登记表"]
    csv_sheets = county_run(generated, "export", "-o", str(tmp_path / "x.csv"), "--sheets")
    assert csv_sheets.exit_code == 2 and "--sheets 只用于 xlsx" in csv_sheets.stderr


def test_export_refuses_a_format_the_name_says_otherwise_of(generated: Path,
                                                            tmp_path: Path) -> None:
    result = county_run(generated, "export", "-o", str(tmp_path / "x.csv"), "-f", "xlsx")
    assert result.exit_code == 2 and "与 --format xlsx 不符" in result.stderr
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("name", ["x.csv", "x.xlsx"])
def test_export_of_the_form_refuses_as_of(generated: Path, tmp_path: Path, name: str) -> None:
    # It was taken and ignored: the form's rows depend on no day.
    result = county_run(generated, "export", "-o", str(tmp_path / name), "--as-of", "2022-11-20")
    assert (result.exit_code, result.stderr) == (
        2, "--as-of 只用于 --format parquet：登记表不随日期变化\n")
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_export_to_dash_is_refused_and_writes_nothing(generated: Path, tmp_path: Path, fmt: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.render import parquet_writer

    # As a school's export (tests/test_output_dash.py): "-" would be a file of that name.
    monkeypatch.setattr(parquet_writer, "available", lambda: True)
    monkeypatch.chdir(tmp_path)
    result = county_run(generated, "export", "-o", "-", "-f", fmt)
    assert result.exit_code == 2
    assert result.stderr.startswith("--output 要的是文件名：“-”（标准输出）在这里不能用")
    assert not (tmp_path / "-").exists()


def test_parquet_without_pyarrow_says_so(generated: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.render import parquet_writer

    monkeypatch.setattr(parquet_writer, "available", lambda: False)
    result = county_run(generated, "export", "-o", str(tmp_path / "out"), "--format", "parquet")
    assert result.exit_code == 1
    assert result.stderr == "没有安装 pyarrow，无法写 Parquet：请运行 pip install \"liushou-cli[county]\"\n"
    assert not (tmp_path / "out").exists()


# ---- the hand-off: the Parquet files and the documented queries ------------------------------
def documented_queries() -> Iterator[tuple[str, str]]:
    """The worked queries of docs/county.md: each ```sql block after a '#### Query' title."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "county.md").read_text(encoding="utf-8")
    for part in text.split("#### Query")[1:]:
        title = part.splitlines()[0].strip(" :")
        sql = part.split("```sql", 1)[1].split("```", 1)[0]
        yield title, sql


def test_parquet_queries_give_the_county_reports_figures(generated: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    out = tmp_path / "handoff"
    result = county_run(generated, "export", "-o", str(out), "--format", "parquet",
                        "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert (out / "children" / "school=桃洪镇中学" / "term=2022秋" / "part-0.parquet").is_file()
    assert any((out / "entries" / "school=城关镇中学").glob("term=*/part-0.parquet"))
    stats = json_of(generated, "report", "--stats", "--as-of", AS_OF)
    overdue = json_of(generated, "report", "--overdue", "--as-of", AS_OF)["rows"]
    queries = dict(documented_queries())
    assert len(queries) == 3
    connection = duckdb.connect()
    connection.execute(f"SET file_search_path = '{out}'")

    def ask(title: str) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = connection.execute(
            queries[title].replace("'handoff/", f"'{out}/")).fetchall()
        return rows

    figures = dict(ask("1, the county's figures"))
    assert figures == {row["figure"]: row["count"] for row in stats["county"]
                       if row["count"] is not None}
    by_duty = {duty: (count, median, worst) for duty, count, median, worst
               in ask("2, overdue duties across the county")}
    assert by_duty == {row["duty"]: (row["overdue"], row["median_days"], row["worst_days"])
                       for row in overdue if row["scope"] == "county"
                       and row["duty"] != "no_home_visit"}
    no_visit = dict(ask("3, children with no home visit this term"))
    assert no_visit == {row["scope"]: row["overdue"] for row in overdue
                        if row["duty"] == "no_home_visit" and row["scope"] != "county"}
    # Masked: no full 身份证号 in the per-child rows.
    numbers = connection.execute(
        f"SELECT id_number FROM read_parquet('{out}/children/**/*.parquet', "
        "hive_partitioning = true)").fetchall()
    assert numbers and all(value is None or value.endswith("*" * 12) for (value,) in numbers)


# ---- pull ------------------------------------------------------------------------------------
def test_pull_clones_then_updates(tmp_path: Path, school: Path) -> None:
    import subprocess

    def git(*args: str, cwd: Path = school) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@x", *args], cwd=cwd,
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "start")
    root = tmp_path / "bureau"
    assert run(None, "county", "init", str(root), "--name", "隆回县").exit_code == 0
    assert county_run(root, "add", "clones/chengguan", "--name", "城关中学",
                      "--remote", str(school)).exit_code == 0
    first = county_run(root, "pull")
    assert first.exit_code == 0 and first.stdout == "城关中学：已克隆\n", first.output
    assert (root / "clones" / "chengguan" / "liushou.yaml").is_file()
    assert county_run(root, "pull").stdout == "城关中学：没有新的修改\n"
    (school / "children" / "c0002.yaml").write_text(
        (school / "children" / "c0001.yaml").read_text(encoding="utf-8").replace(
            "id: c0001", "id: c0002"), encoding="utf-8")
    git("add", "-A")
    git("commit", "-qm", "more")
    assert county_run(root, "pull").stdout == "城关中学：已更新\n"
    assert (root / "clones" / "chengguan" / "children" / "c0002.yaml").is_file()
    (school / ".git").rename(school / "moved.git")
    shutil.rmtree(root / "clones")
    failed = county_run(root, "pull")
    assert failed.exit_code == 1 and failed.stderr.startswith("城关中学：没能更新：")


def test_a_school_of_a_newer_format_is_named(county: Path) -> None:
    # A liushou.yaml written by a later liushou holds a key this one does not know.
    config = schools(county)[2] / "liushou.yaml"
    config.write_text("format: 9\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    found = json_of(county, "report", "--overdue", "--as-of", AS_OF)
    assert [failed["school"] for failed in found["schools_failed"]] == ["六都寨镇中学"]
    assert "liushou.yaml:1" in found["schools_failed"][0]["problem"]
    assert {row["scope"] for row in found["rows"]} == {"城关镇中学", "桃洪镇中学", "county"}


def test_a_school_that_changed_is_read_again(county: Path) -> None:
    # Files older than the racy window: the county keeps each school's result.
    old = time.time() - 3600
    for path in county.rglob("*.yaml"):
        os.utime(path, (old, old))
    first = json_of(county, "report", "--overdue", "--as-of", AS_OF)
    assert len(list((county / ".liushou-cache").glob("*.school.json"))) == 3
    assert json_of(county, "report", "--overdue", "--as-of", AS_OF) == first
    gone = sorted((schools(county)[1] / "children").iterdir())[0]
    gone.unlink()
    second = json_of(county, "report", "--overdue", "--as-of", AS_OF)

    def on_record(found: Any) -> dict[str, int]:
        return {row["scope"]: row["of"] for row in found["rows"] if row["duty"] == "no_home_visit"}

    assert on_record(second)["桃洪镇中学"] == on_record(first)["桃洪镇中学"] - 1
    assert on_record(second)["城关镇中学"] == on_record(first)["城关镇中学"]


def test_a_child_recorded_in_the_holiday_is_on_the_books_in_it(county: Path) -> None:
    # Its class owes no parent meeting for the term that ended before it came
    # (test_support_boundaries), but the child is on the school's books from the day recorded.
    def on_record(day: str) -> int:
        found = json_of(county, "report", "--overdue", "--as-of", day)
        return next(row["of"] for row in found["rows"]
                    if row["duty"] == "no_home_visit" and row["scope"] == "桃洪镇中学")

    before = {day: on_record(day) for day in ("2023-01-19", "2023-01-20")}
    (schools(county)[1] / "children" / "c9999.yaml").write_text(
        "id: c9999\nname: 李四\ngender: 男\nclass: 七(1)班\nleft_behind_type: 父亲外出\n"
        "recorded_on: 2023-01-20\nstatus: 在读\n", encoding="utf-8")
    assert on_record("2023-01-19") == before["2023-01-19"]
    assert on_record("2023-01-20") == before["2023-01-20"] + 1


@pytest.mark.parametrize(("language", "expected"), [
    ("zh", "无法读取 {path}：读写磁盘出错（磁盘或网络故障）。"),
    ("en", "cannot read {path}: an input/output error (a fault of the disk or network)."),
])
def test_a_school_the_system_cannot_read_is_named_in_the_users_language(
        generated: Path, monkeypatch: pytest.MonkeyPatch, language: str, expected: str) -> None:
    # The system's own words ("Input/output error") are English whatever the user reads.
    from liushou_cli.reports import county_school

    folder = schools(generated)[0]
    broken = folder / "children" / "c0001.yaml"

    def refused(*args: Any) -> None:
        raise OSError(errno.EIO, "Input/output error", str(broken))

    monkeypatch.setattr(county_school, "_stats", refused)
    job = county_school.SchoolJob("城关镇中学", folder, None, date(2022, 11, 20),
                                  date(2022, 11, 20), "stats", language=language)
    assert county_school.read_school(job).problem == expected.format(path=broken)


@pytest.mark.parametrize(("where", "fmt"), [("form.xlsx", "xlsx"), ("sub/form.csv", "csv"),
                                            ("parquet", "parquet")])
def test_export_into_a_schools_folder_is_refused(county: Path, where: str, fmt: str) -> None:
    # Many schools' children, --full or not, in one school's folder would travel with it.
    school = schools(county)[1]
    (school / "sub").mkdir()
    before = snapshot(school)
    target = school / where
    result = county_run(county, "export", "-o", str(target), "-f", fmt, "--full"
                        if fmt != "parquet" else "--force")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{target} 在 ")
    assert "的数据文件夹里：县级导出含各校学生的信息，不能放进任何一所学校的文件夹" in result.stderr
    assert snapshot(school) == before


def test_export_beside_the_schools_is_written(county: Path) -> None:
    result = county_run(county, "export", "-o", str(county / "schools-form.csv"))
    assert result.exit_code == 0, result.output
    assert (county / "schools-form.csv").is_file()
