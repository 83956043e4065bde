"""What a source's words are, before who they mean: a dummy "it" ("it appeared that"), an
imperative ("don't expect"), a body's name the tagger missed, a given name before a surname, the
conjuncts of a source's head, the names a headline's capitals run together, and the noun phrase
an unnamed source is named by."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.people import (
    MAX_NAME_WORDS,
    NOT_NAMES,
    POSSESSIVE,
    TITLE_ABBREVIATIONS,
    TITLE_WORDS,
    name_words,
)
from newsgraph.nlp.speaker_words import ASIDES


def untagged_body(head: Token) -> str | None:
    """A name of capitalised words the tagger left untagged ("the 2014 American Community Survey"):
    a body's, when no word of it is a person's or a title."""
    words = [head]
    for token in reversed(list(head.lefts)):
        if token.i != words[0].i - 1 or token.dep_ != "compound" or token.pos_ != "PROPN" or not token.is_title:
            break
        words.insert(0, token)
    if len(words) < 2 or not head.is_title or any(t.ent_type_ or t.lower_ in TITLE_WORDS for t in words):
        return None
    return doc_text(head.doc)[words[0].idx : head.idx + len(head)]


def is_expletive(token: Token) -> bool:
    """A dummy "it" whose clause is put after the verb ("It is apparent that ...", "it appeared that ..."):
    it refers to nothing."""
    if token.lower_ != "it":
        return False
    if token.dep_ == "expl":
        return True
    verb = token.head
    clause = any(
        c.dep_ == "ccomp" and c.i > verb.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in verb.children
    )
    return token.dep_ == "nsubj" and verb.lemma_ in ("appear", "seem", "be") and clause


def is_imperative(verb: Token) -> bool:
    """A verb in the imperative ("But don't expect a new Trump"): base form, no subject, the main clause."""
    return (
        verb.tag_ == "VB"
        and verb.dep_ == "ROOT"
        and not any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") or (c.dep_ == "aux" and c.tag_ == "MD") for c in verb.children
        )
        and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def given_name(token: Token) -> bool:
    """A capitalised word in the body before a surname that can be a given name: no title ("Sen."),
    no tagged name of a place or body, no word that is never a name."""
    return (
        token.is_title
        and not token.ent_type_
        and token.lower_ not in TITLE_WORDS
        and token.lower_ not in TITLE_ABBREVIATIONS
        and token.lower_ not in NOT_NAMES
    )


def conjunct_of(token: Token, head: Token) -> bool:
    """Whether ``token`` is ``head`` or joined to it by "and" and appositions only; or names a
    conjunct ("The New York Times and the Gannett newspaper chain"), not one in apposition ("McFaul,
    a fellow ... and a former United States ambassador")."""
    naming = token.dep_ == "compound"
    while token.dep_ == "compound" and token.head.i != token.i:
        token = token.head
    while token.i != head.i:
        if token.dep_ not in ("conj", "appos") or token.head.i == token.i or (naming and token.dep_ == "appos"):
            return False
        token = token.head
    return True


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
