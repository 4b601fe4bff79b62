"""A child whose file cannot be read is still found by name, id or pinyin: the answer is
that the file is broken, at file:line, never "not found; did you mean someone else"."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import CHILD_ID_NUMBER, CHILD_YAML, run, snapshot

GOOD = CHILD_YAML.format(id_number=CHILD_ID_NUMBER)
YAML_SLIP = ("张小明 的档案文件无法读取：children/c0001.yaml:4: "
             "YAML 格式错误：此处不能出现“:”（值中含冒号请加引号）\n")


def write(root: Path, name: str, text: str | bytes) -> None:
    path = root / "children" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def add_zhang_xiaohua(root: Path) -> None:
    """A second, good child whose name shares 张小 (the old hint pointed at her)."""
    write(root, "c0002.yaml", GOOD.replace("c0001", "c0002").replace("张小明", "张小华")
          .replace("2022070101", "2022070102"))


@pytest.mark.parametrize("text", ["张小明", "c0001", "zxm", "zhangxiaoming"])
@pytest.mark.parametrize("command", [("child", "show"), ("visit", "add")])
def test_broken_child_found_by_name_id_or_pinyin(school: Path, text: str,
                                                  command: tuple[str, ...]) -> None:
    write(school, "c0001.yaml", GOOD.replace("gender: 男", "gender: 男: 女"))
    add_zhang_xiaohua(school)
    extra = ("--by", "王建国", "--date", "2022-10-01") if command[0] == "visit" else ()
    before = snapshot(school)
    result = run(school, *command, text, *extra)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", YAML_SLIP)
    assert snapshot(school) == before


def test_invalid_record_is_named_at_its_field(school: Path) -> None:
    write(school, "c0001.yaml", GOOD.replace("'13912345678'", "'1391234567'"))
    result = run(school, "child", "show", "张小明")
    assert result.exit_code == 1
    assert result.stderr.startswith("张小明 的档案文件无法读取：children/c0001.yaml:25: ")


def test_gbk_file_is_found_by_its_name(school: Path) -> None:
    write(school, "c0001.yaml", GOOD.encode("gbk"))
    result = run(school, "talk", "add", "张小明", "--by", "王建国", "--date", "2022-10-01",
                 "--mood", "平稳")
    assert (result.exit_code, result.stderr) == (
        1, "张小明 的档案文件无法读取：children/c0001.yaml:3: "
           "文件不是 UTF-8 编码（可能是 GBK），请用 UTF-8 保存\n")


def test_broken_file_beside_a_good_one_of_the_same_name_is_ambiguous(school: Path) -> None:
    write(school, "c0001.yaml", GOOD.replace("gender: 男", "gender: 男: 女"))
    write(school, "c0002.yaml", GOOD.replace("c0001", "c0002").replace("2022070101", "2022070102"))
    result = run(school, "child", "show", "张小明")
    assert (result.exit_code, result.stderr) == (
        1, "“张小明”对应多名学生：c0002(七(1)班 张小明)、c0001（张小明，档案文件无法读取）；请用编号\n")


def test_a_good_child_is_still_found_beside_a_broken_one(school: Path) -> None:
    write(school, "c0001.yaml", GOOD.replace("gender: 男", "gender: 男: 女"))
    add_zhang_xiaohua(school)
    result = run(school, "child", "show", "张小华", "-f", "json")
    assert result.exit_code == 0, result.output
    assert "张小华" in result.stdout


@pytest.mark.parametrize("command", [("child", "show"), ("--no-cache", "child", "show")])
def test_the_child_named_exactly_is_found_beside_a_broken_file_whose_name_holds_it(
        school: Path, command: tuple[str, ...]) -> None:
    # 张小明 exactly is the good c0001; the broken c0002 is 张小明明, whose name only holds the
    # words typed: the child named is meant, not a choice between the two.
    write(school, "c0002.yaml", GOOD.replace("c0001", "c0002").replace("张小明", "张小明明")
          .replace("2022070101", "2022070102").replace("gender: 男", "gender: 男: 女"))
    result = run(school, *command, "张小明")
    assert result.exit_code == 0, result.output
    assert "张小明" in result.stdout and "c0002" not in result.output


@pytest.mark.parametrize("command", [("child", "show"), ("--no-cache", "child", "show")])
def test_a_name_no_child_has_suggests_the_names_that_start_alike(
        school: Path, command: tuple[str, ...]) -> None:
    # 张晓明 is no one; 张小明 and 张小华 start as it does and are offered, with their ids
    # (from the listing's facts when the cache holds them, from the records without it).
    add_zhang_xiaohua(school)
    for _ in range(2):  # the second time from a warm cache
        result = run(school, *command, "张晓明")
        assert (result.exit_code, result.stderr) == (
            1, "找不到学生“张晓明”；你是不是要找：张小明(c0001)、张小华(c0002)\n")


UNREAD_ZH = "（另有 1 个学生文件读不出姓名，要找的学生可能在其中；运行 liushou check 查看）"


@pytest.mark.parametrize("command", [("child", "show"), ("--no-cache", "child", "show")])
def test_a_name_not_found_beside_a_linked_file_says_the_child_may_be_in_it(
        school: Path, tmp_path: Path, command: tuple[str, ...]) -> None:
    # A linked child file is never read: the child asked for by name may be the one in it,
    # so "no such child" alone would be wrong. The link's target is not read for the name.
    real = tmp_path / "elsewhere.yaml"
    real.write_text(GOOD.replace("c0001", "c0002").replace("张小明", "李四")
                    .replace("2022070101", "2022070102"), encoding="utf-8")
    (school / "children" / "c0002.yaml").symlink_to(real)
    before = snapshot(school)
    for _ in range(2):  # the second time from a warm cache
        result = run(school, *command, "李四")
        assert (result.exit_code, result.stdout, result.stderr) == (
            1, "", f"找不到学生“李四”{UNREAD_ZH}\n")
    assert snapshot(school) == before
    # With hints, and in English.
    result = run(school, *command, "张晓明")
    assert result.stderr == f"找不到学生“张晓明”；你是不是要找：张小明(c0001){UNREAD_ZH}\n"
    result = run(school, "--lang", "en", *command, "Li Si")
    assert result.stderr == ("no child “Li Si” (1 child file could not be read, and the child "
                             "may be in one: run liushou check)\n")


def test_a_file_without_a_name_line_may_hold_the_child_a_writer_asks_for(school: Path) -> None:
    write(school, "c0002.yaml", "[broken\n")
    write(school, "c0003.yaml", "id: c0003\nname: 王五: 六\n")
    before = snapshot(school)
    result = run(school, "talk", "add", "李四", "--by", "王建国", "--date", "2022-10-01",
                 "--mood", "平稳")
    assert (result.exit_code, result.stderr) == (
        1, "找不到学生“李四”（另有 1 个学生文件读不出姓名，要找的学生可能在其中；"
           "运行 liushou check 查看）\n")
    assert snapshot(school) == before


def test_a_name_not_found_among_readable_files_says_nothing_more(school: Path) -> None:
    # A broken file whose name line is read (王五) is not one that may hold 李四.
    write(school, "c0003.yaml", "id: c0003\nname: 王五\ngender: 男: 女\n")
    result = run(school, "child", "show", "李四")
    assert (result.exit_code, result.stderr) == (1, "找不到学生“李四”\n")


@pytest.mark.parametrize("written", ["[", "{小明", "&a", "*a", "|", "> 张小明", "!!str",
                                     "@张", "`张", "%张", ",张", "]", "}"])
def test_a_name_line_of_yaml_syntax_names_the_child_by_id(school: Path, written: str) -> None:
    # Broken on its `name:` line: what follows is YAML's syntax, not a name anyone typed, so
    # the message says the file's id (it once said "[ 的档案文件无法读取").
    write(school, "c0001.yaml", GOOD.replace("name: 张小明", f"name: {written}"))
    result = run(school, "child", "show", "c0001")
    assert result.exit_code == 1
    assert result.stderr.startswith("c0001 的档案文件无法读取：children/c0001.yaml:"), result.stderr


@pytest.mark.parametrize(("written", "name"), [("'[小明]'", "[小明]"), ('"{小明}"', "{小明}"),
                                               ("张[小明", "张[小明")])
def test_a_quoted_or_inner_bracket_is_still_the_name(school: Path, written: str,
                                                     name: str) -> None:
    # Only a value that begins with an indicator is syntax: quoted, or inside, it was written
    # as the name (the file broken elsewhere).
    write(school, "c0001.yaml", GOOD.replace("name: 张小明", f"name: {written}")
          .replace("gender: 男", "gender: 男: 女"))
    result = run(school, "child", "show", "c0001")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{name} 的档案文件无法读取：children/c0001.yaml:4: "), \
        result.stderr


NUMERALS = "一二三四五六七八"


@pytest.mark.parametrize(("count", "tail"), [(6, "；请用编号\n"),
                                             (7, "等 7 名（另有 1 名未列出）；请用编号\n"),
                                             (8, "等 8 名（另有 2 名未列出）；请用编号\n")])
def test_several_matches_say_how_many_were_not_listed(school: Path, count: int,
                                                      tail: str) -> None:
    # Six are listed; a seventh was left out without a word, and the child meant may be it.
    (school / "children" / "c0001.yaml").unlink()
    for index in range(count):
        child_id = f"c01{index:02d}"
        write(school, f"{child_id}.yaml", GOOD.replace("c0001", child_id)
              .replace("张小明", "赵" + NUMERALS[index]).replace("2022070101", f"20220701{index:02d}"))
    result = run(school, "child", "show", "赵")
    assert result.exit_code == 1
    assert result.stderr.startswith("“赵”对应多名学生：c0100(七(1)班 赵一)、")
    assert result.stderr.count("(七(1)班 赵") == 6
    assert result.stderr.endswith("(七(1)班 赵六)" + tail)
