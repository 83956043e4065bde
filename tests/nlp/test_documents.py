"""Who speaks through a document or a poll (newsgraph.nlp.documents), on made-up articles through the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.nlp.documents import referent, same_kind


def speaker_of(nlp: Language, text: str, source: str) -> tuple[str | None, str]:
    [found] = [a for a in nlp(text)._.attributions if a.source and a.source.text == source]
    assert found.speaker is not None, found.unresolved
    return found.speaker.name, found.speaker.reason


@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        # a poll is named by its sponsor
        (
            "Hillary Clinton and Donald Trump are tied, according to a new Washington Post-ABC News national poll.",
            "a new Washington Post-ABC News national poll",
            "Washington Post-ABC News poll",
        ),
        # "the poll" is the sponsored poll spoken of before
        (
            "A Quinnipiac University poll shows Clinton ahead. Clinton leads by four points, the poll said.",
            "the poll",
            "Quinnipiac University poll",
        ),
        # a headline's "Poll:" is the poll the article goes on to name
        (
            "Poll: Clinton and Trump tied\n\nClinton and Trump are tied, according to a new Gallup poll.",
            "Poll",
            "Gallup poll",
        ),
    ],
)
def test_documents_poll_named_by_sponsor(nlp: Language, text: str, source: str, speaker: str) -> None:
    name, reason = speaker_of(nlp, text, source)
    assert name == speaker
    assert repr(source) in reason and "poll by" in reason


@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        # a document called by another noun of its kind is its maker's
        (
            "A web video by the Republican National Committee references four cases. "
            "The clip says Kaine defended the wrong people.",
            "The clip",
            "Republican National Committee",
        ),
        # a document named for what its maker did
        (
            "The Sixth Circuit Court of Appeals ruled on Friday against the state. "
            "The practice is unlawful, the ruling said.",
            "the ruling",
            "Sixth Circuit Court of Appeals",
        ),
    ],
)
def test_documents_maker_speaks(nlp: Language, text: str, source: str, speaker: str) -> None:
    name, reason = speaker_of(nlp, text, source)
    assert name is not None and name.removeprefix("The ") == speaker
    assert reason.startswith(repr(source))


def test_documents_in_a_statement_is_the_clauses_subject(nlp: Language) -> None:
    doc = nlp("In a statement announcing the pick, the Association of Flight Attendants called Clinton a champion.")
    statement = next(t for t in doc if t.text == "statement")
    assert referent(doc[statement.i - 1 : statement.i + 1]).text == "the Association of Flight Attendants"


def test_documents_new_document_of_unknown_maker_is_not_an_older_ones(nlp: Language) -> None:
    text = (
        "The Republican National Committee released an ad on Monday. Kaine spoke in Ohio on Tuesday. "
        "A new ad appeared on Wednesday. The ad says Kaine is right."
    )
    [found] = [a for a in nlp(text)._.attributions if a.source and a.source.text == "The ad"]
    assert found.speaker is None or found.speaker.name != "Republican National Committee"


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [("ad", "clip", True), ("survey", "study", True), ("ruling", "filing", True), ("ad", "statement", False)],
)
def test_documents_same_kind(one: str, other: str, same: bool) -> None:
    assert same_kind(one, other) is same


@pytest.mark.parametrize(
    ("text", "noun", "meant"),
    [
        # a part of a body speaks for it
        (
            "A three-judge panel of the U.S. Court of Appeals overruled the district court.",
            "panel",
            "the U.S. Court of Appeals",
        ),
        # a study speaks through the journal that published it
        (
            "A 2014 study that appeared in the British Medical Journal found the advice was wrong.",
            "study",
            "the British Medical Journal",
        ),
    ],
)
def test_documents_body_that_speaks_for_a_source(nlp: Language, text: str, noun: str, meant: str) -> None:
    doc = nlp(text)
    head = next(t for t in doc if t.text == noun)
    assert referent(doc[head.left_edge.i : head.i + 1]).text == meant


def test_documents_data_from_an_untagged_body(nlp: Language) -> None:
    text = "Data from the 2014 American Community Survey show that women were 41 percent of the workforce."
    [found] = [a for a in nlp(text)._.attributions if a.speaker]
    assert found.speaker is not None
    assert found.speaker.name == "American Community Survey"


def test_documents_clause_on_a_document_names_its_maker(nlp: Language) -> None:
    doc = nlp("In a speech Mrs. Clinton delivered at New York University, she proposed a new tax.")
    speech = next(t for t in doc if t.text == "speech")
    assert referent(doc[speech.i - 1 : speech.i + 1]).text == "Mrs. Clinton"
