from __future__ import annotations

import pytest
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from newsgraph.nlp.doc_text import KEY, doc_text

CASES = [
    (["Psaki", "said", "“", "no", "”", "."], [True, True, False, False, False, False]),
    (["Line", "\n\n", "two", " "], [False, False, True, False]),
    ([], []),
]


@pytest.mark.parametrize(("words", "spaces"), CASES)
def test_doc_text_is_the_docs_text_joined_once(vocab: Vocab, words: list[str], spaces: list[bool]) -> None:
    doc = Doc(vocab, words=words, spaces=spaces)
    text = doc_text(doc)
    assert text == doc.text
    assert doc.user_data[KEY] is text
    assert doc_text(doc) is text  # the second call reads what the first joined


@pytest.mark.parametrize(("words", "spaces"), CASES[:2])
def test_doc_text_survives_retokenizing_and_serialization(vocab: Vocab, words: list[str], spaces: list[bool]) -> None:
    doc = Doc(vocab, words=words, spaces=spaces)
    text = doc_text(doc)
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert doc_text(doc) == doc.text == text
    docs = DocBin(store_user_data=True, docs=[doc])
    (copy,) = DocBin().from_bytes(docs.to_bytes()).get_docs(vocab)
    assert doc_text(copy) == copy.text == text
