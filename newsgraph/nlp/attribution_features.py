"""The attribution model's inputs: the table of an article's tokens (spaCy's vectors, label ids
and flags for quotes, paragraphs, sentences and cue words), the feature vocabularies, the
features of a token relative to a cue, and the sentence chunks the cue tagger reads."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from newsgraph.ingest.cleaning import in_regions, without_headline
from newsgraph.nlp.attributions import find_all_quotes
from newsgraph.nlp.cues import cue_class
from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.quotes import Quote

# Per-token binary features, in this order.
FLAGS = (
    "in_quote",
    "opens_quote",
    "closes_quote",
    "quote_char",
    "paragraph_start",
    "paragraph_end",
    "sentence_start",
    "sentence_end",
    "cue_speech",
    "cue_belief",
    "cue_intention",
    "in_region",
    "title_case",
    "upper_case",
    "punct",
    "colon",
    "dash",
    "space",
)
TENSOR_WIDTH = 96
WINDOW_BEFORE = 48
WINDOW_AFTER = 120
CHUNK = 128  # the cue tagger reads whole sentences, up to this many tokens at a time
QUOTE_CHARS = frozenset("\"“”„«»‘’'`")
DASHES = frozenset("—–―-")

# Relative features: signed distance buckets, sentence/paragraph offsets, quote relation.
DISTANCE_BUCKETS = (1, 2, 3, 4, 5, 8, 16, 32, 64)
SENTENCE_OFFSETS = (-3, 6)
PARAGRAPH_OFFSETS = (-2, 4)
QUOTE_RELATIONS = ("none", "cue_quote", "previous", "earlier", "next", "later")


@dataclass
class Vocabularies:
    """String feature vocabularies; index 0 is padding, 1 is unknown."""

    pos: list[str]
    tag: list[str]
    dep: list[str]
    ent: list[str]
    lemma: list[str]

    def __post_init__(self) -> None:
        self.index = {name: {s: i + 2 for i, s in enumerate(getattr(self, name))} for name in self.names()}

    @staticmethod
    def names() -> tuple[str, ...]:
        return ("pos", "tag", "dep", "ent", "lemma")

    def size(self, name: str) -> int:
        return len(getattr(self, name)) + 2

    def lookup(self, name: str, value: str) -> int:
        return self.index[name].get(value, 1)

    def to_json(self) -> dict[str, list[str]]:
        return {name: getattr(self, name) for name in self.names()}

    @property
    def syntax_size(self) -> int:
        # none, cue, ancestor, head; then child:<dep> and sibling:<dep> for every dep index
        return 4 + 2 * self.size("dep")


@dataclass
class TokenTable:
    """Everything the taggers read about one Doc's tokens, as numpy arrays."""

    vectors: np.ndarray  # (n, 96) float32
    ids: np.ndarray  # (n, 5) int64: pos, tag, dep, ent, lemma
    flags: np.ndarray  # (n, len(FLAGS)) float32
    sentence: np.ndarray  # (n,) sentence number
    paragraph: np.ndarray  # (n,) paragraph number
    quote: np.ndarray  # (n,) index of the quote the token is in, -1 if none
    heads: np.ndarray  # (n,) head index
    left: np.ndarray  # (n,) left edge of the subtree
    right: np.ndarray  # (n,) right edge of the subtree
    deps: np.ndarray  # (n,) dep index (same as ids[:, 2])

    def __len__(self) -> int:
        return len(self.heads)


def body_quotes(doc: Doc) -> list[Quote]:
    regions = without_headline(doc._.regions or [])  # a headline's claims are the article's
    return [q for q in find_all_quotes(doc_text(doc)) if not in_regions(q.start, q.end, regions)]


def token_table(doc: Doc, vocab: Vocabularies, quotes: Sequence[Quote]) -> TokenTable:
    n = len(doc)
    tensor = doc.tensor
    if isinstance(tensor, np.ndarray) and tensor.shape == (n, TENSOR_WIDTH):
        vectors = np.asarray(tensor, dtype=np.float32)
    else:
        vectors = np.zeros((n, TENSOR_WIDTH), dtype=np.float32)
    ids = np.zeros((n, 5), dtype=np.int64)
    flags = np.zeros((n, len(FLAGS)), dtype=np.float32)
    sentence = np.zeros(n, dtype=np.int64)
    paragraph = np.zeros(n, dtype=np.int64)
    quote = np.full(n, -1, dtype=np.int64)
    heads = np.zeros(n, dtype=np.int64)
    left = np.zeros(n, dtype=np.int64)
    right = np.zeros(n, dtype=np.int64)
    regions = without_headline(doc._.regions or [])  # a headline's claims are the article's
    flag = {name: k for k, name in enumerate(FLAGS)}
    starts = np.fromiter((t.idx for t in doc), dtype=np.int64, count=n)  # an array: searchsorted per quote is O(log n)

    # Quote membership by character offsets, segment by segment.
    for number, q in enumerate(quotes):
        for s, e in q.segments:
            first = int(np.searchsorted(starts, s, side="left"))
            last = int(np.searchsorted(starts, e, side="left"))
            quote[first:last] = number
            if first < n and doc[first].idx == s:
                flags[first, flag["opens_quote"]] = 1
            if last > 0 and doc[last - 1].idx + len(doc[last - 1]) == e:
                flags[last - 1, flag["closes_quote"]] = 1
    flags[:, flag["in_quote"]] = quote >= 0

    has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
    sent_number, para_number = -1, 0
    for t in doc:
        i = t.i
        ids[i] = (
            vocab.lookup("pos", t.pos_),
            vocab.lookup("tag", t.tag_),
            vocab.lookup("dep", t.dep_),
            vocab.lookup("ent", t.ent_type_),
            vocab.lookup("lemma", t.lemma_.lower() or t.lower_),
        )
        starts_sentence = i == 0 or (bool(t.is_sent_start) if has_sents else False)
        if i > 0:
            previous = doc[i - 1]
            if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                para_number += 1
                flags[i, flag["paragraph_start"]] = 1
                flags[i - 1, flag["paragraph_end"]] = 1
                starts_sentence = True
        if starts_sentence:
            sent_number += 1
            flags[i, flag["sentence_start"]] = 1
            if i > 0:
                flags[i - 1, flag["sentence_end"]] = 1
        sentence[i] = sent_number
        paragraph[i] = para_number
        kind = cue_class(t.lemma_.lower())
        if kind is not None:
            flags[i, flag[f"cue_{kind}"]] = 1
        text = t.text
        if text and text[0] in QUOTE_CHARS:
            flags[i, flag["quote_char"]] = 1
        if regions and in_regions(t.idx, t.idx + len(t), regions):
            flags[i, flag["in_region"]] = 1
        flags[i, flag["title_case"]] = t.is_title
        flags[i, flag["upper_case"]] = t.is_upper and len(text) > 1
        flags[i, flag["punct"]] = t.is_punct
        flags[i, flag["colon"]] = text == ":"
        flags[i, flag["dash"]] = bool(text) and all(c in DASHES for c in text)
        flags[i, flag["space"]] = t.is_space
        heads[i] = t.head.i
        left[i] = t.left_edge.i
        right[i] = t.right_edge.i
    if n:
        flags[n - 1, flag["sentence_end"]] = 1
        flags[n - 1, flag["paragraph_end"]] = 1
    return TokenTable(vectors, ids, flags, sentence, paragraph, quote, heads, left, right, ids[:, 2].copy())


def cue_head(table: TokenTable, start: int, end: int) -> int:
    """The syntactic head of the cue tokens ``[start, end)``: the first whose head is outside."""
    for i in range(start, end):
        h = int(table.heads[i])
        if h < start or h >= end or h == i:
            return i
    return start


def bucket(distance: int) -> int:
    return sum(distance >= b for b in DISTANCE_BUCKETS)


def window_bounds(n: int, start: int, end: int) -> tuple[int, int]:
    return max(0, start - WINDOW_BEFORE), min(n, end + WINDOW_AFTER)


def relative_features(table: TokenTable, vocab: Vocabularies, start: int, end: int) -> tuple[int, int, np.ndarray]:
    """Window ``[lo, hi)`` around the cue ``[start, end)`` and its (hi-lo, 5) relative features.

    Columns: signed distance bucket, sentence offset, paragraph offset, syntactic
    relation to the cue, quote relation to the cue; 0 is padding everywhere.
    """
    n = len(table)
    lo, hi = window_bounds(n, start, end)
    width = hi - lo
    rel = np.zeros((width, 5), dtype=np.int64)
    positions = np.arange(lo, hi)
    distance = np.where(positions < start, -(start - positions), np.where(positions >= end, positions - end + 1, 0))
    buckets = np.searchsorted(DISTANCE_BUCKETS, np.abs(distance), side="right")
    rel[:, 0] = 1 + len(DISTANCE_BUCKETS) + np.sign(distance) * buckets
    head = cue_head(table, start, end)
    low, high = SENTENCE_OFFSETS
    rel[:, 1] = np.clip(table.sentence[lo:hi] - table.sentence[head], low, high) - low + 1
    low, high = PARAGRAPH_OFFSETS
    rel[:, 2] = np.clip(table.paragraph[lo:hi] - table.paragraph[head], low, high) - low + 1

    syntax = np.zeros(n, dtype=np.int64)  # 1 none, 2 cue, 3 ancestor, 4 head, 5.. child, sibling
    syntax[lo:hi] = 1
    dep_size = vocab.size("dep")
    parent = int(table.heads[head])
    if parent != head:
        for child in np.nonzero(table.heads == parent)[0]:
            child = int(child)
            if child != parent and child != head:
                syntax[table.left[child] : table.right[child] + 1] = 5 + dep_size + table.deps[child]
        node, steps = parent, 0
        while steps < 50:
            syntax[node] = 3
            if int(table.heads[node]) == node:
                break
            node, steps = int(table.heads[node]), steps + 1
        syntax[parent] = 4
    for child in np.nonzero(table.heads == head)[0]:
        child = int(child)
        if child != head:
            syntax[table.left[child] : table.right[child] + 1] = 5 + table.deps[child]
    syntax[start:end] = 2
    rel[:, 3] = syntax[lo:hi]

    quotes = table.quote[lo:hi]
    cue_quote = int(table.quote[head])
    before = table.quote[:start]
    after = table.quote[end:]
    previous = int(before[before >= 0].max()) if (before >= 0).any() else -2
    following = int(after[after >= 0].min()) if (after >= 0).any() else -2
    relation = np.ones(width, dtype=np.int64)  # none
    inside = quotes >= 0
    relation[inside & (quotes == cue_quote)] = 2
    relation[inside & (quotes != cue_quote) & (positions < start) & (quotes == previous)] = 3
    relation[inside & (quotes != cue_quote) & (positions < start) & (quotes != previous)] = 4
    relation[inside & (quotes != cue_quote) & (positions >= end) & (quotes == following)] = 5
    relation[inside & (quotes != cue_quote) & (positions >= end) & (quotes != following)] = 6
    rel[:, 4] = relation
    return lo, hi, rel


def sentence_chunks(table: TokenTable) -> list[tuple[int, int]]:
    """Consecutive token ranges of whole sentences, at most ``CHUNK`` tokens each."""
    n = len(table)
    if n == 0:
        return []
    starts = [0, *(int(i) for i in np.nonzero(np.diff(table.sentence))[0] + 1), n]
    chunks: list[tuple[int, int]] = []
    lo = 0
    for s, e in itertools.pairwise(starts):
        if e - lo > CHUNK and s > lo:
            chunks.append((lo, s))
            lo = s
        while e - lo > CHUNK:
            chunks.append((lo, lo + CHUNK))
            lo += CHUNK
    if lo < n:
        chunks.append((lo, n))
    return chunks
