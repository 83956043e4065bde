"""The articles an RSS or Atom feed links, through feedparser."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date as Date
from urllib.parse import urljoin

import feedparser

from newsgraph.ingest.web.urls import is_web


@dataclass(frozen=True, slots=True)
class Link:
    """An article a feed or sitemap lists, with the date it gives, if any (ISO YYYY-MM-DD)."""

    url: str
    date: str | None = None


class ListError(Exception):
    """A feed or sitemap that lists nothing readable; the message is the reason."""


def feed_links(body: bytes, base_url: str, content_type: str | None) -> list[Link]:
    """The items' links, in feed order, with each item's published (else updated) date.

    feedparser reads the bytes itself (its charset rules are the XML ones), so they go in undecoded."""
    headers = {"content-type": content_type or "application/xml", "content-location": base_url}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise ListError(f"not a feed: {parsed.get('bozo_exception') or 'unreadable'}")
        if not parsed.get("version"):
            raise ListError("not an RSS or Atom feed")
        return []
    links = []
    for entry in parsed.entries:
        href = entry.get("link") or next((x.get("href") for x in entry.get("links", ()) if x.get("href")), None)
        if not href:
            continue
        url = urljoin(base_url, href.strip())
        if is_web(url):
            links.append(Link(url, entry_date(entry)))
    return links


def entry_date(entry: feedparser.FeedParserDict) -> str | None:
    """The item's publication date, else its update date."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return Date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    return None
