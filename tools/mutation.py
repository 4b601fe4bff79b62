"""Mutation testing of liushou's core: plant small bugs one at a time and see whether a test fails.

Runs mutmut (configured under [tool.mutmut] in pyproject.toml, whose `only_mutate` is the list of
core modules) on the chosen modules, then prints each module's score and every mutant that no
test caught, less the ones argued equivalent in docs/testing.md. Not part of CI: it runs the
tests that cover a function once per mutant of it, which takes tens of minutes.

    python -m pip install -e ".[mutation]"
    python tools/mutation.py                   # every core module
    python tools/mutation.py duties.rules store.atomic --diff
    python tools/mutation.py --report-only     # the last run's results, nothing run again
    python tools/mutation.py ops.roster --survivors  # after new tests: survivors and unchecked only

Exit status 0 when every module chosen scores at least --min (90 by default), else 1.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "liushou_cli"
SOURCE = Path("src") / PACKAGE
EQUIVALENTS_DOC = ROOT / "docs" / "testing.md"
# A line of docs/testing.md that argues a mutant equivalent: "- `liushou_cli.x.y__mutmut_3`: why".
_EQUIVALENT_LINE = re.compile(r"^- `(" + PACKAGE + r"\.[^`]+__mutmut_\d+)`")

# mutmut's exit codes of a mutant's test run, as its own `results` command names them.
_CAUGHT = {"killed", "timeout", "caught by type check"}
# A test run killed by a signal (mutmut's "segfault": SIGSEGV, or SIGKILL from the system when
# memory ran out) gave no verdict on its mutant: neither caught nor survived, it is run again
# by --survivors. mutmut forks each run from a process that may hold other libraries' threads.
_CRASHED = {"segfault"}


@dataclass
class ModuleScore:
    """What became of one module's mutants."""

    module: str
    statuses: Counter[str] = field(default_factory=Counter)
    survivors: list[str] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)  # no verdict yet (new or changed code)
    crashed: list[str] = field(default_factory=list)  # its run was killed: no verdict either
    # Argued equivalent in docs/testing.md but caught by a test: counted as caught, and named
    # so that the doc's line is removed (its number may now be another mutant's).
    stale: list[str] = field(default_factory=list)
    ran: bool = True  # False: mutmut has no results for the module at all

    @property
    def counted(self) -> int:
        return (sum(self.statuses.values()) - len(self.equivalent) - self.statuses["not checked"]
                - len(self.crashed))

    @property
    def caught(self) -> int:
        return sum(self.statuses[status] for status in _CAUGHT)

    @property
    def score(self) -> float:
        if not self.ran:
            return 0.0  # never run is not "nothing missed"
        if self.counted <= 0:
            # Nothing checked because mutmut stopped early is a failed run, not a perfect one.
            return 0.0 if self.statuses["not checked"] else 100.0
        return 100.0 * self.caught / self.counted


def core_modules() -> list[str]:
    """The modules under mutation, from pyproject.toml: `rules`, `store.atomic`, ..."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns: list[str] = config["tool"]["mutmut"]["only_mutate"]
    prefix = f"{SOURCE.as_posix()}/"
    return [pattern.removeprefix(prefix).removesuffix(".py").replace("/", ".")
            for pattern in patterns]


def equivalent_mutants() -> set[str]:
    """The mutants docs/testing.md argues to be equivalent, one line each."""
    if not EQUIVALENTS_DOC.exists():
        return set()
    lines = EQUIVALENTS_DOC.read_text(encoding="utf-8").splitlines()
    return {match.group(1) for line in lines if (match := _EQUIVALENT_LINE.match(line))}


def run_mutmut(targets: list[str], max_children: int | None) -> int:
    """Run mutmut on `targets` (mutant names or patterns); named mutants are run again
    even when they have a result."""
    command = [sys.executable, "-m", "mutmut", "run", *targets]
    if max_children:
        command[4:4] = ["--max-children", str(max_children)]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def status_names() -> dict[int | None, str]:
    """mutmut's own names for the exit codes of a mutant's test run."""
    from mutmut.stats import status_by_exit_code

    return dict(status_by_exit_code)


def scores(modules: list[str], equivalents: set[str]) -> list[ModuleScore]:
    status_by_exit_code = status_names()
    found = []
    for module in modules:
        meta = ROOT / "mutants" / SOURCE / (module.replace(".", "/") + ".py.meta")
        result = ModuleScore(module, ran=meta.exists())
        if meta.exists():
            exit_codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
            for name, code in sorted(exit_codes.items(), key=lambda item: _natural(item[0])):
                status = status_by_exit_code[code]
                result.statuses[status] += 1
                if status in _CAUGHT:
                    if name in equivalents:  # caught after all: its line in the doc is stale
                        result.stale.append(name)
                elif status == "not checked":
                    result.unchecked.append(name)
                elif status in _CRASHED:
                    result.crashed.append(name)
                elif name in equivalents:
                    result.equivalent.append(name)
                else:
                    result.survivors.append(name)
        found.append(result)
    return found


def _natural(name: str) -> tuple[str, int]:
    stem, _, number = name.rpartition("__mutmut_")
    return stem, int(number) if number.isdigit() else 0


def show(name: str) -> str:
    return subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=ROOT,
                          capture_output=True, text=True, check=False).stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="core modules (default: all of pyproject's)")
    parser.add_argument("--report-only", action="store_true", help="read the last run's results")
    parser.add_argument("--survivors", action="store_true",
                        help="run again only the last run's survivors and the mutants with no "
                             "verdict (after new tests, or code changed since)")
    parser.add_argument("--diff", action="store_true", help="print each survivor's change")
    parser.add_argument("--min", type=float, default=90.0, help="the score each module needs")
    parser.add_argument("--max-children", type=int, default=None, help="parallel mutant runs")
    args = parser.parse_args(argv)

    known = core_modules()
    modules = args.modules or known
    unknown = [module for module in modules if module not in known]
    if unknown:
        parser.error(f"not a core module under mutation: {', '.join(unknown)} "
                     f"(pyproject.toml's [tool.mutmut] only_mutate lists {', '.join(known)})")
    if args.survivors:
        left = [name for result in scores(modules, equivalent_mutants())
                for name in (*result.survivors, *result.unchecked, *result.crashed)]
        if left:
            run_mutmut(left, args.max_children)
    elif not args.report_only:
        run_mutmut([f"{PACKAGE}.{module}.*" for module in modules], args.max_children)

    results = scores(modules, equivalent_mutants())
    print(f"\n{'module':<24} {'mutants':>7} {'caught':>7} {'equiv.':>6} {'left':>5} {'score':>7}")
    for result in results:
        print(f"{result.module:<24} {sum(result.statuses.values()):>7} {result.caught:>7} "
              f"{len(result.equivalent):>6} {len(result.survivors):>5} {result.score:>6.1f}%")
    for result in results:
        for name in result.stale:
            print(f"listed as equivalent but caught (remove its line): {name}")
        for name in result.crashed:
            print(f"crashed, no verdict (--survivors runs it again): {name}")
        for name in result.survivors:
            print(f"\nsurvived: {name}" if args.diff else f"survived: {name}")
            if args.diff:
                print(show(name))
    failing = [result.module for result in results if result.score < args.min]
    if failing:
        print(f"\nbelow {args.min:g}%: {', '.join(failing)}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
