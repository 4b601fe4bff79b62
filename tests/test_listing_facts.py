"""`child list` and `export` answered from the cache: each child's facts (views.card.ListFacts,
reports.export.ExportFacts) are derived as the folder loads and kept with its file, so that a
warm run builds no record; the output is the same warm, cold and without a cache; a changed
file is seen, and one that became invalid is reported as before."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from liushou_cli.core.model import Child
from liushou_cli.core.validators import ValidationDay
from liushou_cli.lookup.finder import search_named
from liushou_cli.reports.export import (
    EXPORT_FACTS,
    export_facts,
    export_rows,
    export_table,
    select,
    select_facts,
)
from liushou_cli.store import read as store_read
from liushou_cli.views.card import LIST_FACTS, child_row, list_facts, listing_row

from .conftest import CHILD_ID_NUMBER, CHILD_YAML, environment, run, use_environment, valid_id
from .test_cache import HOUR_AGO, age, count_reads
from .test_warm_path import probe

FEMALE_ID = valid_id("43052420110315002")


def add_child(root: Path, child_id: str, *changes: tuple[str, str]) -> Path:
    """children/<child_id>.yaml: the fixture's child with `changes` (old text, new text)."""
    text = CHILD_YAML.format(id_number=CHILD_ID_NUMBER).replace("c0001", child_id)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = root / "children" / f"{child_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def three(school: Path) -> Path:
    """The fixture's school with two children more: one in 八(1)班 whose guardian is its
    father, with no proxy parent, and one in 七(2)班 who moved away (转出), without a
    guardian; every file an hour old (trusted by the cache)."""
    add_child(school, "c0002", ("'2022070101'", "'2022080102'"), ("张小明", "李小红"),
              ("gender: 男", "gender: 女"), (CHILD_ID_NUMBER, FEMALE_ID), ("七(1)班", "八(1)班"),
              ("双亲外出", "母亲外出"), ("relation: 祖母", "relation: 父亲"),
              ("key_support: true\nproxy_parent: T002\n", ""),
              ("residence: 桃洪镇石门村", "residence: 湖南省邵阳市隆回县桃洪镇东街5号"))
    add_child(school, "c0003", ("'2022070101'", "'2022070203'"), ("张小明", "王小刚"),
              ("七(1)班", "七(2)班"), ("birth_date: 2011-03-15\n", ""),
              ("guardian:\n  name: 王桂兰\n  relation: 祖母\n  age: 68\n  phone: '13912345678'\n",
               ""),
              ("status: 在读", "status: 转出\nstatus_date: 2022-10-08\nstatus_reason: 随父母到东莞"))
    age(school)
    return school


def age_file(path: Path) -> None:
    """Make one file an hour old (the cache trusts it), leaving the others' signatures."""
    os.utime(path, (HOUR_AGO, HOUR_AGO))


def fresh_cache(tmp_path: Path, name: str) -> None:
    """Later runs of the test read and write an empty cache folder of their own."""
    use_environment(cache_dir=tmp_path / name)


def outputs(root: Path, tmp_path: Path, *args: str) -> tuple[int, str, str, object]:
    """Exit status, stdout, stderr and the written file's content (an .xlsx as its sheets'
    values: the file's bytes hold the time it was made) of `liushou args...`; OUT in an
    argument stands for a new file's path, named in the output as OUT."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    written = next((arg.replace("OUT", str(out / "名单")) for arg in args if "OUT" in arg), None)
    if written is not None:
        Path(written).unlink(missing_ok=True)
    result = run(root, *(arg.replace("OUT", str(out / "名单")) for arg in args))
    content: object = None
    if written is not None and Path(written).exists():
        content = sheets(Path(written)) if written.endswith(".xlsx") else Path(written).read_bytes()
    named = str(out / "名单")
    return (result.exit_code, result.stdout.replace(named, "OUT"),
            result.stderr.replace(named, "OUT"), content)


def sheets(path: Path) -> list[list[list[str]]]:
    from openpyxl import load_workbook

    return [[["" if value is None else str(value) for value in row]
             for row in sheet.iter_rows(values_only=True)] for sheet in load_workbook(path)]


COMMANDS = [
    ("child", "list"),
    ("child", "list", "-f", "csv", "--status", "全部"),
    ("--lang", "en", "child", "list", "-f", "json", "--status", "all"),
    ("--lang", "en", "child", "list", "--status", "all"),
    ("child", "list", "-f", "csv", "--class", "7-1"),
    ("child", "list", "-f", "csv", "--class", "七2", "--status", "转出"),
    ("child", "list", "-f", "csv", "--guardian", "祖辈"),
    ("child", "list", "-f", "csv", "--guardian", "父亲", "--type", "母亲外出"),
    ("child", "list", "-f", "csv", "--key-support"),
    ("child", "list", "-f", "csv", "--find", "lxh"),
    ("child", "list", "-f", "csv", "--find", "小", "--status", "全部"),
    ("child", "list", "-f", "csv", "--find", "2022080102"),
    ("child", "list", "--class", "9-9"),
    ("export", "-o", "OUT.csv"),
    ("export", "-o", "OUT.csv", "--full", "--status", "全部"),
    ("export", "-o", "OUT.csv", "--class", "八1"),
    ("--lang", "en", "export", "-o", "OUT.xlsx", "--status", "转出"),
    ("export", "-o", "OUT.xlsx", "--full"),
    ("export", "-o", "OUT.csv", "--status", "毕业"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_the_same_output_warm_cold_and_without_a_cache(three: Path, tmp_path: Path,
                                                       args: tuple[str, ...]) -> None:
    fresh_cache(tmp_path, "cache")
    cold = outputs(three, tmp_path, *args)
    warm = outputs(three, tmp_path, *args)
    fresh_cache(tmp_path, "unused")
    without = outputs(three, tmp_path, "--no-cache", *args)
    assert cold == warm == without
    assert not (tmp_path / "unused").exists()


def test_the_list_from_the_cache_is_exact(three: Path) -> None:
    run(three, "child", "list")  # fills the cache
    result = run(three, "child", "list", "-f", "csv", "--status", "全部")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "id,student_no,name,gender,class,birth_date,left_behind_type,guardian_name,"
        "guardian_relation,guardian_phone,key_support,proxy_parent,proxy_parent_name,status",
        "c0001,2022070101,张小明,男,七(1)班,2011-03-15,双亲外出,王桂兰,祖母,13912345678,"
        "true,T002,李芳,在读",
        "c0003,2022070203,王小刚,男,七(2)班,,双亲外出,,,,true,T002,李芳,转出",
        "c0002,2022080102,李小红,女,八(1)班,2011-03-15,母亲外出,王桂兰,父亲,13912345678,"
        "false,,,在读",
    ]
    # The guardian in the output language, the age on the day (2022-11-20).
    table = run(three, "--lang", "en", "child", "list", width=200).stdout.splitlines()
    assert [line.split("│")[5:8] for line in table if line.startswith("│")] == [
        [" 11  ", " both parents away ", " 王桂兰 (paternal grandmother) "],
        [" 11  ", " mother away       ", " 王桂兰 (father)               "]]


def test_the_export_from_the_cache_is_exact(three: Path, tmp_path: Path) -> None:
    run(three, "export", "-o", str(tmp_path / "first.csv"))  # fills the cache
    masked = run(three, "export", "-o", str(tmp_path / "a.csv"), "--status", "全部")
    full = run(three, "export", "-o", str(tmp_path / "b.csv"), "--status", "全部", "--full")
    assert (masked.exit_code, full.exit_code) == (0, 0), masked.output + full.output
    masked_rows = (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()
    full_rows = (tmp_path / "b.csv").read_text(encoding="utf-8-sig").splitlines()
    # 七 before 八; in 七, (1) before (2); the masks only in the masked file.
    assert [row.split(",")[:4] for row in masked_rows] == [
        ["学籍号", "班级", "状态", "姓名"],
        ["2022070101", "七(1)班", "在读", "张小明"],
        ["2022070203", "七(2)班", "转出", "王小刚"],
        ["2022080102", "八(1)班", "在读", "李小红"]]
    third = dict(zip(masked_rows[0].split(","), masked_rows[3].split(","), strict=True))
    assert (third["身份证号"], third["现居住地"], third["监护人联系电话"], third["是否寄宿"]) == (
        "430524************", "湖南省邵阳市隆回县桃洪镇", "139****5678", "")
    assert (third["家庭经济来源"], third["父亲务工省份"]) == ("打工收入、种养殖业", "广东")
    third = dict(zip(full_rows[0].split(","), full_rows[3].split(","), strict=True))
    assert (third["身份证号"], third["现居住地"], third["监护人联系电话"]) == (
        FEMALE_ID, "湖南省邵阳市隆回县桃洪镇东街5号", "13912345678")


# ---- nothing built, nothing read ---------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ("child", "list", "-f", "csv", "--status", "全部"),
    ("child", "list", "-f", "csv", "--find", "zxm", "--class", "七1"),
    ("export", "-o", "OUT"),
])
def test_a_warm_run_builds_no_child_record(three: Path, tmp_path: Path,
                                           args: tuple[str, ...]) -> None:
    # As for the overdue report (tests/test_warm_path.py): no model is built, not the
    # child's, nor the staff's (their ids, names and classes are kept as plain facts), nor
    # the settings' (put back from their dump); nor is PyYAML loaded: no file is parsed.
    line = [arg.replace("OUT", str(tmp_path / "x.csv")) for arg in args]
    probe(three, *line)  # fills the cache
    (tmp_path / "x.csv").unlink(missing_ok=True)
    output, seen = probe(three, *line)
    assert seen == ["built", "loaded"]
    (tmp_path / "x.csv").unlink(missing_ok=True)
    assert output == probe(three, "--no-cache", *line)[0]


def test_a_new_day_and_a_changed_staff_keep_the_facts(three: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # The facts hold no day and no name of a teacher: the age and the proxy parent's name are
    # made from them when the row is, so neither a new day nor staff.yaml reads a child again.
    run(three, "child", "list")
    run(three, "export", "-o", str(tmp_path / "x.csv"))
    seen = count_reads(monkeypatch)
    later = run(three, "child", "list", today=date(2023, 3, 16))
    assert later.exit_code == 0 and seen == []
    assert later.stdout != run(three, "child", "list").stdout  # a year older
    assert later.stdout == run(three, "--no-cache", "child", "list", today=date(2023, 3, 16)).stdout
    seen.clear()
    staff = three / "staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8").replace("李芳", "李芳芳"), encoding="utf-8")
    age_file(staff)
    renamed = run(three, "child", "list", "-f", "csv")
    exported = run(three, "export", "-o", str(tmp_path / "y.csv"))
    assert (renamed.exit_code, exported.exit_code) == (0, 0)
    assert seen == ["staff.yaml"]
    assert renamed.stdout.splitlines()[1].endswith(",true,T002,李芳芳,在读")


def warm_then_edit(three: Path, tmp_path: Path, *changes: tuple[str, str]) -> None:
    """`child list` and `export` run once (their caches and snapshots filled), then c0002's
    file edited by `changes` (old, new) and made old enough to be read by its signature."""
    run(three, "child", "list")
    run(three, "export", "-o", str(tmp_path / "x.csv"))
    path = three / "children" / "c0002.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    age_file(path)


def test_a_changed_file_is_seen(three: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    warm_then_edit(three, tmp_path, ("李小红", "李晓红"), ("八(1)班", "七(1)班"))
    # Through the cache's index, as when more files changed than the folder's snapshots
    # read alone (store.read.FEW_CHANGED): one parse serves both commands.
    monkeypatch.setattr(store_read, "FEW_CHANGED", 0)
    seen = count_reads(monkeypatch)
    listed = run(three, "child", "list", "-f", "csv", "--class", "7-1")
    assert [line.split(",")[2] for line in listed.stdout.splitlines()[1:]] == ["张小明", "李晓红"]
    run(three, "export", "-o", str(tmp_path / "y.csv"), "--class", "7-1")
    rows = (tmp_path / "y.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [row.split(",")[:3] for row in rows[1:]] == [["2022070101", "七(1)班", "张小明"],
                                                       ["2022080102", "七(1)班", "李晓红"]]
    assert seen == ["c0002.yaml"]  # the list's run read it; the export's took what it kept


def test_a_few_changed_files_are_read_by_each_command_then_kept_in_its_snapshot(
        three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A teacher's entry changes a file or two: each command reads them itself, without the
    # cache's index (store.snapshot), and keeps them in its own snapshot for next time.
    warm_then_edit(three, tmp_path, ("李小红", "李晓红"))
    seen = count_reads(monkeypatch)
    for _ in range(2):
        listed = run(three, "child", "list", "-f", "csv")
        run(three, "export", "-o", str(tmp_path / "y.csv"), "--force")
        assert "李晓红" in listed.stdout
        assert "李晓红" in (tmp_path / "y.csv").read_text(encoding="utf-8-sig")
    assert seen == ["c0002.yaml", "c0002.yaml"]  # once by each command, then never again


def test_a_file_that_became_invalid_is_reported_as_before(three: Path, tmp_path: Path) -> None:
    warm_then_edit(three, tmp_path, ("gender: 女", "gender: 女孩"))
    listed = run(three, "child", "list", "-f", "csv")
    assert listed.exit_code == 0
    assert listed.stdout.splitlines()[1:] == [
        "c0001,2022070101,张小明,男,七(1)班,2011-03-15,双亲外出,王桂兰,祖母,13912345678,"
        "true,T002,李芳,在读",
        "#unreadable,children/c0002.yaml,4,性别 的值“女孩”无效，应为：男、女"]
    assert listed.stderr == "有 1 个学生文件无法读取，未列出；运行 liushou check 查看\n"
    exported = run(three, "export", "-o", str(tmp_path / "y.xlsx"))
    assert exported.exit_code == 0 and exported.stderr == listed.stderr
    assert sheets(tmp_path / "y.xlsx")[1] == [
        ["文件", "行", "问题"], ["children/c0002.yaml", "4", "性别 的值“女孩”无效，应为：男、女"]]
    cached = environment().cache_dir
    for args in (("child", "list", "-f", "csv"), ("export", "-o", "OUT.xlsx")):
        use_environment(cache_dir=cached)
        with_cache = outputs(three, tmp_path, *args)
        fresh_cache(tmp_path, "unused")
        assert outputs(three, tmp_path, "--no-cache", *args) == with_cache


@pytest.mark.parametrize("spawned", [False, True], ids=["forked", "spawned"])
def test_workers_derive_the_same_facts(three: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch, spawned: bool) -> None:
    # Many files are parsed and derived by worker processes (forked on Linux, spawned on
    # Windows): the facts they send back give the same output as one process, with a cache
    # and without, a broken file included.
    from liushou_cli.core import platform, workers
    from liushou_cli.store import parallel

    (three / "children" / "c0099.yaml").write_text("id: c0099\nname: [broken\n", encoding="utf-8")
    age(three)
    commands = [("child", "list", "-f", "csv", "--status", "全部"), ("export", "-o", "OUT.xlsx")]
    serial = [outputs(three, tmp_path, "--no-cache", *args) for args in commands]
    if spawned:
        monkeypatch.setattr(platform, "CURRENT", platform.PORTABLE)
        monkeypatch.setenv(platform.SWITCH, "1")
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    monkeypatch.setattr(parallel, "SPAWN_MIN", 1)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    # The export's first run with the cache finds the list's entries: its workers derive
    # from the records kept there, without parsing.
    fresh_cache(tmp_path, "cache")
    for args, expected in zip(commands, serial, strict=True):
        for extra in (("--no-cache",), (), ()):  # without a cache, then through it twice
            assert outputs(three, tmp_path, *extra, *args) == expected, (extra, args)


# ---- the core functions ------------------------------------------------------------------------
def record(child_id: str, klass: str, **fields: object) -> Child:
    return Child.model_validate({"id": child_id, "name": "张小明", "gender": "男", "class": klass,
                                 "left_behind_type": "其他", **fields},
                                context=ValidationDay(date(2022, 11, 20)))


def test_the_derivations_name_their_family_and_version() -> None:
    # A family of its own each (the text before ':'), beside the day's rows and check's
    # findings; a version to raise when what the facts hold changes.
    assert (LIST_FACTS.key, EXPORT_FACTS.key) == ("list:1", "export:2")
    child = record("a", "七(1)班")
    assert LIST_FACTS(child) == list_facts(child) and EXPORT_FACTS(child) == export_facts(child)


def test_a_row_from_the_facts_is_the_records_row() -> None:
    child = record("a", "七(1)班", birth_date="2011-11-20", proxy_parent="T009",
                   guardian={"name": "王桂兰"})
    row = listing_row(list_facts(child), date(2022, 11, 19), {"T009": "李芳"})
    assert row == child_row(child, date(2022, 11, 19), {"T009": "李芳"})
    assert (row["age"], row["guardian"], row["proxy_parent_name"]) == (10, "王桂兰", "李芳")
    assert listing_row(list_facts(child), date(2022, 11, 20), {})["age"] == 11  # the birthday
    assert listing_row(list_facts(child), date(2022, 11, 20), {})["proxy_parent_name"] == "T009"


def test_the_masks_apply_to_recorded_text_only() -> None:
    # A yes/no, a date, a list and an empty value are written as they are in every column;
    # text (and a number) is masked where the column says. --full is the same facts unmasked.
    child = record("a", "七(1)班", id_number=CHILD_ID_NUMBER, boarding=True,
                   illness="哮喘", residence="某村", economic_sources=["政府救助", "亲朋接济"],
                   guardian={"name": "王桂兰", "phone": "13912345678", "age": 68})
    facts = export_facts(child)
    header, masked = export_rows([facts])
    full_header, full = export_rows([facts], full=True)
    assert header == full_header
    assert (header, masked) == export_table([child])
    assert (header, full) == export_table([child], full=True)
    shown = dict(zip(header, masked[0], strict=True))
    assert (shown["身份证号"], shown["患病情况"], shown["现居住地"], shown["监护人联系电话"],
            shown["是否寄宿"], shown["家庭经济来源"], shown["出生日期"]) == (
        "430524************", "有", "***", "139****5678", "是", "政府救助、亲朋接济", "")
    plain = dict(zip(header, full[0], strict=True))
    assert (plain["身份证号"], plain["患病情况"], plain["现居住地"]) == (CHILD_ID_NUMBER, "哮喘", "某村")
    header, rows = export_rows([facts], with_status=True)
    assert (header, rows) == export_table([child], with_status=True)
    assert dict(zip(header, rows[0], strict=True))["状态"] == "在读"


def test_the_facts_are_chosen_and_ordered_as_the_records() -> None:
    children = [record("a", "特教班", student_no="3"), record("b", "九(1)班", student_no="2"),
                record("c", "七(2)班", student_no="1"), record("d", "七(2)班"),
                record("e", "七(10)班", student_no="5"),
                record("f", "7-2", status="转出", status_date="2022-10-08", status_reason="转学")]
    facts = [export_facts(child) for child in children]
    for status, klass in (("在读", None), ("全部", None), ("转出", None), ("全部", "七(2)班"),
                          ("在读", "七2"), ("毕业", None)):
        expected = [export_facts(child) for child in select(children, status, klass)]
        assert select_facts(facts, status, klass) == expected, (status, klass)
    assert [found.number for found in select_facts(facts, "全部", "七(2)班")] == ["f", "1", "d"]


def test_a_child_is_found_in_its_facts_as_in_its_record() -> None:
    facts = [list_facts(record("c1", "七(1)班", student_no="2022070101")),
             list_facts(Child.model_validate({"id": "c2", "name": "张小红", "gender": "女",
                                              "class": "七(1)班", "left_behind_type": "其他"}))]
    assert [found.id for found in search_named(facts, "zxh", lambda found: found)] == ["c2"]
    assert [found.id for found in search_named(facts, "张小", lambda found: found)] == ["c1", "c2"]
    assert [found.id for found in search_named(facts, "2022070101", lambda found: found)] == ["c1"]
    assert [found.id for found in search_named(facts, " c2 ", lambda found: found)] == ["c2"]


def test_a_cell_holding_the_separator_is_kept_whole(three: Path, tmp_path: Path) -> None:
    # The cells are kept as one text joined by the unit separator; a value holding that
    # character (a YAML escape can write any) keeps its cells apart, in the cache too.
    child = record("a", "七(1)班", residence="隆回县桃洪镇\x1f东街", hukou="隆回县桃洪镇")
    facts = export_facts(child)
    assert isinstance(facts.cells, tuple) and isinstance(export_facts(record("b", "七(1)班")).cells, str)
    header, rows = export_rows([facts], full=True)
    shown = dict(zip(header, rows[0], strict=True))
    assert (shown["现居住地"], shown["户籍所在地"]) == ("隆回县桃洪镇\x1f东街", "隆回县桃洪镇")
    assert dict(zip(header, export_rows([facts])[1][0], strict=True))["现居住地"] == "隆回县桃洪镇"
    path = three / "children" / "c0002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "residence: 湖南省邵阳市隆回县桃洪镇东街5号", 'residence: "隆回县桃洪镇\\x1f东街"'),
        encoding="utf-8")
    age_file(path)
    args = ("export", "-o", "OUT.csv", "--full")
    cold = outputs(three, tmp_path, *args)
    assert cold == outputs(three, tmp_path, *args) == outputs(three, tmp_path, "--no-cache", *args)
    assert isinstance(cold[3], bytes) and "隆回县桃洪镇\x1f东街".encode() in cold[3]


def test_a_text_masked_once_is_masked_alike_in_every_row_and_column() -> None:
    # The masked export cuts each text once a run: the same address in two rows and two
    # columns, and the same text under two masks, each come out as their own mask says.
    first = record("a", "七(1)班", residence="隆回县桃洪镇东街5号", hukou="隆回县桃洪镇东街5号",
                   guardian={"name": "王桂兰", "address": "13912345678",
                             "phone": "13912345678"})
    second = record("b", "七(1)班", residence="隆回县桃洪镇东街5号")
    header, rows = export_rows([export_facts(first), export_facts(second)])
    one, two = (dict(zip(header, row, strict=True)) for row in rows)
    assert (one["现居住地"], one["户籍所在地"], two["现居住地"]) == ("隆回县桃洪镇",) * 3
    assert (one["监护人住址"], one["监护人联系电话"]) == ("***", "139****5678")


def test_the_facts_hold_each_masked_cell_masked_and_the_rest_as_recorded() -> None:
    # The masked texts are kept beside the cells, in the order of the columns that mask them:
    # a yes/no, a date, a list and an absent value are not among them.
    child = record("a", "七(1)班", id_number=CHILD_ID_NUMBER, boarding=True, illness="哮喘",
                   residence="湖南省邵阳市隆回县桃洪镇东街5号",
                   guardian={"name": "王桂兰", "phone": "13912345678", "age": 68})
    facts = export_facts(child)
    assert isinstance(facts.masked, str)
    assert facts.masked_texts() == ["430524************", "湖南省邵阳市隆回县桃洪镇", "有",
                                    "139****5678"]
    assert CHILD_ID_NUMBER in facts.texts() and "哮喘" in facts.texts()
    bare = export_facts(record("b", "七(1)班"))
    assert bare.masked == ""  # its texts (a name, a class) have no mask
    assert not bare.maskable & 1  # no 学籍号 (the first column): no text there
    # Masked texts are split at the separator only: a space inside one, an empty one, stay.
    spaced = bare._replace(masked="隆回县 桃洪镇\x1f\x1f有")
    assert spaced.masked_texts() == ["隆回县 桃洪镇", "", "有"]
    assert export_rows([bare])[1] == export_rows([bare], full=True)[1]


def test_a_masked_text_holding_the_separator_is_kept_whole() -> None:
    # An address cut after its township keeps the separator written inside a unit's name:
    # the masked texts are then a tuple, as the cells are.
    child = record("a", "七(1)班", residence="隆回\x1f县桃洪镇东街5号", hukou="隆回县桃洪镇")
    facts = export_facts(child)
    assert isinstance(facts.masked, tuple)
    assert facts.masked_texts() == ["隆回县桃洪镇", "隆回\x1f县桃洪镇"]
    header, rows = export_rows([facts])
    shown = dict(zip(header, rows[0], strict=True))
    assert (shown["户籍所在地"], shown["现居住地"]) == ("隆回县桃洪镇", "隆回\x1f县桃洪镇")


def test_facts_whose_masked_texts_do_not_fit_are_masked_again_never_shown_raw() -> None:
    # Facts made under another table of fields (their masked texts too few or too many for
    # the cells this table masks): each cell is masked from its recorded text.
    child = record("a", "七(1)班", id_number=CHILD_ID_NUMBER, illness="哮喘",
                   guardian={"name": "王桂兰", "phone": "13912345678"})
    facts = export_facts(child)
    expected = export_rows([facts])[1]
    for masked in ("", "x\x1fy\x1fz\x1fw\x1fv", ("a", "b")):
        assert export_rows([facts._replace(masked=masked)])[1] == expected, masked
    assert CHILD_ID_NUMBER not in "".join(expected[0])


def test_an_unchanged_folders_export_masks_nothing(three: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # The masked texts come from the cache: a second export masks no cell, and writes what
    # the first wrote.
    from liushou_cli.reports import export as export_module

    args = ("export", "-o", "OUT.csv", "--force")
    first = outputs(three, tmp_path, *args)
    export_module._masked_once.cache_clear()

    def refused(text: str, mask: str) -> str:
        raise AssertionError(f"masked again: {text!r} ({mask})")

    monkeypatch.setattr(export_module, "masked_text", refused)
    assert outputs(three, tmp_path, *args) == first
    assert b"139****5678" in first[3] and b"13912345678" not in first[3]
