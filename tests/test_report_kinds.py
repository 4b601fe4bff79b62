"""`liushou report` runs one kind of report at a time, and refuses an option the kind it
runs would ignore (a usage error, exit 2) instead of silently dropping it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run

REFUSED = [
    (("--stats", "--caseload"), "一次只能出一种报表：--stats、--caseload 不能同时使用"),
    (("--overdue", "--incomplete"), "一次只能出一种报表：--overdue、--incomplete 不能同时使用"),
    (("--stats", "--by", "王建国"),
     "--stats 报表用不到 --by；它可用的选项：--as-of、--term、--terms、--format"),
    (("--stats", "--due-within", "3"),
     "--stats 报表用不到 --due-within；它可用的选项：--as-of、--term、--terms、--format"),
    (("--stats", "--class", "7-1"),
     "--stats 报表用不到 --class；它可用的选项：--as-of、--term、--terms、--format"),
    (("--terms", "all", "--by", "王建国"),
     "--stats 报表用不到 --by；它可用的选项：--as-of、--term、--terms、--format"),
    (("--caseload", "--duty", "每学期家访"),
     "--caseload 报表用不到 --duty；它可用的选项：--as-of、--by、--class、--due-within、--format"),
    (("--incomplete", "--due-within", "14"),
     "--incomplete 报表用不到 --due-within；它可用的选项：--as-of、--by、--class、--format"),
    (("--incomplete", "--fail-on-overdue"),
     "--incomplete 报表用不到 --fail-on-overdue；它可用的选项：--as-of、--by、--class、--format"),
    (("--term", "2022秋"),
     "--overdue 报表用不到 --term；它可用的选项：--as-of、--by、--class、--duty、--due-within、"
     "--fail-on-overdue、--format"),
    (("--stats", "--term", "2022秋", "--terms", "all"), "--term 和 --terms 不能同时使用"),
]


@pytest.mark.parametrize(("args", "message"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_combinations_it_does_not_do_are_refused(school: Path, args: tuple[str, ...],
                                                 message: str) -> None:
    result = run(school, "report", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


def test_refusal_in_english(school: Path) -> None:
    result = run(school, "--lang", "en", "report", "--stats", "--by", "王建国")
    assert (result.exit_code, result.stderr) == (
        2, "the --stats report does not use --by; it takes: --as-of, --term, --terms, --format\n")


# Every combination the guides and docs/reports/ show must still run.
DOCUMENTED = [
    (), ("--overdue",), ("--as-of", "2022-11-20"), ("--overdue", "--by", "王建国"),
    ("--by", "王建国", "--as-of", "2022-11-20", "--due-within", "15"),
    ("--duty", "每学期家访", "--due-within", "60"), ("--duty", "parent-meeting"),
    ("--as-of", "2022-11-20", "--class", "7-1", "--fail-on-overdue"),
    ("--as-of", "2022-11-20", "--by", "李芳", "--format", "json"),
    ("--overdue", "--as-of", "2022-11-20 17:00", "--duty", "incident"),
    ("--as-of", "2022-11-20 18:00"),
    ("--stats",), ("--stats", "--term", "2022秋"), ("--stats", "--as-of", "2022-11-20", "-f", "csv"),
    ("--terms", "all"), ("--stats", "--terms", "all", "-f", "json"),
    ("--caseload", "--as-of", "2022-11-20"),
    ("--caseload", "--as-of", "2022-11-20", "--by", "王建国", "-f", "json"),
    ("--caseload", "--due-within", "7", "--class", "七(1)班"),
    ("--incomplete", "--as-of", "2022-11-20", "-f", "csv"),
    ("--incomplete", "--by", "王建国", "--class", "7-1"),
    ("--overdue", "--due-within", "14", "--format", "ics"), ("--by", "王建国", "--due-within", "14", "--format", "ics"),
]


@pytest.mark.parametrize("args", DOCUMENTED, ids=lambda a: " ".join(a) or "report")
def test_documented_combinations_still_run(school: Path, args: tuple[str, ...]) -> None:
    result = run(school, "report", *args)
    assert result.exit_code in (0, 1), result.output  # 1: --fail-on-overdue found something
    assert result.stderr == ""


def test_every_kind_of_report_has_its_runner() -> None:
    # The dispatch table and the table of options name the same kinds, so a kind added to
    # one cannot be forgotten in the other.
    from liushou_cli.cli.report_run import RUNS
    from liushou_cli.reports.kinds import DEFAULT, OPTIONS

    assert set(RUNS) == set(OPTIONS) and DEFAULT in RUNS
