"""store.merge: two copies of a school folder merged file by file, by what the records mean
(docs/sharing.md, "How our files merge").

The cases start from the example school's files (a child of 九(1)班, staff.yaml,
liushou.yaml), change a copy of the folder on each side through the command line as teachers
would, and merge the three versions of the file. Each rule has its cases; a property test
adds random entries on both sides.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liushou_cli.core.conflicts import open_conflicts, side_value
from liushou_cli.core.model import Child, SchoolConfig, StaffFile
from liushou_cli.core.validators import ValidationDay
from liushou_cli.store.merge import MergeContext, MergeResult, kind_of, merge_documents
from liushou_cli.store.yamlio import dump_round_trip, load_round_trip, parse_mapping, to_commented
from tests.conftest import run, valid_id

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
CHILD = "2020090101"  # 袁芷欣, 九(1)班: a tutor, a buddy, a maths plan with two checks
CHILD_FILE = f"children/{CHILD}.yaml"
TODAY = date(2022, 12, 1)
CONTEXT = MergeContext(TODAY, CHILD_FILE, "王芳", date(2022, 11, 30), "李明", date(2022, 12, 1))


@dataclass
class Copies:
    """A small school folder (the example's liushou.yaml, staff.yaml and one child) as the
    common original, and a copy of it for each side."""

    base: Path
    ours: Path
    theirs: Path

    def on(self, side: str, *args: str) -> None:
        result = run(getattr(self, side), *args, today=TODAY)
        assert result.exit_code == 0, result.output

    def texts(self, rel: str = CHILD_FILE) -> tuple[str, str, str]:
        return tuple((getattr(self, side) / rel).read_text(encoding="utf-8")  # type: ignore[return-value]
                     for side in ("base", "ours", "theirs"))

    def merge(self, rel: str = CHILD_FILE, swap: bool = False) -> MergeResult:
        base, ours, theirs = self.texts(rel)
        if swap:
            ours, theirs = theirs, ours
        kind = kind_of(rel)
        assert kind is not None
        return merge_documents(base, ours, theirs, kind, CONTEXT)


def make_copies(tmp_path: Path, *prepare: tuple[str, ...]) -> Copies:
    base = tmp_path / "base"
    (base / "children").mkdir(parents=True)
    for name in ("liushou.yaml", "staff.yaml", CHILD_FILE):
        shutil.copy(EXAMPLE / name, base / name)
    copies = Copies(base, tmp_path / "ours", tmp_path / "theirs")
    for args in prepare:
        copies.on("base", *args)
    shutil.copytree(base, copies.ours)
    shutil.copytree(base, copies.theirs)
    return copies


def child_of(text: str) -> Child:
    data = parse_mapping(text)
    assert isinstance(data, dict), data
    return Child.model_validate(data, context=ValidationDay(TODAY))


def example_child() -> Child:
    return child_of((EXAMPLE / CHILD_FILE).read_text(encoding="utf-8"))


def dates_in_order(entries: list[Any]) -> bool:
    days = [entry.date for entry in entries]
    return days == sorted(days)


# ---- the rules, case by case -------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """Commands run on the original, then on each side; what must hold of the merged child.
    A symmetric case must hold with the sides swapped too."""

    name: str
    ours: tuple[tuple[str, ...], ...]
    theirs: tuple[tuple[str, ...], ...]
    expect: Callable[[Child, MergeResult], None]
    prepare: tuple[tuple[str, ...], ...] = ()
    symmetric: bool = True
    conflicts: tuple[str, ...] = field(default=())


def _visit_and_talk(child: Child, result: MergeResult) -> None:
    original = example_child().events
    assert len(child.events) == len(original) + 2
    assert [(e.type, e.date) for e in child.events[-2:]] == [("谈心", date(2022, 11, 22)),
                                                              ("家访", date(2022, 11, 25))]
    assert dates_in_order(child.events)


def _one_contact(child: Child, result: MergeResult) -> None:
    added = [e for e in child.events if e.date == date(2022, 11, 28)]
    assert len(added) == 1 and len(child.events) == len(example_child().events) + 2
    assert dates_in_order(child.events)


def _two_checks(child: Child, result: MergeResult) -> None:
    [plan] = child.learning_plans
    assert [(c.date, c.result) for c in plan.checks[2:]] == [
        (date(2022, 11, 25), "作业按时完成"), (date(2022, 11, 28), "计算题进步")]
    assert dates_in_order(plan.checks) and len(plan.checks) == 4


def _new_tutor_and_buddy(child: Child, result: MergeResult) -> None:
    tutor, buddy, new_tutor, new_buddy = child.pairings
    assert (tutor.staff, tutor.ended) == ("T025", date(2022, 11, 25))
    assert (buddy.buddy, buddy.ended) == ("李欣慧", date(2022, 11, 26))
    assert (new_tutor.staff, new_tutor.date) == ("T005", date(2022, 11, 25))
    assert (new_buddy.buddy, new_buddy.date) == ("王小红", date(2022, 11, 26))


def _care_followed_and_added(child: Child, result: MergeResult) -> None:
    illness, aid = child.care
    assert (illness.followed_up, illness.outcome) == (date(2022, 11, 26), "已经痊愈")
    assert (aid.type, aid.what) == ("其他帮扶", "新书包")


def _two_reviews(child: Child, result: MergeResult) -> None:
    [case] = child.individual_plans
    assert [(r.date, r.result) for r in case.reviews] == [
        (date(2022, 11, 12), "有进步"), (date(2022, 11, 15), "仍需关注")]


def _sources_added(child: Child, result: MergeResult) -> None:
    assert set(child.economic_sources) == {"打工收入", "种养殖业", "政府救助"}
    assert child.economic_sources[0] == "打工收入"


def _source_removed_and_added(child: Child, result: MergeResult) -> None:
    assert child.economic_sources == ["种养殖业", "政府救助"]


def _all_fields(child: Child, result: MergeResult) -> None:
    assert child.guardian is not None
    assert (child.guardian.phone, child.guardian.occupation) == ("13900001111", "务农")
    assert child.residence == "隆回县金石桥镇新村"


def _ours_phone(child: Child, result: MergeResult) -> None:
    assert child.guardian is not None and child.guardian.phone == "13900001111"
    [(index, conflict)] = open_conflicts(child)
    assert (index, conflict.field) == (0, "guardian.phone")
    assert (conflict.ours.value, conflict.ours.by, conflict.ours.date) == (
        "13900001111", "王芳", date(2022, 11, 30))
    assert (conflict.theirs.value, conflict.theirs.by, conflict.theirs.date) == (
        "13900002222", "李明", date(2022, 12, 1))


def _removed_against_changed(child: Child, result: MergeResult) -> None:
    assert child.father is not None and child.father.note is None  # ours removed it
    [(_, conflict)] = open_conflicts(child)
    assert conflict.field == "father.note"
    assert conflict.ours.removed and side_value(conflict.ours) is None
    assert side_value(conflict.theirs) == "在中山做泥工"


def _two_ends(child: Child, result: MergeResult) -> None:
    tutor = child.pairings[0]
    assert (tutor.ended, tutor.end_reason) == (date(2022, 11, 25), "孩子要求")
    assert sorted(c.field for _, c in open_conflicts(child)) == [
        "pairings[义务辅导员 T025 2022-09-15].end_reason",
        "pairings[义务辅导员 T025 2022-09-15].ended"]


VISIT = ("visit", "add", CHILD, "--date", "2022-11-25", "--by", "T014", "--met", "母亲", "见到了妈妈")
TALK = ("talk", "add", CHILD, "--date", "2022-11-22", "--by", "T014", "期中考试")
CONTACT = ("contact", "add", CHILD, "--date", "2022-11-28", "--by", "T014", "说了期中成绩")
ILLNESS = ("care", "add", CHILD, "感冒发烧", "--date", "2022-11-20", "--by", "T014",
           "--follow-up", "2022-11-27")
FLAG = ("iep", "flag", CHILD, "--concern", "学业严重下滑", "--date", "2022-10-10", "--by", "T014")
IEP = ("iep", "add", CHILD, "--teacher", "T014", "--measure", "每周谈心一次", "--review",
       "2022-11-10", "--review", "2022-12-10", "--date", "2022-10-15", "--by", "T014")


def _set(*assignments: str) -> tuple[str, ...]:
    return ("child", "edit", CHILD, *(part for item in assignments for part in ("--set", item)))


CASES = [
    Case("entries added on both sides all survive, in date order", (VISIT,), (TALK,),
         _visit_and_talk),
    Case("the same entry added on both sides is kept once", (TALK, CONTACT), (CONTACT,),
         _one_contact),
    Case("checks added to the same plan on both sides", (
        ("plan", "check", CHILD, "作业按时完成", "--date", "2022-11-25", "--by", "T019"),), (
        ("plan", "check", CHILD, "计算题进步", "--date", "2022-11-28", "--by", "T019"),),
        _two_checks),
    Case("pairings changed and added on both sides", (
        ("assign", "tutor", CHILD, "T005", "--date", "2022-11-25", "--by", "T014", "--force"),), (
        ("assign", "buddy", CHILD, "--name", "王小红", "--class", "九(1)班", "--date",
         "2022-11-26", "--by", "T014"),), _new_tutor_and_buddy, symmetric=False),
    Case("a care record followed up on one side, another added on the other", (
        ("care", "done", CHILD, "已经痊愈", "--date", "2022-11-26"),), (
        ("care", "add", CHILD, "新书包", "--kind", "其他帮扶", "--date", "2022-11-28", "--by",
         "T014"),), _care_followed_and_added, prepare=(ILLNESS,)),
    Case("reviews of one individual plan added on both sides", (
        ("iep", "review", CHILD, "有进步", "--date", "2022-11-12", "--by", "T014"),), (
        ("iep", "review", CHILD, "仍需关注", "--date", "2022-11-15", "--by", "T004"),),
        _two_reviews, prepare=(FLAG, IEP)),
    Case("words added to one list on both sides", (_set("economic_sources=打工收入,种养殖业"),),
         (_set("economic_sources=打工收入,政府救助"),), _sources_added),
    Case("a word removed on one side, another added on the other",
         (_set("economic_sources=种养殖业"),), (_set("economic_sources=打工收入,种养殖业,政府救助"),),
         _source_removed_and_added, prepare=(_set("economic_sources=打工收入,种养殖业"),)),
    Case("edits to different fields of one record both apply",
         (_set("guardian.phone=13900001111"),),
         (_set("guardian.occupation=务农", "residence=隆回县金石桥镇新村"),), _all_fields),
    Case("one field changed to two values: ours kept, the conflict recorded",
         (_set("guardian.phone=13900001111"),), (_set("guardian.phone=13900002222"),),
         _ours_phone, symmetric=False, conflicts=("guardian.phone",)),
    Case("a field removed on one side and changed on the other is a conflict",
         (_set("father.note="),), (_set("father.note=在中山做泥工"),),
         _removed_against_changed, symmetric=False, conflicts=("father.note",)),
    Case("one pairing ended differently on the two sides: conflicts at depth", (
        ("assign", "end", CHILD, "tutor", "--reason", "孩子要求", "--date", "2022-11-25"),), (
        ("assign", "end", CHILD, "tutor", "--reason", "老师调走", "--date", "2022-11-26"),),
        _two_ends, symmetric=False, conflicts=(
            "pairings[义务辅导员 T025 2022-09-15].ended",
            "pairings[义务辅导员 T025 2022-09-15].end_reason")),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_merge_rules(tmp_path: Path, case: Case) -> None:
    copies = make_copies(tmp_path, *case.prepare)
    for args in case.ours:
        copies.on("ours", *args)
    for args in case.theirs:
        copies.on("theirs", *args)
    result = copies.merge()
    assert result.ok, result.failure
    assert result.text is not None
    assert "<<<<<<<" not in result.text and ">>>>>>>" not in result.text
    assert tuple(item.field for item in result.conflicts) == case.conflicts
    merged = child_of(result.text)
    case.expect(merged, result)
    if case.symmetric:
        swapped = copies.merge(swap=True)
        assert swapped.text is not None and not swapped.conflicts
        other = child_of(swapped.text)
        case.expect(other, swapped)
        assert Counter(map(repr, other.events)) == Counter(map(repr, merged.events))


def test_merged_conflicts_are_reported_by_check_at_their_line(tmp_path: Path) -> None:
    copies = make_copies(tmp_path)
    copies.on("ours", *_set("guardian.phone=13900001111"))
    copies.on("theirs", *_set("guardian.phone=13900002222"))
    result = copies.merge()
    assert result.text is not None
    (copies.ours / CHILD_FILE).write_text(result.text, encoding="utf-8")
    line = result.text.splitlines().index("conflicts:") + 2
    checked = run(copies.ours, "check", today=TODAY)
    assert checked.exit_code == 0, checked.output  # a warning, not an error
    # A child's conflict names the command that settles it (the file's own `conflicts:`
    # list is for the other files, which no command settles).
    assert (f"{CHILD_FILE}:{line}: 警告: 合并冲突：监护人电话 保留了 13900001111(王芳)，"
            f"另一方改为 13900002222(李明)；运行 liushou resolve {CHILD} 核对并处理"
            ) in checked.output
    english = run(copies.ours, "--lang", "en", "check", today=TODAY)
    assert (f"{CHILD_FILE}:{line}: warning: merge conflict: Guardian's phone kept 13900001111 "
            f"(王芳), the other side had 13900002222 (李明); run liushou resolve {CHILD} to "
            "check and settle it") in english.output


def test_a_recorded_conflict_is_kept_once_and_goes_when_settled(tmp_path: Path) -> None:
    copies = make_copies(tmp_path)
    copies.on("ours", *_set("guardian.phone=13900001111"))
    copies.on("theirs", *_set("guardian.phone=13900002222"))
    first = copies.merge()
    assert first.text is not None
    # Both sides end up holding the merged file (each merged, or one pulled the other's merge),
    # and one of them adds a visit: the conflict is still there once.
    (copies.base / CHILD_FILE).write_text(first.text, encoding="utf-8")
    (copies.ours / CHILD_FILE).write_text(first.text, encoding="utf-8")
    (copies.theirs / CHILD_FILE).write_text(first.text, encoding="utf-8")
    copies.on("theirs", *VISIT)
    copies.on("ours", *TALK)
    again = copies.merge()
    assert again.text is not None and not again.conflicts
    assert len(child_of(again.text).conflicts) == 1
    # Someone settles it on one side (keeps the number, removes the entry); the other side
    # records a talk meanwhile: the merge has no conflict left.
    assert first.text.startswith("conflicts:\n  - field: guardian.phone\n")  # seen first
    settled = first.text[first.text.index("id: "):]
    (copies.ours / CHILD_FILE).write_text(settled, encoding="utf-8")
    (copies.theirs / CHILD_FILE).write_text(first.text, encoding="utf-8")
    copies.on("theirs", *TALK)
    done = copies.merge()
    assert done.text is not None
    merged = child_of(done.text)
    assert merged.conflicts == [] and "conflicts:" not in done.text
    assert merged.events[-1].type == "谈心"


def _conflicted(copies: Copies) -> Path:
    """Our copy holding the merge of the three versions (as the driver leaves it); its file."""
    merged = copies.merge()
    assert merged.text is not None and merged.conflicts
    (copies.ours / CHILD_FILE).write_text(merged.text, encoding="utf-8")
    return copies.ours / CHILD_FILE


def test_resolve_takes_theirs_inside_a_list_of_records(tmp_path: Path) -> None:
    # The same pairing ended on two days for two reasons: their end, date and reason, is
    # taken into the record the conflict names, written as `assign end` writes it.
    copies = make_copies(tmp_path)
    copies.on("ours", "assign", "end", CHILD, "tutor", "--reason", "孩子要求", "--date", "2022-11-25")
    copies.on("theirs", "assign", "end", CHILD, "tutor", "--reason", "老师调走", "--date", "2022-11-26")
    path = _conflicted(copies)
    asked = run(copies.ours, "resolve", CHILD, "--field", "pairings[义务辅导员 T025 2022-09-15].ended",
                "--value", "2022-11-27", today=TODAY)
    assert asked.exit_code == 1 and "--take ours|theirs" in asked.output
    done = run(copies.ours, "resolve", CHILD, "--take", "theirs", today=TODAY)
    assert done.exit_code == 0, done.output
    text = path.read_text(encoding="utf-8")
    assert text == (copies.theirs / CHILD_FILE).read_text(encoding="utf-8")
    tutor = child_of(text).pairings[0]
    assert (tutor.ended, tutor.end_reason) == (date(2022, 11, 26), "老师调走")
    assert run(copies.ours, "check", today=TODAY).exit_code == 0


def test_resolve_brings_back_or_leaves_out_a_record_one_side_removed(tmp_path: Path) -> None:
    # Ours removed an illness record by hand; theirs recorded its follow-up. Theirs brings the
    # record back, followed up, in its place; ours leaves it out.
    bag = ("care", "add", CHILD, "新书包", "--kind", "其他帮扶", "--date", "2022-11-10", "--by", "T014")
    copies = make_copies(tmp_path, bag, ILLNESS)
    lines = (copies.ours / CHILD_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("  - type: 患病\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
    removed = "".join(lines[:start] + lines[end:])
    (copies.ours / CHILD_FILE).write_text(removed, encoding="utf-8")
    copies.on("theirs", "care", "done", CHILD, "已经痊愈", "--date", "2022-11-26")
    for take, kept in (("ours", [("新书包", None, None)]), ("theirs", [
            ("新书包", None, None), ("感冒发烧", date(2022, 11, 26), "已经痊愈")])):
        path = _conflicted(copies)
        [(_, conflict)] = open_conflicts(child_of(path.read_text(encoding="utf-8")))
        assert conflict.field == "care[患病 2022-11-20 感冒发烧]"
        lang = ("--lang", "en") if take == "ours" else ()
        done = run(copies.ours, *lang, "resolve", CHILD, "--take", take, today=TODAY)
        assert done.exit_code == 0, done.output
        assert ("1 conflict settled" if lang else "已处理 1 个冲突") in done.stdout
        settled = child_of(path.read_text(encoding="utf-8"))
        assert settled.conflicts == []
        assert [(c.what, c.followed_up, c.outcome) for c in settled.care] == kept
        if take == "theirs":  # as `care done` wrote it there
            assert path.read_text(encoding="utf-8") == (copies.theirs / CHILD_FILE).read_text(
                encoding="utf-8")
        (copies.ours / CHILD_FILE).write_text(removed, encoding="utf-8")


def test_resolve_says_when_the_record_of_a_conflict_is_gone(tmp_path: Path) -> None:
    copies = make_copies(tmp_path)
    copies.on("ours", "assign", "end", CHILD, "tutor", "--reason", "孩子要求", "--date", "2022-11-25")
    copies.on("theirs", "assign", "end", CHILD, "tutor", "--reason", "老师调走", "--date", "2022-11-26")
    path = _conflicted(copies)
    # Someone changed the pairing's start by hand since: the record named is not there.
    text = path.read_text(encoding="utf-8").replace("date: 2022-09-15", "date: 2022-09-16", 1)
    path.write_text(text, encoding="utf-8")
    done = run(copies.ours, "resolve", CHILD, "--take", "theirs", today=TODAY)
    assert done.exit_code == 1
    assert done.output.count("\n") == 1 and "liushou child edit" in done.output
    assert path.read_text(encoding="utf-8") == text


# ---- the other kinds of file -------------------------------------------------------------------
def test_staff_added_on_both_sides_by_id_and_edits_to_one_member(tmp_path: Path) -> None:
    copies = make_copies(tmp_path)
    copies.on("ours", "staff", "add", "--name", "张三", "--id", "T101", "--role", "任课教师")
    copies.on("theirs", "staff", "add", "--name", "李四", "--id", "T102", "--role", "任课教师")
    for side, old, new in (("ours", "phone: '18791151572'", "phone: '18791151573'"),
                           ("theirs", "roles: [领导小组组员, 任课教师, 义务辅导员]",
                            "roles: [领导小组组员, 任课教师, 义务辅导员, 代理家长]")):
        path = getattr(copies, side) / "staff.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    for swap in (False, True):
        result = copies.merge("staff.yaml", swap=swap)
        assert result.text is not None and not result.conflicts
        data = parse_mapping(result.text)
        assert isinstance(data, dict)
        staff = StaffFile.model_validate(data).staff
        ids = [member.id for member in staff]
        assert ids[-2:] == (["T101", "T102"] if not swap else ["T102", "T101"])
        assert len(ids) == len(set(ids)) == 42
        [member] = [member for member in staff if member.id == "T005"]
        assert member.phone == "18791151573" and "代理家长" in member.roles
        assert result.text.startswith("# 教职工名单。")  # the comments at the top stay


def test_one_staff_id_taken_on_both_sides_is_a_conflict(tmp_path: Path) -> None:
    # Two teachers each added someone offline and both got the next free id.
    copies = make_copies(tmp_path)
    copies.on("ours", "staff", "add", "--name", "张三", "--id", "T101")
    copies.on("theirs", "staff", "add", "--name", "李四", "--id", "T101")
    result = copies.merge("staff.yaml")
    assert result.text is not None
    assert [item.field for item in result.conflicts] == ["staff[T101].name"]
    data = parse_mapping(result.text)
    assert isinstance(data, dict)
    staff_file = StaffFile.model_validate(data)
    assert staff_file.conflicts[0].theirs.value == "李四"
    assert [m.name for m in staff_file.staff if m.id == "T101"] == ["张三"]


def test_terms_added_on_both_sides_in_date_order_and_a_setting_in_conflict(tmp_path: Path) -> None:
    copies = make_copies(tmp_path)
    copies.on("ours", "term", "add", "2024春", "--start", "2024-02-19", "--end", "2024-07-05")
    copies.on("theirs", "term", "add", "2023秋", "--start", "2023-09-01", "--end", "2024-01-19")
    for side, limit in (("ours", "3"), ("theirs", "4")):
        path = getattr(copies, side) / "liushou.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("tutor_limit: 2",
                                                                 f"tutor_limit: {limit}"),
                        encoding="utf-8")
    result = copies.merge("liushou.yaml")
    assert result.text is not None
    assert [item.field for item in result.conflicts] == ["support.tutor_limit"]
    data = parse_mapping(result.text)
    assert isinstance(data, dict)
    config = SchoolConfig.model_validate(data)
    assert [term.name for term in config.terms] == ["2022春", "2022秋", "2023春", "2023秋", "2024春"]
    assert config.support.tutor_limit == 3
    assert "# 职责规则（默认值来自本校实施方案）：" in result.text
    (copies.ours / "liushou.yaml").write_text(result.text, encoding="utf-8")
    checked = run(copies.ours, "check", today=TODAY)
    assert "liushou.yaml:" in checked.output and "support.tutor_limit 保留了 3" in checked.output


def test_census_classes_and_activity_children_merge(tmp_path: Path) -> None:
    census = (EXAMPLE / "censuses" / "2022秋.yaml").read_text(encoding="utf-8")
    head, _, rest = census.partition("  七(2)班:")
    base = head + "  七(2)班:" + rest[:rest.index("  七(3)班:")]  # 七(1)班 and 七(2)班
    rest3 = rest[rest.index("  七(3)班:"):]
    seventh3 = rest3[:rest3.index("  七(4)班:")]
    seventh4 = rest3[rest3.index("  七(4)班:"):rest3.index("  八(1)班:")]
    result = merge_documents(base, base + seventh4, base + seventh3, "census", CONTEXT)
    assert result.text == base + seventh4 + seventh3  # ours first, where theirs put theirs
    activity = (EXAMPLE / "activities" / "2022-09-09-video-call.yaml").read_text(encoding="utf-8")
    ours = activity.replace("children: ['2020090102',", "children: ['2020090101', '2020090102',")
    theirs = activity.replace("'2022070445']", "'2022070445', '2022070446']")
    merged = merge_documents(activity, ours, theirs, "activity", CONTEXT)
    assert merged.text == ours.replace("'2022070445']", "'2022070445', '2022070446']")


# ---- layout and bytes --------------------------------------------------------------------------
def _example_files() -> list[Path]:
    files = [EXAMPLE / "liushou.yaml", EXAMPLE / "staff.yaml"]
    files += sorted((EXAMPLE / "censuses").glob("*.yaml"))[:1]
    files += sorted((EXAMPLE / "activities").glob("*.yaml"))[:1]
    files += sorted((EXAMPLE / "children").glob("*.yaml"))[:3]
    return files


@pytest.mark.parametrize("path", _example_files(), ids=lambda path: path.name)
def test_a_file_merged_with_itself_or_against_one_unchanged_side_is_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    kind = kind_of(str(path.relative_to(EXAMPLE)))
    assert kind is not None
    other = text + "# 加一行注释\n"
    assert merge_documents(text, text, text, kind, CONTEXT).text == text
    assert merge_documents(text, text, other, kind, CONTEXT).text == other
    assert merge_documents(text, other, text, kind, CONTEXT).text == other


def test_additions_on_both_sides_read_as_if_added_by_liushou(tmp_path: Path) -> None:
    copies = make_copies(tmp_path)
    copies.on("ours", *TALK)
    copies.on("theirs", *VISIT)
    expected = make_copies(tmp_path / "one")
    expected.on("base", *TALK)
    expected.on("base", *VISIT)  # one folder: the talk, then the visit, as `add` writes them
    wanted = (expected.base / CHILD_FILE).read_text(encoding="utf-8")
    assert copies.merge().text == wanted
    assert copies.merge(swap=True).text == wanted  # date order, whoever merges


def test_comments_and_layout_of_our_side_survive(tmp_path: Path) -> None:
    original = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    base = (original.replace("guardian:\n", "# 妈妈在家,有事打她电话\nguardian:\n")
            .replace("  phone: '13152270993'\n", "  phone: '13152270993'  # 晚上才接\n"))
    ours = base.replace("guardianship: 一般", "guardianship: 较好").replace(
        "# 妈妈在家", "# 妈妈在家照顾老人")
    theirs = base.replace("occupation: 在家照顾老人", "occupation: 务农") + (
        "  - type: 谈心\n    date: 2022-11-22\n    by: T014\n    topic: 期中考试\n")
    result = merge_documents(base, ours, theirs, "child", CONTEXT)
    assert result.text == ours.replace("occupation: 在家照顾老人", "occupation: 务农") + (
        "  - type: 谈心\n    date: 2022-11-22\n    by: T014\n    topic: 期中考试\n")


def test_comment_lines_stay_above_what_they_stood_above(tmp_path: Path) -> None:
    # staff.yaml's groups ("# 班主任" above T006) and liushou.yaml's notes above each block
    # are kept by ruamel on the value before them: what is inserted or removed next to them
    # must not carry them off.
    staff = (EXAMPLE / "staff.yaml").read_text(encoding="utf-8")
    member = "  - id: T099\n    name: 赵六\n    roles: [领导小组组员]\n"
    theirs = staff.replace("  # 班主任\n", member + "  # 班主任\n", 1)
    ours = staff.replace("phone: '18238694696'", "phone: '18238694697'")
    result = merge_documents(staff, ours, theirs, "staff", CONTEXT)
    assert result.text == ours.replace("  # 班主任\n", member + "  # 班主任\n", 1)

    config = (EXAMPLE / "liushou.yaml").read_text(encoding="utf-8")
    copies = make_copies(tmp_path)
    copies.on("theirs", "term", "add", "2023秋", "--start", "2023-09-01", "--end", "2024-01-19")
    theirs = (copies.theirs / "liushou.yaml").read_text(encoding="utf-8")
    ours = config.replace("tutor_limit: 2", "tutor_limit: 3")
    added = merge_documents(config, ours, theirs, "config", CONTEXT)
    assert added.text == theirs.replace("tutor_limit: 2", "tutor_limit: 3")
    last_term = "  - name: 2023春\n    start: 2023-02-06\n    end: 2023-07-07\n"
    removed = merge_documents(config, ours, config.replace(last_term, ""), "config", CONTEXT)
    assert removed.text == ours.replace(last_term, "")
    both = merge_documents(config, ours.replace("tutor_limit: 3", "tutor_limit: 5"),
                           config.replace("tutor_limit: 2", "tutor_limit: 4"), "config", CONTEXT)
    assert both.text is not None
    assert both.text.startswith("# liushou 配置：学校、学期、职责规则、年度关爱主题。\n"
                                "# 修改后运行 `liushou check` 检查。\nconflicts:\n")
    assert "county: 隆回县\n\n# 学期：按本校校历修改。两个学期之间是假期，假期里任何职责都不会到期。\nterms:\n" \
        in both.text


def test_line_endings_of_our_side_are_kept() -> None:
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    ours = base.replace("guardianship: 一般", "guardianship: 较好").replace("\n", "\r\n")
    theirs = base.replace("residence: 隆回县金石桥镇峰洞村9组", "residence: 隆回县城")
    result = merge_documents(base, ours, theirs, "child", CONTEXT)
    assert result.text == ours.replace("residence: 隆回县金石桥镇峰洞村9组", "residence: 隆回县城")


def test_a_list_of_words_only_one_side_changed_is_theirs_in_their_order() -> None:
    staff = (EXAMPLE / "staff.yaml").read_text(encoding="utf-8")
    ours = staff.replace("phone: '18238694696'", "phone: '18238694697'")
    theirs = staff.replace("roles: [领导小组组员, 任课教师, 义务辅导员]",
                           "roles: [义务辅导员, 领导小组组员, 任课教师]", 1)
    result = merge_documents(staff, ours, theirs, "staff", CONTEXT)
    assert result.text == ours.replace("roles: [领导小组组员, 任课教师, 义务辅导员]",
                                       "roles: [义务辅导员, 领导小组组员, 任课教师]", 1)


def test_a_conflict_met_again_is_named_and_not_written_twice() -> None:
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    ours = base.replace("guardianship: 一般", "guardianship: 较好")
    theirs = base.replace("guardianship: 一般", "guardianship: 无人监护")
    first = merge_documents(base, ours, theirs, "child", CONTEXT)
    assert first.text is not None
    again = merge_documents(base, first.text, theirs, "child", CONTEXT)
    assert again.text == first.text
    assert [item.field for item in again.conflicts] == ["guardianship"]


def test_a_file_added_on_both_sides(tmp_path: Path) -> None:
    text = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    assert merge_documents("", text, text, "child", CONTEXT).text == text
    theirs = text.replace("ethnicity: 汉族", "ethnicity: 苗族")
    result = merge_documents("", text, theirs, "child", CONTEXT)
    assert [item.field for item in result.conflicts] == ["ethnicity"]
    assert result.text is not None and child_of(result.text).ethnicity == "汉族"


# ---- refusals ----------------------------------------------------------------------------------
def test_a_side_that_cannot_be_read_is_refused_with_the_reason() -> None:
    text = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    ours = text.replace("guardianship: 一般", "guardianship: 较好")
    broken = text.replace("economic_sources: [打工收入]", "economic_sources: [打工收入")
    result = merge_documents(text, ours, broken, "child", CONTEXT)
    assert not result.ok and result.text is None
    assert result.failure is not None and result.failure.startswith("对方版本第 ")
    assert "方括号" in result.failure
    listed = merge_documents(text, "- 一个列表\n", ours, "child", CONTEXT)
    assert listed.failure is not None and listed.failure.startswith("本地版本第 1 行无法读取")
    empty_base = merge_documents("[1", ours, text, "child", CONTEXT)
    assert empty_base.failure is not None and empty_base.failure.startswith("共同的原版本")


def test_a_merged_record_the_model_refuses_is_not_written(tmp_path: Path) -> None:
    # Each change is valid alone; together the ID number says a girl and the record a boy.
    copies = make_copies(tmp_path)
    copies.on("ours", *_set("gender=男"))
    copies.on("theirs", *_set(f"id_number={valid_id('43052420080723002')}"))
    result = copies.merge()
    assert result.text is None
    assert result.failure is not None and result.failure.startswith("合并后的记录第 ")
    assert "身份证号" in result.failure


def test_entries_appended_on_both_sides_are_our_text_then_their_lines() -> None:
    # The commonest merge (two laptops record on one child), done on the text: each side's
    # lines as `visit add` wrote them, ours first on one day, theirs when they come later.
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    visit = "  - type: 家访\n    date: 2022-11-25\n    by: T014\n    found: 见到了妈妈\n"
    talk = "  - type: 谈心\n    date: 2022-11-25\n    by: T014\n    topic: 期中考试\n"
    contact = "  - type: 联系\n    date: 2022-11-28\n    by: T014\n    with: 父母\n"
    for ours, theirs in ((visit, talk), (visit + talk, contact), (visit, talk + contact)):
        result = merge_documents(base, base + ours, base + theirs, "child", CONTEXT)
        assert result.text == base + ours + theirs and not result.conflicts
        assert len(child_of(result.text).events) == len(example_child().events) + (
            ours + theirs).count("  - type:")
    # Theirs earlier than ours goes in its place by date: the full merge does it.
    result = merge_documents(base, base + contact, base + visit, "child", CONTEXT)
    assert result.text == base + visit + contact
    # The same entry appended on both sides is kept once.
    result = merge_documents(base, base + visit + talk, base + visit, "child", CONTEXT)
    assert result.text == base + visit + talk
    # A timeline still empty (`events:` and nothing under it), a comment on our side only.
    empty = base[:base.index("events:")] + "events:\n"
    result = merge_documents(empty, empty + "# 下周家访\n", empty + visit, "child", CONTEXT)
    assert result.text == empty + "# 下周家访\n" + visit
    assert len(child_of(result.text).events) == 1


def test_changes_meeting_in_one_nested_record_are_validated() -> None:
    # The mother's birth date changed on one side, her ID number written on the other: each
    # side is valid, together they disagree (the driver asks the model only in such a case).
    text = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    id_line = "  id_number: '430524197910277608'\n  phone: '15617777244'\n  note: 在家照顾老人\n"
    base = text.replace(id_line, "  phone: '15617777244'\n  note: 在家照顾老人\n", 1)
    assert base != text
    ours = base.replace("  birth_date: 1979-10-27\n  phone", "  birth_date: 1980-01-02\n  phone", 1)
    assert ours != base
    result = merge_documents(base, ours, text, "child", CONTEXT)
    assert result.text is None and result.failure is not None
    assert result.failure.startswith("合并后的记录第 ") and "身份证号" in result.failure


def test_a_list_of_words_emptied_by_two_removals_is_refused() -> None:
    # An activity of two classes: one side drops the first, the other the second. Each side
    # is valid; the merge would leave no class, which an activity must have.
    activity = (EXAMPLE / "activities" / "2022-09-09-video-call.yaml").read_text(encoding="utf-8")
    classes = activity.splitlines()[3]
    base = activity.replace(classes, "classes: [七(1)班, 七(2)班]")
    ours, theirs = base.replace("七(1)班, ", ""), base.replace(", 七(2)班", "")
    result = merge_documents(base, ours, theirs, "activity", CONTEXT)
    assert result.text is None and result.failure is not None
    assert result.failure.startswith("合并后的记录第 4 行")


def test_kind_of_a_path() -> None:
    assert [kind_of(path) for path in (
        "children/2020090101.yaml", "school/children/c0001.yaml", "staff.yaml", "a/liushou.yaml",
        "censuses/2022秋.yaml", "activities/2022-09-09-video-call.yaml", "README.md",
        "children/.c0001.yaml.abcdefgh.tmp", "children/notes.txt", "other.yaml")] == [
        "child", "child", "staff", "config", "census", "activity", None, None, None, None]


# ---- a property: entries added on both sides --------------------------------------------------
_ENTRY = st.fixed_dictionaries({
    "type": st.sampled_from(["家访", "谈心", "联系"]),
    "date": st.dates(date(2022, 9, 1), date(2022, 11, 30)),
    "by": st.sampled_from(["T014", "T019"]),
    "text": st.sampled_from(["见到奶奶", "期中考试", "说了成绩", "作业"]),
})


def _event(spec: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": spec["type"], "date": spec["date"], "by": spec["by"]}
    key = {"家访": "found", "谈心": "topic", "联系": "notes"}[spec["type"]]
    if spec["type"] == "联系":
        entry["with"] = "父母"
    entry[key] = spec["text"]
    return entry


def _with_events(text: str, added: list[dict[str, Any]]) -> str:
    """`text` with `added` put among its events by date, as the tool would keep them."""
    document = load_round_trip(text)
    events = document["events"]
    for item in sorted(added, key=lambda entry: entry["date"]):
        position = len(events)
        while position > 0 and events[position - 1]["date"] > item["date"]:
            position -= 1
        events.insert(position, to_commented(item))
    return dump_round_trip(document, like=text)


def _events_of(text: str | None) -> list[tuple[Any, ...]]:
    assert text is not None
    return [(e.type, e.date, tuple(e.by), e.model_dump_json()) for e in child_of(text).events]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ENTRY, max_size=3, unique_by=repr), st.lists(_ENTRY, max_size=4, unique_by=repr),
       st.lists(_ENTRY, max_size=4, unique_by=repr), st.lists(_ENTRY, max_size=2, unique_by=repr))
def test_entries_added_on_both_sides_are_the_union_in_date_order(
        before: list[dict[str, Any]], mine: list[dict[str, Any]], others: list[dict[str, Any]],
        shared: list[dict[str, Any]]) -> None:
    original = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    base = _with_events(original, [_event(spec) for spec in before])
    ours_added = [_event(spec) for spec in [*mine, *shared]]
    theirs_added = [_event(spec) for spec in [*others, *shared]]
    ours = _with_events(base, ours_added)
    theirs = _with_events(base, theirs_added)
    result = merge_documents(base, ours, theirs, "child", CONTEXT)
    assert result.ok and not result.conflicts, result.failure
    merged = _events_of(result.text)
    # Exactly base + what either side added, each added entry once, in date order.
    wanted = Counter(_events_of(base))
    added = Counter(_events_of(ours)) - wanted
    for entry, count in (Counter(_events_of(theirs)) - wanted).items():
        added[entry] = max(added[entry], count)
    assert Counter(merged) == wanted + added
    assert [entry[1] for entry in merged] == sorted(entry[1] for entry in merged)
    swapped = merge_documents(base, theirs, ours, "child", CONTEXT)
    assert Counter(_events_of(swapped.text)) == Counter(merged)
    assert merge_documents(base, base, theirs, "child", CONTEXT).text == theirs


# ---- comments their side wrote --------------------------------------------------------------
_NOTE = "# 家长要求晚上不要打电话\n"


def _commented_sides() -> tuple[str, str, str]:
    """The child's file; ours changed a value; theirs changed another and wrote a comment
    line and a comment after a value."""
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    ours = base.replace("guardianship: 一般", "guardianship: 较好")
    theirs = (base.replace("guardian:\n", _NOTE + "guardian:\n")
              .replace("occupation: 在家照顾老人", "occupation: 务农  # 农忙时不在家"))
    return base, ours, theirs


def _line_merge(tmp_path: Path, base: str, ours: str, theirs: str) -> Callable[[], str | None]:
    """git's line merge of the three texts, as the driver asks it."""
    import subprocess

    names = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        names.append(str(tmp_path / name))

    def merged() -> str | None:
        done = subprocess.run(["git", "merge-file", "-p", names[1], names[0], names[2]],
                              capture_output=True, check=False)
        return done.stdout.decode("utf-8") if done.returncode == 0 else None
    return merged


@pytest.mark.skipif(shutil.which("git") is None, reason="git's line merge is the driver's")
def test_comments_their_side_wrote_are_kept(tmp_path: Path) -> None:
    # The merge by meaning starts from our document and takes their values, not their
    # comments; git's line merge keeps both sides' lines, and agrees on every value: taken.
    base, ours, theirs = _commented_sides()
    context = MergeContext(TODAY, CHILD_FILE, line_merge=_line_merge(tmp_path, base, ours, theirs))
    result = merge_documents(base, ours, theirs, "child", context)
    assert result.text == (ours.replace("guardian:\n", _NOTE + "guardian:\n")
                           .replace("occupation: 在家照顾老人", "occupation: 务农  # 农忙时不在家"))


def test_comments_their_side_wrote_are_never_dropped_silently(tmp_path: Path) -> None:
    # No line merge to fall back on (or one with conflicts, or one that reads other values):
    # no merge by meaning either; the comments are named and git leaves its markers.
    base, ours, theirs = _commented_sides()
    for line_merge in (None, lambda: None, lambda: ours, lambda: "a: [\n"):
        context = MergeContext(TODAY, CHILD_FILE, line_merge=line_merge)
        result = merge_documents(base, ours, theirs, "child", context)
        assert result == MergeResult(None, failure="按内容合并会丢掉对方写的注释：家长要求晚上不要打电话、"
                                                   "农忙时不在家")
    # A conflict recorded: only the merge by meaning has it, so the line merge is not taken.
    conflicting = ours.replace("occupation: 在家照顾老人", "occupation: 打零工")
    context = MergeContext(TODAY, CHILD_FILE, line_merge=_line_merge(tmp_path, base,
                                                                     conflicting, theirs))
    result = merge_documents(base, conflicting, theirs, "child", context)
    assert result.text is None and result.failure is not None and "农忙时不在家" in result.failure


def test_a_comment_their_side_wrote_twice_is_counted() -> None:
    from liushou_cli.store.merge import comment_texts

    assert comment_texts("# 注意\na: 1  # 注意\n# 另\n") == Counter({"注意": 2, "另": 1})


def test_a_comment_both_sides_wrote_merges_by_meaning() -> None:
    base, ours, _ = _commented_sides()
    both = ours.replace("guardian:\n", _NOTE + "guardian:\n")
    theirs_too = base.replace("guardian:\n", _NOTE + "guardian:\n").replace(
        "occupation: 在家照顾老人", "occupation: 务农")
    result = merge_documents(base, both, theirs_too, "child", CONTEXT)
    assert result.text == both.replace("occupation: 在家照顾老人", "occupation: 务农")


@pytest.mark.parametrize(("line", "comments"), [
    ("# 班主任", ["班主任"]),
    ("  phone: '13152270993'  # 晚上才接", ["晚上才接"]),
    ("name: 'a # b'", []),
    ("name: 'it''s # not'  # but this", ["but this"]),
    ('note: "a \\" # b"', []),
    ("room: 3#楼", []),
    ("#", []),
    ("x: 1 #twice #", ["twice #"]),
    ("note: Tom's ball  # it's his", ["it's his"]),
    ("- 'a # b'  # c", ["c"]),
    ("tags: ['a # b', \"c # d\"]  # e", ["e"]),
    ('note: "unclosed # x', ["x"]),  # a quote closed on a later line: said, never missed
    ("  # 班主任 # 两位", ["班主任 # 两位"]),
])
def test_what_reads_as_a_comment(line: str, comments: list[str]) -> None:
    from liushou_cli.store.merge import comment_texts

    assert sorted(comment_texts(line + "\n").elements()) == comments


# ---- numbers written with leading zeros -----------------------------------------------------
def test_a_number_written_with_leading_zeros_keeps_them_through_a_merge() -> None:
    # Every reader of ours takes student_no: 0099887 as the text typed; the merge read it with
    # ruamel as the number 99887: a clean merge wrote student_no: 99887, a conflict recorded
    # 12345 against 99887, and an unquoted landline made the merged record invalid.
    base = (EXAMPLE / CHILD_FILE).read_text(encoding="utf-8")
    ours = base.replace("name: 袁芷欣", "name: 袁芷新")
    theirs = base.replace("student_no: '2020090101'", "student_no: 0099887")
    merged = merge_documents(base, ours, theirs, "child", CONTEXT)
    assert merged.text == ours.replace("student_no: '2020090101'", "student_no: '0099887'")
    both = merge_documents(base, ours.replace("student_no: '2020090101'", "student_no: 0012345"),
                           theirs, "child", CONTEXT)
    assert [(item.field, item.ours, item.theirs) for item in both.conflicts] == [
        ("student_no", "0012345", "0099887")]
    landline = base.replace("  phone: '13152270993'", "  phone: 07391234567")
    merged = merge_documents(base, ours, landline, "child", CONTEXT)
    assert merged.failure is None and merged.text is not None
    assert "  phone: '07391234567'" in merged.text and "name: 袁芷新" in merged.text


@pytest.mark.parametrize(("text", "zeros"), [
    ("student_no: 0012345\n", True), ("  - 0012\n", True), ("ids: [a, 0012]\n", True),
    ("hours: 08  # 注\n", True), ("date: 2022-09-01\n", False), ("at: 2022-11-23 08:30\n", False),
    ("phone: '0739'\n", False), ("x: 0\n", False), ("name: 0a1\n", False)])
def test_which_texts_are_read_keeping_leading_zeros(text: str, zeros: bool) -> None:
    # The round-trip loader, slower, only where a number is written with leading zeros.
    from liushou_cli.store.merge import _LEADING_ZERO

    assert bool(_LEADING_ZERO.search(text)) == zeros
