"""The read model's articles: listing, full-text search, one article with all that was
extracted from it, and whole extractions for export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import Text, literal, or_, select

from newsgraph.records import Extraction
from newsgraph.store import schema
from newsgraph.store.common import StoreBase, _by_date
from newsgraph.store.read.rows import (
    WITH_CHILDREN,
    _article_row,
    _article_select,
    _attribution,
    _event_row,
    _extraction,
    _speakers_of,
    _within,
)
from newsgraph.store.results import ArticleDetail, ArticleHit, ArticleRow, AttributionRow, NearDuplicate


class ArticleQueries(StoreBase):
    """The stored articles, as the pages, the API and the command line ask for them."""

    def articles(self, limit: int | None = None) -> list[ArticleRow]:
        """The stored articles in date order."""
        stmt = _article_select().order_by(*_by_date()).limit(limit)
        with self._sessions() as session:
            return [_article_row(*row) for row in session.execute(stmt)]

    def search_articles(self, query: str, limit: int | None = None) -> list[ArticleHit]:
        """Articles whose text matches a full-text query, best first."""
        hits = self._fulltext.article_hits(query).subquery()
        stmt = (
            _article_select()
            .add_columns(hits.c.snippet)
            .join(hits, hits.c.id == schema.Article.id)
            .order_by(hits.c.rank, schema.Article.id)
            .limit(limit)
        )
        with self._sessions() as session:
            return [ArticleHit(_article_row(*row[:-1]), row[-1]) for row in session.execute(stmt)]

    def find_articles(
        self,
        query: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ArticleHit]:
        """Articles matching a full-text query, best first with the matching passage; or, with no
        query, all of them newest first (with an empty passage). ``outlet`` is a publisher;
        ``since`` and ``until`` are inclusive ISO date prefixes."""
        article = schema.Article
        stmt = _article_select().where(*_within(article.date, since, until))
        if query is not None:
            hits = self._fulltext.article_hits(query).subquery()
            stmt = (
                stmt.add_columns(hits.c.snippet).join(hits, hits.c.id == article.id).order_by(hits.c.rank, article.id)
            )
        else:
            stmt = stmt.add_columns(literal("", type_=Text)).order_by(*_by_date(newest_first=True))
        if outlet is not None:
            stmt = stmt.where(article.publisher == outlet)
        with self._sessions() as session:
            rows = session.execute(stmt.limit(limit).offset(offset or None))
            return [ArticleHit(_article_row(*row[:-1]), row[-1]) for row in rows]

    def article(self, doc_id: str) -> ArticleDetail | None:
        """One article with its text, regions, attributions and their speakers, time expressions,
        mentions, events and near-duplicates; None if unknown."""
        stored_article = schema.Article
        with self._sessions() as session:
            summary = session.execute(_article_select().where(stored_article.doc_id == doc_id)).one_or_none()
            if summary is None:
                return None
            stored = session.scalars(
                select(stored_article).where(stored_article.doc_id == doc_id).options(*WITH_CHILDREN)
            ).one()
            extraction = _extraction(stored)
            speakers = _speakers_of(session, {stored.id})
            pair = schema.NearDuplicate
            pairs = session.execute(
                select(pair.article_id, pair.other_id, pair.similarity).where(
                    or_(pair.article_id == stored.id, pair.other_id == stored.id)
                )
            ).all()
            others = {a if a != stored.id else b: similarity for a, b, similarity in pairs}
            doc_ids = dict(
                session.execute(
                    select(stored_article.id, stored_article.doc_id).where(stored_article.id.in_(others))
                ).all()
            )
            row = _article_row(*summary)
            return ArticleDetail(
                article=row,
                text=stored.text,
                regions=extraction.regions,
                attributions=tuple(
                    AttributionRow(a.ordinal, _attribution(a), a.link_confidence, a.link_reason)
                    for a in stored.attributions
                ),
                time_expressions=extraction.time_expressions,
                mentions=extraction.mentions,
                events=tuple(
                    _event_row(stored.id, doc_id, row.publisher, row.date, coded, speakers)
                    for coded in extraction.events
                ),
                near_duplicates=tuple(
                    NearDuplicate(doc_ids[other], similarity) for other, similarity in sorted(others.items())
                ),
            )

    def publishers(self) -> list[str]:
        """The outlets of the stored articles, by name."""
        publisher = schema.Article.publisher
        with self._sessions() as session:
            return list(session.scalars(select(publisher).where(publisher.is_not(None)).distinct().order_by(publisher)))

    def extractions_of(self, doc_ids: Iterable[str]) -> list[Extraction]:
        """The stored extractions of these articles, rebuilt (corrections applied), in the order
        they were first stored."""
        stmt = (
            select(schema.Article)
            .where(schema.Article.doc_id.in_(list(doc_ids)))
            .options(*WITH_CHILDREN)
            .order_by(schema.Article.id)
        )
        with self._sessions() as session:
            return [_extraction(article) for article in session.scalars(stmt)]

    def export_extractions(self) -> Iterator[Extraction]:
        """The stored extractions, rebuilt, in the order they were first stored.

        Entity names and types are the stored ones: the latest saved for each id.
        """
        stmt = (
            select(schema.Article).options(*WITH_CHILDREN).order_by(schema.Article.id).execution_options(yield_per=100)
        )
        with self._sessions() as session:
            yield from (_extraction(article) for article in session.scalars(stmt))
