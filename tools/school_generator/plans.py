"""Who each child is, decided by quota before any child is made, so that the school's shares
hold exactly: the kind of left-behind child, the guardian, level, hardship, health, key
support, gaps in the card, newcomers and children who left."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from .days import is_school_day, next_day
from .draw import chance, day_between, weighted
from .figures import (
    BOTH_AWAY_SHARE,
    COMMENT_SHARE,
    EXCELLENT_SHARE,
    GRANDPARENT_SHARE,
    HARDSHIP_SHARE,
    INCOMPLETE_SHARE,
    KEY_SUPPORT_SHARE,
    MOTHER_AWAY_SHARE,
    NEWCOMER_SHARE,
    OTHER_SHARE,
)


@dataclass
class Plan:
    left_behind_type: str = "父亲外出"
    guardian_kind: str = "parent"          # grandparent | parent | relative | sibling
    relation: str = "母亲"
    academic: str | None = "中"
    hardship: bool = False
    health: str = "健康"
    key: bool = False
    unsupervised: bool = False
    incomplete: str | None = None
    newcomer: date | None = None
    archived: date | None = None
    comment: bool = False


def make_plans(rng: random.Random, n: int, enrolled: int, archived: int) -> list[Plan]:
    plans = [Plan() for _ in range(n)]
    order = list(range(n))
    rng.shuffle(order)
    n_both = round(n * BOTH_AWAY_SHARE)
    n_mother = round(n * MOTHER_AWAY_SHARE)
    n_other = round(n * OTHER_SHARE)
    cursor = 0
    groups: dict[str, list[int]] = {}
    for kind, count in (("双亲外出", n_both), ("母亲外出", n_mother), ("其他", n_other)):
        groups[kind] = order[cursor:cursor + count]
        cursor += count
    groups["父亲外出"] = order[cursor:]
    for kind, members in groups.items():
        for i in members:
            plans[i].left_behind_type = kind

    n_gp = min(n, round(enrolled * GRANDPARENT_SHARE))
    gp_both = min(len(groups["双亲外出"]), round(n_both * 0.8))
    rest = max(0, n_gp - gp_both)
    gp_other = min(len(groups["其他"]), round(n_other * 0.45))
    gp_mother = min(len(groups["母亲外出"]), round(n_mother * 0.2))
    gp_father = min(len(groups["父亲外出"]), max(0, rest - gp_other - gp_mother))
    gp_quota = {"双亲外出": gp_both, "其他": gp_other, "母亲外出": gp_mother, "父亲外出": gp_father}
    for kind, members in groups.items():
        for position, i in enumerate(members):
            plan = plans[i]
            if position < gp_quota[kind]:
                plan.guardian_kind = "grandparent"
                plan.relation = weighted(rng, (("祖母", 40), ("祖父", 20), ("外祖母", 25),
                                               ("外祖父", 15)))
            elif kind == "双亲外出":
                plan.guardian_kind, plan.relation = (("sibling", "兄姐") if chance(rng, 0.3)
                                                     else ("relative", "亲属"))
            elif kind == "父亲外出":
                plan.guardian_kind, plan.relation = "parent", "母亲"
            elif kind == "母亲外出":
                plan.guardian_kind, plan.relation = "parent", "父亲"
            else:  # 其他: a relative, or a divorced father working nearby
                plan.guardian_kind, plan.relation = rng.choice(
                    (("parent", "父亲"), ("relative", "亲属"), ("relative", "亲属")))
    both_relatives = [i for i in groups["双亲外出"] if plans[i].guardian_kind == "relative"]
    if both_relatives:
        plans[both_relatives[0]].unsupervised = True

    shuffled = list(range(n))
    rng.shuffle(shuffled)
    n_excellent = round(n * EXCELLENT_SHARE)
    n_new = round(n * NEWCOMER_SHARE)
    for position, i in enumerate(shuffled):
        plan = plans[i]
        if position < n_excellent:
            plan.academic = "优"
        elif position < n - n_new:
            plan.academic = weighted(rng, (("良", 27), ("中", 45), ("差", 28)))
        else:  # newcomers: not yet assessed, some of them
            plan.academic = weighted(rng, (("良", 20), ("中", 40), ("差", 20), (None, 20)))
            plan.newcomer = day_between(rng, date(2022, 10, 10), date(2022, 11, 14))
            plan.newcomer = next_day(plan.newcomer, is_school_day)

    def score(i: int, weights: dict[str, float]) -> float:
        plan = plans[i]
        value = rng.random()
        value += weights.get(plan.left_behind_type, 0.0)
        value += weights.get(plan.guardian_kind, 0.0)
        return value

    hardship_weights = {"双亲外出": 0.6, "其他": 0.8, "grandparent": 0.4, "sibling": 0.5}
    for i in sorted(range(n), key=lambda i: -score(i, hardship_weights))[:round(n * HARDSHIP_SHARE)]:
        plans[i].hardship = True
    health_order = list(range(n))
    rng.shuffle(health_order)
    n_ill, n_disabled = max(1, round(n * 0.014)), max(1, round(n * 0.009))
    for position, i in enumerate(health_order):
        if position < n_ill:
            plans[i].health = "患病"
        elif position < n_ill + n_disabled:
            plans[i].health = "残疾"
        elif chance(rng, 0.06):
            plans[i].health = "一般"

    def need(i: int) -> float:
        plan = plans[i]
        value = rng.random() * 1.2
        value += 2.0 if plan.left_behind_type == "双亲外出" else 0.0
        value += 1.6 if plan.hardship else 0.0
        value += 1.8 if plan.health in ("患病", "残疾") else 0.0
        value += 3.0 if plan.unsupervised else 0.0
        value += 0.6 if plan.left_behind_type == "其他" else 0.0
        value += 0.4 if plan.academic == "差" else 0.0
        value -= 3.0 if plan.newcomer else 0.0
        return value

    for i in sorted(range(n), key=lambda i: -need(i))[:round(n * KEY_SUPPORT_SHARE)]:
        plans[i].key = True

    # Incomplete cards: mostly newcomers and non-key children (key ones are checked by 三知).
    candidates = [i for i in shuffled if not plans[i].key]
    newcomers = [i for i in candidates if plans[i].newcomer]
    others = [i for i in candidates if not plans[i].newcomer]
    n_incomplete = round(n * INCOMPLETE_SHARE)
    chosen = (newcomers[: max(1, n_incomplete // 3)] + others)[:n_incomplete]
    for i in chosen:
        plan = plans[i]
        kinds = ["parent_phone", "work_city"]
        if plan.guardian_kind != "parent":
            kinds.append("guardian_phone")
        if plan.newcomer:
            kinds += ["residence", "birth_date"]
        if plan.left_behind_type == "其他":
            kinds.remove("work_city")
        plan.incomplete = rng.choice(kinds)

    for i in rng.sample(range(n), round(n * COMMENT_SHARE)):
        plans[i].comment = True

    # Children who left this term keep their files: ordinary plans with a status.
    for _ in range(archived):
        plan = Plan(academic=weighted(rng, (("良", 30), ("中", 45), ("差", 25))))
        plan.left_behind_type = weighted(rng, (("父亲外出", 6), ("双亲外出", 3), ("母亲外出", 1)))
        if plan.left_behind_type == "双亲外出" or chance(rng, 0.2):
            plan.guardian_kind, plan.relation = "grandparent", rng.choice(("祖母", "外祖母"))
        elif plan.left_behind_type == "母亲外出":
            plan.relation = "父亲"
        left = next_day(day_between(rng, date(2022, 9, 13), date(2022, 11, 11)), is_school_day)
        plan.archived = left
        plans.append(plan)
    return plans
