"""The local cache never serves stale data: every report through it equals the uncached one,
whatever happens to the files or to the cache itself."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core import platform
from liushou_cli.store import read as store_read
from liushou_cli.store.cache import RACY_SECONDS, FileCache, cache_path
from liushou_cli.store.layout import DataFolder, signature

from .conftest import (
    CHILD_ID_NUMBER,
    CHILD_YAML,
    environment,
    posix_ctime_only,
    posix_modes_only,
    rows_of,
    run,
    use_environment,
    valid_id,
)

HOUR_AGO = time.time() - 3600


def age(root: Path) -> None:
    """Make every file an hour old, so the cache may trust it (recent files are 'racy')."""
    for path in root.rglob("*.yaml"):
        os.utime(path, (HOUR_AGO, HOUR_AGO))


def cache_of(folder: DataFolder) -> FileCache:
    """The children's cache of `folder`, in the cache folder of the test's environment."""
    directory = environment().cache_dir
    assert directory is not None
    return FileCache(folder, cache_path(folder, directory))


@pytest.fixture
def cached(school: Path, tmp_path: Path) -> Path:
    use_environment(cache_dir=tmp_path / "cache")
    second = (CHILD_YAML.format(id_number=CHILD_ID_NUMBER).replace("c0001", "c0002")
              .replace("张小明", "李四").replace("'2022070101'", "'2022070102'")
              .replace(CHILD_ID_NUMBER, valid_id("43052420110315003")))
    (school / "children" / "c0002.yaml").write_text(second, encoding="utf-8")
    age(school)
    return school


def reports(root: Path) -> tuple[str, str]:
    args = ("report", "--as-of", "2022-11-20", "-f", "json")
    with_cache = run(root, *args)
    without = run(root, "--no-cache", *args)
    assert with_cache.exit_code == without.exit_code == 0, with_cache.output
    return with_cache.stdout, without.stdout


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = store_read.read_model

    def counting(path: Path, *args: object) -> object:
        seen.append(path.name)
        return original(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(store_read, "read_model", counting)
    return seen


def test_second_run_reads_no_file(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = reports(cached)
    seen = count_reads(monkeypatch)
    again = run(cached, "report", "--as-of", "2022-11-20", "-f", "json")
    assert again.stdout == first and seen == []


@pytest.mark.parametrize("args", [
    ("assign", "buddy", "c0001", "--name", "王五", "--class", "7-1", "--by", "T001"),
    ("assign", "tutor", "c0001", "T002", "--by", "T001"),
    ("activity", "add", "--kind", "家长会", "--title", "期中家长会", "--classes", "7-1",
     "--by", "T001"),
])
def test_a_write_that_needs_the_folder_reads_it_through_the_cache(
        cached: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]) -> None:
    # A buddy's class, a tutor's load and an activity's classes are looked up among every
    # child: read without the cache, a county's 20,000 files were parsed for one entry.
    reports(cached)
    seen = count_reads(monkeypatch)
    done = run(cached, *args, today=date(2022, 11, 20))
    assert done.exit_code == 0, done.output
    assert "c0002.yaml" not in seen, seen


@posix_ctime_only
def test_edit_keeping_size_and_mtime(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports(cached)
    path = cached / "children" / "c0001.yaml"
    stat = path.stat()
    text = path.read_text(encoding="utf-8").replace("key_support: true", "key_support: fals")
    text = text.replace("fals", "false")[:-1]  # same length as before
    assert len(text.encode()) == stat.st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    seen = count_reads(monkeypatch)
    with_cache, without = reports(cached)
    assert with_cache == without
    assert ("c0001", "proxy-talk") not in {(r["child_id"], r["duty"]) for r in rows_of(with_cache)}
    assert "c0001.yaml" in seen


def test_racy_entry_is_not_trusted(cached: Path) -> None:
    folder = DataFolder(cached)
    cache = cache_of(folder)
    path = cached / "children" / "c0001.yaml"
    sig = signature(path.stat())
    recent = cache.put("c0001.yaml", sig, sig[0] + 10_000, None, [])
    assert cache.get("c0001.yaml", sig) is None  # read in the same tick as written
    recent.read_ns = sig[0] + (RACY_SECONDS + 1) * 1_000_000_000
    assert cache.get("c0001.yaml", sig) is recent


def test_delete_rename_and_add(cached: Path) -> None:
    reports(cached)
    (cached / "children" / "c0002.yaml").unlink()
    with_cache, without = reports(cached)
    assert with_cache == without and "c0002" not in with_cache
    (cached / "children" / "c0001.yaml").rename(cached / "children" / "c0009.yaml")
    with_cache, without = reports(cached)
    assert with_cache == without and "c0001" in with_cache
    new = CHILD_YAML.format(id_number=CHILD_ID_NUMBER).replace("c0001", "c0003").replace(
        "'2022070101'", "'2022070103'")
    (cached / "children" / "c0003.yaml").write_text(new, encoding="utf-8")
    with_cache, without = reports(cached)
    assert with_cache == without and "c0003" in with_cache


def test_corrupt_cache_is_rebuilt(cached: Path) -> None:
    reports(cached)
    cache_file = cache_of(DataFolder(cached)).path
    for garbage in (b"", b"liushou-cache-1\n" + b"\x80\x04junk", os.urandom(4096)):
        cache_file.write_bytes(garbage)
        with_cache, without = reports(cached)
        assert with_cache == without


def test_unwritable_cache_is_skipped(cached: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    use_environment(cache_dir=blocker / "cache")
    with_cache, without = reports(cached)
    assert with_cache == without


def test_problems_are_cached_once_and_shown_in_each_language(cached: Path) -> None:
    path = cached / "children" / "c0002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("gender: 男", "gender: M"),
                    encoding="utf-8")
    age(cached)
    first = run(cached, "check").output
    assert "性别 的值“M”无效" in first and run(cached, "check").output == first
    english = run(cached, "--lang", "en", "check").output
    assert "Gender: “M” is not one of" in english


def test_no_cache_writes_nothing(school: Path, tmp_path: Path) -> None:
    use_environment(cache_dir=tmp_path / "cache")
    assert run(school, "child", "list", "--no-cache").exit_code == 0
    assert not (tmp_path / "cache").exists()
    assert run(school, "child", "list").exit_code == 0
    assert (tmp_path / "cache").exists()


def test_recording_an_entry_does_not_reparse_staff(cached: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # A county's staff.yaml is long: an entry for one child must not cost its parse.
    use_environment(today=date(2022, 11, 20))
    assert run(cached, "talk", "add", "c0001", "x", "--by", "T001").exit_code == 0
    seen = count_reads(monkeypatch)
    assert run(cached, "talk", "add", "c0002", "y", "--by", "王建国").exit_code == 0
    assert "staff.yaml" not in seen
    staff = cached / "staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8").replace("王建国", "王建华"),
                     encoding="utf-8")
    result = run(cached, "talk", "add", "c0002", "z", "--by", "王建华")
    assert result.exit_code == 0, result.output  # the changed file is read again


def records_built(monkeypatch: pytest.MonkeyPatch, kind: type) -> list[object]:
    """A list that collects every record of `kind` the cache builds from here on."""
    from liushou_cli.store.cache import Entry

    built: list[object] = []
    prop = Entry.__dict__["record"]
    assert isinstance(prop, property) and prop.fget is not None
    original = prop.fget

    def watched(self: Entry) -> object:
        record = original(self)
        if isinstance(record, kind):
            built.append(record)
        return record

    monkeypatch.setattr(Entry, "record", property(watched))
    return built


def test_unchanged_folder_builds_no_record(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The second report takes each child's duty rows from the cache: no file parsed, and no
    # record even unpickled (that is what makes 20,000 children fast).
    from liushou_cli.core.model import Child

    first, _ = reports(cached)
    built = records_built(monkeypatch, Child)
    again = run(cached, "report", "--as-of", "2022-11-20", "-f", "json")
    assert again.exit_code == 0 and again.stdout == first and built == []


@pytest.mark.parametrize("as_of", ["2022-11-20", "2022-10-03", "2022-12-30", "2022-11-20"])
def test_rows_follow_the_day(cached: Path, as_of: str) -> None:
    args = ("report", "--as-of", as_of, "--due-within", "30", "-f", "json")
    run(cached, *args)
    assert run(cached, *args).stdout == run(cached, "--no-cache", *args).stdout


def test_rows_follow_staff_rules_and_activities(cached: Path) -> None:
    reports(cached)
    staff = cached / "staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8").replace("王建国", "王建华"),
                     encoding="utf-8")
    age(cached)
    with_cache, without = reports(cached)
    assert with_cache == without and "王建华" in with_cache and "王建国" not in with_cache
    config = cached / "liushou.yaml"
    text = config.read_text(encoding="utf-8")
    assert "grace_days: 0" in text
    config.write_text(text.replace("grace_days: 0", "grace_days: 30"), encoding="utf-8")
    age(cached)
    with_cache, without = reports(cached)
    assert with_cache == without
    activity = cached / "activities" / "2022-10-10-collective.yaml"
    activity.parent.mkdir(exist_ok=True)
    age(cached)
    args = ("report", "--as-of", "2022-11-20", "--due-within", "200", "-f", "json")
    pending = run(cached, *args).stdout
    assert pending == run(cached, "--no-cache", *args).stdout
    before = {(row["child_id"], row["duty"]) for row in rows_of(pending)}
    activity.write_text("kind: 集体活动\ndate: 2022-10-10\ntitle: 秋游\nby: [T001]\n"
                        "classes: [七(1)班]\nchildren: [c0001]\n", encoding="utf-8")
    age(cached)
    pending = run(cached, *args).stdout
    assert pending == run(cached, "--no-cache", *args).stdout
    after = {(row["child_id"], row["duty"]) for row in rows_of(pending)}
    assert ("c0001", "collective-activity") in before - after


def more_children(root: Path, numbers: range) -> None:
    """Children c00NN, so that one change is a small part of the cache."""
    for number in numbers:
        text = (CHILD_YAML.format(id_number=valid_id(f"43052420110315{2 * number + 1:03d}"))
                .replace("c0001", f"c00{number}").replace("'2022070101'", f"'20220701{number}'"))
        (root / "children" / f"c00{number}.yaml").write_text(text, encoding="utf-8")
    age(root)


def _cache_files(cached: Path) -> tuple[Path, Path]:
    index = cache_of(DataFolder(cached)).path
    return index, index.with_name(index.name + ".records")


def test_one_change_appends_to_the_cache(cached: Path) -> None:
    # Recording for one child must not rewrite a county's whole cache: the index gets a
    # small journal frame and the record store one record, appended. (The folder's
    # snapshots are taken away: with one, a few changed files are read without the index,
    # store.snapshot.)
    args = ("report", "--caseload", "--as-of", "2022-11-20", "-f", "csv")
    more_children(cached, range(10, 40))
    run(cached, *args)
    index, records = _cache_files(cached)
    for snapshot in index.parent.glob(index.name + ".snapshot.*"):
        snapshot.unlink()
    before = index.read_bytes(), records.read_bytes()
    path = cached / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
    os.utime(path, (HOUR_AGO, HOUR_AGO))  # only this file changes (age() touches all)
    with_cache = run(cached, *args).stdout
    assert with_cache == run(cached, "--no-cache", *args).stdout
    after = index.read_bytes(), records.read_bytes()
    assert after[0].startswith(before[0]) and len(after[0]) > len(before[0])
    assert after[1].startswith(before[1]) and len(after[1]) > len(before[1])
    assert run(cached, *args).stdout == with_cache


def test_torn_journal_and_damaged_records_are_ignored(cached: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    reports(cached)
    path = cached / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
    age(cached)
    reports(cached)
    index, records = _cache_files(cached)
    whole = index.read_bytes()
    index.write_bytes(whole[:-7])  # a crash in the middle of appending a frame
    with_cache, without = reports(cached)
    assert with_cache == without
    # Records overwritten by garbage, or by another child's record: read the file again.
    records.write_bytes(os.urandom(len(records.read_bytes())))
    for args in (("child", "show", "c0001", "-f", "json"), ("child", "list", "-f", "csv"),
                 ("report", "--as-of", "2022-11-25", "-f", "json")):
        assert run(cached, *args).stdout == run(cached, "--no-cache", *args).stdout
    records.unlink()
    args = ("report", "--as-of", "2022-11-26", "-f", "json")
    assert run(cached, *args).stdout == run(cached, "--no-cache", *args).stdout


def test_records_of_another_file_are_never_served(cached: Path) -> None:
    # Swap the two children's stored records: each is checked against its own file's name.
    reports(cached)
    cache = cache_of(DataFolder(cached))
    first, second = cache.entries["c0001.yaml"], cache.entries["c0002.yaml"]
    first.span, second.span = second.span, first.span
    cache._touched |= {"c0001.yaml", "c0002.yaml"}  # saved as changed entries
    cache.save()
    for args in (("child", "list", "-f", "csv"), ("report", "--as-of", "2022-11-27", "-f", "json")):
        assert run(cached, *args).stdout == run(cached, "--no-cache", *args).stdout


def test_parallel_parse_gives_the_same_report(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.core import workers
    from liushou_cli.store import parallel

    more_children(cached, range(10, 30))
    (cached / "children" / "c0099.yaml").write_text("id: c0099\nname: [broken\n", encoding="utf-8")
    age(cached)
    args = ("report", "--as-of", "2022-11-20", "--due-within", "30", "-f", "json")
    serial = run(cached, "--no-cache", *args)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    monkeypatch.setattr(parallel, "SPAWN_MIN", 1)  # spawned where there is no fork
    monkeypatch.setattr(workers, "cores", lambda: 2)  # two cores, whatever this machine has
    for attempt in (("--no-cache", *args), args, args):
        result = run(cached, *attempt)
        assert (result.exit_code, result.stdout, result.stderr) == (
            serial.exit_code, serial.stdout, serial.stderr)
        assert "1" in result.stderr  # one file left out, said so


def test_two_runs_saving_at_once_keep_both_changes(cached: Path) -> None:
    # Two commands that loaded the same cache each append what they changed; the next run
    # sees both, and whatever order the frames land in, every entry still checks its file.
    # (Two runs that both rewrite the whole index keep the last one's: work lost, never a
    # stale answer.)
    more_children(cached, range(10, 40))
    reports(cached)
    folder = DataFolder(cached)
    first, second = cache_of(folder), cache_of(folder)
    for cache, name in ((first, "c0001.yaml"), (second, "c0002.yaml")):
        entry = cache.entries[name]
        entry.remember("a key", name)
    first.save()
    second.save()
    again = cache_of(folder)
    assert again.entries["c0001.yaml"].derived_value("a key") == "c0001.yaml"
    assert again.entries["c0002.yaml"].derived_value("a key") == "c0002.yaml"
    with_cache, without = reports(cached)
    assert with_cache == without


def test_cache_files_are_the_owners_only(cached: Path, tmp_path: Path) -> None:
    reports(cached)
    index, records = _cache_files(cached)
    assert (index.parent.stat().st_mode & 0o777) == 0o700
    for path in index.parent.iterdir():
        assert (path.stat().st_mode & 0o077) == 0, path
    assert records.exists()


def test_recording_an_entry_builds_no_staff_record(cached: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # The names of a county's 3,273 teachers come from the cache as plain values.
    from liushou_cli.core.model import StaffFile

    use_environment(today=date(2022, 11, 20))
    assert run(cached, "talk", "add", "c0001", "x", "--by", "T001").exit_code == 0
    built = records_built(monkeypatch, StaffFile)
    result = run(cached, "talk", "add", "c0002", "y", "--by", "王建国")
    assert result.exit_code == 0, result.output
    assert "王建国" in result.output and built == []


def test_check_through_the_cache(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # check keeps each child's findings with its file: the second run builds no record, and
    # a change to staff.yaml (a teacher gone) or to a child is seen at once.
    from liushou_cli.core.model import Child

    def both() -> tuple[str, str]:
        with_cache, without = run(cached, "check"), run(cached, "--no-cache", "check")
        assert with_cache.exit_code == without.exit_code
        return with_cache.stdout, without.stdout

    first, _ = both()
    built = records_built(monkeypatch, Child)
    assert run(cached, "check").stdout == first and built == []
    staff = cached / "staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8").replace("id: T002", "id: T009"),
                     encoding="utf-8")
    age(cached)
    with_cache, without = both()
    assert with_cache == without and "T002" in with_cache
    path = cached / "children" / "c0002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: c0002", "id: c0003"),
                    encoding="utf-8")
    age(cached)
    with_cache, without = both()
    assert with_cache == without and "c0003" in with_cache


def test_report_and_check_in_turn_keep_each_others_work(cached: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.core.model import Child

    args = ("report", "--as-of", "2022-11-20", "-f", "json")
    report, check = run(cached, *args).stdout, run(cached, "check").stdout
    built = records_built(monkeypatch, Child)
    for _ in range(2):
        assert run(cached, *args).stdout == report and run(cached, "check").stdout == check
    assert built == []


def test_cache_is_thrown_away_when_cached_messages_change(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Problems are cached as translated text: code whose messages differ (the catalog, the
    # pydantic messages, the YAML reader's hints) must not show an unchanged broken file's
    # old wording, so those files are part of the cache's digest: a file whose stamp (its
    # modification time or size) changed, as Python tells a changed source.
    from liushou_cli.store import cache as cache_module
    from liushou_cli.store import codedigest

    stamps = codedigest.package_stamp()

    def digest_with(changed: str, change: Callable[[int, int], tuple[int, int]]) -> str:
        monkeypatch.setattr(codedigest, "package_stamp", lambda: [
            (name, *change(mtime, size)) if name == changed else (name, mtime, size)
            for name, mtime, size in stamps])
        cache_module._schema_digest.cache_clear()
        try:
            return cache_module._schema_digest()
        finally:
            cache_module._schema_digest.cache_clear()

    plain = digest_with("no such file", lambda mtime, size: (mtime, size + 1))
    assert plain == digest_with("i18n/catalog.py", lambda mtime, size: (mtime, size))
    for name in ("i18n/catalog.py", "i18n/messages.py", "store/yamlio.py", "core/model.py",
                 "store/cache.py"):
        assert name in [stamp[0] for stamp in stamps]
        assert digest_with(name, lambda mtime, size: (mtime, size + 1)) != plain, name
        assert digest_with(name, lambda mtime, size: (mtime + 1, size)) != plain, name


def test_the_code_s_stamps_are_read_without_reading_its_files(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # 0.5 MB of sources read and hashed on every command was 2 to 5 ms of a school's report:
    # the stamps are enough, as they are for Python's compiled files.
    from liushou_cli.store import cache as cache_module

    read: list[str] = []
    original = Path.read_bytes

    def reading(self: Path) -> bytes:
        read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", reading)
    cache_module._schema_digest.cache_clear()
    try:
        cache_module._schema_digest()
    finally:
        cache_module._schema_digest.cache_clear()
    assert sorted(read) == ["__init__.py", "version.py"]  # PyYAML's and pydantic's versions


def digest_reading(monkeypatch: pytest.MonkeyPatch,
                   change: Callable[[Path, bytes], bytes]) -> str:
    """The cache's digest of the code, computed while every file it reads reads as
    `change(path, its bytes)`."""
    from liushou_cli.store import cache as cache_module

    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: change(self, original(self)))
    cache_module._schema_digest.cache_clear()
    try:
        return cache_module._schema_digest()
    finally:
        monkeypatch.setattr(Path, "read_bytes", original)
        cache_module._schema_digest.cache_clear()


# ---- the cache runs no one's code and cannot outlive the code that made it -----------------
REPORT = ("report", "--as-of", "2022-11-20", "-f", "json")


def _cache_dir(cached: Path) -> Path:
    return cache_of(DataFolder(cached)).path.parent


class _Planted:
    """Unpickling this calls open(marker, "w"): the marker file appears if it ever runs."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_a_planted_pickle_never_runs(cached: Path, tmp_path: Path) -> None:
    # Whatever sits where the cache looks, under today's names or the old `.pickle` ones,
    # and with the header this code would accept, it is never unpickled.
    import pickle

    from liushou_cli.store import cache as cache_module

    reports(cached)
    marker = tmp_path / "ran"
    bomb = pickle.dumps(_Planted(marker))
    index = cache_of(DataFolder(cached)).path
    header = cache_module._MAGIC + cache_module._schema_digest().encode() + b"\n"
    planted = header + len(bomb).to_bytes(8, "little") + bomb
    for path in (index, index.with_suffix(".pickle"), index.with_suffix(".meta.pickle"),
                 index.with_suffix(".meta" + index.suffix)):
        path.write_bytes(planted)
        os.chmod(path, 0o600)
    for records in (index.with_name(index.name + ".records"),
                    index.with_suffix(".pickle").with_name(index.stem + ".pickle.records")):
        records.write_bytes(bomb * 50)
        os.chmod(records, 0o600)
    for args in (REPORT, ("child", "show", "c0001", "-f", "json"), ("check",)):
        assert run(cached, *args).stdout == run(cached, "--no-cache", *args).stdout
    assert not marker.exists()
    assert not index.with_suffix(".pickle").exists()  # the old cache is removed, unread


def test_a_tag_names_only_a_registered_type() -> None:
    # A value stored in the cache is rebuilt only as plain data or one of our own types;
    # a tag naming anything else is a miss, never a look-up of what it names.
    from datetime import date

    from liushou_cli.core.errors import Problem
    from liushou_cli.core.text import Label, Message
    from liushou_cli.duties.day import ChildDuties
    from liushou_cli.store.cachecodec import Undecodable, decode, decode_split, encode, split_node

    value = ChildDuties("c1", "张三", "七(1)班", [["talk", True, None, "T001", None,
                                                   "2022-11-01", 3, 0, False, None]], "七(1)班",
                        False, [], False, 50, 738479,
                        738480)
    mixed = {"when": date(2022, 11, 20), "$": (1, [2, (3,)]), 4: [Problem(
        "a", 1, "error", "x", Message.of("v_empty", field=Label(("events", 0, "date"))))]}
    for original in (value, mixed, [value], "plain", None, [], {}, date(2022, 9, 1)):
        assert decode(json.loads(json.dumps(encode(original)))) == original
        # Split into a tag and its payload (as a snapshot's line keeps a value) and back.
        tag, payload = split_node(encode(original))
        assert decode_split(*json.loads(json.dumps([tag, payload]))) == original
    assert split_node(encode(value))[0] == "ChildDuties"  # a share: kept without its node
    assert split_node(encode(date(2022, 9, 1))) == ("date", "2022-09-01")
    for whole in (mixed, [value], {"a": [1]}, None):  # a walked node, or plain: as it is
        assert split_node(encode(whole)) == (None, encode(whole))
    assert json.dumps(encode(value.rows)).count("$") == 0  # the rows: plain lists
    for planted in ({"$": "system", "v": ["touch x"]}, {"$": "os.system", "v": ["x"]},
                    {"$": "ChildDuties", "v": [[], None]}, {"$": "date", "v": 3},
                    {"$": "dict", "v": [[[1], 2]], "w": 1}, {"$": "tuple", "v": "ab"},
                    {"$": "__reduce__", "v": []}):
        with pytest.raises(Undecodable):
            decode(planted)
        with pytest.raises(Undecodable):
            decode_split(planted["$"], planted["v"])
    with pytest.raises(TypeError):
        encode(object())


def test_records_are_kept_as_json_and_come_back_equal() -> None:
    # Every record of the example school comes back from the record store as it was built.
    from liushou_cli.core.model import Activity, CensusFile, Child, SchoolConfig, StaffFile
    from liushou_cli.core.validators import ValidationDay
    from liushou_cli.store.cache import record_blob, record_from_blob

    example = Path(__file__).resolve().parents[1] / "data-example"
    kinds = [("children/*.yaml", Child), ("censuses/*.yaml", CensusFile),
             ("activities/*.yaml", Activity), ("staff.yaml", StaffFile),
             ("liushou.yaml", SchoolConfig)]
    count = 0
    for pattern, model in kinds:
        for path in sorted(example.glob(pattern)):
            day = date(2022, 11, 20)
            record, problems = store_read.read_model(path, model, path.name, ValidationDay(day))
            assert record is not None, problems
            sig = signature(path.stat())
            blob = record_blob(path.name, sig, record)
            assert b"\x80" not in blob[:2]  # not a pickle
            assert record_from_blob(blob, path.name, sig, day) == record
            assert record_from_blob(blob, "other.yaml", sig, day) is None
            count += 1
    assert count > 200


def _warm(cached: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path, list[str]]:
    """The report with the cache warm, the cache folder, and a list of the files read from
    here on."""
    first, _ = reports(cached)
    return first, _cache_dir(cached), count_reads(monkeypatch)


def _refused(path: Path, reason: str) -> str:
    return (f"缓存 {path} {reason}，本次不读也不写它（结果不受影响，只是慢一些）；"
            "删除它，下次运行会重新建立\n")


def _files(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.lstat().st_mode, p.read_bytes() if p.is_file() else b"")
            for p in sorted(folder.iterdir())}


@posix_modes_only
@pytest.mark.parametrize("mode", [0o777, 0o707, 0o770, 0o701, 0o710])
def test_a_cache_folder_others_can_open_is_not_used(cached: Path, mode: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    first, folder, seen = _warm(cached, monkeypatch)
    before = _files(folder)
    os.chmod(folder, mode)
    result = run(cached, *REPORT)
    assert (result.exit_code, result.stdout) == (0, first)
    assert "c0001.yaml" in seen  # read from the file: nothing from the cache
    assert result.stderr == _refused(folder, "别的用户也能访问")
    assert _files(folder) == before  # and nothing written into it
    os.chmod(folder, 0o700)
    seen.clear()
    assert run(cached, *REPORT).stdout == first and seen == []  # 0o700: used again


@posix_modes_only
@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="giving a folder to another user needs root")
@pytest.mark.parametrize("whose", ["folder", "index", "records"])
def test_a_cache_owned_by_someone_else_is_not_used(cached: Path, whose: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    first, folder, seen = _warm(cached, monkeypatch)
    index, records = _cache_files(cached)
    target = {"folder": folder, "index": index, "records": records}[whose]
    os.chown(target, 65534, 65534)
    before = _files(folder)
    result = run(cached, *REPORT)
    assert (result.exit_code, result.stdout) == (0, first)
    assert "c0001.yaml" in seen
    assert result.stderr == _refused(target, "属于别的用户")
    assert _files(folder) == before


@pytest.mark.parametrize("which", ["index", "records", "folder"])
def test_a_symlinked_cache_is_not_used(cached: Path, tmp_path: Path, which: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # A link to a private file of the user's own is refused too: whoever made the link
    # chose what would be read.
    first, folder, seen = _warm(cached, monkeypatch)
    index, records = _cache_files(cached)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    if which == "folder":
        link, real = folder, elsewhere / "cache"
        folder.rename(real)
    else:
        link = index if which == "index" else records
        real = elsewhere / link.name
        link.rename(real)
    link.symlink_to(real)
    kept = real.read_bytes() if real.is_file() else _files(real)
    result = run(cached, *REPORT)
    assert (result.exit_code, result.stdout) == (0, first)
    assert "c0001.yaml" in seen
    assert result.stderr == _refused(link, "是符号链接")
    assert (real.read_bytes() if real.is_file() else _files(real)) == kept  # not written


@posix_modes_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o602])
def test_a_cache_file_others_can_open_is_not_used(cached: Path, mode: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, seen = _warm(cached, monkeypatch)
    index, _ = _cache_files(cached)
    os.chmod(index, mode)
    result = run(cached, "--lang", "en", *REPORT)
    assert result.exit_code == 0 and "c0001.yaml" in seen
    assert result.stderr == (f"The cache {index} can be opened by other users: not read or "
                             "written this time (the results are the same, only slower); "
                             "delete it and the next run makes a new one\n")


def test_without_owners_only_links_and_plain_files_are_checked(
        cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Where there are no POSIX modes (Windows), permission bits mean nothing: an open folder
    # is used, a link still is not.
    first, folder, seen = _warm(cached, monkeypatch)
    monkeypatch.setattr(platform, "CURRENT", replace(platform.current(), posix_modes=False))
    os.chmod(folder, 0o777)
    assert run(cached, *REPORT).stdout == first and seen == []
    index, _ = _cache_files(cached)
    index.rename(folder / "real")
    index.symlink_to(folder / "real")
    result = run(cached, *REPORT)
    assert result.stdout == first and "c0001.yaml" in seen
    assert result.stderr == _refused(index, "是符号链接")


def test_changed_rule_code_is_a_new_answer(cached: Path, tmp_path: Path) -> None:
    # A copy of the package whose report code changes between two runs: the second run must
    # give the new code's answer, not the rows the old code cached.
    import shutil
    import subprocess

    import liushou_cli

    copy = tmp_path / "src"
    shutil.copytree(Path(liushou_cli.__file__).parent, copy / "liushou_cli",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(copy), "LIUSHOU_CACHE_DIR": str(tmp_path / "c")}

    def report() -> str:
        done = subprocess.run([sys.executable, "-m", "liushou_cli", "--data", str(cached),
                               *REPORT], capture_output=True, text=True, env=env, check=True)
        assert str(copy) in subprocess.run(
            [sys.executable, "-c", "import liushou_cli; print(liushou_cli.__file__)"],
            capture_output=True, text=True, env=env, check=True).stdout
        return done.stdout

    before = report()
    assert report() == before
    rules = copy / "liushou_cli" / "duties" / "rows.py"
    text = rules.read_text(encoding="utf-8")
    assert "intern(due.isoformat()), days_overdue," in text  # a child's row
    rules.write_text(text.replace("intern(due.isoformat()), days_overdue,",
                                  "intern(due.isoformat()), days_overdue + 1000,"),
                     encoding="utf-8")
    after = {(row["child_id"], row["duty"]): row["days_overdue"] for row in rows_of(report())}
    days = {(row["child_id"], row["duty"]): row["days_overdue"] for row in rows_of(before)
            if row["duty"] in ("home-visit", "proxy-talk")}
    assert days and all(after[key] == overdue + 1000 for key, overdue in days.items())


# ---- a child's record is valid on a day ----------------------------------------------------
BORN = "2022-12-01"
BEFORE_BIRTH, AFTER_BIRTH = date(2022, 11, 20), date(2023, 1, 1)
FUTURE_BIRTH = f"children/c0002.yaml:5: 错误: 出生日期 {BORN} 在今天之后"


def _born_2022_12_01(cached: Path) -> None:
    path = cached / "children" / "c0002.yaml"
    text = path.read_text(encoding="utf-8").replace("birth_date: 2011-03-15",
                                                    f"birth_date: {BORN}")
    lines = [line for line in text.splitlines(keepends=True)
             if not line.startswith("id_number:")]  # it holds the old birth date
    path.write_text("".join(lines), encoding="utf-8")
    age(cached)


def _same_as_uncached(cached: Path, day: date, *args: str) -> str:
    with_cache = run(cached, *args, today=day)
    without = run(cached, "--no-cache", *args, today=day)
    assert (with_cache.exit_code, with_cache.stdout, with_cache.stderr) == (
        without.exit_code, without.stdout, without.stderr)
    return with_cache.stdout


@pytest.mark.parametrize("in_workers", [False, True], ids=["here", "workers"])
def test_the_cache_never_carries_a_birth_date_verdict_to_another_day(
        cached: Path, monkeypatch: pytest.MonkeyPatch, in_workers: bool) -> None:
    # Born 2022-12-01: a valid record from that day on, a future birth date (an error, the
    # file left out) before it. Read and cached on one side of that day, the file must be
    # judged afresh on the other, whichever side comes first; the overdue rows, keyed on the
    # --as-of day only, must not carry the verdict across either.
    if in_workers:
        from liushou_cli.core import workers
        from liushou_cli.store import parallel

        monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
        monkeypatch.setattr(parallel, "SPAWN_MIN", 1)  # spawned where there is no fork
        monkeypatch.setattr(workers, "cores", lambda: 2)  # two cores, whatever this machine has
    _born_2022_12_01(cached)
    report = ("report", "--as-of", "2022-11-20", "-f", "json")
    children = ("child", "list", "-f", "json")
    for day, valid in ((AFTER_BIRTH, True), (BEFORE_BIRTH, False), (AFTER_BIRTH, True),
                       (BEFORE_BIRTH, False)):
        rows = rows_of(_same_as_uncached(cached, day, *report))
        assert ("c0002" in {row["child_id"] for row in rows}) is valid
        assert ({row["id"] for row in rows_of(_same_as_uncached(cached, day, *children))}
                == ({"c0001", "c0002"} if valid else {"c0001"}))
        lines = _same_as_uncached(cached, day, "check").splitlines()
        assert (FUTURE_BIRTH in lines) is not valid


@pytest.mark.parametrize("kind", ["--overdue", "--stats"])
def test_a_warm_report_counts_open_conflicts_without_reading_the_child_files(
        cached: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    # The open-conflict count comes with each child's cached facts (the day's rows, the
    # term's figures): a warm report names the one file that holds some, and reads none of
    # the child files to say so (at 20,000 children that read was a fifth of a warm report),
    # nor lists the folder a second time.
    from liushou_cli.store import conflictscan
    from liushou_cli.store.layout import DataFolder as Folder

    path = cached / "children" / "c0002.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "conflicts:\n"
        "  - field: guardian.phone\n"
        "    ours: {value: '13900002222', by: 李芳}\n"
        "    theirs: {value: '13900001111', by: 王建国}\n"), encoding="utf-8")
    age(cached)
    args = ("report", kind, "--as-of", "2022-11-20", "-f", "csv")
    first = run(cached, *args)
    assert "1 个文件里有未处理的合并冲突" in first.stderr, first.stderr
    read: list[Path] = []
    real = conflictscan.read_no_follow
    listings: list[Path] = []
    real_listing = Folder.child_stats

    def counted(where: Path) -> bytes:
        read.append(where)
        return real(where)

    real_signatures = Folder.child_signatures

    def listed(folder: Folder) -> list[tuple[str, os.stat_result]]:
        listings.append(folder.children_dir)
        return real_listing(folder)

    def signed(folder: Folder) -> list[tuple[str, tuple[int, int, int, int]]]:
        listings.append(folder.children_dir)
        return real_signatures(folder)

    monkeypatch.setattr(conflictscan, "read_no_follow", counted)
    monkeypatch.setattr(Folder, "child_stats", listed)
    monkeypatch.setattr(Folder, "child_signatures", signed)
    warm = run(cached, *args)
    assert (warm.stdout, warm.stderr) == (first.stdout, first.stderr)
    assert [where for where in read if where.parent.name == "children"] == []
    assert listings == [cached / "children"]
    assert run(cached, "--no-cache", *args).stderr == first.stderr


ACTIVITY_WITH_CONFLICT = """\
date: 2022-10-12
kind: 主题班会
title: 七(1)班主题班会
classes: [七(1)班]
by: [T001]
children: [c0001]
conflicts:
  - field: title
    ours: {value: 七(1)班主题班会, by: 王建国}
    theirs: {value: 主题班会, by: 李芳}
"""


def test_a_warm_overdue_report_counts_open_conflicts_without_reading_the_activity_files(
        cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An activity file's open conflicts are known with its cached facts: the warm report
    # names it as the cold one does, and reads none of the activity files to say so (a
    # county's thousand were 15 ms of a warm report). Once the conflict is resolved, the
    # count goes.
    from liushou_cli.store import conflictscan

    activities = cached / "activities"
    activities.mkdir(exist_ok=True)
    clash = activities / "2022-10-12-class-meeting.yaml"
    clash.write_text(ACTIVITY_WITH_CONFLICT, encoding="utf-8")
    (activities / "2022-10-13-class-meeting.yaml").write_text(
        ACTIVITY_WITH_CONFLICT.split("conflicts:")[0].replace("10-12", "10-13"),
        encoding="utf-8")
    age(cached)
    args = ("report", "--overdue", "--as-of", "2022-11-20", "-f", "csv")
    first = run(cached, *args)
    assert "1 个文件里有未处理的合并冲突" in first.stderr, first.stderr
    read: list[Path] = []
    real = conflictscan.read_no_follow

    def counted(where: Path) -> bytes:
        read.append(where)
        return real(where)

    monkeypatch.setattr(conflictscan, "read_no_follow", counted)
    warm = run(cached, *args)
    assert (warm.stdout, warm.stderr) == (first.stdout, first.stderr)
    assert [where for where in read if where.parent == activities] == []
    clash.write_text(ACTIVITY_WITH_CONFLICT.split("conflicts:")[0], encoding="utf-8")
    age(cached)
    assert "合并冲突" not in run(cached, *args).stderr


def test_the_conflict_scan_takes_the_activities_it_is_told_of_and_reads_the_others(
        school: Path) -> None:
    from liushou_cli.store.conflictscan import files_with_conflicts

    folder = DataFolder(school)
    activities = school / "activities"
    activities.mkdir(exist_ok=True)
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (activities / name).write_text(ACTIVITY_WITH_CONFLICT, encoding="utf-8")
    # a: told it holds none (not read); b: told it holds some; c: not told (read).
    found = files_with_conflicts(folder, known_activities={"a.yaml": False, "b.yaml": True})
    assert [path.name for path in found] == ["b.yaml", "c.yaml"]
    assert len(files_with_conflicts(folder)) == 3


def keep_for_staff(folder: DataFolder, cache_dir: Path, key: str, kept: object) -> None:
    """Make the meta cache in `cache_dir` keep `kept` under `key` for staff.yaml as it is."""
    from liushou_cli.store.read import meta_cache

    cache = meta_cache(folder, cache_dir)
    entry = cache.get("staff.yaml", signature(folder.staff_path.lstat()))
    assert entry is not None
    entry.remember(key, kept)
    cache.save()


def files_read(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A list of every file store.read.read_model reads from here on."""
    parsed: list[Path] = []
    real = store_read.read_model

    def counted(path: Path, *args: object, **kwargs: object) -> object:
        parsed.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store_read, "read_model", counted)
    return parsed


def test_staff_facts_come_from_the_cache_as_kept_and_from_the_file_when_what_is_kept_is_not_facts(
        cached: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.store.read import StaffFacts, staff_facts_or_fail

    folder, cache_dir = DataFolder(cached), tmp_path / "names-cache"
    cache_dir.mkdir(mode=0o700)
    expected = [StaffFacts("T001", "王建国", ["七(1)班"], []),
                StaffFacts("T002", "李芳", [], ["七(1)班"])]
    assert staff_facts_or_fail(folder, cache_dir) == expected
    parsed = files_read(monkeypatch)
    assert staff_facts_or_fail(folder, cache_dir) == expected
    assert parsed == []  # taken as kept
    for kept in ([["T001", 5, [], []]], [[1, "王建国", [], []]], [["T001", "王建国", []]], "T001",
                 [("T001", "王建国", [], [])], [["T001", "王建国", "七(1)班", []]],
                 [["T001", "王建国", ["七(1)班", 1], []]], [["T001", "王建国", [], [2]]],
                 [["T001", "王建国", [], None]], [["T001", "王建国", [], [], "x"]], [None]):
        keep_for_staff(folder, cache_dir, "facts", kept)
        assert staff_facts_or_fail(folder, cache_dir) == expected, kept
    assert parsed  # each time: from the file


def test_staff_facts_kept_damaged_and_the_file_gone_since_say_so(
        cached: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What is kept is not facts, so staff.yaml is read again; removed in between, it is
    # named as missing, by its path in the folder (no traceback, no empty staff).
    from liushou_cli.core.errors import LiushouError
    from liushou_cli.store.read import staff_facts_or_fail

    folder, cache_dir = DataFolder(cached), tmp_path / "gone-cache"
    cache_dir.mkdir(mode=0o700)
    staff_facts_or_fail(folder, cache_dir)

    def damaged(kept: object) -> None:
        folder.staff_path.unlink()
        return None

    monkeypatch.setattr(store_read, "_facts_of", damaged)
    with pytest.raises(LiushouError) as raised:
        staff_facts_or_fail(folder, cache_dir)
    assert raised.value.path == "staff.yaml"


def test_staff_names_come_from_the_cache_as_kept_and_from_the_file_when_what_is_kept_is_not_names(
        cached: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What recording an entry needs of the staff: ids and names in two lists, kept apart
    # from the facts (a family of their own), each list checked before it is trusted.
    from liushou_cli.store.read import StaffNames, staff_names_or_fail

    folder, cache_dir = DataFolder(cached), tmp_path / "names-cache"
    cache_dir.mkdir(mode=0o700)
    expected = StaffNames(["T001", "T002"], ["王建国", "李芳"])
    assert staff_names_or_fail(folder, cache_dir) == expected
    parsed = files_read(monkeypatch)
    assert staff_names_or_fail(folder, cache_dir) == expected
    assert parsed == []  # taken as kept
    for kept in ([["T001", "T002"], ["王建国"]], [["T001"], ["王建国"], []], [["T001"]],
                 [["T001", 2], ["王建国", "李芳"]], [["T001", "T002"], ["王建国", None]],
                 [("T001", "T002"), ["王建国", "李芳"]], [["T001", "T002"], "王建国李芳"],
                 {"ids": ["T001"]}, "T001", []):
        parsed.clear()
        keep_for_staff(folder, cache_dir, "names", kept)
        assert staff_names_or_fail(folder, cache_dir) == expected, kept
        assert parsed, kept  # from the file
    kept_other = StaffNames(["T009"], ["赵老师"])  # what this code keeps is taken as kept
    keep_for_staff(folder, cache_dir, "names", [kept_other.ids, kept_other.names])
    assert staff_names_or_fail(folder, cache_dir) == kept_other


def test_staff_names_without_a_staff_file_are_none(school: Path, tmp_path: Path) -> None:
    from liushou_cli.store.read import StaffNames, staff_names_or_fail

    (school / "staff.yaml").unlink()
    cache_dir = tmp_path / "none-cache"
    cache_dir.mkdir(mode=0o700)
    assert staff_names_or_fail(DataFolder(school), cache_dir) == StaffNames([], [])
    assert staff_names_or_fail(DataFolder(school)) == StaffNames([], [])


def test_a_broken_staff_file_stops_an_entry_at_its_line(cached: Path) -> None:
    # The names come from the file's record: a staff.yaml that gives none is the error,
    # at its line, and the child's file is not touched.
    use_environment(today=date(2022, 11, 20))
    before = (cached / "children" / "c0001.yaml").read_bytes()
    (cached / "staff.yaml").write_text("staff:\n  - id: T001\n    name: [\n", encoding="utf-8")
    result = run(cached, "talk", "add", "c0001", "x", "--by", "T001")
    assert result.exit_code == 1
    assert result.output.startswith("staff.yaml:4: ") and "Traceback" not in result.output
    assert (cached / "children" / "c0001.yaml").read_bytes() == before


def test_a_warm_report_builds_no_staff_record(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The day's duties need each teacher's id, name and classes led: kept as plain facts, so
    # a warm report validates no staff record (a county's 3,273 were 29 ms of every report).
    first = run(cached, *REPORT).stdout
    built: list[type] = []
    real = store_read.cached_model

    def counted(folder: DataFolder, path: Path, model: type, *args: object) -> object:
        built.append(model)
        return real(folder, path, model, *args)  # type: ignore[type-var]

    monkeypatch.setattr(store_read, "cached_model", counted)
    assert run(cached, *REPORT).stdout == first
    assert built == []  # nor the settings: put back from the dump kept of them
    assert first == run(cached, "--no-cache", *REPORT).stdout


_CONFLICT_ITEM = "field: title, ours: {value: 七(1)班主题班会, by: 王建国}, theirs: {value: 主题班会, by: 李芳}"


@pytest.mark.parametrize("written", [
    "conflicts:\n  - {" + _CONFLICT_ITEM + "}\n",  # as a merge writes it
    "conflicts:\n\n  - {" + _CONFLICT_ITEM + "}\n",  # a blank line before the item
    "conflicts:\n  # 待商量\n  - {" + _CONFLICT_ITEM + "}\n",  # a comment before it
    "conflicts: [{" + _CONFLICT_ITEM + "}]\n",  # a flow list
    "conflicts: [\n  {" + _CONFLICT_ITEM + "}]\n",
], ids=["block", "blank-line", "comment", "flow", "flow-two-lines"])
def test_every_report_counts_a_hand_written_open_conflict_alike(
        cached: Path, written: str) -> None:
    # The overdue report knows an activity's answer from its parsed list (its cached facts);
    # the term figures scan the file's bytes: both count the same file, however the list is
    # written (the review found the scan missing all but the first form).
    _an_activity_ending(cached, written)
    for kind in ("--overdue", "--stats"):
        for _ in range(2):  # cold, then warm
            done = run(cached, "report", kind, "--as-of", "2022-11-20", "-f", "csv")
            assert done.exit_code == 0, done.output
            assert "1 个文件里有未处理的合并冲突" in done.stderr, (kind, done.stderr)


@pytest.mark.parametrize("written", ["conflicts: []\n", "conflicts: [ ]\n", "conflicts:\n",
                                     "note: '会上 conflicts: [未解决] 已记下'\n"],
                         ids=["flow", "flow-space", "null", "words-in-a-note"])
def test_an_empty_conflicts_list_is_counted_by_no_report(cached: Path, written: str) -> None:
    _an_activity_ending(cached, written)
    for kind in ("--overdue", "--stats"):
        for _ in range(2):  # cold, then warm
            done = run(cached, "report", kind, "--as-of", "2022-11-20", "-f", "csv")
            assert done.exit_code == 0, done.output
            assert "合并冲突" not in done.stderr, (kind, done.stderr)


def _an_activity_ending(root: Path, written: str) -> None:
    """An activity file of the school whose last lines are `written`, settled."""
    activities = root / "activities"
    activities.mkdir(exist_ok=True)
    (activities / "2022-10-12-class-meeting.yaml").write_text(
        ACTIVITY_WITH_CONFLICT.split("conflicts:")[0] + written, encoding="utf-8")
    age(root)


def test_the_conflict_scan_reads_the_settings_staff_and_census_files(school: Path) -> None:
    # No report keeps their answer: each is scanned by its bytes, every time.
    from liushou_cli.store.conflictscan import files_with_conflicts

    folder = DataFolder(school)
    open_list = "conflicts:\n  - field: term\n    ours: {value: a}\n    theirs: {value: b}\n"
    folder.census_dir.mkdir(exist_ok=True)
    census = folder.census_dir / "2022秋.yaml"
    census.write_text("term: 2022秋\n" + open_list, encoding="utf-8")
    assert files_with_conflicts(folder) == [census]
    with folder.staff_path.open("a", encoding="utf-8") as staff:
        staff.write(open_list)
    with folder.config_path.open("a", encoding="utf-8") as config:
        config.write(open_list)
    assert files_with_conflicts(folder) == [folder.config_path, folder.staff_path, census]
