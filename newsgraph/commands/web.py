"""What the command line needs for the web: the ``--feed`` and ``--sitemap`` options of ``ingest``
and ``extract``, and the ``watch`` command that keeps a store current with feeds."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from newsgraph.commands.common import DbOption, err
from newsgraph.ingest.web.source import WebInputs
from newsgraph.ingest.web.watch import parse_interval, watch
from newsgraph.settings import Settings
from newsgraph.store.store import Store

FeedOption = Annotated[
    list[str] | None, typer.Option("--feed", help="An RSS or Atom feed URL: every article it links; repeatable.")
]
SitemapOption = Annotated[
    list[str] | None,
    typer.Option("--sitemap", help="A sitemap (or sitemap index, news sitemap) URL: every page it lists; repeatable."),
]


StoredFlag = Annotated[
    bool,
    typer.Option(
        "--stored", help="Also extract again every page the store has fetched, from its stored HTML: no request."
    ),
]


class InputFormat(StrEnum):
    txt = "txt"
    html = "html"
    jsonl = "jsonl"


InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option(
        "--input-format",
        help="How to read stdin and files whose extension is none of .txt, .html, .htm, .jsonl"
        " (default for stdin: html when it begins as a page, else txt)",
    ),
]


def web_inputs(
    paths: list[str] | None, feeds: list[str] | None, sitemaps: list[str] | None, stored: bool = False
) -> WebInputs:
    """The feeds and sitemaps asked for; none of them and no path is a usage error."""
    if not (paths or feeds or sitemaps or stored):
        raise typer.BadParameter("give files, directories, URLs or -, or --feed, --sitemap or --stored")
    return WebInputs(feeds=tuple(feeds or ()), sitemaps=tuple(sitemaps or ()), stored=stored)


def log_line(line: str) -> None:
    err.print(line, markup=False, highlight=False)


def interval(value: str) -> float:
    try:
        return parse_interval(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--every") from error


def watch_command(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.")],
    every: Annotated[str, typer.Option("--every", metavar="INTERVAL", help="How often: 90s, 15m, 1h, 1d.")] = "15m",
    polls: Annotated[
        int | None, typer.Option("--polls", min=1, help="Stop after this many polls (default: never).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Poll feeds and ingest what is new: one line per poll; what was seen is in the store, so a
    restarted watch goes on where it stopped."""
    seconds = interval(every)
    settings = Settings.from_env(db=db)
    with Store.open(settings.db) as store:
        try:
            failing = watch(feeds, store, settings, seconds, log_line, log_line, polls=polls)
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
    if failing:
        raise typer.Exit(1)
