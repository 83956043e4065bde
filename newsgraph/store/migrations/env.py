"""Alembic environment: runs over the connection handed in by :func:`config`."""

from alembic import context

from newsgraph.store.migrations import include_name
from newsgraph.store.schema import Base

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=Base.metadata,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
