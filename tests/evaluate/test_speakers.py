"""Tests of speaker scoring (newsgraph.evaluate.speakers) and the speaker accuracy gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.evaluate.polnear import read_articles
from newsgraph.evaluate.speakers import (
    GoldMention,
    GoldSpeaker,
    b_cubed,
    evaluate_speakers,
    match,
    read_speaker_gold,
    score_grouping,
    score_speakers,
    speaker_right,
)
from newsgraph.extract import extract
from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.records import Attribution, Span, Speaker
from newsgraph.settings import Settings

GOLD = Path(__file__).parents[1] / "data/speakers/dev"
POLNEAR_DEV = Path(__file__).parents[2] / "../shared/data/polnear/dev"
TEXT = "Ann Lee said it was late. Officials said it was not. She and Bo Tan agreed."


def person(name: str, **fields: object) -> Speaker:
    return Speaker(f"person:{name.lower().replace(' ', '-')}", name, **fields)  # type: ignore[arg-type]


def attribution(start: int, end: int, speaker: Speaker | None) -> Attribution:
    return Attribution(None, None, (Span.of(TEXT, start, end),), "indirect", speaker=speaker)


@pytest.mark.parametrize(
    ("predicted", "gold", "right"),
    [
        (person("Hillary Clinton"), "Hillary Clinton", True),
        (person("Donald J. Trump"), "Donald Trump", True),  # a middle initial
        (person("Chinese President Xi Jinping"), "Xi Jinping", True),  # titles and demonyms aside
        (person("Clinton"), "Hillary Clinton", False),  # a surname is not the person
        (person("Bill Clinton"), "Hillary Clinton", False),
        (Speaker("group:sources", "sources", "GROUP"), "unnamed: a source", True),
        (Speaker("group:officials", "officials", "GROUP"), "unnamed: sources", False),
        (person("Ann Lee"), "unnamed: a spokeswoman", False),
        (None, "none: a passive", True),
        (person("Ann Lee"), "none: a passive", False),
        (
            Speaker("group:a", "Ann Lee and Bo Tan", "GROUP", members=("Ann Lee", "Bo Tan")),
            "group: Ann Lee; Bo Tan",
            True,
        ),
        (person("Ann Lee"), "group: Ann Lee; Bo Tan", False),  # one of a group is not the group
        (Speaker("org:the-new-york-post", "The New York Post", "ORG"), "New York Post", True),
    ],
)
def test_speakers_speaker_right(predicted: Speaker | None, gold: str, right: bool) -> None:
    assert speaker_right(predicted, gold) is right


def test_speakers_match_is_one_to_one_by_largest_overlap() -> None:
    gold = [GoldSpeaker("d", 0, (0, 25), "name", "Ann Lee"), GoldSpeaker("d", 1, (26, 51), "unnamed", "unnamed: x")]
    wide, narrow = attribution(0, 40, None), attribution(30, 40, None)
    found = match(gold, [wide, narrow])
    assert found == {0: wide, 1: narrow}


def test_speakers_score_by_form() -> None:
    gold = {
        "d": [
            GoldSpeaker("d", 0, (0, 25), "name", "Ann Lee"),
            GoldSpeaker("d", 1, (26, 51), "unnamed", "unnamed: officials"),
            GoldSpeaker("d", 2, (52, 77), "pronoun", "group: Ann Lee; Bo Tan"),
        ]
    }
    predicted = {
        "d": [
            attribution(0, 25, person("Ann Lee")),
            attribution(26, 51, Speaker("group:officials", "officials", "GROUP")),
            # the third is not found: it counts in gold, not in matched
        ]
    }
    report = score_speakers(gold, predicted)
    assert (report.overall.right, report.overall.matched, report.overall.gold) == (2, 2, 3)
    assert report.by_form["pronoun"].matched == 0
    assert report.as_dict()["by_form"]["name"]["accuracy"] == 1.0
    assert "overall" in report.table()


def test_speakers_reads_labels_and_refuses_unlabelled(tmp_path: Path) -> None:
    row = {"doc_id": "d", "n": 0, "content": [0, 5], "form": "name", "speaker": "Ann Lee", "source_text": "Ann"}
    (tmp_path / "d.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert read_speaker_gold(tmp_path) == {"d": [GoldSpeaker("d", 0, (0, 5), "name", "Ann Lee", "Ann")]}
    (tmp_path / "e.jsonl").write_text(json.dumps({**row, "form": None}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"e\.jsonl:1"):
        read_speaker_gold(tmp_path)


@pytest.mark.parametrize(
    ("system", "precision", "recall"),
    [
        ({1: "a", 2: "a", 3: "b"}, 1.0, 1.0),  # the gold grouping
        ({1: "a", 2: "a", 3: "a"}, (2 / 3 * 2 + 1 / 3) / 3, 1.0),  # one merged cluster
        ({1: "a", 2: "b", 3: "c"}, 1.0, (0.5 + 0.5 + 1) / 3),  # every item alone
        ({1: "a", 3: "b"}, 1.0, (0.5 + 0.5 + 1) / 3),  # an item not linked is alone
    ],
)
def test_speakers_b_cubed(system: dict[int, str], precision: float, recall: float) -> None:
    scores = b_cubed({1: "Hillary Clinton", 2: "Hillary Clinton", 3: "Bill Clinton"}, system)
    assert scores.precision == pytest.approx(precision)
    assert scores.recall == pytest.approx(recall)


def test_speakers_grouping_leaves_out_non_entities() -> None:
    gold = [
        GoldMention("d", 0, 5, "Trump", "Donald Trump"),
        GoldMention("e", 0, 5, "Trump", "Donald Trump"),
        GoldMention("e", 9, 10, "I", "not an entity: a pronoun"),
    ]
    scores = score_grouping(gold, {("d", 0, 5): "person:donald-trump", ("e", 0, 5): "person:donald-trump"})
    assert (scores.items, scores.f1) == (2, 1.0)


# Pinned a little under what `newsgraph evaluate-speakers --gold tests/data/speakers/dev --articles
# ../shared/data/polnear/dev` measures (see the README's speaker figures): later work may not lose
# speaker accuracy quietly.
FLOORS = {
    "overall": 0.92,
    "name": 0.94,
    "pronoun": 0.94,
    "description": 0.87,
    "continuation": 0.50,
    "organisation": 0.91,
    "unnamed": 0.91,
}


def test_speakers_accuracy_gate() -> None:
    nlp = load_pipeline(Settings().model)
    report = evaluate_speakers(GOLD, read_articles(POLNEAR_DEV), lambda a: next(extract([a], nlp)).attributions)
    measured = {"overall": report.overall.accuracy, **{f: s.accuracy for f, s in report.by_form.items()}}
    assert report.overall.gold >= 1200, "the gold set is 42 articles with every attribution labelled"
    below = {name: measured[name] for name, floor in FLOORS.items() if measured[name] < floor}
    assert not below, f"below the pinned floors {FLOORS}:\n{report.table()}"
