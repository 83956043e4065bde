"""Extraction: a pure function from article records to JSON-safe records.

Nothing here touches the store, so the same code runs in one process, in
several (``jobs``), or on a cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from newsgraph.nlp.pipeline import pipeline_version
from newsgraph.records import Article, Extraction


def extract(articles: Iterable[Article], nlp: Language, batch_size: int = 32, jobs: int = 1) -> Iterator[Extraction]:
    """One ``Extraction`` per article, in order."""
    version = pipeline_version(nlp)
    pending: list[Article] = []

    def docs() -> Iterator[object]:
        for article in articles:
            pending.append(article)
            doc = nlp.make_doc(article.text)
            doc._.date = article.date
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=jobs):
        article = pending.pop(0)
        yield Extraction(
            doc_id=article.doc_id,
            date=article.date,
            title=article.title,
            publisher=article.publisher,
            url=article.url,
            author=article.author,
            text=article.text,
            pipeline=version,
            path=article.path,
            regions=tuple(doc._.regions),
            attributions=tuple(doc._.attributions),
            time_expressions=tuple(doc._.time_expressions),
            mentions=tuple(doc._.mentions),
            events=tuple(doc._.events),
        )
