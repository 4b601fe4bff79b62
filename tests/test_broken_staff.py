"""A staff.yaml that cannot be read is refused by every command that needs the teachers,
and `check` leads with it, folding the problems that only follow from it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .conftest import STAFF_YAML, run, snapshot

CONFLICT = STAFF_YAML.replace("    phone: '13812345678'\n", (
    "<<<<<<< HEAD\n    phone: '13812345678'\n=======\n    phone: '13812345679'\n"
    ">>>>>>> theirs\n"))

# (what broke, the bytes of staff.yaml, the one line every command must print)
BROKEN = [
    ("indentation", STAFF_YAML.replace("    name: 李芳", "     name: 李芳").encode(),
     "staff.yaml:10: YAML 格式错误：缩进没有对齐"),
    ("gbk", STAFF_YAML.encode("gbk"), "staff.yaml:1: 文件不是 UTF-8 编码（可能是 GBK），请用 UTF-8 保存"),
    ("git conflict", CONFLICT.encode(), "staff.yaml:6: YAML 格式错误：缺少“:”"),
    # The file is fine but one member is not: the whole list would be lost, so it is refused.
    ("one invalid member", STAFF_YAML.replace("'13812345678'", "'1381234567'").encode(),
     "staff.yaml:5: 教职工 #1 电话“1381234567”不是有效的电话号码（手机 11 位，座机带区号）"),
]


def break_staff(root: Path, raw: bytes) -> None:
    (root / "staff.yaml").write_bytes(raw)


@pytest.mark.parametrize(("case", "raw", "line"), BROKEN, ids=[b[0] for b in BROKEN])
def test_report_refuses_a_broken_staff_yaml(school: Path, case: str, raw: bytes,
                                            line: str) -> None:
    break_staff(school, raw)
    before = snapshot(school)
    result = run(school, "report", "--overdue", "--as-of", "2022-11-20")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", line + "\n")
    assert snapshot(school) == before


COMMANDS = [
    ("report",), ("report", "--stats", "--as-of", "2022-11-20"),
    ("report", "--caseload", "--as-of", "2022-11-20"),
    ("report", "--incomplete", "--as-of", "2022-11-20"),
    ("child", "list"), ("child", "show", "c0001"), ("child", "show", "张小明"),
    ("visit", "list"), ("talk", "list", "--by", "王建国"), ("contact", "list"),
    ("census", "status"), ("export", "-o", "out.csv"), ("activity", "list"),
    ("assign", "list"), ("plan", "list"), ("iep", "list"), ("care", "list"),
    ("staff", "list"), ("visit", "add", "张小明", "--by", "王建国", "--date", "2022-10-01"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_that_needs_staff_refuses(school: Path, args: tuple[str, ...],
                                                monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    break_staff(school, CONFLICT.encode())
    before = snapshot(school)
    result = run(school, *args)
    assert (result.exit_code, result.stderr) == (1, "staff.yaml:6: YAML 格式错误：缺少“:”\n")
    assert snapshot(school) == before
    assert not (tmp_path / "out.csv").exists()


def test_refused_through_the_cache_too(school: Path) -> None:
    # The second run takes staff.yaml's problems from the cache: still refused.
    break_staff(school, CONFLICT.encode())
    for _ in range(2):
        result = run(school, "report", "--as-of", "2022-11-20")
        assert (result.exit_code, result.stderr) == (1, "staff.yaml:6: YAML 格式错误：缺少“:”\n")


def test_check_leads_with_the_root_cause_and_folds_what_follows(school: Path) -> None:
    break_staff(school, CONFLICT.encode())
    result = run(school, "check")
    # The child's proxy parent "not in staff.yaml" and its class "without a class teacher"
    # exist only because staff.yaml cannot be read.
    assert result.exit_code == 1
    assert result.stdout == ("staff.yaml:6: 错误: YAML 格式错误：缺少“:”\n"
                             "另有 2 个问题是因为 staff.yaml 无法读取而产生的\n"
                             "1 个错误，0 个警告\n")


def test_check_json_and_csv_say_what_was_folded(school: Path) -> None:
    break_staff(school, CONFLICT.encode())
    done = run(school, "check", "-f", "json")
    assert done.exit_code == 1
    found = json.loads(done.stdout)
    assert (found["errors"], found["warnings"]) == (1, 0)
    assert [p["path"] for p in found["problems"]] == ["staff.yaml"]
    assert found["folded"] == [{"cause": "staff.yaml", "count": 2, "errors": 1, "warnings": 1,
                                "message": "另有 2 个问题是因为 staff.yaml 无法读取而产生的"}]
    done = run(school, "check", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"))))
    assert [(r["path"], r["code"], r["message"]) for r in rows] == [
        ("staff.yaml", "syntax", "YAML 格式错误：缺少“:”"),
        ("staff.yaml", "folded", "另有 2 个问题是因为 staff.yaml 无法读取而产生的")]


def test_folded_count_has_thousands_and_english(school: Path) -> None:
    events = "".join(f"  - type: 谈心\n    date: 2022-10-{day:02d}\n    by: [T001]\n"
                     f"    topic: 学习\n" for day in range(1, 29))
    children = school / "children"
    base = (children / "c0001.yaml").read_text(encoding="utf-8")
    for number in range(2, 40):
        text = base.replace("c0001", f"c{number:04d}").replace("2022070101", f"20220701{number:02d}")
        (children / f"c{number:04d}.yaml").write_text(text + "events:\n" + events,
                                                      encoding="utf-8")
    break_staff(school, CONFLICT.encode())
    result = run(school, "--lang", "en", "check")
    # 38 children x (28 entries + 1 proxy parent) + 1 class without a class teacher + c0001
    assert result.stdout.splitlines()[1] == (
        "and 1,104 more problems because staff.yaml cannot be read")


def test_check_puts_a_broken_liushou_yaml_first(school: Path) -> None:
    text = (school / "children" / "c0001.yaml").read_text(encoding="utf-8")
    (school / "children" / "c0001.yaml").write_text(text.replace("residence: 桃洪镇石门村\n", ""),
                                                    encoding="utf-8")
    (school / "liushou.yaml").write_text("school: [\n", encoding="utf-8")
    result = run(school, "check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("liushou.yaml:")
    assert lines[1].startswith("children/c0001.yaml: 警告: 三知不全")


def test_check_composes_each_file_once_for_its_lines(school: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # With staff.yaml broken, every entry's teacher is "unknown": each of those problems gets
    # its line from the file, which used to be composed anew per problem (88 s for the example
    # school). One compose a file is enough.
    from ruamel.yaml import YAML

    from liushou_cli.store import yamlio

    child = school / "children" / "c0001.yaml"
    child.write_text(child.read_text(encoding="utf-8") + "events:\n" + "".join(
        f"  - type: 谈心\n    date: 2022-10-{day:02d}\n    by: [T001]\n" for day in range(1, 9)),
        encoding="utf-8")
    break_staff(school, CONFLICT.encode())
    composed: list[str] = []
    real = YAML.compose

    def counted(self: YAML, stream: str) -> object:
        composed.append(stream[:20])
        return real(self, stream)

    yamlio._composed.cache_clear()
    monkeypatch.setattr(YAML, "compose", counted)
    result = run(school, "--no-cache", "check")
    assert result.exit_code == 1
    assert "另有 10 个问题是因为 staff.yaml 无法读取而产生的" in result.stdout
    assert len(composed) <= 2, composed  # staff.yaml's own problem and the child's lines
