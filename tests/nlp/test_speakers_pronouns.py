"""Pronouns follow the discourse, not only salience, on made-up articles through the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.nlp.source_forms import is_expletive, is_imperative


@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        # the subject of the sentence before, though another woman is named more often
        (
            "Elizabeth Warren grilled the bank's chief. Elizabeth Warren said he should resign. "
            "Warren was angry. In a statement, Hillary Clinton was more careful. "
            "Though she called the conduct outrageous, Clinton did not go further.",
            "she",
            "Hillary Clinton",
        ),
        # the subject of the clause the pronoun is in, not the speaker of the paragraph before
        (
            "Rush Limbaugh spoke on Monday. Rush Limbaugh said the debate was rigged.\n\n"
            "Matt Lauer faced criticism after he asked Clinton about her email.",
            "he",
            "Matt Lauer",
        ),
    ],
)
def test_speakers_pronoun_continues_the_subject(nlp: Language, text: str, source: str, speaker: str) -> None:
    [found] = [a for a in nlp(text)._.attributions if a.source and a.source.text == source]
    assert found.speaker is not None
    assert found.speaker.name == speaker
    assert found.speaker.reason


def test_speakers_pronoun_is_nobody_its_words_name_before_it(nlp: Language) -> None:
    # "People like Scott, he said": he is not Scott (Principle C)
    text = "Robert Scott won the primary. Tom Brooks praised him. People like Scott win, he said."
    [found] = [a for a in nlp(text)._.attributions if a.source and a.source.text == "he"]
    assert found.speaker is not None
    assert found.speaker.name == "Tom Brooks"


def test_speakers_untagged_surname_is_a_mention(nlp: Language) -> None:
    # a name the tagger tags once is the person wherever else it stands alone, and "Given Surname"
    # untagged gives the full name
    text = (
        "Mehmet Oz hosts a show. Donald Trump said Mr. Oz was great. Critics say Oz is a fraud. "
        "For years, Oz has been dogged by charges. He said the charges were false."
    )
    doc = nlp(text)
    ids = {m.text for m in doc._.mentions if m.entity_id == "person:mehmet-oz"}
    assert {"Mehmet Oz", "Oz"} <= ids
    [found] = [a for a in doc._.attributions if a.source and a.source.text == "He"]
    assert found.speaker is not None
    assert found.speaker.name == "Mehmet Oz"


@pytest.mark.parametrize(
    ("words", "heads", "deps", "tags", "expletive"),
    [
        # "it appeared that Trump was unable": a dummy subject
        (
            "it appeared that Trump was unable".split(),
            [1, 1, 4, 4, 1, 4],
            "nsubj ROOT mark nsubj ccomp acomp",
            None,
            True,
        ),
        # "it said the plan was late": it is someone
        ("it said the plan was late".split(), [1, 1, 3, 4, 1, 4], "nsubj ROOT det nsubj ccomp acomp", None, False),
    ],
)
def test_speakers_expletive_it(
    vocab: Vocab, words: list[str], heads: list[int], deps: str, tags: None, expletive: bool
) -> None:
    lemmas = ["it", "appear" if words[1] == "appeared" else "say", *words[2:]]
    doc = Doc(vocab, words=words, heads=heads, deps=deps.split(), lemmas=lemmas)
    assert is_expletive(doc[0]) is expletive


@pytest.mark.parametrize(
    ("words", "heads", "deps", "tags", "imperative"),
    [
        (
            "But do n't expect a new Trump".split(),
            [3, 3, 3, 3, 6, 6, 3],
            "cc aux neg ROOT det amod dobj",
            "CC VBP RB VB DT JJ NNP",
            True,
        ),
        ("Critics expect a new Trump".split(), [1, 1, 4, 4, 1], "nsubj ROOT det amod dobj", "NNS VBP DT JJ NNP", False),
    ],
)
def test_speakers_imperative(
    vocab: Vocab, words: list[str], heads: list[int], deps: str, tags: str, imperative: bool
) -> None:
    doc = Doc(vocab, words=words, heads=heads, deps=deps.split(), tags=tags.split())
    verb = next(t for t in doc if t.dep_ == "ROOT")
    assert is_imperative(verb) is imperative


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Clinton spoke for an hour. Often, it appeared that Trump was unable to reply.", "appeared"),
        ("Clinton won the debate. But don't expect a new Donald Trump to appear next time.", "don't expect"),
    ],
)
def test_speakers_the_writers_own_voice_is_the_authors(nlp: Language, text: str, cue: str) -> None:
    doc = nlp.make_doc(text)
    doc._.author = "Amanda Terkel"
    doc = nlp(doc)
    [found] = [a for a in doc._.attributions if a.cue and a.cue.text == cue]
    assert found.speaker is not None
    assert found.speaker.name == "Amanda Terkel"
    assert "author" in found.speaker.reason


def test_speakers_untagged_full_name_is_not_the_namesake(nlp: Language) -> None:
    # "the Bill Clinton years", untagged, in an article about Hillary Clinton is not a mention of her
    text = (
        "Hillary Clinton campaigned in Ohio on Tuesday. Mrs. Clinton said the economy was strong. "
        "Having distanced herself from the crime bill, she can now more safely embrace the Bill Clinton years, "
        "Democrats said."
    )
    doc = nlp(text)
    hers = {m.text for m in doc._.mentions if m.entity_id == "person:hillary-clinton"}
    assert "Hillary Clinton" in hers
    assert not any("Bill" in text for text in hers)
