"""The attribution model's networks: the token encoder, the BiLSTM shared by the cue and role
taggers, their label sets, the batches they read, and saving, loading and fingerprinting the weights (ensembles too)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from newsgraph.nlp.attribution_features import (
    CHUNK,
    DISTANCE_BUCKETS,
    FLAGS,
    PARAGRAPH_OFFSETS,
    QUOTE_RELATIONS,
    SENTENCE_OFFSETS,
    TENSOR_WIDTH,
    WINDOW_AFTER,
    WINDOW_BEFORE,
    TokenTable,
    Vocabularies,
    cue_head,
    relative_features,
    sentence_chunks,
)
from newsgraph.nlp.precision import dtype

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution"
WEIGHTS = "weights.bin"
CONFIG = "config.json"

CUE_TAGS = ("O", "B", "I")
# The role tagger also redraws the cue's own bounds (B-CUE, I-CUE) unless the net was made without.
ROLE_TAGS = ("O", "B-SOURCE", "I-SOURCE", "B-CONTENT", "I-CONTENT", "B-CUE", "I-CUE")


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
