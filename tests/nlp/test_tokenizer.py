"""The tokenizer guard: long whitespace-free runs cut into pieces, the text unchanged."""

from __future__ import annotations

import pytest
import spacy

from newsgraph.nlp.tokenizer import LONGEST, GuardedTokenizer


@pytest.fixture(scope="module")
def tokenizer() -> spacy.tokenizer.Tokenizer:
    return spacy.blank("en").tokenizer


@pytest.mark.parametrize(
    "text",
    [
        'He said "' + '"' * 5000 + '" and left.',
        "!" * 1000,  # the whole text one run
        "Start " + "-" * 450 + "\n\nend.",
        "a  " + "x" * (LONGEST + 1) + "   b " + "?" * 3 * LONGEST,  # two runs, several spaces
    ],
)
def test_tokenizer_long_runs_keep_the_text(tokenizer: spacy.tokenizer.Tokenizer, text: str) -> None:
    doc = GuardedTokenizer(tokenizer)(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
    assert max(len(t) for t in doc) <= LONGEST


def test_tokenizer_ordinary_text_is_tokenized_as_spacy_does(tokenizer: spacy.tokenizer.Tokenizer) -> None:
    text = 'Mr. Xi said, "We will not." U.S. officials (and others) disagreed -- sharply.'
    assert [t.text for t in GuardedTokenizer(tokenizer)(text)] == [t.text for t in tokenizer(text)]
