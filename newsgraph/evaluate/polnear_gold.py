"""Read PolNeAR gold annotations: brat standoff (``text/NAME.txt`` and
``attributions/NAME_ANNOTATOR.ann``) to :class:`GoldDocument` records holding
:class:`~newsgraph.records.Attribution` records, and the kind (direct, mixed, indirect)
of a content as the gold's quote marks make it. ``polnear`` scores against them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgraph.records import Attribution, AttributionKind, Span

#: Characters that open or close a quotation. PolNeAR texts use straight and
#: typographic quotes, single quotes in headlines and, in NYT articles, ``''``.
QUOTE_MARKS = frozenset("\"\u201c\u201d\u201e\u201f\u00ab\u00bb'\u2018\u2019\u201a\u201b`")
_DOUBLE_QUOTE = re.compile("[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]|''|``")
_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_TRIGGERS = ("Attribution", "Attribution-no-source")


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One annotated article: ``attributions`` hold spans into ``text``."""

    doc_id: str  # file stem of ``text/NAME.txt``
    text: str
    attributions: tuple[Attribution, ...]
    annotator: str  # the ANNOTATOR suffix of the .ann file that was read
    path: str  # the text file


def content_kind(content: Sequence[Span]) -> AttributionKind:
    """``"direct"``, ``"mixed"`` or ``"indirect"``, from the quote marks of ``content``.

    The content is *direct* when, after stripping whitespace and punctuation other
    than quote marks from its two ends, it begins and ends with a quote mark (single
    or double, see :data:`QUOTE_MARKS`), e.g. ``“We will win,”`` or, for a quote split
    by ``he said``, the fragments ``“We will win,”`` and ``“Believe me.”``. It is
    *mixed* when it is not direct but contains a double quote mark (a partial quote:
    ``that the plan was “a disaster”``), else *indirect*.
    """
    if not content:
        return "indirect"
    first = _strip_to_quote(content[0].text)
    last = _strip_to_quote(content[-1].text)
    if first and last and first[0] in QUOTE_MARKS and last[-1] in QUOTE_MARKS:
        return "direct"
    if any(_DOUBLE_QUOTE.search(span.text) for span in content):
        return "mixed"
    return "indirect"


def _strip_to_quote(fragment: str) -> str:
    """``fragment`` without whitespace and non-quote punctuation at either end."""
    start, end = 0, len(fragment)
    while start < end and not _keeps(fragment[start]):
        start += 1
    while end > start and not _keeps(fragment[end - 1]):
        end -= 1
    return fragment[start:end]


def _keeps(char: str) -> bool:
    return char in QUOTE_MARKS or char.isalnum()


def parse_brat(ann: str, text: str) -> tuple[Attribution, ...]:
    """The attributions of one PolNeAR ``.ann`` file over ``text``.

    ``T`` lines give typed spans (``Source``, ``Cue``, ``Content``; ``Attribution``
    triggers, ``Discuss`` and ``Discard`` are not roles); ``E`` lines link one
    attribution's roles, possibly to ``T`` lines further down. Spans are built from
    the offsets, never from the text column (one file has a text column broken over
    a line break). Conventions:

    * ``E`` lines sharing an ``Attribution`` (or ``Attribution-no-source``) trigger
      describe the same attribution and are merged (PolNeAR has a few duplicates,
      some with only the trigger).
    * A missing role is ``None`` (source, cue) or ``()`` (content); an ``E`` line
      with no role at all is dropped.
    * ``Content`` and ``Content2`` arguments are pooled: the content is all their
      fragments (``start end;start end``), sorted and de-duplicated.
    * A discontinuous source or cue (10 sources and 1 cue in train, none in dev) is
      read as the one span from its first start to its last end.
    * ``kind`` is :func:`content_kind` of the content.
    * Attributions are sorted by the first offset of any of their spans.
    """
    fragments: dict[str, list[tuple[int, int]]] = {}
    events: dict[str, dict[str, list[str]]] = {}
    for line in ann.splitlines():
        if t_line := _T_LINE.match(line):
            offsets = t_line.group(3).split(";")
            fragments[t_line.group(1)] = [_pair(offset) for offset in offsets]
        elif e_line := _E_LINE.match(line):
            arguments = [argument.split(":", 1) for argument in e_line.group(2).split()]
            trigger = next((ref for role, ref in arguments if role in _TRIGGERS), e_line.group(1))
            roles = events.setdefault(trigger, {})
            for role, ref in arguments:
                refs = roles.setdefault(role.rstrip("0123456789").lower(), [])
                if ref not in refs:
                    refs.append(ref)
    attributions = []
    for roles in events.values():
        source = _covering_span(text, roles.get("source", ()), fragments)
        cue = _covering_span(text, roles.get("cue", ()), fragments)
        pieces = {piece for ref in roles.get("content", ()) for piece in fragments.get(ref, ())}
        content = tuple(Span.of(text, start, end) for start, end in sorted(pieces))
        if source or cue or content:
            attributions.append(Attribution(source, cue, content, kind=content_kind(content)))
    return tuple(sorted(attributions, key=_first_offset))


def _first_offset(attribution: Attribution) -> int:
    spans = (attribution.source, attribution.cue, *attribution.content)
    return min(span.start for span in spans if span is not None)


def _pair(offset: str) -> tuple[int, int]:
    start, end = offset.split()
    return int(start), int(end)


def _covering_span(text: str, refs: Iterable[str], fragments: Mapping[str, list[tuple[int, int]]]) -> Span | None:
    """From the first start to the last end of the first known ``T`` in ``refs``."""
    pieces = next((fragments[ref] for ref in refs if ref in fragments), None)
    if pieces is None:
        return None
    return Span.of(text, min(start for start, _ in pieces), max(end for _, end in pieces))


def read_gold(directory: str | Path) -> list[GoldDocument]:
    """The gold documents of a PolNeAR-style split, sorted by ``doc_id``.

    ``directory`` holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``.
    Every ``NAME`` with at least one ``.ann`` file is read; when several annotators
    annotated it, the first ``.ann`` file in sorted order is used. Texts are read as
    UTF-8 without newline translation, so brat offsets index them directly.
    """
    root = Path(directory)
    annotations: dict[str, Path] = {}
    for ann_path in sorted((root / "attributions").glob("*.ann")):
        annotations.setdefault(ann_path.stem.rsplit("_", 1)[0], ann_path)
    documents = []
    for doc_id, ann_path in sorted(annotations.items()):
        text_path = root / "text" / f"{doc_id}.txt"
        text = _read(text_path)
        documents.append(
            GoldDocument(
                doc_id=doc_id,
                text=text,
                attributions=parse_brat(_read(ann_path), text),
                annotator=ann_path.stem.rsplit("_", 1)[1],
                path=str(text_path),
            )
        )
    return documents


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()
