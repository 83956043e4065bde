"""Which entity a pronoun or a bare description means: the most salient compatible one.

After Lappin and Leass (1994): every mention of an entity before the pronoun adds to its
salience, more when it is a sentence's subject or the speaker of an attribution, and halving
with every sentence back; the antecedent is the most salient entity that agrees with the
pronoun in gender and number. A speaker's mentions are the names, and the sources already
resolved to it, so that "he" after a run of one man's quotes stays with him.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

# How much a mention counts, by what it is (Lappin and Leass weigh subjects over objects).
SUBJECT, SPEAKER, OTHER = 2.0, 2.5, 1.0
# Salience halves with every sentence back and is gone after this many ...
HORIZON = 6
# ... but for what every earlier mention adds, wherever it is.
FREQUENCY = 0.1


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference to an entity at a token: a name, or a source resolved to it."""

    entity_id: str
    token: int  # index of the mention's head token
    sentence: int  # index of its sentence in the document
    weight: float  # SUBJECT, SPEAKER or OTHER


@dataclass(frozen=True, slots=True)
class Ranked:
    entity_id: str
    salience: float
    share: float  # of the salience of all compatible entities


def rank(mentions: Iterable[Mention], token: int, sentence: int, fits: Callable[[str], bool]) -> list[Ranked]:
    """Compatible entities by salience at ``token`` (in sentence ``sentence``), most salient first."""
    salience: dict[str, float] = {}
    for mention in mentions:
        if mention.token >= token or not fits(mention.entity_id):
            continue
        # Recent mentions weigh most; every earlier one adds a little (what the article is about).
        distance = sentence - mention.sentence
        value = FREQUENCY + (mention.weight * 0.5**distance if distance <= HORIZON else 0.0)
        salience[mention.entity_id] = salience.get(mention.entity_id, 0.0) + value
    total = sum(salience.values())
    ranked = [Ranked(entity_id, value, value / total) for entity_id, value in salience.items()]
    return sorted(ranked, key=lambda r: -r.salience)
