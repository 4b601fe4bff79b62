"""An ordinary write with its commit against the same write without git: `visit add` on a
copy of a generated school, the copy a git repository (everything committed, our merge
driver set up) or a plain folder; runs interleaved so that both see the same load.
Prints the median wall seconds of each and their ratio, per size.

    python benchmarks/history.py --sizes 200,2000 --rounds 9

The schools come from generate.py (made once, cached); the copies live in a temporary
folder, so the cached schools are never written.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_CACHE, DEFAULT_SEED, ensure, user_env
from run import AS_OF, child_and_teacher

GIT = ("git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid")


def liushou() -> str:
    return str(Path(sys.executable).parent / "liushou")


def copies(school: Path, work: Path) -> tuple[Path, Path]:
    """A plain copy and a repository copy of `school`."""
    plain, repo = work / "plain", work / "repo"
    shutil.copytree(school, plain)
    shutil.copytree(school, repo)
    subprocess.run([*GIT, "-C", str(repo), "init", "-q"], check=True)
    subprocess.run([*GIT, "-C", str(repo), "add", "-A"], check=True)
    # Packed, as a clone is: thousands of loose objects would have a commit start git's
    # automatic gc, which then packs them in the background of the rounds being timed.
    subprocess.run([*GIT, "-c", "gc.auto=0", "-C", str(repo), "commit", "-qm", "start"],
                   check=True)
    subprocess.run([*GIT, "-C", str(repo), "gc", "-q"], check=True)
    subprocess.run([liushou(), "--data", str(repo), "git", "setup"], check=True,
                   capture_output=True)
    return plain, repo


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=user_env())
    return time.perf_counter() - started


def measure(school: Path, rounds: int) -> tuple[float, float]:
    child, teacher = child_and_teacher(school)
    with tempfile.TemporaryDirectory() as work:
        plain, repo = copies(school, Path(work))
        times: dict[Path, list[float]] = {plain: [], repo: []}
        for number in range(rounds + 1):  # round 0 warms the cache and is not counted
            order = (plain, repo) if number % 2 else (repo, plain)
            for folder in order:
                spent = timed([liushou(), "--data", str(folder), "visit", "add", child,
                               "--by", teacher, "--date", AS_OF, "--met", "祖母"])
                if number:
                    times[folder].append(spent)
        return statistics.median(times[plain]), statistics.median(times[repo])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    for size in (int(part) for part in args.sizes.split(",")):
        school, _ = ensure(args.cache, size, DEFAULT_SEED)
        plain, repo = measure(school, args.rounds)
        print(f"{size} children: visit add {plain * 1000:.0f} ms without git, "
              f"{repo * 1000:.0f} ms with the commit: {repo / plain:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
