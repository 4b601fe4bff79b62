"""`--output -`: other tools read "-" as standard output; liushou's files hold minors'
personal data, so "-" is refused in one line, before any work, and no file called "-" is
left wherever the command ran (an export once wrote one into the data folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run, snapshot

LINES = [
    ("export", "-o", "-", "-f", "csv"),
    ("export", "-o", "-", "-f", "xlsx"),
    ("export", "--output", "-", "-f", "csv", "--force"),
    ("report", "-f", "ics", "-o", "-"),
    ("print", "card", "c0001", "-o", "-"),
    ("dashboard", "-o", "-"),
    ("dashboard", "-o", "-", "--force", "--inside-data"),
]


@pytest.mark.parametrize("line", LINES, ids=" ".join)
@pytest.mark.parametrize("where", ["data folder", "elsewhere"])
def test_dash_is_refused_and_no_file_is_written(school: Path, tmp_path: Path, line: tuple[str, ...],
                                                where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cwd = school if where == "data folder" else tmp_path / "elsewhere"
    cwd.mkdir(exist_ok=True)
    monkeypatch.chdir(cwd)
    before = snapshot(school)
    result = run(school, *line)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr == ("--output 要的是文件名：“-”（标准输出）在这里不能用，"
                             "文件会被写成名叫 - 的文件\n")
    assert not (cwd / "-").exists()
    assert snapshot(school) == before


def test_in_english(school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(school, "--lang", "en", "export", "-o", "-", "-f", "csv")
    assert result.exit_code == 2
    assert result.stderr == ('--output wants a name: "-" (standard output) cannot be '
                             'used here; the file would be called -\n')
    assert not (tmp_path / "-").exists()


def test_a_name_that_only_begins_with_a_dash_is_a_file(school: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(school, "export", "-o", "-名单.csv")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "-名单.csv").read_bytes().startswith("\ufeff".encode())
