"""Actor codes are kept in the stored event record (whole JSON, no column of their own) on both backends."""

from __future__ import annotations

from dataclasses import replace

from newsgraph.records import Extraction
from newsgraph.store import Store

REASON = "Phoenix agents: WORKERS [~LAB]; country NOR from the words"


def _coded(wire: Extraction) -> Extraction:
    [event] = wire.events
    [workers] = event.actor
    coded = replace(workers, country="NOR", sector="LAB", code="NORLAB", reason=REASON, confidence=0.8)
    return replace(wire, events=(replace(event, actor=(coded,)),))


def test_store_actor_codes_round_trip(store: Store, wire: Extraction) -> None:
    store.save(_coded(wire))
    [row] = store.events()
    [actor] = row.event.actor
    assert (actor.code, actor.sector, actor.reason, actor.confidence) == ("NORLAB", "LAB", REASON, 0.8)


def test_store_actor_codes_filter_events(store: Store, wire: Extraction) -> None:
    store.save(_coded(wire))
    assert len(store.events(actor="NORLAB")) == 1
    assert store.events(actor="NORGOV") == []
