"""Extraction on several worker processes, in input order, with bounded memory.

As spaCy's maintainers advise for multiprocess work, each worker loads the
pipeline once and runs ``nlp.pipe`` over a chunk of articles at a time; the
parent reads, hands out chunks and yields the results in input order. At most
``2 * workers`` chunks are out at once, so memory does not grow with the
corpus. Workers are spawned, not forked: the parent may already hold PyTorch's
thread pools, which do not survive a fork, and a spawned worker starts clean.
Each worker runs PyTorch on one thread, so that N workers use N cores.

spaCy's own ``nlp.pipe(n_process=...)`` is not used: it would send every Doc,
with its extension data, back through a pipe, where a worker here sends back
only the small JSON-safe ``Extraction``.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice

import torch
from spacy.language import Language

from newsgraph.extract import extract
from newsgraph.nlp.pipeline import settings_pipeline
from newsgraph.records import Article, Extraction
from newsgraph.settings import Settings

_NLP: Language | None = None  # a worker's pipeline, loaded once by ``_load``
CHUNK = 16  # articles a worker takes at a time: enough for nlp.pipe's batching, small enough to share out evenly


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extract_parallel(
    articles: Iterable[Article], settings: Settings, workers: int, announce: Callable[[str], None] = lambda _: None
) -> Iterator[Extraction]:
    """``extract`` of every article on ``workers`` processes, in input order; ``announce`` is told when
    the pipeline loads, which is only when there is an article to extract (a re-ingest of what is stored
    loads nothing).

    With one worker, or an input of one chunk or less, the articles are extracted in this process:
    starting workers (each loads the pipeline, several seconds) would cost more than it saves."""
    stream = iter(articles)
    first = list(islice(stream, CHUNK + 1 if workers > 1 else 1))
    if not first:
        return
    if workers < 2 or len(first) <= CHUNK:
        announce(f"loading the English pipeline ({settings.model})")
        nlp = settings_pipeline(settings)
        yield from extract(chain(first, stream), nlp, batch_size=settings.batch_size)
        return
    announce(f"starting {workers} workers, each loading the English pipeline ({settings.model})")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_load, initargs=(settings,)) as pool:
        pending: deque[Future[list[Extraction]]] = deque()
        for part in _chunks(chain(first, stream), CHUNK):
            pending.append(pool.submit(_extract, part))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while part := list(islice(iterator, size)):
        yield part


def _load(settings: Settings) -> None:
    global _NLP
    torch.set_num_threads(1)  # one core per worker: N workers, N cores
    _NLP = settings_pipeline(settings)


def _extract(articles: Sequence[Article]) -> list[Extraction]:
    assert _NLP is not None, "the worker's initializer loads the pipeline"
    return list(extract(articles, _NLP, batch_size=len(articles)))
