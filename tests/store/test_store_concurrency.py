"""Two processes saving into one store at once lose nothing and link as one process would."""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

from newsgraph.records import Extraction, Speaker
from newsgraph.store import Store

from .stories import quoted

ARTICLES_PER_WRITER = 40


def people(k: int) -> list[Speaker]:
    """Speakers that several articles share; many are new to the store when both writers meet them."""
    names = [f"Person {chr(65 + (k + n) % 26)}{chr(65 + (k * 7 + n) % 26)} Example" for n in range(3)]
    return [Speaker(f"person:{name.lower().replace(' ', '-')}", name, "PERSON", 1.0, "named") for name in names]


def articles(writer: int) -> list[Extraction]:
    # The two writers' articles quote the same people in a different order, so that both create them.
    numbers = range(ARTICLES_PER_WRITER) if writer == 0 else reversed(range(ARTICLES_PER_WRITER))
    return [
        quoted(f"w{writer}-{k}", "2022-03-18", [(s.name, s) for s in people(k % 13)], publisher=f"Outlet {writer}")
        for k in numbers
    ]


def save_all(url: str, writer: int, start: Barrier) -> None:
    with Store.open(url) as store:  # both open (and migrate) a fresh store at once
        start.wait(timeout=120)  # a writer that died opening the store fails the test, not hangs it
        for extraction in articles(writer):
            store.save(extraction)


def store_contents(url: str) -> tuple[int, list[tuple[str, int]], int]:
    with Store.open(url) as store:
        speakers = sorted((row.name, row.quotes) for row in store.speakers())
        return len(store.articles()), speakers, sum(quotes for _, quotes in speakers)


def test_store_two_writers_lose_nothing(db_url: str, tmp_path: Path) -> None:
    together, alone = db_url, str(tmp_path / "alone.db")  # the sequential reference on SQLite
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    writers = [context.Process(target=save_all, args=(together, w, start)) for w in (0, 1)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=600)
    for process in writers:
        if process.is_alive():  # a stuck writer fails the test and must not keep pytest from ending
            process.kill()
    assert [process.exitcode for process in writers] == [0, 0]

    with Store.open(alone) as store:
        for writer in (0, 1):
            for extraction in articles(writer):
                store.save(extraction)
    stored, speakers, quotes = store_contents(together)
    assert stored == 2 * ARTICLES_PER_WRITER
    assert quotes == 3 * 2 * ARTICLES_PER_WRITER
    assert (stored, speakers, quotes) == store_contents(alone)
