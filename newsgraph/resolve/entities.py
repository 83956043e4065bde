"""Link an article's entities to the entities already known across articles.

Pure functions: the store looks up the candidates and applies the result. The
rules follow how readers and wire-service style guides name people: a full
name first, then the surname ("Xi Jinping", then "Mr. Xi"). So

- the same name (or a known alias) is the same entity;
- a single name ("Xi", "Trump") is the only known person with that name part,
  or, when several have it ("Clinton": Bill and Hillary), the one quoted most,
  with a lower confidence and a reason that names the others;
- a full name takes over an entity known only by one of its parts
  ("Xi" becomes "Xi Jinping"), unless that part is shared by several people;
- corrections made by a user (a merge, or an alias pinned to an entity by a
  split) come before every rule, so that they survive re-ingest.

Every link carries its reason, so that a merge can be explained and undone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

TITLES = frozenset(
    "mr mrs ms miss dr sir dame lord lady prof president senator sen rep gov governor mayor judge "
    "gen general col sgt lt secretary minister ambassador chancellor king queen prince princess pope".split()
)


@dataclass(frozen=True, slots=True)
class Known:
    """An entity in the store, as the linker needs it."""

    id: str
    name: str
    type: str
    weight: int = 0  # how often it was quoted or mentioned: breaks ties between namesakes


@dataclass(frozen=True, slots=True)
class Link:
    """Where an article's entity goes: an existing entity, or a new one."""

    id: str
    name: str  # the canonical name after linking (a fuller name replaces a partial one)
    new: bool
    confidence: float
    reason: str


def name_key(name: str) -> str:
    """A name for comparison: case, accents, punctuation, possessives and leading titles dropped.

    >>> name_key("Mr. Xi’s"), name_key("President Xi Jinping")
    ('xi', 'xi jinping')
    """
    without_possessive = re.sub(r"['’]s?\Z", "", name.strip())
    ascii_name = unicodedata.normalize("NFKD", without_possessive).encode("ascii", "ignore").decode()
    words = re.sub(r"[^\w\s-]", " ", ascii_name.casefold()).split()
    while len(words) > 1 and words[0] in TITLES | {"the"}:
        words = words[1:]
    return " ".join(words)


def name_parts(name: str) -> list[str]:
    return name_key(name).split()


def link(
    local_id: str,
    name: str,
    type: str,
    same_name: Sequence[Known],
    sharing_a_part: Sequence[Known],
    pinned: str | None = None,
    redirects: Mapping[str, str] | None = None,
) -> Link:
    """Link the article entity ``local_id`` named ``name``.

    ``same_name``: known entities of the same type with this name or alias (by ``name_key``).
    ``sharing_a_part``: known people whose name has one of this name's parts.
    ``pinned``: the entity a user's correction assigned this alias to.
    ``redirects``: merged entity id -> the entity it was merged into.
    """
    redirects = redirects or {}

    def follow(entity_id: str) -> str:
        seen = set()
        while entity_id in redirects and entity_id not in seen:
            seen.add(entity_id)
            entity_id = redirects[entity_id]
        return entity_id

    if pinned is not None:
        return Link(follow(pinned), name, False, 1.0, f"{name!r} was assigned to this entity by a correction")
    if same_name:
        best = max(same_name, key=lambda k: k.weight)
        return Link(follow(best.id), best.name, False, 1.0, f"same name as {best.name!r}")
    parts = name_parts(name)
    if type == "PERSON" and len(parts) == 1:
        namesakes = [k for k in sharing_a_part if parts[0] in name_parts(k.name)]
        if len(namesakes) == 1:
            [known] = namesakes
            return Link(follow(known.id), known.name, False, 0.9, f"{name!r} is part of the only known {known.name!r}")
        if namesakes:
            best = max(namesakes, key=lambda k: k.weight)
            others = ", ".join(sorted(k.name for k in namesakes if k is not best))
            return Link(
                follow(best.id), best.name, False, 0.5, f"{name!r} could also be {others}; {best.name!r} is quoted most"
            )
    if type == "PERSON" and len(parts) > 1:
        partial = [k for k in sharing_a_part if len(name_parts(k.name)) == 1 and name_parts(k.name)[0] in parts]
        fuller = [k for k in sharing_a_part if len(name_parts(k.name)) > 1 and set(name_parts(k.name)) & set(parts)]
        if len(partial) == 1 and not any(parts[-1] in name_parts(k.name) for k in fuller):
            [known] = partial
            return Link(follow(known.id), name, False, 0.8, f"{name!r} is the full name of {known.name!r}")
    return Link(local_id, name, True, 1.0, "first seen here")
