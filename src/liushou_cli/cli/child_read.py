"""`liushou child list` and `child show` run: the listing of the children and one child's
card, from the cache where it holds the files. Without typer (cli/child.py declares the
options): a line run before is run from its kept parse (cli/keptline.py)."""

from __future__ import annotations

from dataclasses import dataclass

from liushou_cli.cli.common import (
    Format,
    cache_folder,
    dataset,
    environment,
    folder,
    screen,
    today,
    warn_unreadable,
)
from liushou_cli.cli.context import CommandContext, echo
from liushou_cli.core.choices import GRANDPARENTS
from liushou_cli.core.classes import class_order, same_class
from liushou_cli.core.incidents import kinds_of
from liushou_cli.i18n import t
from liushou_cli.lookup.finder import dataset_classes, find_child, find_class, search_named
from liushou_cli.render.card import write_card
from liushou_cli.render.output import unreadable_files, write_csv, write_json, write_rows
from liushou_cli.store.read import LoadedChild, load_config, staff_or_fail
from liushou_cli.views.card import (
    CHILD_COLUMNS,
    CHILD_DROP,
    LIST_FACTS,
    ListFacts,
    child_record,
    contact_card,
    flatten,
    list_facts,
    listing_row,
)
from liushou_cli.views.incidents import incident_lines, without_incidents
from liushou_cli.views.section import CardSection
from liushou_cli.views.support import redacted


@dataclass(frozen=True)
class ChildListLine:
    """The options of one `liushou child list` line, as plain values."""

    klass: str | None = None
    left_behind_type: str | None = None
    guardian: str | None = None
    key_support: bool = False
    status: str = "在读"
    find: str | None = None
    fmt: str = "table"

    def __post_init__(self) -> None:
        Format(self.fmt)  # ValueError for a --format no listing has (a kept file edited)


@dataclass(frozen=True)
class ChildShowLine:
    """The child and options of one `liushou child show` line, as plain values."""

    child: str
    fmt: str = "table"
    sensitive: bool = False
    incidents: bool = False

    def __post_init__(self) -> None:
        Format(self.fmt)  # ValueError for a --format no card has (a kept file edited)


def run_list(ctx: CommandContext, line: ChildListLine) -> None:
    """List the children `line` asks for."""
    klass, left_behind_type, guardian = line.klass, line.left_behind_type, line.guardian
    key_support, status, find, fmt = line.key_support, line.status, line.find, Format(line.fmt)
    # Each child's listing facts come from the cache (views.card.ListFacts): an unchanged
    # folder is listed without building a record.
    data = dataset(ctx, lambda config, staff: LIST_FACTS)
    facts = [_facts(item) for item in data.children]
    klass = find_class(klass, dataset_classes(data, [found.klass for found in facts]))
    if find:
        facts = search_named(facts, find, _itself)

    def keep(found: ListFacts) -> bool:
        relation = found.guardian_relation
        return ((klass is None or same_class(found.klass, klass))
                and (left_behind_type is None or found.left_behind_type == left_behind_type)
                and (guardian is None or relation == guardian
                     or (guardian in ("祖辈", "grandparents") and relation in GRANDPARENTS))
                and (not key_support or found.key_support)
                and (status in ("全部", "all") or found.status == status))

    today_ = today(ctx)
    names = {member.id: member.name for member in data.staff_facts}
    rows = [listing_row(found, today_, names) for found in facts if keep(found)]
    rows.sort(key=lambda row: (class_order(row["class"]), row["id"]))
    data_columns = ("id", "student_no", "name", "gender", "class", "birth_date",
                    "left_behind_type", "guardian_name", "guardian_relation", "guardian_phone",
                    "key_support", "proxy_parent", "proxy_parent_name", "status")
    write_rows(rows, CHILD_COLUMNS, data_columns, fmt.value, unreadable=unreadable_files(data),
               drop=CHILD_DROP, **screen(ctx))
    warn_unreadable(data)


def _facts(item: LoadedChild) -> ListFacts:
    """The child's listing facts as the folder's loading derived them (else from the record)."""
    found = item.derived
    return found if isinstance(found, ListFacts) else list_facts(item.child)


def _itself(found: ListFacts) -> ListFacts:
    return found


def run_show(ctx: CommandContext, line: ChildShowLine) -> None:
    """Show the card (or the record, --format json or csv) of the child `line` names."""
    child, fmt, sensitive, incidents = line.child, Format(line.fmt), line.sensitive, line.incidents
    # The activity files' reader brings the store's writer: 15 ms that child list does not spend.
    from liushou_cli.store.activities import files_left_out, load_activities

    data_folder = folder(ctx)
    # Read only: the record is taken from the cache as plain facts if it holds the file as
    # it is, and a name is looked for among the listing's facts (no parsing, no pydantic:
    # docs/performance.md).
    item = find_child(data_folder, child, lambda: dataset(ctx, lambda config, staff: LIST_FACTS),
                      today=today(ctx), cache_dir=cache_folder(ctx), named=_facts)
    record = child_record(item.child)
    if not sensitive:
        record = redacted(record)
    if not incidents:  # restricted: only asked for (docs/incidents.md)
        record = without_incidents(record)
    if fmt == Format.json:
        write_json(record)
        return
    if fmt == Format.csv:
        flat = flatten(record)
        write_csv([flat], list(flat))
        return
    # staff.yaml and the activity files through their caches, as a report reads them: a
    # county's folder holds 600 KB of staff and a thousand activities.
    staff = staff_or_fail(data_folder, cache_folder(ctx), as_facts=True)
    title = f"{t('card_title')} · {item.child.name}"
    loaded, problems = load_activities(data_folder, cache_folder(ctx), as_facts=True)
    activities = [each.activity for each in loaded]
    sections = contact_card(item.child, staff, today(ctx), activities, sensitive)
    if incidents and item.child.incidents:
        kinds = kinds_of(load_config(data_folder).incident_kinds)
        sections.append(CardSection(t("sec_incidents"), incident_lines(
            item.child, kinds, {member.id: member.name for member in staff},
            environment(ctx).clock)))
    write_card(title, sections, **screen(ctx))
    # An activity file that gives no activity is missing from the timeline: said, as the
    # activity list says it (its problems are only for check to show).
    left_out = files_left_out(data_folder, loaded, problems)
    if left_out:
        echo(t("activities_unreadable", count=len(left_out)), err=True)
