"""Output formats: JSON lines of whole extractions, and a flat table of attributions."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from newsgraph.records import Actor, Extraction

ATTRIBUTION_COLUMNS = (
    "doc_id", "date", "publisher", "title", "index", "kind", "speaker_id", "speaker_name", "speaker_confidence",
    "speaker_reason", "source_start", "source_end", "source_text", "cue_start", "cue_end", "cue_text",
    "content_start", "content_end", "content_text", "content_spans", "evidence_text",
)  # fmt: skip
CONTENT_JOINER = " … "


def to_json_line(extraction: Extraction) -> str:
    return json.dumps(extraction.to_json(), ensure_ascii=False)


def attribution_rows(extraction: Extraction) -> Iterator[dict[str, Any]]:
    """One flat row per attribution, for spreadsheets: discontinuous content joined with ' … '."""
    for index, attribution in enumerate(extraction.attributions):
        source, cue, content, speaker = attribution.source, attribution.cue, attribution.content, attribution.speaker
        yield {
            "doc_id": extraction.doc_id,
            "date": extraction.date,
            "publisher": extraction.publisher,
            "title": extraction.title,
            "index": index,
            "kind": attribution.kind,
            "speaker_id": speaker.id if speaker else None,
            "speaker_name": speaker.name if speaker else None,
            "speaker_confidence": speaker.confidence if speaker else None,
            "speaker_reason": speaker.reason if speaker else attribution.unresolved,  # why, or why nobody
            "source_start": source.start if source else None,
            "source_end": source.end if source else None,
            "source_text": source.text if source else None,
            "cue_start": cue.start if cue else None,
            "cue_end": cue.end if cue else None,
            "cue_text": cue.text if cue else None,
            "content_start": content[0].start if content else None,
            "content_end": content[-1].end if content else None,
            "content_text": CONTENT_JOINER.join(span.text for span in content),
            "content_spans": json.dumps([[span.start, span.end] for span in content]),
            "evidence_text": attribution.evidence.text if attribution.evidence else None,  # the sentences
        }


def write_jsonl(extractions: Iterable[Extraction], out: IO[str]) -> None:
    for extraction in extractions:
        out.write(to_json_line(extraction) + "\n")


def write_csv(extractions: Iterable[Extraction], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=ATTRIBUTION_COLUMNS)
    writer.writeheader()
    for extraction in extractions:
        writer.writerows(attribution_rows(extraction))


def write_parquet(extractions: Iterable[Extraction], path: str) -> None:
    import pyarrow as pa  # heavy; only this format needs it
    import pyarrow.parquet as pq

    rows = [row for extraction in extractions for row in attribution_rows(extraction)]
    table = (
        pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.string()) for c in ATTRIBUTION_COLUMNS})
    )
    pq.write_table(table, path)


def plover_records(extraction: Extraction) -> Iterator[dict[str, Any]]:
    """Events in the PLOVER JSON layout (as in the PLOVER gold-standard records: ``source`` and
    ``target`` actors with ``actorText``, ``code`` and ``sector``), with newsgraph's evidence and
    claim fields added: who reports the event and who contests it."""

    def actors(found: Iterable[Actor]) -> list[dict[str, str | None]]:
        return [{"actorText": a.name, "code": a.country, "sector": a.sector} for a in found]

    def speaker(index: int | None) -> str | None:
        if index is None:
            return None
        attribution = extraction.attributions[index]
        if attribution.speaker:
            return attribution.speaker.name
        return attribution.source.text if attribution.source else None

    for number, event in enumerate(extraction.events, start=1):
        yield {
            "id": f"{extraction.doc_id}-{number}",
            "date": event.date.value if event.date else extraction.date,
            "dateSource": event.date.source if event.date else "article",
            "event": event.event,
            "mode": event.mode or "",
            "context": event.context or "",
            "source": actors(event.actor),
            "target": actors(event.recipient),
            "eventText": event.trigger.text,
            "eventLoc": {"placeText": event.location} if event.location else {},
            "text": event.evidence.text,
            "evidence": {"doc_id": extraction.doc_id, "start": event.evidence.start, "end": event.evidence.end},
            "negated": event.negated,
            "future": event.future,
            "hypothetical": event.hypothetical,
            "reportedBy": speaker(event.attribution),
            "contestedBy": [speaker(i) for i in event.contested_by],
            "publication": extraction.publisher or "",
            "language": "en",
            "coder": extraction.pipeline,
        }


def write_plover(extractions: Iterable[Extraction], out: IO[str]) -> None:
    for extraction in extractions:
        for record in plover_records(extraction):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
