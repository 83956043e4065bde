"""``cat page.html | newsgraph extract -``: stdin that begins as an HTML page is read as one; and a
saved page in its site's charset."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsgraph.ingest.readers import read_paths
from newsgraph.records import Article
from newsgraph.settings import Settings

from .test_web_server import page_html

STORY = "The council voted on Tuesday to repair the bridge.\n\n“We waited long enough,” said Ada Park, the chair."


@pytest.mark.parametrize("prefix", ["", "\ufeff", "  \n<!-- saved by a browser -->\n"])
def test_web_stdin_html_is_extracted(prefix: str) -> None:
    markup = prefix + page_html("Council votes", STORY, date="2024-05-01")
    [article] = read_paths(["-"], Settings(), stdin=io.BytesIO(markup.encode("utf-8")))
    assert isinstance(article, Article) and "<p>" not in article.text and "said Ada Park" in article.text
    assert (article.date, article.title) == ("2024-05-01", "Council votes")


def test_web_stdin_text_stays_text() -> None:
    text = "<b>Note</b>: the council voted on Tuesday to repair the bridge."
    [article] = read_paths(["-"], Settings(), "2024-05-01", stdin=io.BytesIO(text.encode()))
    assert isinstance(article, Article) and article.text == text


def test_web_saved_page_in_its_site_charset(tmp_path: Path) -> None:
    """A page saved by a browser keeps the site's charset, which its <meta> names."""
    body = "Le café de la gare a rouvert lundi, a déclaré le maire.\n\nLes clients étaient là."
    markup = page_html("Café reopens", body)
    path = tmp_path / "cafe.html"
    path.write_bytes(markup.replace("charset='utf-8'", "charset='windows-1252'").encode("cp1252"))
    [article] = read_paths([str(path)], Settings(), "2024-05-01")
    assert isinstance(article, Article) and "Le café de la gare a rouvert" in article.text
