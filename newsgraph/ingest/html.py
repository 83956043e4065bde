"""Main text and metadata of an HTML page, through trafilatura."""

from __future__ import annotations

from typing import NamedTuple

import trafilatura


class Page(NamedTuple):
    text: str
    title: str | None
    author: str | None
    date: str | None
    url: str | None
    publisher: str | None


def extract(markup: str) -> Page | None:
    """The page's main text (paragraphs separated by newlines) and metadata, or None if there is none.

    The extracted text is what gets stored, so offsets refer to it, not to the markup.
    """
    try:
        document = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            # Only dates the page states; never the file date or a guess from the text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError):  # lxml gives up on some broken markup
        return None
    if document is None or not any(char.isalpha() for char in document.text or ""):
        return None
    return Page(
        text=document.text,
        title=document.title,
        author=document.author,
        date=document.date,
        url=document.url,
        publisher=document.sitename,
    )
