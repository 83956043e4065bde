"""Training the attribution model: gold alignment, labels, and a tiny reproducible run."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import spacy
import torch
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.evaluate.polnear_gold import GoldDocument, parse_brat
from newsgraph.nlp.attribution_nets import CONFIG, CUE_TAGS, ROLE_TAGS, WEIGHTS, AttributionNet
from newsgraph.records import Span
from newsgraph.train import train
from newsgraph.train.attribution import (
    Aligner,
    Fitting,
    Parsed,
    add_cue_roles,
    build_vocabularies,
    gold_labels,
    jittered,
    parse,
    with_false_cues,
)

TEXT = "“We will act,” she said. Officials have said that talks failed."
ANN = """T1\tContent 0 14\t“We will act,”
T2\tSource 15 18\tshe
T3\tCue 19 23\tsaid
T4\tAttribution 19 23\tsaid
E1\tAttribution:T4 Source:T2 Cue:T3 Content:T1
T5\tSource 25 34\tOfficials
T6\tCue 35 44\thave said
T7\tContent 45 62\tthat talks failed
T8\tAttribution 35 44\thave said
E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7
"""


@pytest.fixture
def vocab() -> Vocab:
    return spacy.blank("en").vocab


def tokenized(vocab: Vocab) -> Doc:
    doc = spacy.blank("en").make_doc(TEXT)
    doc._.regions = []
    return doc


@pytest.mark.parametrize(
    ("start", "end", "tokens"),
    [
        (15, 18, ["she"]),
        (35, 44, ["have", "said"]),
        (0, 14, ["“", "We", "will", "act", ",", "”"]),
        (16, 17, ["she"]),  # a span that cuts a word takes the word
        (14, 15, None),  # only whitespace
    ],
)
def test_train_aligner_maps_characters_to_tokens(vocab: Vocab, start: int, end: int, tokens: list[str] | None) -> None:
    doc = tokenized(vocab)
    found = Aligner(doc).tokens(Span.of(TEXT, start, end))
    assert (None if found is None else [t.text for t in doc[found[0] : found[1]]]) == tokens


def test_train_gold_labels(vocab: Vocab) -> None:
    doc = tokenized(vocab)
    gold = GoldDocument("doc", TEXT, parse_brat(ANN, TEXT), "x", "doc.txt")
    parsed = Parsed(gold, doc)
    prepared = gold_labels(parsed, build_vocabularies([parsed]))
    cue_words = [(doc[i].text, CUE_TAGS[k]) for i, k in enumerate(prepared.cue_tags) if k]
    assert cue_words == [("said", "B"), ("have", "B"), ("said", "I")]
    assert len(prepared.cues) == 2
    roles = {doc[i].text: ROLE_TAGS[k] for i, k in enumerate(prepared.roles[1]) if k}
    assert roles == {
        "Officials": "B-SOURCE",
        "have": "B-CUE",
        "said": "I-CUE",
        "that": "B-CONTENT",
        "talks": "I-CONTENT",
        "failed": "I-CONTENT",
    }


@pytest.mark.parametrize(
    ("cue", "allowed"),
    [
        ((7, 8), {(6, 8)}),  # "said": then "she said"; not the "." after it
        ((11, 13), {(11, 12), (12, 13), (10, 13), (11, 14)}),  # "have said": a part, or a word more
    ],
)
def test_train_jittered_cues_stay_near_the_gold_cue(
    vocab: Vocab, cue: tuple[int, int], allowed: set[tuple[int, int]]
) -> None:
    doc = tokenized(vocab)
    gold = GoldDocument("doc", TEXT, parse_brat(ANN, TEXT), "x", "doc.txt")
    table = gold_labels(Parsed(gold, doc), build_vocabularies([Parsed(gold, doc)])).table
    rng = random.Random(0)
    drawn = {jittered(table, cue, rng) for _ in range(50)}
    assert drawn == allowed


@pytest.mark.parametrize(
    ("tag", "false_cues"),
    [
        # a cue tagger that begins a cue at every token: all but the gold cues' tokens are false cues
        ("B", ["“", "We", "will", "act", ",", "”", "she", ".", "Officials", "that", "talks", "failed", "."]),
        ("O", []),  # one that finds no cue has none
    ],
)
def test_train_false_cues_are_the_cue_taggers_spans_off_the_gold_cues(
    vocab: Vocab, tag: str, false_cues: list[str]
) -> None:
    doc = tokenized(vocab)
    parsed = Parsed(GoldDocument("doc", TEXT, parse_brat(ANN, TEXT), "x", "doc.txt"), doc)
    vocabularies = build_vocabularies([parsed])
    net = AttributionNet(vocabularies)
    with torch.no_grad():
        net.cue_output.weight.zero_()
        net.cue_output.bias.copy_(torch.tensor([10.0 if t == tag else 0.0 for t in CUE_TAGS]))
    [prepared] = with_false_cues(net, [gold_labels(parsed, vocabularies)])
    assert [doc[s:e].text for s, e in prepared.false_cues] == false_cues


ARTICLES = {
    "a_2020-01-01_one": (TEXT, ANN),
    "b_2020-01-02_two": (
        "The mayor said that the wall would be built.\n",
        "T1\tSource 0 9\tThe mayor\nT2\tCue 10 14\tsaid\nT3\tContent 15 44\tthat the wall would be built\n"
        "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
    ),
}


def write_split(root: Path) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, (text, ann) in ARTICLES.items():
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        (root / "attributions" / f"{name}_x.ann").write_text(ann, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def nlp() -> Language:
    from newsgraph.nlp.pipeline import load_pipeline
    from newsgraph.settings import Settings

    return load_pipeline(Settings().model)


def test_train_reproduces_with_a_seed(tmp_path: Path, nlp: Language) -> None:
    split = write_split(tmp_path / "data")
    parsed = (parse(split, nlp), parse(split, nlp))
    runs = []
    for name in ("one", "two"):
        metrics = train(
            split, split, tmp_path / name, seed=3, epochs=2, cue_epochs=0, parsed=parsed, log=lambda _: None
        )
        assert {"best_epoch", "dev", "history", "seconds"} <= set(metrics)
        json.dumps(metrics)
        assert (tmp_path / name / WEIGHTS).is_file() and (tmp_path / name / CONFIG).is_file()
        runs.append(metrics["history"][-1]["cue_loss"])
    assert runs[0] == runs[1]
    net = AttributionNet.load(tmp_path / "one")
    assert not net.training


@pytest.mark.parametrize("average_from", [1, 2])
def test_train_scores_the_mean_of_the_weights(tmp_path: Path, nlp: Language, average_from: int) -> None:
    split = write_split(tmp_path / "data")
    parsed = (parse(split, nlp), parse(split, nlp))
    metrics = train(
        split,
        split,
        tmp_path / "m",
        epochs=2,
        cue_epochs=0,
        average_from=average_from,
        parsed=parsed,
        log=lambda _: None,
    )
    epochs = [record["epoch"] for record in metrics["history"]]
    assert epochs == [1, 2, 0]
    assert metrics["history"][-1]["averaged_from"] == average_from
    best = max(metrics["history"], key=lambda record: record["dev"]["mean"])
    assert metrics["dev"]["mean"] == best["dev"]["mean"]
    if average_from == 2:  # the mean of one epoch's weights is that epoch's weights
        assert metrics["history"][-1]["dev"] == metrics["history"][1]["dev"]


def test_train_second_phase_reproduces_from_the_saved_net(tmp_path: Path, nlp: Language) -> None:
    """Both phases in one run equal the first phase, saved, then ``add_cue_roles`` on it."""
    split = write_split(tmp_path / "data")
    parsed = (parse(split, nlp), parse(split, nlp))
    quiet = {"seed": 5, "epochs": 1, "parsed": parsed, "log": lambda _: None}
    both = train(split, split, tmp_path / "both", cue_epochs=2, learning_rate=0.05, cue_learning_rate=0.05, **quiet)
    assert [record["epoch"] for record in both["history"]] == [1, 2, 3]
    assert [record.get("cue_roles", False) for record in both["history"]] == [False, True, True]
    assert both["labels"]["role"] == list(AttributionNet.load(tmp_path / "both").role_tags)

    train(split, split, tmp_path / "first", cue_epochs=0, learning_rate=0.05, **quiet)
    vocab = AttributionNet.load(tmp_path / "first").vocab
    setting = Fitting([gold_labels(p, vocab) for p in parsed[0]], parsed[1], tmp_path / "second", 4, 0.3, quiet["log"])
    net, history, _, _ = add_cue_roles(tmp_path / "first", setting, 5, range(2, 4), 0.05, 0.5)
    assert net.role_tags == ROLE_TAGS
    assert [record["role_loss"] for record in history] == [record["role_loss"] for record in both["history"][1:]]


def test_train_command_writes_an_ensemble_that_evaluate_loads(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsgraph.cli import app

    split = write_split(tmp_path / "data")
    out = tmp_path / "model"
    runner = CliRunner()
    args = ["train", "--train", str(split), "--dev", str(split), "--output", str(out), "--epochs", "1"]
    args += ["--cue-epochs", "1", "--jitter-share", "1.0"]
    result = runner.invoke(app, [*args, "--seed", "0", "--seed", "1", "--hyper", '{"hidden": 24, "role_lstm": 8}'])
    assert result.exit_code == 0, result.output
    for seed in (0, 1):
        assert {p.name for p in (out / f"seed-{seed}").iterdir()} == {CONFIG, WEIGHTS, "metrics.json"}
        assert f"seed {seed}, best epoch 1" in result.stdout
        hyper = AttributionNet.load(out / f"seed-{seed}").hyper
        assert (hyper["hidden"], hyper["role_lstm"]) == (24, 8)
    result = runner.invoke(app, ["evaluate", "--gold", str(split), "--attribution-model", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)) >= {"source", "cue", "content"}


@pytest.mark.parametrize(
    ("hyper", "message"),
    [
        ('{"hiden": 24}', "unknown: hiden"),
        ('{"cue_roles": false}', "unknown: cue_roles"),
        ("[24]", "give a JSON object"),
        ("{hidden: 24}", "not JSON"),
    ],
)
def test_train_command_rejects_bad_hyperparameters(tmp_path: Path, hyper: str, message: str) -> None:
    from typer.testing import CliRunner

    from newsgraph.cli import app

    args = ["train", "--train", str(tmp_path), "--dev", str(tmp_path), "--hyper", hyper]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
