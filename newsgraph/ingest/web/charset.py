"""The text of a fetched page: its charset from the bytes' BOM, the HTTP header, the page's own
``<meta>``, or, when these are missing or wrong, from the bytes themselves.

The order is the HTML standard's (BOM, transport, ``<meta>`` prescan), with one correction that pages
need: servers often label UTF-8 pages ``ISO-8859-1`` by default, which decodes without an error into
mojibake; bytes that are valid UTF-8 and not ASCII are read as UTF-8 whatever a Latin-1 label says.
"""

from __future__ import annotations

import codecs
import re
from email.message import Message

import charset_normalizer

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""",
    re.IGNORECASE,
)
PRESCAN = 4096  # the standard looks for <meta charset> in the first 1024 bytes; pages put it later
# Labels browsers read as windows-1252, a superset; ISO-8859-1 proper would show C1 controls.
LATIN = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1", "l1", "cp819", "windows-1252", "cp1252"}


def header_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header."""
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    value = message.get_param("charset")
    return value.strip().strip("'\"") if isinstance(value, str) else None


def known(label: str | None) -> str | None:
    """Python's codec name for a charset label, or None for a label it does not know."""
    if not label:
        return None
    name = "cp1252" if label.strip().lower() in LATIN else label.strip()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(body: bytes, content_type: str | None) -> tuple[str, str]:
    """The page's text and the codec it was read with."""
    for bom, codec in BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace"), codec
    for label in (header_charset(content_type), meta_charset(body)):
        codec = known(label)
        if codec is None:
            continue
        if codec == "cp1252" and is_utf8(body):
            return body.decode("utf-8"), "utf-8"
        try:
            return body.decode(codec), codec
        except UnicodeDecodeError:
            continue  # a wrong label: the next one, or the bytes, will tell
    if is_utf8(body) or body.isascii():
        return body.decode("utf-8"), "utf-8"
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    codec = known(best.encoding) if best is not None else None
    return body.decode(codec or "cp1252", errors="replace"), codec or "cp1252"


def meta_charset(body: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``<meta http-equiv content="...; charset=...">`` names."""
    match = META.search(body[:PRESCAN])
    return match.group(1).decode("ascii", "replace") if match else None


def is_utf8(body: bytes) -> bool:
    """Whether ``body`` is valid UTF-8 with at least one non-ASCII character."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
