"""The read model's quotes: attributions filtered by speaker, words, dates, kind and outlet,
and the facets of what a filter finds."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Select, and_, distinct, exists, func, or_, select
from sqlalchemy.orm import aliased

from newsgraph.resolve import entities
from newsgraph.resolve.entities import name_key
from newsgraph.store import schema
from newsgraph.store.common import StoreBase, _by_date
from newsgraph.store.read.rows import _evidence, _most, _spans, _within
from newsgraph.store.results import QuoteFacets, QuoteRow


class QuoteQueries(StoreBase):
    """Who said what: the quotes pages, the API and the command line list and count."""

    def quotes(
        self,
        speaker: str | None = None,
        search: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        limit: int | None = None,
        outlet: str | None = None,
        offset: int = 0,
        order: str = "newest",
    ) -> list[QuoteRow]:
        """Attributions, newest article first (in text order within one), filtered; ``order``
        "oldest" turns that round, "relevance" puts the best matches of ``search`` first.

        ``speaker`` is an entity id (also one merged away), or its name or any alias, or words of
        its name, compared without case, accents, punctuation and leading titles: "whitfield"
        and "Mrs. Whitfield" find "Dana Whitfield". When no alias is the given name, it is tried
        without its leading titles, demonyms and country names: "Chinese President Xi Jinping"
        finds "Xi Jinping". ``search`` is a full-text query over the
        content. ``since`` and ``until`` are inclusive ISO date
        prefixes (YYYY, YYYY-MM or YYYY-MM-DD): ``until="2022-03"`` includes all of March.
        ``outlet`` is a publisher, ``offset`` the number of rows to skip.
        """
        stmt = _quote_select(newest_first=order != "oldest").where(
            *self._quote_filters(speaker, search, since, until, kind, outlet)
        )
        if order == "relevance" and search is not None:
            ranked = self._fulltext.attribution_ranks(search).subquery()
            by_date = _by_date(newest_first=True)
            stmt = stmt.join(ranked, ranked.c.id == schema.Attribution.id).order_by(None)
            stmt = stmt.order_by(ranked.c.rank, *by_date, schema.Attribution.ordinal)
        with self._sessions() as session:
            return [_quote_row(*row) for row in session.execute(stmt.limit(limit).offset(offset or None))]

    def quote_facets(
        self,
        speaker: str | None = None,
        search: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        outlet: str | None = None,
        top: int = 10,
    ) -> QuoteFacets:
        """What the quotes ``quotes`` finds with these filters are, all of them counted: how many,
        the ``top`` speakers and outlets, the kinds, and the months."""
        attribution, article = schema.Attribution, schema.Article
        month = func.substr(article.date, 1, 7)
        filters = self._quote_filters(speaker, search, since, until, kind, outlet)
        count = func.count(attribution.id)
        with self._sessions() as session:
            # one pass counts them by outlet, kind and month together; each facet is summed from it
            cells = session.execute(
                select(article.publisher, attribution.kind, month, count)
                .join(article, article.id == attribution.article_id)
                .where(*filters)
                .group_by(article.publisher, attribution.kind, month)
            ).all()
            entity = schema.Entity
            speakers = session.execute(
                select(entity.id, entity.name, count)
                .join(attribution, attribution.speaker_id == entity.id)
                .join(article, article.id == attribution.article_id)
                .where(*filters)
                .group_by(entity.id, entity.name)
                .order_by(count.desc(), entity.name)
                .limit(top)
            ).all()
        outlets: Counter[str | None] = Counter()
        kinds: Counter[str] = Counter()
        months: Counter[str] = Counter()
        for publisher, kind, period, n in cells:
            outlets[publisher] += n
            kinds[kind] += n
            if period:
                months[period] += n
        return QuoteFacets(
            total=sum(kinds.values()),
            speakers=tuple((i, n, c) for i, n, c in speakers),
            outlets=tuple(_most(outlets)[:top]),
            kinds=tuple(_most(kinds)),
            months=tuple(sorted(months.items())),
        )

    def _quote_filters(
        self,
        speaker: str | None,
        search: str | None,
        since: str | None,
        until: str | None,
        kind: str | None,
        outlet: str | None,
    ) -> list[Any]:
        """The conditions on attributions joined to their articles that the quote filters make."""
        conditions: list[Any] = []
        if speaker is not None:
            correction = schema.Correction
            merged_into = select(correction.entity_id).where(correction.kind == "merge", correction.other_id == speaker)
            conditions.append(
                or_(
                    schema.Attribution.speaker_id == speaker,
                    schema.Attribution.speaker_id.in_(merged_into),
                    schema.Attribution.speaker_id.in_(_named(speaker)),
                )
            )
        if search is not None:
            conditions.append(self._fulltext.match_attributions(search))
        conditions.extend(_within(schema.Article.date, since, until))
        if kind is not None:
            conditions.append(schema.Attribution.kind == kind)
        if outlet is not None:
            conditions.append(schema.Article.publisher == outlet)
        return conditions


def _named(name: str) -> Select[tuple[str]]:
    """Ids of the entities with ``name`` as a name or alias, or with all its words in their
    name, compared by ``name_key``; failing that, by ``bare_key`` ("Chinese President Xi
    Jinping" finds "Xi Jinping")."""
    key, alias, part = name_key(name), schema.EntityAlias, schema.EntityNamePart
    words = set(key.split())
    bare, exact = entities.bare_key(name), aliased(schema.EntityAlias)
    return (
        select(alias.entity_id)
        .where(
            or_(
                alias.key == key,
                and_(alias.key == bare, ~exists().where(exact.key == key)),
            )
        )
        .union(
            # words of a name find people and bodies, not the descriptions that name them
            # ("Strategists for Barack Obama and Clinton")
            select(part.entity_id)
            .join(schema.Entity, schema.Entity.id == part.entity_id)
            .where(part.part.in_(words), schema.Entity.type != "GROUP")
            .group_by(part.entity_id)
            .having(func.count(distinct(part.part)) == len(words))
        )
    )


def _quote_select(*, newest_first: bool) -> Select[Any]:
    article = schema.Article
    return (
        select(schema.Attribution, article.doc_id, article.date, article.publisher, article.title, article.url)
        .join(article, article.id == schema.Attribution.article_id)
        .order_by(*_by_date(newest_first=newest_first), schema.Attribution.ordinal)
    )


def _quote_row(
    attribution: schema.Attribution,
    doc_id: str,
    date: str | None,
    publisher: str | None,
    title: str | None,
    url: str | None,
) -> QuoteRow:
    speaker = attribution.speaker
    source, cue, content = _spans(attribution)
    return QuoteRow(
        doc_id=doc_id,
        date=date,
        publisher=publisher,
        title=title,
        url=url,
        ordinal=attribution.ordinal,
        kind=attribution.kind,
        speaker_id=attribution.speaker_id,
        speaker_name=speaker.name if speaker else None,
        speaker_role=attribution.speaker_role,
        speaker_confidence=attribution.speaker_confidence,
        link_confidence=attribution.link_confidence,
        link_reason=attribution.link_reason,
        medium=attribution.medium,
        source=source,
        cue=cue,
        content=content,
        content_text=attribution.content_text,
        evidence=_evidence(attribution),
    )
