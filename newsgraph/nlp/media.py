"""Where something was said, when the article names it.

"in a series of tweets" (Twitter), "Writing in The Washington Post", "told the
BBC", "in an interview with CNN", "in a statement". Read off the cue verb's
dependents (and those of a participle it hangs from: "Writing in X, ... said").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.records import Attribution

# Nouns that name a medium, with the platform they imply.
PLATFORMS = {"tweet": "Twitter", "twitter": "Twitter", "facebook": "Facebook", "instagram": "Instagram"}
MEDIUM_NOUNS = frozenset(
    """tweet post interview statement op-ed column article letter speech broadcast podcast video
    briefing conference blog editorial essay memo email message""".split()
)
PREPOSITIONS = frozenset({"in", "on", "to", "during", "via", "through"})
WRITING_VERBS = frozenset({"write", "speak", "post", "tweet"})
MEDIA_LABELS = frozenset({"ORG", "WORK_OF_ART"})


def medium_of(doc: Doc, attribution: Attribution) -> str | None:
    """The medium of an attribution, or None when the article does not name one."""
    if attribution.cue is None:
        return None
    cue = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    if cue is None:
        return None
    verb = cue.root
    if verb.lemma_ == "tweet":
        return "Twitter"
    for phrase in phrases(verb):
        if medium := medium_in(phrase):
            return medium
    return None


def phrases(verb: Token) -> list[list[Token]]:
    """Dependents of the verb that can name a medium: 'in ...', 'told the BBC', 'Writing in ...'."""
    found = []
    for child in verb.children:
        if (child.dep_ == "prep" and child.lower_ in PREPOSITIONS) or (
            child.dep_ in ("dative", "dobj") and verb.lemma_ == "tell"
        ):
            found.append(list(child.subtree))
        elif child.dep_ == "advcl" and child.lemma_ in WRITING_VERBS:
            found += [list(c.subtree) for c in child.children if c.dep_ == "prep" and c.lower_ in PREPOSITIONS]
    return found


def medium_in(tokens: list[Token]) -> str | None:
    for token in tokens:
        if token.ent_type_ in MEDIA_LABELS and token.ent_iob_ == "B":
            ent = next(e for e in token.doc.ents if e.start == token.i)
            return ent.text
    for token in tokens:
        lemma = token.lemma_.lower()
        if lemma in PLATFORMS:
            return PLATFORMS[lemma]
        if lemma in MEDIUM_NOUNS:
            return lemma
    return None
