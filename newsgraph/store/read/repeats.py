"""The read model's repeated quotes: the same words carried by several articles (wire copies,
re-quotes), found through the full-text index and grouped by their words, as Quotebank groups a
quote across the articles that carry it."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, distinct, func, select

from newsgraph.store import schema
from newsgraph.store.common import StoreBase
from newsgraph.store.results import QuoteRow

#: Fewer words than this ("disparaging remarks", "Trump's plan") recur without being one quote.
MIN_WORDS = 6

_WORD = re.compile(r"\w+")


#: A quote across articles: its speaker (None when unresolved) and its words (``quote_key``).
RepeatKey = tuple[str | None, str]


def quote_key(text: str) -> str:
    """The words of a quote, case folded: the same quote between other quotation marks, or with a
    comma where another copy has a full stop, has the same key."""
    return " ".join(_WORD.findall(text.casefold()))


@dataclass(frozen=True, slots=True)
class Carrier:
    """An article that carries a quote, and the quote's place in it."""

    doc_id: str
    date: str | None
    publisher: str | None
    title: str | None
    ordinal: int
    story: bool  # not a near-duplicate of an earlier article


#: How many words of a quote the full-text query looks for (``_middle``).
PHRASE = 8

#: How many of the articles carrying a quote are listed with it (a wire story is carried by hundreds).
LISTED = 10


@dataclass(frozen=True, slots=True)
class Repeat:
    """One quote (``key``: its words): how many articles and distinct stories carry it, when it was first seen, and
    the ``LISTED`` oldest of those articles."""

    key: str
    count: int
    stories: int  # a near-duplicate's copy counts with its original
    first_seen: str | None  # the date of the earliest dated article that carries it
    articles: tuple[Carrier, ...]


class RepeatQueries(StoreBase):
    """The quotes of a list that other articles carry too."""

    def repeats(self, quotes: Iterable[QuoteRow]) -> dict[RepeatKey, Repeat]:
        """(Speaker, words) of a quote (``repeat_key``) -> the articles carrying it, for the quotes
        of at least ``MIN_WORDS`` words that more than one article gives the same speaker: the
        same words said by another ("a ban on Muslims entering the United States") are another
        quote. One full-text query finds the candidates (the middle words of each as a phrase),
        other quotation marks and punctuation included; their speaker and whole words decide."""
        long = [q for q in quotes if len(quote_key(q.content_text).split()) >= MIN_WORDS]
        if not long:
            return {}
        keys = {repeat_key(q) for q in long}
        query = " or ".join(sorted({f'"{_middle(words)}"' for _, words in keys}))
        return self._carried(self._fulltext.match_attributions(query), keys)

    def _carried(self, matching: Any, keys: set[RepeatKey]) -> dict[RepeatKey, Repeat]:
        """The repeats of ``keys`` among the attributions ``matching`` selects."""
        attribution, article = schema.Attribution, schema.Article
        story = article.duplicate_of.is_(None)
        # counted in SQL (a wire quote is carried by hundreds of articles), one row per way of
        # writing the words; only the oldest few carriers of each are read
        counted = (
            select(
                attribution.speaker_id,
                attribution.content_text,
                func.count(distinct(attribution.article_id)),
                func.count(distinct(case((story, attribution.article_id)))),
                func.min(article.date),
            )
            .join(article, article.id == attribution.article_id)
            .where(matching)
            .group_by(attribution.speaker_id, attribution.content_text)
        )
        place = func.row_number().over(
            partition_by=(attribution.speaker_id, attribution.content_text),
            order_by=(article.date.is_(None), article.date, article.doc_id, attribution.ordinal),
        )
        oldest = (
            select(
                attribution.speaker_id,
                attribution.content_text,
                attribution.ordinal,
                article.doc_id,
                article.date,
                article.publisher,
                article.title,
                story.label("story"),
                place.label("place"),
            )
            .join(article, article.id == attribution.article_id)
            .where(matching)
            .subquery()
        )
        totals: defaultdict[RepeatKey, list[Any]] = defaultdict(lambda: [0, 0, None])
        carriers: defaultdict[RepeatKey, dict[str, Carrier]] = defaultdict(dict)
        with self._sessions() as session:
            for speaker, text, count, stories, first in session.execute(counted):
                if (key := (speaker, quote_key(text))) in keys:
                    total = totals[key]
                    total[0] += count
                    total[1] += stories
                    total[2] = min(filter(None, (total[2], first)), default=None)
            wanted = {key for key, (count, _, _) in totals.items() if count > 1}
            listed = select(*(c for c in oldest.c if c.name != "place")).where(oldest.c.place <= LISTED)
            for speaker, text, ordinal, doc_id, date, publisher, title, is_story in session.execute(listed):
                key = (speaker, quote_key(text))
                if key in wanted and doc_id not in carriers[key]:  # quoted twice: its first place
                    carriers[key][doc_id] = Carrier(doc_id, date, publisher, title, ordinal, bool(is_story))
        return {key: _repeat(key[1], *totals[key], list(carriers[key].values())) for key in wanted}


def repeat_key(quote: QuoteRow) -> RepeatKey:
    """What makes two attributions one quote: the same speaker and the same words."""
    return quote.speaker_id, quote_key(quote.content_text)


def _middle(key: str) -> str:
    """The middle ``PHRASE`` words of a key: a phrase that finds the quote's copies at a fraction
    of the cost of all its words (50 keys: 15 ms, not 50), whose whole words then decide."""
    words = key.split()
    start = max(0, (len(words) - PHRASE) // 2)
    return " ".join(words[start : start + PHRASE])


def _repeat(key: str, count: int, stories: int, first: str | None, carriers: list[Carrier]) -> Repeat:
    carriers.sort(key=lambda c: (c.date is None, c.date or "", c.doc_id))
    return Repeat(key, count, stories, first, tuple(carriers[:LISTED]))
