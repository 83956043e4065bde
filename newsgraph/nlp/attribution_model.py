"""A learned attribution extractor on top of spaCy's own token features.

What en_core_web_sm has already computed for its tagger and parser (its 96-d
``doc.tensor``, POS, tag, dependency label, entity type, lemma), plus quote-mark,
paragraph, sentence and cue-lexicon flags, goes through a one-layer BiLSTM over
chunks of whole sentences, shared by two taggers:

1. the *cue tagger* labels cue spans (BIO, decoded by a BIO-constrained Viterbi);
2. the *role tagger* runs once per cue over a window around it (``WINDOW_BEFORE``
   tokens before, ``WINDOW_AFTER`` after) with features relative to the cue:
   signed distance, sentence and paragraph offsets, the dependency relation that
   links each token to the cue (the subtree of its ``nsubj``, of its ``ccomp``, of
   a sibling ``nsubj`` for "..., adding that ...", an ancestor), and the position of
   each token's quote relative to the cue. Dilated residual convolutions and a
   BiLSTM label SOURCE, CONTENT and the CUE itself (BIO, Viterbi): the cue is redrawn
   with the content, whose start PolNeAR ties to the cue's end ("declared | war on X"
   or "declared war on | X"). A cue for which it finds no content is dropped: it
   was trained to find none around lexicon cue words that are no cue and around the
   cue tagger's own false cues; so is one whose content it is unsure of (mean CONTENT
   probability under ``MIN_CONFIDENCE``).

Nested attributions come for free (every cue gets its own window), and so do
discontinuous contents (“..,” he said. “...”: two CONTENT pieces).

Rules then do what they do surely (see ``attributions``): a content that reaches
into a quote is widened to the whole quote, the edges are trimmed to the PolNeAR
conventions, ``kind`` is read from the quote marks and the cue's class, dash and
colon cues ("“...” ― Name", "PENCE: ...") are found by pattern, a quoted sentence
that nothing attributed continues the attribution just before it, and a content that
two cues took goes to the nearer.

Everything runs in numpy and PyTorch (one thread) on one article at a time; the
weights are a float16 state dict of under 2 MB with a JSON config (label sets and
feature vocabularies) in ``newsgraph/models/attribution``; ``newsgraph.train``
reproduces them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import torch
from spacy.language import Language
from spacy.tokens import Doc
from torch import nn

from newsgraph.ingest.cleaning import in_regions, without_headline
from newsgraph.nlp.attributions import (
    Draft,
    add_continuations,
    add_missing,
    colon_attributions,
    cue_lemma_class,
    dash_attributions,
    drop_addressee,
    drop_cue_objects,
    drop_dangling_words,
    find_all_quotes,
    merge_rule_drafts,
    one_per_content,
    quote_spans,
    rule_drafts,
    snap_to_quotes,
    take_cue_preposition,
    to_record,
    unrelated_source,
)
from newsgraph.nlp.cues import cue_class
from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.precision import dtype, resolved_precision
from newsgraph.nlp.quotes import Quote
from newsgraph.records import Attribution

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution"
WEIGHTS = "weights.bin"
CONFIG = "config.json"

CUE_TAGS = ("O", "B", "I")
# The role tagger also redraws the cue's own bounds (B-CUE, I-CUE) unless the net was made without.
ROLE_TAGS = ("O", "B-SOURCE", "I-SOURCE", "B-CONTENT", "I-CONTENT", "B-CUE", "I-CUE")
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


# --------------------------------------------------------------------- features


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


# ------------------------------------------------------------------------ model


class TokenEncoder(nn.Module):
    """spaCy's token vector plus embeddings of its labels and the flags, projected."""

    def __init__(self, vocab: Vocabularies, width: int) -> None:
        super().__init__()
        dims = {"pos": 16, "tag": 16, "dep": 16, "ent": 8, "lemma": 48}
        self.embeddings = nn.ModuleList(
            nn.Embedding(vocab.size(name), dims[name], padding_idx=0) for name in Vocabularies.names()
        )
        total = TENSOR_WIDTH + sum(dims.values()) + len(FLAGS)
        self.project = nn.Sequential(nn.Linear(total, width), nn.ReLU())

    def forward(self, vectors: torch.Tensor, ids: torch.Tensor, flags: torch.Tensor) -> torch.Tensor:
        parts = [vectors, flags, *(emb(ids[..., k]) for k, emb in enumerate(self.embeddings))]
        return self.project(torch.cat(parts, dim=-1))


def run_lstm(lstm: nn.LSTM, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """``lstm`` over the padded batch ``x`` (batch first), each row read only up to its length."""
    packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
    y, _ = nn.utils.rnn.pad_packed_sequence(lstm(packed)[0], batch_first=True, total_length=x.shape[1])
    return y


DEFAULT_HYPER = {
    "width": 128,
    "hidden": 128,
    "layers": 1,
    "dropout": 0.3,
    "role_width": 128,
    "dilations": [1, 2, 4, 8],
    "role_lstm": 64,  # width of a BiLSTM over each cue's window after the convolutions; 0: none
    "cue_roles": True,  # the role tagger also labels the cue's bounds, so cue and content are drawn together
}
REL_DIMS = (16, 8, 8, 24, 8)


@dataclass
class RoleItem:
    """One cue to label roles for: the table it is in (by number), its window and features."""

    table: int
    cue: tuple[int, int]
    head: int
    lo: int
    hi: int
    rel: np.ndarray


class AttributionNet(nn.Module):
    """A shared BiLSTM over sentence chunks; a cue tagger on it; a role tagger per cue window.

    The role tagger reads, for each token of the window, the shared encoding, the
    encoding of the cue's head and embeddings of the relative features, through a
    stack of dilated residual convolutions (fast on a CPU, receptive field ±30).
    """

    def __init__(self, vocab: Vocabularies, hyper: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.vocab = vocab
        self.hyper = {**DEFAULT_HYPER, **(hyper or {})}
        h = self.hyper
        self.encoder = TokenEncoder(vocab, h["width"])
        self.dropout = nn.Dropout(h["dropout"])
        self.lstm = nn.LSTM(
            h["width"],
            h["hidden"],
            num_layers=h["layers"],
            bidirectional=True,
            batch_first=True,
            dropout=h["dropout"] if h["layers"] > 1 else 0.0,
        )
        encoded = 2 * h["hidden"]
        self.cue_output = nn.Linear(encoded, len(CUE_TAGS))
        sizes = (
            2 + 2 * len(DISTANCE_BUCKETS) + 1,
            SENTENCE_OFFSETS[1] - SENTENCE_OFFSETS[0] + 2,
            PARAGRAPH_OFFSETS[1] - PARAGRAPH_OFFSETS[0] + 2,
            1 + vocab.syntax_size,
            len(QUOTE_RELATIONS) + 1,
        )
        self.rel_embeddings = nn.ModuleList(
            nn.Embedding(size, dim, padding_idx=0) for size, dim in zip(sizes, REL_DIMS, strict=True)
        )
        width = h["role_width"]
        self.role_token = nn.Linear(encoded, width)
        self.role_cue = nn.Linear(encoded, width, bias=False)
        self.role_rel = nn.Linear(sum(REL_DIMS), width, bias=False)
        self.role_convs = nn.ModuleList(nn.Conv1d(width, width, 3, dilation=d, padding=d) for d in h["dilations"])
        self.role_lstm = (
            nn.LSTM(width, h["role_lstm"], bidirectional=True, batch_first=True) if h["role_lstm"] else None
        )
        self.role_tags = ROLE_TAGS if h["cue_roles"] else ROLE_TAGS[:5]
        self.role_output = nn.Linear(width + 2 * h["role_lstm"], len(self.role_tags))
        self.conv_dtype = torch.float32

    def run_convolutions_in(self, precision: str) -> None:
        """The role tagger's convolutions, most of its arithmetic, in ``precision`` (resolved); the
        residual sums and the LSTMs stay float32 (bfloat16 LSTMs were slower and changed 16 of 993
        PolNeAR dev attributions, bfloat16 convolutions none)."""
        self.conv_dtype = dtype(precision)
        self.role_convs.to(self.conv_dtype)

    # -- shared encoding

    def encode(self, tables: Sequence[TokenTable]) -> list[torch.Tensor]:
        """(n, 2*hidden) encodings of each table's tokens, chunk by chunk."""
        ranges = [(k, lo, hi) for k, t in enumerate(tables) for lo, hi in sentence_chunks(t)]
        out = [torch.zeros(len(t), 2 * self.hyper["hidden"]) for t in tables]
        if not ranges:
            return out
        pieces: list[list[torch.Tensor]] = [[] for _ in tables]
        step = 64
        for k in range(0, len(ranges), step):
            part = ranges[k : k + step]
            batch = cue_batch([(tables[j], lo, hi) for j, lo, hi in part])
            x = self.dropout(self.encoder(batch["vectors"], batch["ids"], batch["flags"]))
            y = run_lstm(self.lstm, x, batch["lengths"])
            for row, (j, lo, hi) in enumerate(part):
                pieces[j].append(y[row, : hi - lo])
        return [torch.cat(p) if p else o for p, o in zip(pieces, out, strict=True)]

    def cue_logits(self, encoded: torch.Tensor) -> torch.Tensor:
        return self.cue_output(self.dropout(encoded))

    def role_logits(self, encoded: Sequence[torch.Tensor], items: Sequence[RoleItem]) -> torch.Tensor:
        """(len(items), longest window, len(self.role_tags)) role scores."""
        flat = torch.cat([*encoded, torch.zeros(1, encoded[0].shape[1])])
        padding = flat.shape[0] - 1
        offsets = np.cumsum([0, *(len(e) for e in encoded)])
        longest = max(item.hi - item.lo for item in items)
        index = np.full((len(items), longest), padding, dtype=np.int64)
        rel = np.zeros((len(items), longest, len(REL_DIMS)), dtype=np.int64)
        heads = np.zeros(len(items), dtype=np.int64)
        for row, item in enumerate(items):
            width = item.hi - item.lo
            index[row, :width] = offsets[item.table] + np.arange(item.lo, item.hi)
            rel[row, :width] = item.rel
            heads[row] = offsets[item.table] + item.head
        index_t = torch.as_tensor(index)
        projected = self.role_token(self.dropout(flat))  # per article token, before the windows
        cue = self.role_cue(self.dropout(flat[torch.as_tensor(heads)])).unsqueeze(1)
        rel_t = torch.as_tensor(rel)
        rel_parts = torch.cat([emb(rel_t[..., k]) for k, emb in enumerate(self.rel_embeddings)], dim=-1)
        x = torch.relu(projected[index_t] + cue + self.role_rel(rel_parts))
        mask = (index_t != padding).unsqueeze(1).to(x.dtype)
        h = x.transpose(1, 2) * mask
        for conv in self.role_convs:
            h = (h + torch.relu(conv(h.to(self.conv_dtype)).float())) * mask
        h = h.transpose(1, 2)
        if self.role_lstm is not None:
            h = torch.cat([h, run_lstm(self.role_lstm, h, mask[:, 0].sum(-1).long())], dim=-1)
        return self.role_output(self.dropout(h))

    # -- saving and loading

    def config(self) -> dict[str, Any]:
        return {
            "vocab": self.vocab.to_json(),
            "hyper": self.hyper,
            "cue_tags": CUE_TAGS,
            "role_tags": self.role_tags,
            "flags": FLAGS,
            "window": [WINDOW_BEFORE, WINDOW_AFTER],
            "chunk": CHUNK,
        }

    def save(self, directory: str | Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / CONFIG).write_text(json.dumps(self.config(), indent=1) + "\n", encoding="utf-8")
        state = {k: v.detach().to(torch.float16) if v.is_floating_point() else v for k, v in self.state_dict().items()}
        torch.save(state, directory / WEIGHTS)

    def with_cue_roles(self) -> AttributionNet:
        """A copy of this net whose role tagger also labels the cue's bounds: the new output rows start
        from ``torch``'s seeded initialisation, every other weight from this net."""
        net = AttributionNet(self.vocab, {**self.hyper, "cue_roles": True})
        state = {k: v.detach().clone() for k, v in self.state_dict().items()}
        for name in ("role_output.weight", "role_output.bias"):
            fresh = net.state_dict()[name].clone()
            fresh[: len(self.role_tags)] = state[name]
            state[name] = fresh
        net.load_state_dict(state)
        return net

    @classmethod
    def load(cls, directory: str | Path) -> AttributionNet:
        directory = Path(directory)
        config = json.loads((directory / CONFIG).read_text(encoding="utf-8"))
        # A net saved before the role BiLSTM or the cue roles existed has none.
        net = cls(Vocabularies(**config["vocab"]), {"role_lstm": 0, "cue_roles": False, **config["hyper"]})
        state = torch.load(directory / WEIGHTS, map_location="cpu", weights_only=True)
        net.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()})
        net.eval()
        return net


def member_dirs(directory: str | Path) -> list[Path]:
    """The model directories of ``directory``: itself, or its subdirectories for an ensemble."""
    directory = Path(directory)
    if (directory / CONFIG).is_file():
        return [directory]
    members = sorted(path for path in directory.iterdir() if (path / CONFIG).is_file())
    if not members:
        raise FileNotFoundError(f"{directory}: no attribution model ({CONFIG} and {WEIGHTS}) here or below")
    return members


def load_members(directory: str | Path) -> list[AttributionNet]:
    return [AttributionNet.load(path) for path in member_dirs(directory)]


def weights_digest(directory: str | Path) -> str:
    digest = hashlib.sha256()
    for path in member_dirs(directory):
        digest.update((path / WEIGHTS).read_bytes())
    return digest.hexdigest()[:12]


# ----------------------------------------------------------------------- batches


def pad(arrays: Sequence[np.ndarray], dtype: torch.dtype) -> torch.Tensor:
    longest = max(len(a) for a in arrays)
    shape = (len(arrays), longest, *arrays[0].shape[1:])
    out = np.zeros(shape, dtype=arrays[0].dtype)
    for k, a in enumerate(arrays):
        out[k, : len(a)] = a
    return torch.as_tensor(out, dtype=dtype)


def cue_batch(tables_and_ranges: Sequence[tuple[TokenTable, int, int]]) -> dict[str, torch.Tensor]:
    return {
        "vectors": pad([t.vectors[lo:hi] for t, lo, hi in tables_and_ranges], torch.float32),
        "ids": pad([t.ids[lo:hi] for t, lo, hi in tables_and_ranges], torch.long),
        "flags": pad([t.flags[lo:hi] for t, lo, hi in tables_and_ranges], torch.float32),
        "lengths": torch.as_tensor([hi - lo for _, lo, hi in tables_and_ranges]),
    }


def role_item(table: TokenTable, number: int, vocab: Vocabularies, start: int, end: int) -> RoleItem:
    lo, hi, rel = relative_features(table, vocab, start, end)
    return RoleItem(number, (start, end), cue_head(table, start, end), lo, hi, rel)


# ----------------------------------------------------------------------- decoding


def bio_spans(tags: Sequence[str], prefix: str = "") -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of ``B-X I-X*`` runs (``prefix`` is "-X"); a stray I starts a span."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, tag in enumerate([*tags, "O"]):
        if tag == "B" + prefix or (tag == "I" + prefix and start is None):
            if start is not None:
                spans.append((start, i))
            start = i
        elif tag != "I" + prefix and start is not None:
            spans.append((start, i))
            start = None
    return spans


@cache
def allowed_transitions(tags: tuple[str, ...]) -> np.ndarray:
    """``ok[a, b]``: tag b may follow tag a (an I-X only after B-X or I-X)."""
    ok = np.ones((len(tags), len(tags)), dtype=bool)
    for b, tag in enumerate(tags):
        if tag.startswith("I"):
            suffix = tag[1:]
            for a, prev in enumerate(tags):
                ok[a, b] = prev in ("B" + suffix, "I" + suffix)
    return ok


def viterbi(scores: np.ndarray, tags: Sequence[str]) -> list[str]:
    """Best tag sequence under BIO constraints for log-probabilities ``scores`` (n, tags)."""
    return viterbi_batch(scores[None], [len(scores)], tags)[0]


def viterbi_batch(scores: np.ndarray, lengths: Sequence[int], tags: Sequence[str]) -> list[list[str]]:
    """:func:`viterbi` for each row of ``scores`` (rows, longest, tags), row k read up to ``lengths[k]``.

    One pass over the positions for all rows at once: past a row's length its scores stay and its
    back-pointers point to themselves, so its path is read back from its own last position.
    """
    rows, longest, width = scores.shape
    if longest == 0:
        return [[] for _ in range(rows)]
    tags = tuple(tags)
    penalty = np.where(allowed_transitions(tags), 0.0, -1e4)
    start_ok = np.array([not t.startswith("I") for t in tags])
    best = scores[:, 0] + np.where(start_ok, 0.0, -1e4)
    back = np.zeros((longest, rows, width), dtype=np.int64)
    same = np.broadcast_to(np.arange(width), (rows, width))
    lengths_a = np.asarray(lengths)
    for i in range(1, longest):
        total = best[:, :, None] + penalty  # (rows, from, to)
        live = (i < lengths_a)[:, None]
        back[i] = np.where(live, total.argmax(axis=1), same)
        best = np.where(live, total.max(axis=1) + scores[:, i], best)
    path = np.zeros((rows, longest), dtype=np.int64)
    path[:, -1] = best.argmax(axis=1)
    every = np.arange(rows)
    for i in range(longest - 1, 0, -1):
        path[:, i - 1] = back[i, every, path[:, i]]
    return [[tags[k] for k in path[row, :n]] for row, n in enumerate(lengths)]


def redrawn_cue(item: RoleItem, tags: Sequence[str]) -> tuple[int, int]:
    """The CUE span of the role tags ``tags`` (over ``item``'s window) that overlaps the item's cue most."""
    s, e = item.cue
    spans = [(item.lo + a, item.lo + b) for a, b in bio_spans(tags, "-CUE")]
    overlapping = [(a, b) for a, b in spans if a < e and b > s]
    if not overlapping:
        return s, e
    return max(overlapping, key=lambda span: (min(span[1], e) - max(span[0], s), -(span[1] - span[0])))


@dataclass
class Predicted:
    """A predicted attribution in token offsets; ``confidence``: the role tagger's mean probability
    of CONTENT over the content's tokens."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    confidence: float = 1.0


def mean_log_probs(logits: Sequence[torch.Tensor]) -> np.ndarray:
    """Log of the members' mean probabilities (an ensemble's vote, as in Lakshminarayanan et al. 2017)."""
    stacked = torch.stack([x.log_softmax(-1) for x in logits])
    return (torch.logsumexp(stacked, 0) - np.log(len(logits))).numpy()


class Predictor:
    """Runs the two taggers of one net, or of an ensemble of nets trained with different seeds, on a
    Doc's token table and returns token-offset attributions."""

    def __init__(self, nets: Sequence[AttributionNet], batch: int = 64, min_confidence: float = 0.0) -> None:
        if any(net.vocab != nets[0].vocab for net in nets):
            raise ValueError("ensemble members must share their feature vocabularies (train them on the same data)")
        if any(net.role_tags != nets[0].role_tags for net in nets):
            raise ValueError("ensemble members must share their role tags (all with cue roles or none)")
        self.nets = [net.eval() for net in nets]
        self.vocab = nets[0].vocab
        self.role_tags = nets[0].role_tags
        self.batch = batch
        self.min_confidence = min_confidence
        self.content_tags = [k for k, tag in enumerate(self.role_tags) if tag.endswith("-CONTENT")]

    def cues(self, table: TokenTable, encoded: Sequence[torch.Tensor]) -> list[tuple[int, int]]:
        """Cue spans on the cue tagger's best path (BIO-constrained), outside non-body regions."""
        scores = mean_log_probs([net.cue_logits(e) for net, e in zip(self.nets, encoded, strict=True)])
        chunks = sentence_chunks(table)
        longest = max(hi - lo for lo, hi in chunks)
        padded = np.zeros((len(chunks), longest, len(CUE_TAGS)), dtype=scores.dtype)
        for row, (lo, hi) in enumerate(chunks):
            padded[row, : hi - lo] = scores[lo:hi]
        paths = viterbi_batch(padded, [hi - lo for lo, hi in chunks], CUE_TAGS)
        spans = [(lo + s, lo + e) for (lo, _), tags in zip(chunks, paths, strict=True) for s, e in bio_spans(tags)]
        region = FLAGS.index("in_region")
        return [(s, e) for s, e in spans if not table.flags[s:e, region].any()]

    def roles(
        self, table: TokenTable, encoded: Sequence[torch.Tensor], cues: Sequence[tuple[int, int]]
    ) -> list[Predicted]:
        """Source and content of each cue; a cue with no content is dropped.

        With cue roles, the cue becomes the role tagger's CUE span that overlaps the cue tagger's
        most (the cue tagger's if none does); two cues redrawn to the same span are one.
        """
        found: list[Predicted] = []
        drawn: set[tuple[int, int]] = set()
        for k in range(0, len(cues), self.batch):
            items = [role_item(table, 0, self.vocab, s, e) for s, e in cues[k : k + self.batch]]
            scores = mean_log_probs([net.role_logits([e], items) for net, e in zip(self.nets, encoded, strict=True)])
            paths = viterbi_batch(scores, [item.hi - item.lo for item in items], self.role_tags)
            for row, (item, tags) in enumerate(zip(items, paths, strict=True)):
                s, e = redrawn_cue(item, tags)
                if (s, e) in drawn:
                    continue
                # the cue itself is never a source or content
                sources = [(item.lo + a, item.lo + b) for a, b in bio_spans(tags, "-SOURCE")]
                sources = [(a, b) for a, b in sources if b <= s or a >= e]
                contents = [(item.lo + a, item.lo + b) for a, b in bio_spans(tags, "-CONTENT")]
                contents = [(a, b) for a, b in contents if b <= s or a >= e]
                if not contents:
                    continue
                inside = np.concatenate([np.arange(a, b) - item.lo for a, b in contents])
                confidence = float(np.exp(scores[row, inside][:, self.content_tags]).sum(-1).mean())
                if confidence < self.min_confidence:
                    continue
                source = None
                if sources:  # the nearest to the cue
                    source = min(sources, key=lambda span: min(abs(span[0] - e), abs(span[1] - s)))
                drawn.add((s, e))
                found.append(Predicted((s, e), source, contents, confidence))
        return found

    @torch.inference_mode()
    def __call__(self, table: TokenTable) -> list[Predicted]:
        if len(table) == 0:
            return []
        encoded = [net.encode([table])[0] for net in self.nets]
        cues = self.cues(table, encoded)
        return self.roles(table, encoded, cues) if cues else []


# ---------------------------------------------------------------- spaCy component


def to_drafts(doc: Doc, predicted: Sequence[Predicted], quotes: Sequence[Quote]) -> list[Draft]:
    """Token-offset predictions to drafts, contents snapped to the quotes."""
    drafts = []
    for p in predicted:
        cue = list(doc[p.cue[0] : p.cue[1]])
        source = list(doc[p.source[0] : p.source[1]]) if p.source else []
        if unrelated_source(cue, source):
            source = []
        pieces = []
        for a, b in p.content:
            tokens = [t for t in doc[a:b] if not t.is_space]
            if tokens:
                pieces.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1])))
        draft = Draft(cue=cue, source=source, content=[], cue_class=cue_lemma_class(cue))
        snap_to_quotes(draft, doc, pieces, quotes)
        drop_cue_objects(draft, doc, quotes)
        drop_addressee(draft, doc)
        drop_dangling_words(draft, doc, quotes)
        take_cue_preposition(draft, doc)
        if draft.content:
            drafts.append(draft)
    return drafts


#: The least mean CONTENT probability a predicted attribution needs to be kept. A prediction adds to exact
#: F1 when it is right with a probability over half the F1 reached (Lipton et al. 2014, *Thresholding
#: classifiers to maximize F1 score*), here about 0.33: on dev, the shipped ensemble's contents are exact
#: 19% of the time under 0.6 (9 of 47) and 33% from 0.6 to 0.7 (43 of 129).
MIN_CONFIDENCE = 0.6


@Language.factory(
    "newsgraph_attribution_model",
    default_config={
        "model_dir": None,
        "continuations": True,
        "rules": True,
        "union": False,
        "min_confidence": MIN_CONFIDENCE,
        "precision": "auto",
    },
    requires=["doc.tensor", "token.dep", "token.lemma", "token.pos", "token.tag", "doc.sents", "doc._.regions"],
    assigns=["doc._.attributions", "doc._.quotes"],
)
def make_attribution_model(
    nlp: Language,
    name: str,
    model_dir: str | None,
    continuations: bool,
    rules: bool,
    union: bool,
    min_confidence: float,
    precision: str,
) -> AttributionModel:
    """``continuations``: cue-less quotes continue the attribution before them; ``rules``: dash and colon
    cues; ``union``: also the syntactic rules' attributions that the model has nothing for (off: +0.003
    content F1 on dev for -0.002 cue F1, not worth its time); ``min_confidence``: see ``MIN_CONFIDENCE``
    (0 keeps all); ``precision``: of the role tagger's convolutions (``precision.resolved_precision``)."""
    return AttributionModel(
        model_dir or MODEL_DIR,
        continuations=continuations,
        rules=rules,
        union=union,
        min_confidence=min_confidence,
        precision=resolved_precision(precision),
    )


class AttributionModel:
    """The spaCy component: fills ``doc._.attributions`` with ``Attribution`` records."""

    def __init__(
        self,
        model_dir: str | Path = MODEL_DIR,
        continuations: bool = True,
        rules: bool = True,
        union: bool = False,
        min_confidence: float = MIN_CONFIDENCE,
        nets: Sequence[AttributionNet] | None = None,
        precision: str = "float32",
    ) -> None:
        """``nets``: members being trained, used as they are; ``precision`` (resolved) applies to the
        members loaded from ``model_dir``."""
        members = nets if nets is not None else load_members(model_dir)
        if nets is None:
            for member in members:
                member.run_convolutions_in(precision)
        self.predictor = Predictor(members, min_confidence=min_confidence)
        #: What the stored extractions name as their attribution model: a digest of the weights.
        self.version = "unsaved" if nets is not None else weights_digest(model_dir)
        self.continuations = continuations
        self.rules = rules
        self.union = union

    def __call__(self, doc: Doc) -> Doc:
        quotes = body_quotes(doc)
        doc._.quotes = quote_spans(doc_text(doc), quotes)
        doc._.attributions = self.extract(doc, quotes)
        return doc

    def extract(self, doc: Doc, quotes: Sequence[Quote]) -> list[Attribution]:
        text = doc_text(doc)
        if len(doc) == 0 or not text.strip():
            return []
        threads = torch.get_num_threads()
        try:
            torch.set_num_threads(1)
            table = token_table(doc, self.predictor.vocab, quotes)
            predicted = self.predictor(table)
        finally:
            torch.set_num_threads(threads)
        drafts = to_drafts(doc, predicted, quotes)
        if self.rules:
            drafts = merge_rule_drafts(drafts, [*dash_attributions(doc, quotes), *colon_attributions(doc)])
        if self.union:
            drafts = add_missing(drafts, rule_drafts(doc, quotes))
        if self.continuations:
            drafts = add_continuations(doc, quotes, drafts)
        drafts = one_per_content(drafts)
        drafts.sort(key=lambda d: d.content[0] if d.content else (0, 0))
        return [to_record(doc, text, d) for d in drafts if d.content]
