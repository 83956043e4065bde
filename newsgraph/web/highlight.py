"""An article's text cut into segments at every span boundary, for the article view.

Each segment knows the marks over it (an attribution's source, cue or content, a time
expression, an event's evidence or trigger, a non-body region), so the template can render
each piece of text on its own, escaped, with the classes and data of its marks.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsgraph.store.results import ArticleDetail, QuoteRow

#: Distinct attribution colours; attribution ``i`` gets colour ``i % COLOURS``.
COLOURS = 12


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of the text with what it is: ``role`` is source, cue, content, timex, evidence, trigger or region."""

    start: int
    end: int
    role: str
    attribution: int | None = None  # ordinal of the attribution it belongs to
    label: str | None = None  # a time expression's value, a region's label, an event's type


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text with no span boundary inside, and the marks over it."""

    start: int
    text: str
    marks: tuple[Mark, ...]

    @property
    def attribution(self) -> int | None:
        """The innermost attribution over the segment (the one whose span starts last)."""
        found = [m for m in self.marks if m.attribution is not None]
        return max(found, key=lambda m: (m.start, -m.end)).attribution if found else None

    @property
    def classes(self) -> str:
        """CSS classes: the roles of its marks, the colour of its attribution, the region label."""
        names = {m.role for m in self.marks}
        if (ordinal := self.attribution) is not None:
            names.add(f"c{ordinal % COLOURS}")
        names |= {f"region-{m.label}" for m in self.marks if m.role == "region"}
        return " ".join(sorted(names))

    def label(self, role: str) -> str | None:
        """The label of its mark of ``role``, if any."""
        return next((m.label for m in self.marks if m.role == role), None)

    def starts(self, role: str) -> Mark | None:
        """Its mark of ``role`` that starts with this segment, if any (to place anchors)."""
        return next((m for m in self.marks if m.role == role and m.start == self.start), None)


def marks_of(detail: ArticleDetail) -> list[Mark]:
    """Every span of the article worth showing in its text."""
    marks = [Mark(r.start, r.end, "region", label=r.label) for r in detail.regions]
    for row in detail.attributions:
        attribution = row.attribution
        for role, span in (("source", attribution.source), ("cue", attribution.cue)):
            if span is not None:
                marks.append(Mark(span.start, span.end, role, row.ordinal))
        marks += [Mark(s.start, s.end, "content", row.ordinal) for s in attribution.content]
    marks += [Mark(t.start, t.end, "timex", label=t.value) for t in detail.time_expressions]
    for found in detail.events:
        event = found.event
        marks.append(Mark(event.evidence.start, event.evidence.end, "evidence", label=event.event))
        marks.append(Mark(event.trigger.start, event.trigger.end, "trigger", label=event.event))
    return [m for m in marks if m.end > m.start]


def segments(text: str, marks: Sequence[Mark]) -> list[Segment]:
    """``text`` cut at every boundary of ``marks``; the segments join up to ``text``."""
    cuts = sorted({0, len(text), *_bounds(marks, len(text))})
    return [
        Segment(start, text[start:end], tuple(m for m in marks if m.start <= start and end <= m.end))
        for start, end in itertools.pairwise(cuts)
    ]


def _bounds(marks: Iterable[Mark], length: int) -> Iterable[int]:
    for mark in marks:
        yield min(max(mark.start, 0), length)
        yield min(max(mark.end, 0), length)


def in_context(quote: QuoteRow) -> list[tuple[str, str]]:
    """A quote's sentences cut into pieces, each with its role (content, cue, source or ""), so
    that a list of quotes can show what was said inside the sentence that says it; only the
    content for an attribution stored without its sentences."""
    if quote.evidence is None:
        return [(quote.content_text, "content")]
    base, text = quote.evidence.start, quote.evidence.text
    spans = [("source", quote.source), ("cue", quote.cue), *(("content", s) for s in quote.content)]
    marks = [Mark(s.start - base, s.end - base, role) for role, s in spans if s is not None]
    pieces = []
    for segment in segments(text, [m for m in marks if 0 <= m.start < m.end <= len(text)]):
        roles = {m.role for m in segment.marks}
        pieces.append((segment.text, next((r for r in ("content", "cue", "source") if r in roles), "")))
    return pieces
