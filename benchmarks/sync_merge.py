"""A pull that must merge 200 children changed on both sides: two clones of a generated
school share a bare repository (all in a temporary folder); each adds a visit to the same
200 children and commits; the first pushes; `liushou sync` on the second, which hands each
of the 200 files to our merge driver, is timed. Prints the median wall seconds.

    python benchmarks/sync_merge.py --rounds 5

The visits are appended in-process through the round-trip editor (store.edit), as
`visit add` writes them, so that setting up a round costs seconds, not 400 commands.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_CACHE, DEFAULT_SEED, ensure
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
    started = time.perf_counter()
    done = subprocess.run([liushou(), "--data", str(clones[1]), "sync"], capture_output=True,
                          text=True, check=False, env={**os.environ, "LIUSHOU_USER": "bench"})
    spent = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"sync failed ({done.returncode}): {done.stdout}{done.stderr}")
    for name, _ in children:  # a fast sync that lost a visit would measure nothing
        text = (clones[1] / "children" / name).read_text(encoding="utf-8")
        if "王老师看到的" not in text or "李老师看到的" not in text:
            raise SystemExit(f"{name}: a visit is missing after the merge")
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    school, _ = ensure(args.cache, CHILDREN, DEFAULT_SEED)
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
