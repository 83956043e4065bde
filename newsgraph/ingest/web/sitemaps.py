"""The articles a sitemap lists: ``<urlset>`` pages (with news sitemaps' publication dates) and
``<sitemapindex>`` children, gzip-compressed or not.

The XML is parsed by the standard library's expat, which expands no external entities and, since
expat 2.4, refuses entity-expansion bombs.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from urllib.parse import urljoin
from xml.etree import ElementTree

from newsgraph.ingest.web.feeds import Link, ListError
from newsgraph.ingest.web.urls import is_web

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Sitemap:
    """What one sitemap file lists: pages, and (in an index) more sitemaps."""

    pages: list[Link]
    children: list[str]


def parse_sitemap(body: bytes, base_url: str, limit: int) -> Sitemap:
    """The pages and child sitemaps of a sitemap file; a ``.xml.gz`` served as is is unpacked, up to
    ``limit`` bytes."""
    if body.startswith(GZIP_MAGIC):
        body = gunzip(body, limit)
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise ListError(f"not a sitemap: malformed XML ({error})") from None
    kind = local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ListError(f"not a sitemap: the root element is <{kind}>")
    pages, children = [], []
    for entry in root:
        fields = {local(child.tag): child for child in entry}
        loc = fields.get("loc")
        if loc is None or not (loc.text or "").strip():
            continue
        url = urljoin(base_url, (loc.text or "").strip())
        if not is_web(url):
            continue
        if kind == "sitemapindex":
            children.append(url)
        else:
            pages.append(Link(url, page_date(fields)))
    return Sitemap(pages, children)


def page_date(fields: dict[str, ElementTree.Element]) -> str | None:
    """A news sitemap's ``<news:publication_date>``, else ``<lastmod>``, as YYYY-MM-DD."""
    news = fields.get("news")
    published = next((c for c in news if local(c.tag) == "publication_date"), None) if news is not None else None
    for element in (published, fields.get("lastmod")):
        text = (element.text or "").strip() if element is not None else ""
        if len(text) >= 10 and text[4] == "-" and text[7] == "-":
            return text[:10]
    return None


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def gunzip(body: bytes, limit: int) -> bytes:
    """The unpacked bytes, refused past ``limit``."""
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = unpacker.decompress(body, limit + 1)
    except zlib.error as error:
        raise ListError(f"not a sitemap: bad gzip data ({error})") from None
    if len(data) > limit:
        raise ListError(f"too large: over {limit:,} bytes unpacked (setting max_html_bytes)")
    return data
