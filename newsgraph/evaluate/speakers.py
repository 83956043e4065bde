"""Score speaker resolution against hand labels (``tests/data/speakers``).

Two measures, after the usual practice of quote attribution and coreference work:

- **Speaker accuracy** (as the Gender Gap Tracker and Muzny et al. 2017 report it): each gold
  attribution is matched to the extracted attribution whose content overlaps it most (one to one);
  of the matched ones, the share whose speaker is the labelled one, by the form of the source
  (name, pronoun, description, continuation, organisation, unnamed).
- **Grouping** across articles: B-cubed precision, recall and F1 (Bagga and Baldwin 1998) of the
  entities that labelled name mentions were linked to, against the labelled persons.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.records import Article, Attribution, Speaker
from newsgraph.resolve.entities import bare_key, name_key, name_parts

FORMS = ("name", "pronoun", "description", "continuation", "organisation", "unnamed", "other")
UNNAMED, GROUP, NONE = "unnamed: ", "group: ", "none: "
# Words that say nothing of who an unnamed source is.
_FILLER = frozenset("a an the of for to in at on and or with by from who that his her their its our".split())


@dataclass(frozen=True, slots=True)
class GoldSpeaker:
    """One labelled attribution: where its content is, how its source refers, who said it."""

    doc_id: str
    n: int
    content: tuple[int, int]
    form: str
    speaker: str
    source_text: str | None = None


def read_speaker_gold(path: str | Path) -> dict[str, list[GoldSpeaker]]:
    """The labels of a ``.jsonl`` file or of every ``.jsonl`` file in a directory, by doc id."""
    root = Path(path)
    files = sorted(root.glob("*.jsonl")) if root.is_dir() else [root]
    gold: dict[str, list[GoldSpeaker]] = defaultdict(list)
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("form") not in FORMS or not row.get("speaker"):
                raise ValueError(f"{file}:{number}: a label needs a form of {FORMS} and a speaker")
            start, end = row["content"]
            gold[row["doc_id"]].append(
                GoldSpeaker(row["doc_id"], row["n"], (start, end), row["form"], row["speaker"], row.get("source_text"))
            )
    return dict(gold)


def same_name(predicted: str, gold: str) -> bool:
    """Whether two names are one: equal once titles, case and accents go ("Mrs. Clinton" is not
    "Hillary Clinton"), or equal but for a middle name or initial ("Donald J. Trump")."""
    if name_key(predicted) == name_key(gold) or bare_key(predicted) == bare_key(gold):
        return True
    mine, theirs = name_parts(predicted), name_parts(gold)
    shorter, longer = sorted((mine, theirs), key=len)
    return len(shorter) >= 2 and (shorter[0], shorter[-1]) == (longer[0], longer[-1])


def _words(text: str) -> set[str]:
    return {word for word in name_parts(text) if word not in _FILLER}


def speaker_right(predicted: Speaker | None, gold: str) -> bool:
    """Whether ``predicted`` is the labelled speaker ``gold`` (a name, ``unnamed: ...``,
    ``group: A; B`` or ``none: ...``)."""
    if gold.startswith(NONE):
        return predicted is None
    if predicted is None:
        return False
    if gold.startswith(UNNAMED):
        # An unnamed source is right as a description of the same kind: "sources", "a source".
        described = {w.rstrip("s") for w in _words(gold.removeprefix(UNNAMED))}
        return (
            predicted.type == "GROUP"
            and not predicted.members
            and bool(described & {w.rstrip("s") for w in _words(predicted.name)})
        )
    if gold.startswith(GROUP):
        # "group: RT; unnamed: RT's defenders": the named members are what a resolver can find
        wanted = [name.strip() for name in gold.removeprefix(GROUP).split(";") if not name.strip().startswith(UNNAMED)]
        members = predicted.members or ()
        return len(members) == len(wanted) and all(any(same_name(m, w) for m in members) for w in wanted)
    return not predicted.members and same_name(predicted.name, gold)


@dataclass
class FormScore:
    right: int = 0
    matched: int = 0
    gold: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.matched if self.matched else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"accuracy": round(self.accuracy, 4), "right": self.right, "matched": self.matched, "gold": self.gold}


@dataclass
class SpeakerReport:
    by_form: dict[str, FormScore] = field(default_factory=lambda: {form: FormScore() for form in FORMS})
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def overall(self) -> FormScore:
        total = FormScore()
        for score in self.by_form.values():
            total.right += score.right
            total.matched += score.matched
            total.gold += score.gold
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "by_form": {form: score.as_dict() for form, score in self.by_form.items() if score.gold},
        }

    def table(self) -> str:
        lines = [f"{'form':<14}{'accuracy':>9}{'right':>7}{'matched':>9}{'gold':>6}"]
        rows = [*((form, s) for form, s in self.by_form.items() if s.gold), ("overall", self.overall)]
        for form, s in rows:
            lines.append(f"{form:<14}{s.accuracy:>9.3f}{s.right:>7}{s.matched:>9}{s.gold:>6}")
        return "\n".join(lines)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _extent(attribution: Attribution) -> tuple[int, int]:
    spans = attribution.content or tuple(s for s in (attribution.cue, attribution.source) if s)
    return (spans[0].start, spans[-1].end) if spans else (0, 0)


def match(gold: Sequence[GoldSpeaker], predicted: Sequence[Attribution]) -> dict[int, Attribution]:
    """Gold index -> the extracted attribution whose content overlaps it most, one to one, the
    largest overlaps first."""
    pairs = sorted(
        (-_overlap(g.content, _extent(p)), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
    )
    taken_gold: set[int] = set()
    taken_pred: set[int] = set()
    found: dict[int, Attribution] = {}
    for negative, gi, pi in pairs:
        if negative >= 0:
            break
        if gi not in taken_gold and pi not in taken_pred:
            taken_gold.add(gi)
            taken_pred.add(pi)
            found[gi] = predicted[pi]
    return found


def score_speakers(
    gold: Mapping[str, Sequence[GoldSpeaker]], predicted: Mapping[str, Sequence[Attribution]]
) -> SpeakerReport:
    report = SpeakerReport()
    for doc_id, labels in sorted(gold.items()):
        found = match(labels, predicted.get(doc_id, ()))
        for index, label in enumerate(labels):
            score = report.by_form[label.form]
            score.gold += 1
            attribution = found.get(index)
            if attribution is None:
                continue
            score.matched += 1
            if speaker_right(attribution.speaker, label.speaker):
                score.right += 1
            else:
                report.errors.append(
                    {
                        "doc_id": doc_id,
                        "n": label.n,
                        "form": label.form,
                        "source": label.source_text,
                        "gold": label.speaker,
                        "predicted": attribution.speaker.name if attribution.speaker else None,
                        "reason": attribution.speaker.reason if attribution.speaker else None,
                    }
                )
    return report


def evaluate_speakers(
    gold_path: str | Path, articles: Iterable[Article], extract: Callable[[Article], Sequence[Attribution]]
) -> SpeakerReport:
    """Run ``extract`` on the labelled ``articles`` and score their speakers."""
    gold = read_speaker_gold(gold_path)
    return score_speakers(gold, {a.doc_id: extract(a) for a in articles if a.doc_id in gold})


# ------------------------------------------------------------------ grouping


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A name in an article, and the person (or body) it denotes."""

    doc_id: str
    start: int
    end: int
    text: str
    person: str


def read_grouping_gold(path: str | Path) -> list[GoldMention]:
    rows = (json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip())
    return [GoldMention(r["doc_id"], r["start"], r["end"], r["text"], r["person"]) for r in rows]


@dataclass(frozen=True, slots=True)
class BCubed:
    precision: float
    recall: float
    items: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "items": self.items,
        }


def b_cubed(gold: Mapping[Any, str], system: Mapping[Any, str]) -> BCubed:
    """B-cubed over the items of ``gold``: an item the system did not link is a cluster of its own."""
    items = list(gold)
    if not items:
        return BCubed(0.0, 0.0, 0)
    cluster = {item: system.get(item, f"unlinked:{index}") for index, item in enumerate(items)}
    pair_counts = Counter((gold[i], cluster[i]) for i in items)
    gold_sizes, system_sizes = Counter(gold[i] for i in items), Counter(cluster[i] for i in items)
    precision = sum(pair_counts[gold[i], cluster[i]] / system_sizes[cluster[i]] for i in items) / len(items)
    recall = sum(pair_counts[gold[i], cluster[i]] / gold_sizes[gold[i]] for i in items) / len(items)
    return BCubed(precision, recall, len(items))


def score_grouping(gold: Sequence[GoldMention], linked: Mapping[tuple[str, int, int], str]) -> BCubed:
    """B-cubed of ``linked`` ((doc id, start, end) -> entity id) against the labelled persons;
    mentions labelled "not an entity" are left out (they should link to nothing)."""
    persons = {(m.doc_id, m.start, m.end): m.person for m in gold if not m.person.startswith("not an entity")}
    return b_cubed(persons, linked)
