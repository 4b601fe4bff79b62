"""The exit statuses: the one enum the code raises, and the table of the user guide in both
languages, which must name exactly its members."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from liushou_cli.core.errors import ExitStatus, LiushouError, SystemFailure, UsageError

DOCS = Path(__file__).resolve().parents[1] / "docs"
ROW = re.compile(r"^\| `(\d+)` \| `([A-Z]+)` \|", re.MULTILINE)


@pytest.mark.parametrize("guide", ["guide.zh.md", "guide.en.md"])
def test_the_guide_lists_every_status_and_no_other(guide: str) -> None:
    rows = ROW.findall((DOCS / guide).read_text(encoding="utf-8"))
    assert [(int(number), name) for number, name in rows] == [
        (status.value, status.name) for status in ExitStatus]


def test_the_numbers_scripts_rely_on() -> None:
    assert [int(status) for status in ExitStatus] == [0, 1, 2, 3, 4, 130]
    assert (LiushouError.exit_code, UsageError.exit_code, SystemFailure.exit_code) == (
        ExitStatus.PROBLEM, ExitStatus.USAGE, ExitStatus.SYSTEM)
