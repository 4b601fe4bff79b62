"""The root `liushou` command: global options and the registration of every sub-command."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.main import get_command_name

from liushou_cli import __version__, i18n
from liushou_cli.cli import census, child, entries, export, folder_cmds, report, staff, support_cmds, term
from liushou_cli.cli.common import LiushouGroup, h, split_global_options
from liushou_cli.core.environment import Environment
from liushou_cli.core.errors import ExitStatus

app = typer.Typer(
    cls=LiushouGroup,
    name="liushou",
    no_args_is_help=True,
    add_completion=False,
    help=h("关爱留守儿童档案工具:建档、联系卡、谈心、家访、学期初摸底与统计。",
           "Records for a school's care programme for left-behind children."),
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"liushou {__version__}")
        raise typer.Exit(ExitStatus.OK)


@app.callback()
def root(
    ctx: typer.Context,
    data: Path | None = typer.Option(
        None, "--data", help=h("数据文件夹(默认:LIUSHOU_DATA,或向上查找 liushou.yaml)",
                                     "data folder (default: LIUSHOU_DATA, or the nearest "
                                     "folder upwards with liushou.yaml)")),
    lang: str | None = typer.Option(
        None, "--lang", help=h("输出语言:zh(默认)或 en;也可设 LIUSHOU_LANG",
                               "output language: zh (default) or en; or set LIUSHOU_LANG")),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version,
                                 help=h("显示版本", "show the version")),
    no_cache: bool = typer.Option(False, "--no-cache", help=h(
        "不使用本地缓存,重新读取所有文件(也可设 LIUSHOU_NO_CACHE=1)",
        "read every file afresh, bypassing the local cache (or set LIUSHOU_NO_CACHE=1)")),
) -> None:
    # Built once, here, from the process; a test hands in its own (invoke(..., obj=...)),
    # and the options on the line apply to either.
    given = ctx.obj
    env = (given.with_options(data=data, lang=lang, no_cache=no_cache)
           if isinstance(given, Environment)
           else Environment.from_process(data=data, lang=lang, no_cache=no_cache))
    i18n.set_lang(env.language)
    ctx.obj = env
    ctx.call_on_close(_say_cache_refused)


def _say_cache_refused() -> None:
    """One line on stderr if a cache folder or file was not used because it is not the
    user's own and private (store.cachefiles)."""
    from liushou_cli.store.cachefiles import take_notice

    notice = take_notice()
    if notice:
        typer.echo(notice, err=True)


folder_cmds.register(app)
app.add_typer(staff.app, name="staff", help=h("教职工:添加、列表", "staff: add, list"))
app.add_typer(child.app, name="child",
              help=h("学生档案:建档、列表、查看、修改、归档",
                     "children: add, list, show, edit, archive"))
app.add_typer(entries.visit_app, name="visit", help=h("家访记录:添加、列表", "home visits: add, list"))
app.add_typer(entries.talk_app, name="talk", help=h("谈心记录:添加、列表", "talks: add, list"))
app.add_typer(entries.contact_app, name="contact",
              help=h("联系记录(父母、监护人、任课教师):添加、列表",
                     "contacts with parents, guardian, teachers: add, list"))
report.register(app)
export.register(app)
app.add_typer(census.app, name="census")
app.add_typer(term.app, name="term", help=h("学期:添加、列表", "terms: add, list"))
support_cmds.register(app)


def _plain_help(typer_app: typer.Typer) -> None:
    # Rich-formatted help imports rich's markdown renderer: 0.2 s instead of 0.1 s for
    # `liushou --help`. Plain help says the same, and every command starts faster.
    typer_app.rich_markup_mode = None
    typer_app.pretty_exceptions_enable = False
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _plain_help(group.typer_instance)


_plain_help(app)


def app_for(argv: list[str]) -> typer.Typer:
    """The root app with only the command `argv` names (all of them for `--help`, a bare
    `liushou` or a name that is no command). Typer turns every registered command into
    click parameters on each run, resolving every annotation: 40 ms of each command's
    start when all of them are there."""
    rest = split_global_options(list(argv))[1]
    if not rest or rest[0].startswith("-"):
        return app
    name = rest[0]
    commands = [info for info in app.registered_commands
                if (info.name or get_command_name(info.callback.__name__
                                                  if info.callback else "")) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if not commands and not groups:
        return app
    slim = typer.Typer(cls=LiushouGroup, name="liushou", no_args_is_help=True,
                       add_completion=False, help=app.info.help)
    slim.registered_callback = app.registered_callback
    slim.registered_commands = commands
    slim.registered_groups = groups
    _plain_help(slim)
    return slim
