"""Events in PLOVER's terms from the dependency parse: who did what to whom, when, where.

A sentence classifier (``event_classifier``, fine-tuned MiniLM) decides whether
a sentence reports an event, of which type and how surely (``decide``); a
trigger word (``event_lexicon``) of that type, else the main verb, anchors it
in the text, and the other triggers' events stay; the parse gives its actor
(the subject, followed up through "is planning to warn", "..., and more
recently asked"; the agent of a passive; the possessor of a noun: "Russia's
invasion") and its recipient (the object, the addressee, "with"/"against"/"of"
phrases). Actors are the entities the speaker component found, with the
country and sector their words give. The date is the sentence's own time
expression when it has one, otherwise the article date, marked as such. An
event reported inside an attribution links to it, and a later denial ("China
has denied that either of these things happened") is linked as contesting it,
so that a claim is never shown as a fact.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan
from spacy.util import minibatch

from newsgraph.ingest.cleaning import in_regions
from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.event_classifier import (
    NONE,
    EventClassifier,
    Prediction,
    plv_type,
    shipped_classifier,
)
from newsgraph.nlp.event_lexicon import (
    CONFLICTUAL,
    COOPERATIVE,
    FUTURE_HEADS,
    FUTURE_MODALS,
    HYPOTHETICAL_MARKERS,
    INTENT_HEADS,
    NEGATED_TO_REJECT,
    Sense,
)
from newsgraph.nlp.event_parties import (
    CLAUSES,
    ENTITY_LABELS,
    conjuncts,
    governing_verb,
    is_party,
    named_below,
    national,
    noun_arguments,
    one_side,
    phrase,
    subjects_of,
    verb_arguments,
)
from newsgraph.nlp.event_triggers import DENIALS, condemned, covered, reporter, requested, trigger
from newsgraph.nlp.precision import resolved_precision
from newsgraph.records import Actor, Attribution, Event, EventDate, Span, Speaker, TimeExpression
from newsgraph.resolve.actors import recoded, resolve_actor
from newsgraph.resolve.countries import country_code, country_in

PLACE_LABELS = ("GPE", "LOC", "FAC")
# Vague references that still say when, relative to the article: "more recently", "soon".
VAGUE_DATES = frozenset({"PAST_REF", "FUTURE_REF"})
# The highest trigger keeps its own type when the classifier gives that type this probability: the
# lexicon is surer on codebook-style sentences (PLOVER's), the classifier on news (PLV). Chosen on
# PLV dev and the PLOVER records together (type accuracy 0.808 and 0.789; 0.817 and 0.724 with the
# classifier alone, 0.61 and 0.764 with the lexicon alone).
LEXICON_FLOOR = 0.02
# Types a report can itself be (``main_verb``); the others are deeds a report tells of.
SAID_TYPES = frozenset({"ACCUSE", "REJECT", "REQUEST", "THREATEN", "SUPPORT", "AGREE"})


@Language.factory(
    "newsgraph_events",
    default_config={"precision": "auto"},
    requires=["token.dep", "token.lemma", "doc.ents", "doc._.attributions", "doc._.time_expressions"],
    assigns=["doc._.events"],
)
def make_event_coder(nlp: Language, name: str, precision: str) -> EventCoder:
    """``precision``: the classifier encoder's number type (``precision.resolved_precision``)."""
    return EventCoder(precision=precision)


class EventCoder:
    """The lexicon proposes triggers and the parse their parties; the sentence classifier
    (``event_classifier``) decides whether a sentence reports an event and of which type (``decide``)."""

    def __init__(self, classifier: EventClassifier | None = None, precision: str = "auto") -> None:
        self.classifier = classifier  # None: the shipped one, loaded on first use
        self.precision = classifier.precision if classifier else resolved_precision(precision)

    def shipped(self) -> EventClassifier:
        return self.classifier or shipped_classifier(self.precision)

    def __call__(self, doc: Doc) -> Doc:
        return self.code([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Docs in batches, so that the classifier sees the sentences of many at once."""
        for batch in minibatch(docs, batch_size):
            yield from self.code(batch)

    def code(self, docs: Sequence[Doc]) -> Sequence[Doc]:
        found = [(doc, sentence, candidates) for doc in docs for sentence, candidates in self.candidates(doc)]
        predictions = self.shipped().predict([sentence.text for _, sentence, _ in found])
        events: dict[int, list[Event]] = {id(doc): [] for doc in docs}
        for (doc, sentence, triggers), prediction in zip(found, predictions, strict=True):
            if prediction.event == NONE:
                # A report calling a named party wrong or to blame accuses it whatever the classifier says:
                # its negatives (PolNeAR's sentences with no trigger word) are mostly reports. Else the parse
                # of the triggers is not needed: most sentences report no event.
                events[id(doc)] += condemnations(doc, triggers, prediction, doc._.attributions or [])
                continue
            attributions = doc._.attributions or []
            candidates = [Candidate(t, sense, code_event(doc, t, sense, attributions)) for t, sense in triggers]
            events[id(doc)] += decide(doc, sentence, candidates, prediction, attributions)
        for doc in docs:
            # a caption's "meets virtually" found by the sentence's main verb is the photo's, not the story's
            regions = doc._.regions or []
            told = [e for e in events[id(doc)] if not in_regions(e.trigger.start, e.trigger.end, regions)]
            doc._.events = contest(doc, told, doc._.attributions or [])
        return docs

    @staticmethod
    def candidates(doc: Doc) -> Iterator[tuple[SpacySpan, list[tuple[Token, Sense]]]]:
        """Each sentence outside headline and caption regions that has a trigger word or a named party, with
        the trigger words the lexicon finds in it."""
        regions = doc._.regions or []
        for sentence in doc.sents:
            candidates: list[tuple[Token, Sense]] = []
            outside = named = False
            for token in sentence:
                named = named or token.ent_type_ in ENTITY_LABELS  # not Span.ents: it builds all the doc's
                if regions and in_regions(token.idx, token.idx + len(token), regions):
                    continue
                outside = True
                sense = trigger(token)
                if sense is None or requested(token) or covered(token):
                    continue
                candidates.append((token, sense))
            # A sentence with no trigger word and no named party holds no event worth coding: not classified.
            if outside and (candidates or named):
                yield sentence, candidates


class Candidate(NamedTuple):
    """A trigger word the lexicon found, and the event the parse made of it (None: no parties)."""

    token: Token
    sense: Sense
    event: Event | None


def decide(
    doc: Doc,
    sentence: SpacySpan,
    candidates: Sequence[Candidate],
    prediction: Prediction,
    attributions: Sequence[Attribution],
) -> list[Event]:
    """The sentence's events by the classifier: none if it says NONE; else the highest trigger's event
    when the classifier gives its type at least ``LEXICON_FLOOR``, or else the classifier's type on the
    trigger that agrees with it (highest in the parse), or on the main verb (``main_verb``). The other
    triggers' events stay ("said Russia briefed China ... and asked Beijing"), each with the probability
    the classifier gives its type, so that the sentence's own event is the surest."""
    if prediction.event == NONE:
        return []

    def rank(candidate: Candidate) -> tuple[int, int]:
        return sum(1 for _ in candidate.token.ancestors), candidate.token.i

    ranked = sorted(candidates, key=rank)
    agreeing = [c for c in ranked if plv_type(c.event.event if c.event else c.sense.event) == prediction.event]
    with_event = [c for c in ranked if c.event is not None]

    def probability(event: Event) -> float:
        return prediction.probabilities.get(plv_type(event.event), 0.0)

    lexical = next(iter(with_event), None)
    chosen = next((c for c in agreeing if c.event is not None), None) or next(iter(agreeing), None)
    if lexical is not None and lexical.event is not None and probability(lexical.event) >= LEXICON_FLOOR:
        chosen, event = lexical, lexical.event  # a type the classifier does not rule out
    elif chosen is None:  # no trigger word of its type
        token = main_verb(sentence, prediction.event)
        sense = Sense(yielded(prediction.event))
        event = code_event(doc, token, sense, attributions) or bare_event(doc, token, sense, attributions)
    else:
        event = chosen.event or bare_event(doc, chosen.token, chosen.sense, attributions)
    if chosen is not lexical and plv_type(event.event) != prediction.event:
        # the classifier's type; the trigger's mode is another type's
        event = replace(event, event=yielded(prediction.event), mode=None, context=None)
    others = [replace(c.event, confidence=probability(c.event)) for c in with_event if c is not chosen and c.event]
    return sorted([replace(event, confidence=probability(event)), *others], key=lambda e: e.trigger.start)


def condemnations(
    doc: Doc, triggers: Sequence[tuple[Token, Sense]], prediction: Prediction, attributions: Sequence[Attribution]
) -> list[Event]:
    """The accusations by report (``condemned``) among a sentence's triggers, with the classifier's
    probability of ACCUSE as their confidence."""
    found = (code_event(doc, t, s, attributions) for t, s in triggers if s.event == "ACCUSE" and condemned(t))
    return [replace(e, confidence=prediction.probabilities.get("ACCUSE", 0.0)) for e in found if e is not None]


def main_verb(sentence: SpacySpan, event: str) -> Token:
    """The sentence's main verb; for a deed reported ("officials said Russia briefed China"), the
    verb of what is reported; a report can itself be an accusation, a demand, a threat ("Hua said
    the U.S. was on the wrong side of history")."""
    verb = next((t for t in (sentence.root, *sentence) if t.pos_ in ("VERB", "AUX")), sentence.root)
    if event in SAID_TYPES:
        return verb
    return next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), verb)


def yielded(event: str) -> str:
    """PLV's YIELD as a PLOVER type when no trigger word says CONCEDE or RETREAT: most of PLV's are
    concessions ("granted", "eased", "accepted the demands"); a withdrawal or release has its own trigger."""
    return "CONCEDE" if event == "YIELD" else event


def bare_event(doc: Doc, token: Token, sense: Sense, attributions: Sequence[Attribution]) -> Event:
    """An event the classifier found where the parse found no parties: "a car bomb killed eight"."""
    return Event(
        event=sense.event,
        mode=sense.mode,
        context=sense.context,
        actor=(),
        recipient=(),
        date=event_date(doc, token),
        location=None,
        trigger=Span.of(doc_text(doc), token.idx, token.idx + len(token)),
        evidence=evidence(token),
        negated=negated(token),
        future=future(token),
        hypothetical=hypothetical(token),
        attribution=reported_in(token, attributions),
    )


def code_event(doc: Doc, token: Token, sense: Sense, attributions: Sequence[Attribution]) -> Event | None:
    demander = reporter(token)
    if demander is not None:  # the reporter demands; the one who must act is asked
        actors = [phrase(s) for s in conjuncts(demander)]
        recipients = [phrase(s) for s in subjects_of(token)]
    elif token.pos_ in ("VERB", "AUX"):
        actors, recipients = verb_arguments(token, sense)
    elif (verb := governing_verb(token)) is not None:  # "held talks with X", "arrived on a visit"
        actors, recipients = verb_arguments(verb, sense)
        # The noun's own "with"/"into" phrase before what the verb's object fallback found (the noun itself).
        recipients = noun_arguments(token, sense)[1] or [r for r in recipients if r.root.i != token.i]
    else:
        actors, recipients = noun_arguments(token, sense)
    actors, recipients = one_side(actors, recipients, sense, token)
    clause = token if token.pos_ in ("VERB", "AUX") else governing_verb(token) or token.head
    place = location(clause)
    if not recipients and place is None:
        recipients = named_below(clause, token, actors)
    named = any(is_party(span.root) or national(span.root) for span in recipients)
    if not actors and not named and place is None:
        return None  # an unnamed party acting on a thing ("the building was attacked") is no event to code
    recipient = [actor(doc, span) for span in recipients]
    home = {a.country for a in (actor(doc, span) for span in actors)} | {a.country for a in recipient}
    abroad = country_code(place.text) not in (None, *home) if place is not None else False
    if place is not None and (not named or (abroad and not (recipient and home - {None}))):
        # "arrived in Amman", "killed in Baghdad", "set up field hospitals in Louisiana": where it happened
        recipient.append(actor(doc, place))
    is_negated, is_future, is_hypothetical = negated(token), future(token), hypothetical(token)
    return Event(
        event=modal_type(sense.event, is_negated, is_future or intended(token), is_hypothetical),
        mode=sense.mode,
        context=sense.context,
        actor=tuple(a for span in actors for a in split_by_country(actor(doc, span), span)),
        recipient=tuple(recipient),
        date=event_date(doc, token),
        location=place.text if place is not None else None,
        trigger=Span.of(doc_text(doc), token.idx, token.idx + len(token)),
        evidence=evidence(token),
        negated=is_negated,
        future=is_future,
        hypothetical=is_hypothetical,
        attribution=reported_in(token, attributions),
    )


def modal_type(event: str, is_negated: bool, is_intended: bool, is_hypothetical: bool) -> str:
    """PLOVER's reading of intentions: refusing to cooperate rejects; an intent to cooperate agrees;
    a conflictual act announced or made conditional threatens."""
    if is_negated and event in NEGATED_TO_REJECT:
        return "REJECT"
    if is_intended and event in COOPERATIVE:
        return "AGREE"
    if (is_intended or is_hypothetical) and event in CONFLICTUAL:
        return "THREATEN"
    return event


def evidence(token: Token) -> Span:
    """The trigger's sentence, without trailing whitespace."""
    text, sentence = doc_text(token.doc), token.sent
    end = sentence.end_char
    while end > sentence.start_char and text[end - 1].isspace():
        end -= 1
    return Span.of(text, sentence.start_char, end)


def actor(doc: Doc, span: SpacySpan) -> Actor:
    profiles: dict[str, Speaker] = doc._.entities or {}
    # The entity the phrase is ("Mr. Xi"), else the one it belongs to ("U.S. officials": U.S.).
    inside = ents_in(span)
    own = next((e for e in inside if e.label_ in ENTITY_LABELS and e.root == span.root), None)
    ent = own or next((e for e in inside if e.label_ in ENTITY_LABELS), None)
    profile = profiles.get(entity_at(doc, own)) if own is not None else None
    words = [t.text for t in span]
    name = profile.name if profile else span.text
    country = (profile.country if profile else None) or (country_code(ent.text) if ent is not None else None)
    # "Opposition groups in Zimbabwe", "ethnic Albanians in Serbia": the words after the head say where.
    after = country_in([t.text for c in span.root.children if c.dep_ == "prep" and c.i >= span.end for t in c.subtree])
    if span.root.ent_type_ == "NORP" and after:
        country = after
    country = country or country_in(words) or after
    # The country, sector and CAMEO code: Phoenix's people and bodies at the article's date, its agent words.
    coded = resolve_actor(
        span.text,
        own.label_ if own is not None else None,
        doc._.date,
        entity=profile.name if profile else own.text if own is not None else None,
        role=profile.role if profile else None,
        country=country,
        context=sentence_country(span),
        sector="GOV" if profile is not None and profile.category == "official" else None,
    )
    return Actor(
        name,
        coded.country,
        coded.sector,
        profile.id if profile else None,
        Span.of(doc_text(doc), span.start_char, span.end_char),
        coded.code,
        coded.reason,
        coded.confidence,
    )


def sentence_country(span: SpacySpan) -> str | None:
    """The one country the span's sentence names (its GPE and NORP entities), or None; worked out once
    per sentence, from its tokens' entity tags (``Span.ents`` would build all of the document's entities)."""
    sentence = span.sent
    known = span.doc.user_data.setdefault("newsgraph.sentence_countries", {})
    if sentence.start not in known:
        names, words = [], []
        for token in sentence:
            if words and token.ent_iob_ != "I":
                names.append("".join(words))
                words = []
            if token.ent_type_ in ("GPE", "NORP"):
                words.append(token.text_with_ws)
        named = {c for name in [*names, "".join(words)] if (c := country_code(name.strip()))}
        known[sentence.start] = next(iter(named)) if len(named) == 1 else None
    return known[sentence.start]


def ents_in(span: SpacySpan) -> list[SpacySpan]:
    """``span.ents``, from the document's entities listed once per document: ``Span.ents`` builds all
    of them on every call."""
    doc = span.doc
    if "newsgraph.ents" not in doc.user_data:
        ents = list(doc.ents)
        doc.user_data["newsgraph.ents"] = (ents, [e.start for e in ents])
    ents, starts = doc.user_data["newsgraph.ents"]
    found = []
    for ent in ents[bisect_left(starts, span.start) :]:
        if ent.start >= span.end:
            break
        if ent.end <= span.end:
            found.append(ent)
    return found


def split_by_country(found: Actor, span: SpacySpan) -> list[Actor]:
    """'U.S. and Russian negotiators': one actor per country of coordinated modifiers."""
    modifiers = [e for e in ents_in(span) if e.label_ in ("NORP", "GPE") and e.end <= span.root.i]
    codes = list(dict.fromkeys(c for e in modifiers if (c := country_code(e.text))))
    coordinated = any(t.dep_ == "cc" for t in span if t.i < span.root.i)
    if len(codes) < 2 or not coordinated:
        return [found]
    return [replace(found, country=code, code=recoded(found.code, code)) for code in codes]


def entity_at(doc: Doc, ent: SpacySpan) -> str | None:
    return next((m.entity_id for m in doc._.mentions or [] if m.start == ent.start_char), None)


def event_date(doc: Doc, token: Token) -> EventDate | None:
    """The sentence's own date, the one nearest the trigger, at the precision the text gives (TimeML
    values: "May 2015" is 2015-05, "the 1994 Crime Bill" 1994, "early February" 2022-02); a vague past
    or future reference ("more recently", "soon") is TimeML's PAST_REF or FUTURE_REF with its text, not
    the article date; else the article's date, marked ``"source": "article"`` ("now" is the article's)."""
    clause = token if token.pos_ in ("VERB", "AUX") else (governing_verb(token) or token.head)
    # The trigger's own clause; the whole sentence only for the main clause's event.
    scope = token.sent if clause.dep_ == "ROOT" else clause.doc[clause.left_edge.i : clause.right_edge.i + 1]
    dates: Iterable[TimeExpression] = (
        t
        for t in doc._.time_expressions or []
        if scope.start_char <= t.start < scope.end_char
        and t.type in ("DATE", "TIME")
        and (t.value[:1].isdigit() or t.value in VAGUE_DATES)
    )
    nearest = min(dates, key=lambda t: abs(t.start - token.idx), default=None)
    if nearest is not None:  # the day of "Friday morning" (2022-03-18TMO) is the event's date
        value = nearest.value if nearest.value in VAGUE_DATES else nearest.value.split("T")[0]
        return EventDate(value, nearest.text, "sentence")
    return EventDate(doc._.date, None, "article") if doc._.date else None


def location(token: Token) -> SpacySpan | None:
    """A place in an 'in', 'at' or 'near' phrase of the trigger's own clause ('met for seven hours in Rome')."""
    frontier, depth = [token], 0
    while frontier and depth < 3:
        children = [c for node in frontier for c in node.children if c.dep_ not in CLAUSES]
        for child in children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at", "near"):
                place = next((t for t in child.subtree if t.ent_type_ in PLACE_LABELS), None)
                if place is not None:
                    return next(e for e in token.doc.ents if e.start <= place.i < e.end)
        frontier, depth = children, depth + 1
    return None


def negated(token: Token) -> bool:
    """'did not attack', and 'refused to attack'? no: only a negation of the trigger or of the verb it completes."""
    heads = (token, token.head) if token.dep_ == "xcomp" else (token,)
    if token.dep_ == "xcomp" and token.head.lemma_ == "fail":  # "failed to reach agreement"
        return True
    return any(c.dep_ == "neg" for head in heads for c in head.children)


def intended(token: Token) -> bool:
    """'offered to hand over', 'is willing to withdraw', 'has sworn to fight'."""
    head = token
    while head.dep_ in ("xcomp", "acomp") and head.head.i != head.i:
        head = head.head
        if head.lemma_ in INTENT_HEADS:
            return True
    return token.lemma_ in INTENT_HEADS


def future(token: Token) -> bool:
    """'will meet', 'is planning to warn', 'is expected to visit'."""
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in token.children):
        return True
    head = token
    while head.dep_ == "xcomp" and head.head.i != head.i:
        head = head.head
        if head.lemma_ in FUTURE_HEADS:
            return True
    return False


def hypothetical(token: Token) -> bool:
    """'if Beijing offers ...', 'could attack'."""
    for node in (token, token.head):
        if any(c.lower_ in HYPOTHETICAL_MARKERS and c.dep_ in ("mark", "aux") for c in node.children):
            return True
    return False


def reported_in(token: Token, attributions: Sequence[Attribution]) -> int | None:
    """The innermost attribution whose content holds the trigger."""
    holding = [
        (sum(s.end - s.start for s in a.content), i)
        for i, a in enumerate(attributions)
        if any(s.start <= token.idx < s.end for s in a.content)
    ]
    if holding:
        return min(holding)[1]
    if token.dep_ == "conj":  # "said that Russia briefed China ..., and asked Beijing": the parser hung
        # the second report on the cue; it is still what the cue reports.
        cue = token.head
        return next((i for i, a in enumerate(attributions) if a.cue and a.cue.start <= cue.idx < a.cue.end), None)
    return None


def contest(doc: Doc, events: list[Event], attributions: Sequence[Attribution]) -> list[Event]:
    """Link each denial to the events it denies: those reported in the attribution just before it,
    and those inside the denial itself ("China denied that it had sent weapons")."""
    contested: dict[int, list[int]] = {}
    for index, attribution in enumerate(attributions):
        cue = doc.char_span(attribution.cue.start, attribution.cue.end, "expand") if attribution.cue else None
        if cue is None or cue.root.lemma_ not in DENIALS or not attribution.content:
            continue
        contested.setdefault(index, []).append(index)
        before = [
            i for i, a in enumerate(attributions) if a.content and a.content[-1].end <= attribution.content[0].start
        ]
        if before:
            contested.setdefault(before[-1], []).append(index)
    return [
        replace(e, contested_by=tuple(contested[e.attribution])) if e.attribution in contested else e for e in events
    ]
