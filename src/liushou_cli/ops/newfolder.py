"""`liushou init`: a new data folder with the seed's duty rhythms as defaults.

The files are written from commented templates, so that a school admin opening liushou.yaml
sees what each setting means.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from liushou_cli.core.incidents import DEFAULT_KINDS
from liushou_cli.core.periods import PERIODS, EverySchoolDays
from liushou_cli.i18n import t_in
from liushou_cli.store.atomic import atomic_write
from liushou_cli.store.create import create_folder
from liushou_cli.store.gitrepo import (
    GITATTRIBUTES,
    git_found,
    init_repository,
    install_merge_driver,
    is_repository,
)
from liushou_cli.store.history import describe
from liushou_cli.store.layout import CHILDREN_DIR, CONFIG_NAME, LOCK_NAME, STAFF_NAME
from liushou_cli.store.yamlio import needs_quotes


def _periods() -> str:
    """The periods a duty may have, as the template's comment lists them: every word
    registered in core/periods.py, the rolling kind with the setting it needs."""
    return " / ".join(f"{word}（填 days）" if isinstance(kind, EverySchoolDays) else word
                      for word, kind in PERIODS.items())


def _incident_kinds() -> str:
    """The default kinds of incident and their steps, as the template's comment lists them
    (from core/incidents.py, so the comment never says other hours than the tool uses)."""
    return "\n".join(
        "#   " + kind.name + "：" + "、".join(f"{rule.step} {rule.hours}" for rule in kind.steps)
        for kind in DEFAULT_KINDS)


# The periods are written in when the module is loaded, so that the template is text to
# format with the school and its terms only (the example generator takes its duties as they
# stand).
CONFIG_TEMPLATE = """\
# liushou 配置：学校、学期、职责规则、年度关爱主题。
# 修改后运行 `liushou check` 检查。
school: {school}
# county: 某某县

# 学期：按本校校历修改。两个学期之间是假期，假期里任何职责都不会到期。
terms:
  - name: {autumn}
    start: {autumn_start}
    end: {autumn_end}
  - name: {spring}
    start: {spring_start}
    end: {spring_end}

# 职责规则（默认值来自本校实施方案）：
#   responsible  谁负责：班主任 / 代理家长
#   applies_to   对哪些学生：全部 / 重点帮扶
#   satisfied_by 哪些记录算完成：谈心、家访、联系父母 ……
#   short        简称：屏幕窄时表格里显示它（可不填）
#   period       周期：<periods>
#   grace_days   宽限天数
duties:
  - id: talk-monthly
    name: 班主任每月谈心
    short: 月谈心
    responsible: 班主任
    applies_to: 全部
    satisfied_by: [谈心]
    period: 每月
    grace_days: 0
  - id: proxy-talk
    name: 代理家长每半月谈心
    short: 代理谈心
    responsible: 代理家长
    applies_to: 重点帮扶
    satisfied_by: [谈心]
    period: 每半月
    grace_days: 0
  - id: home-visit
    name: 每学期家访
    short: 家访
    responsible: 班主任
    applies_to: 全部
    satisfied_by: [家访]
    period: 每学期
    grace_days: 0
  # “定期”联系外出务工的父母:方案没有规定天数,请按本校要求修改。
  - id: parent-contact
    name: 定期联系外出父母
    short: 联系父母
    responsible: 班主任
    applies_to: 全部
    satisfied_by: [联系父母]
    period: 天数
    days: 30
    grace_days: 0

# 结对帮扶的要求（默认值来自实施方案，可按本校要求修改）：
#   tutor_limit          每位义务辅导员最多帮扶几名学生
#   iep_days             发现问题后，几天内（按学期内天数）要制定个别教育管理方案
#   parent_meeting       每班每学期开一次家长会（true 为要求，false 为不要求）
#   collective_activity  每名学生每学期至少参加一次集体活动
support:
  tutor_limit: 2
  iep_days: 14
  parent_meeting: true
  collective_activity: true

# 每年一个关爱主题
care_themes:
  - year: {year}
    theme: 关爱留守儿童，让爱不留守

# 紧急事件的类型（`liushou incident add --kind` 记录时选择）。默认有下面几种，每一步后面的数字是
# 从事件发生起几小时内要完成：
<incident_kinds>
# 要改某一类的步骤（写同样的名字），或增加本校自己的类型，去掉下面各行开头的 # 再修改：
#   key_support  记录后把学生列为重点帮扶（true / false）
#   care_days    记录后建一条关爱记录，几天后到期回访（可不填）
# incident_kinds:
#   - name: 溺水风险
#     steps:
#       - step: 联系监护人
#         hours: 1
#       - step: 家访
#         hours: 72
#     key_support: true
#     care_days: 7
""".replace("<periods>", _periods()).replace("<incident_kinds>", _incident_kinds())

STAFF_TEMPLATE = """\
# 教职工名单。用 `liushou staff add` 添加，也可以直接编辑。
# roles 可选：班主任、任课教师、代理家长、义务辅导员、档案管理员、领导小组组长、领导小组组员
# leads: 任班主任的班级；teaches: 任教的班级
staff: []
"""

GITIGNORE = f"""\
# liushou 的本地文件，不要提交
{LOCK_NAME}
.*.tmp
*/.*.tmp
"""


def school_year_terms(today: date) -> dict[str, str]:
    """The two terms of the school year `today` falls in, with typical dates to adjust."""
    year = today.year if today.month >= 8 else today.year - 1
    return {
        "autumn": f"{year}秋", "autumn_start": f"{year}-09-01", "autumn_end": f"{year + 1}-01-20",
        "spring": f"{year + 1}春", "spring_start": f"{year + 1}-02-20",
        "spring_end": f"{year + 1}-07-10", "year": str(today.year),
    }


def create_data_folder(root: Path, school: str, today: date, git: bool = False) -> bool:
    """Create liushou.yaml, staff.yaml, children/ and .gitignore; never over an existing folder,
    all or nothing (store.create.create_folder). With `git`, and git installed, the folder
    becomes a repository with our merge driver, its files committed when the command ends
    (store/gitrepo.py); whether it did."""
    text = CONFIG_TEMPLATE.format(school=_yaml_text(school), **school_year_terms(today))
    create_folder(root, [(CHILDREN_DIR, None), (f"{CHILDREN_DIR}/.gitkeep", b""),
                         (".gitignore", GITIGNORE.encode()), (STAFF_NAME, STAFF_TEMPLATE.encode()),
                         (CONFIG_NAME, text.encode())])
    if not git or not git_found():
        return False
    if not is_repository(root):  # a folder holding only .git: an empty clone, kept
        init_repository(root)
    else:
        atomic_write(root / ".gitattributes", GITATTRIBUTES.encode())
        install_merge_driver(root)
    describe(t_in("zh", "history_init", school=school))
    return True


def _yaml_text(value: str) -> str:
    # Quote a school name that YAML would otherwise misread (a colon, a leading symbol, yes,
    # 0739...).
    plain_ok = value and not any(ch in value for ch in ":#'\"{}[],&*!|>%@`") \
        and not value[0].isspace() and value[0] not in "-?" and not needs_quotes(value)
    return value if plain_ok else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
