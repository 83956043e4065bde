"""Find quoted stretches of text by their quote marks.

Works on any sequence of marks: curly pairs, straight marks (which toggle),
a stray closing mark (ignored), a quote that never closes (it ends with its
paragraph), and the news convention for a quote over several paragraphs: an
opening mark on each paragraph and no closing mark until the last one. Unlike
textacy's direct-quotation finder, an odd number of marks loses nothing but
the unmatched mark.
"""

from __future__ import annotations

from typing import NamedTuple

from newsgraph.ingest.cleaning import paragraphs

OPENING = "“«„"
CLOSING = "”»“"  # “ closes a „ quote (German style)
STRAIGHT = '"'


class Quote(NamedTuple):
    """A quote: one segment per paragraph it runs over, each including its marks."""

    segments: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


def find_quotes(text: str) -> list[Quote]:
    """Quotes in ``text``, in order."""
    quotes: list[Quote] = []
    pending: list[tuple[int, int]] = []  # segments of a quote still open at a paragraph end
    for start, end in paragraphs(text):
        opened: int | None = None
        if pending and text[start] not in OPENING + STRAIGHT:
            quotes.append(Quote(tuple(pending)))  # the open quote did not go on
            pending = []
        for i in range(start, end):
            char = text[i]
            if opened is None and (char in OPENING or char == STRAIGHT):
                opened = i
            elif opened is not None and (char in CLOSING or char == STRAIGHT) and i > opened:
                if char == "“" and text[opened] == "“":
                    # A second opening mark: the first was stray; restart here.
                    opened = i
                    continue
                quotes.append(Quote((*pending, (opened, i + 1))))
                pending = []
                opened = None
        if opened is not None and end - opened > 1:
            pending.append((opened, end))
    if pending:
        quotes.append(Quote(tuple(pending)))
    return quotes
