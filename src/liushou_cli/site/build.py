"""The pages as files: the Jinja2 templates of templates/ (autoescaped: a name typed as
`<script>` is shown, never run) filled with the school's, each teacher's and each child's
page. Yields (path in the site, bytes) one page at a time, so that a county's 20,000 child
pages are never all in memory; store/sitefolder.py writes them.

The children's pages are most of the work (a card, a timeline and a page each), so on Linux
they are made by forked worker processes, one per core, each a run of children at a time:
a worker inherits the loaded folder and the compiled templates, and hands back its run's
pages as bytes, what its children add to the teachers' pages and the duties' month-end
standings. The teachers' pages are made the same way once those are in, while this process
makes the school's. The runs are taken in order, so the site is byte for byte the one a
single process makes (which it is where there is no fork, and for a small school).

Every page is self-contained for file://: one style sheet beside it, charts as inline SVG,
no script, no font, image or anything else fetched.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from liushou_cli import __version__
from liushou_cli.core.progress import SILENT, Progress
from liushou_cli.core.text import Message
from liushou_cli.core.workers import can_fork, cores, in_order
from liushou_cli.i18n import label, lang, show, t
from liushou_cli.reports.stats import figure_label, share_text
from liushou_cli.site.charts import WIDTH, layout
from liushou_cli.site.people import ChildPages, TeacherLine, TeacherPage, Teachers
from liushou_cli.site.school import (
    DUE_SOON_DAYS,
    Site,
    Standings,
    add_standings,
    duty_standings,
    school_page,
)

_SAFE = re.compile(r"[^A-Za-z0-9_-]")

# Below this many children, forking the workers costs more than it saves.
PARALLEL_MIN = 300
_RUN = 64  # children (or teachers) a worker takes at a time

T = TypeVar("T")


def page_name(record_id: str) -> str:
    """A file name for an id (ids are letters and digits; anything else is replaced)."""
    return _SAFE.sub("_", record_id) + ".html"


TEMPLATES = ("style.css", "child.html.j2", "teacher.html.j2", "school.html.j2")


def environment() -> Environment:
    """The templates, each compiled once (here, before any worker is forked) and never
    looked at again on disk: they are the package's own files."""
    env = Environment(loader=PackageLoader("liushou_cli.site", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)
    env.globals.update(t=t, show=show, label=label, layout=layout, chart_width=WIDTH,
                       page_name=page_name, version=__version__,
                       figure_label=figure_label, share_text=share_text, when_due=when_due)
    for name in TEMPLATES:
        env.get_template(name)
    return env


def when_due(days: int, due: str, day: str) -> int | str:
    """A row's cell of days: how many overdue, else when it falls due, in words as the
    overdue report says them (a row due on the first day of the next term is not "due in
    0 days" all holiday)."""
    if days > 0:
        return days
    if days == 0:
        return t("due_term_start") if due[:10] > day else t("due_today")
    return t("site_due_in", days=-days)


def workers_for(children: int) -> int:
    """How many worker processes make the pages of `children` children; 0: this process
    does. Forked workers only (core.workers.can_fork): a spawned one would have to be
    handed the whole folder."""
    if children < PARALLEL_MIN or not can_fork():
        return 0
    count = cores()
    return count if count > 1 else 0


def build_site(site: Site, workers: int | None = None,
               progress: Progress = SILENT) -> Iterator[tuple[str, bytes]]:
    """Every file of the dashboard: the style sheet, one page per child (children/), one
    per teacher (teachers/) and the school's page (index.html). The children's and the
    teachers' pages are made by `workers` processes (by default `workers_for` the
    children), the school's page here meanwhile; `progress` counts the children's and then
    the teachers' pages as they come."""
    env = environment()
    common: dict[str, Any] = {"lang": "zh-CN" if lang() == "zh" else "en",
                              "school": site.config.school, "day": site.day.isoformat(),
                              "term": site.term.name if site.term else None, "full": site.full,
                              "soon_days": DUE_SOON_DAYS, "left_out": site.left_out,
                              "activities_left_out": site.activities_left_out,
                              "incident_steps_late": site.incident_steps_late}
    if workers is None:
        workers = workers_for(len(site.items))
    if workers:
        # Every record built here first (the school's page needs them all): a worker that
        # built its own would do that work twice and hold a copy of its records besides.
        for item in site.items:
            item.child  # noqa: B018
    yield "style.css", env.get_template("style.css").render().encode()
    teachers = Teachers(site)
    job = _Job(site, env, common, teachers, ChildPages(site))
    standings: Standings = {}
    progress.stage(Message("progress_child_pages"), len(site.items))
    for run in _runs(partial(_make, job), len(site.items), _RUN, workers):
        yield from run.pages
        teachers.take(run.lines)
        add_standings(standings, run.standings)
        progress.step(run.children)
    progress.done()
    pages = teachers.pages()
    school: list[bytes] = []

    def school_meanwhile() -> None:
        school.append(_page(env, "school.html.j2", common, root="",
                            page=school_page(site, standings), teachers=pages))

    progress.stage(Message("progress_teacher_pages"), len(pages))
    for made in _runs(partial(_teacher_pages, job, pages), len(pages), _RUN, workers,
                      meanwhile=school_meanwhile):
        yield from made
        progress.step(len(made))
    progress.done()
    yield "index.html", school[0]


def _page(env: Environment, name: str, common: dict[str, Any], **values: Any) -> bytes:
    return env.get_template(name).render(**common, **values).encode()


# ---- the pages made in runs, by workers -----------------------------------------------------
@dataclass(frozen=True)
class _Job:
    """What every run needs, made before the workers are forked (they inherit it)."""

    site: Site
    env: Environment
    common: dict[str, Any]
    teachers: Teachers
    children: ChildPages


@dataclass(frozen=True)
class _Run:
    """A run of children done: their pages, their rows for the teachers' pages and their
    duties' month-end standings (small: only the pages are sizeable, as bytes)."""

    pages: list[tuple[str, bytes]]
    lines: list[TeacherLine]
    standings: Standings
    children: int  # how many of the folder's children the run went through


def _make(job: _Job, start: int, stop: int) -> _Run:
    """The children `start` to `stop` (of every child file read) done."""
    site = job.site
    items = site.items[start:stop]
    template = job.env.get_template("child.html.j2")
    pages: list[tuple[str, bytes]] = []
    lines: list[TeacherLine] = []
    for item in items:
        page = job.children.page(item)
        lines += job.teachers.lines_of(item, page)
        if page is None:
            continue
        pages.append((f"children/{page_name(page.child.id)}",
                      template.render(**job.common, root="../", page=page).encode()))
    term = site.term
    standings = duty_standings(site, term, items) if term is not None else {}
    return _Run(pages, lines, standings, len(items))


def _teacher_pages(job: _Job, pages: Sequence[TeacherPage], start: int,
                   stop: int) -> list[tuple[str, bytes]]:
    """The teachers' pages `start` to `stop`."""
    return [(f"teachers/{page_name(page.member.id)}",
             _page(job.env, "teacher.html.j2", job.common, root="../", page=page))
            for page in pages[start:stop]]


# A run's work, set by the parent just before it forks the workers, which inherit it.
_work: Callable[[int, int], Any] | None = None


def _runs(work: Callable[[int, int], T], count: int, size: int, workers: int,
          meanwhile: Callable[[], None] | None = None) -> Iterator[T]:
    """`work` over 0 to `count` in runs of `size`, in order: by `workers` forked processes,
    or in this one (0); `meanwhile` is done here once the workers have started."""
    bounds: Sequence[tuple[int, int]] = [(start, min(start + size, count))
                                         for start in range(0, count, size)]
    if not workers:
        if meanwhile is not None:
            meanwhile()
        for start, stop in bounds:
            yield work(start, stop)
        return
    global _work
    _work = work
    # The loaded folder moves out of the collector's sight: a worker's collections never
    # walk (and so never copy) the pages it shares with this process.
    gc.freeze()
    try:
        yield from in_order(_in_worker, bounds, workers, fork=True, meanwhile=meanwhile)
    finally:
        _work = None
        gc.unfreeze()


def _in_worker(bounds: tuple[int, int]) -> Any:
    assert _work is not None
    return _work(*bounds)
