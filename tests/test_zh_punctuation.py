"""Chinese sentences use full-width punctuation (，。：；？！（）): every Chinese text of the
catalog and of the help is as tools/zh_punctuation.py writes it, and the tool's rules hold
at their edges (a class, an id after a name, a location and a quoted YAML mark stay)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from liushou_cli.i18n.catalog import MESSAGES
from liushou_cli.i18n.help import HELP


def _tool() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "tools" / "zh_punctuation.py"
    spec = importlib.util.spec_from_file_location("zh_punctuation", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


zh_punct = _tool().zh_punct


def test_every_chinese_message_and_help_text_is_full_width() -> None:
    wrong = [key for table in (MESSAGES, HELP) for key, (zh, _) in table.items()
             if zh_punct(zh) != zh]
    assert wrong == [], f"run python tools/zh_punctuation.py: {wrong}"


@pytest.mark.parametrize(("written", "shown"), [
    ("找不到学生,请用编号", "找不到学生，请用编号"),
    ("已写入:{count} 名", "已写入：{count} 名"),
    ("仍在读吗?", "仍在读吗？"),
    ("数据文件夹(默认:LIUSHOU_DATA)", "数据文件夹（默认：LIUSHOU_DATA）"),
    ("--set 应写成 字段=值,例如 x:{text}", "--set 应写成 字段=值，例如 x：{text}"),
    ("班级 七(1)班 没有班主任", "班级 七(1)班 没有班主任"),  # a class as written
    ("{name}({id})在读", "{name}({id})在读"),  # an id after a name
    ("此处不能出现“:”", "此处不能出现“:”"),  # a mark the teacher must type
    ("cannot read: {detail}", "cannot read: {detail}"),  # English is not touched
    # A mark between two placeholders is the sentence's...
    ("截至 {as_of}:{teachers} 位教师", "截至 {as_of}：{teachers} 位教师"),
    ("无法写入 {path}:{reason}。", "无法写入 {path}：{reason}。"),  # a path, then why
    ("已结案：{name}({id}),{date}", "已结案：{name}({id})，{date}"),  # after a name and id
    ("{a},{b}", "{a}，{b}"),
    ("{a};{b}", "{a}；{b}"),
    ("{a}: {b}", "{a}：{b}"),  # the space after a full-width mark goes
    (";{who} 请在 {due} 前跟进", "；{who} 请在 {due} 前跟进"),  # continues a sentence
    # ...but for the data it stands in
    ("在 {path}:{line} 处", "在 {path}:{line} 处"),  # a location
    ("{file}:{row}", "{file}:{row}"),
    ("{path}:{column}", "{path}:{column}"),
    ("无法读取：{where}: {message}", "无法读取：{where}: {message}"),  # file:line: message
    ("于 {hour}:{minute}", "于 {hour}:{minute}"),  # a time
    ("{a}:{b}", "{a}：{b}"),  # (names alone decide: {a} and {b} are no location)
    ("结案 {at}:{outcome}", "结案 {at}：{outcome}"),  # a time, then a sentence
    ("是 {a}:b", "是 {a}:b"),  # not two placeholders
    ("{a}:", "{a}:"),
    ("? {who} 已是", "? {who} 已是"),  # a marker opening a line, not a sentence's mark
    ("- {who} 不在", "- {who} 不在"),
    ("; {who}", "; {who}"),
    ("{name}({id})", "{name}({id})"),  # no mark at all
])
def test_the_rules_at_their_edges(written: str, shown: str) -> None:
    assert zh_punct(written) == shown
    assert zh_punct(shown) == shown


def test_the_sweep_reads_a_literal_with_its_quotes() -> None:
    """The tool rewrites the source, where a text opening with a mark starts with a quote."""
    assert zh_punct('";{who} 请在"') == '"；{who} 请在"'
    assert zh_punct("';{who} 请在'") == "'；{who} 请在'"
    assert zh_punct('"x;{who}"') == '"x;{who}"'  # a mark inside a word stays
