"""Which report `liushou report` runs, and which options each kind takes: one kind per run,
and an option the chosen kind would ignore is refused rather than silently dropped."""

from __future__ import annotations

from collections.abc import Collection

from liushou_cli.core.errors import UsageError
from liushou_cli.i18n import t

# kind -> the options it uses (besides --format, which every kind takes)
OPTIONS: dict[str, tuple[str, ...]] = {
    "--overdue": ("--as-of", "--by", "--class", "--duty", "--due-within", "--fail-on-overdue"),
    "--stats": ("--as-of", "--term", "--terms"),
    "--caseload": ("--as-of", "--by", "--class", "--due-within"),
    "--incomplete": ("--as-of", "--by", "--class"),
}
DEFAULT = "--overdue"
# Options that imply a kind when no kind is named (`report --terms all` is the statistics).
IMPLIES = {"--terms": "--stats"}
# Options of one kind that exclude each other.
EXCLUSIVE = (("--term", "--terms"),)


def choose_kind(kinds: Collection[str], given: Collection[str]) -> str:
    """The one kind of report asked for (`kinds`: the kind flags on the command line),
    or a UsageError naming what cannot go together. `given`: the other options used."""
    if len(kinds) > 1:
        raise UsageError(t("report_one_kind", kinds=t("list_sep").join(kinds)))
    implied = [IMPLIES[option] for option in given if option in IMPLIES]
    kind = next(iter(kinds), implied[0] if implied else DEFAULT)
    for option in given:
        if option not in OPTIONS[kind]:
            raise UsageError(t("report_option_not_for_kind", option=option, kind=kind,
                               options=t("list_sep").join((*OPTIONS[kind], "--format"))))
    for first, second in EXCLUSIVE:
        if first in given and second in given:
            raise UsageError(t("report_options_exclusive", first=first, second=second))
    return kind
