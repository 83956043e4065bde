"""Initial schema: articles, what was extracted from them, entities, near-duplicates.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

#: (table, column) pairs that get full-text search.
FULL_TEXT = (("articles", "text"), ("attributions", "content_text"))


def _article_id(*, primary_key: bool = False) -> sa.Column:
    return sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
        index=not primary_key,
    )


def _span(prefix: str = "", *, nullable: bool = False) -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}start", sa.Integer, nullable=nullable),
        sa.Column(f"{prefix}end", sa.Integer, nullable=nullable),
        sa.Column(f"{prefix}text", sa.Text, nullable=nullable),
    ]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String, nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False, index=True),
        sa.Column("date", sa.String, index=True),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("publisher", sa.String),
        sa.Column("author", sa.String),
        sa.Column("path", sa.Text),
        sa.Column("pipeline", sa.String, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "duplicate_of",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="SET NULL"),
            index=True,
        ),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "regions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_id(),
        *_span(),
        sa.Column("label", sa.String, nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("type", sa.String, nullable=False),
    )
    op.create_table(
        "entity_aliases",
        sa.Column(
            "entity_id",
            sa.String,
            sa.ForeignKey("entities.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("alias", sa.String, primary_key=True),
        sa.Column("key", sa.String, nullable=False, index=True),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_id(),
        sa.Column(
            "entity_id",
            sa.String,
            sa.ForeignKey("entities.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        *_span(),
    )
    op.create_table(
        "attributions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_id(),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("kind", sa.String, nullable=False, index=True),
        *_span("source_", nullable=True),
        *_span("cue_", nullable=True),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column(
            "speaker_id",
            sa.String,
            sa.ForeignKey("entities.id", ondelete="SET NULL"),
            index=True,
        ),
        sa.Column("speaker_confidence", sa.Double),
        sa.Column("speaker_reason", sa.Text),
    )
    op.create_table(
        "time_expressions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_id(),
        *_span(),
        sa.Column("value", sa.String, nullable=False),
        sa.Column("type", sa.String, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_id(),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
    )
    op.create_table(
        "near_duplicates",
        _article_id(primary_key=True),
        sa.Column(
            "other_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
        sa.Column("similarity", sa.Double, nullable=False),
    )
    op.create_table(
        "minhash_bands",
        _article_id(primary_key=True),
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("hash", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_minhash_bands_band_hash", "minhash_bands", ["band", "hash"])
    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_full_text()
    else:
        _create_sqlite_full_text()


def _create_postgresql_full_text() -> None:
    for table, column in FULL_TEXT:
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('english', {column})) STORED"
        )
        op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")


def _create_sqlite_full_text() -> None:
    # External-content FTS5 tables, kept in sync by triggers (which also fire for rows
    # removed by ON DELETE CASCADE).
    for table, column in FULL_TEXT:
        fts = f"{table}_fts"
        insert = f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});"
        delete = f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', "
            "content_rowid='id', tokenize='porter unicode61')"
        )
        op.execute(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END")
        op.execute(f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {column} ON {table} BEGIN {delete} {insert} END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, _ in FULL_TEXT:
            op.execute(f"DROP TABLE {table}_fts")  # its triggers go with the content table
    for table in (
        "minhash_bands",
        "near_duplicates",
        "events",
        "time_expressions",
        "attributions",
        "mentions",
        "entity_aliases",
        "entities",
        "regions",
        "articles",
    ):
        op.drop_table(table)
