"""Corrections of single attributions survive re-ingest; training data in brat and Label Studio."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.language import Language

from newsgraph.jobs import Summary, extract_paths
from newsgraph.records import Attribution, Extraction, Span, Speaker
from newsgraph.settings import Settings
from newsgraph.store import Store
from newsgraph.web import training

from .conftest import EXAMPLE, EXAMPLE_ID, Cloner


def _reextracted(nlp: Language) -> Extraction:
    """The example extracted again, as a pipeline change would, so that saving it re-saves everything."""
    [extraction] = extract_paths([str(EXAMPLE)], nlp, Settings(), None, Summary(), print)
    return replace(extraction, pipeline=extraction.pipeline + "+changed")


def test_web_attribution_corrections_survive_reingest(clone_store: Cloner, nlp: Language) -> None:
    with Store.open(clone_store()) as store:
        detail = store.article(EXAMPLE_ID)
        assert detail is not None
        rejected, fixed = detail.attributions[0], detail.attributions[2]
        store.reject_attribution(EXAMPLE_ID, rejected.ordinal, note="a plan, not speech")
        store.assign_speaker(EXAMPLE_ID, fixed.ordinal, name="Karine Jean-Pierre")
        assert store.save(_reextracted(nlp)).status == "updated"
        after = store.article(EXAMPLE_ID)
        assert after is not None
        contents = {row.attribution.content: row for row in after.attributions}
        assert rejected.attribution.content not in contents
        speaker = contents[fixed.attribution.content].attribution.speaker
        assert speaker is not None and speaker.name == "Karine Jean-Pierre"
        assert len(after.attributions) == len(detail.attributions) - 1
        assert [q.speaker_name for q in store.quotes(speaker="Karine Jean-Pierre")] == ["Karine Jean-Pierre"]


def test_web_fixed_speaker_follows_a_later_merge(clone_store: Cloner, nlp: Language) -> None:
    with Store.open(clone_store()) as store:
        store.assign_speaker(EXAMPLE_ID, 2, name="K. Jean-Pierre")
        [correction] = store.attribution_corrections()
        store.merge_entities("person:jen-psaki", str(correction.entity_id))
        store.save(_reextracted(nlp))
        detail = store.article(EXAMPLE_ID)
        assert detail is not None
        row = next(r for r in detail.attributions if r.attribution.content == correction.content)
        assert row.attribution.speaker is not None and row.attribution.speaker.id == "person:jen-psaki"


TEXT = "Intro.\n“We will act,” she said, “and\nwe will win.”\n"


def _story() -> Extraction:
    first, second = Span.of(TEXT, 7, 21), Span.of(TEXT, 32, 50)
    speaker = Speaker("person:ann-lee", "Ann Lee", confidence=0.9, reason="'she' refers to the previous speaker")
    attribution = Attribution(Span.of(TEXT, 22, 25), Span.of(TEXT, 26, 30), (first, second), "direct", speaker)
    return Extraction("doc/1", "2024-01-01", None, None, None, None, TEXT, "test", None, (), (attribution,), ())


def test_web_brat_standoff_cuts_spans_at_line_breaks() -> None:
    text, ann = training.brat_files(_story())
    assert text == TEXT
    lines = ann.splitlines()
    assert lines[0] == "T1\tContent 7 21;32 36;37 50\t“We will act,” “and we will win.”"
    assert lines[1] == "T2\tCue 26 30\tsaid"
    assert lines[2] == "R1\tContent Arg1:T2 Arg2:T1"
    assert lines[3] == "A1\tKind T1 direct"
    assert lines[4] == "T3\tSource 22 25\tshe"
    assert lines[5] == "R2\tSource Arg1:T2 Arg2:T3"
    assert lines[6].startswith("#1\tAnnotatorNotes T3\tspeaker: Ann Lee (person:ann-lee)")
    for line in lines:
        if line.startswith("T"):
            _, offsets, covered = line.split("\t")
            pieces = [TEXT[int(s) : int(e)] for s, e in (p.split() for p in offsets.split(" ", 1)[1].split(";"))]
            assert " ".join(pieces) == covered


@pytest.mark.parametrize("doc_id", ["doc/1", "../../etc/passwd", "..."])
def test_web_brat_zip_names_are_safe(doc_id: str) -> None:
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(training.brat_zip([replace(_story(), doc_id=doc_id)])))
    for name in archive.namelist():
        assert "/" not in name and not name.startswith(".")


def test_web_label_studio_task_shape() -> None:
    [task] = training.label_studio_tasks([_story()])
    assert task["data"]["doc_id"] == "doc/1"
    results = task["annotations"][0]["result"]
    regions = [r for r in results if r["type"] == "labels"]
    assert [(r["value"]["labels"], r["value"]["start"], r["value"]["end"]) for r in regions] == [
        (["Source"], 22, 25),
        (["Cue"], 26, 30),
        (["Content"], 7, 21),
        (["Content"], 32, 50),
    ]
    relations = [(r["from_id"], r["to_id"]) for r in results if r["type"] == "relation"]
    assert relations == [("a0-cue-0", "a0-source-0"), ("a0-cue-0", "a0-content-0"), ("a0-cue-0", "a0-content-1")]
