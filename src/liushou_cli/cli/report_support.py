"""The support system's part of `liushou report`: its duties in --overdue, and the
--caseload and --incomplete reports. Called by cli/report.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from liushou_cli.cli.common import Format, cache_folder, dataset, folder, screen, warn_unreadable
from liushou_cli.cli.context import CommandContext
from liushou_cli.core.errors import LiushouError, Problem
from liushou_cli.duties.census import CensusFacts, load_census_facts
from liushou_cli.duties.day import DayDuties
from liushou_cli.duties.rows import DutyRow, Reported
from liushou_cli.i18n import t
from liushou_cli.lookup.finder import find_class, find_staff, staff_classes
from liushou_cli.render.output import envelope, unreadable_files, write_csv, write_json
from liushou_cli.store.activities import ActivityFacts, activities_cache, read_activity_facts
from liushou_cli.store.cache import FileCache
from liushou_cli.store.layout import DataFolder
from liushou_cli.store.read import Dataset, Derivation, StaffFacts, meta_cache

if TYPE_CHECKING:
    from liushou_cli.core.settings import SchoolSettings, Term
    from liushou_cli.reports.terms import CensusSheet


class DayRows(NamedTuple):
    """A day's duty rows, the folder they come from and the DayDuties that made them."""

    data: Dataset
    rows: list[DutyRow]
    duties: DayDuties


def duty_rows_of_day(ctx: CommandContext, day: date, moment: datetime | None = None,
                     wrap: Callable[[DayDuties], Derivation] | None = None,
                     keep: Reported | None = None) -> DayRows:
    """The data folder, and every duty row of `day` (configured, census and support duties,
    pending ones included); with a `moment` (of that day), the steps of incidents open then
    before them. Each child's rows are cached with its file, so an unchanged folder costs
    no parsing and no rule evaluation. `wrap`: a derivation that derives more than the rows
    (keeping them as its value's `duties`), made of the day's DayDuties. `keep`: only the
    rows whose days overdue it keeps (DayDuties.all_rows); without a `wrap`, the folder's
    shares made brief for it are kept in one file too (store.snapshot). The activity files
    that give no facts are the dataset's unreadable_activities: every report of these rows
    says it left them out."""
    cache_dir = cache_folder(ctx)
    made: list[DayDuties] = []
    census: list[CensusFacts] = []
    left_out: list[Problem] = []

    def derive(config: SchoolSettings | None, staff: list[StaffFacts]) -> Derivation | None:
        if config is None or not config.terms:
            return None
        data_folder = folder(ctx)
        facts, broken = read_activity_facts(data_folder, activities_cache(data_folder, cache_dir)
                                            if cache_dir is not None else None)
        left_out.extend(broken)
        made.append(DayDuties(config, staff, day, facts, keep if wrap is None else None))
        term = made[0].term
        if term is not None:  # read before the children, as `censuses` says why
            census.extend(_through_meta(ctx, data_folder, [term], load_census_facts))
        return wrap(made[0]) if wrap is not None else made[0]

    data = dataset(ctx, derive)
    if data.config is None:
        raise LiushouError(t("config_broken"), data.folder.rel(data.folder.config_path))
    if not made:
        raise LiushouError(t("no_terms"))
    data.unreadable_activities = left_out
    day_duties = made[0]
    urgent = day_duties.incident_rows(data.children, moment) if moment is not None else []
    return DayRows(data, urgent + day_duties.all_rows(data.children, census[0] if census else None,
                                                      keep), day_duties)


def activity_conflicts(duties: DayDuties) -> dict[str, bool]:
    """The activity files whose facts the day's duties were given, by name: whether each
    holds open merge conflicts (for warn_conflicts, which then reads none of them)."""
    return {facts.file: facts.conflicted for facts in duties.activities
            if isinstance(facts, ActivityFacts)}


def censuses(ctx: CommandContext, data_folder: DataFolder,
             terms: Sequence[Term]) -> list[CensusSheet]:
    """The census of each term as the figures read it, through the cache (a county's is a
    large file). Read
    before the children (from a derivation's factory): a county's census parsed afresh
    takes some 50 MB while it is read, which the children's values then reuse instead of
    adding to (a first report at 50,000 children peaked 60 MB higher after them)."""
    from liushou_cli.reports.terms import load_census_sheet  # --stats only

    return _through_meta(ctx, data_folder, terms, load_census_sheet)


C = TypeVar("C")


def _through_meta(ctx: CommandContext, data_folder: DataFolder, terms: Sequence[Term],
                  read: Callable[[DataFolder, str, FileCache | None], C]) -> list[C]:
    """`read` of each term's census (the file, or the census duty's facts of it), through
    the folder's meta cache when the command has a cache folder."""
    cache_dir = cache_folder(ctx)
    meta = meta_cache(data_folder, cache_dir) if cache_dir is not None else None
    found = [read(data_folder, term.name, meta) for term in terms]
    if meta is not None:
        meta.save()
    return found


def caseload(ctx: CommandContext, day: date, moment: datetime, within: int | None,
             by: str | None, fmt: Format, klass: str | None = None) -> None:
    # Only --caseload and --incomplete: 15 ms that the daily overdue report does not spend.
    from liushou_cli.render.support import write_caseload_table
    from liushou_cli.reports.support import CASELOAD_KEYS, CaseloadDerivation, caseload_rows

    made: list[CaseloadDerivation] = []
    days = 14 if within is None else within
    # Only the rows --caseload counts: overdue, or due within `days`.
    keep = Reported(days)

    def wrap(day_duties: DayDuties) -> CaseloadDerivation:
        made.append(CaseloadDerivation(day_duties, keep))
        return made[0]

    # The incidents' steps open at `moment` too: the overdue column is `report --by`'s.
    data, duty_rows, _ = duty_rows_of_day(ctx, day, moment, wrap=wrap, keep=keep)
    facts = made[0].facts(data.children)
    klass = find_class(klass, {found.klass for found in facts} | staff_classes(data.staff_facts))
    who = find_staff(data.staff_facts, by).id if by else None
    rows = caseload_rows([found.roles for found in facts], data.staff_facts, duty_rows, days,
                         by=who, klass=klass)
    unreadable = unreadable_files(data)
    if fmt == Format.json:
        write_json(envelope([{key: row[key] for key in CASELOAD_KEYS} for row in rows],
                            unreadable))
    elif fmt == Format.csv:
        write_csv(rows, CASELOAD_KEYS, unreadable)
    else:
        write_caseload_table(rows, day, days, **screen(ctx))
    warn_unreadable(data)


def incomplete(ctx: CommandContext, day: date, klass: str | None, by: str | None,
               fmt: Format) -> None:
    # Only --caseload and --incomplete: 15 ms that the daily overdue report does not spend.
    from liushou_cli.render.support import gap_text, write_incomplete_table
    from liushou_cli.reports.support import INCOMPLETE_KEYS, IncompleteDerivation, incomplete_rows

    derivation = IncompleteDerivation(day)
    data = dataset(ctx, lambda config, staff: derivation)
    facts = derivation.facts(data.children)
    klass = find_class(klass, {found.klass for found in facts} | staff_classes(data.staff_facts))
    who = find_staff(data.staff_facts, by).id if by else None
    rows = incomplete_rows(facts, data.staff_facts, klass=klass, by=who)
    unreadable = unreadable_files(data)
    if fmt == Format.json:
        write_json(envelope([{**{key: row[key] for key in INCOMPLETE_KEYS}, "text": gap_text(row)}
                             for row in rows], unreadable))
    elif fmt == Format.csv:
        write_csv([{**row, "text": gap_text(row)} for row in rows], (*INCOMPLETE_KEYS, "text"),
                  unreadable)
    else:
        write_incomplete_table(rows, day, **screen(ctx))
    warn_unreadable(data)
