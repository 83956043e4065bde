"""The store's record of what was fetched, on both databases: a page's validators and body kept,
replaced, touched by a 304, and listed for re-extraction."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from newsgraph.ingest.web.fetch import Fetched, Validators
from newsgraph.ingest.web.ledger import Ledger
from newsgraph.store.store import Store

URL = "http://127.0.0.1:8000/news/1.html"


def fetched(etag: str, status: int = 200) -> Fetched:
    return Fetched(
        URL, URL, status, b"", "text/html", etag, "Wed, 01 May 2024 09:00:00 GMT", "Thu, 02 May 2024 10:00:00 GMT",
        datetime(2024, 5, 2, 10, tzinfo=UTC),
    )  # fmt: skip


def test_web_ledger_on_both_databases(db_url: str) -> None:
    with Store.open(db_url) as store:
        ledger = Ledger(store)
        assert ledger.prior(URL) is None and ledger.seen([URL]) == set()
        ledger.record(URL, "page", fetched('"a"'), b"<p>first</p>", "127.0.0.1:8000/news/1.html")
        ledger.record(URL, "page", fetched('"b"'), b"<p>second</p>" * 1000, "127.0.0.1:8000/news/1.html")
        ledger.touch(URL, replace(fetched('"c"', 304), fetched_at=datetime(2024, 5, 3, tzinfo=UTC)))
        prior = ledger.prior(URL)
        assert prior is not None and prior.body == b"<p>second</p>" * 1000
        assert prior.validators == Validators('"c"', "Wed, 01 May 2024 09:00:00 GMT")
        assert prior.http_date == "Thu, 02 May 2024 10:00:00 GMT" and prior.fetched_at.day == 3
        assert ledger.seen([URL, URL + "?other"]) == {URL}
        assert ledger.pages() == [(URL, "127.0.0.1:8000/news/1.html", None)]  # no article stored under it
