"""The store: extractions in, quotes, speakers, statistics and exports out.

The same code runs on SQLite and PostgreSQL; what differs (full-text search, upserts,
connection set-up) stays in this package.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, cast

import numpy as np
from sqlalchemy import (
    URL,
    Engine,
    Select,
    case,
    create_engine,
    delete,
    distinct,
    event,
    func,
    insert,
    make_url,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased, defer, selectinload, sessionmaker

from newsgraph.ingest import dedup
from newsgraph.records import (
    Attribution,
    AttributionKind,
    Extraction,
    Mention,
    Region,
    RegionLabel,
    Span,
    Speaker,
    TimeExpression,
)
from newsgraph.settings import Settings
from newsgraph.store import fulltext, migrations, schema
from newsgraph.store.results import (
    ArticleHit,
    ArticleRow,
    NearDuplicate,
    QuoteRow,
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
_CHILDREN = (
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
                _delete_children(session, article.id)
            sig = dedup.signature(extraction.text, self._settings.minhash_permutations)
            _fill_article(article, extraction, sha=sha, path=extraction.path, minhash=dedup.pack(sig))
            session.flush()
            self._save_entities(session, extraction)
            _insert_children(session, article.id, extraction)
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

    def _save_entities(self, session: Session, extraction: Extraction) -> None:
        """Upsert the speakers and mentioned entities by id, and record their aliases."""
        entities: dict[str, dict[str, str]] = {}
        aliases: set[tuple[str, str]] = set()
        for mention in extraction.mentions:
            entities[mention.entity_id] = {
                "id": mention.entity_id,
                "name": mention.name,
                "type": mention.type,
            }
            aliases.add((mention.entity_id, mention.text))
        for attribution in extraction.attributions:
            speaker = attribution.speaker
            if speaker is None:
                continue
            entities[speaker.id] = {"id": speaker.id, "name": speaker.name, "type": speaker.type}
            source = attribution.source
            if source is not None and source.text.casefold() not in _PRONOUNS:
                aliases.add((speaker.id, source.text))
        if not entities:
            return
        aliases.update((entity["id"], entity["name"]) for entity in entities.values())
        upsert = self._insert(schema.Entity)
        session.execute(
            upsert.on_conflict_do_update(
                index_elements=[schema.Entity.id],
                set_={"name": upsert.excluded.name, "type": upsert.excluded.type},
            ),
            list(entities.values()),
        )
        session.execute(
            self._insert(schema.EntityAlias).on_conflict_do_nothing(),
            [{"entity_id": entity_id, "alias": alias, "key": alias.casefold()} for entity_id, alias in sorted(aliases)],
        )

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

    # -- reading ---------------------------------------------------------------------

    def quotes(
        self,
        speaker: str | None = None,
        search: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        limit: int | None = None,
    ) -> list[QuoteRow]:
        """Attributions, newest article first (in text order within one), filtered.

        ``speaker`` is an entity id, or its name or any alias, or whole words of one, in any
        case: "whitfield" finds "Dana Whitfield". ``search`` is a full-text query over the
        content. ``since`` and ``until`` are inclusive ISO date
        prefixes (YYYY, YYYY-MM or YYYY-MM-DD): ``until="2022-03"`` includes all of March.
        """
        stmt = _quote_select(newest_first=True)
        if speaker is not None:
            stmt = stmt.where(
                or_(schema.Attribution.speaker_id == speaker, schema.Attribution.speaker_id.in_(_named(speaker)))
            )
        if search is not None:
            stmt = stmt.where(self._fulltext.match_attributions(search))
        if since is not None:
            stmt = stmt.where(schema.Article.date >= _date_bound(since))
        if until is not None:
            bound = _date_bound(until)
            stmt = stmt.where(func.substr(schema.Article.date, 1, len(bound)) <= bound)
        if kind is not None:
            stmt = stmt.where(schema.Attribution.kind == kind)
        with self._sessions() as session:
            return [_quote_row(*row) for row in session.execute(stmt.limit(limit))]

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

    def speakers(self, limit: int | None = None) -> list[SpeakerRow]:
        """Speakers by number of quotes, counting each near-duplicate story once."""
        attribution, entity = schema.Attribution, schema.Entity
        quotes = func.count(attribution.id)
        stmt = (
            select(
                entity.id,
                entity.name,
                entity.type,
                quotes,
                func.count(distinct(attribution.article_id)),
            )
            .join(attribution, attribution.speaker_id == entity.id)
            .join(schema.Article, schema.Article.id == attribution.article_id)
            .where(_is_story())
            .group_by(entity.id, entity.name, entity.type)
            .order_by(quotes.desc(), entity.name, entity.id)
            .limit(limit)
        )
        with self._sessions() as session:
            rows = session.execute(stmt).all()
            aliases: dict[str, list[str]] = {row[0]: [] for row in rows}
            for entity_id, alias in session.execute(
                select(schema.EntityAlias.entity_id, schema.EntityAlias.alias)
                .where(schema.EntityAlias.entity_id.in_(list(aliases)))
                .order_by(schema.EntityAlias.alias)
            ):
                aliases[entity_id].append(alias)
        return [
            SpeakerRow(id_, name, type_, quotes, articles, tuple(a for a in aliases[id_] if a != name))
            for id_, name, type_, quotes, articles in rows
        ]

    def stats(self, top: int = TOP_SPEAKERS) -> Stats:
        """Counts over distinct stories (near-duplicates of an earlier article left out)."""
        article = schema.Article
        month = func.substr(article.date, 1, 7)
        with self._sessions() as session:
            articles, stories = session.execute(
                select(func.count(), func.count(case((_is_story(), 1)))).select_from(article)
            ).one()
            by_kind = _counts(session, schema.Attribution.kind)
            by_publisher = _counts(session, article.publisher)
            by_month = _counts(session, month, order=month)
        return Stats(
            articles=articles,
            stories=stories,
            attributions=sum(by_kind.values()),
            by_kind=by_kind,
            by_publisher=by_publisher,
            by_month=by_month,
            top_speakers=tuple(self.speakers(limit=top)),
        )

    # -- export ----------------------------------------------------------------------

    def export_rows(self) -> Iterator[dict[str, Any]]:
        """One flat dict per attribution, in date order, for CSV or Parquet export."""
        with self._sessions() as session:
            for row in session.execute(_quote_select(newest_first=False).execution_options(yield_per=500)):
                yield _flat(_quote_row(*row))

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


def _insert_children(session: Session, article_id: int, extraction: Extraction) -> None:
    def rows(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"article_id": article_id, **item} for item in items]

    tables: list[tuple[type[schema.Base], list[dict[str, Any]]]] = [
        (schema.Region, rows(asdict(region) for region in extraction.regions)),
        (
            schema.Mention,
            rows(
                {"entity_id": m.entity_id, "start": m.start, "end": m.end, "text": m.text} for m in extraction.mentions
            ),
        ),
        (
            schema.Attribution,
            rows(_attribution_columns(i, a) for i, a in enumerate(extraction.attributions)),
        ),
        (schema.TimeExpression, rows(asdict(t) for t in extraction.time_expressions)),
        (
            schema.Event,
            rows({"ordinal": i, "payload": e} for i, e in enumerate(extraction.events)),
        ),
    ]
    for model, values in tables:
        if values:
            session.execute(insert(model), values)


def _attribution_columns(ordinal: int, attribution: Attribution) -> dict[str, Any]:
    speaker = attribution.speaker
    return {
        "ordinal": ordinal,
        "kind": attribution.kind,
        **_span_columns("source_", attribution.source),
        **_span_columns("cue_", attribution.cue),
        "content": [asdict(span) for span in attribution.content],
        "content_text": CONTENT_SEPARATOR.join(span.text for span in attribution.content),
        "speaker_id": speaker.id if speaker else None,
        "speaker_confidence": speaker.confidence if speaker else None,
        "speaker_reason": speaker.reason if speaker else None,
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


# -- reading helpers -----------------------------------------------------------------


def _named(name: str) -> Select[tuple[str]]:
    """Ids of the entities with ``name`` as a name or alias, or as whole words of one."""
    key, alias = name.casefold(), schema.EntityAlias.key
    return select(schema.EntityAlias.entity_id).where(
        or_(
            alias == key,
            alias.startswith(f"{key} ", autoescape=True),
            alias.endswith(f" {key}", autoescape=True),
            alias.contains(f" {key} ", autoescape=True),
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


def _quote_select(*, newest_first: bool) -> Select[Any]:
    article = schema.Article
    return (
        select(schema.Attribution, article.doc_id, article.date, article.publisher, article.title)
        .join(article, article.id == schema.Attribution.article_id)
        .order_by(*_by_date(newest_first=newest_first), schema.Attribution.ordinal)
    )


def _quote_row(
    attribution: schema.Attribution,
    doc_id: str,
    date: str | None,
    publisher: str | None,
    title: str | None,
) -> QuoteRow:
    speaker = attribution.speaker
    source, cue, content = _spans(attribution)
    return QuoteRow(
        doc_id=doc_id,
        date=date,
        publisher=publisher,
        title=title,
        ordinal=attribution.ordinal,
        kind=attribution.kind,
        speaker_id=attribution.speaker_id,
        speaker_name=speaker.name if speaker else None,
        speaker_confidence=attribution.speaker_confidence,
        source=source,
        cue=cue,
        content=content,
        content_text=attribution.content_text,
    )


def _spans(row: schema.Attribution) -> tuple[Span | None, Span | None, tuple[Span, ...]]:
    """The source, cue and content spans of a stored attribution."""
    source = cue = None
    if row.source_start is not None:
        source = Span(row.source_start, cast(int, row.source_end), cast(str, row.source_text))
    if row.cue_start is not None:
        cue = Span(row.cue_start, cast(int, row.cue_end), cast(str, row.cue_text))
    return source, cue, tuple(Span(**span) for span in row.content)


def _flat(quote: QuoteRow) -> dict[str, Any]:
    return {
        "doc_id": quote.doc_id,
        "date": quote.date,
        "publisher": quote.publisher,
        "title": quote.title,
        "kind": quote.kind,
        "speaker_id": quote.speaker_id,
        "speaker_name": quote.speaker_name,
        **_span_columns("source_", quote.source),
        **_span_columns("cue_", quote.cue),
        "content_text": quote.content_text,
        "content": json.dumps([asdict(span) for span in quote.content], ensure_ascii=False),
    }


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
    ingested = article.ingested_at
    if ingested.tzinfo is None:  # SQLite keeps no zone; the store writes UTC
        ingested = ingested.replace(tzinfo=UTC)
    return ArticleRow(
        doc_id=article.doc_id,
        date=article.date,
        title=article.title,
        publisher=article.publisher,
        url=article.url,
        author=article.author,
        path=article.path,
        pipeline=article.pipeline,
        ingested_at=ingested.isoformat(),
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
            TimeExpression(t.start, t.end, t.text, t.value, t.type) for t in article.time_expressions
        ),
        mentions=tuple(
            Mention(m.start, m.end, m.text, m.entity_id, m.entity.name, m.entity.type) for m in article.mentions
        ),
        events=tuple(e.payload for e in article.events),
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
        )
    return Attribution(*_spans(row), kind=cast(AttributionKind, row.kind), speaker=speaker)
