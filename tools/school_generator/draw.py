"""Random draws: a weighted choice, a chance, a day between two; a total split in proportion;
a phrase filled in for a child."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

T = TypeVar("T")


def weighted(rng: random.Random, items: Sequence[tuple[T, int]]) -> T:
    total = sum(weight for _, weight in items)
    pick = rng.random() * total
    for item, weight in items:
        pick -= weight
        if pick < 0:
            return item
    return items[-1][0]


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def fill(text: str, ctx: dict[str, str]) -> str:
    return text.format_map(ctx)


def split(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights`, by largest remainder (sums exactly)."""
    whole = sum(weights)
    raw = [total * weight / whole for weight in weights]
    parts = [int(value) for value in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts
