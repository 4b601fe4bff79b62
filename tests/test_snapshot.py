"""The folder's snapshot (store.snapshot): an unchanged folder's overdue report is answered
from one file, a few changed files are read alone, and nothing it keeps is ever served
where the cache's own entry would not be: every report here says what the report without
the cache says."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core.errors import Problem
from liushou_cli.core.model import Child
from liushou_cli.core.text import Message
from liushou_cli.duties.day import ChildDuties, DayDuties
from liushou_cli.duties.rows import Reported
from liushou_cli.reports.support import CaseloadDerivation, CaseloadFacts
from liushou_cli.store import read as store_read
from liushou_cli.store.cache import Entry, FileCache
from liushou_cli.store.cachecodec import Undecodable
from liushou_cli.store.cachejournal import IndexFile
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.snapshot import MAGIC, Reading, Snapshot, line_of, read_line

from .conftest import posix_modes_only, run, use_environment
from .test_cache import HOUR_AGO, _cache_files, age, cache_of, cached, count_reads, more_children
from .test_reports_from_cache import example

__all__ = ["cached", "example"]  # fixtures

DAY = "2022-11-20"
REPORT = ("report", "--as-of", DAY, "-f", "csv")


def same(root: Path, *args: str) -> str:
    """The report through the cache, checked against the report without it."""
    with_cache = run(root, *args)
    without = run(root, "--no-cache", *args)
    assert (with_cache.exit_code, with_cache.stdout, with_cache.stderr) == (
        without.exit_code, without.stdout, without.stderr)
    return with_cache.stdout


def snapshot_of(root: Path, family: str = "overdue") -> Path:
    index = cache_of(DataFolder(root)).path
    return index.with_name(f"{index.name}.snapshot.{family}")


def index_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    seen: list[Path] = []
    original = IndexFile.read

    def counting(self: IndexFile) -> object:
        seen.append(self.path)
        return original(self)

    monkeypatch.setattr(IndexFile, "read", counting)
    return seen


def children_index_reads(seen: list[Path], root: Path) -> list[Path]:
    """The reads of the children's index and its families (not the settings' small cache)."""
    index, _ = _cache_files(root)
    return [path for path in seen if path == index or path.name.startswith(f"{index.name}.")]


def shares_worked_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the children whose share is worked out from the record from now on."""
    made: list[str] = []
    original = DayDuties.__call__

    def counting(self: DayDuties, child: Child, path: Path | None = None) -> ChildDuties:
        made.append(child.id)
        return original(self, child, path)

    monkeypatch.setattr(DayDuties, "__call__", counting)
    return made


@pytest.fixture
def school(cached: Path) -> Path:
    more_children(cached, range(10, 20))
    return cached


def test_an_unchanged_folder_is_answered_from_the_snapshot_alone(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = same(school, *REPORT)
    assert snapshot_of(school).is_file()
    files, indexes = count_reads(monkeypatch), index_reads(monkeypatch)
    assert run(school, *REPORT).stdout == first
    assert files == [] and children_index_reads(indexes, school) == []


@pytest.mark.parametrize(("family", "args"), [
    ("stats", ("report", "--stats", "--as-of", DAY)),
    ("caseload14", ("report", "--caseload", "--as-of", DAY, "-f", "csv")),  # --within 14
    ("incomplete", ("report", "--incomplete", "--as-of", DAY, "-f", "csv")),
    ("check", ("check",)),
    ("list", ("child", "list", "-f", "csv")),
    ("export", ("export", "-o", "{out}", "--force")),
])
def test_every_reading_command_answers_an_unchanged_folder_from_its_snapshot(
        school: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, family: str,
        args: tuple[str, ...]) -> None:
    out = tmp_path / "名单.csv"
    args = tuple(arg.format(out=out) for arg in args)

    def answer() -> tuple[str, bytes]:
        result = run(school, *args)
        return result.stdout, out.read_bytes() if out.exists() else b""

    first = same(school, *args)
    written = out.read_bytes() if out.exists() else b""
    assert snapshot_of(school, family).is_file()
    files, indexes = count_reads(monkeypatch), index_reads(monkeypatch)
    assert answer() == (first, written)
    assert files == [] and children_index_reads(indexes, school) == []


def test_a_few_changed_files_are_read_alone_and_kept_in_the_snapshot(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    same(school, *REPORT)
    path = school / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("key_support: true",
                                                             "key_support: false"),
                    encoding="utf-8")
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    files, indexes = count_reads(monkeypatch), index_reads(monkeypatch)
    after = run(school, *REPORT).stdout
    assert files == ["c0001.yaml"] and children_index_reads(indexes, school) == []
    assert after == run(school, "--no-cache", *REPORT).stdout
    files.clear()
    assert run(school, *REPORT).stdout == after and files == []  # the snapshot learned it


def test_the_loader_keeps_aside_only_the_values_the_snapshot_did_not_serve(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The values for the snapshot's new lines are noted as they are taken: a served child's
    # line is copied as it was, so noting its value too would only hold a county's 20,000
    # values twice.
    loaders: list[store_read._ChildLoader] = []
    real = store_read._ChildLoader.load_all

    def noted(loader: store_read._ChildLoader) -> None:
        loaders.append(loader)
        real(loader)

    monkeypatch.setattr(store_read._ChildLoader, "load_all", noted)
    same(school, *REPORT)
    path = school / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    loaders.clear()
    run(school, *REPORT)
    assert len(loaders) == 1 and len(loaders[0].children) > 1
    assert loaders[0].worked_out.keys() == {"c0001.yaml"}


@pytest.mark.parametrize(("changed", "index_read"), [(2, False), (3, True)])
def test_more_changed_files_than_a_few_go_through_the_index(
        school: Path, monkeypatch: pytest.MonkeyPatch, changed: int, index_read: bool) -> None:
    monkeypatch.setattr(store_read, "FEW_CHANGED", 2)
    same(school, *REPORT)
    for number in range(10, 10 + changed):
        path = school / "children" / f"c00{number}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
        os.utime(path, (HOUR_AGO, HOUR_AGO))
    indexes = index_reads(monkeypatch)
    same(school, *REPORT)
    assert bool(children_index_reads(indexes, school)) is index_read


def test_a_recent_file_is_read_again_until_it_is_old_enough(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The cache's racy rule holds for the snapshot's lines too: a file written in the same
    # clock tick as it was read may change again without changing its signature.
    same(school, *REPORT)
    path = school / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
    files = count_reads(monkeypatch)
    run(school, *REPORT)
    run(school, *REPORT)
    assert files == ["c0001.yaml", "c0001.yaml"]
    age(school)  # every file's signature changes: all are read again, once
    run(school, *REPORT)
    files.clear()
    run(school, *REPORT)
    assert files == []


def test_removed_added_and_broken_files(school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    same(school, *REPORT)
    (school / "children" / "c0011.yaml").unlink()
    assert "c0011" not in same(school, *REPORT)
    assert b'"c0011.yaml"' not in snapshot_of(school).read_bytes()  # its line dropped too
    (school / "children" / "c0012.yaml").write_text("name: [broken\n", encoding="utf-8")
    age(school)
    same(school, *REPORT)
    indexes = index_reads(monkeypatch)
    same(school, *REPORT)  # the broken file's problems served from the snapshot, no index
    assert children_index_reads(indexes, school) == []
    more_children(school, range(40, 42))
    assert "c0041" in same(school, *REPORT)


def _a_line_after_another(text: bytes) -> bytes:
    """The first file's line, with a false copy of itself (another name) before it."""
    start = text.index(b'\n["') + 1
    end = text.index(b"\n", start)
    line = text[start:end].split(b"\t")[0]
    false = line.replace("张小明".encode(), "李伪造".encode())
    assert false != line
    return text[:start] + false + text[start:]


@pytest.mark.parametrize("damage", [
    lambda text: text[:-40],  # cut short
    lambda text: text + b'["c0001.yaml"]\n',  # a line of the wrong shape
    lambda text: text + text[text.index(b'\n["'):],  # every name twice
    lambda text: text.replace(b'"ChildDuties"', b'"Planted"'),  # a tag no one registered
    lambda text: text.replace(MAGIC, b"liushou-snapshot-0\n"),  # a format of other code
    lambda text: b"",
    _a_line_after_another,  # two values on one line: the first is not the line
])
def test_a_damaged_snapshot_is_not_served(school: Path, damage: object) -> None:
    first = same(school, *REPORT)
    path = snapshot_of(school)
    assert callable(damage)
    before = path.read_bytes()
    path.write_bytes(damaged := damage(before))
    assert damaged != before
    assert same(school, *REPORT) == first
    assert same(school, *REPORT) == first


def test_each_test_of_the_rows_has_its_own_snapshot(example: Path, tmp_path: Path) -> None:
    use_environment(cache_dir=tmp_path / "cache")
    overdue = same(example, *REPORT)
    within = (*REPORT, "--due-within", "30")
    wider = same(example, *within)
    assert snapshot_of(example, "overdue30").is_file()
    assert len(wider.splitlines()) > 4 * len(overdue.splitlines()) > 100
    assert same(example, *within) == wider and same(example, *REPORT) == overdue


def test_each_caseload_window_has_its_own_snapshot_and_holds_day_by_day(
        example: Path, tmp_path: Path) -> None:
    # --caseload keeps its facts' rows brief for the rows it counts (overdue, or due within
    # its window): each window its own file, and on each later day while the facts hold
    # (rows coming into the window), the same as without the cache.
    use_environment(cache_dir=tmp_path / "cache")
    for day in ("2022-11-14", "2022-11-15", "2022-11-18", "2022-11-21", "2022-11-14"):
        for within in ("3", "14", "30"):
            same(example, "report", "--caseload", "--due-within", within, "--as-of", day,
                 "-f", "csv")
    for within in ("3", "14", "30"):
        assert snapshot_of(example, f"caseload{within}").is_file()


def test_caseload_facts_are_made_whole_from_what_their_line_keeps_beside(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # --caseload's lines keep the rows it counts later beside them, as the overdue report's
    # do: on the days those come into its window its facts are made whole from them
    # (CaseloadDerivation.renew), and it counts what it counts without the cache.
    use_environment(cache_dir=tmp_path / "cache")
    args = ("report", "--caseload", "--due-within", "3", "-f", "csv")
    same(example, *args, "--as-of", "2022-11-30")
    assert b"\t" in snapshot_of(example, "caseload3").read_bytes()
    renewed: list[object] = []
    original = CaseloadDerivation.renew

    def renewing(self: CaseloadDerivation, value: object, kept: object) -> object:
        found = original(self, value, kept)
        renewed.append(found)
        return found

    monkeypatch.setattr(CaseloadDerivation, "renew", renewing)
    for day in ("2022-12-01", "2022-12-06", "2022-12-13"):
        same(example, *args, "--as-of", day)
    assert [found for found in renewed if isinstance(found, CaseloadFacts)]


def test_days_the_shares_do_not_hold_on_are_worked_out_again(school: Path) -> None:
    # Day by day over a month's deadline and back: each report says what the report without
    # the cache says on that day.
    for day in ("2022-11-28", "2022-11-29", "2022-11-30", "2022-12-01", "2022-12-02",
                "2022-11-29", "2023-01-05"):
        same(school, "report", "--as-of", day, "-f", "csv")


@posix_modes_only  # where there are none (Windows) only links and plain files are checked
def test_a_snapshot_others_can_read_is_neither_read_nor_replaced(school: Path) -> None:
    first = same(school, *REPORT)
    path = snapshot_of(school)
    os.chmod(path, 0o644)
    before = path.read_bytes()
    result = run(school, *REPORT)
    assert result.stdout == first and "缓存" in result.stderr
    assert path.read_bytes() == before and path.stat().st_mode & 0o777 == 0o644


# ---- a line, on its own ---------------------------------------------------------------------
SIG = (1_000 * 1_000_000_000, 1234, 42, 1_000 * 1_000_000_000)
READ = SIG[0] + 3600 * 1_000_000_000  # an hour after the file was written: not racy


@pytest.mark.parametrize(("today", "serves"), [(99, False), (100, True), (150, True),
                                               (200, True), (201, False)])
def test_a_line_serves_on_the_days_its_reading_holds_on_and_no_other(
        today: int, serves: bool) -> None:
    reading = Reading(SIG, READ, True, [], (100, 200), "value")
    assert reading.serves(SIG, today, None) is serves


def test_a_line_serves_only_its_files_signature_read_long_enough_after_it() -> None:
    reading = Reading(SIG, READ, True, [], (100, 200), "value")
    assert reading.serves(SIG, 150, lambda value: value == "value")
    assert not reading.serves(SIG, 150, lambda value: False)  # its value no longer holds
    assert not reading.serves((SIG[0] + 1, *SIG[1:]), 150, None)
    assert not reading._replace(read_ns=SIG[0] + 1).serves(SIG, 150, None)  # racy
    # A file that gave no record has no value to hold: its problems serve as they are.
    assert reading._replace(ok=False, value=None).serves(SIG, 150, lambda value: False)


LINE = ["c.yaml", *SIG, READ, True, [], 100, 200, 4096, 700, None, 1]  # as line_of writes it


def _line(**changed: object) -> list[object]:
    """LINE with the fields named changed (by their place: name, mtime, size, inode, ctime,
    read, ok, problems, first, last, start, length, tag, value)."""
    places = ("name", "mtime", "size", "inode", "ctime", "read", "ok", "problems", "first",
              "last", "start", "length", "tag", "value")
    return [changed.get(place, item) for place, item in zip(places, LINE, strict=True)]


def test_the_model_line_is_read() -> None:
    assert read_line(LINE) == ("c.yaml", Reading(SIG, READ, True, [], (100, 200), 1, (4096, 700)))
    # No place in the record store: a start below 0 (line_of writes -1, 0).
    assert read_line(_line(start=-1, length=0))[1].span is None
    assert read_line(_line(start=0, length=0))[1].span == (0, 0)


@pytest.mark.parametrize("row", [
    _line(first="100"),  # a day that is no number
    _line(last=None),
    _line(read=str(READ)),
    _line(ok=1),  # ok that is no flag
    _line(name=7),
    _line(mtime="x"),
    LINE[:4] + LINE[5:],  # a signature of three parts
    _line(problems=["no problem"]),
    _line(problems=[{"$": "date", "v": "2022-09-01"}]),  # decoded, but no problem
    _line(problems=0),  # no problems, but not an empty list
    _line(problems=None),
    _line(start="4096"),  # a place that is no number
    _line(length=None),
    _line(length=-1),  # a record of no length
    _line(start=4096.0),
    _line(tag="NoSuchTag", value=[]),
    _line(tag=7, value=[]),
    _line(tag="Problem", value="not a payload"),
    LINE[:-1],  # no value
    [*LINE, 1],  # more than a line holds
])
def test_a_line_of_the_wrong_shape_is_undecodable(row: list[object]) -> None:
    with pytest.raises(Undecodable):
        read_line(row)


def test_a_line_written_is_read_back() -> None:
    reading = Reading(SIG, READ, True, [], (100, 200), {"rows": [1, 2]})
    text = line_of("c.yaml", reading)
    assert read_line(json.loads(text)) == ("c.yaml", reading)
    # Values the codec tags (a date; a problem, whose payload holds tagged nodes; a list
    # holding some): a date kept as its tag and payload, the others as the codec made them,
    # all read back as they were.
    problem = Problem("c.yaml", 3, "error", "code", Message.of("unknown_child", child="c1"))
    for value in (problem, date(2022, 9, 1), [problem, (1, 2)]):
        kept = reading._replace(problems=[problem], value=value)
        assert read_line(json.loads(line_of("c.yaml", kept))) == ("c.yaml", kept)
    assert json.loads(line_of("c.yaml", reading._replace(value=date(2022, 9, 1))))[10:] == [
        -1, 0, "date", "2022-09-01"]
    assert json.loads(line_of("c.yaml", reading._replace(value=problem)))[12] is None
    placed = reading._replace(span=(0, 1))
    assert json.loads(line_of("c.yaml", placed))[10:12] == [0, 1]
    assert read_line(json.loads(line_of("c.yaml", placed))) == ("c.yaml", placed)
    unread = reading._replace(ok=False, value=None)
    assert read_line(json.loads(line_of("c.yaml", unread))) == ("c.yaml", unread)


def test_a_changed_file_takes_the_value_another_report_derived_for_it(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Only a line whose file is unchanged but whose share stopped holding skips the cache's
    # value: a changed file's value derived since (here by --due-within, which keeps the same
    # family of values) is taken, not derived again.
    monkeypatch.setattr(store_read, "FEW_CHANGED", 0)  # every changed file through the index
    same(school, *REPORT)
    path = school / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    run(school, *REPORT, "--due-within", "30")
    made = shares_worked_out(monkeypatch)
    through_cache = run(school, *REPORT).stdout
    assert made == []  # nothing derived: the changed file's value was in the cache
    assert through_cache == run(school, "--no-cache", *REPORT).stdout


def test_the_snapshot_says_its_format_its_code_and_its_key_first(school: Path) -> None:
    same(school, *REPORT)
    magic, digest, key, first, *_ = snapshot_of(school).read_bytes().split(b"\n")
    assert magic == b"liushou-snapshot-3" and digest == cache_of(DataFolder(school)).digest()
    assert json.loads(key).startswith("overdue:day:") and json.loads(first)[0] == "c0001.yaml"


def test_a_snapshot_naming_a_file_twice_is_not_served(school: Path) -> None:
    # Two lines for one file, the second saying it has nothing overdue: which one to believe
    # is unknowable, so neither is.
    first = same(school, *REPORT)
    path = snapshot_of(school)
    text = path.read_bytes()
    line = next(found for found in text.split(b"\n") if found.startswith(b'["c0001.yaml"'))
    row = json.loads(line)
    row[13][3] = []  # the share's rows
    path.write_bytes(text + json.dumps(row, ensure_ascii=False).encode() + b"\n")
    assert "c0001" in same(school, *REPORT) == first


# ---- the file itself --------------------------------------------------------------------------
@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "cache"
    made.mkdir(mode=0o700)
    return made


def test_lines_written_are_read_back_whole(folder: Path) -> None:
    # Texts with spaces and line breaks in them (a problem's words, a name), and the last
    # line as well as the first.
    snapshot = Snapshot(folder / "x.snapshot.overdue", "overdue:k", b"digest")
    first = Reading(SIG, READ, True, [], (100, 200), {"name": "欧阳 小明", "note": "a\nb c"})
    last = Reading(SIG, READ, False, [], (100, 200), None)
    snapshot.write([line_of("a.yaml", first), line_of("b.yaml", last)])
    again = Snapshot(folder / "x.snapshot.overdue", "overdue:k", b"digest")
    files = {"a.yaml": SIG, "b.yaml": SIG}
    assert again.read(files, 150, None) == ({"a.yaml": first, "b.yaml": last}, set(), 2, {})
    assert again.lines == {"a.yaml": line_of("a.yaml", first), "b.yaml": line_of("b.yaml", last)}
    assert Snapshot(folder / "x.snapshot.overdue", "overdue:other", b"digest").read(
        files, 150, None) == ({}, set(), 0, {})
    assert Snapshot(folder / "x.snapshot.overdue", "overdue:k", b"other").read(
        files, 150, None) == ({}, set(), 0, {})


@pytest.mark.parametrize("count", [1, 1023, 1024, 1025, 2048, 2049])
def test_every_line_is_written_once_whatever_their_number(folder: Path, count: int) -> None:
    # The lines go to the file a thousand and twenty-four at a time: at the edges of a
    # write, none is lost, none written twice (a name twice refuses the whole file).
    snapshot = Snapshot(folder / "x.snapshot.overdue", "overdue:k", b"digest")
    readings = {f"c{number:05}.yaml": Reading(SIG, READ, True, [], (100, 200), number)
                for number in range(count)}
    snapshot.write(line_of(name, reading) for name, reading in readings.items())
    text = (folder / "x.snapshot.overdue").read_bytes()
    assert text.count(b"\n") == 3 + count and text.endswith(b"\n")
    files = dict.fromkeys(readings, SIG)
    assert snapshot.read(files, 150, None) == (readings, set(), count, {})


def test_only_the_lines_that_serve_are_held(folder: Path) -> None:
    # Listed and unchanged, on a day its reading and its value hold: served. Unchanged but
    # its value no longer holds (a new day turned it), or read on a day its reading does
    # not hold on (first 100, last 200): turned, its line not held. Changed, or not listed:
    # neither.
    # A turned line that still stands for its file (only its value turned) and says where
    # its record lies is kept, its value dropped: "b.yaml"; not one without a place
    # ("e.yaml"), one read too soon after its file changed ("g.yaml"), nor on a day its
    # reading does not hold on.
    lines = {name: Reading(SIG, READ, True, [], (100, 200), value, span)
             for name, value, span in (("a.yaml", 1, (0, 10)), ("b.yaml", 2, (10, 20)),
                                       ("c.yaml", 1, (30, 5)), ("d.yaml", 1, (35, 5)),
                                       ("e.yaml", 2, None))}
    lines["g.yaml"] = Reading(SIG, SIG[0] + 1, True, [], (100, 200), 1, (40, 5))
    Snapshot(folder / "x.snapshot.overdue", "overdue:k", b"d").write(
        [line_of(name, reading) for name, reading in lines.items()])
    changed = (SIG[0] + 1, *SIG[1:])
    files = {"a.yaml": SIG, "b.yaml": SIG, "c.yaml": changed, "e.yaml": SIG, "g.yaml": SIG}

    def holds(value: object) -> bool:
        return value == 1

    for day, served, turned, stored in (
            (100, {"a.yaml"}, {"b.yaml", "e.yaml", "g.yaml"}, {"b.yaml"}),
            (200, {"a.yaml"}, {"b.yaml", "e.yaml", "g.yaml"}, {"b.yaml"}),
            (99, set(), {"a.yaml", "b.yaml", "e.yaml", "g.yaml"}, set()),
            (201, set(), {"a.yaml", "b.yaml", "e.yaml", "g.yaml"}, set())):
        snapshot = Snapshot(folder / "x.snapshot.overdue", "overdue:k", b"d")
        found = snapshot.read(files, day, holds)
        assert found == ({name: lines[name] for name in served}, turned, 6,
                         {name: lines[name]._replace(value=None) for name in stored}), day
        assert snapshot.lines.keys() == served


def test_the_snapshot_is_written_beside_itself_hidden_until_renamed(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never through the system's temporary folder (shared, full, or another disk).
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    renamed: list[tuple[str, str]] = []
    original = os.replace

    def watching(source: str, target: object) -> None:
        renamed.append((source, str(target)))
        original(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", watching)
    path = folder / "x.snapshot.overdue"
    Snapshot(path, "overdue:k", b"d").write([line_of("a.yaml", Reading(
        SIG, READ, True, [], (1, 2), 1))])
    assert path.is_file() and len(renamed) == 1
    source = Path(renamed[0][0])
    assert source.parent == folder and source.name.startswith(".snapshot-")


@pytest.mark.parametrize("gone_first", [False, True])
def test_a_failed_write_leaves_nothing_and_says_nothing(
        folder: Path, monkeypatch: pytest.MonkeyPatch, gone_first: bool) -> None:
    # The snapshot is only a shortcut: a write that fails (a full disk, a rename refused)
    # leaves no temporary file and no error; the temporary file may be gone already.
    def refusing(source: str, target: object) -> None:
        if gone_first:
            os.unlink(source)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refusing)
    Snapshot(folder / "x.snapshot.overdue", "overdue:k", b"d").write([b"[]"])
    assert list(folder.iterdir()) == []


def test_a_new_file_is_read_alone_wherever_it_sorts(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file with no line yet (a child just added) costs its own reading, not the reading
    # of every file listed after it.
    same(school, *REPORT)
    first = school / "children" / "a0001.yaml"
    first.write_text((school / "children" / "c0010.yaml").read_text(encoding="utf-8")
                     .replace("c0010", "a0001"), encoding="utf-8")
    os.utime(first, (HOUR_AGO, HOUR_AGO))
    files, indexes = count_reads(monkeypatch), index_reads(monkeypatch)
    through_cache = run(school, *REPORT).stdout
    assert files == ["a0001.yaml"] and children_index_reads(indexes, school) == []
    assert "a0001" in through_cache == run(school, "--no-cache", *REPORT).stdout


@pytest.mark.parametrize(("due_within", "key"), [
    (None, "overdue:day:x:Reported(due_within=None)"),
    (0, "overdue0:day:x:Reported(due_within=0)"),  # due today: not the same file as none
    (30, "overdue30:day:x:Reported(due_within=30)"),
])
def test_a_tests_snapshot_key_names_its_window_in_the_files_family(
        due_within: int | None, key: str) -> None:
    assert Reported(due_within).snapshot_key("overdue", "day:x") == key


class NamesOrSets:
    """A derivation with a snapshot whose value for the children in `odd` is a set, which
    the cache cannot keep."""

    def __init__(self, odd: set[str], version: int) -> None:
        self.odd = odd
        self.key = f"odd:{version}"  # another version: every value derived again
        self.snapshot_key = f"odd:{version}:x"

    def __call__(self, child: Child, path: Path | None = None) -> object:
        return {child.id} if child.id in self.odd else child.id


class NamesBesideNumbers(NamesOrSets):
    """A derivation whose lines keep a number beside their value: one JSON cannot hold
    (not a number) for the children in `odd`."""

    def __call__(self, child: Child, path: Path | None = None) -> object:
        return child.id

    def brief(self, value: str) -> tuple[str, object]:
        return value, [float("nan") if value in self.odd else 1.0]


def test_a_snapshot_with_a_value_it_cannot_keep_is_not_written_and_the_old_one_stays(
        school: Path) -> None:
    folder = DataFolder(school)

    def load(odd: set[str], version: int = 1,
             kind: type[NamesOrSets] = NamesOrSets) -> list[object]:
        day = date(2022, 11, 20)
        cache = FileCache(folder, cache_of(folder).path, day)
        data = store_read.load_dataset(folder, cache, lambda config, staff: kind(odd, version),
                                       today=day)
        cache.save()
        return sorted(str(item.derived) for item in data.children)

    snapshot = snapshot_of(school, "odd")
    assert len(load(set())) == 12 and snapshot.is_file()
    written = snapshot.read_bytes()
    path = school / "children" / "c0015.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("张小明", "张小华"), encoding="utf-8")
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    # Its value a set: the load gives it, the snapshot stays as it was, no file left half-made.
    assert "{'c0015'}" in load({"c0015"})
    assert snapshot.read_bytes() == written
    assert not [found for found in snapshot.parent.iterdir() if found.name.startswith(".")]
    # Every value derived again, one a set: no snapshot at all.
    snapshot.unlink()
    assert "{'c0012'}" in load({"c0012"}, version=2)
    assert not snapshot.exists()
    assert not [found for found in snapshot.parent.iterdir() if found.name.startswith(".")]
    # What a line keeps beside its value cannot be kept either (JSON has no NaN): the same.
    assert "c0012" in load({"c0012"}, version=3, kind=NamesBesideNumbers)
    assert not snapshot.exists()
    assert not [found for found in snapshot.parent.iterdir() if found.name.startswith(".")]
    load(set(), version=4, kind=NamesBesideNumbers)
    assert snapshot.read_bytes().count(b"\t[1.0]\n") == 12


def test_turned_files_are_worked_out_again_from_their_records(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file whose line no longer holds though it is unchanged (the term ended, which turns
    # every share): its kept value does not hold either, so it is worked out again from its
    # record, and that value (in the family's file, a county's largest) is not asked for.
    same(school, *REPORT)
    worked_out = shares_worked_out(monkeypatch)
    asked: list[str] = []
    original = Entry.derived_value

    def asking(self: Entry, key: str) -> object:
        asked.append(self.name)
        return original(self, key)

    monkeypatch.setattr(Entry, "derived_value", asking)
    files, indexes = count_reads(monkeypatch), index_reads(monkeypatch)
    later = ("report", "--as-of", "2023-01-21", "-f", "csv")
    through_cache = run(school, *later).stdout
    assert len(worked_out) == 12
    assert not [name for name in asked if name.startswith("c00")]
    # Each from its record where its line says the record store holds it: no child file
    # parsed, nor the cache's index read.
    assert (files, children_index_reads(indexes, school)) == ([], [])
    assert through_cache == run(school, "--no-cache", *later).stdout


def test_a_turned_file_whose_record_moved_is_parsed_again(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The record store rewritten since the lines were written (its records compacted, or
    # the file lost): a line's place then holds no record of its file, which is parsed
    # again instead, never served another's record.
    same(school, *REPORT)
    _, store = _cache_files(school)
    whole = store.read_bytes()
    store.write_bytes(whole[len(whole) // 2:] + whole[:len(whole) // 2])
    files = count_reads(monkeypatch)
    later = ("report", "--as-of", "2023-01-21", "-f", "csv")
    through_cache = run(school, *later).stdout
    assert len(files) >= 10  # the places of some may still hold their records
    assert through_cache == run(school, "--no-cache", *later).stdout
    store.unlink()
    assert run(school, *later).stdout == through_cache


def test_the_morning_after_a_deadline_is_answered_from_the_snapshot(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # November's deadline passes overnight: the rows it turns are counted on from the lines
    # of the evening before (DayDuties.carried_on), no child file, index or share is read or
    # worked out, and the report is the one worked out afresh.
    evening = ("report", "--as-of", "2022-11-30", "-f", "csv")
    same(school, *evening)
    files, indexes = count_reads(monkeypatch), index_reads(monkeypatch)
    worked_out = shares_worked_out(monkeypatch)
    morning = ("report", "--as-of", "2022-12-01", "-f", "csv")
    through_cache = run(school, *morning).stdout
    assert (files, children_index_reads(indexes, school), worked_out) == ([], [], [])
    assert through_cache == run(school, "--no-cache", *morning).stdout
    assert through_cache != run(school, "--no-cache", *evening).stdout


def test_a_row_first_reported_later_comes_from_beside_its_line(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A line keeps the rows first reported after the next deadline beside its value: on the
    # day the first of them is reported the value is made whole from them (DayDuties.renew),
    # its child's file neither read nor its share worked out, and the line is made afresh.
    same(example, "report", "--as-of", "2022-11-30", "-f", "csv")
    path = snapshot_of(example)
    lines = path.read_bytes().split(b"\n")
    beside = [line for line in lines if b"\t" in line]
    assert beside
    head, _, kept = beside[0].partition(b"\t")
    name, reading = read_line(json.loads(head))
    assert json.loads(kept)[0] > reading.value.until
    day = date.fromordinal(reading.value.until).isoformat()
    files = count_reads(monkeypatch)
    worked_out = shares_worked_out(monkeypatch)
    later = ("report", "--as-of", day, "-f", "csv")
    through_cache = run(example, *later).stdout
    # (Others may turn that day, a date of their records: those are read and worked out.)
    assert name not in [Path(found).name for found in files]
    assert reading.value.child_id not in worked_out
    assert through_cache == run(example, "--no-cache", *later).stdout
    made = {read_line(json.loads(line.partition(b"\t")[0]))[0]: line
            for line in path.read_bytes().split(b"\n")[3:] if line}
    assert made[name] != beside[0]
    renewed = read_line(json.loads(made[name].partition(b"\t")[0]))[1]
    assert renewed.value.until > reading.value.until and renewed.value.since == reading.value.since
    # Then answered from the snapshot as it is.
    before = path.read_bytes()
    assert run(example, *later).stdout == through_cache
    assert path.read_bytes() == before


def test_a_line_made_whole_is_written_afresh_though_no_other_changed(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One child contacted its parents on 20 November: its contact is due again on 20
    # December, first reported on the 21st, after the next deadline (30 November), so its
    # line keeps it beside and holds up to the 20th. On the 21st that line alone no longer
    # holds: it is made whole and written afresh, though every other line serves, and the
    # next report that day reads nothing but the snapshot and writes nothing.
    path = school / "children" / "c0010.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "events:\n  - type: 联系\n    date: 2022-11-20\n    by: [T001]\n    with: 父母\n"),
        encoding="utf-8")
    age(school)
    evening = ("report", "--as-of", "2022-11-30", "-f", "csv")
    same(school, *evening)
    snapshot = snapshot_of(school)
    before = {line.partition(b"\t")[0][:14]: line
              for line in snapshot.read_bytes().split(b"\n")[3:] if line}
    kept = before[b'["c0010.yaml",']
    assert b"\t" in kept and all(b"\t" not in line for line in before.values() if line != kept)
    assert read_line(json.loads(kept.partition(b"\t")[0]))[1].value.until == date(
        2022, 12, 21).toordinal()
    files, worked_out = count_reads(monkeypatch), shares_worked_out(monkeypatch)
    morning = ("report", "--as-of", "2022-12-21", "-f", "csv")
    through_cache = run(school, *morning).stdout
    assert (files, worked_out) == ([], [])
    after = {line.partition(b"\t")[0][:14]: line
             for line in snapshot.read_bytes().split(b"\n")[3:] if line}
    assert after[b'["c0010.yaml",'] != kept
    assert {name: line for name, line in after.items() if name != b'["c0010.yaml",'} == {
        name: line for name, line in before.items() if name != b'["c0010.yaml",'}
    written = snapshot.read_bytes()
    assert run(school, *morning).stdout == through_cache
    assert snapshot.read_bytes() == written and files == []
    assert through_cache == run(school, "--no-cache", *morning).stdout
