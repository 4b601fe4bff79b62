"""`liushou dashboard`: the site's numbers are the reports' numbers, the child pages are masked
like the export unless --full, nothing confidential or executable gets in, and the folder is
written whole, private, never over a teacher's files nor inside the data folder unasked."""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from liushou_cli.core import platform
from tests.conftest import CHILD_ID_NUMBER, posix_modes_only, run, snapshot, use_environment
from tests.conftest import rows_of as report_rows

EXAMPLE = Path(__file__).resolve().parents[1] / "data-example"
AS_OF = "2022-11-25"


def rows_of(output: str) -> list[dict[str, object]]:
    """The report's rows as the dashboard counts them: without incidents' steps, which are
    restricted and never on a page (docs/incidents.md)."""
    return [row for row in report_rows(output) if row["duty"] != "incident"]


def made(root: Path, output: Path, *args: str) -> str:
    done = run(root, "dashboard", "--output", str(output), *args)
    assert done.exit_code == 0, done.output
    return done.output


def page(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def totals(html: str, table: str) -> dict[str, int]:
    """key -> the rows count of a tally table of the school's page."""
    body = html.split(f'data-table="{table}"', 1)[1].split("</table>", 1)[0]
    return {unescape(key): int(count) for key, count in re.findall(
        r'<tr data-key="([^"]*)">.*?data-count="rows">(\d+)<', body, re.S)}


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("site") / "site"
    made(EXAMPLE, output, "--as-of", AS_OF)
    return output


def test_the_school_page_counts_what_report_overdue_lists(example_site: Path) -> None:
    html = page(example_site / "index.html")
    overdue = rows_of(run(EXAMPLE, "report", "--as-of", AS_OF, "-f", "json").output)
    assert f'<span data-total="overdue">{len(overdue)}</span>' in html
    # The example school has an open incident on this day: the report lists its steps, the
    # dashboard nothing of it.
    everything = report_rows(run(EXAMPLE, "report", "--as-of", AS_OF, "-f", "json").output)
    assert any(row["duty"] == "incident" for row in everything)
    assert not any(str(row["incident"]) in html for row in everything if row["duty"] == "incident")
    # ... but the count of its steps overdue, on every page, that the principal may not miss a
    # step such as telling the police (as the report counts them, at the day's end).
    steps = sum(1 for row in everything if row["duty"] == "incident" and row["days_overdue"] > 0)
    assert steps == 2
    notice = (f'<p class="warning" role="alert" data-total="incident-steps-late">紧急事件：有 {steps} '
              "个处理步骤已逾期。紧急事件是保密记录，网页上不列出，也不计入下面的数字；请用 liushou "
              "report --duty incident 查看。</p>")
    assert notice in html
    assert all(notice in page(path) for path in example_site.rglob("*.html"))
    by_teacher = Counter(who for row in overdue for who in row["responsible"].split(","))
    assert totals(html, "overdue-teacher") == dict(by_teacher)
    assert totals(html, "overdue-class") == dict(Counter(row["class"] for row in overdue))
    # worst first: the counts never rise down the table
    counts = list(totals(html, "overdue-teacher").values())
    assert counts == sorted(counts, reverse=True)
    within = rows_of(run(EXAMPLE, "report", "--as-of", AS_OF, "--due-within", "14",
                         "-f", "json").output)
    assert f'<span data-total="due-soon">{len(within) - len(overdue)}</span>' in html


def test_a_teacher_page_owes_what_report_by_them_lists(example_site: Path) -> None:
    overdue = rows_of(run(EXAMPLE, "report", "--as-of", AS_OF, "-f", "json").output)
    teacher = Counter(who for row in overdue for who in row["responsible"].split(",")).most_common(1)[0][0]
    mine = rows_of(run(EXAMPLE, "report", "--as-of", AS_OF, "--by", teacher, "-f", "json").output)
    html = page(example_site / "teachers" / f"{teacher}.html")
    assert f'<span data-total="overdue">{len(mine)}</span>' in html
    assert html.count('<tr class="late"') == len(mine)


def test_the_figures_are_report_stats(example_site: Path) -> None:
    html = page(example_site / "index.html")
    stats = json.loads(run(EXAMPLE, "report", "--stats", "--as-of", AS_OF, "-f", "json").output)
    for figure in stats["school"]:
        row = html.split(f'<tr data-figure="{figure["figure"]}">', 1)[1].split("</tr>", 1)[0]
        assert f'data-value="count">{figure["count"]}<' in row
        share = "—" if figure["share"] is None else f"{figure['share']:.1f}%"
        assert f'data-value="share">{share}<' in row
    assert unescape(stats["paragraph"]) in unescape(html)
    assert html.count('<figure class="chart"') >= 3  # types, a duty month by month, the terms


def test_every_page_stands_alone_offline(example_site: Path) -> None:
    files = [path for path in example_site.rglob("*") if path.is_file()]
    children = len(list((EXAMPLE / "children").glob("*.yaml")))
    assert len([path for path in files if path.parent.name == "children"]) <= children
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text and "@import" not in text and "src=" not in text
        # the only URL is SVG's namespace, which is a name and never fetched
        assert set(re.findall(r"https?://[^\s\"')]+", text)) <= {"http://www.w3.org/2000/svg"}


def test_child_pages_are_masked_like_the_export_unless_full(school: Path, tmp_path: Path) -> None:
    masked = tmp_path / "masked"
    made(school, masked)
    html = page(masked / "children" / "c0001.html")
    assert "张小明" in html
    assert CHILD_ID_NUMBER not in html and CHILD_ID_NUMBER[:6] + "*" in html
    assert "13700001111" not in html and "137****1111" in html
    assert "13700001111" not in page(masked / "teachers" / "T001.html")
    full = tmp_path / "full"
    done = run(school, "dashboard", "--output", str(full), "--full")
    assert done.exit_code == 0
    assert "警告：--full" in done.stderr
    assert CHILD_ID_NUMBER in page(full / "children" / "c0001.html")


def test_a_census_checks_changes_are_masked_too(example_site: Path) -> None:
    # The census keeps what it changed as text, the numbers before and after included: the
    # masked pages showed them whole ("监护人电话 13960983434 → 19899351489").
    html = unescape(page(example_site / "children" / "2020090229.html"))
    assert "13960983434" not in html and "19899351489" not in html
    assert "监护人电话 139****3434 → 198****1489、母亲电话 139****3434 → 198****1489" in html
    numbers = {number for path in (example_site / "children").iterdir()
               for number in re.findall(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", page(path))}
    staff = (EXAMPLE / "staff.yaml").read_text(encoding="utf-8")
    assert numbers and all(number in staff for number in numbers)  # the teachers' own only


def test_individual_plans_stay_out_and_text_is_escaped(school: Path, tmp_path: Path) -> None:
    use_environment(today=date(2022, 11, 20))
    secret = "父亲有家暴史"
    assert run(school, "iep", "flag", "c0001", "--concern", "学业严重下滑", "--note", secret,
               "--date", "2022-10-10", "--by", "T001").exit_code == 0
    assert run(school, "child", "edit", "c0001", "--set",
               "note=<script>alert(1)</script>").exit_code == 0
    made(school, tmp_path / "site", "--full")
    html = page(tmp_path / "site" / "children" / "c0001.html")
    assert secret not in html and "学业严重下滑" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html


def test_english_pages(school: Path, tmp_path: Path) -> None:
    made(school, tmp_path / "site", "--lang", "en")
    html = page(tmp_path / "site" / "index.html")
    assert '<html lang="en">' in html and "Overdue today" in html


@posix_modes_only
def test_the_site_is_private(school: Path, tmp_path: Path) -> None:
    output = tmp_path / "site"
    made(school, output)
    for path in [output, *output.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_never_overwritten_without_force(school: Path, tmp_path: Path) -> None:
    output = tmp_path / "site"
    made(school, output, "--as-of", "2022-10-01")
    done = run(school, "dashboard", "--output", str(output))
    assert done.exit_code == 1 and "--force" in done.output and "Traceback" not in done.output
    assert "2022-10-01" in page(output / "index.html")
    made(school, output, "--force")
    assert "2022-10-01" not in page(output / "index.html")
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".site.")]


def test_force_never_replaces_a_folder_it_did_not_make(school: Path, tmp_path: Path) -> None:
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "lesson.docx").write_bytes(b"a teacher's own file")
    done = run(school, "dashboard", "--output", str(mine), "--force")
    assert done.exit_code == 1 and "liushou dashboard" in done.output
    assert [path.name for path in mine.iterdir()] == ["lesson.docx"]
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    done = run(school, "dashboard", "--output", str(a_file), "--force")
    assert done.exit_code != 0 and a_file.read_text(encoding="utf-8") == "x"


def test_not_inside_the_data_folder_unless_asked(school: Path) -> None:
    done = run(school, "dashboard", "--output", str(school / "site"))
    assert done.exit_code == 1 and "--inside-data" in done.output
    assert not (school / "site").exists()
    made(school, school / "site", "--inside-data")
    assert (school / "site" / "index.html").is_file()


def test_an_empty_folder_is_taken(school: Path, tmp_path: Path) -> None:
    output = tmp_path / "empty"
    output.mkdir()
    made(school, output)
    assert (output / "index.html").is_file()


def test_month_ends_of_a_term() -> None:
    from liushou_cli.core.model import Term
    from liushou_cli.site.school import month_ends

    term = Term(name="2022秋", start=date(2022, 9, 1), end=date(2023, 1, 15))
    assert month_ends(term, date(2022, 11, 25)) == [date(2022, 9, 30), date(2022, 10, 31),
                                                     date(2022, 11, 25)]
    assert month_ends(term, date(2023, 3, 1))[-2:] == [date(2022, 12, 31), date(2023, 1, 15)]
    assert month_ends(term, date(2022, 8, 1)) == []


def test_a_failure_half_way_leaves_no_half_site(school: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.cli import dashboard

    def failing(site: object, **options: object) -> object:
        yield "index.html", b"<p>first page</p>"
        raise OSError(28, "No space left on device")

    output = tmp_path / "site"
    made(school, output, "--as-of", "2022-10-01")
    monkeypatch.setattr(dashboard, "build_site", failing)
    done = run(school, "dashboard", "--output", str(output), "--force")
    assert done.exit_code == 4 and "Traceback" not in done.output
    assert len(done.output.strip().splitlines()) == 1
    assert "2022-10-01" in page(output / "index.html")  # the old site stays whole
    assert sorted(path.name for path in tmp_path.iterdir()) == ["school", "site"]


def test_a_card_from_the_directory_reads_as_child_show_makes_it() -> None:
    # The site hands each card only the staff its record names and the activities it took
    # part in (site.people.Directory); on every child of the example school the card must
    # come out as from the whole staff and every activity.
    from liushou_cli.site.people import Directory
    from liushou_cli.store.activities import load_activities
    from liushou_cli.store.layout import DataFolder
    from liushou_cli.store.read import load_dataset
    from liushou_cli.views.card import contact_card

    day = date(2022, 11, 25)
    data = load_dataset(DataFolder(EXAMPLE), today=day)
    activities = [loaded.activity for loaded in load_activities(data.folder)[0]]
    directory = Directory(data.staff, activities)
    assert any(directory.activities_of(item.child) for item in data.children)
    for item in data.children:
        child = item.child
        assert (contact_card(child, directory.staff_for(child), day,
                             directory.activities_of(child))
                == contact_card(child, data.staff, day, activities)), child.id


def test_a_chart_writes_each_number_beside_its_bar() -> None:
    from liushou_cli.site.charts import BAR_AREA, LABEL, Bar, Chart, Group, layout

    chart = Chart("c", "title", ("a", "b"), (Group("七(1)班", (Bar(0, 10, "10"), Bar(1, 5, "5"))),
                                             Group("七(2)班", (Bar(0, 0, "0"), Bar(1, 20, "20")))))
    drawn = layout(chart)
    assert [rect.width for rect in drawn.rects] == [BAR_AREA / 2, BAR_AREA / 4, 0, BAR_AREA]
    assert [rect.pattern for rect in drawn.rects] == [0, 1, 0, 1]
    numbers = [text for text in drawn.texts if text.anchor == "start"]
    assert [text.text for text in numbers] == ["10", "5", "0", "20"]
    for rect, text in zip(drawn.rects, numbers, strict=True):
        assert text.x == LABEL + rect.width + 4 and rect.y < text.y <= rect.y + rect.height
    assert [text.text for _, text in drawn.legend] == ["a", "b"]
    assert drawn.legend[-1][0].y + drawn.legend[-1][0].height < drawn.rects[0].y
    full = layout(Chart("p", "shares", ("x",), (Group("2022秋", (Bar(0, 150, "150%"),)),), scale=100))
    assert full.rects[0].width == BAR_AREA  # never past the chart's edge


def test_the_pages_are_made_by_workers_only_where_they_fork_and_for_a_big_school(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from liushou_cli.core import platform, workers
    from liushou_cli.site import build

    monkeypatch.setattr(build, "cores", lambda: 2)
    monkeypatch.setattr(workers, "threads", lambda: 1)
    monkeypatch.setattr(platform, "CURRENT", replace(platform.current(), fork=True))
    assert build.workers_for(build.PARALLEL_MIN) == 2
    assert build.workers_for(build.PARALLEL_MIN - 1) == 0
    monkeypatch.setattr(build, "cores", lambda: 1)
    assert build.workers_for(20_000) == 0
    monkeypatch.setattr(build, "cores", lambda: 2)
    monkeypatch.setattr(workers, "threads", lambda: 2)
    assert build.workers_for(20_000) == 0  # another thread runs: forking is not safe
    monkeypatch.setattr(workers, "threads", lambda: 1)
    monkeypatch.setattr(platform, "CURRENT", replace(platform.current(), fork=False))
    assert build.workers_for(20_000) == 0  # no fork (Windows): this process makes them


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
@pytest.mark.parametrize("options", [(), ("--full",)])
def test_the_site_made_by_workers_is_the_one_a_single_process_makes(
        options: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_cli.site import build

    monkeypatch.setattr(build, "workers_for", lambda children: 0)
    made(EXAMPLE, tmp_path / "one", "--as-of", AS_OF, *options)
    parent = os.getpid()

    def in_a_worker(real: Callable[..., object]) -> Callable[..., object]:
        def made_there(*args: object) -> object:
            assert os.getpid() != parent  # every child's and teacher's page
            return real(*args)
        return made_there

    monkeypatch.setattr(build, "_make", in_a_worker(build._make))
    monkeypatch.setattr(build, "_teacher_pages", in_a_worker(build._teacher_pages))
    monkeypatch.setattr(build, "_RUN", 3)  # many runs over the example's children
    monkeypatch.setattr(build, "workers_for", lambda children: 2)
    made(EXAMPLE, tmp_path / "two", "--as-of", AS_OF, *options)
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert len(one) > 20 and one == two
    if platform.current().posix_modes:
        assert {stat.S_IMODE((tmp_path / "two" / name).stat().st_mode) for name in two} == {0o600}


def test_no_incident_notice_when_no_step_is_late(tmp_path: Path) -> None:
    # The example school's incident happens on 2022-11-23: on the 20th nothing is late.
    output = tmp_path / "site"
    made(EXAMPLE, output, "--as-of", "2022-11-20")
    assert "incident-steps-late" not in page(output / "index.html")


@pytest.mark.parametrize(("as_of", "said"), [
    ("2023-01-20", "1 天后到期"), ("2023-01-21", "开学当天到期"), ("2023-02-19", "开学当天到期"),
    ("2023-02-20", "今天到期"), ("2023-02-21", "1")])
def test_a_childs_page_says_when_a_row_falls_due_as_the_report_does(
        school: Path, tmp_path: Path, as_of: str, said: str) -> None:
    # A follow-up asked for in the winter holiday (21 January to 19 February) falls due on
    # 20 February: the page said "0 天后到期" all holiday, and on the day it fell due.
    use_environment(today=date(2023, 1, 10))
    assert run(school, "care", "add", "c0001", "发烧", "--follow-up", "2023-01-30",
               "--follow-up-by", "李芳", "--date", "2023-01-10", "--by", "T001").exit_code == 0
    made(school, tmp_path / "site", "--as-of", as_of)
    html = page(tmp_path / "site" / "children" / "c0001.html")
    row = next(row for row in html.split("<tr")[1:] if "关爱跟进" in row)
    cells = [unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[-2:] == ["2023-02-20", said]


SECRETS = """\
care:
  - type: 患病
    date: 2022-10-08
    by: T001
    what: 癫痫
    treatment: 按时服药
    note: 奶奶说别告诉班上同学
    followed_up: 2022-10-20
    outcome: 发作减少，继续服药
learning_plans:
  - subject: 数学
    teacher: T001
    date: 2022-09-20
    goals: [每周给妈妈打电话 13811112222 汇报]
    checks:
      - date: 2022-10-20
        by: T001
        result: 进步明显，已和爸爸 13766667777 说了
pairings:
  - role: 义务辅导员
    staff: T001
    date: 2022-09-15
    by: T001
    note: 周末到老师家写作业
events:
  - type: 摸底
    date: 2022-09-06
    by: [T001]
    term: 2022秋
    changes: [现居住地 湖南省隆回县桃洪镇石门村 → 湖南省隆回县桃洪镇新村12号]
    note: 舅舅换了新手机
  - type: 家访
    date: 2022-10-10
    by: [T001]
    found: 大伯电话 138-0000-1111，村委座机 0739-5556666，舅舅 139 2222 3333
"""


def test_a_masked_childs_timeline_keeps_its_notes_illness_and_numbers_to_itself(
        school: Path, tmp_path: Path) -> None:
    # The masked page's card said 患病情况 有 while its timeline said what the illness was
    # and how it was treated, a pairing's and a census check's notes, and a phone written
    # with dashes or spaces whole.
    child = school / "children" / "c0001.yaml"
    child.write_text(child.read_text(encoding="utf-8") + SECRETS, encoding="utf-8")
    assert run(school, "check").exit_code == 0
    made(school, tmp_path / "masked")
    html = unescape(page(tmp_path / "masked" / "children" / "c0001.html"))
    for kept in ("癫痫", "按时服药", "奶奶说别告诉班上同学", "周末到老师家写作业", "舅舅换了新手机",
                 "138-0000-1111", "0739-5556666", "139 2222 3333", "发作减少", "13811112222",
                 "13766667777", "新村12号"):
        assert kept not in html, kept
    for shown in ("患病 · 王建国：有", "大伯电话 138****1111，村委座机 0739-***6666，舅舅 139****3333",
                  "每周给妈妈打电话 138****2222 汇报", "已和爸爸 137****7777 说了",
                  "现居住地 湖南省隆回县桃洪镇 → 湖南省隆回县桃洪镇"):
        assert shown in html, shown
    made(school, tmp_path / "full", "--full")
    whole = unescape(page(tmp_path / "full" / "children" / "c0001.html"))
    for kept in ("癫痫", "按时服药", "周末到老师家写作业", "舅舅换了新手机", "138-0000-1111"):
        assert kept in whole, kept
    form = run(school, "print", "visit-form", "张小明", "--output", str(tmp_path / "v.html"))
    assert form.exit_code == 0, form.output
    printed = (tmp_path / "v.html").read_text(encoding="utf-8")
    assert "138-0000-1111" not in printed and "138****1111" in printed


def test_the_figures_before_the_census_finished_are_report_stats(tmp_path: Path) -> None:
    # On 4 September no class of the example had finished its census (the first did on the
    # 5th): the page gave the snapshots' figures where report --stats counts the records.
    day = "2022-09-04"
    made(EXAMPLE, tmp_path / "site", "--as-of", day)
    html = page(tmp_path / "site" / "index.html")
    stats = json.loads(run(EXAMPLE, "report", "--stats", "--as-of", day, "-f", "json").output)
    assert all(entry["source"] == "live" for entry in stats["classes"])
    for figure in stats["school"]:
        row = html.split(f'<tr data-figure="{figure["figure"]}">', 1)[1].split("</tr>", 1)[0]
        assert f'data-value="count">{figure["count"]}<' in row, figure["figure"]


@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_a_duty_chart_counts_every_child_the_duty_applies_to(example_site: Path,
                                                            index: int) -> None:
    # The term's home visit was counted over the children not yet visited (180, then 122,
    # then 77): a child visited left the count. Each bar is now of every child it applies
    # to that month's end (210 to 213), the overdue ones those report --overdue lists.
    from liushou_cli.core.model import Duty
    from liushou_cli.duties.rules import applies
    from liushou_cli.i18n import show
    from liushou_cli.store.layout import DataFolder
    from liushou_cli.store.read import load_dataset

    html = unescape(page(example_site / "index.html"))
    chart = html.split(f'id="chart-duty-{index}"', 1)[1].split("</figure>", 1)[0]
    bars = [tuple(map(int, found)) for found in re.findall(r"\((\d+)/(\d+)\)", chart)]
    data = load_dataset(DataFolder(EXAMPLE), today=date.fromisoformat(AS_OF))
    assert data.config is not None
    duty: Duty = data.config.duties[index]  # the charts in liushou.yaml's order
    assert show(duty.name) in chart
    expected = []
    for end in ("2022-09-30", "2022-10-31", AS_OF):
        day = date.fromisoformat(end)
        base = sum(1 for item in data.children if applies(duty, item.child, day))
        late = [row for row in report_rows(run(EXAMPLE, "report", "--as-of", end, "--duty",
                                                duty.id, "-f", "json").stdout)
                if row["days_overdue"] > 0]
        expected.append((base - len(late), base))
    assert bars == expected
