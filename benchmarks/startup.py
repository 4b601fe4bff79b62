"""Where the CPU time of one warm liushou command goes, phase by phase, in fresh processes.

    python benchmarks/startup.py                                   # report --overdue at 200
    python benchmarks/startup.py --runs 15 -- child show 2020090101
    python benchmarks/startup.py -- --help

Each run is a new Python (the interpreter's own start-up is timed apart, as `python -c pass`)
that imports, in turn and timed one by one: typer; the pydantic package; core.model (the
rest of pydantic's machinery and our model classes, their validators deferred); the root
command's modules (cli/app.py); the command's own module (from cli/commands.py); then runs the
command as `liushou` would, timing typer's checks of the option values (its pydantic
TypeAdapters) and, for `report`, the folder's load and the day's rows
(cli/report_support.duty_rows_of_day). A warm-up run fills liushou's cache (a temporary
folder) first, so the command is answered from it. Medians of the runs, in milliseconds of
CPU time (the process's own clock: on a machine shared with other work, wall time measures
the others too).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_CACHE, paths, user_env

PROBE = r"""
import io, json, sys, time
from contextlib import redirect_stdout
marks = [("start", time.process_time())]
def mark(name):
    marks.append((name, time.process_time()))
import typer
mark("import typer")
import pydantic
mark("import pydantic (the package)")
import liushou_cli.core.model
mark("core.model: pydantic's machinery, our models")
import liushou_cli.cli.app as app
mark("the root command's modules")
from liushou_cli.cli.commands import BY_NAME
spec = None  # the first word of the line that names a command
for word in sys.argv[1:]:
    if word in BY_NAME:
        spec = BY_NAME[word]
        break
if spec is not None:
    __import__(f"liushou_cli.cli.{spec.module}")
mark("the command's own modules")
spent = {"typer's checks of the option values": 0.0, "the folder and the day's rows": 0.0}
def timed(owner, name, label):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started
    setattr(owner, name, wrapper)
import typer.core
timed(typer.core._TyperParameter, "get_runtime_param", "typer's checks of the option values")
if spec is not None and spec.module == "report":
    from liushou_cli.cli import report, report_support
    timed(report_support, "duty_rows_of_day", "the folder and the day's rows")
    report.duty_rows_of_day = report_support.duty_rows_of_day
sys.argv = ["liushou", *sys.argv[1:]]
with redirect_stdout(io.StringIO()):
    try:
        app.app(prog_name="liushou")
    except SystemExit:
        pass
mark("the command")
phases = {b[0]: (b[1] - a[1]) * 1000 for a, b in zip(marks, marks[1:])}
phases.update({f"  of which {k}": v * 1000 for k, v in spent.items()})
phases["total after the interpreter's start-up"] = (marks[-1][1] - marks[0][1]) * 1000
print(json.dumps(phases))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("command", nargs="*", help="the command line after `liushou --data "
                        "FOLDER` (default: report --overdue --as-of 2022-11-20 --format csv)")
    args = parser.parse_args(argv)
    folder, _, _ = paths(args.cache, args.size)
    line = args.command or ["report", "--overdue", "--as-of", "2022-11-20", "--format", "csv"]
    with tempfile.TemporaryDirectory() as cache:
        env = user_env("LIUSHOU_DATA")
        env["LIUSHOU_CACHE_DIR"] = cache
        full = line if line[0] in ("--help", "--version") else ["--data", str(folder), *line]
        runs: list[dict[str, float]] = []
        interpreter = []
        for round_ in range(args.runs + 1):  # round 0 fills the cache and the .pyc files
            done = subprocess.run([sys.executable, "-c", PROBE, *full], env=env,
                                  capture_output=True, text=True, check=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if round_:
                runs.append(json.loads(done.stdout.splitlines()[-1]))
                interpreter.append((after.ru_utime + after.ru_stime - before.ru_utime
                                    - before.ru_stime) * 1000)
    print(f"liushou {' '.join(line)}, {args.size} children, cache warm; median of {args.runs} "
          f"runs, CPU ms")
    label = "the interpreter's start-up (python -c pass)"
    print(f"{label:<52}{statistics.median(interpreter):8.1f}")
    for name in runs[0]:
        print(f"{name:<52}{statistics.median(run[name] for run in runs):8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
