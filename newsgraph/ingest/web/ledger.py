"""What the store knows of the web: each URL fetched, its validators and its body, compressed.

It is what makes a second run cheap (a conditional GET, and a 304 answered from the stored body) and
what ``watch`` remembers across restarts. A page is recorded once its article is through the store
(stored, unchanged or a duplicate), so that a run stopped half-way fetches the rest again.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, insert, select, update

from newsgraph.ingest.web.fetch import Fetched, Validators
from newsgraph.store.schema import Article, WebFetch
from newsgraph.store.store import WRITES, Store

Kind = Literal["page", "feed", "sitemap"]


@dataclass(frozen=True, slots=True)
class Prior:
    """A URL's last recorded fetch."""

    url: str
    kind: str
    final_url: str
    doc_id: str | None
    validators: Validators
    http_date: str | None
    content_type: str | None
    fetched_at: datetime
    body: bytes


class Ledger:
    """The ``web_fetches`` table of one store."""

    def __init__(self, store: Store) -> None:
        self._engine = store.engine
        self._writer = store.engine.execution_options(**{WRITES: True})

    def prior(self, url: str) -> Prior | None:
        """The recorded fetch of ``url`` (normalised), or None."""
        with self._engine.connect() as connection:
            row = connection.execute(select(WebFetch.__table__).where(WebFetch.url == url)).mappings().first()
        if row is None:
            return None
        return Prior(
            url=row["url"],
            kind=row["kind"],
            final_url=row["final_url"],
            doc_id=row["doc_id"],
            validators=Validators(row["etag"], row["last_modified"]),
            http_date=row["http_date"],
            content_type=row["content_type"],
            fetched_at=row["fetched_at"],
            body=gzip.decompress(row["body_gzip"]),
        )

    def seen(self, urls: Iterable[str]) -> set[str]:
        """Which of ``urls`` (normalised) are recorded pages."""
        wanted = list(dict.fromkeys(urls))
        found: set[str] = set()
        with self._engine.connect() as connection:
            for start in range(0, len(wanted), 500):  # SQLite caps a statement's parameters
                part = wanted[start : start + 500]
                found.update(connection.scalars(select(WebFetch.url).where(WebFetch.url.in_(part))))
        return found

    def pages(self) -> list[tuple[str, str, str | None]]:
        """(url, doc id, the date its article was stored with) of every page recorded, by URL."""
        query = (
            select(WebFetch.url, WebFetch.doc_id, Article.date)
            .outerjoin(Article, Article.doc_id == WebFetch.doc_id)
            .where(WebFetch.kind == "page", WebFetch.doc_id.is_not(None))
            .order_by(WebFetch.url)
        )
        with self._engine.connect() as connection:
            return [(url, doc_id, date) for url, doc_id, date in connection.execute(query)]

    def record(self, url: str, kind: Kind, fetched: Fetched, body: bytes, doc_id: str | None = None) -> None:
        """Keep ``fetched`` as ``url``'s last fetch, with ``body`` (a 304 keeps the stored one)."""
        row = {
            "url": url,
            "kind": kind,
            "final_url": fetched.final_url,
            "doc_id": doc_id,
            "etag": fetched.etag,
            "last_modified": fetched.last_modified,
            "http_date": fetched.http_date,
            "content_type": fetched.content_type,
            "fetched_at": fetched.fetched_at,
            "body_gzip": gzip.compress(body, compresslevel=6),
        }
        with self._writer.begin() as connection:  # replaced in one transaction, the same on both databases
            connection.execute(delete(WebFetch).where(WebFetch.url == url))
            connection.execute(insert(WebFetch), [row])

    def touch(self, url: str, fetched: Fetched) -> None:
        """Keep the validators and time of a 304 for ``url``, whose stored body holds."""
        changes = {"etag": fetched.etag, "last_modified": fetched.last_modified, "fetched_at": fetched.fetched_at}
        with self._writer.begin() as connection:
            connection.execute(update(WebFetch).where(WebFetch.url == url).values(**changes))
