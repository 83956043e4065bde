"""Speakers across articles: entity figures, name parts, roles, corrections, link reasons.

Alias keys become ``resolve.entities.name_key`` (titles, accents and punctuation dropped),
and the name parts of the stored entities are filled in.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newsgraph.resolve.entities import name_key, name_parts

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _entity_columns() -> list[sa.Column]:
    return [
        sa.Column("female", sa.Integer, nullable=False, server_default="0"),
        sa.Column("male", sa.Integer, nullable=False, server_default="0"),
        sa.Column("country", sa.String(3)),
        sa.Column("category", sa.String),
        sa.Column("weight", sa.Integer, nullable=False, server_default="0"),
    ]


def _attribution_columns() -> list[sa.Column]:
    return [
        sa.Column("link_confidence", sa.Double),
        sa.Column("link_reason", sa.Text),
        sa.Column("medium", sa.String),
        sa.Column("speaker_role", sa.Text),
        sa.Column("speaker_gender", sa.String),
        sa.Column("speaker_country", sa.String(3)),
        sa.Column("speaker_category", sa.String),
    ]


def _entity_id(**options: object) -> sa.Column:
    return sa.Column("entity_id", sa.String, sa.ForeignKey("entities.id", ondelete="CASCADE"), **options)


def upgrade() -> None:
    for column in _entity_columns():
        op.add_column("entities", column)
    for column in _attribution_columns():
        op.add_column("attributions", column)
    parts = op.create_table(
        "entity_name_parts",
        _entity_id(primary_key=True),
        sa.Column("part", sa.String, primary_key=True, index=True),
    )
    op.create_table(
        "entity_roles",
        _entity_id(primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
        sa.Column("role", sa.Text, primary_key=True),
        sa.Column("date", sa.String),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("entity_id", sa.String, nullable=False),
        sa.Column("other_id", sa.String, nullable=False),
        sa.Column("alias", sa.String),
        sa.Column("key", sa.String),
        sa.Column("note", sa.Text),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    )
    connection = op.get_bind()
    aliases = sa.table("entity_aliases", sa.column("entity_id"), sa.column("alias"), sa.column("key"))
    for entity_id, alias in connection.execute(sa.select(aliases.c.entity_id, aliases.c.alias)).all():
        connection.execute(
            aliases.update()
            .where(aliases.c.entity_id == entity_id, aliases.c.alias == alias)
            .values(key=name_key(alias))
        )
    entities = sa.table("entities", sa.column("id"), sa.column("name"))
    rows = [
        {"entity_id": entity_id, "part": part}
        for entity_id, name in connection.execute(sa.select(entities.c.id, entities.c.name))
        for part in sorted(set(name_parts(name)))
    ]
    if rows:
        op.bulk_insert(parts, rows)


def downgrade() -> None:
    for table in ("corrections", "entity_roles", "entity_name_parts"):
        op.drop_table(table)
    for column in _attribution_columns():
        op.drop_column("attributions", column.name)
    for column in _entity_columns():
        op.drop_column("entities", column.name)
    connection = op.get_bind()
    aliases = sa.table("entity_aliases", sa.column("alias"), sa.column("key"))
    connection.execute(aliases.update().values(key=sa.func.lower(aliases.c.alias)))
