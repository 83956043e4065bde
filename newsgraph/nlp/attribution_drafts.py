"""The rules the learned attribution model's drafts go through after the nets (see ``attribution_model``):
contents snapped to the quotes, dash and colon cues found by pattern ("“...” ― Name", "PENCE: ..."),
the syntactic rules' drafts merged in, one attribution per content, and the edges of cues, sources
and contents trimmed to the PolNeAR conventions (objects and addressees of the cue, dangling words)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from newsgraph.ingest.cleaning import in_regions
from newsgraph.nlp.attributions import (
    Draft,
    attach_quotes,
    continued,
    split_paragraphs,
    syntactic_attributions,
    trim,
)
from newsgraph.nlp.cues import CueClass, cue_class
from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.quotes import Quote
from newsgraph.records import Span


def cue_lemma_class(tokens: Sequence[Token]) -> CueClass:
    """The class of a cue of several words: speech if any word says so, else belief, intention."""
    classes = {cue_class(t.lemma_.lower()) for t in tokens}
    for kind in ("speech", "belief", "intention"):
        if kind in classes:
            return kind  # type: ignore[return-value]
    return "speech"


def quote_spans(text: str, quotes: Sequence[Quote]) -> list[Span]:
    return [Span.of(text, s, e) for q in quotes for s, e in q.segments]


def word_starts(text: str, start: int, end: int) -> list[int]:
    return [m.start() for m in WORD.finditer(text, start, end)]


WORD = re.compile(r"\w+")
#: A content edge this many words or fewer from a quote's edge is moved onto it.
SNAP_WORDS = 2


def snap_to_quotes(draft: Draft, doc: Doc, pieces: Sequence[tuple[int, int]], quotes: Sequence[Quote]) -> None:
    """Add character ``pieces`` to the draft's content, their edges moved onto nearby quote marks.

    A quote is taken whole where the content reaches into it from outside, or where
    the draft's cue is outside the quote (a model that stops a few words short of a
    closing mark). When the cue is inside the quote (a nested attribution: “We think
    that ...,” he said), an edge moves onto the quote's edge only when a word or two
    away (``SNAP_WORDS``), and never over the draft's own cue or source. Pieces are
    split at paragraph breaks and trimmed of dangling punctuation, except at a quote's
    closing mark and inside a quote that runs on to the next paragraph.
    """
    text = doc_text(doc)
    own = [t.idx for t in (*draft.cue, *draft.source)]
    segments = sorted((s, e, n) for n, q in enumerate(quotes) for s, e in q.segments)
    for start, end in pieces:
        for qs, qe, number in segments:
            if qe <= start or qs >= end:
                continue
            inner = word_starts(text, qs, qe)
            if not inner:
                continue
            nested = any(qs <= c < qe for c in own)
            words_before = sum(1 for w in inner if w < start)
            words_after = sum(1 for w in inner if w >= end)
            if start > qs and not any(qs <= c < start for c in own) and (not nested or words_before <= SNAP_WORDS):
                start = qs
            if (
                end < qe
                and not any(end <= c < qe for c in own)
                and (not nested or words_after <= SNAP_WORDS or start < qs)
            ):
                end = qe
            if start <= qs and end >= qe:
                draft.quotes.add(number)
        words = [m.start() for m in WORD.finditer(text, start, end)]
        draft.unquoted |= any(not any(s <= w < e for s, e, _ in segments) for w in words)
        draft.quoted |= bool(draft.quotes)
        for s, e in split_paragraphs(text, start, end):
            in_quote = any(qs <= s < qe and e <= qe for qs, qe, _ in segments)
            s, trimmed = trim(text, s, e)
            e = e if in_quote else trimmed
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                draft.content.append((s, e))
    draft.content = sorted(set(draft.content))


DASH_CUE = re.compile(
    r"[ \t\u00a0]*(―|—|–|--)[ \t\u00a0]*"
    r"([A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,5})[ \t\u00a0.,]*(?=\n|\Z)"
)


def dash_attributions(doc: Doc, quotes: Sequence[Quote]) -> list[Draft]:
    """“...” ― Name: a quote closed by a dash and a name at the end of its line (vox pops, epigraphs)."""
    drafts = []
    text = doc_text(doc)
    for number, quote in enumerate(quotes):
        found = DASH_CUE.match(text, quote.end)
        if not found or in_regions(quote.start, quote.end, doc._.regions or []):
            continue
        cue = doc.char_span(*found.span(1), alignment_mode="expand")
        source = doc.char_span(*found.span(2), alignment_mode="expand")
        if cue is None or source is None or len(cue) == 0 or len(source) == 0:
            continue
        draft = Draft(cue=list(cue), source=list(source), content=list(quote.segments), cue_class="speech")
        draft.quotes.add(number)
        draft.quoted = True
        drafts.append(draft)
    return drafts


HEADLINE_CUE = re.compile(r"\A[ \t]*([A-Z][\w.'’-]*(?:[ ][A-Z\d][\w.'’-]*){0,5})(:)[ ]+(\S[^\n]*?)[.]?[ \t]*(?=\n|\Z)")
TRANSCRIPT_CUE = re.compile(r"^[\"“]?([A-Z][A-Z.'’ -]{1,30}[A-Z.])(:)[ ]+(\S[^\n]*?)[ \t]*$", re.M)


def colon_attributions(doc: Doc) -> list[Draft]:
    """Colon cues: a headline "Name: what they said", and transcript lines "PENCE: ..." (a label used twice)."""
    text = doc_text(doc)
    found = []
    headline = HEADLINE_CUE.match(text)
    if headline and not headline.group(1).startswith("The ") and not headline.group(1).isupper():
        found.append(headline)
    lines = list(TRANSCRIPT_CUE.finditer(text))
    labels = [m.group(1) for m in lines]
    found += [m for m in lines if labels.count(m.group(1)) >= 2]
    drafts = []
    for match in found:
        if in_regions(match.start(2), match.end(2), doc._.regions or []):
            continue
        source = doc.char_span(*match.span(1), alignment_mode="expand")
        cue = doc.char_span(*match.span(2), alignment_mode="expand")
        if not source or not cue:
            continue
        content = trim(text, *match.span(3))
        if content[1] > content[0]:
            drafts.append(Draft(cue=list(cue), source=list(source), content=[content], cue_class="speech"))
    return drafts


def merge_rule_drafts(model: list[Draft], rules: Sequence[Draft]) -> list[Draft]:
    """Rule drafts replace the model's drafts on the same quote (not those nested inside it)."""
    for rule in rules:
        start, end = rule.content[0][0], rule.content[-1][1]

        def nested_or_apart(draft: Draft, start: int = start, end: int = end) -> bool:
            cue_inside = bool(draft.cue) and start <= draft.cue[0].idx < end
            overlaps = any(s < end and start < e for s, e in draft.content)
            return cue_inside or not overlaps

        model = [d for d in model if nested_or_apart(d)]
        model.append(rule)
    return model


def one_per_content(drafts: Sequence[Draft]) -> list[Draft]:
    """Of drafts with the same content, keep the one whose cue is nearest it, then the shortest cue.

    PolNeAR gives a content one attribution (3 of 19,832 in its train split share one), and where
    two cues took it, a redrawn one ("began by saying") and the word inside it ("saying"), or an
    outer and a nested one ("reported that ..., conveyed | that ..."), the nearer governs it.
    """

    def distance(draft: Draft) -> tuple[int, int]:
        if not draft.cue:  # a continuation: any cue is nearer
            return (1 << 30, 0)
        start, end = draft.cue[0].idx, draft.cue[-1].idx + len(draft.cue[-1])
        return max(0, draft.content[0][0] - end, start - draft.content[-1][1]), end - start

    nearest: dict[tuple[tuple[int, int], ...], Draft] = {}
    for draft in drafts:
        key = tuple(draft.content)
        if key not in nearest or distance(draft) < distance(nearest[key]):
            nearest[key] = draft
    return [draft for draft in drafts if nearest[tuple(draft.content)] is draft]


def rule_drafts(doc: Doc, quotes: Sequence[Quote]) -> list[Draft]:
    """The syntactic rules' drafts, quotes attached, as ``AttributionFinder`` makes them."""
    return attach_quotes(doc, quotes, syntactic_attributions(doc, quotes))


def add_missing(drafts: list[Draft], others: Sequence[Draft]) -> list[Draft]:
    """Add the drafts of ``others`` whose cue and content overlap nothing in ``drafts``."""

    def cue_range(d: Draft) -> tuple[int, int]:
        return (d.cue[0].idx, d.cue[-1].idx + len(d.cue[-1])) if d.cue else (-1, -1)

    for other in others:
        if not other.content:
            continue
        cs, ce = cue_range(other)
        clash = any(
            (s < ce and cs < e) or any(a < y and x < b for a, b in d.content for x, y in other.content)
            for d in drafts
            for s, e in [cue_range(d)]
        )
        if not clash:
            drafts.append(other)
    return drafts


def drop_cue_objects(draft: Draft, doc: Doc, quotes: Sequence[Quote]) -> None:
    """Drop from a content of several pieces what PolNeAR leaves out of it: next to the quotes of a
    direct quote, a short unquoted piece right after the cue or its "of" ("says of | Clinton | “...”",
    "put | it | “...”", "“...,” she said of | the plan |"); the addressee of "tell" when more follows
    ("telling | reporters | to ..."); an adverbial of the cue before it ("Ahead of the call, | X said");
    adverbs alone right after the cue, before more of the content ("noted | only | that ...")."""
    if not draft.cue or len(draft.content) < 2:
        return
    text = doc_text(doc)
    segments = {(s, e) for q in quotes for s, e in q.segments}
    cue_start, cue_end = draft.cue[0].idx, draft.cue[-1].idx + len(draft.cue[-1])
    quoted_content = any(piece in segments for piece in draft.content)
    kept = []
    for number, (s, e) in enumerate(draft.content):
        quoted = (s, e) in segments
        short = len(WORD.findall(text, s, e)) <= SHORT_OBJECT_WORDS
        more_follows = number + 1 < len(draft.content)
        between = text[cue_end:s].strip()
        object_of_cue = short and (not between or (between in TOPIC_PREPOSITIONS and quoted_content))
        if not quoted and object_of_cue and (quoted_content or (more_follows and is_addressee(doc, draft.cue, s, e))):
            continue
        if not quoted and e <= cue_start and more_follows and is_cue_modifier(doc, draft.cue, s, e):
            continue
        if not quoted and more_follows and s >= cue_end and not between and is_lone_adverb(doc, s, e):
            continue
        kept.append((s, e))
    draft.content = kept


def drop_addressee(draft: Draft, doc: Doc) -> None:
    """A content that begins with whom the cue tells, and goes on, begins after it ("telling | reporters
    to “stay tuned.”" becomes "telling reporters | to “stay tuned.”"): PolNeAR's train split leaves
    the addressee of tell, inform, assure, remind or brief out of the content 528 times and in 31."""
    if not draft.cue or not draft.content:
        return
    start, end = draft.content[0]
    for addressee in addressees(draft.cue):
        after = addressee.right_edge.i + 1
        if addressee.left_edge.idx == start and after < len(doc) and doc[after].idx < end:
            draft.content[0] = trim(doc_text(doc), doc[after].idx, end)
            return


def drop_dangling_words(draft: Draft, doc: Doc, quotes: Sequence[Quote]) -> None:
    """End no unquoted content piece with a function word whose phrase goes on after it ("... more
    Muslim refugees on |", "... defenses and |", "... left the |"): a boundary the model overshot.
    PolNeAR's train split ends 2 of 19,832 contents with such a preposition and none with "and" or
    "the"; a stranded preposition ("what they disagree with") has no object and stays."""
    segments = {(s, e) for q in quotes for s, e in q.segments}
    trimmed = []
    for s, e in draft.content:
        span = doc.char_span(s, e, alignment_mode="expand")
        if (s, e) not in segments and span is not None:
            last = span.end - 1
            while last > span.start and is_dangling(doc[last], last + 1):
                last -= 1
            if last < span.end - 1:
                s, e = trim(doc_text(doc), s, doc[last].idx + len(doc[last]))
        if e > s:
            trimmed.append((s, e))
    draft.content = trimmed


#: Prepositions that PolNeAR puts in the cue when the content is their object ("warned against |
#: hackers", "spoke of | the legacy"): in its train split 2,300 times in the cue, 100 in the content.
CUE_PREPOSITIONS = frozenset({"about", "against", "for", "of", "on", "over", "with"})


def take_cue_preposition(draft: Draft, doc: Doc) -> None:
    """Move into the cue a preposition of the cue whose object is the content ("warned | against
    hackers" becomes "warned against | hackers"), whether the model put it in the content or in neither;
    "said on Monday | she would go" keeps its adverbial out of the cue."""
    if not draft.cue or not draft.content:
        return
    after = draft.cue[-1].i + 1
    if after + 1 >= len(doc):
        return
    preposition, following = doc[after], doc[after + 1]
    if preposition.lower_ not in CUE_PREPOSITIONS or preposition.dep_ != "prep" or preposition.head not in draft.cue:
        return
    start, end = draft.content[0]
    phrase_end = preposition.right_edge.idx + len(preposition.right_edge)
    if start not in (preposition.idx, following.idx) or not following.idx < end <= phrase_end:
        return
    draft.cue.append(preposition)
    draft.content[0] = (following.idx, end)


def is_dangling(token: Token, end: int) -> bool:
    """``token`` is a function word whose phrase goes on at or after token index ``end``: a preposition
    before its object, a determiner, possessive, marker or auxiliary before its head, a conjunction
    before its second conjunct."""
    if token.pos_ == "ADP":
        return any(c.i >= end and c.dep_ in ("pobj", "pcomp") for c in token.children)
    if token.dep_ in ("det", "poss", "mark", "aux"):
        return token.head.i >= end
    if token.dep_ == "cc":
        return any(c.i >= end and c.dep_ == "conj" for c in token.head.children)
    return False


def is_lone_adverb(doc: Doc, start: int, end: int) -> bool:
    """The piece is adverbs only ("noted | only | that ...": a focus adverb, not what was noted)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and all(t.pos_ == "ADV" for t in span)


def cue_dependent(doc: Doc, cue: Sequence[Token], start: int, end: int, deps: Iterable[str]) -> Token | None:
    """The root of the piece ``start:end`` when it hangs from a cue word by one of ``deps``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    root = span.root if span is not None else None
    return root if root is not None and root.dep_ in deps and root.head in cue else None


def is_addressee(doc: Doc, cue: Sequence[Token], start: int, end: int) -> bool:
    """The piece is whom the cue tells ("told | reporters | to ..."); "urged | Republicans to ..." keeps
    its object, as PolNeAR does."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span.root in addressees(cue)


TELL = frozenset({"tell", "inform", "assure", "remind", "brief"})


def addressees(cue: Sequence[Token]) -> list[Token]:
    """Whom the cue tells: the objects of its tell, inform, assure, remind or brief."""
    return [child for word in cue if word.lemma_ in TELL for child in word.children if child.dep_ in ("dobj", "dative")]


def is_cue_modifier(doc: Doc, cue: Sequence[Token], start: int, end: int) -> bool:
    """The piece is an adverbial of the cue ("Ahead of the call, | X said")."""
    return cue_dependent(doc, cue, start, end, ("prep", "advmod", "npadvmod")) is not None


SHORT_OBJECT_WORDS = 3
#: "“...,” she said of | the proceedings |": the topic of a direct quote is not its content.
TOPIC_PREPOSITIONS = frozenset({"of", "about"})


def unrelated_source(cue: Sequence[Token], source: Sequence[Token]) -> bool:
    """A noun cue's source is its possessor or complement ("Trump's claim", "reports from X") or the
    subject of the verb it is the object of ("X made the claim"); any other is a guess ("Biden plans
    to warn Xi amid reports that ...", where the reports are not Biden's)."""
    if not cue or not source:
        return False
    root = min(cue, key=lambda t: len(list(t.ancestors)))
    if root.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(t in source for t in root.subtree):
        return False
    light_verb_object = root.dep_ in ("dobj", "attr")
    return not (light_verb_object and any(t.head == root.head and t.dep_ == "nsubj" for t in source))


def add_continuations(doc: Doc, quotes: Sequence[Quote], drafts: list[Draft]) -> list[Draft]:
    """A quoted sentence that no attribution touches continues the speech attribution before it (``continued``)."""
    covered = [(s, e) for d in drafts for s, e in d.content]
    text = doc_text(doc)
    for number, quote in enumerate(quotes):
        if any(s < quote.end and quote.start < e for s, e in covered):
            continue
        if in_regions(quote.start, quote.end, doc._.regions or []):
            continue
        draft = continued(text, quote, drafts)
        if draft is None:
            continue
        draft.quotes.add(number)
        draft.quoted = True
        draft.content = sorted({*draft.content, *quote.segments})
    return drafts
