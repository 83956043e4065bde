"""Sources the discourse resolves (newsgraph.nlp.discourse and the relative pronouns of
newsgraph.nlp.documents), on made-up articles through the real model."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.language import Language

from newsgraph.nlp.discourse import READER
from newsgraph.nlp.speakers import SpeakerResolver
from newsgraph.records import Span, Speaker


def speaker_of(nlp: Language, text: str, source: str) -> Speaker | None:
    [found] = [a for a in nlp(text)._.attributions if a.source and a.source.text == source]
    return found.speaker


def test_speakers_you_outside_quotes_is_the_reader(nlp: Language) -> None:
    text = "Saving for college is hard. If you save early, you think the cost will fall. Banks disagree."
    found = [a for a in nlp(text)._.attributions if a.source and a.source.text.casefold() == "you"]
    assert found
    assert all(a.speaker is not None and a.speaker.name == READER and a.speaker.type == "GROUP" for a in found)


def test_speakers_you_inside_a_quote_is_nobody_the_text_names(nlp: Language) -> None:
    text = '"You think it is cheap," Ann Lee said. "It is not."'
    doc = nlp(text)
    assert all(a.speaker is None or a.speaker.name != READER for a in doc._.attributions)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Donald Trump spoke for an hour on Monday. His view is that trade deals have hurt workers.", "His"),
        # a response is its responder's, as a statement is its maker's
        (
            "Donald Trump spoke for an hour on Monday. When pressed about jobs, his best response was "
            "to say he would prevent more from leaving.",
            "his best response",
        ),
    ],
)
def test_speakers_a_possessive_source_is_whom_the_pronoun_means(nlp: Language, text: str, source: str) -> None:
    speaker = speaker_of(nlp, text, source)
    assert speaker is not None and speaker.name == "Donald Trump"


@pytest.mark.parametrize(
    ("text", "source", "members", "name"),
    [
        (
            "RT is a television network. RT and its defenders say that the network is not biased.",
            "RT and its defenders",
            ("RT",),
            "RT and its defenders",
        ),
        (
            "Other major unions, including the American Federation of Teachers and the AFL-CIO, "
            "have also said they endorse Clinton.",
            "Other major unions, including the American Federation of Teachers and the AFL-CIO",
            ("American Federation of Teachers", "AFL-CIO"),
            "Other major unions",
        ),
    ],
)
def test_speakers_named_and_unnamed_together_are_a_group(
    nlp: Language, text: str, source: str, members: tuple[str, ...], name: str
) -> None:
    found = [a for a in nlp(text)._.attributions if a.source and a.source.text.startswith(source[:12])]
    assert found
    speaker = found[0].speaker
    assert speaker is not None and speaker.type == "GROUP"
    assert speaker.members == members
    assert speaker.name == name


def test_speakers_who_is_not_a_place(nlp: Language) -> None:
    # "who" hung on "Capitol Hill" means the Democrats on it
    text = (
        "The change is likely to placate nervous Democrats on Capitol Hill, who have argued that "
        "it helps down-ballot candidates."
    )
    speaker = speaker_of(nlp, text, "who")
    assert speaker is not None and "Democrats" in speaker.name and speaker.type == "GROUP"


def test_speakers_many_of_whom_are_the_noun_phrase_before(nlp: Language) -> None:
    text = (
        "This has not gone over well with family members of 9/11 victims, many of whom say the "
        "president's claims are unfounded."
    )
    speaker = speaker_of(nlp, text, "many of whom")
    assert speaker is not None and "family members" in speaker.name


def test_speakers_a_body_shortened_to_its_last_words_is_that_body(nlp: Language) -> None:
    text = (
        "Leonard Burman, director of the centrist Urban-Brookings Tax Policy Center, said it was fine. "
        "The Tax Policy Center estimates that the plan would raise $1.1 trillion."
    )
    speaker = speaker_of(nlp, text, "The Tax Policy Center")
    assert speaker is not None and speaker.name == "Urban-Brookings Tax Policy Center"


@pytest.mark.parametrize(
    ("text", "source", "name"),
    [
        # '"...," he said' in the next paragraph reports the words of whom it was quoting
        (
            'Robert Scott spoke at the dinner. "We need people of substance," said Tom Brooks, president of '
            'the NAACP. "We are at a moment in history."\n\nPeople like Scott, he said.',
            "he",
            "Tom Brooks",
        ),
        # a description as the subject before, "former" whatever office the article gives him now
        (
            "Libertarian presidential candidate Gary Johnson's doctor is calling the candidate fit.\n\n"
            "The former New Mexico governor is a triathlete. He said he has good health for a 63-year-old.",
            "He",
            "Gary Johnson",
        ),
        # the name the parser set beside the body the description ends in
        (
            "In the 1990s, he built one of the largest chains. His former business partner at Lenox, "
            "Lawrence B. Cummings, said he was a master at deals.",
            "His former business partner at Lenox, Lawrence B. Cummings",
            "Lawrence B. Cummings",
        ),
        # "the data" nobody made before is the body quoted just before (bridging)
        (
            "The State Department Refugee Processing Center said that 98 percent of the refugees are Sunni "
            "Muslims. According to the data, Christians make up less than 1 percent.",
            "the data",
            "The State Department Refugee Processing Center",
        ),
    ],
)
def test_speakers_follow_the_discourse(nlp: Language, text: str, source: str, name: str) -> None:
    speaker = speaker_of(nlp, text, source)
    assert speaker is not None and speaker.name == name
    assert speaker.reason


def test_speakers_they_after_people_named_together_is_the_group(nlp: Language) -> None:
    text = (
        "John Smith and Mary Jones withdrew all of their money from the bank. This led to losses. "
        "They said the bank was to blame."
    )
    speaker = speaker_of(nlp, text, "They")
    assert speaker is not None and speaker.members == ("John Smith", "Mary Jones")


def test_speakers_a_list_the_source_cut_short_is_the_whole_list(nlp: Language) -> None:
    text = (
        "Cross-selling was a significant aspect of the bank's strategy. Sens. Jeff Merkley (D-Ore.), "
        "Sherrod Brown (D-Ohio) and Robert Menendez (D-N.J.) all suggested that those claims could be "
        "grounds for a fraud case."
    )
    doc = nlp(text)
    [attribution] = [a for a in doc._.attributions if a.source and "Menendez" in a.source.text]
    start = text.index("Sherrod")
    cut = replace(attribution, source=Span.of(text, start, text.index(" all suggested")), speaker=None)
    doc._.attributions = [cut]
    [found] = SpeakerResolver()(doc)._.attributions
    assert found.speaker is not None
    assert found.speaker.members == ("Jeff Merkley", "Sherrod Brown", "Robert Menendez")


def test_speakers_you_in_an_open_letter_is_whom_it_addresses(nlp: Language) -> None:
    text = (
        "Mr. Trump, I have a deal for you. I know your tax returns are being audited, and you don't "
        "want to give the Internal Revenue Service any more ammunition."
    )
    found = [a for a in nlp(text)._.attributions if a.source and a.source.text.casefold() == "you"]
    assert found
    assert all(a.speaker is not None and a.speaker.name == "Trump" for a in found)
