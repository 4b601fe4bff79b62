"""One cache for every language: what the cache keeps (a file's problems, each child's duty
rows, check's findings) holds no word of Chinese or English, only codes and ids, and is put
into words when it is shown. So the example school reported in Chinese, then English, then
Chinese again is worked out once, and each output is the one `--no-cache` gives; and an index
of the format before (which kept each entry's language and its problems as text) is rebuilt,
never read.

The folder is the committed example school (support plans, care records, parent meetings,
censuses: every kind of duty name and class row) with four broken children's files, whose
problems the report and check show.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core.errors import Problem
from liushou_cli.duties.day import DayDuties
from liushou_cli.reports.check import CheckDerivation
from liushou_cli.store import cache as cache_module
from liushou_cli.store import read as store_read
from liushou_cli.store.cache import cache_path
from liushou_cli.store.cachecodec import encode
from liushou_cli.store.layout import DataFolder

from .conftest import run, use_environment

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
TERM_END = date(2023, 1, 13)  # the example is checked on the last day of its autumn term
# In the spring term: every kind of duty is owed, the class rows too (no census yet, no meeting).
REPORT = ("report", "--as-of", "2023-03-10", "--due-within", "200", "-f", "json")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "school"
    shutil.copytree(EXAMPLE, root)
    some = (root / "children" / "2020090101.yaml").read_text(encoding="utf-8")
    broken = {
        "zz01.yaml": some.replace("gender: 男", "gender: M").replace("gender: 女", "gender: M"),
        "zz02.yaml": some.replace("\nstatus: 在读", "\nstatus: 在读\nhobbies: [画画, 唱歌"),
        "zz03.yaml": some.replace("status: 在读", "status: 在读\nfavourite: 画画"),
        "zz04.yaml": "name: 王五\nid: [\n",
    }
    for name, text in broken.items():
        (root / "children" / name).write_text(text, encoding="utf-8")
    an_hour_ago = time.time() - 3600  # older than the racy window: the cache trusts them
    for path in root.rglob("*.yaml"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    use_environment(cache_dir=tmp_path / "cache", today=TERM_END)
    return root


def worked_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every child file worked out from here on: parsed, or its duty rows or its check
    findings made (all in this process, so that none is missed)."""
    seen: list[str] = []
    read, rows, findings = store_read.read_model, DayDuties.__call__, CheckDerivation.__call__

    def reading(path: Path, *args: object) -> object:
        seen.append(f"parsed {path.name}")
        return read(path, *args)  # type: ignore[arg-type]

    def making_rows(self: DayDuties, child: object, path: object = None) -> object:
        seen.append(f"rows {getattr(child, 'id', child)}")
        return rows(self, child, path)  # type: ignore[arg-type]

    def finding(self: CheckDerivation, child: object, path: Path) -> object:
        seen.append(f"check {path.name}")
        return findings(self, child, path)  # type: ignore[arg-type]

    monkeypatch.setattr(store_read, "workers_for_files", lambda files: 0)
    monkeypatch.setattr(store_read, "read_model", reading)
    monkeypatch.setattr(DayDuties, "__call__", making_rows)
    monkeypatch.setattr(CheckDerivation, "__call__", finding)
    return seen


@pytest.mark.parametrize("args", [
    pytest.param(REPORT, id="report-json"),
    pytest.param(("report", "--as-of", "2022-11-20", "--due-within", "60"), id="report-table"),
    pytest.param(("report", "--as-of", "2022-11-20", "--caseload", "-f", "csv"), id="caseload"),
    pytest.param(("check",), id="check"),
    pytest.param(("check", "-f", "json"), id="check-json"),
])
def test_each_language_in_turn_is_worked_out_once(example: Path, monkeypatch: pytest.MonkeyPatch,
                                                  args: tuple[str, ...]) -> None:
    shown = []
    for turn, language in enumerate(("zh", "en", "zh")):
        seen = worked_out(monkeypatch)
        through_cache = run(example, "--lang", language, *args)
        assert seen == [] or turn == 0, seen  # the second and third runs re-derive nothing
        monkeypatch.undo()
        without = run(example, "--no-cache", "--lang", language, *args)
        assert (through_cache.exit_code, through_cache.stdout, through_cache.stderr) == (
            without.exit_code, without.stdout, without.stderr)
        shown.append(through_cache.stdout + through_cache.stderr)
    assert shown[0] == shown[2] != shown[1]


def test_the_words_of_each_language_are_the_right_ones(example: Path) -> None:
    # The report's duty names, class rows and left-out files, and check's problems, in the
    # language asked for each time, whatever the cache holds from the run before.
    for language in ("zh", "en", "zh"):
        report = json.loads(run(example, "--lang", language, *REPORT).stdout)
        check = run(example, "--lang", language, "check").stdout
        names = {row["duty_name"] for row in report["rows"]}
        classes = {row["name"] for row in report["rows"] if row["child_id"] is None}
        left_out = {found["path"]: found["message"] for found in report["unreadable"]}
        if language == "en":
            assert {"learning-support check (数学)", "care follow-up (illness)",
                    "start-of-term census"} <= names
            assert classes == {"(whole class)", "(class total not given)"}
            assert left_out["children/zz01.yaml"] == ("Gender: “M” is not one of: 男 (male), "
                                                      "女 (female)")
            assert "children/zz03.yaml:42: error: unknown field favourite (a typo?)" in check
            assert "YAML syntax error: a '[' is not closed, or a ',' is missing" in check
        else:
            assert {"学习帮扶检查（数学）", "关爱跟进（患病）", "学期初摸底"} <= names
            assert classes == {"（全班）", "（本班在校人数未填）"}
            assert left_out["children/zz01.yaml"] == "性别 的值“M”无效，应为：男、女"
            assert "children/zz03.yaml:42: 错误: 未知字段 favourite（拼写错误？）" in check
            assert "YAML 格式错误：方括号“[”没有闭合，或列表项之间缺少逗号" in check


def test_the_cache_holds_codes_not_words(example: Path) -> None:
    assert run(example, *REPORT).exit_code == 0
    assert run(example, "--lang", "en", "check").exit_code == 1
    path = cache_path(DataFolder(example), example.parent / "cache")
    # The index, and the files of the day's rows and of check's findings.
    index = b"".join(found.read_bytes() for found in (
        path, path.with_name(path.name + ".day"), path.with_name(path.name + ".check")))
    assert b"v_literal" in index and b"sanzhi_" in index  # a file's problem, a finding
    for word in ("无效", "is not one of", "学习帮扶检查", "learning-support check", "（全班）",
                 "whole class", "监护人", "Guardian"):
        assert word.encode() not in index, word


def _rows(index: Path) -> tuple[bytes, dict[str, list[object]]]:
    """The index's header and snapshot rows."""
    whole = index.read_bytes()
    header = cache_module._MAGIC + cache_module._schema_digest().encode() + b"\n"
    assert whole.startswith(header)
    size = int.from_bytes(whole[len(header):len(header) + 8], "little")
    start = len(header) + 8
    return header, json.loads(whole[start:start + size])


def _as_format_1(rows: dict[str, list[object]]) -> dict[str, list[object]]:
    """The rows as the format before wrote them: the language after the problems, and the
    problems as text."""
    old = {}
    for name, row in rows.items():
        problems = encode([Problem(f"children/{name}", None, "error", "schema",
                                   "性别 的值“M”无效")]) if row[4] else []  # type: ignore[arg-type]
        old[name] = [*row[:4], problems, "zh", *row[5:]]
    return old


@pytest.mark.parametrize("magic", [b"liushou-cache-json-1\n", cache_module._MAGIC],
                         ids=["its-own-header", "under-the-new-header"])
def test_an_index_of_the_format_before_is_rebuilt_not_misread(
        example: Path, monkeypatch: pytest.MonkeyPatch, magic: bytes) -> None:
    first = run(example, "--lang", "en", *REPORT).stdout
    index = cache_path(DataFolder(example), example.parent / "cache")
    header, rows = _rows(index)
    snapshot = json.dumps(_as_format_1(rows), ensure_ascii=False).encode()
    index.write_bytes(magic + header[len(cache_module._MAGIC):]
                      + len(snapshot).to_bytes(8, "little") + snapshot)
    for answer in index.parent.glob("*.snapshot.*"):
        answer.unlink()  # else the folder's snapshot answers without the index
    seen = worked_out(monkeypatch)
    again = run(example, "--lang", "en", *REPORT)
    assert (again.exit_code, again.stdout) == (0, first)
    assert sorted(seen) == sorted([f"parsed {name}" for name in rows]
                                  + [f"rows {name.removesuffix('.yaml')}" for name in rows
                                     if not name.startswith("zz")])
    assert _rows(index)[1].keys() == rows.keys()  # written afresh, in the new format
