"""`liushou check` for the support records: teachers named in pairings, plans, cases and care
must be in staff.yaml; the card's proxy_parent must agree with the open 代理家长 pairing; no
volunteer tutor beyond the school's limit; activity files must load and name known children.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_cli.core.errors import Problem
from liushou_cli.core.text import Label, Message, Shown
from liushou_cli.duties.rules import key_support_on
from liushou_cli.store.activities import activity_refs
from liushou_cli.store.read import Dataset
from liushou_cli.store.yamlio import line_in_file

if TYPE_CHECKING:
    from liushou_cli.core.model import Child

Loc = tuple[int | str, ...]


def staff_refs(child: Child) -> Iterator[tuple[Loc, str, str]]:
    """(location in the file, label key, staff id) for every teacher the support records name."""
    for i, change in enumerate(child.key_support_history):
        if change.by:
            yield ("key_support_history", i, "by"), "key_support_history.by", change.by
    for i, pairing in enumerate(child.pairings):
        if pairing.staff:
            yield ("pairings", i, "staff"), "pairings.staff", pairing.staff
        if pairing.by:
            yield ("pairings", i, "by"), "pairings.by", pairing.by
    for i, plan in enumerate(child.learning_plans):
        yield ("learning_plans", i, "teacher"), "learning_plans.teacher", plan.teacher
        for j, check in enumerate(plan.checks):
            for k, who in enumerate(check.by):
                yield ("learning_plans", i, "checks", j, "by", k), "learning_plans.checks.by", who
    for i, case in enumerate(child.individual_plans):
        if case.by:
            yield ("individual_plans", i, "by"), "individual_plans.by", case.by
        if case.plan is not None:
            yield (("individual_plans", i, "plan", "teacher"), "individual_plans.plan.teacher",
                   case.plan.teacher)
            if case.plan.by:
                yield ("individual_plans", i, "plan", "by"), "individual_plans.plan.by", case.plan.by
        for j, review in enumerate(case.reviews):
            for k, who in enumerate(review.by):
                yield (("individual_plans", i, "reviews", j, "by", k),
                       "individual_plans.reviews.by", who)
    for i, record in enumerate(child.care):
        for k, who in enumerate(record.by):
            yield ("care", i, "by", k), "care.by", who
        if record.follow_up_by:
            yield ("care", i, "follow_up_by"), "care.follow_up_by", record.follow_up_by


def child_support_problems(child: Child, rel: str, path: Path,
                           staff_ids: set[str]) -> list[Problem]:
    """One child's support records: unknown teachers, a proxy parent or key-support flag that
    disagrees with its history."""
    found: list[Problem] = []
    for loc, key, staff_id in staff_refs(child):
        if staff_id not in staff_ids:
            found.append(Problem(rel, line_in_file(path, loc), "error", "unknown_staff",
                                 Message.of("unknown_staff_ref", field=Label.of(key), id=staff_id)))
    open_proxies = [p for p in child.pairings if p.role == "代理家长" and p.ended is None]
    if len(open_proxies) > 1 or (open_proxies and child.proxy_parent != open_proxies[-1].staff):
        found.append(Problem(rel, line_in_file(path, ("proxy_parent",)), "warning", "proxy_mismatch",
                             Message.of("proxy_mismatch", card=child.proxy_parent or Message("none"),
                                        open=tuple(p.staff or "" for p in open_proxies))))
    history = child.key_support_history
    # The history's last word, as the reports read it (a change undone the same day leaves
    # the undoing in force).
    if history and key_support_on(child, date.max) != child.key_support:
        found.append(Problem(rel, line_in_file(path, ("key_support",)), "warning",
                             "key_support_mismatch",
                             Message.of("key_support_mismatch", card=Shown.of(child.key_support))))
    return found


def open_tutors(child: Child) -> tuple[str, ...]:
    """The volunteer tutors an active child has now (for the tutor limit)."""
    if not child.active:
        return ()
    return tuple(pairing.staff for pairing in child.pairings
                 if pairing.role == "义务辅导员" and pairing.ended is None and pairing.staff)


def support_problems(data: Dataset, children: Sequence[tuple[str, str, tuple[str, ...]]],
                     ) -> list[Problem]:
    """What only the whole folder shows of the support records: tutors over the limit,
    activity files that fail or name unknown children or teachers. `children` are (id,
    name, open tutors) of every child that loaded."""
    folder = data.folder
    staff_ids = {member.id for member in data.staff_facts}
    found: list[Problem] = []
    tutored: dict[str, list[str]] = defaultdict(list)
    for _, name, tutors in children:
        for staff_id in tutors:
            tutored[staff_id].append(name)
    limit = data.config.support.tutor_limit if data.config else 2
    for index, member in enumerate(data.staff_facts):
        if len(tutored.get(member.id, [])) > limit:
            found.append(Problem(folder.rel(folder.staff_path),
                                 line_in_file(folder.staff_path, ("staff", index, "id")), "warning",
                                 "tutor_over_limit",
                                 Message.of("tutor_over_limit", name=member.name,
                                            count=len(tutored[member.id]), limit=limit,
                                            children=tuple(tutored[member.id]))))
    activities, problems = activity_refs(folder, data.cache_dir)
    found += problems
    # A child whose file cannot be read is still there (its file is named by its id): check
    # says what is wrong with that file, not that the activity names a missing child.
    child_ids = ({child_id for child_id, _, _ in children}
                 | {path.stem for path in data.unreadable_children})
    for path, refs in activities:
        rel = folder.rel(path)
        for key, named in (("children", refs.children), ("guardians", refs.guardians)):
            for position, child_id in enumerate(named):
                if child_id not in child_ids:
                    found.append(Problem(rel, line_in_file(path, (key, position)), "warning",
                                         "unknown_child",
                                         Message.of("activity_unknown_child", id=child_id,
                                                    field=Label.of(key))))
        for position, staff_id in enumerate(refs.by):
            if staff_id not in staff_ids:
                found.append(Problem(rel, line_in_file(path, ("by", position)), "error",
                                     "unknown_staff",
                                     Message.of("unknown_staff_ref", field=Label.of("by_name"),
                                                id=staff_id)))
    return found
