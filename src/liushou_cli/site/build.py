"""The pages as files: the Jinja2 templates of templates/ (autoescaped: a name typed as
`<script>` is shown, never run) filled with the school's, each teacher's and each child's
page. Yields (path in the site, bytes) one page at a time, so that a county's 20,000 child
pages are never all in memory; store/sitefolder.py writes them.

Every page is self-contained for file://: one style sheet beside it, charts as inline SVG,
no script, no font, image or anything else fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from liushou_cli import __version__
from liushou_cli.i18n import label, lang, show, t
from liushou_cli.reports.stats import figure_label
from liushou_cli.site.charts import WIDTH, layout
from liushou_cli.site.people import Teachers, child_pages
from liushou_cli.site.school import DUE_SOON_DAYS, Site, school_page

_SAFE = re.compile(r"[^A-Za-z0-9_-]")


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


def build_site(site: Site) -> Iterator[tuple[str, bytes]]:
    """Every file of the dashboard: the style sheet, the school's page (index.html), one page
    per teacher (teachers/) and one per child (children/)."""
    env = environment()
    common: dict[str, Any] = {"lang": "zh-CN" if lang() == "zh" else "en",
                              "school": site.config.school, "day": site.day.isoformat(),
                              "term": site.term.name if site.term else None, "full": site.full,
                              "soon_days": DUE_SOON_DAYS, "left_out": site.left_out}
    yield "style.css", env.get_template("style.css").render().encode()
    teachers = Teachers(site)
    template = env.get_template("child.html.j2")
    for child in child_pages(site, teachers):
        yield (f"children/{page_name(child.child.id)}",
               template.render(**common, root="../", page=child).encode())
    pages = teachers.pages()
    for teacher in pages:
        yield (f"teachers/{page_name(teacher.member.id)}",
               _page(env, "teacher.html.j2", common, root="../", page=teacher))
    yield "index.html", _page(env, "school.html.j2", common, root="",
                              page=school_page(site), teachers=pages)


def _page(env: Environment, name: str, common: dict[str, Any], **values: Any) -> bytes:
    return env.get_template(name).render(**common, **values).encode()
