"""A guard in front of spaCy's tokenizer for long runs of characters without whitespace.

spaCy's tokenizer takes prefixes and suffixes off each whitespace-delimited chunk one at a
time, matching its suffix pattern against the rest of the chunk each time, so a chunk of n
punctuation marks costs n² (8,000 quote marks in a row: 9 s; 40,000: minutes). A chunk longer
than ``LONGEST`` characters is cut into pieces of that length, each tokenized alone, and the
pieces' Docs are joined with the text unchanged (``Doc.from_docs``), so offsets still index the
text as read. No word of news is that long; a chunk that is gets tokens that end at the cuts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.tokens import Doc

LONGEST = 200  # characters of a whitespace-free chunk tokenized in one piece
LONG_RUN = re.compile(rf"\S{{{LONGEST + 1},}}")


class GuardedTokenizer:
    """Wraps a spaCy tokenizer (``nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)``)."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if LONG_RUN.search(text) is None:
            return self.tokenizer(text)
        return Doc.from_docs([self.tokenizer(piece) for piece in pieces(text)], ensure_whitespace=False)


def pieces(text: str) -> Iterator[str]:
    """``text`` in order: the stretches between long runs whole, the long runs cut every ``LONGEST``."""
    last = 0
    for run in LONG_RUN.finditer(text):
        if run.start() > last:
            yield text[last : run.start()]
        yield from (run.group()[i : i + LONGEST] for i in range(0, len(run.group()), LONGEST))
        last = run.end()
    if last < len(text):
        yield text[last:]
