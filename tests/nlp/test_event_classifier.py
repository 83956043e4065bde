"""The sentence-level PLOVER classifier: the MiniLM forward pass, the shipped model, and how the coder uses it."""

from __future__ import annotations

import pytest
import torch
from spacy.language import Language
from torch.nn import functional as F

from newsgraph.nlp.event_classifier import (
    LABELS,
    NONE,
    Prediction,
    SentenceClassifier,
    batches,
    encoder_dir,
    mean_pool,
    plv_type,
    shipped_classifier,
    tokenizer,
)
from newsgraph.nlp.events import decide, yielded
from newsgraph.nlp.precision import resolved_precision


def test_event_classifier_encoder_matches_sentence_transformers() -> None:
    """Our BERT forward over the package's safetensors gives all-MiniLM-L6-v2's sentence embeddings."""
    from sentence_transformers import SentenceTransformer  # the reference implementation, test-only

    texts = ["Russia invaded Ukraine on Thursday.", "The minister said talks with China would resume next week."]
    model = SentenceClassifier()
    model.encoder.load_pretrained(encoder_dir())
    model.eval()
    ids, mask = batches(tokenizer(), texts)
    with torch.inference_mode():
        ours = F.normalize(mean_pool(model.encoder(ids, mask), mask), dim=-1)
    reference = SentenceTransformer(str(encoder_dir()), device="cpu").encode(texts, convert_to_tensor=True)
    assert torch.allclose(ours, reference, atol=1e-4)


@pytest.mark.parametrize(
    ("event", "expected"), [("CONCEDE", "YIELD"), ("RETREAT", "YIELD"), ("ASSAULT", "ASSAULT"), (NONE, NONE)]
)
def test_event_classifier_plv_type(event: str, expected: str) -> None:
    assert plv_type(event) == expected


@pytest.mark.parametrize(("label", "expected"), [("YIELD", "CONCEDE"), ("AID", "AID")])
def test_event_classifier_yield_reads_as_concede_without_a_trigger(label: str, expected: str) -> None:
    assert yielded(label) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian forces shelled residential areas of Kharkiv overnight, killing at least five civilians.", "ASSAULT"),
        ("Police in Hong Kong arrested dozens of pro-democracy activists on Sunday.", "COERCE"),
        ("Thousands of protesters rallied in central Minsk against the government on Sunday.", "PROTEST"),
        ("The museum's new wing houses a collection of nineteenth-century landscapes.", NONE),
    ],
)
def test_event_classifier_shipped_model_types(text: str, expected: str) -> None:
    [prediction] = shipped_classifier().predict([text])
    assert prediction.event == expected
    assert prediction.probability == max(prediction.probabilities.values())
    assert abs(sum(prediction.probabilities.values()) - 1) < 1e-3  # sixteen figures kept to four decimals
    assert set(prediction.probabilities) == set(LABELS)


@pytest.mark.parametrize(("precision", "expected"), [("float32", "float32"), ("bfloat16", "bfloat16")])
def test_event_classifier_precision_is_kept(precision: str, expected: str) -> None:
    assert resolved_precision(precision) == expected


def test_event_classifier_auto_precision_follows_the_cpu() -> None:
    assert resolved_precision("auto") == ("bfloat16" if torch.cpu._is_amx_tile_supported() else "float32")


def test_event_classifier_unknown_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="precision must be one of"):
        resolved_precision("float16")


def test_event_classifier_bfloat16_gives_float32_labels() -> None:
    """bfloat16 changes probabilities a little, not the labels of clear sentences."""
    texts = [
        "Russian forces shelled residential areas of Kharkiv overnight.",
        "Police in Hong Kong arrested dozens of pro-democracy activists on Sunday.",
        "The foreign ministers met in Geneva to discuss a ceasefire.",
        "The museum's new wing houses a collection of nineteenth-century landscapes.",
    ]
    full, half = shipped_classifier("float32").predict(texts), shipped_classifier("bfloat16").predict(texts)
    assert [p.event for p in half] == [p.event for p in full]
    assert all(abs(a.probability - b.probabilities[a.event]) < 0.05 for a, b in zip(full, half, strict=True))


def test_event_classifier_batches_give_the_same_labels() -> None:
    texts = ["Iran condemned the attack.", "The talks in Vienna resumed on Monday after a week's pause.", "Hello."]
    together = [p.event for p in shipped_classifier().predict(texts)]
    assert together == [shipped_classifier().predict([t])[0].event for t in texts]


@pytest.mark.parametrize(
    ("text", "event", "trigger"),
    [
        ("A car bomb killed eight people in Baghdad on Monday.", "ASSAULT", "killed"),
        ("Iraqi troops engaged Islamic State fighters in a firefight near Mosul.", "ASSAULT", "firefight"),
    ],
)
def test_event_classifier_decides_the_coders_type(nlp: Language, text: str, event: str, trigger: str | None) -> None:
    doc = nlp(text)
    main = max(doc._.events, key=lambda e: e.confidence or 0.0)
    assert main.event == event and main.confidence is not None and 0.0 < main.confidence <= 1.0
    assert text[main.trigger.start : main.trigger.end] == main.trigger.text  # evidence first
    assert trigger is None or main.trigger.text == trigger


@pytest.mark.parametrize(("label", "event"), [("CONSULT", "CONSULT"), ("YIELD", "CONCEDE")])
def test_event_classifier_main_verb_when_no_trigger(nlp: Language, label: str, event: str) -> None:
    """The classifier's event with no trigger word in the sentence is anchored on its main verb."""
    text = "The Turkish envoy went to Baghdad on Tuesday."
    doc = nlp(text)
    sentence = next(iter(doc.sents))
    prediction = Prediction(label, 0.9, {label: 0.9, NONE: 0.1})
    [found] = decide(doc, sentence, [], prediction, [])
    assert (found.event, found.trigger.text, found.confidence) == (event, "went", 0.9)
    assert text[found.evidence.start : found.evidence.end] == found.evidence.text


def test_event_classifier_no_event_sentence_has_no_events(nlp: Language) -> None:
    assert nlp("The museum's new wing houses a collection of nineteenth-century landscapes.")._.events == []
