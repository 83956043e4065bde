"""``cat page.html | newsgraph extract -``: stdin that begins as an HTML page is read as one."""

from __future__ import annotations

import io

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
