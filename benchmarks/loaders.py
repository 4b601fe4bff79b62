"""Other YAML loaders against ours: how fast each reads a benchmark school's child files on
one core, and whether each reads mutated files as ours does (docs/performance.md, "From
nothing: other YAML loaders").

    python -m pip install ryaml yaml-rs          # the candidates (not liushou's dependencies)
    python benchmarks/loaders.py                 # 20,000 children, 3 runs, 5,000 mutations
    python benchmarks/loaders.py --size 2000 --runs 5 --mutations 50000 --seed 2

Speed: CPU seconds (time.process_time, the cyclic collector off) to turn every child file's
text into Python values, medians of --runs. Agreement: each file of the 200-children school
and of data-example mutated one to three times (a YAML character or word inserted, replaced
or deleted, seeded), then read by ours and by the candidate behind the guard a fast path
would need: a text with anything the two schemas take differently (hex, octal, binary or
underscored integers, leading zeros, exponents, .inf/.nan, tags, anchors, YAML 1.1 line
breaks, a byte-order mark) and every text the candidate refuses or reads as anything but one
mapping goes to ours. A disagreement is a text both accept and read differently, or one the
candidate accepts and ours refuses: a file a teacher broke that a report would read anyway.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_CACHE, paths

from liushou_cli.store.yamlio import ParseFailure, decode, parse_mapping

EXAMPLE = Path(__file__).resolve().parent.parent / "data-example"

# Where the two schemas differ, or the candidate may be more lenient than libyaml: ours reads.
GUARD = re.compile(r"0[xX][0-9a-fA-F]|0[oO][0-7]|0[bB][01]|\d_|_\d|\d[eE][-+]?\d"
                   r"|(?<![\w.-])[-+]?0\d|\.(?:inf|Inf|INF|nan|NaN|NAN)"
                   r"|[!&\x85\u2028\u2029\ufeff]")

PIECES = [":", " ", "  ", "\t", "-", "- ", "'", '"', "#", "[", "]", "{", "}", ",", "\n", "|",
          ">", "?", "%", "@", "`", "\\", "*", "!", "&", "~", "0", "1", ".", "e", "x", "_",
          "null", "true", "yes", "：", "\u3000", "---", "...", "\r", "\r\n", "\x85", "\u2028",
          "0x1", "1e3", ".5", "+", "=", "<<", "\\u", "\\x", "\"\\", "---\n"]


def candidates() -> dict[str, Callable[[str], Any]]:
    """The loaders installed here, by name, each reading one text (imported by name: they
    are not liushou's dependencies, and may be absent)."""
    found: dict[str, Callable[[str], Any]] = {}
    for name, module, options in (("ryaml", "ryaml", {}),
                                  ("yaml-rs", "yaml_rs", {"parse_datetime": False})):
        try:
            loads = importlib.import_module(module).loads
        except ImportError:
            print(f"{name} is not installed: left out", file=sys.stderr)
            continue
        found[name] = functools.partial(loads, **options)
    return found


def ours(text: str) -> Any:
    return parse_mapping(text)


def guarded(loads: Callable[[str], Any]) -> Callable[[str], Any]:
    """`loads` as a fast path would use it: behind GUARD, ours for all it refuses."""
    def read(text: str) -> Any:
        if GUARD.search(text) is None:
            try:
                data = loads(text)
            except Exception:  # any refusal: ours says why
                data = None
            if type(data) is dict:
                return data
        return parse_mapping(text)
    return read


def seconds(read: Callable[[str], Any], texts: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        for text in texts:
            read(text)
        times.append(time.process_time() - started)
    return statistics.median(times)


def mutated(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        step = rng.random()
        if step < 0.4:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif step < 0.7:
            text = text[:at] + text[at + rng.randint(1, 3):]
        else:
            text = text[:at] + rng.choice(PIECES) + text[at + 1:]
    return text


def outcome(result: Any) -> tuple[str, Any]:
    if isinstance(result, ParseFailure):
        return ("refused", None)
    return ("read", repr(result))


def disagreements(read: Callable[[str], Any], texts: list[str], count: int,
                  seed: int) -> tuple[int, str | None]:
    """How many of `count` mutated texts `read` takes otherwise than ours, and the first."""
    rng = random.Random(seed)
    found, first = 0, None
    for _ in range(count):
        text = mutated(rng, rng.choice(texts))
        if outcome(read(text)) != outcome(ours(text)):
            found += 1
            first = first or text
    return found, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mutations", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    folder = paths(args.cache, args.size)[0]
    texts = []
    for path in sorted((folder / "children").glob("*.yaml")):
        text = decode(path.read_bytes())
        assert isinstance(text, str)
        texts.append(text)
    small = paths(args.cache, 200)[0]
    corpus = [path.read_text(encoding="utf-8-sig")
              for path in [*sorted((small / "children").glob("*.yaml"))[:60],
                           *sorted(EXAMPLE.rglob("*.yaml"))]]
    found = candidates()
    gc.disable()
    base = seconds(ours, texts, args.runs)
    print(f"{len(texts)} child files, CPU s (median of {args.runs}), and disagreements with "
          f"ours in {args.mutations} mutated texts (seed {args.seed})")
    print(f"{'ours (libyaml composes, our walk)':40} {base:7.3f}")
    for name, loads in found.items():
        bare = seconds(loads, texts, args.runs)
        behind = seconds(guarded(loads), texts, args.runs)
        count, first = disagreements(guarded(loads), corpus, args.mutations, args.seed)
        print(f"{name:40} {bare:7.3f}  ({base / bare:.1f}x faster; behind the guard "
              f"{behind:.3f}, {base / behind:.1f}x)  disagreements: {count}")
        if first is not None:
            print(f"    the first: {first[:200]!r}")


if __name__ == "__main__":
    main()
