"""Extraction on N worker processes against one process, on the same articles in the same run.

    .venv/bin/python bench/workers.py [DIR_OR_FILES...] [--limit N] [--workers N]

The one-process run is the baseline; the figure is the speed-up, which does not depend on how fast the
machine is (it does depend on the cores being free: run it on an idle machine). Both include starting:
the one-process run loads its pipeline, the workers load theirs, as ``newsgraph extract`` does.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsgraph.extract import extract
from newsgraph.ingest.readers import read_paths
from newsgraph.nlp.pipeline import settings_pipeline
from newsgraph.parallel import default_workers, extract_parallel
from newsgraph.records import Article
from newsgraph.settings import Settings

DEFAULT_CORPUS = Path(__file__).parents[1] / "../shared/data/polnear/dev/text"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT_CORPUS)])
    parser.add_argument("--limit", type=int, default=84)
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    settings = Settings.from_env()
    articles = [a for a in read_paths(args.paths, settings, "2000-01-01") if isinstance(a, Article)][: args.limit]

    began = time.perf_counter()
    one = list(extract(articles, settings_pipeline(settings), batch_size=settings.batch_size))
    one_seconds = time.perf_counter() - began
    began = time.perf_counter()
    many = list(extract_parallel(articles, settings, args.workers))
    many_seconds = time.perf_counter() - began
    assert [e.doc_id for e in many] == [e.doc_id for e in one], "the workers' output is out of order"
    print(f"articles {len(articles)}")
    print(f"1 process: {one_seconds:.1f} s")
    print(f"{args.workers} workers: {many_seconds:.1f} s")
    print(f"speed-up: {one_seconds / many_seconds:.2f} (same results: {many == one})")


if __name__ == "__main__":
    main()
