"""Recording visits, talks and contacts, listing them, and the overdue report, via the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from .conftest import rows_of, run, snapshot, use_environment

CHILD = "children/c0001.yaml"


@pytest.fixture
def today_2022() -> None:
    """Run the commands as if today were 2022-11-20, inside the fixture's autumn term."""
    use_environment(today=date(2022, 11, 20))


@pytest.mark.usefixtures("today_2022")
def test_talk_add_appends_and_keeps_every_other_line(school: Path) -> None:
    path = school / CHILD
    before = path.read_text(encoding="utf-8")
    result = run(school, "talk", "add", "zxm", "想念妈妈", "--by", "王建国", "--mood", "晚上睡不好",
                 "--agreed", "每周日和妈妈视频", "--date", "2022-11-18")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "已记录：张小明(c0001)— 谈心 2022-11-18，王建国"
    assert path.read_text(encoding="utf-8") == before + (
        "events:\n"
        "  - type: 谈心\n"
        "    date: 2022-11-18\n"
        "    by: T001\n"
        "    topic: 想念妈妈\n"
        "    mood: 晚上睡不好\n"
        "    agreed: 每周日和妈妈视频\n")
    second = run(school, "visit", "add", "c0001", "奶奶身体还好", "--by", "T001", "--by", "李芳",
                 "--met", "祖母")
    assert second.exit_code == 0, second.output
    assert path.read_text(encoding="utf-8").endswith(
        "    agreed: 每周日和妈妈视频\n"
        "  - type: 家访\n"
        "    date: 2022-11-20\n"
        "    by: [T001, T002]\n"
        "    met: 祖母\n"
        "    found: 奶奶身体还好\n")


@pytest.mark.usefixtures("today_2022")
def test_contact_defaults_and_user_from_environment(school: Path) -> None:
    result = run(school, "contact", "add", "c0001", "父亲说春节回来", user="T001")
    assert result.exit_code == 0, result.output
    assert (school / CHILD).read_text(encoding="utf-8").endswith(
        "  - type: 联系\n    date: 2022-11-20\n    by: T001\n    with: 父母\n    channel: 电话\n"
        "    notes: 父亲说春节回来\n")


@pytest.mark.usefixtures("today_2022")
@pytest.mark.parametrize(("args", "code", "message"), [
    (["talk", "add", "李雷", "x", "--by", "T001"], 1, "找不到学生“李雷”\n"),
    (["talk", "add", "c0001", "x", "--by", "赵老师"], 1, "找不到教职工“赵老师”\n"),
    (["talk", "add", "c0001", "x", "--by", "T001", "--date", "2022-11-21"], 1,
     "日期 2022-11-21 在今天之后，不能记录未来的事\n"),
    (["talk", "add", "c0001", "x", "--by", "T001", "--date", "2022-09-01"], 1,
     "日期 2022-09-01 早于该生建档日期 2022-09-05\n"),
    (["talk", "add", "c0001", "x", "--by", "T001", "--date", "2022-11-31"], 2,
     "--date“2022-11-31”不是有效日期（例如 2022-09-01）\n"),
    (["talk", "add", "c0001", "", "--by", "T001"], 1, "未保存：主题 不能为空\n"),
    (["talk", "add", "c0001", "x"], 2, "请用 --by 指定记录人（教职工编号或姓名），或设置 LIUSHOU_USER\n"),
    (["visit", "add", "c0001", "--kind", "打电话", "--by", "T001"], 2,
     "家访类型“打电话”无效，应为：家访、电话家访、视频家访、到校来访\n"),
    # A word not among those a user may type is the command line's fault (status 2), said
    # alike for each option, the words glossed in English.
    (["contact", "add", "c0001", "--with", "爷爷", "--by", "T001"], 2,
     "联系对象“爷爷”无效，应为：父母、监护人、任课教师\n"),
    (["contact", "add", "c0001", "--channel", "短信", "--by", "T001"], 2,
     "联系方式“短信”无效，应为：电话、视频、微信、书信、面谈\n"),
    (["--lang", "en", "visit", "add", "c0001", "--kind", "打电话", "--by", "T001"], 2,
     "visit kind “打电话” is not one of: 家访 (home visit), 电话家访 (phone visit), "
     "视频家访 (video visit), 到校来访 (visit to school)\n"),
    (["--lang", "en", "contact", "add", "c0001", "--with", "爷爷", "--by", "T001"], 2,
     "--with “爷爷” is not one of: 父母 (parents), 监护人 (guardian), 任课教师 (subject teacher)\n"),
    (["--lang", "en", "contact", "add", "c0001", "--channel", "短信", "--by", "T001"], 2,
     "--channel “短信” is not one of: 电话 (phone), 视频 (video), 微信 (WeChat), 书信 (letter), "
     "面谈 (in person)\n"),
])
def test_bad_entries_write_nothing(school: Path, args: list[str], code: int,
                                   message: str) -> None:
    before = snapshot(school)
    result = run(school, *args)
    assert result.exit_code == code, result.output
    assert result.stderr == message
    assert snapshot(school) == before


@pytest.mark.usefixtures("today_2022")
def test_same_entry_twice_warns(school: Path) -> None:
    assert run(school, "talk", "add", "c0001", "x", "--by", "T001").exit_code == 0
    again = run(school, "talk", "add", "c0001", "y", "--by", "T001")
    assert again.exit_code == 0
    assert "已有一条相同的谈心记录" in again.stderr


@pytest.mark.usefixtures("today_2022")
def test_lists_and_timeline(school: Path) -> None:
    run(school, "talk", "add", "c0001", "想家", "--by", "T001", "--date", "2022-10-10")
    run(school, "talk", "add", "c0001", "学习", "--by", "T002", "--date", "2022-11-10")
    run(school, "visit", "add", "c0001", "--by", "T001", "--date", "2022-10-20", "--met", "祖母")
    talks = rows_of(run(school, "talk", "list", "-f", "json").stdout)
    assert [(row["date"], row["topic"], row["by_name"]) for row in talks] == [
        ("2022-11-10", "学习", "李芳"), ("2022-10-10", "想家", "王建国")]
    mine = rows_of(run(school, "talk", "list", "-f", "json", "--by", "王建国").stdout)
    assert [row["date"] for row in mine] == ["2022-10-10"]
    window = rows_of(run(school, "talk", "list", "-f", "json", "--from", "2022-11-01").stdout)
    assert [row["date"] for row in window] == ["2022-11-10"]
    visits = rows_of(run(school, "visit", "list", "-f", "json", "--class", "7-1").stdout)
    assert [(row["type"], row["met"]) for row in visits] == [("家访", "祖母")]
    card = run(school, "child", "show", "c0001").stdout
    assert "2022-11-10  谈心 · 李芳：学习" in card
    assert "2022-10-20  家访 · 王建国：见到祖母" in card
    assert card.index("2022-11-10") < card.index("2022-10-20") < card.index("2022-10-10")


@pytest.mark.usefixtures("today_2022")
def test_entry_added_when_events_is_not_the_last_key(school: Path) -> None:
    path = school / CHILD
    path.write_text(path.read_text(encoding="utf-8").replace(
        "status: 在读\n", "status: 在读\nevents:\n  - {type: 谈心, date: 2022-10-10, by: T001}\n"
        "note: 奶奶耳背  # 有事打大伯电话\n"), encoding="utf-8")
    result = run(school, "talk", "add", "c0001", "学习", "--by", "T001")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.endswith("events:\n  - {type: 谈心, date: 2022-10-10, by: T001}\n"
                         "  - type: 谈心\n    date: 2022-11-20\n    by: T001\n    topic: 学习\n"
                         "note: 奶奶耳背  # 有事打大伯电话\n")


@pytest.mark.usefixtures("today_2022")
@pytest.mark.parametrize(("pairings", "events"), [(2, 0), (0, 2), (2, 4)])
def test_entry_appended_at_the_indent_of_the_events_it_follows(school: Path, pairings: int,
                                                                events: int) -> None:
    # A file check finds nothing wrong with, whose lists are indented differently (one by
    # the tool, one by hand): the new entry lines up with the entries above it, not with
    # the first list of the file, which would be a YAML error the file never had.
    path = school / CHILD
    lead, inner = " " * pairings, " " * events
    path.write_text(path.read_text(encoding="utf-8") + (
        f"pairings:\n{lead}- role: 学习帮手\n{lead}  buddy: 李明\n{lead}  buddy_class: 七(1)班\n"
        f"{lead}  date: 2022-09-10\n"
        f"events:\n{inner}- type: 谈心\n{inner}  date: 2022-10-10\n{inner}  by: T001\n"
        f"{inner}  topic: 学习\n# 以上已核对\n"), encoding="utf-8")
    assert run(school, "check").exit_code == 0
    before = path.read_text(encoding="utf-8")
    result = run(school, "talk", "add", "c0001", "想念妈妈", "--by", "T001", "--date", "2022-11-18")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == before.replace("# 以上已核对\n", "") + (
        f"{inner}- type: 谈心\n{inner}  date: 2022-11-18\n{inner}  by: T001\n"
        f"{inner}  topic: 想念妈妈\n# 以上已核对\n")
    assert "想念妈妈" in run(school, "child", "show", "c0001").stdout


@pytest.mark.usefixtures("today_2022")
def test_entry_appended_to_a_crlf_file(school: Path) -> None:
    path = school / CHILD
    path.write_bytes(path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8")
                     + b"events:\r\n  - {type: \xe8\xb0\x88\xe5\xbf\x83, date: 2022-10-10, by: T001}\r\n")
    assert run(school, "talk", "add", "c0001", "学习", "--by", "T001").exit_code == 0
    raw = path.read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert raw.endswith("    topic: 学习\r\n".encode())
