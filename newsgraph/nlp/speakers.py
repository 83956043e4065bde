"""Resolve each attribution's source to the entity it refers to, within one article.

People are grouped by name the way a reader does: "Xi Jinping", "Xi" and
"Mr. Xi" are one person (a later, longer name wins as the canonical one).
A source is resolved, in order of certainty, by a name in it; by a pronoun,
to the previous compatible speaker or person mentioned (gender only from an
honorific or an earlier pronoun, never from a first name); by a description
("the Chinese leader") matched against the roles the article gave its people
("Chinese leader Xi Jinping"); or to the organisation or place it names.
Every decision carries a confidence and a reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsgraph.ingest.cleaning import in_regions
from newsgraph.records import Attribution, Mention, Speaker

MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince"})
FEMALE_TITLES = frozenset({"ms", "ms.", "mrs", "mrs.", "miss", "madam", "dame", "lady", "queen", "princess"})
PRONOUN_GENDER = {"he": "male", "him": "male", "she": "female", "her": "female"}
GROUP_PRONOUNS = frozenset({"they", "we", "it"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
ORG_LABELS = ("ORG", "GPE", "NORP")
POSSESSIVE = ("’s", "'s", "’", "'")


@dataclass
class Entity:
    id: str
    name: str
    type: str
    gender: str | None = None
    roles: list[str] = field(default_factory=list)
    descriptors: set[str] = field(default_factory=set)  # words of its roles
    role_heads: set[str] = field(default_factory=set)  # head nouns of its roles: "leader", "head"
    seen_at: list[int] = field(default_factory=list)  # offsets of its mentions, in text order

    def last_before(self, offset: int) -> int:
        """Offset of its last mention before ``offset``, or -1."""
        return max((at for at in self.seen_at if at < offset), default=-1)


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def clean_name(span: SpacySpan) -> str:
    text = span.text
    for mark in POSSESSIVE:
        text = text.removesuffix(mark)
    return text.removeprefix("the ").removeprefix("The ").strip()


@Language.factory(
    "newsgraph_speakers",
    requires=["doc.ents", "token.dep", "doc._.attributions", "doc._.regions"],
    assigns=["doc._.attributions", "doc._.mentions"],
)
def make_speaker_resolver(nlp: Language, name: str) -> SpeakerResolver:
    return SpeakerResolver()


class SpeakerResolver:
    def __call__(self, doc: Doc) -> Doc:
        registry = Registry()
        ents = [e for e in doc.ents if not in_regions(e.start_char, e.end_char, doc._.regions)]
        entity_of = {e.start: registry.see(e) for e in ents if e.label_ == "PERSON" or e.label_ in ORG_LABELS}
        resolved: list[Attribution] = []
        for attribution in doc._.attributions:
            speaker = resolve(doc, attribution, ents, entity_of, registry, resolved)
            resolved.append(replace(attribution, speaker=speaker))
        doc._.attributions = resolved
        doc._.mentions = [
            Mention(e.start_char, e.end_char, e.text, entity_of[e.start].id, entity_of[e.start].name, e.label_)
            for e in ents
            if e.start in entity_of
        ]
        return doc


class Registry:
    """The people and organisations of one article, as the text introduces them."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.by_name: dict[str, Entity] = {}

    def see(self, ent: SpacySpan) -> Entity:
        name = clean_name(ent)
        kind = "PERSON" if ent.label_ == "PERSON" else ent.label_
        entity = self.by_name.get(name) or (self.person_by_part(name) if kind == "PERSON" else None)
        if entity is None:
            entity = Entity(f"{kind.lower()}:{slug(name)}", name, kind)
            self.entities.append(entity)
        elif kind == "PERSON" and len(name.split()) > len(entity.name.split()):
            entity.name, entity.id = name, f"person:{slug(name)}"  # the fuller name wins
        self.by_name[name] = entity
        entity.seen_at.append(ent.start_char)
        if kind == "PERSON":
            entity.gender = entity.gender or title_gender(ent)
            if role := role_of(ent):
                entity.roles.append(role.text)
                entity.descriptors |= {t.lower_ for t in role.words}
                entity.role_heads.add(role.head.lower_)
        return entity

    def person_by_part(self, name: str) -> Entity | None:
        """The most recent person whose name has every word of ``name`` (a surname, or a given name)."""
        words = set(name.split())
        people = [
            e
            for e in self.entities
            if e.type == "PERSON" and (words <= set(e.name.split()) or set(e.name.split()) <= words)
        ]
        return max(people, key=lambda e: e.seen_at[-1], default=None)


def title_gender(ent: SpacySpan) -> str | None:
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    first = ent[0].lower_
    for word in (before, first):
        if word in MALE_TITLES:
            return "male"
        if word in FEMALE_TITLES:
            return "female"
    return None


@dataclass(frozen=True)
class Role:
    words: list[Token]

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.words)

    @property
    def head(self) -> Token:
        """The word the others modify: 'secretary' in 'White House press secretary'."""
        inside = {t.i for t in self.words}
        return next((t for t in self.words if t.head.i not in inside), self.words[-1])


def role_of(ent: SpacySpan) -> Role | None:
    """The article's words for who a person is: 'White House press secretary', 'the former head of ...'."""
    root = ent.root
    if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        words = [t for t in head.subtree if t.i < root.left_edge.i and not t.is_punct]
    else:
        appos = next((c for c in root.children if c.dep_ == "appos" and c.i > ent.end), None)
        if appos is not None:
            words = [t for t in appos.subtree if not t.is_punct]
        else:
            words = [t for t in ent.doc[root.left_edge.i : ent.start] if not t.is_punct]
    words = [t for t in words if t.lower_ not in ("the", "a", "an") and t.lower_ not in MALE_TITLES | FEMALE_TITLES]
    if not words or not any(t.pos_ == "NOUN" for t in words):
        return None
    return Role(words)


def resolve(
    doc: Doc,
    attribution: Attribution,
    ents: Sequence[SpacySpan],
    entity_of: dict[int, Entity],
    registry: Registry,
    earlier: Sequence[Attribution],
) -> Speaker | None:
    source = attribution.source
    if source is None:
        previous = next((a.speaker for a in reversed(earlier) if a.speaker), None)
        if previous is None:
            return None
        return replace(previous, confidence=round(previous.confidence * 0.9, 2), reason="continues the quote before it")
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    if span is None:
        return None
    if span.root.lower_ in RELATIVE_PRONOUNS and span.root.head.dep_ == "relcl":
        # "a joint statement which said": the speaker is what the relative clause is about.
        antecedent = span.root.head.head
        span = doc[antecedent.left_edge.i : antecedent.i + 1]
    inside = [e for e in ents if span.start <= e.start and e.end <= span.end and e.start in entity_of]
    people = [e for e in inside if e.label_ == "PERSON" and not possessive(e)]
    if people:
        ent = next((e for e in people if e.root == span.root), people[-1])
        return speaker(entity_of[ent.start], 1.0, f"named in the source: {ent.text!r}")
    head = span.root
    if head.lower_ in PRONOUN_GENDER or head.lower_ in GROUP_PRONOUNS:
        return by_pronoun(head, registry, earlier)
    if head.pos_ == "NOUN" and (entity := by_description(span, registry)):
        return speaker(entity, 0.7, f"description {span.text!r} matches the role {entity.roles[0]!r}")
    orgs = [e for e in inside if e.label_ in ORG_LABELS]
    if orgs and orgs[-1].root == head:
        return speaker(entity_of[orgs[-1].start], 1.0, f"named in the source: {orgs[-1].text!r}")
    name = clean_name(span)
    return Speaker(f"group:{slug(name)}", name, "GROUP", 0.5, "a description with no named entity")


def possessive(ent: SpacySpan) -> bool:
    return ent.end < len(ent.doc) and ent.doc[ent.end].text in POSSESSIVE


def speaker(entity: Entity, confidence: float, reason: str) -> Speaker:
    return Speaker(entity.id, entity.name, entity.type, confidence, reason)


def by_pronoun(pronoun: Token, registry: Registry, earlier: Sequence[Attribution]) -> Speaker | None:
    gender = PRONOUN_GENDER.get(pronoun.lower_)
    wanted = "PERSON" if gender else None
    for attribution in reversed(earlier):
        found = attribution.speaker
        if found is None:
            continue
        entity = next((e for e in registry.entities if e.id == found.id), None)
        compatible = entity is None or entity.gender in (None, gender) or gender is None
        if (wanted is None or found.type == wanted) and compatible:
            if entity is not None and gender and entity.gender is None:
                entity.gender = gender
            return replace(found, confidence=0.9, reason=f"{pronoun.text!r} refers to the previous speaker")
    candidates = [
        e
        for e in registry.entities
        if e.last_before(pronoun.idx) >= 0 and (wanted is None or e.type == wanted) and e.gender in (None, gender)
    ]
    if not candidates:
        return None
    entity = max(candidates, key=lambda e: e.last_before(pronoun.idx))
    if gender and entity.gender is None:
        entity.gender = gender
    return speaker(
        entity, 0.6, f"{pronoun.text!r} refers to the last {'person' if wanted else 'entity'} named before it"
    )


def by_description(span: SpacySpan, registry: Registry) -> Entity | None:
    """The latest person with a role of the description's head noun and its modifiers ('the Chinese leader')."""
    words = {t.lower_ for t in span if t.pos_ in ("NOUN", "ADJ", "PROPN")}
    head = span.root.lower_
    matches = [e for e in registry.entities if e.type == "PERSON" and head in e.role_heads and words <= e.descriptors]
    return max(matches, key=lambda e: e.last_before(span.start_char), default=None)
