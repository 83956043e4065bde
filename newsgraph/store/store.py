"""The store: extractions in, quotes, speakers, statistics and exports out.

``Store`` joins the two parts: persistence (``newsgraph.store.write``) and the read model
(``newsgraph.store.read``). The same code runs on SQLite and PostgreSQL; what differs (full-text
search, upserts, connection set-up) stays in this package."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import sessionmaker

from newsgraph.settings import Settings
from newsgraph.store import fulltext, migrations
from newsgraph.store.read import StoreReader
from newsgraph.store.write import StoreWriter


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


#: Execution option of the engine that writes: its transactions take the store's write lock first.
WRITES = "newsgraph_writes"
#: How long a writer waits for another's transaction before it gives up (SQLite's busy timeout).
BUSY_TIMEOUT_MS = 120_000
#: The PostgreSQL advisory lock key that writers and migrations hold for their transaction.
WRITE_LOCK = 0x6E657773  # "news"


def _set_up_sqlite(engine: Engine) -> None:
    # pysqlite would otherwise begin transactions only at the first write and run DDL
    # outside them; the store wants every save and migration to be one transaction.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        # First the busy timeout: switching a fresh file to WAL needs its lock too, and two
        # processes opening one fresh store at once would otherwise fail at once ("database is locked")
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # WAL: readers (the web app) never wait for a writer, nor a writer for them
        dbapi_connection.execute("PRAGMA journal_mode = WAL")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # A writer takes the write lock when it begins (IMMEDIATE), so two writers queue on the busy
        # timeout; one that read first and wrote later would fail at once with "database is locked".
        immediate = connection.get_execution_options().get(WRITES, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _set_up_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Writers and migrations one at a time: two saves naming the same new entity, or two
        # processes migrating a fresh store, would otherwise race (a unique violation, a failed DDL).
        if connection.get_execution_options().get(WRITES, False):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


class Store(StoreWriter, StoreReader):
    """Articles and everything extracted from them, in SQLite or PostgreSQL."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self._engine = engine
        self._settings = settings
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(engine.execution_options(**{WRITES: True}), expire_on_commit=False)
        self._fulltext = fulltext.for_dialect(engine.dialect.name)
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    @classmethod
    def open(cls, url: str, settings: Settings | None = None) -> Store:
        """Open (creating and migrating as needed) the store at ``url``."""
        engine = create_engine(engine_url(url))
        if engine.dialect.name == "sqlite":
            _set_up_sqlite(engine)
        else:
            _set_up_postgresql(engine)
        with engine.execution_options(**{WRITES: True}).begin() as connection:
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
