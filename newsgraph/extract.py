"""Extraction: a pure function from article records to JSON-safe records.

Nothing here touches the store, so the same code runs in one process, in
several (``parallel``), or on a cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from newsgraph.ingest.cleaning import headline_of
from newsgraph.nlp.pipeline import pipeline_version, run
from newsgraph.records import Article, Extraction, Region


def extract(articles: Iterable[Article], nlp: Language, batch_size: int = 32) -> Iterator[Extraction]:
    """One ``Extraction`` per article, in order."""
    version = pipeline_version(nlp)
    pending: list[Article] = []

    def docs() -> Iterator[object]:
        for article in articles:
            pending.append(article)
            doc = nlp.make_doc(article.text)
            doc._.date = article.date
            doc._.title = article.title
            doc._.author = article.author
            yield doc

    for doc in run(nlp, docs(), batch_size=batch_size):
        article = pending.pop(0)
        yield Extraction(
            doc_id=article.doc_id,
            date=article.date,
            title=article.title or headline_text(doc._.regions),
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


def headline_text(regions: Iterable[Region]) -> str | None:
    """The article's headline, when its first line is one: its title when none was given."""
    headline = headline_of(regions)
    return headline.text if headline else None
