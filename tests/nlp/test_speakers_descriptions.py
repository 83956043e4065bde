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


@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        # an indefinite body opening the article is the one it goes on to name as one
        (
            "A union representing flight attendants endorsed Hillary Clinton on Thursday. "
            "In a statement, the Association of Flight Attendants called her a champion.",
            "A union representing flight attendants",
            "Association of Flight Attendants",
        ),
        # in a headline too, and owned by no one named
        (
            "Flight attendants' union endorses Clinton\n\nThe Association of Flight Attendants called Clinton a "
            "champion on Thursday.",
            "Flight attendants' union",
            "Association of Flight Attendants",
        ),
        # a place noun: the place named just before
        (
            "Voting rights advocates cite the 2000 election in Florida, when the state said 12,000 voters were felons.",
            "the state",
            "Florida",
        ),
    ],
)
def test_speakers_body_or_place_the_article_names(nlp: Language, text: str, source: str, speaker: str) -> None:
    found = speaker_of(nlp, text, source)
    assert found.speaker is not None
    assert found.speaker.name.removeprefix("The ") == speaker  # a name opening a sentence keeps its "The"
    assert found.speaker.reason.startswith(repr(source))


def test_speakers_a_later_indefinite_body_is_not_the_next_named(nlp: Language) -> None:
    text = (
        "Hillary Clinton spoke in Ohio on Monday.\n\nShe was cheered.\n\n"
        "A union said it would back her. The Association of Flight Attendants met on Friday."
    )
    found = speaker_of(nlp, text, "A union")
    assert found.speaker is None or found.speaker.name != "Association of Flight Attendants"


@pytest.mark.parametrize(
    ("text", "source", "speaker", "members"),
    [
        # "and" inside an apposition or a body's name joins no speakers
        (
            "Michael McFaul, a senior fellow at the Hoover Institution and a former United States ambassador "
            "to Russia, said the channel was propaganda.",
            "Michael McFaul",
            "Michael McFaul",
            (),
        ),
        # a name that is part of a conjunct still counts ("the Gannett newspaper chain")
        (
            "The New York Times and the Gannett newspaper chain said the files should be opened.",
            "The New York Times",
            "The New York Times and Gannett",
            ("The New York Times", "Gannett"),
        ),
    ],
)
def test_speakers_coordination_only_at_the_head(
    nlp: Language, text: str, source: str, speaker: str, members: tuple[str, ...]
) -> None:
    [found] = [a for a in nlp(text)._.attributions if a.source and a.source.text.startswith(source)]
    assert found.speaker is not None
    assert (found.speaker.name, found.speaker.members) == (speaker, members)


def test_speakers_the_only_holder_of_a_title_is_not_whom_another_speaks_for(nlp: Language) -> None:
    # Jessica Ditto is the only spokeswoman named, but "a spokeswoman for Hillary Clinton" is not she
    text = (
        "Trump spokeswoman Jessica Ditto said the campaign would respond. "
        "A spokeswoman for Hillary Clinton says the campaign did not help her."
    )
    [found] = [a for a in nlp(text)._.attributions if a.source and a.source.text.startswith("A spokeswoman")]
    assert found.speaker is None or found.speaker.name != "Jessica Ditto"
