"""Pages, feeds and sitemaps fetched from the web: validators for a conditional GET, and the original
body, compressed, for extracting a page again without fetching it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_fetches",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("final_url", sa.Text, nullable=False),
        sa.Column("doc_id", sa.String),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("http_date", sa.Text),
        sa.Column("content_type", sa.Text),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body_gzip", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_web_fetches_doc_id", "web_fetches", ["doc_id"])


def downgrade() -> None:
    op.drop_index("ix_web_fetches_doc_id", table_name="web_fetches")
    op.drop_table("web_fetches")
