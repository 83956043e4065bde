"""Resolve each attribution's source to the entity it refers to, within one article.

People are grouped by name the way a reader does: "Xi Jinping", "Xi" and "Mr. Xi" are one
person (a later, longer name wins as the canonical one; "Mrs. Clinton" joins the Clinton who is
a woman). Whether a name is a person is voted by the article, not taken from one tag: a name the
tagger calls an organisation once is a person when the article names that person elsewhere, gives
them an honorific or a given name ("Kurt Volker"). A source is resolved, in order of certainty:

1. a name at its head, or in apposition to it ("his running mate, Mike Pence"); names joined by
   "and" are a group of those people, never one of them;
2. a pronoun: the most salient entity that agrees with it (:mod:`newsgraph.nlp.salience`); "I" and
   "we" inside a quote are the quote's speaker, outside quotes the byline's author;
3. a description: a role the article gave someone ("the head of the finance committee"), else,
   for a definite one ("the governor", "the utility"), the most salient person or body it fits;
4. the organisation or place it names; else an unnamed source named by its noun phrase, with
   appositions and clauses left out ("Reed, who will chair ..." is Reed).

Pronouns, quantifiers and relative pronouns are never names: they resolve, or the speaker is
none. Every decision carries a confidence and a reason.
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

from newsgraph.ingest.cleaning import headline_of, in_regions, without_headline
from newsgraph.nlp.cues import cue_class
from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.media import medium_of
from newsgraph.nlp.names import name_gender, noun_gender
from newsgraph.nlp.salience import OTHER, SPEAKER, SUBJECT, rank
from newsgraph.nlp.salience import Mention as Salient
from newsgraph.records import Attribution, Mention, Speaker
from newsgraph.resolve.countries import country_code, country_in

MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince"})
FEMALE_TITLES = frozenset({"ms", "ms.", "mrs", "mrs.", "miss", "madam", "dame", "lady", "queen", "princess"})
# Titles before a name that make it a person's whatever the tagger says.
PERSON_TITLES = (
    MALE_TITLES
    | FEMALE_TITLES
    | frozenset("dr dr. sen sen. rep rep. gov gov. gen gen. president senator governor judge".split())
)
PRONOUN_GENDER = {"he": "male", "him": "male", "she": "female", "her": "female"}
GROUP_PRONOUNS = frozenset({"they", "them"})
THING_PRONOUNS = frozenset({"it"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})
QUANTIFIERS = frozenset("some many others other most all several few each both none one either neither any".split())
# Words that are never a name, whatever the tagger says ("I", "his", "Some").
NOT_NAMES = (
    FIRST_PERSON
    | GROUP_PRONOUNS
    | THING_PRONOUNS
    | RELATIVE_PRONOUNS
    | QUANTIFIERS
    | frozenset(PRONOUN_GENDER)
    | frozenset("his hers its their our my your you this these those".split())
)
# "An announcement from the Chinese government": the government speaks.
DOCUMENTS = frozenset(
    """announcement statement report release letter memo communique readout post tweet data study survey poll
    video ad advertisement clip complaint filing analysis lawsuit suit""".split()
)
GROUP_NOUNS = frozenset("man men woman women leader leaders president official people minister candidate".split())
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
# "Gov. Eric Holcomb" is "the governor".
TITLE_ABBREVIATIONS = {
    "gov.": "governor",
    "sen.": "senator",
    "rep.": "representative",
    "gen.": "general",
    "pres.": "president",
    "sec.": "secretary",
    "amb.": "ambassador",
    "lt.": "lieutenant",
    "col.": "colonel",
    "prof.": "professor",
    "dr.": "doctor",
}
# Title words that the tagger takes for proper nouns ("U.S. President Joe Biden", "Ambassador Qin Gang").
TITLE_WORDS = frozenset().union(*CATEGORY_HEADS.values())
# Head nouns of a definite description of one person ("the businessman", "the 56-year-old").
PERSON_NOUNS = frozenset(
    """businessman businesswoman billionaire star actor actress singer coach manager player founder executive
    mogul veteran lady man woman year-old incumbent challenger frontrunner nominee candidate""".split()
)
# Head nouns of a definite description of a body ("the utility", "the agency").
ORG_NOUNS = frozenset(
    """company firm agency utility department ministry government campaign committee organisation organization
    union party administration network newspaper court council bank club board commission military
    army police embassy""".split()
)
ORG_LABELS = ("ORG", "GPE", "NORP")
# How many sentences back "the agency" may find a body not called an agency.
NEAR = 2
POSSESSIVE = ("’s", "'s", "’", "'")
# Parts of a noun phrase that are about the speaker, not its name: "Reed, who will chair ...".
ASIDES = frozenset({"appos", "relcl", "acl", "advcl", "punct", "cc", "conj", "parataxis", "prep_aside"})
MAX_NAME_WORDS = 10


@dataclass
class Entity:
    id: str
    name: str
    type: str
    roles: list[str] = field(default_factory=list)
    descriptors: set[str] = field(default_factory=set)  # words of its roles
    role_heads: set[str] = field(default_factory=set)  # head nouns of its roles: "leader", "head"
    seen_at: list[int] = field(default_factory=list)  # offsets of its mentions, in text order
    country: str | None = None
    members: tuple[str, ...] = ()  # a group of named people: their names
    # What the text says of their gender: honorifics and role nouns count 3, a resolved pronoun 1.
    gender_votes: Counter[str] = field(default_factory=Counter)
    given_gender: str | None = None  # what their given name suggests: for pronouns, never shown

    @property
    def gender(self) -> str | None:
        """The gender most of the article's evidence gives, if any and not tied."""
        ranked = self.gender_votes.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    @property
    def likely_gender(self) -> str | None:
        """The text's gender, else the given name's: what a pronoun must agree with."""
        return self.gender or self.given_gender

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


def comparable(name: str) -> list[str]:
    """A name's words as names are compared: case and apostrophes aside ("PENCE", "O’Neill")."""
    return name.replace("’", "'").casefold().split()


def name_words(ent: SpacySpan) -> list[Token]:
    """The words of a tagged name that are the name: without punctuation, a possessive, or the
    lower-case words before it ("the 14th-ranked Schwartzman", "Kim Kardashian -")."""
    words = [t for t in ent if not (t.is_punct or t.is_space or t.tag_ == "POS" or t.text in POSSESSIVE)]
    while words and (words[0].is_lower or words[0].like_num or not words[0].text[0].isalnum()):
        words = words[1:]
    titles = leading_titles(ent)
    return words[len(titles) :] if len(words) > len(titles) and words[: len(titles)] == titles else words


def leading_titles(ent: SpacySpan) -> list[Token]:
    """Titles the tagger took into a name ("Sen. Ted Cruz", "President Obama"): they are a role."""
    titles = []
    for token in ent:
        if token.lower_ not in TITLE_WORDS and token.lower_ not in TITLE_ABBREVIATIONS:
            break
        titles.append(token)
    return titles


def better_name(name: str, than: str) -> bool:
    """Whether ``name`` is a better canonical name than ``than``: fuller, or as long and not in
    capitals ("Pence" over a transcript's "PENCE")."""
    longer = len(name.split()) - len(than.split())
    return longer > 0 or (longer == 0 and than.isupper() and not name.isupper())


def clean_name(ent: SpacySpan) -> str:
    words = name_words(ent)
    if not words:
        return ""
    text = doc_text(ent.doc)[words[0].idx : words[-1].idx + len(words[-1])]
    for mark in POSSESSIVE:
        text = text.removesuffix(mark)
    return text.strip()


def is_name(ent: SpacySpan) -> bool:
    """Whether a tagged span can name an entity: not empty, not a pronoun or a quantifier."""
    name = clean_name(ent)
    return any(c.isalpha() for c in name) and name.casefold() not in NOT_NAMES


def title_before(ent: SpacySpan) -> str:
    return ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""


def title_gender(ent: SpacySpan) -> str | None:
    for word in (title_before(ent), ent[0].lower_):
        if word in MALE_TITLES:
            return "male"
        if word in FEMALE_TITLES:
            return "female"
    return None


def kinds_by_vote(ents: Sequence[SpacySpan]) -> dict[int, str]:
    """Each name's kind (PERSON, ORG, GPE or NORP) by the article's vote: a name tagged as an
    organisation is a person's when the article tags the same name, or a full name it is part of,
    as a person, or gives it an honorific or a given name."""
    people = {clean_name(e) for e in ents if e.label_ == "PERSON"}
    parts = {part for name in people if len(name.split()) > 1 for part in comparable(name)}
    titled = {clean_name(e) for e in ents if title_before(e) in PERSON_TITLES}
    kinds = {}
    for ent in ents:
        name = clean_name(ent)
        words = name.split()
        person = ent.label_ == "PERSON" or name in people or name in titled
        if not person and len(words) == 1 and comparable(name)[0] in parts:
            person = country_code(name) is None
        if not person and 2 <= len(words) <= 3 and all(w[0].isupper() for w in words):
            person = name_gender(words[0]) is not None and ent.label_ != "GPE"
        kinds[ent.start] = "PERSON" if person else ent.label_
    return kinds


@Language.factory(
    "newsgraph_speakers",
    requires=["doc.ents", "token.dep", "doc._.attributions", "doc._.regions"],
    assigns=["doc._.attributions", "doc._.mentions", "doc._.entities"],
)
def make_speaker_resolver(nlp: Language, name: str) -> SpeakerResolver:
    return SpeakerResolver()


class SpeakerResolver:
    def __call__(self, doc: Doc) -> Doc:
        article = Article(doc)
        resolutions: list[Resolution | None] = []
        for attribution in doc._.attributions:
            resolutions.append(article.resolve(attribution, resolutions))
        # "I" in a quote is its speaker, who may be named after it: filled in once all are known.
        resolutions = [
            article.speaker_of_quote(a, r, resolutions) for a, r in zip(doc._.attributions, resolutions, strict=True)
        ]
        # Speakers are made last, so that what later sentences say (a "she") is on all of them.
        doc._.attributions = [
            replace(a, speaker=to_speaker(r) if r else None, medium=medium_of(doc, a))
            for a, r in zip(doc._.attributions, resolutions, strict=True)
        ]
        registry = article.registry
        doc._.entities = {e.id: to_speaker(Resolution(e, 1.0, "")) for e in registry.entities}
        doc._.mentions = [
            Mention(e.start_char, e.end_char, e.text, entity.id, entity.name, entity.type)
            for e, entity in article.named
        ]
        return doc


@dataclass(frozen=True)
class Resolution:
    entity: Entity
    confidence: float
    reason: str


class Article:
    """One article's names, entities and salience, as the resolver reads them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        regions = doc._.regions or []
        headline = headline_of(regions)
        ents = [
            e for e in doc.ents if not in_regions(e.start_char, e.end_char, without_headline(regions)) and is_name(e)
        ]
        in_headline = [e for e in ents if headline and in_regions(e.start_char, e.end_char, [headline])]
        body = [e for e in ents if e not in in_headline]
        kinds = kinds_by_vote(body)
        self.registry = Registry(Counter(clean_name(e) for e in body if kinds[e.start] == "PERSON"))
        self.named: list[tuple[SpacySpan, Entity]] = []
        for ent in body:
            if kinds[ent.start] == "PERSON" or kinds[ent.start] in ORG_LABELS:
                self.named.append((ent, self.registry.see(ent, kinds[ent.start])))
        # A headline's names are the body's people ("Obama Says ..." is Barack Obama).
        for ent in in_headline:
            names = headline_names(ent)
            found = next(((name, e) for name in names if (e := self.registry.find(name.text))), None)
            if found is None and names and ent.label_ == "PERSON" and not any(cue_class(t.lemma_) for t in ent):
                found = names[0], self.registry.person(names[0].text, ent.start_char)
            if found is not None:
                self.named.append(found)
        self.entity_of_token = {t.i: entity for ent, entity in self.named for t in ent}
        self.sentence_of = {t.i: n for n, sent in enumerate(doc.sents) for t in sent}
        self.salient = [
            Salient(entity.id, ent.root.i, self.sentence_of[ent.root.i], SUBJECT if is_subject(ent.root) else OTHER)
            for ent, entity in self.named
        ]
        self.by_id = {e.id: e for e in self.registry.entities}
        self.attributions: Sequence[Attribution] = doc._.attributions

    def resolve(self, attribution: Attribution, earlier: Sequence[Resolution | None]) -> Resolution | None:
        """The entity the attribution's source refers to, with how sure and why."""
        doc = self.doc
        if attribution.source is None:
            previous = next((r for r in reversed(earlier) if r), None)
            if previous is None or unspoken(doc, attribution):
                return None
            return Resolution(previous.entity, round(previous.confidence * 0.9, 2), "continues the quote before it")
        span = doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
        if span is None:
            return None
        found = self.resolve_span(referent(span), attribution, earlier)
        if found is not None:
            self.by_id.setdefault(found.entity.id, found.entity)
            head = span.root
            self.salient.append(Salient(found.entity.id, head.i, self.sentence_of[head.i], SPEAKER))
        return found

    def resolve_span(
        self, span: SpacySpan, attribution: Attribution, earlier: Sequence[Resolution | None]
    ) -> Resolution | None:
        head = span.root
        inside = [(e, entity) for e, entity in self.named if span.start <= e.start and e.end <= span.end]
        if group := self.coordinated(span, inside):
            return group
        for ent, entity in inside:
            at_head = ent.start <= head.i < ent.end or (ent.root.dep_ == "appos" and ent.root.head == head)
            if at_head and entity.type != "NORP":  # "Democrats" are an unnamed group of them
                return Resolution(entity, 1.0, f"named in the source: {ent.text!r}")
        # "Connecticut's tax commissioner, Kevin Sullivan, said": the name in apposition after the source
        for child in head.children:
            if child.dep_ == "appos" and (entity := self.entity_of_token.get(child.i)) and entity.type == "PERSON":
                return Resolution(entity, 0.9, f"{span.text!r} is {entity.name!r}, named beside it")
        lower = head.lower_
        if lower in FIRST_PERSON:
            return self.by_first_person(span, attribution)
        if lower in PRONOUN_GENDER or lower in GROUP_PRONOUNS or lower in THING_PRONOUNS:
            return self.by_pronoun(head, attribution, earlier)
        if lower in QUANTIFIERS and head.pos_ != "NOUN":
            return self.by_quantifier(head, span, attribution, earlier)
        if head.pos_ == "PROPN" and head.ent_type_ != "NORP" and (entity := self.registry.find(head.text)):
            return Resolution(entity, 0.8, f"{head.text!r} is a name of {entity.name!r}")
        if head.pos_ in ("NOUN", "PROPN", "ADJ"):
            if group := by_number(span, self.registry):
                return group
            if (entity := by_description(span, self.registry)) is not None:
                return Resolution(entity, 0.7, f"description {span.text!r} matches the role {entity.roles[0]!r}")
        if head.pos_ == "NOUN" and (found := self.by_definite_description(head, span)):
            return found
        name = noun_phrase(span)
        if not name or name.casefold() in NOT_NAMES:
            return None
        group = self.registry.group(name, [t.text for t in span], head.lemma_.lower(), span.start_char)
        return Resolution(group, 0.5, "a description with no named entity")

    def coordinated(self, span: SpacySpan, inside: list[tuple[SpacySpan, Entity]]) -> Resolution | None:
        """Names joined by "and" at the head of the source: a group of those people."""
        # The people named as the source itself, not as a modifier ("Clinton's aides", "a spokeswoman for X").
        named = [(ent, e) for ent, e in inside if e.type != "NORP" and ent.root.dep_ not in ("poss", "pobj")]
        if len(named) < 2:
            return None
        first, last = named[0][0], named[-1][0]
        if not any(t.lower_ == "and" and t.dep_ == "cc" for t in self.doc[first.end : last.start]):
            return None
        members: list[Entity] = []
        for _, entity in named:
            if entity not in members:
                members.append(entity)
        if len(members) < 2:
            return None
        group = self.registry.members_group(members, span.start_char)
        return Resolution(group, 0.9, f"{span.text!r} names {len(members)} speakers together")

    def by_pronoun(
        self, pronoun: Token, attribution: Attribution, earlier: Sequence[Resolution | None]
    ) -> Resolution | None:
        """The most salient entity the pronoun agrees with (Lappin and Leass 1994)."""
        gender = PRONOUN_GENDER.get(pronoun.lower_)
        # Someone quoted speaks of others as "he": the speaker of a quote around the pronoun is not it.
        around = self.speaker_around(pronoun.idx, earlier)

        def fits(entity_id: str) -> bool:
            entity = self.by_id.get(entity_id)
            if entity is None or entity is around:
                return False
            if gender:
                return entity.type == "PERSON" and entity.likely_gender in (None, gender)
            if pronoun.lower_ in THING_PRONOUNS:
                return entity.type in ("ORG", "GPE") or (entity.type == "GROUP" and not entity.members)
            return entity.type != "PERSON"

        # "X said ... . He said ...": the speaker of the sentence before, in the same paragraph.
        previous = self.previous_speaker(attribution, earlier)
        if previous is not None and fits(previous.id):
            if gender:
                previous.gender_votes[gender] += 1
            return Resolution(previous, 0.9, f"{pronoun.text!r} continues the speaker of the sentence before")
        ranked = rank(self.salient, pronoun.i, self.sentence_of[pronoun.i], fits)
        if gender:  # a person known to be of that gender is likelier than one whose gender is unknown
            ranked = sorted(ranked, key=lambda r: -r.salience * (1.0 if self.by_id[r.entity_id].likely_gender else 0.6))
        if not ranked:
            return None
        best = self.by_id[ranked[0].entity_id]
        if gender:
            best.gender_votes[gender] += 1  # the text says so: "she said" of this person
        confidence = round(0.5 + 0.45 * ranked[0].share, 2)
        return Resolution(
            best, confidence, f"{pronoun.text!r} refers to the most prominent {kind_word(best)} before it"
        )

    def previous_speaker(self, attribution: Attribution, earlier: Sequence[Resolution | None]) -> Entity | None:
        """The speaker of the last attribution before this one, when its source is in the same
        paragraph and in this sentence or the one before."""
        if attribution.source is None or not earlier:
            return None
        index = len(earlier) - 1
        before = self.attributions[index]
        found = earlier[index]
        if found is None or before.source is None or before.source.start >= attribution.source.start:
            return None
        here, there = (
            self.doc.char_span(a.source.start, a.source.end, alignment_mode="expand") for a in (attribution, before)
        )
        if here is None or there is None:
            return None
        text = doc_text(self.doc)
        same_paragraph = "\n" not in text[there.end_char : here.start_char]
        close = self.sentence_of[here.root.i] - self.sentence_of[there.root.i] <= 1
        return found.entity if same_paragraph and close else None

    def by_first_person(self, span: SpacySpan, attribution: Attribution) -> Resolution | None:
        """ "I" or "we" outside quotes: the byline's author, when it is a person's name. Inside a
        quote, the quote's speaker (:meth:`speaker_of_quote`, once all are known)."""
        if self.quote_around(span.start_char) is not None:
            return None
        author = self.doc._.author
        if not author or not looks_like_person(author):
            return None
        entity = self.registry.person(author, span.start_char)
        return Resolution(entity, 0.8, f"{span.text!r} outside quotes is the byline's author")

    def speaker_of_quote(
        self, attribution: Attribution, found: Resolution | None, resolutions: Sequence[Resolution | None]
    ) -> Resolution | None:
        if found is not None or attribution.source is None:
            return found
        if attribution.source.text.casefold() not in FIRST_PERSON:
            return found
        around = self.quote_around(attribution.source.start)
        if around is None:
            return None
        speaker = resolutions[around]
        if speaker is None:
            return None
        return Resolution(speaker.entity, round(speaker.confidence * 0.9, 2), "the speaker of the quote it is in")

    def quote_around(self, offset: int) -> int | None:
        """The index of the attribution whose content holds ``offset``."""
        for index, attribution in enumerate(self.attributions):
            if any(piece.start <= offset < piece.end for piece in attribution.content):
                return index
        return None

    def speaker_around(self, offset: int, earlier: Sequence[Resolution | None]) -> Entity | None:
        index = self.quote_around(offset)
        if index is None or index >= len(earlier) or earlier[index] is None:
            return None
        return earlier[index].entity  # type: ignore[union-attr]

    def by_quantifier(
        self, head: Token, span: SpacySpan, attribution: Attribution, earlier: Sequence[Resolution | None]
    ) -> Resolution | None:
        """ "Many of them", "some of the senators": who the quantifier picks from; "each", "both":
        the group named before. A bare "some" names nobody."""
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if whole is not None:
            found = self.resolve_span(self.doc[whole.left_edge.i : whole.right_edge.i + 1], attribution, earlier)
            if found is not None:
                return replace(
                    found, confidence=round(found.confidence * 0.8, 2), reason=f"{span.text!r}: {found.reason}"
                )
        if head.lower_ in ("each", "both"):
            previous = next((r for r in reversed(earlier) if r and r.entity.members), None)
            if previous is not None:
                return Resolution(previous.entity, 0.7, f"{head.text!r} of the group quoted before")
        return None

    def by_definite_description(self, head: Token, span: SpacySpan) -> Resolution | None:
        """ "The governor", "the utility": the most salient person or body the noun fits."""
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
            return None
        # "the band leader", "the Clinton campaign", "the leaders": not one the article named
        if head.tag_ in ("NNS", "NNPS") or any(c.dep_ in ("compound", "poss", "prep") for c in head.children):
            return None
        noun = head.lower_.split("-")[-1] if "-" in head.lower_ else head.lower_
        gender = noun_gender(noun)
        # A title ("the mayor") is someone the article gave that title (by_description), or unnamed.
        if noun in PERSON_NOUNS or gender:

            def fits(entity_id: str) -> bool:
                entity = self.by_id.get(entity_id)
                return (
                    entity is not None
                    and entity.type == "PERSON"
                    and (gender is None or entity.likely_gender in (None, gender))
                )

            kind = "person"
        elif noun in ORG_NOUNS and all(c.dep_ == "det" for c in head.children):  # not "the Chinese government"
            sentence = self.sentence_of[head.i]
            near = {m.entity_id for m in self.salient if sentence - NEAR <= m.sentence <= sentence and m.token < head.i}

            def fits(entity_id: str) -> bool:
                # "the council" is the city council named before, or a body named in the last sentences
                entity = self.by_id.get(entity_id)
                named = entity is not None and noun in comparable(entity.name)
                return entity is not None and entity.type == "ORG" and (named or entity_id in near)

            kind = "organisation"
        else:
            return None
        ranked = rank(self.salient, head.i, self.sentence_of[head.i], fits)
        if not ranked:
            return None
        entity = self.by_id[ranked[0].entity_id]
        confidence = round(0.4 + 0.4 * ranked[0].share, 2)
        return Resolution(entity, confidence, f"{span.text!r} is the most prominent {kind} before it")


def kind_word(entity: Entity) -> str:
    return "person" if entity.type == "PERSON" else "group" if entity.type == "GROUP" else "organisation"


def is_subject(token: Token) -> bool:
    return token.dep_ in ("nsubj", "nsubjpass") or (token.dep_ in ("compound", "appos") and token.head.dep_ == "nsubj")


def looks_like_person(name: str) -> bool:
    """A byline that is a person's name ("Dan Riehl"), not an outlet's ("Breitbart News")."""
    words = name.split()
    return (
        2 <= len(words) <= 4 and all(w[0].isupper() for w in words) and not {"News", "Staff", "Editorial"} & set(words)
    )


def headline_names(ent: SpacySpan) -> list[SpacySpan]:
    """The names a name in a headline may be, longest first: the tagger runs title-case words
    together ("Obama Says", "Elizabeth Warren Hammers Wells Fargo CEO")."""
    words = name_words(ent)
    return [ent.doc[words[0].i : words[size - 1].i + 1] for size in range(len(words), 0, -1)]


def noun_phrase(span: SpacySpan) -> str:
    """The source's noun phrase without its asides: "Reed, who will chair ..." is "Reed", "a
    spokeswoman for Hillary Clinton" stays; at most ten words, or the words up to the head."""
    head = span.root
    dropped: set[int] = set()
    for child in head.children:
        if child.dep_ in ASIDES:
            dropped |= {t.i for t in child.subtree}
    words = [t for t in head.subtree if span.start <= t.i < span.end and t.i not in dropped and not t.is_punct]
    if len(words) > MAX_NAME_WORDS:
        words = [t for t in words if t.i <= head.i][-MAX_NAME_WORDS:]
    while words and words[0].lower_ in ("a", "an", "the"):
        words = words[1:]
    if not words:
        return ""
    # a space where a word was left out between two kept ones ("North Carolina, which ...")
    text = "".join(
        t.text + (t.whitespace_ or (" " if k + 1 < len(words) and words[k + 1].i != t.i + 1 else ""))
        for k, t in enumerate(words)
    ).strip()
    for mark in POSSESSIVE:
        text = text.removesuffix(mark)
    return text.strip()


class Registry:
    """The people and organisations of one article, as the text introduces them."""

    def __init__(self, name_counts: Counter[str]) -> None:
        self.entities: list[Entity] = []
        self.by_name: dict[str, Entity] = {}
        # How often each full name occurs in the article: a bare "Clinton" is the Clinton it is about.
        self.name_counts = name_counts

    def see(self, ent: SpacySpan, kind: str) -> Entity:
        name = clean_name(ent)
        gender = title_gender(ent)
        entity = self.by_name.get(name) if kind != "PERSON" else None
        if kind == "PERSON":
            entity = self.person_by_part(name, gender)
        if entity is None:
            country = country_code(name) if kind == "GPE" else country_in(name.split()) if kind != "PERSON" else None
            entity = Entity(f"{kind.lower()}:{slug(name) or 'unnamed'}", name, kind, country=country)
            self.entities.append(entity)
        elif kind == "PERSON" and better_name(name, entity.name):
            entity.name, entity.id = name, f"person:{slug(name)}"  # the fuller name wins
        self.by_name[name] = entity
        entity.seen_at.append(ent.start_char)
        if kind == "PERSON":
            if gender:
                entity.gender_votes[gender] += 3
            if len(name.split()) > 1:
                entity.given_gender = entity.given_gender or name_gender(name.split()[0])
            if role := role_of(ent):
                entity.roles.append(role.text)
                entity.descriptors |= {t.lower_ for t in role.words if not t.is_punct}
                entity.role_heads.add(TITLE_ABBREVIATIONS.get(role.head.lower_, role.head.lower_))
                if role_gender := noun_gender(role.head.lower_):
                    entity.gender_votes[role_gender] += 3
                entity.country = entity.country or country_in([t.text for t in role.words]) or self.country_of(role)
        return entity

    def find(self, name: str) -> Entity | None:
        """The entity a name (or a part of a person's name) already stands for."""
        if not name:
            return None
        return self.by_name.get(name) or self.person_by_part(name)

    def person(self, name: str, at: int) -> Entity:
        """The person of this name, made if the article has not named them."""
        entity = self.find(name)
        if entity is None:
            entity = Entity(f"person:{slug(name)}", name, "PERSON")
            self.entities.append(entity)
            self.by_name[name] = entity
        entity.seen_at.append(at)
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
        if entity is None or entity.type != "GROUP":  # "Democrats" quoted are unnamed ones, not the NORP
            entity = Entity(
                f"group:{slug(name) or 'unnamed'}", name, "GROUP", role_heads={head}, country=country_in(words)
            )
            self.entities.append(entity)
            self.by_name[name] = entity
        entity.seen_at.append(at)
        return entity

    def members_group(self, members: Sequence[Entity], at: int) -> Entity:
        """The group of several named people ("Mr. Xi and Mr. Biden")."""
        name = " and ".join(e.name for e in members)
        entity = self.group(name, [], "people", at)
        entity.members = tuple(e.name for e in members)
        countries = {e.country for e in members}
        entity.country = countries.pop() if len(countries) == 1 else None
        return entity

    def person_by_part(self, name: str, gender: str | None = None) -> Entity | None:
        """The person a name is part of, or who is part of it: a single word joins a full name of
        which it is the first or last word ("Xi", "Hillary"); two full names join only if equal.
        An honorific's gender picks among namesakes ("Mrs. Clinton"). Of several, the one the
        article names most, then the latest."""
        words = comparable(name)

        def joins(other: list[str]) -> bool:
            short, full = (words, other) if len(words) <= len(other) else (other, words)
            if short == full or (len(short) == 1 and short[0] in (full[0], full[-1])):
                return True
            # "De Blasio" of "Bill de Blasio": a surname of several words ends the full name
            return 1 < len(short) < len(full) and full[-len(short) :] == short

        people = [e for e in self.entities if e.type == "PERSON" and joins(comparable(e.name))]
        if gender:
            people = [e for e in people if e.likely_gender in (None, gender)] or people
            same = [e for e in people if e.likely_gender == gender]
            people = same or people
        return max(people, key=lambda e: (self.name_counts[e.name], e.seen_at[-1]), default=None)


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


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def role_of(ent: SpacySpan) -> Role | None:
    """The article's words for who a person is: 'White House press secretary', 'the former head of
    ...': a noun phrase of at most ten words, never a clause."""
    root = ent.root
    if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        words = [t for t in head.subtree if t.i < root.left_edge.i and not t.is_punct]
    else:
        appos = next((c for c in root.children if c.dep_ == "appos" and c.i > ent.end), None)
        if appos is not None:
            words = [t for t in appos.subtree if not t.is_punct]
        else:
            words = [t for t in ent.doc[root.left_edge.i : ent.start] if not t.is_punct] + leading_titles(ent)
    while words and (words[0].lower_ in ("the", "a", "an") or words[0].lower_ in MALE_TITLES | FEMALE_TITLES):
        words = words[1:]
    if not any(t.pos_ == "NOUN" or t.lower_ in TITLE_WORDS or t.lower_ in TITLE_ABBREVIATIONS for t in words):
        return None
    if len(words) > MAX_NAME_WORDS or any(t.tag_ in FINITE_TAGS for t in words):
        return None
    if any(t.ent_type_ == "PERSON" and t.i in range(ent.start, ent.end) for t in words if t not in leading_titles(ent)):
        return None
    return Role(words)


def unspoken(doc: Doc, attribution: Attribution) -> bool:
    """A cue that names nobody by design: a noun ("amid reports that ...") or an agentless passive
    ("it was revealed that ..."); such an attribution does not continue the previous speaker."""
    if attribution.cue is None:
        return False
    cue = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    if cue is None:
        return False
    # "Asked about it, ...": a participle with no subject of its own names no speaker either.
    participle = (
        cue.root.tag_ == "VBN"
        and cue.root.dep_ in ("advcl", "ROOT")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in cue.root.children)
    )
    return cue.root.pos_ == "NOUN" or participle or any(t.dep_ == "auxpass" for t in cue)


def referent(span: SpacySpan) -> SpacySpan:
    """What a source stands for: the antecedent of "which" or "who", the author of "an
    announcement from X"."""
    doc = span.doc
    relative = any(t.lower_ in RELATIVE_PRONOUNS for t in span) and len(span) <= 4  # "most of whom"
    if relative and span.root.head.dep_ == "relcl":
        antecedent = span.root.head.head  # "a joint statement which said": the statement
        span = doc[antecedent.left_edge.i : antecedent.i + 1]
    if span.root.lemma_ in DOCUMENTS:
        owner = next((c for c in span.root.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        if owner is not None:  # "the GOP's complaint"
            return doc[owner.left_edge.i : owner.i + 1]
        for token in span.root.subtree:
            obj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if token.lower_ in ("from", "by") and obj is not None:
                return doc[obj.left_edge.i : obj.right_edge.i + 1]
    return span


def by_number(span: SpacySpan, registry: Registry) -> Resolution | None:
    """'The two men': the last two people named before."""
    count = next((c for c in span.root.children if c.dep_ in ("nummod", "det") and c.lower_ in NUMBERS), None)
    if count is None or span.root.lemma_.lower() not in GROUP_NOUNS | {"candidate"}:
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
    words = {t.lower_ for t in span if t.pos_ in ("NOUN", "ADJ", "PROPN")}
    head = span.root.lower_
    holders = [e for e in registry.entities if e.type == "PERSON" and head in e.role_heads]
    # All its words in the role, the fewest others ("presidential nominee" is not the vice
    # presidential nominee); or the only one with that title ("the South Carolina senator").
    matches = [e for e in holders if words <= e.descriptors] or (holders if len(holders) == 1 else [])
    return min(matches, key=lambda e: (len(e.descriptors - words), -e.last_before(span.start_char)), default=None)


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
        members=entity.members,
    )
