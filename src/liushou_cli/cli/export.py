"""`liushou export`: the children as the bureau's registration form, as .xlsx or .csv."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from liushou_cli.cli.common import dataset, h, warn_unreadable
from liushou_cli.i18n import t


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


HELP = h(
    "导出上报教育局的名单:每名学生一行,列的顺序同《农村留守儿童基本情况登记表》,表头为中文,"
    "前面加学籍号、班级。默认隐藏外部不需要看到的信息:身份证号只留前6位(地区),"
    "电话只留前3位和后4位(座机留区号和后4位),户籍地、现居住地、监护人住址只保留到乡镇"
    "(不含村、组、门牌)。--full 导出完整信息,文件含未成年人敏感个人信息,不得离开学校。"
    "只读数据文件夹;不覆盖已有文件,除非加 --force。",
    "Export the list for the education bureau: one row per child, in the column order of the "
    "national registration form (农村留守儿童基本情况登记表), Chinese headers, with student "
    "number and class in front. By default what an outside reader need not see is masked: ID "
    "numbers keep only the first 6 (region) digits, phones the first 3 "
    "and last 4 digits (landlines the area code and last 4), and 户籍所在地, 现居住地 and the "
    "guardian's address stop at the township (no village, group or house number). --full "
    "exports everything: the file then holds minors' sensitive personal data and must not leave "
    "the school. Reads the data folder only; never overwrites a file unless --force.",
)


def export(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", dir_okay=False, help=h(
        "输出文件,如 留守儿童名单.xlsx", "the file to write, e.g. children.xlsx")),
    fmt: ExportFormat | None = typer.Option(None, "--format", "-f", help=h(
        "文件格式:xlsx 或 csv(默认按输出文件的扩展名)",
        "file format: xlsx or csv (default: from the output file's extension)")),
    status: str = typer.Option("在读", "--status", help=h(
        "在读(默认)/转出/毕业/不再留守/全部 (加一列状态)",
        "在读 (default), 转出, 毕业, 不再留守 or 全部 (adds a status column)")),
    klass: str | None = typer.Option(None, "--class", help=h("只导出此班级", "only this class")),
    full: bool = typer.Option(False, "--full", help=h(
        "不隐藏:完整身份证号、电话、住址(仅限校内)",
        "mask nothing: full IDs, phones, addresses (inside the school only)")),
    force: bool = typer.Option(False, "--force", help=h("覆盖已有的输出文件",
                                                        "overwrite an existing output file")),
) -> None:
    from liushou_cli.core.errors import LiushouError, UsageError
    from liushou_cli.render.export_writer import csv_bytes, xlsx_bytes
    from liushou_cli.render.output import unreadable_files
    from liushou_cli.reports.export import ALL_STATUSES, SHEET_TITLE, export_table, select, status_ok
    from liushou_cli.store.atomic import atomic_write, create_exclusive
    from liushou_cli.store.oserrors import writing

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in ExportFormat.__members__:
            raise UsageError(t("export_format_needed", path=output))
        fmt = ExportFormat(suffix)
    if not status_ok(status):
        raise UsageError(t("v_literal", field="--status", value=status,
                           expected="在读、转出、毕业、不再留守、全部"))
    with writing(str(output)):  # a name too long fails already here
        if output.is_dir():
            raise LiushouError(t("export_is_folder", path=output))
        if output.exists() and not force:
            raise LiushouError(t("export_exists", path=output))

    from liushou_cli.lookup.finder import dataset_classes, find_class

    data = dataset(ctx)
    klass = find_class(klass, dataset_classes(data))
    if output.resolve().is_relative_to(data.folder.root):
        # A file in the data folder travels wherever the folder is synced or pushed.
        typer.echo(t("export_inside_data"), err=True)
    children = select((item.child for item in data.children), status, klass)
    if not children:
        raise LiushouError(t("export_none"))
    header, rows = export_table(children, full=full, with_status=status in ALL_STATUSES)
    if full:
        typer.echo(t("export_full_warning"), err=True)
    left_out = [(found["path"], str(found["line"] or ""), found["message"])
                for found in unreadable_files(data)]
    content = (xlsx_bytes(header, rows, SHEET_TITLE, left_out) if fmt == ExportFormat.xlsx
               else csv_bytes(header, rows, left_out))
    with writing(str(output)):
        if force:
            atomic_write(output, content)
            created = True
        else:
            created = create_exclusive(output, content)
    if not created:
        raise LiushouError(t("export_exists", path=output))
    typer.echo(t("export_done", count=len(rows), path=output))
    if not full:
        typer.echo(t("export_masked_note"))
    warn_unreadable(data)


def register(app: typer.Typer) -> None:
    app.command("export", help=HELP, short_help=h("导出上报名单(xlsx/csv,默认隐藏敏感信息)",
                                                  "export for the bureau (xlsx/csv, masked)"))(export)
