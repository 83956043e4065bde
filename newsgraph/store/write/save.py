"""Saving an extraction: the article and all that was extracted from it in one transaction, its
entities linked across articles (``newsgraph.resolve.linking``), its near-duplicates found, and
the reviewers' corrections of its attributions applied again."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import case, delete, insert, or_, select, tuple_, update
from sqlalchemy.orm import Session, aliased

from newsgraph.ingest import dedup
from newsgraph.records import Attribution, Extraction, Mention, Region, Span, TimeExpression
from newsgraph.resolve import linking
from newsgraph.resolve.entities import Link
from newsgraph.resolve.linking import Linked
from newsgraph.store import schema
from newsgraph.store.common import StoreBase, _by_date
from newsgraph.store.results import NearDuplicate, SaveOutcome, SaveStatus
from newsgraph.store.write.corrections import _apply_attribution_corrections
from newsgraph.store.write.entity_rows import (
    _add_aliases,
    _entities_of,
    _rebuild_roles,
    _refresh_entities,
    _store_linked_entities,
)
from newsgraph.store.write.lookup import SessionLookup

#: Joins the content spans of an attribution in ``content_text``.
CONTENT_SEPARATOR = " … "

#: The tables of an article's rows, emptied when it is saved again.
_CHILDREN = (
    schema.EntityRole,
    schema.Region,
    schema.Mention,
    schema.Attribution,
    schema.TimeExpression,
    schema.Event,
    schema.MinhashBand,
)


class Saving(StoreBase):
    """Saving extractions, with cross-article linking and near-duplicate detection."""

    def save(self, extraction: Extraction) -> SaveOutcome:
        """Store an article and all that was extracted from it, in one transaction.

        A new article whose text another
        one already has is not stored ("duplicate"); an article updated to such a text is
        linked to it as a near-duplicate. Raises ValueError, writing nothing, when a span
        does not match the text.
        """
        _check_offsets(extraction)
        sha = text_sha256(extraction.text)
        status: SaveStatus
        touched: set[str] = set()
        with self._write_sessions.begin() as session:
            article, prior = _prior(session, extraction.doc_id, sha, extraction.pipeline)
            if prior is not None:
                return prior
            if article is None:
                article = schema.Article(doc_id=extraction.doc_id)
                session.add(article)
                status, story = "new", set()
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

    def prior_status(self, doc_id: str, text: str, pipeline: str) -> SaveStatus | None:
        """What ``save`` would say of this article without its extraction: "unchanged" or "duplicate",
        or None when it must be extracted and saved. Lets ingest skip what the store already has."""
        with self._sessions() as session:
            prior = _prior(session, doc_id, text_sha256(text), pipeline)[1]
        return prior.status if prior is not None else None

    def _link_entities(self, session: Session, extraction: Extraction) -> Linked:
        """Link the article's entities to the stored ones; store new entities, renames and aliases."""
        linked = linking.link_extraction(extraction, SessionLookup(session))
        _store_linked_entities(session, linked.entities)
        _add_aliases(session, self._insert, linked.aliases)
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


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _prior(session: Session, doc_id: str, sha: str, pipeline: str) -> tuple[schema.Article | None, SaveOutcome | None]:
    """The stored article of ``doc_id``, and the outcome when saving it again changes nothing: the
    same text by the same pipeline ("unchanged"), or a new doc id for a text another article has
    ("duplicate")."""
    article = session.scalars(select(schema.Article).where(schema.Article.doc_id == doc_id)).one_or_none()
    if article is None:
        same_text = session.scalars(
            select(schema.Article.doc_id).where(schema.Article.text_sha256 == sha).order_by(schema.Article.id).limit(1)
        ).first()
        return None, SaveOutcome("duplicate", doc_id, duplicate_of=same_text) if same_text is not None else None
    if article.text_sha256 == sha and article.pipeline == pipeline:
        return article, SaveOutcome("unchanged", doc_id)
    return article, None


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


def _insert_children(session: Session, article_id: int, extraction: Extraction, linked: Linked) -> None:
    def rows(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"article_id": article_id, **item} for item in items]

    tables: list[tuple[type[schema.Base], list[dict[str, Any]]]] = [
        (schema.Region, rows(asdict(region) for region in extraction.regions)),
        (
            schema.Mention,
            rows(
                {"entity_id": linked.mention(m).id, "start": m.start, "end": m.end, "text": m.text}
                for m in extraction.mentions
            ),
        ),
        (
            schema.Attribution,
            rows(_attribution_columns(i, a, linked.speaker(a)) for i, a in enumerate(extraction.attributions)),
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
