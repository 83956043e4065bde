"""An article's people and bodies (newsgraph.nlp.people), on Docs built by hand."""

from __future__ import annotations

from collections import Counter

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.nlp.people import (
    Registry,
    better_name,
    clean_name,
    is_company_name,
    joined_bodies,
    kinds_by_vote,
    parties_in,
    role_of,
)


def court(vocab: Vocab) -> Doc:
    """ "A panel of the U.S. Court of Appeals for the Sixth Circuit ruled", the court tagged as two names."""
    words = "A panel of the U.S. Court of Appeals for the Sixth Circuit ruled".split()
    heads = [1, 12, 1, 5, 5, 2, 5, 6, 1, 11, 11, 8, 12]
    deps = "det nsubj prep det compound pobj prep pobj prep det compound pobj ROOT".split()
    pos = "DET NOUN ADP DET PROPN PROPN ADP PROPN ADP DET PROPN PROPN VERB".split()
    ents = ["O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "I-ORG", "O"]
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents)


def test_people_body_split_at_a_preposition_is_one(vocab: Vocab) -> None:
    doc = court(vocab)
    [body] = joined_bodies(list(doc.ents))
    assert clean_name(body) == "U.S. Court of Appeals for the Sixth Circuit"


def test_people_ordinal_stays_in_a_bodys_name(vocab: Vocab) -> None:
    doc = court(vocab)
    assert clean_name(doc.ents[1]) == "Sixth Circuit"


@pytest.mark.parametrize(
    ("words", "heads", "deps", "role", "head"),
    [
        # titles that all modify the name: the last is the head ("the Vermont senator")
        (
            "Vermont Sen. Bernie Sanders said".split(),
            [3, 3, 3, 4, 4],
            "compound compound compound nsubj ROOT",
            "Vermont Sen.",
            "Sen.",
        ),
        # a party before a name is a role too
        ("Democrat Tim Kaine said".split(), [2, 2, 3, 3], "compound compound nsubj ROOT", "Democrat", "Democrat"),
    ],
)
def test_people_role_before_a_name(
    vocab: Vocab, words: list[str], heads: list[int], deps: str, role: str, head: str
) -> None:
    pos = ["PROPN"] * (len(words) - 1) + ["VERB"]
    start = len(words) - 3
    ents = ["O"] * start + ["B-PERSON", "I-PERSON", "O"]
    doc = Doc(vocab, words=words, heads=heads, deps=deps.split(), pos=pos, ents=ents)
    found = role_of(doc.ents[0])
    assert found is not None
    assert (found.text, found.head.text) == (role, head)


def test_people_fuller_name_needs_a_given_name(vocab: Vocab) -> None:
    doc = Doc(vocab, words=["Clinton", "said"], pos=["PROPN", "VERB"], ents=["B-PERSON", "O"])
    registry = Registry(Counter())
    entity = registry.see(doc.ents[0], "PERSON")
    registry.fuller(entity, "Derelict Clinton")  # a headline's capitals
    assert entity.name == "Clinton"
    registry.fuller(entity, "Hillary Clinton")
    assert (entity.name, entity.id, registry.find("Hillary Clinton")) == (
        "Hillary Clinton",
        "person:hillary-clinton",
        entity,
    )


@pytest.mark.parametrize(
    ("words", "parties"),
    [({"gop", "nominee"}, {"republican"}), ({"democrat"}, {"democratic"}), ({"presidential"}, set())],
)
def test_people_parties_in(words: set[str], parties: set[str]) -> None:
    assert parties_in(words) == parties


@pytest.mark.parametrize(
    ("short", "found"),
    [
        ("CNS", "Christian News Service"),  # initials
        ("Peabody", "Peabody Energy"),  # the first word
        ("Energy", None),  # not the last
        ("Cns", None),  # initials are capitals
        ("News Service", "Christian News Service"),  # the last words, two or more
        ("Service", None),
    ],
)
def test_people_body_by_short_name(vocab: Vocab, short: str, found: str | None) -> None:
    words = "Christian News Service and Peabody Energy".split()
    doc = Doc(vocab, words=words, ents=["B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "I-ORG"])
    registry = Registry(Counter())
    for ent in doc.ents:
        registry.see(ent, "ORG")
    entity = registry.body_by_short_name(short)
    assert (entity.name if entity else None) == found


@pytest.mark.parametrize(
    ("name", "than", "better"),
    [
        ("Hillary Clinton", "Clinton", True),
        ("Crooked Hillary Clinton", "Hillary Clinton", False),  # an epithet
        ("Alicia Machado", "Universe Alicia Machado", True),  # the rest of "Miss Universe" before it
        ("Clinton", "Hillary Clinton", False),
    ],
)
def test_people_better_name(name: str, than: str, better: bool) -> None:
    assert better_name(name, than) is better


def test_people_a_company_is_no_person_whatever_the_tag(vocab: Vocab) -> None:
    words = "Patriot Coal sold mines and Patriot said so".split()
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "O", "O"]
    doc = Doc(vocab, words=words, ents=ents)
    assert is_company_name("Patriot Coal") and not is_company_name("Frank Church")
    assert set(kinds_by_vote(list(doc.ents)).values()) == {"ORG"}


def test_people_a_gerund_opening_a_sentence_is_no_given_name(vocab: Vocab) -> None:
    words = "Injecting Clinton 's woes helps Clinton".split()
    doc = Doc(vocab, words=words, ents=["B-PERSON", "I-PERSON", "I-PERSON", "O", "O", "B-PERSON"])
    assert clean_name(doc.ents[0]) == "Clinton"


def test_people_one_persons_role_is_singular(vocab: Vocab) -> None:
    # "close loopholes Donald Trump used": the parser's apposition is a clause
    words = "fix the system and close loopholes Donald Trump used".split()
    heads = [0, 2, 0, 2, 5, 2, 7, 5, 5]
    deps = "ROOT det dobj cc amod conj compound appos acl".split()
    tags = "VB DT NN CC JJ NNS NNP NNP VBD".split()
    pos = "VERB DET NOUN CCONJ ADJ NOUN PROPN PROPN VERB".split()
    ents = ["O"] * 6 + ["B-PERSON", "I-PERSON", "O"]
    doc = Doc(vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos, ents=ents)
    assert role_of(doc.ents[0]) is None
