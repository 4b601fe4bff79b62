"""Progress on long work: a bar with counts on stderr once a stage has run for a while, on a
terminal only; nothing in a pipe or with --quiet; stdout the same byte for byte either way.

The environment says whether a bar may be drawn and after how long (`progress_after`,
None: never). Through the CLI the tests set it to 0, as a terminal that waited long enough;
the bar's own clock is faked where the waiting itself is the rule.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pytest

from liushou_cli.core.environment import PROGRESS_AFTER, Environment
from liushou_cli.core.progress import SILENT
from liushou_cli.core.text import Message
from liushou_cli.render.progress import TerminalProgress

from .conftest import run
from .test_roster import TODAY, roster_school, write_csv

__all__ = ["roster_school"]  # the fixture, used by name

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
AS_OF = "2022-11-20"


class Clock:
    """A clock a test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example school (217 children), read by every test of this module with
    --no-cache, so each read is a whole first read."""
    root = tmp_path_factory.mktemp("progress") / "school"
    shutil.copytree(EXAMPLE, root)
    return root


# ---- the bar itself -----------------------------------------------------------------------------
def test_nothing_is_drawn_before_the_stage_has_run_long_enough() -> None:
    stream, clock = io.StringIO(), Clock()
    bar = TerminalProgress(stream, after=0.5, clock=clock)
    bar.stage(Message("progress_reading"), 10)
    for _ in range(9):
        clock.now += 0.05
        bar.step()
    bar.done()
    assert stream.getvalue() == ""  # 0.45 s: over before a bar would show


def test_a_stage_that_runs_long_draws_its_name_and_counts_then_wipes_them() -> None:
    stream, clock = io.StringIO(), Clock()
    bar = TerminalProgress(stream, after=0.5, clock=clock)
    bar.stage(Message("progress_reading"), 10)
    bar.step()
    assert stream.getvalue() == ""
    clock.now += 0.5
    bar.step()
    assert "读取档案" in stream.getvalue() and "2/10" in stream.getvalue()
    for _ in range(8):
        clock.now += 0.2
        bar.step()
    bar.done()
    drawn = stream.getvalue()
    assert "10/10" in drawn
    assert "\x1b[?25h" in drawn  # the cursor is given back
    assert drawn.endswith("\x1b[1A\x1b[2K")  # and the bar's line wiped


def test_each_stage_waits_anew() -> None:
    stream, clock = io.StringIO(), Clock()
    bar = TerminalProgress(stream, after=0.5, clock=clock)
    bar.stage(Message("progress_reading"), 3)
    clock.now += 1
    bar.step()
    bar.stage(Message("progress_export"), 3)  # the first is over
    bar.step()
    bar.done()
    assert "读取档案" in stream.getvalue() and "生成登记表" not in stream.getvalue()


def test_silent_progress_takes_every_call() -> None:
    SILENT.stage(Message("progress_reading"), 3)
    SILENT.step(3)
    SILENT.done()


# ---- when a bar may be drawn --------------------------------------------------------------------
class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(("out", "err", "term", "expected"), [
    (True, True, "xterm", PROGRESS_AFTER),
    (False, True, "xterm", None),  # stdout in a pipe or a file: `report | less`
    (True, False, "xterm", None),  # stderr redirected
    (True, True, "dumb", None),  # a terminal that cannot move the cursor
])
def test_a_bar_only_where_both_streams_are_a_terminal(
        monkeypatch: pytest.MonkeyPatch, out: bool, err: bool, term: str,
        expected: float | None) -> None:
    monkeypatch.setattr(sys, "stdout", Stream(out))
    monkeypatch.setattr(sys, "stderr", Stream(err))
    found = Environment.from_process({"TERM": term, "COLUMNS": "80"})
    assert found.progress_after == expected
    quiet = Environment.from_process({"TERM": term, "COLUMNS": "80"}, quiet=True)
    assert quiet.progress_after is None


# ---- through the command line -------------------------------------------------------------------
def test_a_first_read_shows_a_bar_with_counts_and_stdout_stays_the_same(example: Path) -> None:
    shown = run(example, "--no-cache", "report", "--as-of", AS_OF, progress_after=0.0)
    piped = run(example, "--no-cache", "report", "--as-of", AS_OF)
    quiet = run(example, "--no-cache", "report", "--quiet", "--as-of", AS_OF,
                progress_after=0.0)
    assert shown.exit_code == piped.exit_code == quiet.exit_code == 0, shown.output
    assert "读取档案" in shown.stderr and "217/217" in shown.stderr
    for silent in (piped, quiet):
        assert "读取档案" not in silent.stderr and "\x1b" not in silent.stderr
    assert shown.stdout_bytes == piped.stdout_bytes == quiet.stdout_bytes
    # What stderr says besides the bar is said all the same.
    assert shown.stderr.endswith(piped.stderr)


def test_the_bar_speaks_english_with_lang_en(example: Path) -> None:
    shown = run(example, "--no-cache", "--lang", "en", "child", "list", progress_after=0.0)
    assert shown.exit_code == 0, shown.output
    assert "Reading records" in shown.stderr and "217/217" in shown.stderr


def test_check_and_export_show_their_stages(example: Path, tmp_path: Path) -> None:
    checked = run(example, "--no-cache", "check", progress_after=0.0)
    assert "读取档案" in checked.stderr and "217/217" in checked.stderr
    form = tmp_path / "登记表.xlsx"
    exported = run(example, "--no-cache", "export", "-o", str(form), progress_after=0.0)
    assert exported.exit_code == 0, exported.output
    assert "生成登记表" in exported.stderr
    in_school = exported.stdout.splitlines()[0].split()[1]  # 已导出 N 名学生到 ...
    assert f"{int(in_school) + 1}/{int(in_school) + 1}" in exported.stderr  # header + rows
    piped = run(example, "--no-cache", "export", "-o", str(form), "--force")
    assert "生成登记表" not in piped.stderr


def test_a_roster_applied_counts_its_writes(roster_school: Path, tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "r.csv", [
        ["学籍号", "姓名", "是否寄宿"],
        ["2022070101", "张小明", "是"],
        ["2022070102", "李四", "否"],
    ])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
                 progress_after=0.0, today=TODAY)
    assert result.exit_code == 0, result.output
    assert "写入花名册的修改" in result.stderr and "2/2" in result.stderr  # two children
    assert "读取档案" in result.stderr
    quiet = run(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
                "--quiet", progress_after=0.0, today=TODAY)
    assert "\x1b" not in quiet.stderr


def stages(stderr: str) -> list[tuple[str, list[str]]]:
    """The bars a run drew, in order: each stage's name and the counts it showed ("1/3").
    A bar redrawn at its end is the same stage; the same name after a finished bar is new."""
    found: list[tuple[str, list[str]]] = []
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stderr)
    for name, count in re.findall(r"(\S+) ━+\s*(\d+/\S+) ", plain):
        if found and found[-1][0] == name:
            last = found[-1][1][-1]
            done, _, total = last.partition("/")
            if done != total or count == last:
                found[-1][1].append(count)
                continue
        found.append((name, [count]))
    return found


def test_a_roster_counts_each_write_then_the_folder_read_again(roster_school: Path,
                                                              tmp_path: Path) -> None:
    # One child changed, two new, one missing and archived: each a step of the writing bar,
    # whose total says so from the start; the folder is then read again under its own bar
    # (four children now).
    roster = write_csv(tmp_path / "r.csv", [
        ["学籍号", "姓名", "性别", "班级", "留守类型", "是否寄宿"],
        ["2022070101", "张小明", "男", "7-1", "双亲外出", "是"],
        ["2022070198", "赵六", "女", "7-1", "母亲外出", "否"],
        ["2022070197", "钱七", "男", "7-1", "父亲外出", "否"],
    ])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
                 "--archive-missing", progress_after=0.0, today=TODAY)
    assert result.exit_code == 0, result.output
    drawn = stages(result.stderr)
    assert [name for name, _ in drawn] == ["读取档案", "写入花名册的修改", "读取档案"]
    writes = drawn[1][1]
    assert writes[-1] == "4/4" and all(count.endswith("/4") for count in writes)
    assert drawn[2][1][-1] == "4/4"  # the folder read again, counted


def test_a_roster_not_archiving_counts_its_class_total_and_not_the_missing(
        roster_school: Path, tmp_path: Path) -> None:
    # 李四 is not in the roster but stays (no --archive-missing): no step of the bar; the
    # class's 在校人数 is one (written to the census file).
    roster = write_csv(tmp_path / "r.csv", [
        ["学籍号", "姓名", "是否寄宿", "在校人数"],
        ["2022070101", "张小明", "是", "45"],
    ])
    result = run(roster_school, "census", "--from", str(roster), "--term", "2022秋", "--apply",
                 progress_after=0.0, today=TODAY)
    assert result.exit_code == 0, result.output
    drawn = stages(result.stderr)
    assert [name for name, _ in drawn][:2] == ["读取档案", "写入花名册的修改"]
    writes = drawn[1][1]
    assert writes[-1] == "2/2" and all(count.endswith("/2") for count in writes)


def test_the_dashboard_counts_its_pages(example: Path, tmp_path: Path) -> None:
    # 217 children (every child file, a page for each one it can show), then one page a
    # teacher; nothing drawn in a pipe.
    result = run(example, "dashboard", "-o", str(tmp_path / "site"), "--as-of", "2022-11-20",
                 progress_after=0.0)
    assert result.exit_code == 0, result.output
    drawn = dict(stages(result.stderr))
    assert drawn["生成学生页面"][-1] == "217/217"
    teachers = len(list((tmp_path / "site" / "teachers").iterdir()))
    assert drawn["生成教师页面"][-1] == f"{teachers}/{teachers}"
    piped = run(example, "dashboard", "-o", str(tmp_path / "again"), "--as-of", "2022-11-20")
    assert "生成学生页面" not in piped.stderr


def test_a_county_counts_the_schools_it_reads(tmp_path: Path) -> None:
    # Three schools read (nothing cached yet), each counted as it comes back.
    from tools.generate_county import generate_county

    county = tmp_path / "county"
    generate_county(county, (24, 30, 36), seed=3)
    args = ("county", "report", "--stats", "--as-of", "2022-11-20", "--county", str(county))
    first = run(None, *args, progress_after=0.0)
    assert first.exit_code == 0, first.output
    assert dict(stages(first.stderr))["读取各校档案"][-1] == "3/3"
