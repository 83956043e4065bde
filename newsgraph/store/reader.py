"""The read model: quotes, speakers, entities, events, articles, statistics and exports, as the
pages, the API and the command line ask for them."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Text, and_, case, distinct, exists, func, literal, or_, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session, aliased, defer, selectinload

from newsgraph.records import (
    Actor,
    Attribution,
    AttributionKind,
    Event,
    Extraction,
    Mention,
    Region,
    RegionLabel,
    Span,
    Speaker,
    TimeExpression,
)
from newsgraph.resolve import entities
from newsgraph.resolve.countries import country_code
from newsgraph.resolve.entities import name_key
from newsgraph.store import schema
from newsgraph.store.common import StoreBase, _attribution_correction_row, _by_date, _corrections, _utc
from newsgraph.store.results import (
    ArticleDetail,
    ArticleHit,
    ArticleRow,
    AttributionCorrectionRow,
    AttributionRow,
    Breakdown,
    CorrectionRow,
    EntityDetail,
    EventRow,
    MentionCount,
    NearDuplicate,
    QuoteFacets,
    QuoteRow,
    RoleRow,
    SpeakerRow,
    Stats,
)

TOP_SPEAKERS = 10

_DATE_BOUND = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

#: Attribution kinds that are speech, counted as quotes by the diversity figures.
QUOTE_KINDS = ("direct", "indirect", "mixed")

#: Speaker facets of the diversity figures.
FACETS = ("gender", "country", "category")


class StoreReader(StoreBase):
    """The read model: what the pages, the API and the command line ask of a store."""

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

        def by(*keys: Any, limit: int | None = None, order: Any = None) -> list[Any]:
            stmt = (
                select(*keys, count)
                .join(article, article.id == attribution.article_id)
                .where(*filters)
                .group_by(*keys)
                .order_by(*((order,) if order is not None else (count.desc(), *keys)))
                .limit(limit)
            )
            return list(session.execute(stmt).all())

        with self._sessions() as session:
            total = session.execute(
                select(count).join(article, article.id == attribution.article_id).where(*filters)
            ).scalar_one()
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
            return QuoteFacets(
                total=total,
                speakers=tuple((i, n, c) for i, n, c in speakers),
                outlets=tuple((o, c) for o, c in by(article.publisher, limit=top)),
                kinds=tuple((k, c) for k, c in by(attribution.kind)),
                months=tuple((m, c) for m, c in by(month, order=month) if m),
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
        if since is not None:
            conditions.append(schema.Article.date >= _date_bound(since))
        if until is not None:
            bound = _date_bound(until)
            conditions.append(func.substr(schema.Article.date, 1, len(bound)) <= bound)
        if kind is not None:
            conditions.append(schema.Attribution.kind == kind)
        if outlet is not None:
            conditions.append(schema.Article.publisher == outlet)
        return conditions

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

    def articles(self, limit: int | None = None) -> list[ArticleRow]:
        """The stored articles in date order."""
        stmt = _article_select().order_by(*_by_date()).limit(limit)
        with self._sessions() as session:
            return [_article_row(*row) for row in session.execute(stmt)]

    def speakers(
        self, limit: int | None = None, offset: int = 0, search: str | None = None, order: str = "quotes"
    ) -> list[SpeakerRow]:
        """Speakers by number of quotes (``order``: or "articles", or "name"), counting each
        near-duplicate story once; ``search``: words in their name or one of their aliases."""
        attribution, entity, role = schema.Attribution, schema.Entity, schema.EntityRole
        quotes = func.count(attribution.id)
        articles = func.count(distinct(attribution.article_id))
        orders = {"quotes": (quotes.desc(),), "articles": (articles.desc(), quotes.desc()), "name": ()}
        stmt = (
            select(
                entity.id,
                entity.name,
                entity.type,
                quotes,
                articles,
                _gender(),
                entity.country,
                entity.category,
            )
            .join(attribution, attribution.speaker_id == entity.id)
            .join(schema.Article, schema.Article.id == attribution.article_id)
            .where(_is_story())
            .group_by(entity.id)
            .order_by(*orders[order], entity.name, entity.id)
            .limit(limit)
            .offset(offset or None)
        )
        if search and search.strip():
            wanted = search.strip().casefold().replace("%", "").replace("_", "")

            def starts_a_word(column: Any) -> Any:  # "xi" finds Xi Jinping, not "Exit polls"
                return or_(func.lower(column).like(f"{wanted}%"), func.lower(column).like(f"% {wanted}%"))

            alias = schema.EntityAlias
            # an alias of three words at most is a name ("Mr. Xi"); longer ones describe others too
            words = func.length(alias.alias) - func.length(func.replace(alias.alias, " ", "")) + 1
            named = select(alias.entity_id).where(starts_a_word(alias.alias), words <= 3)
            stmt = stmt.where(or_(starts_a_word(entity.name), entity.id.in_(named)))
        with self._sessions() as session:
            rows = session.execute(stmt).all()
            ids = [row[0] for row in rows]
            aliases = _grouped(
                session,
                select(schema.EntityAlias.entity_id, schema.EntityAlias.alias)
                .where(schema.EntityAlias.entity_id.in_(ids))
                .order_by(schema.EntityAlias.alias),
            )
            latest = func.max(role.date)
            roles = _grouped(
                session,
                select(role.entity_id, role.role)
                .where(role.entity_id.in_(ids))
                .group_by(role.entity_id, role.role)
                .order_by(latest.is_(None), latest.desc(), role.role),
            )
        return [
            SpeakerRow(
                id=id_,
                name=name,
                type=type_,
                quotes=quotes,
                articles=articles,
                aliases=tuple(a for a in aliases[id_] if a != name),
                gender=gender,
                country=country,
                category=category or "unspecified",
                roles=tuple(roles[id_]),
            )
            for id_, name, type_, quotes, articles, gender, country, category in rows
        ]

    def entity(self, entity_id: str) -> EntityDetail | None:
        """An entity (or the one it was merged into) with its aliases, roles over time, the
        reasons its quotes were linked to it, and the corrections that concern it; None if unknown."""
        with self._sessions() as session:
            redirects, _ = _corrections(session)
            found = session.get(schema.Entity, entities.follow_redirects(entity_id, redirects))
            if found is None:
                return None
            attribution, mention, role, correction = (
                schema.Attribution,
                schema.Mention,
                schema.EntityRole,
                schema.Correction,
            )
            quotes = func.count(attribution.id)
            reasons = session.execute(
                select(func.coalesce(attribution.link_reason, ""), quotes)
                .where(attribution.speaker_id == found.id)
                .group_by(attribution.link_reason)
                .order_by(quotes.desc(), attribution.link_reason)
            ).all()
            roles = session.execute(
                select(role.role, func.min(role.date), func.max(role.date), func.count(distinct(role.article_id)))
                .where(role.entity_id == found.id)
                .group_by(role.role)
                .order_by(func.min(role.date).is_(None), func.min(role.date), role.role)
            ).all()
            return EntityDetail(
                id=found.id,
                name=found.name,
                type=found.type,
                gender=_majority(found.female, found.male),
                female=found.female,
                male=found.male,
                country=found.country,
                category=found.category or "unspecified",
                quotes=sum(count for _, count in reasons),
                mentions=session.scalar(select(func.count()).where(mention.entity_id == found.id)) or 0,
                aliases=tuple(
                    session.scalars(
                        select(schema.EntityAlias.alias)
                        .where(schema.EntityAlias.entity_id == found.id, schema.EntityAlias.alias != found.name)
                        .order_by(schema.EntityAlias.alias)
                    )
                ),
                roles=tuple(RoleRow(*row) for row in roles),
                link_reasons=tuple((reason, count) for reason, count in reasons),
                corrections=tuple(
                    _correction_row(row)
                    for row in session.scalars(
                        select(correction)
                        .where(or_(correction.entity_id == found.id, correction.other_id == found.id))
                        .order_by(correction.id)
                    )
                ),
            )

    def corrections(self) -> list[CorrectionRow]:
        """Every merge and split, oldest first."""
        with self._sessions() as session:
            return [
                _correction_row(row)
                for row in session.scalars(select(schema.Correction).order_by(schema.Correction.id))
            ]

    def stats(self, top: int = TOP_SPEAKERS) -> Stats:
        """Counts over distinct stories (near-duplicates of an earlier article left out).

        ``diversity``: per outlet and month, the quotes (speech: direct, indirect, mixed) with a
        resolved speaker, by the speaker's gender (people only), country and category, as
        source-diversity audits count them. These are the entity's, as most articles gave them.
        """
        article = schema.Article
        month = func.substr(article.date, 1, 7)
        with self._sessions() as session:
            articles, stories = session.execute(
                select(func.count(), func.count(case((_is_story(), 1)))).select_from(article)
            ).one()
            by_kind = _counts(session, schema.Attribution.kind)
            by_publisher = _counts(session, article.publisher)
            by_month = _counts(session, month, order=month)
            diversity = _diversity(session)
        return Stats(
            articles=articles,
            stories=stories,
            attributions=sum(by_kind.values()),
            by_kind=by_kind,
            by_publisher=by_publisher,
            by_month=by_month,
            top_speakers=tuple(self.speakers(limit=top)),
            diversity=diversity,
        )

    def speaker_outlets(self, entity_id: str) -> dict[str | None, int]:
        """An entity's quotes per outlet, all of them (a wire copy in another outlet counts there too)."""
        count = func.count(schema.Attribution.id)
        stmt = (
            select(schema.Article.publisher, count)
            .join(schema.Article, schema.Article.id == schema.Attribution.article_id)
            .where(schema.Attribution.speaker_id == entity_id)
            .group_by(schema.Article.publisher)
            .order_by(count.desc(), schema.Article.publisher)
        )
        with self._sessions() as session:
            return dict(session.execute(stmt).all())

    def export_extractions(self) -> Iterator[Extraction]:
        """The stored extractions, rebuilt, in the order they were first stored.

        Entity names and types are the stored ones: the latest saved for each id.
        """
        stmt = (
            select(schema.Article)
            .options(
                selectinload(schema.Article.regions),
                selectinload(schema.Article.mentions),
                selectinload(schema.Article.attributions),
                selectinload(schema.Article.time_expressions),
                selectinload(schema.Article.events),
            )
            .order_by(schema.Article.id)
            .execution_options(yield_per=100)
        )
        with self._sessions() as session:
            yield from (_extraction(article) for article in session.scalars(stmt))

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
                select(stored_article)
                .where(stored_article.doc_id == doc_id)
                .options(
                    selectinload(stored_article.regions),
                    selectinload(stored_article.mentions),
                    selectinload(stored_article.attributions),
                    selectinload(stored_article.time_expressions),
                    selectinload(stored_article.events),
                )
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
                    EventRow(
                        doc_id,
                        row.publisher,
                        row.date,
                        _day(coded.date.value if coded.date else None) or row.date,
                        coded,
                        speakers.get((stored.id, coded.attribution)) if coded.attribution is not None else None,
                        tuple(name for i in coded.contested_by if (name := speakers.get((stored.id, i)))),
                    )
                    for coded in extraction.events
                ),
                near_duplicates=tuple(
                    NearDuplicate(doc_ids[other], similarity) for other, similarity in sorted(others.items())
                ),
            )

    def attribution_corrections(self) -> list[AttributionCorrectionRow]:
        """Every rejection of an attribution and every speaker given to one, oldest first."""
        correction = schema.AttributionCorrection
        with self._sessions() as session:
            return [
                _attribution_correction_row(row) for row in session.scalars(select(correction).order_by(correction.id))
            ]

    def talked_about(self, entity_id: str, limit: int | None = None) -> list[MentionCount]:
        """The entities named inside the quotes of an entity (or the one it was merged into), in
        distinct stories, most named first."""
        attribution, mention = schema.Attribution, schema.Mention
        with self._sessions() as session:
            redirects, _ = _corrections(session)
            speaker = entities.follow_redirects(entity_id, redirects)
            contents: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
            for article_id, content in session.execute(
                select(attribution.article_id, attribution.content)
                .join(schema.Article, schema.Article.id == attribution.article_id)
                .where(attribution.speaker_id == speaker, _is_story())
            ):
                contents[article_id].extend((span["start"], span["end"]) for span in content)
            counts: Counter[str] = Counter()
            for article_id, start, end, mentioned in session.execute(
                select(mention.article_id, mention.start, mention.end, mention.entity_id).where(
                    mention.article_id.in_(contents), mention.entity_id != speaker
                )
            ):
                if any(s <= start and end <= e for s, e in contents[article_id]):
                    counts[mentioned] += 1
            named = {row.id: row for row in session.scalars(select(schema.Entity).where(schema.Entity.id.in_(counts)))}
        ranked = sorted(counts.items(), key=lambda item: (-item[1], named[item[0]].name))
        return [MentionCount(i, named[i].name, named[i].type, n) for i, n in ranked[:limit]]

    def events(
        self,
        actor: str | None = None,
        recipient: str | None = None,
        event: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[EventRow]:
        """Events of distinct stories, the ``limit`` newest articles' that match (after the ``offset``
        newest), in event-date order.

        ``actor`` and ``recipient`` match a party by country, code or demonym ("China", "CHN",
        "Chinese") or by the words of its name ("Xi"), without case; ``event`` is a PLOVER type.
        ``since`` and ``until`` are inclusive ISO date prefixes compared with the event's date (a
        week or a month counts from its first day); an event dated only by its article takes the
        article date. Only as many stored events are decoded as needed, and those that cannot match
        (no party's code or name word in their record) are skipped in SQL, so a party named with
        accents or inner punctuation is found by its country code or plain words."""
        event_row, article = schema.Event, schema.Article
        stmt = (
            select(event_row.article_id, event_row.payload, article.doc_id, article.publisher, article.date)
            .join(article, event_row.article_id == article.id)
            .where(_is_story())
            .order_by(*_by_date(newest_first=True), event_row.ordinal)
        )
        record = sql_cast(event_row.payload, Text)
        for party in (actor, recipient):
            if party is not None:
                hints = {country_code(party) or party.upper(), *name_key(party).split()}
                stmt = stmt.where(or_(*(record.ilike(f"%{_escape_like(hint)}%", escape="\\") for hint in hints)))
        if event is not None:
            stmt = stmt.where(record.like(f'%"{_escape_like(event.upper())}"%', escape="\\"))
        found: list[tuple[int, str, str | None, str | None, Event]] = []
        skip = offset
        with self._sessions() as session:
            for article_id, payload, doc_id, publisher, published in session.execute(
                stmt.execution_options(yield_per=500)
            ):
                coded = Event.from_json(payload)
                day = _day(coded.date.value if coded.date else None) or published
                if (
                    (event is not None and coded.event != event.upper())
                    or not (_party(coded.actor, actor) and _party(coded.recipient, recipient))
                    or (since and (day or "") < _date_bound(since))
                    or (until and (day or "")[: len(until)] > until)
                ):
                    continue
                if skip:
                    skip -= 1
                    continue
                found.append((article_id, doc_id, publisher, published, coded))
                if limit is not None and len(found) >= limit:
                    break
            speakers = _speakers_of(session, {f[0] for f in found})
        rows = [
            EventRow(
                doc_id,
                publisher,
                published,
                _day(coded.date.value if coded.date else None) or published,
                coded,
                speakers.get((article_id, coded.attribution)) if coded.attribution is not None else None,
                tuple(name for i in coded.contested_by if (name := speakers.get((article_id, i)))),
            )
            for article_id, doc_id, publisher, published, coded in found
        ]
        return sorted(rows, key=lambda row: (row.day or "", row.doc_id, row.event.trigger.start))

    def latest_roles(self, entity_ids: Iterable[str]) -> dict[str, str]:
        """Entity id -> the role the latest article gave it, for those that were given one."""
        role = schema.EntityRole
        latest = func.max(role.date)
        stmt = (
            select(role.entity_id, role.role)
            .where(role.entity_id.in_(list(entity_ids)))
            .group_by(role.entity_id, role.role)
            .order_by(latest.is_not(None), latest, role.role)
        )
        with self._sessions() as session:
            return dict(session.execute(stmt).all())  # the latest of each entity comes last

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
            .options(
                selectinload(schema.Article.regions),
                selectinload(schema.Article.mentions),
                selectinload(schema.Article.attributions),
                selectinload(schema.Article.time_expressions),
                selectinload(schema.Article.events),
            )
            .order_by(schema.Article.id)
        )
        with self._sessions() as session:
            return [_extraction(article) for article in session.scalars(stmt)]


def _majority(female: int, male: int) -> str:
    """female or male when more of the evidence says so, else unknown."""
    return "female" if female > male else "male" if male > female else "unknown"


def _gender() -> Any:
    """``_majority`` of an entity's gender evidence, in SQL."""
    entity = schema.Entity
    return case((entity.female > entity.male, "female"), (entity.male > entity.female, "male"), else_="unknown")


def _grouped(session: Session, stmt: Select[Any]) -> defaultdict[str, list[Any]]:
    """The second column of ``stmt``'s rows, in order, grouped by the first."""
    groups: defaultdict[str, list[Any]] = defaultdict(list)
    for key, value in session.execute(stmt):
        groups[key].append(value)
    return groups


def _correction_row(row: schema.Correction) -> CorrectionRow:
    return CorrectionRow(
        id=row.id,
        kind=row.kind,
        entity_id=row.entity_id,
        other_id=row.other_id,
        alias=row.alias,
        note=row.note,
        made_at=_utc(row.made_at).isoformat(),
    )


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


def _date_bound(value: str) -> str:
    if not _DATE_BOUND.fullmatch(value):
        raise ValueError(f"not an ISO date or prefix (YYYY, YYYY-MM, YYYY-MM-DD): {value!r}")
    return value


def _party(parties: Sequence[Actor], wanted: str | None) -> bool:
    """Whether ``wanted`` (a country, its code or demonym, a CAMEO actor code such as USAGOV, or words
    of a name) is one of ``parties``."""
    if wanted is None:
        return True
    code = country_code(wanted) or wanted.upper()  # "China", "Chinese" and "CHN" all mean CHN
    words = set(name_key(wanted).split())
    return any(code in (p.country, p.code) or (words and words <= set(name_key(p.name).split())) for p in parties)


def _day(value: str | None) -> str | None:
    """A TimeML date value as an ISO day for ordering: 2022-W11 is 2022-03-14, 2022-02 is 2022-02-01."""
    if not value:
        return None
    if match := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        return date.fromisocalendar(int(match[1]), int(match[2]), 1).isoformat()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return value + "-01-01"[len(value) - 4 :]
    return None


def _speakers_of(session: Session, article_ids: set[int]) -> dict[tuple[int, int], str]:
    """(article, ordinal) -> the name of the attribution's speaker, or its source text."""
    rows = session.execute(
        select(
            schema.Attribution.article_id,
            schema.Attribution.ordinal,
            schema.Entity.name,
            schema.Attribution.source_text,
        )
        .outerjoin(schema.Entity, schema.Attribution.speaker_id == schema.Entity.id)
        .where(schema.Attribution.article_id.in_(article_ids))
    )
    return {(a, o): name or source for a, o, name, source in rows if name or source}


def _is_story() -> Any:
    return schema.Article.duplicate_of.is_(None)


def _counts(session: Session, key: Any, order: Any = None) -> dict[Any, int]:
    """Attributions of distinct stories per value of ``key``, most first unless ``order``."""
    count = func.count(schema.Attribution.id)
    stmt = (
        select(key, count)
        .select_from(schema.Attribution)
        .join(schema.Article, schema.Article.id == schema.Attribution.article_id)
        .where(_is_story())
        .group_by(key)
        .order_by(*((order,) if order is not None else (count.desc(), key)))
    )
    return dict(session.execute(stmt).all())


def _diversity(session: Session) -> tuple[Breakdown, ...]:
    """Quotes of distinct stories per outlet, month and value of each speaker facet."""
    article, attribution, entity = schema.Article, schema.Attribution, schema.Entity
    month = func.substr(article.date, 1, 7)
    values = {
        "gender": _gender(),
        "country": func.coalesce(entity.country, "unknown"),
        "category": func.coalesce(entity.category, "unspecified"),
    }
    counts: dict[tuple[str | None, str | None, str], Counter[str]] = defaultdict(Counter)
    for facet in FACETS:
        value, quotes = values[facet], func.count(attribution.id)
        stmt = (
            select(article.publisher, month, value, quotes)
            .join(attribution, attribution.article_id == article.id)
            .join(entity, entity.id == attribution.speaker_id)
            .where(_is_story(), attribution.kind.in_(QUOTE_KINDS))
            .group_by(article.publisher, month, value)
        )
        if facet == "gender":
            stmt = stmt.where(entity.type == "PERSON")
        for publisher, period, found, count in session.execute(stmt):
            counts[publisher, period, facet][found] = count

    def order(key: tuple[str | None, str | None, str]) -> tuple[Any, ...]:
        publisher, period, facet = key
        return (publisher is None, publisher or "", period is None, period or "", FACETS.index(facet))

    return tuple(
        Breakdown(publisher, period, facet, dict(sorted(found.items(), key=lambda item: (-item[1], item[0]))))
        for (publisher, period, facet), found in sorted(counts.items(), key=lambda item: order(item[0]))
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


def _spans(row: schema.Attribution) -> tuple[Span | None, Span | None, tuple[Span, ...]]:
    """The source, cue and content spans of a stored attribution."""
    source = cue = None
    if row.source_start is not None:
        source = Span(row.source_start, cast(int, row.source_end), cast(str, row.source_text))
    if row.cue_start is not None:
        cue = Span(row.cue_start, cast(int, row.cue_end), cast(str, row.cue_text))
    return source, cue, tuple(Span(**span) for span in row.content)


def _evidence(row: schema.Attribution) -> Span | None:
    if row.evidence_start is None:
        return None
    return Span(row.evidence_start, cast(int, row.evidence_end), cast(str, row.evidence_text))


def _article_select() -> Select[Any]:
    article = schema.Article
    earliest = aliased(schema.Article)
    attributions = (
        select(func.count(schema.Attribution.id)).where(schema.Attribution.article_id == article.id).scalar_subquery()
    )
    return (
        select(article, earliest.doc_id, attributions)
        .outerjoin(earliest, earliest.id == article.duplicate_of)
        .options(defer(article.text), defer(article.minhash))
    )


def _article_row(article: schema.Article, duplicate_of: str | None, attributions: int) -> ArticleRow:
    return ArticleRow(
        doc_id=article.doc_id,
        date=article.date,
        title=article.title,
        publisher=article.publisher,
        url=article.url,
        author=article.author,
        path=article.path,
        pipeline=article.pipeline,
        ingested_at=_utc(article.ingested_at).isoformat(),
        duplicate_of=duplicate_of,
        attributions=attributions,
    )


def _extraction(article: schema.Article) -> Extraction:
    return Extraction(
        doc_id=article.doc_id,
        date=article.date,
        title=article.title,
        publisher=article.publisher,
        url=article.url,
        author=article.author,
        text=article.text,
        pipeline=article.pipeline,
        path=article.path,
        regions=tuple(Region(r.start, r.end, r.text, cast(RegionLabel, r.label)) for r in article.regions),
        attributions=tuple(_attribution(a) for a in article.attributions),
        time_expressions=tuple(
            TimeExpression(t.start, t.end, t.text, t.value, t.type, t.mod) for t in article.time_expressions
        ),
        mentions=tuple(
            Mention(m.start, m.end, m.text, m.entity_id, m.entity.name, m.entity.type) for m in article.mentions
        ),
        events=tuple(Event.from_json(e.payload) for e in article.events),
    )


def _attribution(row: schema.Attribution) -> Attribution:
    speaker = None
    if row.speaker is not None:  # then the confidence and reason were stored with it
        speaker = Speaker(
            id=row.speaker.id,
            name=row.speaker.name,
            type=row.speaker.type,
            confidence=cast(float, row.speaker_confidence),
            reason=cast(str, row.speaker_reason),
            role=row.speaker_role,
            gender=row.speaker_gender,
            country=row.speaker_country,
            category=row.speaker_category,
        )
    return Attribution(
        *_spans(row),
        kind=cast(AttributionKind, row.kind),
        speaker=speaker,
        medium=row.medium,
        unresolved=row.speaker_reason if speaker is None else None,
        evidence=_evidence(row),
    )


def _within(column: Any, since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    """Conditions that an ISO date ``column`` is within inclusive ISO date prefixes."""
    conditions = []
    if since is not None:
        conditions.append(column >= _date_bound(since))
    if until is not None:
        bound = _date_bound(until)
        conditions.append(func.substr(column, 1, len(bound)) <= bound)
    return conditions


def _escape_like(text: str) -> str:
    """``text`` with the LIKE wildcards escaped (by a backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
