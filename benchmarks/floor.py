"""The floor under `report --overdue`: each stage of the read path timed alone, in one process.

    python benchmarks/floor.py                     # 200, 2,000 and 20,000 children, 5 runs
    python benchmarks/floor.py --sizes 2000 --runs 3

Stages, each on what the one before produced (medians of --runs; CPU seconds of this process,
time.process_time, which other processes on a shared machine disturb less than wall time):
    read bytes   every child file read into memory (the floor of any design that reads them)
    parse        decode + liushou_cli.store.yamlio.parse_mapping (libyaml, no validation)
    validate     Child.model_validate on the parsed mappings (pydantic)
    load_dataset the real reader: read + parse + validate, problems collected
    rules        every child's duty rows (day_duties.DayDuties), as the report computes them
    pickle       every record pickled for the cache's record store (a cold run does this)
    rows + csv   report.overdue_rows and the csv text
Start-up (interpreter and imports) is not here: run.py times whole commands. With --no-gc
the cyclic garbage collector is off, as `gc.disable()` in the reader would make it.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import pickle
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_CACHE, SIZES, paths

from liushou_cli.core.model import Child
from liushou_cli.core.validators import ValidationDay
from liushou_cli.duties.day import DayDuties
from liushou_cli.duties.rows import OVERDUE_EXTRA_KEYS, OVERDUE_KEYS, overdue_rows
from liushou_cli.render.output import write_csv
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import load_dataset
from liushou_cli.store.yamlio import decode, parse_mapping

AS_OF = date(2022, 11, 20)


def timed(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The median CPU seconds of `runs` calls, and the last call's result."""
    seconds, result = [], None
    for _ in range(runs):
        started = time.process_time()
        result = work()
        seconds.append(time.process_time() - started)
    return statistics.median(seconds), result


def parse_all(raws: list[bytes]) -> list[dict[str, Any]]:
    out = []
    for raw in raws:
        text = decode(raw)
        assert isinstance(text, str)
        data = parse_mapping(text)
        assert isinstance(data, dict)
        out.append(data)
    return out


def csv_text(rows: Sequence[Mapping[str, Any]]) -> str:
    stream = io.StringIO()
    with contextlib.redirect_stdout(stream):
        write_csv(rows, (*OVERDUE_KEYS, *OVERDUE_EXTRA_KEYS))
    return stream.getvalue()


def stages(folder: DataFolder, runs: int) -> dict[str, float]:
    files = folder.child_files()
    found: dict[str, float] = {}
    found["read bytes"], raws = timed(runs, lambda: [path.read_bytes() for path in files])
    found["parse"], mappings = timed(runs, lambda: parse_all(raws))
    found["validate"], _ = timed(runs, lambda: [
        Child.model_validate(m, context=ValidationDay(AS_OF)) for m in mappings])
    found["load_dataset"], data = timed(runs, lambda: load_dataset(folder, today=AS_OF))
    assert data.config is not None and not data.problems
    day = DayDuties(data.config, data.staff, AS_OF, [])
    found["rules"], every = timed(runs, lambda: day.all_rows(data.children, None))
    found["pickle"], _ = timed(runs, lambda: [pickle.dumps(item.child, pickle.HIGHEST_PROTOCOL)
                                              for item in data.children])
    found["rows + csv"], _ = timed(runs, lambda: csv_text(overdue_rows(every)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--no-gc", action="store_true",
                        help="disable the cyclic garbage collector, to show what it costs")
    args = parser.parse_args(argv)
    if args.no_gc:
        gc.disable()
    sizes = [int(s) for s in args.sizes.split(",")]
    table = {size: stages(DataFolder(paths(args.cache, size)[0]), args.runs) for size in sizes}
    print(f"{'stage (median cpu s)':<22}" + "".join(f"{size:>10}" for size in sizes))
    for stage in table[sizes[0]]:
        print(f"{stage:<22}" + "".join(f"{table[size][stage]:>10.3f}" for size in sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
