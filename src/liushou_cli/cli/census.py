"""`liushou census`: the class teacher's start-of-term census, asked child by child, and
`liushou census status`: how far each class has got.

Every answer is saved the moment it is given, so Ctrl-C loses nothing and running the census
again carries on with the children not yet checked.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from liushou_cli.cli.ask import ask, confirm
from liushou_cli.cli.common import (
    Format,
    can_prompt,
    dataset,
    environment,
    folder,
    screen,
    today,
    warn_unreadable,
)
from liushou_cli.cli.options import FORMAT_OPTION
from liushou_cli.core.calendar import SchoolCalendar
from liushou_cli.core.classes import same_class
from liushou_cli.core.errors import LiushouError, UsageError
from liushou_cli.core.fields import value_of
from liushou_cli.core.model import Child, Staff
from liushou_cli.core.settings import Term
from liushou_cli.core.shellwords import shell_word
from liushou_cli.core.validators import ValidationDay, visible
from liushou_cli.duties.census import ClassProgress, progress
from liushou_cli.i18n import label, label_zh, show, t
from liushou_cli.i18n.help import help_text
from liushou_cli.lookup.duplicates import PossibleDuplicate
from liushou_cli.lookup.fieldset import parse_assignment
from liushou_cli.lookup.finder import dataset_classes, find_class, find_staff
from liushou_cli.ops.census import (
    census_questions,
    finish_class,
    newcomer_problem,
    record_check,
    set_enrolled,
    value_at,
    value_in_words,
)
from liushou_cli.ops.children import (
    archive_child,
    merge,
    nest,
    record_new_children,
    resolved,
    set_fields,
)
from liushou_cli.render.output import unreadable_files, write_rows
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import (
    LoadedChild,
    load_census,
    load_dataset,
    load_settings,
    read_model,
    staff_or_fail,
)

app = typer.Typer(invoke_without_command=True)

TERM_OPTION: Any = typer.Option(None, "--term", help=help_text("census.term"))
CLASS_OPTION: Any = typer.Option(None, "--class", help=help_text("census.class"))
_STATUSES = ("在读", "转出", "毕业", "不再留守")


@app.callback()
def census(
    ctx: typer.Context,
    klass: str | None = CLASS_OPTION,
    term_name: str | None = TERM_OPTION,
    by: str | None = typer.Option(None, "--by", help=help_text("census.by")),
    from_file: Path | None = typer.Option(None, "--from", help=help_text("census.from")),
    apply: bool = typer.Option(False, "--apply", help=help_text("census.apply")),
    archive_missing: bool = typer.Option(False, "--archive-missing", help=help_text("census.archive-missing")),
    force: bool = typer.Option(False, "--force", help=help_text("census.force")),
) -> None:
    if ctx.invoked_subcommand is not None:
        given = [flag if value is True else f"{flag} {shell_word(str(value))}"
                 for flag, value in (("--class", klass), ("--term", term_name), ("--by", by),
                                     ("--from", from_file), ("--apply", apply or None),
                                     ("--archive-missing", archive_missing or None),
                                     ("--force", force or None)) if value is not None]
        if given:  # taken by `census` itself, they would be dropped and the status misread
            raise UsageError(t("census_options_before_status", options=" ".join(given),
                               command=ctx.invoked_subcommand))
        return
    if (apply or archive_missing) and from_file is None:
        # They say what to do with a roster: without one they would be dropped in silence.
        raise UsageError(t("census_roster_options", option="--apply" if apply
                           else "--archive-missing"))
    if from_file is not None:
        # The roster's reader and planner: 15 ms that the census by hand and its status skip.
        from liushou_cli.cli.roster import import_roster

        import_roster(ctx, from_file, klass, term_name, by, apply, archive_missing, force)
        return
    session = _Session.open(ctx, klass, term_name, by)
    if not can_prompt(ctx):
        # The census asks child by child: without a person at the keyboard it would wait
        # for answers nobody gives (or read a pipe as answers).
        raise UsageError(t("census_needs_terminal", command_class=shell_word(session.klass)))
    found = session.class_progress()
    if found.finished:
        typer.echo(t("census_already", klass=session.klass, term=session.term.name,
                     day=found.finished.isoformat()))
        return
    total = len(found.checked) + len(found.remaining)
    typer.echo(t("census_start", klass=session.klass, term=session.term.name,
                 checked=len(found.checked), total=total))
    for number, item in enumerate(sorted(found.remaining, key=lambda i: i.child.id),
                                  start=len(found.checked) + 1):
        typer.echo(f"\n[{number}/{total}] " + visible(_essentials(item.child)))
        _check_child(session, item)
    _newcomers(session)
    _enrolled_total(session, found.enrolled)
    found = session.class_progress()
    if finish_class(session.data_folder, session.term, found, session.today):
        typer.echo(t("census_finished", klass=session.klass,
                     count=sum(1 for item in found.checked if item.child.active)))
    else:
        typer.echo(t("census_saved", klass=session.klass, remaining=len(found.remaining)))


class _Session:
    """Who is checking which class in which term, on which day, and the data folder."""

    def __init__(self, data_folder: DataFolder, term: Term, klass: str, by: str,
                 staff: list[Staff], today: date) -> None:
        self.data_folder, self.term, self.klass, self.by, self.staff, self.today = (
            data_folder, term, klass, by, staff, today)

    @classmethod
    def open(cls, ctx: typer.Context, klass: str | None, term_name: str | None,
             by: str | None) -> _Session:
        data_folder = folder(ctx)
        env = environment(ctx)
        config = load_settings(data_folder)
        school = SchoolCalendar.of(config.terms)
        term = school.term_named(term_name) if term_name else school.term_at(env.today)
        if term is None:
            raise UsageError(t("unknown_term", term=term_name) if term_name else t("no_term_today"))
        staff = staff_or_fail(data_folder)
        who = by or env.user
        member = find_staff(staff, who) if who else None
        if klass:
            # A class no one leads or teaches and no child has is a typo (7-9): its census
            # would add a class, and its total to the school's, that no report knows.
            chosen = find_class(klass, dataset_classes(load_dataset(data_folder,
                                                                    today=env.today)))
            assert chosen is not None  # a text was given
        elif member is not None and len(member.leads) == 1:
            chosen = member.leads[0]
        else:
            raise UsageError(t("census_need_class"))
        if member is None:
            leaders = [m for m in staff if chosen in m.leads]
            if len(leaders) != 1:
                raise UsageError(t("need_by"))
            member = leaders[0]
        return cls(data_folder, term, chosen, member.id, staff, env.today)

    def class_progress(self) -> ClassProgress:
        data = load_dataset(self.data_folder, today=self.today)
        every = progress(data.children, self.staff, load_census(self.data_folder,
                                                                 self.term.name),
                         self.term, self.today)
        return next((p for p in every if same_class(p.klass, self.klass)),
                    ClassProgress(self.klass, [self.by]))


def _essentials(child: Child) -> str:
    guardian = child.guardian
    parts = [f"{child.name}({child.id}){child.class_name}", show(child.left_behind_type)]
    if guardian and guardian.name:
        parts.append(f"{label('guardian')} {guardian.name}({show(guardian.relation)})"
                     f"{guardian.phone or ''}")
    for who in ("father", "mother"):
        parent = getattr(child, who)
        if parent is not None:
            place = " ".join(p for p in (parent.work_province, parent.work_city) if p)
            parts.append(f"{label(who)} {parent.name or ''} {parent.phone or ''} {place}".strip())
    return " · ".join(parts)


def _ask(prompt: str, default: str = "", choices: tuple[str, ...] | None = None) -> str:
    while True:
        shown = f"{prompt}({'/'.join(choices)})" if choices else prompt
        answer = ask(shown, default)
        if choices is None or answer in choices:
            return answer
        typer.echo(t("census_choose", choices="/".join(choices)), err=True)


_REFUSED = object()


def _set(session: _Session, item: LoadedChild, path: str, answer: str) -> object:
    """Save one answer now, stored as `child edit --set` stores it (a class as the school
    spells it, a phone cleaned, 有 as true); the value as stored, or _REFUSED (and a
    message) if it is not valid."""
    try:
        set_fields(session.data_folder, item,
                   [resolved(session.data_folder, parse_assignment(f"{path}={answer}"))],
                   session.today)
        stored, _ = read_model(item.path, Child, session.data_folder.rel(item.path),
                               ValidationDay(session.today))
    except LiushouError as error:
        typer.echo(str(error), err=True)
        return _REFUSED
    return value_at(stored, path) if stored is not None else answer


def _logged(changes: list[str], path: str, old: object, stored: object) -> None:
    """The change as the census log keeps it (Chinese: it is in the file): what was there
    and what is stored now, not what was typed; nothing when they are the same."""
    if value_in_words(old) != value_in_words(stored):
        changes.append(f"{label_zh(path)} {value_in_words(old)} → {value_in_words(stored)}")


def _check_child(session: _Session, item: LoadedChild) -> None:
    child = item.child
    status = _ask(t("census_status"), "在读", _STATUSES)
    if status != "在读":
        reason = _ask(t("census_reason"))
        while not reason:
            reason = _ask(t("census_reason"))
        archive_child(session.data_folder, item, status, reason, session.today, session.today)
        record_check(session.data_folder, item, session.term, [session.by], session.today,
                     [f"{label_zh('status')} 在读 → {status}({reason})"])
        return
    changes: list[str] = []
    kind: str = child.left_behind_type
    for question in census_questions(newcomer=False):
        if not question.asked(kind):
            continue
        current = value_of(child, question.path)
        while True:
            answer = _ask(label(question.path), current or "", question.choices)
            if _changed(session, item, question.path, current, answer, changes):
                break
        if question.path == "left_behind_type":
            kind = answer  # the parents asked about are those away now
    while True:
        extra = _ask(t("census_more"))
        if not extra:
            break
        value = extra.partition("=")[2]
        try:
            # A label typed in either language (监护人电话) names the same field as its path.
            path = ".".join(parse_assignment(extra).path)
        except LiushouError as error:
            typer.echo(str(error), err=True)
            continue
        stored = _set(session, item, path, value.strip())
        if stored is not _REFUSED:
            _logged(changes, path, value_at(item.child, path), stored)
    record_check(session.data_folder, item, session.term, [session.by], session.today, changes)


def _changed(session: _Session, item: LoadedChild, path: str, current: str | None, answer: str,
             changes: list[str]) -> bool:
    """Save `answer` if it differs from `current`; False if it was refused (ask again)."""
    if answer == (current or ""):
        return True
    stored = _set(session, item, path, answer)
    if stored is _REFUSED:
        return False
    _logged(changes, path, value_at(item.child, path), stored)
    return True


def _newcomers(session: _Session) -> None:
    while confirm(t("census_newcomer")):
        record: dict[str, Any] = {"class": session.klass}
        for question in census_questions(newcomer=True):
            if question.asked(record.get("left_behind_type")):
                _answer(session, record, question.path, question.choices, question.required)
        known = [item.child
                 for item in load_dataset(session.data_folder, today=session.today).children]
        try:
            [(child, path)] = record_new_children(session.data_folder, [record], session.today,
                                                 known)
        except PossibleDuplicate as duplicate:
            # A classmate of the same name: asked, as child add asks, not refused with a
            # --force the census by hand does not take (every answer lost).
            if not confirm(duplicate.question):
                typer.echo(t("dup_not_recorded"), err=True)
                continue
            [(child, path)] = record_new_children(session.data_folder, [record],
                                                 session.today, known, force=True)
        except LiushouError as error:
            typer.echo(str(error), err=True)
            continue
        typer.echo(t("child_added", name=child.name, id=child.id,
                     path=session.data_folder.rel(path)))


def _answer(session: _Session, record: dict[str, Any], path: str,
            choices: tuple[str, ...] | None = None, required: bool = False) -> None:
    """Ask one question about a newly found child and check the answer at once, as the
    existing children's answers are: a bad value is said and asked again, never carried to
    the end and thrown away there. An empty answer leaves an optional field out."""
    while True:
        answer = _ask(label(path), "", choices)
        if not answer and not required:
            return
        problem = newcomer_problem(record, path, answer, session.klass, session.today)
        if problem is None:
            record.update(merge(record, nest([(path, answer)])))
            return
        typer.echo(problem, err=True)


def _enrolled_total(session: _Session, current: int | None) -> None:
    while True:
        answer = _ask(t("census_enrolled", klass=session.klass),
                      "" if current is None else str(current))
        if answer.isdigit() and int(answer) > 0:
            break
        typer.echo(t("census_enrolled_bad"), err=True)
    if current is None or int(answer) != current:
        set_enrolled(session.data_folder, session.term, session.klass, int(answer), session.by)


@app.command("status", help=help_text("census.status"))
def status(ctx: typer.Context, term_name: str | None = TERM_OPTION,
           klass: str | None = typer.Option(None, "--class", help=help_text("census.status.class")),
           fmt: Format = FORMAT_OPTION) -> None:
    data = dataset(ctx)
    if data.config is None:
        raise LiushouError(t("config_broken"))
    klass = find_class(klass, dataset_classes(data))
    school = SchoolCalendar.of(data.config.terms)
    day = today(ctx)
    term = school.term_named(term_name) if term_name else school.reference_term(day)
    if term is None:
        raise UsageError(t("unknown_term", term=term_name) if term_name else t("no_term_today"))
    names = {member.id: member.name for member in data.staff}
    rows = []
    for found in progress(data.children, data.staff, load_census(data.folder, term.name), term,
                          day):
        if klass and not same_class(found.klass, klass):
            continue
        rows.append({
            "class": found.klass,
            "teachers": "、".join(names.get(i, i) for i in found.teachers),
            "children": len(found.checked) + len(found.remaining),
            "checked": len(found.checked),
            "remaining": len(found.remaining),
            "remaining_names": "、".join(i.child.name for i in found.remaining),
            "enrolled": found.enrolled,
            "state": found.state,
            "state_text": t(f"census_state_{found.state}"),
            "finished": found.finished.isoformat() if found.finished else None,
        })
    columns = ["class", "teachers", "children", "checked", "remaining", "enrolled", "state_text"]
    drop = ["enrolled", "teachers"]
    if klass:
        # With --class the names not yet checked are the point: the counts give way first.
        columns.append("remaining_names")
        drop += ["children", "state_text", "checked"]
    write_rows(rows, columns, ["class", "teachers", "children", "checked", "remaining",
                               "remaining_names", "enrolled", "state", "finished"], fmt.value,
               title=t("census_status_title", term=term.name), footer_key="listed_items",
               unreadable=unreadable_files(data), drop=drop, **screen(ctx))
    warn_unreadable(data)
