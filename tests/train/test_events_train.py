"""Training the event classifier: the held-out dev part, class weights, and a tiny reproducible run."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from newsgraph.evaluate.event_parties import is_dev
from newsgraph.nlp.event_classifier import LABELS, EventClassifier
from newsgraph.train.events import TrainConfig, class_weights, plv_examples, train, tuned

ROWS = [
    ("Russian troops shelled the town of Irpin on Sunday.", "ASSAULT"),
    ("Police arrested three opposition leaders in Minsk.", "COERCE"),
    ("The two foreign ministers met in Geneva to discuss the crisis.", "CONSULT"),
    ("Thousands of workers marched through Paris against the pension reform.", "PROTEST"),
    ("The government agreed to a ceasefire with the rebels.", "AGREE"),
    ("Washington imposed new sanctions on Iranian banks.", "SANCTION"),
    ("The army withdrew its forces from the border region.", "YIELD"),
    ("The minister accused the opposition of inciting violence.", "ACCUSE"),
]
NEGATIVES = "The museum has a large collection of paintings from the nineteenth century in its halls. " * 3


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("events")
    plv = root / "plv.csv"
    with plv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "meta", "context", "source", "target"])
        writer.writerows([text, label, "", "", "", ""] for text, label in ROWS)
    (root / "polnear").mkdir()
    (root / "polnear" / "a.txt").write_text(NEGATIVES, encoding="utf-8")
    return plv, root / "polnear"


def test_events_train_holds_out_the_dev_part(data: tuple[Path, Path]) -> None:
    plv, _ = data
    train_part, dev_part = plv_examples(plv, dev=False), plv_examples(plv, dev=True)
    assert len(train_part) + len(dev_part) == len(ROWS)
    assert all(not is_dev(e.text) for e in train_part) and all(is_dev(e.text) for e in dev_part)


def test_events_train_class_weights_favour_rare_types() -> None:
    weights = class_weights(["NONE"] * 16 + ["ASSAULT"] * 4 + ["PROTEST"])
    none, assault, protest = (float(weights[LABELS.index(t)]) for t in ("NONE", "ASSAULT", "PROTEST"))
    assert none < assault < protest


@pytest.mark.parametrize(
    ("name", "expected"),
    [("head.weight", True), ("encoder.layers.5.query.weight", True), ("encoder.layers.4.out.bias", False),
     ("encoder.words.weight", False)],
)  # fmt: skip
def test_events_train_tunes_only_the_top(name: str, expected: bool) -> None:
    assert tuned(name, start=5) is expected


def test_events_train_same_seed_same_model(data: tuple[Path, Path], tmp_path: Path) -> None:
    plv, polnear = data
    config = replace(TrainConfig(), epochs=1, tuned_layers=1, negatives=2, batch_size=4)
    first = train(plv, polnear, tmp_path / "a", config, log=lambda _: None)
    train(plv, polnear, tmp_path / "b", config, log=lambda _: None)
    weights = (tmp_path / "a" / "tuned.safetensors").read_bytes()
    assert weights == (tmp_path / "b" / "tuned.safetensors").read_bytes()
    assert first["trained_on"]["polnear_negatives"] >= 1  # type: ignore[index]
    [prediction] = EventClassifier(tmp_path / "a").predict(["Rebels attacked an army post."])
    assert prediction.event in LABELS and abs(sum(prediction.probabilities.values()) - 1) < 1e-4
