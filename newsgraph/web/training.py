"""Corrected extractions as training data: Label Studio tasks and brat standoff.

Both carry each attribution's source, cue and content spans (content pieces as they are,
discontinuous ones included), the relations between them, its kind and its speaker.
Offsets are Python string indices into the article text, as everywhere in newsgraph.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from newsgraph.records import Attribution, Extraction, Span

#: brat's annotation.conf for the exported files.
BRAT_CONF = """[entities]
Source
Cue
Content

[relations]
Source\tArg1:Cue|Content, Arg2:Source
Content\tArg1:Cue, Arg2:Content

[events]

[attributes]
Kind\tArg:Content, Value:direct|indirect|mixed|belief|intention
"""
_UNSAFE_NAME = re.compile(r"[^\w.-]+")


def label_studio_tasks(extractions: Iterable[Extraction]) -> list[dict[str, Any]]:
    """One Label Studio task per article, its attributions as one annotation of labelled
    spans (Source, Cue, Content) with relations from the cue (or the content) to the others."""
    return [
        {
            "data": {"text": e.text, "doc_id": e.doc_id, "date": e.date, "publisher": e.publisher},
            "annotations": [{"result": list(_label_studio_results(e)), "ground_truth": True}],
        }
        for e in extractions
    ]


def _label_studio_results(extraction: Extraction) -> Iterator[dict[str, Any]]:
    for i, attribution in enumerate(extraction.attributions):
        ids: dict[str, list[str]] = {"Source": [], "Cue": [], "Content": []}
        for label, span in _labelled_spans(attribution):
            region = f"a{i}-{label.lower()}-{len(ids[label])}"
            ids[label].append(region)
            yield {
                "id": region,
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [label]},
                "meta": {"text": [f"{attribution.kind}; {_speaker_note(attribution)}"]},
            }
        hub = ids["Cue"][:1] or ids["Content"][:1]
        for target in ids["Source"] + ids["Content"]:
            if hub and target != hub[0]:
                yield {"from_id": hub[0], "to_id": target, "type": "relation", "direction": "right", "labels": []}


def brat_files(extraction: Extraction) -> tuple[str, str]:
    """The ``.txt`` and ``.ann`` of an article in brat standoff. A span over line breaks is
    cut into fragments, as brat wants; a content's pieces are one discontinuous annotation."""
    lines: list[str] = []
    counter = {"T": 0, "R": 0, "A": 0, "#": 0}

    def next_id(kind: str) -> str:
        counter[kind] += 1
        return f"{kind}{counter[kind]}"

    def entity(label: str, spans: Iterable[Span]) -> str:
        fragments = [f for span in spans for f in _fragments(extraction.text, span)]
        ident = next_id("T")
        offsets = ";".join(f"{start} {end}" for start, end in fragments)
        lines.append(f"{ident}\t{label} {offsets}\t{' '.join(extraction.text[s:e] for s, e in fragments)}")
        return ident

    for attribution in extraction.attributions:
        if not attribution.content:
            continue
        content = entity("Content", attribution.content)
        cue = entity("Cue", [attribution.cue]) if attribution.cue else None
        if cue is not None:
            lines.append(f"{next_id('R')}\tContent Arg1:{cue} Arg2:{content}")
        lines.append(f"{next_id('A')}\tKind {content} {attribution.kind}")
        if attribution.source is not None:
            source = entity("Source", [attribution.source])
            lines.append(f"{next_id('R')}\tSource Arg1:{cue or content} Arg2:{source}")
            lines.append(f"{next_id('#')}\tAnnotatorNotes {source}\t{_speaker_note(attribution)}")
    return extraction.text, "".join(line + "\n" for line in lines)


def brat_zip(extractions: Iterable[Extraction]) -> bytes:
    """A zip of ``annotation.conf`` and a ``.txt`` and ``.ann`` per article."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("annotation.conf", BRAT_CONF)
        for extraction in extractions:
            text, ann = brat_files(extraction)
            name = _UNSAFE_NAME.sub("_", extraction.doc_id).strip("._") or "article"
            archive.writestr(f"{name}.txt", text)
            archive.writestr(f"{name}.ann", ann)
    return buffer.getvalue()


def _labelled_spans(attribution: Attribution) -> Iterator[tuple[str, Span]]:
    if attribution.source is not None:
        yield "Source", attribution.source
    if attribution.cue is not None:
        yield "Cue", attribution.cue
    for span in attribution.content:
        yield "Content", span


def _speaker_note(attribution: Attribution) -> str:
    speaker = attribution.speaker
    if speaker is None:
        return "speaker: unresolved"
    return f"speaker: {speaker.name} ({speaker.id}); {speaker.reason}".replace("\n", " ").replace("\t", " ")


def _fragments(text: str, span: Span) -> Iterator[tuple[int, int]]:
    """The non-empty pieces of ``span`` between line breaks, without surrounding blanks."""
    start = span.start
    for piece in re.split(r"(\n+)", text[span.start : span.end]):
        end = start + len(piece)
        if "\n" not in piece:
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                yield start + lead, start + lead + len(stripped)
        start = end
