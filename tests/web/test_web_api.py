"""The JSON API over a store filled by the real pipeline, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from newsgraph.web.app import LOOPBACK, create_app

from .conftest import EXAMPLE_ID, Cloner, auth


def test_web_openapi_document_validates(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    validate(document)
    paths = set(document["paths"])
    assert {"/api/quotes", "/api/articles/{doc_id}", "/api/speakers/merge", "/api/timeline"} <= paths


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": '"flies in the face"'}, {"person:jen-psaki"}),
        ({"q": "flies", "speaker": "Jen Psaki"}, {"person:jen-psaki"}),
        ({"q": "flies", "speaker": "Psaki", "kind": "direct", "since": "2022-03", "until": "2022-03-18"}, None),
        ({"outlet": "Northstar Daily", "kind": "indirect"}, None),
        # Xi's own quotes and the joint statement of "the two men", Xi and Putin
        ({"speaker": "Xi"}, {"person:xi-jinping", "group:xi-jinping-and-vladimir-putin"}),
    ],
)
def test_web_api_quotes_filters(client: TestClient, params: dict[str, str], expected: set[str] | None) -> None:
    response = client.get("/api/quotes", params=params)
    assert response.status_code == 200
    rows = response.json()
    assert rows
    for row in rows:
        if expected:
            assert row["speaker_id"] in expected
        if "outlet" in params:
            assert row["publisher"] == params["outlet"]
        if "kind" in params:
            assert row["kind"] == params["kind"]
        for span in row["content"]:
            assert span["end"] > span["start"]


def test_web_api_quotes_paging(client: TestClient) -> None:
    first = client.get("/api/quotes", params={"limit": 3}).json()
    second = client.get("/api/quotes", params={"limit": 3, "offset": 3}).json()
    both = client.get("/api/quotes", params={"limit": 6}).json()
    assert first + second == both


def test_web_api_quotes_nothing_found(client: TestClient) -> None:
    assert client.get("/api/quotes", params={"q": "zebra xylophone"}).json() == []


@pytest.mark.parametrize(
    ("params", "doc_ids"),
    [
        ({"q": "reservoir"}, {"valleygazette_2024-06-11_water-rates"}),
        ({"outlet": "Northstar Daily"}, {"northstar-2024-07-02-clinic", "northstar-2024-07-09-heat"}),
        ({"q": "bridge", "since": "2024-05-03", "until": "2024-05"}, None),
    ],
)
def test_web_api_articles_search(client: TestClient, params: dict[str, str], doc_ids: set[str] | None) -> None:
    hits = client.get("/api/articles", params=params).json()
    assert hits
    found = {hit["article"]["doc_id"] for hit in hits}
    if doc_ids is not None:
        assert found == doc_ids
    if "q" in params:
        assert all("[" in hit["snippet"] for hit in hits)


def test_web_api_article_detail(client: TestClient) -> None:
    detail = client.get(f"/api/articles/{EXAMPLE_ID}").json()
    text = detail["text"]
    assert detail["article"]["date"] == "2022-03-18"
    spans = [*detail["regions"], *detail["time_expressions"], *detail["mentions"]]
    for row in detail["attributions"]:
        attribution = row["attribution"]
        spans += [s for s in (attribution["source"], attribution["cue"]) if s] + attribution["content"]
    spans += [e["event"]["evidence"] for e in detail["events"]]
    assert all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    assert {r["label"] for r in detail["regions"]} >= {"credit"}
    psaki = [r for r in detail["attributions"] if (r["attribution"]["speaker"] or {}).get("id") == "person:jen-psaki"]
    assert any("flies in the face" in s["text"] for r in psaki for s in r["attribution"]["content"])
    assert all(r["attribution"]["speaker"]["reason"] for r in psaki)
    assert detail["time_expressions"] and detail["events"]


def test_web_api_article_near_duplicate(client: TestClient) -> None:
    detail = client.get("/api/articles/harbourtimes_2024-05-03_bridge-vote").json()
    assert detail["article"]["duplicate_of"] == "coastalpost_2024-05-03_bridge-repairs-approved"
    assert [d["doc_id"] for d in detail["near_duplicates"]] == ["coastalpost_2024-05-03_bridge-repairs-approved"]


@pytest.mark.parametrize("path", ["/api/articles/no-such-article", "/api/speakers/person:nobody-at-all"])
def test_web_api_unknown_is_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_web_api_speakers(client: TestClient) -> None:
    rows = client.get("/api/speakers", params={"limit": 5}).json()
    assert len(rows) == 5
    assert [r["quotes"] for r in rows] == sorted((r["quotes"] for r in rows), reverse=True)


def test_web_api_speaker_page(client: TestClient) -> None:
    page = client.get("/api/speakers/person:jen-psaki").json()
    entity = page["entity"]
    assert entity["name"] == "Jen Psaki"
    assert "Psaki" in entity["aliases"]
    assert [r["role"] for r in entity["roles"]] == ["White House press secretary"]
    assert page["quotes"] and all(q["speaker_id"] == "person:jen-psaki" for q in page["quotes"])
    assert page["outlets"] == [{"value": None, "count": len(page["quotes"])}]
    assert {m["id"] for m in page["talks_about"]} >= {"person:xi-jinping"}


@pytest.mark.parametrize(
    "params", [{"actor": "CHN"}, {"type": "CONSULT"}, {"since": "2022-03-18", "until": "2022-03-18"}]
)
def test_web_api_events(client: TestClient, params: dict[str, str]) -> None:
    rows = client.get("/api/events", params=params).json()
    assert rows
    for row in rows:
        if "actor" in params:
            assert "CHN" in {a["country"] for a in row["event"]["actor"]}
        if "type" in params:
            assert row["event"]["event"] == "CONSULT"
        if "since" in params:
            assert row["day"] == "2022-03-18"


def test_web_api_timeline_pair_both_ways(client: TestClient) -> None:
    rows = client.get("/api/timeline", params={"actor": "USA", "other": "CHN"}).json()
    assert rows
    days = [r["day"] for r in rows]
    assert days == sorted(days)
    for row in rows:
        parties = {a["country"] for a in row["event"]["actor"] + row["event"]["recipient"]}
        assert {"USA", "CHN"} <= parties


def test_web_api_stats(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 7
    assert stats["stories"] == 6  # the republished bridge story counts once
    assert sum(c["count"] for c in stats["by_kind"]) == stats["attributions"]
    assert stats["top_speakers"]
    facets = {d["facet"] for d in stats["diversity"]}
    assert facets == {"gender", "country", "category"}
    for breakdown in stats["diversity"]:
        assert sum(breakdown["counts"].values()) == breakdown["quotes"]
        assert sum(breakdown["shares"].values()) == pytest.approx(1.0)


def test_web_api_corrections_empty(client: TestClient) -> None:
    assert client.get("/api/corrections").json() == {"entities": [], "attributions": []}


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/quotes", {"since": "2022-13"}),
        ("/api/quotes", {"until": "yesterday"}),
        ("/api/quotes", {"kind": "rumour"}),
        ("/api/quotes", {"limit": "0"}),
        ("/api/quotes", {"limit": "many"}),
        ("/api/quotes", {"offset": "-1"}),
        ("/api/articles", {"since": "03/18/2022"}),
        ("/api/events", {"type": "PARTY"}),
        ("/api/events", {"since": "2022-3-1"}),
        ("/api/timeline", {}),
        ("/api/export/training", {"format": "docx"}),
    ],
)
def test_web_api_malformed_query_is_422(client: TestClient, path: str, params: dict[str, str]) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


WRITES = [
    ("/api/speakers/merge", {"into": "person:jen-psaki", "other": "person:xi-jinping"}),
    ("/api/speakers/split", {"entity": "person:xi-jinping", "alias": "Mr. Xi"}),
    (f"/api/articles/{EXAMPLE_ID}/attributions/1/speaker", {"entity_id": "person:xi-jinping"}),
    (f"/api/articles/{EXAMPLE_ID}/attributions/1/reject", {}),
]


@pytest.mark.parametrize(("path", "body"), WRITES)
@pytest.mark.parametrize("headers", [{}, auth("wrong-token"), {"Authorization": "Basic abc"}])
def test_web_api_write_needs_token(client: TestClient, path: str, body: dict, headers: dict[str, str]) -> None:
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/corrections").json() == {"entities": [], "attributions": []}


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_web_api_read_only_without_server_token(clone_store: Cloner, path: str, body: dict) -> None:
    with TestClient(create_app(clone_store(), None), base_url="http://127.0.0.1") as read_only:
        assert read_only.post(path, json=body, headers=auth("")).status_code == 401
        assert read_only.post(path, json=body, headers=auth("anything")).status_code == 401


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/speakers/merge", {"into": "person:jen-psaki"}),
        (f"/api/articles/{EXAMPLE_ID}/attributions/1/speaker", {}),
        (f"/api/articles/{EXAMPLE_ID}/attributions/1/speaker", {"entity_id": "person:a", "name": "A"}),
        (f"/api/articles/{EXAMPLE_ID}/attributions/one/reject", {}),
    ],
)
def test_web_api_malformed_write_is_422(client: TestClient, path: str, body: dict) -> None:
    assert client.post(path, json=body, headers=auth()).status_code == 422


def test_web_api_merge_and_split(writable: TestClient) -> None:
    merged = writable.post(
        "/api/speakers/merge", json={"into": "person:jen-psaki", "other": "person:hua-chunying"}, headers=auth()
    )
    assert merged.status_code == 200
    assert "Hua Chunying" in merged.json()["aliases"]
    assert writable.get("/api/speakers/person:hua-chunying").json()["entity"]["id"] == "person:jen-psaki"
    split = writable.post(
        "/api/speakers/split",
        json={"entity": "person:jen-psaki", "alias": "Hua Chunying", "note": "two people"},
        headers=auth(),
    )
    assert split.status_code == 200
    assert split.json()["name"] == "Hua Chunying"
    corrections = writable.get("/api/corrections").json()["entities"]
    assert [c["kind"] for c in corrections] == ["merge", "split"]
    assert corrections[1]["note"] == "two people"


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/speakers/merge", {"into": "person:jen-psaki", "other": "person:nobody"}, 404),
        ("/api/speakers/merge", {"into": "person:jen-psaki", "other": "person:jen-psaki"}, 400),
        ("/api/speakers/split", {"entity": "person:jen-psaki", "alias": "Nobody Else"}, 400),
        (f"/api/articles/{EXAMPLE_ID}/attributions/999/reject", {}, 404),
        (f"/api/articles/{EXAMPLE_ID}/attributions/1/speaker", {"entity_id": "person:nobody"}, 404),
    ],
)
def test_web_api_bad_write_is_refused(writable: TestClient, path: str, body: dict, status: int) -> None:
    assert writable.post(path, json=body, headers=auth()).status_code == status


def _attribution(client: TestClient, ordinal: int) -> dict | None:
    rows = client.get(f"/api/articles/{EXAMPLE_ID}").json()["attributions"]
    return next((r for r in rows if r["ordinal"] == ordinal), None)


def test_web_api_reject_and_fix_speaker(writable: TestClient) -> None:
    before = _attribution(writable, 1)
    assert before is not None
    rejected = writable.post(
        f"/api/articles/{EXAMPLE_ID}/attributions/1/reject", json={"note": "not a quote"}, headers=auth()
    )
    assert rejected.status_code == 200
    assert rejected.json()["content"] == before["attribution"]["content"]
    assert _attribution(writable, 1) is None
    fixed = writable.post(
        f"/api/articles/{EXAMPLE_ID}/attributions/2/speaker", json={"name": "Karine Jean-Pierre"}, headers=auth()
    )
    assert fixed.status_code == 200
    new_id = fixed.json()["entity_id"]
    row = _attribution(writable, 2)
    assert row is not None
    assert row["attribution"]["speaker"]["id"] == new_id
    assert row["attribution"]["speaker"]["name"] == "Karine Jean-Pierre"
    assert writable.get(f"/api/speakers/{new_id}").json()["entity"]["quotes"] == 1
    kinds = [c["kind"] for c in writable.get("/api/corrections").json()["attributions"]]
    assert kinds == ["reject", "speaker"]


def test_web_api_export_training(writable: TestClient) -> None:
    assert writable.get("/api/export/training").json() == []  # nothing corrected yet
    writable.post(f"/api/articles/{EXAMPLE_ID}/attributions/0/reject", json={}, headers=auth())
    tasks = writable.get("/api/export/training", params={"format": "label-studio"}).json()
    assert [t["data"]["doc_id"] for t in tasks] == [EXAMPLE_ID]
    text = tasks[0]["data"]["text"]
    results = tasks[0]["annotations"][0]["result"]
    labelled = [r for r in results if r["type"] == "labels"]
    assert {r["value"]["labels"][0] for r in labelled} == {"Source", "Cue", "Content"}
    assert all(text[r["value"]["start"] : r["value"]["end"]] == r["value"]["text"] for r in labelled)
    ids = {r["id"] for r in labelled}
    assert all(r["from_id"] in ids and r["to_id"] in ids for r in results if r["type"] == "relation")
    archive = zipfile.ZipFile(io.BytesIO(writable.get("/api/export/training", params={"format": "brat"}).content))
    assert sorted(archive.namelist()) == ["000_3070b542610b7c5b.ann", "000_3070b542610b7c5b.txt", "annotation.conf"]
    assert archive.read("000_3070b542610b7c5b.txt").decode() == text
    everything = writable.get("/api/export/training", params={"format": "brat", "scope": "all"}).content
    assert len(zipfile.ZipFile(io.BytesIO(everything)).namelist()) == 1 + 2 * 7


@pytest.mark.parametrize(
    ("params", "first"),
    [
        ({"q": "whit"}, "Dana Whitfield"),  # words of a name, from their start
        ({"q": "Mr. Brennan"}, "Tom Brennan"),  # an alias
        ({"sort": "name", "limit": 1}, None),  # alphabetical
    ],
)
def test_web_api_speakers_search_and_sort(client: TestClient, params: dict[str, object], first: str | None) -> None:
    rows = client.get("/api/speakers", params=params).json()
    if first is None:
        everyone = client.get("/api/speakers", params={"sort": "name", "limit": 500}).json()
        assert [r["name"] for r in everyone] == sorted(r["name"] for r in everyone)
        assert rows[0]["name"] == everyone[0]["name"]
    else:
        assert rows[0]["name"] == first
    assert client.get("/api/speakers", params={"q": "itfield"}).json() == []  # not inside a word


def test_web_api_speakers_pages_add_up(client: TestClient) -> None:
    everyone = client.get("/api/speakers", params={"limit": 500}).json()
    paged = [row for offset in range(0, len(everyone), 4) for row in
             client.get("/api/speakers", params={"limit": 4, "offset": offset}).json()]  # fmt: skip
    assert [r["id"] for r in paged] == [r["id"] for r in everyone] and len(everyone) > 8
    by_articles = client.get("/api/speakers", params={"sort": "articles", "limit": 500}).json()
    assert [r["articles"] for r in by_articles] == sorted((r["articles"] for r in by_articles), reverse=True)


def test_web_api_event_pages_add_up(client: TestClient) -> None:
    def key(row: dict) -> tuple[str, int]:
        return row["doc_id"], row["event"]["trigger"]["start"]

    everyone = client.get("/api/events", params={"limit": 500}).json()
    assert len(everyone) > 20
    paged = [key(row) for offset in range(0, len(everyone) + 10, 10) for row in
             client.get("/api/events", params={"limit": 10, "offset": offset}).json()]  # fmt: skip
    assert sorted(paged) == sorted(key(row) for row in everyone) and len(paged) == len(set(paged))


@pytest.mark.parametrize("params", [{}, {"q": "bridge"}, {"q": "China", "sort": "relevance", "limit": 5}])
def test_web_api_quotes_csv_rows_are_the_json_rows(client: TestClient, params: dict[str, object]) -> None:
    rows = client.get("/api/quotes", params=params).json()
    response = client.get("/api/quotes.csv", params=params)
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert len(table) == len(rows) > 0
    for line, row in zip(table, rows, strict=True):
        assert (line["doc_id"], int(line["ordinal"]), line["content_text"]) == (
            row["doc_id"],
            row["ordinal"],
            row["content_text"],
        )
        assert line["speaker_name"] == (row["speaker_name"] or "")
        assert line["evidence_text"] == (row["evidence"]["text"] if row["evidence"] else "")


def test_web_api_quote_facets_count_every_quote(client: TestClient) -> None:
    every = client.get("/api/quotes", params={"limit": 500}).json()
    facets = client.get("/api/quotes/facets").json()
    assert facets["total"] == len(every)
    assert sum(n for _, n in facets["kinds"]) == len(every) == sum(n for _, n in facets["months"])
    name, count = facets["speakers"][0][1:]
    assert count == sum(1 for q in every if q["speaker_name"] == name)
    narrowed = client.get("/api/quotes/facets", params={"q": "bridge"}).json()
    assert 0 < narrowed["total"] < facets["total"]


def test_web_api_quotes_by_relevance(client: TestClient) -> None:
    best = client.get("/api/quotes", params={"q": "China Russia", "sort": "relevance"}).json()
    newest = client.get("/api/quotes", params={"q": "China Russia"}).json()
    assert sorted(q["content_text"] for q in best) == sorted(q["content_text"] for q in newest) and best
    oldest = client.get("/api/quotes", params={"sort": "oldest", "limit": 500}).json()
    dates = [q["date"] or "" for q in oldest]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    ("host", "allowed", "status"),
    [
        ("127.0.0.1:8000", (), 200),
        ("localhost", (), 200),
        ("[::1]:8000", (), 200),
        ("evil.example", (), 400),  # DNS rebinding: a page elsewhere pointing its name at 127.0.0.1
        ("evil.example:8000", (), 400),
        ("news.lan:8000", ("news.lan",), 200),
        ("NEWS.LAN", ("news.lan",), 200),
    ],
)
@pytest.mark.parametrize("path", ["/", "/api/stats"])
def test_web_app_answers_allowed_hosts_only(
    clone_store: Cloner, host: str, allowed: tuple[str, ...], status: int, path: str
) -> None:
    with TestClient(create_app(clone_store(), None, LOOPBACK | set(allowed)), base_url="http://127.0.0.1") as app:
        response = app.get(path, headers={"Host": host})
    assert response.status_code == status
    if status == 400:
        assert "--allowed-host" in response.text
        assert response.headers["Content-Security-Policy"]  # the refusal has the headers every answer has
