"""Server time of each page and API read over a store of 2,000 articles, against 300 ms.

    .venv/bin/python bench/web_pages.py [--articles 2000] [--requests 7] [--db PATH]

The store is filled by extracting the demo corpus and the example article once with the
real pipeline, then saving variants of those extractions through ``Store.save``: each with
its own id, date and outlet, and with words appended to its text so that no two are
near-duplicates (the spans keep their offsets). A ``--db`` that already holds the articles
is reused. Each page is requested in-process (no network), so the time is the server's.
Not a timed test: it prints a table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from newsgraph.jobs import Summary, extract_paths
from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.records import Extraction
from newsgraph.settings import Settings
from newsgraph.store import Store
from newsgraph.web.app import create_app

ROOT = Path(__file__).parents[1]
SOURCES = [ROOT / "demo", ROOT / "../shared/examples/000_3070b542610b7c5b.txt"]
OUTLETS = ["Harbour Times", "Coastal Post", "Valley Gazette", "Northstar Daily", "Wire Service", "Daily Ledger"]
TARGET_MS = 300.0
PAGES = [
    "/",
    "/?q=%22flies+in+the+face%22",
    "/?q=bridge+repairs&outlet=Coastal+Post",
    "/?speaker=Jen+Psaki&kind=direct",
    "/?since=2023-01&until=2023-06&page=3",
    "/articles/{example}",
    "/articles",
    "/articles?q=bridge&page=2",
    "/speakers",
    "/speakers?q=jen&sort=name",
    "/speakers/person:jen-psaki",
    "/speakers/person:jen-psaki?page=20",
    "/events",
    "/events?actor=USA&other=CHN",
    "/dashboard",
    "/dashboard?outlet=Coastal+Post&since=2023",
    "/corrections",
    "/api/quotes?q=reservoir&limit=50",
    "/api/articles?q=clinic",
    "/api/articles/{example}",
    "/api/speakers/person:xi-jinping",
    "/api/timeline?actor=USA&other=CHN",
    "/api/stats",
    "/api/stats.csv",
    "/api/quotes.csv?q=bridge&limit=500",
]


def variants(base: list[Extraction], count: int, seed: int = 7) -> list[Extraction]:
    """``count`` extractions made from ``base``: new ids, dates and outlets, texts made distinct."""
    rng = random.Random(seed)
    vocabulary = sorted({word for e in base for word in e.text.split() if word.isalpha()})
    start = date(2022, 1, 1)
    made = []
    for i in range(count):
        source = base[i % len(base)]
        words = rng.choices(vocabulary, k=max(200, len(source.text.split()) // 2))
        made.append(
            replace(
                source,
                doc_id=f"bench-{i:05d}",
                date=(start + timedelta(days=rng.randrange(3 * 365))).isoformat(),
                publisher=rng.choice(OUTLETS),
                text=source.text + "\n\n" + " ".join(words) + "\n",
                path=None,
            )
        )
    return made


def fill(url: str, count: int) -> None:
    with Store.open(url) as store:
        stored = len(store.articles())
        if stored >= count:
            print(f"{url}: {stored} articles already")
            return
        settings = Settings.from_env()
        base = list(extract_paths(map(str, SOURCES), load_pipeline(settings.model), settings, None, Summary(), print))
        began = time.perf_counter()
        for i, extraction in enumerate(variants(base, count)[stored:], start=stored + 1):
            store.save(extraction)
            if i % 250 == 0:
                print(f"  {i} saved ({time.perf_counter() - began:.0f} s)", flush=True)
        print(f"{url}: {count} articles saved in {time.perf_counter() - began:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=7, help="requests per page, after one warm-up")
    parser.add_argument("--db", help="SQLite path to fill or reuse [a temporary file]")
    args = parser.parse_args()
    url = args.db or str(Path(tempfile.mkdtemp(prefix="newsgraph-bench-")) / "bench.db")
    fill(url, args.articles)
    with TestClient(create_app(url, None), base_url="http://127.0.0.1") as client:  # a host it answers
        example = client.get("/api/quotes", params={"q": '"flies in the face"', "limit": 1}).json()[0]["doc_id"]
        print(f"\n{'page':<44} {'median ms':>10} {'max ms':>8}  {'bytes':>8}  under {TARGET_MS:.0f} ms")
        slow = 0
        for page in PAGES:
            path = page.format(example=example)
            assert client.get(path).status_code == 200, path  # warm-up
            times = []
            for _ in range(args.requests):
                began = time.perf_counter()
                response = client.get(path)
                times.append(1000 * (time.perf_counter() - began))
            median, worst = statistics.median(times), max(times)
            slow += median > TARGET_MS
            verdict = "yes" if worst <= TARGET_MS else "median only" if median <= TARGET_MS else "NO"
            print(f"{path[:44]:<44} {median:>10.1f} {worst:>8.1f}  {len(response.content):>8}  {verdict}")
    print(f"\n{len(PAGES) - slow} of {len(PAGES)} pages have a median under {TARGET_MS:.0f} ms")


if __name__ == "__main__":
    main()
