"""Rule-based attribution extraction over spaCy's dependency parse.

Two passes, in the manner of the rule systems of Pareti (2015, PARC) and of the
Gender Gap Tracker's quote extractor:

1. Syntactic: a cue verb (see ``cues``) with a clausal complement gives an
   attribution; its subject (followed up through participles and conjuncts,
   "..., adding that ...") is the source, the complement is the content, and
   the quote marks inside the content decide whether it is direct, mixed or
   indirect. "According to X, ..." gives X as source of the rest of the clause.
2. Quote marks: a quote that no cue's complement took is attached to the cue
   verb it depends on or, failing that, to the nearest speech cue in its
   sentences; a long quote with no cue of its own continues the attribution
   just before it (same paragraph, or the next paragraph).

Nothing inside a non-body region (caption, byline, ...) is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.ingest.cleaning import in_regions
from newsgraph.nlp.cues import CueClass, cue_class
from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.quotes import OPENING, STRAIGHT, Quote, find_quotes
from newsgraph.records import Attribution, AttributionKind, Span

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
COMPLEMENTS = ("ccomp",)
# Participles and conjuncts take the subject of the verb they hang from.
INHERITS_SUBJECT = ("advcl", "xcomp", "conj", "pcomp", "prep", "acl")
RELATIVE_PRONOUNS = ("which", "who", "that", "whom")
CUE_MODIFIERS = ("aux", "auxpass", "neg", "prt")
EDGE_PUNCT = ",;:—–-"
# A quote of fewer words with no cue is a scare quote or a title, not an attribution.
MIN_CONTINUATION_WORDS = 4
#: What ends the text before a quote that opens a sentence (a closing quote mark included).
SENTENCE_ENDS = frozenset(".!?…:\"'”’")
#: A quote that ends a sentence inside its marks ("....”, "...?”"), not "...,” (a cue follows) or "...” workers.
QUOTED_SENTENCE_END = re.compile(r"[.!?…][\"'”’]+\s*\Z")
SENTENCE_END_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+\Z|\b(?:Jr|Sr|Inc|Co|Corp|Ltd)\.\Z")
PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")


@dataclass
class Draft:
    """An attribution while it is being built: token-level pieces, mutable."""

    cue: list[Token]
    source: list[Token]
    content: list[tuple[int, int]]
    cue_class: CueClass
    quoted: bool = False  # the content holds quote marks
    unquoted: bool = False  # the content holds words outside quote marks
    quotes: set[int] = field(default_factory=set)  # indexes of the quotes it took

    @property
    def end(self) -> int:
        return self.content[-1][1] if self.content else 0

    @property
    def kind(self) -> AttributionKind:
        if self.cue_class != "speech":
            return self.cue_class
        if self.quoted and not self.unquoted:
            return "direct"
        return "mixed" if self.quoted else "indirect"


@Language.factory(
    "newsgraph_attributions",
    requires=["token.dep", "token.lemma", "token.pos", "doc.sents", "doc._.regions"],
    assigns=["doc._.attributions", "doc._.quotes"],
)
def make_attribution_finder(nlp: Language, name: str) -> AttributionFinder:
    return AttributionFinder()


class AttributionFinder:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        quotes = [q for q in find_all_quotes(text) if not in_regions(q.start, q.end, doc._.regions)]
        doc._.quotes = [Span.of(text, s, e) for q in quotes for s, e in q.segments]
        drafts = syntactic_attributions(doc, quotes)
        drafts = attach_quotes(doc, quotes, drafts)
        doc._.attributions = [to_record(doc, text, d) for d in drafts if d.content]
        return doc


def syntactic_attributions(doc: Doc, quotes: Sequence[Quote]) -> list[Draft]:
    drafts = []
    for token in doc:
        if in_regions(token.idx, token.idx + len(token), doc._.regions) or inside(token, quotes):
            continue
        if token.lower_ == "according" and (draft := according_to(token, quotes)):
            drafts.append(draft)
            continue
        kind = cue_class(token.lemma_)
        if kind is None or token.pos_ not in ("VERB", "AUX"):
            continue
        complement = next((c for c in token.children if c.dep_ in COMPLEMENTS), None)
        if complement is None:
            complement = quoted_object(token, quotes)
        if complement is None:
            continue
        draft = Draft(cue=cue_tokens(token), source=subject_tokens(token), content=[], cue_class=kind)
        add_content(draft, doc, tokens_between(complement.left_edge, complement.right_edge), quotes)
        drafts.append(draft)
    return drafts


def according_to(token: Token, quotes: Sequence[Quote]) -> Draft | None:
    """ "According to X, CLAUSE": X is the source of the clause the phrase modifies."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if obj is None:
        return None
    clause = token.head
    while clause.dep_ not in ("ROOT", "ccomp") and clause.head != clause:
        clause = clause.head
    phrase = {t.i for t in token.subtree}
    content = [t for t in clause.subtree if t.i not in phrase]
    draft = Draft(cue=[token, to], source=list(obj.subtree), content=[], cue_class="speech")
    add_content(draft, token.doc, content, quotes)
    return draft


def quoted_object(verb: Token, quotes: Sequence[Quote]) -> Token | None:
    """A direct or prepositional object made of or holding a quote ('called for “peace”')."""
    for child in verb.children:
        if child.dep_ in ("dobj", "prep") and any(inside(t, quotes) for t in child.subtree):
            return child
    return None


def cue_tokens(verb: Token) -> list[Token]:
    """The verb with its auxiliaries, negation and particle; 'was quoted as saying' whole."""
    tokens = [verb, *(c for c in verb.children if c.dep_ in CUE_MODIFIERS)]
    if verb.lemma_ == "quote":
        for prep in verb.children:
            saying = [c for c in prep.children if c.lemma_ == "say"] if prep.lower_ == "as" else []
            tokens += [prep, *saying] if saying else []
    return sorted(tokens, key=lambda t: t.i)


def subject_tokens(verb: Token) -> list[Token]:
    """The subject's words, following participles and conjuncts up to the verb that has one."""
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return tokens_between(verb.head.left_edge, verb.head)  # "a statement which said": the statement
        if subject is not None:
            return tokens_between(subject.left_edge, subject.right_edge)
        if verb.dep_ not in INHERITS_SUBJECT or verb.head == verb:
            break
        verb = verb.head
    return []


def tokens_between(first: Token, last: Token) -> list[Token]:
    return list(first.doc[first.i : last.i + 1])


def inside(token: Token, quotes: Iterable[Quote]) -> bool:
    return any(s <= token.idx < e for q in quotes for s, e in q.segments)


def add_content(draft: Draft, doc: Doc, tokens: Sequence[Token], quotes: Sequence[Quote]) -> None:
    """Add ``tokens`` to the content, widened to whole quotes where they reach into one."""
    taken = {t.i for t in draft.cue} | {t.i for t in draft.source}
    tokens = [t for t in tokens if t.i not in taken and not t.is_space]
    if not tokens:
        return
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    for number, quote in enumerate(quotes):
        if quote.start < end and start < quote.end:
            draft.quotes.add(number)
            start, end = min(start, quote.start), max(end, quote.end)
    words = [t for t in tokens if t.is_alpha or t.like_num]
    draft.unquoted |= any(not inside(t, quotes) for t in words)
    draft.quoted |= bool(draft.quotes)
    text = doc_text(doc)
    for s, e in split_paragraphs(text, start, end):
        draft.content.append(trim(text, s, e))


def split_paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a range at paragraph breaks, so that a content span never holds one."""
    pieces, cursor = [], start
    while (brk := text.find("\n", cursor, end)) != -1:
        pieces.append((cursor, brk))
        cursor = brk + 1
        while cursor < end and text[cursor].isspace():
            cursor += 1
    pieces.append((cursor, end))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace and dangling punctuation; keep quote marks and "U.S."."""
    while start < end and (text[start].isspace() or text[start] in EDGE_PUNCT):
        start += 1
    while end > start and (
        text[end - 1].isspace()
        or text[end - 1] in EDGE_PUNCT
        or (text[end - 1] == "." and not SENTENCE_END_ABBREVIATION.search(text, start, end))
    ):
        end -= 1
    return start, end


def attach_quotes(doc: Doc, quotes: Sequence[Quote], drafts: list[Draft]) -> list[Draft]:
    """Give every quote that no complement took to a cue, or to the attribution it continues."""
    taken = set().union(*(d.quotes for d in drafts)) if drafts else set()
    by_cue = {d.cue[0].i: d for d in drafts if d.cue}
    for number, quote in enumerate(quotes):
        if number in taken:
            continue
        verb = governing_cue(doc, quote, quotes)
        if verb is not None:
            draft = by_cue.get(verb.i)
            if draft is None:
                draft = Draft(cue=cue_tokens(verb), source=subject_tokens(verb), content=[], cue_class="speech")
                by_cue[verb.i] = draft
                drafts.append(draft)
        else:
            draft = continued(doc_text(doc), quote, drafts)
            if draft is None:
                continue
        draft.quotes.add(number)
        draft.quoted = True
        draft.content.extend(quote.segments)
    for draft in drafts:
        draft.content = sorted(set(draft.content))
    return sorted(drafts, key=lambda d: d.content[0] if d.content else (0, 0))


def governing_cue(doc: Doc, quote: Quote, quotes: Sequence[Quote]) -> Token | None:
    """The speech verb a quote depends on, or the nearest one in the quote's sentences."""
    inner = [t for t in doc if quote.start <= t.idx < quote.end]
    if not inner:
        return None
    for token in inner:
        head, steps = token.head, 0
        while head.i != token.i and inside(head, [quote]) and steps < 50:
            head, steps = head.head, steps + 1
        for _ in range(3):
            if inside(head, [quote]):
                break
            if cue_class(head.lemma_) == "speech" and head.pos_ in ("VERB", "AUX"):
                return head
            if head.head == head:
                break
            head = head.head
    sentences = {t.sent.start for t in inner}
    frame = [
        t
        for start in sentences
        for t in doc[start].sent
        if not inside(t, quotes) and cue_class(t.lemma_) == "speech" and t.pos_ in ("VERB", "AUX")
    ]
    if not frame:
        return None
    return min(frame, key=lambda t: min(abs(t.idx - quote.start), abs(t.idx - quote.end)))


def is_own_sentence(text: str, quote: Quote) -> bool:
    """The quote opens after a sentence end or a line break and ends a sentence inside its marks."""
    lead = quote.start
    while lead > 0 and text[lead - 1].isspace():
        lead -= 1
    opens = lead == 0 or text[lead - 1] in SENTENCE_ENDS or "\n" in text[lead : quote.start]
    return opens and QUOTED_SENTENCE_END.search(text, quote.start, quote.end) is not None


def continued(text: str, quote: Quote, drafts: Sequence[Draft]) -> Draft | None:
    """The attribution a cue-less quote continues: the last one before it, if adjacent, when the quote
    is a sentence of its own (“...,” she said. “....”), not a phrase quoted inside one (... as
    “uniquely unfit”, ... on “The Steve Harvey Morning Show,” ...) nor one whose cue follows (“...,”)."""
    if len(text[quote.start : quote.end].split()) < MIN_CONTINUATION_WORDS or not is_own_sentence(text, quote):
        return None
    before = [d for d in drafts if d.content and d.end <= quote.start and d.cue_class == "speech"]
    if not before:
        return None
    last = max(before, key=lambda d: d.end)
    gap = text[last.end : quote.start]
    # Same paragraph or the very next one, and no other quote in between.
    if len(PARAGRAPH_BREAK.findall(gap)) > 1 or any(mark in gap for mark in OPENING + STRAIGHT):
        return None
    return last


def to_record(doc: Doc, text: str, draft: Draft) -> Attribution:
    def span(tokens: list[Token], keep_colon: bool = False) -> Span | None:
        if not tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if keep_colon and text[start:end].strip() in CUE_PUNCT:
            return Span.of(text, start, end)  # a bare ":" or "—" cue
        start, end = trim(text, start, end)
        return Span.of(text, start, end) if end > start else None

    content = tuple(Span.of(text, s, e) for s, e in draft.content if e > s)
    source, cue = span(draft.source), span(draft.cue, keep_colon=True)
    evidence = sentences_of(doc, text, [s for s in (source, cue, *content) if s is not None])
    return Attribution(source=source, cue=cue, content=content, kind=draft_kind(draft, content), evidence=evidence)


def sentences_of(doc: Doc, text: str, spans: list[Span]) -> Span | None:
    """The sentences from the first of ``spans`` to the last, without the space around them."""
    if not spans:
        return None
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    last = doc.char_span(end - 1, end, alignment_mode="expand")
    if first is None or last is None:
        return None
    start, end = first[0].sent.start_char, last[-1].sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end)


# --------------------------------------------------------------- shared with the learned model

#: Cues that are punctuation alone ("PENCE: ...", "“...” ― Name").
CUE_PUNCT = frozenset(":—–―-")
#: Quote marks as the PolNeAR scorer sees them (single marks too: headlines use them).
QUOTE_MARKS = frozenset("\"“”„‟«»'‘’‚‛`")
DOUBLE_QUOTES = re.compile("[\"“”„‟«»]|''|``")


def content_form(content: Sequence[Span]) -> AttributionKind:
    """direct (begins and ends with a quote mark), mixed (holds a double quote mark) or indirect."""

    def strip(fragment: str) -> str:
        keeps = [k for k, c in enumerate(fragment) if c in QUOTE_MARKS or c.isalnum()]
        return fragment[keeps[0] : keeps[-1] + 1] if keeps else ""

    if not content:
        return "indirect"
    first, last = strip(content[0].text), strip(content[-1].text)
    if first and last and first[0] in QUOTE_MARKS and last[-1] in QUOTE_MARKS:
        return "direct"
    return "mixed" if any(DOUBLE_QUOTES.search(span.text) for span in content) else "indirect"


def draft_kind(draft: Draft, content: Sequence[Span]) -> AttributionKind:
    """The form of the content for speech; belief or intention from the cue, unless all quoted."""
    form = content_form(content)
    if draft.cue_class == "speech" or form == "direct":
        return form
    return draft.cue_class


PARAGRAPH_CLOSER = re.compile(r"(?:\A|\n)[ \t\u00a0]*”(?=\w)")


def find_all_quotes(text: str) -> list[Quote]:
    """``find_quotes``, also reading the ASCII pairs ``''`` and ````` as double quote marks (NYT style),
    and a ” that opens a paragraph before a word as an opening mark."""
    if "''" not in text and "``" not in text and not PARAGRAPH_CLOSER.search(text):
        return find_quotes(text)
    chars = list(text)
    # A closing mark that opens a paragraph is a mistyped opening mark.
    for found in PARAGRAPH_CLOSER.finditer(text):
        chars[found.end() - 1] = "“"
    pairs = set()
    i = 0
    while i < len(text) - 1:
        if text[i : i + 2] in ("''", "``"):
            chars[i], chars[i + 1] = '"', "\u2060"
            pairs.add(i)
            i += 2
        else:
            i += 1
    quotes = find_quotes("".join(chars))
    return [Quote(tuple((s, e + 1 if e - 1 in pairs else e) for s, e in q.segments)) for q in quotes]
