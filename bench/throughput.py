"""Throughput of newsgraph extraction against raw spaCy parsing, in one process.

    .venv/bin/python bench/throughput.py [DIR_OR_FILES...] [--limit N]
    NEWSGRAPH_ATTRIBUTION_MODEL=DIR .venv/bin/python bench/throughput.py   # another attribution model

Both run on the same articles with the same English pipeline; the figure that
matters is the ratio, which does not depend on how fast the machine is. Peak
memory is the process's maximum resident set size over both runs.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from newsgraph.extract import extract
from newsgraph.ingest.readers import read_paths
from newsgraph.nlp.pipeline import settings_pipeline
from newsgraph.records import Article
from newsgraph.settings import Settings

DEFAULT_CORPUS = Path(__file__).parents[1] / "../shared/data/polnear/dev/text"


def timed(run: Callable[[], int]) -> tuple[int, float]:
    start = time.perf_counter()
    tokens = run()
    return tokens, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT_CORPUS)])
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, interleaved; the fastest counts")
    args = parser.parse_args()
    settings = Settings.from_env()
    articles = [a for a in read_paths(args.paths, settings, "2000-01-01") if isinstance(a, Article)][: args.limit]

    raw = spacy.load(settings.model)
    ours = settings_pipeline(settings)
    texts = [a.text for a in articles]
    # Warm both up so that neither pays for lazy initialisation in the timed run.
    list(raw.pipe(texts[:2]))
    list(extract(articles[:2], ours))

    raw_runs, ours_runs = [], []
    for _ in range(args.repeat):  # interleaved, so that load from elsewhere hits both alike
        raw_runs.append(timed(lambda: sum(len(doc) for doc in raw.pipe(texts, batch_size=settings.batch_size))))
        ours_runs.append(timed(lambda: sum(1 for _ in extract(articles, ours, batch_size=settings.batch_size))))
    raw_tokens = raw_runs[0][0]
    ours_tokens = raw_tokens  # the same articles, the same tokenizer
    raw_seconds = min(seconds for _, seconds in raw_runs)
    ours_seconds = min(seconds for _, seconds in ours_runs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"articles: {len(articles)}, tokens: {raw_tokens}")
    print(f"raw spaCy nlp.pipe     {raw_tokens / raw_seconds:10.0f} tokens/s")
    print(f"newsgraph extract      {ours_tokens / ours_seconds:10.0f} tokens/s")
    print(f"ratio                  {raw_seconds / ours_seconds:10.2f}")
    print(f"peak memory            {peak_mb:10.0f} MB")


if __name__ == "__main__":
    main()
