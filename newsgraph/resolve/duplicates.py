"""Pairs of stored entities that look like one person or body: suggestions a reviewer can merge.

Record linkage as it is usually done (Christen, *Data Matching*, 2012): block on name keys so
that only entities sharing a key are compared, then judge each pair by rules whose evidence is
kept. A key is a name's words as names are compared (case and apostrophes aside). The rules, from
the strongest:

- **same name**: two entities whose names are the same words ("Trump" the PERSON and "Trump"
  the ORG);
- **alias**: one entity's name is an alias the other was cited by (less sure when several
  entities were cited by it: the most quoted of them is suggested);
- **surname**: a one-word entity whose word is the surname of exactly one multi-word person in the
  store ("Sanders" and Bernie Sanders); when several people share the surname nothing is suggested,
  since the store cannot tell which one is meant;
- **initial**: the same surname and a first name given by its initial ("J. Smith", "John Smith").

A pair that a reviewer has already split is never suggested again. Groups ("Clinton and Trump")
are left out: they hold several people by design; so are nationalities and countries as the
one-word side ("Cuban" is not Mark Cuban, Israel not Steve Israel).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from newsgraph.nlp.people import comparable
from newsgraph.resolve.countries import country_code

SAME_NAME, ALIAS, SURNAME, INITIAL, SHARED_ALIAS = 0.9, 0.8, 0.6, 0.6, 0.4
MAX_ALIAS_WORDS = 4  # longer aliases are descriptions, not names to compare


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the finder needs to know of a stored entity."""

    id: str
    name: str
    type: str  # PERSON, ORG, GPE, NORP, GROUP, ...
    quotes: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two entities that look like one: merge ``other`` into ``into``."""

    into: str
    into_name: str
    other: str
    other_name: str
    evidence: str  # why they look like one, in words
    confidence: float

    @property
    def command(self) -> str:
        return f"newsgraph speakers merge {self.into} {self.other}"


def key(name: str) -> tuple[str, ...]:
    return tuple(word.strip(".,") for word in comparable(name))


def find_duplicates(
    candidates: Iterable[Candidate], split: Iterable[tuple[str, str]] = (), entity: str | None = None
) -> list[Duplicate]:
    """Suggested merges, the most certain first; with ``entity``, only the pairs it is in."""
    found = [c for c in candidates if c.type != "GROUP" and key(c.name)]
    kept_apart = {frozenset(pair) for pair in split}
    by_name: defaultdict[tuple[str, ...], list[Candidate]] = defaultdict(list)
    by_alias: defaultdict[tuple[str, ...], list[Candidate]] = defaultdict(list)
    by_surname: defaultdict[str, list[Candidate]] = defaultdict(list)
    for candidate in found:
        words = key(candidate.name)
        by_name[words].append(candidate)
        for alias in candidate.aliases:
            if 0 < len(alias.split()) <= MAX_ALIAS_WORDS and key(alias) != words:
                by_alias[key(alias)].append(candidate)
        if candidate.type == "PERSON" and len(words) > 1:
            by_surname[words[-1]].append(candidate)

    pairs: dict[frozenset[str], Duplicate] = {}

    def suggest(a: Candidate, b: Candidate, evidence: str, confidence: float) -> None:
        pair = frozenset((a.id, b.id))
        if a.id == b.id or pair in kept_apart or (entity is not None and entity not in pair):
            return
        if pair in pairs and pairs[pair].confidence >= confidence:
            return
        into, other = sorted((a, b), key=lambda c: (c.type != "PERSON", -c.quotes, c.id))
        pairs[pair] = Duplicate(into.id, into.name, other.id, other.name, evidence, confidence)

    for words, same in by_name.items():
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                suggest(a, b, f"the same name {a.name!r} ({a.type}, {b.type})", SAME_NAME)
        same = [c for c in same if c.type != "NORP" and country_code(c.name) is None]  # "Cuban", "Israel"
        holders = sorted(by_alias.get(words, ()), key=lambda c: (-c.quotes, c.id))
        if holders:  # an alias several entities were cited by points to the most quoted, less surely
            others = f" (and of {len(holders) - 1} more)" if len(holders) > 1 else ""
            for a in (a for a in same if not other_person(a, holders[0])):
                evidence = f"{a.name!r} is an alias of {holders[0].name!r}{others}"
                suggest(a, holders[0], evidence, ALIAS if not others else SHARED_ALIAS)
        if len(words) == 1 and len(people := by_surname.get(words[0], [])) == 1:
            for a in same:
                suggest(a, people[0], f"{a.name!r} is the surname of the only person {people[0].name!r}", SURNAME)
    for people in by_surname.values():
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                if initial_of(key(a.name), key(b.name)) or initial_of(key(b.name), key(a.name)):
                    suggest(a, b, f"{a.name!r} and {b.name!r}: the same surname and initial", INITIAL)
    return sorted(pairs.values(), key=lambda d: (-d.confidence, d.into, d.other))


def other_person(a: Candidate, b: Candidate) -> bool:
    """Two people's full names with other first names: an alias of one naming the other is a wrong
    link ("Rahm Emanuel" cited as Zeke Emanuel), not a sign that they are one."""
    first_a, first_b = key(a.name), key(b.name)
    return (
        a.type == b.type == "PERSON"
        and len(first_a) > 1
        and len(first_b) > 1
        and not (first_a[0].startswith(first_b[0]) or first_b[0].startswith(first_a[0]))
    )


def initial_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """``short`` is ``full`` with its first name given by the initial: ("j", "smith"), ("john", "smith")."""
    return (
        len(short) == len(full) == 2
        and len(short[0]) == 1
        and len(full[0]) > 1
        and full[0].startswith(short[0])
        and short[1] == full[1]
    )
