"""Full-text search per dialect: FTS5 on SQLite, ``tsvector`` on PostgreSQL.

Both take web-search style queries: words are ANDed, ``"a phrase"`` is matched as a
phrase, ``or`` between terms means either, and ``-word`` excludes a word.
"""

from __future__ import annotations

import re
from typing import Protocol

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    column,
    false,
    func,
    literal_column,
    select,
    table,
)

from newsgraph.store import schema

SNIPPET_START = "["
SNIPPET_END = "]"
_SNIPPET_WORDS = 20

_ENGLISH = literal_column("'english'::regconfig")
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


class FullText(Protocol):
    def match_attributions(self, query: str) -> ColumnElement[bool]:
        """A condition on ``attributions`` that holds where the content matches ``query``."""
        ...

    def article_hits(self, query: str) -> Select[tuple[int, str, float]]:
        """``(article id, snippet, rank)`` of the matching articles; lower ranks are better."""
        ...

    def attribution_ranks(self, query: str) -> Select[tuple[int, float]]:
        """``(attribution id, rank)`` of the attributions whose content matches; lower is better."""
        ...


def for_dialect(name: str) -> FullText:
    """The full-text search of the named SQLAlchemy dialect."""
    return _Postgres() if name == "postgresql" else _Sqlite()


def fts5_query(query: str) -> str:
    """The FTS5 expression for a web-search style query ("" when nothing is searched for).

    Every term is quoted, so user text can never be read as FTS5 syntax.
    """
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    for match in _TERM.finditer(query):
        negated, phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            groups.append([])
            continue
        if word is not None and word.startswith("-"):
            negated, word = "-", word[1:]
        words = _WORD.findall(phrase if phrase is not None else word)
        if words:
            (excluded if negated else groups[-1]).append('"' + " ".join(words) + '"')
    wanted = [f"({' AND '.join(terms)})" for terms in groups if terms]
    if not wanted:
        return ""
    expression = " OR ".join(wanted)
    if excluded and len(wanted) > 1:
        expression = f"({expression})"  # NOT binds tighter than OR in FTS5
    return expression + "".join(f" NOT {term}" for term in excluded)


def search_terms(query: str) -> list[str]:
    """The words and phrases a query looks for (not those it excludes), to highlight them."""
    terms = []
    for match in _TERM.finditer(query):
        negated, phrase, word = match.groups()
        if negated or (word is not None and (word.lower() == "or" or word.startswith("-"))):
            continue
        words = _WORD.findall(phrase if phrase is not None else word)
        if words:
            terms.append(" ".join(words))
    return terms


def _tsquery(query: str) -> ColumnElement[object]:
    return func.websearch_to_tsquery(_ENGLISH, query)


class _Sqlite:
    _articles = table("articles_fts", column("rowid"), column("text"), column("rank"))
    _attributions = table("attributions_fts", column("rowid"), column("content_text"), column("rank"))

    def attribution_ranks(self, query: str) -> Select[tuple[int, float]]:
        fts = self._attributions
        expression = fts5_query(query)
        match = fts.c.content_text.op("MATCH")(expression) if expression else false()
        return select(fts.c.rowid.label("id"), fts.c.rank.label("rank")).where(match)  # BM25: lower is better

    def match_attributions(self, query: str) -> ColumnElement[bool]:
        expression = fts5_query(query)
        if not expression:
            return false()
        fts = self._attributions
        return schema.Attribution.id.in_(select(fts.c.rowid).where(fts.c.content_text.op("MATCH")(expression)))

    def article_hits(self, query: str) -> Select[tuple[int, str, float]]:
        fts = self._articles
        expression = fts5_query(query)
        snippet = func.snippet(
            literal_column(fts.name),
            0,
            SNIPPET_START,
            SNIPPET_END,
            "…",
            _SNIPPET_WORDS,
            type_=Text,
        )
        match = fts.c.text.op("MATCH")(expression) if expression else false()
        return select(fts.c.rowid.label("id"), snippet.label("snippet"), fts.c.rank.label("rank")).where(match)


class _Postgres:
    _articles = table("articles", column("id"), column("text"), column("search_vector"))
    _attributions = table("attributions", column("id"), column("search_vector"))

    def attribution_ranks(self, query: str) -> Select[tuple[int, float]]:
        fts, tsquery = self._attributions, _tsquery(query)
        rank = -func.ts_rank(fts.c.search_vector, tsquery)
        return select(fts.c.id.label("id"), rank.label("rank")).where(fts.c.search_vector.op("@@")(tsquery))

    def match_attributions(self, query: str) -> ColumnElement[bool]:
        fts = self._attributions
        return schema.Attribution.id.in_(select(fts.c.id).where(fts.c.search_vector.op("@@")(_tsquery(query))))

    def article_hits(self, query: str) -> Select[tuple[int, str, float]]:
        fts = self._articles
        tsquery = _tsquery(query)
        options = (
            f"StartSel={SNIPPET_START}, StopSel={SNIPPET_END}, "
            f"MaxWords={_SNIPPET_WORDS}, MinWords={_SNIPPET_WORDS // 2}"
        )
        snippet = func.ts_headline(_ENGLISH, fts.c.text, tsquery, options, type_=Text)
        rank = -func.ts_rank(fts.c.search_vector, tsquery)
        return select(fts.c.id, snippet.label("snippet"), rank.label("rank")).where(
            fts.c.search_vector.op("@@")(tsquery)
        )
