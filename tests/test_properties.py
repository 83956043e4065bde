"""Properties of the readers, the time rules and the extractor, checked by hypothesis (200
examples each): they never raise on any input, offsets are exact, and a second run gives the
same result."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newsgraph.extract import extract
from newsgraph.ingest.readers import read_jsonl
from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.nlp.timex_rules import find_time_expressions
from newsgraph.records import Article, ReadFailure
from newsgraph.settings import Settings

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# JSON values of every type, for fields that should be strings
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)
FIELDS = st.dictionaries(st.sampled_from(["id", "text", "date", "title", "url", "publisher", "author"]), VALUES)
NEWS = st.sampled_from(
    [
        "said",
        "told reporters",
        '"We will win," ',
        "next week",
        "on Friday",
        "last year",
        "in May 2015",
        "Mr. Xi",
        "President Joe Biden",
        "China",
        "he",
        "“",
        "”",
        ".",
        ",",
        "\n\n",
        "—",
        "the 1990s",
        "9999",
        "3 p.m.",
    ]
)
TEXTS = st.lists(NEWS | st.text(max_size=8), max_size=25).map(" ".join)
DATES = st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)).map(date.isoformat)


def read_line(line: bytes) -> list[Article | ReadFailure]:
    return list(read_jsonl(io.BytesIO(line), "in.jsonl", Settings(), None))


@PROPERTY
@given(FIELDS)
def test_properties_jsonl_line_is_an_article_or_one_failure(fields: dict[str, object]) -> None:
    [found] = read_line(json.dumps(fields).encode())
    if isinstance(found, Article):
        assert found.text == fields["text"]
        assert isinstance(found.doc_id, str)
        assert found.doc_id
    else:
        assert found.path == "in.jsonl:1"
        assert found.reason


@PROPERTY
@given(st.binary(max_size=200))
def test_properties_jsonl_bytes_never_raise(data: bytes) -> None:
    found = read_line(data)
    assert all(isinstance(item, Article | ReadFailure) for item in found)


@PROPERTY
@given(TEXTS, DATES | st.none())
def test_properties_time_rules_never_raise_and_offsets_are_exact(text: str, anchor: str | None) -> None:
    found = find_time_expressions(text, anchor)
    for expression in found:
        assert text[expression.start : expression.end] == expression.text
    assert find_time_expressions(text, anchor) == found


@PROPERTY
@given(st.sampled_from(["next week", "Friday", "last year", "tomorrow", "in two days"]))
def test_properties_time_rules_at_the_limits(text: str) -> None:
    for anchor in (date(1000, 1, 1), date(2999, 12, 31), date(2999, 12, 31) - timedelta(days=1)):
        for expression in find_time_expressions(f"It happens {text}.", anchor.isoformat()):
            assert expression.text in text


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(Settings().model)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(TEXTS, DATES)
def test_properties_extraction_offsets_exact_and_deterministic(nlp: Language, text: str, day: str) -> None:
    article = Article("a", text, day)
    [first] = extract([article], nlp)
    [again] = extract([article], nlp)
    assert first == again
    spans = [*first.regions, *first.time_expressions, *first.mentions]
    spans += [s for a in first.attributions for s in (a.source, a.cue, *a.content) if s is not None]
    spans += [s for e in first.events for s in (e.trigger, e.evidence)]
    for span in spans:
        assert text[span.start : span.end] == span.text, span
