"""Who acts and who is acted on, from the dependency parse: the actor and recipient spans of an event.

The actor is the subject, followed up through "is planning to warn" and "...,
and more recently asked"; the agent of a passive ("was attacked by X"); the
possessor of a noun ("Russia's invasion"). The recipient is the object, the
addressee, a "with"/"against"/"to" phrase, the subject of "demanded that X
...". A mutual event has one actor and the others as recipients, as PLOVER and
PLV code it ("Jordan and Britain agreed ...", "talks between A and B": A acts,
B receives), never two actors and no one on the other side. Spans are spaCy
spans over the doc; ``newsgraph.nlp.events`` makes them actors.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsgraph.nlp.event_lexicon import LIGHT_VERBS, MUTUAL_TYPES, MUTUAL_WORDS, SECTOR_WORDS, VERBS, Sense

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP")
NOT_PARTIES = ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")
RECIPIENT_PREPOSITIONS = frozenset({"with", "against", "to", "on", "at", "from", "of", "between", "toward", "towards"})
CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "parataxis"})
OBJECT_DEPTH = 4  # verb > object > preposition > object > ...: how far to look for an unnamed recipient
OBJECT_PREPOSITIONS = RECIPIENT_PREPOSITIONS | {"by", "for"}
NOUN_RECIPIENT_PREPOSITIONS = frozenset({"with", "against", "on", "of", "between", "into", "to"})
INHERITS_SUBJECT = ("xcomp", "conj", "advcl", "acl", "pcomp", "acomp")  # acomp: "is willing to withdraw"
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
DATELINE_MARKS = frozenset({"-", "--", "\u2013", "\u2014", ":"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Types whose direct object is what is moved or given ("massed his army"), not who receives it.
THINGS_MOVED = frozenset({"MOBILIZE", "AID", "RETREAT"})
# ... except verbs that free whom they act on: "freed prisoners", "pardoned the journalist".
FREEING = frozenset({"release", "free", "pardon"})
# Types whose clausal complement's subject is the one addressed ("urged that Iraq ...").
ADDRESSED = frozenset({"REQUEST", "ACCUSE", "THREATEN", "REJECT", "SUPPORT"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "our"})


def governing_verb(noun: Token) -> Token | None:
    """The verb whose event a noun names: 'held talks', 'arrived on a visit', 'staged a strike'."""
    if any(c.dep_ == "poss" and c.pos_ != "PRON" for c in noun.children):
        return None
    if noun.dep_ == "dobj" and noun.head.lemma_ in LIGHT_VERBS:
        return noun.head
    if noun.dep_ == "pobj" and noun.head.lower_ in ("on", "for", "in") and noun.head.head.pos_ == "VERB":
        return noun.head.head
    return None


def verb_arguments(verb: Token, sense: Sense) -> tuple[list[SpacySpan], list[SpacySpan]]:
    actors: list[SpacySpan] = []
    recipients: list[SpacySpan] = []
    for subject in subjects_of(verb):
        if subject.dep_ == "nsubjpass":  # "the journalist was arrested": whom it is done to, named or not
            recipients += [phrase(s) for s in conjuncts(subject) if is_party(s) or undergoes(s)]
        else:
            actors += [phrase(s) for s in conjuncts(subject)]
    complements = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    for child in [*verb.children, *(g for c in complements for g in c.children)]:
        if child.dep_ == "agent" and child.head.i == verb.i:  # "was attacked by X"
            actors += [phrase(o) for c in child.children if c.dep_ == "pobj" for o in conjuncts(c)]
        elif child.dep_ in ("dobj", "dative") and is_party(child) and not (moved(verb, sense) and child.dep_ == "dobj"):
            recipients += [phrase(o) for o in conjuncts(child)]
        elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPOSITIONS:
            recipients += [
                phrase(o)
                for c in child.children
                if c.dep_ == "pobj" and (is_party(c) or national(c))
                for o in conjuncts(c)
            ]
        elif child.dep_ == "ccomp" and child.head.i == verb.i and sense.event in ADDRESSED:
            # "demanded that the US cancel plans": the US is who is asked
            recipients += [phrase(o) for c in child.children if c.dep_ == "nsubj" and is_party(c) for o in conjuncts(c)]
    if not recipients:  # "demanded an admission by Moscow", "threatened to break relations with Russia"
        recipients = [phrase(t) for v in (verb, *complements) for t in object_parties(v)]
    for complement in complements if not recipients else []:  # "agreed to lift a ban on Egyptian imports"
        own = VERBS.get(complement.lemma_.lower(), sense)  # what the complement does: "offer aid to X" gives
        recipients = recipients or [r for r in verb_arguments(complement, own)[1] if named(r)]
    reported = [c for c in verb.children if c.dep_ == "ccomp"] if not recipients else []
    for clause in reported:  # "the rebels said they will release two homeguards": the report's event
        recipients = recipients or [r for r in verb_arguments(clause, sense)[1] if named(r)]
    if not recipients:  # "arrested the captain", "rejected the council's decision": what it is done to
        recipients = [phrase(t) for t in object_heads((verb, *complements), sense)[:1]]
    infinitive = verb.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if infinitive and verb.head.pos_ == "VERB" and not any(is_party(r.root) or national(r.root) for r in recipients):
        # "summoned the Chinese ambassador to complain", "sent experts to Saudi Arabia to investigate"
        own = {s.root.i for s in actors}
        recipients = [phrase(t) for t in object_parties(verb.head) if t.i not in own] or recipients
    for condition in (c for v in (verb, *complements) for c in v.children if c.dep_ == "advcl"):
        if any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in condition.children):
            # "threatened to ... unless Baghdad accepted": the one the threat is aimed at
            recipients += [phrase(c) for c in condition.children if c.dep_ == "nsubj" and is_party(c)]
    return actors, [r for r in recipients if r.root.i != verb.i]


def object_parties(verb: Token) -> list[Token]:
    """Named parties heading the verb's objects, near it ("demanded an admission by Moscow"),
    not modifiers deep inside them ("restrictions on the movement of Palestinian workers")."""
    found = []
    frontier = [
        c
        for c in verb.children
        if c.dep_ in ("dobj", "dative", "attr") or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPOSITIONS)
    ]
    for _ in range(OBJECT_DEPTH):
        for token in frontier:
            if token.dep_ in ("dobj", "dative", "attr", "pobj", "conj") and (national(token) or is_party(token)):
                found.append(token)
        frontier = [c for t in frontier for c in t.children if c.dep_ not in CLAUSES]
    return found


def undergoes(subject: Token) -> bool:
    """Whether a passive's subject can be whom the event is done to: a noun that is no date or number
    ("Hundreds of political prisoners were released" counts)."""
    counted = subject.ent_type_ == "CARDINAL" and any(c.dep_ == "prep" and c.lower_ == "of" for c in subject.children)
    return subject.pos_ in ("NOUN", "PROPN", "NUM") and (subject.ent_type_ not in NOT_PARTIES or counted)


def named(span: SpacySpan) -> bool:
    """Whether a found recipient is a party, not a thing: "Russia", "Israeli military policies"."""
    return is_party(span.root) or national(span.root)


def moved(verb: Token, sense: Sense) -> bool:
    """Whether the verb's direct object is what is moved or given, not whom the event is done to."""
    return sense.event in THINGS_MOVED and verb.lemma_.lower() not in FREEING


def object_heads(verbs: Sequence[Token], sense: Sense) -> list[Token]:
    """The nouns the verbs act on when no party is named: the direct object, else an "on"/"against"
    object ("strikes on militant targets"); the possessor when it is a party ("Netanyahu's decision")."""
    found = []
    for verb in verbs:
        for child in verb.children:
            nouns = [child] if child.dep_ == "dobj" and not moved(verb, sense) else []
            if child.dep_ == "prep" and child.lower_ in ("on", "against", "into", "to"):
                nouns = [c for c in child.children if c.dep_ == "pobj"]
            for noun in nouns:
                if noun.pos_ not in ("NOUN", "PROPN") or noun.ent_type_ in NOT_PARTIES:
                    continue
                owner = next((c for c in noun.children if c.dep_ == "poss" and is_party(c)), None)
                found.append(owner or noun)
    return found


def subjects_of(verb: Token) -> list[Token]:
    """The verb's subjects, or those of the verb it completes: "is planning to warn" (the planner),
    "asked X to send" (X), "said that Russia briefed China ... and asked Beijing" (Russia)."""
    head = verb
    for _ in range(4):
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects or head.dep_ not in INHERITS_SUBJECT or head.head.i == head.i:
            return [antecedent(s) for s in subjects]
        parent = head.head
        objects = [c for c in parent.children if c.dep_ == "dobj"]
        if head.dep_ == "xcomp" and objects:
            return objects  # object control: "asked Beijing to send"
        complement = next((c for c in parent.children if c.dep_ == "ccomp" and c.i < head.i), None)
        if head.dep_ == "conj" and complement is not None:
            head = complement  # the parser hung a reported verb on the cue: take the report's subject
            continue
        head = parent
    return []


def antecedent(subject: Token) -> Token:
    """What a pronoun subject stands for, where the sentence says: "the army, which attacked"
    (the army); "Syria says it is willing" (Syria, the subject of the reporting verb); "the United
    States completed its withdrawal" (the subject of the verb whose object the owned noun is)."""
    if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
        return subject.head.head
    if subject.lower_ in PRONOUNS:
        clause = subject.head if subject.dep_ != "poss" else subject.head.head
        if subject.dep_ == "poss":
            verb = clause
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            owner = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < subject.i), None)
            if owner is not None and owner.lower_ not in PRONOUNS:
                return owner
        while clause.dep_ not in ("ccomp", "ROOT") and clause.head.i != clause.i:
            clause = clause.head
        reporter = (
            next((c for c in clause.head.children if c.dep_ == "nsubj"), None) if clause.dep_ == "ccomp" else None
        )
        if reporter is not None and reporter.lower_ not in PRONOUNS and reporter.pos_ in ("NOUN", "PROPN"):
            return reporter
    return subject


def noun_arguments(noun: Token, sense: Sense) -> tuple[list[SpacySpan], list[SpacySpan]]:
    """'Russia's invasion of Ukraine', 'talks between X and Y', 'a meeting with X'."""
    owners = [antecedent(c) for c in noun.children if c.dep_ == "poss"]  # "their withdrawal": who they are
    actors = [phrase(c) for c in owners if c.pos_ != "PRON"]
    recipients = [
        phrase(o)
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ in NOUN_RECIPIENT_PREPOSITIONS
        for p in c.children
        if p.dep_ == "pobj" and (is_party(p) or national(p))
        for o in conjuncts(p)
    ]
    if noun.doc[noun.i - 1].ent_type_ in ("NORP", "GPE") and not actors:
        actors = [noun.doc[noun.i - 1 : noun.i]]  # "a Russian invasion"
    between = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"]
    if between and not actors and len(recipients) > 1:
        actors, recipients = recipients[:1], recipients[1:]  # "a call between A and B": A calls B
    if not recipients:  # "an investigation into the death of ...", "strikes on militant targets"
        recipients = [phrase(t) for t in object_heads([noun], sense)[:1]]
    return actors, recipients


def one_side(
    actors: list[SpacySpan], recipients: list[SpacySpan], sense: Sense, trigger: Token
) -> tuple[list[SpacySpan], list[SpacySpan]]:
    """A mutual event with coordinated actors and no other party: the first acts and the others receive,
    as PLOVER and PLV code it ("Jordan and Britain agreed to undertake exercises", "Mr. Xi and Mr. Putin
    met"), rather than what they do it about."""
    mutual = sense.event in MUTUAL_TYPES or trigger.lemma_.lower() in MUTUAL_WORDS
    if not mutual or len(actors) < 2 or any(is_party(r.root) or national(r.root) for r in recipients):
        return actors, recipients
    return actors[:1], actors[1:]


def named_below(head: Token, trigger: Token, actors: Sequence[SpacySpan]) -> list[SpacySpan]:
    """The last resort for a recipient: the named party nearest after the trigger in its clause's
    subtree, reported clauses and all ("provided $1.7 billion to support Syrian refugees in Jordan")."""
    taken = {t.i for span in actors for t in span}
    for token in (t for t in head.subtree if t.i > trigger.i and t.i not in taken):
        if token.ent_type_ in ENTITY_LABELS and token.ent_iob_ == "B":
            return [phrase(token.doc[token.i : token.i + 1].root)]
    return []


def conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def is_party(token: Token) -> bool:
    """Whether a noun phrase can be an actor: an entity, or people and bodies ("officials", "troops"),
    or a word for a person with the person in apposition ("his counterpart, Yang Jiechi")."""
    if token.ent_type_ in NOT_PARTIES:
        return False
    if (
        token.ent_type_ in ENTITY_LABELS
        or token.pos_ == "PROPN"
        or {token.lower_, token.lemma_.lower()} & SECTOR_WORDS.keys()
    ):
        return True
    return any(c.dep_ == "appos" and c.ent_type_ in ENTITY_LABELS for c in token.children)


def national(token: Token) -> bool:
    """A named party, or a noun a named one qualifies: "Israeli military policies", "Belarus's rulers"."""
    return token.ent_type_ in ("GPE", "NORP", "ORG") or any(
        c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ("GPE", "NORP", "ORG") for c in token.children
    )


def phrase(token: Token) -> SpacySpan:
    """The noun phrase of a head word, without a relative clause or apposition after it, but with
    the whole of the named entity it is part of."""
    doc = token.doc
    end = token.i + 1
    appositive = next((c for c in token.children if c.dep_ == "appos"), None)
    if appositive is not None and appositive.ent_type_ == "PERSON":
        token = appositive  # "his Chinese counterpart, Yang Jiechi": the person
        end = appositive.i + 1
    start = token.left_edge.i
    if token.ent_type_:  # "the Democratic People's Republic of Korea", whole (by the IOB tags: no doc.ents)
        first, last = token.i, token.i + 1
        while first > 0 and doc[first].ent_iob_ == "I":
            first -= 1
        while last < len(doc) and doc[last].ent_iob_ == "I":
            last += 1
        start, end = min(start, first), max(end, last)
    number = token.like_num or token.ent_type_ == "CARDINAL"
    counted = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"] if number else []
    if counted:  # "Hundreds of students": who they are
        end = max(end, counted[0].right_edge.i + 1)
    dashes = [t.i for t in doc[start : token.i] if t.text in DATELINE_MARKS and t.whitespace_ and t.i > start]
    if dashes:  # "PARIS (Reuters) - Fighters loyal to ...": a dateline the parser took into the phrase
        start = dashes[-1] + 1
    while start < end - 1 and doc[start].lower_ in DETERMINERS:
        start += 1
    return doc[start:end]
