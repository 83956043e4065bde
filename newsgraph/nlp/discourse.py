"""Sources the discourse resolves, not a name: "you" addressing the reader, "they" after people
named together ("Obama and Clinton withdrew ... They can't blame"), a source named together with
an unnamed part ("RT and its defenders", "Other major unions, including the AFL-CIO")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsgraph.ingest.cleaning import in_regions
from newsgraph.nlp.descriptions import Resolution, by_description
from newsgraph.nlp.documents import PLACES_AND_BODIES, is_definite
from newsgraph.nlp.people import Entity, Registry
from newsgraph.nlp.source_forms import conjunct_of
from newsgraph.nlp.speaker_words import DOCUMENTS, NEAR
from newsgraph.records import Attribution, Region

SECOND_PERSON = frozenset({"you"})
# What an article calls whom it addresses as "you" outside quotes (the name says both).
READER = "you (the reader)"


class Discourse:
    """The discourse steps of the resolver (:class:`newsgraph.nlp.speakers.Article` is one)."""

    doc: Doc
    registry: Registry
    attributions: Sequence[Attribution]

    quote_around: Callable[[int], int | None]  # the index of the attribution whose content holds an offset
    headline: Region | None
    sentence_of: dict[int, int]
    entity_of_token: dict[int, Entity]
    named: list[tuple[SpacySpan, Entity]]
    by_definite_description: Callable[[Token, SpacySpan], Resolution | None]

    def in_headline(self, span: SpacySpan) -> bool:
        return self.headline is not None and in_regions(span.start_char, span.end_char, [self.headline])

    def by_reader(self, span: SpacySpan) -> Resolution | None:
        """ "You" outside quotes: the article addresses its reader ("If you do not own a home, ...",
        "You can call RT America whatever you want"), as "I" there is its author. Inside a quote,
        "you" is whom the speaker addresses, whom the text does not say."""
        if self.quote_around(span.start_char) is not None:
            return None
        # an open letter's "Mr. Trump, I have a deal for you": whom it addressed by name
        addressed = [e for ent, e in self.named if ent.end_char <= span.start_char and is_vocative(ent)]
        if addressed and addressed[-1].type == "PERSON":
            return Resolution(
                addressed[-1], 0.7, f"{span.text!r} is {addressed[-1].name!r}, whom the article addresses"
            )
        group = self.registry.group(READER, [], "reader", span.start_char)
        return Resolution(group, 0.7, f"{span.text!r} outside quotes addresses the reader")

    def coordinated(self, span: SpacySpan, inside: list[tuple[SpacySpan, Entity]]) -> Resolution | None:
        """Names joined by "and" at the head of the source: a group of those people. When the head is a
        later conjunct of names before the source, the source span cut the list short ("Sens. Jeff
        Merkley (D-Ore.), Sherrod Brown (D-Ohio) and Robert Menendez (D-N.J.) all suggested"): the
        whole list speaks."""
        root = span.root
        while root.dep_ == "conj" and root.head.i < root.i and root.head.i in self.entity_of_token:
            root = root.head
        if root.i != span.root.i:
            inside = [(ent, e) for ent, e in self.named if root.left_edge.i <= ent.start and ent.end <= span.end]
        # The people named as the source itself, not as a modifier ("Clinton's aides", "a spokeswoman for X").
        # Each a conjunct of the head, not of a role beside it ("Michael McFaul, a fellow at the Hoover
        # Institution and a former United States ambassador"; "founder of Iraq and Afghanistan Veterans").
        named = [(ent, e) for ent, e in inside if e.type != "NORP" and conjunct_of(ent.root, root)]
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

    def partly_named(self, span: SpacySpan, inside: list[tuple[SpacySpan, Entity]]) -> Resolution | None:
        """A source of named and unnamed speakers together is a group, of which the named are the
        members: a name joined by "and" to a plural noun ("RT and its defenders"; "Craig Bryan, head
        of ..., and other scientists"), or a plural noun with the names it includes ("Other major
        unions, including the American Federation of Teachers and the AFL-CIO")."""
        head = span.root
        named = next((e for ent, e in inside if ent.start <= head.i < ent.end), None)
        # a name the tagger left untagged here ("RT and its defenders") is still the name it tagged before
        named = named or (self.registry.find(head.text) if head.pos_ == "PROPN" else None)
        if named is not None:
            for noun in span:
                # joined to the name, or to a role beside it when "other" says it is more of the kind
                beside = noun.head.i == head.i or (
                    noun.head.dep_ == "appos"
                    and noun.head.head.i == head.i
                    and any(c.lower_ == "other" for c in noun.children)
                )
                if noun.dep_ == "conj" and noun.tag_ in ("NNS", "NNPS") and not noun.ent_type_ and beside:
                    phrase = self.doc[noun.left_edge.i : noun.i + 1].text
                    group = self.registry.members_group([named], span.start_char, f"{named.name} and {phrase}")
                    return Resolution(group, 0.8, f"{span.text!r} names {named.name!r} among others")
            return None
        including = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "including"), None)
        if head.tag_ not in ("NNS", "NNPS") or including is None:
            return None
        examples = [c for c in including.children if c.dep_ == "pobj"]
        examples += [c for example in examples for c in example.conjuncts]
        members = [e for ent, e in inside if any(ent.start <= t.i < ent.end for t in examples)]
        if not members:
            return None
        words = [t.text for t in self.doc[span.start : including.i] if not t.is_punct]
        group = self.registry.members_group(members, span.start_char, " ".join(words))
        return Resolution(group, 0.7, f"{span.text!r}: the {len(members)} it names")

    @cached_property
    def sentences(self) -> list[SpacySpan]:
        return list(self.doc.sents)

    def described_subject(self, pronoun: Token, fits: Callable[[str], bool]) -> tuple[Entity, str] | None:
        """A subject pronoun after a sentence whose subject is a definite description, not a name
        ("The former New Mexico governor is a triathlete. He released a letter"): whom the
        description means (the centre of Grosz, Joshi and Weinstein is the description's referent)."""
        sentence = self.sentence_of[pronoun.i]
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or sentence == 0:
            return None
        before = self.sentences[sentence - 1]
        subject = next((t for t in before if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
        if subject is None or subject.pos_ != "NOUN" or subject.ent_type_ or not is_definite(subject):
            return None
        span = self.doc[subject.left_edge.i : subject.i + 1]
        entity = by_description(span, self.registry)
        if entity is None and (found := self.by_definite_description(subject, span)) is not None:
            entity = found.entity
        return (entity, span.text) if entity is not None and fits(entity.id) else None

    def joint_subject(self, pronoun: Token) -> Resolution | None:
        """A subject "they" after a sentence whose subject is people named together ("Obama and
        Clinton foolishly withdrew all of our forces. ... They can't blame this on President Bush"):
        the group of them, when that is the latest plural subject of a main clause within NEAR
        sentences (the preferred centre of Grosz, Joshi and Weinstein)."""
        sentence = self.sentence_of[pronoun.i]
        if pronoun.lower_ != "they" or pronoun.dep_ not in ("nsubj", "nsubjpass"):
            return None
        for before in reversed(self.sentences[max(0, sentence - NEAR) : sentence]):
            subject = next((t for t in before if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
            if subject is None or not (
                subject.tag_ in ("NNS", "NNPS") or subject.conjuncts or subject.lower_ in ("they", "we")
            ):
                continue  # "This led to drastic losses": not whom "they" means
            people = [
                e for t in (subject, *subject.conjuncts) if (e := self.entity_of_token.get(t.i)) and e.type == "PERSON"
            ]
            if len(people) < 2 or len(people) != len(subject.conjuncts) + 1:
                return None
            group = self.registry.members_group(people, pronoun.idx)
            return Resolution(group, 0.7, f"{pronoun.text!r} is {group.name}, the subject of the sentence before")
        return None

    def named_beside(self, span: SpacySpan) -> Resolution | None:
        """The person named in apposition to the source ("Connecticut's tax commissioner, Kevin
        Sullivan, said"); the parser may set the name beside a body the description ends in ("His
        former business partner at Lenox, Lawrence B. Cummings"), but a body's name is no person's
        apposition, so the name is the description's."""
        head = span.root
        for token in span:
            entity = self.entity_of_token.get(token.i)
            if token.dep_ != "appos" or entity is None or entity.type != "PERSON":
                continue
            if token.head.i == head.i:
                return Resolution(entity, 0.9, f"{span.text!r} is {entity.name!r}, named beside it")
            if (
                token.head.dep_ == "pobj"
                and token.head.ent_type_ in PLACES_AND_BODIES
                and head in token.head.ancestors
                and self.doc[token.left_edge.i - 1].text == ","
            ):
                return Resolution(entity, 0.85, f"{span.text!r} is {entity.name!r}, named after it")
        return None

    def bridged_document(self, head: Token, span: SpacySpan, earlier: Sequence[Resolution | None]) -> Resolution | None:
        """ "The data", "the report" that no earlier sentence made (:func:`newsgraph.nlp.documents.referent`
        found no maker), right after a body was quoted: that body's ("The State Department Refugee
        Processing Center said that ... According to the data, ..."), a bridging reference (Clark 1975)."""
        if head.lemma_ not in DOCUMENTS or not is_definite(head) or not earlier or earlier[-1] is None:
            return None
        before, found = self.attributions[len(earlier) - 1], earlier[-1]
        if found.entity.type != "ORG" or before.source is None:
            return None
        source = self.doc.char_span(before.source.start, before.source.end, alignment_mode="expand")
        if source is None or not 0 <= self.sentence_of[head.i] - self.sentence_of[source.root.i] <= 1:
            return None
        return Resolution(found.entity, 0.6, f"{span.text!r} is {found.entity.name!r}'s, quoted just before")


def is_vocative(ent: SpacySpan) -> bool:
    """A name by which the text addresses someone: opening its sentence (with its title: "Dear Mr.
    Smith,"), set off by a comma, no argument of the verb ("Mr. Trump, I have a deal for you")."""
    doc = ent.doc
    opening = ent.root.left_edge.is_sent_start
    return ent.root.dep_ == "npadvmod" and opening and ent.end < len(doc) and doc[ent.end].text == ","
