"""`report --stats`, `--caseload` and `--incomplete` answered from the cache: each child's
facts for the command (reports.terms.StatsFacts, reports.support.CaseloadFacts and Gaps) are
cached with its file, so a warm run builds no child's record, and says exactly what a run
without the cache says, on the day it was filled, on another day, and after a file changed.
Checked on a copy of the example school, each run in a process of its own (test_warm_path's
probe: what a process builds is what a teacher waits for)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core.model import CensusCheck, Child, Term
from liushou_cli.reports.stats import child_counts, counted_keys, tally
from liushou_cli.reports.support import child_gaps, child_roles
from liushou_cli.reports.terms import StatsDerivation
from liushou_cli.store import read

from .conftest import run
from .test_cache import age
from .test_warm_path import probe

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
DAY = "2022-11-20"
KINDS = {
    "stats": ["report", "--stats", "--as-of", DAY, "-f", "csv"],
    "history": ["report", "--stats", "--terms", "all", "--as-of", DAY, "-f", "csv"],
    "caseload": ["report", "--caseload", "--as-of", DAY, "-f", "csv"],
    "incomplete": ["report", "--incomplete", "--as-of", DAY, "-f", "csv"],
}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    age(root)  # a file changed in the last seconds is never trusted from the cache
    return root


@pytest.mark.parametrize("kind", KINDS)
def test_a_warm_run_builds_no_child_record_and_says_the_same(example: Path, kind: str) -> None:
    args = KINDS[kind]
    uncached, _ = probe(example, "--no-cache", *args)
    first, seen_first = probe(example, *args)  # fills the cache
    warm, seen = probe(example, *args)
    assert "Child" in seen_first[0].split()
    # No model built, and none of pydantic, the YAML parsers, rich or multiprocessing loaded
    # (--caseload and --incomplete once loaded PyYAML with `check`'s modules for the 三知
    # gaps: reports/sanzhi.py).
    assert seen == ["built", "loaded"], seen
    assert uncached == first == warm
    assert len(warm.splitlines()) > 5  # the example school gives figures, rows, gaps


@pytest.mark.parametrize("kind", ["stats", "caseload", "incomplete"])
def test_another_day_is_worked_out_for_that_day(example: Path, kind: str) -> None:
    args = KINDS[kind]
    probe(example, *args)
    later = [("2023-01-05" if arg == DAY else arg) for arg in args]
    assert probe(example, *later)[0] == probe(example, "--no-cache", *later)[0]


def test_a_changed_file_is_seen(example: Path) -> None:
    before = {kind: probe(example, *KINDS[kind])[0] for kind in ("stats", "incomplete")}
    path = example / "children" / "2020090101.yaml"
    text = path.read_text(encoding="utf-8")
    assert "boarding: true" in text and "nickname:" not in text
    # No longer boarding (a figure changes), and a nickname (a 三知 gap may close).
    path.write_text(text.replace("boarding: true", "boarding: false\nnickname: 小欣"),
                    encoding="utf-8")
    age(example)
    for kind in ("stats", "incomplete"):
        after = probe(example, *KINDS[kind])[0]
        assert after == probe(example, "--no-cache", *KINDS[kind])[0]
    assert probe(example, *KINDS["stats"])[0] != before["stats"]


TERM = Term(name="2022秋", start=date(2022, 9, 1), end=date(2023, 1, 15))
SPRING = Term(name="2023春", start=date(2023, 2, 10), end=date(2023, 7, 1))


def child(**fields: object) -> Child:
    record = {"id": "c0001", "name": "张小明", "gender": "男", "class": "七(1)班",
              "left_behind_type": "父亲外出",
              "recorded_on": date(2022, 9, 1), **fields}
    return Child.model_validate(record)


def test_the_stats_facts_of_a_child() -> None:
    derivation = StatsDerivation([TERM, SPRING], TERM, date(2022, 11, 20))
    found = derivation(child(boarding=True, assistance=["低保"]))
    assert found.klass == "七(1)班" and found.live
    assert found.counted == ("left_behind", "father_away", "boarding", "hardship",
                             "assistance:低保")
    assert found.covered == ("2022秋",)  # 2023春 not begun that day
    assert found.checked == ("2022秋",)  # recorded in the term: its check
    # Recorded after the day (and after the term began): not yet counted, nor covered by any
    # census as it stood that day; looked at once both terms have begun, by both.
    late = derivation(child(recorded_on=date(2022, 12, 1)))
    assert not late.live and late.counted == () and late.covered == ()
    later = StatsDerivation([TERM, SPRING], None, date(2023, 3, 1))(
        child(recorded_on=date(2022, 12, 1)))
    assert later.covered == ("2022秋", "2023春")
    on_the_day = derivation(child(recorded_on=date(2022, 11, 20)))
    assert on_the_day.live and on_the_day.covered == ("2022秋",)


def test_the_stats_facts_of_a_child_who_left() -> None:
    check = CensusCheck(type="摸底", date=date(2022, 9, 10), by=["T001"], term="2022秋")
    gone = child(status="转出", status_date=date(2022, 10, 8), status_reason="随父母转学",
                 events=[check])
    found = StatsDerivation([TERM, SPRING], TERM, date(2022, 11, 20))(gone)
    assert not found.live and found.counted == ()
    assert found.covered == ("2022秋",) and found.checked == ("2022秋",)


def test_counts_add_up_each_childs_keys() -> None:
    one = child(guardian={"name": "王桂花", "relation": "祖母"})
    two = child(academic_level="优", key_support=True)
    assert child_counts([one, two]) == tally([counted_keys(one), counted_keys(two)])
    counts = tally([counted_keys(one), counted_keys(two)])
    assert (counts["left_behind"], counts["with_grandparents"], counts["level:优"],
            counts["key_support"], counts["both_away"]) == (2, 1, 1, 1, 0)


def test_a_child_off_record_has_no_roles_and_no_gaps() -> None:
    day = date(2022, 11, 20)
    assert child_roles(child(status="毕业", status_date=day, status_reason="毕业"), day) is None
    assert child_roles(child(recorded_on=date(2022, 11, 21)), day) is None
    roles = child_roles(child(recorded_on=day), day)
    assert roles is not None and roles.klass == "七(1)班" and roles.plan_teachers == ()
    assert not child_gaps(child(status="毕业", status_date=day, status_reason="毕业"), day).counted
    assert child_gaps(child(recorded_on=day), day).counted


def test_a_subsidy_of_the_term_counts_in_the_terms_counts() -> None:
    # A 生活补助 care record dated in the term counts as that assistance in the term's counts
    # (a finished class's snapshot is made with them), and not in another term's.
    subsidy = {"type": "生活补助", "date": date(2022, 10, 8), "by": ["T001"],
               "policy": "家庭经济困难寄宿生生活补助", "amount": 625}
    helped = child(care=[subsidy])
    assert child_counts([helped], TERM)["assistance:生活补助"] == 1
    assert child_counts([helped], TERM)["hardship"] == 1
    assert child_counts([helped], SPRING)["assistance:生活补助"] == 0
    assert child_counts([helped])["hardship"] == 0
    assert counted_keys(helped, TERM) == ("left_behind", "father_away", "hardship",
                                          "assistance:生活补助")


@pytest.mark.parametrize("args", [("report", "--overdue", "-f", "csv"),
                                  ("report", "--stats"), ("report", "--stats", "--terms", "all")])
def test_the_census_is_read_before_the_children(example: Path, monkeypatch: pytest.MonkeyPatch,
                                                args: tuple[str, ...]) -> None:
    # A county's census file parsed afresh takes some 50 MB while it is read: before the
    # children, the children's values reuse that memory (a first report at 50,000 children
    # peaked 60 MB higher with the census read after them). The day's rows read its facts.
    from liushou_cli.cli import report_support
    from liushou_cli.reports import terms

    seen: list[str] = []
    load_all, load_sheet = read._ChildLoader.load_all, terms.load_census_sheet
    load_facts = report_support.load_census_facts

    def facts(*given: object) -> object:
        seen.append("census")
        return load_facts(*given)  # type: ignore[arg-type]

    monkeypatch.setattr(report_support, "load_census_facts", facts)

    def children(self: read._ChildLoader) -> None:
        seen.append("children")
        load_all(self)

    def census(*given: object) -> object:
        seen.append("census")
        return load_sheet(*given)  # type: ignore[arg-type]

    monkeypatch.setattr(read._ChildLoader, "load_all", children)
    monkeypatch.setattr(terms, "load_census_sheet", census)
    result = run(example, *args, "--as-of", "2022-11-20")
    assert result.exit_code == 0, result.output
    assert seen[-1] == "children" and "census" in seen


def test_a_terms_figures_take_that_terms_census_and_no_other(example: Path) -> None:
    # The autumn term's figures read the autumn census: the spring one gone, they stay.
    args = ("report", "--stats", "--as-of", "2022-11-20", "-f", "csv")
    both = run(example, "--no-cache", *args)
    assert both.exit_code == 0, both.output
    (example / "censuses" / "2022春.yaml").unlink()
    assert run(example, "--no-cache", *args).stdout == both.stdout
    # And the other way round: the autumn census gone, they change.
    shutil.copy(EXAMPLE / "censuses" / "2022春.yaml", example / "censuses" / "2022春.yaml")
    (example / "censuses" / "2022秋.yaml").unlink()
    assert run(example, "--no-cache", *args).stdout != both.stdout
