"""Saving extractions: new, unchanged, updated, duplicate, near-duplicate, atomicity."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.exc import StatementError

from newsgraph.records import Extraction, Span
from newsgraph.store import Store
from newsgraph.store.schema import Base
from newsgraph.store.store import engine_url

from .stories import LOPES, WIRE_TEXT, short_story, wire_story


def table_rows(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    engine = create_engine(engine_url(db_url))
    try:
        with engine.connect() as connection:
            return {
                name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
                for name, table in Base.metadata.tables.items()
            }
    finally:
        engine.dispose()


def test_store_save_new(store: Store, wire: Extraction) -> None:
    outcome = store.save(wire)
    assert (outcome.status, outcome.doc_id, outcome.duplicate_of) == ("new", "wire-1", None)
    assert outcome.near_duplicates == ()
    [article] = store.articles()
    assert (article.doc_id, article.path, article.pipeline) == (
        "wire-1",
        "inbox/wire-1.txt",
        "test-1",
    )
    assert article.attributions == len(wire.attributions)
    assert article.ingested_at.endswith("+00:00")


def test_store_save_unchanged_writes_nothing(store: Store, db_url: str, wire: Extraction) -> None:
    store.save(wire)
    before = table_rows(db_url)
    outcome = store.save(dataclasses.replace(wire, title="Another title"))
    assert outcome.status == "unchanged"
    assert table_rows(db_url) == before  # same rows, same ids, same ingestion time


def test_store_save_updated_replaces_children(store: Store, db_url: str, wire: Extraction) -> None:
    store.save(wire)
    [article_id] = [row[0] for row in table_rows(db_url)["articles"]]
    rewritten = wire_story("wire-1", WIRE_TEXT.replace("silos", "barns"), "2022-03-18", "Wire")
    rewritten = dataclasses.replace(rewritten, attributions=rewritten.attributions[1:])
    assert store.save(rewritten).status == "updated"
    rows = table_rows(db_url)
    assert [row[0] for row in rows["articles"]] == [article_id]
    assert len(rows["attributions"]) == len(wire.attributions) - 1
    assert store.quotes(search="fair offer") == []
    assert len(store.quotes(search="talks")) == 1
    assert [hit.article.doc_id for hit in store.search_articles("barns")] == ["wire-1"]
    assert store.search_articles("silos") == []
    assert next(store.export_extractions()) == rewritten


def test_store_save_new_pipeline_is_an_update(store: Store, wire: Extraction) -> None:
    store.save(wire)
    newer = dataclasses.replace(wire, pipeline="test-2", attributions=wire.attributions[:2])
    assert store.save(newer).status == "updated"
    assert len(store.quotes()) == 2
    assert [article.pipeline for article in store.articles()] == ["test-2"]


@pytest.mark.parametrize(
    ("doc_id", "text_changed", "pipeline", "expected"),
    [
        ("wire-1", False, "test-1", "unchanged"),  # skipped before extraction
        ("wire-1", False, "test-2", None),  # a new pipeline extracts again
        ("wire-1", True, "test-1", None),  # so does a new text
        ("copy-1", False, "test-1", "duplicate"),  # another article has this text
        ("other-1", True, "test-1", None),
    ],
)
def test_store_prior_status_is_what_save_would_say(
    store: Store, wire: Extraction, doc_id: str, text_changed: bool, pipeline: str, expected: str | None
) -> None:
    store.save(wire)
    text = wire.text + " More." if text_changed else wire.text
    assert store.prior_status(doc_id, text, pipeline) == expected
    if expected is not None:
        again = dataclasses.replace(wire, doc_id=doc_id, text=text, pipeline=pipeline)
        assert store.save(again).status == expected


def test_store_save_exact_duplicate_is_stored_once(store: Store, wire: Extraction) -> None:
    store.save(wire)
    outcome = store.save(dataclasses.replace(wire, doc_id="copy-1", publisher="Copycat"))
    assert (outcome.status, outcome.duplicate_of) == ("duplicate", "wire-1")
    assert [article.doc_id for article in store.articles()] == ["wire-1"]
    assert {quote.doc_id for quote in store.quotes()} == {"wire-1"}


def test_store_near_duplicates_are_linked(
    store: Store, wire: Extraction, republished: Extraction, science: Extraction
) -> None:
    store.save(wire)
    outcome = store.save(republished)
    assert outcome.status == "new"
    assert outcome.duplicate_of == "wire-1"
    [link] = outcome.near_duplicates
    assert link.doc_id == "wire-1"
    assert 0.8 <= link.similarity < 1.0
    unrelated = store.save(science)
    assert (unrelated.duplicate_of, unrelated.near_duplicates) == (None, ())
    duplicate_of = {article.doc_id: article.duplicate_of for article in store.articles()}
    assert duplicate_of == {"wire-1": None, "times-1": "wire-1", "courier-7": None}
    stats = store.stats()
    assert (stats.articles, stats.stories) == (3, 2)
    assert stats.attributions == len(wire.attributions) + len(science.attributions)
    lopes = next(row for row in store.speakers() if row.id == LOPES.id)
    assert (lopes.quotes, lopes.articles) == (2, 1)
    # the quotes themselves are all kept
    assert {quote.doc_id for quote in store.quotes(speaker=LOPES.id)} == {"wire-1", "times-1"}


def test_store_near_duplicate_points_at_earliest_date(store: Store, wire: Extraction, republished: Extraction) -> None:
    store.save(republished)  # the later version arrives first
    outcome = store.save(wire)
    assert outcome.duplicate_of is None
    assert [link.doc_id for link in outcome.near_duplicates] == ["times-1"]
    duplicate_of = {article.doc_id: article.duplicate_of for article in store.articles()}
    assert duplicate_of == {"wire-1": None, "times-1": "wire-1"}


def test_store_update_unlinks_near_duplicate(
    store: Store, wire: Extraction, republished: Extraction, science: Extraction
) -> None:
    store.save(wire)
    store.save(republished)
    rewritten = dataclasses.replace(science, doc_id="wire-1", date="2022-03-18")
    assert store.save(rewritten).status == "updated"
    duplicate_of = {article.doc_id: article.duplicate_of for article in store.articles()}
    assert duplicate_of == {"wire-1": None, "times-1": None}
    assert store.stats().stories == 2


def test_store_save_rejects_span_not_in_text(store: Store, wire: Extraction) -> None:
    wrong = dataclasses.replace(wire.attributions[0], cue=Span(0, 4, "said"))
    bad = dataclasses.replace(wire, attributions=(wrong,))
    with pytest.raises(ValueError, match="does not match"):
        store.save(bad)
    assert store.articles() == []


def test_store_save_is_atomic(store: Store, db_url: str, wire: Extraction) -> None:
    store.save(wire)
    before = table_rows(db_url)
    # A set is not JSON: the save fails when the events are written, after the article row
    # and the other children. SQLAlchemy wraps the TypeError on SQLite, psycopg does not.
    unserialisable = dataclasses.replace(wire.events[0], mode={"a set"})  # type: ignore[arg-type]
    broken_new = dataclasses.replace(wire, doc_id="wire-2", text=WIRE_TEXT + " More soon.")
    with pytest.raises((TypeError, StatementError), match="not JSON serializable"):
        store.save(dataclasses.replace(broken_new, events=(unserialisable,)))
    broken_update = dataclasses.replace(wire, pipeline="test-2", events=(unserialisable,))
    with pytest.raises((TypeError, StatementError), match="not JSON serializable"):
        store.save(broken_update)
    assert table_rows(db_url) == before


def test_store_save_failure_at_the_end_leaves_nothing(
    store: Store, db_url: str, wire: Extraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_link_near_duplicates", fail)
    before = table_rows(db_url)
    with pytest.raises(RuntimeError):
        store.save(wire)
    assert table_rows(db_url) == before
    assert store.search_articles("dockers") == []


def test_store_entities_of_the_same_name_are_linked_with_aliases(store: Store, wire: Extraction) -> None:
    store.save(wire)
    renamed = dataclasses.replace(LOPES, id="person:lopes-maria", name="María Lopes")
    text = "Maria Lopes said nothing new on Monday."
    later = short_story(
        "wire-9",
        text,
        "2022-05-01",
        source="Maria Lopes",
        cue="said",
        content="nothing new",
        speaker=renamed,
    )
    store.save(later)
    [lopes] = [row for row in store.speakers() if row.name.endswith("Lopes")]
    assert (lopes.id, lopes.name) == (LOPES.id, "Maria Lopes")  # the stored name stays
    assert set(lopes.aliases) == {"María Lopes", "Lopes"}
    assert len(store.quotes(speaker="MARÍA LOPES")) == 3


def test_store_save_keeps_why_a_speaker_is_missing(store: Store, wire: Extraction) -> None:
    unresolved = dataclasses.replace(wire.attributions[0], speaker=None, unresolved="'He': nobody before it agrees")
    story = dataclasses.replace(wire, attributions=(unresolved, *wire.attributions[1:]))
    store.save(story)
    exported = next(store.export_extractions())
    assert exported.attributions[0].unresolved == "'He': nobody before it agrees"
    assert exported == story
