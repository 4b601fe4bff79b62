"""A pytest plugin for mutation runs: the same test ids in every pytest run of one process.

mutmut runs pytest several times in one process (collect, stats, clean run, each mutant).
pytest keeps the ids it made for a parametrize mark on the mark itself and, in the next run
of the same process, escapes them again: the id `--term 2022秋` is `--term 2022\\u79cb` the
first time and `--term 2022\\\\u79cb` from then on, so mutmut cannot find the tests it recorded
and stops ("not found", exit status 4). Forgetting the kept ids before each parametrization
makes every run escape once. Loaded by [tool.mutmut] pytest_add_cli_args in pyproject.toml.
"""

from __future__ import annotations

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for mark in metafunc.definition.iter_markers("parametrize"):
        source = getattr(mark, "_param_ids_from", None)
        if source is not None and getattr(source, "_param_ids_generated", None) is not None:
            object.__setattr__(source, "_param_ids_generated", None)
