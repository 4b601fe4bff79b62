"""Adding a term to liushou.yaml: a named span of dates that overlaps no other term."""

from __future__ import annotations

from datetime import date

from liushou_cli.core.errors import LiushouError
from liushou_cli.core.model import SchoolConfig, Term, term_clash
from liushou_cli.i18n import t, t_in
from liushou_cli.i18n.messages import validated
from liushou_cli.store.edit import append_to_list
from liushou_cli.store.history import describe
from liushou_cli.store.layout import DataFolder


def add_term(folder: DataFolder, config: SchoolConfig, name: str, start: date, end: date) -> Term:
    """Validate the new term against the others and append it to liushou.yaml."""
    term = validated(Term, {"name": name, "start": start, "end": end})
    # Said here, without a line: the new term is in no file yet.
    clash = term_clash(term, config.terms)
    if clash is not None:
        kind, other = clash
        raise LiushouError(t("term_exists", term=term.name) if kind == "term_twice"
                           else t("term_overlap", term=term.name, other=other.name,
                                  start=other.start.isoformat(), end=other.end.isoformat()))
    append_to_list(folder, folder.config_path, "terms",
                   {"name": term.name, "start": term.start, "end": term.end}, SchoolConfig)
    describe(t_in("zh", "history_term_added", name=term.name))
    return term
