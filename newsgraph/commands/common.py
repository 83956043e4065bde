"""What every command shares: the consoles, the common options and the printers."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsgraph.settings import Settings
from newsgraph.store.store import Store

# Tables keep a readable width when output goes to a file or a pipe.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)


class ListFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


class TableFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


DbOption = Annotated[str | None, typer.Option("--db", help="SQLite path or postgresql:// URL [default: newsgraph.db]")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")]


def print_jsonl(rows: Sequence[object]) -> None:
    """One JSON object per record (dataclasses), for jq and scripts."""
    for row in rows:
        print(json.dumps(asdict(row), ensure_ascii=False))  # type: ignore[call-overload]


def print_csv(rows: Sequence[object]) -> None:
    """One CSV row per record (dataclasses), its fields as columns; a list or tuple is joined by "; "."""
    records = [asdict(row) for row in rows]  # type: ignore[call-overload]
    if not records:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "; ".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in record.items()})


def print_records(rows: Sequence[object], format: TableFormat) -> bool:
    """Print ``rows`` as JSON lines or CSV when ``format`` asks for it; False for a table."""
    if format is TableFormat.jsonl:
        print_jsonl(rows)
    elif format is TableFormat.csv:
        print_csv(rows)
    return format is not TableFormat.table


def existing_store(db: str | None) -> str:
    """The URL of the store a read command reads, which must exist (``newsgraph ingest`` makes
    one), so that a mistyped ``--db`` is an error, not a new empty store."""
    url = Settings.from_env(db=db).db
    if "://" not in url and not Path(url).expanduser().is_file():
        raise typer.BadParameter(f"no store at {url!r}: `newsgraph ingest ... --db {url}` makes one", param_hint="--db")
    return url


def open_store(db: str | None) -> Store:
    return Store.open(existing_store(db))


def report(figures: dict[str, object], table: str, as_json: bool) -> None:
    print(json.dumps(figures, indent=2) if as_json else table)
