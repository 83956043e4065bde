"""The store: extractions in, quotes, speakers, statistics and exports out.

The same code runs on SQLite and PostgreSQL; what differs (full-text search, upserts,
connection set-up) stays in this package."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import sessionmaker

from newsgraph.settings import Settings
from newsgraph.store import fulltext, migrations
from newsgraph.store.reader import StoreReader
from newsgraph.store.writer import StoreWriter


def engine_url(url: str) -> URL:
    """The SQLAlchemy URL for a store URL: a bare path is a SQLite file, and
    ``postgresql://`` uses the psycopg 3 driver."""
    if "://" not in url:
        path = Path(url).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return URL.create("sqlite", database=str(path))
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")
    return parsed


def _set_up_sqlite(engine: Engine) -> None:
    # pysqlite would otherwise begin transactions only at the first write and run DDL
    # outside them; the store wants every save and migration to be one transaction.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


class Store(StoreWriter, StoreReader):
    """Articles and everything extracted from them, in SQLite or PostgreSQL."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self._engine = engine
        self._settings = settings
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._fulltext = fulltext.for_dialect(engine.dialect.name)
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    @classmethod
    def open(cls, url: str, settings: Settings | None = None) -> Store:
        """Open (creating and migrating as needed) the store at ``url``."""
        engine = create_engine(engine_url(url))
        if engine.dialect.name == "sqlite":
            _set_up_sqlite(engine)
        with engine.begin() as connection:
            migrations.upgrade(connection)
        return cls(engine, settings or Settings())

    @property
    def engine(self) -> Engine:
        """For read-only checks that are not the read model's (``newsgraph.store.audit``)."""
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
