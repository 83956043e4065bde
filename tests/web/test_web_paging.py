"""Paging on a speaker with more quotes than a page holds: a real SQLite store of made-up articles."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient

from newsgraph.records import Attribution, Extraction, Span, Speaker
from newsgraph.store import Store
from newsgraph.web.app import create_app
from newsgraph.web.pages import PAGE_SIZE

LOPES = Speaker("person:maria-lopes", "Maria Lopes", "PERSON", 1.0, "named in the source")
OUTLETS = {"Harbour Times": 25, "Valley Gazette": 20, "North Star": 10}  # articles each, two quotes in each
WORDS = "harbour union ferry tariff cargo crane dock pier vessel strike wage shift berth tide quay".split()


def article(n: int, outlet: str, rng: random.Random) -> Extraction:
    filler = " ".join(rng.choice(WORDS) + str(rng.randrange(10_000)) for _ in range(40))  # no two alike
    first, second = f"“Quote {n}a is about {filler[:30]},”", f"“Quote {n}b follows,”"
    text = f"{filler}.\n\n{first} Maria Lopes said.\n\n{second} Lopes said.\n"

    def said(content: str, source: str) -> Attribution:
        start = text.index(content)
        where = text.index(source, start)
        cue = text.index("said", where)
        return Attribution(
            Span.of(text, where, where + len(source)),
            Span.of(text, cue, cue + 4),
            (Span.of(text, start, start + len(content)),),
            "direct",
            LOPES,
        )

    return Extraction(
        doc_id=f"story-{n:03d}",
        date=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
        title=f"Story {n}",
        publisher=outlet,
        url=None,
        author=None,
        text=text,
        pipeline="test-1",
        path=None,
        regions=(),
        attributions=(said(first, "Maria Lopes"), said(second, "Lopes")),
        time_expressions=(),
    )


def test_web_speaker_page_pages_to_the_last_quote_and_charts_all(tmp_path: Path) -> None:
    rng = random.Random(7)
    db = str(tmp_path / "store.db")
    with Store.open(db) as store:
        n = 0
        for outlet, count in OUTLETS.items():
            for _ in range(count):
                store.save(article(n, outlet, rng))
                n += 1
    total = 2 * sum(OUTLETS.values())
    assert total > 2 * PAGE_SIZE
    with TestClient(create_app(db, None), base_url="http://127.0.0.1") as client:
        url, seen, pages = "/speakers/person:maria-lopes", [], 0
        while url:
            html = client.get(url).text
            pages += 1
            seen += re.findall(r"Quote (\d+[ab])", html)
            following = re.search(r'<a rel="next" href="(\?page=\d+)"', html)
            url = f"/speakers/person:maria-lopes{following.group(1)}" if following else ""
            if pages == 1:
                # the outlets chart counts every quote, not the page's
                values = dict(re.findall(r'aria-label="([^"]+): (\d+)"', html))
                assert {k: int(v) for k, v in values.items()} == {k: 2 * v for k, v in OUTLETS.items()}
                assert f"{total} quotes; page 1 of 3, quotes 1–{PAGE_SIZE}" in html
        assert pages == 3 and len(seen) == total and len(set(seen)) == total
        api = client.get("/api/speakers/person:maria-lopes", params={"limit": 10, "offset": total - 5}).json()
        assert len(api["quotes"]) == 5 and sum(c["count"] for c in api["outlets"]) == total
        assert client.get("/speakers/person:maria-lopes?page=0").status_code == 422


def test_web_doc_ids_with_slashes_have_working_pages(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    story = article(1, "Harbour Times", random.Random(1))
    with Store.open(db) as store:
        store.save(replace(story, doc_id="wire/2024/harbour-strike"))
    with TestClient(create_app(db, "t0k"), base_url="http://127.0.0.1") as client:
        assert "Quote 1a" in client.get("/articles/wire/2024/harbour-strike").text
        assert (
            client.get("/api/articles/wire%2F2024%2Fharbour-strike").json()["article"]["doc_id"]
            == "wire/2024/harbour-strike"
        )
        rejected = client.post(
            "/api/articles/wire/2024/harbour-strike/attributions/0/reject", headers={"Authorization": "Bearer t0k"}
        )
        assert rejected.status_code == 200
        assert client.get("/articles/wire/2024/nothing").status_code == 404
