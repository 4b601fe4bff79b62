"""The choices of a child's record and its entries, as teachers write them on the paper
forms, and the words a duty rule may name. Plain typing, no pydantic: core.model's fields
take these, and a command answered from the cache reads them without building a model.
"""

from __future__ import annotations

from typing import Literal, get_args

Gender = Literal["男", "女"]
LeftBehindType = Literal["双亲外出", "父亲外出", "母亲外出", "其他"]
Guardianship = Literal["较好", "一般", "受委托监护人监护能力不足", "父或母无监护能力", "无人监护"]
EconomicSource = Literal["打工收入", "种养殖业", "政府救助", "亲朋接济", "其他"]
Assistance = Literal["低保", "临时救助", "医疗救助", "住房救助", "生活补助", "其他"]
AcademicLevel = Literal["优", "良", "中", "差"]
Status = Literal["在读", "转出", "毕业", "不再留守"]
Relation = Literal["祖父", "祖母", "外祖父", "外祖母", "父亲", "母亲", "兄姐", "亲属", "其他"]
Health = Literal["健康", "一般", "较差", "患病", "残疾"]
Role = Literal[
    "班主任", "任课教师", "代理家长", "义务辅导员", "档案管理员", "领导小组组长", "领导小组组员"
]
GRANDPARENTS: frozenset[str] = frozenset({"祖父", "祖母", "外祖父", "外祖母"})
ACTIVE_STATUS: Literal["在读"] = "在读"

# ---- the entries in a child's timeline ---------------------------------------------------
VisitKind = Literal["家访", "电话家访", "视频家访", "到校来访"]
ContactWith = Literal["父母", "监护人", "任课教师"]
Channel = Literal["电话", "视频", "微信", "书信", "面谈"]
EVENT_TYPES: tuple[str, ...] = (*get_args(VisitKind), "谈心", "联系", "摸底")


def satisfying_words() -> tuple[str, ...]:
    """The words a duty's satisfied_by may use: an entry type, or a contact with someone."""
    return (*EVENT_TYPES, "联系", *(f"联系{who}" for who in get_args(ContactWith)))


# ---- the support system ------------------------------------------------------------------
PairingRole = Literal["代理家长", "义务辅导员", "学习帮手"]
STAFF_PAIRING_ROLES: tuple[str, ...] = ("代理家长", "义务辅导员")
Concern = Literal["学业严重下滑", "性格行为问题", "品德问题", "疑似违法"]
CareType = Literal["患病", "生活补助", "其他帮扶"]
ActivityKind = Literal["家长会", "座谈会", "主题班会", "集体活动", "亲情视频"]
CARE_TYPES: tuple[str, ...] = get_args(CareType)
