"""Feeds and sitemaps into articles, without the pipeline: RSS and Atom, sitemap indexes, gzip and
news sitemaps, and deduplication by normalised and by canonical URL."""

from __future__ import annotations

from datetime import UTC, datetime

from newsgraph.ingest.web.fetch import Fetcher
from newsgraph.ingest.web.source import WebInputs, WebSource
from newsgraph.records import Article, ReadFailure, Skipped

from .test_web_server import Reply, Site, gzipped, html_reply, page_html, quick, site_fixture  # noqa: F401

SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def body(n: int) -> str:
    return f"Story number {n} says the mayor opened bridge {n} on Monday.\n\nResidents of ward {n} welcomed it."


def read(site: Site, inputs: WebInputs) -> list[Article | ReadFailure | Skipped]:
    with Fetcher(quick()) as fetcher:
        return list(WebSource(quick(), fetcher).read(inputs))


def test_web_atom_feed_and_canonical_duplicates(site: Site) -> None:
    site.add("/a1", page_html("One", body(1), canonical="/a1"))
    site.add("/a1-amp", page_html("One (AMP)", body(1), canonical="/a1"))
    site.add("/a2", page_html("Two", body(2)))
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        f'<entry><title>1</title><link href="{site.url("/a1")}"/><updated>2024-03-02T10:00:00Z</updated></entry>'
        '<entry><title>1 amp</title><link href="/a1-amp"/><published>2024-03-02T10:00:00Z</published></entry>'
        '<entry><title>2</title><link href="/a2?utm_source=feed"/><published>2024-03-03T10:00:00Z</published></entry>'
        "</feed>"
    )
    site.add("/atom", html_reply(atom, content_type="application/atom+xml"))
    reads = read(site, WebInputs(pages=(site.url("/a2"),), feeds=(site.url("/atom"),)))
    articles = [r for r in reads if isinstance(r, Article)]
    assert [(a.url, a.date) for a in articles] == [(site.url("/a2"), "2024-03-03"), (site.url("/a1"), "2024-03-02")]
    [copy] = [r for r in reads if isinstance(r, Skipped)]
    assert copy.path == site.url("/a1-amp") and "canonical URL" in copy.reason
    assert len(site.hits("/a2")) == 1  # the page given and the feed's tracking link are one URL


def test_web_sitemap_index_gzip_and_news(site: Site) -> None:
    for n in (1, 2, 3):
        site.add(f"/s{n}", page_html(f"S{n}", body(n)))
    news = (
        f'<?xml version="1.0"?><urlset {SITEMAP_NS} {NEWS_NS}><url><loc>{site.url("/s1")}</loc><news:news>'
        "<news:publication_date>2024-02-01T08:00:00+00:00</news:publication_date><news:title>S1</news:title>"
        f"</news:news></url><url><loc>{site.url('/s2')}</loc><lastmod>2024-02-02</lastmod></url></urlset>"
    )
    plain = f'<?xml version="1.0"?><urlset {SITEMAP_NS}><url><loc>{site.url("/s3")}</loc></url></urlset>'
    site.add("/news.xml", html_reply(news, content_type="application/xml"))
    site.add("/old.xml.gz", Reply(200, gzipped(plain.encode()), {"Content-Type": "application/x-gzip"}))
    index = (
        f'<?xml version="1.0"?><sitemapindex {SITEMAP_NS}><sitemap><loc>{site.url("/news.xml")}</loc></sitemap>'
        f"<sitemap><loc>{site.url('/old.xml.gz')}</loc></sitemap><sitemap><loc>{site.url('/gone.xml')}</loc>"
        "</sitemap></sitemapindex>"
    )
    site.add("/sitemap.xml", html_reply(index, content_type="application/xml"))
    reads = read(site, WebInputs(sitemaps=(site.url("/sitemap.xml"),)))
    dates = {r.url: r.date for r in reads if isinstance(r, Article)}
    today = datetime.now(UTC).date().isoformat()  # no date anywhere but the response's Date header
    assert dates == {site.url("/s1"): "2024-02-01", site.url("/s2"): "2024-02-02", site.url("/s3"): today}
    [failure] = [r for r in reads if isinstance(r, ReadFailure)]
    assert failure == ReadFailure(site.url("/gone.xml"), "sitemap: HTTP 404 Not Found")


def test_web_list_that_is_no_feed(site: Site) -> None:
    site.add("/page", page_html("P", body(9)))
    site.add("/rss", html_reply(b"<rss version='2.0'><channel><title>T</title></channel></rss>", "text/xml"))
    site.add("/bad.xml", html_reply("<urlset><url><loc>/x</loc></url>", "application/xml"))
    reads = read(site, WebInputs(feeds=(site.url("/page"),), sitemaps=(site.url("/page"), site.url("/bad.xml"))))
    assert [(r.path, r.reason) for r in reads if isinstance(r, ReadFailure)] == [
        (site.url("/page"), "feed: not a feed: an HTML page"),
        (site.url("/page"), "sitemap: not a sitemap: an HTML page"),
        (site.url("/bad.xml"), "sitemap: not a sitemap: malformed XML (no element found: line 1, column 32)"),
    ]
    assert read(site, WebInputs(feeds=(site.url("/rss"),))) == []  # an empty feed is no failure
