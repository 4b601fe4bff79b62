"""A progress bar on the terminal for long work (core/progress.py's `Progress`, drawn by rich).

A stage shows nothing for its first `after` seconds: most runs are over by then (a warm,
cached report takes a tenth of a second) and a bar that flashes up and away is noise. Once
a stage has run that long, the next step draws a bar with the stage's name and its counts
(`读取档案 ━━━━━━━━╸━━━━━━ 1200/3000 0:00:02`) on the stream given (stderr), redrawn at most
ten times a second, and wiped when the stage ends, so that the terminal keeps only what the
command printed.

rich is imported only when a bar is drawn: a quick report never loads it. There is no
refresh thread (the bar is redrawn as steps come in), so worker processes forked while a
stage runs inherit no lock of it.

The command line decides whether to use this at all (cli/common.py's `progress`): only when
stdout and stderr are both a terminal and --quiet is not given.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TextIO

from liushou_cli.core.text import Message
from liushou_cli.i18n import say

# Redraw the bar at most this often (seconds): drawing costs more than a step.
_REDRAW = 0.1


class TerminalProgress:
    """core.progress.Progress drawn as a rich bar on `stream` (a terminal) after `after`
    seconds of a stage; `clock` is time.monotonic unless a test gives its own."""

    def __init__(self, stream: TextIO, *, after: float = 0.5, width: int = 80,
                 colour: bool = False, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.after = after
        self.width = width
        self.colour = colour
        self.clock = clock
        self._what = Message("")
        self._total = 0
        self._count = 0
        self._began = 0.0
        self._drawn = 0.0
        self._bar: Any = None  # rich's Progress, once drawn
        self._task: Any = None

    def stage(self, what: Message, total: int) -> None:
        self.done()
        self._what, self._total, self._count = what, total, 0
        self._began = self.clock()

    def step(self, count: int = 1) -> None:
        self._count += count
        now = self.clock()
        if self._bar is None:
            if now - self._began >= self.after:
                self._draw()  # drawn with the count so far
                self._drawn = now
        elif now - self._drawn >= _REDRAW:
            self._show(now)

    def done(self) -> None:
        if self._bar is None:
            return
        self._show(self.clock())
        self._bar.stop()
        self._bar = self._task = None

    def _draw(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=self.stream, force_terminal=True, width=self.width,
                          no_color=not self.colour, highlight=False)
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(),
                             MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                             get_time=self.clock,
                             auto_refresh=False, transient=True, redirect_stdout=False,
                             redirect_stderr=False)
        self._task = self._bar.add_task(say(self._what), total=self._total,
                                        completed=self._count)
        self._bar.start()

    def _show(self, now: float) -> None:
        self._bar.update(self._task, completed=self._count)
        self._bar.refresh()
        self._drawn = now
