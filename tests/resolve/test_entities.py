"""The cross-article linker: pure rules over known entities."""

from __future__ import annotations

import pytest

from newsgraph.resolve.entities import (
    Candidates,
    Known,
    Local,
    Pin,
    bare_key,
    free_id,
    link,
    link_all,
    name_key,
    new_id,
    pinned,
)

XI = Known("person:xi-jinping", "Xi Jinping", "PERSON", 40)
BILL = Known("person:bill-clinton", "Bill Clinton", "PERSON", 10)
HILLARY = Known("person:hillary-clinton", "Hillary Clinton", "PERSON", 90)
TRUMP = Known("person:donald-trump", "Donald Trump", "PERSON", 300)
PSAKI = Known("person:jen-psaki", "Jen Psaki", "PERSON", 5)
BARE_XI = Known("person:xi", "Xi", "PERSON", 3)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Mr. Xi’s", "xi"),
        ("President Xi Jinping", "xi jinping"),
        ("Zoë  Ångström", "zoe angstrom"),
        ("U.S. Vice President Mike Pence", "u s vice president mike pence"),
        ("Vice President Mike Pence", "mike pence"),
        ("Mr.", "mr"),
    ],
)
def test_entities_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Chinese President Xi Jinping", "xi jinping"),
        ("U.S. Vice President Mike Pence", "mike pence"),
        ("White House spokesman Josh Earnest", "spokesman josh earnest"),  # a role is no title
        ("Xi Jinping", "xi jinping"),
        ("Chinese", "chinese"),
    ],
)
def test_entities_bare_key_drops_titles_and_demonyms(name: str, key: str) -> None:
    assert bare_key(name) == key


@pytest.mark.parametrize(
    ("name", "same_name", "sharing", "expected_id", "confidence"),
    [
        ("Xi Jinping", [XI], [XI], XI.id, 1.0),  # the same name
        ("Xi", [], [XI], XI.id, 0.9),  # a surname: the only namesake
        ("Hillary", [], [HILLARY, BILL], HILLARY.id, 0.9),  # a given name, one namesake
        ("Clinton", [], [BILL, HILLARY], HILLARY.id, 0.5),  # ambiguous: the most quoted
        ("Clinton", [BILL], [BILL, HILLARY], HILLARY.id, 0.5),  # even when an alias of Bill's
        ("Bill Clinton", [BILL], [BILL, HILLARY], BILL.id, 1.0),
        ("Hillary Clinton", [], [BILL], "person:local", 1.0),  # Bill and Hillary never merged
        ("Donald J. Trump", [], [TRUMP], TRUMP.id, 0.9),  # a middle initial
        ("Billionaire Donald Trump", [], [TRUMP], TRUMP.id, 0.7),  # the tagger's span
        ("Donald Trump Jr.", [], [TRUMP], "person:local", 1.0),  # a son is someone else
        ("Hillary Clinton Slams Donald Trump", [], [TRUMP, HILLARY], "person:local", 1.0),
        ("Jen Psaki", [], [], "person:local", 1.0),  # first seen
    ],
)
def test_entities_link_rules(
    name: str, same_name: list[Known], sharing: list[Known], expected_id: str, confidence: float
) -> None:
    found = link("person:local", name, "PERSON", same_name, sharing)
    assert (found.id, found.confidence) == (expected_id, confidence)
    assert found.new == (expected_id == "person:local")
    assert found.reason


def test_entities_link_ambiguous_surname_names_the_other() -> None:
    found = link("person:clinton", "Clinton", "PERSON", [], [BILL, HILLARY])
    assert found.reason == "'Clinton' could also be Bill Clinton; 'Hillary Clinton' is quoted most"


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("Xi Jinping", BARE_XI),  # a full name takes over an entity known by its surname
        ("Donald Trump", Known("person:crooked-donald-trump", "Crooked Donald Trump", "PERSON")),  # a tagger's span
    ],
)
def test_entities_fuller_or_proper_name_takes_over(name: str, known: Known) -> None:
    found = link("person:local", name, "PERSON", [], [known])
    assert (found.id, found.name, found.new) == (known.id, name, False)


def test_entities_full_name_does_not_take_over_a_shared_part() -> None:
    clinton = Known("person:clinton", "Clinton", "PERSON", 4)
    found = link("person:hillary-clinton", "Hillary Clinton", "PERSON", [], [clinton, BILL])
    assert found.new


def test_entities_corrections_come_first() -> None:
    found = link("person:clinton", "Clinton", "PERSON", [HILLARY], [BILL, HILLARY], pinned=BILL)
    assert (found.id, found.confidence) == (BILL.id, 1.0)
    assert "correction" in found.reason
    merged = link("person:x", "Bill Clinton", "PERSON", [BILL], [BILL], redirects={BILL.id: HILLARY.id})
    assert merged.id == HILLARY.id


def test_entities_types_are_kept_apart_except_groups() -> None:
    china = Known("gpe:china", "China", "GPE", 20)
    candidates = Candidates([china], [])
    assert candidates.same_name("China", "ORG") == []
    assert candidates.same_name("China", "GROUP") == [china]
    campaign = Known("group:trump-campaign", "Trump campaign", "GROUP", 3)  # a name first seen as a group
    assert Candidates([campaign], []).same_name("Trump campaign", "ORG") == [campaign]


def test_entities_link_prefers_the_name_to_an_alias() -> None:
    # Hillary Clinton wrongly holds the alias "Bill Clinton": Bill Clinton still goes to Bill
    found = link("person:local", "Bill Clinton", "PERSON", [HILLARY, BILL], [BILL, HILLARY])
    assert (found.id, found.confidence) == (BILL.id, 1.0)


def test_entities_link_all_sees_earlier_links() -> None:
    candidates = Candidates([], [])
    local = [
        Local("person:xi", "Xi", "PERSON", ("Xi", "Mr. Xi")),
        Local("person:xi-jinping", "Xi Jinping", "PERSON", ("Chinese President Xi Jinping",)),
        Local("person:peng", "Peng Liyuan", "PERSON"),
    ]
    links = link_all(local, candidates)
    assert links["person:xi"].new
    assert (links["person:xi-jinping"].id, links["person:xi-jinping"].name) == ("person:xi", "Xi Jinping")
    assert links["person:peng"].new
    assert candidates.same_name("Mr. Xi", "PERSON")[0].name == "Xi Jinping"


def test_entities_link_all_new_ids_are_free() -> None:
    taken = {"person:jo-lee", "person:jo-lee-2"}
    links = link_all([Local("person:jo-lee", "Jo Lee", "PERSON")], Candidates([], []), taken=taken.__contains__)
    assert links["person:jo-lee"].id == "person:jo-lee-3"
    assert free_id("org:x", lambda _: False) == "org:x"
    assert new_id("PERSON", "Mr. Xi Jinping") == "person:xi-jinping"


def test_entities_pinned_alias_moves_only_from_the_split_entity() -> None:
    pins = {"clinton": Pin(HILLARY.id, BILL)}
    to_hillary = link("person:hillary-clinton", "Hillary Clinton", "PERSON", [HILLARY], [])
    assert pinned(to_hillary, "Clinton", pins).id == BILL.id
    assert pinned(to_hillary, "Hillary Clinton", pins) == to_hillary
    to_chelsea = link("person:chelsea-clinton", "Chelsea Clinton", "PERSON", [], [])
    assert pinned(to_chelsea, "Clinton", pins) == to_chelsea
    # a whole article entity of the pinned name goes there too
    links = link_all([Local("person:clinton", "Clinton", "PERSON")], Candidates([HILLARY, BILL], []), pins)
    assert links["person:clinton"].id == BILL.id


@pytest.mark.parametrize(
    ("local", "linked"),
    [
        (Local("org:trump", "Trump", "ORG"), "person:donald-trump"),  # a surname tagged ORG is the person
        (Local("gpe:china", "China", "GPE"), "gpe:china"),  # a country stays a country
        (Local("org:fox", "Fox", "ORG"), "org:fox"),  # not a known person's surname
    ],
)
def test_entities_link_all_compares_names_whatever_the_type(local: Local, linked: str) -> None:
    candidates = Candidates([Known("person:donald-trump", "Donald Trump", "PERSON", 50)], [])
    assert link_all([local], candidates)[local.id].id == linked
