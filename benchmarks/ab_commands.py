"""Compare the warm reading commands of two versions of liushou, interleaved round by round
(the order alternating), as ab.py does for the overdue report's modes.

    git archive HEAD~3 src | tar -x -C /tmp/before
    python benchmarks/ab_commands.py --before /tmp/before/src --after src --size 20000 \
        --commands stats,caseload,list,check,incomplete,export

Each version gets its own cache folder (a temporary one), filled by two untimed runs of each
command; then each round runs every command once per version. Prints the median wall
seconds of each and their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_CACHE, paths

AS_OF = ("--as-of", "2022-11-20")


def commands(output: Path) -> dict[str, list[str]]:
    return {
        "report": ["report", "--overdue", *AS_OF, "--format", "csv"],
        "stats": ["report", "--stats", *AS_OF],
        "caseload": ["report", "--caseload", *AS_OF],
        "incomplete": ["report", "--incomplete", *AS_OF, "--format", "csv"],
        "list": ["child", "list", "--format", "csv"],
        "check": ["check"],
        "export": ["export", "-o", str(output), "--force"],
    }


def timed(tree: Path, argv: list[str], cache: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"], env["LIUSHOU_CACHE_DIR"] = str(tree), str(cache)
    started = time.perf_counter()
    # check exits 1 when it finds errors (the benchmark schools have some): not a failure
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="a src folder")
    parser.add_argument("--after", type=Path, required=True, help="another src folder")
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--commands", default="stats,caseload,incomplete,list,check,export")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    folder = paths(args.cache, args.size)[0]
    if not folder.is_dir():
        parser.error(f"{folder} is missing: run benchmarks/generate.py first")
    with tempfile.TemporaryDirectory(prefix="liushou-ab-") as temp:
        root = Path(temp)
        known = commands(root / "export.csv")
        names = args.commands.split(",")
        unknown = [name for name in names if name not in known]
        if unknown:
            parser.error(f"unknown commands {unknown}; known: {', '.join(known)}")
        trees = {"before": args.before.resolve(), "after": args.after.resolve()}
        caches = {}
        for side in trees:
            caches[side] = root / side
            caches[side].mkdir(mode=0o700)
        argv = {name: [sys.executable, "-m", "liushou_cli", "--data", str(folder),
                       *known[name]] for name in names}
        for name in names:  # the caches filled
            for side, tree in trees.items():
                for _ in range(2):
                    timed(tree, argv[name], caches[side])
        found: dict[tuple[str, str], list[float]] = {}
        for turn in range(args.rounds):
            for name in names:
                order = list(trees) if turn % 2 == 0 else list(reversed(trees))
                for side in order:
                    found.setdefault((side, name), []).append(
                        timed(trees[side], argv[name], caches[side]))
    print(f"{args.size} children, {args.rounds} rounds, load average after "
          + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    for name in names:
        before = statistics.median(found["before", name])
        after = statistics.median(found["after", name])
        print(f"{name:11s} before {before:7.3f} s  after {after:7.3f} s  ratio {after / before:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
