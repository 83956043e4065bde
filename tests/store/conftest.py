"""The store under test, on each backend, and the made-up articles to store in it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsgraph.records import Extraction
from newsgraph.store import Store

from .stories import REPUBLISHED_TEXT, WIRE_TEXT, science_fair, wire_story


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture
def wire() -> Extraction:
    return wire_story("wire-1", WIRE_TEXT, "2022-03-18", "Wire Service")


@pytest.fixture
def republished() -> Extraction:
    return wire_story("times-1", REPUBLISHED_TEXT, "2022-03-19", "Harbour Times")


@pytest.fixture
def science() -> Extraction:
    return science_fair()
