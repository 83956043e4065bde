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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsgraph.ingest.cleaning import in_regions
from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.media import medium_of
from newsgraph.records import Attribution, Mention, Speaker
from newsgraph.resolve.countries import country_code, country_in

MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince"})
FEMALE_TITLES = frozenset({"ms", "ms.", "mrs", "mrs.", "miss", "madam", "dame", "lady", "queen", "princess"})
PRONOUN_GENDER = {"he": "male", "him": "male", "she": "female", "her": "female"}
GROUP_PRONOUNS = frozenset({"they", "we", "it"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# "An announcement from the Chinese government": the government speaks.
DOCUMENTS = frozenset("announcement statement report release letter memo communique readout post tweet".split())
GROUP_NOUNS = frozenset("man woman leader president official people minister".split())
NUMBERS = {"two": 2, "three": 3, "both": 2}
# Head nouns of roles, by the kind of source they make (after the Gender Gap Tracker's categories).
CATEGORY_HEADS = {
    "official": frozenset(
        """president minister secretary spokesman spokeswoman spokesperson senator governor mayor ambassador
        official adviser advisor chair chairman chairwoman director councillor councilman councilwoman lawmaker
        representative congressman congresswoman leader premier chancellor king queen commissioner chief head
        general officer prosecutor judge sheriff deputy diplomat envoy nominee candidate speaker counterpart""".split()
    ),
    "expert": frozenset(
        """professor analyst economist researcher expert scientist historian scholar strategist consultant
        lawyer attorney doctor physician author fellow pollster specialist engineer""".split()
    ),
    "ordinary": frozenset(
        """resident voter worker parent mother father student neighbour neighbor owner customer passenger
        farmer shopper witness victim fan citizen member""".split()
    ),
}
# Title words that the tagger takes for proper nouns ("U.S. President Joe Biden", "Ambassador Qin Gang").
TITLE_WORDS = frozenset().union(*CATEGORY_HEADS.values())
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
    country: str | None = None

    @property
    def category(self) -> str:
        """What kind of source it is, as source-diversity audits count them: by the head noun of its
        role or description ("the mayor", "U.S. officials": official), else organisation for what is
        not a named person."""
        for category, heads in CATEGORY_HEADS.items():
            if self.role_heads & heads:
                return category
        return "unspecified" if self.type == "PERSON" else "organisation"

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
    assigns=["doc._.attributions", "doc._.mentions", "doc._.entities"],
)
def make_speaker_resolver(nlp: Language, name: str) -> SpeakerResolver:
    return SpeakerResolver()


class SpeakerResolver:
    def __call__(self, doc: Doc) -> Doc:
        ents = [e for e in doc.ents if not in_regions(e.start_char, e.end_char, doc._.regions)]
        registry = Registry(Counter(clean_name(e) for e in ents if e.label_ == "PERSON"))
        entity_of = {e.start: registry.see(e) for e in ents if e.label_ == "PERSON" or e.label_ in ORG_LABELS}
        resolutions: list[Resolution | None] = []
        for attribution in doc._.attributions:
            resolutions.append(resolve(doc, attribution, ents, entity_of, registry, resolutions))
        # Speakers are made last, so that what later sentences say (a "she") is on all of them.
        doc._.attributions = [
            replace(a, speaker=to_speaker(r) if r else None, medium=medium_of(doc, a))
            for a, r in zip(doc._.attributions, resolutions, strict=True)
        ]
        doc._.entities = {e.id: to_speaker(Resolution(e, 1.0, "")) for e in registry.entities}
        doc._.mentions = [
            Mention(e.start_char, e.end_char, e.text, entity_of[e.start].id, entity_of[e.start].name, e.label_)
            for e in ents
            if e.start in entity_of
        ]
        return doc


class Registry:
    """The people and organisations of one article, as the text introduces them."""

    def __init__(self, name_counts: Counter[str]) -> None:
        self.entities: list[Entity] = []
        self.by_name: dict[str, Entity] = {}
        # How often each full name occurs in the article: a bare "Clinton" is the Clinton it is about.
        self.name_counts = name_counts

    def see(self, ent: SpacySpan) -> Entity:
        name = clean_name(ent)
        kind = "PERSON" if ent.label_ == "PERSON" else ent.label_
        entity = self.by_name.get(name) or (self.person_by_part(name) if kind == "PERSON" else None)
        if entity is None:
            country = country_code(name) if kind == "GPE" else country_in(name.split()) if kind != "PERSON" else None
            entity = Entity(f"{kind.lower()}:{slug(name)}", name, kind, country=country)
            self.entities.append(entity)
        elif kind == "PERSON" and len(name.split()) > len(entity.name.split()):
            entity.name, entity.id = name, f"person:{slug(name)}"  # the fuller name wins
        self.by_name[name] = entity
        entity.seen_at.append(ent.start_char)
        if kind == "PERSON":
            entity.gender = entity.gender or title_gender(ent)
            if role := role_of(ent):
                entity.roles.append(role.text)
                entity.descriptors |= {t.lower_ for t in role.words if not t.is_punct}
                entity.role_heads.add(role.head.lower_)
                entity.country = entity.country or country_in([t.text for t in role.words]) or self.country_of(role)
        return entity

    def country_of(self, role: Role) -> str | None:
        """The country of a person the role names: "Mr. Biden's national security adviser"."""
        for token in role.words:
            if token.ent_type_ == "PERSON":
                entity = self.person_by_part(token.text)
                if entity is not None and entity.country:
                    return entity.country
        return None

    def group(self, name: str, words: list[str], head: str, at: int) -> Entity:
        """A speaker named by a description ("U.S. officials", head noun "official"), kept so that
        "they" can refer to it."""
        entity = self.by_name.get(name)
        if entity is None:
            entity = Entity(f"group:{slug(name)}", name, "GROUP", role_heads={head}, country=country_in(words))
            self.entities.append(entity)
            self.by_name[name] = entity
        entity.seen_at.append(at)
        return entity

    def person_by_part(self, name: str) -> Entity | None:
        """The person a name is part of, or who is part of it: a single word joins a full name of
        which it is the first or last word ("Xi", "Hillary"); two full names join only if equal.
        Of several, the one the article names most, then the latest."""
        words = name.split()

        def joins(other: list[str]) -> bool:
            short, full = (words, other) if len(words) <= len(other) else (other, words)
            return len(short) == 1 and short[0] in (full[0], full[-1])

        people = [e for e in self.entities if e.type == "PERSON" and joins(e.name.split())]
        return max(people, key=lambda e: (self.name_counts[e.name], e.seen_at[-1]), default=None)


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
        """The role as the article writes it, from its first word to its last."""
        first, last = self.words[0], self.words[-1]
        return doc_text(first.doc)[first.idx : last.idx + len(last)]

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
    while words and (words[0].lower_ in ("the", "a", "an") or words[0].lower_ in MALE_TITLES | FEMALE_TITLES):
        words = words[1:]
    if not any(t.pos_ == "NOUN" or t.lower_ in TITLE_WORDS for t in words):
        return None
    return Role(words)


@dataclass(frozen=True)
class Resolution:
    entity: Entity
    confidence: float
    reason: str


def unspoken(doc: Doc, attribution: Attribution) -> bool:
    """A cue that names nobody by design: a noun ("amid reports that ...") or an agentless passive
    ("it was revealed that ..."); such an attribution does not continue the previous speaker."""
    if attribution.cue is None:
        return False
    cue = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    return cue is not None and (cue.root.pos_ == "NOUN" or any(t.dep_ == "auxpass" for t in cue))


def resolve(
    doc: Doc,
    attribution: Attribution,
    ents: Sequence[SpacySpan],
    entity_of: dict[int, Entity],
    registry: Registry,
    earlier: Sequence[Resolution | None],
) -> Resolution | None:
    """The entity the attribution's source refers to, with how sure and why."""
    if attribution.source is None:
        previous = next((r for r in reversed(earlier) if r), None)
        if previous is None or unspoken(doc, attribution):
            return None
        return Resolution(previous.entity, round(previous.confidence * 0.9, 2), "continues the quote before it")
    span = doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
    if span is None:
        return None
    span = referent(span)
    inside = [e for e in ents if span.start <= e.start and e.end <= span.end and e.start in entity_of]
    people = [e for e in inside if e.label_ == "PERSON" and not possessive(e)]
    if people:
        ent = next((e for e in people if e.root == span.root), people[-1])
        return Resolution(entity_of[ent.start], 1.0, f"named in the source: {ent.text!r}")
    head = span.root
    if head.lower_ in PRONOUN_GENDER or head.lower_ in GROUP_PRONOUNS:
        return by_pronoun(head, registry, earlier)
    if head.pos_ == "NOUN" and (group := by_number(span, registry)):
        return group
    if head.pos_ == "NOUN" and (entity := by_description(span, registry)):
        return Resolution(entity, 0.7, f"description {span.text!r} matches the role {entity.roles[0]!r}")
    orgs = [e for e in inside if e.label_ in ORG_LABELS]
    if orgs and orgs[-1].root == head:
        return Resolution(entity_of[orgs[-1].start], 1.0, f"named in the source: {orgs[-1].text!r}")
    name = clean_name(span)
    group = registry.group(name, [t.text for t in span], head.lemma_.lower(), span.start_char)
    return Resolution(group, 0.5, "a description with no named entity")


def referent(span: SpacySpan) -> SpacySpan:
    """What a source stands for: the antecedent of "which", the author of "an announcement from X"."""
    doc = span.doc
    if span.root.lower_ in RELATIVE_PRONOUNS and span.root.head.dep_ == "relcl":
        antecedent = span.root.head.head  # "a joint statement which said": the statement
        span = doc[antecedent.left_edge.i : antecedent.i + 1]
    if span.root.lemma_ in DOCUMENTS:
        for token in span.root.subtree:
            obj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if token.lower_ in ("from", "by") and obj is not None:
                return doc[obj.left_edge.i : obj.right_edge.i + 1]
    return span


def possessive(ent: SpacySpan) -> bool:
    return ent.end < len(ent.doc) and ent.doc[ent.end].text in POSSESSIVE


def by_pronoun(pronoun: Token, registry: Registry, earlier: Sequence[Resolution | None]) -> Resolution | None:
    """The previous speaker the pronoun can refer to, else the last entity named before it."""
    gender = PRONOUN_GENDER.get(pronoun.lower_)
    wanted = "PERSON" if gender else None

    def fits(entity: Entity) -> bool:
        return (wanted is None or entity.type == wanted) and (gender is None or entity.gender in (None, gender))

    previous = next((r.entity for r in reversed(earlier) if r and fits(r.entity)), None)
    if previous is not None:
        found, confidence, reason = previous, 0.9, f"{pronoun.text!r} refers to the previous speaker"
    else:
        candidates = [e for e in registry.entities if e.last_before(pronoun.idx) >= 0 and fits(e)]
        if not candidates:
            return None
        found = max(candidates, key=lambda e: e.last_before(pronoun.idx))
        confidence, reason = 0.6, f"{pronoun.text!r} refers to the last {(wanted or 'entity').lower()} named before it"
    if gender and found.gender is None:
        found.gender = gender  # the text says so: "she said" of this person
    return Resolution(found, confidence, reason)


def by_number(span: SpacySpan, registry: Registry) -> Resolution | None:
    """'The two men': the last two people named before."""
    count = next((c for c in span.root.children if c.dep_ == "nummod" and c.lower_ in NUMBERS), None)
    if count is None or span.root.lemma_ not in GROUP_NOUNS:
        return None
    people = sorted(
        (e for e in registry.entities if e.type == "PERSON" and e.last_before(span.start_char) >= 0),
        key=lambda e: e.last_before(span.start_char),
    )[-NUMBERS[count.lower_] :]
    if len(people) < NUMBERS[count.lower_]:
        return None
    name = " and ".join(e.name for e in people)
    group = registry.group(name, [], span.root.lemma_.lower(), span.start_char)
    return Resolution(group, 0.6, f"{span.text!r}: the last {count.text} people named before")


def by_description(span: SpacySpan, registry: Registry) -> Entity | None:
    """The latest person with a role of the description's head noun and its modifiers ('the Chinese leader')."""
    words = {t.lower_ for t in span if t.pos_ in ("NOUN", "ADJ", "PROPN")}
    head = span.root.lower_
    matches = [e for e in registry.entities if e.type == "PERSON" and head in e.role_heads and words <= e.descriptors]
    return max(matches, key=lambda e: e.last_before(span.start_char), default=None)


def to_speaker(resolution: Resolution) -> Speaker:
    entity = resolution.entity
    return Speaker(
        entity.id,
        entity.name,
        entity.type,
        resolution.confidence,
        resolution.reason,
        role=entity.roles[0] if entity.roles else None,
        gender=entity.gender,
        country=entity.country,
        category=entity.category,
    )
