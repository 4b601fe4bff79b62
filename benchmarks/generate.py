"""Make (or reuse) the benchmark schools, each with the same facts as a GNU recutils file beside it.

    python benchmarks/generate.py                        # /tmp/liushou-bench/{200,2000,20000}
    python benchmarks/generate.py --sizes 200 --cache /tmp/bench --seed 7

For every size N this leaves, under the cache folder:

    N/            a liushou data folder written by tools/school_generator/ (N active children,
                  about 2% more archived ones, ~9 entries each, autumn 2022)
    N.rec         the same children and entries for `recsel` (see REC_DOC)
    N.stamp.json  size, seed, digest of the generator (every file of its package, word lists
                  included) and of this script's .rec format;
                  a folder whose stamp matches is reused, any other is written anew

The .rec file is made from what liushou itself reads (store.read.load_dataset), so both
tools answer from the same facts. Importing this module is cheap (run.py, floor.py and
profile_report.py take the paths from it): liushou and the generator load only when needed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tools.school_generator; liushou_cli comes installed
GENERATOR = ROOT / "tools" / "school_generator"

# Set by a developer's or a CI machine's shell, never by a school's: PYTHONDONTWRITEBYTECODE
# would time compiling our modules on every run (pip compiles an install's once), and
# PYTHONUNBUFFERED makes every line of the output a write of its own (9,412 writes for a
# county's overdue csv where a user's process makes 129).
NOT_A_USERS = ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")


def user_env(*drop: str) -> dict[str, str]:
    """This process's environment as a user's `liushou` would run in it: without NOT_A_USERS
    and the variables in `drop`."""
    return {key: value for key, value in os.environ.items()
            if key not in NOT_A_USERS and key not in drop}


SIZES = (200, 2_000, 20_000)
DEFAULT_CACHE = Path("/tmp/liushou-bench")
DEFAULT_SEED = 2022
REC_FORMAT = 1  # bump when the .rec layout below changes

REC_DOC = """\
# liushou benchmark data as GNU recutils records (made by benchmarks/generate.py).
# Child.LastTalk is derived: the date of the child's latest talk (谈心) by a class teacher
# of the child's class (staff.yaml `leads`); LastTalkDay is the same date as a day number
# (Python date.toordinal). A child never talked with by a class teacher has neither field.
# The model question, "active children with no talk by their class teacher since D":
#   recsel -t Child -e "Status = '在读' && (#LastTalkDay = 0 || LastTalkDay < D_ORDINAL)" -P Id
"""


def generator_digest() -> str:
    """The digest of every file of the generator's package (code and word lists, by path):
    any change to what it writes changes it."""
    digest = hashlib.sha256()
    for path in sorted(GENERATOR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            data = path.read_bytes()
            digest.update(f"{path.relative_to(GENERATOR).as_posix()}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def stamp_of(size: int, seed: int) -> dict[str, object]:
    return {"children": size, "seed": seed, "rec_format": REC_FORMAT,
            "generator_sha256": generator_digest()}


def paths(cache: Path, size: int) -> tuple[Path, Path, Path]:
    """The data folder, the .rec file and the stamp of one size."""
    return cache / str(size), cache / f"{size}.rec", cache / f"{size}.stamp.json"


def _field(name: str, value: object) -> str:
    text = str(value)
    return f"{name}: " + text.replace("\n", "\n+ ") + "\n"  # recutils continuation lines


def rec_text(folder: Path) -> str:
    """Classes, children and their entries as recutils records."""
    from liushou_cli.core.model import Child, Talk
    from liushou_cli.store.layout import DataFolder
    from liushou_cli.store.read import load_dataset
    from tools.school_generator.days import HISTORY_END

    data = load_dataset(DataFolder(folder), today=HISTORY_END)
    if data.problems:
        raise SystemExit(f"{folder}: {len(data.problems)} problems, e.g. {data.problems[0]}")
    teachers: dict[str, list[str]] = {}
    for member in data.staff:
        for klass in member.leads:
            teachers.setdefault(klass, []).append(member.id)
    out = [REC_DOC, "\n%rec: Class\n%key: Name\n\n"]
    for klass, ids in sorted(teachers.items()):
        out.append(_field("Name", klass) + "".join(_field("Teacher", i) for i in ids) + "\n")
    out.append("%rec: Child\n%key: Id\n\n")
    children: list[Child] = [item.child for item in data.children]
    for child in children:
        leads = set(teachers.get(child.class_name, ()))
        talks = [e.date for e in child.events if isinstance(e, Talk) and leads & set(e.by)]
        out.append(_field("Id", child.id) + _field("Name", child.name)
                   + _field("Class", child.class_name) + _field("Status", child.status)
                   + _field("KeySupport", "yes" if child.key_support else "no"))
        if child.proxy_parent:
            out.append(_field("ProxyParent", child.proxy_parent))
        if child.recorded_on:
            out.append(_field("RecordedOn", child.recorded_on.isoformat()))
        if talks:
            out.append(_field("LastTalk", max(talks).isoformat())
                       + _field("LastTalkDay", max(talks).toordinal()))
        out.append("\n")
    out.append("%rec: Entry\n%doc: one visit, talk or contact; Child is the child's Id\n\n")
    for child in children:
        for entry in child.events:
            out.append(_field("Child", child.id) + _field("Type", entry.type)
                       + _field("Date", entry.date.isoformat())
                       + "".join(_field("By", who) for who in entry.by))
            with_ = getattr(entry, "with_", None)
            out.append((_field("With", with_) if with_ else "") + "\n")
    return "".join(out)


def ensure(cache: Path, size: int, seed: int) -> tuple[Path, Path]:
    """The data folder and .rec file of one size, made unless the stamp says they exist."""
    from tools.school_generator import generate_school

    folder, rec, stamp_path = paths(cache, size)
    stamp = stamp_of(size, seed)
    if (stamp_path.is_file() and json.loads(stamp_path.read_text()) == stamp
            and (folder / "liushou.yaml").is_file() and rec.is_file()):
        print(f"{size}: reusing {folder}")
        return folder, rec
    stamp_path.unlink(missing_ok=True)
    started = time.perf_counter()
    summary = generate_school(folder, children=size, seed=seed, force=True)
    print(f"{size}: {summary.files} child files, {summary.events} entries written to {folder} "
          f"in {summary.seconds:.1f} s")
    rec.write_text(rec_text(folder), encoding="utf-8")
    stamp_path.write_text(json.dumps(stamp, indent=2) + "\n")
    print(f"{size}: {rec} written; {time.perf_counter() - started:.1f} s in all")
    return folder, rec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated numbers of children (default: %(default)s)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="folder for the schools (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        ensure(args.cache, size, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
