#!/usr/bin/env python3
"""Generate a realistic example school for liushou: seeded, deterministic, scalable.

The default school is modelled on the seed document (autumn term 2022, a rural middle school
in the mountains): 557 enrolled students, 213 left-behind children (38.3%), of whom 15.6% have
both parents away; 12.7% of all enrolled live with grandparents; 3% of the left-behind
children are excellent students. Places are the real townships of 湖南省邵阳市隆回县 with
invented villages; every person, phone number and company is invented.

    python tools/generate_school.py data-example --children 213 --seed 2022
    python tools/generate_school.py /tmp/big --children 20000 --force

Importable for benchmarks:

    from tools.generate_school import generate_school
    summary = generate_school(Path("/tmp/school"), children=2000, seed=7)

The school has a census history (调查摸底, DOMAIN.md): the children of the 八 and 九 grades
were first recorded at an earlier term's census, the new 七 grade in the first days of
autumn 2022; every child recorded before the term has a `摸底` entry of 2022秋 by its class
teacher (some with what changed, some with a note). censuses/2022秋.yaml keeps the enrolled
total of every class and the figures of every class but one, whose class teacher has not
finished (two children unchecked), so that census shows as overdue. censuses/2022春.yaml
is the previous term's snapshot: the 八 and 九 grades of now were its 七 and 八; its 九 grade
(gone now) is invented from counts like the current 九 grade's. The census is drawn from a
random stream of its own, so the rest of the school does not depend on it.

The same seed always gives the same bytes. Every file is written by the store's own writer,
as the tool writes a new file (`liushou_cli.store.emit.house_text`, `render_child`); a file
with a hand-written comment is written through ruamel's round trip, which keeps comments.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import itertools
import random
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from liushou_cli.classes import class_order
from liushou_cli.i18n import label
from liushou_cli.model import GRANDPARENTS, Activity, CensusFile, Child, SchoolConfig, StaffFile
from liushou_cli.newfolder import CONFIG_TEMPLATE, GITIGNORE, STAFF_TEMPLATE
from liushou_cli.stats import LEFT_BEHIND, child_counts
from liushou_cli.store.activities import KIND_SLUGS
from liushou_cli.store.edit import child_document, render_child
from liushou_cli.store.emit import house_text
from liushou_cli.store.yamlio import dump_round_trip, load_round_trip, parse_mapping
from liushou_cli.validators import id_check_char

T = TypeVar("T")

# ---- the seed's figures (DOMAIN.md, "基本情况") -------------------------------------------------
DEFAULT_ENROLLED = 557          # 在校生
DEFAULT_CHILDREN = 213          # 留守儿童 = 38.3% of enrolled
BOTH_AWAY_SHARE = 0.156         # 双亲外出, of the left-behind children
GRANDPARENT_SHARE = 0.127       # living with grandparents, of ALL enrolled students
EXCELLENT_SHARE = 0.03          # 优, of the left-behind children
MOTHER_AWAY_SHARE = 0.12        # not in the seed: plausible for the county
OTHER_SHARE = 0.042
KEY_SUPPORT_SHARE = 0.14        # about 30 of 213
HARDSHIP_SHARE = 0.08           # 低保 families
ARCHIVED_SHARE = 0.019          # files of children who left this term (about 4 of 213)
NEWCOMER_SHARE = 0.022          # recorded mid-term (about 5 of 213)
INCOMPLETE_SHARE = 0.04         # cards missing one of the 三知 facts
COMMENT_SHARE = 0.10            # files with a hand-written comment
CLASS_SIZE = 46                 # students per class, to lay out the classes

DEFAULT_SCHOOL = "隆回县金石桥镇枫林中学"
PROVINCE, PREFECTURE, COUNTY = "湖南省", "邵阳市", "隆回县"
REGION_CODE = "430524"          # 隆回县
# Mothers married in from neighbouring counties: 新邵县, 洞口县, 武冈市.
NEIGHBOUR_CODES = ("430522", "430525", "430581")

# Real townships of 隆回县; the weights say where this school's children come from.
TOWNS: tuple[tuple[str, int], ...] = (
    ("金石桥镇", 60), ("司门前镇", 12), ("高平镇", 9), ("六都寨镇", 7), ("小沙江镇", 5),
    ("麻塘山乡", 3), ("荷田乡", 2), ("鸭田镇", 1), ("桃洪镇", 1),
)
FAR_TOWNS = ("小沙江镇", "麻塘山乡")  # up the mountain: phone and video home visits
VILLAGE_FIRST = "石枫龙竹杉桐花茶白黄新大小上下长青梅桃杨金银水岩塘田坪湾山松槐柏峰云"
VILLAGE_SECOND = "山塘冲坪湾溪岭桥田岗林口铺源峰坳垅洞"

TERM_START = date(2022, 9, 1)
CENSUS_DAY = date(2022, 9, 5)   # the record-keeping history starts here (the census: below)
HISTORY_END = date(2022, 11, 25)
HOLIDAYS = frozenset(
    [date(2022, 9, 10), date(2022, 9, 11), date(2022, 9, 12)]             # 中秋
    + [date(2022, 10, d) for d in range(1, 8)]                             # 国庆
)
MAKEUP_SCHOOL_DAYS = frozenset([date(2022, 10, 8), date(2022, 10, 9)])   # 调休上课
MIDTERM_EXAM = date(2022, 11, 10)
PARENT_MEETING = date(2022, 11, 19)

GRADES: tuple[tuple[str, int], ...] = (("七", 2022), ("八", 2021), ("九", 2020))
GRADE_CODES = {"七": 7, "八": 8, "九": 9}

# ---- names ---------------------------------------------------------------------------------------
SURNAMES: tuple[tuple[str, int], ...] = (
    ("刘", 14), ("罗", 10), ("李", 8), ("王", 7), ("袁", 6), ("肖", 6), ("曾", 5), ("周", 5),
    ("谢", 5), ("陈", 5), ("张", 4), ("彭", 3), ("邹", 3), ("戴", 3), ("阳", 3), ("胡", 3),
    ("杨", 3), ("邓", 2), ("唐", 2), ("黄", 2), ("吴", 2), ("龙", 2), ("魏", 1), ("廖", 1),
    ("段", 1), ("尹", 1), ("蒋", 1), ("钟", 1), ("雷", 1), ("伍", 1), ("朱", 1), ("石", 1),
)
BOY_1 = "子浩宇俊梓文思嘉志博家明晨睿涛鑫佳天一振宏凯泽雨俊锦乐奕书承"
BOY_2 = "轩然航杰豪博远伟强宇辰阳涛鑫林浩成睿泽翔斌磊凯彬楠铭阳熙诚旭"
GIRL_1 = "雨欣紫诗梓思雅佳梦可语心晓若婷怡嘉慧静芷雪美子诗婉依舒晴"
GIRL_2 = "欣怡涵琪婷萱彤雯瑶妍琳悦馨蕾洁菲媛茜倩颖慧玲丹蓉月晴"
MAN_1 = "建国志伟海军勇小红春新永文华德立云明超俊金光正"
MAN_2 = "军华明强平林峰波勇兵刚辉斌亮生荣清安良东"
WOMAN_1 = "秀丽小红春艳玉桂美芳海晓丽金冬满彩凤雪"
WOMAN_2 = "英兰梅花娟霞芳燕萍琴丽华云红莲珍娥香凤"
OLD_MAN_1 = "德国正长建金清先文光福贵树永满桂冬"
OLD_MAN_2 = "华清生林山明福贵才发元成财喜根保"
OLD_WOMAN_1 = "桂秀玉冬满春菊翠银金月腊细"
OLD_WOMAN_2 = "英兰梅花莲香娥珍凤秀妹姣连"
MAN_SINGLE = "勇军伟强刚磊波斌辉平涛"
WOMAN_SINGLE = "丽芳燕娟敏静艳萍霞琴英"

# ---- where parents work ----------------------------------------------------------------------------
@dataclass(frozen=True)
class City:
    province: str
    city: str
    weight: int
    area_code: str
    digits: int
    districts: tuple[str, ...]
    trades: tuple[str, ...]


CITIES: tuple[City, ...] = (
    City("广东", "东莞", 22, "0769", 8, ("长安镇", "虎门镇", "厚街镇", "塘厦镇", "凤岗镇", "大朗镇"),
         ("电子厂", "五金厂", "塑胶厂", "玩具厂", "家具厂", "制衣厂")),
    City("广东", "深圳", 12, "0755", 8, ("宝安区", "龙岗区", "龙华区", "光明区"),
         ("电子科技有限公司", "精密五金有限公司", "物流有限公司", "包装制品厂")),
    City("广东", "广州", 10, "020", 8, ("白云区", "番禺区", "增城区", "花都区"),
         ("服装厂", "皮具厂", "建筑工程有限公司", "餐饮管理有限公司")),
    City("广东", "佛山", 7, "0757", 8, ("南海区", "顺德区"),
         ("家具厂", "陶瓷厂", "铝材厂", "电器有限公司")),
    City("广东", "中山", 3, "0760", 8, ("小榄镇", "古镇镇"), ("灯饰厂", "五金厂")),
    City("浙江", "宁波", 6, "0574", 8, ("北仑区", "鄞州区", "慈溪市"),
         ("模具厂", "电器有限公司", "文具厂")),
    City("浙江", "温州", 5, "0577", 8, ("瓯海区", "龙湾区", "乐清市"),
         ("鞋业有限公司", "眼镜厂", "阀门厂")),
    City("浙江", "义乌", 6, "0579", 8, ("稠江街道", "北苑街道", "佛堂镇"),
         ("饰品厂", "工艺品有限公司", "袜业有限公司")),
    City("浙江", "杭州", 4, "0571", 8, ("萧山区", "余杭区"), ("纺织有限公司", "物流有限公司")),
    City("福建", "厦门", 5, "0592", 7, ("集美区", "同安区", "湖里区"),
         ("电子有限公司", "建筑劳务有限公司")),
    City("福建", "泉州", 4, "0595", 8, ("晋江市", "石狮市"), ("鞋厂", "服装有限公司")),
    City("江苏", "苏州", 5, "0512", 8, ("昆山市", "吴江区", "常熟市"),
         ("电子有限公司", "纺织厂", "光电有限公司")),
    City("上海", "上海", 4, "021", 8, ("松江区", "闵行区", "嘉定区"),
         ("汽车配件有限公司", "物流有限公司")),
    City("湖南", "长沙", 5, "0731", 8, ("雨花区", "望城区", "长沙县"),
         ("建筑劳务有限公司", "食品有限公司", "机械厂")),
    City("湖南", "邵阳", 2, "0739", 7, ("大祥区", "双清区"), ("发制品厂", "打火机厂")),
)
BRAND_1 = "鑫宏华永恒盛达丰利源泰美德诚信佳兴隆金富汇顺昌鸿新荣"
BRAND_2 = "达盛华源泰丰利兴发昌隆通辉邦创腾"
NO_UNIT_JOBS = ("在工地做泥工,跟着老乡干,没有固定单位", "跑货车,常年在外", "在工地做钢筋工",
                "开了个小餐馆", "做装修,哪里有活去哪里", "送快递")

SUBJECTS_BY_GRADE = {
    "七": ("语文", "数学", "英语", "道德与法治", "历史", "地理", "生物", "音乐", "美术", "体育",
           "信息技术"),
    "八": ("语文", "数学", "英语", "物理", "道德与法治", "历史", "地理", "生物", "音乐", "美术",
           "体育"),
    "九": ("语文", "数学", "英语", "物理", "化学", "道德与法治", "历史", "体育"),
}
CORE_SUBJECTS = ("语文", "数学", "英语")
CLASS_TEACHER_SUBJECTS = ("语文", "数学", "英语", "语文", "数学", "英语", "物理", "道德与法治")

RELATION_CALL = {"祖父": "爷爷", "祖母": "奶奶", "外祖父": "外公", "外祖母": "外婆",
                 "父亲": "爸爸", "母亲": "妈妈"}
RELATIVE_CALLS = ("伯伯", "叔叔", "姑姑", "舅舅", "姨妈", "伯母", "婶婶")
RELATIVE_MALE = frozenset({"伯伯", "叔叔", "舅舅"})

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
ILLNESSES = ("先天性心脏病,定期到省儿童医院复查", "哮喘,换季容易发作", "癫痫,按时服药",
             "肾病综合征,长期服药")
ARCHIVE_REASONS = (("转出", "随父母到{city}就读"), ("转出", "转学到{city}{district}一所民办学校"),
                   ("转出", "随父亲到{city}读书"), ("不再留守", "母亲回乡在镇上工作,不再留守"))

# ---- the term census (调查摸底) ---------------------------------------------------------------------
AUTUMN_TERM, SPRING_TERM = "2022秋", "2022春"
SPRING_TERM_START = date(2022, 2, 14)
SPRING_FINISH = (date(2022, 2, 16), date(2022, 2, 25))   # each class finished in these days
CENSUS_FIRST = date(2022, 9, 2)         # the first school day after the opening day
CENSUS_LAST = date(2022, 9, 9)          # before the 中秋 holiday
GRADE7_RECORDED_BY = date(2022, 9, 6)   # the new 七 grade is recorded in the first days
CHANGE_SHARE = 0.2                      # checks that found something changed
CHECK_NOTE_SHARE = 0.1                  # checks with a note though nothing changed
UNCHECKED = 2                           # children left unchecked in the one unfinished class
SPRING_ENROLLED_RATIO = 548 / 557
SPRING_LEFT_BEHIND_SHARE = 0.366        # of enrolled, spring 2022 (autumn: 38.3%)
SPRING_LEVEL_DRIFT = 0.15               # academic level one step different in spring
# The spring class of a class of now: the 八 and 九 grades were spring's 七 and 八; the 七
# grade's class teachers led the 九 grade that has left (teachers go round the grades).
SPRING_GRADE = {"七": "九", "八": "七", "九": "八"}
# Earlier censuses, where a child of the older grades was first recorded: the first after
# entering the school, or after the parents left (spring 2022: until the class finished).
EARLIER_CENSUSES = ((date(2020, 9, 1), date(2020, 9, 8)), (date(2021, 3, 1), date(2021, 3, 5)),
                    (date(2021, 9, 1), date(2021, 9, 8)))
# The tool asks in this order, and writes what changed in this order (cli/census.py).
QUESTION_ORDER = ("left_behind_type", "guardian.name", "guardian.relation", "guardian.phone",
                  "father.phone", "father.work_province", "father.work_city", "mother.phone",
                  "mother.work_province", "mother.work_city", "boarding")
CHECK_NOTES = {
    "away": ("{g}说{p}春节回来", "{p}暑假回来过,开学前又走了", "{p}说今年过年不一定回来",
             "{g}说{p}每个星期打电话回来", "暑假{p}把{ta}接到{city}住了一个月"),
    "any": ("家里情况没有变化", "联系卡逐项核对,没有变化", "{g}身体还好,能照顾{ta}"),
}
CHANGE_NOTES = {
    "guardian_phone": ("{g}换了新手机", "{g}原来的号码停机了"),
    "grandparent_phone": ("{g}的老人机丢了,补办了新号", "{g}换了个新的老人机"),
    "parent_phone": ("{who}换了号码,新号码已打通", "{who}原来的号码打不通,问{g}要了新号码"),
    "work_city": ("{who}暑假换了地方打工", "{who}跟老乡去了{new}", "{who}原来的厂停工了,去{new}找了活"),
    "type": ("{who}今年暑假也出去打工了,现在由{g}带", "{who}7月去{new}打工了,{ta}交给{g}照看"),
    "boarding": ("家里没人接送,这学期起住校", "这学期起住校,周末回家"),
}
LEVELS = ("差", "中", "良", "优")


def school_days(first: date, last: date, good: Callable[[date], bool]) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)
            if good(first + timedelta(days=n))]


def is_weekday(day: date) -> bool:
    return day.weekday() < 5


def spring_class(klass: SchoolClass) -> str:
    return f"{SPRING_GRADE[klass.grade]}({klass.number})班"


def ordered_counts(counts: Counter[str]) -> dict[str, int]:
    """The counts as `child_counts` gives them: every figure's key, in the report's order."""
    return {key: counts.get(key, 0) for key in child_counts([])}


class Census:
    """The 2022秋 census of every class, and the 2022春 snapshot before it.

    Planned before the history is written (it sets `recorded_on`), then one `摸底` entry per
    child as the files are written, then the two census files from what the files hold.
    """

    def __init__(self, rng: random.Random, phones: set[str], classes: list[SchoolClass],
                 kids: list[Kid]) -> None:
        self.rng = rng
        self.registry = Registry(rng)
        self.registry.phones = phones          # old numbers must not be anyone's number now
        self.classes = classes
        self.last: dict[str, date] = {}        # class -> the day of its last check
        self.spring_last: dict[str, date] = {}  # spring class -> the day it finished
        self.check_day: dict[str, date] = {}   # child id -> the day of its 摸底
        self.autumn: dict[str, Counter[str]] = defaultdict(Counter)
        self.spring: dict[str, Counter[str]] = defaultdict(Counter)
        self.nine_pool: dict[str, list[dict[str, int]]] = defaultdict(list)
        self.checks = self.changed = 0
        self.data: dict[str, dict[str, Any]] = {}   # term -> class -> its census entry
        # The class teacher who keeps the fewest records is the one who has not finished.
        self.unfinished = min((klass for klass in classes if klass.grade != "七"),
                              key=_laxness)
        by_class: dict[str, list[Kid]] = defaultdict(list)
        for kid in kids:
            by_class[kid.klass.name].append(kid)
        for klass in classes:
            self.spring_last[spring_class(klass)] = rng.choice(
                school_days(*SPRING_FINISH, is_weekday))
        for klass in classes:
            self._plan_class(klass, [kid for kid in by_class[klass.name] if not kid.plan.newcomer])
        checked = sorted(self.check_day)
        self.to_change = set(rng.sample(checked, round(len(checked) * CHANGE_SHARE)))

    def _plan_class(self, klass: SchoolClass, members: list[Kid]) -> None:
        rng = self.rng
        if klass.grade == "七":
            # Recorded during this census: that counts as its check (census.checked_in).
            last = weighted(rng, ((date(2022, 9, 5), 3), (GRADE7_RECORDED_BY, 2)))
            days = school_days(CENSUS_FIRST, last, is_school_day)
            for position, kid in enumerate(members):
                kid.record["recorded_on"] = last if position == 0 else rng.choice(days)
            self.last[klass.name] = last
            return
        spring_last = self.spring_last[spring_class(klass)]
        for kid in members:
            kid.record["recorded_on"] = self._first_recorded(kid, spring_last)
        first = rng.choice(school_days(CENSUS_FIRST, date(2022, 9, 6), is_school_day))
        last = rng.choice(school_days(max(first + timedelta(days=1), date(2022, 9, 5)),
                                      CENSUS_LAST, is_school_day))
        checked = list(members)
        if klass is self.unfinished:
            active = [kid for kid in members if not kid.plan.archived]
            rng.shuffle(active)
            active.sort(key=lambda kid: kid.town not in FAR_TOWNS)  # up the mountain: harder
            checked = [kid for kid in members if kid not in active[:UNCHECKED]]
        days = school_days(first, last, is_school_day)
        for position, kid in enumerate(rng.sample(checked, len(checked))):
            self.check_day[kid.record["id"]] = last if position == 0 else rng.choice(days)
        self.last[klass.name] = max((self.check_day[kid.record["id"]] for kid in checked),
                                    default=last)

    def _first_recorded(self, kid: Kid, spring_last: date) -> date:
        entered = date(dict(GRADES)[kid.klass.grade], 9, 1)
        since = kid.record.get("left_behind_since")
        windows = [window for window in EARLIER_CENSUSES if window[0] >= entered]
        windows.append((SPRING_TERM_START, spring_last))
        for first, last in windows:
            if since is None or since < first:
                return self.rng.choice(school_days(first, last, is_weekday))
        return spring_last

    def check(self, kid: Kid) -> None:
        """The child's 摸底 entry of 2022秋, put among its entries in date order."""
        day = self.check_day.get(kid.record["id"])
        if day is None:
            return
        rng = self.rng
        teacher = kid.klass.teacher
        assert teacher is not None
        changes: list[str] = []
        note = None
        if kid.record["id"] in self.to_change:
            changes, note = self._changes(kid)
        if not changes and chance(rng, CHECK_NOTE_SHARE):
            kind = "away" if kid.away and kid.record["left_behind_type"] != "其他" and \
                chance(rng, 0.7) else "any"
            note = fill(rng.choice(CHECK_NOTES[kind]), kid.ctx)
        entry: dict[str, Any] = {"type": "摸底", "date": day, "by": [teacher.id],
                                 "term": AUTUMN_TERM}
        if changes:
            entry["changes"] = changes
        if note:
            entry["note"] = note
        events: list[dict[str, Any]] = kid.record["events"]
        events.insert(bisect.bisect_right(events, day, key=lambda event: event["date"]), entry)
        self.checks += 1
        self.changed += bool(changes)

    def _changes(self, kid: Kid) -> tuple[list[str], str | None]:
        """What the teacher found changed since the card was last checked: "<field> <old> →
        <new>" as the tool writes it; the record holds the new values, and `kid.before` the
        old ones that the spring figures count."""
        rng, record = self.rng, kid.record
        guardian: dict[str, Any] = record["guardian"]
        # A card whose parents' details a contact note says were checked unchanged keeps them.
        settled = any("没有变化" in str(event.get("notes", "")) for event in record["events"])
        phones = [who for who in kid.away if record[who].get("phone")]
        cities = [who for who in kid.away if record[who].get("work_city")]
        kinds: list[tuple[str, int]] = []
        if guardian.get("phone"):
            kinds.append(("guardian_phone", 5))
        if phones and not settled:
            kinds.append(("parent_phone", 5))
        if cities and not settled:
            kinds.append(("work_city", 4))
        if record["left_behind_type"] == "双亲外出" and guardian.get("relation") not in ("父亲",
                                                                                      "母亲"):
            kinds.append(("type", 3))
        if record.get("boarding"):
            kinds.append(("boarding", 2))
        if not kinds:
            return [], None
        chosen: list[str] = []
        for _ in range(2 if len(kinds) > 1 and chance(rng, 0.25) else 1):
            chosen.append(weighted(rng, [kind for kind in kinds if kind[0] not in chosen]))
        found: dict[str, tuple[str | None, str | None]] = {}
        notes: list[str] = []

        def put(path: str, old: str | None, new: str | None) -> None:
            found.setdefault(path, (old, new))

        calls = {"father": "爸爸", "mother": "妈妈"}
        for kind in chosen:
            ctx = dict(kid.ctx)
            if kind == "guardian_phone":
                old = self.registry.mobile()
                put("guardian.phone", old, guardian["phone"])
                if guardian.get("relation") in ("父亲", "母亲"):   # the parent at home
                    who = "father" if guardian["relation"] == "父亲" else "mother"
                    if record[who].get("phone") == guardian["phone"]:
                        put(f"{who}.phone", old, guardian["phone"])
            elif kind == "parent_phone":
                who = rng.choice(phones)
                put(f"{who}.phone", self.registry.mobile(), record[who]["phone"])
                ctx["who"] = calls[who]
            elif kind == "work_city":
                who = rng.choice(cities)
                parent = record[who]
                old_city = _city(rng)
                while old_city.city == parent["work_city"]:
                    old_city = _city(rng)
                if parent.get("work_province") and parent["work_province"] != old_city.province:
                    put(f"{who}.work_province", old_city.province, parent["work_province"])
                put(f"{who}.work_city", old_city.city, parent["work_city"])
                ctx.update(who=calls[who], new=parent["work_city"])
            elif kind == "type":
                old_type = weighted(rng, (("父亲外出", 3), ("母亲外出", 1)))
                home = "mother" if old_type == "父亲外出" else "father"
                parent = record[home]
                put("left_behind_type", old_type, "双亲外出")
                relation = "母亲" if home == "mother" else "父亲"
                if parent.get("name") and guardian.get("name"):
                    put("guardian.name", parent["name"], guardian["name"])
                put("guardian.relation", relation, guardian.get("relation"))
                if parent.get("phone") and guardian.get("phone"):
                    put("guardian.phone", parent["phone"], guardian["phone"])
                for key in ("work_province", "work_city"):
                    if parent.get(key):
                        put(f"{home}.{key}", None, parent[key])
                kid.before.update(left_behind_type=old_type, relation=relation)
                ctx.update(who=calls[home], new=parent.get("work_city") or "外地")
            else:
                kid.before["boarding"] = False
                found["boarding"] = (None, "是")
            if chance(rng, 0.5):
                pool = CHANGE_NOTES[kind]
                if kind == "guardian_phone" and guardian.get("relation") in GRANDPARENTS:
                    pool = CHANGE_NOTES["grandparent_phone"]
                notes.append(fill(rng.choice(pool), ctx))
        texts = []
        for path in sorted(found, key=QUESTION_ORDER.index):
            was, now = found[path]
            if path == "boarding":       # asked as "anything else?": written "<field> → <value>"
                texts.append(f"{label(path)} → {now}")
            else:
                texts.append(f"{label(path)} {was or '无'} → {now or '无'}")
        return texts, (notes[0] if notes else None)

    def observe(self, kid: Kid, child: Child) -> None:
        """Count the child in its class's figures: autumn as of the day its class finished,
        spring (the older grades) as the census found them then."""
        if kid.plan.newcomer:
            return              # recorded after every class had finished
        if kid.klass is not self.unfinished:
            # recorded by the day the class finished; the archived ones left after it
            self.autumn[kid.klass.name].update(child_counts([child]))
        if kid.klass.grade != "七":
            counts = child_counts([self._spring_view(kid, child)])
            self.spring[spring_class(kid.klass)].update(counts)
            if kid.klass.grade == "九":
                self.nine_pool[kid.klass.name].append(counts)

    def _spring_view(self, kid: Kid, child: Child) -> Child:
        update: dict[str, Any] = {key: value for key, value in kid.before.items()
                                  if key in ("left_behind_type", "boarding")}
        if "relation" in kid.before and child.guardian is not None:
            update["guardian"] = child.guardian.model_copy(
                update={"relation": kid.before["relation"]})
        if child.academic_level and chance(self.rng, SPRING_LEVEL_DRIFT):
            # One step up or down; never up to 优, which is rare (the 良 would swamp it).
            step = self.rng.choice((-1, 1))
            index = min(len(LEVELS) - 2, max(0, LEVELS.index(child.academic_level) + step))
            update["academic_level"] = LEVELS[index]
        return child.model_copy(update=update)

    def files(self) -> dict[str, str]:
        """censuses/<term>.yaml for both terms, in the house style, validated."""
        autumn: dict[str, Any] = {}
        for klass in self.classes:
            assert klass.teacher is not None
            entry: dict[str, Any] = {"enrolled": klass.size, "by": klass.teacher.id}
            if klass is not self.unfinished:
                entry["finished"] = self.last[klass.name]
                entry["counts"] = ordered_counts(self.autumn[klass.name])
            autumn[klass.name] = entry
        self.data = {SPRING_TERM: self._spring_classes(), AUTUMN_TERM: autumn}
        return {term: census_text(term, classes) for term, classes in self.data.items()}

    def _spring_classes(self) -> dict[str, Any]:
        rng = self.rng
        enrolled: dict[str, int] = {}
        for klass in self.classes:
            if klass.grade != "七":    # a few left over the summer
                enrolled[spring_class(klass)] = klass.size + rng.choice((0, 1, 1, 2, 3))
        nines = [klass for klass in self.classes if klass.grade == "七"]
        now_nine = [klass for klass in self.classes if klass.grade == "九"]
        now_nine_size = sum(klass.size for klass in now_nine)
        wanted = round(sum(klass.size for klass in self.classes) * SPRING_ENROLLED_RATIO)
        nine_size = min(max(wanted - sum(enrolled.values()), round(now_nine_size * 0.85)),
                        round(now_nine_size * 1.1))
        sizes = _split(nine_size, [klass.size * rng.uniform(0.97, 1.03) for klass in now_nine])
        for klass, size in zip(nines, sizes, strict=True):
            enrolled[spring_class(klass)] = size
        total = sum(enrolled.values())
        # The 九 grade that has left: counts like those of the 九 grade of now.
        known = sum(counts[LEFT_BEHIND] for counts in self.spring.values())
        pools = [self.nine_pool[klass.name] for klass in now_nine]
        now_count = sum(len(pool) for pool in pools)
        wanted_count = round(total * SPRING_LEFT_BEHIND_SHARE) - known
        count = min(max(wanted_count, round(now_count * 0.85)), round(now_count * 1.15))
        shares = _split(count, [len(pool) for pool in pools]) if now_count else [0] * len(pools)
        for klass, pool, share in zip(nines, pools, shares, strict=True):
            name = spring_class(klass)
            share = min(share, enrolled[name])
            picked = (rng.sample(pool, share) if share <= len(pool)
                      else pool + rng.choices(pool, k=share - len(pool)))
            for counts in picked:
                self.spring[name].update(counts)
        # Its good students: about as many excellent ones as the school has now.
        excellent = sum(self.spring[name]["level:优"] for name in self.spring)
        wanted_excellent = round(sum(self.spring[name][LEFT_BEHIND] for name in self.spring)
                                 * EXCELLENT_SHARE * rng.uniform(0.8, 1.0))
        for _ in range(max(0, wanted_excellent - excellent)):
            good = [spring_class(klass) for klass in nines
                    if self.spring[spring_class(klass)]["level:良"] > 0]
            if not good:
                break
            name = rng.choice(good)
            self.spring[name]["level:良"] -= 1
            self.spring[name]["level:优"] += 1
        classes: dict[str, Any] = {}
        teacher_of = {spring_class(klass): klass.teacher for klass in self.classes}
        for name in sorted(enrolled, key=class_order):
            teacher = teacher_of[name]
            assert teacher is not None
            classes[name] = {"enrolled": enrolled[name], "by": teacher.id,
                             "finished": self.spring_last[name],
                             "counts": ordered_counts(self.spring[name])}
        return classes

    def lines(self) -> list[str]:
        """What the census files hold, for the summary (after `files`)."""
        found = []
        for term, classes in self.data.items():
            done = [entry for entry in classes.values() if "finished" in entry]
            enrolled = sum(entry["enrolled"] for entry in classes.values())
            counts: Counter[str] = Counter()
            for entry in done:
                counts.update(entry["counts"])
            base = sum(entry["enrolled"] for entry in done)
            line = (f"census {term}: {len(done)} of {len(classes)} classes finished, "
                    f"enrolled {enrolled}; in the finished classes left-behind "
                    f"{counts[LEFT_BEHIND]} = {100 * counts[LEFT_BEHIND] / max(1, base):.1f}% "
                    f"of {base}, 双亲外出 {counts['both_away']}, with grandparents "
                    f"{counts['with_grandparents']}, 优 {counts['level:优']}")
            found.append(line)
        found.append(f"摸底 entries: {self.checks} ({self.changed} with changes); unfinished: "
                     f"{self.unfinished.name}, {UNCHECKED} children unchecked")
        return found


def _laxness(klass: SchoolClass) -> tuple[int, float, tuple[int, int, str]]:
    teacher = klass.teacher
    if teacher is None:
        return (99, 9.0, class_order(klass.name))
    return (len(teacher.talk_months), teacher.visit_rate, class_order(klass.name))


ROUND_TRIP_CHECKED = 60   # census files of up to this many classes are checked through ruamel


def census_text(term: str, classes: dict[str, Any]) -> str:
    """A census file as the tool writes it (set_enrolled, then finish_class): term, then per
    class enrolled, by, finished, counts; checked against ruamel (and the round trip) on a
    school of ordinary size, where that is quick."""
    data = {"term": term, "classes": classes}
    text = house_text(data)
    parsed = parse_mapping(text)
    if not isinstance(parsed, dict):
        raise AssertionError(f"census {term}: {parsed.message}")
    CensusFile.model_validate(parsed)
    if len(classes) <= ROUND_TRIP_CHECKED and not (
            text == dump_round_trip(data) == dump_round_trip(load_round_trip(text), like=text)):
        raise AssertionError(f"census {term}: not in the house style, or does not round-trip")
    return text


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


# ---- random helpers --------------------------------------------------------------------------------
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


def is_school_day(day: date) -> bool:
    if day in MAKEUP_SCHOOL_DAYS:
        return True
    return day.weekday() < 5 and day not in HOLIDAYS


def is_free_day(day: date) -> bool:
    """A weekend or holiday, not the parent meeting: when teachers go on home visits."""
    return not is_school_day(day) and day != PARENT_MEETING


def next_day(day: date, good: Callable[[date], bool]) -> date:
    while not good(day):
        day += timedelta(days=1)
    return day


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def fill(text: str, ctx: dict[str, str]) -> str:
    return text.format_map(ctx)


# ---- unique identifiers ------------------------------------------------------------------------------
class Registry:
    """Phone numbers and ID numbers handed out once each."""

    MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                       "151", "152", "155", "156", "157", "158", "159", "173", "175", "176",
                       "177", "180", "181", "182", "183", "186", "187", "188", "189", "191",
                       "198", "199")

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.phones: set[str] = set()
        self.ids: set[str] = set()

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(self.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def landline(self, area: str, digits: int, dash: bool = True) -> str:
        while True:
            local = str(self.rng.randint(2, 8)) + "".join(
                str(self.rng.randrange(10)) for _ in range(digits - 1))
            number = f"{area}-{local}" if dash else area + local
            if number not in self.phones:
                self.phones.add(number)
                return number

    def id_number(self, region: str, birth: date, gender: str) -> str:
        while True:
            sequence = self.rng.randrange(100) * 10 + self.rng.choice(
                (1, 3, 5, 7, 9) if gender == "男" else (0, 2, 4, 6, 8))
            first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + id_check_char(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number


class Namer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def surname(self) -> str:
        return weighted(self.rng, SURNAMES)

    def child(self, surname: str, gender: str) -> str:
        first, second = (BOY_1, BOY_2) if gender == "男" else (GIRL_1, GIRL_2)
        given = self.rng.choice(first) + self.rng.choice(second)
        if given[0] == given[1] and not chance(self.rng, 0.3):
            given = given[0] + self.rng.choice(second)
        return surname + given

    def adult(self, surname: str, gender: str, old: bool = False) -> str:
        if old:
            first, second = (OLD_MAN_1, OLD_MAN_2) if gender == "男" else (OLD_WOMAN_1, OLD_WOMAN_2)
        else:
            first, second = (MAN_1, MAN_2) if gender == "男" else (WOMAN_1, WOMAN_2)
        if not old and chance(self.rng, 0.15):
            return surname + self.rng.choice(MAN_SINGLE if gender == "男" else WOMAN_SINGLE)
        given = self.rng.choice(first) + self.rng.choice(second)
        return surname + (given if given[0] != given[1] else given[0] + self.rng.choice(second))

    def other_surname(self, not_this: str) -> str:
        while True:
            name = self.surname()
            if name != not_this:
                return name


# ---- the school's layout -------------------------------------------------------------------------------
@dataclass
class Teacher:
    id: str
    name: str
    phone: str
    roles: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    teaches: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    note: str | None = None
    section: str = ""
    # how this teacher keeps records (not written to staff.yaml)
    talk_months: tuple[int, ...] = (9, 10, 11)
    november_done: float = 1.0
    visit_rate: float = 0.6
    contact_gap: tuple[int, int] = (21, 42)
    thorough: float = 0.8
    proxy_gap: tuple[int, int] = (12, 16)
    proxy_lapse: float = 0.0

    def record(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name, "phone": self.phone,
                                "roles": self.roles, "leads": self.leads, "teaches": self.teaches,
                                "subjects": self.subjects, "note": self.note}
        return {key: value for key, value in data.items() if value not in (None, [])}

    @property
    def surname(self) -> str:
        return self.name[0]


@dataclass
class SchoolClass:
    grade: str
    number: int
    size: int
    width: int
    teacher: Teacher | None = None
    staff: list[Teacher] = field(default_factory=list)
    subject_teacher: dict[str, Teacher] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.grade}({self.number})班"

    def student_no(self, seq: int) -> str:
        entry = dict(GRADES)[self.grade]
        return f"{entry}{GRADE_CODES[self.grade]:02d}{self.number:0{self.width}d}{seq:02d}"


def layout_classes(rng: random.Random, enrolled: int) -> list[SchoolClass]:
    per_grade = max(4, round(enrolled / 3 / CLASS_SIZE))
    width = max(2, len(str(per_grade)))
    grade_sizes = _split(enrolled, [1.03, 1.0, 0.97])
    classes: list[SchoolClass] = []
    for (grade, _), grade_size in zip(GRADES, grade_sizes, strict=True):
        sizes = _split(grade_size, [1.0 + rng.uniform(-0.04, 0.04) for _ in range(per_grade)])
        classes += [SchoolClass(grade, number + 1, size, width)
                    for number, size in enumerate(sizes)]
    return classes


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights`, by largest remainder (sums exactly)."""
    whole = sum(weights)
    raw = [total * weight / whole for weight in weights]
    parts = [int(value) for value in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


class StaffBuilder:
    def __init__(self, rng: random.Random, registry: Registry, namer: Namer) -> None:
        self.rng, self.registry, self.namer = rng, registry, namer
        self.staff: list[Teacher] = []
        self.names: set[str] = set()

    def new(self, section: str, roles: list[str], note: str | None = None) -> Teacher:
        while True:
            name = self.namer.adult(self.namer.surname(), self.rng.choice("男女"))
            if name not in self.names:
                self.names.add(name)
                break
        teacher = Teacher(f"T{len(self.staff) + 1:03d}", name, self.registry.mobile(), roles,
                          note=note, section=section)
        self.staff.append(teacher)
        return teacher


def build_staff(rng: random.Random, registry: Registry, namer: Namer,
                classes: list[SchoolClass]) -> list[Teacher]:
    """Leaders, class teachers, subject teachers and the records keeper (~40 for 12 classes)."""
    builder = StaffBuilder(rng, registry, namer)
    builder.new("领导小组", ["领导小组组长"], "校长")                       # T001
    builder.new("领导小组", ["领导小组组员"], "副校长")
    dean = builder.new("领导小组", ["领导小组组员", "任课教师"], "教导主任")
    moral = builder.new("领导小组", ["领导小组组员", "任课教师"], "政教主任")   # T004
    youth = builder.new("领导小组", ["领导小组组员", "任课教师"], "团委书记")

    # Every (grade, subject) is taught in chunks: core subjects two classes per teacher,
    # the rest a whole grade (at most four classes) per teacher.
    chunks: list[tuple[str, list[SchoolClass]]] = []
    by_grade: dict[str, list[SchoolClass]] = defaultdict(list)
    for klass in classes:
        by_grade[klass.grade].append(klass)
    for grade, _ in GRADES:
        for subject in SUBJECTS_BY_GRADE[grade]:
            size = 2 if subject in CORE_SUBJECTS else 4
            group = by_grade[grade]
            chunks += [(subject, group[i:i + size]) for i in range(0, len(group), size)]

    chunks_of: dict[str, list[int]] = defaultdict(list)
    for number, (_, group) in enumerate(chunks):
        for klass in group:
            chunks_of[klass.name].append(number)
    taken: set[int] = set()
    for index, klass in enumerate(classes):
        subject = CLASS_TEACHER_SUBJECTS[(index + rng.randrange(2)) % len(CLASS_TEACHER_SUBJECTS)]
        teacher = builder.new("班主任", ["班主任", "任课教师"])
        teacher.leads = [klass.name]
        klass.teacher = teacher
        free = [number for number in chunks_of[klass.name] if number not in taken]
        # Their own subject if its chunk is free, else a free core subject, else anything.
        free.sort(key=lambda number: (chunks[number][0] != subject,
                                      chunks[number][0] not in CORE_SUBJECTS))
        if free:
            taken.add(free[0])
            _assign(teacher, *chunks[free[0]])

    leftover = [chunk for number, chunk in enumerate(chunks) if number not in taken]
    # Leaders teach a little.
    for leader, wanted in ((dean, "数学"), (moral, "道德与法治"), (youth, "历史")):
        for number, (subject, group) in enumerate(leftover):
            if subject == wanted:
                _assign(leader, subject, group)
                leftover.pop(number)
                break
        else:
            leader.roles.remove("任课教师")
    # Subject teachers: about 22 for 12 classes; merge same-subject chunks to reach that.
    target = max(1, round(len(classes) * 22 / 12))
    by_subject: dict[str, list[list[SchoolClass]]] = defaultdict(list)
    for subject, group in leftover:
        by_subject[subject].append(group)
    excess = len(leftover) - target
    while excess > 0:
        progressed = False
        for subject in sorted(by_subject, key=lambda name: -len(by_subject[name])):
            groups, merged, i = by_subject[subject], [], 0
            while i < len(groups):
                if excess > 0 and i + 1 < len(groups) and len(groups[i]) + len(groups[i + 1]) <= 8:
                    merged.append(groups[i] + groups[i + 1])
                    i, excess, progressed = i + 2, excess - 1, True
                else:
                    merged.append(groups[i])
                    i += 1
            by_subject[subject] = merged
        if not progressed:
            break
    loads = [(subject, group) for subject, groups in by_subject.items() for group in groups]
    loads.sort(key=lambda load: (SUBJECT_ORDER.get(load[0], 99), load[1][0].name))
    for subject, group in loads:
        _assign(builder.new("任课教师", ["任课教师"]), subject, group)
    keepers = max(1, len(classes) // 24)
    for _ in range(keepers):
        builder.new("档案管理员", ["档案管理员"], "学籍档案管理")

    for teacher in builder.staff:
        _set_habits(rng, teacher)
    _assign_class_teacher_habits(rng, [t for t in builder.staff if t.leads])
    return builder.staff


SUBJECT_ORDER = {subject: i for i, subject in enumerate(
    ("语文", "数学", "英语", "物理", "化学", "道德与法治", "历史", "地理", "生物", "音乐", "美术",
     "体育", "信息技术"))}


def _assign(teacher: Teacher, subject: str, group: list[SchoolClass]) -> None:
    if subject not in teacher.subjects:
        teacher.subjects.append(subject)
    for klass in group:
        if klass.name not in teacher.teaches:
            teacher.teaches.append(klass.name)
        klass.staff.append(teacher)
        klass.subject_teacher.setdefault(subject, teacher)


def _set_habits(rng: random.Random, teacher: Teacher) -> None:
    teacher.thorough = rng.uniform(0.45, 1.0)
    teacher.contact_gap = rng.choice(((18, 35), (21, 42), (25, 45), (30, 60)))
    profile = rng.random()
    if profile < 0.55:
        teacher.proxy_gap, teacher.proxy_lapse = (11, 15), 0.05
    elif profile < 0.85:
        teacher.proxy_gap, teacher.proxy_lapse = (13, 19), 0.25
    else:
        teacher.proxy_gap, teacher.proxy_lapse = (18, 30), 0.5


def _assign_class_teacher_habits(rng: random.Random, class_teachers: list[Teacher]) -> None:
    """Some class teachers keep every month, some fall behind, one or two never write."""
    profiles: list[tuple[tuple[int, ...], float, float]] = []
    n = len(class_teachers)
    quotas = _split(n, [6, 2, 2, 1, 1])
    # (months with talks, share of November done by the 25th, home-visit rate)
    kinds = [((9, 10, 11), 0.92, 0.85), ((9, 11), 0.85, 0.65), ((9, 10, 11), 0.12, 0.55),
             ((9,), 0.0, 0.4), ((), 0.0, 0.15)]
    for kind, quota in zip(kinds, quotas, strict=True):
        profiles += [kind] * quota
    rng.shuffle(profiles)
    for teacher, (months, november, visits) in zip(class_teachers, profiles, strict=True):
        teacher.talk_months, teacher.november_done = months, november
        teacher.visit_rate = min(0.95, visits + rng.uniform(-0.1, 0.1))
        if not months:
            teacher.contact_gap = (35, 70)


# ---- plans: who is what, by quota, so the proportions hold exactly -----------------------------------------
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


# ---- geography ----------------------------------------------------------------------------------------
class Geography:
    def __init__(self, rng: random.Random, big: bool) -> None:
        self.rng = rng
        self.villages: dict[str, list[str]] = {}
        self.towns = TOWNS if not big else tuple((town, max(3, weight // 3)) for town, weight in TOWNS)
        for town, _ in self.towns:
            names: list[str] = []
            while len(names) < (14 if town == "金石桥镇" else 8) * (3 if big else 1):
                name = rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_SECOND) + "村"
                if name not in names and name[0] != name[1]:
                    names.append(name)
            self.villages[town] = names

    def home(self) -> tuple[str, str, int]:
        town = weighted(self.rng, self.towns)
        return town, self.rng.choice(self.villages[town]), self.rng.randint(1, 12)


def full_address(town: str, village: str, group: int) -> str:
    return f"{PROVINCE}{PREFECTURE}{COUNTY}{town}{village}{group}组"


def short_address(town: str, village: str, group: int) -> str:
    return f"{COUNTY}{town}{village}{group}组"


# ---- one child ----------------------------------------------------------------------------------------
@dataclass
class Kid:
    """A child's record being built, and what the event generator needs to know about them."""

    record: dict[str, Any]
    plan: Plan
    klass: SchoolClass
    ctx: dict[str, str]
    town: str
    village: str
    proxy: Teacher | None = None
    start: date = CENSUS_DAY
    end: date = HISTORY_END
    away: tuple[str, ...] = ()
    # what the 2022秋 census found changed since spring: field -> the spring value
    before: dict[str, Any] = field(default_factory=dict)


class ChildMaker:
    def __init__(self, rng: random.Random, registry: Registry, namer: Namer,
                 geography: Geography) -> None:
        self.rng, self.registry, self.namer, self.geo = rng, registry, namer, geography
        self.names_in_class: dict[str, set[str]] = defaultdict(set)

    def birth_date(self, grade: str) -> date:
        entry = dict(GRADES)[grade]
        first = date(entry - 13, 9, 1)
        # A few repeated a year or started school early; all born 2007-2011.
        shift = weighted(self.rng, ((0, 86), (-1, 0 if grade == "九" else 10),
                                    (1, 4 if grade == "七" else 0)))
        first = date(first.year + shift, 9, 1)
        return day_between(self.rng, first, date(first.year + 1, 8, 31))

    def parent(self, surname: str, gender: str, child_birth: date, away: bool,
               city: City | None, at_home_job: str) -> tuple[dict[str, Any], date]:
        rng = self.rng
        age_at_birth = rng.randint(22, 36) if gender == "男" else rng.randint(20, 33)
        birth = day_between(rng, date(child_birth.year - age_at_birth, 1, 1),
                            date(child_birth.year - age_at_birth, 12, 28))
        data: dict[str, Any] = {"name": self.namer.adult(surname, gender)}
        if chance(rng, 0.35):
            data["birth_date"] = birth
            if chance(rng, 0.7):
                region = REGION_CODE if gender == "男" or chance(rng, 0.75) else rng.choice(
                    NEIGHBOUR_CODES)
                data["id_number"] = self.registry.id_number(region, birth, gender)
        data["phone"] = self.registry.mobile()
        if away and city is not None:
            data["work_province"] = city.province
            data["work_city"] = city.city
            if chance(rng, 0.12):
                data["note"] = rng.choice(NO_UNIT_JOBS)
            else:
                if chance(rng, 0.85):
                    brand = rng.choice(BRAND_1) + rng.choice(BRAND_2)
                    while brand[0] == brand[1]:
                        brand = rng.choice(BRAND_1) + rng.choice(BRAND_2)
                    data["work_unit"] = f"{city.city}{brand}{rng.choice(city.trades)}"
                if chance(rng, 0.45):
                    data["work_address"] = _work_address(city, rng.choice(city.districts))
                if chance(rng, 0.15):
                    data["work_phone"] = self.registry.landline(city.area_code, city.digits)
            if chance(rng, 0.08):
                data["note"] = rng.choice(("过年才回来", "2019年起在外", "端午节回来过一次",
                                           "和孩子联系少"))
        elif not away and at_home_job:
            data["note"] = at_home_job
        return data, birth

    def make(self, klass: SchoolClass, seq: int, plan: Plan) -> Kid:
        rng = self.rng
        gender = rng.choice("男女")
        surname = self.namer.surname()
        name = self.namer.child(surname, gender)
        while name in self.names_in_class[klass.name]:
            name = self.namer.child(surname, gender)
        self.names_in_class[klass.name].add(name)
        birth = self.birth_date(klass.grade)
        town, village, group = self.geo.home()
        number = klass.student_no(seq)
        ta = "他" if gender == "男" else "她"
        kind = plan.left_behind_type

        record: dict[str, Any] = {"id": number, "student_no": number, "name": name,
                                  "gender": gender}
        record["ethnicity"] = ("瑶族" if town in ("小沙江镇", "麻塘山乡") and chance(rng, 0.5)
                               else weighted(rng, (("汉族", 97), ("回族", 1), ("瑶族", 2))))
        if plan.incomplete != "birth_date":
            record["birth_date"] = birth
            if chance(rng, 0.9):
                record["id_number"] = self.registry.id_number(REGION_CODE, birth, gender)
        record["class"] = klass.name
        record["hukou"] = full_address(town, village, group)

        # Where the child lives: at home, at the grandparents' (maybe mother's village), in town.
        res_town, res_village, res_group = town, village, group
        if plan.relation in ("外祖父", "外祖母"):
            res_town, res_village, res_group = self.geo.home()
        residence = short_address(res_town, res_village, res_group)
        if chance(rng, 0.05):
            residence = f"{COUNTY}{SCHOOL_TOWN_STREET[rng.randrange(len(SCHOOL_TOWN_STREET))]}"
        if plan.incomplete != "residence":
            record["residence"] = residence
        far = res_town != "金石桥镇"
        record["boarding"] = chance(rng, 0.7 if far else (0.3 if klass.grade == "七" else 0.42))
        record["health"] = plan.health
        if plan.health == "残疾":
            record["disability"] = {"category": weighted(rng, (("肢体", 4), ("视力", 2),
                                                               ("听力", 2), ("言语", 1))),
                                    "grade": rng.choice(("三级", "四级"))}
        elif plan.health == "患病":
            record["illness"] = rng.choice(ILLNESSES)
        record["left_behind_type"] = kind

        # Parents: who is away, where.
        away: tuple[str, ...] = {"双亲外出": ("father", "mother"), "父亲外出": ("father",),
                                 "母亲外出": ("mother",)}.get(kind, ())
        other_case = ""
        if kind == "其他" and plan.relation == "父亲":
            other_case = "father_local"
        elif kind == "其他":
            other_case = rng.choice(("divorced_father_away", "father_died", "mother_left"))
            away = ("mother",) if other_case == "father_died" else ("father",)
        father_city = _city(rng)
        mother_city = father_city if chance(rng, 0.6) else _city(rng)
        mother_surname = self.namer.other_surname(surname)
        home_job = rng.choice(("在家务农", "在镇上超市打工", "在家照顾老人", "在镇上做零工"))
        if other_case == "father_local":
            home_job = "在县城打零工,早出晚归"
        father, father_birth = self.parent(surname, "男", birth, "father" in away, father_city,
                                           home_job if plan.relation == "父亲" else "")
        mother, mother_birth = self.parent(mother_surname, "女", birth, "mother" in away,
                                           mother_city, home_job if plan.relation == "母亲" else "")
        note: str | None = None
        if plan.guardian_kind == "grandparent" and kind == "父亲外出":
            mother["note"] = rng.choice(("在县城打工,平时住厂里", "身体不好,常年吃药",
                                         "在镇上上班,早出晚归", "在县城陪读哥哥"))
        elif plan.guardian_kind == "grandparent" and kind == "母亲外出":
            father["note"] = rng.choice(("在本县工地打零工,常不在家", "身体不好,干不了重活",
                                         "在县城跑摩的,早出晚归"))
        if other_case == "divorced_father_away":
            note = "父母离异,随父亲生活,父亲外出务工"
            mother = {"name": mother["name"], "note": "离异后很少联系"}
        elif other_case == "father_died":
            note = "父亲2018年因病去世,母亲外出务工"
            father = {"name": father["name"], "note": "已去世"}
        elif other_case == "mother_left":
            note = "母亲多年前离家,联系不上,父亲外出务工"
            mother = {"name": mother["name"], "note": "联系不上"}
        elif other_case == "father_local":
            note = "父母离异,母亲外出后没有音讯;父亲在县城打零工,早出晚归"
            mother = {"name": mother["name"], "note": "离异后外出,联系不上"}
        if plan.incomplete == "parent_phone" and away:
            gap = father if away[0] == "father" else mother
            gap.pop("phone", None)
            gap["note"] = "换了号码,新号码还没问到"
        if plan.incomplete == "work_city" and away:
            gap = father if away[0] == "father" else mother
            for key in ("work_province", "work_city", "work_unit", "work_address", "work_phone"):
                gap.pop(key, None)
            gap["note"] = "在外打工,具体地方孩子说不清"
        record["father"], record["mother"] = father, mother
        if chance(rng, 0.5):
            leave_year = rng.randint(birth.year + 1, 2021)
            record["left_behind_since"] = date(leave_year, rng.choice((2, 2, 3, 9)),
                                               rng.randint(1, 28))
        if plan.newcomer:
            record["left_behind_since"] = plan.newcomer - timedelta(days=rng.randint(5, 30))

        # The guardian at home.
        guardian, g_call = self.guardian(plan, surname, mother_surname,
                                         (father, father_birth), (mother, mother_birth),
                                         residence)
        record["guardian"] = guardian
        record["guardianship"] = self.guardianship(plan, guardian)
        sources = ["打工收入"]
        if plan.guardian_kind == "grandparent" or chance(rng, 0.3):
            sources.append("种养殖业")
        assistance: list[str] = []
        if plan.hardship:
            sources.append("政府救助")
            assistance.append("低保")
            if record["boarding"]:
                assistance.append("生活补助")
        if plan.health in ("患病", "残疾") and chance(rng, 0.7):
            assistance.append("医疗救助")
        if chance(rng, 0.04):
            sources.append("亲朋接济")
        if plan.hardship and chance(rng, 0.15):
            assistance.append("住房救助" if chance(rng, 0.5) else "临时救助")
        record["economic_sources"] = sources
        record["assistance"] = assistance
        record["academic_level"] = plan.academic
        record["key_support"] = plan.key
        record["recorded_on"] = plan.newcomer or CENSUS_DAY   # the others: Census sets it
        if plan.newcomer and kind != "其他":
            since = record["left_behind_since"]
            who = {"双亲外出": "父母", "父亲外出": "父亲", "母亲外出": "母亲"}[kind]
            where = father_city if "father" in away else mother_city
            if plan.guardian_kind == "grandparent" and chance(rng, 0.5):
                note = f"{plan.newcomer.month}月从{where.city}转学回来,由{g_call}带"
            else:
                note = f"{since.month}月{who}外出务工,新列为留守儿童"
        if plan.unsupervised:
            note = f"父母都在外,平时一个人住,{g_call}住隔壁偶尔照看"
        if plan.archived:
            city = father_city if "father" in away else mother_city
            status, reason = rng.choice(ARCHIVE_REASONS)
            if "mother" not in away and status == "不再留守":
                status, reason = ARCHIVE_REASONS[0]
            record["status"] = status
            record["status_date"] = plan.archived
            record["status_reason"] = reason.format(city=city.city,
                                                    district=rng.choice(city.districts))
        if note:
            record["note"] = note

        parents_call = {("father",): "爸爸", ("mother",): "妈妈", (): "爸爸"}.get(away, "爸爸妈妈")
        city = father_city if away and away[0] == "father" else mother_city
        ctx = {"p": parents_call, "g": g_call, "ta": ta, "city": city.city, "subj": "数学"}
        kid = Kid(record, plan, klass, ctx, res_town, res_village, away=away)
        kid.start = plan.newcomer or CENSUS_DAY
        kid.end = plan.archived or HISTORY_END
        return kid

    def guardian(self, plan: Plan, surname: str, mother_surname: str,
                 father: tuple[dict[str, Any], date], mother: tuple[dict[str, Any], date],
                 residence: str) -> tuple[dict[str, Any], str]:
        rng = self.rng
        relation = plan.relation
        data: dict[str, Any] = {}
        if plan.guardian_kind == "grandparent":
            call = RELATION_CALL[relation]
            male = relation in ("祖父", "外祖父")
            family = surname if relation == "祖父" else (
                mother_surname if relation == "外祖父" else self.namer.other_surname(surname))
            data["name"] = self.namer.adult(family, "男" if male else "女", old=True)
            # A generation older than the child's father (祖父母) or mother (外祖父母).
            parent_age = age_on((father if relation in ("祖父", "祖母") else mother)[1], CENSUS_DAY)
            low, high = max(55, parent_age + 20), min(78, parent_age + 32)
            age = rng.randint(min(low, high), high)
            data["relation"] = relation
            birth = day_between(rng, date(2022 - age - 1, 9, 6), date(2022 - age, 9, 5))
            if chance(rng, 0.3):
                data["birth_date"] = birth
            data["age"] = age_on(birth, CENSUS_DAY)
            data["occupation"] = weighted(rng, (("务农", 70), ("务农,养猪", 8), ("在家带孙子", 10),
                                                ("打零工", 5), ("退休", 2)))
            data["health"] = weighted(rng, (("健康", 35), ("一般", 40), ("较差", 20), ("患病", 5)))
            phone_owner = None
        elif plan.guardian_kind == "parent":
            call = RELATION_CALL[relation]
            phone_owner, parent_birth = father if relation == "父亲" else mother
            data["name"] = phone_owner["name"]
            data["relation"] = relation
            if "birth_date" in phone_owner:
                data["birth_date"] = phone_owner["birth_date"]
            if "id_number" in phone_owner:
                data["id_number"] = phone_owner["id_number"]
            data["age"] = age_on(parent_birth, CENSUS_DAY)
            data["occupation"] = phone_owner.get("note") or "务农"
            data["health"] = weighted(rng, (("健康", 80), ("一般", 15), ("患病", 5)))
        elif plan.guardian_kind == "sibling":
            call = rng.choice(("姐姐", "哥哥"))
            gender = "女" if call == "姐姐" else "男"
            data["name"] = self.namer.child(surname, gender)
            data["relation"] = "兄姐"
            age = rng.randint(18, 23)
            birth = day_between(rng, date(2022 - age - 1, 9, 6), date(2022 - age, 9, 5))
            data["age"] = age_on(birth, CENSUS_DAY)
            data["occupation"] = rng.choice(("在镇上打工", "在县城奶茶店上班", "在家务农"))
            data["health"] = "健康"
            phone_owner = None
        else:
            call = "伯伯" if plan.unsupervised else rng.choice(RELATIVE_CALLS)
            male = call in RELATIVE_MALE
            family = mother_surname if call in ("舅舅", "姨妈") else (
                surname if call in ("伯伯", "叔叔", "姑姑") else self.namer.other_surname(surname))
            data["name"] = self.namer.adult(family, "男" if male else "女")
            data["relation"] = "亲属"
            age = rng.randint(36, 55)
            data["age"] = age
            data["occupation"] = rng.choice(("务农", "开小卖部", "在镇上做生意", "打零工"))
            data["health"] = weighted(rng, (("健康", 70), ("一般", 30)))
            data["note"] = f"孩子的{call}"
            phone_owner = None
        if phone_owner is not None and "phone" in phone_owner:
            data["phone"] = phone_owner["phone"]
        elif plan.incomplete != "guardian_phone":
            data["phone"] = self.registry.mobile()
        elif plan.guardian_kind == "grandparent":
            data["note"] = f"{call}没有手机"
        if phone_owner is None and "birth_date" in data and chance(rng, 0.5):
            data["id_number"] = self.registry.id_number(
                REGION_CODE, data["birth_date"], "男" if relation in ("祖父", "外祖父", "父亲") else "女")
        data["address"] = residence
        return data, call

    def guardianship(self, plan: Plan, guardian: dict[str, Any]) -> str:
        rng = self.rng
        if plan.unsupervised:
            return "无人监护"
        if plan.guardian_kind == "grandparent":
            weak = 30 if guardian.get("health") in ("较差", "患病") or guardian.get("age", 0) > 72 else 12
            return weighted(rng, (("较好", 30), ("一般", 45), ("受委托监护人监护能力不足", weak)))
        if plan.guardian_kind == "parent":
            return weighted(rng, (("较好", 58), ("一般", 38), ("父或母无监护能力", 4)))
        if plan.guardian_kind == "sibling":
            return "受委托监护人监护能力不足"
        return weighted(rng, (("较好", 30), ("一般", 60), ("受委托监护人监护能力不足", 10)))


SCHOOL_TOWN_STREET = ("金石桥镇新街租房", "金石桥镇老街亲戚家", "桃洪镇东方红社区租房")


def _city(rng: random.Random) -> City:
    return weighted(rng, tuple((city, city.weight) for city in CITIES))


def _work_address(city: City, district: str) -> str:
    if city.province == city.city:                       # 上海
        return f"{city.city}市{district}"
    if city.city == "义乌":
        return f"浙江省义乌市{district}"
    return f"{city.province}省{city.city}市{district}"


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


def activity_text(activity: dict[str, Any]) -> str:
    """An activity file as `liushou activity add` writes it."""
    Activity.model_validate(activity)
    return house_text(activity)


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


# ---- writing YAML ------------------------------------------------------------------------------------------
def render(kid: Kid, child: Child, rng: random.Random) -> str:
    if kid.plan.comment:
        document = child_document(child)
        add_comment(rng, kid, document)
        return dump_round_trip(document)
    return render_child(child)


def staff_text(staff: list[Teacher]) -> str:
    """staff.yaml: the template's header, then the staff in sections, in the house style."""
    header = "".join(line + "\n" for line in STAFF_TEMPLATE.splitlines() if line.startswith("#"))
    StaffFile.model_validate({"staff": [teacher.record() for teacher in staff]})
    out = [header, "staff:\n"]
    section = None
    for teacher in staff:
        if teacher.section != section:
            section = teacher.section
            out.append(f"  # {section}\n")
        # One item of the list as it stands in the whole list: its lines after `staff:`.
        out.append(house_text({"staff": [teacher.record()]}).split("\n", 1)[1])
    return "".join(out)


def config_text(school: str) -> str:
    """liushou.yaml in the template's commented style, with this school's terms and theme."""
    template = CONFIG_TEMPLATE
    duties = template[template.index("# 职责规则"):template.index("# 每年一个关爱主题")]
    return (
        "# liushou 配置:学校、学期、职责规则、年度关爱主题。\n"
        "# 修改后运行 `liushou check` 检查。\n"
        f"{house_text({'school': school})}"
        f"county: {COUNTY}\n"
        "\n"
        "# 学期:按本校校历修改。两个学期之间是假期,假期里任何职责都不会到期。\n"
        "terms:\n"
        "  - name: 2022春\n"
        "    start: 2022-02-14\n"
        "    end: 2022-07-08\n"
        "  - name: 2022秋\n"
        "    start: 2022-09-01\n"
        "    end: 2023-01-13\n"
        "  - name: 2023春\n"
        "    start: 2023-02-06\n"
        "    end: 2023-07-07\n"
        "\n"
        f"{duties}"
        "# 每年一个关爱主题\n"
        "care_themes:\n"
        "  - year: 2022\n"
        "    theme: 让留守儿童在爱的阳光下绽放\n"
    )


# ---- the whole school ---------------------------------------------------------------------------------------
@dataclass
class Summary:
    root: Path
    school: str
    enrolled: int
    classes: int
    staff: int
    files: int
    active: int
    archived: int
    both_away: int
    with_grandparents: int
    excellent: int
    key_support: int
    proxies: int
    events: int
    event_types: dict[str, int]
    newcomers: int
    seconds: float
    census: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        def pct(part: int, whole: int) -> str:
            return f"{100 * part / whole:.1f}%" if whole else "-"

        return [
            f"{self.school}: {self.files} child files, {self.staff} staff, {self.classes} classes",
            f"enrolled (在校生, kept in the generator): {self.enrolled}",
            f"left-behind, active (在读): {self.active} = {pct(self.active, self.enrolled)} of enrolled"
            f" (+{self.archived} archived: 转出/不再留守)",
            f"双亲外出: {self.both_away} = {pct(self.both_away, self.active)} of left-behind",
            f"with grandparents: {self.with_grandparents} = "
            f"{pct(self.with_grandparents, self.enrolled)} of enrolled",
            f"academic 优: {self.excellent} = {pct(self.excellent, self.active)} of left-behind",
            f"key support: {self.key_support}, proxy parents: {self.proxies}, "
            f"newcomers mid-term: {self.newcomers}",
            f"events: {self.events} ({self.events / max(1, self.files):.1f} per child) "
            + ", ".join(f"{kind} {count}" for kind, count in sorted(self.event_types.items())),
            *self.census,
            f"written in {self.seconds:.1f} s",
        ]


def generate_school(root: Path, children: int = DEFAULT_CHILDREN, seed: int = 2022,
                    school: str = DEFAULT_SCHOOL, enrolled: int | None = None,
                    force: bool = False) -> Summary:
    """Create the data folder `root` with `children` active left-behind children (+ archived).

    `enrolled` defaults to the seed's ratio (557 for 213). Refuses a non-empty folder unless
    `force`, which empties it first (only a folder that holds a liushou.yaml).
    """
    started = time.perf_counter()
    if children < 1:
        raise ValueError("children must be at least 1")
    _prepare(root, force)
    rng = random.Random(seed)
    enrolled = enrolled or round(children * DEFAULT_ENROLLED / DEFAULT_CHILDREN)
    registry, namer = Registry(rng), Namer(rng)
    classes = layout_classes(rng, enrolled)
    staff = build_staff(rng, registry, namer, classes)
    staff_by_id = {teacher.id: teacher for teacher in staff}
    geography = Geography(rng, big=len(classes) > 24)
    archived = max(1, round(children * ARCHIVED_SHARE))
    plans = make_plans(rng, children, enrolled, archived)

    # Spread the children over the classes in proportion to class size, then number them.
    quotas = _split(len(plans), [klass.size * rng.uniform(0.8, 1.2) for klass in classes])
    slots: list[SchoolClass] = []
    for klass, quota in zip(classes, quotas, strict=True):
        slots += [klass] * quota
    rng.shuffle(slots)
    by_class: dict[str, list[Plan]] = defaultdict(list)
    for klass, plan in zip(slots, plans, strict=True):
        by_class[klass.name].append(plan)
    maker = ChildMaker(rng, registry, namer, geography)
    kids: list[Kid] = []
    for klass in classes:
        members = by_class[klass.name]
        regulars = [plan for plan in members if not plan.newcomer]
        size = max(klass.size, len(regulars))
        numbers = sorted(rng.sample(range(1, size + 1), len(regulars)))
        late = itertools.count(size + 1)
        for plan in members:
            seq = next(late) if plan.newcomer else numbers.pop(0)
            kids.append(maker.make(klass, seq, plan))
    assign_proxies(rng, kids, staff)
    support = Support(random.Random(f"support-{seed}"), kids, staff)
    # The census draws from a stream of its own: the rest of the school stays as it was.
    census = Census(random.Random(f"census-{seed}"), registry.phones, classes, kids)

    timeline = Timeline(rng)
    visit_days: dict[tuple[str, str, str], list[date]] = {}
    event_types: Counter[str] = Counter()
    children_dir = root / "children"
    children_dir.mkdir(parents=True, exist_ok=True)
    for kid in kids:
        kid.record["events"] = timeline.build(kid, staff_by_id, visit_days)
        census.check(kid)
        support.add(kid)
        event_types.update(event["type"] for event in kid.record["events"])
        child = Child.model_validate(kid.record)
        # The census saw the child as it stood in September, before any unmarking.
        census.observe(kid, child.model_copy(update={"key_support": True})
                       if kid.record["id"] in support.unmarked else child)
        text = render(kid, child, rng)
        (children_dir / f"{kid.record['id']}.yaml").write_text(text, encoding="utf-8")
    written: Counter[str] = Counter()
    (root / "activities").mkdir(exist_ok=True)
    for activity in support.activities(classes):
        stem = f"{activity['date'].isoformat()}-{KIND_SLUGS[activity['kind']]}"
        written[stem] += 1
        name = stem if written[stem] == 1 else f"{stem}-{written[stem]}"
        (root / "activities" / f"{name}.yaml").write_text(activity_text(activity),
                                                           encoding="utf-8")
    census_files = census.files()
    (root / "censuses").mkdir(exist_ok=True)
    for term, text in census_files.items():
        (root / "censuses" / f"{term}.yaml").write_text(text, encoding="utf-8")

    (root / "staff.yaml").write_text(staff_text(staff), encoding="utf-8")
    config = config_text(school)
    SchoolConfig.model_validate(load_round_trip(config))
    (root / "liushou.yaml").write_text(config, encoding="utf-8")
    (root / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (root / "README.md").write_text(README.format(
        school=school, children=children, seed=seed, folder=root.name,
        enrolled_option="" if enrolled == round(children * DEFAULT_ENROLLED / DEFAULT_CHILDREN)
        else f" --enrolled {enrolled}"), encoding="utf-8")

    active = [kid for kid in kids if not kid.plan.archived]
    return Summary(
        root=root, school=school, enrolled=enrolled, classes=len(classes), staff=len(staff),
        files=len(kids), active=len(active), archived=len(kids) - len(active),
        both_away=sum(kid.record["left_behind_type"] == "双亲外出" for kid in active),
        with_grandparents=sum(kid.record["guardian"].get("relation") in GRANDPARENTS
                              for kid in active),
        excellent=sum(kid.record["academic_level"] == "优" for kid in active),
        key_support=sum(bool(kid.record["key_support"]) for kid in active),
        proxies=sum("代理家长" in teacher.roles for teacher in staff),
        events=sum(event_types.values()), event_types=dict(event_types),
        newcomers=sum(kid.plan.newcomer is not None for kid in active),
        seconds=time.perf_counter() - started, census=census.lines() + support.lines(),
    )


README = """\
# {school}(示例数据)

由 `tools/generate_school.py` 生成,全部为虚构:姓名、身份证号、电话、村名、工厂名都是编造的;
乡镇是湖南省邵阳市隆回县的真实乡镇。censuses/ 是 2022春、2022秋 两个学期的摸底存档
(2022秋 有一个班还没有摸底完);activities/ 是 2022秋 的活动与会议(一个活动一个文件);
学生档案中有结对帮扶、学习帮扶计划、个别教育管理方案和关爱帮扶的记录。
手工改动会在重新生成时丢失;要改就改生成器,再重新生成:

    python tools/generate_school.py {folder} --children {children} --seed {seed}{enrolled_option} --force

Generated by `tools/generate_school.py`; everything in it is invented (only the townships
are real). Hand edits are lost when it is regenerated.
"""


def _prepare(root: Path, force: bool) -> None:
    """An empty folder at `root`; with `force`, a previous data folder there is emptied.

    A non-empty folder without a liushou.yaml is never emptied, force or not: a mistyped
    path must not wipe someone's home directory.
    """
    if root.exists() and not root.is_dir():
        raise FileExistsError(f"{root} is not a folder")
    if root.exists() and any(root.iterdir()):
        if not force:
            raise FileExistsError(f"{root} is not empty; use --force to empty it and write anew")
        if not (root / "liushou.yaml").exists():
            raise FileExistsError(f"{root} holds no liushou.yaml: refusing to empty it")
        for entry in root.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    root.mkdir(parents=True, exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path, help="the data folder to create")
    parser.add_argument("--children", type=int, default=DEFAULT_CHILDREN,
                        help="active left-behind children (default 213)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--school", default=DEFAULT_SCHOOL)
    parser.add_argument("--enrolled", type=int, default=None,
                        help="enrolled students (default: the seed's ratio, 557 for 213)")
    parser.add_argument("--force", action="store_true", help="empty the folder first")
    args = parser.parse_args(argv)
    try:
        summary = generate_school(args.folder, children=args.children, seed=args.seed,
                                  school=args.school, enrolled=args.enrolled, force=args.force)
    except (FileExistsError, ValueError) as error:
        print(f"generate_school: {error}", file=sys.stderr)
        return 2
    for line in summary.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
