"""The store: extractions in, quotes, speakers, statistics and exports out.

The same code runs on SQLite and PostgreSQL; what differs (full-text search, upserts,
connection set-up) stays in this package.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, cast

import numpy as np
from sqlalchemy import (
    URL,
    ColumnElement,
    Engine,
    Select,
    Text,
    and_,
    case,
    create_engine,
    delete,
    distinct,
    event,
    exists,
    func,
    insert,
    literal,
    make_url,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased, defer, selectinload, sessionmaker

from newsgraph.ingest import dedup
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
from newsgraph.resolve.entities import Known, Link, Local, Pin, name_key, name_parts
from newsgraph.settings import Settings
from newsgraph.store import fulltext, migrations, schema
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
    SaveOutcome,
    SaveStatus,
    SpeakerRow,
    Stats,
)

#: Joins the content spans of an attribution in ``content_text``.
CONTENT_SEPARATOR = " … "
TOP_SPEAKERS = 10
# A pronoun source ("he said") names nobody: it is not recorded as an alias.
_PRONOUNS = frozenset({"i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them", "who"})
_DATE_BOUND = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
#: Attribution kinds that are speech, counted as quotes by the diversity figures.
QUOTE_KINDS = ("direct", "indirect", "mixed")
#: Speaker facets of the diversity figures.
FACETS = ("gender", "country", "category")
_ORGANISATION_TYPES = frozenset({"ORG", "GPE", "NORP"})
_CHILDREN = (
    schema.EntityRole,
    schema.Region,
    schema.Mention,
    schema.Attribution,
    schema.TimeExpression,
    schema.Event,
    schema.MinhashBand,
)


def engine_url(url: str) -> URL:
    """The SQLAlchemy URL for a store URL: a bare path is a SQLite file, and
    ``postgresql://`` uses the psycopg 3 driver."""
    if "://" not in url:
        path = Path(url).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return URL.create("sqlite", database=str(path))
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")
    return parsed


def _set_up_sqlite(engine: Engine) -> None:
    # pysqlite would otherwise begin transactions only at the first write and run DDL
    # outside them; the store wants every save and migration to be one transaction.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


class Store:
    """Articles and everything extracted from them, in SQLite or PostgreSQL."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self._engine = engine
        self._settings = settings
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._fulltext = fulltext.for_dialect(engine.dialect.name)
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    @classmethod
    def open(cls, url: str, settings: Settings | None = None) -> Store:
        """Open (creating and migrating as needed) the store at ``url``."""
        engine = create_engine(engine_url(url))
        if engine.dialect.name == "sqlite":
            _set_up_sqlite(engine)
        with engine.begin() as connection:
            migrations.upgrade(connection)
        return cls(engine, settings or Settings())

    @property
    def engine(self) -> Engine:
        """For read-only checks that are not the read model's (``newsgraph.store.audit``)."""
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------

    def save(self, extraction: Extraction) -> SaveOutcome:
        """Store an article and all that was extracted from it, in one transaction.

        A new article whose text another
        one already has is not stored ("duplicate"); an article updated to such a text is
        linked to it as a near-duplicate. Raises ValueError, writing nothing, when a span
        does not match the text.
        """
        _check_offsets(extraction)
        sha = hashlib.sha256(extraction.text.encode("utf-8")).hexdigest()
        status: SaveStatus
        touched: set[str] = set()
        with self._sessions.begin() as session:
            article = session.scalars(
                select(schema.Article).where(schema.Article.doc_id == extraction.doc_id)
            ).one_or_none()
            if article is None:
                same_text = session.scalars(
                    select(schema.Article.doc_id)
                    .where(schema.Article.text_sha256 == sha)
                    .order_by(schema.Article.id)
                    .limit(1)
                ).first()
                if same_text is not None:
                    return SaveOutcome("duplicate", extraction.doc_id, duplicate_of=same_text)
                article = schema.Article(doc_id=extraction.doc_id)
                session.add(article)
                status, story = "new", set()
            elif article.text_sha256 == sha and article.pipeline == extraction.pipeline:
                return SaveOutcome("unchanged", extraction.doc_id)
            else:
                status, story = "updated", _story(session, article.id)
                touched |= _entities_of(session, article.id)
                _delete_children(session, article.id)
            sig = dedup.signature(extraction.text, self._settings.minhash_permutations)
            _fill_article(article, extraction, sha=sha, path=extraction.path, minhash=dedup.pack(sig))
            session.flush()
            linked = self._link_entities(session, extraction)
            _insert_children(session, article.id, extraction, linked)
            touched |= _apply_attribution_corrections(session, article.id, extraction.doc_id)
            _rebuild_roles(session, {article.id})
            _refresh_entities(session, touched | linked.ids())
            links = self._link_near_duplicates(session, article.id, sig)
            _mark_earliest(session, story | {article.id})
            canonical = aliased(schema.Article)
            duplicate_of = session.scalar(
                select(canonical.doc_id).where(
                    canonical.id == schema.Article.duplicate_of,
                    schema.Article.id == article.id,
                )
            )
        return SaveOutcome(status, extraction.doc_id, duplicate_of, links)

    def _link_entities(self, session: Session, extraction: Extraction) -> _Linked:
        """Link the article's entities to the stored ones; store new entities, renames and aliases."""
        local = _local_entities(extraction)
        redirects, pins = _corrections(session)
        if not local:
            return _Linked({}, pins)
        entity, alias, part = schema.Entity, schema.EntityAlias, schema.EntityNamePart
        keys = {name_key(e.name) for e in local}
        parts = {p for e in local if e.type == "PERSON" for p in name_parts(e.name)}
        candidate_ids = (
            select(alias.entity_id).where(alias.key.in_(keys)).union(select(part.entity_id).where(part.part.in_(parts)))
        )
        known = [
            Known(*row)
            for row in session.execute(
                select(entity.id, entity.name, entity.type, entity.weight).where(entity.id.in_(candidate_ids))
            )
        ]
        alias_keys = [(i, k) for i, k in session.execute(select(alias.entity_id, alias.key).where(alias.key.in_(keys)))]
        links = entities.link_all(
            local,
            entities.Candidates(known, alias_keys),
            pins,
            redirects,
            taken=_taken(session, redirects),
        )
        _store_linked_entities(session, local, links)
        linked = _Linked(links, pins)
        aliases = {(links[e.id].id, e.name) for e in local} | set(linked.aliases(extraction))
        _add_aliases(session, self._insert, aliases)
        return linked

    def _link_near_duplicates(self, session: Session, article_id: int, sig: np.ndarray) -> tuple[NearDuplicate, ...]:
        """Store the article's LSH bands and link it to the stored near-duplicates."""
        threshold = self._settings.near_duplicate_threshold
        bands = dedup.bands(sig, threshold)
        if not bands:
            return ()
        session.execute(
            insert(schema.MinhashBand),
            [{"article_id": article_id, "band": band, "hash": value} for band, value in bands],
        )
        band = schema.MinhashBand
        candidates = select(band.article_id).where(
            tuple_(band.band, band.hash).in_(bands), band.article_id != article_id
        )
        links: dict[int, NearDuplicate] = {}
        for other_id, doc_id, packed in session.execute(
            select(schema.Article.id, schema.Article.doc_id, schema.Article.minhash)
            .where(schema.Article.id.in_(candidates))
            .order_by(schema.Article.id)
        ):
            other = dedup.unpack(packed)
            if other.shape != sig.shape:  # made under another minhash_permutations setting
                continue
            similarity = dedup.similarity(sig, other)
            if similarity >= threshold:
                links[other_id] = NearDuplicate(doc_id, similarity)
        if links:
            session.execute(
                insert(schema.NearDuplicate),
                [
                    {"article_id": article_id, "other_id": other_id, "similarity": link.similarity}
                    for other_id, link in links.items()
                ],
            )
        return tuple(links.values())

    # -- corrections -----------------------------------------------------------------

    def merge_entities(self, into: str, other: str, note: str | None = None) -> None:
        """Merge ``other`` into ``into``: its quotes, mentions, aliases and roles move, and later
        saves send what they would have linked to ``other`` to ``into``. Raises KeyError for an
        unknown entity and ValueError for an entity merged with itself."""
        attribution, mention, alias = schema.Attribution, schema.Mention, schema.EntityAlias
        with self._sessions.begin() as session:
            redirects, _ = _corrections(session)
            kept, merged = (_entity(session, entities.follow_redirects(i, redirects)) for i in (into, other))
            if kept.id == merged.id:
                raise ValueError(f"{into!r} and {other!r} are already one entity: {kept.id!r}")
            articles = set(session.scalars(select(attribution.article_id).where(attribution.speaker_id == merged.id)))
            session.execute(
                update(attribution)
                .where(attribution.speaker_id == merged.id)
                .values(
                    speaker_id=kept.id,
                    link_confidence=1.0,
                    link_reason=f"{merged.name!r} was merged into this entity by a correction",
                )
            )
            session.execute(update(mention).where(mention.entity_id == merged.id).values(entity_id=kept.id))
            names = [merged.name, *session.scalars(select(alias.alias).where(alias.entity_id == merged.id))]
            _add_aliases(session, self._insert, ((kept.id, name) for name in names))
            session.delete(merged)  # with its aliases, name parts and roles
            session.flush()
            _rebuild_roles(session, articles)
            _record_correction(session, "merge", kept.id, merged.id, note=note)
            _refresh_entities(session, {kept.id})

    def split_entity(self, entity: str, alias: str, new_name: str | None = None, note: str | None = None) -> str:
        """Move the quotes and mentions of ``entity`` whose source or mention text is ``alias``
        (by ``name_key``) to a new entity named ``new_name`` (default: the alias), or to the
        existing entity of that name; later saves send that alias there too. Returns the id of
        the entity it went to. Raises KeyError for an unknown entity, ValueError for an alias
        the entity does not have or that is its own name."""
        attribution, mention, aliases = schema.Attribution, schema.Mention, schema.EntityAlias
        key = name_key(alias)
        with self._sessions.begin() as session:
            redirects, _ = _corrections(session)
            source = _entity(session, entities.follow_redirects(entity, redirects))
            if not key or key == name_key(source.name):
                raise ValueError(f"{alias!r} is no alias of {source.name!r} that can be split from it")
            moved_aliases = [
                a for a in session.scalars(select(aliases).where(aliases.entity_id == source.id)) if a.key == key
            ]
            quotes = [
                (row_id, article_id)
                for row_id, article_id, text in session.execute(
                    select(attribution.id, attribution.article_id, attribution.source_text).where(
                        attribution.speaker_id == source.id
                    )
                )
                if text is not None and name_key(text) == key
            ]
            mentions = [
                row_id
                for row_id, text in session.execute(
                    select(mention.id, mention.text).where(mention.entity_id == source.id)
                )
                if name_key(text) == key
            ]
            if not (moved_aliases or quotes or mentions):
                raise ValueError(f"{source.name!r} has no alias {alias!r}")
            target = _split_target(session, source, new_name or alias, redirects)
            if quotes:
                session.execute(
                    update(attribution)
                    .where(attribution.id.in_([row_id for row_id, _ in quotes]))
                    .values(speaker_id=target, link_confidence=1.0, link_reason=entities.assigned(alias))
                )
            if mentions:
                session.execute(update(mention).where(mention.id.in_(mentions)).values(entity_id=target))
            _add_aliases(session, self._insert, [(target, alias), *((target, a.alias) for a in moved_aliases)])
            for moved in moved_aliases:
                session.delete(moved)
            session.flush()
            _rebuild_roles(session, {article_id for _, article_id in quotes})
            _record_correction(session, "split", source.id, target, alias=alias, note=note)
            _refresh_entities(session, {source.id, target})
        return target

    # -- reading ---------------------------------------------------------------------

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

    # -- export ----------------------------------------------------------------------

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

    # -- reviewing single attributions and reading single articles -----------------------

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

    def reject_attribution(self, doc_id: str, ordinal: int, note: str | None = None) -> AttributionCorrectionRow:
        """Reject an attribution of an article: it is deleted now and after every later save of the
        article. Raises KeyError for an unknown attribution."""
        with self._sessions.begin() as session:
            row = _stored_attribution(session, doc_id, ordinal)
            return _correct_attribution(session, row, doc_id, "reject", None, note)

    def assign_speaker(
        self,
        doc_id: str,
        ordinal: int,
        entity_id: str | None = None,
        name: str | None = None,
        type: str = "PERSON",
        note: str | None = None,
    ) -> AttributionCorrectionRow:
        """Give an attribution of an article its speaker: the entity ``entity_id`` (or the one it was
        merged into), else the entity of ``type`` named ``name`` (made if there is none); kept after
        every later save of the article. Raises KeyError for an unknown attribution or entity and
        ValueError when neither an entity nor a name is given."""
        with self._sessions.begin() as session:
            row = _stored_attribution(session, doc_id, ordinal)
            redirects, _ = _corrections(session)
            if entity_id is not None:
                target = _entity(session, entities.follow_redirects(entity_id, redirects)).id
            elif name is not None and name_key(name):
                target = _entity_named(session, self._insert, name, type.upper(), redirects)
            else:
                raise ValueError("give the speaker as an entity id or a name")
            return _correct_attribution(session, row, doc_id, "speaker", target, note)

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


# -- saving helpers ------------------------------------------------------------------


def _check_offsets(extraction: Extraction) -> None:
    """Refuse spans that do not match the text: the record must stay auditable."""
    text = extraction.text
    spans: list[Span | Region | TimeExpression | Mention] = [
        *extraction.regions,
        *extraction.time_expressions,
        *extraction.mentions,
    ]
    for attribution in extraction.attributions:
        spans.extend(s for s in (attribution.source, attribution.cue) if s is not None)
        spans.extend(attribution.content)
    for span in spans:
        if not (0 <= span.start <= span.end <= len(text)) or text[span.start : span.end] != span.text:
            raise ValueError(
                f"{extraction.doc_id}: span {span.start}:{span.end} {span.text!r} does not match the article text"
            )


def _fill_article(
    article: schema.Article, extraction: Extraction, *, sha: str, path: str | None, minhash: bytes
) -> None:
    article.text = extraction.text
    article.text_sha256 = sha
    article.date = extraction.date
    article.title = extraction.title
    article.url = extraction.url
    article.publisher = extraction.publisher
    article.author = extraction.author
    article.path = path
    article.pipeline = extraction.pipeline
    article.ingested_at = datetime.now(UTC)
    article.duplicate_of = None
    article.minhash = minhash


def _delete_children(session: Session, article_id: int) -> None:
    for model in _CHILDREN:
        session.execute(delete(model).where(model.article_id == article_id))
    pair = schema.NearDuplicate
    session.execute(delete(pair).where(or_(pair.article_id == article_id, pair.other_id == article_id)))


def _insert_children(session: Session, article_id: int, extraction: Extraction, linked: _Linked) -> None:
    def rows(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"article_id": article_id, **item} for item in items]

    tables: list[tuple[type[schema.Base], list[dict[str, Any]]]] = [
        (schema.Region, rows(asdict(region) for region in extraction.regions)),
        (
            schema.Mention,
            rows(
                {"entity_id": linked.link(m.entity_id, m.text).id, "start": m.start, "end": m.end, "text": m.text}
                for m in extraction.mentions
            ),
        ),
        (
            schema.Attribution,
            rows(
                _attribution_columns(i, a, linked.link(a.speaker.id, _naming_source(a)) if a.speaker else None)
                for i, a in enumerate(extraction.attributions)
            ),
        ),
        (schema.TimeExpression, rows(asdict(t) for t in extraction.time_expressions)),
        (
            schema.Event,
            # Event records as their JSON shape (the hand-built records of the store tests are dicts)
            rows({"ordinal": i, "payload": asdict(e)} for i, e in enumerate(extraction.events)),
        ),
    ]
    for model, values in tables:
        if values:
            session.execute(insert(model), values)


def _attribution_columns(ordinal: int, attribution: Attribution, link: Link | None) -> dict[str, Any]:
    speaker = attribution.speaker
    return {
        "ordinal": ordinal,
        "kind": attribution.kind,
        **_span_columns("source_", attribution.source),
        **_span_columns("cue_", attribution.cue),
        **_span_columns("evidence_", attribution.evidence),
        "content": [asdict(span) for span in attribution.content],
        "content_text": CONTENT_SEPARATOR.join(span.text for span in attribution.content),
        "speaker_id": link.id if link else None,
        "speaker_confidence": speaker.confidence if speaker else None,
        "speaker_reason": speaker.reason if speaker else attribution.unresolved,  # why not, with no speaker
        "link_confidence": link.confidence if link else None,
        "link_reason": link.reason if link else None,
        "medium": attribution.medium,
        "speaker_role": speaker.role if speaker else None,
        "speaker_gender": speaker.gender if speaker else None,
        "speaker_country": speaker.country if speaker else None,
        "speaker_category": speaker.category if speaker else None,
    }


def _span_columns(prefix: str, span: Span | None) -> dict[str, Any]:
    return {
        f"{prefix}start": span.start if span else None,
        f"{prefix}end": span.end if span else None,
        f"{prefix}text": span.text if span else None,
    }


def _story(session: Session, article_id: int) -> set[int]:
    """The articles linked to this one through near-duplicate pairs, itself included."""
    pair = schema.NearDuplicate
    found, frontier = {article_id}, {article_id}
    while frontier:
        linked = session.execute(
            select(pair.article_id, pair.other_id).where(
                or_(pair.article_id.in_(frontier), pair.other_id.in_(frontier))
            )
        )
        frontier = {i for row in linked for i in row} - found
        found |= frontier
    return found


def _mark_earliest(session: Session, seeds: set[int]) -> None:
    """Point each article of the stories of ``seeds`` at the story's earliest article
    (by date, then first stored); the earliest gets no ``duplicate_of``."""
    article = schema.Article
    todo = set(seeds)
    while todo:
        story = _story(session, todo.pop())
        todo -= story
        earliest = session.scalar(select(article.id).where(article.id.in_(story)).order_by(*_by_date()).limit(1))
        session.execute(
            update(article)
            .where(article.id.in_(story))
            .values(duplicate_of=case((article.id == earliest, None), else_=earliest)),
            execution_options={"synchronize_session": False},
        )


# -- linking helpers -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Linked:
    """An article's entity ids linked to stored entities, and the aliases that splits pinned."""

    links: dict[str, Link]
    pins: Mapping[str, Pin]

    def link(self, local_id: str, text: str | None) -> Link:
        """Where a source or mention ``text`` of the article entity ``local_id`` goes."""
        found = self.links[local_id]
        return found if text is None else entities.pinned(found, text, self.pins)

    def ids(self) -> set[str]:
        linked = {link.id for link in self.links.values()}
        return linked | {pin.to.id for pin in self.pins.values() if pin.split_from in linked}

    def aliases(self, extraction: Extraction) -> Iterator[tuple[str, str]]:
        """(entity id, text) of every mention and every source that names its speaker."""
        for mention in extraction.mentions:
            yield self.link(mention.entity_id, mention.text).id, mention.text
        for attribution in extraction.attributions:
            if attribution.speaker is not None and (text := _naming_source(attribution)) is not None:
                yield self.link(attribution.speaker.id, text).id, text


def _naming_source(attribution: Attribution) -> str | None:
    """The source text, unless it names nobody ("he said")."""
    source = attribution.source
    return source.text if source is not None and source.text.casefold() not in _PRONOUNS else None


def _local_entities(extraction: Extraction) -> list[Local]:
    """The article's entities, by local id, in order of first appearance, with their texts."""
    names: dict[str, str] = {}
    types: dict[str, Counter[str]] = defaultdict(Counter)
    speaker_types: dict[str, str] = {}
    texts: dict[str, list[str]] = defaultdict(list)
    for mention in extraction.mentions:
        names.setdefault(mention.entity_id, mention.name)
        types[mention.entity_id][mention.type] += 1
        texts[mention.entity_id].append(mention.text)
    for attribution in extraction.attributions:
        if (speaker := attribution.speaker) is not None:
            names.setdefault(speaker.id, speaker.name)
            speaker_types[speaker.id] = speaker.type
            if (text := _naming_source(attribution)) is not None:
                texts[speaker.id].append(text)
    return [
        Local(id_, name, speaker_types.get(id_) or types[id_].most_common(1)[0][0], tuple(dict.fromkeys(texts[id_])))
        for id_, name in names.items()
    ]


def _corrections(session: Session) -> tuple[dict[str, str], dict[str, Pin]]:
    """The merges (merged id -> kept id) and the splits (alias key -> pin), latest last."""
    correction = schema.Correction
    rows = session.execute(
        select(correction.kind, correction.entity_id, correction.other_id, correction.key).order_by(correction.id)
    ).all()
    redirects = {other: kept for kind, kept, other, _ in rows if kind == "merge"}
    targets = {
        row.id: Known(row.id, row.name, row.type, row.weight)
        for row in session.execute(
            select(schema.Entity).where(
                schema.Entity.id.in_({entities.follow_redirects(other, redirects) for *_, other, _ in rows})
            )
        ).scalars()
    }
    pins = {}
    for kind, split_from, other, key in rows:
        to = targets.get(entities.follow_redirects(other, redirects))
        if kind == "split" and key and to is not None:
            pins[key] = Pin(entities.follow_redirects(split_from, redirects), to)
    return redirects, pins


def _entity(session: Session, entity_id: str) -> schema.Entity:
    found = session.get(schema.Entity, entity_id)
    if found is None:
        raise KeyError(f"no entity {entity_id!r}")
    return found


def _taken(session: Session, redirects: Mapping[str, str]) -> Callable[[str], bool]:
    """Whether an id is an entity's, or was one's that was merged away."""
    return lambda entity_id: entity_id in redirects or session.get(schema.Entity, entity_id) is not None


def _split_target(session: Session, source: schema.Entity, name: str, redirects: Mapping[str, str]) -> str:
    """The entity of this name and type other than ``source`` (the most weighty), else a new one."""
    entity, alias = schema.Entity, schema.EntityAlias
    existing = session.scalar(
        select(entity.id)
        .where(
            entity.type == source.type,
            entity.id != source.id,
            entity.id.in_(select(alias.entity_id).where(alias.key == name_key(name))),
        )
        .order_by(entity.weight.desc(), entity.id)
        .limit(1)
    )
    if existing is not None:
        return existing
    new_id = entities.free_id(entities.new_id(source.type, name), _taken(session, redirects))
    session.add(schema.Entity(id=new_id, name=name, type=source.type))
    session.flush()
    _set_name_parts(session, {new_id: name})
    return new_id


def _record_correction(
    session: Session, kind: str, entity_id: str, other_id: str, alias: str | None = None, note: str | None = None
) -> None:
    session.add(
        schema.Correction(
            kind=kind,
            entity_id=entity_id,
            other_id=other_id,
            alias=alias,
            key=name_key(alias) if alias is not None else None,
            note=note,
            made_at=datetime.now(UTC),
        )
    )


def _store_linked_entities(session: Session, local: list[Local], links: dict[str, Link]) -> None:
    """Insert the new entities and rename those that a fuller name took over."""
    final: dict[str, tuple[str, str]] = {}  # id -> (name after the last link to it, type)
    for entity in local:
        link = links[entity.id]
        final[link.id] = (link.name, final[link.id][1] if link.id in final else entity.type)
    stored = dict(
        session.execute(select(schema.Entity.id, schema.Entity.name).where(schema.Entity.id.in_(final))).all()
    )
    new = [{"id": id_, "name": name, "type": type_} for id_, (name, type_) in final.items() if id_ not in stored]
    if new:
        session.execute(insert(schema.Entity), new)
    renamed = {id_: name for id_, (name, _) in final.items() if id_ in stored and stored[id_] != name}
    for id_, name in renamed.items():
        session.execute(update(schema.Entity).where(schema.Entity.id == id_).values(name=name))
    _set_name_parts(session, {row["id"]: row["name"] for row in new} | renamed)


def _set_name_parts(session: Session, names: Mapping[str, str]) -> None:
    """Replace the name parts of the entities ``names`` maps to their (new) names."""
    if not names:
        return
    part = schema.EntityNamePart
    session.execute(delete(part).where(part.entity_id.in_(names)))
    rows = [{"entity_id": id_, "part": p} for id_, name in names.items() for p in sorted(set(name_parts(name)))]
    if rows:
        session.execute(insert(part), rows)


def _add_aliases(session: Session, upsert: Any, aliases: Iterable[tuple[str, str]]) -> None:
    rows = [
        {"entity_id": entity_id, "alias": alias, "key": key}
        for entity_id, alias in sorted(set(aliases))
        if (key := name_key(alias))
    ]
    if rows:
        session.execute(upsert(schema.EntityAlias).on_conflict_do_nothing(), rows)


def _entities_of(session: Session, article_id: int) -> set[str]:
    """The entities an article's attributions and mentions are linked to."""
    attribution, mention = schema.Attribution, schema.Mention
    speakers = select(attribution.speaker_id).where(
        attribution.article_id == article_id, attribution.speaker_id.is_not(None)
    )
    mentioned = select(mention.entity_id).where(mention.article_id == article_id)
    return set(session.scalars(speakers.union(mentioned)))


def _rebuild_roles(session: Session, article_ids: set[int]) -> None:
    """Make the roles of these articles again from their attributions."""
    role, attribution, article = schema.EntityRole, schema.Attribution, schema.Article
    session.execute(delete(role).where(role.article_id.in_(article_ids)))
    given = (
        select(attribution.speaker_id, attribution.article_id, attribution.speaker_role, article.date)
        .join(article, article.id == attribution.article_id)
        .where(
            attribution.article_id.in_(article_ids),
            attribution.speaker_id.is_not(None),
            attribution.speaker_role.is_not(None),
        )
        .distinct()
    )
    session.execute(insert(role).from_select(["entity_id", "article_id", "role", "date"], given))


def _most_common(counts: Counter[str]) -> str | None:
    return min(counts, key=lambda value: (-counts[value], value)) if counts else None


def _refresh_entities(session: Session, ids: set[str]) -> None:
    """Recount the gender evidence, country, category and weight of these entities from their rows."""
    attribution, mention, entity = schema.Attribution, schema.Mention, schema.Entity
    rows = session.execute(select(entity.id, entity.name, entity.type).where(entity.id.in_(ids))).all()
    if not rows:
        return
    given: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    quotes: Counter[str] = Counter()
    for speaker_id, gender, country, category, count in session.execute(
        select(
            attribution.speaker_id,
            attribution.speaker_gender,
            attribution.speaker_country,
            attribution.speaker_category,
            func.count(),
        )
        .where(attribution.speaker_id.in_(ids))
        .group_by(
            attribution.speaker_id,
            attribution.speaker_gender,
            attribution.speaker_country,
            attribution.speaker_category,
        )
    ):
        quotes[speaker_id] += count
        for facet, value in (("gender", gender), ("country", country), ("category", category)):
            if value is not None:
                given[speaker_id][facet][value] += count
    mentions: Counter[str] = Counter()
    for entity_id, count in session.execute(
        select(mention.entity_id, func.count()).where(mention.entity_id.in_(ids)).group_by(mention.entity_id)
    ):
        mentions[entity_id] = count
    session.execute(
        update(entity),
        [
            {
                "id": id_,
                "female": given[id_]["gender"]["female"],
                "male": given[id_]["gender"]["male"],
                "country": _most_common(given[id_]["country"])
                or (country_code(name) if type_ in ("GPE", "NORP") else None),
                "category": _most_common(given[id_]["category"])
                or ("organisation" if type_ in _ORGANISATION_TYPES else "unspecified"),
                "weight": quotes[id_] + mentions[id_],
            }
            for id_, name, type_ in rows
        ],
    )


# -- reading helpers -----------------------------------------------------------------


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


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)  # SQLite keeps no zone


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


def _by_date(*, newest_first: bool = False) -> tuple[Any, ...]:
    """Order by date (undated last), then by the order of storing."""
    article = schema.Article
    if newest_first:
        return (article.date.is_(None), article.date.desc(), article.id.desc())
    return (article.date.is_(None), article.date, article.id)


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


# -- attribution corrections helpers -------------------------------------------------

#: The link reason of a speaker that a reviewer gave an attribution.
REVIEWED = "given by a reviewer's correction"


def _content_key(content: Iterable[Mapping[str, Any]]) -> tuple[tuple[int, int], ...]:
    """What identifies an attribution within its article across re-extractions: its content offsets."""
    return tuple((span["start"], span["end"]) for span in content)


def _stored_attribution(session: Session, doc_id: str, ordinal: int) -> schema.Attribution:
    found = session.scalars(
        select(schema.Attribution)
        .join(schema.Article, schema.Article.id == schema.Attribution.article_id)
        .where(schema.Article.doc_id == doc_id, schema.Attribution.ordinal == ordinal)
    ).one_or_none()
    if found is None:
        raise KeyError(f"no attribution {ordinal} in article {doc_id!r}")
    return found


def _entity_named(session: Session, upsert: Any, name: str, type_: str, redirects: Mapping[str, str]) -> str:
    """The most weighty entity of this type with ``name`` as name or alias, else a new one."""
    entity, alias = schema.Entity, schema.EntityAlias
    existing = session.scalar(
        select(entity.id)
        .where(entity.type == type_, entity.id.in_(select(alias.entity_id).where(alias.key == name_key(name))))
        .order_by(entity.weight.desc(), entity.id)
        .limit(1)
    )
    if existing is not None:
        return existing
    new_id = entities.free_id(entities.new_id(type_, name), _taken(session, redirects))
    session.add(schema.Entity(id=new_id, name=name, type=type_))
    session.flush()
    _set_name_parts(session, {new_id: name})
    _add_aliases(session, upsert, [(new_id, name)])
    return new_id


def _correct_attribution(
    session: Session, row: schema.Attribution, doc_id: str, kind: str, entity_id: str | None, note: str | None
) -> AttributionCorrectionRow:
    """Record a correction of a stored attribution and apply the article's corrections."""
    correction = schema.AttributionCorrection(
        doc_id=doc_id, kind=kind, content=row.content, entity_id=entity_id, note=note, made_at=datetime.now(UTC)
    )
    session.add(correction)
    session.flush()
    article_id = row.article_id
    touched = _apply_attribution_corrections(session, article_id, doc_id)
    _rebuild_roles(session, {article_id})
    _refresh_entities(session, touched)
    return _attribution_correction_row(correction)


def _apply_attribution_corrections(session: Session, article_id: int, doc_id: str) -> set[str]:
    """Apply the reviewers' corrections of the article's attributions, oldest first; the ids of
    the entities whose quotes changed."""
    correction = schema.AttributionCorrection
    found = session.scalars(select(correction).where(correction.doc_id == doc_id).order_by(correction.id)).all()
    if not found:
        return set()
    redirects, _ = _corrections(session)
    rows = {
        _content_key(row.content): row
        for row in session.scalars(select(schema.Attribution).where(schema.Attribution.article_id == article_id))
    }
    touched: set[str] = set()
    for fix in found:
        row = rows.get(_content_key(fix.content))
        if row is None:  # the pipeline no longer finds this attribution
            continue
        if row.speaker_id is not None:
            touched.add(row.speaker_id)
        if fix.kind == "reject":
            session.delete(rows.pop(_content_key(fix.content)))
            continue
        target = entities.follow_redirects(cast(str, fix.entity_id), redirects)
        if session.get(schema.Entity, target) is None:
            continue
        row.speaker_id = target
        row.speaker_confidence = row.link_confidence = 1.0
        row.speaker_reason = row.link_reason = REVIEWED
        # The article's description was of the speaker found; the gender, from the source's own words, stays.
        row.speaker_role = row.speaker_country = row.speaker_category = None
        touched.add(target)
    session.flush()
    return touched


def _attribution_correction_row(row: schema.AttributionCorrection) -> AttributionCorrectionRow:
    return AttributionCorrectionRow(
        id=row.id,
        kind=row.kind,
        doc_id=row.doc_id,
        content=tuple(Span(**span) for span in row.content),
        entity_id=row.entity_id,
        note=row.note,
        made_at=_utc(row.made_at).isoformat(),
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
