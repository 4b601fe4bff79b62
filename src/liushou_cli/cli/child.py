"""`liushou child add|list|show|edit|archive`: the archive and contact card of each child."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from liushou_cli.cli.common import (
    FORMAT_OPTION,
    Format,
    can_prompt,
    dataset,
    folder,
    h,
    parse_date,
    today,
    user,
    warn_unreadable,
)
from liushou_cli.core.errors import ExitStatus
from liushou_cli.i18n import show as show_value
from liushou_cli.i18n import t

app = typer.Typer(no_args_is_help=True)

CHILD_ARG: Any = typer.Argument(..., help=h("学生:编号、学籍号、姓名或拼音首字母",
                                            "child: id, student number, name or pinyin initials"))
SET_OPTION: Any = typer.Option([], "--set", help=h(
    "字段=值,可重复;字段可写路径或中文名,如 guardian.phone=13812345678 或 监护人电话=13812345678;值为空则清除",
    "FIELD=VALUE, repeatable; a path or label, e.g. guardian.phone=13812345678; empty clears it"))

# The required fields, asked for on a terminal when missing: (path, choices or None).
_REQUIRED = (("name", None), ("gender", ("男", "女")), ("class", None),
             ("left_behind_type", ("双亲外出", "父亲外出", "母亲外出", "其他")))


def _o(flag: str, zh: str, en: str) -> Any:
    return typer.Option(None, flag, help=h(zh, en))


@app.command("add", help=h("为一名留守儿童建档(缺少的必填项会在终端询问)",
                           "record a new left-behind child (asks for missing required fields)"))
def add(
    ctx: typer.Context,
    name: str | None = _o("--name", "姓名", "name"),
    gender: str | None = _o("--gender", "性别:男/女", "gender: 男/女"),
    klass: str | None = _o("--class", "班级,如 七(1)班", "class, e.g. 七(1)班"),
    left_behind_type: str | None = _o("--type", "留守类型:双亲外出/父亲外出/母亲外出/其他",
                                      "left-behind type: 双亲外出/父亲外出/母亲外出/其他"),
    birth: str | None = _o("--birth", "出生日期", "birth date"),
    id_number: str | None = _o("--id-number", "身份证号", "ID number"),
    student_no: str | None = _o("--student-no", "学籍号", "student number"),
    child_id: str | None = _o("--id", "编号(默认:学籍号,或自动生成)",
                              "id (default: the student number, or generated)"),
    ethnicity: str | None = _o("--ethnicity", "民族", "ethnicity"),
    hukou: str | None = _o("--hukou", "户籍所在地", "household registration"),
    residence: str | None = _o("--residence", "现居住地", "where the child lives"),
    boarding: bool | None = typer.Option(None, "--boarding/--day", help=h("是否寄宿", "boarding")),
    health: str | None = _o("--health", "健康状况:健康/一般/较差/患病/残疾", "health"),
    since: str | None = _o("--since", "开始留守的日期", "left behind since"),
    father_name: str | None = _o("--father-name", "父亲姓名", "father's name"),
    father_phone: str | None = _o("--father-phone", "父亲电话", "father's phone"),
    father_province: str | None = _o("--father-province", "父亲务工省份", "father works in province"),
    father_city: str | None = _o("--father-city", "父亲务工城市", "father works in city"),
    father_unit: str | None = _o("--father-unit", "父亲工作单位", "father's work unit"),
    mother_name: str | None = _o("--mother-name", "母亲姓名", "mother's name"),
    mother_phone: str | None = _o("--mother-phone", "母亲电话", "mother's phone"),
    mother_province: str | None = _o("--mother-province", "母亲务工省份", "mother works in province"),
    mother_city: str | None = _o("--mother-city", "母亲务工城市", "mother works in city"),
    mother_unit: str | None = _o("--mother-unit", "母亲工作单位", "mother's work unit"),
    guardian_name: str | None = _o("--guardian-name", "监护人姓名", "guardian's name"),
    guardian_relation: str | None = _o("--guardian-relation", "监护人与儿童关系:祖父/祖母/外祖父/外祖母/亲属…",
                                       "guardian's relation: 祖父/祖母/外祖父/外祖母/亲属…"),
    guardian_phone: str | None = _o("--guardian-phone", "监护人电话", "guardian's phone"),
    guardian_age: int | None = _o("--guardian-age", "监护人年龄", "guardian's age"),
    guardian_health: str | None = _o("--guardian-health", "监护人健康状况", "guardian's health"),
    guardian_address: str | None = _o("--guardian-address", "监护人住址", "guardian's address"),
    guardianship: str | None = _o(
        "--guardianship", "监护情况:较好/一般/受委托监护人监护能力不足/父或母无监护能力/无人监护",
        "guardianship quality"),
    economic: list[str] = typer.Option([], "--economic", help=h("家庭经济来源,可重复", "economic source, repeatable")),
    assistance: list[str] = typer.Option([], "--assistance", help=h("救助帮扶,可重复", "assistance, repeatable")),
    level: str | None = _o("--level", "学业水平:优/良/中/差", "academic level: 优/良/中/差"),
    key_support: bool = typer.Option(False, "--key-support", help=h("列为重点帮扶对象", "key-support child")),
    proxy: str | None = _o("--proxy", "代理家长(教职工编号或姓名)", "proxy parent (staff id or name)"),
    note: str | None = _o("--note", "备注", "note"),
    sets: list[str] = SET_OPTION,
    from_file: Path | None = typer.Option(None, "--from", help=h(
        "从 YAML 文件读入一名或多名学生(全部有效才写入)",
        "read one or more children from a YAML file (written only if all are valid)")),
    force: bool = typer.Option(False, "--force", help=h(
        "已有同班同名学生时仍然建档(身份证号相同的不行)",
        "record even if a child of the same name is in the class (not for the same ID number)")),
) -> None:
    from liushou_cli.core.classes import canonical_class
    from liushou_cli.lookup.fieldset import parse_assignment
    from liushou_cli.lookup.finder import find_staff
    from liushou_cli.ops.children import merge, nest
    from liushou_cli.store.read import read_records_file, staff_or_fail

    data_folder = folder(ctx)
    options = nest([
        ("id", child_id), ("student_no", student_no), ("name", name), ("gender", gender),
        ("class", klass), ("left_behind_type", left_behind_type),
        ("birth_date", parse_date(birth, "--birth")), ("id_number", id_number),
        ("ethnicity", ethnicity), ("hukou", hukou), ("residence", residence),
        ("boarding", boarding), ("health", health),
        ("left_behind_since", parse_date(since, "--since")),
        ("father.name", father_name), ("father.phone", father_phone),
        ("father.work_province", father_province), ("father.work_city", father_city),
        ("father.work_unit", father_unit),
        ("mother.name", mother_name), ("mother.phone", mother_phone),
        ("mother.work_province", mother_province), ("mother.work_city", mother_city),
        ("mother.work_unit", mother_unit),
        ("guardian.name", guardian_name), ("guardian.relation", guardian_relation),
        ("guardian.phone", guardian_phone), ("guardian.age", guardian_age),
        ("guardian.health", guardian_health), ("guardian.address", guardian_address),
        ("guardianship", guardianship), ("economic_sources", economic),
        ("assistance", assistance), ("academic_level", level),
        ("key_support", key_support or None), ("note", note),
    ])
    options = merge(options, nest((".".join(a.path), a.value)
                                  for a in map(parse_assignment, sets)))
    staff = staff_or_fail(data_folder)
    if proxy:
        options["proxy_parent"] = find_staff(staff, proxy).id

    records = [merge(record, options) for record in read_records_file(from_file)] \
        if from_file else [_ask_missing(options)]
    known = [item.child for item in dataset(ctx).children]
    classes = {c for m in staff for c in (*m.leads, *m.teaches)} | {c.class_name for c in known}
    for record in records:
        if isinstance(record.get("class"), str):
            record["class"] = canonical_class(record["class"], sorted(classes))
    for child, path in _record(data_folder, records, known, force, today(ctx)):
        typer.echo(t("child_added", name=child.name, id=child.id, path=data_folder.rel(path)))


def _record(data_folder: Any, records: list[dict[str, Any]], known: list[Any],
            force: bool, today_: date) -> Any:
    """The new children written; a possible duplicate asked about on a terminal, else refused."""
    from liushou_cli.lookup.duplicates import PossibleDuplicate
    from liushou_cli.ops.children import record_new_children

    try:
        return record_new_children(data_folder, records, today_, known, force)
    except PossibleDuplicate as duplicate:
        if not can_prompt():
            raise
        if not typer.confirm(duplicate.question, default=False):
            typer.echo(t("dup_not_recorded"), err=True)
            raise typer.Exit(ExitStatus.PROBLEM) from None
    return record_new_children(data_folder, records, today_, known, force=True)


def _ask_missing(record: dict[str, Any]) -> dict[str, Any]:
    from liushou_cli.core.errors import UsageError
    from liushou_cli.i18n import label

    for field, choices in _REQUIRED:
        if record.get(field):
            continue
        if not can_prompt():
            raise UsageError(t("need_option", option=f"--{_flag(field)}"))
        prompt = label(field) + (f"({'/'.join(choices)})" if choices else "")
        while True:
            answer = str(typer.prompt(prompt)).strip()
            if answer and (choices is None or answer in choices):
                record[field] = answer
                break
    return record


def _flag(field: str) -> str:
    return {"left_behind_type": "type"}.get(field, field)


@app.command("list", help=h("学生列表,可按班级、类型、监护人、重点帮扶筛选,或按姓名/拼音查找",
                            "list children; filter by class, type, guardian, key support; "
                            "find by name or pinyin"))
def list_children(
    ctx: typer.Context,
    klass: str | None = _o("--class", "班级", "class"),
    left_behind_type: str | None = _o("--type", "留守类型", "left-behind type"),
    guardian: str | None = _o("--guardian", "监护人关系,如 祖母;“祖辈”表示祖父母、外祖父母",
                              "guardian relation, e.g. 祖母; 祖辈 means any grandparent"),
    key_support: bool = typer.Option(False, "--key-support", help=h("只列重点帮扶对象",
                                                                     "key-support children only")),
    status: str = typer.Option("在读", "--status", help=h(
        "状态:在读(默认)/转出/毕业/不再留守/全部", "status: 在读 (default), 转出, 毕业, 不再留守 or 全部")),
    find: str | None = _o("--find", "按姓名、拼音或拼音首字母查找", "find by name, pinyin or initials"),
    fmt: Format = FORMAT_OPTION,
) -> None:
    from liushou_cli.core.classes import class_order, same_class
    from liushou_cli.core.model import GRANDPARENTS
    from liushou_cli.lookup.finder import dataset_classes, find_class, search_children
    from liushou_cli.render.output import unreadable_files, write_rows
    from liushou_cli.views.card import CHILD_COLUMNS, child_row

    data = dataset(ctx)
    klass = find_class(klass, dataset_classes(data))
    items = search_children(data.children, find) if find else data.children

    def keep(child: Any) -> bool:
        relation = child.guardian.relation if child.guardian else None
        return ((klass is None or same_class(child.class_name, klass))
                and (left_behind_type is None or child.left_behind_type == left_behind_type)
                and (guardian is None or relation == guardian
                     or (guardian in ("祖辈", "grandparents") and relation in GRANDPARENTS))
                and (not key_support or child.key_support)
                and (status in ("全部", "all") or child.status == status))

    today_ = today(ctx)
    names = {member.id: member.name for member in data.staff}
    rows = [child_row(item.child, today_, names) for item in items if keep(item.child)]
    rows.sort(key=lambda row: (class_order(row["class"]), row["id"]))
    data_columns = ("id", "student_no", "name", "gender", "class", "birth_date",
                    "left_behind_type", "guardian_name", "guardian_relation", "guardian_phone",
                    "key_support", "proxy_parent", "proxy_parent_name", "status")
    write_rows(rows, CHILD_COLUMNS, data_columns, fmt.value, unreadable=unreadable_files(data))
    warn_unreadable(data)


@app.command("show", help=h("显示一名学生的档案与联系卡", "show a child's archive and contact card"))
def show(ctx: typer.Context, child: str = CHILD_ARG, fmt: Format = FORMAT_OPTION,
         sensitive: bool = typer.Option(False, "--sensitive", help=h(
             "显示个别教育管理方案的内容(保密)",
             "show the individual education plan's content (confidential)"))) -> None:
    from liushou_cli.lookup.finder import find_child
    from liushou_cli.render.output import write_card, write_csv, write_json
    from liushou_cli.store.activities import load_activities
    from liushou_cli.store.read import staff_or_fail
    from liushou_cli.views.card import child_record, contact_card, flatten
    from liushou_cli.views.support import redacted

    data_folder = folder(ctx)
    item = find_child(data_folder, child, lambda: dataset(ctx), today=today(ctx))
    record = child_record(item.child)
    if not sensitive:
        record = redacted(record)
    if fmt == Format.json:
        write_json(record)
        return
    if fmt == Format.csv:
        flat = flatten(record)
        write_csv([flat], list(flat))
        return
    staff = staff_or_fail(data_folder)
    title = f"{t('card_title')} · {item.child.name}"
    activities = [loaded.activity for loaded in load_activities(data_folder)[0]]
    write_card(title, contact_card(item.child, staff, today(ctx), activities, sensitive))


@app.command("edit", help=h("修改学生档案:--set 字段=值,或不带 --set 在编辑器($EDITOR)中修改",
                            "change a record: --set FIELD=VALUE, or without --set in $EDITOR"))
def edit(ctx: typer.Context, child: str = CHILD_ARG, sets: list[str] = SET_OPTION) -> None:
    from liushou_cli.lookup.fieldset import parse_assignment
    from liushou_cli.lookup.finder import find_child
    from liushou_cli.ops.children import set_fields

    data_folder = folder(ctx)
    assignments = [_resolved(data_folder, parse_assignment(text)) for text in sets]
    item = find_child(data_folder, child, lambda: dataset(ctx), today=today(ctx))
    if not assignments:
        _edit_in_editor(data_folder, item, today(ctx))
        return
    changed = set_fields(data_folder, item, assignments, today(ctx))
    if changed:
        typer.echo(t("child_saved", name=item.child.name, id=item.child.id,
                     changes=t("list_sep").join(changed)))
    else:
        typer.echo(t("child_unchanged"))


def _resolved(data_folder: Any, assignment: Any) -> Any:
    """A class as the school spells it; a proxy parent typed by name as the staff id."""
    from dataclasses import replace

    from liushou_cli.core.classes import canonical_class
    from liushou_cli.lookup.finder import find_staff
    from liushou_cli.store.read import staff_or_fail

    if assignment.value is None or assignment.path not in (("class",), ("proxy_parent",)):
        return assignment
    staff = staff_or_fail(data_folder)
    if assignment.path == ("class",):
        known = sorted({c for m in staff for c in (*m.leads, *m.teaches)})
        return replace(assignment, value=canonical_class(str(assignment.value), known))
    return replace(assignment, value=find_staff(staff, str(assignment.value)).id)


def _edit_in_editor(data_folder: Any, item: Any, today_: date) -> None:
    from liushou_cli.cli.editor import edit_text
    from liushou_cli.core.model import Child
    from liushou_cli.ops.editing import check_edited_text
    from liushou_cli.store.edit import read_for_editor, replace_text

    original, digest_ = read_for_editor(data_folder, item.path)
    text = original
    while True:
        edited = edit_text(text)
        if edited is None or edited == original:
            typer.echo(t("child_unchanged"))
            return
        problems = check_edited_text(edited, item.child.id, data_folder.rel(item.path), today_)
        if not problems:
            replace_text(data_folder, item.path, edited, digest_, Child, today_)
            typer.echo(t("child_saved", name=item.child.name, id=item.child.id,
                         changes=data_folder.rel(item.path)))
            return
        for problem in problems:
            typer.echo(f"{problem.where()}: {problem.message}", err=True)
        if not typer.confirm(t("edit_again"), default=True):
            typer.echo(t("edit_abandoned"))
            raise typer.Exit(ExitStatus.PROBLEM)
        text = edited


@app.command("archive", help=h("归档:转出、毕业或不再留守(档案保留,不删除)",
                               "archive a child: transferred, graduated or no longer left behind "
                               "(the record is kept)"))
def archive(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    reason: str = typer.Option(..., "--reason", help=h("原因", "reason")),
    status: str = typer.Option("转出", "--status", help=h("转出(默认)/毕业/不再留守",
                                                         "转出 (default), 毕业 or 不再留守")),
    when: str | None = _o("--date", "日期(默认今天)", "date (default today)"),
) -> None:
    from liushou_cli.core.errors import UsageError
    from liushou_cli.lookup.finder import find_child
    from liushou_cli.ops.children import archive_child

    if status not in ("转出", "毕业", "不再留守"):
        raise UsageError(t("v_literal", field="--status", value=status,
                           expected="转出、毕业、不再留守"))
    data_folder = folder(ctx)
    item = find_child(data_folder, child, lambda: dataset(ctx), today=today(ctx))
    day = parse_date(when, "--date") or today(ctx)
    archive_child(data_folder, item, status, reason.strip(), day, today(ctx))
    typer.echo(t("child_archived", name=item.child.name, id=item.child.id, status=show_value(status),
                 reason=reason.strip()))


@app.command("key-support", help=h("列为重点帮扶对象(或用 --off 取消),写明原因;记录保留",
                                   "mark a key-support child (or --off to unmark), with the reason; "
                                   "kept as history"))
def key_support(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    reason: str = typer.Option(..., "--reason", help=h("原因", "reason")),
    off: bool = typer.Option(False, "--off", help=h("取消重点帮扶", "unmark")),
    when: str | None = _o("--date", "日期(默认今天)", "date (default today)"),
    by: str | None = _o("--by", "记录人(教职工编号或姓名);默认取 LIUSHOU_USER",
                        "who records it (staff id or name); default LIUSHOU_USER"),
) -> None:
    from liushou_cli.cli.support_common import recorder, staff_of
    from liushou_cli.core.support import current_pairing
    from liushou_cli.lookup.finder import find_child
    from liushou_cli.ops.assign import set_key_support

    data_folder = folder(ctx)
    staff = staff_of(data_folder)
    who = recorder(staff, by, user(ctx))
    today_ = today(ctx)
    day = parse_date(when, "--date") or today_
    item = find_child(data_folder, child, today=today(ctx))
    set_key_support(data_folder, item, not off, reason, day, today_, who)
    typer.echo(t("key_support_off" if off else "key_support_on", name=item.child.name,
                 id=item.child.id, date=day.isoformat(), reason=reason.strip()))
    proxy = current_pairing(item.child, "代理家长", day)
    proxy_id = proxy.staff if proxy else item.child.proxy_parent
    if off and proxy_id:
        names = {member.id: member.name for member in staff}
        typer.echo(t("key_support_off_proxy", proxy=names.get(proxy_id, proxy_id),
                     id=item.child.id), err=True)
