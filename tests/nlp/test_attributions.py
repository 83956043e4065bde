"""Attribution rules on hand-built parses, and end to end on the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.nlp.attributions import AttributionFinder
from newsgraph.records import Region

# words, spaces, heads, deps, pos, lemmas
CASES = {
    "direct_after": (
        ["“", "We", "will", "act", ",", "”", "she", "said", "."],
        [False, True, True, False, False, True, True, False, False],
        [7, 3, 3, 7, 7, 7, 7, 7, 7],
        ["punct", "nsubj", "aux", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"],
        ["PUNCT", "PRON", "AUX", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT"],
        ["“", "we", "will", "act", ",", "”", "she", "say", "."],
    ),
    "inverted_cue": (
        ["“", "Yes", ",", "”", "said", "Mr.", "Younger", "."],
        [False, False, False, True, True, True, False, False],
        [4, 4, 4, 4, 4, 6, 4, 4],
        ["punct", "intj", "punct", "punct", "ROOT", "compound", "nsubj", "punct"],
        ["PUNCT", "INTJ", "PUNCT", "PUNCT", "VERB", "PROPN", "PROPN", "PUNCT"],
        ["“", "yes", ",", "”", "say", "Mr.", "Younger", "."],
    ),
    "indirect": (
        ["Officials", "have", "said", "that", "talks", "failed", "."],
        [True, True, True, True, True, False, False],
        [2, 2, 2, 5, 5, 2, 2],
        ["nsubj", "aux", "ROOT", "mark", "nsubj", "ccomp", "punct"],
        ["NOUN", "AUX", "VERB", "SCONJ", "NOUN", "VERB", "PUNCT"],
        ["official", "have", "say", "that", "talk", "fail", "."],
    ),
    "mixed": (
        ["She", "said", "it", "was", "“", "a", "mistake", "”", "."],
        [True, True, True, True, False, True, False, False, False],
        [1, 1, 3, 1, 6, 6, 3, 6, 1],
        ["nsubj", "ROOT", "nsubj", "ccomp", "punct", "det", "attr", "punct", "punct"],
        ["PRON", "VERB", "PRON", "AUX", "PUNCT", "DET", "NOUN", "PUNCT", "PUNCT"],
        ["she", "say", "it", "be", "“", "a", "mistake", "”", "."],
    ),
    "according_to": (
        ["According", "to", "police", ",", "the", "man", "fled", "."],
        [True, True, False, True, True, True, False, False],
        [6, 0, 1, 6, 5, 6, 6, 6],
        ["prep", "prep", "pobj", "punct", "det", "nsubj", "ROOT", "punct"],
        ["VERB", "ADP", "NOUN", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"],
        ["accord", "to", "police", ",", "the", "man", "flee", "."],
    ),
    "belief": (
        ["Analysts", "believe", "prices", "will", "rise", "."],
        [True, True, True, True, False, False],
        [1, 1, 4, 4, 1, 1],
        ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "punct"],
        ["NOUN", "VERB", "NOUN", "AUX", "VERB", "PUNCT"],
        ["analyst", "believe", "price", "will", "rise", "."],
    ),
    "no_cue": (
        ["Prices", "rose", "."],
        [True, False, False],
        [1, 1, 1],
        ["nsubj", "ROOT", "punct"],
        ["NOUN", "VERB", "PUNCT"],
        ["price", "rise", "."],
    ),
}


def build(vocab: Vocab, case: str, regions: list[Region] | None = None) -> Doc:
    words, spaces, heads, deps, pos, lemmas = CASES[case]
    doc = Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    doc._.regions = regions or []
    return AttributionFinder()(doc)


@pytest.mark.parametrize(
    ("case", "kind", "source", "cue", "content"),
    [
        ("direct_after", "direct", "she", "said", ["“We will act,”"]),
        ("inverted_cue", "direct", "Mr. Younger", "said", ["“Yes,”"]),
        ("indirect", "indirect", "Officials", "have said", ["that talks failed"]),
        ("mixed", "mixed", "She", "said", ["it was “a mistake”"]),
        ("according_to", "indirect", "police", "According to", ["the man fled"]),
        ("belief", "belief", "Analysts", "believe", ["prices will rise"]),
    ],
)
def test_attributions_rules(vocab: Vocab, case: str, kind: str, source: str, cue: str, content: list[str]) -> None:
    doc = build(vocab, case)
    [found] = doc._.attributions
    assert (found.kind, found.source.text, found.cue.text) == (kind, source, cue)
    assert [span.text for span in found.content] == content
    for span in (found.source, found.cue, *found.content):
        assert doc.text[span.start : span.end] == span.text


def test_attributions_none_without_cue(vocab: Vocab) -> None:
    assert build(vocab, "no_cue")._.attributions == []


def test_attributions_none_inside_regions(vocab: Vocab) -> None:
    text = "“We will act,” she said."
    doc = build(vocab, "direct_after", [Region(0, len(text), text, "caption")])
    assert doc._.attributions == []


EXAMPLE = "../shared/examples/000_3070b542610b7c5b.txt"

# (cue, source, the start of the content): every quote of the example article.
EXAMPLE_QUOTES = [
    ("said", "she", "“We have made clear"),
    ("said", "she", "“This flies in the face"),
    ("was quoted as saying", "the Chinese leader", "“The crisis in Ukraine"),
    ("said", "Mr. Xi", "“As permanent members"),
    ("wrote", "she", "“If the U.S. had honoured"),
    ("wrote", "Mr. Qin", "“Conflict between Russia"),
    ("told", "Mr. Younger", "“This mindset of a zero-sum game"),
    ("said", "Mr. Younger", "“Vladimir Putin needs Xi,”"),
]


def test_attributions_example_article(nlp: Language) -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / EXAMPLE).read_text(encoding="utf-8")
    doc = nlp(text)
    found = {
        (a.cue.text if a.cue else None, a.source.text if a.source else None, a.content[0].text[:25])
        for a in doc._.attributions
    }
    for cue, source, start in EXAMPLE_QUOTES:
        assert any(f == (cue, source, f[2]) and f[2].startswith(start[:25]) for f in found), (
            cue,
            source,
            start,
        )
    caption_end = text.index("Associated Press") + len("Associated Press")
    for attribution in doc._.attributions:
        for span in (attribution.source, attribution.cue, *attribution.content):
            if span is not None:
                assert text[span.start : span.end] == span.text
                assert span.start >= caption_end


@pytest.mark.parametrize(
    "text",
    [
        "He said “it will pass. She said “no” and left.”” Then ” more ” marks.",  # unbalanced marks
        "“This quote never closes, the mayor said, and the paragraph ends",  # never closes
        "“The whole article is one quote.\n\n“It runs over paragraphs.\n\n“And ends here,” she said.",
        "There are no quotes at all in this article about the weather.",
        "“",
        "said said said “ ” “ ”",
    ],
)
def test_attributions_never_fail(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for attribution in doc._.attributions:
        for span in (attribution.source, attribution.cue, *attribution.content):
            if span is not None:
                assert text[span.start : span.end] == span.text
