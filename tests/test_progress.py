"""Progress lines for logs: when they come and what they say, on a made-up clock."""

from __future__ import annotations

import pytest

from newsgraph.commands.progress import LogLines, duration


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def run(total: int | None, steps: list[float], every_articles: int = 500) -> list[str]:
    clock, lines = Clock(), []
    log = LogLines("ingested", total, lines.append, every_seconds=30, every_articles=every_articles, clock=clock)
    for step in steps:
        clock.now += step
        log("doc")
    return lines


def test_progress_a_line_every_30_seconds() -> None:
    lines = run(840, [5.0] + [0.5] * 200)  # loading, then 2 articles a second
    assert lines == [
        "ingested 61/840 (7%), 2.0 articles/s, about 6 min left",
        "ingested 121/840 (14%), 2.0 articles/s, about 6 min left",
        "ingested 181/840 (22%), 2.0 articles/s, about 5 min left",
    ]


def test_progress_a_line_every_n_articles() -> None:
    lines = run(None, [0.01] * 25, every_articles=10)
    assert [line.split(",")[0] for line in lines] == ["ingested 10", "ingested 20"]


@pytest.mark.parametrize(("seconds", "shown"), [(12.4, "12 s"), (89, "89 s"), (360, "6 min"), (7500, "2 h 5 min")])
def test_progress_duration(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown
