"""Feeds into a real SQLite store, end to end with the English pipeline (loaded once for the module):
a 20-item feed with failing items, a second run answered by 304s, and ``watch``."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from spacy.language import Language
from sqlalchemy import select
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.ingest.web.ledger import Ledger
from newsgraph.ingest.web.source import WebInputs, open_reads
from newsgraph.ingest.web.watch import watch
from newsgraph.jobs import Summary, ingest_reads
from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.settings import Settings
from newsgraph.store.schema import WebFetch
from newsgraph.store.store import Store

from .test_web_server import Reply, Site, html_reply, page_html, quick, site_fixture  # noqa: F401

PEOPLE = ["Ada Park", "Ben Ortiz", "Chloe Ng", "Dev Rao", "Ella Moss", "Finn Hale", "Gia Lund", "Hugo Berg"]
TOPICS = ["bridge", "library", "tram line", "harbour wall", "school roof", "water main", "park", "bus depot"]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(Settings().model)


def story(n: int) -> str:
    person, topic = PEOPLE[n % len(PEOPLE)], TOPICS[(n * 3) % len(TOPICS)]
    return (
        f"The council of district {n} voted on Tuesday to repair the {topic}, after {n + 2} years of complaints.\n\n"
        f"“We have waited long enough for the {topic},” said {person}, who chairs the residents’ group {n}.\n\n"
        f"Work is to start in spring {2025 + n % 3}, the council said in a statement on the {topic} number {n}."
    )


def rss(items: list[tuple[str, str]]) -> Reply:
    entries = "".join(
        f"<item><title>Story</title><link>{url}</link><pubDate>{when}</pubDate></item>" for url, when in items
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>{entries}</channel></rss>'
    return html_reply(body, content_type="application/rss+xml")


def serve_feed(site: Site) -> dict[str, str]:
    """A feed of 20 items: 14 articles (half dated by their page, half by the feed), a copy of one
    under another URL, and 5 that fail; returns each good article's expected date by path."""
    site.robots["127.0.0.1"] = "User-agent: *\nDisallow: /private/\n"
    items, dates = [], {}
    for n in range(14):
        path, day = f"/news/{n}.html", f"2024-05-{n + 1:02d}"
        page_date = day if n % 2 == 0 else None  # odd ones: the date comes from the feed
        site.add(path, page_html(f"Council to repair it, part {n}", story(n), date=page_date, canonical=path))
        items.append((site.url(path), f"{['Wed', 'Thu'][n % 2]}, {n + 1:02d} May 2024 08:00:00 GMT"))
        dates[path] = day
    site.add("/amp/3.html", page_html("Part 3 (AMP)", story(3), canonical=site.url("/news/3.html")))
    site.add("/news/broken.html", Reply(500))
    site.add("/news/loop.html", Reply(302, b"", {"Location": "/news/loop.html?again"}))
    site.add("/news/loop.html?again", Reply(302, b"", {"Location": "/news/loop.html"}))
    site.add("/news/clip", Reply(200, b"\x00\x01", {"Content-Type": "video/mp4"}))
    for path in ("/amp/3.html", "/private/leak.html", "/news/gone.html", "/news/broken.html", "/news/loop.html"):
        items.append((site.url(path), "Fri, 10 May 2024 08:00:00 GMT"))
    items.append((site.url("/news/clip"), "Fri, 10 May 2024 08:00:00 GMT"))
    site.add("/feed.xml", rss(items))
    return dates


def ingest_web(inputs: WebInputs, db: str, nlp: Language, errors: list[str]) -> Summary:
    settings = quick(db=db)
    with Store.open(db) as store, open_reads([], inputs, settings, store, None) as (reads, done):
        return ingest_reads(reads, store, nlp, settings, errors.append, done=done)


def ingest_feed(site: Site, db: str, nlp: Language, errors: list[str]) -> Summary:
    return ingest_web(WebInputs(feeds=(site.url("/feed.xml"),)), db, nlp, errors)


def test_web_feed_of_20_items_into_sqlite(site: Site, tmp_path: Path, nlp: Language) -> None:
    dates = serve_feed(site)
    db, errors = str(tmp_path / "store.db"), []
    summary = ingest_feed(site, db, nlp, errors)
    assert summary.counts["new"] == 14 and summary.counts["skipped"] == 1
    failed = {re.sub(r"^http://127.0.0.1:\d+", "", f.path): f.reason for f in summary.failures}
    assert set(failed) == {
        "/private/leak.html",
        "/news/gone.html",
        "/news/broken.html",
        "/news/loop.html",
        "/news/clip",
    }
    assert "forbidden by robots.txt" in failed["/private/leak.html"]
    assert "HTTP 500" in failed["/news/broken.html"] and "redirect loop" in failed["/news/loop.html"]
    assert "not an HTML page: Content-Type video/mp4" in failed["/news/clip"]
    assert any(line.startswith(f"error: {site.url('/news/broken.html')}: ") for line in errors)
    assert site.hits("/private/leak.html") == []  # robots.txt forbids it: never asked for
    with Store.open(db) as store:
        stored = {row.doc_id: row for row in store.articles(limit=100)}
        assert len(stored) == 14
        for path, day in dates.items():
            row = stored[f"127.0.0.1:{site.port}{path}"]
            assert (row.date, row.url) == (day, site.url(path))
        with store.engine.connect() as connection:
            pages = select(WebFetch.doc_id, WebFetch.body_gzip).where(WebFetch.kind == "page")
            kept = {doc_id: body for doc_id, body in connection.execute(pages)}
    assert len(kept) == 14 and b"residents" in gzip.decompress(kept[f"127.0.0.1:{site.port}/news/0.html"])

    site.clear()
    again = ingest_feed(site, db, nlp, [])
    assert again.counts["unchanged"] == 14 and "new" not in again.counts
    answered = [hit.status for path in dates for hit in site.hits(path)]
    assert answered == [304] * 14  # every article asked for once, and answered "not modified"
    assert {hit.status for hit in site.hits("/feed.xml")} == {304}

    site.clear()  # the stored pages extracted again, with their stored dates, asking nothing of the server
    assert ingest_web(WebInputs(stored=True), db, nlp, []).counts == {"unchanged": 14}
    assert site.log == []


def test_web_watch_stores_an_item_the_feed_gains_once(site: Site, tmp_path: Path, nlp: Language) -> None:
    for n in range(3):
        site.add(f"/w/{n}.html", page_html(f"Watch {n}", story(n + 20), date=f"2024-06-0{n + 1}"))
    polls = []

    def feed(_request: object) -> Reply:
        polls.append(1)
        count = 2 if len(polls) == 1 else 3  # the feed gains an item after the first poll
        return rss([(site.url(f"/w/{n}.html"), "Sat, 01 Jun 2024 08:00:00 GMT") for n in range(count)])

    site.add("/watched.xml", feed)
    db, lines = str(tmp_path / "watch.db"), []
    settings = quick(db=db)
    with Store.open(db) as store:
        failing = watch([site.url("/watched.xml")], store, settings, 1.0, lines.append, lines.append, 3, nlp)
        assert failing == 0
        assert sorted(row.doc_id.rsplit("/", 1)[-1] for row in store.articles()) == ["0.html", "1.html", "2.html"]
    poll_lines = [line for line in lines if line.startswith("poll ")]
    assert len(poll_lines) == 3
    assert "2 new" in poll_lines[0] and "1 new" in poll_lines[1] and "new" not in poll_lines[2]
    assert [len(site.hits(f"/w/{n}.html")) for n in range(3)] == [1, 1, 1]  # each item fetched once

    site.clear()  # a restart: the store says what was seen
    with Store.open(db) as store:
        watch([site.url("/watched.xml")], store, settings, 1.0, lines.append, lines.append, 1, nlp)
        assert Ledger(store).seen([site.url("/w/2.html")]) == {site.url("/w/2.html")}
    assert [hit.path for hit in site.log if hit.path != "/robots.txt"] == ["/watched.xml"]


def test_web_cli_ingest_and_watch(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' wiring, where nothing needs extracting (the pipeline is not loaded): failures by
    URL, a usage error, a rate from the environment, and watch's line per poll."""
    monkeypatch.setenv("NEWSGRAPH_FETCH_RATE", "500")
    monkeypatch.setenv("NEWSGRAPH_FETCH_BACKOFF", "0.01")
    site.add("/empty.xml", rss([]))
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", site.url("/gone.html"), "--sitemap", site.url("/none.xml"), "--db", db])
    assert result.exit_code == 1
    assert f"error: {site.url('/gone.html')}: HTTP 404 Not Found" in result.stderr
    assert f"error: {site.url('/none.xml')}: sitemap: HTTP 404 Not Found" in result.stderr
    assert "0 failed" not in result.stderr and "2 failed" in result.stderr
    assert runner.invoke(app, ["ingest", "--db", db]).exit_code == 2
    result = runner.invoke(app, ["watch", site.url("/empty.xml"), "--every", "1s", "--polls", "2", "--db", db])
    assert result.exit_code == 0, result.stderr
    assert [line.split(" at ")[0] for line in result.stderr.splitlines()] == ["poll 1", "poll 2"]
    assert runner.invoke(app, ["watch", site.url("/empty.xml"), "--every", "soon"]).exit_code == 2
