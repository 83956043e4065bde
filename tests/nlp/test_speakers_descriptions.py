"""Descriptions ("the governor", "the campaign", "the poll") resolved to whom the article established,
on made-up articles through the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.records import Attribution


def speaker_of(nlp: Language, text: str, source: str) -> Attribution:
    [found] = [a for a in nlp(text)._.attributions if a.source and a.source.text == source]
    return found


@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        # a title nobody was given: the person the sentences before are about
        (
            "Mike Pence spoke in Fort Wayne on Friday. The Indiana governor said the media were to blame.",
            "The Indiana governor",
            "Mike Pence",
        ),
        # a party for one of its members
        (
            "Donald Trump held a rally in Michigan. The Republican said the microphone was broken.",
            "The Republican",
            "Donald Trump",
        ),
        # a title before a name is a role ("Vermont Sen."), its head the last title word
        (
            "Vermont Sen. Bernie Sanders is against the plan. The senator said he would fight it.",
            "The senator",
            "Bernie Sanders",
        ),
    ],
)
def test_speakers_title_is_the_person_the_text_is_about(nlp: Language, text: str, source: str, speaker: str) -> None:
    found = speaker_of(nlp, text, source)
    assert found.speaker is not None
    assert found.speaker.name == speaker
    assert found.speaker.reason


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # one who holds another office is not "the nominee"
        ("Justice Frank Nervo ruled on Friday. The GOP nominee said the files should stay closed.", "The GOP nominee"),
        # nor one of another party "the Republican"
        ("Democrat Tim Kaine spoke on Monday. The Republican said the plan would fail.", "The Republican"),
        # nor one not of the body the title names
        ("Hillary Clinton spoke in Ohio. The FBI director said the inquiry was closed.", "The FBI director"),
    ],
)
def test_speakers_title_of_another_office_or_party_is_not_meant(nlp: Language, text: str, source: str) -> None:
    found = speaker_of(nlp, text, source)
    assert found.speaker is None or found.speaker.type != "PERSON"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the campaign of the person the sentences before are about
        (
            "Hillary Clinton plans to call on young people to serve. The campaign said she would speak on Friday.",
            "Clinton campaign",
        ),
        # the campaign the article spoke of just before
        (
            "Hillary Clinton spoke in Ohio. Donald Trump's campaign released an ad on Monday. "
            "The campaign said the ad would air nationally.",
            "Trump campaign",
        ),
        # a name before the noun owns it
        ("Donald Trump spoke in Ohio. The Trump campaign said the ad would air nationally.", "Trump campaign"),
    ],
)
def test_speakers_the_campaign(nlp: Language, text: str, speaker: str) -> None:
    [found] = [a for a in nlp(text)._.attributions if a.source and a.source.text.endswith("campaign")]
    assert found.speaker is not None
    assert (found.speaker.name, found.speaker.reason.startswith(repr(found.source.text))) == (speaker, True)


@pytest.mark.parametrize(
    ("headline", "speaker"),
    [
        ("Hillary Clinton Goes After Donald Trump", "Hillary Clinton"),  # a given name: the full name
        ("Derelict Clinton Goes After Donald Trump", "Clinton"),  # a headline's capitals are no given name
    ],
)
def test_speakers_headline_gives_the_full_name(nlp: Language, headline: str, speaker: str) -> None:
    text = f"{headline}\n\nWASHINGTON -- Clinton said on Monday that Trump was a fraud."
    found = speaker_of(nlp, text, "Clinton")
    assert found.speaker is not None
    assert found.speaker.name == speaker
