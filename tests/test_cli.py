"""The command line end to end: real model, real SQLite file, the demo corpus and the example article."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsgraph import __version__
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
        spans += [s for s in (attribution["source"], attribution["cue"], attribution["evidence"]) if s]
        spans += attribution["content"]
        # the evidence is the sentences around all of it
        assert attribution["evidence"]["start"] <= min(c["start"] for c in attribution["content"])
        assert attribution["evidence"]["end"] >= max(c["end"] for c in attribution["content"])
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
    assert "loading the English pipeline" in stderr
    code, _, stderr = run("ingest", str(DEMO), "--db", db)
    assert code == 0 and "5 unchanged" in stderr and not re.search(r"\b\d+ new\b", stderr)
    assert "loading" not in stderr  # what the store has is skipped before extraction: no pipeline is loaded

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


def test_cli_ingest_reports_what_a_directory_walk_skips(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    (corpus / "NOTES.md").write_text("Not an article.", encoding="utf-8")
    code, _, stderr = run("ingest", str(corpus), "--db", str(tmp_path / "store.db"))
    assert code == 0  # a file of another type is not a failure
    assert f"skipped: {corpus / 'NOTES.md'}: unknown file type .md: expected one of" in stderr
    assert f"skipped: {corpus / 'README.md'}:" in stderr
    assert "5 new" in stderr and "2 skipped" in stderr and "0 failed" in stderr


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


def test_cli_speakers_formats_and_duplicates(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    assert run("ingest", str(DEMO), "--db", db)[0] == 0
    code, stdout, _ = run("speakers", "--db", db, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert code == 0 and rows[0]["id"] == "person:dana-whitfield" and rows[0]["quotes"] == "4"
    assert rows[0]["aliases"] == "Mayor Dana Whitfield" and rows[0]["roles"] == "Mayor"
    code, stdout, _ = run("speakers", "--db", db, "-f", "jsonl", "--limit", "2")
    assert code == 0 and json.loads(stdout.splitlines()[0])["id"] == "person:dana-whitfield"

    assert run("speakers", "duplicates", "--db", db, "-f", "jsonl")[1] == ""  # the demo has none
    # A reviewer moves the quotes of "Brennan" to a new "K. Ito": now it looks like Ken Ito.
    assert run("speakers", "split", "person:tom-brennan", "--alias", "Brennan", "--into", "K. Ito", "--db", db)[0] == 0
    code, stdout, _ = run("speakers", "duplicates", "--db", db, "-f", "jsonl")
    [pair] = [json.loads(line) for line in stdout.splitlines()]
    assert code == 0 and {pair["into"], pair["other"]} == {"person:ken-ito", "person:k-ito"}
    assert pair["evidence"] == "'K. Ito' and 'Ken Ito': the same surname and initial" and pair["confidence"] == 0.6
    code, stdout, _ = run("speakers", "duplicates", "--db", db)
    command = f"newsgraph speakers merge {pair['into']} {pair['other']}"
    assert code == 0 and command in stdout.replace("\n", "")
    assert run(*command.split()[1:], "--db", db)[0] == 0  # the suggested command, as printed
    assert run("speakers", "duplicates", "--db", db, "-f", "csv")[1] == ""


def test_cli_stats_diversity(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    assert run("ingest", str(DEMO), "--db", db)[0] == 0
    code, stdout, _ = run("stats", "--db", db)
    assert code == 0
    for title in ("quotes by speaker gender (people)", "quotes by speaker country", "quotes by kind of speaker"):
        assert title in stdout
    assert "Northstar Daily" in stdout and "%" in stdout


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("events") / "store.db")
    code, _, stderr = run("ingest", str(EXAMPLE), "--db", db)
    assert code == 0, stderr
    return db


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--actor", "China", "--since", "2022-01-01"), {("CONSULT", "2022-02-01")}),  # Xi and Putin, early February
        (("--actor", "RUS", "--type", "REQUEST"), {("REQUEST", "2022-03-18")}),
        (("--actor", "USA", "--recipient", "CHN", "--type", "CONSULT"), {("CONSULT", "2022-03-14")}),  # Sullivan
    ],
)
def test_cli_events(example_db: str, args: tuple[str, ...], expected: set[tuple[str, str]]) -> None:
    code, stdout, _ = run("events", "--db", example_db, "-f", "jsonl", *args)
    assert code == 0
    rows = [json.loads(line) for line in stdout.splitlines()]
    assert expected <= {(r["event"]["event"], r["day"]) for r in rows}
    since = dict(zip(args[::2], args[1::2], strict=True)).get("--since")
    assert all(r["day"] >= since for r in rows) if since else rows


def test_cli_events_claim_and_denial(example_db: str) -> None:
    code, stdout, _ = run("events", "--db", example_db, "-f", "jsonl", "--actor", "Russia", "--type", "REQUEST")
    claims = {(r["reported_by"], tuple(r["contested_by"])) for r in map(json.loads, stdout.splitlines())}
    assert code == 0 and ("U.S. officials", ("China",)) in claims


def test_cli_timeline(example_db: str) -> None:
    code, stdout, _ = run("timeline", "USA", "CHN", "--db", example_db)
    lines = stdout.splitlines()
    assert code == 0 and any("CONSULT" in line and "Jake Sullivan (USA) -> Yang Jiechi (CHN)" in line for line in lines)
    days = [line[:10] for line in lines[:-1]]
    assert days == sorted(days)
    assert any("Yang Jiechi (CHN)  (2022-W11)" in line for line in lines)  # the Rome meeting, at its precision


def test_cli_export_plover(example_db: str, tmp_path: Path) -> None:
    target = tmp_path / "events.jsonl"
    assert run("export", "--format", "plover", "--output", str(target), "--db", example_db)[0] == 0
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert {r["event"] for r in records} >= {"CONSULT", "THREATEN", "REQUEST", "ASSAULT"}
    for record in records:
        assert set(record) >= {"id", "date", "event", "source", "target", "text", "eventText"}
        assert text[record["evidence"]["start"] : record["evidence"]["end"]] == record["text"]


def test_cli_evaluate_commands(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "wire_2024-01-01_a.txt").write_text("“We will act,” she said.", encoding="utf-8")
    (tmp_path / "attributions" / "wire_2024-01-01_a_x.ann").write_text(
        "T1\tContent 0 14\t“We will act,”\nT2\tSource 15 18\tshe\nT3\tCue 19 23\tsaid\n"
        "E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n",
        encoding="utf-8",
    )
    code, stdout, _ = run("evaluate", "--gold", str(tmp_path), "--json")
    assert code == 0 and json.loads(stdout)["source"]["exact"]["f1"] == 1.0
    tml = tmp_path / "tml"
    tml.mkdir()
    (tml / "a.tml").write_text(
        '<?xml version="1.0" ?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2022-03-18" '
        'functionInDocument="CREATION_TIME">2022-03-18</TIMEX3></DCT><TEXT>They met on '
        '<TIMEX3 tid="t1" type="DATE" value="2022-03-18">Friday</TIMEX3>.</TEXT></TimeML>',
        encoding="utf-8",
    )
    code, stdout, _ = run("evaluate-time", "--gold", str(tml), "--json")
    assert code == 0 and json.loads(stdout)["date_value"]["accuracy"] == 1.0
    assert run("evaluate-events")[0] == 2  # needs data to score


CRASHERS = {
    "surrogate.jsonl": '{"id": "s1", "text": "a \\ud800 b, the mayor said.", "date": "2022-03-18"}\n',
    "late.jsonl": '{"id": "d1", "text": "The mayor said the council meets next week.", "date": "9999-12-31"}\n',
    "early.jsonl": '{"id": "d2", "text": "The mayor said the council met on Friday.", "date": "0001-01-01"}\n',
    "types.jsonl": '{"id": {"n": 42}, "text": "The mayor said so.", "date": "2022-03-18"}\n',
}


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_cli_inputs_that_crashed_a_run_fail_alone(tmp_path: Path, command: str) -> None:
    for name, line in CRASHERS.items():
        (tmp_path / name).write_text(line, encoding="utf-8")
    shutil.copy(DEMO / "harbourtimes_2024-05-03_bridge-vote.txt", tmp_path)
    db = ["--db", str(tmp_path / "store.db")] if command == "ingest" else []
    code, stdout, stderr = run(command, str(tmp_path), *db)
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert code == 1 and "Traceback" not in stderr
    assert len(errors) == len(CRASHERS), stderr
    assert {line.split(":")[1].strip().rsplit("/", 1)[-1] for line in errors} == set(CRASHERS)
    reasons = " ".join(errors)
    assert "lone surrogate" in reasons and "between 1000 and 2999" in reasons and "must be a string" in reasons
    if command == "extract":
        assert [json.loads(line)["doc_id"] for line in stdout.splitlines()] == ["harbourtimes_2024-05-03_bridge-vote"]
    else:
        assert "1 new" in stderr


@pytest.mark.parametrize(
    "args",
    [
        ("quotes",),
        ("articles",),
        ("stats",),
        ("events",),
        ("speakers",),
        ("speakers", "show", "person:x"),
        ("speakers", "duplicates"),
        ("export",),
    ],
)
def test_cli_read_commands_refuse_a_store_that_is_not_there(tmp_path: Path, args: tuple[str, ...]) -> None:
    missing = tmp_path / "typo" / "store.db"
    code, _, stderr = run(*args, "--db", str(missing))
    assert code == 2 and "no store at" in stderr
    assert not (tmp_path / "typo").exists()  # nothing made


def test_cli_version_and_enum_options(tmp_path: Path) -> None:
    code, stdout, _ = run("--version")
    assert code == 0 and stdout.strip() == __version__
    db = str(tmp_path / "store.db")
    assert run("ingest", str(DEMO), "--db", db)[0] == 0
    code, _, stderr = run("quotes", "--kind", "quote", "--db", db)
    assert code == 2 and "'direct'" in stderr  # the valid values are listed
    code, _, stderr = run("events", "--type", "BOGUS", "--db", db)
    assert code == 2 and "'consult'" in stderr.lower()
    code, stdout, _ = run("quotes", "--kind", "direct", "--db", db, "-f", "jsonl")
    assert code == 0 and {json.loads(line)["kind"] for line in stdout.splitlines()} == {"direct"}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_extract_one_article_in_process(workers: str) -> None:
    code, stdout, stderr = run("extract", str(EXAMPLE), "--workers", workers)
    assert code == 0 and "loading the English pipeline" in stderr and "1 extracted" in stderr
    assert "starting" not in stderr  # one article: no workers are worth starting
    assert json.loads(stdout)["doc_id"]


def test_cli_workers_must_be_positive() -> None:
    code, _, stderr = run("extract", str(EXAMPLE), "--workers", "0")
    assert code == 2 and "--workers" in stderr
