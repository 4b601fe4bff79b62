"""The entries of a child's timeline: talks, home visits and contacts by the class teacher and
the proxy parent, and the phrases teachers write in them."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from . import words
from .children import Kid
from .days import DAYS, HISTORY_END, WEEKS, is_free_day, is_school_day, next_day
from .draw import chance, day_between, fill, weighted
from .places import FAR_TOWNS
from .staff import Teacher


@dataclass(frozen=True)
class Scene:
    """A kind of talk, with the phrases a teacher writes for it (words/talks.yaml)."""

    topics: tuple[str, ...]
    moods: tuple[str, ...]
    agreed: tuple[str, ...]
    follow_ups: tuple[str, ...]
    months: tuple[int, ...] = (9, 10, 11)
    when: str = ""          # a condition on the child, see _fits
    weight: int = 3
    after: date | None = None
    before: date | None = None

    def fits_day(self, day: date) -> bool:
        return (day.month in self.months and (self.after is None or day > self.after)
                and (self.before is None or day < self.before))


def _scene(item: Any) -> Scene:
    fields = words.mapping(item)
    return Scene(words.texts(fields["topics"]), words.texts(fields["moods"]),
                 words.texts(fields["agreed"]), words.texts(fields.get("follow_ups", [])),
                 months=tuple(words.number(month) for month in fields.get("months", [9, 10, 11])),
                 when=words.text(fields.get("when", "")),
                 weight=words.number(fields.get("weight", 3)),
                 after=DAYS[fields["after"]] if "after" in fields else None,
                 before=DAYS[fields["before"]] if "before" in fields else None)


_TALKS = words.load("talks")
TALK_SCENES = tuple(_scene(item) for item in _TALKS["scenes"])
PROXY_SCENE = _scene(_TALKS["proxy_scene"])

_VISITS = words.load("visits")
MEETS = words.texts_by(_VISITS["meets"])           # whom a home visit met, by guardian
FINDINGS = words.texts_by(_VISITS["findings"])
REMOTE_FINDINGS = words.texts(_VISITS["remote_findings"])
VISIT_FOLLOW_UPS = words.texts(_VISITS["follow_ups"])
SCHOOL_VISITS = words.texts(_VISITS["school_visits"])

_CONTACTS = words.load("contacts")
# Contact notes by channel: (text, first day, last day): a note only fits some weeks.
Note = tuple[str, date, date]
PARENT_NOTES: dict[str, tuple[Note, ...]] = {
    words.text(channel): tuple((words.text(note["text"]), *WEEKS[note["weeks"]]) for note in notes)
    for channel, notes in words.mapping(_CONTACTS["parent_notes"]).items()}


@dataclass(frozen=True)
class GuardianMoment:
    """An occasion to contact the guardian: when, how, and what the teacher writes."""

    weight: int
    first: date
    last: date
    channels: tuple[str, ...]
    text: str


GUARDIAN_MOMENTS = tuple(
    GuardianMoment(words.number(item["weight"]), *WEEKS[item["weeks"]],
                   words.texts(item["channels"]), words.text(item["text"]))
    for item in _CONTACTS["guardian_moments"])
TEACHER_NOTES = words.texts(_CONTACTS["teacher_notes"])
MID_AUTUMN_CALL = words.text(_CONTACTS["mid_autumn_call"])   # the note of the festival's call


# ---- events ---------------------------------------------------------------------------------------------
class Timeline:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def scene(self, kid: Kid, day: date) -> Scene:
        fitting = [scene for scene in TALK_SCENES if scene.fits_day(day) and _fits(kid, scene.when)]
        fitting = fitting or [TALK_SCENES[-1]]     # a day past the history: dropped later
        return weighted(self.rng, tuple((scene, scene.weight) for scene in fitting))

    def talk(self, kid: Kid, day: date, by: list[str], teacher: Teacher,
             scene: Scene | None = None) -> dict[str, Any]:
        rng = self.rng
        scene = scene or self.scene(kid, day)
        ctx = dict(kid.ctx, subj=_subject(rng, kid))
        event: dict[str, Any] = {"type": "谈心", "date": day, "by": by,
                                 "topic": fill(rng.choice(scene.topics), ctx)}
        if chance(rng, 0.6 + 0.35 * teacher.thorough):
            event["mood"] = fill(rng.choice(scene.moods), ctx)
        if scene.agreed and chance(rng, 0.25 + 0.55 * teacher.thorough):
            event["agreed"] = fill(rng.choice(scene.agreed), ctx)
        if scene.follow_ups and chance(rng, 0.1 + 0.4 * teacher.thorough):
            event["follow_up"] = fill(rng.choice(scene.follow_ups), ctx)
        return event

    def build(self, kid: Kid, staff_by_id: dict[str, Teacher],
              visit_days: dict[tuple[str, str, str], list[date]]) -> list[dict[str, Any]]:
        rng = self.rng
        teacher = kid.klass.teacher
        assert teacher is not None
        events: list[dict[str, Any]] = []
        first = kid.start + timedelta(days=1) if kid.plan.newcomer else kid.start

        # Monthly talks by the class teacher.
        windows = {9: (date(2022, 9, 13), date(2022, 9, 30)),
                   10: (date(2022, 10, 10), date(2022, 10, 31)),
                   11: (date(2022, 11, 7), date(2022, 11, 25))}
        for month in teacher.talk_months:
            if month == 11 and not chance(rng, teacher.november_done):
                continue
            if not chance(rng, 0.96):
                continue
            low, high = windows[month]
            low = max(low, first)
            if low > high:
                continue
            day = next_day(day_between(rng, low, high), is_school_day)
            events.append(self.talk(kid, day, [teacher.id], teacher))
            if chance(rng, 0.18):  # a second talk that month, following something up
                again = next_day(day + timedelta(days=rng.randint(3, 9)), is_school_day)
                events.append(self.talk(kid, again, [teacher.id], teacher))

        # Proxy-parent talks, about every half month.
        proxy = kid.proxy
        if proxy is not None:
            day = next_day(day_between(rng, max(first, date(2022, 9, 8)), date(2022, 9, 16)),
                           is_school_day)
            while day <= HISTORY_END:
                if not chance(rng, proxy.proxy_lapse * 0.3):
                    scene = PROXY_SCENE if chance(rng, 0.45) else None
                    events.append(self.talk(kid, day, [proxy.id], proxy, scene))
                gap = rng.randint(*proxy.proxy_gap)
                if chance(rng, proxy.proxy_lapse):
                    gap += rng.randint(7, 16)
                day = next_day(day + timedelta(days=gap), is_school_day)

        # Home visits, on weekends and holidays, a village at a time.
        if chance(rng, teacher.visit_rate):
            events.append(self.visit(kid, teacher, staff_by_id, visit_days))
            if events[-1]["type"] != "家访" and chance(rng, 0.3):
                events.append(self.visit(kid, teacher, staff_by_id, visit_days, remote=False))
        if chance(rng, 0.04):
            day = next_day(day_between(rng, first, HISTORY_END), is_school_day)
            events.append({"type": "到校来访", "date": day, "by": [teacher.id],
                           "met": kid.ctx["g"],
                           "found": fill(rng.choice(SCHOOL_VISITS), kid.ctx)})

        # Contacts with the parents away, every 3-6 weeks.
        if kid.away or kid.record["left_behind_type"] == "其他":
            day = day_between(rng, max(first, date(2022, 9, 2)),
                              max(first, date(2022, 9, 2)) + timedelta(days=16))
            while day <= HISTORY_END:
                by = proxy if proxy is not None and chance(rng, 0.4) else teacher
                events.append(self.parent_contact(kid, day, by))
                day += timedelta(days=rng.randint(*by.contact_gap))
            if chance(rng, 0.18) and first < date(2022, 9, 9):  # 中秋 family video call
                events.append({"type": "联系", "date": date(2022, 9, 9), "by": [teacher.id],
                               "with": "父母", "channel": "视频",
                               "notes": fill(MID_AUTUMN_CALL, kid.ctx)})

        # The guardian and the subject teachers (三沟通).
        for _ in range(weighted(rng, ((0, 18), (1, 35), (2, 30), (3, 12), (4, 5)))):
            events.append(self.guardian_contact(kid, teacher, first))
        if proxy is not None:
            for _ in range(rng.randint(1, 2)):
                events.append(self.teacher_contact(kid, proxy, first))
            if chance(rng, 0.6):
                events.append(self.guardian_contact(kid, proxy, first))
        if chance(rng, {"差": 0.5, "中": 0.2}.get(kid.plan.academic or "", 0.05)):
            events.append(self.teacher_contact(kid, teacher, first))

        last = min(kid.end, HISTORY_END)
        first = max(first, kid.record["recorded_on"])   # nothing before the file was made
        kept = [event for event in events if first <= event["date"] <= last]
        kept.sort(key=lambda event: event["date"])
        return kept

    def visit(self, kid: Kid, teacher: Teacher, staff_by_id: dict[str, Teacher],
              visit_days: dict[tuple[str, str, str], list[date]],
              remote: bool | None = None) -> dict[str, Any]:
        rng = self.rng
        far = kid.town in FAR_TOWNS
        if remote is None:
            remote = chance(rng, 0.35 if far else 0.05)
        kind = rng.choice(("电话家访", "视频家访")) if remote else "家访"
        key = (teacher.id, kid.town, kid.village)
        days = visit_days.setdefault(key, [])
        if kind == "家访" and days and chance(rng, 0.8):
            day = rng.choice(days)
        else:
            day = next_day(day_between(rng, max(kid.start, date(2022, 9, 17)),
                                       date(2022, 11, 20)), is_free_day)
            if kind == "家访":
                days.append(day)
        by = [teacher.id]
        if kind == "家访" and chance(rng, 0.35):
            others = [t for t in kid.klass.staff if t is not teacher]
            if kid.proxy is not None and kid.proxy is not teacher:
                others += [kid.proxy] * 3
            if kid.plan.hardship:
                others += [staff_by_id["T001"], staff_by_id["T004"]]
            if others:
                by.append(rng.choice(others).id)
        ctx = kid.ctx
        event: dict[str, Any] = {"type": kind, "date": day, "by": by}
        if remote:
            if chance(rng, 0.8):
                event["met"] = ctx["p"] if chance(rng, 0.5) else ctx["g"]
            event["found"] = fill(rng.choice(REMOTE_FINDINGS), ctx)
        else:
            kind_key = kid.plan.guardian_kind if kid.plan.guardian_kind in MEETS else "other"
            if chance(rng, 0.92):
                event["met"] = fill(rng.choice(MEETS[kind_key]), ctx)
            pool = FINDINGS["any"] + FINDINGS.get(kind_key, ())
            if kid.plan.hardship:
                pool = pool + FINDINGS["hardship"] * 2
            if chance(rng, 0.6 + 0.4 * teacher.thorough):
                event["found"] = fill(rng.choice(pool), ctx)
        if chance(rng, 0.2 + 0.5 * teacher.thorough):
            event["follow_up"] = fill(rng.choice(VISIT_FOLLOW_UPS), ctx)
        return event

    def parent_contact(self, kid: Kid, day: date, by: Teacher) -> dict[str, Any]:
        rng = self.rng
        channel = weighted(rng, (("电话", 45), ("微信", 35), ("视频", 20)))
        if kid.away == ("father", "mother"):
            who = rng.choice(("爸爸", "妈妈"))
        elif kid.away == ("mother",):
            who = "妈妈"
        else:
            who = "爸爸"
        ctx = dict(kid.ctx, pp=f"{kid.ctx['ta']}{who}")
        event: dict[str, Any] = {"type": "联系", "date": day, "by": [by.id], "with": "父母"}
        if chance(rng, 0.95):
            event["channel"] = channel
        notes = [text for text, low, high in PARENT_NOTES[channel] if low <= day <= high]
        if chance(rng, 0.7 + 0.3 * by.thorough):
            event["notes"] = fill(rng.choice(notes), ctx)
        return event

    def guardian_contact(self, kid: Kid, by: Teacher, first: date) -> dict[str, Any]:
        rng = self.rng
        moments = [m for m in GUARDIAN_MOMENTS if m.last >= first]
        moment = weighted(rng, tuple((m, m.weight) for m in moments)) if moments else \
            GUARDIAN_MOMENTS[1]
        day = day_between(rng, max(moment.first, first), max(moment.last, first))
        channel = rng.choice(moment.channels)
        if channel == "微信" and kid.plan.guardian_kind == "grandparent":
            channel = "电话"            # grandparents rarely use WeChat
        return {"type": "联系", "date": day, "by": [by.id], "with": "监护人", "channel": channel,
                "notes": fill(moment.text, kid.ctx)}

    def teacher_contact(self, kid: Kid, by: Teacher, first: date) -> dict[str, Any]:
        rng = self.rng
        day = next_day(day_between(rng, max(first, date(2022, 9, 19)), HISTORY_END), is_school_day)
        subject = _subject(rng, kid, exclude=by.subjects)
        ctx = dict(kid.ctx, subj=subject)
        return {"type": "联系", "date": day, "by": [by.id], "with": "任课教师", "channel": "面谈",
                "notes": fill(rng.choice(TEACHER_NOTES), ctx)}


def _fits(kid: Kid, when: str) -> bool:
    plan, record = kid.plan, kid.record
    return {
        "": True,
        "weak": plan.academic in ("中", "差"),
        "good": plan.academic in ("优", "良"),
        "boarding": bool(record.get("boarding")),
        "grade7": kid.klass.grade == "七",
        "grandparent": plan.guardian_kind == "grandparent",
        "hardship": plan.hardship,
        "ill": plan.health in ("患病", "残疾"),
    }[when]


def _subject(rng: random.Random, kid: Kid, exclude: Iterable[str] = ()) -> str:
    skip = set(exclude)
    choices = [s for s in ("数学", "英语", "语文", "物理", "数学", "英语") if s not in skip and
               s in kid.klass.subject_teacher]
    return rng.choice(choices) if choices else "数学"
