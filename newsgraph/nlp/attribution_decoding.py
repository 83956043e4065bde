"""Decoding the attribution nets' scores: BIO spans, a Viterbi that keeps the tags well formed,
the cue a role tagger redraws, and :class:`Predictor`, which runs an ensemble on a token table and
averages its log-probabilities into cues and their roles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import torch

from newsgraph.nlp.attribution_features import (
    FLAGS,
    TokenTable,
    sentence_chunks,
)
from newsgraph.nlp.attribution_nets import (
    CUE_TAGS,
    AttributionNet,
    RoleItem,
    role_item,
)


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
