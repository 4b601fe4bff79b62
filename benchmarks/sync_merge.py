"""A pull that must merge 200 children changed on both sides: two clones of a generated
school share a bare repository (all in a temporary folder); each adds a visit to the same
200 children and commits; the first pushes; `liushou sync` on the second, which hands each
of the 200 files to our merge driver, is timed. Prints the median wall seconds.

    python benchmarks/sync_merge.py --rounds 5
    python benchmarks/sync_merge.py --driver 20     # one driver run, three kinds of merge

`--driver N` instead runs `liushou-merge-driver` alone N times on one generated child's
file for each of three merges (visits appended on both sides; visits on both sides, theirs
dated first; a field of the guardian changed on each side, which the model checks) and
prints the CPU milliseconds (user + system) and wall milliseconds of one run, with the
floor: a Python doing nothing and one importing the driver.

The visits are appended in-process through the round-trip editor (store.edit), as
`visit add` writes them, so that setting up a round costs seconds, not 400 commands.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_CACHE, DEFAULT_SEED, ensure, user_env
from run import AS_OF

from liushou_cli.core.model import Child
from liushou_cli.store.edit import append_to_list
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.yamlio import parse_mapping

GIT = ("git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid")
CHILDREN = 200


def liushou() -> str:
    return str(Path(sys.executable).parent / "liushou")


def git(*args: str) -> None:
    subprocess.run([*GIT, *args], check=True, capture_output=True)


def active_children(folder: Path, count: int) -> list[tuple[str, str]]:
    """The first `count` active children's files, each with a teacher of the school."""
    staff = parse_mapping((folder / "staff.yaml").read_text(encoding="utf-8"))
    assert isinstance(staff, dict)
    teacher = str(staff["staff"][0]["id"])
    found: list[tuple[str, str]] = []
    for path in sorted((folder / "children").glob("*.yaml")):
        child = parse_mapping(path.read_text(encoding="utf-8"))
        if isinstance(child, dict) and child.get("status", "在读") == "在读":
            found.append((path.name, teacher))
        if len(found) == count:
            break
    if len(found) < count:
        raise SystemExit(f"{folder}: fewer than {count} active children")
    return found


def add_visits(clone: Path, children: list[tuple[str, str]], found: str) -> None:
    folder = DataFolder(clone)
    day = datetime.date.fromisoformat(AS_OF)
    for name, teacher in children:
        append_to_list(folder, clone / "children" / name, "events",
                       {"type": "家访", "date": day, "by": teacher, "found": found}, Child, day)
    git("-C", str(clone), "commit", "-qam", f"家访 {len(children)} 人— {found}")


def one_round(school: Path, work: Path) -> float:
    seed, origin = work / "seed", work / "origin.git"
    shutil.copytree(school, seed)
    git("-C", str(seed), "init", "-q", "-b", "main")
    git("-C", str(seed), "add", "-A")
    git("-C", str(seed), "commit", "-qm", "start")
    subprocess.run([liushou(), "--data", str(seed), "git", "setup"], check=True,
                   capture_output=True)
    git("clone", "-q", "--bare", str(seed), str(origin))
    clones = [work / "wang", work / "li"]
    for clone in clones:
        git("clone", "-q", str(origin), str(clone))
        subprocess.run([liushou(), "--data", str(clone), "git", "setup"], check=True,
                       capture_output=True)
    children = active_children(seed, CHILDREN)
    add_visits(clones[0], children, "王老师看到的")
    add_visits(clones[1], children, "李老师看到的")
    git("-C", str(clones[0]), "push", "-q", "origin", "main")
    # As run.py: an installed package has its bytecode, so this machine's
    # PYTHONDONTWRITEBYTECODE would time compiling our modules in every driver run.
    env = user_env()
    started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([liushou(), "--data", str(clones[1]), "sync"], capture_output=True,
                          text=True, check=False, env={**env, "LIUSHOU_USER": "bench"})
    spent = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # sync, git and every driver run
    used = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    print(f"round: {spent:.1f} s wall, {used:.1f} s CPU", flush=True)
    if done.returncode != 0:
        raise SystemExit(f"sync failed ({done.returncode}): {done.stdout}{done.stderr}")
    for name, _ in children:  # a fast sync that lost a visit would measure nothing
        text = (clones[1] / "children" / name).read_text(encoding="utf-8")
        if "王老师看到的" not in text or "李老师看到的" not in text:
            raise SystemExit(f"{name}: a visit is missing after the merge")
    return spent


def _visit(day: str, found: str) -> str:
    return f"  - type: 家访\n    date: {day}\n    by: T001\n    found: {found}\n"


def _cost(command: list[str], runs: int, before: Callable[[], object] = lambda: None) -> str:
    """CPU and wall milliseconds of one run of `command` (the mean of `runs`)."""
    env = user_env()
    cpu = wall = 0.0
    for _ in range(runs):
        before()
        start = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        wall += time.perf_counter() - started
        end = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += (end.ru_utime + end.ru_stime) - (start.ru_utime + start.ru_stime)
    return f"{cpu / runs * 1000:.0f} ms CPU, {wall / runs * 1000:.0f} ms wall"


def driver_cost(school: Path, runs: int, work: Path) -> None:
    """One `liushou-merge-driver` run, timed alone, for three kinds of merge."""
    name, _ = active_children(school, 1)[0]
    base = (school / "children" / name).read_text(encoding="utf-8")
    guardian = parse_mapping(base)
    assert isinstance(guardian, dict) and "occupation" in guardian.get("guardian", {}), name
    job = str(guardian["guardian"]["occupation"])
    cases = {
        "visits appended on both sides": (base + _visit("2022-11-25", "王"),
                                          base + _visit("2022-11-26", "李")),
        "visits on both sides, theirs first": (base + _visit("2022-11-26", "王"),
                                               base + _visit("2022-11-25", "李")),
        "one record changed on both sides": (
            base.replace(f"occupation: {job}", "occupation: 在镇上打工", 1),
            base.replace("  health:", "  note: 腿脚不便\n  health:", 1)),
    }
    driver = str(Path(sys.executable).with_name("liushou-merge-driver"))
    files = [work / f".merge_file_{side}" for side in "OAB"]
    files[0].write_text(base, encoding="utf-8")
    for label, (ours, theirs) in cases.items():
        files[2].write_text(theirs, encoding="utf-8")
        command = [driver, *map(str, files), "7", f"children/{name}"]
        print(f"{label}: " + _cost(command, runs,
                                   functools.partial(files[1].write_text, ours, encoding="utf-8")))
    print("floor, a Python doing nothing: " + _cost([sys.executable, "-c", "pass"], runs))
    print("floor, a Python importing the driver: " + _cost(
        [sys.executable, "-c", "import liushou_cli.mergedriver"], runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--driver", type=int, metavar="N", default=0,
                        help="time the driver alone, N runs of each kind of merge")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    school, _ = ensure(args.cache, CHILDREN, DEFAULT_SEED)
    if args.driver:
        with tempfile.TemporaryDirectory() as work:
            driver_cost(school, args.driver, Path(work))
        return 0
    times = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as work:
            times.append(one_round(school, Path(work)))
    print(f"sync merging {CHILDREN} children changed on both sides: median "
          f"{statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}, "
          f"{args.rounds} rounds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
