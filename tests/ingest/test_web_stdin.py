"""``cat page.html | newsgraph extract -``: stdin that begins as an HTML page is read as one; and a
saved page in its site's charset."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.ingest.readers import read_paths
from newsgraph.records import Article, ReadFailure
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


def test_web_input_format_for_stdin_and_files_without_our_extension(tmp_path: Path) -> None:
    lines = b'{"id": "a", "text": "One.", "date": "2024-05-01"}\n\n{"id": "b"}\n'
    one, failure = read_paths(["-"], Settings(), stdin=io.BytesIO(lines), input_format="jsonl")
    assert isinstance(one, Article) and one.doc_id == "a"
    assert failure == ReadFailure("<stdin>:3", "malformed JSONL: missing field 'text'")
    page = page_html("Council votes", STORY, date="2024-05-01")
    [as_text] = read_paths(["-"], Settings(), "2024-05-01", io.BytesIO(page.encode()), input_format="txt")
    assert isinstance(as_text, Article) and as_text.text.startswith("<!DOCTYPE html>")
    (tmp_path / "story").write_text(page, encoding="utf-8")  # saved by a tool that gives no extension
    (tmp_path / "story.php").write_text(page, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("<p>Kept as text.</p>", encoding="utf-8")
    named = [str(tmp_path / name) for name in ("story", "story.php", "notes.txt")]
    read = list(read_paths(named, Settings(), "2024-05-01", input_format="html"))
    assert [type(r).__name__ for r in read] == ["Article", "Article", "Article"]
    assert "said Ada Park" in read[0].text and read[2].text == "<p>Kept as text.</p>"
    [refused] = read_paths(named[:1], Settings())
    assert isinstance(refused, ReadFailure) and refused.reason.startswith("unknown file type (none)")


def test_web_cli_input_format_is_checked() -> None:
    result = CliRunner().invoke(app, ["extract", "-", "--input-format", "pdf"], input="x")
    assert result.exit_code == 2 and "txt" in result.stderr and "jsonl" in result.stderr
