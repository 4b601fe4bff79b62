"""The child commands through the CLI: add, list, show, edit in $EDITOR, archive."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from .conftest import rows_of, run, snapshot, use_environment, valid_id

EXPECTED_CSV = (
    "id,student_no,name,gender,class,birth_date,left_behind_type,guardian_name,"
    "guardian_relation,guardian_phone,key_support,proxy_parent,proxy_parent_name,status\n"
    "c0001,2022070101,张小明,男,七(1)班,2011-03-15,双亲外出,王桂兰,祖母,13912345678,true,"
    "T002,李芳,在读\n"
)


def test_list_csv_is_exact(school: Path) -> None:
    result = run(school, "child", "list", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == EXPECTED_CSV


def test_list_json_has_stable_keys_in_both_languages(school: Path) -> None:
    zh = rows_of(run(school, "child", "list", "-f", "json").stdout)
    en = rows_of(run(school, "--lang", "en", "child", "list", "-f", "json").stdout)
    assert zh == en
    assert zh[0]["guardian_relation"] == "祖母" and zh[0]["key_support"] is True


def test_list_table_in_chinese_and_english(school: Path) -> None:
    zh = run(school, "child", "list").stdout
    assert "┃ 编号  ┃ 姓名   ┃ 性别 ┃ 班级    ┃" in zh
    assert "│ c0001 │ 张小明 │ 男   │ 七(1)班 │" in zh
    assert zh.rstrip().endswith("共 1 名")
    en = run(school, "child", "list", "--lang", "en").stdout  # --lang after the command
    assert "│ c0001 │ 张小明 │ male   │ 七(1)班 │" in en
    assert en.rstrip().endswith("1 in all")


def test_filters_and_pinyin(school: Path) -> None:
    run(school, "child", "add", "--name", "曾丽", "--gender", "女", "--class", "八(2)班",
        "--type", "母亲外出", "--guardian-relation", "外祖母")
    def ids(*args: str) -> list[str]:
        return [r["id"] for r in rows_of(run(school, "child", "list", "-f", "json",
                                                *args).stdout)]
    assert ids() == ["c0001", "c0002"]
    assert ids("--class", "八(2)班") == ["c0002"]
    assert ids("--guardian", "祖辈") == ["c0001", "c0002"]
    assert ids("--key-support") == ["c0001"]
    assert ids("--find", "zxm") == ["c0001"]
    assert ids("--find", "cl") == ["c0002"]  # 曾 read as ceng
    assert ids("--find", "zengli") == ["c0002"]
    assert ids("--type", "双亲外出") == ["c0001"]


def test_show_card_and_formats(school: Path) -> None:
    card = run(school, "child", "show", "张小明").stdout
    for text in ("留守儿童档案与联系卡 · 张小明", "出生日期  2011-03-15（", "班主任    王建国 13812345678",
                 "代理家长  李芳 0739-2345678", "务工地点  广东 东莞", "监护人与儿童关系  祖母"):
        assert text in card, text
    record = json.loads(run(school, "child", "show", "c0001", "-f", "json").stdout)
    assert record["guardian"]["phone"] == "13912345678" and record["class"] == "七(1)班"
    csv_text = run(school, "child", "show", "c0001", "-f", "csv").stdout
    assert csv_text.splitlines()[0].startswith("id,student_no,name,gender,birth_date")
    assert "guardian.phone" in csv_text.splitlines()[0]
    # A list of records (the timeline) is one JSON text in its cell, where Python's own
    # notation for each record stood; a list of plain values has its words joined.
    assert run(school, "visit", "add", "c0001", "--by", "王建国", "--date", "2022-10-01",
               "--met", "祖母").exit_code == 0
    record = json.loads(run(school, "child", "show", "c0001", "-f", "json").stdout)
    header, row = csv.reader(io.StringIO(run(school, "child", "show", "c0001", "-f", "csv").stdout))
    cells = dict(zip(header, row, strict=True))
    assert json.loads(cells["events"]) == record["events"] and record["events"]
    assert cells["economic_sources"] == "、".join(record["economic_sources"])


def test_the_english_timeline_puts_a_space_after_whos_colon(school: Path) -> None:
    # "contact · 王建国: parents, WeChat", as English is written; it read "王建国:parents".
    assert run(school, "contact", "add", "c0001", "--by", "王建国", "--date", "2022-10-05",
               "--with", "父母", "--channel", "微信", "告知期中成绩").exit_code == 0
    card = run(school, "--lang", "en", "child", "show", "c0001").stdout
    assert "contact · 王建国: parents, WeChat, 告知期中成绩" in card
    assert "联系 · 王建国：父母" in run(school, "child", "show", "c0001").stdout


def test_unknown_and_ambiguous_child(school: Path) -> None:
    result = run(school, "child", "show", "李雷")
    assert result.exit_code == 1 and result.stderr.strip() == "找不到学生“李雷”"
    run(school, "child", "add", "--name", "张小明", "--gender", "男", "--class", "八(1)班",
        "--type", "父亲外出")
    result = run(school, "child", "show", "张小明")
    assert result.exit_code == 1
    assert "“张小明”对应多名学生：c0001(七(1)班 张小明)、c0002(八(1)班 张小明)" in result.stderr


def test_add_full_record(school: Path) -> None:
    number = valid_id("43052420100601002")  # a girl born 2010-06-01
    result = run(school, "child", "add", "--name", "刘小红", "--gender", "女", "--class", "七(1)班",
                 "--type", "父亲外出", "--birth", "2010年6月1日", "--id-number", number,
                 "--student-no", "2022070102", "--father-phone", "13600001111",
                 "--father-province", "广东", "--father-city", "深圳", "--guardian-name", "刘春花",
                 "--guardian-relation", "母亲", "--economic", "打工收入", "--economic", "种养殖业",
                 "--proxy", "李芳", "--set", "hukou=隆回县桃洪镇")
    assert result.exit_code == 0, result.output
    assert "已建档：刘小红(2022070102)" in result.stdout
    text = (school / "children" / "2022070102.yaml").read_text(encoding="utf-8")
    assert "birth_date: 2010-06-01\n" in text
    assert "economic_sources: [打工收入, 种养殖业]\n" in text
    assert "proxy_parent: T002\n" in text
    assert "hukou: 隆回县桃洪镇\n" in text
    assert f"id_number: '{number}'\n" in text


def test_add_refuses_bad_input_and_writes_nothing(school: Path) -> None:
    before = snapshot(school)
    cases = [
        (["--gender", "男", "--class", "七(1)班", "--type", "双亲外出"], 2,
         "缺少 --name（不在终端上运行，无法询问）\n"),
        (["--name", "甲", "--gender", "男", "--class", "七(1)班", "--type", "双亲外出",
          "--birth", "2011-02-30"], 2, "--birth“2011-02-30”不是有效日期（例如 2022-09-01）\n"),
        (["--name", "甲", "--gender", "男", "--class", "七(1)班", "--type", "双亲外出",
          "--proxy", "赵六"], 1, "找不到教职工“赵六”\n"),
        (["--name", "甲", "--gender", "男", "--class", "七(1)班", "--type", "双亲外出",
          "--student-no", "2022070101"], 1, "学籍号 2022070101 重复：也见于 c0001\n"),
        (["--name", "甲", "--gender", "男", "--class", "七(1)班", "--type", "双亲外出",
          "--guardian-phone", "5551234"], 1, "未保存："
           "监护人电话“5551234”不是有效的电话号码（手机 11 位，座机带区号）\n"),
    ]
    for args, code, message in cases:
        result = run(school, "child", "add", *args)
        assert result.exit_code == code, (args, result.output)
        assert result.stderr == message, (args, result.stderr)
    assert snapshot(school) == before


def test_a_recorded_on_after_today_is_not_saved(school: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # A child "recorded" on a day ahead refuses every talk, visit and contact until then
    # ("before the child was recorded"), and check calls the date one that cannot be right;
    # the commands that set it took it without a word.
    use_environment(today=date(2022, 11, 20))
    before = snapshot(school)
    add = run(school, "child", "add", "--name", "甲", "--gender", "男", "--class", "七(1)班",
              "--type", "双亲外出", "--set", "recorded_on=2023-01-01")
    assert add.exit_code == 1, add.output
    assert add.stderr == "未保存：建档日期 2023-01-01 在今天之后\n"
    batch = tmp_path / "new.yaml"
    batch.write_text("- {name: 甲, gender: 男, class: 七(1)班, left_behind_type: 双亲外出}\n"
                     "- {name: 乙, gender: 女, class: 七(1)班, left_behind_type: 双亲外出,\n"
                     "   recorded_on: 2022-11-21}\n", encoding="utf-8")
    many = run(school, "child", "add", "--from", str(batch))
    assert many.exit_code == 1, many.output
    assert many.stderr == f"未保存：{batch}:2: 第 2 条（乙）：建档日期 2022-11-21 在今天之后\n"
    edit = run(school, "--lang", "en", "child", "edit", "c0001", "--set", "recorded_on=2022-11-21")
    assert edit.exit_code == 1, edit.output
    assert edit.stderr == "Nothing saved: Recorded on 2022-11-21 is in the future\n"
    monkeypatch.setenv("EDITOR", _editor_script(tmp_path, (
        "p.write_text(text.replace('recorded_on: 2022-09-05', 'recorded_on: 2023-09-05'),"
        " encoding='utf-8')\n")))
    edited = run(school, "child", "edit", "c0001", input="n\n")
    assert edited.exit_code == 1
    assert "children/c0001.yaml:29: 建档日期 2023-09-05 在今天之后" in edited.output
    assert snapshot(school) == before
    # today itself is fine, as before
    assert run(school, "child", "edit", "c0001", "--set", "recorded_on=2022-11-20").exit_code == 0


def test_add_asks_for_missing_fields_on_a_terminal(school: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    use_environment(interactive=True)  # a person at the keyboard
    result = run(school, "child", "add", "--class", "七(1)班", input="王五\n男的\n男\n父母\n其他\n")
    assert result.exit_code == 0, result.output
    text = (school / "children" / "c0002.yaml").read_text(encoding="utf-8")
    assert "name: 王五\n" in text and "gender: 男\n" in text and "left_behind_type: 其他\n" in text


@pytest.mark.parametrize(("text", "expected"), [
    # one record: its line
    ("{name: 甲, class: 七(1)班, left_behind_type: 双亲外出}\n",
     "new.yaml:1: 缺少必填字段 性别\n"),
    # several: the line of the one at fault, and which of them it is
    ("children:\n"
     "  - {name: 甲, gender: 男, class: 七(1)班, left_behind_type: 双亲外出}\n"
     "  - name: 乙\n"
     "    class: 七(1)班\n"
     "    left_behind_type: 双亲外出\n",
     "new.yaml:3: 第 2 条（乙）：缺少必填字段 性别\n"),
])
def test_add_from_file_names_the_file_and_line_of_a_bad_record(
        school: Path, tmp_path: Path, text: str, expected: str) -> None:
    # It said only "缺少必填字段 性别": in a file of forty children, which one?
    batch = tmp_path / "new.yaml"
    batch.write_text(text, encoding="utf-8")
    before = snapshot(school)
    result = run(school, "child", "add", "--from", str(batch))
    assert result.exit_code == 1
    assert result.stderr == "未保存：" + expected.replace("new.yaml", str(batch), 1)
    assert snapshot(school) == before


def test_add_from_file_all_or_nothing(school: Path, tmp_path: Path) -> None:
    batch = tmp_path / "new.yaml"
    batch.write_text("children:\n"
                     "  - {name: 甲, gender: 男, class: 七(1)班, left_behind_type: 双亲外出}\n"
                     "  - {name: 乙, gender: 女, class: 七(1)班, left_behind_type: 双亲外出,"
                     " guardian: {phone: '123'}}\n", encoding="utf-8")
    before = snapshot(school)
    result = run(school, "child", "add", "--from", str(batch))
    assert result.exit_code == 1 and "监护人电话“123”" in result.stderr
    assert snapshot(school) == before
    batch.write_text(batch.read_text(encoding="utf-8").replace("'123'", "'13912340000'"),
                     encoding="utf-8")
    result = run(school, "child", "add", "--from", str(batch))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (school / "children").glob("*.yaml")) == [
        "c0001.yaml", "c0002.yaml", "c0003.yaml"]


def _editor_script(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake_editor.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
                      "text = p.read_text(encoding='utf-8')\n" + body, encoding="utf-8")
    return f"{sys.executable} {script}"


def test_edit_in_editor_saves_valid_text(school: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", _editor_script(
        tmp_path, "p.write_text(text.replace('王桂兰', '王桂英'), encoding='utf-8')\n"))
    result = run(school, "child", "edit", "c0001")
    assert result.exit_code == 0, result.output
    text = (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    assert "王桂英" in text and "# 奶奶耳背" in text


def test_edit_in_editor_invalid_then_abandon(school: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", _editor_script(
        tmp_path, "p.write_text(text.replace('gender: 男', 'gender: 公'), encoding='utf-8')\n"))
    before = snapshot(school)
    result = run(school, "child", "edit", "c0001", input="n\n")
    assert result.exit_code == 1
    assert "性别 的值“公”无效" in result.output and "已放弃修改" in result.output
    assert snapshot(school) == before


def test_edit_in_editor_cannot_change_id(school: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", _editor_script(
        tmp_path, "p.write_text(text.replace('id: c0001', 'id: c0009'), encoding='utf-8')\n"))
    result = run(school, "child", "edit", "c0001", input="n\n")
    assert result.exit_code == 1 and "编号不能修改" in result.output


def test_archive_keeps_the_file(school: Path) -> None:
    result = run(school, "child", "archive", "c0001", "--reason", "随父母到东莞就读",
                 "--date", "2022-10-08")
    assert result.exit_code == 0, result.output
    text = (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    assert text.endswith("status: 转出\nstatus_date: 2022-10-08\nstatus_reason: 随父母到东莞就读\n")
    assert rows_of(run(school, "child", "list", "-f", "json").stdout) == []
    rows = rows_of(run(school, "child", "list", "-f", "json", "--status", "全部").stdout)
    assert rows[0]["status"] == "转出"
    again = run(school, "child", "archive", "c0001", "--reason", "x")
    assert again.exit_code == 1 and "已是“转出”状态" in again.stderr


def test_class_typed_without_brackets(school: Path) -> None:
    for typed in ("7-1", "七1", "初一1班", "七（1）班"):
        rows = rows_of(run(school, "child", "list", "-f", "json", "--class", typed).stdout)
        assert [row["id"] for row in rows] == ["c0001"], typed
    result = run(school, "child", "add", "--name", "甲", "--gender", "男", "--class", "7.1",
                 "--type", "其他")
    assert result.exit_code == 0
    assert "class: 七(1)班\n" in (school / "children" / "c0002.yaml").read_text(encoding="utf-8")


def test_edit_class_and_proxy_as_typed(school: Path) -> None:
    result = run(school, "child", "edit", "c0001", "--set", "class=7-2", "--set",
                 "proxy_parent=王建国")
    assert result.exit_code == 0, result.output
    text = (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    assert "class: 七(2)班\n" in text and "proxy_parent: T001\n" in text


def test_staff_classes_spelled_as_the_school_does(school: Path) -> None:
    result = run(school, "staff", "add", "--name", "陈静", "--leads", "8-1", "--teaches", "七1")
    assert result.exit_code == 0, result.output
    text = (school / "staff.yaml").read_text(encoding="utf-8")
    assert "    leads: [八(1)班]\n    teaches: [七(1)班]\n" in text


def test_an_id_number_against_the_birth_date_points_at_the_id_numbers_line(school: Path) -> None:
    # The contradiction lies within the ID number: the message names its line (the child's
    # own at line 6, the mother's in her block), never the record's first line.
    before = snapshot(school)
    result = run(school, "child", "edit", "c0001", "--set", "birth_date=2011-03-16")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("未保存：children/c0001.yaml:6: 身份证号中的出生日期 "
                                     "2011-03-15 与出生日期 2011-03-16 不一致")
    assert snapshot(school) == before
    path = school / "children" / "c0001.yaml"
    mother = valid_id("43052419800101002")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  name: 李秀英\n", f"  name: 李秀英\n  birth_date: 1980-01-02\n  id_number: '{mother}'\n"),
        encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    mother_id_line = lines.index(f"  id_number: '{mother}'") + 1
    assert mother_id_line > lines.index("mother:") + 1
    found = run(school, "check")
    assert (f"children/c0001.yaml:{mother_id_line}: 错误: 身份证号中的出生日期 1980-01-01 "
            "与出生日期 1980-01-02 不一致") in found.stdout


@pytest.mark.parametrize(("written", "flag"), [("是", True), ("否", False), ("有", True),
                                               ("无", False), ("true", True), ("false", False)])
def test_a_flag_written_by_hand_as_shi_or_fou_is_read(school: Path, written: str,
                                                      flag: bool) -> None:
    # The message for a wrong flag says "应为 是/否（true/false）", yet `boarding: 是` typed
    # into the file was refused with it.
    path = school / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "key_support: true\n", f"key_support: {written}\nboarding: {written}\n"
        f"key_support_history:\n  - date: 2022-09-05\n    key_support: {written}\n"
        "    reason: 学习困难\n"), encoding="utf-8")
    assert run(school, "check").exit_code == 0
    shown = json.loads(run(school, "child", "show", "c0001", "-f", "json").stdout)
    assert (shown["boarding"], shown["key_support"]) == (flag, flag)
    # Marked on 5 September (or unmarked): owed its proxy parent's talks from then, or not.
    owed = run(school, "report", "--duty", "proxy-talk", "--as-of", "2022-11-20", "-f", "json")
    assert bool(json.loads(owed.stdout)["rows"]) == flag


def test_a_flag_that_is_neither_is_still_refused(school: Path) -> None:
    path = school / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "key_support: true\n", "key_support: true\nboarding: 也许\n"), encoding="utf-8")
    result = run(school, "check")
    assert result.exit_code == 1
    assert "children/c0001.yaml:28: 错误: 是否寄宿 应为 是/否（true/false）" in result.stdout


def test_the_card_says_each_kind_of_entry_in_its_own_words(tmp_path: Path) -> None:
    # The timeline tells a talk, a visit, a census check and a contact apart by their type
    # tag (views.timeline): a contact says with whom, how and what; a visit whom it met; a
    # check its term; an aid (其他帮扶) what it was.
    import shutil

    example = Path(__file__).resolve().parents[1] / "data-example"
    school = tmp_path / "school"
    shutil.copytree(example, school)
    added = run(school, "care", "add", "2020090102", "--kind", "其他帮扶", "爱心企业捐赠冬衣一套",
                "--date", "2022-11-21", "--by", "T014", today=date(2022, 11, 22))
    assert added.exit_code == 0, added.output
    shown = run(school, "child", "show", "2020090102", width=200, today=date(2022, 11, 22))
    lines = [" ".join(line.strip("│ ").split()) for line in shown.stdout.splitlines()]
    text = " ".join(lines)
    assert "2022-11-21 其他帮扶 · 罗光勇：爱心企业捐赠冬衣一套" in text
    assert "2022-11-20 家访 · 罗光勇：见到妈妈、住的是老砖房" in text
    assert "2022-11-19 联系 · 罗光勇：监护人、面谈、家长会后和妈妈面谈" in text
    assert "摸底 · 罗光勇：2022秋" in text
