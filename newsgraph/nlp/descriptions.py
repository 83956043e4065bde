"""Descriptions a source may be, resolved to whom the article established: a role it gave someone
("the head of the finance committee"), a title or party nobody was given ("the Indiana governor",
"the Republican": the person the sentences before are about), the most salient person or body a
definite description fits ("the 56-year-old", "the utility"), a campaign ("the campaign": the one
spoken of, or that of the person the text is about), and "the two men"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsgraph.nlp.names import noun_gender
from newsgraph.nlp.people import (
    PARTY_NOUNS,
    TITLE_ABBREVIATIONS,
    Entity,
    Registry,
    comparable,
    parties_in,
)
from newsgraph.nlp.salience import Mention as Salient
from newsgraph.nlp.salience import rank
from newsgraph.nlp.speaker_words import (
    BODY_KIND_WORDS,
    GROUP_NOUNS,
    NEAR,
    NUMBERS,
    OFFICE_HEADS,
    ORG_NOUNS,
    OTHER_OFFICE,
    PERSON_NOUNS,
    PLACE_NOUNS,
    role_heads,
)

# Words that make a title one its holder had ("the former governor").
PAST = frozenset("former ex ex- onetime one-time".split())


@dataclass(frozen=True)
class Resolution:
    entity: Entity
    confidence: float
    reason: str


class Descriptions:
    """The description steps of the resolver (:class:`newsgraph.nlp.speakers.Article` is one)."""

    doc: Doc
    registry: Registry
    salient: list[Salient]
    by_id: dict[str, Entity]
    sentence_of: dict[int, int]
    named: list[tuple[SpacySpan, Entity]]
    lede_end: int  # where the article's first paragraph ends (after the headline)

    def campaign_of(self, person: Entity, span: SpacySpan, reason: str) -> Resolution:
        name = f"{person.name.split()[-1]} campaign"
        group = self.registry.group(name, name.split(), "campaign", span.start_char)
        return Resolution(group, 0.8, reason)

    def the_campaign(self, head: Token, span: SpacySpan) -> Resolution | None:
        """ "The campaign" with no owner: the campaign the last sentences spoke of, else the campaign
        of the person they are about ("Hillary Clinton plans ... The campaign says")."""
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children):
            return None
        sentence = self.sentence_of[head.i]
        spoken = [
            m
            for m in self.salient
            if sentence - NEAR <= m.sentence <= sentence
            and m.token < head.i
            and "campaign" in self.by_id[m.entity_id].role_heads
        ]
        if spoken:
            entity = self.by_id[spoken[-1].entity_id]
            return Resolution(entity, 0.6, f"{span.text!r} is the {entity.name} spoken of before it")
        if (person := self.topic(span, self.is_person)) is not None:
            return self.campaign_of(
                person, span, f"{span.text!r} is the campaign of {person.name!r}, whom the sentences before are about"
            )
        return None

    @staticmethod
    def is_person(entity: Entity | None) -> bool:
        return entity is not None and entity.type == "PERSON"

    def topic(self, span: SpacySpan, fits: Callable[[Entity], bool]) -> Entity | None:
        """The person the sentences before ``span`` are about: the latest entity that is the subject of
        a main clause (the preferred centre of Grosz, Joshi and Weinstein), at most NEAR sentences
        back, if it ``fits``; after "U.S. officials said ...", "the mayor" is not who spoke before. Of
        the subjects of that one sentence, the latest that fits ("Gary Johnson's doctor", quoted: Johnson)."""
        sentence = self.sentence_of[span.root.i]
        subjects = [
            m
            for m in self.salient
            if sentence - NEAR <= m.sentence <= sentence and m.token < span.start and is_main_subject(self.doc[m.token])
        ]
        if not subjects:
            return None
        latest = max(m.sentence for m in subjects)
        fitting = [
            (m.token, e) for m in subjects if m.sentence == latest and (e := self.by_id.get(m.entity_id)) and fits(e)
        ]
        return max(fitting, key=lambda found: found[0])[1] if fitting else None

    def by_topic(self, head: Token, span: SpacySpan, noun: str) -> Resolution | None:
        """A title ("the governor") or a party ("the Republican") that nobody was given (by_description):
        the person the sentences before are about, the subject of their main clause (Grosz, Joshi
        and Weinstein's preferred centre), as a reader takes "Mike Pence says ... The Indiana governor
        said". One the article gave another office or party is not meant, nor one not of the body a
        modifier names ("the FBI director")."""
        parties = party_words(span)
        bodies = {t.lower_ for t in span if t.ent_type_ == "ORG" and t.i != head.i}
        gender = noun_gender(noun)
        # "the former New Mexico governor" was that, whatever office the article gives him now
        heads = frozenset() if any(t.lower_ in PAST for t in span) else role_heads(noun)

        def fits(entity: Entity) -> bool:
            return (
                entity.type == "PERSON"
                and (gender is None or entity.likely_gender in (None, gender))
                and bodies <= entity.descriptors
                and not other_office(entity, heads, parties)
            )

        if (entity := self.topic(span, fits)) is None:
            return None
        return Resolution(entity, 0.6, f"{span.text!r} is {entity.name!r}, whom the sentences before are about")

    def by_definite_description(self, head: Token, span: SpacySpan) -> Resolution | None:
        """ "The governor", "the utility", "the state": the person, body or place the article
        established that the noun fits; in the headline or the first paragraph, "a union" too."""
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)
        opening = span.start_char < self.lede_end
        if not definite and not opening:
            return None
        # "the leaders", "his wife", "Clinton's aide": not one the article named ("Flight attendants'
        # union", owned by no one named, may be)
        if head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "poss" and c.pos_ in ("PRON", "PROPN") for c in head.children):
            return None
        noun = head.lower_.split("-")[-1] if "-" in head.lower_ else head.lower_
        if noun in ORG_NOUNS:
            return self.by_body_noun(head, span, noun, definite)
        if not definite or any(c.dep_ == "prep" for c in head.children):
            return None
        if noun in PERSON_NOUNS or noun_gender(noun):
            return self.by_person_noun(head, span, noun)
        if noun in PLACE_NOUNS:
            return self.by_place_noun(head, span)
        if noun in OFFICE_HEADS or noun in PARTY_NOUNS:
            return self.by_topic(head, span, noun)
        return None

    def by_person_noun(self, head: Token, span: SpacySpan, noun: str) -> Resolution | None:
        """ "the GOP nominee", "The New York businessman": the most salient person, if no other office
        or party is theirs ("Justice Frank Nervo" is not "the GOP nominee")."""
        gender = noun_gender(noun)
        parties = party_words(span)

        def fits(entity_id: str) -> bool:
            entity = self.by_id.get(entity_id)
            return (
                entity is not None
                and entity.type == "PERSON"
                and (gender is None or entity.likely_gender in (None, gender))
                and not other_office(entity, role_heads(noun), parties)
            )

        return self.most_salient(head, span, fits, "person")

    def by_place_noun(self, head: Token, span: SpacySpan) -> Resolution | None:
        """ "The 2000 election in Florida, when the state purged ...": the place named in the last sentences."""
        sentence = self.sentence_of[head.i]

        def fits(entity_id: str) -> bool:
            entity = self.by_id.get(entity_id)
            return entity is not None and entity.type == "GPE"

        near = [m for m in self.salient if sentence - NEAR <= m.sentence <= sentence and m.token < span.start]
        return self.most_salient(head, span, fits, "place", near)

    def by_body_noun(self, head: Token, span: SpacySpan, noun: str, definite: bool) -> Resolution | None:
        """ "the union", "the appeals court": a body named as one ("United Mine Workers", a court whose
        name has the description's every noun and proper adjective; "the Chinese government" is none of
        the bodies named), or, unmodified, a body named in the last sentences ("the council")."""
        sentence = self.sentence_of[head.i]
        near = {m.entity_id for m in self.salient if sentence - NEAR <= m.sentence <= sentence and m.token < head.i}
        modifiers = {
            c.lower_
            for c in head.children
            if c.dep_ in ("compound", "nmod") or (c.dep_ == "amod" and (c.pos_ == "PROPN" or c.ent_type_))
        }
        kind_words = BODY_KIND_WORDS.get(noun, frozenset()) | {noun}

        def named_as(entity: Entity | None) -> bool:
            # a name that is the noun alone ("Bank") names no body
            if entity is None or entity.type != "ORG" or not set(comparable(entity.name)) - {noun, "the"}:
                return False
            words = set(comparable(entity.name))
            return noun in words and modifiers <= words if modifiers else bool(kind_words & words)

        def fits(entity_id: str) -> bool:
            entity = self.by_id.get(entity_id)
            return not modifiers and entity is not None and entity.type == "ORG" and entity_id in near

        if not definite:
            # "A union representing flight attendants endorsed ...", opening the article: the body it
            # goes on to name as one ("the Association of Flight Attendants")
            after = next((e for ent, e in self.named if ent.start >= span.end and named_as(e)), None)
            if after is None:
                return None
            return Resolution(after, 0.6, f"{span.text!r} is {after.name!r}, the body the article goes on to name")
        # a body named as such before; else, named only later ("according to the union. The United
        # Mine Workers ..."), the one the article names as one; else one spoken of just before
        if found := self.most_salient(
            head, span, lambda entity_id: named_as(self.by_id.get(entity_id)), "organisation"
        ):
            return found
        named = [e for e in self.registry.entities if named_as(e)]
        if len(named) == 1:
            return Resolution(named[0], 0.5, f"{span.text!r} is the only such body the article names")
        return self.most_salient(head, span, fits, "organisation")

    def most_salient(
        self,
        head: Token,
        span: SpacySpan,
        fits: Callable[[str], bool],
        kind: str,
        mentions: list[Salient] | None = None,
    ) -> Resolution | None:
        ranked = rank(self.salient if mentions is None else mentions, head.i, self.sentence_of[head.i], fits)
        if not ranked:
            return None
        entity = self.by_id[ranked[0].entity_id]
        confidence = round(0.4 + 0.4 * ranked[0].share, 2)
        return Resolution(entity, confidence, f"{span.text!r} is the most prominent {kind} before it")


def other_office(entity: Entity, heads: frozenset[str], parties: set[str]) -> bool:
    """Whether the article gave ``entity`` an office other than ``heads`` ("Justice Frank Nervo" is
    not "the nominee"; "the former first lady" is no office) or another party than ``parties``."""
    offices = entity.role_heads & OFFICE_HEADS if heads & OFFICE_HEADS else set()
    own = parties_in(entity.descriptors)
    return bool(offices and not offices & heads) or bool(parties and own and not parties & own)


def party_words(span: SpacySpan) -> set[str]:
    """The parties a description names ("the GOP nominee": republican)."""
    return parties_in(t.lower_ for t in span)


def is_main_subject(token: Token) -> bool:
    """The subject of a sentence's main clause ("Mike Pence says ..."), or a name in it ("Gov. Mike Pence")."""
    if token.dep_ in ("compound", "appos", "poss") and token.head.dep_ in ("nsubj", "nsubjpass"):
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT"


def by_number(span: SpacySpan, registry: Registry) -> Resolution | None:
    """'The two men': the last two people named before."""
    count = next((c for c in span.root.children if c.dep_ in ("nummod", "det") and c.lower_ in NUMBERS), None)
    if count is None or span.root.lemma_.lower() not in GROUP_NOUNS:
        return None
    people = sorted(
        (e for e in registry.entities if e.type == "PERSON" and e.last_before(span.start_char) >= 0),
        key=lambda e: e.last_before(span.start_char),
    )[-NUMBERS[count.lower_] :]
    if len(people) < NUMBERS[count.lower_]:
        return None
    group = registry.members_group(people, span.start_char)
    return Resolution(group, 0.6, f"{span.text!r}: the last {count.text} people named before")


def by_description(span: SpacySpan, registry: Registry) -> Entity | None:
    """The latest person with a role of the description's head noun and its modifiers ('the Chinese leader')."""
    if span.root.tag_ in ("NNS", "NNPS"):
        return None  # "the leaders" are not one person with that role
    head = span.root.lower_
    words = {t.lower_ for t in span if t.pos_ in ("NOUN", "ADJ", "PROPN")} - {head}
    heads = role_heads(head)
    parties = parties_in(words)

    def holds(e: Entity) -> bool:
        # the office, not another one ("vice"), and not another party's ("the Democratic nominee")
        own = parties_in(e.descriptors)
        other_party = bool(parties) and bool(own) and not parties & own
        return bool(heads & e.role_heads) and not OTHER_OFFICE & e.descriptors - words and not other_party

    holders = [e for e in registry.entities if e.type == "PERSON" and holds(e)]
    # All its words in the role, the fewest others ("presidential nominee" is not the vice
    # presidential nominee); or the only one with that title ("the South Carolina senator"), unless
    # the description says for whom ("a spokeswoman for Hillary Clinton" is not Trump's spokeswoman).
    whose = {t.lower_ for t in span if t.ent_type_ == "PERSON"}
    only = holders if len(holders) == 1 and whose <= holders[0].descriptors else []
    matches = [e for e in holders if words <= e.descriptors] or only
    return min(
        matches, key=lambda e: (len(e.descriptors - words - heads), -e.last_before(span.start_char)), default=None
    )


def matched_role(entity: Entity, heads: frozenset[str]) -> str:
    """The role of ``entity`` a description with one of the head nouns ``heads`` matched (for the reason)."""
    for role in entity.roles:
        if heads & {TITLE_ABBREVIATIONS.get(w, w) for w in role.casefold().replace(",", " ").split()}:
            return role
    return entity.roles[0]
