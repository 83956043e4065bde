"""A store failure in words for one error line: the database's own message, never the SQL."""

from __future__ import annotations

from sqlalchemy.exc import StatementError


def failure_reason(error: Exception) -> str:
    """The first line of the driver's message for a statement that failed ("database is locked",
    "duplicate key value violates unique constraint ..."), without the statement and its
    parameters (an article's whole text); other errors' first line."""
    cause = error.orig if isinstance(error, StatementError) and error.orig is not None else error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__
