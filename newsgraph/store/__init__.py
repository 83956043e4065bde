"""The store: an auditable record of articles, who said what, and near-duplicates."""

from newsgraph.store.results import (
    ArticleHit,
    ArticleRow,
    Breakdown,
    CorrectionRow,
    EntityDetail,
    EventRow,
    NearDuplicate,
    QuoteFacets,
    QuoteRow,
    RoleRow,
    SaveOutcome,
    SaveStatus,
    SpeakerRow,
    Stats,
)
from newsgraph.store.store import Store

__all__ = [
    "ArticleHit",
    "ArticleRow",
    "Breakdown",
    "CorrectionRow",
    "EntityDetail",
    "EventRow",
    "NearDuplicate",
    "QuoteFacets",
    "QuoteRow",
    "RoleRow",
    "SaveOutcome",
    "SaveStatus",
    "SpeakerRow",
    "Stats",
    "Store",
]
