"""Near-duplicate detection (newsgraph.ingest.dedup) and the FTS5 query translation."""

from __future__ import annotations

import numpy as np
import pytest

from newsgraph.ingest import dedup
from newsgraph.settings import Settings
from newsgraph.store.fulltext import fts5_query

from .stories import REPUBLISHED_TEXT, SCIENCE_TEXT, WIRE_TEXT

PERMUTATIONS = Settings().minhash_permutations
THRESHOLD = Settings().near_duplicate_threshold


def test_store_shingles_are_lowercased_word_5grams() -> None:
    assert dedup.shingles("One, two THREE four five six!") == {
        "one two three four five",
        "two three four five six",
    }
    assert dedup.shingles("Too short.") == {"too short"}
    assert dedup.shingles(" ... ") == set()


def test_store_signature_is_stable_and_packs() -> None:
    signature = dedup.signature(WIRE_TEXT, PERMUTATIONS)
    assert signature.shape == (PERMUTATIONS,)
    assert np.array_equal(signature, dedup.signature(WIRE_TEXT, PERMUTATIONS))
    packed = dedup.pack(signature)
    assert len(packed) == 4 * PERMUTATIONS
    assert np.array_equal(dedup.unpack(packed), signature)


def test_store_similarity_estimates_jaccard() -> None:
    wire = dedup.signature(WIRE_TEXT, PERMUTATIONS)
    republished = dedup.signature(REPUBLISHED_TEXT, PERMUTATIONS)
    science = dedup.signature(SCIENCE_TEXT, PERMUTATIONS)
    a, b = dedup.shingles(WIRE_TEXT), dedup.shingles(REPUBLISHED_TEXT)
    assert dedup.similarity(wire, republished) == pytest.approx(len(a & b) / len(a | b), abs=0.1)
    assert dedup.similarity(wire, republished) >= THRESHOLD
    assert dedup.similarity(wire, science) < 0.2
    assert dedup.similarity(wire, wire) == 1.0
    with pytest.raises(ValueError, match="differ in length"):
        dedup.similarity(wire, wire[:64])


def test_store_bands_favour_recall_at_the_threshold() -> None:
    rows = dedup.band_rows(PERMUTATIONS, THRESHOLD)
    bands = PERMUTATIONS // rows
    assert 1 - (1 - THRESHOLD**rows) ** bands >= dedup.CANDIDATE_RECALL
    assert 1 - (1 - THRESHOLD ** (rows + 1)) ** (PERMUTATIONS // (rows + 1)) < dedup.CANDIDATE_RECALL
    # an unrelated pair (similarity 0.2) is almost never a candidate
    assert 1 - (1 - 0.2**rows) ** bands < 0.01


def test_store_bands_of_near_duplicates_meet() -> None:
    wire = dedup.bands(dedup.signature(WIRE_TEXT, PERMUTATIONS), THRESHOLD)
    republished = dedup.bands(dedup.signature(REPUBLISHED_TEXT, PERMUTATIONS), THRESHOLD)
    science = dedup.bands(dedup.signature(SCIENCE_TEXT, PERMUTATIONS), THRESHOLD)
    assert len(wire) == PERMUTATIONS // dedup.band_rows(PERMUTATIONS, THRESHOLD)
    assert [band for band, _ in wire] == list(range(len(wire)))
    assert all(-(2**63) <= value < 2**63 for _, value in wire)
    assert set(wire) & set(republished)
    assert not set(wire) & set(science)


def test_store_bands_of_a_text_without_words_are_empty() -> None:
    assert dedup.bands(dedup.signature("", PERMUTATIONS), THRESHOLD) == []
    assert dedup.bands(dedup.signature("?!", PERMUTATIONS), THRESHOLD) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sanctions", '("sanctions")'),
        ("oil  sanctions", '("oil" AND "sanctions")'),
        ('"fair offer" talks', '("fair offer" AND "talks")'),
        ("strike OR walkout", '("strike") OR ("walkout")'),
        ("strike -talks", '("strike") NOT "talks"'),
        ('port -"night shifts"', '("port") NOT "night shifts"'),
        ("U.S. envoy", '("U S" AND "envoy")'),
        ("a or b -c", '(("a") OR ("b")) NOT "c"'),
        ("NEAR(a b) col:x ^y *", '("NEAR a" AND "b" AND "col x" AND "y")'),
        ('"unclosed phrase', '("unclosed phrase")'),
        ("-only", ""),
        ("or", ""),
        ("", ""),
    ],
)
def test_store_fts5_query(query: str, expected: str) -> None:
    assert fts5_query(query) == expected
