"""Comments a teacher or the records keeper writes by hand in a child's file."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from typing import Any

from .children import Kid
from .draw import chance, fill

# ---- comments a teacher or the records keeper writes in a file -------------------------------------
PHONE_COMMENTS = {
    "祖母": ("奶奶耳背,有事打大伯电话", "奶奶的老人机,晚上常关机"),
    "祖父": ("爷爷不会用微信,只能打电话", "白天在地里干活,中午或晚上打"),
    "外祖母": ("外婆耳背,多打几遍", "外婆的老人机,晚上常关机"),
    "外祖父": ("外公不会用微信,只能打电话",),
    "": ("白天在地里干活,中午或晚上打", "上班时不方便接,中午打", "有事先发短信"),
}
PARENT_PHONE_COMMENTS = ("白天上班不接电话,晚上8点后打", "厂里不让带手机,下班才回",
                         "常换号,以微信为准", "在工地,信号不好,打不通就发短信")
GUARDIAN_BEFORE = {
    "grandparent": ("{g}的老伴去年过世,现在{g}一个人带", "2022年暑假起改由{g}带",
                    "{g}带着三个孙辈", "{g}身体不太好,有事多联系{p}"),
    "parent": ("{g}在家,还要照顾瘫痪的爷爷", "{g}在镇上打零工,白天不在家"),
    "other": ("父母都在外,由{g}照看", "{g}家就在隔壁"),
}
BOARDING_COMMENTS = ("周五下午由伯伯骑摩托接回", "周日下午返校", "家远,周末有时不回家")


# ---- comments ---------------------------------------------------------------------------------------------
def add_comment(rng: random.Random, kid: Kid, document: Any) -> None:
    """One or two hand-written comments, placed where a person would put them."""
    record, plan = kid.record, kid.plan
    options: list[Callable[[], None]] = []
    guardian = document.get("guardian")
    if guardian is not None and "phone" in guardian:
        texts = PHONE_COMMENTS.get(plan.relation, PHONE_COMMENTS[""])
        options.append(lambda: guardian.yaml_add_eol_comment(rng.choice(texts), "phone"))
    for who in kid.away:
        parent = document.get(who)
        if parent is not None and "phone" in parent:
            options.append(functools.partial(parent.yaml_add_eol_comment,
                                             rng.choice(PARENT_PHONE_COMMENTS), "phone"))
    if guardian is not None:
        kind = plan.guardian_kind if plan.guardian_kind in GUARDIAN_BEFORE else "other"
        texts_before = GUARDIAN_BEFORE[kind]
        options.append(lambda: document.yaml_set_comment_before_after_key(
            "guardian", before=fill(rng.choice(texts_before), kid.ctx)))
    if record.get("boarding"):
        options.append(lambda: document.yaml_add_eol_comment(rng.choice(BOARDING_COMMENTS),
                                                             "boarding"))
    if kid.proxy is not None:
        when = rng.choice(("9月9日行政会", "开学初"))
        proxy_note = f"{when}确定为重点帮扶,{kid.proxy.surname}老师任代理家长"
        options.append(lambda: document.yaml_add_eol_comment(proxy_note, "proxy_parent"))
    for choose in rng.sample(options, min(len(options), 1 if chance(rng, 0.75) else 2)):
        choose()
