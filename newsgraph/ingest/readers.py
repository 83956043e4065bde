"""Read articles from ``.txt``, ``.html`` and ``.jsonl`` files, directories and stdin.

Readers never raise on bad input: each input gives ``Article`` records or a
``ReadFailure`` naming the file (and line) and the reason, so a run can go on.
The text of an ``Article`` is the text as read, and every offset the project
emits refers to it.
"""

from __future__ import annotations

import json
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date as Date
from io import BufferedReader
from pathlib import Path
from typing import BinaryIO

from newsgraph.ingest import html
from newsgraph.ingest.outlets import outlet_name
from newsgraph.ingest.web.boilerplate import prune
from newsgraph.ingest.web.charset import decode_page
from newsgraph.records import Article, ReadFailure, Skipped
from newsgraph.settings import Settings

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
HTML_SUFFIXES = (".html", ".htm")
HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)
STDIN = "-"

# A first line "date 2022-03-18 ..." (the example article has a leading space).
DATE_LINE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b")
# Dates beyond these are typing slips, and relative dates ("next week") would run off the calendar.
FIRST_YEAR, LAST_YEAR = 1000, 2999
SURROGATE = re.compile("[\ud800-\udfff]")  # JSON's "\ud800" escapes decode to them; they are no text
# publisher_YYYY-MM-DD_slug.txt, as in PolNeAR.
DATE_IN_NAME = re.compile(r"(?:^|_)(\d{4}-\d{2}-\d{2})(?:_|$)")
PUBLISHER_IN_NAME = re.compile(r"\A([a-z][a-z0-9-]*)_\d{4}-\d{2}-\d{2}_")


class ReadError(Exception):
    """Why an input is not an article; the message is shown to the user."""


def iter_inputs(paths: Iterable[str]) -> Iterator[Path | str | Skipped]:
    """Expand directories recursively (sorted) to the files of known suffixes, and what they hold
    besides as ``Skipped``; keep files and ``-`` as given (a file given by name is read or refused)."""
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        for found in sorted(path.rglob("*")):
            if found.is_dir():
                continue
            if skipped := refusal(found):
                yield Skipped(str(found), skipped)
            else:
                yield found


def read_paths(
    paths: Iterable[str],
    settings: Settings,
    default_date: str | None = None,
    stdin: BinaryIO | None = None,
    input_format: str | None = None,
) -> Iterator[Article | ReadFailure | Skipped]:
    """Every article in ``paths``, or a failure for each input (or JSONL line) that is not one, and
    what a directory walk passes over; an outlet's short name ("wash-post") is given as its name.
    ``input_format`` (txt, html or jsonl) is how stdin and files given by name whose extension is
    none of ours are read; without it, stdin is HTML when it begins as a page, and such files are refused."""
    for read in read_inputs(paths, settings, default_date, stdin, input_format):
        if isinstance(read, Article) and read.publisher:
            read = replace(read, publisher=outlet_name(read.publisher, settings.outlets))
        yield read


def read_inputs(
    paths: Iterable[str],
    settings: Settings,
    default_date: str | None,
    stdin: BinaryIO | None,
    input_format: str | None = None,
) -> Iterator[Article | ReadFailure | Skipped]:
    given = f".{input_format}" if input_format else None
    for item in iter_inputs(paths):
        if isinstance(item, Skipped):
            yield item
        elif isinstance(item, str):
            stream = stdin or sys.stdin.buffer
            if given == ".jsonl":
                yield from read_jsonl(stream, "<stdin>", settings, default_date)
                continue
            data = stream.read(settings.max_html_bytes + 1)
            suffix = given or (".html" if looks_like_html(data) else ".txt")  # HTML when it begins as a page
            yield from read_document(data, "<stdin>", "stdin", suffix, settings, default_date)
        elif (suffix := suffix_of(item, given)) == ".jsonl":
            yield from read_jsonl_file(item, settings, default_date, given)
        else:
            try:
                with open_input(item, given) as handle:
                    data = handle.read(read_limit(suffix, settings) + 1)
            except OSError as error:
                yield ReadFailure(str(item), f"unreadable: {error.strerror or error}")
            except ReadError as error:
                yield ReadFailure(str(item), str(error))
            else:
                yield from read_document(data, str(item), item.stem, suffix, settings, default_date)


def suffix_of(path: Path, given: str | None) -> str:
    """How a file is read: by its extension when it is one of ours, else as ``given`` (``--input-format``)."""
    suffix = path.suffix.lower()
    return suffix if suffix in SUFFIXES or given is None else given


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many articles (or failures) ``paths`` will give, for a progress total: a file counts one and
    a JSONL file its non-blank lines; None when stdin is among them. A read of the names and of the JSONL
    bytes only, nothing parsed."""
    total = 0
    for item in iter_inputs(paths):
        if isinstance(item, str):
            return None
        if isinstance(item, Skipped):
            continue
        total += 1
        if item.suffix.lower() == ".jsonl" and refusal(item) is None:
            try:
                with item.open("rb") as handle:
                    total += max(sum(1 for line in handle if line.strip()), 1) - 1
            except OSError:
                pass  # counted as the one failure it will be
    return total


def open_input(path: Path, given: str | None = None) -> BufferedReader:
    if why := refusal(path, given):
        raise ReadError(why)
    return path.open("rb")


def refusal(path: Path, given: str | None = None) -> str | None:
    """Why ``path`` is not read as an article file, or None: missing, not a regular file (opening a
    FIFO would wait for a writer forever), or of a type newsgraph does not read (unless a format is
    ``given`` for such files)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "dangling link" if path.is_symlink() else "no such file"
    if not stat.S_ISREG(mode):
        return "not a regular file: " + next((name for test, name in SPECIAL_FILES if test(mode)), "special file")
    if path.suffix.lower() not in SUFFIXES and given is None:
        return f"unknown file type {path.suffix or '(none)'}: expected one of {', '.join(SUFFIXES)}"
    return None


SPECIAL_FILES = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_document(
    data: bytes, where: str, stem: str, suffix: str, settings: Settings, default_date: str | None
) -> Iterator[Article | ReadFailure]:
    """One article from a whole ``.txt`` or ``.html`` input. The article size limit applies to the text:
    a page's HTML has a limit of its own (``max_html_bytes``), 1-2 MB of markup being ordinary."""
    try:
        if suffix in HTML_SUFFIXES:
            if len(data) > settings.max_html_bytes:
                raise ReadError(html_too_large(settings.max_html_bytes))
            article = read_html(decode_markup(data), where, stem, default_date)
            check_text_size(article.text, settings)
            yield article
        else:
            check_size(data, settings)
            yield read_txt(decode(data), where, stem, default_date)
    except ReadError as error:
        yield ReadFailure(where, str(error))


def read_jsonl_file(
    path: Path, settings: Settings, default_date: str | None, given: str | None = None
) -> Iterator[Article | ReadFailure]:
    """Articles of a JSONL file, streamed a line at a time; the size limit is per article."""
    try:
        with open_input(path, given) as handle:
            yield from read_jsonl(handle, str(path), settings, default_date)
    except OSError as error:
        yield ReadFailure(str(path), f"unreadable: {error.strerror or error}")
    except ReadError as error:
        yield ReadFailure(str(path), str(error))


def read_jsonl(
    stream: BinaryIO, where: str, settings: Settings, default_date: str | None
) -> Iterator[Article | ReadFailure]:
    """Articles of a JSONL stream (a file, stdin), a line at a time."""
    handle = stream if isinstance(stream, BufferedReader) else BufferedReader(stream)  # type: ignore[arg-type]
    try:
        if b"\x00" in handle.peek(8192)[:8192]:
            raise ReadError("binary file, not text")
        lines = 0
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            lines += 1
            here = f"{where}:{number}"
            try:
                check_size(line, settings)
                yield jsonl_article(decode(line), here, default_date)
            except ReadError as error:
                yield ReadFailure(here, str(error))
        if not lines:
            raise ReadError("empty")
    except ReadError as error:
        yield ReadFailure(where, str(error))


def check_size(data: bytes, settings: Settings) -> None:
    if len(data) > settings.max_bytes:
        raise ReadError(f"too large: over {settings.max_bytes} bytes, the limit for an article")


def check_text_size(text: str, settings: Settings) -> None:
    """The article limit on a page's extracted text."""
    if len(text.encode("utf-8")) > settings.max_bytes:
        raise ReadError(
            f"too large: the extracted text is over {settings.max_bytes} bytes, the limit for an article"
            " (setting max_bytes)"
        )


def html_too_large(limit: int) -> str:
    """Why a page is refused for its size, and the setting that would take it."""
    return f"too large: over {limit} bytes of HTML (raise the max_html_bytes setting, NEWSGRAPH_MAX_HTML_BYTES)"


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` begins as an HTML page does: a doctype, ``<html>``, ``<head>`` or ``<body>``
    after a BOM, spaces and comments."""
    return HTML_START.match(data[:4096]) is not None


def read_limit(suffix: str, settings: Settings) -> int:
    """How many bytes of a file are read before it is refused as too large."""
    return settings.max_html_bytes if suffix in HTML_SUFFIXES else settings.max_bytes


def decode(data: bytes) -> str:
    if not data.strip():
        raise ReadError("empty")
    if b"\x00" in data[:8192]:
        raise ReadError("binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReadError(f"not UTF-8: undecodable byte at offset {error.start}") from error
    # A BOM is not text; dropping it keeps offsets on what a reader sees.
    return text.removeprefix("\ufeff")


def decode_markup(data: bytes) -> str:
    """A saved page's markup: UTF-8, else the charset its ``<meta>`` names or its bytes show (a page saved
    by a browser keeps the site's windows-1252 or Shift JIS)."""
    try:
        return decode(data)
    except ReadError as error:
        if not str(error).startswith("not UTF-8"):
            raise
    return decode_page(data, None)[0]


def read_txt(text: str, where: str, stem: str, default_date: str | None) -> Article:
    header = DATE_LINE.match(text)
    name = DATE_IN_NAME.search(stem)
    date = header.group(1) if header else name.group(1) if name else default_date
    return Article(doc_id=stem, text=text, date=check_date(date), publisher=publisher_in_name(stem), path=where)


def read_html(markup: str, where: str, stem: str, default_date: str | None) -> Article:
    page = html.extract(prune(markup))  # newsletter, share and related-story blocks left out
    if page is None:
        raise ReadError("malformed HTML or no main text found")
    name = DATE_IN_NAME.search(stem)
    date = page.date or (name.group(1) if name else default_date)
    return Article(
        doc_id=stem,
        text=page.text,
        date=check_date(date),
        title=page.title,
        url=page.url,
        publisher=page.publisher or publisher_in_name(stem),
        author=page.author,
        path=where,
    )


def publisher_in_name(stem: str) -> str | None:
    """The publisher of a file named ``publisher_YYYY-MM-DD_slug``."""
    match = PUBLISHER_IN_NAME.match(stem)
    return match.group(1) if match else None


def jsonl_article(line: str, where: str, default_date: str | None) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ReadError(f"malformed JSON: {error.msg} at column {error.colno}") from error
    if not isinstance(record, dict):
        raise ReadError("malformed JSONL: a line must be a JSON object")
    for key in ("id", "text"):
        if key not in record:
            raise ReadError(f"malformed JSONL: missing field {key!r}")
    if isinstance(record["id"], int) and not isinstance(record["id"], bool):
        record["id"] = str(record["id"])  # a numbered record; null, true or an object is no id
    for key in ("id", "text", "title", "url", "publisher", "author"):
        value = record.get(key)
        if value is None and key not in ("id", "text"):
            continue
        if not isinstance(value, str):
            raise ReadError(f"malformed JSONL: field {key!r} must be a string, not {type(value).__name__}")
        if lone := SURROGATE.search(value):
            raise ReadError(f"not Unicode text: field {key!r} holds a lone surrogate (\\u{ord(lone[0]):x})")
    text = record["text"]
    if not record["id"].strip():
        raise ReadError("malformed JSONL: field 'id' is empty")
    if not text.strip():
        raise ReadError("empty: field 'text' has no text")
    optional = {key: record.get(key) for key in ("title", "url", "publisher", "author")}
    date = record.get("date") or default_date
    return Article(doc_id=record["id"], text=text, date=check_date(date), path=where, **optional)


def check_date(value: object) -> str:
    """An ISO date (the date part of a timestamp is kept), or a ReadError that says what to do."""
    if value is None or value == "":
        raise ReadError("no date: give it in the file (a first line 'date YYYY-MM-DD'), the file name or --date")
    if not isinstance(value, str):
        raise ReadError(f"bad date {value!r}: expected YYYY-MM-DD")
    try:
        day = Date.fromisoformat(value[:10])
    except ValueError as error:
        raise ReadError(f"bad date {value!r}: expected YYYY-MM-DD") from error
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ReadError(f"bad date {value!r}: a news article's year is between {FIRST_YEAR} and {LAST_YEAR}")
    return day.isoformat()
