"""`liushou incident add|step|close|list`: a child found in danger, recorded to the minute,
its steps timed in hours, closed with an outcome (docs/incidents.md). Restricted: only these
commands and `child show --incidents` show an incident."""

from __future__ import annotations

import re
from typing import Any

import typer

from liushou_cli.cli import common
from liushou_cli.cli.common import (
    Format,
    dataset,
    environment,
    folder,
    parse_moment_option,
    screen,
    warn_unreadable,
)
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.cli.support_common import CHILD_ARG, names_of, staff_of
from liushou_cli.core.classes import same_class
from liushou_cli.core.errors import UsageError
from liushou_cli.core.incidents import kinds_of, moment_text
from liushou_cli.core.model import Staff
from liushou_cli.i18n import show, t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import dataset_classes, find_child, find_class, find_staff, search_children
from liushou_cli.render.output import unreadable_files, write_rows
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import LoadedChild, load_config
from liushou_cli.views.incidents import INCIDENT_COLUMNS, INCIDENT_TABLE_COLUMNS, incident_row

app = typer.Typer(no_args_is_help=True)

TARGET_ARG: Any = typer.Argument(..., help=help_text("incident.target"))
AT_OPTION: Any = typer.Option(None, "--at", help=help_text("incident.at"))
_INCIDENT_ID = re.compile(r"^(?P<child>.+)-\d{12}$")


def _o(flag: str, help_key: str) -> Any:
    return typer.Option(None, flag, help=help_text(help_key))


def _target(ctx: typer.Context, data_folder: DataFolder, text: str) -> tuple[LoadedChild, str | None]:
    """The child and the incident meant: an incident's id (c0001-202211201430) names both;
    anything else names the child (its only open incident is meant)."""
    found = _INCIDENT_ID.match(text.strip())
    if found and data_folder.child_path(found.group("child")).is_file():
        return find_child(data_folder, found.group("child"), today=common.today(ctx)), text.strip()
    return find_child(data_folder, text, lambda: dataset(ctx), today=common.today(ctx)), None


def _staff_id(staff: list[Staff], who: str | None) -> str | None:
    return find_staff(staff, who).id if who else None


def _found_by(staff: list[Staff], text: str) -> str:
    """A member of staff by name or id becomes their id; anyone else (a villager, the
    guardian) is kept as written."""
    wanted = text.strip()
    for member in staff:
        if wanted in (member.id, member.name):
            return member.id
    return wanted


@app.command("add", help=help_text("incident.add"))
def add(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    kind: str = typer.Option(..., "--kind", help=help_text("incident.add.kind")),
    at: str | None = AT_OPTION,
    found_by: str | None = _o("--found-by", "incident.add.found-by"),
    seen: str = typer.Option(..., "--seen", help=help_text("incident.add.seen")),
    action: str = typer.Option(..., "--action", help=help_text("incident.add.action")),
    by: str | None = _o("--by", "option.by-one"),
) -> None:
    # Imported only to write: 20 ms or more that incident list does not spend.
    from liushou_cli.ops.incidents import add_incident

    data_folder = folder(ctx)
    env = environment(ctx)
    staff = staff_of(data_folder)
    who = _staff_id(staff, by or common.user(ctx))
    if who is None:
        raise UsageError(t("need_by"))
    kinds = kinds_of(load_config(data_folder).incident_kinds)
    moment = parse_moment_option(at, "--at") or env.clock
    item = find_child(data_folder, child, lambda: dataset(ctx), today=env.today)
    fields = {"kind": kind.strip(), "at": moment,
              "found_by": _found_by(staff, found_by) if found_by else who, "by": who,
              "seen": seen, "action": action}
    done = add_incident(data_folder, item, fields, kinds, env.clock, env.today)
    rule = kinds[done.incident.kind]
    typer.echo(t("incident_added", name=item.child.name, id=done.incident.id,
                 kind=show(done.incident.kind), at=moment_text(done.incident.at)))
    for owed in rule.steps:
        typer.echo(t("incident_step_due", step=show(owed.step), hours=owed.hours))
    if done.key_support:
        typer.echo(t("incident_made_key_support", name=item.child.name))
    if done.care_due is not None:
        typer.echo(t("incident_care_opened", due=done.care_due.isoformat()))


@app.command("step", help=help_text("incident.step"))
def step(
    ctx: typer.Context,
    target: str = TARGET_ARG,
    done: str = typer.Option(..., "--done", help=help_text("incident.step.done")),
    at: str | None = AT_OPTION,
    by: str | None = _o("--by", "option.by-one"),
    note: str | None = _o("--note", "option.note"),
) -> None:
    # Imported only to write: 20 ms or more that incident list does not spend.
    from liushou_cli.ops.incidents import record_step

    data_folder = folder(ctx)
    env = environment(ctx)
    staff = staff_of(data_folder)
    who = _staff_id(staff, by or common.user(ctx))
    kinds = kinds_of(load_config(data_folder).incident_kinds)
    moment = parse_moment_option(at, "--at") or env.clock
    item, wanted = _target(ctx, data_folder, target)
    incident, recorded = record_step(
        data_folder, item, wanted, {"step": done.strip(), "done_at": moment, "by": who,
                                    "note": note}, kinds, env.clock, env.today)
    typer.echo(t("incident_step_recorded", step=show(recorded.step), id=incident.id,
                 at=moment_text(recorded.done_at)))


@app.command("close", help=help_text("incident.close"))
def close(
    ctx: typer.Context,
    target: str = TARGET_ARG,
    outcome: str = typer.Option(..., "--outcome", help=help_text("incident.close.outcome")),
    at: str | None = AT_OPTION,
) -> None:
    # Imported only to write: 20 ms or more that incident list does not spend.
    from liushou_cli.ops.incidents import close_incident

    data_folder = folder(ctx)
    env = environment(ctx)
    moment = parse_moment_option(at, "--at") or env.clock
    item, wanted = _target(ctx, data_folder, target)
    incident = close_incident(data_folder, item, wanted, moment, outcome, env.clock, env.today)
    typer.echo(t("incident_closed_done", id=incident.id, at=moment_text(moment)))


@app.command("list", help=help_text("incident.list"))
def list_incidents(
    ctx: typer.Context,
    child: str | None = typer.Option(None, "--child", help=help_text("option.only-child")),
    klass: str | None = typer.Option(None, "--class", help=help_text("option.only-class")),
    open_only: bool = typer.Option(False, "--open", help=help_text("incident.list.open")),
    fmt: Format = FORMAT_OPTION,
) -> None:
    data = dataset(ctx)
    kinds = kinds_of(data.config.incident_kinds if data.config is not None else ())
    klass = find_class(klass, dataset_classes(data))
    items = search_children(data.children, child) if child else data.children
    names = names_of(data.staff)
    rows = []
    for item in items:
        kid = item.child
        if not kid.incidents or (klass is not None and not same_class(kid.class_name, klass)):
            continue
        rows += [incident_row(kid, incident, kinds.get(incident.kind), names)
                 for incident in kid.incidents
                 if not (open_only and incident.closed_at is not None)]
    rows.sort(key=lambda row: (row["at"], row["id"]), reverse=True)
    write_rows(rows, INCIDENT_TABLE_COLUMNS, INCIDENT_COLUMNS, fmt.value,
               footer_key="listed_items", unreadable=unreadable_files(data), **screen(ctx))
    warn_unreadable(data)
