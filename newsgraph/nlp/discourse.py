"""Sources the discourse resolves, not a name: "you" addressing the reader, "they" after people
named together ("Obama and Clinton withdrew ... They can't blame"), a source named together with
an unnamed part ("RT and its defenders", "Other major unions, including the AFL-CIO")."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from newsgraph.ingest.cleaning import in_regions
from newsgraph.nlp.descriptions import Resolution
from newsgraph.nlp.people import Entity, Registry
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

    def in_headline(self, span: SpacySpan) -> bool:
        return self.headline is not None and in_regions(span.start_char, span.end_char, [self.headline])

    def by_reader(self, span: SpacySpan) -> Resolution | None:
        """ "You" outside quotes: the article addresses its reader ("If you do not own a home, ...",
        "You can call RT America whatever you want"), as "I" there is its author. Inside a quote,
        "you" is whom the speaker addresses, whom the text does not say."""
        if self.quote_around(span.start_char) is not None:
            return None
        group = self.registry.group(READER, [], "reader", span.start_char)
        return Resolution(group, 0.7, f"{span.text!r} outside quotes addresses the reader")

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
