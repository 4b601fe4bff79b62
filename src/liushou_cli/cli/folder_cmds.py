"""`liushou init` and `liushou check`: creating a data folder and checking all of it."""

from __future__ import annotations

from pathlib import Path

import typer

from liushou_cli.cli.common import FORMAT_OPTION, Format, dataset, folder, h, today
from liushou_cli.i18n import t


def init(
    path: Path = typer.Argument(..., help=h("要建立的数据文件夹", "the data folder to create")),
    school: str = typer.Option(..., "--school", help=h("学校名称", "the school's name")),
) -> None:
    from liushou_cli.newfolder import create_data_folder

    create_data_folder(path, school, today())
    typer.echo(t("init_done", path=path, school=school))


def check(
    ctx: typer.Context,
    fmt: Format = FORMAT_OPTION,
) -> None:
    from liushou_cli.check import CheckDerivation, check_dataset, has_errors
    from liushou_cli.render.output import write_json

    data_folder = folder(ctx)
    # Each child's checks are made while it loads and cached with its file: a county's
    # folder is checked without keeping its records in memory.
    day = today()
    data = dataset(ctx, lambda config, staff: CheckDerivation(data_folder, staff, day))
    problems = check_dataset(data, day)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if fmt == Format.json:
        write_json({"errors": errors, "warnings": warnings,
                    "problems": [p.as_dict() for p in problems]})
    elif fmt == Format.csv:
        from liushou_cli.render.output import write_csv

        write_csv([p.as_dict() for p in problems],
                  ("path", "line", "severity", "code", "message"))
    else:
        for problem in problems:
            typer.echo(f"{problem.where()}: {t('severity_' + problem.severity)}: "
                       f"{problem.message}")
        if problems:
            typer.echo(t("check_summary", errors=errors, warnings=warnings))
        else:
            typer.echo(t("check_ok", children=len(data.children), staff=len(data.staff)))
    if has_errors(problems):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("init", help=h("建立新的数据文件夹", "create a new data folder"))(init)
    app.command("check", help=h("检查整个数据文件夹,一次列出所有问题",
                                "check the whole data folder and list every problem"))(check)
