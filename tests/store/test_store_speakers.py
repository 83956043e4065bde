"""Speakers across articles: linking at save, corrections that survive re-ingest, roles,
gender, and the source-diversity figures, on made-up articles."""

from __future__ import annotations

import dataclasses

import pytest

from newsgraph.records import Extraction, Speaker
from newsgraph.store import Store

from .stories import quoted

XI = Speaker("person:xi-jinping", "Xi Jinping", gender="male", country="CHN", category="official")
BARE_XI = Speaker("person:xi", "Xi", gender="male")
BILL = Speaker("person:bill-clinton", "Bill Clinton")
HILLARY = Speaker("person:hillary-clinton", "Hillary Clinton")
CLINTON = Speaker("person:clinton", "Clinton")
PSAKI = Speaker("person:jen-psaki", "Jen Psaki", gender="female", country="USA", category="official")
LEE = Speaker("person:jo-lee", "Jo Lee", category="expert")
MINISTRY = Speaker("org:foreign-ministry", "Foreign Ministry", "ORG", country="CHN", category="organisation")


def ids_of(store: Store, name: str) -> set[str | None]:
    return {quote.speaker_id for quote in store.quotes(speaker=name)}


def save_all(store: Store, *extractions: Extraction) -> None:
    for extraction in extractions:
        store.save(extraction)


def clinton_articles() -> list[Extraction]:
    """Hillary quoted three times, Bill once, then an article that only says "Clinton"."""
    return [
        quoted("h-1", "2016-01-04", [("Hillary Clinton", HILLARY), ("Clinton", HILLARY), ("Mrs. Clinton", HILLARY)]),
        quoted("b-1", "2016-01-05", [("Bill Clinton", BILL)]),
        quoted("c-1", "2016-01-06", [("Clinton", CLINTON)]),
    ]


@pytest.mark.parametrize("alias", ["Xi", "Mr. Xi", "Xi Jinping", "Chinese President Xi Jinping", XI.id])
def test_store_quotes_of_a_person_under_any_alias(store: Store, alias: str) -> None:
    save_all(
        store,
        quoted("a-1", "2022-03-01", [("Chinese President Xi Jinping", XI), ("Mr. Xi", XI)]),
        quoted("a-2", "2022-03-02", [("Xi", BARE_XI)]),
    )
    quotes = store.quotes(speaker=alias)
    assert {(q.doc_id, q.ordinal) for q in quotes} == {("a-1", 0), ("a-1", 1), ("a-2", 0)}
    assert {q.speaker_name for q in quotes} == {"Xi Jinping"}


def test_store_surname_links_to_the_only_namesake(store: Store) -> None:
    save_all(store, quoted("a-1", "2022-03-01", [("Xi Jinping", XI)]), quoted("a-2", "2022-03-02", [("Xi", BARE_XI)]))
    [later] = store.quotes(since="2022-03-02")
    assert (later.speaker_id, later.link_confidence) == (XI.id, 0.9)
    assert later.link_reason == "'Xi' is part of the only known 'Xi Jinping'"
    assert later.speaker_confidence == 1.0  # the within-article confidence is kept apart


def test_store_full_name_takes_over_an_entity_known_by_a_part(store: Store) -> None:
    save_all(store, quoted("a-1", "2022-03-01", [("Xi", BARE_XI)]), quoted("a-2", "2022-03-02", [("Xi Jinping", XI)]))
    [speaker] = store.speakers()
    assert (speaker.id, speaker.name, speaker.quotes) == (BARE_XI.id, "Xi Jinping", 2)
    assert ids_of(store, "Xi Jinping") == ids_of(store, "Jinping") == {BARE_XI.id}


def test_store_ambiguous_surname_goes_to_the_most_quoted(store: Store) -> None:
    save_all(store, *clinton_articles())
    [bare] = store.quotes(since="2016-01-06")
    assert (bare.speaker_id, bare.link_confidence) == (HILLARY.id, 0.5)
    assert bare.link_reason == "'Clinton' could also be Bill Clinton; 'Hillary Clinton' is quoted most"
    assert ids_of(store, "Bill Clinton") == {BILL.id}  # never merged with Hillary
    assert {s.id for s in store.speakers()} == {HILLARY.id, BILL.id}


def test_store_same_name_in_another_type_is_another_entity(store: Store) -> None:
    save_all(
        store,
        quoted("a-1", "2022-03-01", [("Foreign Ministry", MINISTRY)]),
        quoted(
            "a-2", "2022-03-02", [("Dana Reyes", LEE), ("Foreign Ministry", dataclasses.replace(MINISTRY, type="GPE"))]
        ),
    )
    assert {(s.id, s.type) for s in store.speakers() if s.name == "Foreign Ministry"} == {
        (MINISTRY.id, "ORG"),
        (f"{MINISTRY.id}-2", "GPE"),  # a free id
    }


def test_store_entity_explains_its_links(store: Store) -> None:
    save_all(store, *clinton_articles())
    hillary = store.entity(HILLARY.id)
    assert hillary is not None
    assert dict(hillary.link_reasons) == {
        "first seen here": 3,
        "'Clinton' could also be Bill Clinton; 'Hillary Clinton' is quoted most": 1,
    }
    assert set(hillary.aliases) == {"Clinton", "Mrs. Clinton"}
    assert (hillary.quotes, hillary.mentions) == (4, 0)
    assert store.entity("person:nobody") is None


@pytest.mark.parametrize("reingest", ["same articles", "pipeline change"])
def test_store_merge_survives_reingest(store: Store, reingest: str) -> None:
    articles = [
        quoted("a-1", "2022-03-01", [("Xi Jinping", XI)]),
        quoted("a-2", "2022-03-02", [("Chairman Xi", Speaker("person:chairman-xi", "Chairman Xi", "GROUP"))]),
    ]
    save_all(store, *articles)
    assert len(store.speakers()) == 2
    store.merge_entities(XI.id, "person:chairman-xi", note="the same man")
    [merged] = store.speakers()
    assert (merged.id, merged.quotes, merged.aliases) == (XI.id, 2, ("Chairman Xi",))
    [correction] = store.corrections()
    assert (correction.kind, correction.entity_id, correction.other_id) == ("merge", XI.id, "person:chairman-xi")
    assert correction.note == "the same man"
    assert correction.made_at.endswith("+00:00")
    if reingest == "pipeline change":
        articles = [dataclasses.replace(a, pipeline="test-2") for a in articles]
    save_all(store, *reversed(articles))
    assert [(s.id, s.quotes) for s in store.speakers()] == [(XI.id, 2)]
    assert ids_of(store, "person:chairman-xi") == {XI.id}  # the merged id still finds them
    detail = store.entity("person:chairman-xi")
    assert detail is not None and detail.id == XI.id
    assert [c.kind for c in detail.corrections] == ["merge"]


@pytest.mark.parametrize("reingest", ["same articles", "pipeline change"])
def test_store_split_survives_reingest(store: Store, reingest: str) -> None:
    articles = clinton_articles()
    save_all(store, *articles)
    target = store.split_entity(HILLARY.id, "Clinton", new_name="Bill Clinton", note="c-1 is about Bill")
    assert target == BILL.id  # an existing entity of that name
    bill_quotes = {(q.doc_id, q.ordinal) for q in store.quotes(speaker=BILL.id)}
    # every "Clinton" of Hillary's, by name_key: "Mrs. Clinton" too
    assert bill_quotes == {("b-1", 0), ("c-1", 0), ("h-1", 1), ("h-1", 2)}
    assert {(q.doc_id, q.ordinal) for q in store.quotes(speaker=HILLARY.id)} == {("h-1", 0)}
    hillary = store.entity(HILLARY.id)
    assert hillary is not None and "Clinton" not in hillary.aliases
    if reingest == "pipeline change":
        articles = [dataclasses.replace(a, pipeline="test-2") for a in articles]
    save_all(store, *articles, quoted("c-2", "2016-02-01", [("Clinton", CLINTON)]))
    assert {(q.doc_id, q.ordinal) for q in store.quotes(speaker=BILL.id)} == bill_quotes | {("c-2", 0)}
    [moved] = store.quotes(since="2016-02-01")
    assert (moved.link_confidence, moved.link_reason) == (1.0, "'Clinton' was assigned to this entity by a correction")
    assert [c.alias for c in store.corrections()] == ["Clinton"]


def test_store_split_to_a_new_entity(store: Store) -> None:
    save_all(store, *clinton_articles())
    target = store.split_entity(HILLARY.id, "Mrs. Clinton")
    assert target == "person:clinton"
    detail = store.entity(target)
    assert detail is not None
    assert (detail.name, detail.quotes) == ("Mrs. Clinton", 3)
    assert set(detail.aliases) == {"Clinton"}


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda s: s.merge_entities(HILLARY.id, HILLARY.id), ValueError),
        (lambda s: s.merge_entities(HILLARY.id, "person:nobody"), KeyError),
        (lambda s: s.split_entity(HILLARY.id, "Hillary Clinton"), ValueError),  # its own name
        (lambda s: s.split_entity(HILLARY.id, "Chelsea"), ValueError),  # no such alias
        (lambda s: s.split_entity("person:nobody", "Clinton"), KeyError),
    ],
)
def test_store_corrections_refuse_nonsense(store: Store, call: object, error: type[Exception]) -> None:
    save_all(store, *clinton_articles())
    with pytest.raises(error):
        call(store)  # type: ignore[operator]
    assert store.corrections() == []


def test_store_roles_over_time(store: Store) -> None:
    press = dataclasses.replace(PSAKI, role="White House press secretary")
    save_all(
        store,
        quoted("p-1", "2021-03-01", [("Jen Psaki", press)]),
        quoted("p-2", "2021-09-01", [("Psaki", dataclasses.replace(press, id="person:psaki", name="Psaki"))]),
        quoted("p-3", "2022-06-01", [("Jen Psaki", dataclasses.replace(PSAKI, role="former press secretary"))]),
    )
    detail = store.entity(PSAKI.id)
    assert detail is not None
    assert [(r.role, r.first, r.last, r.articles) for r in detail.roles] == [
        ("White House press secretary", "2021-03-01", "2021-09-01", 2),
        ("former press secretary", "2022-06-01", "2022-06-01", 1),
    ]
    [speaker] = store.speakers()
    assert speaker.roles == ("former press secretary", "White House press secretary")  # latest first
    assert (speaker.gender, speaker.country, speaker.category) == ("female", "USA", "official")


@pytest.mark.parametrize(
    ("genders", "expected"),
    [
        (["female", "female", "male"], "female"),
        (["male", None], "male"),
        (["female", "male"], "unknown"),  # as much evidence either way
        ([None, None], "unknown"),  # never guessed from the name
    ],
)
def test_store_gender_is_the_majority_of_the_evidence(store: Store, genders: list[str | None], expected: str) -> None:
    for i, gender in enumerate(genders):
        store.save(quoted(f"g-{i}", f"2022-01-0{i + 1}", [("Jo Lee", dataclasses.replace(LEE, gender=gender))]))
    [speaker] = store.speakers()
    assert speaker.gender == expected
    detail = store.entity(LEE.id)
    assert detail is not None
    assert (detail.female, detail.male) == (genders.count("female"), genders.count("male"))


def test_store_gender_counts_follow_reingest(store: Store) -> None:
    store.save(quoted("g-1", "2022-01-01", [("Jo Lee", dataclasses.replace(LEE, gender="male"))]))
    store.save(quoted("g-1", "2022-01-01", [("Jo Lee", dataclasses.replace(LEE, gender="female"))], pipeline="v2"))
    detail = store.entity(LEE.id)
    assert detail is not None
    assert (detail.gender, detail.female, detail.male) == ("female", 1, 0)


def test_store_stats_diversity_per_outlet_and_month(store: Store) -> None:
    wire = quoted("w-1", "2022-03-01", [("Jen Psaki", PSAKI), ("Xi Jinping", XI), ("Jo Lee", LEE)])
    save_all(
        store,
        wire,
        # a near-duplicate of the wire story: counted once
        dataclasses.replace(wire, doc_id="w-copy", text=wire.text + " ", publisher="Wire Service"),
        quoted("w-2", "2022-04-02", [("the ministry", MINISTRY)]),
        quoted("t-1", "2022-03-05", [("Jo Lee", LEE)], publisher="Harbour Times"),
    )
    shares = {(b.publisher, b.month, b.facet): b.shares for b in store.stats().diversity}
    assert shares == {
        ("Harbour Times", "2022-03", "gender"): {"unknown": 1.0},
        ("Harbour Times", "2022-03", "country"): {"unknown": 1.0},
        ("Harbour Times", "2022-03", "category"): {"expert": 1.0},
        ("Wire Service", "2022-03", "gender"): pytest.approx({"female": 1 / 3, "male": 1 / 3, "unknown": 1 / 3}),
        ("Wire Service", "2022-03", "country"): pytest.approx({"CHN": 1 / 3, "USA": 1 / 3, "unknown": 1 / 3}),
        ("Wire Service", "2022-03", "category"): pytest.approx({"official": 2 / 3, "expert": 1 / 3}),
        # an organisation has no gender
        ("Wire Service", "2022-04", "country"): {"CHN": 1.0},
        ("Wire Service", "2022-04", "category"): {"organisation": 1.0},
    }
    counts = {(b.publisher, b.month, b.facet): b.quotes for b in store.stats().diversity}
    assert counts["Wire Service", "2022-03", "gender"] == 3


def test_store_stats_diversity_empty(store: Store) -> None:
    assert store.stats().diversity == ()
