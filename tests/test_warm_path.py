"""A report answered from the cache builds no child's model and loads no library it does not
need (neither PyYAML nor the parsing workers' multiprocessing: it parses nothing), checked in
a process of its own (docs/performance.md, "Start-up"): what a process imports and builds
is the start-up a teacher waits for at every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .test_cache import age, digest_reading

# Runs `liushou` in this process, then prints what it imported and which models it built.
PROBE = ("import runpy, sys\n"
         "try:\n    runpy.run_module('liushou_cli', run_name='__main__')\n"
         "except SystemExit:\n    pass\n"
         "had = 'pydantic' in sys.modules\n"
         "from pydantic import BaseModel\n"
         "from liushou_cli.core import model\n"
         "built = sorted(name for name, value in vars(model).items() if isinstance(value, type)\n"
         "               and issubclass(value, BaseModel) and value.__pydantic_complete__)\n"
         "loaded = sorted({m.split('.')[0] for m in sys.modules}\n"
         "                & {'ruamel', 'rich', 'yaml', 'multiprocessing'}\n"
         "                | ({'pydantic'} if had else set()))\n"
         "print('built', *built)\n"
         "print('loaded', *loaded)\n")

REPORT = ["report", "--overdue", "--as-of", "2022-11-20", "-f", "csv"]


def probe(school: Path, *args: str) -> tuple[str, list[str]]:
    """The output of `liushou --data school args...` in a process of its own, and the two
    lines saying which models it built and which of pydantic, ruamel, rich, PyYAML and
    multiprocessing it loaded."""
    done = subprocess.run([sys.executable, "-c", PROBE, "--data", str(school), *args],
                          capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    return "\n".join(lines[:-2]), lines[-2:]


@pytest.fixture
def warm(school: Path) -> Path:
    age(school)  # a file changed in the last seconds is never trusted from the cache
    probe(school, *REPORT)  # fills the cache
    return school


def test_warm_report_builds_no_model(warm: Path) -> None:
    # pydantic is not even imported: not for the child's model, the biggest (its rows come
    # from the cache as plain values), nor the staff's (its members' ids, names and classes
    # are kept as plain facts), nor the census's (what the census duty reads of it is kept as
    # plain facts), nor the settings' (put back from the dump kept in the cache as plain
    # values, core.settings), nor the options on the line (cli/optionvalues.py).
    output, seen = probe(warm, *REPORT)
    assert seen == ["built", "loaded"]
    assert output == probe(warm, "--no-cache", *REPORT)[0]


def test_a_changed_child_is_validated(warm: Path) -> None:
    # The warm path weakens nothing: a file changed since is read and validated by its model.
    path = warm / "children" / "c0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("张小明", "张晓明"),
                    encoding="utf-8")
    age(warm)
    output, seen = probe(warm, *REPORT)
    # (`age` touched every file: staff.yaml is read again; the school has no census yet.)
    assert seen == ["built Child SchoolConfig StaffFile", "loaded pydantic yaml"]
    assert "张晓明" in output and output == probe(warm, "--no-cache", *REPORT)[0]


def test_the_parsers_version_is_in_the_cache_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    # The cache's digest reads PyYAML's version from its package's first file rather than
    # importing it (a warm report loads no parser): another version still throws the cache
    # away, as another version of pydantic or of our code does.
    import yaml

    version = f"__version__ = '{yaml.__version__}'".encode()

    def digest(installed: bytes) -> str:
        return digest_reading(monkeypatch, lambda path, data: (
            data.replace(version, installed) if path.name == "__init__.py" else data))

    assert digest(version) == digest(version)
    assert digest(b"__version__ = '99.0'") != digest(version)


def test_the_validator_s_version_is_in_the_cache_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    # pydantic's version too is read from its file (pydantic/version.py) rather than by
    # importing it: a warm report imports no pydantic.
    import pydantic

    version = f"VERSION = '{pydantic.VERSION}'".encode()

    def digest(installed: bytes) -> str:
        return digest_reading(monkeypatch, lambda path, data: (
            data.replace(version, installed)
            if path.parent.name == "pydantic" and path.name == "version.py" else data))

    assert digest(version) == digest(version)
    assert digest(b"VERSION = '99.0'") != digest(version)


def test_help_loads_only_what_it_shows() -> None:
    # `liushou --help` is typer and our words: no validator, parser, table library, nor the
    # hash a written file's history needs.
    code = ("import runpy, sys\n"
            "try:\n    runpy.run_module('liushou_cli', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules}\n"
            "             & {'pydantic', 'yaml', 'ruamel', 'rich', 'hashlib'}))\n")
    done = subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True,
                          text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_child_show_reads_the_staff_and_the_activities_through_the_cache(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The card names the teachers and lists the child's activities; unchanged since the last
    # command, staff.yaml and the activity files are not parsed again (a county's folder
    # holds 600 KB of staff and a thousand activities), nor is the child's own file.
    from .conftest import run
    from .test_cache import count_reads

    (school / "activities").mkdir(exist_ok=True)
    (school / "activities" / "2022-09-29-collective.yaml").write_text(
        "date: 2022-09-29\nkind: 集体活动\ntitle: 中秋游园\nclasses: [七(1)班]\nby: [T001]\n"
        "children: [c0001]\n", encoding="utf-8")
    age(school)
    first = run(school, "child", "show", "c0001")
    assert first.exit_code == 0 and "中秋游园" in first.stdout, first.output
    seen = count_reads(monkeypatch)
    again = run(school, "child", "show", "c0001")
    assert (again.exit_code, again.stdout) == (0, first.stdout)
    assert seen == []


@pytest.mark.parametrize("args", [
    ["child", "list", "-f", "csv"],
    ["report", "--stats", "--as-of", "2022-11-20", "-f", "csv"],
    ["report", "--caseload", "--as-of", "2022-11-20", "-f", "csv"],
    ["report", "--incomplete", "--as-of", "2022-11-20", "-f", "csv"],
    ["check"],
], ids=["child-list", "stats", "caseload", "incomplete", "check"])
def test_warm_reading_commands_build_no_staff_record(warm: Path, args: list[str]) -> None:
    # Each names teachers or counts the classes they lead or teach: the staff's plain facts
    # kept in the cache serve, so none validates a county's 3,273 staff records again; and
    # none imports pydantic (the census's figures, the listing's facts are plain values).
    probe(warm, *args)  # its own values cached
    output, seen = probe(warm, *args)
    assert "StaffFile" not in seen[0].split() and "Child" not in seen[0].split()
    assert "pydantic" not in seen[1].split()
    assert output == probe(warm, "--no-cache", *args)[0]


def test_a_warm_check_reads_the_activities_as_plain_refs(school: Path) -> None:
    # check looks at whom each activity file names: built from each file's record, a
    # county's thousand activities imported pydantic and built as many records every check.
    (school / "activities").mkdir(exist_ok=True)
    (school / "activities" / "2022-09-29-collective.yaml").write_text(
        "date: 2022-09-29\nkind: 集体活动\ntitle: 中秋游园\nclasses: [七(1)班]\nby: [T001]\n"
        "children: [c0001, c0404]\nguardians: [c0405]\n", encoding="utf-8")
    age(school)
    first, _ = probe(school, "check")
    output, seen = probe(school, "check")
    # (The warnings' lines are found in the file's text: that reads it, with no model.)
    assert seen[0] == "built" and "pydantic" not in seen[1].split()
    assert output == first
    for said in ("c0404", "c0405"):  # children no file holds: warnings, found warm too
        assert said in output


@pytest.mark.parametrize("kept", [[["c0001"], [], "T001"], [["c0001"], [], [7]],
                                  [["c0001"], []], "c0001"])
def test_refs_of_another_shape_are_undecodable(kept: object) -> None:
    from liushou_cli.store.activities import ActivityRefs
    from liushou_cli.store.cachecodec import Undecodable, decode_split

    assert decode_split("ActivityRefs", [["c0001"], ["c0002"], ["T001"]]) == ActivityRefs(
        ("c0001",), ("c0002",), ("T001",))
    with pytest.raises(Undecodable):
        decode_split("ActivityRefs", kept)
