"""`liushou check` leads with root causes: when liushou.yaml or staff.yaml cannot be read,
its own problem comes first and the problems that exist only because of it (every teacher
"not in staff.yaml", every class "without a class teacher") are folded into one line.

Without this, a git conflict in staff.yaml printed some 3,000 follow-on errors, with the one
line that mattered last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from liushou_cli.core.errors import Problem
from liushou_cli.i18n import t
from liushou_cli.store.read import Dataset

# Which problem codes follow from which file not being read (the first match wins when
# both are broken): with no staff list every teacher is unknown and no class has a class
# teacher; with no liushou.yaml the tutor limit is a guess.
CONSEQUENCES: tuple[tuple[str, frozenset[str]], ...] = (
    ("staff", frozenset({"unknown_staff", "no_class_teacher", "tutor_over_limit"})),
    ("config", frozenset({"tutor_over_limit"})),
)


@dataclass(frozen=True)
class Folded:
    """The problems left out because `cause` (a file of the folder) could not be read."""

    cause: str
    errors: int
    warnings: int

    @property
    def count(self) -> int:
        return self.errors + self.warnings

    def message(self) -> str:
        return t("check_folded", count=f"{self.count:,}", cause=self.cause)

    def as_dict(self) -> dict[str, object]:
        return {"cause": self.cause, "count": self.count, "errors": self.errors,
                "warnings": self.warnings, "message": self.message()}

    def as_problem_row(self) -> dict[str, object]:
        """The csv row standing for the folded problems."""
        return {"path": self.cause, "line": None,
                "severity": "error" if self.errors else "warning", "code": "folded",
                "message": self.message()}


@dataclass(frozen=True)
class CheckResult:
    """What check shows: root causes first, then what is folded, then everything else."""

    causes: list[Problem]
    folded: list[Folded]
    rest: list[Problem]

    @property
    def shown(self) -> list[Problem]:
        return [*self.causes, *self.rest]


def unreadable_roots(data: Dataset) -> dict[str, str]:
    """The folder's own files that gave no record, as kind ("config", "staff") -> path."""
    folder = data.folder
    paths = {"config": folder.rel(folder.config_path), "staff": folder.rel(folder.staff_path)}
    failed = {problem.path for problem in data.problems if problem.severity == "error"}
    return {kind: path for kind, path in paths.items() if path in failed}


def lead_with_causes(data: Dataset, problems: Sequence[Problem]) -> CheckResult:
    """`problems` (as check_dataset sorts them) split into root causes, the consequences
    folded per cause, and the rest in their order."""
    roots = unreadable_roots(data)
    if not roots:
        return CheckResult([], [], list(problems))
    loaded = set(data.problems)
    causes: list[Problem] = []
    rest: list[Problem] = []
    counts: dict[str, list[int]] = {roots[kind]: [0, 0] for kind, _ in CONSEQUENCES
                                    if kind in roots}
    for problem in problems:
        if problem.path in roots.values() and problem in loaded:
            causes.append(problem)
            continue
        cause = next((roots[kind] for kind, codes in CONSEQUENCES
                      if kind in roots and problem.code in codes), None)
        if cause is None:
            rest.append(problem)
        else:
            counts[cause][0 if problem.severity == "error" else 1] += 1
    folded = [Folded(cause, errors, warnings) for cause, (errors, warnings) in counts.items()
              if errors or warnings]
    return CheckResult(causes, folded, rest)
