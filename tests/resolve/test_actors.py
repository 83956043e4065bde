"""Actor codes from the shipped Phoenix dictionary, and the build of that dictionary from its sources."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from spacy.language import Language

from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.resolve.actors import recoded, resolve_actor
from newsgraph.resolve.phoenix import build, phrase_key, read_actors, read_agents, tabari_date
from newsgraph.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(Settings().model)


@pytest.mark.parametrize(
    ("words", "label", "date", "entity", "code"),
    [
        ("President Bush", "PERSON", "2008-05-02", "Bush", "USAGOV"),
        ("President Bush", "PERSON", "1991-05-02", "Bush", "USAGOV"),
        ("Syrian rebels", None, "2013-01-01", None, "SYRREB"),
        ("Russian troops", None, "2022-03-01", None, "RUSMIL"),
        ("Russian military", "NORP", "2022-03-01", "Russian", "RUSMIL"),
        ("Egyptian opposition", None, "2013-07-01", None, "EGYOPP"),
        ("Guyana's court", None, "2015-01-01", None, "GUYJUD"),
        ("a judge in Guyana", None, "2015-01-01", None, "GUYJUD"),
        ("opposition", None, "2015-01-01", None, "---OPP"),
        ("Russian Foreign Minister Sergei Lavrov", "PERSON", "2022-03-18", "Sergei Lavrov", "RUSGOV"),
        ("the United Nations", "ORG", "2022-03-18", "the United Nations", "IGOUNO"),
        ("Serbia", "GPE", "2000-01-01", "Serbia", "SRB"),  # Phoenix's SCGSRB, read as the republic
    ],
)
def test_actors_codes(words: str, label: str | None, date: str, entity: str | None, code: str) -> None:
    assert resolve_actor(words, label, date, entity=entity).code == code


def test_actors_date_picks_the_holder() -> None:
    later = resolve_actor("President Bush", "PERSON", "2008-05-02", entity="Bush")
    earlier = resolve_actor("President Bush", "PERSON", "1991-05-02", entity="Bush")
    assert later.reason == "Phoenix: GEORGE W BUSH [USAGOV 2001-01-20/2009-01-20] at 2008-05-02"
    assert earlier.reason.startswith("Phoenix: GEORGE BUSH [USAGOV 1989-01-20/1993-01-20]")
    assert (later.country, later.sector, later.confidence) == ("USA", "GOV", 0.9)


def test_actors_title_in_the_words_outweighs_an_elite_code() -> None:
    """Phoenix has Elias Hrawi as LBNELI after 1998; "President Elias Hrawi" says he governs."""
    found = resolve_actor("Lebanon's President Elias Hrawi", "PERSON", "2000-01-01", entity="Elias Hrawi")
    assert (found.code, found.sector, found.confidence) == ("LBNGOV", "GOV", 0.6)
    assert "the words' title (PRESIDENT) says GOV" in found.reason
    former = resolve_actor("former President Elias Hrawi", "PERSON", "2000-01-01", entity="Elias Hrawi")
    assert former.code == "LBNELI"


def test_actors_shared_surname_alone_is_no_one() -> None:
    """'Bush' in 2015 could be either president (or McKeeva Bush of the Cayman Islands)."""
    found = resolve_actor("Bush", "PERSON", "2015-06-01", entity="Bush")
    assert (found.code, found.country) == (None, None)


def test_actors_profile_name_resolves_a_surname() -> None:
    """The speaker profile's full name stands for the surname the phrase has."""
    assert resolve_actor("Bush", "PERSON", "2008-05-02", entity="George W. Bush").code == "USAGOV"


def test_actors_unknown_name_has_a_reason() -> None:
    found = resolve_actor("Zork Blimpfield", "PERSON", "2015-01-01", entity="Zork Blimpfield")
    assert (found.code, found.country, found.sector, found.confidence) == (None, None, None, 0.0)
    assert found.reason == "'Zork Blimpfield' is not in the Phoenix dictionaries"


def test_actors_sentence_country_only_for_unnamed_actors() -> None:
    assert resolve_actor("police", None, "2020-01-01", context="KEN").code == "KENCOP"
    assert resolve_actor("President Zork", "PERSON", "2020-01-01", entity="Zork", context="KEN").code == "---GOV"


def test_actors_one_word_of_a_longer_name_is_not_the_name() -> None:
    """Phoenix has TIGERS (a Swazi group); 'Liberation Tigers' is not it."""
    assert resolve_actor("Liberation Tigers", "ORG", "2000-01-01", entity="Liberation Tigers").code is None


def test_actors_recoded_for_another_country() -> None:
    assert (recoded("USAGOV", "RUS"), recoded(None, "RUS"), recoded("IGOUNO", "RUS")) == ("RUSGOV", "RUS", "IGOUNO")


def test_actors_events_carry_codes(nlp: Language) -> None:
    doc = nlp.make_doc("Syrian rebels attacked an army base near Aleppo.")
    doc._.date = "2013-05-02"
    [event] = nlp(doc)._.events
    [actor] = event.actor
    assert (actor.country, actor.sector, actor.code) == ("SYR", "REB", "SYRREB")
    assert actor.reason.startswith("Phoenix agents: REBELS [~REB]")


PETRARCH = {
    "Phoenix.Countries.actors.txt": """# a comment
GUYANA_  [GUY]
+GUYANESE_
GEORGE_W._BUSH_  # CountryInfo.txt
+PRESIDENT_BUSH_
\t[USAELI 640101-010120]
\t[USAGOV 010120-090120]
\t[USAELI]
""",
    "Phoenix.International.actors.txt": "BAN_KI-MOON\n\t[IGOUNO >20070101]\n",
    "Phoenix.MilNonState.actors.txt": "ADEN_ISLAMIC_ARMY_(AAIA)_ [YEMREB] #  kkl 21 Mar 13\n",
    "Phoenix.agents.txt": """!MINIST! = MINISTER, MINISTERS, MINISTRY
POLICE {} [~COP]
REBEL [~REB]
AUTHORITY [~GOV]
FOREIGN_!MINIST! [~GOV]
PEACEKEEPING_TROOPS {} [IGO~]
ISLAMIC_EXTREMIST
""",
    "LICENSE": "The MIT License (MIT)\n",
}


@pytest.fixture
def petrarch(tmp_path: Path) -> Path:
    for name, text in PETRARCH.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_actors_build_reads_the_tabari_format(petrarch: Path) -> None:
    entries = read_actors(petrarch / "Phoenix.Countries.actors.txt")
    assert entries == [
        [["GUYANA", "GUYANESE"], [["GUY", "", ""]]],
        [
            ["GEORGE W BUSH", "PRESIDENT BUSH"],
            [["USAELI", "1964-01-01", "2001-01-20"], ["USAGOV", "2001-01-20", "2009-01-20"], ["USAELI", "", ""]],
        ],
    ]
    assert read_actors(petrarch / "Phoenix.International.actors.txt") == [
        [["BAN KI MOON"], [["IGOUNO", "2007-01-01", ""]]]
    ]
    assert read_actors(petrarch / "Phoenix.MilNonState.actors.txt") == [[["ADEN ISLAMIC ARMY"], [["YEMREB", "", ""]]]]


def test_actors_build_agents_expand_sets_and_plurals(petrarch: Path) -> None:
    agents = read_agents(petrarch / "Phoenix.agents.txt")
    assert agents == {
        "POLICE": "~COP",
        "REBEL": "~REB",
        "REBELS": "~REB",
        "AUTHORITY": "~GOV",
        "AUTHORITIES": "~GOV",
        "FOREIGN MINISTER": "~GOV",
        "FOREIGN MINISTERS": "~GOV",
        "FOREIGN MINISTRY": "~GOV",
        "PEACEKEEPING TROOPS": "IGO~",
    }


def test_actors_build_writes_data_and_notice(petrarch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "phoenix_actors.json.gz"
    counts = build(petrarch, out)
    assert counts == {"actors": 4, "names": 6, "agents": 9}
    data = json.loads(gzip.decompress(out.read_bytes()))
    assert data["agents"]["REBELS"] == "~REB" and "MIT" in data["source"]
    assert (out.parent / "PHOENIX_LICENSE.txt").read_text(encoding="utf-8") == "The MIT License (MIT)\n"
    first = out.read_bytes()
    build(petrarch, out)
    assert out.read_bytes() == first  # the same sources give the same bytes


@pytest.mark.parametrize(
    ("text", "iso"), [("010120", "2001-01-20"), ("420101", "1942-01-01"), ("19290101", "1929-01-01")]
)
def test_actors_tabari_dates(text: str, iso: str) -> None:
    assert tabari_date(text) == iso


def test_actors_phrase_key() -> None:
    assert phrase_key("U.S. President George W. Bush's") == "US PRESIDENT GEORGE W BUSH"
    assert phrase_key("Ban Ki-moon") == "BAN KI MOON"
