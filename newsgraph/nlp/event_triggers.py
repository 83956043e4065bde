"""Which words of a sentence name which event here: the trigger lexicon (``event_lexicon``) read
over the parse. A verb's particle or object makes another event ("call for" asks, "send troops"
mobilises); a light verb gives way to its object's event ("held talks"); what is asked for is no
event of its own; a report can itself be one, a demand ("said Sudan must return ...") or an
accusation ("said the U.S. was on the wrong side of history")."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.event_lexicon import (
    CONDEMNING,
    CONFLICTUAL,
    CONTEST_VERBS,
    DEMAND_MODALS,
    ELECTORAL,
    LIGHT_VERBS,
    MODIFIED_NOUNS,
    NOUNS,
    PHRASES,
    REPORT_VERBS,
    SEEK_VERBS,
    VERBS,
    Sense,
)
from newsgraph.nlp.event_parties import PRONOUNS, is_party

# A denial of what others said: its content is not an event of its own but contests theirs.
DENIALS = frozenset({"deny", "dismiss", "refute", "dispute", "reject"})
# Verbs that free someone only when their object is a party: "released the hostages".
RELEASES = frozenset({"release", "free", "return"})


def covered(token: Token) -> bool:
    """One event per verb and object: 'held talks' is the talks, 'imposed a curfew' the curfew
    (light verbs give way to their object), 'attacked the convoy' the attack."""
    if token.pos_ == "VERB":
        return token.lemma_ in LIGHT_VERBS and any(c.dep_ == "dobj" and c.lemma_ in NOUNS for c in token.children)
    head = token.head
    return token.dep_ == "dobj" and head.lemma_ not in LIGHT_VERBS and trigger(head) is not None


def requested(token: Token) -> bool:
    """'asked Beijing to send weapons': the sending is what was asked for, not an event of its own."""
    return token.dep_ == "xcomp" and token.head.pos_ == "VERB" and trigger(token.head) is not None


def trigger(token: Token) -> Sense | None:
    """The PLOVER sense of a trigger word, or None if it names no event here."""
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") and reporter(token) is not None:
        return Sense("REQUEST")  # "Russia said Sudan must return the helicopter"
    if token.pos_ == "VERB" and condemned(token) is not None:
        return Sense("ACCUSE")  # "Hua said the U.S. was on the wrong side of history"
    if token.pos_ == "VERB":
        words = phrase_words(token)
        for word in words:
            if (lemma, word) in PHRASES:
                return PHRASES[(lemma, word)]
        if lemma in RELEASES:  # "released the hostages", not "released a statement"
            freed = any(c.dep_ == "dobj" and is_party(c) for c in token.children)
            return Sense("RETREAT") if freed else None
        sense = VERBS.get(lemma)
        if sense and lemma in DENIALS and any(c.dep_ == "ccomp" for c in token.children):
            return None  # "denied that ...": a statement about a claim, linked by ``contest``
        if lemma in SEEK_VERBS and any(c.dep_ == "xcomp" for c in token.children):
            return None  # "seeking to deepen a partnership": what is sought is the event
        if lemma in CONTEST_VERBS and any(t.lemma_.lower() in ELECTORAL for t in token.sent):
            return None  # "beat the incumbent": an election, not an assault
        return sense
    if token.pos_ == "NOUN" and lemma in NOUNS:
        modifiers = (c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod"))
        return next((MODIFIED_NOUNS[(lemma, m)] for m in modifiers if (lemma, m) in MODIFIED_NOUNS), NOUNS[lemma])
    return None


def phrase_words(verb: Token) -> set[str]:
    """Particles, prepositions, objects and their modifiers: what makes 'call for' or 'send troops'."""
    words = set()
    for child in verb.children:
        if child.dep_ in ("prt", "prep", "dobj", "dative"):
            words.add(child.lemma_.lower())
            for grandchild in child.children:
                if grandchild.dep_ in ("pobj", "compound"):
                    words |= {grandchild.lemma_.lower(), *(c.lemma_.lower() for c in grandchild.children)}
                elif grandchild.dep_ == "prep" and grandchild.lower_ == "of":  # "5 million dollars of aid"
                    words |= {c.lemma_.lower() for c in grandchild.children if c.dep_ == "pobj"}
    return words


def reporter(verb: Token) -> Token | None:
    """The subject of the reporting verb when a reported clause says a party must act."""
    if verb.dep_ != "ccomp" or verb.pos_ != "VERB":
        return None
    if not any(c.dep_ == "aux" and c.lower_ in DEMAND_MODALS for c in verb.children):
        return None
    if not any(c.dep_ == "nsubj" and c.lower_ not in PRONOUNS and is_party(c) for c in verb.children):
        return None
    return next((c for c in verb.head.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS), None)


def condemned(verb: Token) -> Token | None:
    """The party a report calls wrong or to blame ("said the U.S. was on the wrong side of history",
    "said Taliban militants were responsible"), or None. Not when either clause is negated, nor for a
    duty ("responsible for the budget"): "responsible" blames only alone or for a conflictual act."""
    if verb.lemma_.lower() not in REPORT_VERBS or any(c.dep_ == "neg" for c in verb.children):
        return None
    for clause in (c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")):
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lower_ in PRONOUNS or not is_party(subject):
            continue
        if any(c.dep_ == "neg" for c in clause.children):
            continue
        said = (t for c in clause.children if c.dep_ not in ("nsubj", "nsubjpass", "ccomp") for t in c.subtree)
        if any(t.lemma_.lower() in CONDEMNING and blames(t) for t in said):
            return subject
    return None


def blames(word: Token) -> bool:
    if word.lemma_.lower() != "responsible":
        return True
    duties = [p for c in word.children if c.dep_ == "prep" and c.lower_ == "for" for p in c.children]
    return all(NOUNS.get(p.lemma_.lower(), Sense("")).event in CONFLICTUAL for p in duties)
