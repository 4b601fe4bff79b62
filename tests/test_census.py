"""The interactive start-of-term census: changes, an archive, a newcomer, an interruption
and a resume, checked in the files afterwards."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core.model import CensusFile
from liushou_cli.store.yamlio import parse_mapping

from .conftest import CHILD_ID_NUMBER, CHILD_YAML, rows_of, run, snapshot, use_environment, valid_id

KEEP = ""


def answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


@pytest.fixture(autouse=True)
def _at_a_terminal() -> None:
    """The census asks its questions of a person at the keyboard: every test here has one
    (the input they type is the test's `input`), but those that say otherwise."""
    use_environment(interactive=True)


@pytest.fixture
def census_school(school: Path) -> Path:
    """Two children of 七(1)班 recorded last term; today is 2022-09-10 in term 2022秋."""
    use_environment(today=date(2022, 9, 10))
    text = CHILD_YAML.format(id_number=CHILD_ID_NUMBER).replace("recorded_on: 2022-09-05",
                                                                 "recorded_on: 2022-05-10")
    (school / "children" / "c0001.yaml").write_text(text, encoding="utf-8")
    other = (text.replace("c0001", "c0002").replace("张小明", "李四")
             .replace("'2022070101'", "'2022070102'")
             .replace(CHILD_ID_NUMBER, valid_id("43052420110315003")))
    (school / "children" / "c0002.yaml").write_text(other, encoding="utf-8")
    return school


def child_check(school: Path, child_id: str) -> dict[str, object] | None:
    data = parse_mapping((school / "children" / f"{child_id}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    checks = [e for e in data.get("events", []) if e["type"] == "摸底"]
    return checks[-1] if checks else None


FIRST_CHILD = answers(
    KEEP,            # still enrolled
    KEEP,            # left-behind type
    KEEP, KEEP,      # guardian name, relation
    "13987654321",   # guardian phone changed
    KEEP, KEEP, "深圳",  # father phone, province, city changed
    "123",           # mother phone: invalid, asked again
    KEEP, KEEP, KEEP,  # mother phone, province, city
    "boarding=是",   # another change
    KEEP,            # no more
)


def test_interrupted_then_resumed(census_school: Path) -> None:
    school = census_school
    first = run(school, "census", "--class", "7-1", "--term", "2022秋", input=FIRST_CHILD)
    assert first.exit_code != 0  # input ran out at the second child, like Ctrl-C
    assert "[1/2] 张小明(c0001)七(1)班" in first.output
    assert "母亲电话“123”不是有效的电话号码" in first.output
    check = child_check(school, "c0001")
    assert check == {"type": "摸底", "date": "2022-09-10", "by": "T001", "term": "2022秋",
                     "changes": ["监护人电话 13912345678 → 13987654321", "父亲务工城市 东莞 → 深圳",
                                 "是否寄宿 无 → 是"]}
    text = (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    assert "  phone: '13987654321'\n" in text and "boarding: true\n" in text
    assert "# 奶奶耳背" in text
    assert child_check(school, "c0002") is None

    status = rows_of(run(school, "census", "status", "--term", "2022秋", "-f", "json").stdout)
    assert [(r["class"], r["checked"], r["remaining"], r["state"]) for r in status] == [
        ("七(1)班", 1, 1, "started")]

    second = run(school, "census", "--class", "七(1)班", "--term", "2022秋", input=answers(
        "转出", "随父母到东莞就读",                     # the second child has left
        "y", "王五", "男", "父亲外出", "王奶奶", "祖母", "13911112222", "13622223333", "东莞",
        "n",                                            # no more newcomers
        "46"))                                          # enrolled total
    assert second.exit_code == 0, second.output
    assert "[2/2] 李四(c0002)" in second.output and "[1/2]" not in second.output
    assert "七(1)班 摸底完成" in second.output
    gone = (school / "children" / "c0002.yaml").read_text(encoding="utf-8")
    assert "status: 转出\n" in gone and "status_reason: 随父母到东莞就读\n" in gone
    assert child_check(school, "c0002") is not None
    newcomer = (school / "children" / "c0003.yaml").read_text(encoding="utf-8")
    assert "name: 王五\n" in newcomer and "recorded_on: 2022-09-10\n" in newcomer

    snapshot = CensusFile.model_validate(parse_mapping(
        (school / "censuses" / "2022秋.yaml").read_text(encoding="utf-8")))
    entry = snapshot.classes["七(1)班"]
    assert entry.enrolled == 46 and entry.finished == date(2022, 9, 10)
    assert entry.counts["left_behind"] == 2  # 张小明 and the newcomer; 李四 left
    assert entry.counts["both_away"] == 1 and entry.counts["father_away"] == 1
    assert entry.counts["with_grandparents"] == 2 and entry.counts["boarding"] == 1

    # A finished class is a dated fact: later edits do not change it.
    before = (school / "censuses" / "2022秋.yaml").read_bytes()
    run(school, "child", "edit", "c0001", "--set", "left_behind_type=父亲外出")
    rerun = run(school, "census", "--class", "7-1", "--term", "2022秋")
    assert rerun.exit_code == 0 and "摸底已于 2022-09-10 完成并存档" in rerun.output
    assert (school / "censuses" / "2022秋.yaml").read_bytes() == before


def test_census_needs_a_term_and_a_class(census_school: Path) -> None:
    assert "没有学期“2030秋”" in run(census_school, "census", "--class", "7-1", "--term",
                                    "2030秋").stderr
    result = run(census_school, "census", "--term", "2022秋")
    assert result.exit_code == 2 and "--class" in result.stderr


def test_english_prompts(census_school: Path) -> None:
    result = run(census_school, "--lang", "en", "census", "--class", "7-1", "--term", "2022秋",
                 input=answers(KEEP))
    assert "Census 2022秋, 七(1)班: 0 of 2 checked" in result.output
    assert "Still here?" in result.output


def lead_second_class(root: Path, name: str) -> None:
    """staff.yaml given T003 `name`, class teacher of 七(2)班 (which has no child yet)."""
    staff = root / "staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8")
                     + f"  - {{id: T003, name: {name}, roles: [班主任], leads: [七(2)班]}}\n",
                     encoding="utf-8")


def test_class_without_left_behind_children_still_counts(census_school: Path) -> None:
    lead_second_class(census_school, "陈静")
    status = rows_of(run(census_school, "census", "status", "--term", "2022秋", "-f",
                            "json").stdout)
    assert [(r["class"], r["children"], r["state"]) for r in status] == [
        ("七(1)班", 2, "not_started"), ("七(2)班", 0, "not_started")]
    stats = json.loads(run(census_school, "report", "--stats", "--term", "2022秋", "--as-of",
                           "2022-09-10", "-f", "json").stdout)
    assert stats["classes_missing_enrolled"] == ["七(1)班", "七(2)班"]
    assert stats["enrolled"] is None  # not a total that silently leaves a class out
    done = run(census_school, "census", "--class", "7-2", "--term", "2022秋",
               input=answers("n", "45"))
    assert done.exit_code == 0 and "七(2)班 摸底完成" in done.output


@pytest.mark.parametrize(("day", "due", "late"), [
    ("2023-01-20", "2022-09-15", 127),  # the last day of the autumn term
    ("2023-01-21", "2022-09-15", 128),  # the first day of the winter holiday: one more
    ("2023-02-19", "2022-09-15", 128),  # the last day of the holiday: no more
])
def test_census_stays_overdue_in_the_holiday(census_school: Path, day: str, due: str,
                                             late: int) -> None:
    rows = rows_of(run(census_school, "report", "--as-of", day, "--duty", "census",
                       "-f", "json").stdout)
    assert [(r["child_id"], r["due"], r["days_overdue"]) for r in rows] == [
        ("c0001", due, late), ("c0002", due, late), (None, due, late)]


def test_next_terms_census_takes_over_on_its_first_day(census_school: Path) -> None:
    assert rows_of(run(census_school, "report", "--as-of", "2023-02-20", "--duty", "census",
                       "-f", "json").stdout) == []
    rows = rows_of(run(census_school, "report", "--as-of", "2023-02-20", "--duty", "census",
                       "--due-within", "14", "-f", "json").stdout)
    assert {(r["child_id"], r["due"], r["days_overdue"]) for r in rows} == {
        ("c0001", "2023-03-06", -14), ("c0002", "2023-03-06", -14), (None, "2023-03-06", -14)}


def test_a_newcomers_answers_are_checked_as_typed_and_kept(census_school: Path) -> None:
    lead_second_class(census_school, "赵敏")
    before = set((census_school / "children").iterdir())
    result = run(census_school, "census", "--class", "七(2)班", "--term", "2022秋",
                 input=answers(
                     "y", "",            # a newcomer; an empty name is asked again
                     "王五", "男", "父亲外出",
                     "王奶奶", "奶奶",    # relation: not one of the choices, asked again
                     "祖母",
                     "1391111",          # guardian phone: too short, asked again
                     "13911112222",
                     "136",              # father's phone: too short, asked again
                     "13622223333", "东莞",
                     "n", "40"))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "姓名： \n姓名 不能为空\n姓名： 王五\n" in out
    assert ("监护人与儿童关系： 奶奶\n监护人与儿童关系 的值“奶奶”无效，应为：祖父、祖母、外祖父、外祖母、"
            "父亲、母亲、兄姐、亲属、其他\n监护人与儿童关系： 祖母\n") in out
    assert ("监护人电话： 1391111\n监护人电话“1391111”不是有效的电话号码（手机 11 位，座机带区号）\n"
            "监护人电话： 13911112222\n") in out
    assert "父亲电话“136”不是有效的电话号码（手机 11 位，座机带区号）\n父亲电话： 13622223333\n" in out
    assert "已建档：王五(c0003)，文件 children/c0003.yaml" in out
    [added] = set((census_school / "children").iterdir()) - before
    record = parse_mapping(added.read_text(encoding="utf-8"))
    assert isinstance(record, dict)
    assert (record["name"], record["gender"], record["class"], record["left_behind_type"]) == (
        "王五", "男", "七(2)班", "父亲外出")
    assert record["guardian"] == {"name": "王奶奶", "relation": "祖母", "phone": "13911112222"}
    assert record["father"] == {"phone": "13622223333", "work_city": "东莞"}


def test_the_log_keeps_old_and_new_of_any_other_change(census_school: Path) -> None:
    result = run(census_school, "census", "--class", "7-1", "--term", "2022秋", input=answers(
        KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP,
        "guardian.age=70", "key_support=否", KEEP))
    assert result.exit_code != 0  # input ends at the second child
    check = child_check(census_school, "c0001")
    assert check is not None
    assert check["changes"] == ["监护人年龄 68 → 70", "重点帮扶 是 → 否"]


@pytest.mark.parametrize(("kind", "away"), [
    ("双亲外出", ("父亲", "母亲")), ("父亲外出", ("父亲",)), ("母亲外出", ("母亲",)), ("其他", ())])
def test_the_work_questions_follow_the_type_just_answered(census_school: Path, kind: str,
                                                          away: tuple[str, ...]) -> None:
    # 张小明 is recorded as 双亲外出; the type answered decides whose work place is asked.
    questions = 3 + 2 + 2 * len(away) + 1  # guardian, the parents' phones, work places, more
    result = run(census_school, "census", "--class", "7-1", "--term", "2022秋",
                 input=answers(KEEP, kind, *[KEEP] * questions))
    assert result.exit_code != 0  # input ends at the second child
    first, _, second = result.output.partition("[2/2]")
    assert second.startswith(" 李四")  # every answer went to the first child's questions
    for parent in ("父亲", "母亲"):
        assert (f"{parent}务工省份" in first, f"{parent}务工城市" in first) == (parent in away,) * 2
        assert f"{parent}电话" in first  # asked whoever is away
    check = child_check(census_school, "c0001")
    assert check is not None
    assert check.get("changes", []) == ([] if kind == "双亲外出" else [f"留守类型 双亲外出 → {kind}"])


def test_a_field_named_by_its_label_in_the_more_step_keeps_its_old_value(
        census_school: Path) -> None:
    """`现居住地=...` at "anything else?" is the field residence: the log keeps what it was
    (before, the label was looked up as a path and the log said 无)."""
    result = run(census_school, "census", "--class", "7-1", "--term", "2022秋", input=answers(
        KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP,
        "没有这个字段=1",          # refused with the list of fields, asked again
        "现居住地=桃洪镇石门村3组",
        KEEP))
    assert "没有这个字段" in result.stderr
    check = child_check(census_school, "c0001")
    assert check is not None
    assert check["changes"] == ["现居住地 桃洪镇石门村 → 桃洪镇石门村3组"]


def test_the_census_stores_and_logs_as_child_edit_does(census_school: Path) -> None:
    # "班级=7-1" at "anything else?" was stored as typed (a class 7-1 beside 七(1)班, no total
    # of its own: the school's enrolled figure became "—"); a phone and 是否寄宿 were logged as
    # typed, and an answer the same as before logged as a change.
    result = run(census_school, "census", "--class", "7-1", "--term", "2022秋", input=answers(
        KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, KEEP,
        "班级=7-1", "监护人电话=139 1234 5678", "是否寄宿=有", KEEP))
    assert result.exit_code != 0  # input ends at the second child
    text = (census_school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    assert "class: 七(1)班\n" in text and "boarding: true\n" in text
    check = child_check(census_school, "c0001")
    assert check is not None
    assert check["changes"] == ["是否寄宿 无 → 是"]  # the class and the phone are unchanged


def test_a_class_no_one_has_is_refused_before_any_question(census_school: Path) -> None:
    before = snapshot(census_school)
    result = run(census_school, "census", "--class", "7-9", "--term", "2022秋",
                 input=answers(KEEP, "45"))
    assert (result.exit_code, result.stderr) == (2, "没有班级“7-9”；已有的班级：七(1)班\n")
    assert snapshot(census_school) == before


def test_options_before_status_are_refused_not_dropped(census_school: Path) -> None:
    # `census --class 7-1 --term 2022秋 status` showed another term's table for every class.
    done = run(census_school, "census", "--class", "7-1", "--term", "2022秋", "status")
    assert (done.exit_code, done.stderr) == (
        2, "--class 7-1 --term 2022秋 要写在 status 之后，如 liushou census status --class 7-1 "
           "--term 2022秋\n")
    assert run(census_school, "census", "status", "--class", "7-1", "--term",
               "2022秋").exit_code == 0


@pytest.mark.parametrize("option", ["--apply", "--archive-missing"])
def test_roster_options_without_a_roster_are_refused(census_school: Path, option: str) -> None:
    done = run(census_school, "census", "--class", "7-1", "--term", "2022秋", option)
    assert (done.exit_code, done.stderr) == (2, f"{option} 只和 --from 花名册一起用\n")


def test_a_newcomer_of_a_classmates_name_is_asked_about_not_lost(census_school: Path) -> None:
    # Refused with "add --force", which the census by hand does not take: every answer lost.
    lead_second_class(census_school, "赵敏")
    before = set((census_school / "children").iterdir())
    result = run(census_school, "census", "--class", "七(2)班", "--term", "2022秋",
                 input=answers(
                     "y", "王五", "男", "父亲外出", "王奶奶", "祖母", "13911112222",
                     "13622223333", "东莞",
                     "y", "王五", "女", "母亲外出", "李爷爷", "祖父", "13933334444",
                     "13744445555", "深圳",
                     "y",  # yes, another child of that name
                     "n", "40"))
    assert result.exit_code == 0, result.output
    added = set((census_school / "children").iterdir()) - before
    names = sorted((parse_mapping(path.read_text(encoding="utf-8")) or {})["name"]
                   for path in added)
    assert names == ["王五", "王五"]
    assert "已有同班同名学生 王五(children/" in result.output
    assert "，仍要建档吗？" in result.output and "--force" not in result.output


def test_at_a_narrow_screen_the_names_not_yet_checked_stay(census_school: Path) -> None:
    narrow = run(census_school, "census", "status", "--term", "2022秋", "--class", "7-1",
                 width=50)
    assert narrow.exit_code == 0, narrow.output
    assert "未核对学生" in narrow.stdout and "张小明" in narrow.stdout
