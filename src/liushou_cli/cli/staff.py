"""`liushou staff add|list`: the teachers and leaders in staff.yaml."""

from __future__ import annotations

import typer

from liushou_cli.cli.common import FORMAT_OPTION, Format, folder, h
from liushou_cli.i18n import t

app = typer.Typer(no_args_is_help=True)


@app.command("add", help=h("添加教职工", "add a staff member"))
def add(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", help=h("姓名", "name")),
    phone: str | None = typer.Option(None, "--phone", help=h("电话", "phone")),
    role: list[str] = typer.Option([], "--role", help=h(
        "职务,可重复:班主任、任课教师、代理家长、义务辅导员、档案管理员、领导小组组长、领导小组组员",
        "role, repeatable: 班主任, 任课教师, 代理家长, 义务辅导员, 档案管理员, 领导小组组长, 领导小组组员")),
    leads: list[str] = typer.Option([], "--leads", help=h("任班主任的班级,可重复",
                                                          "class they lead, repeatable")),
    teaches: list[str] = typer.Option([], "--teaches", help=h("任教班级,可重复",
                                                              "class they teach, repeatable")),
    subject: list[str] = typer.Option([], "--subject", help=h("任教学科,可重复",
                                                              "subject, repeatable")),
    staff_id: str | None = typer.Option(None, "--id", help=h("编号(默认自动生成,如 T001)",
                                                             "id (default: next free, e.g. T001)")),
    force: bool = typer.Option(False, "--force", help=h("已有同名教职工时仍然添加",
                                                        "add even if a staff member has this name")),
) -> None:
    from liushou_cli.ops.staffing import add_staff

    member = add_staff(folder(ctx), {
        "id": staff_id, "name": name, "phone": phone, "roles": role, "leads": leads,
        "teaches": teaches, "subjects": subject,
    }, force)
    typer.echo(t("staff_added", name=member.name, id=member.id))


@app.command("list", help=h("教职工列表", "list the staff"))
def list_staff(
    ctx: typer.Context,
    role: str | None = typer.Option(None, "--role", help=h("只列出此职务", "only this role")),
    klass: str | None = typer.Option(None, "--class", help=h("只列出带此班的", "only this class")),
    fmt: Format = FORMAT_OPTION,
) -> None:
    from liushou_cli.core.classes import same_class
    from liushou_cli.render.output import write_rows
    from liushou_cli.store.read import staff_or_fail
    from liushou_cli.views.card import STAFF_COLUMNS, staff_row

    staff = staff_or_fail(folder(ctx))
    rows = [staff_row(member) for member in staff
            if (role is None or role in member.roles)
            and (klass is None or any(same_class(klass, c) for c in (*member.leads,
                                                                      *member.teaches)))]
    write_rows(rows, STAFF_COLUMNS, STAFF_COLUMNS, fmt.value)
