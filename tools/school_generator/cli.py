"""The generator's command line: `python tools/generate_school.py FOLDER [--children N] ...`
writes a school and prints what it holds; a bad argument or a folder it must not touch gets
one line and status 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .figures import DEFAULT_CHILDREN, DEFAULT_SCHOOL
from .school import generate_school


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a realistic example school for liushou: seeded, deterministic, "
                    "scalable.")
    parser.add_argument("folder", type=Path, help="the data folder to create")
    parser.add_argument("--children", type=int, default=DEFAULT_CHILDREN,
                        help="active left-behind children (default 213)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--school", default=DEFAULT_SCHOOL)
    parser.add_argument("--enrolled", type=int, default=None,
                        help="enrolled students (default: the default school's ratio, 557 for 213)")
    parser.add_argument("--force", action="store_true", help="empty the folder first")
    parser.add_argument("--census-finished", action="store_true",
                        help="every class has finished the autumn census (default: one has not)")
    args = parser.parse_args(argv)
    try:
        summary = generate_school(args.folder, children=args.children, seed=args.seed,
                                  school=args.school, enrolled=args.enrolled, force=args.force,
                                  census_finished=args.census_finished)
    except (FileExistsError, ValueError) as error:
        print(f"generate_school: {error}", file=sys.stderr)
        return 2
    for line in summary.lines():
        print(line)
    return 0
