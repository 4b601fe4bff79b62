"""Shared fixtures: a data folder built in a tmp folder, and a CLI runner that hands the app
the test's environment (today, user, cache folder...) instead of the process's; and the duty
rows of hand-made children, as the overdue report gets them."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from liushou_cli import i18n
from liushou_cli.cli.app import app
from liushou_cli.core import platform
from liushou_cli.core.environment import Environment
from liushou_cli.core.model import Child, SchoolConfig, Staff
from liushou_cli.core.validators import id_check_char
from liushou_cli.duties.day import DayDuties
from liushou_cli.duties.support import ActivityLike
from liushou_cli.ops.newfolder import create_data_folder
from liushou_cli.store.cachefiles import take_notice
from liushou_cli.store.read import LoadedChild

STAFF_YAML = """\
# 教职工名单
staff:
  - id: T001
    name: 王建国
    phone: '13812345678'
    roles: [班主任, 任课教师]
    leads: [七(1)班]
    subjects: [语文]
  - id: T002
    name: 李芳
    phone: 0739-2345678
    roles: [任课教师, 代理家长]
    teaches: [七(1)班]
"""

CHILD_YAML = """\
id: c0001
student_no: '2022070101'
name: 张小明
gender: 男
birth_date: 2011-03-15
id_number: '{id_number}'
class: 七(1)班
residence: 桃洪镇石门村
left_behind_type: 双亲外出
father:
  name: 张建军
  phone: '13700001111'  # 在东莞电子厂
  work_province: 广东
  work_city: 东莞
mother:
  name: 李秀英
  phone: '13700002222'
  work_province: 浙江
  work_city: 宁波
# 奶奶耳背,有事先打大伯电话
guardian:
  name: 王桂兰
  relation: 祖母
  age: 68
  phone: '13912345678'
economic_sources: [打工收入, 种养殖业]
key_support: true
proxy_parent: T002
recorded_on: 2022-09-05
status: 在读
"""


def valid_id(first17: str) -> str:
    return first17 + id_check_char(first17)


CHILD_ID_NUMBER = valid_id("43052420110315001")


# "Today" for every test that does not say: inside the fixture school's autumn term. No test
# depends on the real date.
DEFAULT_TODAY = date(2022, 11, 20)

# The environment `run` hands the app in the running test (set by `_environment`, changed by
# `use_environment`).
_current: list[Environment] = []


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Environment]:
    """Every test's environment: DEFAULT_TODAY, Chinese, nobody at the keyboard, the cache
    beside tmp_path (never ~/.cache; not in tmp_path, so tests that list it see only theirs),
    120 columns."""
    cache = tmp_path.parent / f"{tmp_path.name}-cache"
    # The variables matter only to liushou run in a child process, where they are the real
    # interface: the same cache folder there, and none of the machine's LIUSHOU_* settings.
    monkeypatch.setenv("LIUSHOU_CACHE_DIR", str(cache))
    for name in ("LIUSHOU_NO_CACHE", "LIUSHOU_USER", "LIUSHOU_LANG", "LIUSHOU_DATA",
                 "LIUSHOU_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "120")  # rich reads it for the general tables
    _current[:] = [Environment(today=DEFAULT_TODAY, language="zh", cache_dir=cache, width=120)]
    i18n.set_lang("zh")
    take_notice()  # a cache refused by an earlier test's core call is not this test's news
    yield _current[0]
    _current.clear()
    i18n.set_lang("zh")


# A test of what POSIX modes do (a file created 0600, a cache others can open refused):
# skipped where they mean nothing, on Windows and under LIUSHOU_TEST_PORTABLE=1.
posix_modes_only = pytest.mark.skipif(not platform.current().posix_modes,
                                      reason="POSIX modes: none on Windows or under the switch")


# An edit that keeps a file's size and puts its mtime back is seen by the cache through the
# file's ctime, which changes with every change on POSIX only (on Windows it is the creation
# time): docs/windows.md says what that leaves there.
posix_ctime_only = pytest.mark.skipif(not platform.current().ctime_changes,
                                      reason="ctime as change time: none on Windows or under the switch")


@pytest.fixture
def portable(monkeypatch: pytest.MonkeyPatch) -> platform.Platform:
    """The Windows paths for this test, as LIUSHOU_TEST_PORTABLE=1 gives them to a whole run:
    no fcntl lock (filelock's), no fork (spawned workers), no POSIX modes, no pread; in this
    process and in any liushou it starts."""
    monkeypatch.setattr(platform, "CURRENT", platform.PORTABLE)
    monkeypatch.setenv(platform.SWITCH, "1")
    return platform.PORTABLE


def environment() -> Environment:
    """The environment the running test's `run` hands the app."""
    return _current[0]


def use_environment(**changes: Any) -> Environment:
    """Change the environment of every later `run` in this test, e.g. a fixture's
    `use_environment(today=date(2022, 11, 20))`; the new environment."""
    _current[0] = replace(_current[0], **changes)
    return _current[0]


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A data folder with two staff and one child, as a school would have it."""
    root = tmp_path / "school"
    create_data_folder(root, "隆回县城关中学", date(2022, 9, 1))
    (root / "staff.yaml").write_text(STAFF_YAML, encoding="utf-8")
    (root / "children" / "c0001.yaml").write_text(
        CHILD_YAML.format(id_number=CHILD_ID_NUMBER), encoding="utf-8")
    return root


def run(root: Path | None, *args: str, input: str | None = None, **environment: Any) -> Result:
    """`liushou [--data root] args...` through typer's CliRunner, in the test's environment
    with `environment`'s changes (`today=date(2022, 11, 20)`, `user="T001"`, `width=73`...).
    The app keeps the environment it is given, as it would have built it from the process;
    the options on the line still apply. In a process of its own (run_at_once), it is the
    process's environment on DEFAULT_TODAY."""
    base = (_current[0] if _current
            else replace(Environment.from_process(), today=DEFAULT_TODAY))
    prefix = ["--data", str(root)] if root is not None else []
    return CliRunner().invoke(app, [*prefix, *args], input=input,
                              obj=replace(base, **environment))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root and its bytes, to prove that nothing changed."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".liushou.lock"}


def rows_of(text: str) -> list[Any]:
    """The rows of a list printed with --format json: the envelope's "rows", after checking
    that the envelope is whole (complete, unreadable, rows)."""
    data = json.loads(text)
    assert set(data) == {"complete", "unreadable", "rows"}, data
    assert not (data["unreadable"] and data["complete"]), data  # never complete when a file is left out
    rows: list[Any] = data["rows"]
    return rows


def run_at_once(target: Callable[..., None], *arguments: tuple[Any, ...]) -> None:
    """One spawned process per argument tuple, all started before any is awaited (writers
    racing for the same folder); each must end with status 0."""
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=target, args=args) for args in arguments]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
        assert worker.exitcode == 0


# ---- duty rows, read back ------------------------------------------------------------------------
@dataclass(frozen=True)
class Standing:
    """One duty row as the rule tests read it: dates as dates, the responsible staff as a
    tuple of ids (empty when nobody is), the class as `klass`."""

    child_id: str | None
    klass: str
    duty: str
    duty_name: str
    responsible: tuple[str, ...]
    last: date | None
    due: date
    days_overdue: int
    missed: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def standing(row: Mapping[str, Any]) -> Standing:
    return Standing(row["child_id"], row["class"], row["duty"], row["duty_name"],
                    tuple(row["responsible"].split(",")) if row["responsible"] else (),
                    date.fromisoformat(row["last"]) if row["last"] else None,
                    date.fromisoformat(row["due"]), row["days_overdue"], row["missed"])


def duty_standings(config: SchoolConfig, staff: Sequence[Staff], as_of: date,
                   children: Iterable[Child],
                   activities: Sequence[ActivityLike] = ()) -> list[Standing]:
    """Every duty row of `children` on `as_of`, pending ones included, made as the overdue
    report makes them (duties.day.DayDuties: each child's rows, then the class rows; no
    census), in their order."""
    day = DayDuties(config, staff, as_of, activities)
    return [standing(row) for row in day.all_rows([LoadedChild(None, kid) for kid in children],
                                                  None)]


def set_grace(root: Path, duty: str, days: int) -> None:
    """liushou.yaml's `duty` given `days` grace days (the default folder's 0 replaced)."""
    config = root / "liushou.yaml"
    text = config.read_text(encoding="utf-8")
    grace = text.index("grace_days: 0", text.index(f"id: {duty}"))
    config.write_text(text[:grace] + f"grace_days: {days}" + text[grace + len("grace_days: 0"):],
                      encoding="utf-8")
