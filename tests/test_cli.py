"""The command line end to end: real model, real SQLite file, the demo corpus and the example article."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsgraph.cli import app

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "../shared/examples/000_3070b542610b7c5b.txt"
DEMO = ROOT / "demo"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def spans_of(record: dict) -> list[dict]:
    spans = [*record["regions"], *record["time_expressions"], *record["mentions"]]
    for attribution in record["attributions"]:
        spans += [s for s in (attribution["source"], attribution["cue"]) if s] + attribution["content"]
    return spans


def test_cli_extract_example_jsonl() -> None:
    code, stdout, _ = run("extract", str(EXAMPLE), "--format", "jsonl")
    assert code == 0
    [record] = [json.loads(line) for line in stdout.splitlines()]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert (record["doc_id"], record["date"], record["text"]) == ("000_3070b542610b7c5b", "2022-03-18", text)
    labels = {r["label"]: r["text"] for r in record["regions"]}
    assert labels["credit"] == "Susan Walsh/The Associated Press"
    body_start = text.index("U.S. President Joe Biden is planning")
    for span in spans_of(record):
        assert text[span["start"] : span["end"]] == span["text"]
    direct = [a for a in record["attributions"] if a["kind"] == "direct"]
    assert len(direct) >= 8
    for attribution in record["attributions"]:
        assert attribution["content"][0]["start"] >= body_start
        assert set(attribution) >= {"source", "cue", "content", "kind", "speaker"}
    psaki = [a for a in direct if a["speaker"] and a["speaker"]["name"] == "Jen Psaki"]
    assert [a["source"]["text"] for a in psaki] == ["she", "she"]


def test_cli_extract_csv_and_stdin() -> None:
    code, stdout, _ = run("extract", "-", "--format", "csv", "--date", "2024-01-01", stdin="“We will act,” she said.")
    assert code == 0
    [row] = list(csv.DictReader(io.StringIO(stdout)))
    assert (row["doc_id"], row["kind"], row["source_text"], row["cue_text"]) == ("stdin", "direct", "she", "said")
    assert row["content_text"] == "“We will act,”"


@pytest.mark.parametrize("reader", ["txt", "html", "jsonl", "stdin"])
def test_cli_extract_offsets_every_reader(reader: str) -> None:
    paths = {
        "txt": sorted(DEMO.glob("*.txt")),
        "html": sorted(DEMO.glob("*.html")),
        "jsonl": [DEMO / "northstar.jsonl"],
        "stdin": ["-"],
    }
    stdin = EXAMPLE.read_text(encoding="utf-8") if reader == "stdin" else None
    code, stdout, _ = run("extract", *map(str, paths[reader]), stdin=stdin)
    assert code == 0
    records = [json.loads(line) for line in stdout.splitlines()]
    assert records and all(r["attributions"] for r in records)
    for record in records:
        for span in spans_of(record):
            assert record["text"][span["start"] : span["end"]] == span["text"]


def test_cli_ingest_is_idempotent_and_links_near_duplicates(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    code, _, stderr = run("ingest", str(DEMO), "--db", db)
    assert code == 0, stderr
    assert "5 new" in stderr and "1 near-duplicates linked" in stderr and "0 failed" in stderr
    code, _, stderr = run("ingest", str(DEMO), "--db", db)
    assert code == 0 and "5 unchanged" in stderr and "new" not in stderr

    code, stdout, _ = run("stats", "--db", db)
    assert code == 0 and "articles: 5 (4 distinct stories)" in stdout
    code, stdout, _ = run("speakers", "--db", db)
    assert code == 0 and "Dana Whitfield" in stdout
    code, stdout, _ = run("quotes", "--db", db, "--speaker", "Whitfield", "--since", "2024-07-01", "-f", "jsonl")
    quotes = [json.loads(line) for line in stdout.splitlines()]
    assert code == 0 and {q["speaker_name"] for q in quotes} == {"Dana Whitfield"}
    assert any("Check on your neighbours" in q["content_text"] for q in quotes)
    assert all(q["date"] >= "2024-07-01" for q in quotes)
    code, stdout, _ = run("quotes", "--db", db, "--search", "reservoir", "-f", "jsonl")
    assert code == 0 and {json.loads(line)["speaker_name"] for line in stdout.splitlines()} == {"Helen Cho"}


def test_cli_ingest_bad_input_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02")
    db = str(tmp_path / "store.db")
    code, _, stderr = run("ingest", str(corpus), "--db", db)
    assert code == 1
    assert f"error: {corpus / 'empty.txt'}: empty" in stderr
    assert f"error: {corpus / 'binary.txt'}: binary file, not text" in stderr
    assert "5 new" in stderr and "2 failed" in stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_cli_export(tmp_path: Path, fmt: str) -> None:
    db = str(tmp_path / "store.db")
    assert run("ingest", str(DEMO / "northstar.jsonl"), "--db", db)[0] == 0
    target = tmp_path / f"export.{fmt}"
    code, _, stderr = run("export", "--format", fmt, "--output", str(target), "--db", db)
    assert code == 0, stderr
    if fmt == "jsonl":
        records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert {r["doc_id"] for r in records} == {"northstar-2024-07-02-clinic", "northstar-2024-07-09-heat"}
        for record in records:
            for span in spans_of(record):
                assert record["text"][span["start"] : span["end"]] == span["text"]
    else:
        rows = list(csv.DictReader(target.open())) if fmt == "csv" else pq.read_table(target).to_pylist()
        assert {"Amara Osei", "Dana Whitfield"} <= {row["speaker_name"] for row in rows}


def test_cli_rejects_bad_options(tmp_path: Path) -> None:
    assert run("extract", str(EXAMPLE), "--format", "xml")[0] == 2
    assert run("extract", str(EXAMPLE), "--date", "March")[0] == 2
    assert run("export", "--format", "parquet", "--db", str(tmp_path / "x.db"))[0] == 2


def test_cli_speakers_show_merge_split(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    assert run("ingest", str(DEMO), "--db", db)[0] == 0
    code, stdout, _ = run("speakers", "--db", db, "--limit", "50")
    assert code == 0 and "person:dana-whitfield" in stdout and "official" in stdout
    code, stdout, _ = run("speakers", "show", "person:dana-whitfield", "--db", db)
    assert code == 0 and "Dana Whitfield (person:dana-whitfield, PERSON)" in stdout
    assert "roles over time" in stdout and "link reasons" in stdout

    code, stdout, _ = run("speakers", "merge", "person:dana-whitfield", "person:ken-ito", "--note", "test", "--db", db)
    assert code == 0, stdout
    code, stdout, _ = run("quotes", "--db", db, "--speaker", "Ken Ito", "-f", "jsonl")
    assert {json.loads(line)["speaker_name"] for line in stdout.splitlines()} == {"Dana Whitfield"}
    alias = "Hospital spokesman Ken Ito"  # the source text of his quote
    code, stdout, _ = run(
        "speakers", "split", "person:dana-whitfield", "--alias", alias, "--into", "Ken Ito", "--db", db
    )
    assert code == 0 and "person:ken-ito-2" in stdout  # the merged-away id stays taken
    code, stdout, _ = run("speakers", "corrections", "--db", db)
    assert code == 0 and "merge" in stdout and "split" in stdout and "test" in stdout
    assert run("ingest", str(DEMO), "--db", db)[0] == 0
    code, stdout, _ = run("quotes", "--db", db, "--speaker", "person:ken-ito-2", "-f", "jsonl")
    assert [json.loads(line)["source"]["text"] for line in stdout.splitlines()] == [alias]

    assert run("speakers", "show", "person:nobody", "--db", db)[0] == 2
    assert run("speakers", "merge", "person:ken-ito-2", "person:ken-ito-2", "--db", db)[0] == 2
    assert run("speakers", "split", "person:ken-ito-2", "--alias", "Nobody", "--db", db)[0] == 2


def test_cli_stats_diversity(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    assert run("ingest", str(DEMO), "--db", db)[0] == 0
    code, stdout, _ = run("stats", "--db", db)
    assert code == 0
    for title in ("quotes by speaker gender (people)", "quotes by speaker country", "quotes by kind of speaker"):
        assert title in stdout
    assert "Northstar Daily" in stdout and "%" in stdout
