"""The term statistics (基本情况): counts of the left-behind children, each share with its
denominator named, and the paragraph a school writes in its plan.

The seed's denominators differ from figure to figure: the left-behind share and the share
living with grandparents are of all enrolled students; both-parents-away and excellent
students are shares of the left-behind children. Every figure here says which.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from liushou_cli.core.model import Child, Subsidy, Term

ENROLLED = "enrolled"
LEFT_BEHIND = "left_behind"

# figure key -> (denominator key, Chinese label, English label); order is the report's order.
FIGURES: tuple[tuple[str, str | None, str, str], ...] = (
    (ENROLLED, None, "在校生", "enrolled students"),
    (LEFT_BEHIND, ENROLLED, "留守儿童", "left-behind children"),
    ("both_away", LEFT_BEHIND, "双亲外出", "both parents away"),
    ("father_away", LEFT_BEHIND, "父亲外出", "father away"),
    ("mother_away", LEFT_BEHIND, "母亲外出", "mother away"),
    ("other_type", LEFT_BEHIND, "其他留守情形", "other left-behind"),
    ("with_grandparents", ENROLLED, "由祖父母、外祖父母监护", "living with grandparents"),
    ("guardianship:较好", LEFT_BEHIND, "监护情况较好", "guardianship good"),
    ("guardianship:一般", LEFT_BEHIND, "监护情况一般", "guardianship fair"),
    ("guardianship:受委托监护人监护能力不足", LEFT_BEHIND, "受委托监护人监护能力不足",
     "guardian not fully able"),
    ("guardianship:父或母无监护能力", LEFT_BEHIND, "父或母无监护能力", "parent at home unable"),
    ("guardianship:无人监护", LEFT_BEHIND, "无人监护", "no guardian"),
    ("boarding", LEFT_BEHIND, "寄宿", "boarding"),
    ("hardship", LEFT_BEHIND, "享受救助帮扶", "receiving assistance"),
    ("assistance:低保", LEFT_BEHIND, "低保", "minimum living allowance"),
    ("assistance:临时救助", LEFT_BEHIND, "临时救助", "temporary relief"),
    ("assistance:医疗救助", LEFT_BEHIND, "医疗救助", "medical aid"),
    ("assistance:住房救助", LEFT_BEHIND, "住房救助", "housing aid"),
    ("assistance:生活补助", LEFT_BEHIND, "生活补助", "living subsidy"),
    ("key_support", LEFT_BEHIND, "重点帮扶对象", "key-support children"),
    ("level:优", LEFT_BEHIND, "学业优秀", "academically excellent"),
    ("level:良", LEFT_BEHIND, "学业良好", "academically good"),
    ("level:中", LEFT_BEHIND, "学业中等", "academically average"),
    ("level:差", LEFT_BEHIND, "学业较差", "academically poor"),
)
_TYPE_KEYS = {"双亲外出": "both_away", "父亲外出": "father_away", "母亲外出": "mother_away",
              "其他": "other_type"}


def subsidised_in(child: Child, term: Term) -> bool:
    """Has the child a 生活补助 care record for the term: dated in it, or with the term's
    name as its period (care add --period 2022秋)?"""
    return any(isinstance(record, Subsidy)
               and (record.period == term.name or term.start <= record.date <= term.end)
               for record in child.care)


def child_counts(children: Iterable[Child], term: Term | None = None) -> dict[str, int]:
    """The counts of one class (or school) of left-behind children, every figure's key. With
    `term`, a 生活补助 care record for the term counts as that assistance (and as receiving
    assistance), as much as 生活补助 listed under the record's assistance."""
    counts: Counter[str] = Counter()
    for child in children:
        assistance = set(child.assistance)
        if term is not None and subsidised_in(child, term):
            assistance.add("生活补助")
        counts[LEFT_BEHIND] += 1
        counts[_TYPE_KEYS[child.left_behind_type]] += 1
        if child.with_grandparents:
            counts["with_grandparents"] += 1
        if child.guardianship:
            counts[f"guardianship:{child.guardianship}"] += 1
        if child.boarding:
            counts["boarding"] += 1
        if assistance:
            counts["hardship"] += 1
        for kind in assistance:
            counts[f"assistance:{kind}"] += 1
        if child.key_support:
            counts["key_support"] += 1
        if child.academic_level:
            counts[f"level:{child.academic_level}"] += 1
    return {key: counts.get(key, 0) for key, *_ in FIGURES if key != ENROLLED}


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


_SHORT = {"with_grandparents": ("祖辈监护", "with grandparents"),
          "level:优": ("学业优秀", "excellent")}


def short_label(key: str, english: bool) -> str:
    """A column header's worth of the figure's name."""
    if key in _SHORT:
        zh, en = _SHORT[key]
        return en if english else zh
    return figure_label(key, english)


def figure_label(key: str, english: bool) -> str:
    for name, _denominator, zh, en in FIGURES:
        if name == key:
            return en if english else zh
    return key


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def term_in_words(term: str, english: bool) -> str:
    """2022秋 -> 2022年秋 / autumn 2022."""
    if len(term) >= 5 and term[:4].isdigit() and term[4:] in ("秋", "春"):
        if english:
            return f"{'autumn' if term[4:] == '秋' else 'spring'} {term[:4]}"
        return f"{term[:4]}年{term[4:]}"
    return term


def paragraph(term: str, counts: Mapping[str, int], enrolled: int | None,
              english: bool) -> str:
    """基本情况: the one paragraph of the school's plan, the seed's first paragraph its model."""
    by_key = {figure.key: figure for figure in figures(counts, enrolled)}

    def n(key: str) -> str:
        count = by_key[key].count
        return "—" if count is None else str(count)

    def p(key: str) -> str:
        return _pct(by_key[key].share)

    when = term_in_words(term, english)
    if english:
        return (
            f"This term ({when}) the school has {n(ENROLLED)} enrolled students; "
            f"{n(LEFT_BEHIND)} are left-behind children, {p(LEFT_BEHIND)} of all enrolled. "
            f"Of the left-behind children, {n('both_away')} have both parents away "
            f"({p('both_away')} of the left-behind), {n('father_away')} only the father "
            f"({p('father_away')}) and {n('mother_away')} only the mother ({p('mother_away')}). "
            f"{n('with_grandparents')} students live with their grandparents, "
            f"{p('with_grandparents')} of all enrolled. {n('boarding')} left-behind children "
            f"board at school and {n('hardship')} receive assistance such as the minimum "
            f"living allowance. {n('level:优')} are excellent students, {p('level:优')} of the "
            f"left-behind children.")
    return (
        f"本学期（{when}），我校在校生{n(ENROLLED)}人，留守儿童{n(LEFT_BEHIND)}人，"
        f"占在校生的{p(LEFT_BEHIND)}，其中双亲外出的{n('both_away')}人，"
        f"又占了留守儿童总数的{p('both_away')}；父亲外出的{n('father_away')}人、"
        f"母亲外出的{n('mother_away')}人，分别占留守儿童的{p('father_away')}、"
        f"{p('mother_away')}。在家投靠祖父母、外祖父母等的学生{n('with_grandparents')}人，"
        f"占在校生总数的{p('with_grandparents')}。留守儿童中寄宿生{n('boarding')}人，"
        f"享受低保等救助帮扶的{n('hardship')}人；优秀生{n('level:优')}人，"
        f"占留守儿童学生总数的{p('level:优')}。")
