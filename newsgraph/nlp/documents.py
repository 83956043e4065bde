"""Who speaks through a source: the antecedent of "which" or "who", the maker of a document ("The
ad said": the RNC that released it), the sponsor a poll is named by ("a new Washington Post-ABC
News poll")."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.people import RELATIVE_PRONOUNS
from newsgraph.nlp.speaker_words import DOCUMENT_HORIZON, DOCUMENT_KINDS, DOCUMENTS, MAKING, NOMINALISED, POLLS

POSSESSIVE_PRONOUNS = frozenset("his her its their".split())
# Parts of a body that speak for it, and the verbs that say where a document was published.
PARTS = frozenset("panel bench".split())
PUBLISHED = frozenset("appear publish".split())
PLACES_AND_BODIES = frozenset("GPE LOC FAC ORG".split())


def referent(span: SpacySpan) -> SpacySpan:
    """What a source stands for: the antecedent of "which" or "who", the author of "an
    announcement from X"."""
    doc = span.doc
    relative = any(t.lower_ in RELATIVE_PRONOUNS for t in span) and len(span) <= 4  # "most of whom"
    if relative and span.root.head.dep_ == "relcl":
        antecedent = animate(span.root.head.head, span)  # "a joint statement which said": the statement
        span = doc[antecedent.left_edge.i : antecedent.i + 1]
    document = span.root
    # "A three-judge panel of the U.S. Court of Appeals": a part of a body speaks for it
    if document.lemma_ in PARTS and (whole := of_body(document)) is not None:
        return whole
    # a poll speaks for itself, named by its sponsor (poll_name)
    if document.lemma_ in DOCUMENTS and document.lemma_.lower() not in POLLS:
        if (found := issuer(document)) is not None or (found := in_document(document)) is not None:
            return found
        if is_definite(document) and (found := earlier_maker(document)) is not None:
            return found
    return span


def animate(antecedent: Token, relative: SpacySpan) -> Token:
    """ "Who" takes a person or people: when the parser hangs "who" on the object of a preposition that
    is a place or a body ("nervous Democrats on Capitol Hill, who have argued"), its antecedent is the
    noun the prepositional phrase modifies."""
    preposition = antecedent.head
    if (
        any(t.lower_ in ("who", "whom") for t in relative)
        and antecedent.dep_ == "pobj"
        and antecedent.ent_type_ in PLACES_AND_BODIES
        and preposition.head.pos_ in ("NOUN", "PROPN")
        and preposition.head.i < preposition.i
    ):
        return preposition.head
    return antecedent


def whom_antecedent(quantifier: Token) -> SpacySpan | None:
    """What "whom" in "most of whom", "many of whom" stands for: the noun phrase just before, set off
    by a comma or a dash ("95 retired generals and admirals -- most of whom had ..."; "family members
    of 9/11 victims, many of whom say"), whose head is the first noun of a chain of "of" phrases."""
    doc = quantifier.doc
    before = quantifier.i - 1
    if before < 1 or not doc[before].is_punct or doc[before].lower_ not in (",", "--", "-", "—", "–"):
        return None
    noun = doc[before - 1]
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    last = noun
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):  # "generals and admirals"
        noun = noun.head
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head.head  # "family members of 9/11 victims"
    return doc[noun.left_edge.i : last.i + 1]


def of_body(part: Token) -> SpacySpan | None:
    """The named body after "of" ("a panel of the U.S. Court of Appeals")."""
    of = next((c for c in part.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if whole is None or whole.pos_ != "PROPN":
        return None
    return part.doc[whole.left_edge.i : whole.right_edge.i + 1]


def is_definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)


def same_kind(one: str, other: str) -> bool:
    return one == other or any(one in kind and other in kind for kind in DOCUMENT_KINDS)


def sentences_back(token: Token, count: int) -> int:
    """The index of the first token ``count`` sentences before ``token``'s."""
    doc = token.doc
    first = token.sent.start
    for _ in range(count):
        first = doc[first - 1].sent.start if first > 0 else 0
    return first


def earlier_maker(document: Token) -> SpacySpan | None:
    """ "The ad", "the ruling": the maker of the document the article spoke of before, by any noun of
    its kind ("A web video by the RNC ... The ad"), or the subject of the verb it is named for
    ("The appeals court ruled ... the ruling")."""
    doc = document.doc
    verb = NOMINALISED.get(document.lemma_)
    horizon = sentences_back(document, DOCUMENT_HORIZON)
    for token in reversed(doc[: document.i]):
        if same_kind(token.lemma_, document.lemma_) and token.pos_ in ("NOUN", "PROPN"):
            if (found := issuer(token, made=True)) is not None or (found := in_document(token)) is not None:
                return found
            # "The film ... The film": the first one's maker; "a new ad ... The spot": the new ad's,
            # which the text does not give, not an older one's
            return earlier_maker(token) if is_definite(token) else None
        elif verb and token.lemma_ == verb and token.pos_ == "VERB" and token.i >= horizon:
            subject = next((c for c in token.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
            if subject is not None:
                return doc[subject.left_edge.i : subject.right_edge.i + 1]
    return None


def in_document(document: Token) -> SpacySpan | None:
    """ "In a statement, the union said": the subject of the clause the document is the setting of."""
    preposition = document.head
    if document.dep_ != "pobj" or preposition.lower_ != "in" or preposition.head.pos_ != "VERB":
        return None
    subject = next((c for c in preposition.head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    return document.doc[subject.left_edge.i : subject.right_edge.i + 1]


def issuer(document: Token, made: bool = False) -> SpacySpan | None:
    """Who issued a document, as the noun phrase says ("the GOP's complaint", "a study by X", "a
    Clinton ad", "her documentary") or, with ``made``, as its clause does ("The RNC released an ad")."""
    doc = document.doc
    for child in document.children:
        if child.dep_ == "poss" and (child.pos_ == "PROPN" or child.lower_ in POSSESSIVE_PRONOUNS):
            return doc[child.left_edge.i : child.i + 1]
        # "a Times article", "a Hillary Clinton ad"; one capitalised word opening the sentence is too
        # often a tagging slip ("Exit polls showed"), and one word tagged a person too ("Exit")
        if child.dep_ != "compound" or child.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
            continue
        alone = child.i == child.left_edge.i
        if not (alone and (child.is_sent_start or child.ent_type_ == "PERSON")):
            return doc[child.left_edge.i : child.i + 1]
    for token in document.subtree:
        obj = next((c for c in token.children if c.dep_ == "pobj"), None)
        if token.lower_ in ("from", "by") and obj is not None:
            return doc[obj.left_edge.i : obj.right_edge.i + 1]
        # "a study that appeared in the British Medical Journal": the journal that published it
        published = token.lower_ == "in" and token.head.lemma_ in PUBLISHED and token.head.head.i == document.i
        if published and obj is not None and obj.pos_ == "PROPN":
            return doc[obj.left_edge.i : obj.right_edge.i + 1]
    # "a speech Mrs. Clinton delivered", "the report the agency released": the subject of the clause on it
    for clause in document.rights:
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause.dep_ == "relcl" else None
        if subject is not None and subject.pos_ == "PROPN":
            return doc[subject.left_edge.i : subject.right_edge.i + 1]
    verb = document.head
    if made and document.dep_ == "dobj" and verb.lemma_ in MAKING:
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        if subject is not None:
            return doc[subject.left_edge.i : subject.right_edge.i + 1]
    return None


def sponsor(poll: Token) -> str | None:
    """Who a poll is by, as the text names it: the proper nouns before the noun ("a new Washington
    Post-ABC News national poll", "Gallup's poll") or after "by" ("a poll by Quinnipiac University")."""
    words = [t for c in poll.lefts if c.dep_ in ("compound", "nmod", "poss") for t in c.subtree if t.pos_ == "PROPN"]
    for child in poll.rights:
        if child.lower_ in ("by", "from"):
            words += [t for t in child.subtree if t.pos_ == "PROPN"]
            break
    if not words:
        return None
    first, last = min(words, key=lambda t: t.i), max(words, key=lambda t: t.i)
    return doc_text(poll.doc)[first.idx : last.idx + len(last)]


def poll_name(span: SpacySpan) -> tuple[str, str] | None:
    """The name of the poll a source is ("Bloomberg poll"), and how the text says so: its sponsor,
    or the sponsor of the poll spoken of before ("the poll"); a headline's "Poll:" is the first
    poll the article names."""
    poll = span.root
    if poll.lemma_.lower() not in POLLS or poll.tag_ in ("NNS", "NNPS"):
        return None
    if (name := sponsor(poll)) is not None:
        return f"{name} poll", f"{span.text!r} is a poll by {name!r}"
    doc = poll.doc
    # "the poll" is the one the article is about, however far back it named it
    before = [t for t in doc[: poll.i] if t.lemma_.lower() in POLLS]
    for token in reversed(before):
        if (name := sponsor(token)) is not None:
            return f"{name} poll", f"{span.text!r} is the poll by {name!r} spoken of before"
    if any(t.lemma_.lower() in POLLS for t in doc[: poll.i]):
        return None
    starts = 0
    for token in doc[span.end :]:
        starts += token.is_sent_start
        if starts > DOCUMENT_HORIZON:
            break
        if token.lemma_.lower() in POLLS and (name := sponsor(token)) is not None:
            return f"{name} poll", f"{span.text!r} is the poll by {name!r} the article goes on to name"
    return None
