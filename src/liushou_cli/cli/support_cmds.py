"""Registration of the support-system commands: assign, plan, iep, care, activity."""

from __future__ import annotations

import typer

from liushou_cli.cli import activity, assign, care, iep, plan
from liushou_cli.cli.common import h


def register(app: typer.Typer) -> None:
    app.add_typer(assign.app, name="assign",
                  help=h("结对帮扶:代理家长、义务辅导员、学习帮手的安排、结束、列表",
                         "pairings: assign, end and list proxy parents, tutors, learning buddies"))
    app.add_typer(plan.app, name="plan",
                  help=h("学习帮扶计划与检查(进步档案)", "learning-support plans and their checks"))
    app.add_typer(iep.app, name="iep",
                  help=h("个别教育管理方案(保密):发现问题、制定、复查、结案",
                         "individual education plans (confidential): flag, write, review, close"))
    app.add_typer(care.app, name="care",
                  help=h("关爱帮扶:患病、生活补助、其他帮扶及跟进",
                         "care: illness, living subsidy, other assistance, follow-ups"))
    app.add_typer(activity.app, name="activity",
                  help=h("活动与会议:家长会、座谈会、主题班会、集体活动、亲情视频",
                         "activities and meetings: parent meetings, forums, class meetings, "
                         "collective activities, family video calls"))
