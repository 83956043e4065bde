"""Find the parts of an article that are not body text.

Photo captions with their credits, bylines, datelines, the ``date`` header line
and boilerplate lines are kept as ``Region`` metadata with offsets; the
extractors report nothing inside them. The patterns follow the conventions of
wire copy (AP and Reuters style guides) and of scraped news pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from newsgraph.records import Region, RegionLabel

NAME = r"[A-Z][\w'’-]*\.?"
AGENCIES = r"AP|AFP|Reuters|UPI|CNN|Bloomberg|dpa|Xinhua|EFE|ANSA"

HEADER = re.compile(r"\A\s*date\s+\d{4}-\d{2}-\d{2}[ \t]*")
# "…on Nov. 15, 2021.Susan Walsh/The Associated Press", "(AP Photo/Evan Vucci)", "Photo: Jane Doe/Reuters".
CREDIT = re.compile(
    rf"(?:\((?:{AGENCIES}) Photo/[^)]*\)"
    rf"|(?:Photo(?:graph)?(?: by)?|Credit|Image)\s*[:/]\s*[^.\n]{{2,80}}"
    rf"|(?<![\w/])(?:{NAME} ?){{1,4}}/ ?(?:[A-Z][\w&'’.-]*(?: |$)){{1,5}})"
    r"\s*\Z"
)
BYLINE = re.compile(
    rf"\A\s*(?:By|BY)\s+(?:{NAME}\s*){{1,4}}(?:(?:,|and|&)\s*(?:{NAME}\s*){{1,4}})*"
    rf"(?:[,|]\s*(?:The )?(?:[A-Z][\w.]*\s*){{1,4}})?\s*\Z"
    rf"|\A\s*(?:{NAME}\s*){{1,4}},?\s+(?:(?:The )?Associated Press|{AGENCIES})\s+(?:Writer|Correspondent)s?\s*\Z"
)
DATELINE = re.compile(
    rf"\A[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*(?:, [A-Z][\w.]+(?: [A-Z][\w.]+)?)?"
    rf"(?: \((?:{AGENCIES})\) ?[—–-]{{1,2}}| ?[—–]) ?"
)
BOILERPLATE = re.compile(
    r"\A\s*(?:"
    r"(?:Copyright|©|\(c\))\b.*|.*All rights reserved\.?"
    r"|Advertisement|ADVERTISEMENT|Story continues below.*"
    r"|(?:Follow|Sign up|Subscribe|Click here|Read more|Related|RELATED|Share this|Watch|WATCH)\b.{0,120}"
    r"|(?:This|The) (?:story|article) (?:has been|was) (?:updated|corrected|originally published).*"
    r"|.{0,80}\bcontributed to this (?:report|story)\.?"
    r"|(?:Reporting|Editing|Additional reporting|Writing) by .{0,160}"
    r")\s*\Z"
)
# Captions are short; a longer paragraph ending in a slash is body text.
MAX_CAPTION = 400
# A first line this short, set off by a blank line, in title case or with no full stop, is a headline.
MAX_HEADLINE = 200
SMALL_WORDS = frozenset("a an and as at but by for from in into of on or over the to up via vs with".split())


def is_headline(line: str, followed_by_blank: bool) -> bool:
    """Whether an article's first line is its headline ("Obama Says Climate Change Is Real"):
    short, set off by a blank line, and in title case or without a sentence's final stop."""
    if not followed_by_blank or len(line) > MAX_HEADLINE:
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in SMALL_WORDS]
    capitalised = sum(1 for w in words if w[0].isupper())
    title_case = len(words) >= 3 and capitalised >= 0.75 * len(words)
    return title_case or not re.search(r"[.!?…][\"”’)]?\s*\Z", line)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, with surrounding whitespace excluded."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + len(line) - len(line.lstrip())
            yield start, start + len(stripped)


def find_regions(text: str, title: str | None = None) -> list[Region]:
    """Non-body regions of ``text``, in text order. The first line is the headline when it is the
    ``title`` given with the article (up to the end of its last line), or, with no title given,
    when it looks like one (:func:`is_headline`)."""
    regions: list[Region] = []

    def add(start: int, end: int, label: RegionLabel) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            regions.append(Region(start, end, text[start:end], label))

    headline_end = 0
    for number, (start, end) in enumerate(paragraphs(text)):
        if start < headline_end:
            continue  # the second line of a two-line headline
        header = HEADER.match(text[start:end]) if number == 0 else None
        if header:
            add(start, start + header.end(), "header")
            start += header.end()
            if start >= end:
                continue
        paragraph = text[start:end]
        if number == 0 and (title_end := title_extent(text, start, title)):
            add(start, title_end, "headline")
            headline_end = title_end  # to the end of its last line
            continue
        if BOILERPLATE.match(paragraph):
            add(start, end, "boilerplate")
        elif BYLINE.match(paragraph):
            add(start, end, "byline")
        elif (credit := CREDIT.search(paragraph)) and len(paragraph) <= MAX_CAPTION:
            add(start, start + credit.start(), "caption")
            add(start + credit.start(), end, "credit")
        elif number == 0 and title is None and is_headline(paragraph, blank_after(text, end)):
            add(start, end, "headline")
        elif dateline := DATELINE.match(paragraph):
            add(start, start + len(dateline.group().rstrip()), "dateline")
    return regions


def blank_after(text: str, end: int) -> bool:
    """Whether the line ending at ``end`` is followed by a blank line."""
    return re.match(r"[ \t\r]*\n[ \t\r]*\n", text[end:]) is not None


def title_extent(text: str, start: int, title: str | None) -> int | None:
    """Where ``text`` stops repeating ``title`` from ``start`` (letters and digits compared, case
    ignored), extended to the end of that line; None when it does not begin with it."""
    wanted = [c.casefold() for c in title or "" if c.isalnum()]
    if not wanted:
        return None
    at, matched = start, 0
    while at < len(text) and matched < len(wanted):
        char = text[at]
        if char.isalnum():
            if char.casefold() != wanted[matched]:
                return None
            matched += 1
        elif blank_after(text, at) or (char == "\n" and blank_after(text, at + 1)):
            return None  # a headline does not run on past a blank line
        at += 1
    if matched < len(wanted):
        return None
    line_end = text.find("\n", at)
    return len(text) if line_end < 0 else line_end


def in_regions(start: int, end: int, regions: Iterable[Region]) -> bool:
    """Whether [start, end) overlaps any region."""
    return any(start < region.end and region.start < end for region in regions)


def headline_of(regions: Iterable[Region]) -> Region | None:
    return next((region for region in regions if region.label == "headline"), None)


def without_headline(regions: Iterable[Region]) -> list[Region]:
    """The regions whose text is not said by the article: a headline is (it carries claims)."""
    return [region for region in regions if region.label != "headline"]
