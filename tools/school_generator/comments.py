"""Comments a teacher or the records keeper writes by hand in a child's file."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from typing import Any

from . import words
from .children import Kid
from .draw import chance, fill

_COMMENTS = words.load("comments")
PHONE_COMMENTS = words.texts_by(_COMMENTS["phone_comments"])   # by the guardian's relation
PARENT_PHONE_COMMENTS = words.texts(_COMMENTS["parent_phone_comments"])
GUARDIAN_BEFORE = words.texts_by(_COMMENTS["guardian_before"])  # by who keeps the child
BOARDING_COMMENTS = words.texts(_COMMENTS["boarding_comments"])
PROXY_MARKED = words.mapping(_COMMENTS["proxy_marked"])
PROXY_MARKED_WHEN = words.texts(PROXY_MARKED["when"])
PROXY_MARKED_TEXT = words.text(PROXY_MARKED["text"])


def add_comment(rng: random.Random, kid: Kid, document: Any) -> None:
    """One or two hand-written comments, placed where a person would put them."""
    record, plan = kid.record, kid.plan
    options: list[Callable[[], None]] = []
    guardian = document.get("guardian")
    if guardian is not None and "phone" in guardian:
        texts = PHONE_COMMENTS.get(plan.relation, PHONE_COMMENTS["other"])
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
        proxy_note = PROXY_MARKED_TEXT.format(when=rng.choice(PROXY_MARKED_WHEN),
                                              surname=kid.proxy.surname)
        options.append(lambda: document.yaml_add_eol_comment(proxy_note, "proxy_parent"))
    for choose in rng.sample(options, min(len(options), 1 if chance(rng, 0.75) else 2)):
        choose()
