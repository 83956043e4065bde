"""Progress people can follow: a bar on a terminal, a log line now and then in a log file.

On a terminal, rich's bar with the total when it is known (``readers.count_inputs``), the rate and the
time left. Elsewhere (a cron job, CI, ``2> log``) nothing redraws, so one line every ``every_seconds``
or ``every_articles``, whichever comes first: "ingested 200/840 (24%), 1.8 articles/s, about 6 min left".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from newsgraph.commands.common import err

Advance = Callable[[str], None]  # called with each article's doc id


class LogLines:
    """Writes a progress line to ``write`` every ``every_seconds`` or ``every_articles`` articles."""

    def __init__(
        self,
        verb: str,
        total: int | None,
        write: Callable[[str], None],
        every_seconds: float = 30.0,
        every_articles: int = 500,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.verb, self.total, self.write, self.clock = verb, total, write, clock
        self.every_seconds, self.every_articles = every_seconds, every_articles
        self.began = self.last_time = clock()
        self.done = self.last_done = 0

    def __call__(self, _: str) -> None:
        self.done += 1
        now = self.clock()
        if self.done == 1:  # the rate counts from the first article: loading the pipeline is no article
            self.began = self.last_time = now
            return
        if now - self.last_time >= self.every_seconds or self.done - self.last_done >= self.every_articles:
            self.write(self.line(now))
            self.last_time, self.last_done = now, self.done

    def line(self, now: float) -> str:
        rate = (self.done - 1) / max(now - self.began, 1e-9)
        if self.total is None:
            return f"{self.verb} {self.done}, {rate:.1f} articles/s"
        share = self.done / self.total if self.total else 1.0
        left = max(self.total - self.done, 0) / rate if rate else 0.0
        return f"{self.verb} {self.done}/{self.total} ({share:.0%}), {rate:.1f} articles/s, about {duration(left)} left"


def duration(seconds: float) -> str:
    """'40 s', '6 min', '2 h 5 min': as precise as a person reading a log needs."""
    if seconds < 90:
        return f"{round(seconds)} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h {minutes % 60} min"


@contextmanager
def progress(verb: str, total: int | None) -> Iterator[Advance]:
    """An ``Advance`` to call once per article: a bar on a terminal, else ``LogLines`` on stderr."""
    if not err.is_terminal:
        yield LogLines(verb, total, lambda line: err.print(line, markup=False, highlight=False))
        return
    columns = [TextColumn(verb), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), TimeRemainingColumn()]
    with Progress(*columns, TextColumn("{task.description}"), console=err) as bar:
        task = bar.add_task("", total=total)
        yield lambda doc_id: bar.update(task, advance=1, description=doc_id)
