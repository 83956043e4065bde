"""The jobs behind the command line: read, extract, and (for ingest) store.

Bad input never stops a run: each failure is reported with the file and the
reason, the rest goes on, and the summary counts what failed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from newsgraph.extract import extract
from newsgraph.ingest.readers import read_paths
from newsgraph.nlp.pipeline import pipeline_version, settings_version
from newsgraph.parallel import extract_parallel
from newsgraph.records import Article, Extraction, ReadFailure, Skipped
from newsgraph.settings import Settings
from newsgraph.store.errors import failure_reason
from newsgraph.store.store import Store

Report = Callable[[str], None]
OUTCOMES = ("extracted", "new", "updated", "unchanged", "duplicate", "near-duplicates linked", "skipped")


@dataclass
class Summary:
    """What a run did: counts by outcome, and the failures with their reasons."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[ReadFailure] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    def line(self) -> str:
        """'5 new, 1 near-duplicates linked, 0 failed': outcomes in a fixed order, failures last."""
        order = {what: i for i, what in enumerate(OUTCOMES)}
        parts = [f"{n} {what}" for what, n in sorted(self.counts.items(), key=lambda item: order.get(item[0], 99))]
        parts.append(f"{len(self.failures)} failed")
        return ", ".join(parts)


def articles_only(
    items: Iterable[Article | ReadFailure | Skipped], summary: Summary, report: Report
) -> Iterator[Article]:
    for item in items:
        if isinstance(item, ReadFailure):
            summary.failures.append(item)
            report(f"error: {item.path}: {item.reason}")
        elif isinstance(item, Skipped):
            summary.counts["skipped"] += 1
            report(f"skipped: {item.path}: {item.reason}")
        else:
            yield item


def extract_paths(
    paths: Iterable[str],
    nlp: Language | None,
    settings: Settings,
    default_date: str | None,
    summary: Summary,
    report: Report,
    workers: int = 1,
) -> Iterator[Extraction]:
    """Extractions of every article in ``paths``, in order; read failures go to ``report`` and ``summary``."""
    yield from extract_reads(read_paths(paths, settings, default_date), nlp, settings, summary, report, workers)


def extract_reads(
    reads: Iterable[Article | ReadFailure | Skipped],
    nlp: Language | None,
    settings: Settings,
    summary: Summary,
    report: Report,
    workers: int = 1,
) -> Iterator[Extraction]:
    """``extract_paths`` over what a reader gave (files, or pages from the web)."""
    yield from extract_counted(articles_only(reads, summary, report), nlp, settings, summary, report, workers)


def extract_counted(
    articles: Iterable[Article],
    nlp: Language | None,
    settings: Settings,
    summary: Summary,
    report: Report,
    workers: int,
) -> Iterator[Extraction]:
    """``nlp`` None: the settings' pipeline, loaded (and said so to ``report``) only when an article comes,
    in this process or in each of ``workers`` processes."""
    if nlp is None:
        extractions = extract_parallel(articles, settings, workers, report)
    else:
        extractions = extract(articles, nlp, batch_size=settings.batch_size)
    for extraction in extractions:
        summary.counts["extracted"] += 1
        yield extraction


def ingest_paths(
    paths: Iterable[str],
    store: Store,
    nlp: Language | None,
    settings: Settings,
    default_date: str | None,
    report: Report,
    progress: Callable[[str], None] = lambda _: None,
    workers: int = 1,
) -> Summary:
    """Extract and store every article in ``paths``, one transaction per article, the storing in this
    process alone. An article the store already has with this text and pipeline version ("unchanged"),
    or whose text another stored article has ("duplicate"), is counted so without being extracted."""
    reads = read_paths(paths, settings, default_date)
    return ingest_reads(reads, store, nlp, settings, report, progress, workers)


def ingest_reads(
    reads: Iterable[Article | ReadFailure | Skipped],
    store: Store,
    nlp: Language | None,
    settings: Settings,
    report: Report,
    progress: Callable[[str], None] = lambda _: None,
    workers: int = 1,
    done: Callable[[str, str], None] = lambda _doc_id, _status: None,
) -> Summary:
    """``ingest_paths`` over what a reader gave; ``done(doc_id, status)`` is told of each article once
    the store has it (stored, unchanged or a duplicate), which the web reader records."""
    summary = Summary()
    version = pipeline_version(nlp) if nlp is not None else settings_version(settings)

    def to_extract(articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            status = store.prior_status(article.doc_id, article.text, version)
            if status is None:
                yield article
            else:
                summary.counts[status] += 1
                done(article.doc_id, status)
                progress(article.doc_id)

    articles = to_extract(articles_only(reads, summary, report))
    for extraction in extract_counted(articles, nlp, settings, summary, report, workers):
        progress(extraction.doc_id)
        try:
            outcome = store.save(extraction)
        except Exception as error:  # a store failure for one article must not lose the others
            reason = failure_reason(error)
            summary.failures.append(ReadFailure(extraction.doc_id, f"not stored: {reason}"))
            report(f"error: {extraction.doc_id}: not stored: {reason}")
            continue
        summary.counts[outcome.status] += 1
        done(extraction.doc_id, outcome.status)
        if outcome.near_duplicates:
            summary.counts["near-duplicates linked"] += len(outcome.near_duplicates)
    summary.counts.pop("extracted", None)
    return summary
