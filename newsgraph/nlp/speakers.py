"""Resolve each attribution's source to the entity it refers to, within one article.

People are grouped by name the way a reader does: "Xi Jinping", "Xi" and "Mr. Xi" are one
person (a later, longer name wins as the canonical one; "Mrs. Clinton" joins the Clinton who is
a woman). Whether a name is a person is voted by the article, not taken from one tag: a name the
tagger calls an organisation once is a person when the article names that person elsewhere, gives
them an honorific or a given name ("Kurt Volker"). A source is resolved, in order of certainty:

1. a name at its head, or in apposition to it ("his running mate, Mike Pence"); names joined by
   "and" are a group of those people, never one of them, and a name with an unnamed part ("RT and
   its defenders") a group of the named (:mod:`newsgraph.nlp.discourse`);
2. a pronoun: the speaker it continues, the subject before it (a name, a description, people named
   together for "they"), else the most salient entity that agrees with it
   (:mod:`newsgraph.nlp.salience`); "I" and "we" inside a quote are the quote's speaker, outside
   quotes the byline's author; "you" outside quotes whom the article addresses, or its reader;
3. a description (:mod:`newsgraph.nlp.descriptions`): a role the article gave someone ("the head of
   the finance committee"), else, for a definite one ("the governor", "the utility"), the person the
   sentences before are about or the most salient person or body it fits; a document or a poll
   (:mod:`newsgraph.nlp.documents`): its maker or sponsor;
4. the organisation or place it names; else an unnamed source named by its noun phrase, with
   appositions and clauses left out ("Reed, who will chair ..." is Reed).

Pronouns, quantifiers and relative pronouns are never names: they resolve, or the speaker is
none. Every decision carries a confidence and a reason.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsgraph.ingest.cleaning import headline_of, in_regions, without_headline
from newsgraph.nlp.cues import cue_class
from newsgraph.nlp.descriptions import (
    Descriptions,
    Resolution,
    by_description,
    by_number,
    is_main_subject,
    matched_role,
)
from newsgraph.nlp.discourse import SECOND_PERSON, Discourse
from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.documents import poll_name, referent, whom_antecedent
from newsgraph.nlp.media import medium_of
from newsgraph.nlp.people import (
    FIRST_PERSON,
    GROUP_PRONOUNS,
    NOT_NAMES,
    PRONOUN_GENDER,
    QUANTIFIERS,
    RELATIVE_PRONOUNS,
    THING_PRONOUNS,
    Entity,
    Registry,
    clean_name,
    comparable,
    is_name,
    joined_bodies,
    kinds_by_vote,
    with_nicknames,
)
from newsgraph.nlp.salience import OTHER, SPEAKER, SUBJECT, rank
from newsgraph.nlp.salience import Mention as Salient
from newsgraph.nlp.source_forms import (
    given_name,
    headline_names,
    is_expletive,
    is_imperative,
    noun_phrase,
    untagged_body,
)
from newsgraph.nlp.speaker_words import NOBODY_NOUNS, ORG_LABELS, role_heads
from newsgraph.records import Attribution, Mention, Region, Speaker


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
            replace(a, speaker=to_speaker(r), medium=medium_of(doc, a))
            if r
            else replace(a, medium=medium_of(doc, a), unresolved=why_unresolved(doc, a, any(resolutions[:i])))
            for i, (a, r) in enumerate(zip(doc._.attributions, resolutions, strict=True))
        ]
        registry = article.registry
        doc._.entities = {e.id: to_speaker(Resolution(e, 1.0, "")) for e in registry.entities}
        doc._.mentions = [
            Mention(e.start_char, e.end_char, e.text, entity.id, entity.name, entity.type)
            for e, entity in article.named
        ]
        return doc


class Article(Descriptions, Discourse):
    """One article's names, entities and salience, as the resolver reads them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        regions = doc._.regions or []
        headline = headline_of(regions)
        not_said = without_headline(regions)
        ents = [
            e
            for e in joined_bodies(with_nicknames(doc.ents))
            if not in_regions(e.start_char, e.end_char, not_said) and is_name(e) and not opening_plural(e)
        ]
        in_headline = [e for e in ents if headline and in_regions(e.start_char, e.end_char, [headline])]
        body = [e for e in ents if not (headline and in_regions(e.start_char, e.end_char, [headline]))]
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
                # the body's "Clinton" is the headline's "Hillary Clinton": the headline gives the full name
                self.registry.fuller(found[1], found[0].text)
                self.named.append(found)
        self.named += self.untagged_surnames(headline)
        self.entity_of_token = {t.i: entity for ent, entity in self.named for t in ent}
        self.sentence_of = {t.i: n for n, sent in enumerate(doc.sents) for t in sent}
        self.salient = [
            Salient(entity.id, ent.root.i, self.sentence_of[ent.root.i], SUBJECT if is_subject(ent.root) else OTHER)
            for ent, entity in self.named
        ]
        self.by_id = {e.id: e for e in self.registry.entities}
        text = doc_text(doc)
        body_start = headline.end if headline else 0
        first = len(text) - len(text[body_start:].lstrip())
        self.lede_end = text.find("\n", first) % (len(text) + 1)
        self.attributions: Sequence[Attribution] = doc._.attributions
        self.headline = headline

    def untagged_surnames(self, headline: Region | None) -> list[tuple[SpacySpan, Entity]]:
        """A person's surname the tagger left untagged ("For years, Oz has been dogged ..."): still a
        mention of the person the article names (tagged elsewhere), for pronouns to find; not one inside a
        longer name ("Trump Tower")."""
        doc = self.doc
        tagged = {t.i for ent, _ in self.named for t in ent}
        found = []
        for token in doc:
            if token.i in tagged or token.pos_ != "PROPN" or not token.is_title:
                continue
            if headline and in_regions(token.idx, token.idx + len(token), [headline]):
                continue
            if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
                continue
            entity = self.registry.find(token.text)
            if entity is None or entity.type != "PERSON":
                continue
            if comparable(token.text) != comparable(entity.name.split()[-1]):
                continue
            first = token.i
            before = doc[token.i - 1] if token.i > 0 else None
            if before is not None and before.pos_ == "PROPN":
                # "Mehmet Oz", untagged, of the "Oz" tagged elsewhere: his full name
                if not given_name(before) or before.i in tagged:
                    continue
                full = doc_text(doc)[before.idx : token.idx + len(token)]
                if len(entity.name.split()) > 1:
                    # "the Bill Clinton years" in an article about Hillary Clinton: the person of that
                    # full name, if the article has one, never the namesake the surname found
                    entity = self.registry.find(full)
                    if entity is None or entity.type != "PERSON":
                        continue
                else:
                    self.registry.fuller(entity, full, given=True)
                first = before.i
            bisect.insort(entity.seen_at, token.idx)
            found.append((doc[first : token.i + 1], entity))
        return found

    def resolve(self, attribution: Attribution, earlier: Sequence[Resolution | None]) -> Resolution | None:
        """The entity the attribution's source refers to, with how sure and why."""
        doc = self.doc
        if attribution.source is None:
            cue = (
                doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
                if attribution.cue
                else None
            )
            if cue is not None and is_imperative(cue.root) and self.quote_around(cue.start_char) is None:
                return self.by_author(cue.root, f"{cue.text!r} addresses the reader: the byline's author")
            previous = next((r for r in reversed(earlier) if r), None)
            if previous is None or unspoken(doc, attribution):
                return None
            return Resolution(previous.entity, round(previous.confidence * 0.9, 2), "continues the quote before it")
        span = doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
        if span is None:
            return None
        meant = referent(span)
        found = self.resolve_span(meant, attribution, earlier)
        if found is not None and meant != span and not span.text.startswith(meant.text):
            found = replace(found, reason=f"{span.text!r} is by {meant.text!r}: {found.reason}")
        if found is not None:
            self.by_id.setdefault(found.entity.id, found.entity)
            head = span.root
            self.salient.append(Salient(found.entity.id, head.i, self.sentence_of[head.i], SPEAKER))
        return found

    def resolve_span(
        self, span: SpacySpan, attribution: Attribution, earlier: Sequence[Resolution | None]
    ) -> Resolution | None:
        head = span.root
        if (poll := poll_name(span)) is not None:
            name, reason = poll
            return Resolution(self.registry.body(name, span.start_char), 0.8, reason)
        inside = [(e, entity) for e, entity in self.named if span.start <= e.start and e.end <= span.end]
        if group := self.coordinated(span, inside) or self.partly_named(span, inside):
            return group
        for ent, entity in inside:
            at_head = ent.start <= head.i < ent.end or (ent.root.dep_ == "appos" and ent.root.head == head)
            # a headline's capitals run a verb into the name ("Elizabeth Warren Hammers Wells Fargo CEO")
            at_head = at_head or (ent.start == span.start and entity.type == "PERSON" and self.in_headline(span))
            # "Democrats" are an unnamed group of them
            if at_head and entity.type != "NORP":
                return Resolution(entity, 1.0, f"named in the source: {ent.text!r}")
        if beside := self.named_beside(span):
            return beside
        lower = head.lower_
        if is_expletive(head) and self.quote_around(span.start_char) is None:
            return self.by_author(
                head, f'{span.text!r} stands for no one ("it appeared that"): the byline\'s author judges'
            )
        if lower in FIRST_PERSON:
            return self.by_first_person(span)
        if lower in SECOND_PERSON:
            return self.by_reader(span)
        if lower in PRONOUN_GENDER or lower in GROUP_PRONOUNS or lower in THING_PRONOUNS:
            return self.by_pronoun(head, attribution, earlier)
        if lower in QUANTIFIERS and head.pos_ != "NOUN":
            return self.by_quantifier(head, span, attribution, earlier)
        if head.pos_ == "PROPN" and head.ent_type_ != "NORP" and (entity := self.registry.find(head.text)):
            return Resolution(entity, 0.8, f"{head.text!r} is a name of {entity.name!r}")
        if head.pos_ == "PROPN" and (entity := self.registry.body_by_short_name(head.text)):
            return Resolution(entity, 0.7, f"{head.text!r} is short for {entity.name!r}, named before")
        # "Trump" left untagged and taken for a noun: still the surname of a person named in full
        entity = self.registry.find(head.text) if head.is_title and head.pos_ == "NOUN" else None
        if entity is not None and entity.type == "PERSON" and len(entity.name.split()) > 1:
            return Resolution(entity, 0.7, f"{head.text!r} is a name of {entity.name!r}")
        if head.pos_ in ("NOUN", "PROPN", "ADJ"):
            if group := by_number(span, self.registry):
                return group
            if (entity := by_description(span, self.registry)) is not None:
                role = matched_role(entity, role_heads(head.lower_))
                return Resolution(entity, 0.7, f"description {span.text!r} matches the role {role!r}")
        if head.lemma_ == "campaign" and (found := self.campaign(head, span, attribution, earlier)):
            return found
        if head.pos_ in ("NOUN", "PROPN") and (found := self.by_definite_description(head, span)):
            return found
        if found := self.bridged_document(head, span, earlier):
            return found
        if (body := untagged_body(head)) is not None:
            return Resolution(
                self.registry.body(body, span.start_char), 0.6, f"{body!r} is a body's name the tagger missed"
            )
        name = noun_phrase(span)
        if not name or name.casefold() in NOT_NAMES or (head.pos_ == "NOUN" and head.lemma_ in NOBODY_NOUNS):
            return None
        group = self.registry.group(name, [t.text for t in span], head.lemma_.lower(), span.start_char)
        return Resolution(group, 0.5, "a description with no named entity")

    def campaign(
        self, head: Token, span: SpacySpan, attribution: Attribution, earlier: Sequence[Resolution | None]
    ) -> Resolution | None:
        """ "Her campaign", "Donald Trump's presidential campaign": the Clinton or Trump campaign, one
        speaker however the article words it."""
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        # "the Clinton campaign": a person's name before the noun owns it as "Clinton's" does
        owner = owner or next(
            (c for c in head.children if c.dep_ == "compound" and self.is_person(self.entity_of_token.get(c.i))), None
        )
        if owner is None:
            return self.the_campaign(head, span)
        if owner.pos_ == "PRON":
            found = self.by_pronoun(owner, attribution, earlier)
            person = found.entity if found else None
        else:
            person = self.entity_of_token.get(owner.i)
        if not self.is_person(person):
            return None
        return self.campaign_of(person, span, f"{span.text!r} is the campaign of {person.name!r}")  # type: ignore[union-attr]

    def by_pronoun(
        self, pronoun: Token, attribution: Attribution, earlier: Sequence[Resolution | None]
    ) -> Resolution | None:
        """The most salient entity the pronoun agrees with (Lappin and Leass 1994)."""
        gender = PRONOUN_GENDER.get(pronoun.lower_)
        # Someone quoted speaks of others as "he": the speaker of a quote around the pronoun is not it;
        # nor is one named in what the pronoun says before it ("People like Scott, he said": Chomsky's
        # Principle C; after the pronoun, news repeats the name: "He notes ... Trump's microphone").
        around = self.speaker_around(pronoun.idx, earlier)
        said = self.named_before(attribution, pronoun) if pronoun.i in self.source_tokens(attribution) else set()

        def fits(entity_id: str) -> bool:
            entity = self.by_id.get(entity_id)
            if entity is None or entity is around or entity_id in said:
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
        if gender and (centre := self.centre(pronoun, fits)) is not None:
            centre.gender_votes[gender] += 1
            return Resolution(centre, 0.85, f"{pronoun.text!r} is {centre.name!r}, the subject of the clause before it")
        if not gender and (joint := self.joint_subject(pronoun)) is not None:
            return joint
        if gender and (described := self.described_subject(pronoun, fits)) is not None:
            entity, description = described
            entity.gender_votes[gender] += 1
            return Resolution(
                entity, 0.75, f"{pronoun.text!r} is {entity.name!r}, {description!r} of the sentence before"
            )
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

    def centre(self, pronoun: Token, fits: Callable[[str], bool]) -> Entity | None:
        """The subject a subject pronoun continues (Hobbs 1978; the preferred centre of Grosz, Joshi
        and Weinstein 1995): the subject of a clause it is inside ("Matt Lauer faced criticism after
        he asked"), else that of the sentence before's main clause ("Oz has been dogged ... He has")."""
        if pronoun.dep_ not in ("nsubj", "nsubjpass"):
            return None
        sentence = self.sentence_of[pronoun.i]
        above = {t.i for t in pronoun.ancestors}
        for mention in sorted(self.salient, key=lambda m: -m.token):
            if mention.sentence < sentence - 1 or mention.token >= pronoun.i:
                continue
            token = self.doc[mention.token]
            if mention.sentence == sentence:
                subject = token.head if token.dep_ in ("compound", "appos") else token
                ruling = subject.dep_ in ("nsubj", "nsubjpass") and subject.head.i in above
            else:
                ruling = is_main_subject(token)
            if ruling:
                return self.by_id[mention.entity_id] if fits(mention.entity_id) else None
        return None

    def named_before(self, attribution: Attribution, token: Token) -> set[str]:
        """The ids of the entities named in the attribution's content before ``token``."""
        return {
            entity.id
            for ent, entity in self.named
            if ent.end_char <= token.idx
            and any(piece.start <= ent.start_char < piece.end for piece in attribution.content)
        }

    def source_tokens(self, attribution: Attribution) -> set[int]:
        if attribution.source is None:
            return set()
        span = self.doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
        return {t.i for t in span} if span is not None else set()

    def previous_speaker(self, attribution: Attribution, earlier: Sequence[Resolution | None]) -> Entity | None:
        """The speaker of the last attribution before this one, when its source is in the same
        paragraph and in this sentence or the one before; or, for a reporting clause after what was
        said ('"...," he said'), when that attribution (a quote it continues, too) ends in the sentence
        before, in the paragraph before: news reports the words of whom it was quoting."""
        if attribution.source is None or not earlier:
            return None
        index = len(earlier) - 1
        before = self.attributions[index]
        found = earlier[index]
        if found is None or (before.source is None and not before.content):
            return None
        last = max((piece for piece in (before.source, *before.content) if piece), key=lambda piece: piece.end)
        if (before.source or last).start >= attribution.source.start:
            return None
        here = self.doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
        there = self.doc.char_span(last.start, last.end, alignment_mode="expand")
        if here is None or there is None:
            return None
        text = doc_text(self.doc)
        same_paragraph = before.source is not None and "\n" not in text[there.end_char : here.start_char]
        trailing = bool(attribution.content) and attribution.content[-1].end <= attribution.source.start
        close = self.sentence_of[here.root.i] - self.sentence_of[there[-1].i] <= 1
        if not close or not (same_paragraph or (trailing and not self.other_named(before, attribution, found.entity))):
            return None
        return found.entity

    def other_named(self, before: Attribution, attribution: Attribution, speaker: Entity) -> bool:
        """Whether a person other than ``speaker`` is named after the source of ``before`` and before
        that of ``attribution``, outside the words of ``attribution`` ("Melanie said yes, until Trump
        reached the last words of his speech. / 'I love you,' he said": he may be Trump)."""
        start = (before.source or before.content[0]).end
        return any(
            entity.type == "PERSON"
            and entity is not speaker
            and start <= ent.start_char < attribution.source.start  # type: ignore[union-attr]
            and not any(piece.start <= ent.start_char < piece.end for piece in attribution.content)
            for ent, entity in self.named
        )

    def by_first_person(self, span: SpacySpan) -> Resolution | None:
        """ "I" or "we" outside quotes: the byline's author, when it is a person's name. Inside a
        quote, the quote's speaker (:meth:`speaker_of_quote`, once all are known)."""
        if self.quote_around(span.start_char) is not None:
            return None
        return self.by_author(span.root, f"{span.text!r} outside quotes is the byline's author", 0.8)

    def by_author(self, token: Token, reason: str, confidence: float = 0.7) -> Resolution | None:
        """The byline's author, when it is a person's name: who speaks in the article's own voice."""
        author = byline_name(self.doc._.author or "")
        if not author or not looks_like_person(author):
            return None
        return Resolution(self.registry.person(author, token.idx), confidence, reason)

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
            picked = self.doc[whole.left_edge.i : whole.right_edge.i + 1]
            if whole.lower_ in RELATIVE_PRONOUNS:  # "most of whom": the noun phrase before
                picked = whom_antecedent(head) or picked
            found = self.resolve_span(picked, attribution, earlier)
            if found is not None:
                return replace(
                    found, confidence=round(found.confidence * 0.8, 2), reason=f"{span.text!r}: {found.reason}"
                )
        if head.lower_ in ("each", "both"):
            previous = next((r for r in reversed(earlier) if r and r.entity.members), None)
            if previous is not None:
                return Resolution(previous.entity, 0.7, f"{head.text!r} of the group quoted before")
        return None


def opening_plural(ent: SpacySpan) -> bool:
    """A plural noun opening a sentence that the tagger took for a name ("Scholars have long debated"):
    an unnamed group, not an entity ("Democrats" is a NORP, and stays one)."""
    return len(ent) == 1 and ent[0].is_sent_start and ent[0].tag_ == "NNS" and ent.label_ not in ("GPE", "NORP")


def kind_word(entity: Entity) -> str:
    return "person" if entity.type == "PERSON" else "group" if entity.type == "GROUP" else "organisation"


def is_subject(token: Token) -> bool:
    return token.dep_ in ("nsubj", "nsubjpass") or (token.dep_ in ("compound", "appos") and token.head.dep_ == "nsubj")


# Where a byline's name ends: "By EDUARDO PORTER. Email: ...", "Jane Doe, Reuters", "Jane Doe | AP".
BYLINE_END = re.compile(r"\.\s+(?=[A-Z][a-z]*:)|[,;|(]|\s+-\s+|\s+for\s+")


def byline_name(byline: str) -> str:
    """The name in a byline as a reader would write it: "By RON LIEBER" is Ron Lieber."""
    name = BYLINE_END.split(re.sub(r"^\s*by\s+", "", byline, flags=re.IGNORECASE), maxsplit=1)[0].strip()
    return " ".join(w.capitalize() if w.isupper() and len(w) > 2 else w for w in name.split())


def looks_like_person(name: str) -> bool:
    """A byline that is a person's name ("Dan Riehl"), not an outlet's ("Breitbart News")."""
    words = name.split()
    return (
        2 <= len(words) <= 4 and all(w[0].isupper() for w in words) and not {"News", "Staff", "Editorial"} & set(words)
    )


def why_unresolved(doc: Doc, attribution: Attribution, spoken_before: bool) -> str:
    """Why an attribution has no speaker, in words a reviewer can check against the text."""
    if attribution.source is None:
        if not spoken_before:
            return "no source, and no speaker before it whose quote it could continue"
        return "no source: the sentence reports, nobody is said to speak"
    span = doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
    text = attribution.source.text
    if span is None:
        return f"the source {text!r} does not fall on words"
    root = referent(span).root
    head = root.lower_
    if is_expletive(root):
        return f"{text!r} stands for no one, and the article names no author whose judgement it is"
    if head in FIRST_PERSON:
        return f"{text!r} outside a quote, and the article names no author"
    if head in PRONOUN_GENDER or head in GROUP_PRONOUNS or head in THING_PRONOUNS:
        return f"{text!r}: nobody before it agrees in gender and number"
    if head in QUANTIFIERS:
        return f"{text!r}: a quantifier with no group before it to pick from"
    if head in NOBODY_NOUNS:
        return f"{text!r} says what was said, not who said it"
    return f"{text!r} names nobody the article establishes"


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
