"""Three teachers' clones of one school making random operations and syncing in random
orders through one bare repository (seeded): no entry lost or doubled (counted against a
ledger the test keeps), no textual conflict, check clean, and every clone byte-identical
after a final round. OPERATIONS a clone is chosen so the test takes about half a minute."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from liushou_cli.store.yamlio import parse_mapping
from tests.conftest import run, snapshot
from tests.test_sync import TODAY, _no_machine_git_config, clone, git, shared  # noqa: F401

OPERATIONS = 100  # a clone: 300 in all and some 40 syncs, about 45 s on two shared cores
SURNAMES = "赵钱孙"
DIGITS = "零一二三四五六七八九"
# Each clone edits its own field: different fields of one child merge without a conflict.
EDITED = ("residence", "guardian.phone", "guardian.age")
TEACHERS = ("T001", "T002", "T001")


def children(root: Path) -> dict[str, str]:
    """File id -> the child's name, in one clone."""
    found = {}
    for path in (root / "children").glob("*.yaml"):
        data = parse_mapping(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict)
        found[path.stem] = str(data["name"])
    return found


def entries(root: Path) -> Counter[str]:
    """Every visit and talk in a clone, by child name and the entry's text."""
    counted: Counter[str] = Counter()
    for path in (root / "children").glob("*.yaml"):
        data = parse_mapping(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict)
        for event in data.get("events") or []:
            counted[f"{data['name']}|{event.get('topic') or event.get('found')}"] += 1
    return counted


def numbered(step: int) -> str:
    return DIGITS[step // 100] + DIGITS[step // 10 % 10] + DIGITS[step % 10]


def operate(root: Path, number: int, step: int, chance: random.Random,
            ledger: Counter[str]) -> None:
    kind = chance.choices(("visit", "talk", "edit", "child", "staff"), (5, 5, 3, 1, 1))[0]
    teacher = TEACHERS[number]
    if kind in ("visit", "talk"):
        known = children(root)
        child_id = chance.choice(sorted(known))
        text = f"{kind}-{number}-{step}"
        # The first child was recorded in September, the ones added here on TODAY: no entry
        # may come before.
        day = (f"2022-{chance.randint(9, 11)}-{chance.randint(10, 19):02d}"
               if child_id == "c0001" else TODAY.isoformat())
        done = run(root, kind, "add", "--by", teacher, "--date", day, "--", child_id, text,
                   user=teacher, today=TODAY)
        ledger[f"{known[child_id]}|{text}"] += 1
    elif kind == "edit":
        child_id = chance.choice(sorted(children(root)))
        field = EDITED[number]
        value = {"residence": f"桃洪镇{DIGITS[step % 10]}村",
                 "guardian.phone": f"139{number}{step:07d}",
                 "guardian.age": str(50 + step % 30)}[field]
        done = run(root, "child", "edit", child_id, "--set", f"{field}={value}", today=TODAY)
    elif kind == "child":
        name = SURNAMES[number] + numbered(step)
        done = run(root, "child", "add", "--name", name, "--gender", "男", "--class", "七(1)班",
                   "--type", "双亲外出", "--guardian-name", "王奶奶", "--guardian-relation",
                   "祖母", "--guardian-phone", "13912345678", today=TODAY)
    else:
        done = run(root, "staff", "add", "--id", f"T{number + 1}{step:03d}", "--name",
                   SURNAMES[number] + "老师" + numbered(step), today=TODAY)
    assert done.exit_code == 0, (kind, done.output)


def sync(root: Path, number: int) -> None:
    done = run(root, "sync", "--commit-edits", user=TEACHERS[number], today=TODAY)
    assert done.exit_code == 0, done.output
    assert "无法自动合并" not in done.output


@pytest.mark.parametrize("seed", [13])
def test_three_clones_random_operations_lose_nothing(tmp_path: Path, school: Path,
                                                     seed: int) -> None:
    chance = random.Random(seed)
    origin = shared(tmp_path, school)
    clones = [clone(tmp_path, origin, f"teacher{number}") for number in range(3)]
    ledger: Counter[str] = Counter()
    steps = [0, 0, 0]
    while min(steps) < OPERATIONS:
        number = chance.choice([n for n in range(3) if steps[n] < OPERATIONS])
        for _ in range(chance.randint(1, 12)):
            if steps[number] < OPERATIONS:
                operate(clones[number], number, steps[number], chance, ledger)
                steps[number] += 1
        if chance.random() < 0.6:
            sync(clones[number], number)
    for _ in range(2):  # a final round, then one more so the last merge reaches everyone
        for number in chance.sample(range(3), 3):
            sync(clones[number], number)

    first = snapshot(clones[0])
    for root in clones:
        files = {name: data for name, data in snapshot(root).items()
                 if not name.startswith(".git/") and name != ".git"}
        assert files == {name: data for name, data in first.items()
                         if not name.startswith(".git/") and name != ".git"}
        assert entries(root) == ledger  # each entry once: none lost, none doubled
        assert "<<<<<<<" not in "".join(data.decode("utf-8", "replace")
                                        for data in files.values())
        checked = run(root, "check", today=TODAY)
        assert checked.exit_code == 0, checked.output
        assert git(root, "status", "--porcelain") == ""
    names = list(children(clones[0]).values())
    assert len(names) == len(set(names))  # every child added once, whatever its id became
