"""The entries of a child's timeline: talks, home visits and contacts by the class teacher and
the proxy parent, and the phrases teachers write in them."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .children import Kid
from .days import HISTORY_END, MIDTERM_EXAM, PARENT_MEETING, is_free_day, is_school_day, next_day
from .draw import chance, day_between, fill, weighted
from .places import FAR_TOWNS
from .staff import Teacher

# ---- what teachers write on the record cards --------------------------------------------------------
# Placeholders: {p} the parent away (爸爸/妈妈/爸爸妈妈), {g} the guardian as the child calls
# them, {ta} 他/她, {city} where the parent works, {subj} a subject.


@dataclass(frozen=True)
class Scene:
    """A kind of talk, with the phrases a teacher writes for it."""

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
        return (day.month in self.months and (self.after is None or day >= self.after)
                and (self.before is None or day < self.before))


TALK_SCENES: tuple[Scene, ...] = (
    Scene(("想念{p},晚上睡不好", "说很久没见到{p}了,问{p}过年回不回来",
           "{p}在{city}打工,一年只回来一次,心里想{p}", "看到别的同学家长来送东西,心里难受",
           "说{p}电话打得少,觉得{p}不关心自己", "过节的时候特别想{p}"),
          ("有点低落", "说着说着哭了,安慰后好些", "情绪低落,话不多",
           "一开始不愿意说,后来慢慢打开了", "比较平静"),
          ("约定每周日晚上和{p}视频", "想{p}的时候可以到办公室用亲情电话",
           "把想说的话写在日记里,寒假给{p}看", "每周给{p}打一次电话,说说学校的事"),
          ("联系{p},请多打电话关心孩子", "下周再找{ta}聊一次", "请{p}每周固定时间视频"),
          weight=6),
    Scene(("月考数学退步明显", "英语单词记不住,上课听不懂", "作业经常没交齐",
           "上课注意力不集中,爱走神", "{subj}跟不上,有点想放弃"),
          ("有些沮丧", "态度诚恳,愿意改", "不太在乎的样子", "有点焦虑"),
          ("每天背10个英语单词,放学前找我默写", "不会的题先问学习帮手", "作业每天交给组长检查",
           "晚自习先做{subj}作业", "上课坐到前排来"),
          ("请{subj}老师多提问{ta}", "期中考试后再看效果", "和{g}说一下,周末督促作业",
           "安排一名学习帮手"),
          when="weak", weight=5),
    Scene(("月考进步了十几名,很高兴", "想报名参加数学竞赛", "当上了{subj}课代表",
           "问怎样把作文写好"),
          ("很开心", "自信了不少", "精神很好"),
          ("保持每天预习的习惯", "每周写一篇周记给我看", "帮助同桌一起学习"),
          ("打电话告诉{p}这个好消息", "推荐参加学校演讲比赛"),
          when="good", weight=4),
    Scene(("周末在家玩手机到很晚", "{g}管不住,玩游戏到半夜", "用{g}的手机打游戏,充了钱",
           "放假在家一直刷短视频"),
          ("承认有问题,有点不好意思", "开始有点抵触,后来接受了", "情绪稳定"),
          ("周末玩手机不超过1小时,请{g}监督", "晚上10点前把手机交给{g}", "作业做完才能玩手机"),
          ("跟{p}说一下,不要再给孩子充值", "联系{g},周末注意看管", "下次放假回来再问"),
          weight=4),
    Scene(("刚住校不习惯,晚上想家", "和室友闹了点矛盾", "寝室晚上有人讲话,睡不好",
           "生活费不够用,不好意思说", "衣服自己洗不干净"),
          ("有点委屈", "说出来后轻松些", "情绪稳定", "话不多"),
          ("有困难先找生活老师或班主任", "和室友一起定寝室公约", "每周的生活费做个计划",
           "学着自己洗衣服,不会的问室友"),
          ("找生活老师了解寝室情况", "给{p}打电话说生活费的事", "下周再问问寝室情况"),
          when="boarding", weight=4),
    Scene(("刚上初中,科目多,有点跟不上", "新同学还不熟,下课一个人", "初中作业多,做到很晚"),
          ("有点紧张", "比较拘谨", "慢慢适应了"),
          ("先把每天的作业记在本子上", "主动和同桌说话", "每天按时睡觉,不熬夜"),
          ("请班干部多带带{ta}", "月底再了解适应情况"),
          months=(9,), when="grade7", weight=8),
    Scene(("和同学因为小事吵架", "觉得班上同学不愿意和{ta}玩", "被高年级同学要过零花钱"),
          ("有些委屈", "很生气,后来冷静下来", "害怕,不太敢说"),
          ("有矛盾先找老师,不动手", "主动跟同学道个歉", "遇到被欺负马上告诉老师"),
          ("找相关同学了解情况", "报政教处处理", "跟{g}说明情况"),
          weight=2),
    Scene(("感冒刚好,身体还有点虚", "早饭经常不吃,上午肚子疼", "最近常说头疼",
           "体育课跑步腿疼"),
          ("精神一般", "情绪稳定", "有点没精神"),
          ("每天吃早饭,不舒服马上说", "多喝热水,晚上早点睡", "周末让{g}带去卫生院看看"),
          ("和{g}电话说一下身体情况", "请校医关注", "下周再问"),
          weight=2),
    Scene(("周末和同学去河边玩水", "骑电动车上学,没戴头盔", "放假在家常一个人出去玩",
           "放学路上有陌生人搭话"),
          ("知道错了", "情绪稳定", "听得很认真"),
          ("不去河边、水塘玩水", "不骑电动车,坐车要坐正规的车", "放假出门先告诉{g}去哪里",
           "遇到陌生人不理,赶快走开"),
          ("提醒{g}看好孩子", "放假前再强调一次安全"),
          months=(9, 10), weight=3),
    Scene(("{g}身体不好,担心{g}", "{g}腰疼,回家要帮着干农活", "和{g}顶嘴,把{g}气哭了",
           "{g}年纪大,作业没人辅导"),
          ("很懂事", "有点内疚", "担心家里", "情绪稳定"),
          ("周末回家多帮{g}做家务", "回去给{g}道个歉,不再顶嘴", "作业不会的在学校问老师"),
          ("家访时看看{g}身体情况", "联系{p},说说{g}的情况", "下周再聊"),
          when="grandparent", weight=4),
    Scene(("最近脾气大,容易发火", "心情不好,说不想读书了", "觉得自己长得不好看,不自信",
           "和{p}打电话吵了架"),
          ("情绪波动大", "比较低落", "哭了一会,说出来好多了", "不太愿意说"),
          ("心情不好时写下来或者找老师聊", "每天找一件开心的事记下来", "不说气话,先冷静"),
          ("请心理老师再找{ta}聊一次", "联系{p}多沟通,少批评", "持续关注"),
          weight=2),
    Scene(("运动会报了800米,很兴奋", "参加学校书画展,画了{g}", "想参加演讲比赛,怕讲不好",
           "当了小组长,很高兴"),
          ("很开心", "积极", "有点紧张但想试试"),
          ("每天放学练一练", "先在班上讲一遍", "把小组的事情做好"),
          ("比赛后拍照发给{p}", "鼓励继续参加集体活动"),
          months=(10, 11), weight=3),
    Scene(("期中考试没考好,很难过", "期中考试{subj}进步了", "期中考试{subj}退步了,有点灰心"),
          ("有些沮丧", "很开心", "有点失落"),
          ("把错题整理到错题本上", "保持现在的学习劲头", "每天多做一页{subj}练习"),
          ("把成绩告诉{p}", "请{subj}老师帮着分析试卷", "家长会时和{g}交流"),
          months=(11,), after=MIDTERM_EXAM + timedelta(days=1), weight=8),
    Scene(("期中考试前很紧张,睡不着", "问期中考试怎么复习"),
          ("有点焦虑", "情绪稳定"),
          ("考前按时睡觉,不熬夜", "先把错题本看一遍"),
          ("考后再聊",),
          months=(11,), before=MIDTERM_EXAM, weight=6),
    Scene(("天气冷了,衣服带得少", "降温后有点咳嗽"),
          ("情绪稳定", "精神还好"),
          ("周末回家带厚衣服来", "晚上盖好被子"),
          ("打电话让{g}送衣服来", "提醒{p}寄冬衣回来"),
          months=(11,), weight=3),
    Scene(("家里困难,不想麻烦{g}", "生活费不多,中午只打素菜", "担心交不起资料费"),
          ("很懂事", "有点自卑", "不太愿意说"),
          ("有困难直接跟老师说", "帮{ta}申请学校生活补助", "资料费的事老师来想办法"),
          ("向学校报告,申请生活补助", "联系{p}了解家里情况"),
          when="hardship", weight=5),
    Scene(("问{ta}最近有没有按时吃药", "复查结果还好,说不用担心",
           "体育课不能剧烈运动,心里失落"),
          ("情绪稳定", "有点担心", "挺乐观"),
          ("按时吃药,不舒服马上找老师", "体育课做些轻松的活动"),
          ("联系{g}了解复查安排", "请体育老师照顾"),
          when="ill", weight=6),
    Scene(("聊最近的学习和生活", "最近表现不错,表扬了{ta}", "聊了周末在家做了什么",
           "问{ta}吃住习惯不习惯"),
          ("开朗", "情绪稳定", "比上次放松", "很健谈"),
          ("继续保持", "有事随时找老师"),
          (),
          weight=5),
)
PROXY_SCENE = Scene(
    ("陪{ta}吃晚饭,聊了这两周的情况", "帮{ta}缝了校服扣子,顺便聊天", "给{ta}买了一本字典,聊学习",
     "周末给{ta}打电话,问在家怎么样", "带{ta}去医务室看了感冒", "晚自习后聊了一会",
     "问{ta}和{p}最近联系没有"),
    ("很高兴", "开朗多了", "情绪稳定", "有点拘谨", "话比以前多了"),
    ("有心事随时来找老师", "每天晚自习后到办公室坐一会", "两周后再一起吃饭",
     "把周记给老师看"),
    ("把情况告诉班主任", "联系{p}说说近况", "跟{subj}老师沟通学习情况"),
)
MEETS = {
    "grandparent": ("{g}", "{g}和{ta}", "{g},{p}视频连线", "{g}和邻居"),
    "parent": ("{g}", "{g}和{ta}", "{g}和爷爷奶奶"),
    "other": ("{g}", "{g}和{ta}"),
}
FINDINGS = {
    "any": ("家里收拾得干净,{ta}在家主动做家务", "{ta}在家作业没人辅导,常拖到很晚",
            "{g}说{ta}在家很听话,就是爱玩手机", "家里养了两头猪,{g}每天忙农活",
            "住的是老砖房,比较简陋,但收拾得整齐", "家在山上,走路到学校要一个多小时",
            "新建了两层楼房,生活条件还可以", "{g}不太识字,看不懂作业", "{ta}的书桌就是饭桌,没有学习的地方"),
    "grandparent": ("{g}年纪大,耳朵不太好", "{g}腿脚不方便,家里还有个弟弟要带",
                    "{g}对{ta}很疼爱,但管不住", "{g}身体还好,能照顾{ta}的生活"),
    "hardship": ("家里是低保户,房子是老木屋,有点漏雨", "{g}常年吃药,家里开支大",
                 "家里困难,{ta}的衣服比较单薄"),
    "parent": ("{g}在家务农,还要照顾老人", "{g}在镇上打零工,晚上才回家",
               "{g}对{ta}要求严格,学习有人管"),
}
REMOTE_FINDINGS = ("和{p}视频,看了{ta}住的房间", "{p}在{city},电话里说了孩子的情况",
                   "{g}电话里说{ta}在家表现好,山上路远这次没能上门")
VISIT_FOLLOW_UPS = ("请{g}周末督促作业", "建议{p}多打电话回来", "向学校反映,申请生活补助",
                    "下次带些学习资料来", "提醒{g}注意用电用火安全", "寒假前再来一次",
                    "请{p}寄些冬衣回来", "期末前上门看一次")
SCHOOL_VISITS = ("{g}来学校送衣服,聊了几句", "{g}来学校交资料费,顺便了解情况",
                 "{g}来学校问{ta}的学习情况")
# Contact notes: (text, first day, last day) — a note only fits some weeks of the term.
Note = tuple[str, date, date]
_ANY = (date(2022, 9, 1), date(2022, 11, 30))
_SEP = (date(2022, 9, 1), date(2022, 9, 20))
_AFTER_TEST = (date(2022, 9, 28), date(2022, 11, 30))
_AFTER_MIDTERM = (date(2022, 11, 12), date(2022, 11, 30))
_BEFORE_MEETING = (date(2022, 11, 12), date(2022, 11, 18))
PARENT_NOTES: dict[str, tuple[Note, ...]] = {
    "电话": (("和{pp}通电话,说了{ta}这个月在校的表现", *_ANY),
             ("电话告诉{pp},{ta}最近学习有进步", *_AFTER_TEST),
             ("{pp}问{ta}在学校吃得怎么样,说了食堂的情况", *_ANY),
             ("电话没打通,发了短信,晚上{pp}回了电话", *_ANY),
             ("跟{pp}说了{ta}玩手机的事,{pp}答应打电话说{ta}", *_ANY),
             ("{pp}说年底厂里放假早,想早点回来", date(2022, 10, 15), date(2022, 11, 30)),
             ("{pp}说工作忙,请老师多费心", *_ANY),
             ("开学核对联系卡,{pp}电话、务工地址没有变化", *_SEP),
             ("告诉{pp}期中考试成绩,{pp}说会打电话鼓励{ta}", *_AFTER_MIDTERM)),
    "视频": (("安排{ta}和{pp}视频,聊了半个小时", *_ANY),
             ("视频时{pp}看了{ta}的作业本", *_ANY),
             ("在亲情室和{pp}视频,{ta}很开心", *_ANY)),
    "微信": (("微信发了{ta}在校的照片给{pp}", *_ANY),
             ("微信发了月考成绩给{pp}", *_AFTER_TEST),
             ("{pp}微信问{ta}的学习情况,已回复", *_ANY),
             ("把家长会通知发给{pp},{pp}说回不来,请{g}参加", *_BEFORE_MEETING)),
}


@dataclass(frozen=True)
class GuardianMoment:
    """An occasion to contact the guardian: when, how, and what the teacher writes."""

    weight: int
    first: date
    last: date
    channels: tuple[str, ...]
    text: str


GUARDIAN_MOMENTS: tuple[GuardianMoment, ...] = (
    GuardianMoment(3, date(2022, 9, 28), date(2022, 9, 30), ("电话",),
                   "提醒{g}国庆放假注意安全,不要让{ta}去河边玩水"),
    GuardianMoment(2, *_ANY, ("电话",), "打电话告诉{g},{ta}感冒发烧,{g}来接回去看病"),
    GuardianMoment(2, *_ANY, ("电话",), "{g}打电话来问{ta}在学校的情况"),
    GuardianMoment(1, *_ANY, ("面谈",), "{g}来学校送衣服,聊了几句"),
    GuardianMoment(2, *_AFTER_MIDTERM, ("电话",), "告诉{g}期中考试成绩"),
    GuardianMoment(2, date(2022, 11, 14), date(2022, 11, 17), ("电话", "微信"),
                   "通知{g}11月19日开家长会"),
    GuardianMoment(3, PARENT_MEETING, PARENT_MEETING, ("面谈",),
                   "家长会后和{g}面谈,说了{ta}的学习情况"),
    GuardianMoment(1, *_ANY, ("电话", "微信"), "告诉{g},{ta}这周表现好"),
    GuardianMoment(1, *_ANY, ("电话",), "请{g}周末督促{ta}完成作业"),
)
TEACHER_NOTES = ("与{subj}老师沟通,{ta}作业完成情况有好转", "和{subj}老师商量,给{ta}安排学习帮手",
                 "{subj}老师反映{ta}上课爱走神", "了解{ta}在{subj}课上的表现,进步明显",
                 "请{subj}老师课后帮{ta}补一补")
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
                               "notes": fill("中秋节前在亲情室和{p}视频", kid.ctx)})

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
