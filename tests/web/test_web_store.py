"""The Store reads added for the web app agree with the store's own, on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsgraph.store import EventRow, Store

from .conftest import EXAMPLE_ID, Cloner


@pytest.fixture(scope="module")
def store(clone_store: Cloner) -> Iterator[Store]:
    with Store.open(clone_store()) as opened:
        yield opened


def _key(row: EventRow) -> tuple[object, ...]:
    return (row.doc_id, row.event.trigger.start, row.day, row.reported_by, row.contested_by)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"actor": "China"},
        {"actor": "CHN"},
        {"actor": "Xi"},
        {"actor": "Joe Biden", "recipient": "China"},
        {"recipient": "U.S."},
        {"event": "consult"},
        {"actor": "100%_"},
        {"since": "2022-03-18", "until": "2022-03"},
    ],
)
def test_web_events_filter(store: Store, filters: dict[str, str]) -> None:
    everything = store.events()
    found = store.events(**filters)
    assert {_key(row) for row in found} <= {_key(row) for row in everything}
    for row in found:
        if "event" in filters:
            assert row.event.event == filters["event"].upper()
        if "since" in filters:
            assert (row.day or "") >= filters["since"]
        if "until" in filters:
            assert (row.day or "")[: len(filters["until"])] <= filters["until"]
    assert len(store.events(**filters, limit=2)) == min(2, len(found))


@pytest.mark.parametrize(("name", "code"), [("China", "CHN"), ("Chinese", "CHN"), ("Russia", "RUS")])
def test_web_events_country_by_name_or_code(store: Store, name: str, code: str) -> None:
    by_name = sorted(map(_key, store.events(actor=name)))
    assert by_name == sorted(map(_key, store.events(actor=code)))
    assert by_name, f"no events with actor {name}"


def test_web_events_take_the_newest_articles(store: Store) -> None:
    newest = store.events(limit=1)
    assert [row.article_date for row in newest] == [max(r.article_date or "" for r in store.events())]


def test_web_find_articles_orders_and_filters(store: Store) -> None:
    everything = store.find_articles()
    dates = [hit.article.date for hit in everything]
    assert dates == sorted(dates, reverse=True)
    assert all(hit.snippet == "" for hit in everything)
    assert [h.article.doc_id for h in store.find_articles(since="2022", until="2022")] == [EXAMPLE_ID]
    assert store.find_articles(limit=2, offset=1) == everything[1:3]


def test_web_latest_roles_and_publishers(store: Store) -> None:
    assert store.latest_roles(["person:jen-psaki", "person:nobody"]) == {
        "person:jen-psaki": "White House press secretary"
    }
    assert "Northstar Daily" in store.publishers()


def test_web_talked_about_counts_names_inside_quotes(store: Store) -> None:
    found = {m.id: m.mentions for m in store.talked_about("person:jen-psaki")}
    assert found["person:xi-jinping"] >= 1
    assert "person:jen-psaki" not in found
