"""Registration of the support-system commands: assign, plan, iep, care, activity."""

from __future__ import annotations

import typer

from liushou_cli.cli import activity, assign, care, iep, plan
from liushou_cli.i18n.help import help_text


def register(app: typer.Typer) -> None:
    app.add_typer(assign.app, name="assign",
                  help=help_text("assign"))
    app.add_typer(plan.app, name="plan",
                  help=help_text("plan"))
    app.add_typer(iep.app, name="iep",
                  help=help_text("iep"))
    app.add_typer(care.app, name="care",
                  help=help_text("care"))
    app.add_typer(activity.app, name="activity",
                  help=help_text("activity"))
