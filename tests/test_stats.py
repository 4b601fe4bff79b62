"""The term statistics on a school built from a roster with known counts, checked against
hand arithmetic, paragraph included."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from .conftest import rows_of, run, use_environment

HEADER = "学籍号,姓名,性别,班级,留守类型,监护人姓名,监护人关系,监护人电话,是否寄宿"
# 七(1)班: 12 children (4 both away, 6 father, 2 mother), 5 with grandparents, 3 boarding.
# 七(2)班: 8 children (2 both away, 5 father, 1 other), 3 with grandparents, 3 boarding.
CLASS_1 = ([("双亲外出", "祖母", "是")] * 3 + [("双亲外出", "外祖父", "否")]
           + [("父亲外出", "母亲", "否")] * 5 + [("父亲外出", "祖父", "否")]
           + [("母亲外出", "父亲", "否")] * 2)
CLASS_2 = ([("双亲外出", "外祖母", "是")] * 2 + [("父亲外出", "母亲", "否")] * 4
           + [("父亲外出", "祖母", "是")] + [("其他", "亲属", "否")])


def roster_text(with_totals: bool) -> str:
    lines = [HEADER + (",在校人数\n" if with_totals else "\n")]
    for code, klass, rows in ((1, "七(1)班", CLASS_1), (2, "七(2)班", CLASS_2)):
        for number, (kind, relation, boarding) in enumerate(rows, start=1):
            no = f"2022{code:02d}{number:02d}"
            lines.append(f"{no},学生{no[-4:]},{'男' if number % 2 else '女'},{klass},{kind},"
                         f"监护人{number},{relation},139{number:08d},{boarding}"
                         + (",50\n" if with_totals else "\n"))
    return "".join(lines)


@pytest.fixture
def counted_school(school: Path, tmp_path: Path) -> Path:
    use_environment(today=date(2022, 9, 10))
    (school / "children" / "c0001.yaml").unlink()  # only the roster's children
    (school / "staff.yaml").write_text(
        "staff:\n  - {id: T001, name: 王建国, roles: [班主任], leads: [七(1)班]}\n"
        "  - {id: T002, name: 李芳, roles: [班主任], leads: [七(2)班]}\n", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_text(with_totals=False), encoding="utf-8")
    result = run(school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
                 "--by", "T001")
    assert result.exit_code == 0, result.output
    for child_id in ("20220101", "20220205"):  # two excellent students
        assert run(school, "child", "edit", child_id, "--set", "academic_level=优").exit_code == 0
    # The class totals come last, which finishes the census and keeps its figures.
    roster.write_text(roster_text(with_totals=True), encoding="utf-8")
    result = run(school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
                 "--by", "T001")
    assert result.exit_code == 0, result.output
    return school


def figures(result: dict[str, object], scope: str = "school") -> dict[str, tuple[int, float]]:
    rows = result[scope] if scope == "school" else next(
        c["figures"] for c in result["classes"] if c["class"] == scope)  # type: ignore[union-attr]
    return {row["figure"]: (row["count"], row["share"]) for row in rows}  # type: ignore[index]


def test_every_figure_and_its_denominator(counted_school: Path) -> None:
    result = json.loads(run(counted_school, "report", "--stats", "--term", "2022秋",
                            "--as-of", "2022-09-20", "-f", "json").stdout)
    school = figures(result)
    assert school["enrolled"] == (100, None)
    assert school["left_behind"] == (20, 20.0)          # of 100 enrolled
    assert school["both_away"] == (6, 30.0)             # of 20 left-behind
    assert school["father_away"] == (11, 55.0)
    assert school["mother_away"] == (2, 10.0)
    assert school["other_type"] == (1, 5.0)
    assert school["with_grandparents"] == (8, 8.0)      # of 100 enrolled
    assert school["boarding"] == (6, 30.0)              # of 20 left-behind
    assert school["level:优"] == (2, 10.0)              # of 20 left-behind
    denominators = {row["figure"]: row["denominator"] for row in result["school"]}
    assert denominators["left_behind"] == "enrolled"
    assert denominators["with_grandparents"] == "enrolled"
    assert denominators["both_away"] == "left_behind" and denominators["level:优"] == "left_behind"
    first = figures(result, "七(1)班")
    assert first["left_behind"] == (12, 24.0) and first["both_away"] == (4, 33.3)
    assert first["with_grandparents"] == (5, 10.0)
    assert result["paragraph"] == (
        "本学期（2022年秋），我校在校生100人，留守儿童20人，占在校生的20%，其中双亲外出的6人，"
        "又占了留守儿童总数的30%；父亲外出的11人、母亲外出的2人，分别占留守儿童的55%、10%。"
        "在家投靠祖父母、外祖父母等的学生8人，占在校生总数的8%。留守儿童中寄宿生6人，"
        "享受低保等救助帮扶的0人；优秀生2人，占留守儿童学生总数的10%。")


def test_table_names_each_denominator(counted_school: Path) -> None:
    out = run(counted_school, "report", "--stats", "--term", "2022秋", "--as-of",
              "2022-09-20").stdout
    assert "留守儿童" in out and "占在校生" in out and "占留守儿童" in out
    assert "本学期（2022年秋），我校在校生100人" in out  # one unbroken line
    english = run(counted_school, "--lang", "en", "report", "--stats", "--term", "2022秋",
                  "--as-of", "2022-09-20").stdout
    assert "of enrolled students" in english and "(autumn 2022)" in english


def test_snapshot_is_kept_as_it_stood(counted_school: Path) -> None:
    # The census is finished: a later edit changes the records, not the term's figures.
    assert run(counted_school, "child", "edit", "20220102", "--set",
               "left_behind_type=父亲外出").exit_code == 0
    result = rows_of(run(counted_school, "report", "--terms", "all", "-f", "json").stdout)
    assert [term["term"] for term in result] == ["2022秋"]
    assert figures(result[0])["both_away"] == (6, 30.0)
    assert figures(result[0])["level:优"] == (2, 10.0)


@pytest.mark.parametrize(("extra", "said"), [
    (("--as-of", "2021-01-01"), "2021-01-01 不在任何学期内，请用 --term 指定学期\n"),
    (("--as-of", "2021-01-02"), "今天不在任何学期内，请用 --term 指定学期\n"),
    ((), "今天不在任何学期内，请用 --term 指定学期\n"),
])
def test_a_day_in_no_term_is_named(counted_school: Path, extra: tuple[str, ...],
                                   said: str) -> None:
    # With --as-of, "今天不在任何学期内" spoke of the wrong day (before every term here).
    result = run(counted_school, "report", "--stats", *extra, today=date(2021, 1, 2))
    assert (result.exit_code, result.stderr) == (2, said)


def test_english_notes_join_their_lists_as_english_does(school: Path) -> None:
    from tests.test_cli_support import add_child

    add_child(school, "c0002", "李小红", klass="七(2)班")
    english = run(school, "--lang", "en", "report", "--stats", "--as-of", "2022-11-20")
    assert "shares of enrolled cannot be computed: 七(1)班, 七(2)班" in english.output
    chinese = run(school, "report", "--stats", "--as-of", "2022-11-20")
    assert "无法计算：七(1)班、七(2)班" in chinese.output
