"""`report --stats` on the terminal: every figure under its own name, in Chinese and in
English, with its count, its share and its denominator; the per-class table's short
headers; the paragraph when the enrolled total is unknown; how a term's name is written.

The school: 16 enrolled students in 七(1)班 (censuses/2022秋.yaml) and one left-behind child,
张小明: both parents away, raised by his grandmother (祖母), a key-support child. So
1/16 = 6.25% -> 6.3% of enrolled (half up), and 1/1 = 100% of the left-behind children.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from liushou_cli import i18n
from liushou_cli.reports.stats import FIGURES, figure_label, term_in_words

from .conftest import run

ZH_ROWS = [
    "在校生|16|—", "留守儿童|1|6.3%|占在校生", "双亲外出|1|100.0%|占留守儿童",
    "父亲外出|0|0.0%|占留守儿童", "母亲外出|0|0.0%|占留守儿童", "其他留守情形|0|0.0%|占留守儿童",
    "由祖父母、外祖父母监护|1|6.3%|占在校生", "监护情况较好|0|0.0%|占留守儿童",
    "监护情况一般|0|0.0%|占留守儿童", "受委托监护人监护能力不足|0|0.0%|占留守儿童",
    "父或母无监护能力|0|0.0%|占留守儿童", "无人监护|0|0.0%|占留守儿童",
    "寄宿|0|0.0%|占留守儿童", "享受救助帮扶|0|0.0%|占留守儿童", "低保|0|0.0%|占留守儿童",
    "临时救助|0|0.0%|占留守儿童", "医疗救助|0|0.0%|占留守儿童", "住房救助|0|0.0%|占留守儿童",
    "生活补助|0|0.0%|占留守儿童", "重点帮扶对象|1|100.0%|占留守儿童",
    "学业优秀|0|0.0%|占留守儿童", "学业良好|0|0.0%|占留守儿童", "学业中等|0|0.0%|占留守儿童",
    "学业较差|0|0.0%|占留守儿童",
]
EN_ROWS = [
    "enrolled students|16|—", "left-behind children|1|6.3%|of enrolled students",
    "both parents away|1|100.0%|of left-behind children",
    "father away|0|0.0%|of left-behind children", "mother away|0|0.0%|of left-behind children",
    "other left-behind|0|0.0%|of left-behind children",
    "living with grandparents|1|6.3%|of enrolled students",
    "guardianship good|0|0.0%|of left-behind children",
    "guardianship fair|0|0.0%|of left-behind children",
    "guardian not fully able|0|0.0%|of left-behind children",
    "parent at home unable|0|0.0%|of left-behind children",
    "no guardian|0|0.0%|of left-behind children", "boarding|0|0.0%|of left-behind children",
    "receiving assistance|0|0.0%|of left-behind children",
    "minimum living allowance|0|0.0%|of left-behind children",
    "temporary relief|0|0.0%|of left-behind children",
    "medical aid|0|0.0%|of left-behind children", "housing aid|0|0.0%|of left-behind children",
    "living subsidy|0|0.0%|of left-behind children",
    "key-support children|1|100.0%|of left-behind children",
    "academically excellent|0|0.0%|of left-behind children",
    "academically good|0|0.0%|of left-behind children",
    "academically average|0|0.0%|of left-behind children",
    "academically poor|0|0.0%|of left-behind children",
]


def labels(language: str) -> list[str]:
    """Every figure's name in `language` (the catalog's), in the report's order."""
    i18n.set_lang(language)
    return [figure_label(key) for key, _ in FIGURES]


def enrolled(school: Path, total: int) -> None:
    (school / "censuses").mkdir(exist_ok=True)
    (school / "censuses" / "2022秋.yaml").write_text(
        f"term: 2022秋\nclasses:\n  七(1)班:\n    enrolled: {total}\n", encoding="utf-8")


def cells(text: str) -> list[str]:
    """The table's lines, their cells joined by |: columns are two or more spaces apart."""
    return [re.sub(r"\s{2,}", "|", line.strip()) for line in text.splitlines() if line.strip()]


def stats(school: Path, *lang: str) -> str:
    result = run(school, *lang, "report", "--stats", "--term", "2022秋", "--as-of", "2022-09-20")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_figure_under_its_own_name_with_its_denominator(school: Path) -> None:
    enrolled(school, 16)
    lines = cells(stats(school))
    first = lines.index(ZH_ROWS[0])
    assert lines[first:first + len(ZH_ROWS)] == ZH_ROWS
    assert [row.split("|")[0] for row in ZH_ROWS] == labels("zh")
    # The per-class table: short headers, each cell "count (share of the class's own base)".
    assert "班级|在校生|留守儿童|双亲外出|祖辈监护|学业优秀|数据来源" in lines
    assert "七(1)班|16|1 (6.3%)|1 (100.0%)|1 (6.3%)|0 (0.0%)|当前档案" in lines


def test_every_figure_under_its_own_name_in_english(school: Path) -> None:
    enrolled(school, 16)
    lines = cells(stats(school, "--lang", "en"))
    first = lines.index(EN_ROWS[0])
    assert lines[first:first + len(EN_ROWS)] == EN_ROWS
    assert [row.split("|")[0] for row in EN_ROWS] == labels("en")
    header = next(line for line in lines if line.startswith("Class|"))
    # Issue 14: a header is never broken inside a word ("enrolled⏎students" before).
    assert header == ("Class|enrolled students|left-behind children|both parents away|"
                      "with grandparents|excellent|Source")


def test_the_paragraph_says_a_dash_for_what_is_unknown(school: Path) -> None:
    # No class has given its enrolled total: the count and its share of enrolled are "—".
    assert ("本学期（2022年秋），我校在校生—人，留守儿童1人，占在校生的—，其中双亲外出的1人，"
            "又占了留守儿童总数的100%；") in stats(school)
    english = " ".join(stats(school, "--lang", "en").split())
    # Each count after its label: "1 are left-behind children" read wrong, "— enrolled" too.
    assert ("the school: enrolled students —; left-behind children 1 (— of all enrolled), of "
            "them with both parents away 1 (100% of the left-behind)") in english


@pytest.mark.parametrize(("term", "chinese", "english"), [
    ("2022秋", "2022年秋", "autumn 2022"),
    ("2023春", "2023年春", "spring 2023"),
    ("2022秋季", "2022秋季", "2022秋季"),     # not a season's one character: as it is
    ("22秋", "22秋", "22秋"),                 # fewer than 5 characters
    ("二〇二二秋", "二〇二二秋", "二〇二二秋"),  # the year not in digits
    ("2022-2023学年", "2022-2023学年", "2022-2023学年"),
])
def test_a_terms_name_in_words(term: str, chinese: str, english: str) -> None:
    i18n.set_lang("zh")
    assert term_in_words(term) == chinese
    i18n.set_lang("en")
    assert term_in_words(term) == english
