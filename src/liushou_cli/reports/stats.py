"""The term statistics (基本情况): counts of the left-behind children, each share with its
denominator named, and the paragraph a school writes in its plan.

The seed's denominators differ from figure to figure: the left-behind share and the share
living with grandparents are of all enrolled students; both-parents-away and excellent
students are shares of the left-behind children. Every figure here says which.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from liushou_cli.core.text import Message
from liushou_cli.duties.rules import key_support_on
from liushou_cli.i18n import t

if TYPE_CHECKING:
    from liushou_cli.core.model import Child, Subsidy
    from liushou_cli.core.settings import Term

ENROLLED = "enrolled"
LEFT_BEHIND = "left_behind"

# figure key -> the key of its denominator; order is the report's order. A figure's name is
# the catalog's `figure_<key>` (i18n/catalog.py), in the output language.
FIGURES: tuple[tuple[str, str | None], ...] = (
    (ENROLLED, None),
    (LEFT_BEHIND, ENROLLED),
    ("both_away", LEFT_BEHIND),
    ("father_away", LEFT_BEHIND),
    ("mother_away", LEFT_BEHIND),
    ("other_type", LEFT_BEHIND),
    ("with_grandparents", ENROLLED),
    ("guardianship:较好", LEFT_BEHIND),
    ("guardianship:一般", LEFT_BEHIND),
    ("guardianship:受委托监护人监护能力不足", LEFT_BEHIND),
    ("guardianship:父或母无监护能力", LEFT_BEHIND),
    ("guardianship:无人监护", LEFT_BEHIND),
    ("boarding", LEFT_BEHIND),
    ("hardship", LEFT_BEHIND),
    ("assistance:低保", LEFT_BEHIND),
    ("assistance:临时救助", LEFT_BEHIND),
    ("assistance:医疗救助", LEFT_BEHIND),
    ("assistance:住房救助", LEFT_BEHIND),
    ("assistance:生活补助", LEFT_BEHIND),
    ("key_support", LEFT_BEHIND),
    ("level:优", LEFT_BEHIND),
    ("level:良", LEFT_BEHIND),
    ("level:中", LEFT_BEHIND),
    ("level:差", LEFT_BEHIND),
)
_TYPE_KEYS = {"双亲外出": "both_away", "父亲外出": "father_away", "母亲外出": "mother_away",
              "其他": "other_type"}


def counting_day(term: Term, as_of: date) -> date:
    """The day a term's live figures are counted on: `as_of`, but never after the term's last
    day (a day of the holiday after it, or of a later term, counts the term as it ended)."""
    return min(as_of, term.end)


def subsidised_in(child: Child, term: Term, by: date | None = None) -> bool:
    """Has the child a 生活补助 care record for the term (`subsidy_counts_in`), dated by `by`
    if given (one paid later was not there to count yet)?"""
    return any(record.type == "生活补助" and subsidy_counts_in(record, term)
               and (by is None or record.date <= by) for record in child.care)


def subsidy_counts_in(record: Subsidy, term: Term) -> bool:
    """Whether a 生活补助 care record counts in the term's figures: the term its period
    names (care add --period 2022秋), and only that one; without a period, the term it is
    dated in. (Counted by both, a subsidy for the spring paid in December counted twice.)"""
    if record.period is not None:
        return record.period == term.name
    return term.start <= record.date <= term.end


def subsidy_in_no_term(record: Subsidy, terms: Sequence[Term]) -> bool:
    """A subsidy that no term's figures count (paid in a holiday, its period not a term's
    name): true only where liushou.yaml has terms to count it in."""
    return bool(terms) and not any(subsidy_counts_in(record, term) for term in terms)


def subsidy_no_term_message(record: Subsidy, terms: Sequence[Term]) -> Message:
    """What check and care add say of a subsidy in no term (`subsidy_in_no_term`)."""
    names = [term.name for term in terms]
    if record.period is None:
        return Message.of("subsidy_no_term", date=record.date.isoformat(),
                          terms=tuple(names), example=names[-1])
    dated_in = next((term.name for term in terms if term.start <= record.date <= term.end), None)
    if dated_in is not None:
        # The day is in a term, but a period decides: it is the period that is wrong.
        return Message.of("subsidy_period_not_a_term", date=record.date.isoformat(),
                          period=record.period, example=dated_in)
    return Message.of("subsidy_period_no_term", date=record.date.isoformat(),
                      period=record.period, terms=tuple(names), example=names[-1])


def counted_keys(child: Child, term: Term | None = None,
                 day: date | None = None) -> tuple[str, ...]:
    """The figures one left-behind child counts under (each once), `child_counts`'s keys.
    With `term`, a 生活补助 care record for the term counts as that assistance (and as
    receiving assistance), as much as 生活补助 listed under the record's assistance. With
    `day`, the day asked: such a record counts once dated by then (one paid in the holiday
    after the term too), and key support is the mark of the term's `counting_day` (its dated
    history); without, every record of the term and the card's mark now."""
    assistance = set(child.assistance)
    if term is not None and subsidised_in(child, term, day):
        assistance.add("生活补助")
    keys = [LEFT_BEHIND, _TYPE_KEYS[child.left_behind_type]]
    if child.with_grandparents:
        keys.append("with_grandparents")
    if child.guardianship:
        keys.append(f"guardianship:{child.guardianship}")
    if child.boarding:
        keys.append("boarding")
    if assistance:
        keys.append("hardship")
    keys += (f"assistance:{kind}" for kind in sorted(assistance))
    marked_on = counting_day(term, day) if term is not None and day is not None else day
    if key_support_on(child, marked_on) if marked_on is not None else child.key_support:
        keys.append("key_support")
    if child.academic_level:
        keys.append(f"level:{child.academic_level}")
    return tuple(keys)


def tally(counted: Iterable[Iterable[str]]) -> dict[str, int]:
    """The counts of one class (or school) from each child's `counted_keys`: every figure's
    key, in the report's order."""
    counts = Counter(key for keys in counted for key in keys)
    return {key: counts.get(key, 0) for key, *_ in FIGURES if key != ENROLLED}


def child_counts(children: Iterable[Child], term: Term | None = None,
                 day: date | None = None) -> dict[str, int]:
    """The counts of one class (or school) of left-behind children, every figure's key (see
    `counted_keys` for what `term` and `day` add)."""
    return tally(counted_keys(child, term, day) for child in children)


def add_counts(parts: Iterable[Mapping[str, int]]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for part in parts:
        total.update(part)
    return dict(total)


@dataclass(frozen=True)
class Figure:
    key: str
    count: int | None
    denominator: str | None  # the key of the figure it is a share of
    share: float | None  # percent, one decimal


def percent(count: int, base: int) -> float:
    """count/base as a percentage with one decimal, rounded half up (四舍五入, as Excel's
    ROUND does): 1/16 = 6.25% -> 6.3%. Worked on the exact fraction in integers: Python's
    round() rounds half to even (6.25 -> 6.2), and 100*3/2000 as a float is 0.1499... so
    even a half-up round of the float would give 0.1 instead of 0.2."""
    tenths = (2000 * count + base) // (2 * base)  # floor(1000*count/base + 1/2)
    return tenths / 10


def share_text(share: float | None) -> str:
    """A share as the reports print it: one decimal (8.0%), — when unknown."""
    return "—" if share is None else f"{share:.1f}%"


def figures(counts: Mapping[str, int], enrolled: int | None) -> list[Figure]:
    """Every figure with its share of its own denominator (None when that is unknown)."""
    values: dict[str, int | None] = {**counts, ENROLLED: enrolled}
    found = []
    for key, denominator, *_ in FIGURES:
        count = values.get(key, 0)
        base = values.get(denominator) if denominator else None
        share = percent(count, base) if count is not None and base else None
        found.append(Figure(key, count, denominator, share))
    return found


# The figures with a shorter name for a column header: the catalog's `figure_short_<key>`.
_SHORT = frozenset({"with_grandparents", "level:优"})
_KEYS = frozenset(key for key, _ in FIGURES)


def short_label(key: str) -> str:
    """A column header's worth of the figure's name."""
    return t("figure_short_" + key) if key in _SHORT else figure_label(key)


def figure_label(key: str) -> str:
    """The figure's name in the output language (a key that is no figure, as it is)."""
    return t("figure_" + key) if key in _KEYS else key


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def term_in_words(term: str) -> str:
    """2022秋 -> 2022年秋 / autumn 2022; any other name as it is."""
    if len(term) >= 5 and term[:4].isdigit() and term[4:] in ("秋", "春"):
        return t("term_autumn" if term[4:] == "秋" else "term_spring", year=term[:4])
    return term


def paragraph(term: str, counts: Mapping[str, int], enrolled: int | None,
              message: str = "stats_paragraph") -> str:
    """基本情况: the one paragraph of the school's plan, the seed's first paragraph its model
    (`message`: the catalog's wording, "county_stats_paragraph" for a county's)."""
    by_key = {figure.key: figure for figure in figures(counts, enrolled)}

    def n(key: str) -> str:
        count = by_key[key].count
        return "—" if count is None else str(count)

    def p(key: str) -> str:
        return _pct(by_key[key].share)

    return t(message, term=term_in_words(term), enrolled=n(ENROLLED),
             left_behind=n(LEFT_BEHIND), left_behind_share=p(LEFT_BEHIND),
             both_away=n("both_away"), both_away_share=p("both_away"),
             father_away=n("father_away"), father_away_share=p("father_away"),
             mother_away=n("mother_away"), mother_away_share=p("mother_away"),
             with_grandparents=n("with_grandparents"),
             with_grandparents_share=p("with_grandparents"), boarding=n("boarding"),
             hardship=n("hardship"), excellent=n("level:优"), excellent_share=p("level:优"))
