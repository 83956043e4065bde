"""The sentences each attribution is in (its evidence), so that a quote is shown in context.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty for articles stored before; the next ingest with a newer pipeline fills them.
    with op.batch_alter_table("attributions") as batch:
        batch.add_column(sa.Column("evidence_start", sa.Integer))
        batch.add_column(sa.Column("evidence_end", sa.Integer))
        batch.add_column(sa.Column("evidence_text", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("attributions") as batch:
        batch.drop_column("evidence_text")
        batch.drop_column("evidence_end")
        batch.drop_column("evidence_start")
