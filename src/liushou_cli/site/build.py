"""The pages as files: the Jinja2 templates of templates/ (autoescaped: a name typed as
`<script>` is shown, never run) filled with the school's, each teacher's and each child's
page. Yields (path in the site, bytes) one page at a time, so that a county's 20,000 child
pages are never all in memory; store/sitefolder.py writes them.

The children's pages are most of the work (a card, a timeline and a page each), so on Linux
they are made by forked worker processes, one per core, each a run of children at a time:
a worker inherits the loaded folder and the compiled templates, and hands back its run's
pages as bytes, what its children add to the teachers' pages and the duties' month-end
standings. The runs are taken in order, so the site is byte for byte the one a single
process makes (which it is where there is no fork, and for a small school).

Every page is self-contained for file://: one style sheet beside it, charts as inline SVG,
no script, no font, image or anything else fetched.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape

from liushou_cli import __version__
from liushou_cli.core import platform
from liushou_cli.i18n import label, lang, show, t
from liushou_cli.reports.stats import figure_label
from liushou_cli.site.charts import WIDTH, layout
from liushou_cli.site.people import ChildPages, TeacherLine, Teachers
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
_RUN = 64  # children a worker takes at a time


def page_name(record_id: str) -> str:
    """A file name for an id (ids are letters and digits; anything else is replaced)."""
    return _SAFE.sub("_", record_id) + ".html"


def environment() -> Environment:
    env = Environment(loader=PackageLoader("liushou_cli.site", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(t=t, show=show, label=label, layout=layout, chart_width=WIDTH,
                       page_name=page_name, version=__version__,
                       figure_label=figure_label)
    return env


def workers_for(children: int) -> int:
    """How many worker processes make the pages of `children` children; 0: this process
    does. Forked workers only (Linux): a spawned one would have to be handed the whole
    folder."""
    if not platform.current().fork or children < PARALLEL_MIN:
        return 0
    cores = _cores()
    return cores if cores > 1 else 0


def _cores() -> int:
    """The cores this process may run on (a container or `taskset` may give fewer than the
    machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def build_site(site: Site, workers: int | None = None) -> Iterator[tuple[str, bytes]]:
    """Every file of the dashboard: the style sheet, one page per child (children/), one
    per teacher (teachers/) and the school's page (index.html). The children's pages are
    made by `workers` processes (by default `workers_for` the children)."""
    env = environment()
    common: dict[str, Any] = {"lang": "zh-CN" if lang() == "zh" else "en",
                              "school": site.config.school, "day": site.day.isoformat(),
                              "term": site.term.name if site.term else None, "full": site.full,
                              "soon_days": DUE_SOON_DAYS, "left_out": site.left_out}
    yield "style.css", env.get_template("style.css").render().encode()
    teachers = Teachers(site)
    job = _Job(site, env.get_template("child.html.j2"), common, teachers, ChildPages(site))
    standings: Standings = {}
    for run in _runs(job, workers_for(len(site.items)) if workers is None else workers):
        yield from run.pages
        teachers.take(run.lines)
        add_standings(standings, run.standings)
    pages = teachers.pages()
    for teacher in pages:
        yield (f"teachers/{page_name(teacher.member.id)}",
               _page(env, "teacher.html.j2", common, root="../", page=teacher))
    yield "index.html", _page(env, "school.html.j2", common, root="",
                              page=school_page(site, standings), teachers=pages)


def _page(env: Environment, name: str, common: dict[str, Any], **values: Any) -> bytes:
    return env.get_template(name).render(**common, **values).encode()


# ---- the children's pages, in runs ----------------------------------------------------------
@dataclass(frozen=True)
class _Job:
    """What every run needs, made before the workers are forked (they inherit it)."""

    site: Site
    template: Template
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


def _make(job: _Job, start: int, stop: int) -> _Run:
    site = job.site
    items = site.items[start:stop]
    pages: list[tuple[str, bytes]] = []
    lines: list[TeacherLine] = []
    for item in items:
        page = job.children.page(item)
        if page is None:
            continue
        lines += job.teachers.lines_of(item, page.child)
        pages.append((f"children/{page_name(page.child.id)}",
                      job.template.render(**job.common, root="../", page=page).encode()))
    term = site.term
    standings = duty_standings(site, term, items) if term is not None else {}
    return _Run(pages, lines, standings)


# Set by the parent just before it forks the workers, which inherit it.
_job: _Job | None = None


def _runs(job: _Job, workers: int) -> Iterator[_Run]:
    """Every run of children made, in the children's order: by `workers` forked processes,
    or in this one (0)."""
    count = len(job.site.items)
    bounds: Sequence[tuple[int, int]] = [(start, min(start + _RUN, count))
                                         for start in range(0, count, _RUN)]
    if not workers:
        for start, stop in bounds:
            yield _make(job, start, stop)
        return
    # Every record built here first (the school's page needs them all after): a worker
    # that built its own would do that work twice and hold a copy of its records besides.
    for item in job.site.items:
        item.child  # noqa: B018
    global _job
    _job = job
    # The loaded folder moves out of the collector's sight: a worker's collections never
    # walk (and so never copy) the pages it shares with this process.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_start) as pool:
            yield from pool.imap(_work, bounds)
    finally:
        _job = None
        gc.unfreeze()


def _worker_start() -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent says "interrupted"
    # and stops the workers; a worker must not print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(bounds: tuple[int, int]) -> _Run:
    assert _job is not None
    return _make(_job, *bounds)
