"""Reading the store: quotes, full-text search, speakers, statistics, exports."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.records import Extraction, Span, Speaker
from newsgraph.store import Store

from .stories import BERG, HADDAD, LOPES, PARK, short_story


@pytest.fixture
def filled(store: Store, wire: Extraction, republished: Extraction, science: Extraction) -> Store:
    for extraction in (wire, republished, science):
        store.save(extraction)
    return store


def spans_of(extraction: Extraction) -> list[Span]:
    return [
        span
        for attribution in extraction.attributions
        for span in (attribution.source, attribution.cue, *attribution.content)
        if span is not None
    ]


def test_store_offsets_survive(filled: Store, wire: Extraction, science: Extraction) -> None:
    texts = {extraction.doc_id: extraction.text for extraction in filled.export_extractions()}
    quotes = filled.quotes()
    assert len(quotes) == 2 * len(wire.attributions) + len(science.attributions)
    for quote in quotes:
        text = texts[quote.doc_id]
        for span in (quote.source, quote.cue, *quote.content):
            assert span is None or text[span.start : span.end] == span.text
    for extraction in filled.export_extractions():
        for span in [*spans_of(extraction), *extraction.mentions, *extraction.time_expressions]:
            assert extraction.text[span.start : span.end] == span.text


def test_store_quotes_carry_article_and_speaker(filled: Store, science: Extraction) -> None:
    [mixed] = filled.quotes(kind="mixed")
    assert (mixed.doc_id, mixed.date, mixed.publisher) == (
        "courier-7",
        "2022-04-02",
        "City Courier",
    )
    assert mixed.title == science.title
    assert (mixed.speaker_id, mixed.speaker_name, mixed.speaker_confidence) == (
        HADDAD.id,
        HADDAD.name,
        HADDAD.confidence,
    )
    assert mixed.source == science.attributions[0].source
    assert mixed.cue == science.attributions[0].cue
    assert mixed.content == science.attributions[0].content
    assert mixed.content_text == "astonishing … the standard rises every year"


def test_store_quotes_by_speaker_name_alias_or_id(filled: Store) -> None:
    by_name = filled.quotes(speaker="maria LOPES")
    assert [(q.doc_id, q.ordinal) for q in by_name] == [
        ("times-1", 0),
        ("times-1", 5),
        ("wire-1", 0),
        ("wire-1", 5),
    ]
    assert filled.quotes(speaker="lopes") == by_name  # the source text of a quote
    assert filled.quotes(speaker=LOPES.id) == by_name
    assert {q.speaker_id for q in filled.quotes(speaker="transport minister tomas berg")} == {BERG.id}
    assert filled.quotes(speaker="she") == []  # a pronoun is no alias
    assert [q.speaker_id for q in filled.quotes(speaker="omar")] == [HADDAD.id]  # whole words
    assert {q.speaker_id for q in filled.quotes(speaker="minister tomas")} == {BERG.id}
    assert filled.quotes(speaker="ria lopes") == []
    assert filled.quotes(speaker="%") == filled.quotes(speaker="_") == []
    assert [q.speaker_id for q in filled.quotes(speaker="Lena Park")] == [PARK.id]
    assert filled.quotes(speaker="Nobody") == []


def test_store_quotes_since_until_kind_limit(store: Store) -> None:
    months = {"2022-01-31": "January", "2022-02-15": "February", "2022-03-01": "March"}
    for date, month in months.items():
        text = f"Lopes said the {month} figures were strong."
        store.save(
            short_story(
                f"doc-{month}",
                text,
                date,
                source="Lopes",
                cue="said",
                content=f"the {month} figures were strong",
                speaker=LOPES,
                kind="indirect",
            )
        )
    store.save(
        short_story(
            "doc-undated",
            "Berg said no.",
            None,
            source="Berg",
            cue="said",
            content="no",
            speaker=BERG,
        )
    )

    def docs(**filters: Any) -> list[str]:
        return [quote.doc_id for quote in store.quotes(**filters)]

    assert docs() == ["doc-March", "doc-February", "doc-January", "doc-undated"]  # newest first
    assert docs(since="2022-02-01") == ["doc-March", "doc-February"]
    assert docs(until="2022-02") == ["doc-February", "doc-January"]
    assert docs(since="2022-02", until="2022-02-15") == ["doc-February"]
    assert docs(until="2021") == []
    assert docs(kind="indirect", limit=2) == ["doc-March", "doc-February"]
    assert docs(kind="direct") == ["doc-undated"]
    with pytest.raises(ValueError, match="ISO date"):
        store.quotes(since="last week")


def test_store_quotes_full_text_search(filled: Store) -> None:
    def found(query: str) -> set[tuple[str, int]]:
        return {(quote.doc_id, quote.ordinal) for quote in filled.quotes(search=query)}

    assert found("vessels") == {("wire-1", 4), ("times-1", 4)}
    assert found("vessel waiting") == {("wire-1", 4), ("times-1", 4)}  # stemmed, ANDed
    assert found('"rises every year"') == {("courier-7", 0)}
    assert found('"every rises year"') == set()
    assert found("bicycle or intervene") == {("courier-7", 1), ("wire-1", 2), ("times-1", 2)}
    assert found("bicycle or intervene -government") == {("courier-7", 1)}
    assert found("parties -matter") == set()
    assert found("open -door") == {("wire-1", 1), ("times-1", 1)}
    assert found("harvest") == set()  # in the article text, in no quote
    assert found('"(*:^') == set()  # never read as query syntax
    assert [q.doc_id for q in filled.quotes(search="bicycle", speaker="Lena Park")] == ["courier-7"]


def test_store_search_articles(filled: Store) -> None:
    hits = filled.search_articles("silos harvest")
    assert [hit.article.doc_id for hit in hits] == ["wire-1", "times-1"]
    assert "[silos]" in hits[0].snippet
    assert hits[1].article.duplicate_of == "wire-1"
    assert [hit.article.doc_id for hit in filled.search_articles("solar bicycle")] == ["courier-7"]
    assert filled.search_articles("cheese") == []
    assert filled.search_articles("") == []
    assert len(filled.search_articles("strike", limit=1)) == 1


def test_store_speakers(filled: Store) -> None:
    speakers = filled.speakers()
    assert [(s.id, s.quotes, s.articles) for s in speakers[:2]] == [
        (LOPES.id, 2, 1),
        (BERG.id, 2, 1),
    ]
    berg = speakers[1]
    assert (berg.name, berg.type) == ("Tomas Berg", "PERSON")
    assert berg.aliases == ("Berg", "Transport minister Tomas Berg")
    assert {s.id for s in speakers} == {
        LOPES.id,
        BERG.id,
        HADDAD.id,
        PARK.id,
        "person:anna-siren",
        "org:northport-harbour-authority",
    }
    assert next(s for s in speakers if s.id == PARK.id).aliases == ()
    assert len(filled.speakers(limit=3)) == 3


def test_store_stats(filled: Store, wire: Extraction, science: Extraction) -> None:
    stats = filled.stats(top=2)
    assert (stats.articles, stats.stories) == (3, 2)
    assert stats.attributions == len(wire.attributions) + len(science.attributions)
    assert stats.by_kind == {"direct": 4, "indirect": 3, "according_to": 1, "mixed": 1}
    assert stats.by_publisher == {"Wire Service": 7, "City Courier": 2}
    assert list(stats.by_month.items()) == [("2022-03", 7), ("2022-04", 2)]
    assert [s.id for s in stats.top_speakers] == [LOPES.id, BERG.id]


def test_store_stats_empty(store: Store) -> None:
    stats = store.stats()
    assert (stats.articles, stats.stories, stats.attributions) == (0, 0, 0)
    assert stats.by_kind == stats.by_publisher == stats.by_month == {}
    assert stats.top_speakers == ()


def test_store_export_extractions_round_trip(
    filled: Store, wire: Extraction, republished: Extraction, science: Extraction
) -> None:
    assert list(filled.export_extractions()) == [wire, republished, science]


def test_store_offsets_survive_non_ascii(store: Store) -> None:
    text = "🙂 Zoë Ångström, the mayor, said “ça va très bien 👍” on Tuesday."
    speaker = Speaker("person:zoe-angstrom", "Zoë Ångström", "PERSON", 1.0, "")
    store.save(
        short_story(
            "accents",
            text,
            "2022-06-07",
            source="Zoë Ångström",
            cue="said",
            content="ça va très bien 👍",
            speaker=speaker,
        )
    )
    [quote] = store.quotes(speaker="zoë ångström")
    for span in (quote.source, quote.cue, *quote.content):
        assert span is not None
        assert text[span.start : span.end] == span.text
    assert [q.doc_id for q in store.quotes(search="très")] == ["accents"]
    [extraction] = store.export_extractions()
    assert extraction.attributions[0].content[0] == Span.of(text, text.index("ça"), text.index("👍") + 1)
