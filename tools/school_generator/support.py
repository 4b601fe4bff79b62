"""The support system (结对帮扶): proxy parents and volunteer tutors, pairings, learning plans
and their checks, individual plans, care records, and the term's activities."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from . import words
from .children import Kid
from .days import HISTORY_END, PARENT_MEETING, TERM_START, is_school_day, next_day
from .draw import chance, day_between, fill, weighted
from .people import Namer
from .staff import GRADES, SchoolClass, Teacher
from .timeline import MID_AUTUMN_CALL


# ---- proxy parents --------------------------------------------------------------------------------------
def assign_proxies(rng: random.Random, kids: list[Kid], staff: list[Teacher]) -> None:
    """Each key-support child gets a proxy parent who teaches them; a proxy has 2-4 children."""
    load: Counter[str] = Counter()
    proxies: list[Teacher] = []
    for kid in kids:
        if not kid.plan.key or kid.plan.archived:
            continue
        # Not a class teacher who keeps no talk records: their proxy talks would hide it.
        candidates = [t for t in kid.klass.staff if t.talk_months]
        if kid.klass.teacher is not None and kid.klass.teacher.talk_months:
            candidates.append(kid.klass.teacher)
        current = [t for t in candidates if t in proxies and load[t.id] < 3]
        if current and chance(rng, 0.75):
            chosen = rng.choice(current)
        else:
            fresh = [t for t in candidates if t not in proxies] or candidates
            chosen = rng.choice(fresh)
            if chosen not in proxies:
                proxies.append(chosen)
        load[chosen.id] += 1
        kid.proxy = chosen
        kid.record["proxy_parent"] = chosen.id
    for teacher in proxies:
        if "代理家长" not in teacher.roles:
            teacher.roles.append("代理家长")
    volunteers = [t for t in staff if "任课教师" in t.roles and t not in proxies]
    for teacher in rng.sample(volunteers, min(len(volunteers), max(1, len(staff) // 5))):
        teacher.roles.append("义务辅导员")


# ---- the support system (结对帮扶): pairings, plans, individual plans, care, activities ----------
# Drawn from a stream of its own, like the census: the rest of the school stays as it was.
KEY_MARKED = date(2022, 9, 9)            # 行政会: the key-support children and their proxies
PROXY_CHANGE = date(2022, 11, 1)
BUDDY_SHARE = 0.9
PLAN_SHARE = {"差": 0.97, "中": 0.88, "良": 0.6, "优": 0.35}
PLAN_HABITS = ((0, 80), (1, 13), (2, 7))  # plan teachers: on time / late / stop after one check
ILLNESS_SHARE = 0.06


@dataclass(frozen=True)
class Case:
    """An individual plan's story (个别教育管理方案), given to weak children in turn."""

    flagged: date
    concerns: tuple[str, ...]
    note: str
    plan_after: int | None          # days from flagging to the plan; None: no plan yet
    measures: tuple[str, ...]
    reviews_after: tuple[int, ...]  # days from the plan to each review
    reviews_kept: int               # the reviews done so far
    closed: tuple[date, str] | None


def _case(item: Any) -> Case:
    fields = words.mapping(item)
    planned = "plan_after" in fields
    return Case(words.day(fields["flagged"]), words.texts(fields["concerns"]),
                words.text(fields["note"]),
                words.number(fields["plan_after"]) if planned else None,
                words.texts(fields["measures"]) if planned else (),
                tuple(words.number(days) for days in fields["reviews_after"]) if planned else (),
                words.number(fields["reviews_kept"]) if planned else 0,
                (words.day(fields["closed"]), words.text(fields["close_reason"]))
                if "closed" in fields else None)


_SUPPORT = words.load("support")
KEY_REASONS = words.texts_by(_SUPPORT["key_reasons"])   # why a child is key support, by kind
PROXY_CHANGE_REASONS = words.texts(_SUPPORT["proxy_change_reasons"])
UNMARK_REASON = words.text(_SUPPORT["unmark_reason"])
UNMARKED = words.text(_SUPPORT["unmarked"])              # the end of the proxy parent's pairing
TUTOR_NOTES = words.texts(_SUPPORT["tutor_notes"])
BUDDY_CHANGES = words.texts(_SUPPORT["buddy_changes"])
PLAN_CONTENT = words.texts_by(_SUPPORT["plan_content"])  # by subject
PLAN_SCHEDULES = words.texts(_SUPPORT["plan_schedules"])
PLAN_GOALS = {words.text(subject): tuple(words.texts(goals) for goals in choices)
              for subject, choices in words.mapping(_SUPPORT["plan_goals"]).items()}
PLAN_RESULTS = words.texts_by(_SUPPORT["plan_results"])
NEXT_STEPS = words.texts(_SUPPORT["next_steps"])
PLAN_ENDS = words.texts(_SUPPORT["plan_ends"])
IEP_CASES = tuple(_case(item) for item in _SUPPORT["individual_plans"])
IEP_REVIEWS = words.texts(_SUPPORT["review_results"])
ILLNESS_EPISODES = tuple((words.text(item["what"]), words.text(item["treatment"]),
                          words.text(item["outcome"])) for item in _SUPPORT["illness_episodes"])
CHRONIC_ILLNESS = words.text(_SUPPORT["chronic_illness"])   # when the card names none
CHRONIC_FOLLOW_UPS = words.texts(_SUPPORT["chronic_follow_ups"])
SUBSIDIES = tuple((words.text(item["policy"]), words.amount(item["amount"]))
                  for item in _SUPPORT["subsidies"])    # a boarder's, a day pupil's
AIDS = words.texts(_SUPPORT["aids"])
ACTIVITIES = words.texts_of(_SUPPORT["activities"])      # the titles of the term's activities
CLASS_MEETINGS = words.texts(_SUPPORT["class_meeting_themes"])


class Support:
    """The school's support records, added to each child's record before it is written,
    and the activity files of the term."""

    def __init__(self, rng: random.Random, kids: list[Kid], staff: list[Teacher]) -> None:
        self.rng = rng
        self.namer = Namer(rng)
        self.kids = kids
        self.staff = staff
        self.by_id = {teacher.id: teacher for teacher in staff}
        self.tally: Counter[str] = Counter()
        active = [kid for kid in kids if not kid.plan.archived]
        keys = [kid for kid in active if kid.proxy is not None and not kid.plan.comment]
        proxies = sorted({kid.proxy.id for kid in active if kid.proxy is not None})
        # Two key-support children change proxy parent on 1 November; one stops being one.
        self.changes: dict[str, Teacher] = {}
        for kid in rng.sample(keys, min(2, len(keys))):
            assert kid.proxy is not None
            others = [self.by_id[i] for i in proxies if i != kid.proxy.id
                      and self.by_id[i] in [*kid.klass.staff, kid.klass.teacher]]
            if others:
                self.changes[kid.record["id"]] = rng.choice(others)
        rest = [kid for kid in keys if kid.record["id"] not in self.changes]
        self.unmarked = {kid.record["id"] for kid in rng.sample(rest, min(1, len(rest)))}
        # Volunteer tutors look after one or two children in the classes they teach.
        self.in_class: dict[str, list[Kid]] = defaultdict(list)
        for kid in kids:
            self.in_class[kid.klass.name].append(kid)
        self.tutors: dict[str, Teacher] = {}
        for teacher in staff:
            if "义务辅导员" not in teacher.roles:
                continue
            pool = [kid for name in teacher.teaches for kid in self.in_class[name]
                    if not kid.plan.archived and kid.record["id"] not in self.tutors]
            for kid in rng.sample(pool, min(len(pool), rng.choice((1, 2, 2)))):
                self.tutors[kid.record["id"]] = teacher
        self.habit = {teacher.id: weighted(rng, PLAN_HABITS) for teacher in staff}
        weak = [kid for kid in active if kid.plan.academic in ("差", "中")]
        cases = max(len(IEP_CASES), round(len(active) * 0.02))
        self.cases = {kid.record["id"]: IEP_CASES[i % len(IEP_CASES)]
                      for i, kid in enumerate(rng.sample(weak, min(cases, len(weak))))
                      if kid.start <= IEP_CASES[i % len(IEP_CASES)].flagged}

    def _by(self, kid: Kid) -> str:
        teacher = kid.klass.teacher
        return teacher.id if teacher is not None else "T004"

    def add(self, kid: Kid) -> None:
        """Pairings, key-support history, plans, cases and care for one child."""
        if kid.plan.archived:
            return
        rng, record, ctx = self.rng, kid.record, kid.ctx
        first = max(kid.start, record["recorded_on"])
        child_id = record["id"]
        history: list[dict[str, Any]] = []
        pairings: list[dict[str, Any]] = []
        if kid.proxy is not None:
            marked = max(KEY_MARKED, first)
            reason = self._key_reason(kid)
            history.append({"date": marked, "key_support": True, "reason": reason, "by": "T004"})
            old = self.changes.get(child_id)
            if old is not None:
                change = fill(rng.choice(PROXY_CHANGE_REASONS),
                              {"old": old.surname, "new": kid.proxy.surname})
                pairings.append({"role": "代理家长", "staff": old.id, "date": marked, "by": "T004",
                                 "ended": PROXY_CHANGE, "end_reason": change})
                pairings.append({"role": "代理家长", "staff": kid.proxy.id, "date": PROXY_CHANGE,
                                 "by": "T004"})
                # The talks before the change were the previous proxy parent's.
                for event in record["events"]:
                    if event["date"] < PROXY_CHANGE and event["by"] == [kid.proxy.id]:
                        event["by"] = [old.id]
                self.tally["proxy changes"] += 1
            else:
                pairing: dict[str, Any] = {"role": "代理家长", "staff": kid.proxy.id,
                                           "date": marked, "by": "T004"}
                if child_id in self.unmarked:
                    day = date(2022, 11, 14)
                    pairing.update(ended=day, end_reason=UNMARKED)
                    history.append({"date": day, "key_support": False,
                                    "reason": fill(UNMARK_REASON, ctx), "by": "T004"})
                    record["key_support"] = False
                    record.pop("proxy_parent", None)
                pairings.append(pairing)
            self.tally["proxy pairings"] += 1
        tutor = self.tutors.get(child_id)
        if tutor is not None:
            pairings.append({"role": "义务辅导员", "staff": tutor.id,
                             "date": max(first, date(2022, 9, 15)), "by": "T004",
                             "note": rng.choice(TUTOR_NOTES)})
            self.tally["tutor pairings"] += 1
        if chance(rng, BUDDY_SHARE):
            pairings += self._buddies(kid, first)
        pairings.sort(key=lambda p: p["date"])
        record["key_support_history"] = history
        record["pairings"] = pairings
        record["learning_plans"] = self._plans(kid, first)
        record["individual_plans"] = self._cases(kid)
        record["care"] = self._care(kid, first)

    def _key_reason(self, kid: Kid) -> str:
        plan = kid.plan
        kind = ("hardship" if plan.hardship else "ill" if plan.health in ("患病", "残疾")
                else "unsupervised" if plan.unsupervised
                else "weak" if plan.academic == "差"
                else "grandparent" if plan.guardian_kind == "grandparent" else "any")
        return fill(self.rng.choice(KEY_REASONS[kind]), kid.ctx)

    def _buddy(self, kid: Kid, day: date) -> dict[str, Any]:
        gender = kid.record["gender"]
        name = self.namer.child(self.namer.surname(), gender)
        teacher = self._by(kid)
        return {"role": "学习帮手", "buddy": name, "buddy_class": kid.klass.name, "date": day,
                "by": teacher}

    def _buddies(self, kid: Kid, first: date) -> list[dict[str, Any]]:
        rng = self.rng
        day = next_day(max(first, date(2022, 9, 13)) + timedelta(days=rng.randint(0, 8)),
                       is_school_day)
        found = [self._buddy(kid, day)]
        if chance(rng, 0.04):
            change = next_day(day_between(rng, max(day + timedelta(days=14), date(2022, 10, 10)),
                                          max(day + timedelta(days=14), date(2022, 11, 4))),
                              is_school_day)
            found[0].update(ended=change, end_reason=rng.choice(BUDDY_CHANGES))
            found.append(self._buddy(kid, change))
        self.tally["buddy pairings"] += len(found)
        return found

    def _plans(self, kid: Kid, first: date) -> list[dict[str, Any]]:
        rng = self.rng
        if not chance(rng, PLAN_SHARE.get(kid.plan.academic or "", 0.5)):
            return []
        subjects = [s for s in ("数学", "英语", "语文", "物理") if s in kid.klass.subject_teacher]
        if not subjects:
            return []
        subject = rng.choice(subjects[:3] if kid.plan.academic == "差" else subjects)
        teacher = kid.klass.subject_teacher[subject]
        start = next_day(max(first, date(2022, 9, 19)) + timedelta(days=rng.randint(0, 10)),
                         is_school_day)
        every = weighted(rng, ((30, 7), (20, 2), (28, 1)))
        ctx = dict(kid.ctx, subj=subject)
        plan: dict[str, Any] = {"subject": subject, "teacher": teacher.id, "date": start,
                                "content": rng.choice(PLAN_CONTENT.get(subject, PLAN_CONTENT["数学"]))}
        if chance(rng, 0.7):
            plan["schedule"] = rng.choice(PLAN_SCHEDULES)
        plan["goals"] = list(rng.choice(PLAN_GOALS.get(subject, PLAN_GOALS["数学"])))
        plan["every"] = every
        checks: list[dict[str, Any]] = []
        day = start
        habit = self.habit[teacher.id]
        while True:
            gap = every - rng.randint(4, 10) if habit == 0 else every + rng.randint(-2, 12)
            day = next_day(day + timedelta(days=gap), is_school_day)
            if day > HISTORY_END or (habit == 2 and checks):
                break
            score = rng.randint(52, 88)
            result = fill(rng.choice(PLAN_RESULTS.get(subject, PLAN_RESULTS["数学"])),
                          dict(ctx, score=str(score), delta=str(rng.randint(3, 15))))
            check: dict[str, Any] = {"date": day, "by": [teacher.id], "result": result}
            if chance(rng, 0.3):
                check["next_step"] = fill(rng.choice(NEXT_STEPS), ctx)
            checks.append(check)
        plan["checks"] = checks
        self.tally["learning plans"] += 1
        self.tally["plan checks"] += len(checks)
        if kid.plan.academic in ("良", "优") and checks and chance(rng, 0.3):
            plan["ended"] = checks[-1]["date"]
            plan["end_reason"] = fill(rng.choice(PLAN_ENDS), {"score": str(rng.randint(80, 92))})
        return [plan]

    def _cases(self, kid: Kid) -> list[dict[str, Any]]:
        story = self.cases.get(kid.record["id"])
        if story is None:
            return []
        teacher = self._by(kid)
        case: dict[str, Any] = {"flagged": story.flagged, "concerns": list(story.concerns),
                                "by": teacher, "note": story.note}
        if story.plan_after is not None:
            plan_day = next_day(story.flagged + timedelta(days=story.plan_after), is_school_day)
            dates = [next_day(plan_day + timedelta(days=d), is_school_day)
                     for d in story.reviews_after]
            # A key-support child's proxy parent takes on a behaviour case; else the class teacher.
            owner = (kid.proxy.id if kid.proxy is not None and story.concerns[0] == "性格行为问题"
                     else teacher)
            case["plan"] = {"date": plan_day, "teacher": owner,
                            "measures": [fill(m, kid.ctx) for m in story.measures],
                            "review_dates": dates, "by": teacher}
            case["reviews"] = [{"date": day - timedelta(days=self.rng.randint(0, 2)),
                                "by": [owner], "result": self.rng.choice(IEP_REVIEWS)}
                               for day in dates[:story.reviews_kept]]
        if story.closed is not None:
            case["closed"], case["close_reason"] = story.closed
        self.tally["individual plans"] += 1
        return [case]

    def _care(self, kid: Kid, first: date) -> list[dict[str, Any]]:
        rng, ctx = self.rng, kid.ctx
        teacher = self._by(kid)
        care: list[dict[str, Any]] = []
        if kid.plan.hardship or "低保" in kid.record.get("assistance", []):
            policy, amount = SUBSIDIES[0] if kid.record.get("boarding") else SUBSIDIES[1]
            care.append({"type": "生活补助", "date": max(first, date(2022, 9, 26)), "by": ["T004"],
                         "policy": policy, "amount": amount, "period": "2022秋"})
        if kid.plan.health == "患病" and chance(rng, 0.6):
            day = day_between(rng, max(first, date(2022, 9, 15)), date(2022, 10, 20))
            care.append({"type": "患病", "date": day, "by": [teacher],
                         "what": kid.record.get("illness", CHRONIC_ILLNESS),
                         "treatment": fill(rng.choice(CHRONIC_FOLLOW_UPS), ctx),
                         "follow_up_on": date(2022, 11, 30), "follow_up_by": teacher})
        if chance(rng, ILLNESS_SHARE):
            what, treatment, outcome = rng.choice(ILLNESS_EPISODES)
            day = next_day(day_between(rng, max(first, date(2022, 9, 14)), date(2022, 11, 22)),
                           is_school_day)
            follow = day + timedelta(days=rng.randint(2, 5))
            episode: dict[str, Any] = {"type": "患病", "date": day, "by": [teacher], "what": what,
                                       "treatment": fill(treatment, ctx), "follow_up_on": follow,
                                       "follow_up_by": teacher}
            done = follow - timedelta(days=rng.randint(0, 1))
            # Recent ones are still to be followed up; now and then one is forgotten.
            if done <= date(2022, 11, 18) and not chance(rng, 0.08):
                episode.update(followed_up=done, outcome=fill(outcome, ctx))
            care.append(episode)
        if kid.plan.hardship and chance(rng, 0.5):
            care.append({"type": "其他帮扶", "date": max(first, date(2022, 11, 18)), "by": ["T001"],
                         "what": rng.choice(AIDS)})
        care.sort(key=lambda item: item["date"])
        self.tally["care records"] += len(care)
        return care

    def activities(self, classes: list[SchoolClass]) -> list[dict[str, Any]]:
        """The term's activities, each a file's content, in date order."""
        rng = self.rng
        kids = [kid for kid in self.kids if not kid.plan.archived or kid.plan.archived > TERM_START]

        def present(day: date, pool: Iterable[Kid], share: float) -> list[str]:
            return [kid.record["id"] for kid in pool
                    if kid.record["recorded_on"] <= day
                    and (kid.plan.archived is None or kid.plan.archived > day)
                    and chance(rng, share)]

        names = [klass.name for klass in classes]
        video = [kid.record["id"] for kid in kids if any(
            event["date"] == date(2022, 9, 9) and event["type"] == "联系"
            and event.get("notes") == fill(MID_AUTUMN_CALL, kid.ctx)
            for event in kid.record["events"])]
        found: list[dict[str, Any]] = [
            {"date": date(2022, 9, 9), "kind": "亲情视频", "title": ACTIVITIES["mid_autumn_call"],
             "classes": names, "by": ["T005"], "children": video},
            {"date": date(2022, 9, 29), "kind": "集体活动", "title": ACTIVITIES["national_day_singing"],
             "classes": names, "by": ["T005"], "children": present(date(2022, 9, 29), kids, 0.6)},
            {"date": date(2022, 10, 20), "kind": "集体活动", "title": ACTIVITIES["sports_day"],
             "classes": names, "by": ["T005"], "children": present(date(2022, 10, 20), kids, 0.55)},
        ]
        for klass in classes:
            teacher = klass.teacher
            if teacher is None or not teacher.talk_months or chance(rng, 0.08):
                continue        # a class teacher who keeps no records held none, or none written
            day = next_day(day_between(rng, date(2022, 10, 10), date(2022, 10, 28)), is_school_day)
            members = self.in_class[klass.name]
            found.append({"date": day, "kind": "主题班会",
                          "title": ACTIVITIES["class_meeting"].format(
                              klass=klass.name, theme=rng.choice(CLASS_MEETINGS)),
                          "classes": [klass.name], "by": [teacher.id],
                          "children": present(day, members, 0.97)})
        keys = [kid for kid in kids if kid.proxy is not None]
        found.append({"date": date(2022, 10, 28), "kind": "座谈会",
                      "title": ACTIVITIES["forum"], "classes": names, "by": ["T004"],
                      "children": present(date(2022, 10, 28), keys, 0.85),
                      "guardians": present(date(2022, 10, 28), keys, 0.5)})
        for grade, _ in GRADES:
            grade_classes = [klass for klass in classes if klass.grade == grade]
            members = [kid for klass in grade_classes for kid in self.in_class[klass.name]]
            found.append({"date": PARENT_MEETING, "kind": "家长会",
                          "title": ACTIVITIES["parent_meeting"].format(grade=grade),
                          "classes": [klass.name for klass in grade_classes],
                          "by": [klass.teacher.id for klass in grade_classes if klass.teacher],
                          "guardians": present(PARENT_MEETING, members, 0.72)})
        found.sort(key=lambda item: item["date"])
        for item in found:
            item["children"] = sorted(item.get("children", []))
            item["guardians"] = sorted(item.get("guardians", []))
            self.tally["activities"] += 1
        return found

    def lines(self) -> list[str]:
        tally = self.tally
        return [f"support: {tally['proxy pairings']} proxy pairings ({tally['proxy changes']} "
                f"changed), {tally['tutor pairings']} tutors, {tally['buddy pairings']} buddies; "
                f"{tally['learning plans']} learning plans, {tally['plan checks']} checks; "
                f"{tally['individual plans']} individual plans; {tally['care records']} care "
                f"records; {tally['activities']} activities"]
