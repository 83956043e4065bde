"""What a time rule reads a match in, and what it gives back: the sentences of the text, the
tense of the clause around an expression, the expressions resolved before it (antecedents of
"that year", "the quarter"), and a rule's reading of a match (:class:`Resolved`)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from newsgraph.nlp.timex_calendar import GRANULARITY, Period, Tense, Unit

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|Jr|Sr|St|No|vs))(?<!Mrs)[.!?][\"”’')]*\s+(?=[\"“‘(]?[A-Z])"
    r"(?!(?:[ECMP][SD]T|GMT|UTC)\b)|\n"
)
_TENSE_MARKERS = re.compile(
    r"(?<!\w)(?:(?P<future>will|'ll|’ll|shall|won't|won’t|going\s+to|plan(?:s|ned|ning)?\s+(?:to|for)|scheduled"
    r"|expected\s+to|expects?\s+to|(?:is|are)\s+(?:due\s+)?to|due|set\s+to|intends?\s+to|would|upcoming|coming|next(?!\s+to)"
    r"|effective|as\s+(?:soon|early)\s+as)|(?P<past>was|were|had|did|ago|last|earlier|since|ended))(?!\w)",
    re.IGNORECASE,
)
#: Where a new clause begins, with a tense of its own: ", which ...", "; ", " -- ".
_CLAUSE_BREAK = re.compile(r",\s*(?:which|who|where|when|while|but|although|though)\b|;|\s--\s|\s—\s", re.IGNORECASE)
_REPORTING = re.compile(r"(?<!\w)(?:said|says|say|told|tells|announced|reported|added|noted)(?!\w)", re.IGNORECASE)
_CONNECTIVES = re.compile(r"\b(?:on|in|by|at|since|until|from|during|for|and|but|then|also)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.!?;\n]")
_CLAUSE_REACH = 250  # characters of the sentence before an expression that make its clause


def sentence_starts(text: str) -> list[int]:
    """Offsets where a sentence or a line begins: 0, and after ``. `` (not after an initial, "Mr." or "a.m. EST")."""
    return [0, *(match.end() for match in _SENTENCE_END.finditer(text))]


def clause_tense(text: str, sentence_start: int, start: int, end: int) -> Tense:
    """The tense of the clause of the expression ``text[start:end]``, from marker words.

    The clause runs from the last break before the expression (", which", ", but",
    ";", a dash; at most 250 characters back) and from the last reporting verb: in
    "said Monday that it will ..." the expression dates the saying, so it is
    ``past``. When nothing but connectives precede the expression ("On Monday, the
    Senate will vote"), the words after it make the clause, up to the next reporting
    verb. The marker nearest the expression decides: ``future`` for will, 'll, plans
    to, scheduled, expected to, is to, next, effective, as soon as, ...; ``past`` for
    was, were, had, did, ago, last, since, ended; ``none`` when there is none.
    """
    before = text[max(sentence_start, start - _CLAUSE_REACH) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].start() :]
    reported = list(_REPORTING.finditer(before))
    if reported:
        before = before[reported[-1].end() :]
    bare = not re.search(r"\w", _CONNECTIVES.sub("", before))
    if reported and bare:
        return "past"
    markers = list(_TENSE_MARKERS.finditer(before))
    if markers:
        return "future" if markers[-1].group("future") else "past"
    if bare:
        after = text[end : end + 80]
        stop = _CLAUSE_END.search(after) or _REPORTING.search(after)
        marker = _TENSE_MARKERS.search(after[: stop.start()] if stop else after)
        if marker:
            return "future" if marker.group("future") else "past"
    return "none"


@dataclass(slots=True)
class Context:
    """What a rule needs besides its match: the text, the article date, the expressions so far."""

    text: str
    anchor: date
    starts: list[int]  # sentence starts
    found: list[tuple[int, Period]] = field(default_factory=list)  # antecedents: (start, period), in text order

    def sentence_start(self, position: int) -> int:
        return self.starts[bisect_right(self.starts, position) - 1]

    def tense(self, match: re.Match[str]) -> Tense:
        return clause_tense(self.text, self.sentence_start(match.start()), match.start(), match.end())

    def previous(
        self, position: int, units: tuple[str, ...] = (), same_sentence: bool = False, ended: bool = False
    ) -> Period | None:
        """The period of the last antecedent before ``position``.

        Only one of ``units`` when given; only in the sentence of ``position`` with
        ``same_sentence``; only one that ended before the article date with
        ``ended`` (results are reported for past quarters, forecasts for others).
        """
        floor = self.sentence_start(position) if same_sentence else -1
        for start, period in reversed(self.found):
            if start < floor:
                return None
            if start < position and (not units or period.unit in units) and (not ended or period.last < self.anchor):
                return period
        return None

    def previous_as(self, position: int, unit: Unit) -> Period | None:
        """The ``unit`` period of the last antecedent before ``position``, if that is as fine as ``unit``."""
        previous = self.previous(position)
        if previous is None or GRANULARITY[previous.unit] > GRANULARITY[unit]:
            return None
        return Period.containing(unit, previous.first)

    def word_before(self, position: int) -> str:
        """The word just before ``position`` (across spaces and punctuation), or ``""``."""
        found = re.search(r"([A-Za-z]+)\W*$", self.text[max(position - 30, 0) : position])
        return found.group(1) if found else ""


@dataclass(frozen=True, slots=True)
class Resolved:
    """A rule's reading of a match: TIMEX3 type, value and mod, and the period later expressions may refer to."""

    type: TimexType
    value: str
    mod: str | None = None
    antecedent: Period | None = None
