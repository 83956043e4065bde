"""Score attribution extraction against PolNeAR gold annotations.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates every attribution in
US political news as a *source* span (who), a *cue* span (the verb or marker,
e.g. ``said``, ``according to``, ``:``) and a *content* span (what), in brat
standoff: ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``.

:func:`~newsgraph.evaluate.polnear_gold.read_gold` turns such a directory into
:class:`~newsgraph.evaluate.polnear_gold.GoldDocument` records holding
:class:`~newsgraph.records.Attribution` records, :func:`score` compares predicted
attributions with them and :func:`evaluate` runs an extractor over the gold
articles and scores it. Every metric is defined in the docstring of :class:`Report`.

Spans are compared through their *tokens*: the article text is split with the
regular expression ``\\w+|[^\\w\\s]`` and a span's tokens are the word (``\\w+``)
tokens it overlaps by at least one character, or, when it overlaps no word, the
punctuation tokens it overlaps (PolNeAR has cues that are a bare ``:`` or ``—``).
Tokens are identified by their position in the article, so ``said`` in one
sentence never matches ``said`` in another; whitespace and punctuation at the
edges of a span do not matter, and neither does a span edge that cuts a word.
The tokens of a discontinuous content are the union of its fragments' tokens.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.evaluate.polnear_gold import GoldDocument, content_kind, read_gold
from newsgraph.records import Article, Attribution, Span

_Tokens = frozenset[int]

ROLES = ("source", "cue", "content")
_PRONOUNS = frozenset(
    {
        "i",
        "me",
        "you",
        "he",
        "him",
        "she",
        "her",
        "it",
        "we",
        "us",
        "they",
        "them",
        "who",
        "this",
        "that",
        "these",
        "those",
        "one",
    }
)
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w")
_ISO_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


# ------------------------------------------------------------------------ scores


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision ``hits / predicted``, recall ``hits / gold``, F1 their harmonic mean.

    Each ratio is 0.0 when its denominator is 0 (so an empty prediction scores 0.0).
    """

    hits: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.hits + other.hits,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "hits": self.hits,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass(frozen=True, slots=True)
class Accuracy:
    """``correct / total``, 0.0 when ``total`` is 0."""

    correct: int
    total: int

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    def as_dict(self) -> dict[str, float | int]:
        return {"accuracy": self.value, "correct": self.correct, "total": self.total}


@dataclass(frozen=True, slots=True)
class RoleScores:
    """Span scores of one role (source, cue or content); see :class:`Report`."""

    exact: PRF
    overlap: PRF

    def __add__(self, other: RoleScores) -> RoleScores:
        return RoleScores(self.exact + other.exact, self.overlap + other.overlap)

    def as_dict(self) -> dict[str, dict[str, float | int]]:
        return {"exact": self.exact.as_dict(), "overlap": self.overlap.as_dict()}


@dataclass(frozen=True, slots=True)
class Report:
    """Attribution extraction scores, micro-averaged over the documents.

    Tokens are defined in the module docstring; a role's tokens are those of its
    span (for content: the union over its fragments); a missing role has no tokens.

    Per role (``source``, ``cue``, ``content``), the items of a document are the
    distinct non-empty token sets of that role over its attributions (a source
    shared by three attributions is one item):

    * ``exact``: a predicted item is a hit when a gold item has exactly the same
      tokens. ``hits`` counts them; precision is over predicted items, recall over
      gold items.
    * ``overlap``: per document, the union of the role's predicted tokens and of its
      gold tokens; ``hits`` is the size of their intersection, ``predicted`` and
      ``gold`` their sizes: precision = overlapping / predicted tokens, recall =
      overlapping / gold tokens.

    Per attribution, predicted and gold attributions of a document are matched one
    to one, greedily by decreasing number of shared content tokens (ties: the pair
    with fewer differing tokens first), pairs sharing no token never matched:

    * ``content_partial``: ``hits`` = matched pairs, precision over predicted
      attributions, recall over gold attributions.
    * ``source_accuracy``: among matched pairs, the share whose sources have the
      same tokens (two missing sources agree).
    * ``source_and_content``: matched pairs whose contents and sources both have
      exactly the same tokens; precision over predicted, recall over gold
      attributions.
    * ``direct_quote``: gold attributions restricted to direct quotes (content
      begins and ends with a quote mark, see :func:`content_kind`), predicted ones
      to ``kind == "direct"``; the two restricted sets are matched as above and a
      hit is a matched pair whose sources have the same tokens, or whose gold source
      is a single pronoun and whose predicted source is that same pronoun (anywhere
      in the text, case-insensitive).
    """

    documents: int
    gold_attributions: int
    predicted_attributions: int
    source: RoleScores
    cue: RoleScores
    content: RoleScores
    content_partial: PRF
    source_accuracy: Accuracy
    source_and_content: PRF
    direct_quote: PRF

    def __add__(self, other: Report) -> Report:
        return Report(
            self.documents + other.documents,
            self.gold_attributions + other.gold_attributions,
            self.predicted_attributions + other.predicted_attributions,
            self.source + other.source,
            self.cue + other.cue,
            self.content + other.content,
            self.content_partial + other.content_partial,
            self.source_accuracy + other.source_accuracy,
            self.source_and_content + other.source_and_content,
            self.direct_quote + other.direct_quote,
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe nested dict: counts, and each metric's ratios with their counts."""
        return {
            "documents": self.documents,
            "gold_attributions": self.gold_attributions,
            "predicted_attributions": self.predicted_attributions,
            "source": self.source.as_dict(),
            "cue": self.cue.as_dict(),
            "content": self.content.as_dict(),
            "content_partial": self.content_partial.as_dict(),
            "source_accuracy": self.source_accuracy.as_dict(),
            "source_and_content": self.source_and_content.as_dict(),
            "direct_quote": self.direct_quote.as_dict(),
        }

    def table(self) -> str:
        """A plain-text table of every metric with its counts."""
        rows: list[tuple[str, PRF]] = []
        for role in ROLES:
            scores: RoleScores = getattr(self, role)
            rows.append((f"{role} exact", scores.exact))
            rows.append((f"{role} token overlap", scores.overlap))
        rows.append(("attribution content partial", self.content_partial))
        rows.append(("attribution source+content exact", self.source_and_content))
        rows.append(("direct quote with source", self.direct_quote))
        header = f"{'metric':<34}{'P':>7}{'R':>7}{'F1':>7}{'hits':>8}{'pred':>8}{'gold':>8}"
        title = (
            f"{self.documents} documents, {self.gold_attributions} gold and "
            f"{self.predicted_attributions} predicted attributions"
        )
        lines = [title, header, "-" * len(header)]
        lines += [
            f"{name:<34}{prf.precision:>7.3f}{prf.recall:>7.3f}{prf.f1:>7.3f}"
            f"{prf.hits:>8}{prf.predicted:>8}{prf.gold:>8}"
            for name, prf in rows
        ]
        accuracy = self.source_accuracy
        lines.append(f"{'source accuracy on matched':<34}{accuracy.value:>7.3f}  ({accuracy.correct}/{accuracy.total})")
        return "\n".join(lines)


_NONE = PRF(0, 0, 0)
_EMPTY_REPORT = Report(
    documents=0,
    gold_attributions=0,
    predicted_attributions=0,
    source=RoleScores(_NONE, _NONE),
    cue=RoleScores(_NONE, _NONE),
    content=RoleScores(_NONE, _NONE),
    content_partial=_NONE,
    source_accuracy=Accuracy(0, 0),
    source_and_content=_NONE,
    direct_quote=_NONE,
)


class _Tokenized:
    """Token offsets of one article, to turn spans into token index sets."""

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(_TOKEN.finditer(text))
        self.starts = [match.start() for match in matches]
        self.ends = [match.end() for match in matches]
        self.words = [bool(_WORD.match(match.group())) for match in matches]

    def tokens(self, spans: Iterable[Span | None]) -> _Tokens:
        """Indices of the word tokens the spans overlap, else of their punctuation."""
        touched: set[int] = set()
        for span in spans:
            if span is not None:
                touched.update(
                    range(
                        bisect_right(self.ends, span.start),
                        bisect_left(self.starts, span.end),
                    )
                )
        words = frozenset(index for index in touched if self.words[index])
        return words or frozenset(touched)

    def words_of(self, tokens: _Tokens) -> tuple[str, ...]:
        """The lower-cased token strings, in text order."""
        return tuple(self.text[self.starts[i] : self.ends[i]].lower() for i in sorted(tokens))


@dataclass(frozen=True, slots=True)
class _Roles:
    """The token sets of one attribution's roles."""

    source: _Tokens
    cue: _Tokens
    content: _Tokens


def score(gold_docs: Sequence[GoldDocument], predicted: Mapping[str, Sequence[Attribution]]) -> Report:
    """Score ``predicted`` attributions (by doc id) against ``gold_docs``.

    A gold document absent from ``predicted`` has no predicted attribution. Raises
    ``ValueError`` for a ``doc_id`` of ``predicted`` that is not a gold document or a
    predicted span whose ``text`` is not the article text at its offsets.
    """
    unknown = set(predicted) - {doc.doc_id for doc in gold_docs}
    if unknown:
        raise ValueError(f"predictions for documents not in the gold set: {sorted(unknown)}")
    reports = (_score_document(doc, predicted.get(doc.doc_id, ())) for doc in gold_docs)
    return sum(reports, start=_EMPTY_REPORT)


def _score_document(doc: GoldDocument, predicted: Sequence[Attribution]) -> Report:
    tokenized = _Tokenized(doc.text)
    for attribution in predicted:
        _check_offsets(doc, attribution)
    gold = [_roles(tokenized, attribution) for attribution in doc.attributions]
    pred = [_roles(tokenized, attribution) for attribution in predicted]
    role_scores = [_role_scores([getattr(g, role) for g in gold], [getattr(p, role) for p in pred]) for role in ROLES]
    pairs = _match([g.content for g in gold], [p.content for p in pred])
    same_source = sum(gold[i].source == pred[j].source for i, j in pairs)
    both_exact = sum(gold[i].source == pred[j].source and gold[i].content == pred[j].content for i, j in pairs)
    gold_direct = [i for i, a in enumerate(doc.attributions) if content_kind(a.content) == "direct"]
    pred_direct = [j for j, a in enumerate(predicted) if a.kind == "direct"]
    direct_pairs = _match([gold[i].content for i in gold_direct], [pred[j].content for j in pred_direct])
    direct_hits = sum(
        _same_speaker(tokenized, gold[gold_direct[a]].source, pred[pred_direct[b]].source) for a, b in direct_pairs
    )
    return Report(
        documents=1,
        gold_attributions=len(gold),
        predicted_attributions=len(pred),
        source=role_scores[0],
        cue=role_scores[1],
        content=role_scores[2],
        content_partial=PRF(len(pairs), len(pred), len(gold)),
        source_accuracy=Accuracy(same_source, len(pairs)),
        source_and_content=PRF(both_exact, len(pred), len(gold)),
        direct_quote=PRF(direct_hits, len(pred_direct), len(gold_direct)),
    )


def _check_offsets(doc: GoldDocument, attribution: Attribution) -> None:
    for span in (attribution.source, attribution.cue, *attribution.content):
        if span is not None and doc.text[span.start : span.end] != span.text:
            raise ValueError(
                f"{doc.doc_id}: predicted span {span.start}-{span.end} {span.text!r} is not the text at its offsets"
            )


def _roles(tokenized: _Tokenized, attribution: Attribution) -> _Roles:
    return _Roles(
        source=tokenized.tokens([attribution.source]),
        cue=tokenized.tokens([attribution.cue]),
        content=tokenized.tokens(attribution.content),
    )


def _role_scores(gold: Sequence[_Tokens], pred: Sequence[_Tokens]) -> RoleScores:
    gold_items = {tokens for tokens in gold if tokens}
    pred_items = {tokens for tokens in pred if tokens}
    gold_tokens = frozenset().union(*gold_items)
    pred_tokens = frozenset().union(*pred_items)
    return RoleScores(
        exact=PRF(len(gold_items & pred_items), len(pred_items), len(gold_items)),
        overlap=PRF(len(gold_tokens & pred_tokens), len(pred_tokens), len(gold_tokens)),
    )


def _match(gold: Sequence[_Tokens], pred: Sequence[_Tokens]) -> list[tuple[int, int]]:
    """One-to-one greedy matching by decreasing shared tokens; pairs share a token."""
    candidates = sorted(
        (-len(g & p), len(g ^ p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if g & p
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return pairs


def _same_speaker(tokenized: _Tokenized, gold: _Tokens, pred: _Tokens) -> bool:
    """Same source tokens, or the same pronoun (a gold source of one pronoun word)."""
    if gold == pred:
        return True
    words = tokenized.words_of(gold)
    return len(words) == 1 and words[0] in _PRONOUNS and tokenized.words_of(pred) == words


# -------------------------------------------------------------------- evaluation


def read_metadata(path: str | Path) -> dict[str, dict[str, str | None]]:
    """The rows of a PolNeAR ``metadata.tsv`` by doc id, with None for "None"."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {
            row["filename"]: {key: None if value == "None" else value for key, value in row.items()} for row in rows
        }


def to_article(doc: GoldDocument, metadata: Mapping[str, Mapping[str, str | None]]) -> Article:
    """The :class:`Article` an extractor sees for ``doc``.

    Date, title, publisher and author come from the document's ``metadata`` row; a
    document without one gets its date (and publisher) from its file name,
    ``publisher_YYYY-MM-DD_slug``.
    """
    row = metadata.get(doc.doc_id)
    if row is None:
        found = _ISO_DATE.search(doc.doc_id)
        return Article(
            doc_id=doc.doc_id,
            text=doc.text,
            date=found.group(1) if found else None,
            publisher=doc.doc_id.split("_", 1)[0] if found else None,
            path=doc.path,
        )
    return Article(
        doc_id=doc.doc_id,
        text=doc.text,
        date=row.get("publication_date"),
        title=row.get("title"),
        publisher=row.get("publisher"),
        author=row.get("author"),
        path=doc.path,
    )


def split_metadata(gold_dir: str | Path) -> dict[str, dict[str, str | None]]:
    """The ``metadata.tsv`` in ``gold_dir`` or in its parent (PolNeAR keeps one file beside its
    ``train`` and ``dev`` folders), or nothing when there is none."""
    root = Path(gold_dir)
    tables = [path for path in (root / "metadata.tsv", root.parent / "metadata.tsv") if path.is_file()]
    return read_metadata(tables[0]) if tables else {}


def read_articles(gold_dir: str | Path) -> list[Article]:
    """The articles of a PolNeAR-style split as an extractor sees them, with their metadata."""
    metadata = split_metadata(gold_dir)
    return [to_article(doc, metadata) for doc in read_gold(gold_dir)]


def evaluate(gold_dir: str | Path, extract: Callable[[Article], Sequence[Attribution]]) -> Report:
    """Run ``extract`` on every article of ``gold_dir`` and :func:`score` its output."""
    docs = read_gold(gold_dir)
    metadata = split_metadata(gold_dir)
    return score(docs, {doc.doc_id: extract(to_article(doc, metadata)) for doc in docs})
