"""The read model's repeated quotes: the same words carried by several articles (wire copies,
re-quotes), found through the full-text index and grouped by their words, as Quotebank groups a
quote across the articles that carry it."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from newsgraph.store import schema
from newsgraph.store.common import StoreBase
from newsgraph.store.results import QuoteRow

#: Fewer words than this ("disparaging remarks", "Trump's plan") recur without being one quote.
MIN_WORDS = 6

_WORD = re.compile(r"\w+")


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


@dataclass(frozen=True, slots=True)
class Repeat:
    """One quote and every article that carries it, oldest first."""

    key: str
    articles: tuple[Carrier, ...]

    @property
    def first_seen(self) -> str | None:
        """The date of the earliest dated article that carries it."""
        return next((c.date for c in self.articles if c.date), None)

    @property
    def stories(self) -> int:
        """How many distinct stories carry it: a near-duplicate's copy counts with its original."""
        return sum(c.story for c in self.articles)


class RepeatQueries(StoreBase):
    """The quotes of a list that other articles carry too."""

    def repeats(self, quotes: Iterable[QuoteRow]) -> dict[str, Repeat]:
        """Quote key (``quote_key``) -> every article carrying that quote, for the quotes of at
        least ``MIN_WORDS`` words that more than one article carries. One full-text query finds
        the candidates (each key as a phrase); their words decide."""
        keys = {quote_key(q.content_text) for q in quotes}
        keys = {key for key in keys if len(key.split()) >= MIN_WORDS}
        if not keys:
            return {}
        query = " or ".join(f'"{key}"' for key in sorted(keys))
        attribution, article = schema.Attribution, schema.Article
        stmt = (
            select(
                attribution.content_text,
                attribution.ordinal,
                article.doc_id,
                article.date,
                article.publisher,
                article.title,
                article.duplicate_of.is_(None),
            )
            .join(article, article.id == attribution.article_id)
            .where(self._fulltext.match_attributions(query))
        )
        carriers: defaultdict[str, dict[str, Carrier]] = defaultdict(dict)
        with self._sessions() as session:
            for text, ordinal, doc_id, date, publisher, title, story in session.execute(stmt):
                key = quote_key(text)
                if key in keys:  # an article quoting it twice is one carrier, at its first place
                    found = carriers[key].get(doc_id)
                    if found is None or ordinal < found.ordinal:
                        carriers[key][doc_id] = Carrier(doc_id, date, publisher, title, ordinal, bool(story))
        return {
            key: Repeat(key, tuple(sorted(found.values(), key=lambda c: (c.date is None, c.date or "", c.doc_id))))
            for key, found in carriers.items()
            if len(found) > 1
        }
