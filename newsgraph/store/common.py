"""What the store's read and write halves share: date order, corrections, rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from newsgraph.records import Span
from newsgraph.resolve import entities
from newsgraph.resolve.entities import Known, Pin
from newsgraph.settings import Settings
from newsgraph.store import schema
from newsgraph.store.fulltext import FullText
from newsgraph.store.results import AttributionCorrectionRow


class StoreBase:
    """What the store gives its read and write halves, set by ``Store.__init__``."""

    _engine: Engine
    _settings: Settings
    _sessions: sessionmaker[Session]
    _write_sessions: sessionmaker[Session]  # transactions that take the write lock first
    _fulltext: FullText
    _insert: Any  # the dialect's INSERT, for upserts


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


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)  # SQLite keeps no zone


def _by_date(*, newest_first: bool = False) -> tuple[Any, ...]:
    """Order by date (undated last), then by the order of storing."""
    article = schema.Article
    if newest_first:
        return (article.date.is_(None), article.date.desc(), article.id.desc())
    return (article.date.is_(None), article.date, article.id)


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
