"""A store failure is reported by the database's message, never with the SQL and the article text."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from newsgraph.store.errors import failure_reason

STATEMENT = "INSERT INTO articles (doc_id, text) VALUES (?, ?)"
PARAMS = ("a-1", "The whole text of an article.\nIts second line.")


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OperationalError(STATEMENT, PARAMS, sqlite3.OperationalError("database is locked")), "database is locked"),
        (
            IntegrityError(STATEMENT, PARAMS, sqlite3.IntegrityError("UNIQUE constraint failed: entities.id")),
            "UNIQUE constraint failed: entities.id",
        ),
        (ValueError("bad date '0001-01-01'\nmore"), "bad date '0001-01-01'"),
        (RuntimeError(""), "RuntimeError"),
    ],
)
def test_store_failure_reason_is_one_line_without_sql(error: Exception, reason: str) -> None:
    found = failure_reason(error)
    assert found == reason
    assert "INSERT" not in found and "whole text" not in found
