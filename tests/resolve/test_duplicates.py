"""Suggested merges: each rule on made-up entities, and what must never be suggested."""

from __future__ import annotations

import pytest

from newsgraph.resolve.duplicates import Candidate, find_duplicates

TRUMP = Candidate("person:donald-trump", "Donald Trump", "PERSON", 90, ("Trump", "Mr. Trump"))
SANDERS = Candidate("person:bernie-sanders", "Bernie Sanders", "PERSON", 40)


def pairs(candidates: list[Candidate], **given: object) -> set[tuple[str, str, float]]:
    return {(d.into, d.other, d.confidence) for d in find_duplicates(candidates, **given)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        # the same name under two types: the person is kept
        ([Candidate("org:politico", "Politico", "ORG", 9), Candidate("person:politico", "Politico", "PERSON", 2)],
         {("person:politico", "org:politico", 0.9)}),
        # a one-word organisation that is the person's alias
        ([TRUMP, Candidate("org:trump", "Trump", "ORG", 30)], {("person:donald-trump", "org:trump", 0.8)}),
        # the surname of the only person bearing it
        ([SANDERS, Candidate("org:sanders", "Sanders", "ORG", 5)], {("person:bernie-sanders", "org:sanders", 0.6)}),
        # an initial for the first name
        ([Candidate("person:j-smith", "J. Smith", "PERSON", 1),
          Candidate("person:john-smith", "John Smith", "PERSON", 3)],
         {("person:john-smith", "person:j-smith", 0.6)}),
        # an alias several people were cited by: the most quoted, less surely
        ([TRUMP, Candidate("person:ivanka-trump", "Ivanka Trump", "PERSON", 5, ("Trump",)),
          Candidate("org:trump", "Trump", "ORG", 30)],
         {("person:donald-trump", "org:trump", 0.4)}),
    ],
)  # fmt: skip
def test_duplicates_rules(candidates: list[Candidate], expected: set[tuple[str, str, float]]) -> None:
    assert pairs(candidates) == expected


@pytest.mark.parametrize(
    "candidates",
    [
        # two people share the surname: no way to tell which "Clinton" is meant
        [Candidate("person:hillary-clinton", "Hillary Clinton", "PERSON", 9),
         Candidate("person:bill-clinton", "Bill Clinton", "PERSON", 5), Candidate("org:clinton", "Clinton", "ORG", 3)],
        # a country and a nationality are not the people named after them
        [Candidate("person:steve-israel", "Steve Israel", "PERSON", 4, ("Israel",)),
         Candidate("gpe:israel", "Israel", "GPE", 40)],
        [Candidate("person:mark-cuban", "Mark Cuban", "PERSON", 4), Candidate("norp:cuban", "Cuban", "NORP", 6)],
        # another person's full name among the aliases is a wrong link, not one person
        [Candidate("person:zeke-emanuel", "Zeke Emanuel", "PERSON", 4, ("Rahm Emanuel",)),
         Candidate("person:rahm-emanuel", "Rahm Emanuel", "PERSON", 6)],
        # groups hold several people by design
        [TRUMP, Candidate("group:trump-and-pence", "Trump", "GROUP", 2)],
    ],
)  # fmt: skip
def test_duplicates_never_suggested(candidates: list[Candidate]) -> None:
    assert pairs(candidates) == set()


def test_duplicates_split_pairs_and_one_entity() -> None:
    organisation = Candidate("org:trump", "Trump", "ORG", 30)
    lookalike = Candidate("person:politico", "Politico", "PERSON", 2)
    everyone = [TRUMP, organisation, lookalike, Candidate("org:politico", "Politico", "ORG", 9)]
    assert pairs(everyone, split=[("person:donald-trump", "org:trump")]) == {("person:politico", "org:politico", 0.9)}
    only = find_duplicates(everyone, entity="org:trump")
    assert [(d.into, d.other) for d in only] == [("person:donald-trump", "org:trump")]
    assert only[0].command == "newsgraph speakers merge person:donald-trump org:trump"
    assert "alias" in only[0].evidence
