"""Pronouns follow the discourse, not only salience, on made-up articles through the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language


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
