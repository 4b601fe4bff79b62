"""`liushou dashboard` timed as a whole command (start-up included) on the generated schools:
warm (the cache filled by an earlier run, as on a teacher's laptop the day after) and cold
(its cache emptied first), in wall and in CPU seconds (the command's, its parsing workers'
and its page workers' together). Issue 15's targets: 2,000 children in a few seconds, 20,000
in under a minute. Prints the median, min and max wall seconds of each, the median CPU
seconds, and the machine's load average (1 minute) before and after: on a shared machine
the wall time says as much about the others' work as about liushou's.

    python benchmarks/dashboard.py --sizes 2000,20000 --runs 3

The schools come from generate.py (made once, cached); the sites and liushou's cache go to a
temporary folder, never into the school or ~/.cache.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_CACHE, DEFAULT_SEED, ensure, user_env
from run import AS_OF

TARGETS = {2_000: 5.0, 20_000: 60.0}  # seconds: "a few seconds", "under a minute"


def liushou() -> str:
    return str(Path(sys.executable).parent / "liushou")


def timed(school: Path, output: Path, cache: Path) -> tuple[float, float]:
    """Wall seconds, and CPU seconds (user and system, the parsing workers' included): on a
    shared machine the CPU time says more than the wall time."""
    env = {**user_env(), "LIUSHOU_CACHE_DIR": str(cache)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([liushou(), "--data", str(school), "dashboard", "--output", str(output),
                    "--as-of", AS_OF, "--force"], check=True, capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(school: Path, runs: int) -> dict[str, list[tuple[float, float]]]:
    times: dict[str, list[tuple[float, float]]] = {"warm": [], "cold": []}
    with tempfile.TemporaryDirectory() as work:
        cache, output = Path(work) / "cache", Path(work) / "site"
        timed(school, output, cache)  # the warm-up fills the cache
        for _ in range(runs):
            times["warm"].append(timed(school, output, cache))
            shutil.rmtree(cache)
            times["cold"].append(timed(school, output, cache))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    for size in (int(part) for part in args.sizes.split(",")):
        school, _ = ensure(args.cache, size, DEFAULT_SEED)
        load_before = os.getloadavg()[0]
        for kind, found in measure(school, args.runs).items():
            walls = [wall for wall, _ in found]
            median, cpu = statistics.median(walls), statistics.median(c for _, c in found)
            target = TARGETS.get(size)
            # The target is the time a principal waits: the wall time. The CPU time is the
            # sum over the page workers' cores, so on two cores it runs ahead of the wall;
            # on a busy machine read both beside the load average printed.
            verdict = "" if target is None else (" (target met)" if median < target
                                                 else f" (target {target:g} s missed)")
            print(f"{size} children, {kind}: median {median:.2f} s wall (min {min(walls):.2f}, "
                  f"max {max(walls):.2f}), {cpu:.2f} s CPU{verdict}", flush=True)
        print(f"{size} children: load average {load_before:.1f} before, "
              f"{os.getloadavg()[0]:.1f} after", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
