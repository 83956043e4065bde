"""Alembic migrations of the store, run from code: no alembic.ini is needed.

A new revision is written from Python, over a connection to a migrated database::

    alembic.command.revision(config(connection), message="...", autogenerate=True)

then checked by hand: autogenerate does not see the per-dialect full-text objects.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

#: Full-text objects made by the migrations outside the models, per dialect.
_FULL_TEXT_PREFIXES = ("articles_fts", "attributions_fts")
_FULL_TEXT_SUFFIX = "search_vector"


def config(connection: Connection) -> Config:
    """An Alembic configuration that migrates over ``connection``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(connection: Connection) -> None:
    """Bring the database behind ``connection`` to the latest revision."""
    command.upgrade(config(connection), "head")


def include_name(name: str | None, *_: object) -> bool:
    """Leave the full-text objects out of autogenerate's comparison with the models."""
    return name is None or not (name.startswith(_FULL_TEXT_PREFIXES) or name.endswith(_FULL_TEXT_SUFFIX))
