"""The speaker audit and the grouping score on a real store (newsgraph.store.audit)."""

from __future__ import annotations

from newsgraph.evaluate.speakers import GoldMention
from newsgraph.records import Speaker
from newsgraph.store import audit
from newsgraph.store.store import Store

from .stories import quoted

TRUMP = Speaker("person:donald-trump", "Donald Trump", "PERSON", role="Republican nominee")
TRUMP_ORG = Speaker("org:trump", "Trump", "ORG")
HIS = Speaker("group:his", "his", "GROUP")
WORDY = Speaker(
    "person:ann-lee", "Ann Lee", "PERSON", role="the woman who ran the city for years and then left it again"
)


def test_store_audit_counts_what_a_speaker_page_gets_wrong(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.save(quoted("a1", "2016-09-01", [("Donald Trump", TRUMP)] * 3 + [("Ann Lee", WORDY)] * 3))
        store.save(quoted("a2", "2016-09-02", [("Trump", TRUMP_ORG)] * 3 + [("his", HIS)] * 3))
        found = audit.audit_speakers(store.engine)
    assert found.speakers == 4
    assert found.surname_organisations == ["org:trump"]
    assert found.not_names == ["group:his"]
    assert [entity for entity, _ in found.long_roles] == ["person:ann-lee"]
    assert found.shared_names == {}


def test_store_audit_grouping_b_cubed(db_url: str) -> None:
    with Store.open(db_url) as store:
        first = quoted("a1", "2016-09-01", [("Donald Trump", TRUMP)])
        second = quoted("a2", "2016-09-02", [("Trump", TRUMP_ORG)])
        store.save(first)
        store.save(second)
        gold = [
            GoldMention(
                "a1", first.attributions[0].source.start, first.attributions[0].source.end, "x", "Donald Trump"
            ),
            GoldMention(
                "a2", second.attributions[0].source.start, second.attributions[0].source.end, "x", "Donald Trump"
            ),
        ]
        split = audit.grouping(store.engine, gold)
        store.merge_entities("person:donald-trump", "org:trump")
        merged = audit.grouping(store.engine, gold)
    assert (split.precision, split.recall) == (1.0, 0.5)
    assert merged.f1 == 1.0
