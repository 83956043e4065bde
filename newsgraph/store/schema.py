"""The store's tables as SQLAlchemy models.

The full-text objects are not modelled: they differ per dialect (FTS5 tables on SQLite,
``search_vector`` columns on PostgreSQL) and are made by the migrations.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

_CASCADE = "CASCADE"


class Base(DeclarativeBase):
    pass


def _article_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("articles.id", ondelete=_CASCADE), index=True)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(String, unique=True)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64), index=True)
    date: Mapped[str | None] = mapped_column(String, index=True)  # ISO YYYY-MM-DD
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String)
    author: Mapped[str | None] = mapped_column(String)
    path: Mapped[str | None] = mapped_column(Text)
    pipeline: Mapped[str] = mapped_column(String)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The earliest article of the story when this one is a near-duplicate of it.
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)

    regions: Mapped[list[Region]] = relationship(order_by="Region.id")
    mentions: Mapped[list[Mention]] = relationship(order_by="Mention.id")
    attributions: Mapped[list[Attribution]] = relationship(order_by="Attribution.ordinal")
    time_expressions: Mapped[list[TimeExpression]] = relationship(order_by="TimeExpression.id")
    events: Mapped[list[Event]] = relationship(order_by="Event.ordinal")


class Region(Base):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    article_id: Mapped[int] = _article_fk()
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String)


class Entity(Base):
    """One person or organisation across articles; the figures are refreshed from its rows."""

    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(String, primary_key=True)  # e.g. "person:jen-psaki"
    name: Mapped[str] = mapped_column(String)
    type: Mapped[str] = mapped_column(String)
    # Quotes whose article gave the speaker as female or male (a pronoun or an honorific).
    female: Mapped[int] = mapped_column(default=0, server_default="0")
    male: Mapped[int] = mapped_column(default=0, server_default="0")
    country: Mapped[str | None] = mapped_column(String(3))  # ISO 3166-1 alpha-3, the one given most
    category: Mapped[str | None] = mapped_column(String)  # official, expert, ordinary, organisation, unspecified
    weight: Mapped[int] = mapped_column(default=0, server_default="0")  # quotes + mentions


class EntityNamePart(Base):
    """The words of an entity's name, to find the people a surname or a fuller name may be."""

    __tablename__ = "entity_name_parts"

    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id", ondelete=_CASCADE), primary_key=True)
    part: Mapped[str] = mapped_column(String, primary_key=True, index=True)


class EntityRole(Base):
    """A role an article gave an entity ("White House press secretary"), with the article's date."""

    __tablename__ = "entity_roles"

    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id", ondelete=_CASCADE), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete=_CASCADE), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(Text, primary_key=True)
    date: Mapped[str | None] = mapped_column(String)


class Correction(Base):
    """A user's merge or split of entities, re-applied by every later save."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String)  # merge | split
    entity_id: Mapped[str] = mapped_column(String)  # merge: kept; split: split from
    other_id: Mapped[str] = mapped_column(String)  # merge: merged away; split: given the alias
    alias: Mapped[str | None] = mapped_column(String)  # split: the alias moved
    key: Mapped[str | None] = mapped_column(String)  # split: its name_key
    note: Mapped[str | None] = mapped_column(Text)
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EntityAlias(Base):
    __tablename__ = "entity_aliases"

    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id", ondelete=_CASCADE), primary_key=True)
    alias: Mapped[str] = mapped_column(String, primary_key=True)
    # resolve.entities.name_key of the alias: SQLite's lower() only folds ASCII
    key: Mapped[str] = mapped_column(String, index=True)


class Mention(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    article_id: Mapped[int] = _article_fk()
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id", ondelete=_CASCADE), index=True)
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)

    entity: Mapped[Entity] = relationship(lazy="joined")


class Attribution(Base):
    __tablename__ = "attributions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    article_id: Mapped[int] = _article_fk()
    ordinal: Mapped[int]  # position within the article
    kind: Mapped[str] = mapped_column(String, index=True)
    source_start: Mapped[int | None]
    source_end: Mapped[int | None]
    source_text: Mapped[str | None] = mapped_column(Text)
    cue_start: Mapped[int | None]
    cue_end: Mapped[int | None]
    cue_text: Mapped[str | None] = mapped_column(Text)
    content: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # [{start, end, text}, ...]
    content_text: Mapped[str] = mapped_column(Text)  # the content spans joined with " … "
    evidence_start: Mapped[int | None]  # the sentences it is in
    evidence_end: Mapped[int | None]
    evidence_text: Mapped[str | None] = mapped_column(Text)
    speaker_id: Mapped[str | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    speaker_confidence: Mapped[float | None]  # within the article
    speaker_reason: Mapped[str | None] = mapped_column(Text)
    link_confidence: Mapped[float | None]  # across articles: resolve.entities.link
    link_reason: Mapped[str | None] = mapped_column(Text)
    medium: Mapped[str | None] = mapped_column(String)
    # The speaker as this article gives it.
    speaker_role: Mapped[str | None] = mapped_column(Text)
    speaker_gender: Mapped[str | None] = mapped_column(String)
    speaker_country: Mapped[str | None] = mapped_column(String(3))
    speaker_category: Mapped[str | None] = mapped_column(String)

    speaker: Mapped[Entity | None] = relationship(lazy="joined")


class TimeExpression(Base):
    __tablename__ = "time_expressions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    article_id: Mapped[int] = _article_fk()
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(String)
    type: Mapped[str] = mapped_column(String)
    mod: Mapped[str | None] = mapped_column(String)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    article_id: Mapped[int] = _article_fk()
    ordinal: Mapped[int]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class NearDuplicate(Base):
    """A pair of articles whose estimated Jaccard similarity reaches the threshold."""

    __tablename__ = "near_duplicates"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete=_CASCADE), primary_key=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete=_CASCADE), primary_key=True, index=True)
    similarity: Mapped[float]


class MinhashBand(Base):
    """One LSH band of an article's MinHash signature."""

    __tablename__ = "minhash_bands"
    __table_args__ = (Index("ix_minhash_bands_band_hash", "band", "hash"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete=_CASCADE), primary_key=True)
    band: Mapped[int] = mapped_column(primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger)


class AttributionCorrection(Base):
    """A reviewer's rejection of an attribution, or the speaker they gave it, re-applied by every later save.

    The attribution is known by its article and its content spans, which a re-extraction keeps.
    """

    __tablename__ = "attribution_corrections"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(String, index=True)
    kind: Mapped[str] = mapped_column(String)  # reject | speaker
    content: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # [{start, end, text}, ...]
    entity_id: Mapped[str | None] = mapped_column(String)  # speaker: the entity given
    note: Mapped[str | None] = mapped_column(Text)
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WebFetch(Base):
    """A URL fetched from the web (a page, feed or sitemap): the validators of a conditional GET, and
    the body as it came (decoded from gzip or brotli, then compressed with gzip), so that a later
    pipeline can extract a page again without fetching it. Written by ``newsgraph.ingest.web.ledger``."""

    __tablename__ = "web_fetches"

    url: Mapped[str] = mapped_column(Text, primary_key=True)  # as asked for, normalised
    kind: Mapped[str] = mapped_column(String)  # page | feed | sitemap
    final_url: Mapped[str] = mapped_column(Text)  # after redirects
    doc_id: Mapped[str | None] = mapped_column(String, index=True)  # the article a page gave
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    http_date: Mapped[str | None] = mapped_column(Text)  # the response's Date header
    content_type: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    body_gzip: Mapped[bytes] = mapped_column(LargeBinary)
