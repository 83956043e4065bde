"""The JSON API under ``/api``: reads for everyone, corrections with the reviewer token."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response, status
from pydantic import BaseModel, Field, model_validator

from newsgraph.resolve.duplicates import Duplicate
from newsgraph.store import (
    ArticleHit,
    CorrectionRow,
    EntityDetail,
    QuoteFacets,
    QuoteRow,
    SpeakerRow,
    Stats,
    Store,
    audit,
)
from newsgraph.store.read.dashboard import GenderTop
from newsgraph.store.results import ArticleDetail, AttributionCorrectionRow, MentionCount
from newsgraph.web import training
from newsgraph.web.deps import StoreDep, require_token

router = APIRouter(prefix="/api", tags=["api"])
T = TypeVar("T")

#: An inclusive ISO date or prefix: YYYY, YYYY-MM or YYYY-MM-DD.
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
Kind = Literal["direct", "indirect", "mixed", "belief", "intention"]
EntityType = Literal["PERSON", "ORG", "GPE", "NORP", "GROUP"]


#: No store text holds a NUL, and PostgreSQL refuses one in a query: text parameters may not either.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str | None, Query(min_length=1, max_length=500, pattern=NO_NUL)]
Since = Annotated[str | None, Query(pattern=DATE_PATTERN, description="From this date or prefix (YYYY[-MM[-DD]]).")]
Until = Annotated[str | None, Query(pattern=DATE_PATTERN, description="Up to this date or prefix, included.")]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=100_000)]
SpeakerOrder = Literal["quotes", "articles", "name"]


class Count(BaseModel):
    """A value and how often it was counted; ``value`` is null for a missing outlet or date."""

    value: str | None
    count: int


class Diversity(BaseModel):
    """Quotes of one outlet in one month by a facet of their speakers (gender, country or category)."""

    publisher: str | None
    month: str | None
    facet: str
    quotes: int
    counts: dict[str, int]
    shares: dict[str, float]


class StatsOut(BaseModel):
    """Counts over distinct stories, and the source-diversity figures per outlet and month."""

    articles: int
    stories: int
    attributions: int
    by_kind: list[Count]
    by_publisher: list[Count]
    by_month: list[Count]
    top_speakers: list[SpeakerRow]
    diversity: list[Diversity]
    top_people: list[GenderTop] = Field(
        default_factory=list, description="Per outlet, its most quoted women and men (people whose gender is given)."
    )


class SpeakerPage(BaseModel):
    """One speaker: the entity, their quotes newest first, the outlets quoting them, the entities
    named in their quotes, and the entities that look like the same one (suggested merges)."""

    entity: EntityDetail
    quotes: list[QuoteRow]
    outlets: list[Count]
    talks_about: list[MentionCount]
    lookalikes: list[Duplicate]


class Corrections(BaseModel):
    """Merges and splits of entities, and reviewers' corrections of single attributions."""

    entities: list[CorrectionRow]
    attributions: list[AttributionCorrectionRow]


class MergeIn(BaseModel):
    into: str = Field(min_length=1, description="The entity that is kept.")
    other: str = Field(min_length=1, description="The entity merged into it.")
    note: str | None = None


class SplitIn(BaseModel):
    entity: str = Field(min_length=1)
    alias: str = Field(min_length=1, description="The name whose quotes and mentions move.")
    into: str | None = Field(None, description="The name of the entity they move to (default: the alias).")
    note: str | None = None


class SpeakerIn(BaseModel):
    """The speaker to give an attribution: an entity id, or a name (an entity of ``type`` is made if none has it)."""

    entity_id: str | None = Field(None, min_length=1)
    name: str | None = Field(None, min_length=1)
    type: EntityType = "PERSON"
    note: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> SpeakerIn:
        if (self.entity_id is None) == (self.name is None):
            raise ValueError("give exactly one of entity_id and name")
        return self


class RejectIn(BaseModel):
    note: str | None = None


def stats_out(figures: Stats, people: list[GenderTop] | None = None) -> StatsOut:
    """The API shape of the store's statistics (and of the outlets' most quoted women and men)."""

    def counts(found: dict[str | None, int]) -> list[Count]:
        return [Count(value=value, count=count) for value, count in found.items()]

    return StatsOut(
        articles=figures.articles,
        stories=figures.stories,
        attributions=figures.attributions,
        by_kind=counts(dict(figures.by_kind)),
        by_publisher=counts(figures.by_publisher),
        by_month=counts(figures.by_month),
        top_speakers=list(figures.top_speakers),
        diversity=[
            Diversity(
                publisher=b.publisher,
                month=b.month,
                facet=b.facet,
                quotes=b.quotes,
                counts=b.counts,
                shares=b.shares,
            )
            for b in figures.diversity
        ],
        top_people=people or [],
    )


def speaker_page(store: Store, entity_id: str, limit: int = 200, offset: int = 0) -> SpeakerPage | None:
    """What the speaker page shows: ``limit`` quotes from ``offset`` on, and the outlets over all
    of their quotes; None for an unknown entity."""
    entity = store.entity(entity_id)
    if entity is None:
        return None
    quotes = store.quotes(speaker=entity.id, limit=limit, offset=offset)
    return SpeakerPage(
        entity=entity,
        quotes=quotes,
        outlets=[Count(value=v, count=n) for v, n in store.speaker_outlets(entity.id).items()],
        talks_about=store.talked_about(entity.id, limit=20),
        lookalikes=audit.duplicates(store.engine, entity.id),
    )


class Missing(BaseModel):
    """The answer when the article or entity asked for is not in the store."""

    detail: str


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Missing, "description": "Not in the store"}}


def _found(value: T | None, what: str) -> T:
    if value is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no {what}")
    return value


def quote_filters(
    q: Annotated[
        str | None, Query(max_length=500, pattern=NO_NUL, description="Full-text search in what was said.")
    ] = None,
    speaker: Text = None,
    outlet: Text = None,
    kind: Kind | None = None,
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """The filters of a quote search, as ``Store.quotes`` and ``Store.quote_facets`` take them."""
    return {"search": q or None, "speaker": speaker, "outlet": outlet, "kind": kind, "since": since, "until": until}


QuoteFilters = Annotated[dict[str, Any], Depends(quote_filters)]
QuoteSort = Annotated[
    Literal["newest", "oldest", "relevance"], Query(description="relevance: the best matches of q first.")
]
QUOTE_COLUMNS = (
    "doc_id", "date", "publisher", "title", "url", "ordinal", "kind", "speaker_id", "speaker_name", "speaker_role",
    "source_text", "cue_text", "content_text", "evidence_text",
)  # fmt: skip


@router.get("/quotes", summary="Search quotes")
def search_quotes(
    store: StoreDep, filters: QuoteFilters, sort: QuoteSort = "newest", limit: Limit = 50, offset: Offset = 0
) -> list[QuoteRow]:
    """Attributions newest first (or oldest, or best matches first); ``speaker`` is an entity id,
    a name or an alias."""
    return store.quotes(**filters, order=sort, limit=limit, offset=offset)


@router.get("/quotes.csv", summary="Search quotes, as CSV", response_class=Response)
def search_quotes_csv(
    store: StoreDep, filters: QuoteFilters, sort: QuoteSort = "newest", limit: Limit = 50, offset: Offset = 0
) -> Response:
    """The rows of ``/api/quotes`` with the same parameters, one quote a line: its article, speaker,
    source, cue, content and sentence."""
    rows = store.quotes(**filters, order=sort, limit=limit, offset=offset)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(QUOTE_COLUMNS)
    for row in rows:
        spans = {"source_text": row.source, "cue_text": row.cue, "evidence_text": row.evidence}
        values = {name: (span.text if span else None) for name, span in spans.items()}
        writer.writerow([values[c] if c in values else getattr(row, c) for c in QUOTE_COLUMNS])
    headers = {"Content-Disposition": 'attachment; filename="quotes.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/quotes/facets", summary="Count the quotes of a search")
def quote_facets(store: StoreDep, filters: QuoteFilters) -> QuoteFacets:
    """How many quotes the search finds, and their top speakers and outlets, kinds and months."""
    return store.quote_facets(**filters)


@router.get("/articles", summary="Search articles")
def search_articles(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=500, pattern=NO_NUL, description="Full-text search in the text.")] = None,
    outlet: Text = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[ArticleHit]:
    """Articles matching ``q`` best first, the match in brackets in ``snippet``; without ``q``, newest first."""
    return store.find_articles(q or None, outlet=outlet, since=since, until=until, limit=limit, offset=offset)


@router.get("/articles/{doc_id:path}", summary="One article", responses=NOT_FOUND)
def get_article(store: StoreDep, doc_id: Annotated[str, Path(pattern=NO_NUL)]) -> ArticleDetail:
    """The text, regions, attributions with speakers, time expressions, mentions, events and near-duplicates."""
    return _found(store.article(doc_id), f"article {doc_id!r}")


@router.get("/speakers", summary="Speakers")
def list_speakers(
    store: StoreDep,
    limit: Limit = 100,
    offset: Offset = 0,
    q: Annotated[str | None, Query(max_length=500, pattern=NO_NUL, description="Words of a name or an alias.")] = None,
    sort: SpeakerOrder = "quotes",
) -> list[SpeakerRow]:
    """Speakers by number of quotes, articles or name; searched by name or alias."""
    return store.speakers(limit=limit, offset=offset, search=q, order=sort)


@router.get("/speakers/{entity_id}", summary="One speaker", responses=NOT_FOUND)
def get_speaker(
    store: StoreDep, entity_id: Annotated[str, Path(pattern=NO_NUL)], limit: Limit = 200, offset: Offset = 0
) -> SpeakerPage:
    """Aliases, roles over time, quotes newest first (``limit`` from ``offset``), the outlets quoting
    them (over all their quotes), the entities they talk about, entities that look like them."""
    return _found(speaker_page(store, entity_id, limit, offset), f"entity {entity_id!r}")


def stats_scope(outlet: Text = None, since: Since = None, until: Until = None) -> dict[str, Any]:
    """The articles the figures count: of one outlet, dated within inclusive ISO date prefixes."""
    return {"outlet": outlet, "since": since, "until": until}


StatsScope = Annotated[dict[str, Any], Depends(stats_scope)]
DIVERSITY_COLUMNS = ("publisher", "month", "facet", "value", "quotes", "share")


@router.get("/stats", summary="Counts and source diversity")
def get_stats(store: StoreDep, scope: StatsScope) -> StatsOut:
    """Counts over distinct stories; quotes per outlet and month by speaker gender, country and
    kind; each outlet's most quoted women and men."""
    return stats_out(store.stats(**scope), store.top_by_gender(**scope))


@router.get("/stats.csv", summary="Source diversity, as CSV", response_class=Response)
def get_stats_csv(store: StoreDep, scope: StatsScope) -> Response:
    """The ``diversity`` of ``/api/stats`` with the same parameters, one line per outlet, month,
    facet and value: its quotes and their share of the outlet's quotes that month."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DIVERSITY_COLUMNS)
    for b in store.stats(**scope).diversity:
        for value, count in b.counts.items():
            writer.writerow([b.publisher, b.month, b.facet, value, count, round(count / b.quotes, 4)])
    headers = {"Content-Disposition": 'attachment; filename="diversity.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/corrections", summary="Corrections")
def list_corrections(store: StoreDep) -> Corrections:
    """Every merge and split of entities and every correction of an attribution, oldest first."""
    return Corrections(entities=store.corrections(), attributions=store.attribution_corrections())


@router.get(
    "/export/training",
    summary="Corrected articles as training data",
    responses={200: {"content": {"application/json": {}, "application/zip": {}}}},
    response_class=Response,
)
def export_training(
    store: StoreDep,
    format: Annotated[Literal["label-studio", "brat"], Query()] = "label-studio",
    scope: Annotated[Literal["corrected", "all"], Query()] = "corrected",
) -> Response:
    """Label Studio tasks (JSON) or brat standoff (a zip of .txt and .ann) of the articles a reviewer
    corrected (or of all articles), with the corrections applied."""
    if scope == "all":
        extractions = list(store.export_extractions())
    else:
        extractions = store.extractions_of({c.doc_id for c in store.attribution_corrections()})
    if format == "brat":
        headers = {"Content-Disposition": 'attachment; filename="newsgraph-brat.zip"'}
        return Response(training.brat_zip(extractions), media_type="application/zip", headers=headers)
    body = json.dumps(training.label_studio_tasks(extractions), ensure_ascii=False)
    return Response(body, media_type="application/json")


writes = APIRouter(tags=["corrections"], dependencies=[Depends(require_token)])
_UNAUTHORIZED = {401: {"description": "No reviewer token, or a wrong one."}}


@writes.post("/speakers/merge", summary="Merge two entities", responses=_UNAUTHORIZED)
def merge(store: StoreDep, body: MergeIn) -> EntityDetail:
    """Merge ``other`` into ``into``; later saves keep the merge."""
    try:
        store.merge_entities(body.into, body.other, note=body.note)
    except KeyError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error.args[0])) from error
    except ValueError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(error)) from error
    return _found(store.entity(body.into), f"entity {body.into!r}")


@writes.post("/speakers/split", summary="Split an alias off an entity", responses=_UNAUTHORIZED)
def split(store: StoreDep, body: SplitIn) -> EntityDetail:
    """Move the quotes and mentions of ``entity`` named ``alias`` to another entity; returns that entity."""
    try:
        target = store.split_entity(body.entity, body.alias, new_name=body.into, note=body.note)
    except KeyError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error.args[0])) from error
    except ValueError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(error)) from error
    return _found(store.entity(target), f"entity {target!r}")


@writes.post(
    "/articles/{doc_id:path}/attributions/{ordinal}/speaker",
    summary="Fix an attribution's speaker",
    responses=_UNAUTHORIZED,
)
def fix_speaker(store: StoreDep, doc_id: str, ordinal: int, body: SpeakerIn) -> AttributionCorrectionRow:
    """Give attribution ``ordinal`` of the article its speaker; kept across re-ingest."""
    try:
        return store.assign_speaker(
            doc_id, ordinal, entity_id=body.entity_id, name=body.name, type=body.type, note=body.note
        )
    except KeyError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error.args[0])) from error


@writes.post(
    "/articles/{doc_id:path}/attributions/{ordinal}/reject", summary="Reject an attribution", responses=_UNAUTHORIZED
)
def reject(store: StoreDep, doc_id: str, ordinal: int, body: RejectIn | None = None) -> AttributionCorrectionRow:
    """Reject attribution ``ordinal`` of the article: it is removed, also after re-ingest."""
    try:
        return store.reject_attribution(doc_id, ordinal, note=body.note if body else None)
    except KeyError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error.args[0])) from error


router.include_router(writes)
