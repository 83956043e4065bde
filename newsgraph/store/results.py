"""The small records that :class:`~newsgraph.store.Store` returns (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsgraph.records import Attribution, Event, Mention, Region, Span, TimeExpression

SaveStatus = Literal["new", "unchanged", "updated", "duplicate"]


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """A stored article whose text is nearly the same (estimated Jaccard of 5-shingles)."""

    doc_id: str
    similarity: float


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What :meth:`Store.save` did with one extraction.

    ``duplicate_of`` names, for "duplicate", the article that already has exactly this
    text (nothing was stored); otherwise the earliest article of the story when the
    saved one is a near-duplicate of it.
    """

    status: SaveStatus
    doc_id: str
    duplicate_of: str | None = None
    near_duplicates: tuple[NearDuplicate, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One attribution with its article; the spans carry offsets into the article text."""

    doc_id: str
    date: str | None
    publisher: str | None
    title: str | None
    url: str | None
    ordinal: int
    kind: str
    speaker_id: str | None
    speaker_name: str | None
    speaker_role: str | None  # as the article gives it, at its date
    speaker_confidence: float | None  # within the article
    link_confidence: float | None  # of the link to the entity across articles
    link_reason: str | None
    medium: str | None
    source: Span | None
    cue: Span | None
    content: tuple[Span, ...]
    content_text: str
    evidence: Span | None  # the sentences it is in; None for articles stored before it was kept


@dataclass(frozen=True, slots=True)
class QuoteFacets:
    """All the quotes a search finds, counted: the total, the top speakers and outlets, the kinds
    and the months, each with its number of quotes."""

    total: int
    speakers: tuple[tuple[str, str, int], ...]  # (entity id, name, quotes), most first
    outlets: tuple[tuple[str | None, int], ...]  # most first
    kinds: tuple[tuple[str, int], ...]  # most first
    months: tuple[tuple[str, int], ...]  # YYYY-MM, in order


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """An entity that is the speaker of attributions, counted over distinct stories."""

    id: str
    name: str
    type: str
    quotes: int
    articles: int
    aliases: tuple[str, ...]  # other names it was cited or mentioned by
    gender: str  # female, male or unknown: the majority of what the articles said
    country: str | None  # ISO 3166-1 alpha-3
    category: str  # official, expert, ordinary, organisation or unspecified
    roles: tuple[str, ...]  # latest first


@dataclass(frozen=True, slots=True)
class RoleRow:
    """A role an entity was given, and the dates of the first and last article that gave it."""

    role: str
    first: str | None
    last: str | None
    articles: int


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    """A merge (``other_id`` merged into ``entity_id``) or a split (``alias`` moved from
    ``entity_id`` to ``other_id``)."""

    id: int
    kind: str
    entity_id: str
    other_id: str
    alias: str | None
    note: str | None
    made_at: str  # ISO 8601, UTC


@dataclass(frozen=True, slots=True)
class EntityDetail:
    """One entity and why it is what it is: aliases, roles over time, link reasons, corrections."""

    id: str
    name: str
    type: str
    gender: str
    female: int  # quotes whose article gave the speaker as female
    male: int
    country: str | None
    category: str
    quotes: int
    mentions: int
    aliases: tuple[str, ...]
    roles: tuple[RoleRow, ...]  # by first date
    link_reasons: tuple[tuple[str, int], ...]  # (reason, quotes), most first
    corrections: tuple[CorrectionRow, ...]


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Quotes of one outlet in one month, by a facet of their speakers (gender, country or category)."""

    publisher: str | None
    month: str | None  # YYYY-MM
    facet: str
    counts: dict[str, int]  # value -> quotes, most first

    @property
    def quotes(self) -> int:
        return sum(self.counts.values())

    @property
    def shares(self) -> dict[str, float]:
        """value -> share of the quotes, between 0 and 1."""
        return {value: count / self.quotes for value, count in self.counts.items()}


@dataclass(frozen=True, slots=True)
class ArticleRow:
    doc_id: str
    date: str | None
    title: str | None
    publisher: str | None
    url: str | None
    author: str | None
    path: str | None
    pipeline: str
    ingested_at: str  # ISO 8601, UTC
    duplicate_of: str | None  # doc_id of the earliest article of the story, if not this one
    attributions: int


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """An article matching a full-text search, with the matching passage in brackets."""

    article: ArticleRow
    snippet: str


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts over distinct stories: near-duplicates of an earlier article are left out,
    except from ``articles``. A missing publisher or date is counted under None."""

    articles: int
    stories: int
    attributions: int
    by_kind: dict[str, int]
    by_publisher: dict[str | None, int]
    by_month: dict[str | None, int]  # YYYY-MM
    top_speakers: tuple[SpeakerRow, ...]
    diversity: tuple[Breakdown, ...]  # quotes by outlet, month and facet of their speakers


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event of a distinct story, with who reports it and who contests it."""

    doc_id: str
    publisher: str | None
    article_date: str | None
    day: str | None  # the event date as a day (a week or month as its first day), for ordering
    event: Event
    reported_by: str | None  # the speaker of the attribution it is reported in
    contested_by: tuple[str, ...]  # the speakers who deny it

    @property
    def when(self) -> str | None:
        """The event's date at the precision the text gives ("2022-02", "1994", not "1994-01-01"), for
        showing; a vague reference as before or after the article date; the article date when the
        sentence gives none, marked so."""
        date = self.event.date
        if date is None:
            return self.article_date
        if date.value in VAGUE:
            return f"{VAGUE[date.value]} {self.article_date}" if self.article_date else date.value
        return date.value if date.source == "sentence" else f"{date.value} (article date)"


# TimeML's vague references, relative to the article's date.
VAGUE = {"PAST_REF": "before", "FUTURE_REF": "after"}


@dataclass(frozen=True, slots=True)
class AttributionRow:
    """One stored attribution of an article, with its speaker as the article gave it and the link
    of that speaker to the entity across articles."""

    ordinal: int
    attribution: Attribution
    link_confidence: float | None
    link_reason: str | None


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """One article with all that is stored about it; every span has offsets into ``text``."""

    article: ArticleRow
    text: str
    regions: tuple[Region, ...]
    attributions: tuple[AttributionRow, ...]
    time_expressions: tuple[TimeExpression, ...]
    mentions: tuple[Mention, ...]
    events: tuple[EventRow, ...]
    near_duplicates: tuple[NearDuplicate, ...]


@dataclass(frozen=True, slots=True)
class AttributionCorrectionRow:
    """A reviewer's rejection of an attribution (known by its article and content spans), or
    the speaker they gave it."""

    id: int
    kind: str  # reject | speaker
    doc_id: str
    content: tuple[Span, ...]
    entity_id: str | None
    note: str | None
    made_at: str  # ISO 8601, UTC


@dataclass(frozen=True, slots=True)
class MentionCount:
    """An entity named inside the quotes of a speaker, and how often."""

    id: str
    name: str
    type: str
    mentions: int
