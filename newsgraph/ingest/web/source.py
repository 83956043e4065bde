"""Articles from the web, as the file readers give them from files: pages given by URL, and every
article a feed or sitemap links, each fetched once, deduplicated by normalised and by canonical URL.

A page is extracted as a saved HTML file is (``ingest.html``): the size limit for an article applies
to the extracted text, the HTML has its own (``max_html_bytes``, in the fetcher). Its date is the
page's own, else the one its feed or sitemap gives, else ``--date``, else the day of the response's
Date header. Its id is its canonical URL's host and path, so that the same article under two URLs,
or fetched again next week, is one article in the store.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from html import unescape as html_unescape
from itertools import chain
from urllib.parse import urljoin

from newsgraph.ingest import html
from newsgraph.ingest.outlets import outlet_name
from newsgraph.ingest.readers import ReadError, check_date, check_text_size, looks_like_html, read_paths
from newsgraph.ingest.web.boilerplate import prune
from newsgraph.ingest.web.charset import decode_page
from newsgraph.ingest.web.feeds import Link, ListError, feed_links
from newsgraph.ingest.web.fetch import Fetched, Fetcher, FetchError
from newsgraph.ingest.web.ledger import Kind, Ledger
from newsgraph.ingest.web.sitemaps import parse_sitemap
from newsgraph.ingest.web.urls import doc_id_for, is_web, normalise
from newsgraph.records import Article, ReadFailure, Skipped
from newsgraph.settings import Settings
from newsgraph.store.store import Store

Read = Article | ReadFailure | Skipped
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8"
SITEMAP_ACCEPT = "application/xml,text/xml;q=0.9,*/*;q=0.8"
#: Child sitemaps read for one sitemap given (an index of indexes is allowed, a crawl of the site is not).
MAX_SITEMAPS = 100
LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
CANONICAL = re.compile(r"""\brel\s*=\s*["']?canonical\b""", re.IGNORECASE)
HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
HEAD_BYTES = 200_000  # a canonical link is in the head; a page's scripts can be megabytes after it


@dataclass(frozen=True, slots=True)
class WebInputs:
    """What a command asks for from the web."""

    pages: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    stored: bool = False  # every page the store has fetched, from its stored HTML

    def __bool__(self) -> bool:
        return bool(self.pages or self.feeds or self.sitemaps or self.stored)


class WebSource:
    """Reads ``WebInputs`` into articles; with a ``ledger``, a conditional GET for what the store has
    fetched before, and ``done`` records a page once its article is through the store."""

    def __init__(
        self,
        settings: Settings,
        fetcher: Fetcher,
        ledger: Ledger | None = None,
        default_date: str | None = None,
        revisit: bool = True,
    ) -> None:
        self.settings, self.fetcher, self.ledger = settings, fetcher, ledger
        self.default_date = default_date
        self.revisit = revisit  # False: a feed's items the store has are not asked for again (watch)
        self._pending: dict[str, tuple[str, Fetched, bytes]] = {}
        self._canonical: dict[str, str] = {}

    def read(self, inputs: WebInputs) -> Iterator[Read]:
        """An article, a failure naming the URL, or a ``Skipped`` copy, for every page asked for or listed."""
        listed: dict[str, Link] = {}
        for url in inputs.feeds:
            yield from self._listing(url, "feed", listed)
        for url in inputs.sitemaps:
            yield from self._listing(url, "sitemap", listed)
        if not self.revisit and self.ledger is not None:
            seen = self.ledger.seen(listed)
            listed = {key: link for key, link in listed.items() if key not in seen}
        links: dict[str, Link] = {}
        for url in inputs.pages:  # first, as given, with the date a feed gives it
            key = normalise(url)
            links.setdefault(key, Link(url, listed[key].date if key in listed else None))
        for key, link in listed.items():
            links.setdefault(key, link)
        for key, link in links.items():
            yield self._page(key, link)
        if inputs.stored and self.ledger is not None:
            yield from self._stored(set(links))

    def _stored(self, fetched_now: set[str]) -> Iterator[Read]:
        """Every page the store has fetched (one per article), extracted again from its stored HTML with
        the date its article was stored with; nothing is requested."""
        assert self.ledger is not None
        articles: set[str] = set()
        # the page at the article's canonical URL first, rather than a copy of it (an AMP page)
        pages = sorted(self.ledger.pages(), key=lambda page: doc_id_for(page[0]) != page[1])
        for url, doc_id, date in pages:
            if url in fetched_now or doc_id in articles:
                continue
            articles.add(doc_id)
            prior = self.ledger.prior(url)
            if prior is None:
                continue  # gone since the list was read
            stored = Fetched(
                url, prior.final_url, 200, b"", prior.content_type, None, None, prior.http_date, prior.fetched_at
            )
            try:
                yield page_article(stored, prior.body, date, self.settings)
            except ReadError as error:
                yield ReadFailure(url, f"stored page: {error}")

    def done(self, doc_id: str, _status: str) -> None:
        """Record the page that gave ``doc_id``: its article is in the store now."""
        pending = self._pending.pop(doc_id, None)
        if pending is not None and self.ledger is not None:
            key, fetched, body = pending
            if fetched.status == 304:  # the stored body holds: new validators, the same body
                self.ledger.touch(key, fetched)
            else:
                self.ledger.record(key, "page", fetched, body, doc_id)

    def _page(self, key: str, link: Link) -> Read:
        try:
            fetched, body = self._fetch(link.url, key, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
            article = page_article(fetched, body, link.date or self.default_date, self.settings)
        except (FetchError, ReadError) as error:
            return ReadFailure(link.url, str(error))
        first = self._canonical.setdefault(article.url or key, key)
        if first != key:
            if self.ledger is not None:  # seen: a watch need not fetch the copy again
                self.ledger.record(key, "page", fetched, body, article.doc_id)
            return Skipped(link.url, f"the same article as {first} (canonical URL {article.url})")
        if self.ledger is not None:
            self._pending[article.doc_id] = (key, fetched, body)
        return article

    def _listing(self, url: str, kind: Kind, into: dict[str, Link]) -> Iterator[ReadFailure]:
        """Add the pages a feed or sitemap lists to ``into``; a failure for each that fails."""
        todo, done = [url], set()
        while todo and len(done) < MAX_SITEMAPS:
            current = todo.pop(0)
            done.add(normalise(current))
            accept = FEED_ACCEPT if kind == "feed" else SITEMAP_ACCEPT
            try:
                fetched, body = self._fetch(current, normalise(current), accept)
                if fetched.status == 200 and self.ledger is not None:
                    self.ledger.record(normalise(current), kind, fetched, body)
                if looks_like_html(body):
                    raise ListError(f"not a {kind}: an HTML page")
                if kind == "feed":
                    links = feed_links(body, fetched.final_url, fetched.content_type)
                else:
                    sitemap = parse_sitemap(body, fetched.final_url, self.settings.max_html_bytes)
                    links = sitemap.pages
                    todo += [child for child in sitemap.children if normalise(child) not in done]
            except (FetchError, ListError) as error:
                yield ReadFailure(current, f"{kind}: {error}")
                continue
            for link in links:
                into.setdefault(normalise(link.url), link)

    def _fetch(self, url: str, key: str, accept: str) -> tuple[Fetched, bytes]:
        """The response and its body; a conditional GET when the store has fetched ``key`` before,
        and a 304 answered with the stored body (and the validators kept if the 304 repeats none)."""
        prior = self.ledger.prior(key) if self.ledger is not None else None
        fetched = self.fetcher.get(url, prior.validators if prior else None, accept)
        if fetched.status != 304:
            return fetched, fetched.body
        if prior is None:
            raise FetchError("HTTP 304 Not Modified to a request that was not conditional")
        kept = replace(
            fetched,
            etag=fetched.etag or prior.validators.etag,
            last_modified=fetched.last_modified or prior.validators.last_modified,
            http_date=prior.http_date,  # the date of the body we have
            content_type=prior.content_type,
            body=b"",
        )
        return kept, prior.body


def page_article(fetched: Fetched, body: bytes, listed_date: str | None, settings: Settings) -> Article:
    """The article in a fetched page (or a stored one: the same body gives the same article)."""
    media = (fetched.content_type or "").split(";")[0].strip().lower()
    if media not in HTML_TYPES:
        hint = " (a feed or sitemap? give it with --feed or --sitemap)" if media.endswith("xml") else ""
        raise ReadError(f"not an HTML page: Content-Type {media}{hint}")
    if not body.strip():
        raise ReadError("empty")
    if b"\x00" in body[:8192]:
        raise ReadError("binary content, not HTML")
    markup, _ = decode_page(body, fetched.content_type)
    page = html.extract(prune(markup))
    if page is None:
        raise ReadError("malformed HTML or no main text found")
    check_text_size(page.text, settings)
    stated = urljoin(fetched.final_url, canonical_href(markup) or page.url or "")
    canonical = normalise(stated if is_web(stated) else fetched.final_url)
    return Article(
        doc_id=doc_id_for(canonical),
        text=page.text,
        date=check_date(page.date or listed_date or http_day(fetched.http_date)),
        title=page.title,
        url=canonical,
        publisher=outlet_name(page.publisher, settings.outlets),  # as for files: a short name is named
        author=page.author,
        path=fetched.final_url,
    )


def canonical_href(markup: str) -> str | None:
    """The href of the page's ``<link rel="canonical">``, which may be relative (trafilatura keeps
    only absolute ones)."""
    for tag in LINK_TAG.findall(markup[:HEAD_BYTES]):
        if CANONICAL.search(tag) and (href := HREF.search(tag)):
            return html_unescape(href.group(1) or href.group(2) or "").strip() or None
    return None


def http_day(value: str | None) -> str | None:
    """The day (YYYY-MM-DD) of an HTTP date header."""
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return None


def split_inputs(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """Paths and ``-`` on one side, web URLs on the other."""
    files, urls = [], []
    for raw in paths:
        (urls if is_web(raw) else files).append(raw)
    return files, urls


@contextmanager
def open_reads(
    paths: Iterable[str],
    inputs: WebInputs,
    settings: Settings,
    store: Store | None,
    default_date: str | None,
    input_format: str | None = None,
) -> Iterator[tuple[Iterator[Read], Callable[[str, str], None]]]:
    """What ``paths`` (files, directories, ``-``, URLs) and ``inputs`` give, and the ``done`` hook for
    ``jobs.ingest_reads``; with a ``store``, what was fetched is recorded in it. ``input_format`` is
    ``readers.read_paths``'."""
    files, urls = split_inputs(paths)
    inputs = replace(inputs, pages=(*urls, *inputs.pages))
    from_files = read_paths(files, settings, default_date, input_format=input_format) if files else iter(())
    if not inputs:
        yield from_files, lambda _doc_id, _status: None
        return
    with Fetcher(settings) as fetcher:
        source = WebSource(settings, fetcher, Ledger(store) if store is not None else None, default_date)
        yield chain(from_files, source.read(inputs)), source.done
