"""spaCy's own components over a long article a block at a time (``pipeline.run``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from newsgraph.extract import extract
from newsgraph.nlp import pipeline
from newsgraph.nlp.pipeline import blocks
from newsgraph.records import Article

EXAMPLE = Path(__file__).parents[2] / "../shared/examples/000_3070b542610b7c5b.txt"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("one\n\ntwo\n\nthree", 8, ["one\n\n", "two\n\n", "three"]),  # after line breaks
        ("He left. She came. They stayed.", 12, ["He left. ", "She came. ", "They stayed."]),
        ("a b c d e f", 4, ["a b ", "c d ", "e f"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # no place to cut: at the limit
        ("short", 100, ["short"]),
    ],
)
def test_blocks_cut_where_text_allows(text: str, limit: int, expected: list[str]) -> None:
    assert list(blocks(text, limit)) == expected


def test_blocks_long_article_is_extracted_as_a_whole(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    article = Article("example", EXAMPLE.read_text(encoding="utf-8"), "2022-03-18")
    [whole] = extract([article], nlp)
    monkeypatch.setattr(pipeline, "BLOCK_CHARS", 2_000)  # the example in blocks of whole paragraphs
    [in_blocks] = extract([article], nlp)
    assert in_blocks.text == article.text
    for a in in_blocks.attributions:
        assert all(article.text[c.start : c.end] == c.text for c in a.content)
    said = {(a.speaker.name if a.speaker else None, a.content[0].text) for a in in_blocks.attributions}
    assert said == {(a.speaker.name if a.speaker else None, a.content[0].text) for a in whole.attributions}
    assert [e.event for e in in_blocks.events] == [e.event for e in whole.events]
