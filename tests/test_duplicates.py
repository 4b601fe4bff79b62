"""Duplicates are caught: the same name in the same class, the same 身份证号, the same staff
name. `child add`, `staff add` and `census --from` refuse (or ask, on a terminal), `--force`
insists (never for a 身份证号), and `check` reports them. Generated ids are chosen under the
folder lock, so two `child add` at once never collide."""

from __future__ import annotations

from pathlib import Path

import pytest

from liushou_cli.store.yamlio import parse_mapping

from .conftest import CHILD_ID_NUMBER, CHILD_YAML, STAFF_YAML, run, run_at_once, snapshot, use_environment, valid_id
from .test_roster import roster_school, write_csv  # noqa: F401 - the fixture, shared

NEW = ("child", "add", "--gender", "男", "--type", "其他")
OTHER_ID_NUMBER = valid_id("43052420110315003")


def children(root: Path) -> list[str]:
    return sorted(path.name for path in (root / "children").glob("*.yaml"))


# ---- child add -------------------------------------------------------------------------------
def test_same_name_in_the_same_class_is_refused(school: Path) -> None:
    before = snapshot(school)
    result = run(school, *NEW, "--name", "张小明", "--class", "7-1")
    assert result.exit_code == 1
    assert result.stderr == ("已有同班同名学生 张小明(children/c0001.yaml)；"
                             "确是另一人请加 --force\n")
    assert snapshot(school) == before


def test_force_records_a_second_child_of_that_name(school: Path) -> None:
    result = run(school, *NEW, "--name", "张小明", "--class", "七(1)班", "--force")
    assert result.exit_code == 0, result.output
    assert children(school) == ["c0001.yaml", "c0002.yaml"]


@pytest.mark.parametrize(("name", "klass"), [("张小明", "七(2)班"), ("张小", "七(1)班")])
def test_another_class_or_name_is_no_duplicate(school: Path, name: str, klass: str) -> None:
    result = run(school, *NEW, "--name", name, "--class", klass)
    assert result.exit_code == 0, result.output


def test_an_archived_namesake_is_no_duplicate(school: Path) -> None:
    assert run(school, "child", "archive", "c0001", "--reason", "随父母去广州",
               "--date", "2022-10-01").exit_code == 0
    assert run(school, *NEW, "--name", "张小明", "--class", "七(1)班").exit_code == 0


@pytest.mark.parametrize(("answer", "code", "files"), [
    ("y\n", 0, ["c0001.yaml", "c0002.yaml"]), ("n\n", 1, ["c0001.yaml"]),
    # as a Chinese input method gives it; an empty line is the default shown (N)
    ("是\n", 0, ["c0001.yaml", "c0002.yaml"]), ("否\n", 1, ["c0001.yaml"]),
    ("\n", 1, ["c0001.yaml"])])
def test_on_a_terminal_it_asks(school: Path, monkeypatch: pytest.MonkeyPatch, answer: str,
                               code: int, files: list[str]) -> None:
    use_environment(interactive=True)  # a person at the keyboard
    result = run(school, *NEW, "--name", "张小明", "--class", "七(1)班", input=answer)
    assert result.exit_code == code
    assert "已有同班同名学生 张小明(children/c0001.yaml)，仍要建档吗？ [y/N]： " in result.output
    assert children(school) == files


@pytest.mark.parametrize(("language", "question", "told"), [
    ((), "仍要建档吗？ [y/N]： ", "请回答 y（是）或 n（否）\n"),
    (("--lang", "en"), "record this one all the same? [y/N]: ", "please answer y (yes) or n (no)\n"),
])
def test_an_answer_that_is_no_yes_or_no_is_asked_again(
        school: Path, language: tuple[str, ...], question: str, told: str) -> None:
    use_environment(interactive=True)
    result = run(school, *language, *NEW, "--name", "张小明", "--class", "七(1)班",
                 input="也许\ny\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.count(question) == 2 and result.stderr == told
    assert children(school) == ["c0001.yaml", "c0002.yaml"]


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_same_id_number_is_refused_even_with_force(school: Path, force: tuple[str, ...]) -> None:
    before = snapshot(school)
    result = run(school, *NEW, "--name", "张晓明", "--class", "七(2)班",
                 "--id-number", CHILD_ID_NUMBER.lower(), "--birth", "2011-03-15", *force)
    assert result.exit_code == 1
    assert result.stderr == (f"身份证号 {CHILD_ID_NUMBER} 已登记为 张小明(children/c0001.yaml)："
                             "一人只建一份档案，加 --force 也不行\n")
    assert snapshot(school) == before


# 43052420110315001X as an input method in full-width mode types it, and as a teacher spaces it
FULL_WIDTH_ID = CHILD_ID_NUMBER.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
SPACED_ID = f"{CHILD_ID_NUMBER[:6]} {CHILD_ID_NUMBER[6:14]}\u3000{CHILD_ID_NUMBER[14:].lower()}"


@pytest.mark.parametrize("typed", [FULL_WIDTH_ID, FULL_WIDTH_ID[:17] + "X", SPACED_ID],
                         ids=["full-width", "full-width-digits", "spaced"])
def test_an_id_number_typed_full_width_or_spaced_is_the_same_number(school: Path,
                                                                    typed: str) -> None:
    # Full-width digits with a plain X were stored as typed, slipping past "one person, one
    # record"; with a full-width X, or spaced, the number was refused as malformed.
    before = snapshot(school)
    result = run(school, *NEW, "--name", "张晓明", "--class", "七(2)班", "--id-number", typed,
                 "--birth", "2011-03-15", "--force")
    assert result.exit_code == 1
    assert result.stderr == (f"身份证号 {CHILD_ID_NUMBER} 已登记为 张小明(children/c0001.yaml)："
                             "一人只建一份档案，加 --force 也不行\n")
    assert snapshot(school) == before
    (school / "children" / "c0001.yaml").unlink()  # no one holds it: recorded, as plain text
    assert run(school, *NEW, "--name", "张晓明", "--class", "七(2)班", "--id-number", typed,
               "--birth", "2011-03-15").exit_code == 0
    [path] = (school / "children").glob("*.yaml")
    assert f"id_number: {CHILD_ID_NUMBER}\n" in path.read_text(encoding="utf-8")
    for value in ("", typed):  # child edit --set stores it plain too
        assert run(school, "child", "edit", path.stem, "--set", f"身份证号={value}").exit_code == 0
    assert f"id_number: {CHILD_ID_NUMBER}\n" in path.read_text(encoding="utf-8")


def test_an_archived_child_coming_back_is_told_how(school: Path) -> None:
    run(school, "child", "archive", "c0001", "--reason", "随父母去广州", "--date", "2022-10-01")
    result = run(school, *NEW, "--name", "张小明", "--class", "七(1)班",
                 "--id-number", CHILD_ID_NUMBER, "--birth", "2011-03-15")
    assert result.exit_code == 1
    assert result.stderr.endswith("；该生已转出，回校时请恢复原档案："
                                  "liushou child restore c0001 --reason 回校就读\n")


def test_a_batch_refuses_its_own_duplicates(school: Path, tmp_path: Path) -> None:
    batch = tmp_path / "new.yaml"
    batch.write_text("children:\n"
                     "  - {name: 王五, gender: 男, class: 七(2)班, left_behind_type: 其他}\n"
                     "  - {name: 王五, gender: 男, class: 7-2, left_behind_type: 其他}\n",
                     encoding="utf-8")
    before = snapshot(school)
    result = run(school, "child", "add", "--from", str(batch))
    assert result.exit_code == 1
    assert result.stderr == ("第 2 条（王五）：已有同班同名学生 王五(第 1 条（王五）)；"
                             "确是另一人请加 --force\n")
    assert snapshot(school) == before
    assert run(school, "child", "add", "--from", str(batch), "--force").exit_code == 0
    assert children(school) == ["c0001.yaml", "c0002.yaml", "c0003.yaml"]


# ---- staff add -------------------------------------------------------------------------------
def test_staff_of_the_same_name_needs_force(school: Path) -> None:
    before = snapshot(school)
    result = run(school, "staff", "add", "--name", "李芳", "--role", "任课教师")
    assert result.exit_code == 1
    assert result.stderr == ("已有同名教职工 李芳(T002)，同名时 --by 李芳 会分不清是谁；"
                             "确是另一人请加 --force\n")
    assert snapshot(school) == before
    result = run(school, "staff", "add", "--name", "李芳", "--role", "任课教师", "--force")
    assert result.stdout == "已添加教职工 李芳(T003)\n"
    assert run(school, "staff", "add", "--name", "李芳芳").exit_code == 0


# ---- census --from ---------------------------------------------------------------------------
ROSTER_HEADER = ["学籍号", "姓名", "性别", "班级", "留守类型", "身份证号"]


@pytest.mark.parametrize(("row", "message"), [
    (["2022070199", "李四", "男", "七(1)班", "其他", ""],
     "2:姓名: 已有同班同名学生 李四(children/c0002.yaml)；确是另一人请加 --force"),
    (["2022070199", "李思", "男", "七(1)班", "其他", OTHER_ID_NUMBER],
     f"2:身份证号: 身份证号 {OTHER_ID_NUMBER} 已登记为 李四(children/c0002.yaml)："
     "一人只建一份档案，加 --force 也不行"),
])
def test_roster_refuses_a_new_row_already_kept(roster_school: Path, tmp_path: Path,  # noqa: F811
                                               row: list[str], message: str) -> None:
    roster = write_csv(tmp_path / "花名册.csv", [ROSTER_HEADER, row])
    before = snapshot(roster_school)
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
                 "--by", "T001")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [f"{roster}:{message}"]
    assert snapshot(roster_school) == before


def test_roster_force_records_a_namesake_only(roster_school: Path,  # noqa: F811
                                              tmp_path: Path) -> None:
    rows = [ROSTER_HEADER, ["2022070199", "李四", "男", "七(1)班", "其他", ""]]
    roster = write_csv(tmp_path / "花名册.csv", rows)
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
                 "--by", "T001", "--force")
    assert result.exit_code == 0, result.output
    assert (roster_school / "children" / "2022070199.yaml").exists()
    rows = [ROSTER_HEADER, ["2022070188", "李思", "男", "七(1)班", "其他", OTHER_ID_NUMBER]]
    result = run(roster_school, "census", "--from", str(write_csv(tmp_path / "b.csv", rows)),
                 "--term", "2022秋", "--apply", "--by", "T001", "--force")
    assert result.exit_code == 1 and "一人只建一份档案" in result.stderr


def test_roster_refuses_another_childs_id_number(roster_school: Path,  # noqa: F811
                                                 tmp_path: Path) -> None:
    rows = [ROSTER_HEADER, ["2022070101", "张小明", "男", "七(1)班", "双亲外出", OTHER_ID_NUMBER]]
    roster = write_csv(tmp_path / "花名册.csv", rows)
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        f"{roster}:2:身份证号: 身份证号 {OTHER_ID_NUMBER} 已登记为 李四(children/c0002.yaml)："
        "一人只建一份档案，加 --force 也不行"]


# ---- check -----------------------------------------------------------------------------------
def _second_child(root: Path, **replace: str) -> None:
    text = CHILD_YAML.format(id_number=OTHER_ID_NUMBER).replace("c0001", "c0002").replace(
        "'2022070101'", "'2022070102'")
    for old, new in replace.items():
        text = text.replace(old, new)
    (root / "children" / "c0002.yaml").write_text(text, encoding="utf-8")


def test_check_warns_of_namesakes_in_one_class(school: Path) -> None:
    _second_child(school)
    result = run(school, "check")
    assert result.exit_code == 0
    assert ("children/c0002.yaml:3: 警告: 同班同名：张小明 也见于 children/c0001.yaml，"
            "请核对是否重复建档") in result.output.splitlines()
    _second_child(school, **{"class: 七(1)班": "class: 七(2)班"})
    assert "同班同名" not in run(school, "check").output


def test_check_finds_one_id_number_in_two_files(school: Path) -> None:
    _second_child(school, **{OTHER_ID_NUMBER: CHILD_ID_NUMBER, "张小明": "张晓明"})
    result = run(school, "check")
    assert result.exit_code == 1
    assert (f"children/c0002.yaml:6: 错误: 身份证号 {CHILD_ID_NUMBER} 重复：也见于 "
            "children/c0001.yaml") in result.output.splitlines()


def test_one_id_number_with_one_record_archived_is_a_warning(school: Path) -> None:
    # Archiving is how a record made twice (two laptops, one child) is put away: the copy no
    # longer counts, and a sync must not stay stopped by it.
    _second_child(school, **{OTHER_ID_NUMBER: CHILD_ID_NUMBER, "张小明": "张晓明",
                             "status: 在读": "status: 转出\nstatus_date: 2022-10-01\n"
                                            "status_reason: 转学"})
    result = run(school, "check")
    assert result.exit_code == 0
    assert (f"children/c0002.yaml:6: 警告: 身份证号 {CHILD_ID_NUMBER} 也见于 children/c0001.yaml"
            "（其中一份已归档）：如果是重复建档，归档的那份不再计入") in result.output.splitlines()


def test_check_warns_of_two_staff_of_one_name(school: Path) -> None:
    (school / "staff.yaml").write_text(STAFF_YAML + "  - id: T003\n    name: 李芳\n",
                                       encoding="utf-8")
    result = run(school, "check")
    assert result.exit_code == 0
    assert ("staff.yaml:15: 警告: 教职工姓名 李芳 重复（T002、T003）：--by 李芳 会分不清是谁，"
            "请用编号") in result.output.splitlines()


# ---- generated ids under the lock ------------------------------------------------------------
ADDS_EACH = 12


def _adder(root: str, tag: str, count: int) -> None:
    from .conftest import run as run_here

    for number in range(count):
        result = run_here(Path(root), *NEW, "--name", f"{tag}{number}", "--class", "七(1)班")
        assert result.exit_code == 0, result.output


def test_two_child_adds_at_once_never_share_an_id(school: Path) -> None:
    run_at_once(_adder, *((str(school), tag, ADDS_EACH) for tag in ("甲", "乙")))
    records = [parse_mapping(path.read_text(encoding="utf-8"))
               for path in (school / "children").glob("*.yaml")]
    names = sorted(record["name"] for record in records if isinstance(record, dict))
    assert names == sorted(["张小明", *(f"{tag}{n}" for tag in "甲乙" for n in range(ADDS_EACH))])
    ids = [record["id"] for record in records if isinstance(record, dict)]
    assert len(set(ids)) == len(ids) == 1 + 2 * ADDS_EACH
