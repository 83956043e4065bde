"""Score time expressions against the TempEval-3 TimeML corpora (TimeBank, AQUAINT).

TempEval-3 (UzZaman et al., SemEval 2013) distributes news articles as TimeML
``.tml`` files: the article body is the ``<TEXT>`` element, with every time
expression marked inline as ``<TIMEX3 tid type value ...>text</TIMEX3>`` (among
``EVENT`` and ``SIGNAL`` tags, which are ignored here), and the document creation
time (DCT) given as the ``TIMEX3`` inside ``<DCT>``. :func:`parse_tml` turns a file
into plain text with the gold expressions as :class:`~newsgraph.records.TimeExpression`
records whose offsets index that plain text; the DCT's date is the article date the
expressions are resolved against.

:func:`score` compares predicted expressions with the gold ones and
:func:`evaluate_time` runs :func:`~newsgraph.nlp.timex_rules.find_time_expressions`
(or another finder) over a directory of ``.tml`` files. The metrics are defined in
the docstring of :class:`TimeReport`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.evaluate.polnear import PRF, Accuracy
from newsgraph.nlp.timex_rules import find_time_expressions
from newsgraph.records import TimeExpression

Finder = Callable[[str, str | None], Sequence[TimeExpression]]

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTRIBUTE = re.compile(r'([A-Za-z_:][\w:.-]*)\s*=\s*"([^"]*)"')
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """One TimeML article: ``timexes`` hold offsets into ``text``, the plain ``<TEXT>``."""

    doc_id: str
    text: str
    dct: str | None  # ISO date of the document creation time
    timexes: tuple[TimeExpression, ...]
    path: str = ""


def parse_tml(markup: str, doc_id: str = "", path: str = "") -> TimeMLDocument:
    """The plain text of the ``<TEXT>`` element of a TimeML file, its TIMEX3s and DCT.

    Tags are removed and XML entities decoded piece by piece, so every gold offset is
    an index into the plain text and ``text[start:end] == timex.text``. A TIMEX3 with
    no ``value`` keeps ``""``, one with no ``type`` is a DATE. The DCT is the date
    part (``YYYY-MM-DD``) of the ``value`` of the TIMEX3 whose
    ``functionInDocument`` is ``CREATION_TIME`` (TempEval-3 gives some a time of
    day), or ``None``.
    """
    dct: str | None = None
    for match in _TAG.finditer(markup):
        attributes = dict(_ATTRIBUTE.findall(match.group(3)))
        if match.group(2) == "TIMEX3" and attributes.get("functionInDocument") == "CREATION_TIME":
            found = _ISO_DATE.match(attributes.get("value", ""))
            dct = found.group(0) if found else None
            break
    begin, finish = markup.find("<TEXT>"), markup.find("</TEXT>")
    body = markup[begin + len("<TEXT>") : finish] if 0 <= begin < finish else ""
    pieces: list[str] = []
    length = position = 0
    opened: list[tuple[int, dict[str, str]]] = []
    spans: list[tuple[int, int, dict[str, str]]] = []
    for match in _TAG.finditer(body):
        pieces.append(html.unescape(body[position : match.start()]))
        length += len(pieces[-1])
        position = match.end()
        if match.group(2) != "TIMEX3":
            continue
        if match.group(1):  # </TIMEX3>
            start, attributes = opened.pop()
            spans.append((start, length, attributes))
        elif not match.group(4):  # <TIMEX3 ...>, not <TIMEX3 .../>
            opened.append((length, dict(_ATTRIBUTE.findall(match.group(3)))))
    pieces.append(html.unescape(body[position:]))
    text = "".join(pieces)
    timexes = tuple(
        TimeExpression(start, end, text[start:end], attributes.get("value", ""), attributes.get("type", "DATE"))
        for start, end, attributes in sorted(spans, key=lambda span: (span[0], span[1]))
    )
    return TimeMLDocument(doc_id, text, dct, timexes, path)


def read_tml(directory: str | Path) -> list[TimeMLDocument]:
    """Every ``.tml`` file under ``directory`` (recursively), in path order."""
    documents = []
    for path in sorted(Path(directory).rglob("*.tml")):
        markup = path.read_text(encoding="utf-8")
        documents.append(parse_tml(markup, path.stem, str(path)))
    return documents


@dataclass(frozen=True, slots=True)
class TimeReport:
    """Scores of predicted time expressions against TimeML gold ones.

    Predicted and gold expressions are paired one to one within a document: pairs
    with the same offsets first, then the pairs that overlap most (by at least one
    character), each expression in at most one pair.

    * ``strict``: extraction precision, recall and F1 counting pairs with the same
      start and end (TempEval-3's strict match).
    * ``relaxed``: the same counting every pair (TempEval-3's relaxed match: any
      overlap).
    * ``date_value``: value accuracy on the DATE expressions found: of the gold
      ``type="DATE"`` expressions in a pair, the share whose predicted ``value`` is
      the gold one (e.g. ``2022-W11`` for "this week" in an article of 2022-03-18).
    * ``value``: TempEval-3's value F1 over all types: hits are pairs with the same
      value, divided by all predicted (precision) and all gold (recall) expressions.
    * ``type``: of all pairs, the share whose predicted type (DATE, TIME, DURATION,
      SET) is the gold one.
    """

    documents: int
    strict: PRF
    relaxed: PRF
    date_value: Accuracy
    value: PRF
    type: Accuracy

    def __add__(self, other: TimeReport) -> TimeReport:
        return TimeReport(
            self.documents + other.documents,
            self.strict + other.strict,
            self.relaxed + other.relaxed,
            self.date_value + other.date_value,
            self.value + other.value,
            self.type + other.type,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "strict": self.strict.as_dict(),
            "relaxed": self.relaxed.as_dict(),
            "date_value": self.date_value.as_dict(),
            "value": self.value.as_dict(),
            "type": self.type.as_dict(),
        }

    def table(self) -> str:
        """A plain-text table of every metric with its counts."""
        header = f"{'metric':<30}{'P':>7}{'R':>7}{'F1':>7}{'hits':>8}{'pred':>8}{'gold':>8}"
        rows = [
            ("extraction strict", self.strict),
            ("extraction relaxed (overlap)", self.relaxed),
            ("value (all types, relaxed)", self.value),
        ]
        lines = [
            f"{self.documents} documents, {self.relaxed.gold} gold and {self.relaxed.predicted} predicted expressions",
            header,
            "-" * len(header),
        ]
        lines += [
            f"{name:<30}{prf.precision:>7.3f}{prf.recall:>7.3f}{prf.f1:>7.3f}{prf.hits:>8}{prf.predicted:>8}{prf.gold:>8}"
            for name, prf in rows
        ]
        for name, accuracy in (("DATE value accuracy (found)", self.date_value), ("type accuracy (found)", self.type)):
            lines.append(f"{name:<30}{accuracy.value:>7.3f}  ({accuracy.correct}/{accuracy.total})")
        return "\n".join(lines)


def pair(
    gold: Sequence[TimeExpression], predicted: Sequence[TimeExpression]
) -> list[tuple[TimeExpression, TimeExpression]]:
    """One-to-one (gold, predicted) pairs: same offsets first, then the largest overlaps."""
    candidates = []
    for g, gold_timex in enumerate(gold):
        for p, predicted_timex in enumerate(predicted):
            overlap = min(gold_timex.end, predicted_timex.end) - max(gold_timex.start, predicted_timex.start)
            if overlap > 0:
                exact = (gold_timex.start, gold_timex.end) == (predicted_timex.start, predicted_timex.end)
                candidates.append((not exact, -overlap, g, p))
    candidates.sort()
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, _, g, p in candidates:
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            pairs.append((gold[g], predicted[p]))
    return pairs


def score_document(gold: Sequence[TimeExpression], predicted: Sequence[TimeExpression]) -> TimeReport:
    """The :class:`TimeReport` of one document's predicted expressions."""
    pairs = pair(gold, predicted)
    n_gold, n_predicted = len(gold), len(predicted)
    exact = sum((g.start, g.end) == (p.start, p.end) for g, p in pairs)
    dates = [(g, p) for g, p in pairs if g.type == "DATE"]
    return TimeReport(
        documents=1,
        strict=PRF(exact, n_predicted, n_gold),
        relaxed=PRF(len(pairs), n_predicted, n_gold),
        date_value=Accuracy(sum(g.value == p.value for g, p in dates), len(dates)),
        value=PRF(sum(g.value == p.value for g, p in pairs), n_predicted, n_gold),
        type=Accuracy(sum(g.type == p.type for g, p in pairs), len(pairs)),
    )


EMPTY_REPORT = TimeReport(0, PRF(0, 0, 0), PRF(0, 0, 0), Accuracy(0, 0), PRF(0, 0, 0), Accuracy(0, 0))


def score(documents: Iterable[TimeMLDocument], predictions: Iterable[Sequence[TimeExpression]]) -> TimeReport:
    """The :class:`TimeReport` of ``predictions``, one sequence per document, in order."""
    report = EMPTY_REPORT
    for document, predicted in zip(documents, predictions, strict=True):
        report += score_document(document.timexes, predicted)
    return report


def evaluate_time(directory: str | Path, finder: Finder = find_time_expressions) -> TimeReport:
    """Run ``finder`` over every ``.tml`` file under ``directory`` (article date: the DCT) and score it."""
    documents = read_tml(directory)
    return score(documents, (finder(document.text, document.dct) for document in documents))
