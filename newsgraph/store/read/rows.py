"""What the read model's queries share: stored rows back into records and result rows, and the
conditions on distinct stories and dates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session, aliased, defer, selectinload

from newsgraph.records import (
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
from newsgraph.store import schema
from newsgraph.store.common import _utc
from newsgraph.store.results import ArticleRow, EventRow

_DATE_BOUND = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

#: Loads an article with all that was extracted from it, to rebuild its extraction.
WITH_CHILDREN = (
    selectinload(schema.Article.regions),
    selectinload(schema.Article.mentions),
    selectinload(schema.Article.attributions),
    selectinload(schema.Article.time_expressions),
    selectinload(schema.Article.events),
)


def _is_story() -> Any:
    """An article that is no near-duplicate of an earlier one: each story counts once."""
    return schema.Article.duplicate_of.is_(None)


def _gender() -> Any:
    """An entity's gender by the majority of its evidence (``speakers._majority``), in SQL."""
    entity = schema.Entity
    return case((entity.female > entity.male, "female"), (entity.male > entity.female, "male"), else_="unknown")


def _date_bound(value: str) -> str:
    if not _DATE_BOUND.fullmatch(value):
        raise ValueError(f"not an ISO date or prefix (YYYY, YYYY-MM, YYYY-MM-DD): {value!r}")
    return value


def _within(column: Any, since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    """Conditions that an ISO date ``column`` is within inclusive ISO date prefixes."""
    conditions = []
    if since is not None:
        conditions.append(column >= _date_bound(since))
    if until is not None:
        bound = _date_bound(until)
        conditions.append(func.substr(column, 1, len(bound)) <= bound)
    return conditions


def _most(counts: Mapping[Any, int]) -> list[tuple[Any, int]]:
    """Values by count, most first, then by value (a missing one last)."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0] is None, item[0] or ""))


def _day(value: str | None) -> str | None:
    """A TimeML date value as an ISO day for ordering: 2022-W11 is 2022-03-14, 2022-02 is 2022-02-01."""
    if not value:
        return None
    if match := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        return date.fromisocalendar(int(match[1]), int(match[2]), 1).isoformat()
    if _DATE_BOUND.fullmatch(value):
        return value + "-01-01"[len(value) - 4 :]
    return None


def _event_day(coded: Event, published: str | None) -> str | None:
    """The day of an event: its own date's, else its article's."""
    return _day(coded.date.value if coded.date else None) or published


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


def _event_row(
    article_id: int,
    doc_id: str,
    publisher: str | None,
    published: str | None,
    coded: Event,
    speakers: Mapping[tuple[int, int], str],
) -> EventRow:
    """An event of an article, with who said it and who contested it (``speakers``: ``_speakers_of``)."""
    return EventRow(
        doc_id,
        publisher,
        published,
        _event_day(coded, published),
        coded,
        speakers.get((article_id, coded.attribution)) if coded.attribution is not None else None,
        tuple(name for i in coded.contested_by if (name := speakers.get((article_id, i)))),
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
