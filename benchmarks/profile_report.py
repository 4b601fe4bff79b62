"""Where the time of `liushou report --overdue` goes: a cProfile of the whole command.

    python benchmarks/profile_report.py                   # 2,000 children, csv
    python benchmarks/profile_report.py --size 200 --top 30 --save /tmp/report.prof
    python benchmarks/profile_report.py --warm     # with liushou's cache of parsed files warm

First the modules the command needs are imported and timed (without the profiler); then
the command runs in this process under cProfile as the `liushou` script would run it (in
one process: the workers that parse on every core are switched off). Every
function's own time (tottime) is put into one
bucket by the file it lives in; a function of no bucket (a C function such as pydantic-core's
validator or a file read, or the standard library's) goes to the buckets of its callers, in
proportion to the time each caller spent in it. The buckets therefore add up to the profiled total. cProfile slows
Python code more than C code: read the shares together with floor.py's plain timings.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import importlib
import importlib.util
import inspect
import io
import os
import pstats
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_CACHE, paths

Func = tuple[str, int, str]  # (file, line, function name), as pstats keys them

BUCKETS: tuple[tuple[str, tuple[str, ...]], ...] = (  # first match wins
    ("import (lazy, on first use)", ("<frozen importlib", "<frozen zipimport")),
    ("YAML parse (libyaml + PyYAML constructor)", ("/yaml/", "store/yamlio.py")),
    ("pydantic validation", ("/pydantic", "liushou_cli/core/model.py", "liushou_cli/core/validators.py")),
    ("duty rules", ("liushou_cli/duties/rules.py", "liushou_cli/core/calendar.py",
                    "liushou_cli/duties/day.py", "liushou_cli/duties/support.py",
                    "liushou_cli/reports/support.py", "liushou_cli/ops/census.py")),
    ("report rows + csv/table rendering", ("liushou_cli/duties/rows.py", "liushou_cli/render/",
                                           "/rich/", "/csv.py")),
    ("reading files, listing the folder", ("/pathlib.py", "store/read.py", "store/layout.py")),
    ("liushou's cache (pickle load and save)", ("store/cache.py", "store/parallel.py")),
    ("CLI (typer, click)", ("/typer/", "/click/", "liushou_cli/cli/")),
)


def bucket_of(func: Func, stats: dict[Func, Any], depth: int = 0) -> dict[str, float]:
    """The share of each bucket in one function's own time (no bucket of its own: its callers')."""
    file, _, name = func
    if name == "<module>":
        return {BUCKETS[0][0]: 1.0}  # a module imported lazily, on first use
    for label, needles in BUCKETS:
        if any(needle in file for needle in needles):
            return {label: 1.0}
    callers = stats[func][4]
    if callers and depth < 8:
        total = sum(caller[2] for caller in callers.values()) or 1.0
        shares: dict[str, float] = defaultdict(float)
        for caller, (_, _, own, _) in callers.items():
            for label, share in bucket_of(caller, stats, depth + 1).items():
                shares[label] += share * own / total
        return shares
    return {"other": 1.0}


def import_phase() -> float:
    """Import what the report command needs, as its first run would; wall seconds.

    The command imports its core inside its body (docs/architecture.md, "Start-up cost"),
    so the modules are read from that body's `from X import` lines.
    """
    started = time.perf_counter()
    from liushou_cli.cli import report

    for module in re.findall(r"^\s+from (\S+) import", inspect.getsource(report.report), re.M):
        importlib.import_module(module)
    return time.perf_counter() - started


def profile(argv: list[str], warm: bool) -> pstats.Stats:
    """The command run under cProfile, its modules already imported; with `warm`, run once
    before, to fill liushou's cache."""
    from liushou_cli.cli.app import app

    if warm:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            app(argv, prog_name="liushou")
    profiler = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        profiler.runcall(app, argv, prog_name="liushou")
    return pstats.Stats(profiler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--format", default="csv", choices=("csv", "table", "json"))
    parser.add_argument("--top", type=int, default=15, help="also list the N costliest functions")
    parser.add_argument("--save", type=Path, help="write the raw profile here (for snakeviz)")
    parser.add_argument("--warm", action="store_true", help=(
        "profile with liushou's cache of parsed files warm (default: --no-cache, every file "
        "parsed, when the code has a cache)"))
    args = parser.parse_args(argv)
    folder = paths(args.cache, args.size)[0]
    imports = import_phase()
    if importlib.util.find_spec("liushou_cli.store.parallel") is not None:
        # Worker processes would take the parsing out of this profile: parse here.
        parallel: Any = importlib.import_module("liushou_cli.store.parallel")
        parallel.PARALLEL_MIN = sys.maxsize
    has_cache = importlib.util.find_spec("liushou_cli.store.cache") is not None
    no_cache = ["--no-cache"] if has_cache and not args.warm else []
    with tempfile.TemporaryDirectory() as cache_dir:
        os.environ["LIUSHOU_CACHE_DIR"] = cache_dir  # never the user's own cache
        stats = profile(["--data", str(folder), *no_cache, "report", "--overdue", "--as-of",
                         "2022-11-20", "--format", args.format], args.warm)
    raw: dict[Func, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values())
    buckets: dict[str, float] = defaultdict(float)
    for func, entry in raw.items():
        for label, share in bucket_of(func, raw).items():
            buckets[label] += share * entry[2]
    print(f"imports of the report command (typer, pydantic, PyYAML, ruamel, rich ...): "
          f"{imports:.3f} s, not profiled")
    print(f"report {' '.join(no_cache)} --overdue --format {args.format} at {args.size} "
          f"children{', cache warm' if args.warm else ''}, after the imports: {total:.2f} s "
          "under cProfile")
    for label, seconds in sorted(buckets.items(), key=lambda item: -item[1]):
        print(f"  {seconds:7.2f} s {100 * seconds / total:5.1f}%  {label}")
    if args.save:
        stats.dump_stats(str(args.save))
    if args.top:
        print(f"\nthe {args.top} functions with the most own time:")
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
