"""Link one article's entities to the entities a store already knows, through a narrow lookup.

``link_extraction`` gathers the article's local entities (its mentions and speakers), asks an
``EntityLookup`` for the few things linking needs (the reviewers' corrections, the known
entities that share a name, an alias or a name part with them, whether an id is in use) and
applies the pure rules of ``newsgraph.resolve.entities``. It writes nothing: the store stores
the entities, renames and aliases of the ``Linked`` it gets back.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from newsgraph.records import Attribution, Extraction, Mention
from newsgraph.resolve import entities
from newsgraph.resolve.entities import Known, Link, Local, Pin, name_key, name_parts

# A pronoun source ("he said") names nobody: it is not recorded as an alias.
_PRONOUNS = frozenset({"i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them", "who"})


class EntityLookup(Protocol):
    """What linking reads of the entities already stored."""

    def corrections(self) -> tuple[dict[str, str], dict[str, Pin]]:
        """The merges (merged id -> kept id) and the splits (alias key -> pin)."""
        ...

    def known(self, keys: Collection[str], parts: Collection[str]) -> list[Known]:
        """The entities with one of these alias keys (``name_key``), or one of these name parts."""
        ...

    def alias_keys(self, keys: Collection[str]) -> list[tuple[str, str]]:
        """(entity id, alias key) of every alias with one of these keys."""
        ...

    def exists(self, entity_id: str) -> bool:
        """Whether a stored entity has this id."""
        ...


def id_taken(lookup: EntityLookup, redirects: Mapping[str, str]) -> Callable[[str], bool]:
    """Whether an id is an entity's, or was one's that was merged away: a new entity may not have it."""
    return lambda entity_id: entity_id in redirects or lookup.exists(entity_id)


@dataclass(frozen=True, slots=True)
class Linked:
    """An article's entities linked to stored ones: what to store, and where each text goes."""

    links: dict[str, Link]  # local entity id -> its link
    pins: Mapping[str, Pin]  # alias key -> where a split put it
    entities: dict[str, tuple[str, str]]  # linked id -> (name after the last link to it, type)
    aliases: frozenset[tuple[str, str]]  # (linked id, text) of every name, mention and naming source

    def link(self, local_id: str, text: str | None) -> Link:
        """Where a source or mention ``text`` of the article entity ``local_id`` goes."""
        found = self.links[local_id]
        return found if text is None else entities.pinned(found, text, self.pins)

    def mention(self, mention: Mention) -> Link:
        """Where a mention goes."""
        return self.link(mention.entity_id, mention.text)

    def speaker(self, attribution: Attribution) -> Link | None:
        """Where the attribution's speaker goes; None without one."""
        speaker = attribution.speaker
        return self.link(speaker.id, _naming_source(attribution)) if speaker is not None else None

    def ids(self) -> set[str]:
        """The stored entities the article's rows go to, those of the pinned aliases included."""
        linked = {link.id for link in self.links.values()}
        return linked | {pin.to.id for pin in self.pins.values() if pin.split_from in linked}


def link_extraction(extraction: Extraction, lookup: EntityLookup) -> Linked:
    """Link the article's entities, in order of first appearance, to those ``lookup`` knows."""
    local = local_entities(extraction)
    redirects, pins = lookup.corrections()
    if not local:
        return Linked({}, pins, {}, frozenset())
    keys = {name_key(e.name) for e in local}
    parts = {p for e in local if e.type == "PERSON" for p in name_parts(e.name)}
    candidates = entities.Candidates(lookup.known(keys, parts), lookup.alias_keys(keys))
    links = entities.link_all(local, candidates, pins, redirects, taken=id_taken(lookup, redirects))
    final: dict[str, tuple[str, str]] = {}
    for entity in local:
        link = links[entity.id]
        # the name the last link gave it, the type of the first article entity linked to it
        final[link.id] = (link.name, final[link.id][1] if link.id in final else entity.type)
    aliases = {(links[e.id].id, e.name) for e in local} | {
        (entities.pinned(links[local_id], text, pins).id, text) for local_id, text in _naming_texts(extraction)
    }
    return Linked(links, pins, final, frozenset(aliases))


def local_entities(extraction: Extraction) -> list[Local]:
    """The article's entities, by local id, in order of first appearance, with their texts."""
    names: dict[str, str] = {}
    types: dict[str, Counter[str]] = defaultdict(Counter)
    speaker_types: dict[str, str] = {}
    for mention in extraction.mentions:
        names.setdefault(mention.entity_id, mention.name)
        types[mention.entity_id][mention.type] += 1
    for attribution in extraction.attributions:
        if (speaker := attribution.speaker) is not None:
            names.setdefault(speaker.id, speaker.name)
            speaker_types[speaker.id] = speaker.type
    texts: dict[str, list[str]] = defaultdict(list)
    for local_id, text in _naming_texts(extraction):
        texts[local_id].append(text)
    return [
        Local(id_, name, speaker_types.get(id_) or types[id_].most_common(1)[0][0], tuple(dict.fromkeys(texts[id_])))
        for id_, name in names.items()
    ]


def _naming_texts(extraction: Extraction) -> Iterator[tuple[str, str]]:
    """(local entity id, text) of every mention and every source that names its speaker."""
    for mention in extraction.mentions:
        yield mention.entity_id, mention.text
    for attribution in extraction.attributions:
        if attribution.speaker is not None and (text := _naming_source(attribution)) is not None:
            yield attribution.speaker.id, text


def _naming_source(attribution: Attribution) -> str | None:
    """The source text, unless it names nobody ("he said")."""
    source = attribution.source
    return source.text if source is not None and source.text.casefold() not in _PRONOUNS else None
