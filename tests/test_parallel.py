"""Extraction on several worker processes: real spawned workers, each with the real pipeline."""

from __future__ import annotations

from concurrent import futures

import pytest
from spacy.language import Language

from newsgraph import parallel
from newsgraph.extract import extract
from newsgraph.nlp.pipeline import settings_pipeline
from newsgraph.parallel import CHUNK, extract_parallel
from newsgraph.records import Article
from newsgraph.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Language:
    return settings_pipeline(Settings())


SPEAKERS = ["Angela Merkel", "Emmanuel Macron", "Joe Biden", "Xi Jinping", "Olaf Scholz"]


def articles(count: int) -> list[Article]:
    return [
        Article(
            f"a{i:02d}",
            f'"Talks with Russia will go on in week {i}," {SPEAKERS[i % 5]} said on Monday in Berlin. '
            f"{SPEAKERS[(i + 1) % 5]} met {SPEAKERS[(i + 2) % 5]} in Paris.",
            "2022-03-18",
        )
        for i in range(count)
    ]


def test_parallel_equals_one_process_in_input_order(nlp: Language) -> None:
    given = articles(2 * CHUNK + 3)  # three chunks, the last one short
    found = list(extract_parallel(given, Settings(), workers=2))
    assert [e.doc_id for e in found] == [a.doc_id for a in given]
    assert found == list(extract(given, nlp))
    assert all(e.attributions and e.events for e in found)


def test_parallel_small_input_stays_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a pool was started for one chunk")

    monkeypatch.setattr(futures, "ProcessPoolExecutor", refuse)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", refuse)
    given = articles(CHUNK)
    assert [e.doc_id for e in extract_parallel(given, Settings(), workers=2)] == [a.doc_id for a in given]
