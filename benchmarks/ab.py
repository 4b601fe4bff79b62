"""Compare the report of two versions of liushou on a shared, noisy machine: the same
commands for both, interleaved round by round (the order alternating), so that both see the
same load. Prints the medians of wall and CPU seconds (user + system) and their ratios.

    git archive HEAD~3 src | tar -x -C /tmp/before
    python benchmarks/ab.py --before /tmp/before/src --after src --size 2000 --rounds 7

Modes: warm (the cache filled), afteradd (one line added to one child file of a copy of the
school before each run), newday (each round the morning after the last round's, as in
run.py: a version that keeps a child's rows while they hold re-derives only those that
turned; going back a day would work them all out again), morning (the first report of
one day, --morning's second, after a warm report of another, its first: every round from a
copy of that evening's cache, made once for each version, untimed; the two versions' csv
must be the same), cold (the
cache emptied before each run), and the other reading commands with their cache warm:
stats, caseload, incomplete, list (`child list`), check, export. Round 0 is a warm-up and is
not counted. The schools come from generate.py; each version gets its own cache folders in a
temporary folder.
"""

from __future__ import annotations

import argparse
import datetime
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

from generate import DEFAULT_CACHE, paths, user_env

AS_OF = "2022-11-20"
MORNING = datetime.date(2022, 11, 28)  # the Monday after the benchmark schools' last record


def report(data: Path, as_of: str = AS_OF) -> list[str]:
    return [sys.executable, "-m", "liushou_cli", "--data", str(data), "report", "--overdue",
            "--as-of", as_of, "--format", "csv"]


def reading(data: Path, output: Path) -> dict[str, list[str]]:
    """The other reading commands, each a mode of its own (its cache warm)."""
    start = [sys.executable, "-m", "liushou_cli", "--data", str(data)]
    return {
        "stats": [*start, "report", "--stats", "--as-of", AS_OF],
        "caseload": [*start, "report", "--caseload", "--as-of", AS_OF],
        "incomplete": [*start, "report", "--incomplete", "--as-of", AS_OF, "--format", "csv"],
        "list": [*start, "child", "list", "--format", "csv"],
        "check": [*start, "check"],
        "export": [*start, "export", "-o", str(output), "--force"],
    }


def timed(tree: Path, argv: list[str], cache: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `argv` with `tree` first on the path."""
    env = user_env()
    env["PYTHONPATH"], env["LIUSHOU_CACHE_DIR"] = str(tree), str(cache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    status = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL).returncode
    # check exits 1 when it finds errors (the benchmark schools have some): not a failure
    if status not in ((0, 1) if argv[-1] == "check" else (0,)):
        raise subprocess.CalledProcessError(status, argv)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="a src folder")
    parser.add_argument("--after", type=Path, required=True, help="another src folder")
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--modes", default="warm,afteradd,newday,cold")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--morning", default="2022-11-30,2022-12-01",
                        help="the evening and the morning of the morning mode (default: the "
                             "morning after November's deadline)")
    args = parser.parse_args()
    evening, morning = args.morning.split(",")
    folder = paths(args.cache, args.size)[0]
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    modes = args.modes.split(",")
    times: dict[tuple[str, str], list[tuple[float, float]]] = {
        (mode, name): [] for mode in modes for name in trees}
    with tempfile.TemporaryDirectory(dir=args.cache, prefix=f"{args.size}-ab-") as tmp:
        work = Path(tmp)
        copies = {name: work / f"copy-{name}" for name in trees}
        for copy in copies.values():
            shutil.copytree(folder, copy)
        child = sorted((folder / "children").glob("*.yaml"))[0].name
        others = reading(folder, work / "export.csv")
        eves = {name: work / f"eve-{name}" for name in trees}
        if "morning" in modes:
            for name, tree in trees.items():
                timed(tree, report(folder, evening), eves[name])
                timed(tree, report(folder, evening), eves[name])
        for round_ in range(args.rounds + 1):
            order = list(trees.items()) if round_ % 2 else list(trees.items())[::-1]
            for mode in modes:
                for name, tree in order:
                    cache = work / f"cache-{name}-{mode}"
                    argv = report(folder)
                    if mode == "newday":
                        argv = report(folder, (MORNING + datetime.timedelta(days=round_))
                                      .isoformat())
                    elif mode == "cold":
                        shutil.rmtree(cache, ignore_errors=True)
                    elif mode == "morning":
                        shutil.rmtree(cache, ignore_errors=True)
                        shutil.copytree(eves[name], cache)
                        cache.chmod(0o700)  # liushou trusts only a private cache
                        argv = report(folder, morning)
                    elif mode == "afteradd":
                        with (copies[name] / "children" / child).open("a", encoding="utf-8") as f:
                            f.write(f"# {round_}\n")
                        argv = report(copies[name])
                    elif mode in others:
                        argv = others[mode]
                    took = timed(tree, argv, cache)
                    if round_:
                        times[(mode, name)].append(took)
        if "morning" in modes:  # the same answer from each version's morning, afresh
            answers = set()
            for name, tree in trees.items():
                cache = work / f"answer-{name}"
                shutil.copytree(eves[name], cache)
                cache.chmod(0o700)
                answers.add(subprocess.run(
                    report(folder, morning), check=True, capture_output=True,
                    env={**user_env(), "PYTHONPATH": str(tree),
                         "LIUSHOU_CACHE_DIR": str(cache)}).stdout)
            print(f"the morning of {morning} after {evening}: the same csv from both: "
                  f"{len(answers) == 1}")
    print(f"{args.size} children, {args.rounds} rounds, load average after "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for mode in modes:
        medians = {name: (statistics.median(w for w, _ in times[(mode, name)]),
                          statistics.median(c for _, c in times[(mode, name)])) for name in trees}
        (wall_b, cpu_b), (wall_a, cpu_a) = medians["before"], medians["after"]
        print(f"{mode:<9} before {wall_b:7.3f} s ({cpu_b:6.2f} cpu)  after {wall_a:7.3f} s "
              f"({cpu_a:6.2f} cpu)  ratio {wall_a / wall_b:.2f} wall, {cpu_a / cpu_b:.2f} cpu")
    return 0


if __name__ == "__main__":
    sys.exit(main())
