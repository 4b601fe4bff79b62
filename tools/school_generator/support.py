"""The support system (结对帮扶): proxy parents and volunteer tutors, pairings, learning plans
and their checks, individual plans, care records, and the term's activities."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from .children import Kid
from .days import HISTORY_END, PARENT_MEETING, TERM_START, is_school_day, next_day
from .draw import chance, day_between, fill, weighted
from .people import Namer
from .staff import GRADES, SchoolClass, Teacher


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
KEY_REASONS = {
    "hardship": ("家庭经济困难,父母常年在外务工", "低保户,{g}年老多病,家里靠低保生活"),
    "ill": ("本人患病,需要长期照顾和定期复查",),
    "grandparent": ("{g}年纪大了,管不住也辅导不了学习", "隔代监护,{g}身体不好"),
    "weak": ("学习困难,成绩明显下滑", "上学期期末多科不及格"),
    "unsupervised": ("实际无人监护,{ta}一个人在家住", "监护人监护能力不足"),
    "": ("父母都在外务工,很少回家,{ta}不爱说话", "性格内向,情绪低落"),
}
PROXY_CHANGE_REASONS = ("{old}老师外出跟岗培训一个学期,改由{new}老师帮扶",
                        "{old}老师帮扶的学生较多,调整为{new}老师")
UNMARK_REASON = "情绪稳定,成绩回升,{p}回家照顾的时间多了,经行政会研究不再列为重点帮扶"
TUTOR_NOTES = ("住在同一个村,周末辅导作业", "两家离得近,放学路上一起走", "同组,周末到老师家写作业")
BUDDY_CHANGES = ("帮手转学了", "调换座位后重新安排", "两人合不来,换了帮手")
PLAN_CONTENT = {
    "数学": ("每周二、四课后辅导30分钟,订正错题", "每天一道计算题,周五讲评", "从分数运算补起,每周两次"),
    "英语": ("每天听写10个单词,周末背一篇课文", "早读时跟读课文,每周两次课后辅导"),
    "语文": ("每周一篇日记,老师面批", "每天阅读20分钟,每周交一篇读后感"),
    "物理": ("每周一次课后答疑,整理错题本",),
}
PLAN_SCHEDULES = ("每周二、四下午放学后", "每周三晚自习", "每天早读前15分钟", "周五下午第三节课后")
PLAN_GOALS = {
    "数学": (("期中数学及格", "期末达到70分"), ("计算题不丢分", "期末比期中提高10分")),
    "英语": (("单词听写正确率达到八成",), ("期中英语及格", "能读懂课文")),
    "语文": (("作文能写满600字",), ("期中语文达到75分",)),
    "物理": (("期中物理及格",),),
}
PLAN_RESULTS = {
    "数学": ("单元测验{score}分,比上次提高{delta}分", "作业能按时完成,计算错误少了",
             "分数运算基本掌握,应用题还要加强", "这次测验{score}分,退步了,要查原因"),
    "英语": ("单词听写正确率从五成提高到七成", "课文能读下来了,口语还不敢开口",
             "单元测验{score}分,比上次提高{delta}分"),
    "语文": ("日记坚持写了,字迹工整多了", "阅读理解还是失分多", "作文{score}分,有进步"),
    "物理": ("错题本坚持整理,单元测验{score}分",),
}
NEXT_STEPS = ("下阶段加强应用题", "请学习帮手多督促", "和{g}沟通,周末督促作业", "保持,下月再查")
PLAN_ENDS = ("阶段目标已达成,期中考试{score}分", "成绩稳定,改为学习帮手督促")
IEP_CASES: tuple[tuple[Any, ...], ...] = (
    # (flag, concerns, note, plan after (days), measures, review offsets, reviews kept, closed)
    (date(2022, 10, 10), ["学业严重下滑"], "期中前两次测验多科不及格,上课走神,作业常不交",
     7, ["班主任每周个别谈话一次", "数学、英语老师课后辅导", "每两周和{p}视频一次,说明情况"],
     (35, 63), 1, None),
    (date(2022, 9, 26), ["性格行为问题"], "沉迷手机游戏,两次晚自习后翻墙去网吧",
     12, ["手机交班主任保管,周末取回", "代理家长每周谈心", "与{g}约定周末作息"],
     (35, 63), 0, None),
    (date(2022, 11, 14), ["品德问题"], "多次拿同学的零花钱,承认后表示改正", None, [], (), 0, None),
    (date(2022, 9, 20), ["性格行为问题"], "开学后不和同学说话,常一个人哭",
     7, ["班主任和心理老师每周谈心", "安排两名同学陪伴"], (35,), 1,
     (date(2022, 11, 15), "情绪稳定,和同学相处融洽,结案")),
)
IEP_REVIEWS = ("有所好转,作业基本能按时交", "还没有明显变化,继续观察", "情绪好多了,愿意和同学说话")
ILLNESS_EPISODES = (
    ("感冒发烧,38.5度", "送镇卫生院,打针吃药", "退烧了,已返校上课"),
    ("急性肠胃炎,腹痛呕吐", "送镇卫生院输液两天", "已康复返校"),
    ("水痘", "通知{g}接回家隔离休息", "痊愈返校,没有传染同学"),
    ("打篮球扭伤脚踝", "校医冰敷后送镇卫生院拍片,没有骨折", "消肿了,可以正常走路"),
    ("牙痛,半边脸肿", "{g}带去县医院看牙", "拔了一颗坏牙,已好"),
)
CHRONIC_FOLLOW_UPS = ("{p}请假带{ta}到省儿童医院复查", "到县人民医院复查,{g}陪同")
SUBSIDIES = (("家庭经济困难寄宿生生活补助", 625), ("义务教育家庭经济困难学生生活补助", 312.5))
AIDS = ("爱心企业捐赠冬衣一套、棉被一床", "团县委“希望工程”助学金500元", "学校减免资料费")
CLASS_MEETINGS = ("感恩父母,理解父母", "我的家乡我的家", "学会自我保护")


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
                      if kid.start <= IEP_CASES[i % len(IEP_CASES)][0]}

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
                    pairing.update(ended=day, end_reason="不再列为重点帮扶")
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
                else "grandparent" if plan.guardian_kind == "grandparent" else "")
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
        template = self.cases.get(kid.record["id"])
        if template is None:
            return []
        flagged, concerns, note, after, measures, reviews, kept, closed = template
        teacher = self._by(kid)
        case: dict[str, Any] = {"flagged": flagged, "concerns": list(concerns), "by": teacher,
                                "note": note}
        if after is not None:
            plan_day = next_day(flagged + timedelta(days=after), is_school_day)
            dates = [next_day(plan_day + timedelta(days=d), is_school_day) for d in reviews]
            # A key-support child's proxy parent takes on a behaviour case; else the class teacher.
            owner = (kid.proxy.id if kid.proxy is not None and concerns[0] == "性格行为问题"
                     else teacher)
            case["plan"] = {"date": plan_day, "teacher": owner,
                            "measures": [fill(m, kid.ctx) for m in measures],
                            "review_dates": dates, "by": teacher}
            case["reviews"] = [{"date": day - timedelta(days=self.rng.randint(0, 2)),
                                "by": [owner], "result": self.rng.choice(IEP_REVIEWS)}
                               for day in dates[:kept]]
        if closed is not None:
            case["closed"], case["close_reason"] = closed
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
                         "what": kid.record.get("illness", "慢性病"),
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
            and "中秋" in event.get("notes", "") for event in kid.record["events"])]
        found: list[dict[str, Any]] = [
            {"date": date(2022, 9, 9), "kind": "亲情视频", "title": "中秋亲情视频通话",
             "classes": names, "by": ["T005"], "children": video},
            {"date": date(2022, 9, 29), "kind": "集体活动", "title": "“喜迎国庆”班级歌咏比赛",
             "classes": names, "by": ["T005"], "children": present(date(2022, 9, 29), kids, 0.6)},
            {"date": date(2022, 10, 20), "kind": "集体活动", "title": "秋季田径运动会",
             "classes": names, "by": ["T005"], "children": present(date(2022, 10, 20), kids, 0.55)},
        ]
        for klass in classes:
            teacher = klass.teacher
            if teacher is None or not teacher.talk_months or chance(rng, 0.08):
                continue        # a class teacher who keeps no records held none, or none written
            day = next_day(day_between(rng, date(2022, 10, 10), date(2022, 10, 28)), is_school_day)
            members = self.in_class[klass.name]
            found.append({"date": day, "kind": "主题班会",
                          "title": f"{klass.name}主题班会:{rng.choice(CLASS_MEETINGS)}",
                          "classes": [klass.name], "by": [teacher.id],
                          "children": present(day, members, 0.97)})
        keys = [kid for kid in kids if kid.proxy is not None]
        found.append({"date": date(2022, 10, 28), "kind": "座谈会",
                      "title": "留守儿童、代理家长、监护人座谈会", "classes": names, "by": ["T004"],
                      "children": present(date(2022, 10, 28), keys, 0.85),
                      "guardians": present(date(2022, 10, 28), keys, 0.5)})
        for grade, _ in GRADES:
            grade_classes = [klass for klass in classes if klass.grade == grade]
            members = [kid for klass in grade_classes for kid in self.in_class[klass.name]]
            found.append({"date": PARENT_MEETING, "kind": "家长会",
                          "title": f"{grade}年级期中家长会",
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
