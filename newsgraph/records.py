"""Typed records passed between the stages.

Every record is a frozen dataclass made of JSON-safe values, so that
``dataclasses.asdict`` gives the public output shape. Offsets are Python string
indices (code points) into ``Article.text``, the text as read: for every span,
``article.text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

#: direct, indirect and mixed are speech by the form of the content (all quoted, not
#: quoted, partly quoted); belief and intention are attributed thoughts and plans.
AttributionKind = Literal["direct", "indirect", "mixed", "belief", "intention"]
RegionLabel = Literal["headline", "header", "caption", "credit", "byline", "dateline", "boilerplate"]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from a file, a JSONL line or stdin."""

    doc_id: str
    text: str
    date: str | None  # ISO YYYY-MM-DD publication date
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    path: str | None = None  # where it was read from, for error messages and provenance


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that could not be read as an article; ``path`` names the file (and line)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file a directory walk passed over, and why: a type newsgraph does not read ("notes.md"), or
    not a regular file (a FIFO, a dangling link). Counted and reported; not a failure."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Region:
    """Text that is not article body (caption, credit, byline, ...), kept as metadata."""

    start: int
    end: int
    text: str
    label: RegionLabel


@dataclass(frozen=True, slots=True)
class Speaker:
    """The entity an attribution's source refers to, resolved within the article."""

    id: str  # stable key, e.g. "person:jen-psaki"; the store merges across articles on it
    name: str  # canonical name, e.g. "Jen Psaki"
    type: str = "PERSON"  # PERSON, ORG, GPE, NORP or GROUP
    confidence: float = 1.0
    reason: str = ""  # why the source was resolved to this entity
    role: str | None = None  # as this article gives it: "White House press secretary"
    gender: str | None = None  # "female" or "male", only from a pronoun or honorific in the text
    country: str | None = None  # ISO 3166-1 alpha-3 of the country they speak for, when the text says
    category: str | None = None  # official, expert, ordinary, organisation or unspecified
    members: tuple[str, ...] = ()  # a group of named people ("Mr. Xi and Mr. Biden"): their names


@dataclass(frozen=True, slots=True)
class Attribution:
    source: Span | None
    cue: Span | None
    content: tuple[Span, ...]
    kind: AttributionKind
    speaker: Speaker | None = None
    medium: str | None = None  # where it was said, when the article names it: "Twitter", "BBC"
    unresolved: str | None = None  # with no speaker: why ("'he': no one before it agrees in gender")
    evidence: Span | None = None  # the sentences it is in, source, cue and content: what to check it against


@dataclass(frozen=True, slots=True)
class TimeExpression:
    start: int
    end: int
    text: str
    value: str  # TimeML value: 2022-03-18, 2022-W11, 2022-02, ...
    type: str = "DATE"  # TimeML type: DATE, TIME, DURATION or SET
    mod: str | None = None  # TimeML mod: "early February" is 2022-02 with START


class PloverType(StrEnum):
    """PLOVER's event types."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor or recipient of an event: an entity with its country, sector and CAMEO code where known."""

    name: str
    country: str | None  # ISO 3166-1 alpha-3
    sector: str | None  # CAMEO/PLOVER sector: GOV, MIL, REB, COP, OPP, CVL, BUS, MED, IGO, ...
    entity_id: str | None = None  # the same entity as speakers and mentions, when it is one
    span: Span | None = None
    code: str | None = None  # CAMEO style, as the Phoenix dictionaries write it: USAGOV, SYRREB, ---OPP
    reason: str = ""  # why the code: "Phoenix: GEORGE W BUSH [USAGOV 2001-01-20/2009-01-20] at 2008-05-02"
    confidence: float = 0.0  # of the code


@dataclass(frozen=True, slots=True)
class EventDate:
    value: str  # TimeML value
    text: str | None  # the sentence's own time expression, or None when it is the article date
    source: Literal["sentence", "article"]


@dataclass(frozen=True, slots=True)
class Event:
    """An event in PLOVER's terms, with its evidence and the attribution that reports it."""

    event: str  # PLOVER type: AGREE, CONSULT, ..., ASSAULT
    mode: str | None
    context: str | None
    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    date: EventDate | None
    location: str | None
    trigger: Span  # the word that names the event: "asked", "invasion"
    evidence: Span  # the sentence to check it against
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    attribution: int | None = None  # index of the attribution that reports it
    contested_by: tuple[int, ...] = ()  # indexes of attributions that deny it
    confidence: float | None = None  # the event classifier's probability of the type, when it ran

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        """The inverse of ``dataclasses.asdict``, for events read back from JSON."""

        def span(value: dict[str, Any] | None) -> Span | None:
            return Span(**value) if value else None

        def actors(values: list[dict[str, Any]]) -> tuple[Actor, ...]:
            return tuple(Actor(**{**a, "span": span(a.get("span"))}) for a in values)

        return cls(
            **{
                **data,
                "actor": actors(data["actor"]),
                "recipient": actors(data["recipient"]),
                "date": EventDate(**data["date"]) if data.get("date") else None,
                "trigger": Span(**data["trigger"]),
                "evidence": Span(**data["evidence"]),
                "contested_by": tuple(data.get("contested_by", ())),
            }
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """A named mention of an entity in the body, for the entities and mentions tables."""

    start: int
    end: int
    text: str
    entity_id: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article: the pure output of ``extract``."""

    doc_id: str
    date: str | None
    title: str | None
    publisher: str | None
    url: str | None
    author: str | None
    text: str
    pipeline: str  # pipeline version that produced this record
    path: str | None  # where the article was read from
    regions: tuple[Region, ...]
    attributions: tuple[Attribution, ...]
    time_expressions: tuple[TimeExpression, ...]
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
