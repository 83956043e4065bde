"""The server-rendered pages over the filled store: content, escaping and headers."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsgraph.cli import app as cli_app
from newsgraph.store import Store

from .conftest import EXAMPLE_ID, HOSTILE, IMG, SCRIPT


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "Latest quotes"),
        ("/?q=%22flies+in+the+face%22", "flies in the face"),
        ("/?speaker=Psaki&kind=direct&since=2022&until=2022-03-18", "Jen Psaki"),
        ("/?outlet=Northstar+Daily&page=1", "Northstar Daily"),
        (f"/articles/{EXAMPLE_ID}", "White House press secretary"),
        ("/speakers", "Jen Psaki"),
        ("/speakers/person:jen-psaki", "Roles over time"),
        ("/events", "CONSULT"),
        ("/events?actor=USA&other=CHN", "both ways"),
        ("/events?actor=China&type=consult&since=2022-03&until=2022-03-18", "events of China"),
        ("/dashboard", "Source diversity per outlet"),
        ("/dashboard?outlet=Northstar+Daily&since=2024", "Share of women among the people quoted"),
        ("/articles", "newest first"),
        ("/articles?q=clinic&outlet=Northstar+Daily", "best matches first"),
        ("/corrections", "Label Studio JSON"),
    ],
)
def test_web_page_renders(client: TestClient, path: str, expected: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert expected in response.text


@pytest.mark.parametrize("path", ["/", f"/articles/{EXAMPLE_ID}", "/dashboard", "/api/stats"])
def test_web_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_web_page_loads_nothing_from_elsewhere(client: TestClient) -> None:
    for path in ("/", f"/articles/{EXAMPLE_ID}", "/speakers/person:jen-psaki", "/events", "/dashboard"):
        # links to the original article are followed, not loaded
        html = re.sub(r'<a class="source-url" href="https?://[^"]*"', "", client.get(path).text)
        assert "http://" not in html.replace("http://www.w3.org", "")
        assert "https://" not in html
        assert "<script>" not in html  # scripts come only from /static
    assert client.get("/static/app.js").status_code == 200


def test_web_article_highlights(client: TestClient) -> None:
    html = client.get(f"/articles/{EXAMPLE_ID}").text
    assert re.search(r'<span class="c\d+ content" id="a\d+" data-a="\d+" title="[^"]+" tabindex="0">“', html)
    assert re.search(r'<span class="c\d+ cue" data-a="\d+"', html)
    assert 'class="region region-credit"' in html
    assert 'class="timex"' in html
    assert "evidence" in html
    assert "Jen Psaki (person:jen-psaki)" in html  # the speaker in a quote's tooltip
    assert re.search(r"&#39;she&#39; (continues the speaker|is &#39;Jen Psaki&#39;, the subject)", html)  # why


@pytest.mark.parametrize(
    "path",
    [f"/articles/{HOSTILE['id']}", "/?q=remove", "/?q=posted", "/speakers/person:mara-quill", "/corrections"],
)
def test_web_markup_from_articles_is_escaped(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>Evil</b>" not in html


def test_web_hostile_article_shows_markup_as_text(client: TestClient) -> None:
    html = client.get(f"/articles/{HOSTILE['id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt; Council notes" in html
    assert "&lt;b&gt;Evil&lt;/b&gt; Post" in html
    assert SCRIPT not in html and IMG not in html


def test_web_search_echo_is_escaped(client: TestClient) -> None:
    html = client.get("/", params={"q": '"><script>alert(4)</script>', "speaker": "<i>x</i>"}).text
    assert "<script>alert(4)" not in html and "<i>x</i>" not in html
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/?since=2022-13", "is not a date"),
        ("/?until=soon", "is not a date"),
        ("/?kind=rumour", "is none of"),
        ("/events?type=PARTY", "is not a PLOVER type"),
    ],
)
def test_web_page_malformed_filter_is_reported(client: TestClient, path: str, message: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert message in response.text


@pytest.mark.parametrize(("path", "why"), [("/?page=0", "page: "), ("/?page=x", "page: "), ("/?q=" + "x" * 600, "q: ")])
def test_web_page_malformed_request_is_a_422_page(client: TestClient, path: str, why: str) -> None:
    response = client.get(path)
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "Not a valid request" in response.text and why in response.text


@pytest.mark.parametrize("path", ["/articles/no-such-article", "/speakers/person:nobody-at-all", "/nope"])
def test_web_page_unknown_is_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text


def test_web_api_errors_stay_json(client: TestClient) -> None:
    assert client.get("/api/nope").json() == {"detail": "Not Found"}
    assert client.get("/api/quotes?limit=0").json()["detail"][0]["loc"] == ["query", "limit"]


def test_web_api_reference_page(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "https://" not in page.text  # no external asset
    for path in client.get("/api/openapi.json").json()["paths"]:
        assert path in page.text
    assert "reviewer token" in page.text  # the writes say they need it


@pytest.mark.parametrize(
    ("env", "args", "token"), [({}, [], None), ({"NEWSGRAPH_TOKEN": "t0k"}, ["--port", "8123"], "t0k")]
)
def test_web_serve_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], args: list[str], token: str | None
) -> None:
    import uvicorn

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))
    missing = CliRunner().invoke(cli_app, ["serve", "--db", f"{tmp_path}/serve.db", *args], env=env)
    assert missing.exit_code == 2 and "no store at" in missing.output and not calls  # a typo serves nothing
    Store.open(f"{tmp_path}/serve.db").close()
    result = CliRunner().invoke(cli_app, ["serve", "--db", f"{tmp_path}/serve.db", *args], env=env)
    assert result.exit_code == 0, result.output
    [call] = calls
    assert call["host"] == "127.0.0.1"
    assert f"http://127.0.0.1:{call['port']}/" in result.stdout
    assert call["app"].state.token == token


def test_web_every_evidence_link_resolves(client: TestClient) -> None:
    """Every `#aN` and `#ev-N` link, on the article pages and the events page, has its target on
    the article page, also when a quote and an event's sentence start at the same character."""
    store = client.app.state.store  # type: ignore[attr-defined]
    targets = 0
    events = client.get("/events").text
    for row in store.articles():
        page = client.get(f"/articles/{row.doc_id}").text
        ids = set(re.findall(r'id="([^"]+)"', page))
        links = set(re.findall(r'href="#((?:a|ev-)\d+)"', page))
        links |= set(re.findall(rf'href="/articles/{re.escape(row.doc_id)}#((?:a|ev-)\d+)"', events))
        assert links - ids == set(), row.doc_id
        targets += len(links)
    assert targets > 20


def test_web_speakers_page_search_sort_and_pages(client: TestClient) -> None:
    found = client.get("/speakers", params={"q": "whit"}).text
    assert "Dana Whitfield" in found and "Tom Brennan" not in found
    by_name = client.get("/speakers", params={"sort": "name"}).text
    assert '<option value="name" selected>' in by_name
    everyone = client.get("/api/speakers", params={"limit": 500}).json()
    assert len(everyone) < 50 and 'rel="next"' not in client.get("/speakers").text  # one page of them
    beyond = client.get("/speakers", params={"page": 2}).text
    assert "No speakers yet." in beyond and 'rel="prev" href="?q=&amp;sort=quotes&amp;page=1"' in beyond


def test_web_events_page_pages(client: TestClient) -> None:
    first = client.get("/events").text
    assert 'rel="next"' not in first  # the example store's events fit on one page
    beyond = client.get("/events", params={"page": 2}).text
    assert "No events." in beyond and "page 2: older ones" in beyond and 'rel="prev"' in beyond


def test_web_search_counts_facets_marks_and_downloads(client: TestClient) -> None:
    html = client.get("/", params={"q": "bridge"}).text
    total = int(re.search(r'<span class="total">(\d+)</span>', html).group(1))  # type: ignore[union-attr]
    assert total == client.get("/api/quotes/facets", params={"q": "bridge"}).json()["total"] > 0
    assert re.search(r'<b class="hit">[Bb]ridge</b>', html)  # the matched word, marked
    # a facet's link narrows the search to it, and says how many it has
    link, count = re.search(
        r'<a href="\?([^"]*outlet=[^"&]+[^"]*)">[^<]+</a> <span class="count">(\d+)</span>', html
    ).groups()  # type: ignore[union-attr]
    narrowed = client.get("/?" + link.replace("&amp;", "&")).text
    assert f'<span class="total">{count}</span>' in narrowed
    # the downloads are the API's rows of this page
    href = re.search(r'<a class="download" href="([^"]+)">CSV</a>', html).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    assert href.startswith("/api/quotes.csv?q=bridge&")
    assert len(list(csv.reader(io.StringIO(client.get(href).text)))) - 1 == min(total, 50)
    assert '<option value="relevance"' in html


@pytest.mark.parametrize("path", ["/events", "/events?actor=USA&other=CHN", "/events?actor=China&type=consult"])
def test_web_events_downloads_are_the_page_rows(client: TestClient, path: str) -> None:
    html = client.get(path).text
    shown = re.findall(r'class="evidence-link" href="/articles/([^"#]+)#ev-(\d+)"', html)
    links = dict(re.findall(r'<a class="download" href="([^"]+)">(CSV|JSON)</a>', html))
    by_name = {name: href.replace("&amp;", "&") for href, name in links.items()}
    rows = client.get(by_name["JSON"]).json()
    assert [(r["doc_id"], str(r["event"]["evidence"]["start"])) for r in rows] == shown != []
    lines = list(csv.DictReader(io.StringIO(client.get(by_name["CSV"]).text)))
    assert [(r["doc_id"], r["evidence_text"]) for r in lines] == [
        (r["doc_id"], r["event"]["evidence"]["text"]) for r in rows
    ]
