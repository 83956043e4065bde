"""The fetcher against a real server on 127.0.0.1: politeness, retries, limits, encodings."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler

import brotli
import pytest

from newsgraph import __version__
from newsgraph.ingest.web.charset import decode_page
from newsgraph.ingest.web.fetch import Fetcher, FetchError, Validators

from .test_web_server import Reply, Site, gzipped, html_reply, quick, site_fixture  # noqa: F401

FRENCH = "<p>Le café de la gare est fermé à cause de la grève, a déclaré le maire.</p>"


def times(*replies: Reply) -> Iterator[Reply]:
    """Replies in turn, the last one ever after."""
    yield from replies[:-1]
    while True:
        yield replies[-1]


def sequence(*replies: Reply) -> Callable[[object], Reply]:
    stream = times(*replies)
    return lambda _request: next(stream)


def test_web_fetch_user_agent_gzip_and_brotli(site: Site) -> None:
    text = "<html><body><p>Zürich — café</p></body></html>".encode()
    site.add("/gz", Reply(200, gzipped(text), {"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    site.add("/br", Reply(200, brotli.compress(text), {"Content-Type": "text/html", "Content-Encoding": "br"}))
    with Fetcher(quick()) as fetcher:
        assert fetcher.get(site.url("/gz")).body == text
        assert fetcher.get(site.url("/br")).body == text
    [hit] = site.hits("/gz")
    assert hit.agent.startswith(f"newsgraph/{__version__}")
    assert len(site.hits("/robots.txt")) == 1  # once per origin and run


def test_web_fetch_retries_429_with_retry_after_and_500_then_succeeds(site: Site) -> None:
    site.add("/busy", sequence(Reply(429, b"", {"Retry-After": "1"}), html_reply("<p>ok</p>")))
    site.add("/flaky", sequence(Reply(500), Reply(503), html_reply("<p>ok</p>")))
    site.add("/down", Reply(502))
    with Fetcher(quick()) as fetcher:
        began = time.monotonic()
        assert fetcher.get(site.url("/busy")).status == 200
        assert time.monotonic() - began >= 1.0  # Retry-After honoured
        assert fetcher.get(site.url("/flaky")).status == 200
        with pytest.raises(FetchError, match=r"HTTP 502 Bad Gateway, 3 attempts"):
            fetcher.get(site.url("/down"))
        with pytest.raises(FetchError, match="HTTP 404"):
            fetcher.get(site.url("/nowhere"))
    assert [h.status for h in site.hits("/flaky")] == [500, 503, 200]
    assert len(site.hits("/nowhere")) == 1  # a 404 is not retried


def test_web_fetch_retry_after_too_long_fails_at_once(site: Site) -> None:
    site.add("/later", Reply(429, b"", {"Retry-After": "3600"}))
    with Fetcher(quick()) as fetcher, pytest.raises(FetchError, match=r"Retry-After of 3600 s .*fetch_max_wait"):
        fetcher.get(site.url("/later"))
    assert len(site.hits("/later")) == 1


def test_web_fetch_slow_response_times_out(site: Site) -> None:
    def slow(_request: BaseHTTPRequestHandler) -> Reply:
        time.sleep(1.0)
        return html_reply("<p>late</p>")

    site.add("/slow", slow)
    with Fetcher(quick(fetch_timeout=0.2, fetch_retries=1)) as fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.get(site.url("/slow"))
    assert len(site.hits("/slow")) <= 2


def test_web_fetch_redirects_loop_and_limit(site: Site) -> None:
    site.add("/a", Reply(302, b"", {"Location": "/b"}))
    site.add("/b", Reply(301, b"", {"Location": site.url("/a")}))
    for n in range(4):
        site.add(f"/hop{n}", Reply(307, b"", {"Location": f"/hop{n + 1}"}))
    site.add("/hop4", html_reply("<p>there</p>"))
    with Fetcher(quick(max_redirects=3)) as fetcher:
        with pytest.raises(FetchError, match=r"redirect loop: .*/a -> .*/b -> .*/a"):
            fetcher.get(site.url("/a"))
        with pytest.raises(FetchError, match="too many redirects: over 3"):
            fetcher.get(site.url("/hop0"))
    with Fetcher(quick()) as fetcher:
        fetched = fetcher.get(site.url("/hop0"))
    assert fetched.final_url == site.url("/hop4")


def test_web_fetch_size_limit_names_the_setting(site: Site) -> None:
    site.add("/huge", html_reply(b"<p>" + b"x" * 200_000 + b"</p>"))
    bomb = gzipped(b" " * 2_000_000)  # 2 kB that unpacks to 2 MB, and says nothing of it in Content-Length
    site.add("/bomb", Reply(200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    with Fetcher(quick(max_html_bytes=100_000)) as fetcher:
        for path in ("/huge", "/bomb"):
            with pytest.raises(FetchError, match=r"too large: over 100000 bytes of HTML .*max_html_bytes"):
                fetcher.get(site.url(path))


def test_web_fetch_robots_forbids_and_crawl_delay(site: Site) -> None:
    site.robots["127.0.0.1"] = "User-agent: *\nDisallow: /private/\n"
    site.robots["localhost"] = "User-agent: newsgraph\nCrawl-delay: 1\n"
    site.add("/private/x", html_reply("<p>secret</p>"))
    site.add("/open", html_reply("<p>open</p>"))
    with Fetcher(quick()) as fetcher:
        with pytest.raises(FetchError, match=r"forbidden by robots.txt \(/private/x\)"):
            fetcher.get(site.url("/private/x"))
        began = time.monotonic()
        fetcher.get(site.url("/open", host="localhost"))
        fetcher.get(site.url("/open", host="localhost"))
        assert time.monotonic() - began >= 1.0  # the crawl delay between two requests to one host
    assert site.hits("/private/x") == []


def test_web_fetch_robots_unavailable_forbids_all(site: Site) -> None:
    site.add("/robots.txt", Reply(503))
    site.add("/page", html_reply("<p>x</p>"))
    with Fetcher(quick()) as fetcher, pytest.raises(FetchError, match=r"robots.txt unavailable \(HTTP 503\)"):
        fetcher.get(site.url("/page"))
    assert site.hits("/page") == []


def test_web_fetch_conditional_get(site: Site) -> None:
    site.add("/page", html_reply("<p>same</p>"))
    with Fetcher(quick()) as fetcher:
        first = fetcher.get(site.url("/page"))
        again = fetcher.get(site.url("/page"), Validators(first.etag, first.last_modified))
    assert (first.status, again.status, again.body) == (200, 304, b"")
    assert first.http_date and first.etag
    assert [h.if_none_match for h in site.hits("/page")] == [None, first.etag]


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (FRENCH.encode("cp1252"), "text/html; charset=utf-8", FRENCH),  # a wrong header: not UTF-8 at all
        ("café".encode(), "text/html; charset=iso-8859-1", "café"),  # a Latin-1 label on UTF-8 bytes
        ('<meta charset="windows-1251">Привет'.encode("cp1251"), "text/html", "Привет"),  # the page's meta
        ("\ufeffcafé".encode(), "text/html; charset=cp1252", "café"),  # the BOM wins
        ("Größe und Übermaß, schön".encode("cp1252"), None, "Größe und Übermaß, schön"),  # sniffed
    ],
)
def test_web_charset(body: bytes, content_type: str | None, expected: str) -> None:
    assert expected in decode_page(body, content_type)[0]


def test_web_fetch_bad_urls_and_no_server(site: Site) -> None:
    closed = site.url("/x").replace(str(site.port), "1")  # port 1: nothing listens there
    with Fetcher(quick()) as fetcher:
        for url, reason in [
            (site.url("/x").replace(str(site.port), "99999"), "not a valid URL: Port out of range"),
            ("http://[::1/x", "not a valid URL: Invalid IPv6 URL"),
            ("http:///x", "not a valid URL: no host"),
            (closed, r"robots.txt unavailable \(no response: .*refused"),
        ]:
            with pytest.raises(FetchError, match=reason):
                fetcher.get(url)
