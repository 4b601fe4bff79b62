"""`liushou child add|list|show|edit|archive`: the archive and contact card of each child."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from liushou_cli.cli.ask import ask, confirm
from liushou_cli.cli.child_read import ChildListLine, ChildShowLine, run_list, run_show
from liushou_cli.cli.common import (
    Format,
    can_prompt,
    dataset,
    folder,
    parse_date,
    today,
    user,
)
from liushou_cli.cli.keptline import keep_line
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.cli.support_common import recorder, staff_of
from liushou_cli.core.classes import canonical_class
from liushou_cli.core.errors import ExitStatus, UsageError
from liushou_cli.core.support import current_pairing
from liushou_cli.core.text import Choice
from liushou_cli.i18n import label, t
from liushou_cli.i18n import show as show_value
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.finder import find_child, find_staff
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import LoadedChild, read_records_file, staff_or_fail

if TYPE_CHECKING:
    from liushou_cli.core.model import Child
    from liushou_cli.ops.children import RecordsSource

app = typer.Typer(no_args_is_help=True)

CHILD_ARG: Any = typer.Argument(..., help=help_text("argument.child"))
SET_OPTION: Any = typer.Option([], "--set", help=help_text("child.set"))

# The required fields, asked for on a terminal when missing: (path, choices or None).
_REQUIRED = (("name", None), ("gender", ("男", "女")), ("class", None),
             ("left_behind_type", ("双亲外出", "父亲外出", "母亲外出", "其他")))


def _o(flag: str, help_key: str) -> Any:
    return typer.Option(None, flag, help=help_text(help_key))


@app.command("add", help=help_text("child.add"))
def add(
    ctx: typer.Context,
    name: str | None = _o("--name", "option.name"),
    gender: str | None = _o("--gender", "child.add.gender"),
    klass: str | None = _o("--class", "child.add.class"),
    left_behind_type: str | None = _o("--type", "child.add.type"),
    birth: str | None = _o("--birth", "child.add.birth"),
    id_number: str | None = _o("--id-number", "child.add.id-number"),
    student_no: str | None = _o("--student-no", "child.add.student-no"),
    child_id: str | None = _o("--id", "child.add.id"),
    ethnicity: str | None = _o("--ethnicity", "child.add.ethnicity"),
    hukou: str | None = _o("--hukou", "child.add.hukou"),
    residence: str | None = _o("--residence", "child.add.residence"),
    boarding: bool | None = typer.Option(None, "--boarding/--day", help=help_text("child.add.boarding")),
    health: str | None = _o("--health", "child.add.health"),
    since: str | None = _o("--since", "child.add.since"),
    father_name: str | None = _o("--father-name", "child.add.father-name"),
    father_phone: str | None = _o("--father-phone", "child.add.father-phone"),
    father_province: str | None = _o("--father-province", "child.add.father-province"),
    father_city: str | None = _o("--father-city", "child.add.father-city"),
    father_unit: str | None = _o("--father-unit", "child.add.father-unit"),
    mother_name: str | None = _o("--mother-name", "child.add.mother-name"),
    mother_phone: str | None = _o("--mother-phone", "child.add.mother-phone"),
    mother_province: str | None = _o("--mother-province", "child.add.mother-province"),
    mother_city: str | None = _o("--mother-city", "child.add.mother-city"),
    mother_unit: str | None = _o("--mother-unit", "child.add.mother-unit"),
    guardian_name: str | None = _o("--guardian-name", "child.add.guardian-name"),
    guardian_relation: str | None = _o("--guardian-relation", "child.add.guardian-relation"),
    guardian_phone: str | None = _o("--guardian-phone", "child.add.guardian-phone"),
    guardian_age: int | None = _o("--guardian-age", "child.add.guardian-age"),
    guardian_health: str | None = _o("--guardian-health", "child.add.guardian-health"),
    guardian_address: str | None = _o("--guardian-address", "child.add.guardian-address"),
    guardianship: str | None = _o(
        "--guardianship", "child.add.guardianship"),
    economic: list[str] = typer.Option([], "--economic", help=help_text("child.add.economic")),
    assistance: list[str] = typer.Option([], "--assistance", help=help_text("child.add.assistance")),
    level: str | None = _o("--level", "child.add.level"),
    key_support: bool = typer.Option(False, "--key-support", help=help_text("child.add.key-support")),
    proxy: str | None = _o("--proxy", "child.add.proxy"),
    note: str | None = _o("--note", "option.note"),
    sets: list[str] = SET_OPTION,
    from_file: Path | None = typer.Option(None, "--from", help=help_text("child.add.from")),
    force: bool = typer.Option(False, "--force", help=help_text("child.add.force")),
) -> None:
    # Imported only to write (ops/, lookup): 20 ms that child list and show do not spend.
    from liushou_cli.lookup.fieldset import parse_assignment
    from liushou_cli.ops.children import merge, nest

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

    read = read_records_file(from_file) if from_file else []
    records = [merge(record, options) for record, _ in read] if from_file \
        else [_ask_missing(options, can_prompt(ctx))]
    source = (str(from_file), [line for _, line in read]) if from_file else None
    known = [item.child for item in dataset(ctx).children]
    classes = {c for m in staff for c in (*m.leads, *m.teaches)} | {c.class_name for c in known}
    for record in records:
        if isinstance(record.get("class"), str):
            record["class"] = canonical_class(record["class"], sorted(classes))
    for child, path in _record(data_folder, records, known, force, today(ctx),
                               can_prompt(ctx), source):
        typer.echo(t("child_added", name=child.name, id=child.id, path=data_folder.rel(path)))


def _record(data_folder: DataFolder, records: list[dict[str, Any]], known: list[Child],
            force: bool, today_: date, interactive: bool,
            source: RecordsSource | None) -> list[tuple[Child, Path]]:
    """The new children written; a possible duplicate asked about on a terminal, else refused."""
    # Imported only to write (ops/, lookup): 20 ms that child list and show do not spend.
    from liushou_cli.lookup.duplicates import PossibleDuplicate
    from liushou_cli.ops.children import record_new_children

    try:
        return record_new_children(data_folder, records, today_, known, force, source)
    except PossibleDuplicate as duplicate:
        if not interactive:
            raise
        if not confirm(duplicate.question):
            typer.echo(t("dup_not_recorded"), err=True)
            raise typer.Exit(ExitStatus.PROBLEM) from None
    return record_new_children(data_folder, records, today_, known, True, source)


def _ask_missing(record: dict[str, Any], interactive: bool) -> dict[str, Any]:
    for field, choices in _REQUIRED:
        if record.get(field):
            continue
        if not interactive:
            raise UsageError(t("need_option", option=f"--{_flag(field)}"))
        prompt = label(field) + (f"({'/'.join(choices)})" if choices else "")
        while True:
            answer = ask(prompt)
            if answer and (choices is None or answer in choices):
                record[field] = answer
                break
    return record


def _flag(field: str) -> str:
    return {"left_behind_type": "type"}.get(field, field)


@app.command("list", help=help_text("child.list"))
def list_children(
    ctx: typer.Context,
    klass: str | None = _o("--class", "option.class"),
    left_behind_type: str | None = _o("--type", "child.list.type"),
    guardian: str | None = _o("--guardian", "child.list.guardian"),
    key_support: bool = typer.Option(False, "--key-support", help=help_text("child.list.key-support")),
    status: str = typer.Option("在读", "--status", help=help_text("child.list.status")),
    find: str | None = _o("--find", "child.list.find"),
    fmt: Format = FORMAT_OPTION,
) -> None:
    line = ChildListLine(klass, left_behind_type, guardian, key_support, status, find, fmt.value)
    keep_line("child list", line)
    run_list(ctx, line)


@app.command("show", help=help_text("child.show"))
def show(ctx: typer.Context, child: str = CHILD_ARG, fmt: Format = FORMAT_OPTION,
         sensitive: bool = typer.Option(False, "--sensitive", help=help_text("child.show.sensitive")),
         incidents: bool = typer.Option(False, "--incidents", help=help_text("child.show.incidents"))) -> None:
    line = ChildShowLine(child, fmt.value, sensitive, incidents)
    keep_line("child show", line)
    run_show(ctx, line)


@app.command("edit", help=help_text("child.edit"))
def edit(ctx: typer.Context, child: str = CHILD_ARG, sets: list[str] = SET_OPTION) -> None:
    # Imported only to write (ops/, lookup): 20 ms that child list and show do not spend.
    from liushou_cli.lookup.fieldset import parse_assignment
    from liushou_cli.ops.children import resolved, set_fields

    data_folder = folder(ctx)
    assignments = [resolved(data_folder, parse_assignment(text)) for text in sets]
    item = find_child(data_folder, child, lambda: dataset(ctx), today=today(ctx))
    if not assignments:
        _edit_in_editor(data_folder, item, today(ctx))
        return
    changed = set_fields(data_folder, item, assignments, today(ctx))
    if changed:
        typer.echo(t("child_saved", name=item.child.name, id=item.child.id,
                     changes=tuple(label(field) for field in changed)))
    else:
        typer.echo(t("child_unchanged"))


def _edit_in_editor(data_folder: DataFolder, item: LoadedChild, today_: date) -> None:
    # Imported only to write (ops/, lookup): 20 ms that child list and show do not spend.
    from liushou_cli.cli.editor import edit_text
    from liushou_cli.ops.editing import check_edited_text, save_edited_text
    from liushou_cli.store.edit import read_for_editor

    original, digest_ = read_for_editor(data_folder, item.path)
    text = original
    while True:
        edited = edit_text(text)
        if edited is None or edited == original:
            typer.echo(t("child_unchanged"))
            return
        problems = check_edited_text(edited, item.child.id, data_folder.rel(item.path), today_)
        if not problems:
            save_edited_text(data_folder, item, edited, digest_, today_)
            typer.echo(t("child_saved", name=item.child.name, id=item.child.id,
                         changes=data_folder.rel(item.path)))
            return
        for problem in problems:
            typer.echo(f"{problem.where()}: {problem.message}", err=True)
        if not confirm(t("edit_again"), default=True):
            typer.echo(t("edit_abandoned"))
            raise typer.Exit(ExitStatus.PROBLEM)
        text = edited


@app.command("archive", help=help_text("child.archive"))
def archive(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    reason: str = typer.Option(..., "--reason", help=help_text("option.reason")),
    status: str = typer.Option("转出", "--status", help=help_text("child.archive.status")),
    when: str | None = _o("--date", "option.date"),
) -> None:
    # Imported only to write (ops/, lookup): 20 ms that child list and show do not spend.
    from liushou_cli.ops.children import archive_child

    if status not in ("转出", "毕业", "不再留守"):
        raise UsageError(t("v_literal", field="--status", value=status,
                           expected=tuple(Choice(word) for word in ("转出", "毕业", "不再留守"))))
    data_folder = folder(ctx)
    item = find_child(data_folder, child, lambda: dataset(ctx), today=today(ctx))
    day = parse_date(when, "--date") or today(ctx)
    archive_child(data_folder, item, status, reason.strip(), day, today(ctx))
    typer.echo(t("child_archived", name=item.child.name, id=item.child.id, status=show_value(status),
                 reason=reason.strip()))


@app.command("restore", help=help_text("child.restore"))
def restore(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    reason: str = typer.Option(..., "--reason", help=help_text("option.reason")),
    when: str | None = _o("--date", "option.date"),
) -> None:
    # Imported only to write (ops/, lookup): 20 ms that child list and show do not spend.
    from liushou_cli.ops.children import restore_child

    data_folder = folder(ctx)
    item = find_child(data_folder, child, lambda: dataset(ctx), today=today(ctx))
    day = parse_date(when, "--date") or today(ctx)
    restore_child(data_folder, item, reason.strip(), day, today(ctx))
    typer.echo(t("child_restored", name=item.child.name, id=item.child.id, reason=reason.strip(),
                 date=day.isoformat()))


@app.command("key-support", help=help_text("child.key-support"))
def key_support(
    ctx: typer.Context,
    child: str = CHILD_ARG,
    reason: str = typer.Option(..., "--reason", help=help_text("option.reason")),
    off: bool = typer.Option(False, "--off", help=help_text("child.key-support.off")),
    when: str | None = _o("--date", "option.date"),
    by: str | None = _o("--by", "option.by-one"),
) -> None:
    # Imported only to write (ops/, lookup): 20 ms that child list and show do not spend.
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
