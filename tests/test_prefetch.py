"""A large children folder listed in a forked process while the command imports
(store/prefetch.py): the listing taken is the one the reader would have made, and any change
of the folder's entries since it began, another folder, a failed child or a second taking
leaves the reader to list the folder itself."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core import platform
from liushou_cli.store import prefetch
from liushou_cli.store.layout import DataFolder, signed_listing

from .conftest import CHILD_ID_NUMBER, CHILD_YAML, run

forking = pytest.mark.skipif(not platform.current().fork, reason="no fork here (core.platform)")


@pytest.fixture(autouse=True)
def _nothing_left_begun() -> Iterator[None]:
    yield
    while prefetch._begun:  # a test that began and did not take: reap its child
        prefetch.take(Path("/"))


def folder_of(tmp_path: Path, count: int = 5) -> Path:
    """A children folder: `count` child files, and what a listing leaves out."""
    children = tmp_path / "children"
    children.mkdir()
    for index in range(count):
        (children / f"c{index:04d}.yaml").write_text(f"id: c{index:04d}\n", encoding="utf-8")
    (children / "notes.txt").write_text("not a child")
    (children / ".c9999.yaml").write_text("hidden")
    (children / "c0000.yaml.ab12cd34.tmp").write_text("an interrupted write")
    (children / "sub").mkdir()
    (children / "linked.yaml").symlink_to(children / "c0000.yaml")
    return children


def wait_written() -> None:
    """Until the child has written its listing (it stats the folder before listing it)."""
    [begun] = prefetch._begun
    waiting = select.poll()  # not select(): a process with many files open has high numbers
    waiting.register(begun.fd, select.POLLIN)
    assert waiting.poll(30_000)


@forking
def test_a_listing_begun_is_the_listing_made_here(tmp_path: Path) -> None:
    children = folder_of(tmp_path)
    prefetch.begin(children, least_size=0)
    taken = prefetch.take(children)
    assert taken == signed_listing(children)
    assert [name for name, _ in taken] == [
        "c0000.yaml", "c0001.yaml", "c0002.yaml", "c0003.yaml", "c0004.yaml", "linked.yaml"]
    assert prefetch.take(children) is None  # taken once


@forking
def test_the_child_ends_and_is_reaped(tmp_path: Path) -> None:
    children = folder_of(tmp_path)
    prefetch.begin(children, least_size=0)
    [begun] = prefetch._begun
    assert prefetch.take(children) is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(begun.pid, 0)


@forking
@pytest.mark.parametrize("change", ["add", "remove", "rename over", "rename away"])
def test_an_entry_changed_since_the_listing_began_is_listed_again(
        tmp_path: Path, change: str) -> None:
    children = folder_of(tmp_path)
    prefetch.begin(children, least_size=0)
    wait_written()
    time.sleep(0.02)  # past the tick of the file system's clock (a few ms)
    if change == "add":
        (children / "c0100.yaml").write_text("id: c0100\n")
    elif change == "remove":
        (children / "c0001.yaml").unlink()
    elif change == "rename over":  # how this tool writes a child file
        (children / "new.tmp").write_text("id: c0001\n# one line more\n")
        os.replace(children / "new.tmp", children / "c0001.yaml")
    else:
        os.replace(children / "c0001.yaml", children / "c0001.txt")
    assert prefetch.take(children) is None


@forking
def test_an_unchanged_folder_is_taken_however_long_after(tmp_path: Path) -> None:
    children = folder_of(tmp_path)
    prefetch.begin(children, least_size=0)
    wait_written()
    time.sleep(0.05)
    assert prefetch.take(children) == signed_listing(children)


@forking
def test_another_folder_takes_nothing_and_the_child_is_reaped(tmp_path: Path) -> None:
    children = folder_of(tmp_path)
    prefetch.begin(children, least_size=0)
    [begun] = prefetch._begun
    assert prefetch.take(tmp_path) is None
    assert prefetch.take(children) is None
    with pytest.raises(ChildProcessError):
        os.waitpid(begun.pid, 0)


@forking
def test_only_one_listing_at_a_time(tmp_path: Path) -> None:
    children = folder_of(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    prefetch.begin(children, least_size=0)
    prefetch.begin(other, least_size=0)
    assert [begun.directory for begun in prefetch._begun] == [str(children)]


@forking
def test_a_small_folder_is_listed_here(tmp_path: Path) -> None:
    children = folder_of(tmp_path)
    size = os.stat(children).st_size
    prefetch.begin(children, least_size=size + 1)
    assert prefetch._begun == []
    prefetch.begin(children, least_size=size)  # the boundary: as large as asked
    assert prefetch.take(children) == signed_listing(children)


@forking
def test_a_write_of_this_process_drops_the_listing(school: Path) -> None:
    from liushou_cli.store.atomic import atomic_write

    children = school / "children"
    prefetch.begin(children, least_size=0)
    [begun] = prefetch._begun
    atomic_write(school / "staff.yaml", (school / "staff.yaml").read_bytes())
    assert prefetch._begun == [] and prefetch.take(children) is None
    with pytest.raises(ChildProcessError):
        os.waitpid(begun.pid, 0)
    prefetch.begin(children, least_size=0)
    wait_written()
    atomic_write(children / "c0001.yaml", (children / "c0001.yaml").read_bytes())
    assert prefetch.take(children) is None


@forking
def test_a_folder_of_whole_second_times_is_listed_here(tmp_path: Path) -> None:
    children = folder_of(tmp_path)
    os.utime(children, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    prefetch.begin(children, least_size=0)
    assert prefetch._begun == []
    os.utime(children, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_001))
    prefetch.begin(children, least_size=0)
    assert prefetch.take(children) == signed_listing(children)


@forking
def test_the_pipe_takes_a_county_listing_at_once(tmp_path: Path) -> None:
    import fcntl

    children = folder_of(tmp_path)
    prefetch.begin(children, least_size=0)
    [begun] = prefetch._begun
    assert fcntl.fcntl(begun.fd, fcntl.F_GETPIPE_SZ) == 1 << 20
    assert prefetch.take(children) == signed_listing(children)


@forking
def test_a_pipe_that_cannot_grow_still_serves(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    children = folder_of(tmp_path)

    def refused(*args: object) -> int:
        raise PermissionError("over the user's pipe quota")

    monkeypatch.setattr(fcntl, "fcntl", refused)
    prefetch.begin(children, least_size=0)
    assert prefetch.take(children) == signed_listing(children)
    monkeypatch.undo()
    monkeypatch.delattr(fcntl, "F_SETPIPE_SZ")  # a Python or a system without it
    prefetch.begin(children, least_size=0)
    assert prefetch.take(children) == signed_listing(children)


@forking
@pytest.mark.parametrize("failure", ["no standard streams", "no fork"])
def test_nothing_is_begun_when_it_cannot_be(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             failure: str) -> None:
    children = folder_of(tmp_path)
    closed: list[int] = []
    read_end, write_end = os.pipe()
    if failure == "no standard streams":  # started with stderr closed: the pipe takes 2
        monkeypatch.setattr(os, "pipe", lambda: (read_end, 2))
    else:
        monkeypatch.setattr(os, "pipe", lambda: (read_end, write_end))

        def no_fork() -> int:
            raise OSError("no more processes")

        monkeypatch.setattr(os, "fork", no_fork)
    real_close = os.close
    monkeypatch.setattr(os, "close", lambda fd: closed.append(fd) if fd == 2 else real_close(fd))
    try:
        prefetch.begin(children, least_size=0)
        assert prefetch._begun == []
        assert closed == ([2] if failure == "no standard streams" else [])
        with pytest.raises(OSError):
            os.fstat(read_end)  # closed
        if failure == "no fork":
            with pytest.raises(OSError):
                os.fstat(write_end)
    finally:  # never a reader left waiting for this pipe's end, whatever failed
        with contextlib.suppress(OSError):
            real_close(write_end)


def test_no_fork_no_listing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    children = folder_of(tmp_path)
    monkeypatch.setattr(platform, "current", lambda: platform.PORTABLE)
    prefetch.begin(children, least_size=0)
    assert prefetch._begun == [] and prefetch.take(children) is None


def test_a_missing_folder_is_not_begun(tmp_path: Path) -> None:
    prefetch.begin(tmp_path / "nowhere", least_size=0)
    assert prefetch._begun == []


@forking
def test_a_child_that_fails_or_is_killed_gives_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    children = folder_of(tmp_path)

    def failing(directory: Path) -> list[tuple[str, tuple[int, int, int, int]]]:
        raise OSError("the disk went away")

    monkeypatch.setattr(prefetch, "signed_listing", failing)
    prefetch.begin(children, least_size=0)
    assert prefetch.take(children) is None

    def stuck(directory: Path) -> list[tuple[str, tuple[int, int, int, int]]]:
        time.sleep(60)
        return []

    monkeypatch.setattr(prefetch, "signed_listing", stuck)
    prefetch.begin(children, least_size=0)
    [begun] = prefetch._begun
    os.kill(begun.pid, signal.SIGKILL)
    assert prefetch.take(children) is None


@forking
@pytest.mark.parametrize(("line", "begun"), [
    (["--data", "{root}", "report"], True),
    (["--data={root}", "report", "--as-of", "2022-11-20", "-f", "csv"], True),
    (["report", "--data", "{root}", "--stats"], True),
    (["--lang", "en", "--data", "{root}", "check"], True),
    (["--data", "{root}", "export"], True),
    (["--data", "{root}", "dashboard"], True),
    (["--data", "{root}", "child", "list"], True),
    (["--quiet", "--data", "{root}", "--no-cache", "report"], True),
    (["--data", "{root}", "visit", "list"], True),
    (["--data", "{root}", "visit", "list", "c0001"], True),
    (["--data", "{root}", "child", "list", "--class", "七(1)班"], True),
    (["report", "--data"], False),  # no folder named: the command says so
    (["--data", "{root}", "print", "card", "--class", "七(1)班"], True),
    (["--data", "{root}", "census", "status"], True),
    (["--data", "{root}", "list"], False),
    (["--data", "{root}", "child", "show", "c0001"], False),
    (["--data", "{root}", "visit", "add", "c0001", "--by", "T001"], False),
    (["--data", "{root}", "report", "--help"], False),
    (["--data", "{root}"], False),
    (["--data", "{root}", "reprot"], False),
    (["--data", "{root}/children", "report"], False),  # not a data folder: the command says so
    (["--lang", "report"], False),  # "report" is the language asked for
])
def test_which_lines_begin_a_listing(school: Path, line: list[str], begun: bool) -> None:
    argv = [word.format(root=school) for word in line]
    prefetch.begin_for_line(argv, {}, least_size=0)
    assert [item.directory for item in prefetch._begun] == (
        [str(school.resolve() / "children")] if begun else [])


@forking
def test_a_data_folder_whose_path_holds_an_equals_sign(tmp_path: Path) -> None:
    from liushou_cli.ops.newfolder import create_data_folder

    root = tmp_path / "a=b" / "x=1"
    root.parent.mkdir()
    create_data_folder(root, "城关中学", date(2022, 9, 1))
    prefetch.begin_for_line([f"--data={root}", "report"], {}, least_size=0)
    assert [item.directory for item in prefetch._begun] == [str(root.resolve() / "children")]


@forking
def test_the_data_folder_found_as_the_command_finds_it(
        school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    children = str(school.resolve() / "children")
    prefetch.begin_for_line(["report"], {"LIUSHOU_DATA": str(school)}, least_size=0)
    assert [item.directory for item in prefetch.__dict__["_begun"]] == [children]
    prefetch.take(Path(children))
    # --data before LIUSHOU_DATA
    prefetch.begin_for_line(["--data", str(school), "report"], {"LIUSHOU_DATA": "/nowhere"},
                            least_size=0)
    assert [item.directory for item in prefetch._begun] == [children]
    prefetch.take(Path(children))
    monkeypatch.chdir(school / "children")  # the nearest folder upwards with liushou.yaml
    prefetch.begin_for_line(["report"], {}, least_size=0)
    assert [item.directory for item in prefetch._begun] == [children]
    prefetch.take(Path(children))
    monkeypatch.chdir(school.parent)
    prefetch.begin_for_line(["report"], {}, least_size=0)
    assert prefetch._begun == []


def add_child(root: Path, child_id: str) -> None:
    (root / "children" / f"{child_id}.yaml").write_text(
        CHILD_YAML.format(id_number=CHILD_ID_NUMBER).replace("c0001", child_id)
        .replace("张小明", "李小红"), encoding="utf-8")


@forking
def test_the_report_reads_the_listing_taken(school: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    add_child(school, "c0002")
    line = ("report", "--as-of", "2022-11-20", "-f", "csv")
    plain = run(school, *line)
    listed: list[Path] = []

    def counted(directory: Path) -> list[tuple[str, tuple[int, int, int, int]]]:
        listed.append(directory)
        return signed_listing(directory)

    monkeypatch.setattr(DataFolder, "child_signatures",
                        lambda folder: counted(folder.children_dir))
    prefetch.begin_for_line(["--data", str(school), *line], {}, least_size=0)
    taken = run(school, *line)
    assert (taken.exit_code, taken.stdout) == (0, plain.stdout)
    assert listed == [] and prefetch._begun == []
    # A child added after the listing was made: listed again here, and reported.
    prefetch.begin_for_line(["--data", str(school), *line], {}, least_size=0)
    wait_written()
    add_child(school, "c0003")
    again = run(school, *line)
    assert listed == [school.resolve() / "children"]
    assert again.stdout.count("李小红") == 2 * plain.stdout.count("李小红") > 0


# The line's output, then whether a listing was taken from the forked process.
_TAKEN = ("import sys\n"
          "from liushou_cli.store import prefetch\n"
          "took = []\n"
          "original = prefetch.take\n"
          "def take(directory):\n"
          "    found = original(directory)\n"
          "    took.append(found is not None)\n"
          "    return found\n"
          "prefetch.take = take\n"
          "from liushou_cli.__main__ import main\n"
          "sys.argv = ['liushou', *sys.argv[1:]]\n"
          "try:\n    main()\n"
          "finally:\n    print('taken:', took, file=sys.stderr)\n")


@forking
def test_the_command_line_lists_a_large_folder_on_the_other_core(school: Path) -> None:
    add_child(school, "c0002")
    # A folder as large on disk as a county's thousand children: padded with files the
    # listing leaves out.
    for index in range(3000):
        (school / "children" / f"padding-{index:05d}-{'x' * 40}.txt").touch()
    assert os.stat(school / "children").st_size >= prefetch.LEAST_SIZE
    line = ["--data", str(school), "report", "--as-of", "2022-11-20", "-f", "csv"]
    done = subprocess.run([sys.executable, "-c", _TAKEN, *line], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "taken: [True]"
    assert done.stdout == run(school, *line[2:]).stdout
    # The command's own status, from the process the user started (not from the listing's).
    failing = [*line, "--fail-on-overdue"]
    expected = run(school, *failing[2:])
    failed = subprocess.run([sys.executable, "-c", _TAKEN, *failing], capture_output=True,
                            text=True, timeout=120)
    assert expected.exit_code != 0
    assert (failed.returncode, failed.stdout) == (expected.exit_code, expected.stdout)
    small = subprocess.run([sys.executable, "-c", _TAKEN, "--data", str(school), "child",
                            "show", "c0001"], capture_output=True, text=True, timeout=120)
    assert small.stderr.splitlines()[-1] == "taken: []"
