"""The read model: the queries of the pages, the API and the command line, by what they read."""

from __future__ import annotations

from newsgraph.store.read.articles import ArticleQueries
from newsgraph.store.read.dashboard import Dashboard
from newsgraph.store.read.quotes import QuoteQueries
from newsgraph.store.read.repeats import RepeatQueries


class StoreReader(ArticleQueries, QuoteQueries, RepeatQueries, Dashboard):
    """What the pages, the API and the command line ask of a store (the speaker queries come
    with the dashboard, whose figures list the top speakers; the repeats of quotes on their own)."""
