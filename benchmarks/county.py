"""Time `liushou county report` over a county of many schools (issue 16's point 7).

    nice -n 10 python benchmarks/county.py                 # 100 schools x 200 children
    python benchmarks/county.py --schools 10 --children 200 --runs 3

The county is made once by tools/generate_county.py under /tmp/liushou-bench/county-SxC/ and
made again when the generator's digest changes. Measured, each as a subprocess (start-up
and imports count), median of --runs:

- warm: `county report --stats` and `--overdue` with the county's cache filled;
- cold: the same with the county's cache removed before each run (it is written anew);
- uncached: the same with --no-cache (nothing read from or written to any cache);
- the schools' cold reads: each school read alone, in this process, without a cache
  (reports.county_school.read_school), added up: the work a cold county run spreads over
  the cores. Peak memory (max RSS) of each command is printed beside its time.

docs/performance.md records the medians measured.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generate import DEFAULT_CACHE, generator_digest, user_env  # noqa: E402

AS_OF = "2022-11-20"


def ensure_county(schools: int, children: int) -> Path:
    from tools.generate_county import generate_county

    folder = DEFAULT_CACHE / f"county-{schools}x{children}"
    stamp = folder.with_suffix(".stamp.json")
    wanted = {"schools": schools, "children": children, "generator": generator_digest()}
    if stamp.exists() and json.loads(stamp.read_text()) == wanted and (folder / "county.yaml").exists():
        return folder
    started = time.perf_counter()
    generate_county(folder, [children] * schools, unfinished=0, force=True)
    stamp.write_text(json.dumps(wanted))
    print(f"generated {schools} schools of {children} in {time.perf_counter() - started:.0f} s")
    return folder


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one run of `argv`: the largest of its processes
    (the parent or one worker; os.wait4 gives the run's own, not the benchmark's)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=user_env())
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr.read().decode()[-500:] if proc.stderr else "failed")
    return elapsed, usage.ru_maxrss / 1024


def liushou() -> str:
    return str(Path(sys.executable).parent / "liushou")


def measure(folder: Path, kind: str, cold: bool, runs: int,
            *extra: str) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(runs):
        if cold:
            shutil.rmtree(folder / ".liushou-cache", ignore_errors=True)
        elapsed, rss = timed([liushou(), *extra, "county", "report", f"--{kind}", "--as-of",
                              AS_OF, "--county", str(folder), "-f", "csv"])
        times.append(elapsed)
        peaks.append(rss)
    return statistics.median(times), max(peaks)


def schools_cold(folder: Path) -> float:
    """The schools' cold reads, one after another in this process (no cache)."""
    from liushou_cli.reports.county_school import SchoolJob, read_school
    from liushou_cli.store.county import CountyFolder, load_county
    from liushou_cli.store.parallel import serial

    serial()  # a school's read alone, on one core: what one worker of the county does
    county = CountyFolder(folder)
    day = date.fromisoformat(AS_OF)
    started = time.perf_counter()
    for school in load_county(county).schools:
        read_school(SchoolJob(school.name, county.school_root(school), None, day, day, "stats"))
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--children", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warm-only", action="store_true", help="only the warm runs")
    args = parser.parse_args(argv)
    folder = ensure_county(args.schools, args.children)
    print(f"county: {args.schools} schools x {args.children} children ({folder})")
    for kind in ("stats", "overdue"):
        if not args.warm_only:
            cold, cold_rss = measure(folder, kind, True, args.runs)
            bare, bare_rss = measure(folder, kind, False, args.runs, "--no-cache")
            print(f"county report --{kind}: cold {cold:.2f} s ({cold_rss:.0f} MB), "
                  f"uncached {bare:.2f} s ({bare_rss:.0f} MB)")
        measure(folder, kind, False, 1)  # fill the cache
        warm, warm_rss = measure(folder, kind, False, args.runs)
        print(f"county report --{kind}: warm {warm:.2f} s ({warm_rss:.0f} MB)")
    if not args.warm_only:
        print(f"the schools' cold reads (--stats), one after another: "
              f"{schools_cold(folder):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
