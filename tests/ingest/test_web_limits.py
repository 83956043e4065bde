"""Size limits: the article limit applies to the extracted text, the HTML has its own larger limit,
named in the error with the setting that raises it; 5 MB pages are read by default."""

from __future__ import annotations

from pathlib import Path

from newsgraph.ingest.readers import read_paths
from newsgraph.ingest.web.fetch import Fetcher
from newsgraph.ingest.web.source import WebInputs, WebSource
from newsgraph.records import Article, ReadFailure
from newsgraph.settings import Settings

from .test_web_server import Site, html_reply, page_html, quick, site_fixture  # noqa: F401

STORY = "The council voted on Tuesday to repair the bridge.\n\n“We waited long enough,” said Ada Park, the chair."


def heavy_page(megabytes: float) -> str:
    """An ordinary article in a page made heavy by its scripts, as large outlets' pages are (state as JSON)."""
    state = "<script>window.__STATE__ = {" + '"k": "' + "x" * int(megabytes * 1_000_000) + '"};</script>'
    return page_html("Council votes", STORY, date="2024-05-01").replace("</head>", state + "</head>")


def test_web_limits_html_file_of_5_mb_is_read_by_default(tmp_path: Path) -> None:
    path = tmp_path / "cnn.html"
    path.write_text(heavy_page(5.0), encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    [article] = read_paths([str(path)], Settings())
    assert isinstance(article, Article) and "The council voted" in article.text


def test_web_limits_name_the_setting(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(heavy_page(0.2), encoding="utf-8")
    [failure] = read_paths([str(path)], Settings(max_html_bytes=100_000))
    assert isinstance(failure, ReadFailure)
    assert failure.reason == (
        "too large: over 100000 bytes of HTML (raise the max_html_bytes setting, NEWSGRAPH_MAX_HTML_BYTES)"
    )
    [failure] = read_paths([str(path)], Settings(max_bytes=50))  # the text, not the 200 kB of markup
    assert isinstance(failure, ReadFailure) and "the extracted text is over 50 bytes" in failure.reason


def test_web_limits_a_5_mb_page_from_the_web(site: Site) -> None:
    site.add("/heavy", html_reply(heavy_page(5.0)))
    with Fetcher(quick()) as fetcher:
        [article] = WebSource(quick(), fetcher).read(WebInputs(pages=(site.url("/heavy"),)))
        [failure] = WebSource(quick(max_bytes=50), fetcher).read(WebInputs(pages=(site.url("/heavy"),)))
    assert isinstance(article, Article) and article.date == "2024-05-01"
    assert isinstance(failure, ReadFailure) and "extracted text is over 50 bytes" in failure.reason
