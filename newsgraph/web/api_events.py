"""The JSON API's events: who did what to whom, when, as rows or CSV, for all parties or as the
timeline of one party or a pair."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from newsgraph.records import PloverType
from newsgraph.store import EventRow, Store
from newsgraph.web.api import NO_NUL, Limit, Offset, Since, Text, Until
from newsgraph.web.deps import StoreDep

router = APIRouter(prefix="/api", tags=["api"])

EVENT_COLUMNS = (
    "doc_id", "publisher", "article_date", "when", "event", "actor", "actor_code", "recipient", "recipient_code",
    "negated", "future", "hypothetical", "reported_by", "contested_by", "trigger_text", "evidence_text",
)  # fmt: skip


def timeline(
    store: Store,
    actor: str,
    other: str | None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 300,
    offset: int = 0,
    event: str | None = None,
) -> list[EventRow]:
    """The latest ``limit`` events (after the ``offset`` latest) of one party with anyone (as actor
    or recipient), or between two parties both ways, by date; ``event``: of one PLOVER type."""
    rows = store.events(
        actor=actor, recipient=other, event=event, since=since, until=until, limit=limit + offset, either_way=True
    )
    return rows[max(0, len(rows) - limit - offset) : len(rows) - offset]


def event_query(
    actor: Text = None,
    recipient: Text = None,
    type: PloverType | None = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The parameters of an events list, as ``Store.events`` takes them."""
    return {"actor": actor, "recipient": recipient, "event": type, "since": since, "until": until, "limit": limit,
            "offset": offset}  # fmt: skip


def timeline_query(
    actor: Annotated[str, Query(min_length=1, max_length=500, pattern=NO_NUL)],
    other: Text = None,
    since: Since = None,
    until: Until = None,
    type: PloverType | None = None,
    limit: Limit = 300,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The parameters of a timeline, as ``timeline`` takes them."""
    return {"actor": actor, "other": other, "since": since, "until": until, "limit": limit, "offset": offset,
            "event": type}  # fmt: skip


EventQuery = Annotated[dict[str, Any], Depends(event_query)]
TimelineQuery = Annotated[dict[str, Any], Depends(timeline_query)]


def events_csv(rows: list[EventRow], name: str) -> Response:
    """Events as CSV, one a line: its article, date as the text gives it, type, parties, claims, evidence."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS)
    for row in rows:
        e = row.event
        writer.writerow([
            row.doc_id, row.publisher, row.article_date, row.when, e.event,
            "; ".join(a.name for a in e.actor), "; ".join(a.code or "" for a in e.actor),
            "; ".join(a.name for a in e.recipient), "; ".join(a.code or "" for a in e.recipient),
            e.negated, e.future, e.hypothetical, row.reported_by, "; ".join(row.contested_by),
            e.trigger.text, e.evidence.text,
        ])  # fmt: skip
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/events", summary="Events")
def list_events(store: StoreDep, query: EventQuery) -> list[EventRow]:
    """The latest ``limit`` matching events (from the newest articles, after the ``offset`` newest)
    by date; ``actor`` and ``recipient`` are country codes (CHN) or names (China, Xi)."""
    return store.events(**query)


@router.get("/events.csv", summary="Events, as CSV", response_class=Response)
def list_events_csv(store: StoreDep, query: EventQuery) -> Response:
    """The rows of ``/api/events`` with the same parameters, one event a line."""
    return events_csv(store.events(**query), "events")


@router.get("/timeline", summary="Timeline of a party or a pair")
def get_timeline(store: StoreDep, query: TimelineQuery) -> list[EventRow]:
    """The latest ``limit`` events (after the ``offset`` latest) of ``actor`` with anyone, or
    between ``actor`` and ``other`` both ways, by date."""
    return timeline(store, **query)


@router.get("/timeline.csv", summary="Timeline of a party or a pair, as CSV", response_class=Response)
def get_timeline_csv(store: StoreDep, query: TimelineQuery) -> Response:
    """The rows of ``/api/timeline`` with the same parameters, one event a line."""
    return events_csv(timeline(store, **query), "timeline")
