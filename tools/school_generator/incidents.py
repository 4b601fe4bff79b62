"""Two incidents (紧急事件) of the term, written out rather than drawn: one closed (a child
found alone at home after the National Day holiday), one still open at the end of the
history (a mental-health crisis, two of its steps done). They go to two key-support
children chosen by rule, not by chance, so that no random stream moves and the rest of the
school stays byte for byte what it was; each brings the care record `liushou incident add`
opens with it (docs/incidents.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from .children import Kid

CLOSED_AT = date(2022, 10, 9)


def _teacher(kid: Kid) -> str:
    teacher = kid.klass.teacher
    return teacher.id if teacher is not None else "T004"


def _closed(kid: Kid) -> tuple[dict[str, Any], dict[str, Any]]:
    who = _teacher(kid)
    number = f"{kid.record['id']}-202210091940"
    incident = {
        "id": number, "kind": "无人监护", "at": "2022-10-09 19:40", "found_by": who, "by": who,
        "seen": "国庆假期后奶奶住院,孩子一人在家住了三天,家里没有米",
        "action": "带到学校宿舍过夜,打电话给奶奶和大伯",
        "steps": [
            {"step": "报告校长", "done_at": "2022-10-09 19:55", "by": who},
            {"step": "报告公安", "done_at": "2022-10-09 20:30", "by": who,
             "note": "派出所民警到家查看并登记"},
            {"step": "联系父母", "done_at": "2022-10-09 21:10", "by": who,
             "note": "母亲答应尽快返乡"},
            {"step": "报告乡镇", "done_at": "2022-10-10 09:00", "by": "T004"},
            {"step": "家访", "done_at": "2022-10-11 16:30", "by": who},
            {"step": "复查", "done_at": "2022-10-16 10:00", "by": who},
        ],
        "closed_at": "2022-10-20 17:00", "outcome": "母亲返乡照料,奶奶已出院;转入日常帮扶",
    }
    care = {"type": "其他帮扶", "date": CLOSED_AT, "by": [who],
            "what": "持续关注，按期回访", "follow_up_on": date(2022, 10, 23),
            "followed_up": date(2022, 10, 21), "outcome": "母亲在家照料,情况稳定"}
    return incident, care


def _open(kid: Kid) -> tuple[dict[str, Any], dict[str, Any]]:
    who = _teacher(kid)
    number = f"{kid.record['id']}-202211231640"
    incident = {
        "id": number, "kind": "心理危机", "at": "2022-11-23 16:40", "found_by": who, "by": who,
        "seen": "作文里写了不想活了,手腕上有划痕",
        "action": "留在办公室陪着,请校医处理伤口",
        "steps": [
            {"step": "报告校长", "done_at": "2022-11-23 16:55", "by": who},
            {"step": "联系监护人", "done_at": "2022-11-23 17:30", "by": who,
             "note": "奶奶来校接回"},
        ],
    }
    care = {"type": "其他帮扶", "date": date(2022, 11, 23), "by": [who],
            "what": "持续关注，按期回访", "follow_up_on": date(2022, 12, 7)}
    return incident, care


class Incidents:
    """Who has an incident: the first key-support child on record before the closed one's
    day, and the last key-support child (the school's order of classes and numbers)."""

    def __init__(self, kids: list[Kid], unmarked: set[str]) -> None:
        keyed = [kid for kid in kids if not kid.plan.archived and kid.proxy is not None
                 and kid.record["id"] not in unmarked]
        early = [kid for kid in keyed if max(kid.start, kid.record["recorded_on"]) <= CLOSED_AT]
        self.chosen: dict[str, Any] = {}
        if early:
            self.chosen[early[0].record["id"]] = _closed
        if keyed and keyed[-1].record["id"] not in self.chosen:
            self.chosen[keyed[-1].record["id"]] = _open

    def add(self, kid: Kid) -> None:
        """The child's incident and its care record, if it is one of the two."""
        make = self.chosen.get(kid.record["id"])
        if make is None:
            return
        incident, care = make(kid)
        kid.record["incidents"] = [incident]
        kid.record["care"] = sorted([*kid.record.get("care", []), care],
                                    key=lambda item: item["date"])
