"""Speaker resolution within an article, on made-up articles through the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.records import Attribution

ARTICLE = """Harbour Authority spokeswoman Priya Natarajan said the port would reopen on Monday.

“We have cleared the channel,” she said.

Mayor Dana Whitfield said the city had asked for federal help. Ms. Whitfield said repairs would take a year.

Councillor Tom Brennan, the head of the finance committee, said the city could not afford it.

“We warned them in 2019,” the head of the finance committee said.

The city council said in a statement that it would meet again on Friday.

“It is a mess,” said Jordan Blake, a dock worker."""


def speakers_by_source(nlp: Language, text: str) -> list[tuple[str | None, str | None, float | None]]:
    def row(a: Attribution) -> tuple[str | None, str | None, float | None]:
        return (
            a.source.text if a.source else None,
            a.speaker.name if a.speaker else None,
            a.speaker.confidence if a.speaker else None,
        )

    return [row(a) for a in nlp(text)._.attributions]


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("Harbour Authority spokeswoman Priya Natarajan", "Priya Natarajan"),  # a name
        ("she", "Priya Natarajan"),  # a pronoun: the previous speaker
        ("Ms. Whitfield", "Dana Whitfield"),  # a surname with an honorific
        ("the head of the finance committee", "Tom Brennan"),  # a description: a role given earlier
        ("The city council", "city council"),  # an organisation
        ("Jordan Blake, a dock worker", "Jordan Blake"),  # an inverted cue
    ],
)
def test_speakers_resolved(nlp: Language, source: str, name: str) -> None:
    found = {s: n for s, n, _ in speakers_by_source(nlp, ARTICLE)}
    assert found[source] == name


def test_speakers_confidence_below_one_when_inferred(nlp: Language) -> None:
    confidence = {s: c for s, _, c in speakers_by_source(nlp, ARTICLE)}
    assert confidence["Ms. Whitfield"] == 1.0
    assert 0 < confidence["she"] < 1.0
    assert 0 < confidence["the head of the finance committee"] < 1.0


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "he" cannot be Ms. Cho: gender from her honorific, so the earlier man is chosen.
        ("Paul Ng said the bill passed. Ms. Cho said it would help. “It is late,” he said.", "Paul Ng"),
        # No pronoun or honorific gives a gender: the previous speaker.
        ("Paul Ng said the bill passed. Alex Cho said it would help. “It is late,” he said.", "Alex Cho"),
    ],
)
def test_speakers_pronoun_gender_from_text_only(nlp: Language, text: str, speaker: str) -> None:
    assert speakers_by_source(nlp, text)[-1][:2] == ("he", speaker)


def test_speakers_mentions_share_entity(nlp: Language) -> None:
    doc = nlp(ARTICLE)
    ids = {m.text: m.entity_id for m in doc._.mentions}
    assert ids["Dana Whitfield"] == ids["Whitfield"] == "person:dana-whitfield"
