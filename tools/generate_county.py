#!/usr/bin/env python3
"""Generate a county for liushou: a county folder with county.yaml and N generated schools of
different sizes, one of them (or none) with its autumn census unfinished.

    python tools/generate_county.py /tmp/county                       # 3 schools: 40, 90, 160
    python tools/generate_county.py /tmp/county --sizes 200x100 --unfinished none --force

Each school is tools/school_generator's school with a seed of its own (so no two share a
child), written to schools/NN/ and listed in county.yaml by liushou's own store. --sizes
takes a list (40,90,160) or a count of equal schools (200x100: 100 schools of 200).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

if __name__ == "__main__":
    # Run as a script, Python puts tools/ on the path, not the repository that holds it.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from liushou_cli.core.county import CountySchool
from liushou_cli.store.county import COUNTY_NAME, add_school, create_county
from tools.school_generator.school import generate_school

TOWNS = ("城关", "桃洪", "六都寨", "荷香桥", "滩头", "司门前", "金石桥", "高平", "横板桥", "罗洪",
         "三阁司", "岩口", "羊古坳", "七江", "小沙江", "麻塘山", "虎形山", "鸭田", "周旺", "雨山")
DEFAULT_SIZES = (40, 90, 160)


def school_name(index: int) -> str:
    """A school's name: 城关镇中学, ..., then numbered once the towns run out."""
    town = TOWNS[index % len(TOWNS)]
    return f"{town}镇中学" if index < len(TOWNS) else f"{town}镇第{index // len(TOWNS) + 1}中学"


def parse_sizes(text: str) -> list[int]:
    """40,90,160 or 200x100 (100 schools of 200)."""
    if "x" in text:
        size, count = text.split("x", 1)
        return [int(size)] * int(count)
    return [int(part) for part in text.split(",") if part.strip()]


def generate_county(folder: Path, sizes: Sequence[int] = DEFAULT_SIZES, seed: int = 2022,
                    unfinished: int | None = 0, force: bool = False) -> list[tuple[str, Path]]:
    """The county folder `folder` with a school per size; the school at index `unfinished`
    keeps one class's census open (None: every school finished). Its schools, in order."""
    if (folder / COUNTY_NAME).exists():
        if not force:
            raise FileExistsError(f"{folder} already holds a county (use --force)")
        shutil.rmtree(folder)
    county = create_county(folder, "隆回县")
    made = []
    for index, size in enumerate(sizes):
        name, root = school_name(index), folder / "schools" / f"{index + 1:02d}"
        generate_school(root, children=size, seed=seed + index, school=name,
                        census_finished=index != unfinished)
        add_school(county, CountySchool(name=name, path=f"schools/{index + 1:02d}"))
        made.append((name, root))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a county of liushou schools.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="children per school: 40,90,160 or 200x100 (default 40,90,160)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--unfinished", default="1",
                        help="which school (1-based) keeps its census unfinished, or none")
    parser.add_argument("--force", action="store_true", help="replace an existing county")
    args = parser.parse_args(argv)
    unfinished = None if args.unfinished == "none" else int(args.unfinished) - 1
    try:
        made = generate_county(args.folder, parse_sizes(args.sizes), args.seed, unfinished,
                               args.force)
    except (FileExistsError, ValueError) as error:
        print(f"generate_county: {error}", file=sys.stderr)
        return 2
    for name, root in made:
        print(f"{name}: {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
