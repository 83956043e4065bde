"""Lists and figures over a small real SQLite store of made-up articles: the articles pages, a
quote that several articles carry shown once with all of them, and the dashboard."""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import make_url

from newsgraph.records import Attribution, Span
from newsgraph.store import Store
from newsgraph.store.results import Breakdown
from newsgraph.web.app import create_app
from newsgraph.web.charts import COLOURS, legend, stacks

from .conftest import _drop, _postgres_clone
from .made_up import ARTICLES, BERG, LOPES, fill, story


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over the made-up store, on each backend (the repeats' and figures' SQL differ)."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("lists") / "store.db")
    else:
        server = request.getfixturevalue("postgres_server")
        url = _postgres_clone(server, "template1")  # an empty database
        request.addfinalizer(lambda: _drop(server, [str(make_url(url).database)]))
    with TestClient(create_app(fill(url), None), base_url="http://127.0.0.1") as opened:
        yield opened


def test_web_articles_page_pages_to_the_last_article(client: TestClient) -> None:
    url, seen = "/articles", []
    while url:
        html = client.get(url).text
        seen += re.findall(r'href="/articles/(story-\d+)"', html)
        following = re.search(r'<a rel="next" href="\?([^"]+)"', html)
        url = "/articles?" + following.group(1).replace("&amp;", "&") if following else ""
    assert len(seen) == len(set(seen)) == ARTICLES
    assert seen[0] == "story-040"  # newest first
    only = client.get("/articles", params={"outlet": "North Star"}).text
    assert re.findall(r'href="/articles/(story-\d+)"', only) == ["story-040"]


def test_web_repeated_quote_is_one_quote_with_its_articles(client: TestClient) -> None:
    html = client.get("/", params={"q": "cranes safe"}).text
    assert '<span class="total">4</span>' in html  # each article's quote is counted
    assert html.count('<li class="quote">') == 2  # Lopes's three copies once, and Berg's own
    assert "in 3 articles, first seen 2024-02-20" in html
    listed = html[html.index('<details class="repeats">') : html.index("</details>")]
    carried = re.findall(r'href="/articles/(story-\d+)#a0">Story', listed)
    assert carried == ["story-017", "story-003", "story-040"]  # oldest first
    alone = client.get("/", params={"q": "cranes safe", "outlet": "Harbour Times"}).text
    assert "in 3 articles, first seen 2024-02-20" in alone  # the copy in other quotation marks too
    page = client.get("/speakers/person:maria-lopes").text
    assert page.count("in 3 articles, first seen 2024-02-20") == 1
    # its downloads are the rows of the page, each article's quote a row
    href = re.search(r'<a class="download" href="([^"]+)">CSV</a>', page).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    rows = list(csv.DictReader(io.StringIO(client.get(href).text)))
    listed = client.get(href.replace("quotes.csv", "quotes")).json()
    assert [(r["doc_id"], r["content_text"]) for r in rows] == [(r["doc_id"], r["content_text"]) for r in listed]
    assert len(rows) == page.count('<li class="quote">') + 2  # the three copies shown as one
    assert "in 2 articles" not in client.get("/", params={"q": "Story 7"}).text  # a quote of its own


def test_web_dashboard_filters_lines_and_people(client: TestClient) -> None:
    assert "<strong>1</strong> articles" in client.get("/dashboard", params={"outlet": "North Star"}).text
    html = client.get("/dashboard").text
    assert f"<strong>{ARTICLES}</strong> articles" in html
    # the share of women quoted, a line per outlet, with its numbers as a table
    assert '<polyline class="s0"' in html and "Share of women quoted, per outlet and month: the numbers" in html
    people = html[html.index('class="top-people"') :]
    ledger = re.search(r"<tr><td>Daily Ledger</td>\s*(.*?)</tr>", people, re.S).group(1)  # type: ignore[union-attr]
    assert "Maria Lopes" in ledger.split("</td>")[0] and "Tomas Berg" in ledger.split("</td>")[1]
    # the CSV download is the JSON's diversity, one line per value
    scope = {"since": "2024"}
    diversity = client.get("/api/stats", params=scope).json()["diversity"]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/stats.csv", params=scope).text)))
    assert len(rows) == sum(len(b["counts"]) for b in diversity) > 0
    assert {(r["publisher"], r["facet"], r["value"], int(r["quotes"])) for r in rows} == {
        (b["publisher"], b["facet"], value, n) for b in diversity for value, n in b["counts"].items()
    }


def test_web_dashboard_countries_beyond_the_colours_are_other() -> None:
    countries = {f"C{i:02d}": 20 - i for i in range(12)}
    found = stacks([Breakdown("Harbour Times", "2024-01", "country", countries)], "country")
    colours = legend(found)
    assert len(colours) == COLOURS and colours["other"] == COLOURS - 1  # grey, last
    assert len(set(colours.values())) == COLOURS  # each in its own colour
    assert found[0].share("other") == round(100 * sum(list(countries.values())[COLOURS - 1 :]) / 174, 1)


def test_web_two_attributions_of_the_same_words_both_have_their_anchor(tmp_path: Path) -> None:
    text = "Trump spoke, adding “maybe there is, I don’t know.” Clinton said it was a threat.\n"
    start = text.index("“")
    said = Span.of(text, start, text.index(".”") + 2)
    twice = tuple(
        Attribution(Span.of(text, 0, 5), Span.of(text, 13, 19), (said,), "direct", speaker) for speaker in (BERG, LOPES)
    )
    db = str(tmp_path / "same.db")
    with Store.open(db) as store:
        store.save(replace(story(0, random.Random(1)), doc_id="same-words", text=text, attributions=twice))
    with TestClient(create_app(db, None), base_url="http://127.0.0.1") as opened:
        ids = set(re.findall(r'id="([^"]+)"', opened.get("/articles/same-words").text))
        assert {"a0", "a1"} <= ids
