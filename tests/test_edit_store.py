"""Writing: an edit changes only its own lines, is atomic, and never overwrites a newer file."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core.errors import InvalidRecord, LiushouError, SystemFailure
from liushou_cli.core.model import Child
from liushou_cli.store.edit import edit_document, read_for_editor, replace_text
from liushou_cli.store.layout import DataFolder

from .conftest import run, snapshot

TODAY = date(2022, 11, 20)  # the day the core functions below are called on


def test_set_changes_one_line_and_keeps_comments(school: Path) -> None:
    path = school / "children" / "c0001.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    result = run(school, "child", "edit", "c0001", "--set", "guardian.phone=13987654321")
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [("  phone: '13912345678'", "  phone: '13987654321'")]


def test_chinese_label_and_new_nested_key(school: Path) -> None:
    path = school / "children" / "c0001.yaml"
    before = path.read_text(encoding="utf-8")
    result = run(school, "child", "edit", "张小明", "--set", "监护人住址=桃洪镇石门村3组",
                 "--set", "boarding=是")
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert "  address: 桃洪镇石门村3组\n" in after
    assert "boarding: true\n" in after
    # Everything that was there stays, in order, comments included.
    kept = [line for line in after.splitlines()
            if line not in ("  address: 桃洪镇石门村3组", "boarding: true")]
    assert kept == before.splitlines()


def test_clearing_a_field_removes_its_line(school: Path) -> None:
    path = school / "children" / "c0001.yaml"
    result = run(school, "child", "edit", "c0001", "--set", "guardian.age=")
    assert result.exit_code == 0, result.output
    assert "age: 68" not in path.read_text(encoding="utf-8")


def test_invalid_edit_writes_nothing(school: Path) -> None:
    before = snapshot(school)
    result = run(school, "child", "edit", "c0001", "--set", "father.phone=12345")
    assert result.exit_code == 1
    assert result.stderr == ("未保存："
                             "children/c0001.yaml:12: 父亲电话“12345”不是有效的电话号码（手机 11 位，座机带区号）\n")
    assert snapshot(school) == before


def test_unknown_field_is_a_usage_error(school: Path) -> None:
    before = snapshot(school)
    result = run(school, "child", "edit", "c0001", "--set", "gaurdian.phone=13912345678")
    assert result.exit_code == 2
    assert "没有字段“gaurdian.phone”" in result.stderr
    assert snapshot(school) == before


def test_interrupted_write_leaves_old_file(school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = DataFolder(school)
    path = folder.child_path("c0001")
    before = snapshot(school)

    def crash(src: object, dst: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(SystemFailure) as raised, edit_document(folder, path, Child,
                                                               TODAY) as edit:
        edit.data["name"] = "张晓明"
    assert str(raised.value) == "无法写入 children/c0001.yaml：系统错误 power cut。什么都没有改动。"
    assert snapshot(school) == before  # no temp file left, old file intact


def test_body_error_writes_nothing(school: Path) -> None:
    folder = DataFolder(school)
    before = snapshot(school)
    with pytest.raises(RuntimeError), edit_document(folder, folder.child_path("c0001"),
                                                    Child, TODAY) as edit:
        edit.data["name"] = "张晓明"
        raise RuntimeError("stop")
    assert snapshot(school) == before


def test_result_must_validate(school: Path) -> None:
    folder = DataFolder(school)
    before = snapshot(school)
    with pytest.raises(InvalidRecord) as caught, edit_document(
            folder, folder.child_path("c0001"), Child, TODAY) as edit:
        edit.data["gender"] = "M"
    assert caught.value.problems[0].line == 4
    assert snapshot(school) == before


def test_editor_save_refused_when_file_changed_meanwhile(school: Path) -> None:
    folder = DataFolder(school)
    path = folder.child_path("c0001")
    text, digest = read_for_editor(folder, path)
    path.write_text(text.replace("桃洪镇石门村", "桃洪镇新村"), encoding="utf-8")
    with pytest.raises(LiushouError, match="读取后被其他人修改过"):
        replace_text(folder, path, text.replace("张小明", "张晓明"), digest, Child, TODAY)
    assert "桃洪镇新村" in path.read_text(encoding="utf-8")


def test_crlf_and_flush_sequences_are_kept(school: Path) -> None:
    path = school / "children" / "c0001.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "economic_sources: [打工收入, 种养殖业]", "economic_sources:\n- 打工收入\n- 种养殖业")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    result = run(school, "child", "edit", "c0001", "--set", "residence=桃洪镇新村")
    assert result.exit_code == 0, result.output
    after = path.read_bytes().decode("utf-8")
    assert after == text.replace("桃洪镇石门村", "桃洪镇新村").replace("\n", "\r\n")


def test_new_file_is_private(school: Path) -> None:
    result = run(school, "child", "add", "--name", "李四", "--gender", "女", "--class", "七(1)班",
                 "--type", "父亲外出")
    assert result.exit_code == 0, result.output
    mode = (school / "children" / "c0002.yaml").stat().st_mode & 0o777
    assert mode == 0o600


def test_shared_values_are_never_written_as_anchors() -> None:
    # The guardian is the mother: one date object in two places must not become &id001.
    from datetime import date

    from liushou_cli.store.edit import render_child

    born = date(1985, 3, 2)
    child = Child.model_validate({
        "id": "c9", "name": "刘小红", "gender": "女", "class": "七(1)班",
        "left_behind_type": "父亲外出", "mother": {"birth_date": born},
        "guardian": {"relation": "母亲", "birth_date": born}})
    text = render_child(child)
    assert "&" not in text and "*" not in text
    assert text.count("birth_date: 1985-03-02") == 2


def test_timeline_cannot_be_cleared_with_set(school: Path) -> None:
    before = snapshot(school)
    result = run(school, "child", "edit", "c0001", "--set", "events=")
    assert result.exit_code == 2 and "不能用 --set 修改" in result.stderr
    assert snapshot(school) == before


def test_label_of_a_nested_field_finds_it(school: Path) -> None:
    # 监护人电话 is also the label of a list column; --set must find guardian.phone.
    result = run(school, "child", "edit", "c0001", "--set", "监护人电话=13987654321")
    assert result.exit_code == 0, result.output
    assert "  phone: '13987654321'\n" in (school / "children" / "c0001.yaml").read_text(
        encoding="utf-8")


def test_whole_block_can_be_cleared(school: Path) -> None:
    run(school, "child", "edit", "c0001", "--set", "disability.category=肢体")
    assert "disability:" in (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    result = run(school, "child", "edit", "c0001", "--set", "disability=")
    assert result.exit_code == 0, result.output
    assert "disability" not in (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
