"""Link an article's entities to the entities already known across articles.

Pure functions: ``newsgraph.resolve.linking`` looks the candidates up through the
store's ``EntityLookup`` and the store applies the result. The rules follow how
readers and wire-service style guides name people: a full name first, then the
surname ("Xi Jinping", then "Mr. Xi"). So

- corrections made by a user (a merge, or an alias pinned to an entity by a
  split) come before every rule, so that they survive re-ingest;
- a single name that several known people have ("Clinton": Bill and Hillary)
  is the one quoted most, with a lower confidence and a reason that names the
  others, even when it is a known alias of one of them;
- the same name (or a known alias) of the same type is the same entity (a
  group, a description, may be of any type);
- a single name ("Xi", "Trump") is the only known person with that name part;
- a full name that differs from a known one by a middle name or initial
  ("Donald J. Trump") is that person;
- a name with one known full name in it ("Billionaire Donald Trump", the
  tagger's span) is that person, and a known name around a full name gives way
  to it; never across a generational suffix ("Donald Trump Jr.");
- a full name takes over an entity known only by one of its parts
  ("Xi" becomes "Xi Jinping"), unless that part is shared by several people.

Every link carries its reason, so that a merge can be explained and undone.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from newsgraph.resolve.countries import country_code

TITLES = frozenset(
    "mr mrs ms miss dr sir dame lord lady prof president senator sen rep gov governor mayor judge "
    "gen general col sgt lt secretary minister ambassador chancellor king queen prince princess pope "
    "vice former acting deputy first".split()
)

GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})


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
    """The words of ``name_key``: ``["xi", "jinping"]``."""
    return name_key(name).split()


def bare_key(name: str) -> str:
    """``name_key`` of a name without its leading titles, demonyms and country names.

    >>> bare_key("Chinese President Xi Jinping"), bare_key("U.S. Vice President Mike Pence")
    ('xi jinping', 'mike pence')
    """
    words = name.split()
    while len(words) > 1:
        if name_key(words[0]) in TITLES | {"the"} or country_code(words[0]):
            words = words[1:]
        elif len(words) > 2 and country_code(" ".join(words[:2])):  # "White House", "North Korean"
            words = words[2:]
        else:
            break
    return name_key(" ".join(words))


def new_id(type: str, name: str) -> str:
    """An id for a new entity: ``person:xi-jinping``."""
    return f"{type.lower()}:{name_key(name).replace(' ', '-')}"


def free_id(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, else ``base-2``, ``base-3``, ...: the first id not taken."""
    return next(i for i in itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2))) if not taken(i))


def follow_redirects(entity_id: str, redirects: Mapping[str, str]) -> str:
    """The entity that ``entity_id`` was merged into, through any chain of merges."""
    seen = set()
    while entity_id in redirects and entity_id not in seen:
        seen.add(entity_id)
        entity_id = redirects[entity_id]
    return entity_id


def assigned(text: str) -> str:
    """The link reason of a name that a correction assigned to an entity."""
    return f"{text!r} was assigned to this entity by a correction"


def _variant(parts: Sequence[str], other: Sequence[str]) -> bool:
    """The same first and last name, one of them without middle names or initials
    ("Donald J. Trump", "Donald Trump"); "George W. Bush" and "George H. W. Bush" differ."""
    return (
        len(parts) > 1
        and len(other) > 1
        and parts != other
        and (parts[0], parts[-1]) == (other[0], other[-1])
        and (len(parts) == 2 or len(other) == 2)
    )


def _contains(parts: Sequence[str], other: Sequence[str]) -> bool:
    """A full name with words around it that are no generational suffix: "Billionaire Donald
    Trump" and "Donald Trump Tweets" (a headline the tagger took for a name), not "Donald Trump Jr."."""
    size = len(other)
    return (
        1 < size < len(parts)
        and not set(parts) & GENERATIONS
        and any(list(parts[i : i + size]) == list(other) for i in range(len(parts) - size + 1))
    )


def _most_weight(known: Iterable[Known]) -> list[Known]:
    return sorted(known, key=lambda k: (-k.weight, k.name, k.id))


def link(
    local_id: str,
    name: str,
    type: str,
    same_name: Sequence[Known],
    sharing_a_part: Sequence[Known],
    pinned: Known | None = None,
    redirects: Mapping[str, str] | None = None,
) -> Link:
    """Link the article entity ``local_id`` named ``name``.

    ``same_name``: known entities of the same type with this name or alias (by ``name_key``).
    ``sharing_a_part``: known people whose name has one of this name's parts.
    ``pinned``: the entity a user's correction assigned this name to.
    ``redirects``: merged entity id -> the entity it was merged into.
    """

    def follow(entity_id: str) -> str:
        return follow_redirects(entity_id, redirects or {})

    if pinned is not None:
        return Link(follow(pinned.id), pinned.name, False, 1.0, assigned(name))
    parts = name_parts(name)
    person = type == "PERSON"
    namesakes = _most_weight(k for k in sharing_a_part if person and len(parts) == 1 and parts[0] in name_parts(k.name))
    if len(namesakes) > 1:  # even a known alias: "Clinton" may be Bill or Hillary
        best, others = namesakes[0], ", ".join(sorted(k.name for k in namesakes[1:]))
        return Link(
            follow(best.id), best.name, False, 0.5, f"{name!r} could also be {others}; {best.name!r} is quoted most"
        )
    if same_name:
        # An entity of this very name beats one that only has it as an alias: one wrong alias
        # ("Bill Clinton" of Hillary Clinton) must not draw every later Bill Clinton to her.
        own = [k for k in same_name if name_key(k.name) == name_key(name)]
        best = _most_weight(own or same_name)[0]
        return Link(follow(best.id), best.name, False, 1.0, f"same name as {best.name!r}")
    if namesakes:
        [known] = namesakes
        return Link(follow(known.id), known.name, False, 0.9, f"{name!r} is part of the only known {known.name!r}")
    if not person or len(parts) < 2:
        return Link(local_id, name, True, 1.0, "first seen here")
    variants = _most_weight(k for k in sharing_a_part if _variant(parts, name_parts(k.name)))
    if variants:
        best = variants[0]
        confidence, others = (0.9, "") if len(variants) == 1 else (0.6, f"; it could also be {variants[1].name!r}")
        return Link(
            follow(best.id),
            best.name,
            False,
            confidence,
            f"{name!r} differs from {best.name!r} by a middle name{others}",
        )
    # Names within this one: the most quoted, unless one of them is someone else altogether
    # ("Hillary Clinton Slams Donald Trump"; but "Crooked Hillary Clinton" is Hillary Clinton).
    within = _most_weight(k for k in sharing_a_part if _contains(parts, name_parts(k.name)))
    if within and all(set(name_parts(k.name)) & set(name_parts(within[0].name)) for k in within):
        known = within[0]
        return Link(follow(known.id), known.name, False, 0.7, f"{name!r} has the name of {known.name!r} in it")
    around = {k.name: k for k in sharing_a_part if _contains(name_parts(k.name), parts)}
    if not within and len(around) == 1:  # the name proper takes over
        [known] = around.values()
        return Link(follow(known.id), name, False, 0.7, f"{known.name!r} has the name {name!r} in it")
    # A fuller name takes over an entity known by one of its parts, unless someone else has that part too.
    for known in sharing_a_part:
        known_parts = name_parts(known.name)
        if len(known_parts) == 1 and known_parts[0] in parts:
            sharing = [k for k in sharing_a_part if k is not known and known_parts[0] in name_parts(k.name)]
            if not sharing:
                return Link(follow(known.id), name, False, 0.8, f"{name!r} is the full name of {known.name!r}")
    return Link(local_id, name, True, 1.0, "first seen here")


@dataclass(frozen=True, slots=True)
class Local:
    """An entity of one article: its local id and name, and the texts it appears as there."""

    id: str
    name: str
    type: str
    texts: tuple[str, ...] = ()


class Candidates:
    """The known entities a save links against, by alias key and name part, updated as it links."""

    def __init__(self, known: Iterable[Known], alias_keys: Iterable[tuple[str, str]]) -> None:
        self._known: dict[str, Known] = {}
        self._by_key: dict[str, set[str]] = defaultdict(set)
        self._by_part: dict[str, set[str]] = defaultdict(set)
        for entity in known:
            self._add(entity)
        for entity_id, key in alias_keys:
            self._by_key[key].add(entity_id)

    def _add(self, entity: Known) -> None:
        self._known[entity.id] = entity
        self._by_key[name_key(entity.name)].add(entity.id)
        if entity.type == "PERSON":
            for part in name_parts(entity.name):
                self._by_part[part].add(entity.id)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._known

    def same_name(self, name: str, type: str) -> list[Known]:
        ids = self._by_key.get(name_key(name), set())
        # A group is a description ("U.S. officials"): one that is a known name is that entity, and
        # a name known as a group is the group, whichever of the two came first ("Trump campaign").
        same_type = [k for i in ids if (k := self._known.get(i)) and (k.type == type or "GROUP" in (type, k.type))]
        return sorted(same_type, key=lambda k: k.id)

    def sharing_a_part(self, name: str) -> list[Known]:
        ids = set().union(*(self._by_part.get(part, set()) for part in name_parts(name)))
        return sorted((self._known[i] for i in ids), key=lambda k: k.id)

    def record(self, local: Local, link: Link) -> None:
        """Take a link into account: a new entity, a renamed one, new aliases."""
        known = self._known.get(link.id)
        if known is None or known.name != link.name:
            if known is not None:
                for part in name_parts(known.name):
                    self._by_part[part].discard(known.id)
            self._add(Known(link.id, link.name, known.type if known else local.type, known.weight if known else 0))
        for text in (local.name, *local.texts):
            self._by_key[name_key(text)].add(link.id)


@dataclass(frozen=True, slots=True)
class Pin:
    """An alias that a split moved from one entity (``split_from``) to another (``to``)."""

    split_from: str
    to: Known


def pinned(found: Link, text: str, pins: Mapping[str, Pin]) -> Link:
    """Where one source or mention ``text`` goes: where a split put it, if it split it from ``found``."""
    pin = pins.get(name_key(text))
    if pin is None or pin.split_from != found.id or pin.to.id == found.id:
        return found
    return Link(pin.to.id, pin.to.name, False, 1.0, assigned(text))


def person_by_name(local: Local, candidates: Candidates) -> str:
    """The type to link an article's entity as: a one-word organisation or place that the store
    knows only as a person's name ("Trump" tagged ORG in an article that never says "Donald") is
    that person's; names are compared whatever the tagger's type."""
    parts = name_parts(local.name)
    if local.type not in ("ORG", "GPE") or len(parts) != 1 or country_code(local.name):
        return local.type
    if candidates.same_name(local.name, local.type):
        return local.type
    people = [k for k in candidates.sharing_a_part(local.name) if parts[0] == name_parts(k.name)[-1]]
    return "PERSON" if people else local.type


def link_all(
    entities: Sequence[Local],
    candidates: Candidates,
    pins: Mapping[str, Pin] | None = None,
    redirects: Mapping[str, str] | None = None,
    taken: Callable[[str], bool] = lambda _: False,
) -> dict[str, Link]:
    """Link an article's entities in order, each seeing the links made before it.

    ``pins``: alias key -> where a split put it; an entity of that name goes there.
    ``taken``: whether an id is used by an entity not among the candidates (or was merged
    away); a new entity then gets the id with a number: ``person:jo-lee-2``.
    """
    pins = pins or {}
    links: dict[str, Link] = {}
    for local in entities:
        pin = pins.get(name_key(local.name))
        kind = person_by_name(local, candidates)
        found = link(
            local.id,
            local.name,
            kind,
            candidates.same_name(local.name, kind),
            candidates.sharing_a_part(local.name) if kind == "PERSON" else (),
            pinned=pin.to if pin else None,
            redirects=redirects,
        )
        if found.new:
            found = replace(found, id=free_id(found.id, lambda i: i in candidates or taken(i)))
        links[local.id] = found
        candidates.record(local, found)
    return links
