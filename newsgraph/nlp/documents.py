"""Who speaks through a source: the antecedent of "which" or "who", the maker of a document ("The
ad said": the RNC that released it)."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsgraph.nlp.people import RELATIVE_PRONOUNS
from newsgraph.nlp.speaker_words import DOCUMENT_HORIZON, DOCUMENTS, MAKING


def referent(span: SpacySpan) -> SpacySpan:
    """What a source stands for: the antecedent of "which" or "who", the author of "an
    announcement from X"."""
    doc = span.doc
    relative = any(t.lower_ in RELATIVE_PRONOUNS for t in span) and len(span) <= 4  # "most of whom"
    if relative and span.root.head.dep_ == "relcl":
        antecedent = span.root.head.head  # "a joint statement which said": the statement
        span = doc[antecedent.left_edge.i : antecedent.i + 1]
    if span.root.lemma_ in DOCUMENTS:
        if (found := issuer(span.root)) is not None:
            return found
        if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in span.root.children):
            # "The ad": the maker of the ad the article spoke of before ("The RNC released an ad")
            first = span.root.sent.start
            for _ in range(DOCUMENT_HORIZON):
                first = doc[first - 1].sent.start if first > 0 else 0
            for token in reversed(doc[first : span.root.i]):
                if token.lemma_ == span.root.lemma_ and (found := issuer(token, made=True)) is not None:
                    return found
    return span


def issuer(document: Token, made: bool = False) -> SpacySpan | None:
    """Who issued a document, as the noun phrase says ("the GOP's complaint", "a study by X", "a
    Clinton ad") or, with ``made``, as its clause does ("The RNC released an ad")."""
    doc = document.doc
    for child in document.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
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
    verb = document.head
    if made and document.dep_ == "dobj" and verb.lemma_ in MAKING:
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        if subject is not None:
            return doc[subject.left_edge.i : subject.i + 1]
    return None
