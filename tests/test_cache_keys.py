"""Every input of a cached value is part of its key, one input at a time.

The overdue report keeps each child's duty rows in the cache under a key
(`day_duties.DayDuties.key`), and the whole cache is thrown away when its header's digest
(`store.cache._schema_digest`: the code and the versions) changes; `check` keeps each child's
findings under `check.CheckDerivation.key`. For each thing those rows or findings depend on
besides the child's own file, a case changes ONLY that thing (touching only the one file that
holds it) and asserts that the report through the warm cache

- equals the report without the cache (so the cache did not serve the old rows), and
- differs from the report before the change (so the case really changes the rows: were the
  input left out of the key, the cached rows would be served and the first assertion fail),

while no child file is parsed again (the cache was warm: the children's rows could only come
from the cache or from being derived again from their cached records).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from liushou_cli.store import codedigest
from liushou_cli.store import read as store_read

from .conftest import CHILD_ID_NUMBER, CHILD_YAML, run, set_grace, use_environment, valid_id

AN_HOUR_AGO = time.time() - 3600
AS_OF = "2022-11-20"


def settle(path: Path) -> None:
    """Date `path` an hour back, so the cache may trust it (a file modified within two seconds
    of being read is never trusted). A changed file keeps its new ctime, so it is still seen as
    changed."""
    os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


@pytest.fixture
def warm(school: Path, tmp_path: Path) -> Path:
    """The test school with a second child, every file settled."""
    use_environment(cache_dir=tmp_path / "cache")
    second = (CHILD_YAML.format(id_number=CHILD_ID_NUMBER).replace("c0001", "c0002")
              .replace("张小明", "李四").replace("'2022070101'", "'2022070102'")
              .replace(CHILD_ID_NUMBER, valid_id("43052420110315003")))
    (school / "children" / "c0002.yaml").write_text(second, encoding="utf-8")
    for path in school.rglob("*.yaml"):
        settle(path)
    return school


def children_parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The child files parsed from now on (a warm cache parses none)."""
    seen: list[str] = []
    original = store_read.read_model

    def counting(path: Path, *args: object) -> object:
        if path.parent.name == "children":
            seen.append(path.name)
        return original(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(store_read, "read_model", counting)
    return seen


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there, once) by `new` in `path`, and settle only it."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    settle(path)


# ---- the overdue report's rows: DayDuties.key and the cache header --------------------------
REPORT = ("report", "--due-within", "200", "-f", "json")  # pending rows too: more to compare


class Run(NamedTuple):
    """How the report runs after the change: most changes leave both as they were."""

    as_of: str = AS_OF
    lang: tuple[str, ...] = ()  # the root command's --lang, if any
    parsed: tuple[str, ...] = ()  # the child files parsed again: none while the cache is warm


Change = Callable[[Path, pytest.MonkeyPatch], Run]


def next_day(root: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    return Run(as_of="2022-11-21")  # no file touched


def term_ends_earlier(root: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    # The autumn term's last day moves: the home visit (once a term) falls due earlier.
    edit(root / "liushou.yaml", "end: 2023-01-20", "end: 2023-01-13")
    return Run()


def more_grace(root: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    set_grace(root, "talk-monthly", 3)
    settle(root / "liushou.yaml")
    return Run()


def no_collective_activity(root: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    # The school drops the each-term collective activity from its support settings.
    edit(root / "liushou.yaml", "collective_activity: true", "collective_activity: false")
    return Run()


def staff_renamed(root: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    edit(root / "staff.yaml", "name: 王建国", "name: 王建华")
    return Run()


def staff_leads_another_class(root: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    # T002 becomes a second class teacher of 七(1)班: the class-teacher duties are theirs too.
    edit(root / "staff.yaml", "    teaches: [七(1)班]", "    leads: [七(1)班]\n    teaches: [七(1)班]")
    return Run()


def activity_recorded(root: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    # c0001 joined a collective activity: its once-a-term collective-activity duty is done.
    folder = root / "activities"
    folder.mkdir(exist_ok=True)
    path = folder / "2022-10-10-collective.yaml"
    path.write_text("kind: 集体活动\ndate: 2022-10-10\ntitle: 秋游\nby: [T001]\n"
                    "classes: [七(1)班]\nchildren: [c0001]\n", encoding="utf-8")
    settle(path)
    return Run()


def english(root: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    return Run(lang=("--lang", "en"))  # no file touched


def new_version(root: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    # A new release whose rule code counts differently (here: every row a day more overdue).
    # Its .py files are not touched, so only the version in the cache's digest tells the
    # cache apart from the old release's.
    from liushou_cli.duties import day as day_duties
    from liushou_cli.duties.rows import ROW_DAYS
    from liushou_cli.store import cache

    counted = day_duties.overdue_row

    def one_day_more(*args: object) -> list[object]:
        row = counted(*args)  # type: ignore[arg-type]
        row[ROW_DAYS] += 1
        return row

    monkeypatch.setattr(day_duties, "overdue_row", one_day_more)
    monkeypatch.setattr(codedigest, "__version__", "99.0.0")
    cache._schema_digest.cache_clear()
    return Run(parsed=("c0001.yaml", "c0002.yaml"))  # the old release's cache is thrown away


@pytest.fixture(autouse=True)
def _fresh_digest() -> Iterator[None]:
    from liushou_cli.store import cache

    yield
    cache._schema_digest.cache_clear()  # never leave a monkeypatched version's digest behind


@pytest.mark.parametrize("change", [
    pytest.param(next_day, id="the-as-of-day"),
    pytest.param(term_ends_earlier, id="a-terms-dates"),
    pytest.param(more_grace, id="a-dutys-grace-days"),
    pytest.param(no_collective_activity, id="a-support-setting"),
    pytest.param(staff_renamed, id="a-staff-members-name"),
    pytest.param(staff_leads_another_class, id="a-staff-members-classes"),
    pytest.param(activity_recorded, id="an-activity-file"),
    pytest.param(english, id="the-language"),
    pytest.param(new_version, id="the-codes-version"),
])
def test_the_overdue_rows_follow_each_input(warm: Path, monkeypatch: pytest.MonkeyPatch,
                                            change: Change) -> None:
    before = run(warm, *REPORT, "--as-of", AS_OF)
    assert before.exit_code == 0, before.output
    assert run(warm, "--no-cache", *REPORT, "--as-of", AS_OF).stdout == before.stdout
    after = change(warm, monkeypatch)
    args = (*after.lang, *REPORT, "--as-of", after.as_of)
    parsed = children_parsed(monkeypatch)
    through_cache = run(warm, *args)
    assert through_cache.exit_code == 0, through_cache.output
    assert tuple(sorted(parsed)) == after.parsed  # the cache was used (or, for the code, thrown away)
    without = run(warm, "--no-cache", *args)
    assert through_cache.stdout == without.stdout
    assert through_cache.stdout != before.stdout


# ---- check's findings: CheckDerivation.key ------------------------------------------------
def staff_id_changed(root: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    # T002 (c0001's and c0002's proxy parent) is now T009: both name an unknown teacher.
    edit(root / "staff.yaml", "id: T002", "id: T009")
    return Run()


def check_in_english(root: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    return Run(lang=("--lang", "en"))


@pytest.mark.parametrize("change", [
    pytest.param(staff_id_changed, id="the-staff-ids"),
    pytest.param(check_in_english, id="the-language"),
])
def test_checks_findings_follow_each_input(warm: Path, monkeypatch: pytest.MonkeyPatch,
                                           change: Change) -> None:
    # A finding of c0001's own (a future-dated talk) makes the cached findings worth comparing.
    child = warm / "children" / "c0001.yaml"
    with child.open("a", encoding="utf-8") as out:
        out.write("events:\n  - type: 谈心\n    date: 2099-01-01\n    by: [T001]\n"
                  "    topic: 谈学习\n")
    settle(child)
    before = run(warm, "check")
    assert run(warm, "--no-cache", "check").stdout == before.stdout
    lang = change(warm, monkeypatch).lang
    parsed = children_parsed(monkeypatch)
    through_cache = run(warm, *lang, "check")
    assert parsed == []
    without = run(warm, "--no-cache", *lang, "check")
    assert through_cache.exit_code == without.exit_code
    assert through_cache.stdout == without.stdout
    assert through_cache.stdout != before.stdout


# ---- the term statistics' facts: StatsDerivation.key ---------------------------------------
@pytest.mark.parametrize(("first", "then"), [
    pytest.param(("--as-of", AS_OF), ("--as-of", "2023-03-01"), id="the-day"),
    pytest.param(("--as-of", "2023-03-01", "--term", "2022秋"),
                 ("--as-of", "2023-03-01", "--term", "2023春"), id="the-term-asked"),
])
def test_the_statistics_follow_the_day_and_the_term_asked(
        warm: Path, monkeypatch: pytest.MonkeyPatch, first: tuple[str, ...],
        then: tuple[str, ...]) -> None:
    # c0002 had a living subsidy in the autumn term: counted as assisted in its figures only.
    child = warm / "children" / "c0002.yaml"
    with child.open("a", encoding="utf-8") as out:
        out.write("care:\n  - type: 生活补助\n    date: 2022-09-26\n    by: [T001]\n"
                  "    policy: 家庭经济困难寄宿生生活补助\n    amount: 625\n    period: 2022秋\n")
    settle(child)
    stats = ("report", "--stats", "-f", "json")
    run(warm, *stats, *first)  # the cache takes the changed file
    before = run(warm, *stats, *first)
    assert before.exit_code == 0, before.output
    parsed = children_parsed(monkeypatch)
    through_cache = run(warm, *stats, *then)
    assert parsed == []  # the cache was warm: the facts were derived from its records
    assert through_cache.stdout == run(warm, "--no-cache", *stats, *then).stdout
    assert through_cache.stdout != before.stdout


def test_the_days_rows_key_follows_an_incident_kinds_steps(school: Path) -> None:
    # An open incident's steps are rows of the day, due so many hours after it: a school that
    # changes a kind's hours in liushou.yaml must not be served yesterday's due times. Here
    # the same kinds, one step's hours apart.
    from datetime import date

    from liushou_cli.core.model import IncidentKind
    from liushou_cli.duties.day import DayDuties
    from liushou_cli.store.layout import DataFolder
    from liushou_cli.store.read import load_config

    config = load_config(DataFolder(school))

    def key(hours: int) -> str:
        kind = IncidentKind.model_validate(
            {"name": "溺水风险", "steps": [{"step": "联系监护人", "hours": hours}]})
        return DayDuties(config.model_copy(update={"incident_kinds": [kind]}), [],
                         date(2022, 11, 20), []).key

    assert key(1) == key(1)
    assert key(1) != key(2)


def test_the_overdue_rows_follow_who_took_part_in_a_collective_activity(
        warm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The key names each collective activity by its day and its children: c0001 added to
    # an activity of the same day (no file of its own touched) has its duty done.
    folder = warm / "activities"
    folder.mkdir(exist_ok=True)
    path = folder / "2022-10-10-collective.yaml"
    activity = ("kind: 集体活动\ndate: 2022-10-10\ntitle: 秋游\nby: [T001]\n"
                "classes: [七(1)班]\nchildren: [{}]\n")
    path.write_text(activity.format("c0002"), encoding="utf-8")
    settle(path)
    before = run(warm, *REPORT, "--as-of", AS_OF)
    assert before.exit_code == 0, before.output
    assert run(warm, *REPORT, "--as-of", AS_OF).stdout == before.stdout  # warm now
    path.write_text(activity.format("c0002, c0001"), encoding="utf-8")
    settle(path)
    through_cache = run(warm, *REPORT, "--as-of", AS_OF)
    assert through_cache.stdout == run(warm, "--no-cache", *REPORT, "--as-of", AS_OF).stdout
    assert through_cache.stdout != before.stdout
