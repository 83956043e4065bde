"""Actor and recipient agreement on PLV-style sentences (text, label, source, target columns).

A sentence counts when an event of its gold type was coded (CONCEDE and RETREAT
read as PLV's YIELD); of those, the event of that type highest in the parse is
scored. Its actor agrees when one of its actors' spans and the gold source are
the same words or one holds the other as a run of whole words ("U.S. officials"
and "U.S.", "Zarif" and "Iranian Foreign Minister Mohammad Javad Zarif"); the
recipient likewise with the gold target. Words are lowercased runs of letters
and digits, so punctuation and spacing do not count. PLV writes "recipient"
(20 rows) or "source" where there is none: then agreement is finding none.

The dev part is fixed by the text alone, the same rule for every engineer:
``zlib.crc32(text.encode()) % 5 == 0`` (208 of the 1,050 PLV train sentences);
tune on the rest.
"""

from __future__ import annotations

import csv
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.records import Actor, Event

YIELD = frozenset({"YIELD", "CONCEDE", "RETREAT"})
PLACEHOLDERS = frozenset({"source", "recipient"})  # PLV's "no one"


@dataclass(frozen=True, slots=True)
class PlvRow:
    text: str
    label: str
    source: str
    target: str


def plv_rows(path: Path, dev: bool | None = None) -> list[PlvRow]:
    """The rows of a PLV CSV; ``dev`` True keeps the dev part, False the tuning part, None all."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [PlvRow(r["text"], r["label"], r["source"], r["target"]) for r in csv.DictReader(handle)]
    return [r for r in rows if dev is None or is_dev(r.text) == dev]


def is_dev(text: str) -> bool:
    return zlib.crc32(text.encode("utf-8")) % 5 == 0


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def agrees(parties: Iterable[Actor], gold: str) -> bool:
    """Whether one of ``parties`` and ``gold`` are the same words or one holds the other."""
    parties = list(parties)
    if gold in PLACEHOLDERS:
        return not parties
    expected = f" {words(gold)} "
    for party in parties:
        found = f" {words(party.span.text if party.span else party.name)} "
        if found.strip() and expected.strip() and (found in expected or expected in found):
            return True
    return False


def same_type(event: str, label: str) -> bool:
    return event == label or (event in YIELD and label in YIELD)


@dataclass
class PartyReport:
    sentences: int = 0
    hits: int = 0  # sentences with an event of the gold type
    actor: int = 0
    recipient: int = 0
    misses: list[tuple[PlvRow, Event]] = field(default_factory=list)

    @property
    def actor_agreement(self) -> float:
        return self.actor / self.hits if self.hits else 0.0

    @property
    def recipient_agreement(self) -> float:
        return self.recipient / self.hits if self.hits else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "plv_sentences": self.sentences,
            "plv_type_hits": self.hits,
            "plv_actor_agreement": round(self.actor_agreement, 3),
            "plv_recipient_agreement": round(self.recipient_agreement, 3),
        }


def score_parties(nlp: Language, rows: Iterable[PlvRow]) -> PartyReport:
    """Actor and recipient agreement of the coder in ``nlp`` on the rows, on correct types."""
    report = PartyReport()
    rows = list(rows)
    for row, doc in zip(rows, nlp.pipe(_docs(nlp, rows), batch_size=64), strict=True):
        report.sentences += 1
        depth = {t.idx: sum(1 for _ in t.ancestors) for t in doc}
        typed = [e for e in doc._.events if same_type(e.event, row.label)]
        event = min(typed, key=lambda e: (depth.get(e.trigger.start, 99), e.trigger.start), default=None)
        if event is None:
            continue
        report.hits += 1
        actor, recipient = agrees(event.actor, row.source), agrees(event.recipient, row.target)
        report.actor += actor
        report.recipient += recipient
        if not (actor and recipient):
            report.misses.append((row, event))
    return report


def _docs(nlp: Language, rows: Iterable[PlvRow]) -> Iterator[Doc]:
    for row in rows:
        doc = nlp.make_doc(row.text)
        doc._.date = None
        yield doc
