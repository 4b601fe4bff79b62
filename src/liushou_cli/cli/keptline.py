"""A line's parse kept in the cache folder, so that a reading command typed again is run
without importing typer.

typer's import and its command objects are half of a school's daily report (0.08 s, of which
`import typer` alone is 0.04 s: docs/performance.md). What typer makes of a line, the global
options and the command's own as values, depends on nothing but the line's words and the
code: the same line parses the same until the package, typer or Python changes. So when typer
runs one of the reading commands of RUNNERS, the values it parsed are kept (`keep_line`,
called by the command as it begins), and the next time the same words come, the entry point
runs the command's function with them (`run_kept_line`): the same function typer calls,
through the same start (cli/rootenv.py) and the same end of a failure (cli/failures.py).

Only a parse is kept, never an answer: the command reads the folder as it is now, on today's
date, in the environment's language. A line is kept under everything its parse is made of
(the package's code by the stamps of its files, typer's installed files, Python's version,
the words), compared whole when read; a file that is not exactly what this code would keep
is not used, and typer parses the line as before. The files are the cache's (private, written
whole; cli/keptfile.py); no cache folder, or LIUSHOU_NO_CACHE: nothing is kept or read. Under
a test's runner nothing is expected, so nothing is kept.
"""

from __future__ import annotations

import contextlib
import importlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, get_args, get_type_hints

from liushou_cli.cli.context import PlainContext, echo
from liushou_cli.cli.keptfile import KeptFile, typer_stamp
from liushou_cli.core.environment import cache_dir_of
from liushou_cli.core.hashing import sha256
from liushou_cli.store.codedigest import package_key

# The format of a kept line's file; a file of another is not read (and is written afresh).
MAGIC = b"liushou-line-1\n"
# The commands a kept parse runs: each reads and never writes, and its options are plain
# values (a str, int, bool or None each): (module, the class of its values, its function).
RUNNERS: dict[str, tuple[str, str, str]] = {
    "report": ("liushou_cli.cli.report_run", "ReportLine", "run_report"),
    "child list": ("liushou_cli.cli.child_read", "ChildListLine", "run_list"),
    "child show": ("liushou_cli.cli.child_read", "ChildShowLine", "run_show"),
}
# The variable with which a shell asks typer (click) to complete a line instead of running it.
_COMPLETION = "_LIUSHOU_COMPLETE"
_ROOT_OPTIONS = {"data": (str, type(None)), "lang": (str, type(None)), "no_cache": (bool,),
                 "quiet": (bool,)}
_PLAIN = (str, int, bool, type(None))

_expected: list[KeptLine] = []  # the line this process's typer run may keep, if any
_root: dict[str, Any] = {}  # the global options typer parsed from it


class KeptLine(KeptFile):
    """The kept parse of one command line."""

    @classmethod
    def of_line(cls, argv: Sequence[str], environ: Mapping[str, str]) -> KeptLine | None:
        """The kept parse for the words `argv` (without the program's name); None if no
        parse may be kept (no cache folder, no cache asked for, or no words)."""
        folder = cache_dir_of(environ)
        if (not argv or folder is None or environ.get("LIUSHOU_NO_CACHE")
                or "--no-cache" in argv  # no cache asked for: no kept parse either
                or _COMPLETION in environ):  # typer answers the shell's completion instead
            return None
        made_of = repr((package_key(), typer_stamp()))
        # The words in full (repr: one line); the code by its stamps' digest, a file's name
        # from both.
        key = repr((sha256(made_of.encode()).hexdigest(), list(argv)))
        name = sha256(key.encode()).hexdigest()[:24]
        return cls(folder / f"line-{name}.json", MAGIC, key)

    def parsed(self) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
        """The command, the global options and the command's values kept for this line;
        None if none are, or they are not what keep_line writes."""
        body = self.read_kept()
        if body is None:
            return None
        try:
            found = json.loads(body)
        except (ValueError, RecursionError):  # damaged, or nested past the parser's depth
            return None
        if not isinstance(found, dict) or set(found) != {"command", "root", "values"}:
            return None
        command, root, values = found["command"], found["root"], found["values"]
        if (command not in RUNNERS or not isinstance(root, dict) or set(root) != set(_ROOT_OPTIONS)
                or any(not isinstance(root[name], kinds) for name, kinds in _ROOT_OPTIONS.items())
                or not isinstance(values, dict)
                or any(not isinstance(value, _PLAIN) for value in values.values())):
            return None
        return command, root, values

    def keep(self, command: str, root: Mapping[str, Any], values: Mapping[str, Any]) -> None:
        """Keep this line's parse (KeptFile.write_kept)."""
        # ASCII JSON: a word that is not UTF-8 (a byte the shell passed through as an
        # escaped surrogate) is kept and read back as it came.
        self.write_kept(json.dumps({"command": command, "root": dict(root),
                                    "values": dict(values)}).encode())


@contextlib.contextmanager
def expecting(line: KeptLine | None) -> Iterator[None]:
    """While the entry point runs `line` through typer: its parse is kept if the command is
    one of RUNNERS (keep_line); never after, so no other line's values are kept under it."""
    _expected[:] = [] if line is None else [line]
    _root.clear()
    try:
        yield
    finally:
        _expected.clear()
        _root.clear()


def note_root(*, data: Path | None, lang: str | None, no_cache: bool, quiet: bool) -> None:
    """The global options typer parsed (the root command, cli/app.py)."""
    _root.clear()
    _root.update(data=None if data is None else str(data), lang=lang, no_cache=no_cache,
                 quiet=quiet)


def keep_line(command: str, line: object) -> None:
    """The command `command` begins with the values `line` (a dataclass of plain values):
    kept for the line the entry point expects, if any."""
    if not _expected or not _root or command not in RUNNERS or not is_dataclass(line):
        return
    values = {each.name: getattr(line, each.name) for each in fields(line)}
    if all(isinstance(value, _PLAIN) for value in values.values()):
        _expected.pop().keep(command, _root, values)


def run_kept_line(line: KeptLine) -> int | None:
    """Run `line` from its kept parse and give its exit status; None if it has none usable
    (then typer parses it: run it `expecting` the line)."""
    parsed = line.parsed()
    if parsed is None:
        return None
    command, root, values = parsed
    module_name, class_name, function_name = RUNNERS[command]
    module = importlib.import_module(module_name)
    kind = getattr(module, class_name)
    if not _of_fields(kind, values):  # kept by other code, or edited: typer parses it afresh
        return None
    try:
        options = kind(**values)
    except ValueError:  # a value the line's class refuses (a --format no command has)
        return None
    return _run(getattr(module, function_name), options, root)


def _of_fields(kind: type, values: Mapping[str, Any]) -> bool:
    """Are `values` one of each field of the line's class `kind`, each of its type, as
    keep_line writes them?"""
    hints = get_type_hints(kind)
    names = [each.name for each in fields(kind)]
    return sorted(values) == sorted(names) and all(
        type(values[name]) in (get_args(hints[name]) or (hints[name],))
        for name in names)


def _run(function: Any, options: object, root: Mapping[str, Any]) -> int:
    """The command run as the root group runs it: begun by the root's work, its failure one
    line and a status, what it left for its end done last (after the failure's line)."""
    from liushou_cli.cli import startup
    from liushou_cli.cli.failures import debug_asked, said_failure
    from liushou_cli.cli.rootenv import begin_root

    ctx = PlainContext(None)
    status = 0
    try:
        data = root["data"]
        begin_root(ctx, data=None if data is None else Path(data), lang=root["lang"],
                   no_cache=root["no_cache"], quiet=root["quiet"])
        startup.over()
        function(ctx, options)
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    except (Exception, KeyboardInterrupt) as error:
        lines, status = said_failure(error, lambda: debug_asked(ctx.obj))
        for said in lines:
            echo(said, err=True)
    finally:
        ctx.close()
    return status
