"""The reports counted from each child's facts (reports.support: Roles and Gaps for
--caseload and --incomplete; reports.terms: StatsFacts for --stats), on facts built by hand:
every role and gap counted once for the right teacher, the filters at their boundaries, the
rows in their order, the live figures and the snapshots of a term."""

from __future__ import annotations

from datetime import date

from liushou_cli.core.model import CensusFile, ClassCensus, Staff, Term
from liushou_cli.duties.rows import DutyRow
from liushou_cli.reports.stats import tally
from liushou_cli.reports.support import Gaps, Roles, caseload_rows, incomplete_rows
from liushou_cli.reports.terms import StatsFacts, term_figures, term_history

STAFF = [Staff(id="T001", name="王建国", leads=["七(1)班"]),
         Staff(id="T002", name="李芳", leads=["七(2)班"]),
         Staff(id="T003", name="赵敏"),
         Staff(id="T004", name="刘红", leads=["七(1)班"])]


def duty(klass: str, responsible: str, days_overdue: int) -> DutyRow:
    return {"child_id": "c1", "name": "张三", "class": klass, "duty": "monthly_talk",
            "duty_name": None, "responsible": responsible, "responsible_name": "",
            "last": None, "due": "2022-11-01", "days_overdue": days_overdue, "missed": 0}


def counts(rows: list[dict[str, object]]) -> dict[object, tuple[object, ...]]:
    return {row["staff_id"]: tuple(row[key] for key in (
        "children", "class_teacher", "proxy_parent", "tutor", "learning_plans",
        "individual_plans", "due_soon", "overdue")) for row in rows}


def test_each_role_is_counted_for_its_teacher() -> None:
    roles = [Roles("c1", "七(1)班", "T003", "T002", ("T003", "T003"), "T002"),
             Roles("c2", "七(1)班", None, None, (), None),
             Roles("c3", "七(2)班", "T003", None, ("T001",), None),
             None]  # a child on record for no one (left, or not yet recorded)
    rows = caseload_rows(roles, STAFF, [], 14)
    assert counts(rows) == {
        "T001": (3, 2, 0, 0, 1, 0, 0, 0),  # leads 七(1)班: c1, c2; a plan for c3
        "T002": (2, 1, 0, 1, 0, 1, 0, 0),  # leads 七(2)班: c3; tutors c1; c1's case
        "T003": (2, 0, 2, 0, 2, 0, 0, 0),  # proxy of c1 and c3; two plans of c1
        "T004": (2, 2, 0, 0, 0, 0, 0, 0),
    }
    assert [row["name"] for row in rows] == ["王建国", "李芳", "赵敏", "刘红"]


def test_the_class_and_the_teacher_asked_for() -> None:
    roles = [Roles("c1", "七(1)班", "T003", None, (), None),
             Roles("c3", "七(2)班", "T003", None, (), None)]
    rows = [duty("七(1)班", "T003", 1), duty("七(2)班", "T003", 2), duty("七(2)班", "", 3)]
    # "7-2" is how a teacher types 七(2)班: the same class.
    assert counts(caseload_rows(roles, STAFF, rows, 14, klass="7-2")) == {
        "T002": (1, 1, 0, 0, 0, 0, 0, 0), "T003": (1, 0, 1, 0, 0, 0, 0, 1),
        None: (0, 0, 0, 0, 0, 0, 0, 1)}
    assert counts(caseload_rows(roles, STAFF, rows, 14, by="T003")) == {
        "T003": (2, 0, 2, 0, 0, 0, 0, 2)}  # no line for what nobody is assigned
    assert caseload_rows(roles, STAFF, rows, 14, by="T001", klass="七(2)班") == []


def test_due_soon_and_overdue_at_their_boundaries() -> None:
    # due_soon: due within `within` days from today (days_overdue from -within to 0);
    # overdue: past due (days_overdue 1 and more). Shared duties count for each teacher.
    rows = [duty("七(1)班", "T001", days) for days in (-15, -14, -1, 0, 1, 2)]
    rows.append(duty("七(1)班", "T001,T004", 0))
    rows.append(duty("七(1)班", "", -14))
    found = counts(caseload_rows([], STAFF, rows, 14))
    assert found == {"T001": (0, 0, 0, 0, 0, 0, 4, 2), "T004": (0, 0, 0, 0, 0, 0, 1, 0),
                     None: (0, 0, 0, 0, 0, 0, 1, 0)}
    assert counts(caseload_rows([], STAFF, rows, 0))["T001"][6:] == (2, 2)
    unassigned = caseload_rows([], STAFF, rows, 14)[-1]
    assert unassigned == {"staff_id": None, "name": "（未指定负责人）", "children": 0,
                          "class_teacher": 0, "proxy_parent": 0, "tutor": 0,
                          "learning_plans": 0, "individual_plans": 0, "due_soon": 1,
                          "overdue": 0}


def gaps(child_id: str, klass: str, *found: tuple[str, tuple[str, ...]],
         counted: bool = True) -> Gaps:
    return Gaps(child_id, f"学生{child_id}", klass, counted, tuple(found))


def test_incomplete_rows_one_per_gap_in_class_and_child_order() -> None:
    found = [gaps("c9", "七(10)班", ("no_buddy", ())),
             gaps("c2", "七(2)班", ("sanzhi_child", ("nickname", "hobbies")),
                  ("no_learning_plan", ())),
             gaps("c1", "七(2)班", ("no_proxy_parent", ())),
             gaps("c5", "七(1)班", ("no_buddy", ()), counted=False),
             gaps("c3", "七(1)班")]
    rows = incomplete_rows(found, STAFF)
    assert [(row["child_id"], row["class"], row["gap"], row["missing"], row["class_teacher"])
            for row in rows] == [
        ("c1", "七(2)班", "no_proxy_parent", [], "T002"),
        ("c2", "七(2)班", "sanzhi_child", ["nickname", "hobbies"], "T002"),
        ("c2", "七(2)班", "no_learning_plan", [], "T002"),
        ("c9", "七(10)班", "no_buddy", [], ""),
    ]
    assert rows[0]["name"] == "学生c1"
    assert [row["child_id"] for row in incomplete_rows(found, STAFF, klass="7-2")] == [
        "c1", "c2", "c2"]
    assert incomplete_rows(found, STAFF, by="T001") == []  # leads 七(1)班: nothing open
    assert [row["child_id"] for row in incomplete_rows(found, STAFF, by="T002")] == [
        "c1", "c2", "c2"]
    assert incomplete_rows(found, STAFF, klass="七(2)班", by="T001") == []


TERM = Term(name="2022秋", start=date(2022, 9, 1), end=date(2023, 1, 15))
SPRING = Term(name="2023春", start=date(2023, 2, 10), end=date(2023, 7, 1))


def facts(klass: str, live: bool = True, counted: tuple[str, ...] = ("left_behind",),
          covered: tuple[str, ...] = ("2022秋",), checked: tuple[str, ...] = ()) -> StatsFacts:
    return StatsFacts(klass, live, counted if live else (), covered, checked)


def test_term_figures_live_snapshot_and_led_classes() -> None:
    census = CensusFile(term="2022秋", classes={
        "七(1)班": ClassCensus(enrolled=40, finished=date(2022, 9, 20),
                              counts={"left_behind": 9}),
        "七(2)班": ClassCensus(enrolled=45)})
    found = [facts("七(1)班"), facts("七(2)班", counted=("left_behind", "boarding")),
             facts("七(2)班"), facts("七(2)班", live=False), facts("七(3)班")]
    result = term_figures(found, census, TERM, led=["七(4)班"])
    by_class = {entry.klass: entry for entry in result.classes}
    assert list(by_class) == ["七(1)班", "七(2)班", "七(3)班", "七(4)班"]
    assert (by_class["七(1)班"].source, by_class["七(1)班"].counts) == ("snapshot",
                                                                       {"left_behind": 9})
    assert by_class["七(2)班"].source == "live" and by_class["七(2)班"].enrolled == 45
    assert by_class["七(2)班"].counts == tally([("left_behind", "boarding"), ("left_behind",)])
    assert by_class["七(2)班"].counts["left_behind"] == 2
    assert by_class["七(4)班"].counts["left_behind"] == 0  # led, no left-behind child
    assert result.missing_enrolled == ["七(3)班", "七(4)班"] and result.unfinished == ["七(2)班"]
    only = term_figures(found, census, TERM, snapshots_only=True, led=["七(4)班"])
    assert [entry.klass for entry in only.classes] == ["七(1)班"]


def test_term_history_names_the_classes_a_term_leaves_out() -> None:
    autumn = CensusFile(term="2022秋", classes={
        "七(1)班": ClassCensus(enrolled=40, finished=date(2022, 9, 20),
                              counts={"left_behind": 9}),
        "七(2)班": ClassCensus(enrolled=45)})
    spring = CensusFile(term="2023春")  # nothing finished: no figures, left out
    found = [facts("七(2)班", checked=("2022秋",)),
             facts("七(3)班", checked=("2023春",)),  # started only in spring
             facts("七(5)班", covered=("2023春",)),  # not covered by the autumn census
             facts("七(6)班", covered=())]
    staff = [Staff(id="T009", name="周", leads=["七(7)班"])]
    # Looked at the day before 七(1)班 finished, no term has a finished class; on that day
    # 2022秋 has one.
    assert term_history(found, staff, [(TERM, autumn), (SPRING, spring)],
                        date(2022, 9, 19)) == []
    history = term_history(found, staff, [(TERM, autumn), (SPRING, spring)], date(2022, 9, 20))
    assert [result.term for result in history] == ["2022秋"]
    assert term_history(found, staff, [(TERM, autumn), (SPRING, spring)],
                        date(2023, 3, 1)) == history
    result = history[0]
    assert result.covered == ["七(1)班"]
    assert result.unfinished == ["七(2)班"]  # started (a total given, a child checked)
    assert result.not_started == ["七(3)班", "七(7)班"]
    assert not result.whole_school


def test_a_childs_roles_on_a_day_name_every_teacher_it_keeps_busy() -> None:
    from liushou_cli.reports.support import child_roles

    from .test_support_rules import case, child, iep, plan

    kid = child(learning_plans=[plan(), plan(teacher="T003", subject="英语")],
                individual_plans=[case(plan=iep(teacher="T003"))],
                pairings=[{"role": "义务辅导员", "staff": "T002", "date": "2022-09-10"},
                          {"role": "代理家长", "staff": "T003", "date": "2022-09-10"}])
    assert child_roles(kid, date(2022, 11, 20)) == Roles(
        "c1", "七(1)班", "T003", "T002", ("T002", "T003"), "T003")
    # Before the plan of the case was written, and before the pairings: nobody yet.
    assert child_roles(kid, date(2022, 9, 9)) == Roles("c1", "七(1)班", None, None, (), None)


def test_each_individual_case_counts_for_its_teacher() -> None:
    roles = [Roles("c1", "七(1)班", None, None, (), "T003"),
             Roles("c2", "七(1)班", None, None, (), "T003")]
    assert counts(caseload_rows(roles, STAFF, [], 14))["T003"] == (2, 0, 0, 0, 0, 2, 0, 0)


def test_caseload_facts_hold_on_the_days_their_rows_do() -> None:
    from liushou_cli.core.model import SchoolConfig
    from liushou_cli.duties.day import DayDuties
    from liushou_cli.reports.support import CaseloadDerivation, CaseloadFacts

    from .test_support_rules import TERMS, child

    config = SchoolConfig(school="x", terms=TERMS, duties=[])
    made = CaseloadDerivation(DayDuties(config, STAFF, date(2022, 11, 20), []))
    facts = made(child())
    assert isinstance(facts, CaseloadFacts) and made.holds(facts)
    later = CaseloadDerivation(DayDuties(config, STAFF, date.fromordinal(facts.duties.until),
                                         []))
    assert not later.holds(facts)
    assert made.key.startswith("caseload:day:")


def test_caseload_facts_are_taken_as_loaded_else_made_from_the_record() -> None:
    from liushou_cli.core.model import SchoolConfig
    from liushou_cli.duties.day import DayDuties
    from liushou_cli.reports.support import CaseloadDerivation
    from liushou_cli.store.read import LoadedChild

    from .test_support_rules import TERMS, child

    made = CaseloadDerivation(DayDuties(SchoolConfig(school="x", terms=TERMS, duties=[]), STAFF,
                                        date(2022, 11, 20), []))
    record = child()
    kept = made(record)._replace(klass="as loaded")
    assert made.facts([LoadedChild(None, record, derived=kept),
                       LoadedChild(None, record)]) == [kept, made(record)]
