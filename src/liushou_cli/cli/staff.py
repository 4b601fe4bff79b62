"""`liushou staff add|list`: the teachers and leaders in staff.yaml."""

from __future__ import annotations

from typing import get_args

import typer

from liushou_cli.cli.common import Format, folder, screen
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.core.choices import Role
from liushou_cli.core.classes import same_class
from liushou_cli.core.errors import UsageError
from liushou_cli.i18n import show, t, word_for
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import find_class, staff_classes
from liushou_cli.render.output import write_rows
from liushou_cli.store.read import staff_or_fail
from liushou_cli.views.card import STAFF_COLUMNS, STAFF_DROP, staff_row

app = typer.Typer(no_args_is_help=True)


@app.command("add", help=help_text("staff.add"))
def add(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", help=help_text("option.name")),
    phone: str | None = typer.Option(None, "--phone", help=help_text("staff.add.phone")),
    role: list[str] = typer.Option([], "--role", help=help_text("staff.add.role")),
    leads: list[str] = typer.Option([], "--leads", help=help_text("staff.add.leads")),
    teaches: list[str] = typer.Option([], "--teaches", help=help_text("staff.add.teaches")),
    subject: list[str] = typer.Option([], "--subject", help=help_text("staff.add.subject")),
    staff_id: str | None = typer.Option(None, "--id", help=help_text("staff.add.id")),
    force: bool = typer.Option(False, "--force", help=help_text("staff.add.force")),
) -> None:
    # Imported only to write: 20 ms or more that staff list does not spend.
    from liushou_cli.ops.staffing import add_staff

    added = add_staff(folder(ctx), {
        "id": staff_id, "name": name, "phone": phone, "roles": role, "leads": leads,
        "teaches": teaches, "subjects": subject,
    }, force)
    member = added.member
    typer.echo(t("staff_added", name=member.name, id=member.id))
    for klass, others in added.led_already.items():
        typer.echo(t("staff_class_led", klass=klass, name=member.name, leaders=tuple(
            t("staff_named", name=other.name, id=other.id) for other in others)), err=True)


@app.command("list", help=help_text("staff.list"))
def list_staff(
    ctx: typer.Context,
    role: str | None = typer.Option(None, "--role", help=help_text("staff.list.role")),
    klass: str | None = typer.Option(None, "--class", help=help_text("staff.list.class")),
    fmt: Format = FORMAT_OPTION,
) -> None:
    staff = staff_or_fail(folder(ctx))
    # A role or class no one could have is a mistyped filter: said, never an empty list.
    role = _role_word(role)
    klass = find_class(klass, staff_classes(staff))
    rows = [staff_row(member) for member in staff
            if (role is None or role in member.roles)
            and (klass is None or any(same_class(klass, c) for c in (*member.leads,
                                                                      *member.teaches)))]
    write_rows(rows, STAFF_COLUMNS, STAFF_COLUMNS, fmt.value, drop=STAFF_DROP, **screen(ctx))


def _role_word(text: str | None) -> str | None:
    """The role `text` names: its Chinese word as staff.yaml holds it, or its English name as
    the English table shows it (proxy parent); a UsageError listing the roles otherwise."""
    if text is None:
        return None
    found = word_for(text, get_args(Role))
    if found is None:
        raise UsageError(t("staff_unknown_role", value=text.strip(),
                           roles=t("list_sep").join(show(word) for word in get_args(Role))))
    return found
