"""The schema: migrations agree with the models, and store URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from newsgraph.records import Speaker
from newsgraph.store import Store, migrations
from newsgraph.store.schema import Base
from newsgraph.store.store import engine_url

from .stories import science_fair, short_story


def test_store_migrations_match_models(db_url: str) -> None:
    Store.open(db_url).close()
    engine = create_engine(engine_url(db_url))
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": migrations.include_name, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_store_migrations_downgrade_and_upgrade(db_url: str) -> None:
    Store.open(db_url).close()
    engine = create_engine(engine_url(db_url))
    with engine.begin() as connection:
        command.downgrade(migrations.config(connection), "base")
    assert inspect(engine).get_table_names() == ["alembic_version"]
    engine.dispose()
    with Store.open(db_url) as store:
        assert store.save(science_fair()).status == "new"
        assert len(store.quotes(search="bicycle")) == 1


def test_store_reopen_keeps_contents(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.save(science_fair())
    with Store.open(db_url) as store:
        assert [article.doc_id for article in store.articles()] == ["courier-7"]
        assert store.save(science_fair()).status == "unchanged"


def test_store_bare_path_is_a_new_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "news.db"
    with Store.open(str(path)) as store:
        assert store.articles() == []
    assert path.is_file()
    with Store.open(f"sqlite:///{path}") as store:
        assert store.articles() == []


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://user:secret@db.example:5433/news", "postgresql+psycopg"),
        ("postgres://user@db.example/news", "postgresql+psycopg"),
        ("postgresql+psycopg://user@db.example/news", "postgresql+psycopg"),
        ("sqlite:////var/lib/news.db", "sqlite"),
    ],
)
def test_store_engine_url_drivers(url: str, driver: str) -> None:
    assert engine_url(url).drivername == driver


def test_store_engine_url_refuses_other_databases() -> None:
    with pytest.raises(ValueError, match="unsupported database"):
        engine_url("mysql://user@db.example/news")


def test_store_migration_0002_rekeys_aliases_and_fills_name_parts(db_url: str) -> None:
    engine = create_engine(engine_url(db_url))
    with engine.begin() as connection:
        command.upgrade(migrations.config(connection), "0001")
        connection.execute(
            text(
                "INSERT INTO entities (id, name, type) VALUES "
                "('person:xi', 'Xi Jinping', 'PERSON'), ('person:peng', 'Peng Liyuan', 'PERSON')"
            )
        )
        connection.execute(
            text("INSERT INTO entity_aliases (entity_id, alias, key) VALUES ('person:xi', 'Mr. Xi’s', 'mr. xi’s')")
        )
    engine.dispose()
    with Store.open(db_url) as store:
        for doc_id, name in (("a-1", "Xi"), ("a-2", "Peng")):
            speaker = Speaker(f"person:local-{doc_id}", name)
            store.save(
                short_story(doc_id, f"{name} said no.", None, source=name, cue="said", content="no", speaker=speaker)
            )
        reasons = {(q.speaker_id, q.link_reason) for q in store.quotes()}
        assert reasons == {
            ("person:xi", "same name as 'Xi Jinping'"),  # by the alias, re-keyed
            ("person:peng", "'Peng' is part of the only known 'Peng Liyuan'"),  # by the name parts
        }
