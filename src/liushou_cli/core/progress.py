"""How long work says how far it has got, without knowing who is watching.

A layer below the command line that loops over many files or rows (the store reading a big
folder, a roster's changes being written, the export's rows) takes a `Progress` and calls it:
`stage(what, total)` as a stage begins, `step()` after each item, `done()` at its end. What
happens then is the caller's choice: the command line hands in a bar drawn on the terminal
(render/progress.py); everything else, tests and a run in a pipe included, gets `SILENT`,
which does nothing. Nothing here draws, reads the clock or imports a library, so the warm,
cached path pays one empty method call per file.

`what` is a Message (core/text.py), put into words only if a bar is ever drawn.
"""

from __future__ import annotations

from typing import Protocol

from liushou_cli.core.text import Message


class Progress(Protocol):
    """What long work tells whoever watches it."""

    def stage(self, what: Message, total: int) -> None:
        """A stage of `total` steps begins (any stage before it is over)."""

    def step(self, count: int = 1) -> None:
        """`count` more steps of the current stage are done."""

    def done(self) -> None:
        """The current stage is over (also when it ended early, by an error)."""


class Silent:
    """Progress nobody watches: every call does nothing."""

    def stage(self, what: Message, total: int) -> None:
        pass

    def step(self, count: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


SILENT: Progress = Silent()
