"""A reading command's line run again from its kept parse, without typer (cli/keptline.py):
the same output, errors and exit status as typer's run of it, the folder read afresh every
time, and nothing kept or used but a parse this code and this typer made of these words."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from liushou_cli.cli import keptline
from liushou_cli.cli.child_read import ChildListLine, ChildShowLine
from liushou_cli.cli.context import PlainContext, echo
from liushou_cli.cli.keptline import MAGIC, KeptLine, expecting, keep_line
from liushou_cli.cli.report_run import ReportLine
from liushou_cli.core.errors import ExitStatus, LiushouError, UsageError
from liushou_cli.store import codedigest
from liushou_cli.store.codedigest import package_stamp

from .conftest import run
from .test_cache import age

# The line's output, then its exit status and whether typer was imported to run it.
_RUN_AND_TYPER = ("import runpy, sys\n"
                  "status = 0\n"
                  "try:\n    runpy.run_module('liushou_cli', run_name='__main__')\n"
                  "except SystemExit as done:\n"
                  "    status = done.code\n"
                  "sys.stdout.flush()\n"
                  "sys.stderr.write(f'\\n[status {status} typer {\"typer\" in sys.modules}]\\n')\n")

AS_OF = ("--as-of", "2022-11-20")


def liushou(school: Path, *argv: str, cwd: Path | None = None,
            **env: str) -> tuple[str, str, int, bool]:
    """`liushou --data school argv...` in a process of its own: stdout, stderr, the exit
    status, and whether typer was imported."""
    done = subprocess.run([sys.executable, "-c", _RUN_AND_TYPER, "--data", str(school), *argv],
                          capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, "COLUMNS": "80", **env})
    stderr, _, tail = done.stderr.rstrip("\n").rpartition("\n[status ")
    status, _, typer = tail.removesuffix("]").partition(" typer ")
    return done.stdout, stderr, int(status), typer == "True"


def lines_kept() -> list[Path]:
    cache = Path(os.environ["LIUSHOU_CACHE_DIR"])
    return sorted(cache.glob("line-*.json")) if cache.exists() else []


def twice(school: Path, *argv: str, **env: str) -> tuple[str, str, int]:
    """Run the line by typer, then from its kept parse; both the same: that is given."""
    first = liushou(school, *argv, **env)
    again = liushou(school, *argv, **env)
    assert first[3] and not again[3], (argv, first, again)
    assert again[:3] == first[:3], argv
    return first[:3]


@pytest.mark.parametrize("argv", [
    ("report", *AS_OF),
    ("report", "--overdue", *AS_OF, "-f", "csv"),
    ("report", *AS_OF, "--by", "王建国", "-f", "json"),
    ("report", "--stats", *AS_OF),
    ("report", "--caseload", *AS_OF),
    ("report", "--incomplete", *AS_OF, "-f", "csv"),
    ("child", "list"),
    ("child", "list", "--class", "7-1", "-f", "json"),
    ("child", "show", "c0001"),
    ("child", "show", "张小明", "-f", "csv", "--sensitive"),
    ("--lang", "en", "child", "show", "zxm"),
    ("report", *AS_OF, "--lang", "en"),
])
def test_a_kept_line_prints_what_typer_s_run_printed(school: Path, argv: tuple[str, ...]) -> None:
    stdout, _, status = twice(school, *argv)
    assert status == 0 and stdout
    assert len(lines_kept()) == 1


@pytest.mark.parametrize(("argv", "status", "said"), [
    (("child", "show", "李四"), ExitStatus.PROBLEM, "找不到学生“李四”\n"),
    (("report", *AS_OF, "--class", "9-9"), ExitStatus.USAGE, "没有班级“9-9”；已有的班级：七(1)班\n"),
    (("report", "--stats", "--term", "没有这个学期"), ExitStatus.USAGE, "没有这个学期"),
    (("report", *AS_OF, "--fail-on-overdue", "-f", "csv"), ExitStatus.PROBLEM, ""),
    (("--lang", "en", "child", "show", "Li Si"), ExitStatus.PROBLEM, "no child “Li Si”\n"),
])
def test_a_kept_line_fails_as_typer_s_run_failed(school: Path, argv: tuple[str, ...],
                                                 status: int, said: str) -> None:
    _, stderr, code = twice(school, *argv)
    assert code == status and said in stderr


def test_the_folder_is_read_afresh_each_time(school: Path) -> None:
    # Only the parse is kept, never an answer: a talk recorded between two runs shows.
    argv = ("report", "--overdue", *AS_OF, "-f", "csv")
    before, _, _ = twice(school, *argv)
    assert "c0001" in before
    added = run(school, "talk", "add", "c0001", "谈学习", "--by", "王建国",
                "--date", "2022-11-19")
    assert added.exit_code == 0, added.output
    after, _, status, typer = liushou(school, *argv)
    assert not typer and status == 0 and after != before
    # The environment too is read afresh: the language of this run's LIUSHOU_LANG.
    chinese = liushou(school, "child", "show", "c0001")
    english = liushou(school, "child", "show", "c0001", LIUSHOU_LANG="en")
    assert chinese[3] and not english[3]
    assert "联系卡" in chinese[0] and "contact card" in english[0]


@pytest.mark.parametrize("argv", [
    ("report", *AS_OF, "--due-within", "-1"),  # typer refuses the value
    ("report", *AS_OF, "-f", "ics", "--output", "x.ics"),  # a file's name typer checks
    ("visit", "list"),  # not a command a kept parse runs
    ("--no-cache", "report", *AS_OF),  # no cache asked for: none read, nothing kept
    ("report", "--help"),
    ("--version",),
])
def test_what_is_not_kept(school: Path, tmp_path: Path, argv: tuple[str, ...]) -> None:
    for _ in range(2):
        typer = liushou(school, *argv, cwd=tmp_path)[3]
        assert typer or argv in (("report", "--help"), ("--version",))
    assert lines_kept() == []


def test_a_word_that_is_not_utf_8_is_kept_as_it_came(school: Path) -> None:
    # The shell passes bytes; a lone 0xff reaches Python as an escaped surrogate, which
    # typer takes as it is (no child found): kept and run again the same, never an error.
    _, stderr, status = twice(school, "child", "list", "--find", "\udcff张")
    assert status == 0 and "Traceback" not in stderr
    _, stderr, status = twice(school, "child", "show", "\udcff张")
    assert status == ExitStatus.PROBLEM and "内部错误" not in stderr


def test_an_ascii_terminal_gets_the_same_lines_as_under_typer(school: Path) -> None:
    # Output said to be ASCII is taken as misconfigured, as typer takes it: UTF-8 lines.
    for name, env in (("nobody", {"PYTHONIOENCODING": "ascii"}),
                      ("no-one", {"PYTHONIOENCODING": "ascii", "LIUSHOU_LANG": "en"})):
        _, stderr, status = twice(school, "child", "show", name, **env)
        assert status == ExitStatus.PROBLEM and "Traceback" not in stderr
        assert stderr in (f"找不到学生“{name}”\n", f"no child “{name}”\n")


def test_no_cache_in_the_environment_keeps_and_reads_nothing(school: Path) -> None:
    for _ in range(2):
        assert liushou(school, "child", "list", LIUSHOU_NO_CACHE="1")[3]
    assert lines_kept() == []


def test_the_line_is_keyed_by_its_words_the_code_typer_and_python(
        monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"LIUSHOU_CACHE_DIR": "/nowhere"}

    def path(*argv: str, environ: dict[str, str] = env) -> Path:
        line = KeptLine.of_line(list(argv), environ)
        assert line is not None
        return line.path

    now = path("report", "--as-of", "2022-11-20")
    assert now == path("report", "--as-of", "2022-11-20") and now.parent == Path("/nowhere")
    assert path("report", "--as-of", "2022-11-21") != now
    assert path("report", "--as-of=2022-11-20") != now
    monkeypatch.setattr(codedigest, "package_stamp", lambda: (*package_stamp(), ("x.py", 1, 1)))
    assert path("report", "--as-of", "2022-11-20") != now
    monkeypatch.undo()
    monkeypatch.setattr(keptline, "typer_stamp", lambda: ("elsewhere", 1, 2))
    assert path("report", "--as-of", "2022-11-20") != now
    monkeypatch.undo()
    monkeypatch.setattr(codedigest, "__version__", "99.0.0")
    assert path("report", "--as-of", "2022-11-20") != now
    monkeypatch.undo()
    assert path("report", "--as-of", "2022-11-20") == now
    assert KeptLine.of_line([], env) is None
    assert KeptLine.of_line(["report"], {**env, "LIUSHOU_NO_CACHE": "1"}) is None
    assert KeptLine.of_line(["--no-cache", "report"], env) is None
    assert KeptLine.of_line(["report", "--no-cache"], env) is None
    # A shell asking typer to complete the line: typer answers it, not a kept parse.
    assert KeptLine.of_line(["report"], {**env, "_LIUSHOU_COMPLETE": "bash_complete"}) is None


def _kept(tmp_path: Path) -> KeptLine:
    line = KeptLine.of_line(["report"], {"LIUSHOU_CACHE_DIR": str(tmp_path / "cache")})
    assert line is not None
    return line


ROOT = {"data": None, "lang": None, "no_cache": False, "quiet": False}


def test_a_parse_is_kept_only_while_its_line_is_expected(tmp_path: Path) -> None:
    line = _kept(tmp_path)
    keep_line("report", ReportLine(overdue=True))  # no line expected: a test's runner
    assert line.parsed() is None
    with expecting(line):
        keep_line("report", ReportLine(overdue=True))  # the root's options not yet noted
        assert line.parsed() is None
        keptline.note_root(data=Path("school"), lang="en", no_cache=False, quiet=True)
        keep_line("visit list", ReportLine())  # not a command of RUNNERS
        assert line.parsed() is None
        keep_line("report", ReportLine(overdue=True, due_within=3))
    assert line.parsed() == ("report", {"data": "school", "lang": "en", "no_cache": False,
                                        "quiet": True},
                             {**vars(ReportLine()), "overdue": True, "due_within": 3})
    with expecting(line):
        keptline.note_root(data=None, lang=None, no_cache=True, quiet=False)
        keep_line("child list", ReportLine())  # the values are the line's class's
    assert line.parsed() == ("child list", {"data": None, "lang": None, "no_cache": True,
                                            "quiet": False}, vars(ReportLine()))
    with expecting(line):
        pass
    keptline.note_root(data=None, lang=None, no_cache=False, quiet=False)
    keep_line("report", ReportLine())  # after the line's run: kept under nothing
    assert line.parsed() is not None and line.parsed()[0] == "child list"  # type: ignore[index]


@pytest.mark.parametrize("body", [
    b"",
    b"{",
    b"[]",
    b'{"command": "report", "root": {}, "values": {}}',
    b'{"command": "visit list", "root": ROOT, "values": {}}',
    b'{"command": "report", "root": ROOT, "values": {}, "more": 1}',
    b'{"command": "report", "root": ROOT, "values": {"overdue": [1]}}',
    b'{"command": "report", "root": ROOT, "values": {"overdue": {"a": 1}}}',
    b'{"command": "report", "root": {"data": 1, "lang": null, "no_cache": false, '
    b'"quiet": false}, "values": {}}',
    b'{"command": "report", "root": {"data": null, "lang": null, "no_cache": 0, '
    b'"quiet": false}, "values": {}}',
    b"[" * 100_000,
    "{\"command\": \"报告\"}".encode(),
    b"\xff\xfe",
])
def test_a_damaged_or_foreign_kept_line_is_not_used(tmp_path: Path, body: bytes) -> None:
    line = _kept(tmp_path)
    line.write_kept(body.replace(b"ROOT", json.dumps(ROOT).encode()))
    assert line.parsed() is None
    assert keptline.run_kept_line(line) is None


@pytest.mark.parametrize("values", [
    {"overdue": True, "renamed": 1},  # kept by other code of the same stamps
    {"overdue": True},  # a field missing would take its default: not what typer gave
    {**vars(ReportLine()), "due_within": "3"},  # a value of another type
    {**vars(ReportLine()), "overdue": 1},
    {**vars(ReportLine()), "due_within": True},
    {**vars(ReportLine()), "fmt": "xml"},  # a format no report has
])
def test_values_of_another_shape_are_parsed_by_typer_afresh(tmp_path: Path,
                                                            values: dict[str, object]) -> None:
    line = _kept(tmp_path)
    line.keep("report", ROOT, values)
    assert line.parsed() is not None and keptline.run_kept_line(line) is None


def test_values_as_typer_gives_them_are_run(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[object] = []
    monkeypatch.setattr(keptline, "_run", lambda function, options, root: ran.append(options))
    line = _kept(tmp_path)
    for options in (ReportLine(), ReportLine(due_within=3, as_of="2022-11-20", fmt="ics")):
        line.keep("report", ROOT, vars(options))
        keptline.run_kept_line(line)
        assert ran.pop() == options
    whole = line.path.read_bytes()
    line.path.write_bytes(whole.replace(b"liushou-line-1", b"liushou-line-0"))
    assert line.parsed() is None
    assert whole.startswith(MAGIC)


def test_a_failure_is_one_line_and_a_status_and_the_end_s_work_comes_after(
        capsys: pytest.CaptureFixture[str]) -> None:
    said: list[str] = []

    def failing(error: BaseException) -> object:
        def run(ctx: PlainContext, options: object) -> None:
            ctx.find_root().call_on_close(lambda: said.append("closed"))
            raise error
        return run

    for error, status, line in (
            (LiushouError("出错了"), ExitStatus.PROBLEM, "出错了"),
            (UsageError("用法不对"), ExitStatus.USAGE, "用法不对"),
            (SystemExit(ExitStatus.PROBLEM), ExitStatus.PROBLEM, ""),
            (SystemExit(None), 0, ""),
            (KeyboardInterrupt(), ExitStatus.INTERRUPTED, "已中断"),
            (RuntimeError("坏了"), ExitStatus.INTERNAL, "RuntimeError: 坏了")):
        said.clear()
        assert keptline._run(failing(error), None, {**ROOT, "lang": "zh"}) == status
        printed = capsys.readouterr()
        assert printed.out == "" and line in printed.err, error
        assert printed.err.count("\n") == (1 if line else 0), printed.err
        assert said == ["closed"]
        assert "Traceback" not in printed.err


def test_a_plain_context_ends_as_typer_s_does() -> None:
    ctx = PlainContext(None)
    order: list[str] = []
    ctx.call_on_close(lambda: order.append("first"))

    def failing() -> None:
        order.append("second")
        raise OSError("disk")

    ctx.call_on_close(failing)
    ctx.call_on_close(lambda: order.append("third"))
    assert ctx.find_root() is ctx and ctx.meta == {}
    with pytest.raises(OSError):
        ctx.close()
    assert order == ["third", "second", "first"]  # the last first, each even after a failure


def test_echo_takes_colour_codes_out_of_a_pipe_as_typer_does(
        capsys: pytest.CaptureFixture[str]) -> None:
    echo("\033[1m粗\033[0m体")
    echo("错", err=True)
    printed = capsys.readouterr()
    assert (printed.out, printed.err) == ("粗体\n", "错\n")


def test_a_kept_line_loads_none_of_what_only_typer_or_a_writer_needs(school: Path) -> None:
    # The school's daily commands at Python's floor (docs/performance.md): no command-line
    # library, no validator or parser, no table library, no OpenSSL, no writer's modules.
    code = ("import runpy, sys\n"
            "try:\n    runpy.run_module('liushou_cli', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "heavy = ('typer', 'click', 'pydantic', 'ruamel', 'yaml', 'rich', 'hashlib',\n"
            "         '_hashlib', 'tempfile', 'shutil', 'calendar', 'signal', 'multiprocessing')\n"
            "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n")
    age(school)  # files old enough for the cache to trust (a recent one is read again)
    for argv in (("report", "--overdue", *AS_OF, "-f", "csv"), ("child", "list", "-f", "csv"),
                 ("child", "show", "c0001", "-f", "json")):
        line = [sys.executable, "-c", code, "--data", str(school), *argv]
        for _ in range(2):  # typer's run keeps the parse and fills the cache; then warm
            subprocess.run(line, capture_output=True, check=True, timeout=120)
        done = subprocess.run(line, capture_output=True, text=True, check=True, timeout=120)
        assert done.stderr.endswith("[]"), (argv, done.stderr)


def test_a_kept_line_run_in_this_process_is_typer_s_run(
        school: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The kept parse's values reach the command as typer gave them: the folder (--data), the
    # language, --quiet, the command's own options; a run that ends well is status 0 (None
    # would send the line to typer as well, printing it twice).
    monkeypatch.chdir(school.parent)
    line = _kept(school.parent)
    line.keep("child list", {"data": school.name, "lang": "en", "no_cache": False,
                             "quiet": True}, vars(ChildListLine(klass="7-1", fmt="csv")))
    assert keptline.run_kept_line(line) == 0
    printed = capsys.readouterr()
    typer = run(school, "--lang", "en", "child", "list", "--class", "7-1", "-f", "csv")
    assert (printed.out, printed.err) == (typer.stdout, typer.stderr)
    assert printed.out.startswith("id,") and "c0001" in printed.out
    line.keep("child show", {**ROOT, "data": None, "lang": "en"}, vars(ChildShowLine("c0009")))
    monkeypatch.chdir(school)  # no --data: the folder found from where the command runs
    assert keptline.run_kept_line(line) == ExitStatus.PROBLEM
    assert capsys.readouterr().err == "no child “c0009”\n"


def test_the_kept_global_options_begin_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.cli import rootenv

    begun: list[dict[str, object]] = []
    monkeypatch.setattr(rootenv, "begin_root", lambda ctx, **given: begun.append(given))
    for root in ({"data": "school", "lang": "en", "no_cache": True, "quiet": True},
                 {"data": None, "lang": None, "no_cache": False, "quiet": False}):
        assert keptline._run(lambda ctx, options: None, None, root) == 0
        assert begun.pop() == {**root, "data": None if root["data"] is None
                               else Path(str(root["data"]))}


def test_a_command_s_own_exit_status_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    def exiting(code: object) -> object:
        def run(ctx: PlainContext, options: object) -> None:
            assert options == "the options"
            raise SystemExit(code)
        return run

    for code, status in ((3, 3), (ExitStatus.PROBLEM, 1), (None, 0), ("said", 1)):
        assert keptline._run(exiting(code), "the options", ROOT) == status
    assert capsys.readouterr().err == ""


def test_a_bug_s_details_when_asked_for(capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: PlainContext, options: object) -> None:
        raise RuntimeError("坏了")

    monkeypatch.setenv("LIUSHOU_DEBUG", "1")
    assert keptline._run(broken, None, ROOT) == ExitStatus.INTERNAL
    err = capsys.readouterr().err
    assert err.startswith("Traceback") and "RuntimeError: 坏了" in err
    monkeypatch.delenv("LIUSHOU_DEBUG")
    assert keptline._run(broken, None, ROOT) == ExitStatus.INTERNAL
    assert "Traceback" not in capsys.readouterr().err


def test_each_failure_is_said_as_the_root_group_says_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from liushou_cli.cli.failures import said_failure
    from liushou_cli.core.errors import InvalidRecord, Problem, SystemFailure
    from liushou_cli.core.text import Message

    def said(error: BaseException) -> tuple[list[str], int]:
        return said_failure(error, lambda: False)

    def problem(line: int) -> Problem:
        return Problem("children/c0001.yaml", line, "error", "schema",
                       Message.of("unknown_child", text="x"))

    one, two = InvalidRecord([problem(3)]), InvalidRecord([problem(3), problem(4)])
    assert said(one) == ([f"未保存：{one}"], one.exit_code)
    assert said(two) == (["未保存，原因如下：", str(two)], two.exit_code)
    assert str(two).count("\n") == 1
    assert said(SystemFailure("磁盘满了")) == (["磁盘满了"], ExitStatus.SYSTEM)
    named = said(PermissionError(13, "Permission denied", str(tmp_path / "x.yaml")))
    assert named[1] == ExitStatus.SYSTEM and str(tmp_path / "x.yaml") in named[0][0]
    assert said(OSError(28, "No space left on device"))[1] == ExitStatus.SYSTEM
    assert said(KeyboardInterrupt()) == (["已中断"], ExitStatus.INTERRUPTED)
    # A reader gone (`| head`): quiet, status 0, standard output sent nowhere after it.
    redirected: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "dup2", lambda fd, to: redirected.append((fd, to)))
    monkeypatch.setattr(sys, "stdout", open(os.devnull, "w"))  # noqa: SIM115
    assert said(BrokenPipeError()) == ([], ExitStatus.OK)
    assert redirected and redirected[0][1] == sys.stdout.fileno()
    assert isinstance(redirected[0][0], int) and redirected[0][0] >= 0
    with pytest.raises(GeneratorExit):  # not ours to say
        said(GeneratorExit())


def test_a_plain_context_holds_what_it_is_given() -> None:
    env = object()
    assert PlainContext(env).obj is env


class _Terminal:
    """A stream that says it is a terminal (or fails to say)."""

    def __init__(self, answer: bool | None) -> None:
        self.written: list[str] = []
        self.answer = answer

    def isatty(self) -> bool:
        if self.answer is None:
            raise ValueError("closed")
        return self.answer

    def write(self, text: str) -> None:
        self.written.append(text)

    def flush(self) -> None:
        pass


def test_echo_keeps_colour_codes_for_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for answer, shown in ((True, "\033[1m粗\033[0m\n"), (False, "粗\n"), (None, "粗\n")):
        stream = _Terminal(answer)
        monkeypatch.setattr(sys, "stdout", stream)
        echo("\033[1m粗\033[0m")
        assert stream.written == [shown], answer
    stream = _Terminal(True)
    monkeypatch.setattr(sys, "stdout", stream)
    echo()
    assert stream.written == ["\n"]
    monkeypatch.setattr(sys, "stderr", None)  # no console (pythonw): nothing, no error
    echo("错", err=True)


def test_the_kept_file_is_its_key_then_its_parse(tmp_path: Path) -> None:
    line = _kept(tmp_path)
    assert re.fullmatch(r"line-[0-9a-f]{24}\.json", line.path.name)
    # A word that is not UTF-8 (the shell's byte 0xff, as Python escapes it) comes back as it
    # went: the file is ASCII JSON.
    line.keep("child show", ROOT, {"child": "张小明\udcff"})
    whole = line.path.read_bytes()
    head, body = whole.split(b"\n", 2)[:2], whole.split(b"\n", 2)[2]
    assert head[0] + b"\n" == MAGIC and line.header == MAGIC + head[1] + b"\n"
    assert body.isascii() and json.loads(body)["values"] == {"child": "张小明\udcff"}
    assert line.parsed() == ("child show", ROOT, {"child": "张小明\udcff"})


def test_a_kept_file_is_written_beside_itself_and_renamed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = _kept(tmp_path)
    renamed: list[tuple[Path, Path]] = []
    original = os.replace

    def replace(source: str, target: Path) -> None:
        renamed.append((Path(source), Path(target)))
        original(source, target)

    monkeypatch.setattr(os, "replace", replace)
    line.keep("report", ROOT, {})
    # In the same folder: a rename within one disk is whole or not at all.
    [(source, target)] = renamed
    assert source.parent == target.parent == line.path.parent and source != target
    assert line.parsed() is not None


def test_a_kept_file_that_cannot_be_written_leaves_nothing_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = _kept(tmp_path)

    def refused(source: str, target: Path) -> None:
        raise PermissionError(13, "refused")

    monkeypatch.setattr(os, "replace", refused)
    line.keep("report", ROOT, {})
    assert list(line.path.parent.iterdir()) == []  # the temporary file removed
    original = os.unlink

    def gone(path: str) -> None:
        original(path)
        raise FileNotFoundError(2, "gone")

    monkeypatch.setattr(os, "unlink", gone)
    line.keep("report", ROOT, {})  # nor an error when removing it fails
    assert list(line.path.parent.iterdir()) == []


def test_typer_s_stamp_is_its_installed_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    import typer

    from liushou_cli.cli.keptfile import typer_stamp

    origin = typer.__file__
    assert origin is not None
    info = os.stat(origin)
    assert typer_stamp() == (origin, info.st_mtime_ns, info.st_size)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert typer_stamp() is None


def test_the_code_s_stamps_are_every_source_file_s(monkeypatch: pytest.MonkeyPatch) -> None:
    stamps = codedigest.package_stamp()
    here = Path(codedigest.__file__).resolve().parent.parent
    for name, mtime, size in stamps:
        info = os.stat(here / name)
        assert (mtime, size) == (info.st_mtime_ns, info.st_size), name
    assert "cli/keptline.py" in [name for name, _, _ in stamps]
    original = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).endswith("keptline.py"):
            raise OSError("gone")
        return original(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    codedigest.package_stamp.cache_clear()  # taken once a process: taken again here
    try:
        assert ("cli/keptline.py", -1, -1) in codedigest.package_stamp()
    finally:
        codedigest.package_stamp.cache_clear()
    monkeypatch.undo()
    key = codedigest.package_key()
    monkeypatch.setattr(codedigest, "__version__", "99.0.0")
    assert codedigest.package_key() != key


class _Ascii:
    """A text stream said to be in `encoding`, over bytes (`buffer`), as Python's are."""

    def __init__(self, encoding: str | None) -> None:
        self.encoding = encoding
        self.buffer = io.BytesIO()
        self.text: list[str] = []
        self.flushed = 0

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> None:
        self.text.append(text)

    def flush(self) -> None:
        self.flushed += 1


@pytest.mark.parametrize(("encoding", "as_bytes"), [
    ("ascii", True), ("US-ASCII", True), ("646", True), (None, True),
    ("utf-8", False), ("gbk", False), ("no-such-encoding", False),
])
def test_echo_writes_utf_8_where_the_stream_says_ascii(
        monkeypatch: pytest.MonkeyPatch, encoding: str | None, as_bytes: bool) -> None:
    # As typer does: a stream said to be ASCII (or to have no encoding) is misconfigured,
    # and the line goes to its bytes in UTF-8, whatever it holds.
    stream = _Ascii(encoding)
    monkeypatch.setattr(sys, "stderr", stream)
    echo("找不到学生“\udcff”", err=True)
    if as_bytes:
        assert stream.text == [] and stream.flushed == 1
        assert stream.buffer.getvalue() == "找不到学生“?”\n".encode()
    else:
        assert stream.text == ["找不到学生“\udcff”\n"] and stream.buffer.getvalue() == b""
