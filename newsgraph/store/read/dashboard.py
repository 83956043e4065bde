"""The read model's figures over distinct stories: the dashboard's counts and source diversity,
and the coded events (who did what to whom)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, case, func, or_, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from newsgraph.records import Actor, Event
from newsgraph.resolve.countries import country_code
from newsgraph.resolve.entities import name_key
from newsgraph.store import schema
from newsgraph.store.common import _by_date
from newsgraph.store.read.rows import (
    _date_bound,
    _event_day,
    _event_row,
    _gender,
    _is_story,
    _most,
    _speakers_of,
    _within,
)
from newsgraph.store.read.speakers import SpeakerQueries
from newsgraph.store.results import Breakdown, EventRow, Stats

#: How many speakers the dashboard lists.
TOP_SPEAKERS = 10

#: Attribution kinds that are speech, counted as quotes by the diversity figures.
QUOTE_KINDS = ("direct", "indirect", "mixed")

#: Speaker facets of the diversity figures.
FACETS = ("gender", "country", "category")


@dataclass(frozen=True, slots=True)
class GenderTop:
    """One of the most quoted women or men of an outlet."""

    publisher: str | None
    gender: str  # female or male
    id: str
    name: str
    quotes: int


class Dashboard(SpeakerQueries):
    """Counts, diversity and events; on the speaker queries, for the dashboard's top speakers."""

    def stats(
        self,
        top: int = TOP_SPEAKERS,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Stats:
        """Counts over distinct stories (near-duplicates of an earlier article left out), of the
        articles of ``outlet`` (a publisher) dated within ``since`` and ``until`` (inclusive ISO
        date prefixes) when given.

        ``diversity``: per outlet and month, the quotes (speech: direct, indirect, mixed) with a
        resolved speaker, by the speaker's gender (people only), country and category, as
        source-diversity audits count them. These are the entity's, as most articles gave them.
        """
        article = schema.Article
        scope = _scope(outlet, since, until)
        with self._sessions() as session:
            articles, stories = session.execute(
                select(func.count(), func.count(case((_is_story(), 1)))).select_from(article).where(*scope)
            ).one()
            by_kind, by_publisher, by_month = _tallies(session, scope)
            diversity = _diversity(session, scope)
        return Stats(
            articles=articles,
            stories=stories,
            attributions=sum(by_kind.values()),
            by_kind=by_kind,
            by_publisher=by_publisher,
            by_month=by_month,
            top_speakers=tuple(self.speakers(limit=top, outlet=outlet, since=since, until=until)),
            diversity=diversity,
        )

    def top_by_gender(
        self, per: int = 3, outlet: str | None = None, since: str | None = None, until: str | None = None
    ) -> list[GenderTop]:
        """Per outlet, the ``per`` most quoted women and the ``per`` most quoted men (quotes of
        speech in distinct stories, people whose gender the articles gave), most quoted first."""
        article, attribution, entity = schema.Article, schema.Attribution, schema.Entity
        quotes, gender = func.count(attribution.id), _gender()
        stmt = (
            select(article.publisher, gender, entity.id, entity.name, quotes)
            .join(attribution, attribution.article_id == article.id)
            .join(entity, entity.id == attribution.speaker_id)
            .where(
                _is_story(), attribution.kind.in_(QUOTE_KINDS), entity.type == "PERSON", *_scope(outlet, since, until)
            )
            .group_by(article.publisher, gender, entity.id, entity.name)
            .order_by(article.publisher.is_(None), article.publisher, gender, quotes.desc(), entity.name)
        )
        found: list[GenderTop] = []
        taken: Counter[tuple[str | None, str]] = Counter()
        with self._sessions() as session:
            for publisher, sex, entity_id, name, count in session.execute(stmt):
                if sex != "unknown" and taken[publisher, sex] < per:
                    taken[publisher, sex] += 1
                    found.append(GenderTop(publisher, sex, entity_id, name, count))
        return found

    def events(
        self,
        actor: str | None = None,
        recipient: str | None = None,
        event: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        either_way: bool = False,
    ) -> list[EventRow]:
        """Events of distinct stories, the ``limit`` newest articles' that match (after the ``offset``
        newest), in event-date order; with ``either_way``, also those of ``recipient`` to ``actor``
        (a party's timeline with anyone, or a pair's both ways, in one pass).

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
                day = _event_day(coded, published)
                if (
                    (event is not None and coded.event != event.upper())
                    or not (
                        (_party(coded.actor, actor) and _party(coded.recipient, recipient))
                        or (either_way and _party(coded.actor, recipient) and _party(coded.recipient, actor))
                    )
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
            _event_row(article_id, doc_id, publisher, published, coded, speakers)
            for article_id, doc_id, publisher, published, coded in found
        ]
        return sorted(rows, key=lambda row: (row.day or "", row.doc_id, row.event.trigger.start))


def _scope(outlet: str | None, since: str | None, until: str | None) -> list[Any]:
    """Conditions on the articles of one outlet, dated within inclusive ISO date prefixes."""
    article = schema.Article
    return [*_within(article.date, since, until), *([article.publisher == outlet] if outlet is not None else [])]


def _tallies(session: Session, scope: Sequence[Any]) -> tuple[dict[Any, int], dict[Any, int], dict[Any, int]]:
    """Attributions of distinct stories in ``scope`` by kind and by outlet (most first), and by
    month (in order, undated first), counted in one pass by all three."""
    attribution, article = schema.Attribution, schema.Article
    keys = (attribution.kind, article.publisher, func.substr(article.date, 1, 7))
    stmt = (
        select(*keys, func.count(attribution.id))
        .select_from(attribution)
        .join(article, article.id == attribution.article_id)
        .where(_is_story(), *scope)
        .group_by(*keys)
    )
    kinds: Counter[Any] = Counter()
    outlets: Counter[Any] = Counter()
    months: Counter[Any] = Counter()
    for kind, publisher, month, count in session.execute(stmt):
        kinds[kind] += count
        outlets[publisher] += count
        months[month] += count
    return (
        dict(_most(kinds)),
        dict(_most(outlets)),
        dict(sorted(months.items(), key=lambda item: (item[0] is not None, item[0] or ""))),
    )


def _diversity(session: Session, scope: Sequence[Any]) -> tuple[Breakdown, ...]:
    """Quotes of distinct stories in ``scope`` per outlet, month and value of each speaker facet."""
    article, attribution, entity = schema.Article, schema.Attribution, schema.Entity
    month = func.substr(article.date, 1, 7)
    country, category = func.coalesce(entity.country, "unknown"), func.coalesce(entity.category, "unspecified")
    # one pass over the quotes, by every facet at once; each facet's counts are summed from it
    keys = (article.publisher, month, entity.type == "PERSON", _gender(), country, category)  # one of each:
    stmt = (  # PostgreSQL groups by the very expressions selected, bound values and all
        select(*keys, func.count())
        .join(attribution, attribution.article_id == article.id)
        .join(entity, entity.id == attribution.speaker_id)
        .where(_is_story(), attribution.kind.in_(QUOTE_KINDS), *scope)
        .group_by(*keys)
    )
    counts: dict[tuple[str | None, str | None, str], Counter[str]] = defaultdict(Counter)
    for publisher, period, person, gender, where, kind, quotes in session.execute(stmt):
        if person:  # gender only for people
            counts[publisher, period, "gender"][gender] += quotes
        counts[publisher, period, "country"][where] += quotes
        counts[publisher, period, "category"][kind] += quotes

    def order(key: tuple[str | None, str | None, str]) -> tuple[Any, ...]:
        publisher, period, facet = key
        return (publisher is None, publisher or "", period is None, period or "", FACETS.index(facet))

    return tuple(
        Breakdown(publisher, period, facet, dict(sorted(found.items(), key=lambda item: (-item[1], item[0]))))
        for (publisher, period, facet), found in sorted(counts.items(), key=lambda item: order(item[0]))
    )


def _party(parties: Sequence[Actor], wanted: str | None) -> bool:
    """Whether ``wanted`` (a country, its code or demonym, a CAMEO actor code such as USAGOV, or words
    of a name) is one of ``parties``."""
    if wanted is None:
        return True
    code = country_code(wanted) or wanted.upper()  # "China", "Chinese" and "CHN" all mean CHN
    words = set(name_key(wanted).split())
    return any(code in (p.country, p.code) or (words and words <= set(name_key(p.name).split())) for p in parties)


def _escape_like(text: str) -> str:
    """``text`` with the LIKE wildcards escaped (by a backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
