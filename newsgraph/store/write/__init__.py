"""Persistence: saving extractions, each in one transaction, and reviewers' corrections."""

from __future__ import annotations

from newsgraph.store.write.corrections import Corrections
from newsgraph.store.write.save import Saving


class StoreWriter(Saving, Corrections):
    """What changes a store: saves and corrections."""
