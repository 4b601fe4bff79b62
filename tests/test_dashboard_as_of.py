"""`liushou dashboard --as-of DAY` looking back: the pages hold the children on the books
that day (duties.rules.on_record: a child who left later was, a child away was not), with
the numbers the reports give for the same day, at each edge of a child's time on the books:
the day before it leaves, the day it leaves, the days away, the day it comes back."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from tests.conftest import rows_of, run

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"

LEAVES_LATER = "2022070445"  # the example's: left 2022-11-02
LEFT = "2020090246"  # the example's 朱博宇 of 九(2)班 (T015's class): left 2022-10-27
ARCHIVED = "2020090201"  # archived in the copy: leaves 2022-11-26
AWAY = "2020090203"  # archived in the copy on 2022-11-28, restored on 2022-12-05

# day -> the edge children on the books that day
ON_BOOKS = {
    "2022-10-15": {LEAVES_LATER, LEFT, ARCHIVED, AWAY},
    "2022-10-26": {LEAVES_LATER, LEFT, ARCHIVED, AWAY},  # the day before LEFT leaves
    "2022-10-27": {LEAVES_LATER, ARCHIVED, AWAY},  # the day it leaves
    "2022-11-25": {ARCHIVED, AWAY},  # the day before ARCHIVED leaves
    "2022-11-26": {AWAY},  # the day it leaves
    "2022-11-27": {AWAY},  # the day before AWAY goes
    "2022-11-28": set(),  # the day it goes
    "2022-12-04": set(),  # its last day away
    "2022-12-05": {AWAY},  # the day it comes back
}
EDGE_CHILDREN = {LEAVES_LATER, LEFT, ARCHIVED, AWAY}

Sites = Callable[[str], Path]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example school, with a child archived after the example's last day and one
    away for a week and back."""
    root = tmp_path_factory.mktemp("as-of") / "school"
    shutil.copytree(EXAMPLE, root)
    for args in (("archive", ARCHIVED, "--reason", "转学", "--date", "2022-11-26"),
                 ("archive", AWAY, "--reason", "随父母外出", "--date", "2022-11-28"),
                 ("restore", AWAY, "--reason", "回校就读", "--date", "2022-12-05")):
        done = run(root, "child", *args, today=date(2022, 12, 9))
        assert done.exit_code == 0, done.output
    return root


@pytest.fixture(scope="module")
def sites(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Sites:
    """The dashboard of `folder` as of a day, made once for each day asked."""
    made: dict[str, Path] = {}

    def site(day: str) -> Path:
        if day not in made:
            output = tmp_path_factory.mktemp("site") / day
            done = run(folder, "dashboard", "--output", str(output), "--as-of", day)
            assert done.exit_code == 0, done.output
            made[day] = output
        return made[day]

    return site


def page(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def json_rows(folder: Path, *args: str, **environment: object) -> list[dict[str, object]]:
    done = run(folder, *args, "-f", "json", **environment)
    assert done.exit_code == 0, done.output
    return rows_of(done.stdout)


def child_pages(site: Path) -> set[str]:
    return {path.stem for path in (site / "children").glob("*.html")}


@pytest.mark.parametrize("day", sorted(ON_BOOKS))
def test_every_child_on_the_books_that_day_has_a_page_and_every_link_leads_somewhere(
        folder: Path, sites: Sites, day: str) -> None:
    site = sites(day)
    pages = child_pages(site)
    assert pages & EDGE_CHILDREN == ON_BOOKS[day]
    # Every child the report has a row for that day has a page to read it on.
    rows = json_rows(folder, "report", "--as-of", day, "--due-within", "14")
    assert {str(row["child_id"]) for row in rows if row["child_id"]} <= pages
    for path in site.rglob("*.html"):
        for link in re.findall(r'href="([^"#]+)"', page(path)):
            assert (path.parent / unescape(link)).is_file(), (path.relative_to(site), link)


def roster(html: str) -> list[str]:
    """The children listed under a teacher's "负责的学生"."""
    body = html.split('<section id="children">', 1)[1].split("</section>", 1)[0]
    return re.findall(r'href="\.\./children/([^"]+)\.html"', body)


@pytest.mark.parametrize("day", ["2022-03-15", *sorted(ON_BOOKS)])
def test_a_teachers_children_are_the_caseloads_that_day(
        folder: Path, sites: Sites, day: str) -> None:
    # On 2022-03-15 the 七年级 (enrolled that autumn) were no one's yet, and no proxy parent
    # was paired: T006 carried none, T014 only 九(1)班's 16.
    site = sites(day)
    caseload = {str(row["staff_id"]): row["children"]
                for row in json_rows(folder, "report", "--caseload", "--as-of", day)}
    listed = {path.stem: roster(page(path)) for path in (site / "teachers").glob("*.html")}
    assert {who: len(children) for who, children in listed.items()} == {
        who: caseload.get(who, 0) for who in listed}
    assert all(len(set(children)) == len(children) for children in listed.values())
    if day == "2022-03-15":
        assert (caseload.get("T006", 0), caseload["T014"]) == (0, 16)


def done(html: str) -> dict[str, int]:
    """A teacher's "本学期已做": entry type -> count."""
    return {unescape(kind): int(count)
            for kind, count in re.findall(r'data-done="([^"]+)">(\d+)<', html)}


LISTS = {"talk": ("谈心",), "contact": ("联系",), "visit": ("家访", "电话家访", "视频家访", "到校来访")}


@pytest.mark.parametrize("day", ["2022-10-26", "2022-10-27", "2022-11-25", "2022-11-26",
                                 "2022-11-28", "2022-12-05"])
def test_what_a_teacher_did_this_term_counts_every_entry_as_the_lists_do(
        folder: Path, sites: Sites, day: str) -> None:
    # Whichever child it was for: 朱博宇 (LEFT) left 九(2)班 on 10-27, what T015 did for
    # him before still counts (talk list --by T015 gives 38, the page said 37 on 11-25).
    site = sites(day)
    expected: dict[str, dict[str, int]] = {}
    for command in LISTS:
        for row in json_rows(folder, command, "list", "--from", "2022-09-01", "--to", day):
            for who in str(row["by"]).split(","):
                kinds = expected.setdefault(who, {})
                kinds[str(row["type"])] = kinds.get(str(row["type"]), 0) + 1
    for path in (site / "teachers").glob("*.html"):
        counted = done(page(path))
        assert {kind: n for kind, n in counted.items() if kind != "摸底"} == expected.get(
            path.stem, {}), path.stem
    mine = done(page(site / "teachers" / "T015.html"))
    for command, kinds in LISTS.items():
        listed = json_rows(folder, command, "list", "--by", "T015", "--from", "2022-09-01",
                           "--to", day)
        assert sum(mine.get(kind, 0) for kind in kinds) == len(listed)
    # T015 checked every child of 九(2)班 in the census, 朱博宇 too: census status counts them.
    status = json_rows(folder, "census", "status", "--class", "九(2)班", today=date.fromisoformat(day))
    assert mine["摸底"] == status[0]["checked"]
    html = page(site / "teachers" / "T015.html")
    # His rows name him, unlinked once he has no page.
    linked = f'href="../children/{LEFT}.html"' in html
    assert "朱博宇" in html and linked == (LEFT in ON_BOOKS[day])


def census_table(html: str) -> list[tuple[str, int, int, str, str]]:
    """The school page's census progress: (class, checked, covered, enrolled, finished)."""
    body = html.split('<section id="census">', 1)[1].split("</section>", 1)[0]
    return [(unescape(klass), int(checked), int(covered), enrolled, finished)
            for klass, checked, covered, enrolled, finished in re.findall(
                r'<tr data-class="([^"]+)"><td>[^<]*</td><td class="n"><span data-count="checked">'
                r'(\d+)</span>/<span data-count="covered">(\d+)</span></td><td class="n">([^<]*)'
                r'</td><td>([^<]*)</td></tr>', body)]


def census_status(folder: Path, day: str) -> list[tuple[str, int, int, str, str]]:
    """`census status` run on `day`, as the census table shows it."""
    return [(str(row["class"]), int(str(row["checked"])), int(str(row["children"])),
             "—" if row["enrolled"] is None else str(row["enrolled"]),
             str(row["finished"] or "—"))
            for row in json_rows(folder, "census", "status", today=date.fromisoformat(day))]


@pytest.mark.parametrize("day", ["2022-09-20", "2022-10-26", "2022-10-27", "2022-11-25",
                                 "2022-11-26", "2022-11-28", "2022-12-05"])
def test_the_census_table_is_census_status(folder: Path, sites: Sites, day: str) -> None:
    assert census_table(page(sites(day) / "index.html")) == census_status(folder, day)


def test_a_class_with_no_child_and_an_empty_school_are_in_the_census_table(
        tmp_path: Path) -> None:
    # A class a teacher leads with no left-behind child yet: census status lists it (未开始)
    # and the report owes its census; the table left it out, and for a school with no child
    # at all said 无 beside 12 overdue census items.
    root = tmp_path / "school"
    shutil.copytree(EXAMPLE, root)
    staff = root / "staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8") + "  - id: T099\n    name: 周新\n"
                     "    roles: [班主任]\n    leads: [九(5)班]\n", encoding="utf-8")
    empty = tmp_path / "empty"
    shutil.copytree(root, empty)
    for folder in ("children", "activities", "censuses"):
        for path in (empty / folder).glob("*.yaml"):
            path.unlink()
    for school, classes in ((root, 13), (empty, 13)):
        output = tmp_path / f"{school.name}-site"
        made = run(school, "dashboard", "--output", str(output), "--as-of", "2022-11-25")
        assert made.exit_code == 0, made.output
        table = census_table(page(output / "index.html"))
        assert table == census_status(school, "2022-11-25")
        assert len(table) == classes and ("九(5)班", 0, 0, "—", "—") in table
        owed = {row["class"] for row in json_rows(school, "report", "--as-of", "2022-11-25")
                if row["duty"] == "census"}
        assert "九(5)班" in owed and owed <= {row[0] for row in table}


def test_shares_read_as_report_stats_prints_them(folder: Path, sites: Sites) -> None:
    # 低保 17 of 213 is 8.0% in the report; the page said 8%.
    html = page(sites("2022-11-25") / "index.html")
    done = run(folder, "report", "--stats", "--as-of", "2022-11-25", "-f", "json")
    table = run(folder, "report", "--stats", "--as-of", "2022-11-25").stdout
    stats = json.loads(done.stdout)["school"]
    for figure in stats:
        row = html.split(f'<tr data-figure="{figure["figure"]}">', 1)[1].split("</tr>", 1)[0]
        share = "—" if figure["share"] is None else f"{figure['share']:.1f}%"
        assert f'data-value="share">{share}<' in row
        assert share in table
    assert 'data-value="share">8.0%<' in html
    # and so in the charts: every share with its one decimal
    shares = re.findall(r">(\d+(?:\.\d+)?)%", html.split('<section id="charts">', 1)[1])
    assert shares and all("." in share for share in shares)



@pytest.mark.parametrize(("day", "covered"), [
    ("2022-08-31", {"2022春": 12}),  # the day before 2022秋 began
    ("2022-09-05", {"2022春": 12, "2022秋": 1}),  # 七(3)班 finished on 2022秋's fifth day
    ("2022-11-25", {"2022春": 12, "2022秋": 11}),
])
def test_the_terms_chart_is_report_terms_all_that_day(folder: Path, sites: Sites, day: str,
                                                      covered: dict[str, int]) -> None:
    # The chart (and report --terms all) showed 2022秋 the day before it began, and on its
    # fifth day with the classes that finished only later.
    chart = page(sites(day) / "index.html").split('id="chart-shares"', 1)[1]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", chart.split("</figure>", 1)[0])
    terms = json_rows(folder, "report", "--terms", "all", "--as-of", day)
    assert {term["term"]: len(term["classes_covered"]) for term in terms} == covered
    groups = [term["term"] if term["complete"] else f"{term['term']}（部分班级）"
              for term in terms]
    assert [text for text in texts if text.startswith("20")] == groups
    shares = [text for text in texts if text.endswith("%")]
    assert shares == [f"{figure['share']:.1f}%" for term in terms for figure in term["school"]
                      if figure["figure"] in ("left_behind", "both_away", "with_grandparents",
                                              "key_support")]

@pytest.mark.parametrize(("moment", "late"), [("2022-11-24 16:40", 0), ("2022-11-24 16:41", 2)])
def test_as_of_a_minute_counts_the_incident_steps_late_then(
        folder: Path, tmp_path: Path, moment: str, late: int) -> None:
    # An incident's steps fall due at 16:40 that day: as `report --as-of` takes the minute.
    output = tmp_path / "site"
    made = run(folder, "dashboard", "--output", str(output), "--as-of", moment)
    assert made.exit_code == 0, made.output
    rows = json_rows(folder, "report", "--as-of", moment)
    steps = sum(1 for row in rows if row["duty"] == "incident" and int(str(row["days_overdue"])) > 0)
    assert steps == late
    html = page(output / "index.html")
    assert ('data-total="incident-steps-late"' in html) == bool(late)
    if late:
        assert f"紧急事件：有 {late} 个处理步骤已逾期" in html
    overdue = [row for row in rows if row["duty"] != "incident"]
    assert f'<span data-total="overdue">{len(overdue)}</span>' in html
