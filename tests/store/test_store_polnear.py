"""The issue's acceptance test: PolNeAR's train and dev articles, ingested together through
the real pipeline, give one speaker entity per person, and no entity mixes two of them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from newsgraph.evaluate.speakers import read_grouping_gold
from newsgraph.jobs import ingest_paths
from newsgraph.resolve.entities import GENERATIONS, bare_key, name_key
from newsgraph.settings import Settings
from newsgraph.store import Store, audit, schema
from newsgraph.store.store import engine_url

POLNEAR = Path(__file__).parents[2] / "../shared/data/polnear"
PEOPLE = ("donald trump", "hillary clinton", "bill clinton", "barack obama", "mike pence")


@pytest.fixture(scope="module")
def polnear(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLite store of the 924 train and dev articles."""
    db = str(tmp_path_factory.mktemp("polnear") / "polnear.db")
    settings = Settings(db=db)
    errors: list[str] = []
    started = time.monotonic()
    with Store.open(db) as store:
        summary = ingest_paths(
            [str(POLNEAR / "train/text"), str(POLNEAR / "dev/text")],
            store,
            None,  # the settings' pipeline, in two worker processes: the suite's largest ingest runs on both cores
            settings,
            None,
            errors.append,
            workers=2,
        )
    print(f"PolNeAR train+dev ingested in {time.monotonic() - started:.0f} s: {summary.line()}")
    assert [line for line in errors if not line.startswith("starting ")] == []  # the workers' start is said
    assert summary.counts["new"] + summary.counts["duplicate"] == 924
    yield db


def people_named(name: str, type_: str) -> set[str]:
    """The people of PEOPLE that an entity name or alias names: "President Barack Obama" names
    Barack Obama; a person named "Billionaire Donald Trump" (the tagger's span) names Donald Trump,
    "Donald Trump Jr." does not."""
    key = name_key(name)
    found = {p for p in PEOPLE if p in (key, bare_key(name))}
    if type_ == "PERSON" and not set(key.split()) & GENERATIONS:
        found |= {p for p in PEOPLE if f" {p} " in f" {key} "}
    return found


def speaker_entities(db: str) -> dict[str, set[str]]:
    """Entity id -> the people of PEOPLE its name or aliases name, for entities that are quoted."""
    engine = create_engine(engine_url(db))
    entity, alias, attribution = schema.Entity, schema.EntityAlias, schema.Attribution
    with engine.connect() as connection:
        quoted = select(attribution.speaker_id)
        named = {
            id_: people_named(name, type_)
            for id_, name, type_ in connection.execute(
                select(entity.id, entity.name, entity.type).where(entity.id.in_(quoted))
            )
        }
        for id_, text in connection.execute(select(alias.entity_id, alias.alias).where(alias.entity_id.in_(quoted))):
            named[id_] |= people_named(text, "alias")
    engine.dispose()
    return named


@pytest.mark.parametrize("person", PEOPLE)
def test_store_polnear_one_speaker_entity_per_person(polnear: str, person: str) -> None:
    entities = [id_ for id_, people in speaker_entities(polnear).items() if person in people]
    assert len(entities) == 1, entities


def test_store_polnear_no_entity_mixes_two_people(polnear: str) -> None:
    mixed = {id_: people for id_, people in speaker_entities(polnear).items() if len(people) > 1}
    assert mixed == {}


def test_store_polnear_quotes_under_any_alias(polnear: str) -> None:
    with Store.open(polnear) as store:
        quotes = {q.speaker_name for q in store.quotes(speaker="President Barack Obama")}
        assert quotes == {"Barack Obama"}
        [pence] = [row for row in store.speakers() if row.name == "Mike Pence"]
        assert store.entity(pence.id) is not None


GROUPING = Path(__file__).parents[1] / "data/speakers/grouping.jsonl"
# Measured with `newsgraph speakers audit --grouping tests/data/speakers/grouping.jsonl` on this
# store (see the README's speaker figures); pinned so that later work may not lose ground.
AUDIT_CEILINGS = {"shared_names": 1, "surname_organisations": 13, "not_names": 1, "long_roles": 0}
GROUPING_FLOOR = 0.945


def test_store_polnear_speaker_audit(polnear: str) -> None:
    with Store.open(polnear) as store:
        found = audit.audit_speakers(store.engine).as_dict()
        scores = audit.grouping(store.engine, read_grouping_gold(GROUPING))
    print(f"PolNeAR speaker audit: {found} grouping {scores.as_dict()}")
    over = {name: found[name] for name, ceiling in AUDIT_CEILINGS.items() if found[name] > ceiling}  # type: ignore[operator]
    assert not over, found["examples"]
    assert scores.f1 >= GROUPING_FLOOR, scores
