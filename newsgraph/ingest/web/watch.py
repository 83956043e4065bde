"""Follow feeds: poll them every so often and ingest the articles they gain.

What was fetched is in the store (``ledger``), so a restarted watch asks again only for the feeds
(conditionally: a feed that has not changed answers 304) and for items it has not stored yet. A poll
that fails as a whole (the store unreachable) is one log line, and the next poll comes as planned.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from spacy.language import Language

from newsgraph.ingest.web.fetch import Fetcher
from newsgraph.ingest.web.ledger import Ledger
from newsgraph.ingest.web.source import WebInputs, WebSource
from newsgraph.jobs import Report, Summary, ingest_reads
from newsgraph.settings import Settings
from newsgraph.store.errors import failure_reason
from newsgraph.store.store import Store

INTERVAL = re.compile(r"\A\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)?\s*\Z", re.IGNORECASE)
UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def parse_interval(value: str) -> float:
    """Seconds in "15m", "90s", "1h", "1d" or a bare number of seconds."""
    match = INTERVAL.match(value)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{value!r} is not an interval such as 90s, 15m, 1h or 1d")
    return float(match.group(1)) * UNITS[(match.group(2) or "s").lower()]


def poll(feeds: Sequence[str], store: Store, settings: Settings, report: Report, nlp: Language | None) -> Summary:
    """One poll: every feed fetched, what it newly lists fetched and ingested."""
    with Fetcher(settings) as fetcher:
        source = WebSource(settings, fetcher, Ledger(store), revisit=False)
        reads = source.read(WebInputs(feeds=tuple(feeds)))
        return ingest_reads(reads, store, nlp, settings, report, workers=1, done=source.done)


def watch(
    feeds: Sequence[str],
    store: Store,
    settings: Settings,
    every: float,
    report: Report,
    log: Callable[[str], None],
    polls: int | None = None,
    nlp: Language | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll ``feeds`` every ``every`` seconds (from the start of one poll to the start of the next),
    ``polls`` times or forever; one ``log`` line per poll. Returns how many polls had failures."""
    failing = 0
    number = 0
    while polls is None or number < polls:
        number += 1
        began = time.monotonic()
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
        try:
            summary = poll(feeds, store, settings, report, nlp)
            line, failed = summary.line(), summary.failed
        except Exception as error:  # the next poll may find the store or the network back
            line, failed = f"failed: {failure_reason(error)}", True
        failing += failed
        log(f"poll {number} at {stamp}: {line} ({time.monotonic() - began:.1f} s)")
        if polls is None or number < polls:
            sleep(max(0.0, every - (time.monotonic() - began)))
    return failing
