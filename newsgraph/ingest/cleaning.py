"""Find the parts of an article that are not body text.

Photo captions with their credits, bylines, datelines, the ``date`` header line
and boilerplate lines are kept as ``Region`` metadata with offsets; the
extractors report nothing inside them. The patterns follow the conventions of
wire copy (AP and Reuters style guides) and of scraped news pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, with surrounding whitespace excluded."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + len(line) - len(line.lstrip())
            yield start, start + len(stripped)


def find_regions(text: str) -> list[Region]:
    """Non-body regions of ``text``, in text order."""
    regions: list[Region] = []

    def add(start: int, end: int, label: RegionLabel) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            regions.append(Region(start, end, text[start:end], label))

    for number, (start, end) in enumerate(paragraphs(text)):
        header = HEADER.match(text[start:end]) if number == 0 else None
        if header:
            add(start, start + header.end(), "header")
            start += header.end()
            if start >= end:
                continue
        paragraph = text[start:end]
        if BOILERPLATE.match(paragraph):
            add(start, end, "boilerplate")
        elif BYLINE.match(paragraph):
            add(start, end, "byline")
        elif (credit := CREDIT.search(paragraph)) and len(paragraph) <= MAX_CAPTION:
            add(start, start + credit.start(), "caption")
            add(start + credit.start(), end, "credit")
        elif dateline := DATELINE.match(paragraph):
            add(start, start + len(dateline.group().rstrip()), "dateline")
    return regions


def in_regions(start: int, end: int, regions: list[Region]) -> bool:
    """Whether [start, end) overlaps any region."""
    return any(start < region.end and region.start < end for region in regions)
